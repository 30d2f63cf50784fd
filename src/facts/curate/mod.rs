//! `facts.toml`: the author's say over the appendix of facts (its keys are listed in the README).
//!
//! The file is optional and sits beside `book.toml`. Top-level `appendix = false` leaves the appendix
//! out and `title` retitles it; each `[[fact]]` adds a fact (a statement, optionally the words the text
//! writes it in, a date, a kind, a chapter and paragraph); each `[[hide]]` leaves out the extracted facts
//! with a value, and each `[[relabel]]` prints them with another statement, label or kind.
//!
//! A curated fact is placed where the text writes its value as whole words (in the paragraph or
//! chapter the entry names, or anywhere in the book when it names none); its kind and sort key come from its date, else its value read like the text, else
//! it is a `statement`. An author's fact replaces what was extracted from the same words. A value the
//! text does not state or states in several paragraphs, and a hide or relabel that matches nothing, are
//! warnings (`publish check` and
//! `publish build` print them), not errors: the book still builds.
//!
//! Reading and checking the file is in [`file`]; here the checked entries are applied to the facts the
//! text gives.

mod file;

use std::ops::Range;
use std::path::PathBuf;

use super::{extract, paragraph_text, paragraphs, sort};
use crate::error::Warning;
use crate::model::{Book, Fact, FactKind, FactSource};

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
    date: Option<(String, FactKind)>,
    kind: Option<FactKind>,
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
    kind: Option<FactKind>,
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
            warnings.push(Warning::at(&self.path, line, message));
        };
        for h in &self.hide {
            let before = extracted.len();
            extracted.retain(|f| !h.matches(f));
            if extracted.len() == before {
                warn(h.line, h.unmatched());
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
                warn(r.selector.line, r.selector.unmatched());
            }
        }
        let mut out = extracted;
        for c in &self.facts {
            let fact = c.fact(book, &mut warn);
            // An entry that says what the text already states, as the text states it, adds nothing.
            if let Some(f) = out.iter().find(|f| {
                f.source == FactSource::Text
                    && fact.same_words(f)
                    && f.kind == fact.kind
                    && f.normalized == fact.normalized
            }) {
                warn(
                    c.line,
                    format!(
                        "{}: the text states this fact itself («{}», {} {}); remove the entry, or use [[relabel]] to print it otherwise",
                        c.entry,
                        f.value,
                        f.kind.name(),
                        f.normalized
                    ),
                );
            }
            // The author's word on words the text states replaces what was extracted from them.
            out.retain(|f| f.source != FactSource::Text || !fact.same_words(f));
            out.push(fact);
        }
        sort(&mut out);
        out
    }
}

/// `s` with every run of white space one space, trimmed.
pub(super) fn one_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Selector {
    fn matches(&self, f: &Fact) -> bool {
        f.source == FactSource::Text
            && one_space(&f.value) == self.value
            && self.chapter.is_none_or(|c| f.chapter == Some(c))
            && self
                .paragraph
                .as_ref()
                .is_none_or(|p| f.anchor.as_ref() == Some(p))
    }

    /// The warning for an entry that matches no fact.
    fn unmatched(&self) -> String {
        let narrowed = match (&self.chapter, &self.paragraph) {
            (Some(c), Some(p)) => format!(" in chapter {c}, paragraph {p}"),
            (Some(c), None) => format!(" in chapter {c}"),
            _ => String::new(),
        };
        format!(
            "{}: no extracted fact has the value «{}»{narrowed}; `publish facts` lists them",
            self.entry, self.value
        )
    }
}

impl Fact {
    /// True when `self` and `other` were read from overlapping words of the same paragraph.
    fn same_words(&self, other: &Fact) -> bool {
        match (&self.span, &other.span) {
            (Some(a), Some(b)) => {
                self.chapter == other.chapter
                    && self.anchor == other.anchor
                    && a.start < b.end
                    && b.start < a.end
            }
            _ => false,
        }
    }
}

impl Curated {
    /// The fact this entry gives: placed where the text states its value (warned when it does not, or
    /// when it does in several paragraphs and the entry does not say which).
    fn fact(&self, book: &Book, warn: &mut impl FnMut(usize, String)) -> Fact {
        let mut place: Option<(usize, Option<String>, Option<Range<usize>>)> =
            self.chapter.map(|c| (c, self.paragraph.clone(), None));
        if let Some(value) = &self.value {
            let found = locate(book, value, self.chapter, self.paragraph.as_deref());
            let scope = match (&self.chapter, &self.paragraph) {
                (Some(c), Some(p)) => format!("paragraph {p} of chapter {c}"),
                (Some(c), None) => format!("chapter {c}"),
                _ => "the text".to_string(),
            };
            match found.first() {
                Some((c, p, at)) => place = Some((*c, Some(p.clone()), Some(at.clone()))),
                None => warn(
                    self.line,
                    format!(
                        "{}: the value «{value}» does not occur in {scope}; correct it to the words the text writes, or remove `value`",
                        self.entry
                    ),
                ),
            }
            let mut paragraphs: Vec<String> =
                found.iter().map(|(c, p, _)| format!("{c}#{p}")).collect();
            paragraphs.dedup();
            if paragraphs.len() > 1 && self.paragraph.is_none() {
                warn(
                    self.line,
                    format!(
                        "{}: the value «{value}» occurs in {} paragraphs of {scope} ({}); the entry points at the first: give `chapter` and `paragraph` to choose",
                        self.entry,
                        paragraphs.len(),
                        paragraphs.join(", ")
                    ),
                );
            }
        }
        let from_value = self
            .value
            .as_deref()
            .and_then(|v| extract::facts(v, &[]).into_iter().next());
        let (kind, normalized, hijri) = match (&self.date, &from_value) {
            (Some((iso, k)), _) => (self.kind.unwrap_or(*k), iso.clone(), None),
            (None, Some(found)) => (
                self.kind.unwrap_or(found.kind),
                found.normalized.clone(),
                found.hijri.clone(),
            ),
            (None, None) => (
                self.kind.unwrap_or(FactKind::Statement),
                String::new(),
                None,
            ),
        };
        let value = match (&self.value, &self.date) {
            (Some(v), _) => v.clone(),
            (None, Some((iso, _))) => date_in_words(iso, &book.meta.language),
            (None, None) => String::new(),
        };
        let chapter = place.as_ref().map(|p| p.0);
        let calendar = from_value
            .as_ref()
            .and_then(|f| f.calendar)
            .filter(|_| hijri.is_some());
        Fact {
            kind,
            value,
            normalized,
            hijri,
            calendar,
            context: self.statement.clone(),
            chapter,
            chapter_title: chapter.map(|c| book.chapters[c - 1].title_text()),
            anchor: place.as_ref().and_then(|p| p.1.clone()),
            source: FactSource::Curated,
            review: false,
            span: place.and_then(|p| p.2),
        }
    }
}

