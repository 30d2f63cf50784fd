//! The contents pages, and the anchors they (and the outline) point to.
//!
//! Each entry is its title at the start side, dot leaders, and the page number at the end side in the
//! book's digits; a level-2 entry is indented. The whole entry is a link to the heading's position.
//! [`Composer::leader_entry`] sets one such entry; the appendix of facts sets its entries with it too.
//! The contents are a `TOC` element with a `TOCI` per entry, each holding the entry's `Link`; the dot
//! leaders are artifacts.

use std::sync::Arc;

use super::ahead::Request;
use super::Composer;
use crate::locale;
use crate::model::{Book, PdfSettings, Section};
use crate::pdf::frame::{Anchor, Artifact, Link, Role, Tag, Target};
use crate::text::{FaceId, Fonts, LayoutCache};

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
        let measure = self.geo.measure();
        self.within(Role::H(1), |c| {
            c.block_text(&heading, FaceId::BOLD, size * 1.5, measure, false)
        });
        self.gap(size * 1.2);
        let toc = self.element(Role::TOC);
        let saved = std::mem::replace(&mut self.tag, Tag::Node(toc));
        // A long book lists hundreds of headings: laid out on every core first, as each is asked for.
        let dir = self.book.meta.direction;
        let requests = anchors
            .iter()
            .map(|a| {
                let (number, indent, styles) = self.entry_style(a);
                self.leader_request(&a.title, &styles, dir, indent, Some(&number))
            })
            .collect();
        self.lay_out_ahead(requests);
        for a in anchors {
            let (number, indent, styles) = self.entry_style(a);
            let target = Target::Goto {
                page: a.page,
                y: a.y,
            };
            self.within(Role::TOCI, |c| {
                c.leader_entry(&a.title, styles, dir, indent, Some(&number), Some(target))
            });
            self.gap(if a.level == 1 {
                size * 0.4
            } else {
                size * 0.15
            });
        }
        self.tag = saved;
    }

    /// How the contents list `a`: its page number, indent and style.
    fn entry_style(&self, a: &Anchor) -> (String, f32, Vec<crate::text::StyleSpan>) {
        let size = self.cfg.font_size;
        let indent = if a.level > 1 {
            size * 1.5 * f32::from(a.level - 1)
        } else {
            0.0
        };
        let styles = vec![crate::text::StyleSpan {
            range: 0..a.title.len(),
            face: if a.level == 1 {
                FaceId::BOLD
            } else {
                FaceId::REGULAR
            },
            size: if a.level == 1 { size } else { size * 0.95 },
            rise: 0.0,
        }];
        (self.number(a.page + 1), indent, styles)
    }

    /// What [`Composer::leader_entry`] asks the text engine for: `text` in the measure less the room
    /// of `number` (laid out here if it is not yet).
    pub(super) fn leader_request(
        &mut self,
        text: &str,
        styles: &[crate::text::StyleSpan],
        dir: crate::model::Direction,
        indent: f32,
        number: Option<&str>,
    ) -> Request {
        let size = styles.first().map_or(self.cfg.font_size, |s| s.size);
        let num_width = number.map_or(0.0, |n| {
            self.set_plain(n, FaceId::REGULAR, size, 100.0).lines[0].width
        });
        Request {
            text: text.to_string(),
            styles: styles.to_vec(),
            measure: self.geo.measure() - indent - num_width - size * 2.0,
            justify: crate::text::Justify::None,
            dir: Some(dir),
            indent: 0.0,
        }
    }

    /// One entry set like a line of the contents: `text` (styled, at the size of its first style) in
    /// direction `dir` from its start side, indented by `indent`, in the measure less the room of the
    /// number; then dot leaders and `number` at the end side of its last line. The whole entry links to
    /// `target`: the entry is a `Link` element inside the current one.
    pub(super) fn leader_entry(
        &mut self,
        text: &str,
        styles: Vec<crate::text::StyleSpan>,
        dir: crate::model::Direction,
        indent: f32,
        number: Option<&str>,
        target: Option<Target>,
    ) {
        let size = styles.first().map_or(self.cfg.font_size, |s| s.size);
        let num_line = number.map(|n| {
            let layout = self.set_plain(n, FaceId::REGULAR, size, 100.0);
            layout.lines[0].clone()
        });
        let r = self.leader_request(text, &styles, dir, indent, number);
        let layout = self.set(text, styles, r.measure, r.justify, r.dir);
        let link = target.as_ref().map(|_| self.element(Role::Link));
        let tag = link.map_or(self.tag, Tag::Node);
        let saved = std::mem::replace(&mut self.tag, tag);
        let first_page = self.pages.len();
        let mut top = None;
        let entry: Arc<str> = Arc::from(text);
        // One pitch between the entry's lines, as a paragraph's.
        let even = self.even(&layout.lines, size);
        for (k, line) in layout.lines.iter().enumerate() {
            self.pitch = (k > 0).then_some(even);
            self.place_line(&entry, line, size, layout.rtl, (indent, 0.0), false);
            self.pitch = None;
            if top.is_none() {
                top = self.cursor.map(|(b, _)| b - line.ascent);
            }
        }
        let Some((baseline, descent)) = self.cursor else {
            self.tag = saved;
            return;
        };
        let last_width = layout.lines.last().map_or(0.0, |l| l.width);
        let (left, right) = self.edges();
        let y = self.geo.height - baseline;
        if let (Some(number), Some(num_line)) = (number, &num_line) {
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
            // The leaders first: what is read of the line is its text, then its number. Each dot reads
            // as a direction mark of the line and a period: poppler takes dots with no direction of
            // their own for a run with the number and the period that ends the entry, and reorders
            // them. (Dots drawn as shapes leave poppler an empty stretch it takes for a column gap.)
            let dot_text: Arc<str> = Arc::from(if layout.rtl { "\u{061C}." } else { "\u{200E}." });
            let dot = self.set_plain(&dot_text, FaceId::REGULAR, size, 50.0);
            let dot_line = Arc::clone(&dot.lines[0]);
            let mut x = dots_from;
            while x + dot_line.width <= dots_to {
                let line = Arc::clone(&dot_line);
                let item =
                    self.artifact(Artifact::Layout, |c| c.shared_line(&dot_text, line, x, y));
                self.push(item);
                x += size * 0.6;
            }
            let item = self.text_line(&Arc::from(number), num_line, num_x, y);
            self.push(item);
        }
        self.tag = saved;
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
                node: link,
                description: text.to_string(),
            });
        }
    }
}

