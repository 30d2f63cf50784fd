//! The facts of a book: the dates and figures its text states, each with its context and the anchor of
//! the paragraph that states it.
//!
//! Facts are read from the book model, never from an edition: only the paragraphs of the chapters
//! (including those inside lists and quotations) are read, so headings, table cells, code, notes, page
//! furniture and note markers give none. The reading of one paragraph is in [`extract`]. The order is
//! the appendix's: dated facts first, chronologically (a date without a year after the dated ones of
//! the same month), then the other figures grouped by kind in the order the text gives them.

pub mod extract;

use serde::Serialize;

use crate::model::{Block, Book, Inline};
pub use extract::Kind;

/// One fact of the book.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub kind: Kind,
    pub value: String,
    pub normalized: String,
    pub context: String,
    /// The chapter (1-based, in reading order) and its title.
    pub chapter: usize,
    pub chapter_title: String,
    /// The paragraph's anchor id (`p-4`), the same in both editions.
    pub anchor: String,
}

impl Kind {
    /// Dated facts go on the timeline.
    pub fn dated(self) -> bool {
        matches!(
            self,
            Kind::Date | Kind::Month | Kind::Year | Kind::YearRange
        )
    }
}

/// Every fact of `book`, in appendix order, each once.
pub fn collect(book: &Book) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    for (c, chapter) in book.chapters.iter().enumerate() {
        let mut paragraphs = Vec::new();
        for block in &chapter.blocks {
            paragraphs_of(block, &mut paragraphs);
        }
        for (id, content) in paragraphs {
            let (text, code) = paragraph_text(content);
            for f in extract::facts(&text, &code) {
                let fact = Fact {
                    kind: f.kind,
                    value: f.value,
                    normalized: f.normalized,
                    context: f.context,
                    chapter: c + 1,
                    chapter_title: chapter.title_text(),
                    anchor: id.to_string(),
                };
                let same = |g: &Fact| {
                    g.kind == fact.kind
                        && g.normalized == fact.normalized
                        && g.anchor == fact.anchor
                };
                if !out.iter().any(|g| g.chapter == fact.chapter && same(g)) {
                    out.push(fact);
                }
            }
        }
    }
    // Stable: the text's order within a key.
    out.sort_by_key(order);
    out
}

/// Timeline first (by date), then the figures by kind.
fn order(f: &Fact) -> (u8, String, Kind) {
    if f.kind.dated() {
        let key = match f.kind {
            // 2015/2016 sorts with 2015; a date without a year has no place in time: after the rest.
            Kind::YearRange => f.normalized.replace('/', "-"),
            Kind::Date if f.normalized.starts_with("--") => format!("9999{}", &f.normalized[1..]),
            _ => f.normalized.clone(),
        };
        (0, key, f.kind)
    } else {
        (1, String::new(), f.kind)
    }
}

/// The text of a paragraph as the reader sees it, and the byte ranges of its code.
fn paragraph_text(inlines: &[Inline]) -> (String, Vec<std::ops::Range<usize>>) {
    fn walk(inlines: &[Inline], s: &mut String, code: &mut Vec<std::ops::Range<usize>>) {
        for i in inlines {
            match i {
                Inline::Text(t) => s.push_str(t),
                Inline::Code(t) => {
                    let start = s.len();
                    s.push_str(t);
                    code.push(start..s.len());
                }
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                    walk(c, s, code)
                }
                Inline::Span { content, .. } | Inline::Link { content, .. } => {
                    walk(content, s, code)
                }
                Inline::SoftBreak | Inline::LineBreak => s.push(' '),
                Inline::Image { .. } | Inline::FootnoteRef { .. } => {}
            }
        }
    }
    let mut s = String::new();
    let mut code = Vec::new();
    walk(inlines, &mut s, &mut code);
    (s, code)
}

fn paragraphs_of<'b>(block: &'b Block, out: &mut Vec<(&'b str, &'b [Inline])>) {
    match block {
        Block::Paragraph { id, content, .. } => out.push((id, content)),
        Block::List { items, .. } => items.iter().flatten().for_each(|b| paragraphs_of(b, out)),
        Block::BlockQuote(blocks) => blocks.iter().for_each(|b| paragraphs_of(b, out)),
        Block::Heading { .. }
        | Block::CodeBlock { .. }
        | Block::Table { .. }
        | Block::ThematicBreak => {}
    }
}
