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
use crate::model::{Block, Book, Inline};
use crate::text::{
    self, styled, FaceId, Fonts, Justify, Layout, LayoutCache, Line, Options, Paragraph,
};

use super::writer::{PageContent, Placed, Rule};

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
}

struct Composer<'a, 'f> {
    book: &'a Book,
    fonts: &'a Fonts<'f>,
    cfg: &'a PdfConfig,
    geo: Geometry,
    rtl: bool,
    cache: LayoutCache,
    pages: Vec<PageContent>,
    info: Vec<PageInfo>,
    /// Distance from the page top to the last baseline placed, and that line's descent.
    cursor: Option<(f32, f32)>,
    chapter: Option<usize>,
    missing: Vec<char>,
}

/// Lays the book out on pages.
pub fn compose(book: &Book, fonts: &Fonts, cfg: &PdfConfig) -> Composed {
    let mut c = Composer {
        book,
        fonts,
        cfg,
        geo: Geometry::new(cfg),
        rtl: book.is_rtl(),
        cache: LayoutCache::default(),
        pages: Vec::new(),
        info: Vec::new(),
        cursor: None,
        chapter: None,
        missing: Vec::new(),
    };
    c.title_page();
    for i in 0..book.chapters.len() {
        c.chapter_pages(i);
    }
    c.furniture();
    Composed {
        pages: c.pages,
        info: c.info,
        missing: c.missing,
    }
}

impl Composer<'_, '_> {
    fn language(&self) -> &str {
        &self.book.meta.language
    }

    fn justify(&self) -> Justify {
        match self.cfg.justify {
            JustifyMode::Kashida => Justify::Kashida,
            JustifyMode::Spaces => Justify::Spaces,
            JustifyMode::None => Justify::None,
        }
    }

    fn number(&self, n: usize) -> String {
        match self.cfg.digits {
            Digits::ArabicIndic => crate::locale::number(n, "ar"),
            Digits::Western => n.to_string(),
        }
    }

    fn new_page(&mut self, opening: bool) {
        self.pages.push(PageContent::default());
        self.info.push(PageInfo {
            chapter: self.chapter,
            opening,
        });
        self.cursor = None;
    }

    /// Left and right edges of the text block on the current page.
    fn edges(&self) -> (f32, f32) {
        let recto = self.pages.len() % 2 == 1;
        // Rectos of a right-to-left book are bound on their right.
        let inner_on_left = recto != self.rtl;
        if inner_on_left {
            (self.geo.inner, self.geo.width - self.geo.outer)
        } else {
            (self.geo.outer, self.geo.width - self.geo.inner)
        }
    }