/// The pages the contents take with the headings the book lists (its chapters' titles and the
/// sections down to the contents' depth, as the chapters' pages set them) and three-digit page
/// numbers. The layouts of their titles are kept for the contents proper.
pub(super) fn contents_estimate(
    book: &Book,
    fonts: &Fonts,
    cfg: &PdfSettings,
    cache: &mut LayoutCache,
) -> usize {
    fn sections(out: &mut Vec<Anchor>, list: &[Section], depth: u8) {
        for s in list {
            if s.level <= depth {
                out.push(Anchor {
                    page: 99,
                    y: 0.0,
                    title: s.title.clone(),
                    level: s.level,
                });
            }
            sections(out, &s.children, depth);
        }
    }
    let mut anchors = Vec::new();
    for chapter in &book.chapters {
        anchors.push(Anchor {
            page: 99,
            y: 0.0,
            title: chapter.title_text(),
            level: 1,
        });
        sections(&mut anchors, &chapter.sections, book.toc_depth);
    }
    let mut c = Composer::new(book, fonts, cfg, std::mem::take(cache));
    c.title_page();
    let mut t = Composer::new(book, fonts, cfg, std::mem::take(&mut c.cache));
    t.page_offset = c.pages.len();
    t.contents(&anchors);
    *cache = std::mem::take(&mut t.cache);
    t.pages.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::pages::{ahead, document::compose_from};

    /// The contents' room is estimated right for a book whose contents take several pages, and the
    /// book comes out as it does when the room grows from one page; an estimate that misses (too
    /// much room, or too little) gives that book too.
    #[test]
    fn the_contents_room_is_estimated_and_a_wrong_estimate_changes_nothing() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("book.toml"),
            "[book]\ntitle = \"كتاب طويل\"\n",
        )
        .unwrap();
        for n in 1..=40 {
            let text = format!(
                "# الفصل رقم {n}\n\nنص الفصل.\n\n## القسم الأول من الفصل {n}\n\nنص.\n\n## القسم الثاني من الفصل {n}\n\nنص.\n"
            );
            std::fs::write(d.path().join(format!("{n:02}.md")), text).unwrap();
        }
        let loaded = crate::pipeline::book_with_env(d.path(), Some("0")).unwrap();
        let book = &loaded.book;
        let fonts = loaded.fonts().unwrap().unwrap();
        let warm = || {
            let mut cache = LayoutCache::default();
            ahead::warm(&mut cache, book, &fonts, &book.pdf);
            cache
        };
        let mut cache = warm();
        let estimate = contents_estimate(book, &fonts, &book.pdf, &mut cache);
        let pages = |doc: &crate::pdf::frame::Document| format!("{:?}", doc.pages);
        let grown = compose_from(book, &fonts, &book.pdf, warm(), 1).0;
        assert!(estimate > 2, "{estimate} pages of contents");
        // The contents start on page 2 and the first chapter after them.
        // (on a recto, page index even: after a blank verso if need be).
        let first_chapter = grown.outline[0].page;
        let after = 1 + estimate;
        assert_eq!(book.pdf.chapter_start, crate::model::ChapterStart::Recto);
        assert_eq!(
            first_chapter,
            after + after % 2,
            "the estimate is the room taken"
        );
        for room in [estimate, estimate - 1, estimate + 2] {
            let doc = compose_from(book, &fonts, &book.pdf, warm(), room).0;
            assert!(pages(&doc) == pages(&grown), "first room {room}");
            assert_eq!(doc.outline, grown.outline);
        }
    }
}
