//! The neutral description of laid-out pages that sits between page layout and the PDF writer.
//!
//! Layout ([`super::pages`]) decides where everything goes and what it is; the writer
//! ([`super::writer`]) decides how to say it in PDF. A [`Page`] holds lines of shaped glyphs (each with
//! its origin, the text engine's line and the paragraph text it stands for), rules, images and link
//! areas, in reading order. Every item carries a [`Tag`]: the element of the document's logical structure it belongs to,
//! or [`Tag::Artifact`] for what is only there for the printed page (running heads, folios, leaders,
//! rules, a table header repeated on a later page). The elements form a tree in [`Structure`], made
//! in reading order as layout goes; the writer turns it into the PDF's structure tree.
//!
//! Nothing here knows about PDF syntax, fonts as files, or how a text extractor reads a line.

use std::ops::Range;
use std::sync::Arc;

use crate::text::Line;

/// Index of a [`Node`] in [`Structure::nodes`].
pub type NodeId = usize;

/// What a piece of page content is, for the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Content of a structure element.
    Node(NodeId),
    /// Content that belongs to the page, not to the text: running heads, folios, leaders, rules.
    Artifact(Artifact),
}

/// Kinds of artifacts (PDF 32000-1 §14.8.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// Running heads, folios, a table header repeated on a later page.
    Pagination,
    /// Rules, dot leaders.
    Layout,
}

/// The standard structure types the book uses (PDF 32000-1 §14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A heading of level 1-6 (a chapter's title is level 1).
    H(u8),
    P,
    /// A list, its items, an item's label and body.
    L,
    LI,
    Lbl,
    LBody,
    BlockQuote,
    Table,
    TR,
    /// A header cell (scope: its column).
    TH,
    TD,
    /// A footnote.
    Note,
    /// A reference to a note.
    Reference,
    /// A link: its text and its annotations.
    Link,
    /// An image, with its alternative text.
    Figure,
    Caption,
    Code,
    /// A group of blocks (a poem), and a piece of a line (a hemistich).
    Div,
    Span,
    /// The contents and their entries.
    TOC,
    TOCI,
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    /// The element it is part of; `None`: the document.
    pub parent: Option<NodeId>,
    /// Its language, when it differs from the book's.
    pub lang: Option<String>,
    /// Alternative text (a figure's description).
    pub alt: Option<String>,
}

/// The logical structure of the book: elements in the order layout made them, which is reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub nodes: Vec<Node>,
}

impl Structure {
    /// Adds an element under `parent`.
    pub fn add(&mut self, role: Role, parent: Option<NodeId>) -> NodeId {
        self.nodes.push(Node {
            role,
            parent,
            lang: None,
            alt: None,
        });
        self.nodes.len() - 1
    }

    /// Whether `node` is the link of a note reference (the note's number in the text).
    pub fn is_note_reference(&self, node: NodeId) -> bool {
        let parent = self.nodes[node].parent;
        self.nodes[node].role == Role::Link
            && parent.is_some_and(|p| self.nodes[p].role == Role::Reference)
    }

    /// Appends `other`'s elements (renumbered); its top-level elements go under `parent`.
    /// Returns the offset added to `other`'s ids.
    pub fn append(&mut self, other: Structure, parent: Option<NodeId>) -> usize {
        let offset = self.nodes.len();
        self.nodes.extend(other.nodes.into_iter().map(|n| Node {
            parent: n.parent.map(|p| p + offset).or(parent),
            ..n
        }));
        offset
    }
}

/// A line of text: glyphs as the text engine shaped and justified them, with their left end at `x` and
/// their baseline at `y` (points from the page's lower left corner).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub x: f32,
    pub y: f32,
    /// Shared: a line drawn again and again (a leader's dot) is held once.
    pub line: Arc<Line>,
    /// The paragraph the line is part of: every glyph's text is a range of it.
    pub text: Arc<str>,
    pub tag: Tag,
    /// Parts of the line that belong to an element inside `tag`'s (a link, a note reference): byte
    /// ranges of `text` and the element.
    pub spans: Vec<(Range<usize>, NodeId)>,
}

impl TextLine {
    /// The element (or artifact) the text at byte `at` belongs to.
    pub fn tag_at(&self, at: usize) -> Tag {
        self.spans
            .iter()
            .find(|(r, _)| r.contains(&at))
            .map_or(self.tag, |&(_, n)| Tag::Node(n))
    }
}

/// A straight rule, always an artifact.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub width: f32,
}

/// An image of the book ([`crate::model::Book::images`]): lower left corner and size in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub index: usize,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// Its EXIF orientation (1–8): how its stored pixels are turned to show.
    pub orientation: u8,
    /// Its [`Role::Figure`] element.
    pub node: Option<NodeId>,
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

/// A link area (x1, y1, x2, y2 in PDF coordinates) on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub page: usize,
    pub rect: [f32; 4],
    pub target: Target,
    /// Its [`Role::Link`] element.
    pub node: Option<NodeId>,
    /// What the link is, in words (its text), for screen readers.
    pub description: String,
}

/// A colour of ink: grey (0 black, 1 white) or process colour (cyan, magenta, yellow, black, each
/// 0–1). What is not painted otherwise is black.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Colour {
    Grey(f32),
    Cmyk([f32; 4]),
}

/// What the cover draws besides lines and rules; a page of the book has none of it.
#[derive(Debug, Clone, PartialEq)]
pub enum Paint {
    /// The fill and stroke colour of what follows on the page.
    Colour(Colour),
    /// A rectangle (x0, y0, x1, y1) filled with the colour, an artifact.
    Fill([f32; 4]),
    /// What follows, until [`Paint::Untransform`], drawn through this matrix (a, b, c, d, e, f as
    /// PDF's `cm` takes them): a line turned to run along a spine.
    Transform([f32; 6]),
    Untransform,
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextLine),
    Rule(Rule),
    Image(Image),
    Paint(Paint),
}

/// What one page shows, in reading order (the order layout placed it in).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A heading the contents and the outline point to: its page (0-based), the PDF y of its top, its title
/// and its level (1 for a chapter).
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub page: usize,
    pub y: f32,
    pub title: String,
    pub level: u8,
}

/// The laid-out book.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Page width and height in points.
    pub size: (f32, f32),
    pub pages: Vec<Page>,
    pub structure: Structure,
    pub links: Vec<Link>,
    /// Bookmarks, in reading order.
    pub outline: Vec<Anchor>,
    /// The printed folio of every page.
    pub labels: Vec<String>,
    /// What layout tells the author: a table whose words had to be broken, an image that prints
    /// soft, an image it cannot show.
    pub warnings: Vec<crate::error::Warning>,
}
