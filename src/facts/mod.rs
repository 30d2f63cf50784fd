//! The facts of a book: the dates and figures its text states, and the facts its author adds, each with
//! its context and the place that states it; and the appendix that lists them.
//!
//! Facts are read from the book model, never from an edition: only the paragraphs of the manuscript's
//! chapters (including those inside lists; inside block quotations when `[facts] quotations` says so)
//! are read, so headings, table cells, code, verse, notes, page furniture, note markers and the
//! appendix itself give none. `[facts] kinds` of `book.toml` chooses the kinds the appendix lists. The reading of one paragraph
//! is in [`extract`]; `facts.toml` ([`curate`]) adds facts, hides or relabels extracted ones; [`attach`]
//! puts the result in the book: an [`Inline::Anchor`] at each fact's place in its paragraph, the list in
//! [`Book::facts`], and the appendix chapter ([`appendix`]) after the last chapter.
//!
//! The order is the appendix's: dated facts first, chronologically (a date without a year after the
//! dated ones), then the other figures grouped by kind in the order the text gives them.

pub mod appendix;
pub mod curate;
pub mod extract;
pub mod words;

use std::path::Path;

use crate::error::{Result, Warning};
use crate::model::{Block, Book, Fact, FactKind, FactSource, Inline};

/// Reads `facts.toml` of the manuscript folder `dir` (if any), merges it with the facts of the text and
/// attaches the result to `book`: anchors in the paragraphs, [`Book::facts`], and the appendix chapter
/// (unless `facts.toml` turns it off or there is no fact). Problems an author should see (a curated value
/// the text does not state, an entry that matches nothing) are added to `warnings`.
pub fn attach(book: &mut Book, dir: &Path, warnings: &mut Vec<Warning>) -> Result<()> {
    let curation = curate::Curation::load(dir, book)?;
    let mut facts = curation.apply(book, collect(book), warnings);
    // The kinds `[facts] kinds` lists, and every fact of the author's.
    let kinds = &book.fact_settings.kinds;
    facts.retain(|f| f.source == FactSource::Curated || kinds.contains(&f.kind));
    annotate(book, &facts);
    if curation.appendix && !facts.is_empty() {
        let title = curation
            .title
            .clone()
            .unwrap_or_else(|| appendix::default_title(&book.meta.language).to_string());
        let chapter = appendix::chapter(book, &facts, title, dir.join("facts.toml"));
        book.chapters.push(chapter);
    }
    book.facts = facts;
    Ok(())
}

/// Every fact the text of `book` states, in appendix order, each once.
pub fn collect(book: &Book) -> Vec<Fact> {
    // Every paragraph's text, in order; the facts of each read on every core (a paragraph's facts
    // depend on its text alone), then gathered in order.
    let mut paragraphs_in_order = Vec::new();
    for (c, chapter) in book.chapters.iter().enumerate() {
        if chapter.appendix {
            continue;
        }
        let title = chapter.title_text();
        for (id, content) in read_paragraphs(chapter, book.fact_settings.quotations) {
            let (text, code) = paragraph_text(content);
            paragraphs_in_order.push((c, title.clone(), id, text, code));
        }
    }
    let found = crate::parallel::map(&paragraphs_in_order, |(_, _, _, text, code)| {
        extract::facts(text, code)
    });
    let mut out: Vec<Fact> = Vec::new();
    for ((c, title, id, _, _), facts) in paragraphs_in_order.iter().zip(found) {
        let start = out.len();
        for f in facts {
            let fact = Fact {
                kind: f.kind,
                value: f.value,
                normalized: f.normalized,
                hijri: f.hijri,
                calendar: f.calendar,
                context: f.context,
                chapter: Some(c + 1),
                chapter_title: Some(title.clone()),
                anchor: Some(id.to_string()),
                source: FactSource::Text,
                review: f.review,
                span: Some(f.at.clone()),
            };
            // The same words stating the same thing twice in a paragraph are one fact.
            let same = |g: &Fact| {
                g.kind == fact.kind
                    && g.normalized == fact.normalized
                    && g.hijri == fact.hijri
                    && g.value == fact.value
            };
            if !out[start..].iter().any(same) {
                out.push(fact);
            }
        }
    }
    sort(&mut out);
    out
}

