//! Paragraph layout in steps: prepare (bidi levels, items, shaping), break (segments measured exactly,
//! total fit), finalise (each line's glyph runs, justified, in visual order).
//!
//! Shaping is done once per item of the paragraph. A line's glyphs are a slice of that shaping when the
//! shaper says breaking there is safe; otherwise (Amiri kerns a word against the one before it, for
//! example) the line's part of the item is shaped again on its own, so every line equals what HarfBuzz
//! gives for the line's text. Widths used by the line breaker are measured the same way, so a line is
//! never wider than the measure.
//!
//! Why items and not a cache of words: with Amiri, shaping a word apart from its neighbours differs from
//! shaping the paragraph (a word-initial kaf after teh marbuta is kerned), and `rustybuzz` marks nearly
//! every word start unsafe to concatenate; a word cache would be wrong or would reshape nearly everything.
//! Repeated paragraphs (titles, running heads) reuse whole layouts through [`super::cache::LayoutCache`].

use std::collections::HashMap;
use std::ops::Range;

use unicode_bidi::{BidiInfo, Level};
use unicode_segmentation::UnicodeSegmentation;

use super::breaking::{self, LineFit, Params, Segment};
use super::fonts::{FaceId, Fonts};
use super::itemize::{itemize, Item, StyleSpan};
use super::justify;
use super::kashida::{self, Opportunity};
use super::shape::{shape, RunScript, ShapeSpec, ShapedGlyph};
use crate::config::Direction;

/// How lines are filled to the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Justify {
    /// Kashida first (Arabic words), then inter-word space.
    Kashida,
    /// Inter-word space only.
    Spaces,
    /// Ragged: lines keep their natural width.
    None,
}

/// Which line breaker to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Breaker {
    TotalFit,
    Greedy,
}

/// Layout settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Line width in points.
    pub measure: f32,
    pub justify: Justify,
    pub breaker: Breaker,
    /// BCP 47 language of the text, for shaping.
    pub language: String,
}

/// A paragraph to lay out: its text, the style of every byte of it, and its base direction
/// (`None`: from its first strong character).
#[derive(Debug, Clone)]
pub struct Paragraph<'t> {
    pub text: &'t str,
    pub styles: Vec<StyleSpan>,
    pub direction: Option<Direction>,
}

impl<'t> Paragraph<'t> {
    /// A paragraph in one face and size, its direction from its first strong character.
    pub fn plain(text: &'t str, face: FaceId, size: f32) -> Self {
        Paragraph {
            text,
            styles: vec![StyleSpan {
                range: 0..text.len(),
                face,
                size,
                rise: 0.0,
            }],
            direction: None,
        }
    }
}

impl Options {
    /// Total-fit breaking of `language` text at `measure` points.
    pub fn new(measure: f32, justify: Justify, language: &str) -> Self {
        Options {
            measure,
            justify,
            breaker: Breaker::TotalFit,
            language: language.to_string(),
        }
    }
}

/// A positioned glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Index of the glyph's first character in its run's [`GlyphRun::shaped_text`].
    pub cluster: u32,
    /// Advance and offsets in font units, as the shaper gave them.
    pub x_advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    /// Points added to the advance by justification (negative: overlap).
    pub extra: f32,
    /// The paragraph bytes this glyph's cluster stands for (empty for an inserted tatweel).
    pub text: Range<usize>,
    /// A tatweel inserted by justification.
    pub inserted: bool,
}

/// Glyphs of one face, size and direction, in visual order (left to right).
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub face: FaceId,
    pub size: f32,
    /// Baseline shift in points, up.
    pub rise: f32,
    /// Points per font unit.
    pub scale: f32,
    pub rtl: bool,
    /// Bidi embedding level.
    pub level: u8,
    pub script: RunScript,
    /// The characters given to the shaper (the author's text plus inserted tatweels).
    pub shaped_text: String,
    /// Text around the run that joining depended on (when a line ends inside a word).
    pub context: (String, String),
    pub glyphs: Vec<Glyph>,
}