/// Every place the text writes `value` as whole words outside code: chapter (1-based), paragraph and
/// byte range, in reading order. Only the given paragraph, or the given chapter, is searched when the
/// entry names one.
fn locate(
    book: &Book,
    value: &str,
    chapter: Option<usize>,
    paragraph: Option<&str>,
) -> Vec<(usize, String, Range<usize>)> {
    let mut out = Vec::new();
    for (c, ch) in book.chapters.iter().enumerate() {
        if ch.appendix || chapter.is_some_and(|want| want != c + 1) {
            continue;
        }
        for (id, content) in paragraphs(ch) {
            if paragraph.is_some_and(|p| p != id) {
                continue;
            }
            let (text, code) = paragraph_text(content);
            for at in find_words(&text, value) {
                if !code.iter().any(|r| r.start < at.end && at.start < r.end) {
                    out.push((c + 1, id.to_string(), at));
                }
            }
        }
    }
    out
}

/// Arabic marks (harakat, tanween, shadda, superscript alef).
fn mark(c: char) -> bool {
    ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}'
}

/// Letters, digits and marks: what a word is made of.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || mark(c)
}

/// Byte ranges where `text` writes the words of `value` (runs of white space compare as one space),
/// each starting and ending at a word boundary: a one-letter prefix (و, ب, ل, ك, ف, with its mark) may
/// come before (so «ورد» holds «رد» too: a heuristic), marks may follow (and are taken in), and a number
/// never ends where its digits go on (`30` is not in `30.5` or `٣٠٬٠٠٠`).
fn find_words(text: &str, value: &str) -> Vec<Range<usize>> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Vec::new();
    };
    let starts_word = |i: usize| {
        let mut before = text[..i].chars().rev().skip_while(|&c| mark(c));
        match before.next() {
            None => true,
            Some(c) if !word_char(c) => true,
            Some(c) if "وبلكف".contains(c) => before.next().is_none_or(|d| !word_char(d)),
            Some(_) => false,
        }
    };
    text.match_indices(first)
        .map(|(i, _)| i)
        .filter(|&i| starts_word(i))
        .filter_map(|i| {
            let mut rest = &text[i..];
            for (k, w) in words.iter().enumerate() {
                if k > 0 {
                    let trimmed = rest.trim_start();
                    if trimmed.len() == rest.len() {
                        return None;
                    }
                    rest = trimmed;
                }
                rest = rest.strip_prefix(w)?;
            }
            let rest = rest.trim_start_matches(mark);
            let end = text.len() - rest.len();
            let mut next = rest.chars();
            let boundary = match (next.next(), next.next()) {
                (None, _) => true,
                (Some(c), _) if word_char(c) => false,
                // 30 in 30.5, 30,000 or ٣٠٬٠٠٠: digits go on after a separator.
                (Some('.' | ',' | '٫' | '٬'), Some(d)) => {
                    !(d.is_numeric() && text[..end].ends_with(|c: char| c.is_numeric()))
                }
                _ => true,
            };
            boundary.then_some(i..end)
        })
        .collect()
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
        let at = text.find("رابع").unwrap();
        assert_eq!(
            find_words(text, "رابع أكبر ترسانة"),
            vec![std::ops::Range {
                start: at,
                end: text.find(" نووية").unwrap()
            }]
        );
        assert!(find_words(text, "أكبر ترسانة كبيرة").is_empty());
        assert!(find_words(text, "").is_empty());
        // Whole words only, with a one-letter prefix allowed.
        let text = "في عام 2030 و30 دولة و300 مدينة";
        let thirty: Vec<&str> = find_words(text, "30")
            .iter()
            .map(|r| &text[r.start - 2..r.end])
            .collect();
        assert_eq!(thirty, ["و30"]);
        assert!(find_words("الطواعية", "طواعية").is_empty());
        // Digits that go on after a separator, and marks after the word or on the prefix.
        assert!(find_words("بلغ 30.5 و٣٠٬٠٠٠", "30").is_empty());
        assert!(find_words("بلغ ٣٠٬٠٠٠", "٣٠").is_empty());
        assert_eq!(find_words("في 30. ثم", "30").len(), 1);
        let text = "رابع أكبرَ ترسانة وَ30 دولة";
        assert_eq!(find_words(text, "أكبر").len(), 1);
        assert_eq!(&text[find_words(text, "أكبر")[0].clone()], "أكبرَ");
        assert_eq!(find_words(text, "30 دولة").len(), 1);
    }
}
