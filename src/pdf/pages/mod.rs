//! Page layout: the book model set on pages with the text engine.
//!
//! The composer fills pages from the top: a title page, then every chapter from a new page with an
//! opening (its title lower on the page, no running head), its blocks, and its notes at the chapter's
//! end. Paragraphs are never split so that one line is left alone at the foot or the head of a page
//! (unless they have only one or two lines), and a heading always has lines of its text under it on its
//! page. Every other page carries a running head (the book title on versos, the chapter title on rectos)
//! and every page but the title page a folio in the book's digits. Margins mirror: the inner (binding)
//! margin is on the right of rectos in a right-to-left book and on the left in a left-to-right one.

use crate::config::{Digits, JustifyMode, PdfConfig};
use crate::model::Book;
use crate::text::{self, FaceId, Fonts, Justify, Layout, LayoutCache, Line, Options, Paragraph};

use super::writer::{PageContent, Placed, Rule};

mod blocks;
mod entries;
mod figure;
mod place;
mod table;
mod toc;

use place::{extent, place};

pub use toc::{Anchor, Link, Target};

const MM: f32 = 72.0 / 25.4;

/// Page size and text block, in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
}

impl Geometry {
    pub fn new(cfg: &PdfConfig) -> Self {
        let [top, bottom, inner, outer] = cfg.margins_mm.map(|m| m * MM);
        Geometry {
            width: cfg.width_mm * MM,
            height: cfg.height_mm * MM,
            top,
            bottom,
            inner,
            outer,
        }
    }

    pub fn measure(&self) -> f32 {
        self.width - self.inner - self.outer
    }
}

/// What a page is, for the writer's outline and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct PageInfo {
    /// The chapter the page belongs to.
    pub chapter: Option<usize>,
    /// A chapter's first page.
    pub opening: bool,
}

/// The composed book.
pub struct Composed {
    pub pages: Vec<PageContent>,
    pub info: Vec<PageInfo>,
    /// Characters no face covers.
    pub missing: Vec<char>,
    pub anchors: Vec<Anchor>,
    pub links: Vec<Link>,
}

pub(super) struct Composer<'a, 'f> {
    pub(super) book: &'a Book,
    pub(super) fonts: &'a Fonts<'f>,
    pub(super) cfg: &'a PdfConfig,
    pub(super) geo: Geometry,
    pub(super) rtl: bool,
    pub(super) cache: LayoutCache,
    pub(super) pages: Vec<PageContent>,
    pub(super) info: Vec<PageInfo>,
    /// Distance from the page top to the last baseline placed, and that line's descent.
    pub(super) cursor: Option<(f32, f32)>,
    pub(super) chapter: Option<usize>,
    pub(super) missing: Vec<char>,
    /// Headings the contents and the outline point to, in reading order.
    pub(super) anchors: Vec<Anchor>,
    /// Links drawn on the pages (the contents entries, the appendix's entries).
    pub(super) links: Vec<Link>,
    /// Pages before the first of `pages` (a contents composed apart): margins alternate by page number.
    pub(super) page_offset: usize,
    /// Where every chapter start, heading, paragraph, note, note reference and fact anchor is, by
    /// (chapter, id) ("" for the chapter's start).
    pub(super) ids: std::collections::HashMap<(usize, String), (usize, f32)>,
    /// Links in the text, resolved once every page is known.
    pub(super) text_links: Vec<(usize, [f32; 4], crate::model::LinkTarget)>,
}