impl GlyphRun {
    pub fn width(&self) -> f32 {
        self.glyphs
            .iter()
            .map(|g| g.x_advance as f32 * self.scale + g.extra)
            .sum()
    }
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Runs in visual order, left to right.
    pub runs: Vec<GlyphRun>,
    /// The paragraph bytes of the line, without the white space at its end.
    pub range: Range<usize>,
    /// Width before justification and after it, in points.
    pub natural_width: f32,
    pub width: f32,
    /// Ascent and descent of the line box in points: the faces' own, grown to hold every glyph's ink
    /// (stacked marks rise above Amiri's ascent); the largest line gap of the line's faces.
    pub ascent: f32,
    pub descent: f32,
    pub line_gap: f32,
    /// The paragraph's last line (or the last before a hard break): not justified.
    pub last: bool,
    /// Tatweels inserted.
    pub kashidas: usize,
    /// The adjustment ratio the breaker chose this line with (0 natural, 1 fully stretched).
    pub ratio: f32,
}

/// A laid-out paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub lines: Vec<Line>,
    /// The paragraph's base direction.
    pub rtl: bool,
    /// Characters (byte offset, char) that no face covers.
    pub missing: Vec<(usize, char)>,
}

/// Elongation allowed per word (tatweels) and per line (em). One tatweel per word: Amiri draws two or
/// more adjacent tatweels as one long kashida glyph, which text extractors and checkers cannot tell from
/// an author's tatweels; the rest of a line's slack goes to its spaces.
pub const KASHIDA_PER_WORD: usize = 1;
pub const KASHIDA_PER_LINE_EM: f32 = 4.0;

/// The shaping and measurements of one paragraph, shared by breaking and finalising.
pub(super) struct Prepared<'a, 'f> {
    pub fonts: &'a Fonts<'f>,
    pub text: &'a str,
    pub opts: &'a Options,
    pub chars: Vec<(usize, char)>,
    pub items: Vec<Item>,
    item_of: Vec<usize>,
    shaped: Vec<Vec<ShapedGlyph>>,
    /// Advance of every character in points (a ligature's advance counts for its first character).
    prefix: Vec<f32>,
    /// Is a shaping cut before character i safe?
    safe: Vec<bool>,
    pub segments: Vec<Segment>,
    /// Segments in character indices: (start, content end, end).
    pub seg_chars: Vec<(usize, usize, usize)>,
    pub kashida: Vec<Option<Opportunity>>,
    /// Running totals: advance of white space up to each character, kashida capacity up to each segment.
    space_prefix: Vec<f32>,
    kashida_prefix: Vec<f32>,
    memo: HashMap<(usize, usize, bool, bool), f32>,
}

impl<'a, 'f> Prepared<'a, 'f> {
    fn new(
        fonts: &'a Fonts<'f>,
        para: &'a Paragraph,
        opts: &'a Options,
        bidi: &BidiInfo,
    ) -> (Self, Vec<(usize, char)>) {
        let text = para.text;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let levels: Vec<u8> = chars
            .iter()
            .map(|&(b, _)| bidi.levels[b].number())
            .collect();
        let default_script = if crate::locale::is_arabic(&opts.language) {
            RunScript::Arabic
        } else {
            RunScript::Latin
        };
        let (items, missing) = itemize(fonts, &chars, &levels, &para.styles, default_script);
        let mut item_of = vec![0; chars.len()];
        let mut shaped = Vec::with_capacity(items.len());
        let mut adv = vec![0.0f32; chars.len()];
        let mut cluster_start = vec![false; chars.len()];
        let mut unsafe_start = vec![false; chars.len()];
        for (k, it) in items.iter().enumerate() {
            item_of[it.chars.clone()].iter_mut().for_each(|x| *x = k);
            let spec = spec_for(it, &opts.language, "", "");
            let glyphs = shape(
                fonts,
                &spec,
                it.chars.clone().map(|i| (chars[i].1, 2 * i as u32)),
            );
            let scale = fonts.scale(it.face, it.size);
            for g in &glyphs {
                let i = (g.cluster / 2) as usize;
                adv[i] += g.x_advance as f32 * scale;
                cluster_start[i] = true;
                unsafe_start[i] |= g.unsafe_to_break;
            }
            shaped.push(glyphs);
        }
        let mut prefix = vec![0.0; chars.len() + 1];
        for i in 0..chars.len() {
            prefix[i + 1] = prefix[i] + adv[i];
        }
        let safe = (0..=chars.len())
            .map(|i| {
                i == 0
                    || i == chars.len()
                    || item_of[i - 1] != item_of[i]
                    || (cluster_start[i] && !unsafe_start[i])
            })
            .collect();
        let mut p = Prepared {
            fonts,
            text,
            opts,
            chars,
            items,
            item_of,
            shaped,
            prefix,
            safe,
            segments: Vec::new(),
            seg_chars: Vec::new(),
            kashida: Vec::new(),
            space_prefix: Vec::new(),
            kashida_prefix: Vec::new(),
            memo: HashMap::new(),
        };
        p.segment();
        (p, missing)
    }

