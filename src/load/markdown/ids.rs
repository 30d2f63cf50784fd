//! Anchor ids of headings and footnotes, and the table-of-contents tree of a chapter.
//!
//! Ids are stable ASCII: an author's `{#id}`, a slug of an all-ASCII heading, or `section-N` (N counts the
//! chapter's headings) for others; they never collide with each other, with the chapter's own id or with
//! the ids the book generates for footnotes, paragraphs and facts (`fn-N`, `fnref-N`, `p-N`, `fact-N`).

use super::Parser;
use crate::model::{Block, Inline, Section};

impl Parser<'_, '_> {
    pub(super) fn heading_id(&mut self, explicit: Option<&str>, content: &[Inline]) -> String {
        self.headings += 1;
        if let Some(id) = explicit {
            self.taken.insert(id.to_string());
            return id.to_string();
        }
        let text = Inline::plain_text(content);
        let slug = ascii_slug(&text);
        let base = match slug {
            Some(s) if !is_reserved_id(&s) => s,
            Some(s) => format!("h-{s}"),
            None => format!("section-{}", self.headings),
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) || self.explicit.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

/// An id an XHTML document can use and a URL fragment can carry unescaped.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Ids the book generates: footnotes (`fn-N`), their references (`fnref-N`), paragraphs (`p-N`) and the
/// places of facts (`fact-N`).
pub(super) fn is_reserved_id(id: &str) -> bool {
    let rest = id
        .strip_prefix("fnref-")
        .or_else(|| id.strip_prefix("fn-"))
        .or_else(|| id.strip_prefix("p-"))
        .or_else(|| id.strip_prefix("fact-"));
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// A slug of an all-ASCII heading (`Getting started` → `getting-started`); `None` for other text.
fn ascii_slug(text: &str) -> Option<String> {
    if !text.is_ascii() {
        return None;
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let slug = words.join("-");
    slug.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(slug)
}

pub(super) fn sanitize_class(c: &str) -> String {
    c.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

/// Nests the top-level headings of a chapter (levels below 2 count as 2) into sections.
pub(super) fn sections(blocks: &[Block]) -> Vec<Section> {
    fn insert(list: &mut Vec<Section>, s: Section) {
        match list.last_mut() {
            Some(last) if s.level > last.level => insert(&mut last.children, s),
            _ => list.push(s),
        }
    }
    let mut out = Vec::new();
    for b in blocks {
        if let Block::Heading {
            level, id, content, ..
        } = b
        {
            let s = Section {
                level: (*level).max(2),
                id: id.clone(),
                title: Inline::plain_text(content),
                children: vec![],
            };
            insert(&mut out, s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    #[test]
    fn slugs_and_ids() {
        assert_eq!(
            ascii_slug("Getting Started!").as_deref(),
            Some("getting-started")
        );
        assert_eq!(ascii_slug("مقدمة"), None);
        assert_eq!(ascii_slug("2022"), None);
        assert!(is_valid_id("a-b_c.1"));
        assert!(!is_valid_id("1a"));
        assert!(!is_valid_id("مقدمة"));
        assert!(is_reserved_id("fn-1"));
        assert!(!is_reserved_id("fn-x"));
        assert!(is_reserved_id("p-12"));
        assert!(is_reserved_id("fact-3"));
    }

    #[test]
    fn sections_nest_by_level() {
        let h = |level, id: &str| Block::Heading {
            level,
            id: id.into(),
            classes: vec![],
            content: vec![Inline::Text(id.into())],
        };
        let s = sections(&[h(2, "a"), h(3, "b"), h(2, "c"), h(4, "d")]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].children[0].id, "b");
        assert_eq!(s[1].children[0].id, "d");
    }
}