/// Lays the book out on pages: title page, contents, chapters. The contents come before the chapters
/// but list their page numbers, so the chapters are composed first with room left for the contents, and
/// again with more room if the contents need more pages than were left.
pub fn compose(book: &Book, fonts: &Fonts, cfg: &PdfConfig) -> Composed {
    let mut toc_pages = 1;
    let mut cache = LayoutCache::default();
    loop {
        let mut c = Composer::new(book, fonts, cfg, std::mem::take(&mut cache));
        c.title_page();
        let toc_start = c.pages.len();
        for k in 0..toc_pages {
            c.new_page(k == 0);
        }
        for i in 0..book.chapters.len() {
            c.chapter_pages(i);
        }
        let mut t = Composer::new(book, fonts, cfg, std::mem::take(&mut c.cache));
        t.page_offset = toc_start;
        t.contents(&c.anchors);
        // The room only grows, so this ends; contents shorter than the room left them (page numbers
        // that got shorter) are followed by a blank page, and no page of the chapters moves.
        if t.pages.len() <= toc_pages {
            let used = t.pages.len();
            while t.pages.len() < toc_pages {
                t.new_page(false);
            }
            c.pages.splice(toc_start..toc_start + toc_pages, t.pages);
            // A blank page takes no running head (as an opening).
            c.info.splice(
                toc_start..toc_start + toc_pages,
                (0..toc_pages).map(|k| PageInfo {
                    chapter: None,
                    opening: k == 0 || k >= used,
                }),
            );
            // The contents' links, then those the chapters drew (the appendix's entries).
            let drawn = std::mem::take(&mut c.links);
            c.links = t
                .links
                .into_iter()
                .map(|l| Link {
                    page: l.page + toc_start,
                    ..l
                })
                .chain(drawn)
                .collect();
            // Links in the text, now that every target has its page.
            for (page, rect, target) in std::mem::take(&mut c.text_links) {
                let target = match target {
                    crate::model::LinkTarget::External(url) => Some(Target::Uri(url)),
                    crate::model::LinkTarget::Internal { chapter, anchor } => c
                        .ids
                        .get(&(chapter, anchor.unwrap_or_default()))
                        .map(|&(page, y)| Target::Goto { page, y }),
                };
                if let Some(target) = target {
                    c.links.push(Link { page, rect, target });
                }
            }
            c.missing.extend(t.missing);
            c.furniture();
            return Composed {
                pages: c.pages,
                info: c.info,
                missing: c.missing,
                anchors: c.anchors,
                links: c.links,
            };
        }
        toc_pages = t.pages.len();
        cache = t.cache;
    }
}

impl<'a, 'f> Composer<'a, 'f> {
    fn new(book: &'a Book, fonts: &'a Fonts<'f>, cfg: &'a PdfConfig, cache: LayoutCache) -> Self {
        Composer {
            book,
            fonts,
            cfg,
            geo: Geometry::new(cfg),
            rtl: book.is_rtl(),
            cache,
            pages: Vec::new(),
            info: Vec::new(),
            cursor: None,
            chapter: None,
            missing: Vec::new(),
            anchors: Vec::new(),
            links: Vec::new(),
            page_offset: 0,
            ids: std::collections::HashMap::new(),
            text_links: Vec::new(),
        }
    }
}

impl Composer<'_, '_> {
    pub(super) fn language(&self) -> &str {
        &self.book.meta.language
    }

    pub(super) fn justify(&self) -> Justify {
        match self.cfg.justify {
            JustifyMode::Kashida => Justify::Kashida,
            JustifyMode::Spaces => Justify::Spaces,
            JustifyMode::None => Justify::None,
        }
    }

    pub(super) fn number(&self, n: usize) -> String {
        match self.cfg.digits {
            Digits::ArabicIndic => crate::locale::number(n, "ar"),
            Digits::Western => n.to_string(),
        }
    }

    pub(super) fn new_page(&mut self, opening: bool) {
        self.pages.push(PageContent::default());
        self.info.push(PageInfo {
            chapter: self.chapter,
            opening,
        });
        self.cursor = None;
    }

    /// Left and right edges of the text block on the current page.
    pub(super) fn edges(&self) -> (f32, f32) {
        let recto = (self.pages.len() + self.page_offset) % 2 == 1;
        // Rectos of a right-to-left book are bound on their right.
        let inner_on_left = recto != self.rtl;
        if inner_on_left {
            (self.geo.inner, self.geo.width - self.geo.outer)
        } else {
            (self.geo.outer, self.geo.width - self.geo.inner)
        }
    }

    pub(super) fn set(
        &mut self,
        text: &str,
        styles: Vec<text::StyleSpan>,
        measure: f32,
        justify: Justify,
        dir: Option<crate::config::Direction>,
    ) -> Layout {
        let para = Paragraph {
            text,
            styles,
            direction: dir,
        };
        let opts = Options::new(measure, justify, self.language());
        let layout = self.cache.layout(self.fonts, &para, &opts).clone();
        self.missing.extend(layout.missing.iter().map(|&(_, c)| c));
        layout
    }