    fn char_index(&self, byte: usize) -> usize {
        self.chars.partition_point(|&(b, _)| b < byte)
    }

    /// Break opportunities, with words wider than the measure split between graphemes as a last resort.
    fn segment(&mut self) {
        let mut segments = Vec::new();
        for seg in breaking::segments(self.text) {
            let (s, c) = (
                self.char_index(seg.range.start),
                self.char_index(seg.content_end),
            );
            if self.prefix[c] - self.prefix[s] <= self.opts.measure {
                segments.push(seg);
                continue;
            }
            // Each piece takes as many graphemes as fit, measured as the line will be set (shaped
            // with the rest of the word around it). The item's own shaping gives an estimate; only
            // the piece's end is shaped again, so a long run costs time in proportion to its length.
            let content = &self.text[seg.range.start..seg.content_end];
            let ends: Vec<usize> = content
                .grapheme_indices(true)
                .map(|(off, g)| seg.range.start + off + g.len())
                .collect();
            let measure = self.opts.measure;
            let mut piece_start = seg.range.start;
            let mut k = 0;
            while k < ends.len() {
                let a = self.char_index(piece_start);
                let before = piece_start > seg.range.start;
                let exact = |this: &mut Self, j: usize| {
                    let b = this.char_index(ends[j]);
                    this.width(a, b, before, ends[j] < seg.content_end)
                };
                let mut j = k;
                while j + 1 < ends.len()
                    && self.prefix[self.char_index(ends[j + 1])] - self.prefix[a] <= measure
                {
                    j += 1;
                }
                while j > k && exact(self, j) > measure {
                    j -= 1;
                }
                while j + 1 < ends.len() && exact(self, j + 1) <= measure {
                    j += 1;
                }
                if j + 1 == ends.len() {
                    break;
                }
                segments.push(Segment {
                    range: piece_start..ends[j],
                    content_end: ends[j],
                    mandatory: false,
                    in_word: true,
                });
                piece_start = ends[j];
                k = j + 1;
            }
            segments.push(Segment {
                range: piece_start..seg.range.end,
                ..seg
            });
        }
        self.seg_chars = segments
            .iter()
            .map(|s| {
                (
                    self.char_index(s.range.start),
                    self.char_index(s.content_end),
                    self.char_index(s.range.end),
                )
            })
            .collect();
        self.kashida = self
            .seg_chars
            .iter()
            .map(|&(s, c, _)| {
                let arabic = s < c
                    && self.items[self.item_of[s]].script == RunScript::Arabic
                    && self.item_of[s] == self.item_of[c - 1]
                    && self
                        .fonts
                        .face(self.items[self.item_of[s]].face)
                        .tatweel
                        .is_some();
                if arabic {
                    kashida::best(&self.chars, s..c)
                } else {
                    None
                }
            })
            .collect();
        self.segments = segments;
        let mut space = vec![0.0; self.chars.len() + 1];
        for i in 0..self.chars.len() {
            let adv = if self.chars[i].1.is_whitespace() {
                self.prefix[i + 1] - self.prefix[i]
            } else {
                0.0
            };
            space[i + 1] = space[i] + adv;
        }
        self.space_prefix = space;
        let mut cap = vec![0.0; self.segments.len() + 1];
        for s in 0..self.segments.len() {
            let c = if self.kashida[s].is_some() {
                let it = &self.items[self.item_of[self.seg_chars[s].0]];
                self.tatweel_width(it.face, it.size) * KASHIDA_PER_WORD as f32
            } else {
                0.0
            };
            cap[s + 1] = cap[s] + c;
        }
        self.kashida_prefix = cap;
    }

