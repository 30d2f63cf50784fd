//! `facts.toml`: the author's say over the appendix of facts (its keys are listed in the README).
//!
//! The file is optional and sits beside `book.toml`. Top-level `appendix = false` leaves the appendix
//! out and `title` retitles it; each `[[fact]]` adds a fact (a statement, optionally the words the text
//! writes it in, a date, a kind, a chapter and paragraph); each `[[hide]]` leaves out the extracted facts
//! with a value, and each `[[relabel]]` prints them with another statement, label or kind.
//!
//! A curated fact is placed where the text writes its value (searched where the entry says, else in
//! the whole book); its kind and sort key come from its date, else its value read like the text, else
//! it is a `statement`. An author's fact that states an extracted one replaces it. A value the text
//! does not state, and a hide or relabel that matches nothing, are warnings (`publish check` and
//! `publish build` print them), not errors: the book still builds.
//!
//! Reading and checking the file is in [`file`]; here the checked entries are applied to the facts the
//! text gives.

mod file;

use std::path::PathBuf;

use super::{extract, paragraph_text, paragraphs, sort, Fact, Kind, Source};
use crate::load::Warning;
use crate::model::Book;

/// A parsed and checked `facts.toml` (the empty one when the file does not exist).
#[derive(Debug)]
pub struct Curation {
    pub appendix: bool,
    pub title: Option<String>,
    path: PathBuf,
    facts: Vec<Curated>,
    hide: Vec<Selector>,
    relabel: Vec<Relabel>,
}

/// Which extracted facts an entry means, and where the entry is.
#[derive(Debug)]
struct Selector {
    value: String,
    /// 1-based, as `publish facts` prints it.
    chapter: Option<usize>,
    paragraph: Option<String>,
    entry: String,
    line: usize,
}

#[derive(Debug)]
struct Curated {
    statement: String,
    value: Option<String>,
    /// ISO form and the kind its precision gives.
    date: Option<(String, Kind)>,
    kind: Option<Kind>,
    chapter: Option<usize>,
    paragraph: Option<String>,
    entry: String,
    line: usize,
}

#[derive(Debug)]
struct Relabel {
    selector: Selector,
    statement: Option<String>,
    label: Option<String>,
    kind: Option<Kind>,
}

impl Curation {
    /// The facts of the book: `extracted` with the hidden ones left out and the relabelled ones changed,
    /// and the curated ones, located in the text, in appendix order.
    pub fn apply(
        &self,
        book: &Book,
        mut extracted: Vec<Fact>,
        warnings: &mut Vec<Warning>,
    ) -> Vec<Fact> {
        let mut warn = |line: usize, message: String| {
            warnings.push(Warning {
                file: self.path.clone(),
                line,
                message,
            });
        };
        for h in &self.hide {
            let before = extracted.len();
            extracted.retain(|f| !h.matches(f));
            if extracted.len() == before {
                warn(
                    h.line,
                    format!(
                        "{}: no extracted fact has the value «{}»{}; `publish facts` lists them",
                        h.entry,
                        h.value,
                        h.narrowed()
                    ),
                );
            }
        }
        for r in &self.relabel {
            let mut hit = false;
            for f in extracted.iter_mut().filter(|f| r.selector.matches(f)) {
                hit = true;
                if let Some(s) = &r.statement {
                    f.context = s.clone();
                }
                if let Some(l) = &r.label {
                    f.value = l.clone();
                }
                if let Some(k) = r.kind {
                    f.kind = k;
                }
            }
            if !hit {
                let s = &r.selector;
                warn(
                    s.line,
                    format!(
                        "{}: no extracted fact has the value «{}»{}; `publish facts` lists them",
                        s.entry,
                        s.value,
                        s.narrowed()
                    ),
                );
            }
        }
        let mut out = extracted;
        for c in &self.facts {
            let fact = c.fact(book, &mut warn);
            // The author's word on a fact the text states replaces the extracted one.
            out.retain(|f| {
                !(f.kind == fact.kind
                    && f.normalized == fact.normalized
                    && f.anchor == fact.anchor
                    && f.chapter == fact.chapter
                    && fact.anchor.is_some())
            });
            out.push(fact);
        }
        sort(&mut out);
        out
    }
}

impl Selector {
    fn matches(&self, f: &Fact) -> bool {
        f.source == Source::Text
            && f.value.split_whitespace().collect::<Vec<_>>().join(" ") == self.value
            && self.chapter.is_none_or(|c| f.chapter == Some(c))
            && self
                .paragraph
                .as_ref()
                .is_none_or(|p| f.anchor.as_ref() == Some(p))
    }

    fn narrowed(&self) -> String {
        match (&self.chapter, &self.paragraph) {
            (Some(c), Some(p)) => format!(" in chapter {c}, paragraph {p}"),
            (Some(c), None) => format!(" in chapter {c}"),
            _ => String::new(),
        }
    }
}

