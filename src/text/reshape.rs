//! The glyphs of a stretch of a paragraph set as one line: slices of the item shaping where the shaper
//! says a cut is safe, and windows shaped again where it is not.
//!
//! A line that starts or ends at a cut the item shaping marks unsafe (Amiri kerns a word against the one
//! before it; a line ending inside a word takes the word's letters as context), or that has tatweels
//! inserted, differs from a slice of the item shaping near those places only. As HarfBuzz advises for
//! line breaking, only the window from such a place to the nearest safe cut is shaped again; the rest is
//! sliced. Each window is shaped once per build ([`super::shape::shape_shared`]: the breaker asks for the
//! same line ends many times, and a book sets the same word with a tatweel again and again). A test holds
//! the result to reshaping the whole piece, glyph for glyph.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::itemize::Item;
use super::prepare::{Prepared, CONTEXT};
use super::shape::{shape_shared, ShapedGlyph};
use super::types::{Glyph, GlyphRun};

/// A stretch of a line that is shaped again ([`Prepared::windows`]); the flags say whether it takes
/// the word's letters beyond the line's end as context.
#[derive(Debug, Clone, PartialEq)]
struct Window {
    start: usize,
    end: usize,
    ctx_before: bool,
    ctx_after: bool,
}

/// A line's share of one item: item `k`, characters `start..end`, and whether its ends take the
/// word's letters beyond the line as context (a line that starts or ends inside a word).
struct Piece {
    k: usize,
    start: usize,
    end: usize,
    ctx_before: bool,
    ctx_after: bool,
}