    /// Context for shaping a cut inside a word: the rest of the word on either side, as far as a shaper
    /// looks ([`CONTEXT`] characters; the whole rest would make a long word's breaking quadratic).
    fn context(&self, start: usize, end: usize, before: bool, after: bool) -> (String, String) {
        let item = |i: usize| self.item_of[i];
        let b = if before && start > 0 {
            let k = item(start);
            (self.items[k].chars.start.max(start.saturating_sub(CONTEXT))..start)
                .map(|i| self.chars[i].1)
                .collect()
        } else {
            String::new()
        };
        let a = if after && end < self.chars.len() {
            let k = item(end - 1);
            (end..self.items[k].chars.end.min(end + CONTEXT))
                .map(|i| self.chars[i].1)
                .collect()
        } else {
            String::new()
        };
        (b, a)
    }

    /// The exact natural width of characters `a..b` set as one line.
    pub fn width(&mut self, a: usize, b: usize, in_word_before: bool, in_word_after: bool) -> f32 {
        if a >= b {
            return 0.0;
        }
        if self.safe[a] && self.safe[b] && !in_word_before && !in_word_after {
            return self.prefix[b] - self.prefix[a];
        }
        if let Some(&w) = self.memo.get(&(a, b, in_word_before, in_word_after)) {
            return w;
        }
        let w = self
            .portions(a, b, in_word_before, in_word_after, &HashMap::new())
            .iter()
            .map(GlyphRun::width)
            .sum();
        self.memo.insert((a, b, in_word_before, in_word_after), w);
        w
    }

    /// The glyph runs of characters `a..b` in logical order: slices of the item shaping where cuts are
    /// safe, shaped again otherwise. `tatweels` maps a character index to the tatweels inserted before it.
    pub fn portions(
        &self,
        a: usize,
        b: usize,
        in_word_before: bool,
        in_word_after: bool,
        tatweels: &HashMap<usize, usize>,
    ) -> Vec<GlyphRun> {
        let mut runs = Vec::new();
        let mut start = a;
        while start < b {
            let k = self.item_of[start];
            let it = &self.items[k];
            let end = it.chars.end.min(b);
            let cut_start = start != it.chars.start;
            let cut_end = end != it.chars.end;
            let inserted = (start..end).any(|i| tatweels.contains_key(&i));
            let ctx_before = cut_start && in_word_before && start == a;
            let ctx_after = cut_end && in_word_after && end == b;
            let reshape = inserted
                || ctx_before
                || ctx_after
                || (cut_start && !self.safe[start])
                || (cut_end && !self.safe[end]);
            let (before, after) = self.context(start, end, ctx_before, ctx_after);
            let mut shaped_chars: Vec<(char, u32)> = Vec::with_capacity(end - start);
            for i in start..end {
                for _ in 0..tatweels.get(&i).copied().unwrap_or(0) {
                    shaped_chars.push(('\u{0640}', 2 * i as u32 - 1));
                }
                shaped_chars.push((self.chars[i].1, 2 * i as u32));
            }
            let glyphs: Vec<ShapedGlyph> = if reshape {
                let spec = spec_for(it, &self.opts.language, &before, &after);
                shape(self.fonts, &spec, shaped_chars.iter().copied())
            } else {
                cluster_slice(&self.shaped[k], 2 * start as u32, 2 * end as u32)
            };
            runs.push(self.glyph_run(it, &shaped_chars, &glyphs, end, (before, after)));
            start = end;
        }
        runs
    }

