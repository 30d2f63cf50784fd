//! The contents pages, and the anchors they (and the outline) point to.
//!
//! Each entry is its title at the start side, dot leaders, and the page number at the end side in the
//! book's digits; a level-2 entry is indented. The whole entry is a link to the heading's position.
//! [`Composer::leader_entry`] sets one such entry; the appendix of facts sets its entries with it too.

use super::Composer;
use crate::locale;
use crate::model::Section;
use crate::text::FaceId;

use super::super::writer::Placed;

/// A heading the contents and the outline point to: its page (0-based), the PDF y of its top, its title
/// and its level (1 for a chapter).
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub page: usize,
    pub y: f32,
    pub title: String,
    pub level: u8,
}

/// A link rectangle (x1, y1, x2, y2 in PDF coordinates) on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub page: usize,
    pub rect: [f32; 4],
    pub target: Target,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A position in the book: page (0-based) and the PDF y of the top of what it points at.
    Goto {
        page: usize,
        y: f32,
    },
    Uri(String),
}

impl Composer<'_, '_> {
    pub(super) fn anchor(&mut self, page: usize, y: f32, title: String, level: u8) {
        self.anchors.push(Anchor {
            page,
            y,
            title,
            level,
        });
    }

    /// The contents level of heading `id` of the current chapter, if the contents list it.
    pub(super) fn section_level(&self, id: &str) -> Option<u8> {
        fn find(sections: &[Section], id: &str) -> Option<u8> {
            sections.iter().find_map(|s| {
                if s.id == id {
                    Some(s.level)
                } else {
                    find(&s.children, id)
                }
            })
        }
        let chapter = &self.book.chapters[self.chapter?];
        find(&chapter.sections, id).filter(|&l| l <= self.book.toc_depth)
    }

    /// Composes the contents pages from the anchors of the composed chapters.
    pub(super) fn contents(&mut self, anchors: &[Anchor]) {
        let size = self.cfg.font_size;
        let labels = locale::labels(&self.book.meta.language);
        self.new_page(true);
        self.cursor = Some((self.geo.top + self.geo.height * 0.05, 0.0));
        let heading = labels.contents.to_string();
        self.block_text(
            &heading,
            FaceId::Bold,
            size * 1.5,
            self.geo.measure(),
            false,
        );
        self.gap(size * 1.2);
        for a in anchors {
            let number = self.number(a.page + 1);
            let indent = if a.level > 1 {
                size * 1.5 * f32::from(a.level - 1)
            } else {
                0.0
            };
            let esize = if a.level == 1 { size } else { size * 0.95 };
            let face = if a.level == 1 {
                FaceId::Bold
            } else {
                FaceId::Regular
            };
            let styles = vec![crate::text::StyleSpan {
                range: 0..a.title.len(),
                face,
                size: esize,
                rise: 0.0,
            }];
            let target = Target::Goto {
                page: a.page,
                y: a.y,
            };
            let dir = self.book.meta.direction;
            self.leader_entry(&a.title, styles, dir, indent, Some(&number), Some(target));
            self.gap(if a.level == 1 {
                size * 0.4
            } else {
                size * 0.15
            });
        }
    }

    /// One entry set like a line of the contents: `text` (styled, at the size of its first style) in
    /// direction `dir` from its start side, indented by `indent`, in the measure less the room of the
    /// number; then dot leaders and `number` at the end side of its last line. The whole entry links to
    /// `target`.
    pub(super) fn leader_entry(
        &mut self,
        text: &str,
        styles: Vec<crate::text::StyleSpan>,
        dir: crate::config::Direction,
        indent: f32,
        number: Option<&str>,
        target: Option<Target>,
    ) {
        let size = styles.first().map_or(self.cfg.font_size, |s| s.size);
        let num_line = number.map(|n| {
            let layout = self.set_plain(n, FaceId::Regular, size, 100.0);
            layout.lines[0].clone()
        });
        let num_width = num_line.as_ref().map_or(0.0, |l| l.width);
        let room = self.geo.measure() - indent - num_width - size * 2.0;
        let layout = self.set(text, styles, room, crate::text::Justify::None, Some(dir));
        let first_page = self.pages.len();
        let mut top = None;
        for line in &layout.lines {
            self.place_line(text, line, size, layout.rtl, (indent, 0.0), false);
            if top.is_none() {
                top = self.cursor.map(|(b, _)| b - line.ascent);
            }
        }
        let Some((baseline, descent)) = self.cursor else {
            return;
        };
        let last_width = layout.lines.last().map_or(0.0, |l| l.width);
        let (left, right) = self.edges();
        let y = self.geo.height - baseline;
        if let (Some(number), Some(num_line)) = (number, &num_line) {
            let dot = self.set_plain(".", FaceId::Regular, size, 50.0);
            let dot_line = &dot.lines[0];
            // The number at the end side, the leaders between it and the text.
            let (num_x, dots_from, dots_to) = if layout.rtl {
                (
                    left,
                    left + num_line.width + size * 0.5,
                    right - indent - last_width - size * 0.5,
                )
            } else {
                (
                    right - num_line.width,
                    left + indent + last_width + size * 0.5,
                    right - num_line.width - size * 0.5,
                )
            };
            let page = self.pages.last_mut().expect("a page");
            page.runs
                .push(super::place(self.fonts, number, num_line, num_x, y));
            let mut dots: Vec<Placed> = Vec::new();
            let mut x = dots_from;
            while x + dot_line.width <= dots_to {
                dots.extend(super::place::drawn(dot_line, x, y));
                x += size * 0.6;
            }
            if !dots.is_empty() {
                page.runs.push(dots);
            }
        }
        // The link covers the entry (its last page, when the entry is split across two).
        let top = if self.pages.len() == first_page {
            top.unwrap_or(baseline)
        } else {
            baseline - size
        };
        if let Some(target) = target {
            self.links.push(Link {
                page: self.pages.len() - 1,
                rect: [
                    left,
                    self.geo.height - baseline - descent,
                    right,
                    self.geo.height - top,
                ],
                target,
            });
        }
    }
}
