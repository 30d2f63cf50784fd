//! Page layout: the book model set on pages with the text engine.
//!
//! The composer fills pages from the top: a title page, then every chapter from a new page (a recto,
//! after a blank verso if need be) with an opening (its title lower on the page, no running head) and
//! its blocks, each page's notes at its foot ([`foot`]) or every note at the chapter's end. Paragraphs are never split so that one line is left alone at the foot or the head of a page
//! (unless they have only one or two lines), and a heading always has lines of its text under it on its
//! page. Every other page carries a running head (the book title on versos, the chapter title on rectos)
//! and every page but the title page a folio in the book's digits. Margins mirror: the inner (binding)
//! margin is on the right of rectos in a right-to-left book and on the left in a left-to-right one.
//!
//! What it makes is a [`frame::Document`]: each page's lines, rules and images in reading order, each
//! tagged with the structure element it belongs to (opened with `Composer::within` around the
//! block that lays it out) or marked as an artifact (running heads, folios, rules, leaders, a table's
//! repeated header). How text is written for readers' software is the writer's business, not layout's.

use std::ops::Range;
use std::sync::Arc;

use crate::model::{Book, Inline};
use crate::model::{Digits, JustifyMode, PdfSettings};
use crate::text::{self, FaceId, Fonts, Justify, Layout, LayoutCache, Line, Options, Paragraph};

use super::frame::{
    self, Anchor, Artifact, Item, Link, NodeId, Role, Rule, Structure, Tag, Target, TextLine,
};