    fn glyph_run(
        &self,
        it: &Item,
        shaped_chars: &[(char, u32)],
        glyphs: &[ShapedGlyph],
        end: usize,
        context: (String, String),
    ) -> GlyphRun {
        // Source extent of each cluster: from its first character to the next cluster's.
        let mut starts: Vec<u32> = glyphs
            .iter()
            .map(|g| g.cluster)
            .filter(|c| c % 2 == 0)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let byte = |i: usize| self.chars.get(i).map_or(self.text.len(), |&(b, _)| b);
        let position = |cluster: u32| {
            shaped_chars
                .iter()
                .position(|&(_, c)| c == cluster)
                .unwrap_or(0) as u32
        };
        let glyphs = glyphs
            .iter()
            .map(|g| {
                let inserted = g.cluster % 2 == 1;
                let text = if inserted {
                    let at = byte(g.cluster.div_ceil(2) as usize);
                    at..at
                } else {
                    let i = (g.cluster / 2) as usize;
                    let next = starts
                        .iter()
                        .find(|&&c| c > g.cluster)
                        .map_or(end, |&c| (c / 2) as usize);
                    byte(i)..byte(next)
                };
                Glyph {
                    id: g.id,
                    cluster: position(g.cluster),
                    x_advance: g.x_advance,
                    x_offset: g.x_offset,
                    y_offset: g.y_offset,
                    extra: 0.0,
                    text,
                    inserted,
                }
            })
            .collect();
        GlyphRun {
            face: it.face,
            size: it.size,
            rise: it.rise,
            scale: self.fonts.scale(it.face, it.size),
            rtl: it.rtl(),
            level: it.level,
            script: it.script,
            shaped_text: shaped_chars.iter().map(|&(c, _)| c).collect(),
            context,
            glyphs,
        }
    }

    /// Stretch and shrink of the line made of segments `a..b`.
    pub fn fit(&mut self, a: usize, b: usize) -> LineFit {
        let (start, _, _) = self.seg_chars[a];
        let (_, content_end, _) = self.seg_chars[b - 1];
        let in_before = a > 0 && self.segments[a - 1].in_word;
        let in_after = self.segments[b - 1].in_word;
        let width = self.width(start, content_end, in_before, in_after);
        let space = self.space_prefix[content_end] - self.space_prefix[start];
        let mut stretch = space * 0.5;
        let shrink = space / 3.0;
        if self.opts.justify == Justify::None {
            // Ragged lines: any underfull line is fine, none may overflow.
            return LineFit {
                width,
                stretch: self.opts.measure,
                shrink: 0.0,
            };
        }
        if self.opts.justify == Justify::Kashida {
            let kashida = self.kashida_prefix[b] - self.kashida_prefix[a];
            let cap = KASHIDA_PER_LINE_EM * self.items.first().map_or(12.0, |it| it.size);
            stretch += kashida.min(cap);
        }
        LineFit {
            width,
            stretch,
            shrink,
        }
    }

    /// The advance of one tatweel in points.
    pub fn tatweel_width(&self, face: FaceId, size: f32) -> f32 {
        let f = self.fonts.face(face);
        f.tatweel
            .map(|g| {
                f.shaper
                    .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g))
                    .unwrap_or(0) as f32
                    * self.fonts.scale(face, size)
            })
            .unwrap_or(0.0)
    }
}

/// How many characters of context a shaper reads on either side of a run (HarfBuzz's and rustybuzz's
/// `CONTEXT_LENGTH` is 5).
const CONTEXT: usize = 8;

