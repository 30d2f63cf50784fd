//! Tables.
//!
//! Columns run in the book's direction (the first column on the right in a right-to-left book) and
//! are sized as a browser sizes an automatic table (CSS 2.1 §17.5.2.2), from what each column's cells
//! ask ([`crate::text::content_widths`]): its least width, the widest piece of a cell no line may break
//! (a word, a number, a date), and its natural width, its widest cell set on one line. A table whose
//! natural widths fit the measure takes them; otherwise every column gets its least width and the
//! room left is shared in proportion to what each column lacks of its natural width, so a column of
//! years keeps its years whole while a column of sentences wraps. When even the least widths do not fit,
//! the table is set tighter (less padding), then smaller, step by step, down to 80 % of the text size;
//! only a table that does not fit then has its words broken between letters, with a warning naming its
//! file and line. The header row counts as any other, and a table that continues on the next page keeps
//! its widths there. The table starts at the start edge of the text block. Rules in the book style: a
//! rule above the header row, a lighter one under it, a rule under the last row. The header row is
//! bold, and it is repeated at the top of every page a long table continues on; a row is never split
//! across pages. Cells follow their column's alignment from the Markdown (`:--`, `:-:`, `--:`), the
//! start side when it has none. Images are not drawn inside cells (a warning says so).
//!
//! The table is a `Table` element of rows `TR` of header cells `TH` (scope: column) and cells `TD`;
//! a header row repeated on a later page and the rules are artifacts.

use std::sync::Arc;

use super::styled;
use crate::model::{Align, Inline};
use crate::pdf::frame::{Artifact, Item, Role, Rule, Tag};
use crate::text::{Justify, Layout, Paragraph};

use super::Composer;

/// One laid-out cell: its text, its lines and each line's baseline below the row's top, and its
/// links and note references.
struct Cell {
    text: Arc<str>,
    layout: Arc<Layout>,
    baselines: Vec<f32>,
    links: Vec<styled::LinkSpan>,
    notes: Vec<styled::NoteSpan>,
}

/// One laid-out row.
struct Row {
    cells: Vec<Cell>,
    /// From the row's top to its bottom, in points.
    height: f32,
}

/// The settings a table is tried at, in order: the text size with the book's padding, then tighter,
/// then smaller (fractions of the text size: the type, the padding on each side of a cell).
const STEPS: [(f32, f32); 6] = [
    (1.0, 0.6),
    (1.0, 0.4),
    (0.95, 0.4),
    (0.9, 0.4),
    (0.85, 0.4),
    (0.8, 0.4),
];

/// The inner width of each column: natural widths when they fit `room`, else least widths with the
/// rest of `room` shared in proportion to what each lacks of its natural width; `None` when the least
/// widths do not fit.
pub(super) fn column_widths(least: &[f32], natural: &[f32], room: f32) -> Option<Vec<f32>> {
    let (sum_least, sum_natural): (f32, f32) = (least.iter().sum(), natural.iter().sum());
    if sum_natural <= room {
        return Some(natural.to_vec());
    }
    if sum_least > room {
        return None;
    }
    let share = (room - sum_least) / (sum_natural - sum_least);
    Some(
        least
            .iter()
            .zip(natural)
            .map(|(l, n)| l + (n - l) * share)
            .collect(),
    )
}

/// `least` with every width above a cap brought down to it, the cap chosen so that the widths fill
/// `room` (which is less than their sum).
pub(super) fn capped(least: &[f32], room: f32) -> Vec<f32> {
    let mut sorted = least.to_vec();
    sorted.sort_by(f32::total_cmp);
    // With the k narrowest columns kept, the rest share what they leave.
    let mut kept = 0.0;
    let mut cap = room / least.len() as f32;
    for (k, &w) in sorted.iter().enumerate() {
        let share = (room - kept) / (sorted.len() - k) as f32;
        if w > share {
            cap = share;
            break;
        }
        kept += w;
    }
    least.iter().map(|&w| w.min(cap)).collect()
}

