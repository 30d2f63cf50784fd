//! Reading `facts.toml`: the TOML parsed into raw entries, each checked (dates, kinds, chapters and
//! paragraphs that exist) into a [`Curation`]; an error names the file, the line of the entry's
//! `[[…]]` header (or of the key, for a TOML error) and the entry.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{one_space, Curated, Curation, Relabel, Selector};
use crate::error::{line_col, Error, Result};
use crate::facts::paragraphs;
use crate::model::{Book, FactKind};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    appendix: Option<bool>,
    title: Option<Spanned<String>>,
    #[serde(default)]
    fact: Vec<Spanned<RawFact>>,
    #[serde(default)]
    hide: Vec<Spanned<RawPlace>>,
    #[serde(default)]
    relabel: Vec<Spanned<RawRelabel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    statement: String,
    value: Option<String>,
    date: Option<String>,
    kind: Option<String>,
    chapter: Option<Ref>,
    paragraph: Option<Ref>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    value: String,
    chapter: Option<Ref>,
    paragraph: Option<Ref>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelabel {
    value: String,
    chapter: Option<Ref>,
    paragraph: Option<Ref>,
    statement: Option<String>,
    label: Option<String>,
    kind: Option<String>,
}

/// A chapter or paragraph: a number or a name.
enum Ref {
    Number(i64),
    Name(String),
}