    /// `s` in one face and size, ragged, at `measure`, in the book's direction (a list marker such as
    /// «١–» has no strong character to take one from).
    pub(super) fn set_plain(&mut self, s: &str, face: FaceId, size: f32, measure: f32) -> Layout {
        let dir = Some(self.book.meta.direction);
        self.set(
            s,
            vec![text::StyleSpan {
                range: 0..s.len(),
                face,
                size,
                rise: 0.0,
            }],
            measure,
            Justify::None,
            dir,
        )
    }

    /// The first line of `s` centred on page `p` with its baseline at PDF height `y`.
    fn centred(&mut self, p: usize, s: &str, size: f32, y: f32) {
        let layout = self.set_plain(s, FaceId::Regular, size, self.geo.measure());
        if let Some(line) = layout.lines.first() {
            let x = (self.geo.width - line.width) / 2.0;
            self.pages[p].runs.push(place(self.fonts, s, line, x, y));
        }
    }

    /// Baseline distance between two lines.
    pub(super) fn advance(&self, prev_descent: f32, line: &Line, size: f32) -> f32 {
        (self.cfg.line_height * size).max(prev_descent + line.ascent)
    }

    pub(super) fn space_left(&self) -> f32 {
        let used = self.cursor.map_or(self.geo.top, |(y, _)| y);
        self.geo.height - self.geo.bottom - used
    }

    /// Places one line: `start` and `end` are the insets from the text block's edges (start side first).
    pub(super) fn place_line(
        &mut self,
        text: &str,
        line: &Line,
        size: f32,
        rtl: bool,
        inset: (f32, f32),
        align_center: bool,
    ) -> (f32, f32) {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        let baseline = match self.cursor {
            None => self.geo.top + line.ascent,
            Some((y, d)) => y + self.advance(d, line, size),
        };
        if baseline + line.descent > self.geo.height - self.geo.bottom && self.cursor.is_some() {
            self.new_page(false);
            return self.place_line(text, line, size, rtl, inset, align_center);
        }
        self.cursor = Some((baseline, line.descent));
        let (left, right) = self.edges();
        let (left, right) = if rtl {
            (left + inset.1, right - inset.0)
        } else {
            (left + inset.0, right - inset.1)
        };
        let x0 = if align_center {
            left + ((right - left) - line.width) / 2.0
        } else if rtl {
            right - line.width
        } else {
            left
        };
        let y = self.geo.height - baseline;
        self.pages
            .last_mut()
            .expect("a page exists")
            .runs
            .push(place(self.fonts, text, line, x0, y));
        (x0, baseline)
    }

    pub(super) fn gap(&mut self, points: f32) {
        if let Some((y, d)) = self.cursor {
            self.cursor = Some((y + points, d));
        }
    }

    /// A horizontal rule across `fraction` of the text block, at the start side.
    pub(super) fn rule(&mut self, fraction: f32, width: f32) {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        let size = self.cfg.font_size;
        let y_top = self.cursor.map_or(self.geo.top, |(y, d)| y + d) + size * 0.4;
        let (left, right) = self.edges();
        let len = (right - left) * fraction;
        let (x1, x2) = if self.rtl {
            (right - len, right)
        } else {
            (left, left + len)
        };
        let y = self.geo.height - y_top;
        self.pages
            .last_mut()
            .expect("a page exists")
            .rules
            .push(Rule {
                from: (x1, y),
                to: (x2, y),
                width,
            });
        self.cursor = Some((y_top + size * 0.2, 0.0));
    }

    /// Running heads and folios.
    fn furniture(&mut self) {
        let size = self.cfg.font_size * 0.8;
        for p in 1..self.pages.len() {
            let number = self.number(p + 1);
            let head = match self.info[p].chapter {
                _ if self.info[p].opening => None,
                Some(c) if p % 2 == 0 => Some(self.book.chapters[c].title_text()),
                _ => Some(self.book.meta.title.clone()),
            };
            // Folio at the foot, running head at the top, both centred.
            self.centred(p, &number, size, self.geo.bottom * 0.45);
            if let Some(head) = head {
                self.centred(p, &head, size, self.geo.height - self.geo.top * 0.55);
            }
        }
    }
}

pub(super) fn bold(face: FaceId) -> FaceId {
    match face {
        FaceId::Regular => FaceId::Bold,
        FaceId::Italic => FaceId::BoldItalic,
        other => other,
    }
}
