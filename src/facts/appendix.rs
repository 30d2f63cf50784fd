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
        k if k.dated() => (0, "facts-timeline"),
        FactKind::Percentage => (1, "facts-percentages"),
        FactKind::Fraction => (2, "facts-fractions"),
        FactKind::Money => (3, "facts-money"),
        FactKind::Ordinal => (4, "facts-ordinals"),
        FactKind::Count => (5, "facts-counts"),
        FactKind::Number => (6, "facts-figures"),
        _ => (7, "facts-other"),
    }
}

/// How the appendix prints a fact: its words, and for a fact of the Hijri calendar its Western days
/// after them as that calendar writes them («١٥ شعبان ١٤٤٣ هـ / 18 مارس 2022»), saying so when they
/// are Julian («429 هـ / أكتوبر 1037–أكتوبر 1038 (يوليانية)»).
fn label(f: &Fact, language: &str) -> String {
    match f.hijri {
        Some(_) if !f.normalized.is_empty() => {
            let julian = match (f.calendar, locale::is_arabic(language)) {
                (Some("julian"), true) => " (يوليانية)",
                (Some("julian"), false) => " (Julian)",
                _ => "",
            };
            format!(
                "{} / {}{julian}",
                f.value,
                gregorian(&f.normalized, language)
            )
        }
        _ => f.value.clone(),
    }
}

/// An ISO date or range of dates in words: `18 مارس 2022`, `فبراير–مارس 1961`, `1979–1980` (ISO
/// outside Arabic books).
fn gregorian(normalized: &str, language: &str) -> String {
    if !locale::is_arabic(language) {
        return normalized.to_string();
    }
    let parse = |d: &str| -> Option<(i64, u32, u32)> {
        let mut p = d.splitn(3, '-');
        Some((
            p.next()?.parse().ok()?,
            p.next()?.parse().ok()?,
            p.next()?.parse().ok()?,
        ))
    };
    let month = |m: u32| {
        crate::facts::extract::month_name(m).map_or_else(|| format!("{m:02}"), str::to_string)
    };
    match normalized.split_once('/') {
        None => match parse(normalized) {
            Some((y, m, d)) => format!("{d} {} {y}", month(m)),
            _ => normalized.to_string(),
        },
        Some((a, b)) => match (parse(a), parse(b)) {
            (Some((y1, m1, _)), Some((y2, m2, _))) if y1 == y2 && m1 == m2 => {
                format!("{} {y1}", month(m1))
            }
            (Some((y1, m1, _)), Some((y2, m2, _))) if y1 == y2 && m2 == m1 + 1 => {
                format!("{}–{} {y1}", month(m1), month(m2))
            }
            // A month that runs into the next year.
            (Some((y1, 12, _)), Some((y2, 1, _))) if y2 == y1 + 1 => {
                format!("{} {y1}–{} {y2}", month(12), month(1))
            }
            (Some((y1, ..)), Some((y2, ..))) if y1 == y2 => y1.to_string(),
            (Some((y1, ..)), Some((y2, ..))) => format!("{y1}–{y2}"),
            _ => normalized.to_string(),
        },
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
                label: label(f, &book.meta.language),
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