    fn set(
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

    /// Baseline distance between two lines.
    fn advance(&self, prev_descent: f32, line: &Line, size: f32) -> f32 {
        (self.cfg.line_height * size).max(prev_descent + line.ascent)
    }

    fn space_left(&self) -> f32 {
        let used = self.cursor.map_or(self.geo.top, |(y, _)| y);
        self.geo.height - self.geo.bottom - used
    }

    /// Places one line: `start` and `end` are the insets from the text block's edges (start side first).
    fn place_line(
        &mut self,
        text: &str,
        line: &Line,
        size: f32,
        rtl: bool,
        inset: (f32, f32),
        align_center: bool,
    ) {
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
            .push(place(text, line, x0, y));
    }

    fn gap(&mut self, points: f32) {
        if let Some((y, d)) = self.cursor {
            self.cursor = Some((y + points, d));
        }
    }

    fn title_page(&mut self) {
        self.new_page(false);
        let m = &self.book.meta;
        let measure = self.geo.measure();
        let size = self.cfg.font_size;
        self.cursor = Some((self.geo.height * 0.28, 0.0));
        let title = m.title.clone();
        self.block_text(&title, FaceId::Bold, size * 2.0, measure, true);
        if let Some(sub) = m.subtitle.clone() {
            self.gap(size);
            self.block_text(&sub, FaceId::Regular, size * 1.3, measure, true);
        }
        self.gap(size * 3.0);
        for a in m.authors.clone() {
            self.block_text(&a.name, FaceId::Bold, size * 1.3, measure, true);
            if let Some(aff) = &a.affiliation {
                self.block_text(aff, FaceId::Regular, size, measure, true);
            }
            self.gap(size);
        }
        if let Some(p) = m.publisher.clone() {
            self.cursor = Some((self.geo.height - self.geo.bottom - size * 3.0, 0.0));
            self.block_text(&p, FaceId::Regular, size, measure, true);
        }
    }

    /// Centred or start-aligned lines of plain text in one face.
    fn block_text(&mut self, s: &str, face: FaceId, size: f32, measure: f32, center: bool) {
        let layout = self.set(
            s,
            vec![text::StyleSpan {
                range: 0..s.len(),
                face,
                size,
            }],
            measure,
            Justify::None,
            None,
        );
        for line in &layout.lines {
            self.place_line(s, line, size, layout.rtl, (0.0, 0.0), center);
        }
    }

    fn chapter_pages(&mut self, index: usize) {
        self.chapter = Some(index);
        // Chapters open on a new page.
        self.new_page(true);
        let size = self.cfg.font_size;
        let chapter = &self.book.chapters[index];
        self.cursor = Some((self.geo.top + self.geo.height * 0.12, 0.0));
        let (title, styles) = styled::flatten(&chapter.title, size * 1.7, self.language());
        let styles = styles
            .into_iter()
            .map(|s| text::StyleSpan {
                face: bold(s.face),
                ..s
            })
            .collect();
        let layout = self.set(&title, styles, self.geo.measure(), Justify::None, None);
        for line in &layout.lines {
            self.place_line(&title, line, size * 1.7, layout.rtl, (0.0, 0.0), false);
        }
        self.gap(size * 1.5);
        let blocks = chapter.blocks.clone();
        for block in &blocks {
            self.block(block, 0.0, size);
        }
        let notes = chapter.footnotes.clone();
        if !notes.is_empty() {
            self.gap(size);
            self.rule(0.3, 0.3);
            for note in &notes {
                let marker = format!("{} ", self.number(note.number));
                for (k, b) in note.blocks.iter().enumerate() {
                    if let Block::Paragraph { content, dir, .. } = b {
                        let mut inlines = content.clone();
                        if k == 0 {
                            inlines.insert(0, Inline::Strong(vec![Inline::Text(marker.clone())]));
                        }
                        self.paragraph(&inlines, *dir, size * 0.85, (0.0, 0.0), true);
                    } else {
                        self.block(b, 0.0, size * 0.85);
                    }
                }
            }
        }
    }

    /// A horizontal rule across `fraction` of the text block, at the start side.
    fn rule(&mut self, fraction: f32, width: f32) {
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

    fn paragraph(
        &mut self,
        inlines: &[Inline],
        dir: Option<crate::config::Direction>,
        size: f32,
        inset: (f32, f32),
        justify: bool,
    ) {
        let (text, styles) = styled::flatten(inlines, size, self.language());
        if text.trim().is_empty() {
            return;
        }
        let measure = self.geo.measure() - inset.0 - inset.1;
        let mode = if justify {
            self.justify()
        } else {
            Justify::None
        };
        let layout = self.set(&text, styles, measure, mode, dir);
        let n = layout.lines.len();
        let mut i = 0;
        while i < n {
            // How many of the remaining lines fit on this page?
            let mut room = self.space_left();
            let mut prev = self.cursor.map(|(_, d)| d);
            let mut fit = 0;
            for line in &layout.lines[i..] {
                let need = match prev {
                    None => line.ascent + line.descent,
                    Some(d) => self.advance(d, line, size) - d + line.descent,
                };
                if need > room {
                    break;
                }
                room -= need - line.descent;
                prev = Some(line.descent);
                fit += 1;
            }
            let left = n - i;
            let mut take = fit.min(left);
            if take < left && n > 2 {
                // No orphan (one line at the page foot) and no widow (one at the next page's head).
                if left - take == 1 {
                    take = take.saturating_sub(1);
                }
                if take == 1 && i == 0 {
                    take = 0;
                }
            }
            if take == 0 && self.cursor.is_some() {
                self.new_page(false);
                continue;
            }
            let take = take.max(1);
            for line in &layout.lines[i..i + take] {
                self.place_line(&text, line, size, layout.rtl, inset, false);
            }
            i += take;
            if i < n {
                self.new_page(false);
            }
        }
        self.gap(size * 0.35);
    }

    fn block(&mut self, block: &Block, indent: f32, size: f32) {
        match block {
            Block::Paragraph { content, dir, .. } => {
                self.paragraph(content, *dir, size, (indent, 0.0), true)
            }
            Block::Heading { level, content, .. } => {
                let hsize = match level {
                    1 => size * 1.5,
                    2 => size * 1.3,
                    3 => size * 1.15,
                    _ => size,
                };
                // Keep the heading with at least two lines of what follows.
                if self.space_left() < hsize * 2.0 + self.cfg.line_height * size * 2.0 {
                    self.new_page(false);
                }
                self.gap(size * 0.6);
                let inlines: Vec<Inline> = vec![Inline::Strong(content.clone())];
                self.paragraph(&inlines, None, hsize, (indent, 0.0), false);
            }
            Block::List { start, items, .. } => {
                for (k, item) in items.iter().enumerate() {
                    // Arabic-Indic numbers take a dash: a full stop beside them reads as a zero.
                    let marker = match (start, self.cfg.digits) {
                        (Some(s), Digits::ArabicIndic) => {
                            format!("{}-", self.number(*s as usize + k))
                        }
                        (Some(s), Digits::Western) => format!("{}.", self.number(*s as usize + k)),
                        (None, _) => "•".to_string(),
                    };
                    let inner = indent + size * 1.8;
                    for (j, b) in item.iter().enumerate() {
                        if j == 0 {
                            self.marker(&marker, indent, size);
                        }
                        self.block(b, inner, size);
                    }
                }
            }
            Block::BlockQuote(blocks) => {
                let start = self.cursor.map(|(y, _)| y);
                let page = self.pages.len();
                for b in blocks {
                    self.block(b, indent + size * 1.5, size);
                }
                // A rule on the start side, on the page where the quotation ends.
                if let (Some(y0), Some((y1, d))) = (start, self.cursor) {
                    let y0 = if page == self.pages.len() {
                        y0
                    } else {
                        self.geo.top
                    };
                    let (left, right) = self.edges();
                    let x = if self.rtl {
                        right - indent - size * 0.5
                    } else {
                        left + indent + size * 0.5
                    };
                    let h = self.geo.height;
                    self.pages.last_mut().expect("a page").rules.push(Rule {
                        from: (x, h - y0),
                        to: (x, h - y1 - d),
                        width: 1.2,
                    });
                }
            }
            Block::CodeBlock { text, .. } => {
                for line in text.lines() {
                    let line = if line.is_empty() { " " } else { line };
                    let inlines = vec![Inline::Code(line.to_string())];
                    self.paragraph(
                        &inlines,
                        Some(crate::config::Direction::Ltr),
                        size * 0.85,
                        (indent, 0.0),
                        false,
                    );
                    self.gap(-size * 0.3);
                }
                self.gap(size * 0.3);
            }
            Block::Table { head, rows, .. } => {
                for row in std::iter::once(head).chain(rows.iter()) {
                    let mut inlines = Vec::new();
                    for (k, cell) in row.iter().enumerate() {
                        if k > 0 {
                            inlines.push(Inline::Text("  |  ".into()));
                        }
                        if std::ptr::eq(row, head) {
                            inlines.push(Inline::Strong(cell.clone()));
                        } else {
                            inlines.extend(cell.iter().cloned());
                        }
                    }
                    // Rows follow the book's direction, whatever their text.
                    self.paragraph(
                        &inlines,
                        Some(self.book.meta.direction),
                        size,
                        (indent, 0.0),
                        false,
                    );
                }
            }
            Block::ThematicBreak => {
                self.gap(size * 0.5);
                self.rule(0.3, 0.5);
                self.gap(size * 0.5);
            }
        }
    }

    /// A list marker in the indent before the item's first line.
    fn marker(&mut self, marker: &str, indent: f32, size: f32) {
        let layout = self.set(
            marker,
            vec![text::StyleSpan {
                range: 0..marker.len(),
                face: FaceId::Regular,
                size,
            }],
            size * 1.6,
            Justify::None,
            None,
        );
        let Some(line) = layout.lines.first() else {
            return;
        };
        // Measure where the item's first line will go without moving the cursor.
        let saved = self.cursor;
        let pages = self.pages.len();
        self.place_line(marker, line, size, self.rtl, (indent, 0.0), false);
        let placed = self.pages.last_mut().and_then(|p| p.runs.pop());
        if self.pages.len() != pages {
            // The marker would start a new page: let the item do it.
            self.pages.pop();
            self.info.pop();
            self.cursor = saved;
            return;
        }
        self.cursor = saved;
        if let Some(run) = placed {
            self.pending_marker(run);
        }
    }

    fn pending_marker(&mut self, run: Vec<Placed>) {
        if let Some(page) = self.pages.last_mut() {
            page.runs.push(run);
        }
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
            // Folio at the foot, centred.
            let folio = self.set(
                &number,
                vec![text::StyleSpan {
                    range: 0..number.len(),
                    face: FaceId::Regular,
                    size,
                }],
                100.0,
                Justify::None,
                None,
            );
            if let Some(line) = folio.lines.first() {
                let x = (self.geo.width - line.width) / 2.0;
                let y = self.geo.bottom * 0.45;
                self.pages[p].runs.push(place(&number, line, x, y));
            }
            if let Some(head) = head {
                let layout = self.set(
                    &head,
                    vec![text::StyleSpan {
                        range: 0..head.len(),
                        face: FaceId::Regular,
                        size,
                    }],
                    self.geo.measure(),
                    Justify::None,
                    None,
                );
                if let Some(line) = layout.lines.first() {
                    let x = (self.geo.width - line.width) / 2.0;
                    let y = self.geo.height - self.geo.top * 0.55;
                    self.pages[p].runs.push(place(&head, line, x, y));
                }
            }
        }
    }
}

fn bold(face: FaceId) -> FaceId {
    match face {
        FaceId::Regular => FaceId::Bold,
        FaceId::Italic => FaceId::BoldItalic,
        other => other,
    }
}

/// The glyphs of `line` with its left end at `x` and baseline at `y` (PDF coordinates). Each cluster's
/// text goes with its first glyph, so extraction gives every character once.
fn place(text: &str, line: &Line, x: f32, y: f32) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut pen = x;
    let mut seen = std::collections::HashSet::new();
    for run in &line.runs {
        for g in &run.glyphs {
            let t = if g.inserted || !seen.insert(g.text.start) {
                String::new()
            } else {
                text[g.text.clone()].to_string()
            };
            out.push(Placed {
                face: run.face,
                size: run.size,
                gid: g.id,
                x: pen + g.x_offset as f32 * run.scale,
                y: y + g.y_offset as f32 * run.scale,
                text: t,
            });
            pen += g.x_advance as f32 * run.scale + g.extra;
        }
    }
    out
}
