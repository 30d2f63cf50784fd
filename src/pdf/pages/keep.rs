//! Keeping a heading with what follows it: the height of the lines a block must open with on the
//! page it starts on (a paragraph's first two lines, three of three, or all of one or two, as the
//! widow and orphan rules place them), with room for the notes they are the first to reference.

use super::Composer;
use crate::model::{Block, Direction, Inline};
use crate::text::Justify;

impl Composer<'_, '_> {
    /// The height of the first `max` lines of `inlines` set at `size`, `inset` in from the start side,
    /// with room under them for the notes they are the first to reference (estimated: a note's first
    /// line and, on a page with no note yet, the separator).
    pub(super) fn text_height(
        &mut self,
        inlines: &[Inline],
        size: f32,
        inset: f32,
        justify: bool,
        max: usize,
        dir: Option<Direction>,
    ) -> f32 {
        let flat = self.flatten(inlines, size);
        if flat.text.trim().is_empty() {
            return 0.0;
        }
        let mode = if justify {
            self.justify()
        } else {
            Justify::None
        };
        let measure = self.geo.measure() - inset;
        let layout = self.set(&flat.text, flat.styles.clone(), measure, mode, dir);
        let lines = &layout.lines[..layout.lines.len().min(max)];
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            return 0.0;
        };
        let even = self.even(&layout.lines, size);
        let mut h = first.ascent + even * (lines.len() - 1) as f32 + last.descent;
        if self.notes_at_foot() {
            let end = last.range.end;
            let notes = flat.notes.iter().filter(|(r, _, _)| r.start < end).count();
            if notes > 0 {
                let nsize = self.note_size();
                let separator = if self.foot.height() == 0.0 {
                    super::foot::separator(self)
                } else {
                    0.0
                };
                h += separator + notes as f32 * self.cfg.line_height * nsize;
            }
        }
        h
    }

    /// The height of what a block must set on the page it starts on: a paragraph's first lines (two,
    /// or three of three, or all of one or two: a page never ends on its first line alone nor starts
    /// the next with its last), two lines of anything else.
    pub(super) fn lead_height(&mut self, next: Option<&Block>, indent: f32, size: f32) -> f32 {
        let two = self.cfg.line_height * size * 2.0;
        match next {
            Some(Block::Paragraph { content, dir, .. }) => {
                let flat = self.flatten(content, size);
                let n = {
                    let measure = self.geo.measure() - indent;
                    let mode = self.justify();
                    self.set(&flat.text, flat.styles.clone(), measure, mode, *dir)
                        .lines
                        .len()
                };
                let k = if n == 3 { 3 } else { n.min(2) };
                // Its first baseline a line's pitch under the heading's.
                let pitch = self.cfg.line_height * size;
                let first_ascent = self
                    .set(
                        &flat.text,
                        flat.styles.clone(),
                        self.geo.measure() - indent,
                        self.justify(),
                        *dir,
                    )
                    .lines
                    .first()
                    .map_or(0.0, |l| l.ascent);
                self.text_height(content, size, indent, true, k, *dir)
                    + (pitch - first_ascent).max(0.0)
            }
            Some(Block::Heading { .. }) | None => 0.0,
            Some(_) => two,
        }
    }
}