/// Timeline first (by date), then the figures by kind; the text's order within a key.
pub fn sort(facts: &mut [Fact]) {
    facts.sort_by_key(order);
}

/// A point on the timeline: year (astronomical), month, day.
type When = (i64, u32, u32);

fn order(f: &Fact) -> (u8, When, FactKind, (usize, usize, usize)) {
    // Where the text states it: chapter, paragraph, offset (a fact without a place last).
    let place = (
        f.chapter.unwrap_or(usize::MAX),
        f.anchor
            .as_deref()
            .and_then(|a| a.strip_prefix("p-"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        f.span.as_ref().map_or(0, |s| s.start),
    );
    if f.kind.dated() {
        (0, when(&f.normalized), f.kind, place)
    } else {
        (1, (0, 0, 0), f.kind, place)
    }
}

/// Where a dated fact goes on the timeline: the start of its `normalized` value as (year, month, day),
/// a year on its own before its days (`2015/2016` sorts with 2015, `-0499` before `0622`); a date
/// without a year has no place in time and goes after the rest (a Hijri one, without a Gregorian day,
/// last).
fn when(normalized: &str) -> When {
    if normalized.is_empty() {
        return (i64::MAX, 13, 0);
    }
    if let Some(md) = normalized.strip_prefix("--") {
        let mut parts = md.split('-').map(|p| p.parse().unwrap_or(0));
        return (
            i64::MAX,
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        );
    }
    let start = normalized.split('/').next().unwrap_or("");
    let (sign, body) = match start.strip_prefix('-') {
        Some(b) => (-1, b),
        None => (1, start),
    };
    let mut parts = body.split('-');
    let year = parts
        .next()
        .and_then(|y| y.parse::<i64>().ok())
        .map_or(i64::MAX, |y| sign * y);
    let mut next = || parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (year, next(), next())
}

/// Gives every fact with a place in a paragraph an anchor there ([`anchor_id`] of its position in the
/// list): the PDF links to, and prints the page number of, the exact line.
fn annotate(book: &mut Book, facts: &[Fact]) {
    for (n, f) in facts.iter().enumerate() {
        let (Some(chapter), Some(anchor), Some(span)) = (f.chapter, &f.anchor, &f.span) else {
            continue;
        };
        let Some(chapter) = book.chapters.get_mut(chapter - 1) else {
            continue;
        };
        for block in &mut chapter.blocks {
            if let Some(content) = paragraph_mut(block, anchor) {
                let mut pos = 0;
                insert_anchor(content, span.start, &anchor_id(n), &mut pos);
                break;
            }
        }
    }
}

/// The anchor id of the `n`th fact (0-based).
pub fn anchor_id(n: usize) -> String {
    format!("fact-{}", n + 1)
}

/// Inserts `Inline::Anchor(id)` at byte `offset` of the text [`paragraph_text`] gives for `inlines`;
/// `pos` is the offset at the start of `inlines`. True once inserted.
fn insert_anchor(inlines: &mut Vec<Inline>, offset: usize, id: &str, pos: &mut usize) -> bool {
    let mut i = 0;
    while i < inlines.len() {
        if *pos > offset {
            // Inside code, or past the text: no place for an anchor.
            return false;
        }
        if *pos == offset {
            inlines.insert(i, Inline::Anchor(id.to_string()));
            return true;
        }
        match &mut inlines[i] {
            Inline::Text(t) if *pos + t.len() > offset => {
                let at = offset - *pos;
                if !t.is_char_boundary(at) {
                    return false;
                }
                let rest = t.split_off(at);
                inlines.insert(i + 1, Inline::Anchor(id.to_string()));
                inlines.insert(i + 2, Inline::Text(rest));
                return true;
            }
            Inline::Text(t) | Inline::Code(t) => *pos += t.len(),
            Inline::SoftBreak | Inline::LineBreak => *pos += 1,
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Span { content: c, .. }
            | Inline::Link { content: c, .. } => {
                if insert_anchor(c, offset, id, pos) {
                    return true;
                }
            }
            Inline::Image { .. } | Inline::FootnoteRef { .. } | Inline::Anchor(_) => {}
        }
        i += 1;
    }
    false
}

/// The text of a paragraph as the reader sees it, and the byte ranges of its code.
pub fn paragraph_text(inlines: &[Inline]) -> (String, Vec<std::ops::Range<usize>>) {
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
                Inline::Image { .. } | Inline::FootnoteRef { .. } | Inline::Anchor(_) => {}
            }
        }
    }
    let mut s = String::new();
    let mut code = Vec::new();
    walk(inlines, &mut s, &mut code);
    (s, code)
}