/// The glyphs of `glyphs` (one item's shaping, clusters monotone: rising left to right, or falling in a
/// right-to-left run) whose cluster is in `lo..hi`, found by binary search.
fn cluster_slice(glyphs: &[ShapedGlyph], lo: u32, hi: u32) -> Vec<ShapedGlyph> {
    let falling = glyphs
        .first()
        .zip(glyphs.last())
        .is_some_and(|(f, l)| f.cluster > l.cluster);
    let (s, e) = if falling {
        (
            glyphs.partition_point(|g| g.cluster >= hi),
            glyphs.partition_point(|g| g.cluster >= lo),
        )
    } else {
        (
            glyphs.partition_point(|g| g.cluster < lo),
            glyphs.partition_point(|g| g.cluster < hi),
        )
    };
    glyphs[s..e.max(s)]
        .iter()
        .filter(|g| g.cluster >= lo && g.cluster < hi)
        .copied()
        .collect()
}

fn spec_for<'s>(it: &Item, language: &'s str, before: &'s str, after: &'s str) -> ShapeSpec<'s> {
    ShapeSpec {
        face: it.face,
        rtl: it.rtl(),
        script: it.script,
        language,
        before,
        after,
    }
}

/// Lays out one paragraph.
pub fn layout(fonts: &Fonts, para: &Paragraph, opts: &Options) -> Layout {
    let base = para.direction.map(|d| match d {
        Direction::Rtl => Level::rtl(),
        Direction::Ltr => Level::ltr(),
    });
    let bidi = BidiInfo::new(para.text, base);
    let rtl = bidi.paragraphs.first().is_some_and(|p| p.level.is_rtl())
        || (para.text.is_empty() && base == Some(Level::rtl()));
    let (mut p, missing) = Prepared::new(fonts, para, opts, &bidi);
    let n = p.segments.len();
    let segments = p.segments.clone();
    let starts = {
        let mut fit = |a: usize, b: usize| p.fit(a, b);
        match opts.breaker {
            Breaker::TotalFit => {
                breaking::total_fit(&segments, &Params::new(opts.measure), &mut fit)
            }
            Breaker::Greedy => breaking::greedy(&segments, opts.measure, &mut fit),
        }
    };
    let mut lines = Vec::with_capacity(starts.len());
    for (k, &a) in starts.iter().enumerate() {
        let b = starts.get(k + 1).copied().unwrap_or(n);
        let last = b == n || p.segments[b - 1].mandatory;
        let fit = p.fit(a, b);
        let ratio = if last { 0.0 } else { fit.ratio(opts.measure) };
        lines.push(justify::finalize(&mut p, a, b, last, ratio));
    }
    Layout {
        lines,
        rtl,
        missing,
    }
}

/// Puts the runs of a line in visual order (UAX #9 rule L2) from their embedding levels.
pub(super) fn visual_order(runs: Vec<GlyphRun>, levels: &[u8]) -> Vec<GlyphRun> {
    let levels: Vec<Level> = levels
        .iter()
        .map(|&l| Level::new(l).unwrap_or(Level::ltr()))
        .collect();
    let order = BidiInfo::reorder_visual(&levels);
    let mut slots: Vec<Option<GlyphRun>> = runs.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::shape::SHAPED_CHARS;

    /// Work for a run with no break opportunity grows with its length: every piece's end is shaped
    /// again with a few characters of context, not every grapheme with the rest of the run.
    #[test]
    fn a_long_unbreakable_run_costs_shaping_in_proportion_to_its_length() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        for (run, graphemes) in [("1234567890", 10), ("مرحبابكمفيالعالم", 16)] {
            let text = run.repeat(20_000 / graphemes);
            let para = Paragraph::plain(&text, FaceId::Regular, 11.0);
            let opts = Options::new(300.0, Justify::Kashida, "ar");
            SHAPED_CHARS.with(|n| n.set(0));
            let out = layout(&fonts, &para, &opts);
            let shaped = SHAPED_CHARS.with(|n| n.get());
            assert!(out.lines.len() > 100, "{} lines", out.lines.len());
            assert!(
                out.lines.iter().all(|l| l.natural_width <= 300.0 + 0.01),
                "every piece fits the measure"
            );
            let n = text.chars().count();
            assert!(
                shaped <= 12 * n,
                "{shaped} characters shaped for a run of {n}"
            );
        }
    }
}