impl<'de> Deserialize<'de> for Ref {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Ref, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Ref;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number (from 1) or a name (`04-nuclear.md`, `p-3`)")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Ref, E> {
                Ok(Ref::Number(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Ref, E> {
                Ok(Ref::Name(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// The entry (`[[fact]] 2`) whose table holds byte `offset` of `text`, if any.
fn entry_at(text: &str, offset: usize) -> Option<String> {
    let mut counts = [0usize; 3];
    let mut current = None;
    let mut at = 0;
    // Inside a multi-line string nothing is a header.
    let mut in_string = false;
    for line in text.split_inclusive('\n') {
        if at > offset {
            break;
        }
        at += line.len();
        let was_in_string = in_string;
        if (line.matches("\"\"\"").count() + line.matches("\'\'\'").count()) % 2 == 1 {
            in_string = !in_string;
        }
        if was_in_string {
            continue;
        }
        // `[[ fact ]]` is `[[fact]]`.
        let head: String = line
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        for (k, name) in ["[[fact]]", "[[hide]]", "[[relabel]]"].iter().enumerate() {
            if head == *name {
                counts[k] += 1;
                current = Some(format!("{name} {}", counts[k]));
            }
        }
        if head.starts_with('[') && !head.starts_with("[[") {
            current = None;
        }
    }
    current
}

/// Checks of one entry, with the file's text for line numbers.
struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    book: &'a Book,
}

impl Curation {
    /// Reads `facts.toml` from the manuscript folder `dir`, checked against `book`'s chapters.
    pub fn load(dir: &Path, book: &Book) -> Result<Curation> {
        let path = dir.join("facts.toml");
        if !path.exists() {
            return Ok(Curation {
                appendix: true,
                title: None,
                path,
                facts: vec![],
                hide: vec![],
                relabel: vec![],
            });
        }
        let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        if crate::error::outside(&root, &path) {
            return Err(
                Error::in_file(&path, crate::error::outside_error("file", "facts.toml"))
                    .help(crate::error::OUTSIDE_HELP),
            );
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::io(&path, "read facts.toml", &e).help("save facts.toml as UTF-8 text")
        })?;
        Curation::parse(&path, &text, book)
    }

    /// Parses the text of a `facts.toml`; `path` is used in messages.
    pub fn parse(path: &Path, text: &str, book: &Book) -> Result<Curation> {
        let r = Reader { path, text, book };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let help = if msg.contains("unknown field") {
                "remove the key or correct its spelling; the README lists the keys of facts.toml"
            } else if msg.contains("missing field") {
                "add the missing key: a [[fact]] needs `statement`, a [[hide]] or [[relabel]] needs `value`"
            } else {
                "fix the TOML at this place"
            };
            let span = e.span().unwrap_or(0..0);
            let entry = entry_at(text, span.start)
                .map(|e| format!("{e}: "))
                .unwrap_or_default();
            r.error(span, format!("invalid facts.toml: {entry}{msg}"), help)
        })?;
        let title = match raw.title {
            Some(t) if t.get_ref().trim().is_empty() => {
                return Err(r.error(
                    t.span(),
                    "`title` is empty".into(),
                    "give the appendix a title, or remove the key for the default",
                ));
            }
            t => t.map(|t| t.into_inner().trim().to_string()),
        };
        let mut facts = Vec::new();
        for (n, f) in raw.fact.into_iter().enumerate() {
            let span = f.span();
            let entry = format!("[[fact]] {}", n + 1);
            let f = f.into_inner();
            let at =
                |msg: String, help: &str| r.error(span.clone(), format!("{entry}: {msg}"), help);
            let statement = f.statement.trim().to_string();
            if statement.is_empty() {
                return Err(at(
                    "`statement` is empty".into(),
                    "write the fact as the appendix should print it",
                ));
            }
            let date = f
                .date
                .map(|d| {
                    parse_date(&d).ok_or_else(|| {
                        at(
                            format!("date `{d}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
                            "write the date as 1992, 1992-07 or 1992-07-02",
                        )
                    })
                })
                .transpose()?;
            let kind = f
                .kind
                .map(|k| r.kind(&k, span.clone(), &entry))
                .transpose()?;
            if let (Some(k), None) = (kind, &date) {
                if k.dated() {
                    return Err(at(
                        format!("kind `{}` needs a `date`", k.name()),
                        "add the date (YYYY, YYYY-MM or YYYY-MM-DD), or choose another kind",
                    ));
                }
            }
            let (chapter, paragraph) = r.place(f.chapter, f.paragraph, span.clone(), &entry)?;
            let value = f.value.map(|v| one_space(&v));
            if value.as_deref() == Some("") {
                return Err(at(
                    "`value` is empty".into(),
                    "give the words as the text writes them, or remove the key",
                ));
            }
            facts.push(Curated {
                statement,
                value,
                date,
                kind,
                chapter,
                paragraph,
                line: r.line(span.start),
                entry,
            });
        }
        let mut hide = Vec::new();
        for (n, h) in raw.hide.into_iter().enumerate() {
            let span = h.span();
            let h = h.into_inner();
            hide.push(r.selector(
                h.value,
                h.chapter,
                h.paragraph,
                span,
                format!("[[hide]] {}", n + 1),
            )?);
        }
        let mut relabel = Vec::new();
        for (n, h) in raw.relabel.into_iter().enumerate() {
            let span = h.span();
            let entry = format!("[[relabel]] {}", n + 1);
            let h = h.into_inner();
            let kind = h
                .kind
                .map(|k| r.kind(&k, span.clone(), &entry))
                .transpose()?;
            let clean =
                |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            let (statement, label) = (clean(h.statement), clean(h.label));
            if let Some(k) = kind.filter(|k| k.dated()) {
                return Err(r.error(
                    span,
                    format!("{entry}: kind `{}` puts the fact on the timeline, which needs a date a relabel cannot give", k.name()),
                    "choose a kind that is not a date, or hide the fact and add it as a [[fact]] with its `date`",
                ));
            }
            if statement.is_none() && label.is_none() && kind.is_none() {
                return Err(r.error(
                    span,
                    format!("{entry}: nothing to change"),
                    "give a `statement`, a `label` or a `kind`",
                ));
            }
            let selector = r.selector(h.value, h.chapter, h.paragraph, span, entry)?;
            relabel.push(Relabel {
                selector,
                statement,
                label,
                kind,
            });
        }
        Ok(Curation {
            appendix: raw.appendix.unwrap_or(true),
            title,
            path: path.to_path_buf(),
            facts,
            hide,
            relabel,
        })
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real day): the ISO form and the kind its precision gives.
fn parse_date(d: &str) -> Option<(String, FactKind)> {
    let parts: Vec<&str> = d.trim().split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = num(parts.first()?, 4)?;
    let kind = match parts.len() {
        1 => FactKind::Year,
        2 => FactKind::Month,
        3 => FactKind::Date,
        _ => return None,
    };
    if let Some(m) = parts.get(1) {
        let m = num(m, 2)?;
        if !(1..=12).contains(&m) {
            return None;
        }
        if let Some(day) = parts.get(2) {
            let day = num(day, 2)?;
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            if day == 0 || day > days[m as usize - 1] {
                return None;
            }
        }
    }
    Some((parts.join("-"), kind))
}

impl Reader<'_> {
    fn line(&self, offset: usize) -> usize {
        line_col(self.text, offset).0
    }

    fn error(&self, span: Range<usize>, msg: String, help: &str) -> Error {
        Error::at_offset(self.path, self.text, span.start, msg).help(help.to_string())
    }

    fn kind(&self, name: &str, span: Range<usize>, entry: &str) -> Result<FactKind> {
        FactKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = FactKind::ALL.iter().map(|k| k.name()).collect();
                self.error(
                    span,
                    format!("{entry}: unknown kind `{name}`"),
                    &format!("use one of: {}", names.join(", ")),
                )
            })
    }

    /// A chapter (1-based) and paragraph id that exist in the book.
    fn place(
        &self,
        chapter: Option<Ref>,
        paragraph: Option<Ref>,
        span: Range<usize>,
        entry: &str,
    ) -> Result<(Option<usize>, Option<String>)> {
        let at =
            |msg: String, help: &str| self.error(span.clone(), format!("{entry}: {msg}"), help);
        let body: Vec<usize> = (0..self.book.chapters.len())
            .filter(|&i| !self.book.chapters[i].appendix)
            .collect();
        let chapter = match chapter {
            None => None,
            Some(Ref::Number(n)) => match usize::try_from(n) {
                Ok(n) if n >= 1 && n <= body.len() => Some(n),
                _ => {
                    return Err(at(
                        format!("there is no chapter {n}"),
                        &format!("chapters are numbered 1 to {} in reading order", body.len()),
                    ))
                }
            },
            Some(Ref::Name(name)) => match body.iter().position(|&i| {
                self.book.chapters[i]
                    .source
                    .file_name()
                    .is_some_and(|f| f.to_string_lossy() == name.as_str())
            }) {
                Some(i) => Some(i + 1),
                None => {
                    return Err(at(
                        format!("there is no chapter file `{name}`"),
                        "give the chapter's file name (`02-history.md`) or its number",
                    ))
                }
            },
        };
        let paragraph = match (paragraph, chapter) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(at(
                    "`paragraph` needs a `chapter`".into(),
                    "add the chapter the paragraph is in",
                ))
            }
            (Some(p), Some(c)) => {
                let id = match p {
                    Ref::Number(n) => format!("p-{n}"),
                    Ref::Name(s) => s,
                };
                if !paragraphs(&self.book.chapters[c - 1])
                    .iter()
                    .any(|(p, _)| *p == id)
                {
                    return Err(at(format!("chapter {c} has no paragraph `{id}`"), "paragraphs are numbered from 1 in each chapter (`publish facts` prints them as p-N)"));
                }
                Some(id)
            }
        };
        Ok((chapter, paragraph))
    }

    fn selector(
        &self,
        value: String,
        chapter: Option<Ref>,
        paragraph: Option<Ref>,
        span: Range<usize>,
        entry: String,
    ) -> Result<Selector> {
        let value = one_space(&value);
        if value.is_empty() {
            return Err(self.error(
                span,
                format!("{entry}: `value` is empty"),
                "give the value as `publish facts` prints it",
            ));
        }
        let (chapter, paragraph) = self.place(chapter, paragraph, span.clone(), &entry)?;
        Ok(Selector {
            value,
            chapter,
            paragraph,
            line: self.line(span.start),
            entry,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(
            parse_date("1992-07-02"),
            Some(("1992-07-02".into(), FactKind::Date))
        );
        assert_eq!(parse_date("2030"), Some(("2030".into(), FactKind::Year)));
        assert_eq!(
            parse_date("1991-12"),
            Some(("1991-12".into(), FactKind::Month))
        );
        for bad in [
            "1992-7-2",
            "1992-02-30",
            "2023-02-29",
            "92",
            "1992-13",
            "1992-07-02-1",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_date("2024-02-29").is_some());
    }

    #[test]
    fn a_place_in_the_file_is_named_by_its_entry() {
        let text = "title = \"t\"\n[[fact]]\nstatement = \"a\"\n[[hide]]\nvalue = \"b\"\n[[fact]]\nx = 1\n";
        assert_eq!(entry_at(text, 2), None);
        assert_eq!(
            entry_at(text, text.find("statement").unwrap()).as_deref(),
            Some("[[fact]] 1")
        );
        assert_eq!(
            entry_at(text, text.find("value").unwrap()).as_deref(),
            Some("[[hide]] 1")
        );
        assert_eq!(
            entry_at(text, text.find("x =").unwrap()).as_deref(),
            Some("[[fact]] 2")
        );
        // Spaces in the brackets, and a header inside a multi-line string.
        let text = "[[ fact ]]\nstatement = \"\"\"\n[[fact]]\n\"\"\"\n[[fact]]\ny = 2\n";
        assert_eq!(
            entry_at(text, text.find("y =").unwrap()).as_deref(),
            Some("[[fact]] 2")
        );
    }
}