impl Curated {
    /// The fact this entry gives: placed where the text states its value (warned when it does not).
    fn fact(&self, book: &Book, warn: &mut impl FnMut(usize, String)) -> Fact {
        let mut place: Option<(usize, Option<String>, Option<usize>)> =
            self.chapter.map(|c| (c, self.paragraph.clone(), None));
        if let Some(value) = &self.value {
            match locate(book, value, self.chapter, self.paragraph.as_deref()) {
                Some(found) => place = Some(found),
                None => {
                    let scope = match (&self.chapter, &self.paragraph) {
                        (Some(c), Some(p)) => format!("paragraph {p} of chapter {c}"),
                        (Some(c), None) => format!("chapter {c}"),
                        _ => "the text".to_string(),
                    };
                    warn(self.line, format!("{}: the value «{value}» does not occur in {scope}; correct it to the words the text writes, or remove `value`", self.entry));
                }
            }
        }
        let from_value = self
            .value
            .as_deref()
            .and_then(|v| extract::facts(v, &[]).into_iter().next());
        let (kind, normalized) = match (&self.date, &from_value) {
            (Some((iso, k)), _) => (self.kind.unwrap_or(*k), iso.clone()),
            (None, Some(found)) => (self.kind.unwrap_or(found.kind), found.normalized.clone()),
            (None, None) => (self.kind.unwrap_or(Kind::Statement), String::new()),
        };
        let value = match (&self.value, &self.date) {
            (Some(v), _) => v.clone(),
            (None, Some((iso, _))) => date_in_words(iso, &book.meta.language),
            (None, None) => String::new(),
        };
        let chapter = place.as_ref().map(|p| p.0);
        Fact {
            kind,
            value,
            normalized,
            context: self.statement.clone(),
            chapter,
            chapter_title: chapter.map(|c| book.chapters[c - 1].title_text()),
            anchor: place.as_ref().and_then(|p| p.1.clone()),
            source: Source::Curated,
            offset: place.and_then(|p| p.2),
        }
    }
}

/// Where the text writes `value`: chapter (1-based), paragraph and byte offset, searched in the given
/// paragraph, else the given chapter, else the whole book.
fn locate(
    book: &Book,
    value: &str,
    chapter: Option<usize>,
    paragraph: Option<&str>,
) -> Option<(usize, Option<String>, Option<usize>)> {
    for (c, ch) in book.chapters.iter().enumerate() {
        if ch.appendix || chapter.is_some_and(|want| want != c + 1) {
            continue;
        }
        for (id, content) in paragraphs(ch) {
            if paragraph.is_some_and(|p| p != id) {
                continue;
            }
            let (text, _) = paragraph_text(content);
            if let Some(offset) = find_words(&text, value) {
                return Some((c + 1, Some(id.to_string()), Some(offset)));
            }
        }
    }
    None
}

/// Byte offset of `value` in `text`, comparing runs of white space as one space.
fn find_words(text: &str, value: &str) -> Option<usize> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let first = *words.first()?;
    text.match_indices(first).map(|(i, _)| i).find(|&i| {
        let mut rest = &text[i..];
        words.iter().enumerate().all(|(k, w)| {
            if k > 0 {
                let trimmed = rest.trim_start();
                if trimmed.len() == rest.len() {
                    return false;
                }
                rest = trimmed;
            }
            match rest.strip_prefix(w) {
                Some(r) => {
                    rest = r;
                    true
                }
                None => false,
            }
        })
    })
}

/// An ISO date as the appendix prints it: `2 يوليو 1992` in an Arabic book, the ISO form otherwise.
fn date_in_words(iso: &str, language: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    if !crate::locale::is_arabic(language) || parts.len() < 2 {
        return iso.to_string();
    }
    let month = parts[1]
        .parse()
        .ok()
        .and_then(extract::month_name)
        .unwrap_or(parts[1]);
    match parts.get(2) {
        Some(day) => format!("{} {month} {}", day.trim_start_matches('0'), parts[0]),
        None => format!("{month} {}", parts[0]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_words() {
        assert_eq!(date_in_words("1992-07-02", "ar"), "2 يوليو 1992");
        assert_eq!(date_in_words("1991-12", "ar"), "ديسمبر 1991");
        assert_eq!(date_in_words("1992-07-02", "en"), "1992-07-02");
    }

    #[test]
    fn values_are_found_across_white_space() {
        let text = "تخليها طواعية عن رابع أكبر  ترسانة نووية.";
        assert_eq!(find_words(text, "رابع أكبر ترسانة"), text.find("رابع"));
        assert_eq!(find_words(text, "أكبر ترسانة كبيرة"), None);
        assert_eq!(find_words(text, ""), None);
    }
}