impl Prepared<'_, '_> {
    /// Characters `a..b` set as one line, item by item.
    fn pieces(
        &self,
        a: usize,
        b: usize,
        in_word_before: bool,
        in_word_after: bool,
    ) -> impl Iterator<Item = Piece> + '_ {
        let mut start = a;
        std::iter::from_fn(move || {
            if start >= b {
                return None;
            }
            let k = self.item_of[start];
            let item = &self.items[k].chars;
            let end = item.end.min(b);
            let piece = Piece {
                k,
                start,
                end,
                ctx_before: start != item.start && in_word_before && start == a,
                ctx_after: end != item.end && in_word_after && end == b,
            };
            start = end;
            Some(piece)
        })
    }

    /// Characters `range` as the shaper gets them, with `tatweels` put in: cluster values twice the
    /// character index, and one less for a tatweel inserted before it.
    fn with_tatweels(
        &self,
        range: std::ops::Range<usize>,
        tatweels: &HashMap<usize, usize>,
    ) -> Vec<(char, u32)> {
        let mut chars = Vec::with_capacity(range.len());
        for i in range {
            for _ in 0..tatweels.get(&i).copied().unwrap_or(0) {
                chars.push(('\u{0640}', 2 * i as u32 - 1));
            }
            chars.push((self.chars[i].1, 2 * i as u32));
        }
        chars
    }

    /// The exact natural width of characters `a..b` set as one line: the item shaping's advances, with
    /// the windows at the line's ends that must be shaped again ([`Prepared::windows`]) put in.
    pub fn width(&mut self, a: usize, b: usize, in_word_before: bool, in_word_after: bool) -> f32 {
        if a >= b {
            return 0.0;
        }
        let mut w = self.prefix[b] - self.prefix[a];
        let none = HashMap::default();
        for p in self.pieces(a, b, in_word_before, in_word_after) {
            let scale = self.fonts.scale(self.items[p.k].face, self.items[p.k].size);
            let mut add = |win: &Window| {
                let shaped: i32 = self
                    .window(&p, win, &none)
                    .iter()
                    .map(|g| g.x_advance)
                    .sum();
                w += shaped as f32 * scale - (self.prefix[win.end] - self.prefix[win.start]);
            };
            // The breaker asks for many lines: with no tatweels a piece has a window at each end at
            // most, taken as they are unless they meet (then [`Prepared::windows`] merges them).
            match (self.start_window(&p), self.end_window(&p)) {
                (Some(s), Some(e)) if e.start < s.end => {
                    self.windows(&p, &none).iter().for_each(&mut add)
                }
                (s, e) => s.iter().chain(e.iter()).for_each(&mut add),
            }
        }
        w
    }

    /// The parts of piece `p` that slicing the item's shaping cannot give and that are shaped again:
    /// from a cut the shaper marked unsafe (or one inside a word, which takes the word's letters as
    /// context) to the nearest safe cut inside the piece, and around every inserted tatweel from the
    /// safe cut before it to the one after. HarfBuzz's advice for line breaking: between safe cuts, the
    /// item's glyphs are what shaping the piece alone gives.
    fn windows(&self, p: &Piece, tatweels: &HashMap<usize, usize>) -> Vec<Window> {
        let Piece { start, end, .. } = *p;
        let mut wins: Vec<Window> = Vec::new();
        wins.extend(self.start_window(p));
        let mut marked: Vec<usize> = tatweels
            .keys()
            .copied()
            .filter(|&i| i >= start && i < end)
            .collect();
        marked.sort_unstable();
        for i in marked {
            let from = if i > start {
                self.prev_safe(p, i - 1)
            } else {
                start
            };
            wins.push(Window {
                start: from,
                end: self.next_safe(p, i + 1),
                ctx_before: false,
                ctx_after: false,
            });
        }
        wins.extend(self.end_window(p));
        // Merge windows that overlap; the in-word context goes with the window at the line's end.
        wins.sort_by_key(|w| w.start);
        let mut merged: Vec<Window> = Vec::with_capacity(wins.len());
        for w in wins {
            match merged.last_mut() {
                Some(m) if w.start < m.end => {
                    m.end = m.end.max(w.end);
                    m.ctx_before |= w.ctx_before;
                    m.ctx_after |= w.ctx_after;
                }
                _ => merged.push(w),
            }
        }
        for m in &mut merged {
            m.ctx_before &= m.start == start;
            m.ctx_after &= m.end == end;
        }
        merged
    }

    /// The first safe cut of piece `p` from `from` on (its end when there is none).
    fn next_safe(&self, p: &Piece, from: usize) -> usize {
        (from..p.end).find(|&j| self.safe[j]).unwrap_or(p.end)
    }

    /// The last safe cut of piece `p` after its start and up to `to` (its start when there is none).
    fn prev_safe(&self, p: &Piece, to: usize) -> usize {
        (p.start + 1..=to)
            .rev()
            .find(|&j| self.safe[j])
            .unwrap_or(p.start)
    }

    /// The window at the start of piece `p`: from a cut inside its item that is unsafe or inside a
    /// word to the next safe cut.
    fn start_window(&self, p: &Piece) -> Option<Window> {
        let cut = p.start != self.items[p.k].chars.start;
        (cut && (p.ctx_before || !self.safe[p.start])).then(|| Window {
            start: p.start,
            end: self.next_safe(p, p.start + 1),
            ctx_before: p.ctx_before,
            ctx_after: false,
        })
    }

    /// The window at the end of piece `p`: from the last safe cut to a cut inside its item that is
    /// unsafe or inside a word.
    fn end_window(&self, p: &Piece) -> Option<Window> {
        let cut = p.end != self.items[p.k].chars.end;
        (cut && (p.ctx_after || !self.safe[p.end])).then(|| Window {
            start: self.prev_safe(p, p.end - 1),
            end: p.end,
            ctx_before: false,
            ctx_after: p.ctx_after,
        })
    }

    /// The window `win` of piece `p` shaped on its own, with tatweels, and with the letters around it
    /// as context: the rest of the word at a line end inside a word, the item's neighbouring characters
    /// at a safe cut, nothing at a line end between words.
    fn window(
        &self,
        p: &Piece,
        win: &Window,
        tatweels: &HashMap<usize, usize>,
    ) -> Arc<Vec<ShapedGlyph>> {
        let (k, start, end) = (p.k, p.start, p.end);
        let mut inserted: Vec<(usize, usize)> = tatweels
            .iter()
            .filter(|(&i, _)| i >= win.start && i < win.end)
            .map(|(&i, &n)| (i, n))
            .collect();
        inserted.sort_unstable();
        let key = (win.start, win.end, win.ctx_before, win.ctx_after, inserted);
        if let Some(g) = self.shaped_windows.borrow().get(&key) {
            return g.clone();
        }
        let it = &self.items[k];
        let (edge_before, edge_after) =
            self.context(win.start, win.end, win.ctx_before, win.ctx_after);
        let text = |r: std::ops::Range<usize>| r.map(|i| self.chars[i].1).collect::<String>();
        let before = if win.start == start {
            edge_before
        } else {
            text(it.chars.start.max(win.start.saturating_sub(CONTEXT))..win.start)
        };
        let after = if win.end == end {
            edge_after
        } else {
            text(win.end..it.chars.end.min(win.end + CONTEXT))
        };
        let chars = self.with_tatweels(win.start..win.end, tatweels);
        let spec = it.spec(&self.opts.language, &before, &after);
        // Cluster values from one below the window's first character's (a tatweel may go before it).
        let base = (2 * win.start as u32).saturating_sub(1);
        let glyphs = shape_shared(self.fonts, &spec, &chars, base);
        self.shaped_windows
            .borrow_mut()
            .insert(key.clone(), glyphs.clone());
        glyphs
    }

    /// The glyph runs of characters `a..b` in logical order: slices of the item shaping, with the
    /// windows that must be shaped again ([`Prepared::windows`]) shaped on their own. `tatweels` maps a
    /// character index to the tatweels inserted before it.
    pub fn portions(
        &self,
        a: usize,
        b: usize,
        in_word_before: bool,
        in_word_after: bool,
        tatweels: &HashMap<usize, usize>,
    ) -> Vec<GlyphRun> {
        let mut runs = Vec::new();
        for p in self.pieces(a, b, in_word_before, in_word_after) {
            let (k, start, end) = (p.k, p.start, p.end);
            let it = &self.items[k];
            let (before, after) = self.context(start, end, p.ctx_before, p.ctx_after);
            let shaped_chars = self.with_tatweels(start..end, tatweels);
            let wins = self.windows(&p, tatweels);
            // Logical parts: slices between windows, windows shaped again.
            let mut parts: Vec<Vec<ShapedGlyph>> = Vec::with_capacity(2 * wins.len() + 1);
            let mut at = start;
            for w in &wins {
                if at < w.start {
                    parts.push(cluster_slice(
                        &self.shaped[k],
                        2 * at as u32,
                        2 * w.start as u32,
                    ));
                }
                parts.push(self.window(&p, w, tatweels).to_vec());
                at = w.end;
            }
            if at < end {
                parts.push(cluster_slice(
                    &self.shaped[k],
                    2 * at as u32,
                    2 * end as u32,
                ));
            }
            // Glyphs come in visual order: a right-to-left run's parts go right to left.
            if it.rtl() {
                parts.reverse();
            }
            let glyphs: Vec<ShapedGlyph> = parts.concat();
            runs.push(self.glyph_run(it, &shaped_chars, &glyphs, end, (before, after)));
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
        // Cluster values rise along `shaped_chars` and along `starts`: binary searches.
        let position = |cluster: u32| {
            let i = shaped_chars.partition_point(|&(_, c)| c < cluster);
            if shaped_chars.get(i).is_some_and(|&(_, c)| c == cluster) {
                i as u32
            } else {
                0
            }
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
                        .get(starts.partition_point(|&c| c <= g.cluster))
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
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fonts::{FaceId, Fonts};
    use crate::text::shape::shape;
    use crate::text::types::{Justify, Options, Paragraph};
    use unicode_bidi::BidiInfo;

    /// A glyph as compared: id, advance, offsets.
    type Placed = (u16, i32, i32, i32);

    /// The pieces of a line shaped the slow, obvious way: each item's share reshaped whole whenever a
    /// cut or a tatweel touches it.
    fn reshaped_whole(
        p: &Prepared,
        a: usize,
        b: usize,
        before: bool,
        after: bool,
        t: &HashMap<usize, usize>,
    ) -> Vec<Vec<Placed>> {
        let mut out = Vec::new();
        let mut start = a;
        while start < b {
            let k = p.item_of[start];
            let it = &p.items[k];
            let end = it.chars.end.min(b);
            let (cs, ce) = (start != it.chars.start, end != it.chars.end);
            let (xb, xa) = (cs && before && start == a, ce && after && end == b);
            let reshape = (start..end).any(|i| t.contains_key(&i))
                || xb
                || xa
                || (cs && !p.safe[start])
                || (ce && !p.safe[end]);
            let glyphs = if reshape {
                let (bc, ac) = p.context(start, end, xb, xa);
                let mut chars = Vec::new();
                for i in start..end {
                    for _ in 0..t.get(&i).copied().unwrap_or(0) {
                        chars.push(('\u{0640}', 2 * i as u32 - 1));
                    }
                    chars.push((p.chars[i].1, 2 * i as u32));
                }
                shape(p.fonts, &it.spec("ar", &bc, &ac), chars)
            } else {
                cluster_slice(&p.shaped[k], 2 * start as u32, 2 * end as u32)
            };
            out.push(
                glyphs
                    .iter()
                    .map(|g| (g.id, g.x_advance, g.x_offset, g.y_offset))
                    .collect(),
            );
            start = end;
        }
        out
    }

    /// Shaping only the windows around unsafe cuts and tatweels gives the glyphs, positions and widths
    /// that shaping every touched piece whole gives: every line start and end the breaker may try in
    /// the sample's paragraphs (and cuts inside words), with and without a tatweel in each word.
    #[test]
    fn windows_shaped_again_equal_pieces_shaped_whole() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
        let mut texts: Vec<String> = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "md") {
                let md = std::fs::read_to_string(path).unwrap();
                texts.extend(
                    md.lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| l.trim_start_matches("# ").to_string()),
                );
            }
        }
        texts.push("كتب «Unicode 15.1» في عام ٢٠٢٣ ثم 2024، والمسافة 3.5 كم.".into());
        let opts = Options::new(298.0, Justify::Kashida, "ar");
        let (mut lines, mut reshaped) = (0, 0);
        for text in &texts {
            let para = Paragraph::plain(text, FaceId::REGULAR, 11.0);
            let bidi = BidiInfo::new_with_data_source(&crate::script::BidiData, text, None);
            let (mut p, _) = Prepared::new(&fonts, &para, &opts, &bidi);
            let n = p.segments.len();
            for a in (0..n).step_by(3) {
                for b in (a + 1..=n).step_by(4) {
                    let (s, _, _) = p.seg_chars[a];
                    let (_, c, _) = p.seg_chars[b - 1];
                    for (before, after) in [(false, false), (true, true)] {
                        let mut tatweels = HashMap::default();
                        if after {
                            for o in p.kashida[a..b].iter().flatten() {
                                tatweels.insert(o.before, 1);
                            }
                        }
                        let got: Vec<Vec<_>> = p
                            .portions(s, c, before, after, &tatweels)
                            .iter()
                            .map(|r| {
                                r.glyphs
                                    .iter()
                                    .map(|g| (g.id, g.x_advance, g.x_offset, g.y_offset))
                                    .collect()
                            })
                            .collect();
                        let want = reshaped_whole(&p, s, c, before, after, &tatweels);
                        assert_eq!(
                            got, want,
                            "{text:?} characters {s}..{c}, tatweels {tatweels:?}"
                        );
                        if tatweels.is_empty() {
                            let w: f32 = want.iter().flatten().map(|g| g.1 as f32).sum::<f32>()
                                * fonts.scale(FaceId::REGULAR, 11.0);
                            let width = p.width(s, c, before, after);
                            assert!(
                                (width - w).abs() < 0.01,
                                "{text:?} {s}..{c}: {width} against {w}"
                            );
                        }
                        lines += 1;
                        reshaped += usize::from(!p.safe[s] || !p.safe[c]);
                    }
                }
            }
        }
        assert!(
            lines > 5_000 && reshaped > 50,
            "{lines} lines, {reshaped} with an unsafe end"
        );
    }
}
