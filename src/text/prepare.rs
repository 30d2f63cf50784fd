//! Preparing a paragraph for breaking: characters with their bidi levels, items (runs of one level,
//! face, size and script) each shaped once, every character's advance and whether a shaping cut before
//! it is safe, and the break opportunities (segments) with their kashida places. Breaking asks it for the
//! exact width of a candidate line (`Prepared::fit`), which slices the item shaping and shapes again
//! only the windows [`super::reshape`] finds.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::Arc;

use unicode_bidi::BidiInfo;
use unicode_segmentation::UnicodeSegmentation;

use super::breaking::{self, LineFit, Segment};
use super::fonts::{FaceId, Fonts};
use super::itemize::{itemize, Item};
use super::kashida::{self, Opportunity};
use super::shape::{RunScript, ShapedGlyph};
use super::types::{Justify, Options, Paragraph, KASHIDA_PER_LINE_EM, KASHIDA_PER_WORD};
use super::words::shape_run;

/// The shaping and measurements of one paragraph, shared by breaking and finalising.
pub(super) struct Prepared<'a, 'f> {
    pub fonts: &'a Fonts<'f>,
    pub text: &'a str,
    pub opts: &'a Options,
    pub chars: Vec<(usize, char)>,
    pub items: Vec<Item>,
    pub item_of: Vec<usize>,
    pub shaped: Vec<Vec<ShapedGlyph>>,
    /// Advance of every character in points (a ligature's advance counts for its first character).
    pub prefix: Vec<f32>,
    /// Is a shaping cut before character i safe?
    pub safe: Vec<bool>,
    pub segments: Vec<Segment>,
    /// Segments in character indices: (start, content end, end).
    pub seg_chars: Vec<(usize, usize, usize)>,
    pub kashida: Vec<Option<Opportunity>>,
    /// Running totals: advance of white space up to each character, kashida capacity up to each segment.
    space_prefix: Vec<f32>,
    kashida_prefix: Vec<f32>,
    /// Windows shaped again, by (start, end, context before, context after, tatweels inside).
    pub shaped_windows: RefCell<HashMap<WindowKey, Arc<Vec<ShapedGlyph>>>>,
}

/// A window shaped again: (start, end, context before, context after, tatweels inside).
pub(super) type WindowKey = (usize, usize, bool, bool, Vec<(usize, usize)>);

impl<'a, 'f> Prepared<'a, 'f> {
    pub fn new(
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
            let spec = it.spec(&opts.language, "", "");
            let run: Vec<(char, u32)> = it
                .chars
                .clone()
                .map(|i| (chars[i].1, 2 * i as u32))
                .collect();
            let glyphs = shape_run(fonts, &spec, &run);
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
            shaped_windows: RefCell::new(HashMap::default()),
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
    pub fn context(&self, start: usize, end: usize, before: bool, after: bool) -> (String, String) {
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
pub(super) const CONTEXT: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::layout::layout;
    use crate::text::shape::SHAPED_CHARS;

    /// Work for a run with no break opportunity grows with its length: every piece's end is shaped
    /// again with a few characters of context, not every grapheme with the rest of the run.
    #[test]
    fn a_long_unbreakable_run_costs_shaping_in_proportion_to_its_length() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        for (run, graphemes) in [("1234567890", 10), ("مرحبابكمفيالعالم", 16)] {
            let text = run.repeat(20_000 / graphemes);
            let para = Paragraph::plain(&text, FaceId::REGULAR, 11.0);
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