impl Composer<'_, '_> {
    pub(super) fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        line: usize,
        indent: f32,
        size: f32,
    ) {
        let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        if self.pages.is_empty() {
            self.new_page(false);
        }
        let all = || std::iter::once((head, true)).chain(rows.iter().map(|r| (&r[..], false)));
        if all().any(|(row, _)| row.iter().any(|c| !super::figure::figures(c).is_empty())) {
            self.warn(
                line,
                "an image inside this table is not shown in the PDF; put it in a paragraph of its own after the table",
            );
        }
        let measure = self.geo.measure() - indent;
        // What each column asks, measured once at the text size: at a smaller size every width is
        // the same fraction smaller (the engine's widths are font units times the size).
        let (mut least, mut natural) = (vec![0.0f32; columns], vec![size; columns]);
        for (row, bold) in all() {
            for (c, cell) in row.iter().enumerate() {
                let (l, n) = self.cell_widths(cell, bold, size);
                least[c] = least[c].max(l);
                natural[c] = natural[c].max(n);
            }
        }
        let at =
            |scale: f32, widths: &[f32]| -> Vec<f32> { widths.iter().map(|w| w * scale).collect() };
        let room = |tsize: f32, padding: f32| measure - 2.0 * tsize * padding * columns as f32;
        let fits = STEPS.iter().find_map(|&(scale, padding)| {
            let tsize = size * scale;
            let inner = column_widths(
                &at(scale, &least),
                &at(scale, &natural),
                room(tsize, padding),
            )?;
            Some((tsize, tsize * padding, inner))
        });
        let (size, pad, inner) = match fits {
            Some(chosen) => chosen,
            None => {
                // Nothing fits: at the smallest size, the widest columns are narrowed to a common
                // width and the others keep theirs, so that only the longest words are broken
                // between letters.
                let (scale, padding) = STEPS[STEPS.len() - 1];
                let tsize = size * scale;
                let room = room(tsize, padding).max(tsize * columns as f32);
                self.warn(
                    line,
                    "this table is wider than the page even at 80% of the text size: words in its cells are broken between letters in the PDF; give it fewer columns or shorter words",
                );
                (tsize, tsize * padding, capped(&at(scale, &least), room))
            }
        };
        let widths: Vec<f32> = inner.iter().map(|w| w + 2.0 * pad).collect();
        let head_row = self.row(head, true, &inner, size, pad);
        let body: Vec<Row> = rows
            .iter()
            .map(|r| self.row(r, false, &inner, size, pad))
            .collect();

        let rule = |c: &mut Self, top: f32, width: f32| {
            let (left, right) = c.edges();
            let total: f32 = widths.iter().sum();
            let (x0, x1) = if c.rtl {
                (right - indent - total, right - indent)
            } else {
                (left + indent, left + indent + total)
            };
            let y = c.geo.height - top;
            c.push(Item::Rule(Rule {
                from: (x0, y),
                to: (x1, y),
                width,
            }));
        };
        // The text block's end; a page's notes take their room from it as they come.
        let bottom = self.geo.height - self.geo.bottom;
        let mut top = self
            .cursor
            .map_or(self.geo.top, |(y, d)| y + d + size * 0.5);
        // The header with at least the first row, or a new page.
        let first = body.first().map_or(0.0, |r| r.height);
        if top + head_row.height + first > bottom - self.foot.height() && self.cursor.is_some() {
            self.new_page(false);
            top = self.geo.top;
        }
        rule(self, top, 0.8);
        top = self.within(Role::TR, |c| {
            c.draw_row(&head_row, Role::TH, align, &widths, top, indent, pad)
        });
        rule(self, top, 0.4);
        for row in &body {
            // Down to the notes this page holds so far, with the first lines of the row's own.
            let ids: Vec<&str> = row
                .cells
                .iter()
                .flat_map(|c| c.notes.iter().map(|(_, id, _)| id.as_str()))
                .collect();
            let bottom = bottom - self.foot.height() - self.notes_room(&ids);
            if top + row.height > bottom {
                self.new_page(false);
                top = self.geo.top;
                rule(self, top, 0.8);
                // The header again, for the page: not a second header row of the table.
                top = self.artifact(Artifact::Pagination, |c| {
                    c.draw_row(&head_row, Role::TH, align, &widths, top, indent, pad)
                });
                rule(self, top, 0.4);
            }
            top = self.within(Role::TR, |c| {
                c.draw_row(row, Role::TD, align, &widths, top, indent, pad)
            });
        }
        rule(self, top, 0.8);
        self.cursor = Some((top, 0.0));
        self.gap(size * 0.6);
    }

    /// A cell's text and styles (bold in the header row), with its links and note references.
    fn cell_text(&self, cell: &[Inline], bold: bool, size: f32) -> styled::Flattened {
        let strong;
        let inlines = if bold {
            strong = [Inline::Strong(cell.to_vec())];
            &strong[..]
        } else {
            cell
        };
        self.flatten(inlines, size)
    }

    /// What a cell asks of its column: its least width and its natural width, in points.
    fn cell_widths(&self, cell: &[Inline], bold: bool, size: f32) -> (f32, f32) {
        let flat = self.cell_text(cell, bold, size);
        let para = Paragraph {
            text: &flat.text,
            styles: flat.styles,
            direction: Some(self.book.meta.direction),
        };
        crate::text::content_widths(self.fonts, &para, self.language())
    }

    fn row(&mut self, row: &[Vec<Inline>], bold: bool, inner: &[f32], size: f32, pad: f32) -> Row {
        let mut cells = Vec::with_capacity(inner.len());
        let mut height: f32 = 0.0;
        for (k, w) in inner.iter().enumerate() {
            let cell = row.get(k).map_or(&[][..], |c| &c[..]);
            let flat = self.cell_text(cell, bold, size);
            let dir = Some(self.book.meta.direction);
            let layout = self.set(&flat.text, flat.styles, *w, Justify::None, dir);
            let text: Arc<str> = Arc::from(flat.text);
            let mut baselines = Vec::with_capacity(layout.lines.len());
            let mut y = pad / 2.0;
            let mut prev: Option<f32> = None;
            for line in &layout.lines {
                y += match prev {
                    None => line.ascent,
                    Some(d) => self.advance(d, line, size),
                };
                baselines.push(y);
                prev = Some(line.descent);
            }
            height = height.max(y + prev.unwrap_or(0.0) + pad / 2.0);
            cells.push(Cell {
                text,
                layout,
                baselines,
                links: flat.links,
                notes: flat.notes,
            });
        }
        Row { cells, height }
    }

    /// Draws `row` with its top at `top` (from the page top), each cell an element `role` of the current
    /// row (or, in an artifact, part of it); returns its bottom.
    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        row: &Row,
        role: Role,
        align: &[Align],
        widths: &[f32],
        top: f32,
        indent: f32,
        pad: f32,
    ) -> f32 {
        let (left, right) = self.edges();
        let mut start = if self.rtl {
            right - indent
        } else {
            left + indent
        };
        let mut row_notes = Vec::new();
        for (k, (cell, w)) in row.cells.iter().zip(widths).enumerate() {
            let (x0, x1) = if self.rtl {
                (start - w + pad, start - pad)
            } else {
                (start + pad, start + w - pad)
            };
            start += if self.rtl { -w } else { *w };
            let tag = match self.tag {
                Tag::Node(_) => Tag::Node(self.element(role)),
                artifact => artifact,
            };
            let saved = std::mem::replace(&mut self.tag, tag);
            // Its links and note references, as a paragraph's (a header repeated on a later page, an
            // artifact, has none).
            let links = match tag {
                Tag::Node(_) => self.link_elements(cell.links.clone(), &cell.notes),
                Tag::Artifact(_) => Vec::new(),
            };
            if self.notes_at_foot() && matches!(tag, Tag::Node(_)) && !cell.notes.is_empty() {
                let ids: Vec<&str> = cell.notes.iter().map(|(_, id, _)| id.as_str()).collect();
                let first = self.first_references(&ids);
                row_notes.extend(first);
            }
            let saved_spans = std::mem::replace(
                &mut self.spans,
                links.iter().map(|(r, _, n)| (r.clone(), *n)).collect(),
            );
            for (line, baseline) in cell.layout.lines.iter().zip(&cell.baselines) {
                let x = match align.get(k).copied().unwrap_or(Align::None) {
                    Align::Left => x0,
                    Align::Right => x1 - line.width,
                    Align::Center => x0 + (x1 - x0 - line.width) / 2.0,
                    Align::None if self.rtl => x1 - line.width,
                    Align::None => x0,
                };
                let item = self.text_line(&cell.text, line, x, self.geo.height - top - baseline);
                self.push(item);
                if !links.is_empty() {
                    let notes = &cell.notes;
                    self.mark_line(&cell.text, line, (x, top + baseline), &links, notes, &[]);
                }
            }
            self.spans = saved_spans;
            self.tag = saved;
        }
        // The notes the row is the first to reference, at the page's foot.
        if !row_notes.is_empty() {
            let end = self.geo.height - self.geo.bottom - self.foot.height();
            self.add_notes_in(&row_notes, end - (top + row.height));
        }
        top + row.height
    }
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn columns_keep_their_least_width_and_share_the_rest_by_what_they_lack() {
        // Natural widths that fit are kept.
        assert_eq!(
            column_widths(&[10.0, 20.0], &[30.0, 40.0], 100.0),
            Some(vec![30.0, 40.0])
        );
        // A column of years (least = natural) keeps its width; the sentence column takes the rest.
        let w = column_widths(&[30.0, 40.0, 60.0], &[30.0, 40.0, 2000.0], 300.0).unwrap();
        assert_eq!(w[..2], [30.0, 40.0]);
        assert!((w[2] - 230.0).abs() < 1e-3, "{w:?}");
        // Shares in proportion to what each lacks of its natural width.
        let w = column_widths(&[10.0, 10.0], &[110.0, 310.0], 120.0).unwrap();
        assert!(
            (w[0] - 35.0).abs() < 1e-3 && (w[1] - 85.0).abs() < 1e-3,
            "{w:?}"
        );
        // Least widths that do not fit: none.
        assert_eq!(column_widths(&[60.0, 60.0], &[90.0, 90.0], 100.0), None);
    }

    #[test]
    fn a_table_that_cannot_fit_narrows_only_its_widest_columns() {
        let w = super::capped(&[20.0, 80.0, 30.0, 90.0], 150.0);
        assert_eq!(w, vec![20.0, 50.0, 30.0, 50.0]);
        assert!((w.iter().sum::<f32>() - 150.0).abs() < 1e-3);
        // Every column too wide: all equal.
        assert_eq!(super::capped(&[90.0, 80.0], 100.0), vec![50.0, 50.0]);
    }
}
