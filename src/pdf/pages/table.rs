//! Tables.
//!
//! Columns run in the book's direction (the first column on the right in a right-to-left book), each
//! as wide as its widest cell when the table fits the measure, and sharing the measure in proportion
//! to those widths when it does not (cells then wrap). The table starts at the start edge of the text
//! block. Rules in the book style: a rule above the header row, a lighter one under it, a rule under
//! the last row. The header row is bold, and it is repeated at the top of every page a long table
//! continues on; a row is never split across pages. Cells follow their column's alignment from the
//! Markdown (`:--`, `:-:`, `--:`), the start side when it has none.
//!
//! The table is a `Table` element of rows `TR` of header cells `TH` (scope: column) and cells `TD`;
//! a header row repeated on a later page and the rules are artifacts.

use std::sync::Arc;

use super::styled;
use crate::model::{Align, Inline};
use crate::pdf::frame::{Artifact, Item, Role, Rule, Tag};
use crate::text::{Justify, Layout};

use super::Composer;

/// One laid-out cell: its text, its lines and each line's baseline below the row's top.
struct Cell {
    text: Arc<str>,
    layout: Arc<Layout>,
    baselines: Vec<f32>,
}

/// One laid-out row.
struct Row {
    cells: Vec<Cell>,
    /// From the row's top to its bottom, in points.
    height: f32,
}

impl Composer<'_, '_> {
    pub(super) fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
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
        let pad = size * 0.6;
        let measure = self.geo.measure() - indent;
        // Natural widths: the widest line of each column's cells, set on one line.
        let mut natural = vec![size; columns];
        for (row, bold) in std::iter::once((head, true)).chain(rows.iter().map(|r| (&r[..], false)))
        {
            for (k, cell) in row.iter().enumerate() {
                let (_, layout) = self.cell(cell, bold, size, f32::MAX / 4.0);
                let w = layout.lines.iter().map(|l| l.width).fold(0.0, f32::max);
                natural[k] = natural[k].max(w);
            }
        }
        let room = measure - 2.0 * pad * columns as f32;
        let sum: f32 = natural.iter().sum();
        let inner: Vec<f32> = if sum <= room {
            natural
        } else {
            natural.iter().map(|w| w / sum * room.max(size)).collect()
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
        let bottom = self.geo.height - self.geo.bottom;
        let mut top = self
            .cursor
            .map_or(self.geo.top, |(y, d)| y + d + size * 0.5);
        // The header with at least the first row, or a new page.
        let first = body.first().map_or(0.0, |r| r.height);
        if top + head_row.height + first > bottom && self.cursor.is_some() {
            self.new_page(false);
            top = self.geo.top;
        }
        rule(self, top, 0.8);
        top = self.within(Role::TR, |c| {
            c.draw_row(&head_row, Role::TH, align, &widths, top, indent, pad)
        });
        rule(self, top, 0.4);
        for row in &body {
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

    /// A cell's text set at `measure`, in the book's direction.
    fn cell(
        &mut self,
        cell: &[Inline],
        bold: bool,
        size: f32,
        measure: f32,
    ) -> (Arc<str>, Arc<Layout>) {
        let strong;
        let inlines = if bold {
            strong = [Inline::Strong(cell.to_vec())];
            &strong[..]
        } else {
            cell
        };
        let (text, styles) = styled::flatten(inlines, size, self.language());
        let dir = Some(self.book.meta.direction);
        let layout = self.set(&text, styles, measure, Justify::None, dir);
        (Arc::from(text), layout)
    }

    fn row(&mut self, row: &[Vec<Inline>], bold: bool, inner: &[f32], size: f32, pad: f32) -> Row {
        let mut cells = Vec::with_capacity(inner.len());
        let mut height: f32 = 0.0;
        for (k, w) in inner.iter().enumerate() {
            let cell = row.get(k).map_or(&[][..], |c| &c[..]);
            let (text, layout) = self.cell(cell, bold, size, *w);
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
            }
            self.tag = saved;
        }
        top + row.height
    }
}