/// The paragraphs of a chapter (including those of its lists and quotations), with their anchor
/// ids, in reading order: where `facts.toml` may place a fact.
pub fn paragraphs(chapter: &crate::model::Chapter) -> Vec<(&str, &[Inline])> {
    read_paragraphs(chapter, true)
}

/// The paragraphs facts are read from, with their anchor ids, in reading order: those of block
/// quotations only when `quotations` (`[facts] quotations`; a quotation's figures are its author's).
pub fn read_paragraphs(
    chapter: &crate::model::Chapter,
    quotations: bool,
) -> Vec<(&str, &[Inline])> {
    fn walk<'b>(block: &'b Block, quotations: bool, out: &mut Vec<(&'b str, &'b [Inline])>) {
        match block {
            Block::Paragraph { id, content, .. } => out.push((id, content)),
            Block::List { items, .. } => items
                .iter()
                .flatten()
                .for_each(|b| walk(b, quotations, out)),
            Block::BlockQuote(blocks) if quotations => {
                blocks.iter().for_each(|b| walk(b, quotations, out))
            }
            Block::BlockQuote(_) => {}
            // Verse is not read for facts: a poem's figures are the poet's, not the book's.
            Block::Heading { .. }
            | Block::CodeBlock { .. }
            | Block::Poem { .. }
            | Block::Table { .. }
            | Block::ThematicBreak
            | Block::Entries(_) => {}
        }
    }
    let mut out = Vec::new();
    chapter
        .blocks
        .iter()
        .for_each(|b| walk(b, quotations, &mut out));
    out
}

/// The content of paragraph `id` in `block` (or a list or quotation inside it).
fn paragraph_mut<'b>(block: &'b mut Block, id: &str) -> Option<&'b mut Vec<Inline>> {
    match block {
        Block::Paragraph { id: p, content, .. } if p == id => Some(content),
        Block::List { items, .. } => items
            .iter_mut()
            .flatten()
            .find_map(|b| paragraph_mut(b, id)),
        Block::BlockQuote(blocks) => blocks.iter_mut().find_map(|b| paragraph_mut(b, id)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_goes_at_the_offset_inside_nested_inlines() {
        let mut inlines = vec![
            Inline::Text("في ".into()),
            Inline::Strong(vec![Inline::Text("عام 2030".into())]),
            Inline::SoftBreak,
            Inline::Text("نص".into()),
        ];
        let (text, _) = paragraph_text(&inlines);
        let offset = text.find("2030").unwrap();
        assert!(insert_anchor(&mut inlines, offset, "fact-1", &mut 0));
        let Inline::Strong(inner) = &inlines[1] else {
            panic!("{inlines:?}")
        };
        assert_eq!(
            inner,
            &vec![
                Inline::Text("عام ".into()),
                Inline::Anchor("fact-1".into()),
                Inline::Text("2030".into())
            ]
        );
        // The text is unchanged, and a place after a soft break is found too.
        assert_eq!(paragraph_text(&inlines).0, text);
        let offset = text.find("نص").unwrap();
        assert!(insert_anchor(&mut inlines, offset, "fact-2", &mut 0));
        assert_eq!(inlines[3], Inline::Anchor("fact-2".into()));
        assert!(!insert_anchor(&mut inlines, text.len() + 5, "x", &mut 0));
        // Never inside code.
        let mut code = vec![Inline::Code("x = 2030".into()), Inline::Text(" نص".into())];
        assert!(!insert_anchor(&mut code, 4, "fact-3", &mut 0));
    }
}