mod ahead;
mod document;
pub use document::{compose, compose_then};
mod blocks;
mod entries;
mod figure;
mod foot;
mod galley;
mod keep;
pub mod styled;
mod table;
mod toc;
mod verse;

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
    pub fn new(cfg: &PdfSettings) -> Self {
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

/// What a page is, for its running head.
#[derive(Debug, Clone, PartialEq)]
struct PageInfo {
    /// The chapter the page belongs to.
    chapter: Option<usize>,
    /// A chapter's first page (or a blank page): no running head.
    opening: bool,
    /// A page left blank (the verso before a chapter opening on a recto): no folio either.
    blank: bool,
}

pub(super) struct Composer<'a, 'f> {
    pub(super) book: &'a Book,
    pub(super) fonts: &'a Fonts<'f>,
    pub(super) cfg: &'a PdfSettings,
    pub(super) geo: Geometry,
    pub(super) rtl: bool,
    pub(super) cache: LayoutCache,
    pub(super) pages: Vec<frame::Page>,
    info: Vec<PageInfo>,
    /// Distance from the page top to the last baseline placed, and that line's descent.
    pub(super) cursor: Option<(f32, f32)>,
    pub(super) chapter: Option<usize>,
    /// Headings the contents and the outline point to, in reading order.
    pub(super) anchors: Vec<Anchor>,
    /// Links drawn on the pages (the contents entries, the appendix's entries).
    pub(super) links: Vec<Link>,
    /// Pages before the first of `pages` (a contents composed apart): margins alternate by page number.
    pub(super) page_offset: usize,
    /// Where every chapter start, heading, paragraph, note, note reference and fact anchor is, by
    /// (chapter, id) ("" for the chapter's start).
    pub(super) ids: std::collections::HashMap<(usize, String), (usize, f32)>,
    /// Links in the text, resolved once every page is known: page, rectangle, target, element, text.
    pub(super) text_links: Vec<TextLink>,
    /// The structure elements made so far, and what is being placed now.
    pub(super) structure: Structure,
    pub(super) tag: Tag,
    /// Parts of the paragraph being placed that belong to elements of their own (links, note references).
    pub(super) spans: Vec<(Range<usize>, NodeId)>,
    /// A list item's marker, waiting for the item's first line.
    pub(super) marker: Option<Marker>,
    /// What the author is told of the layout ([`frame::Document::warnings`]).
    pub(super) warnings: Vec<crate::error::Warning>,
    /// The notes at the foot of the page being filled ([`foot`]).
    foot: foot::Foot,
    /// Note numbers that restart on every page (`[pdf] note_numbering = "page"`), by (chapter, note
    /// id), from the composition before; empty: the chapter's numbers.
    pub(super) note_numbers: Arc<std::collections::HashMap<(usize, String), usize>>,
    /// Each note's first page, in the order notes were placed.
    pub(super) note_pages: Vec<((usize, String), usize)>,
    /// The block after the heading being placed (what the heading keeps with).
    pub(super) next_block: Option<crate::model::Block>,
    /// The pitch of the paragraph being placed, between its own lines.
    pub(super) pitch: Option<f32>,
    /// The first-line indent of the next paragraph (one that follows a paragraph), in points.
    pub(super) first_indent: f32,
    /// Whether the block placed last was a paragraph of the text (the next one is indented).
    pub(super) after_paragraph: bool,
}

/// A list item's marker: its text, its line, the inset of its item, its `Lbl` element.
pub(super) struct Marker {
    text: Arc<str>,
    pub line: Arc<Line>,
    pub indent: f32,
    pub node: NodeId,
}

/// A link in the text before its target's page is known.
pub(super) struct TextLink {
    pub page: usize,
    pub rect: [f32; 4],
    pub target: crate::model::LinkTarget,
    pub node: NodeId,
    pub description: String,
}

/// `s` all in one face and size.
fn plain_styles(s: &str, face: FaceId, size: f32) -> Vec<text::StyleSpan> {
    vec![text::StyleSpan {
        range: 0..s.len(),
        face,
        size,
        rise: 0.0,
    }]
}

impl<'a, 'f> Composer<'a, 'f> {
    fn new(book: &'a Book, fonts: &'a Fonts<'f>, cfg: &'a PdfSettings, cache: LayoutCache) -> Self {
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
            anchors: Vec::new(),
            links: Vec::new(),
            page_offset: 0,
            ids: std::collections::HashMap::new(),
            text_links: Vec::new(),
            structure: Structure::default(),
            tag: Tag::Artifact(Artifact::Layout),
            spans: Vec::new(),
            marker: None,
            warnings: Vec::new(),
            foot: foot::Foot::default(),
            first_indent: 0.0,
            after_paragraph: false,
            pitch: None,
            next_block: None,
            note_numbers: Arc::default(),
            note_pages: Vec::new(),
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

    /// `inlines` flattened at `size`, their note references numbered as the book numbers them.
    pub(super) fn flatten(&self, inlines: &[Inline], size: f32) -> styled::Flattened {
        let chapter = self.chapter.unwrap_or(0);
        let numbers = &self.note_numbers;
        styled::flatten_numbered(inlines, size, self.digits_language(), &|id| {
            numbers.get(&(chapter, id.to_string())).copied()
        })
    }

    /// The language whose digits note references are numbered in: the book's digits.
    pub(super) fn digits_language(&self) -> &'static str {
        match self.cfg.digits {
            Digits::ArabicIndic => "ar",
            Digits::Western => "en",
        }
    }

    /// The number note `id` of the chapter being composed prints with.
    pub(super) fn note_number(&self, id: &str, number: usize) -> usize {
        let chapter = self.chapter.unwrap_or(0);
        self.note_numbers
            .get(&(chapter, id.to_string()))
            .copied()
            .unwrap_or(number)
    }

    /// A warning at `line` of the file of the chapter being composed.
    pub(super) fn warn(&mut self, line: usize, message: impl Into<String>) {
        let Some(chapter) = self.chapter else { return };
        let file = &self.book.chapters[chapter].source;
        self.warnings
            .push(crate::error::Warning::at(file, line, message));
    }

    pub(super) fn number(&self, n: usize) -> String {
        match self.cfg.digits {
            Digits::ArabicIndic => crate::locale::number(n, "ar"),
            Digits::Western => n.to_string(),
        }
    }

    /// Runs `f` with what it places tagged as a new element `role` inside the current one.
    pub(super) fn within<R>(&mut self, role: Role, f: impl FnOnce(&mut Self) -> R) -> R {
        let node = self.element(role);
        let saved = std::mem::replace(&mut self.tag, Tag::Node(node));
        let out = f(self);
        self.tag = saved;
        out
    }

    /// A new element `role` inside the current one.
    pub(super) fn element(&mut self, role: Role) -> NodeId {
        let parent = match self.tag {
            Tag::Node(n) => Some(n),
            Tag::Artifact(_) => None,
        };
        self.structure.add(role, parent)
    }

    /// Runs `f` with what it places tagged as an artifact.
    pub(super) fn artifact<R>(&mut self, kind: Artifact, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = std::mem::replace(&mut self.tag, Tag::Artifact(kind));
        let out = f(self);
        self.tag = saved;
        out
    }

    pub(super) fn new_page(&mut self, opening: bool) {
        self.flush_foot();
        self.pages.push(frame::Page::default());
        self.info.push(PageInfo {
            chapter: self.chapter,
            opening,
            blank: false,
        });
        self.cursor = None;
        self.take_carried(false);
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
        dir: Option<crate::model::Direction>,
    ) -> Arc<Layout> {
        let para = Paragraph {
            text,
            styles,
            direction: dir,
        };
        let mut opts = Options::new(measure, justify, self.language());
        opts.indent = std::mem::take(&mut self.first_indent);
        self.cache.layout(self.fonts, &para, &opts)
    }

    /// `s` in one face and size, ragged, at `measure`, in the book's direction (a list marker such as
    /// «١–» has no strong character to take one from).
    pub(super) fn set_plain(
        &mut self,
        s: &str,
        face: FaceId,
        size: f32,
        measure: f32,
    ) -> Arc<Layout> {
        let dir = Some(self.book.meta.direction);
        self.set(s, plain_styles(s, face, size), measure, Justify::None, dir)
    }

    /// A line of `text` with its left end at `x` and its baseline at PDF height `y`, tagged with the
    /// current element (and the current spans).
    pub(super) fn text_line(&self, text: &Arc<str>, line: &Arc<Line>, x: f32, y: f32) -> Item {
        self.shared_line(text, Arc::clone(line), x, y)
    }

    /// [`Composer::text_line`] for a line held once and drawn in many places.
    pub(super) fn shared_line(&self, text: &Arc<str>, line: Arc<Line>, x: f32, y: f32) -> Item {
        let spans = self
            .spans
            .iter()
            .filter(|(r, _)| r.start < line.range.end && line.range.start < r.end)
            .cloned()
            .collect();
        Item::Text(TextLine {
            x,
            y,
            line,
            text: Arc::clone(text),
            tag: self.tag,
            spans,
        })
    }

    /// Puts `item` on the last page.
    pub(super) fn push(&mut self, item: Item) {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        self.pages
            .last_mut()
            .expect("a page exists")
            .items
            .push(item);
    }

    /// The first line of `s` centred on page `p` with its baseline at PDF height `y`, as an artifact.
    fn centred(&mut self, p: usize, s: &str, size: f32, y: f32) {
        let layout = self.set_plain(s, FaceId::REGULAR, size, self.geo.measure());
        if let Some(line) = layout.lines.first() {
            let x = (self.geo.width - line.width) / 2.0;
            let item = self.artifact(Artifact::Pagination, |c| {
                c.text_line(&Arc::from(s), line, x, y)
            });
            self.pages[p].items.push(item);
        }
    }

    /// Baseline distance between two lines: the paragraph's one pitch inside a paragraph
    /// ([`Composer::even`]), else the line height or more where the lines' ink would touch.
    pub(super) fn advance(&self, prev_descent: f32, line: &Line, size: f32) -> f32 {
        let pitch = self.pitch.unwrap_or(self.cfg.line_height * size);
        pitch.max(prev_descent + line.ascent)
    }

    /// The one pitch of a paragraph's lines: the line height, or more when two of its lines' marks
    /// would touch (vocalized text), the same for every line.
    pub(super) fn even(&self, lines: &[Arc<Line>], size: f32) -> f32 {
        lines
            .windows(2)
            .map(|w| w[0].descent + w[1].ascent)
            .fold(self.cfg.line_height * size, f32::max)
    }

    /// Room left for text on the page: down to the notes at its foot, or to the text block's end.
    pub(super) fn space_left(&self) -> f32 {
        let used = self.cursor.map_or(self.geo.top, |(y, _)| y);
        self.geo.height - self.geo.bottom - self.foot.height() - used
    }

    /// Places one line: `start` and `end` are the insets from the text block's edges (start side first).
    pub(super) fn place_line(
        &mut self,
        text: &Arc<str>,
        line: &Arc<Line>,
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
        let end = self.geo.height - self.geo.bottom - self.foot.height();
        if baseline + line.descent > end && self.cursor.is_some() {
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
        if let Some(m) = self.marker.take() {
            // A list item's marker beside its first line, at the start side.
            let (left, right) = self.edges();
            let x = if self.rtl {
                right - m.indent - m.line.width
            } else {
                left + m.indent
            };
            let tag = std::mem::replace(&mut self.tag, Tag::Node(m.node));
            let spans = std::mem::take(&mut self.spans);
            let item = self.text_line(&m.text, &m.line, x, y);
            self.push(item);
            self.tag = tag;
            self.spans = spans;
        }
        let item = self.text_line(text, line, x0, y);
        self.push(item);
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
        self.push(Item::Rule(Rule {
            from: (x1, y),
            to: (x2, y),
            width,
        }));
        self.cursor = Some((y_top + size * 0.2, 0.0));
    }

    /// Running heads and folios.
    fn furniture(&mut self) {
        let size = self.cfg.font_size * FURNITURE_SIZE;
        for p in 1..self.pages.len() {
            let number = self.number(p + 1);
            let head = match self.info[p].chapter {
                _ if self.info[p].opening => None,
                Some(c) if p % 2 == 0 => Some(self.book.chapters[c].title_text()),
                _ => Some(self.book.meta.title.clone()),
            };
            if self.info[p].blank {
                continue;
            }
            // Folio at the foot, running head at the top, both centred.
            self.centred(p, &number, size, self.geo.bottom * FOLIO_AT);
            if let Some(head) = head {
                self.centred(p, &head, size, self.geo.height - self.geo.top * HEAD_AT);
            }
        }
    }
}

/// The running heads' and folios' size, in the body's.
pub const FURNITURE_SIZE: f32 = 0.8;
/// The folio's baseline above the page's foot, in the bottom margin's height.
pub const FOLIO_AT: f32 = 0.45;
/// The running head's baseline below the page's top, in the top margin's height.
pub const HEAD_AT: f32 = 0.55;

pub(super) fn bold(face: FaceId) -> FaceId {
    match face {
        FaceId::REGULAR => FaceId::BOLD,
        FaceId::ITALIC => FaceId::BOLD_ITALIC,
        other => other,
    }
}

/// The horizontal extent (from the line's left end at `x0`) of the glyphs of `line` that stand for text in
/// `range`, if any.
pub(super) fn extent(line: &Line, x0: f32, range: &Range<usize>) -> Option<(f32, f32)> {
    let mut pen = x0;
    let mut out: Option<(f32, f32)> = None;
    for run in &line.runs {
        for g in &run.glyphs {
            let w = g.x_advance as f32 * run.scale + g.extra;
            if !g.inserted && g.text.start < range.end && range.start < g.text.end {
                out = Some(out.map_or((pen, pen + w), |(a, b)| (a.min(pen), b.max(pen + w))));
            }
            pen += w;
        }
    }
    out
}
