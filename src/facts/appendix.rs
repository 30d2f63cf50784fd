//! The appendix of facts as a chapter of the book model.
//!
//! The appendix is an ordinary [`Chapter`] marked `appendix`, so both editions list it in their
//! contents, the EPUB navigation and the PDF outline without knowing about facts: a title, then one
//! level-2 section per group (the timeline of dated facts, then percentages, money, ordinals, counts,
//! other figures and the curated facts without a figure), each a [`Block::Entries`] whose entries point
//! at the fact's paragraph and its exact place there.

use std::path::PathBuf;

use super::anchor_id;
use crate::locale;
use crate::model::{Block, Book, Chapter, Entry, EntryTarget, Fact, FactKind, Inline, Section};

/// The appendix's title when `facts.toml` gives none.
pub fn default_title(language: &str) -> &'static str {
    locale::labels(language).facts_appendix
}

/// The group a kind is listed in: an index into [`locale::Labels::fact_groups`], and an id.
fn group(kind: FactKind) -> (usize, &'static str) {
    match kind {
        FactKind::Date | FactKind::Month | FactKind::YearRange | FactKind::Year => {
            (0, "facts-timeline")
        }
        FactKind::Percentage => (1, "facts-percentages"),
        FactKind::Money => (2, "facts-money"),
        FactKind::Ordinal => (3, "facts-ordinals"),
        FactKind::Count => (4, "facts-counts"),
        FactKind::Number => (5, "facts-figures"),
        FactKind::Statement => (6, "facts-other"),
    }
}

/// The appendix chapter listing `facts` (in their order, which puts each group together), titled
/// `title`. Its source is the manuscript's `facts.toml` (which may not exist).
pub fn chapter(book: &Book, facts: &[Fact], title: String, source: PathBuf) -> Chapter {
    let labels = locale::labels(&book.meta.language);
    let mut blocks = Vec::new();
    let mut sections = Vec::new();
    let mut current: Option<usize> = None;
    for (n, f) in facts.iter().enumerate() {
        let (g, id) = group(f.kind);
        if current != Some(g) {
            current = Some(g);
            let heading = labels.fact_groups[g].to_string();
            blocks.push(Block::Heading {
                level: 2,
                id: id.to_string(),
                classes: vec![],
                content: vec![Inline::Text(heading.clone())],
            });
            sections.push(Section {
                level: 2,
                id: id.to_string(),
                title: heading,
                children: vec![],
            });
            blocks.push(Block::Entries(Vec::new()));
        }
        let target = f.chapter.map(|c| EntryTarget {
            chapter: c - 1,
            paragraph: f.anchor.clone(),
            place: match f.span {
                Some(_) => Some(anchor_id(n)),
                None => f.anchor.clone(),
            },
        });
        if let Some(Block::Entries(entries)) = blocks.last_mut() {
            entries.push(Entry {
                label: f.value.clone(),
                text: f.context.clone(),
                target,
            });
        }
    }
    Chapter {
        id: "facts".to_string(),
        source,
        title: vec![Inline::Text(title)],
        title_id: "facts-title".to_string(),
        blocks,
        sections,
        footnotes: vec![],
        appendix: true,
    }
}
