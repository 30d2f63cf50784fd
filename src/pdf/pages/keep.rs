//! Keeping a heading with what follows it: the height of the lines a block must open with on the
//! page it starts on (a paragraph's first two lines, three of three, or all of one or two, as the
//! widow and orphan rules place them), with room for the notes they are the first to reference.

use super::Composer;
use crate::model::{Block, Direction, Inline};
use crate::text::Justify;

impl Composer<'_, '_> {
    /// The height of the lines `take` chooses of `inlines` set at `size` (`take` is given how many
    /// there are), `inset` in from the start side, with room under them for the notes they are the
    /// first to reference (estimated: a note's first line and, on a page with no note yet, the
    /// separator). `under_a_line`: the first line stands a whole line's pitch under the line before.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text_height(
        &mut self,
        inlines: &[Inline],
        size: f32,
        inset: f32,
        justify: bool,
        dir: Option<Direction>,
        take: fn(usize) -> usize,
        under_a_line: bool,
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
        let lines = &layout.lines[..take(layout.lines.len()).min(layout.lines.len())];
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            return 0.0;
        };
        let top = if under_a_line {
            first.ascent.max(self.cfg.line_height * size)
        } else {
            first.ascent
        };
        let even = self.even(&layout.lines, size);
        let mut h = top + even * (lines.len() - 1) as f32 + last.descent;
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

    /// The height of what a block must set on the page it starts on, under a heading: a paragraph's
    /// first lines (two, or three of three, or all of one or two: a page never ends on its first line
    /// alone nor starts the next with its last), two lines of anything else.
    pub(super) fn lead_height(&mut self, next: Option<&Block>, indent: f32, size: f32) -> f32 {
        match next {
            Some(Block::Paragraph { content, dir, .. }) => {
                let take = |n: usize| if n == 3 { 3 } else { n.min(2) };
                self.text_height(content, size, indent, true, *dir, take, true)
            }
            Some(Block::Heading { .. }) | None => 0.0,
            Some(_) => self.cfg.line_height * size * 2.0,
        }
    }
}
