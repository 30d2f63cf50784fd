//! The shape of `book.toml` as the TOML reader fills it, before any value is checked; and the reader's
//! errors in an author's words. [`read`] reads the whole file and reports every error it can: each
//! syntax error, then each key the schema does not know or whose value has the wrong kind, the key
//! left out and the file read again, so that one mistake does not hide the next.

use std::ops::Range;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::error::{Error, MAX_ERRORS};
use crate::model::{
    Author, ChapterStart, Digits, Direction, JustifyMode, NoteNumbering, NotePlacement, Paper,
    PrintService,
};

/// The file's values as the schema reads them (those of a key in error left out), every error met,
/// and the keys left out for their errors (dotted: `book.title`), so that no check reports their
/// absence again.
pub(super) fn read(path: &Path, text: &str) -> (RawConfig, Vec<Error>, Vec<String>) {
    let (mut table, syntax) = DeTable::parse_recoverable(text);
    let mut errors: Vec<Error> = syntax.iter().map(|e| toml_error(path, text, e)).collect();
    let mut left_out = Vec::new();
    loop {
        match RawConfig::deserialize(toml::de::Deserializer::from(table.clone())) {
            Ok(raw) => return (raw, errors, left_out),
            Err(e) => {
                errors.push(toml_error(path, text, &e));
                let at = e.span().map_or(0, |s| s.start);
                let removed = (errors.len() <= MAX_ERRORS)
                    .then(|| remove_key_at(table.get_mut(), at))
                    .flatten();
                match removed {
                    Some(key) => left_out.push(key),
                    None => return (RawConfig::default(), errors, left_out),
                }
            }
        }
    }
}

/// Removes from `table` the key whose entry holds byte `at` (the innermost table's key; the whole
/// array for a place inside an array), or else the table the place lies in; the key removed,
/// dotted. A table's own span is only its header (an array of tables': its first header), so every
/// table is looked into, and the last one to start before `at` holds it.
fn remove_key_at(table: &mut DeTable<'_>, at: usize) -> Option<String> {
    if let Some(key) = remove_key_at_exactly(table, at) {
        return Some(key);
    }
    let holding = table
        .iter()
        .filter(|(k, _)| k.span().start <= at)
        .max_by_key(|(k, _)| k.span().start)
        .map(|(k, _)| k.clone())?;
    table
        .remove(&holding)
        .map(|_| holding.get_ref().to_string())
}

/// [`remove_key_at`] without the fallback: only a key whose entry holds `at`.
fn remove_key_at_exactly(table: &mut DeTable<'_>, at: usize) -> Option<String> {
    for (key, value) in table.iter_mut() {
        if let DeValue::Table(inner) = value.get_mut() {
            if let Some(inner_key) = remove_key_at_exactly(inner, at) {
                return Some(format!("{}.{inner_key}", key.get_ref()));
            }
        }
    }
    let key = table
        .iter()
        .find(|(k, v)| inside(k.span(), at) || holds(v, at))
        .map(|(k, _)| k.clone())?;
    table.remove(&key).map(|_| key.get_ref().to_string())
}

/// True when the value (an array's elements, a table's entries, looked into) holds byte `at`.
fn holds(value: &Spanned<DeValue<'_>>, at: usize) -> bool {
    if inside(value.span(), at) && !value.get_ref().is_table() {
        return true;
    }
    match value.get_ref() {
        DeValue::Array(items) => items.iter().any(|item| holds(item, at)),
        DeValue::Table(entries) => entries
            .iter()
            .any(|(k, v)| inside(k.span(), at) || holds(v, at)),
        _ => false,
    }
}

/// True when byte `at` lies in `span` (an empty span holds its start).
fn inside(span: Range<usize>, at: usize) -> bool {
    span.start <= at && at < span.end.max(span.start + 1)
}

/// An error of the TOML reader, in an author's words, at its line and column.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let span = e.span().unwrap_or(0..0);
    let msg = e.message().trim().to_string();
    // Words an author reads, not the parser's types.
    let msg = plain_words(&msg);
    let help = if msg.contains("unknown field") {
        "remove the key or correct its spelling; the README lists every key"
    } else if msg.contains("missing field") {
        "add the missing key"
    } else if msg.contains("is not one of its values") {
        "use one of the values listed"
    } else if msg.contains("as text in quotes") {
        "write the value in quotes, as the README shows"
    } else if msg.contains("duplicate key") {
        "the key is written twice in this table: remove one of the two"
    } else if msg.contains("where a list") {
        "write the values in brackets, each in quotes: [\"…\", \"…\"]"
    } else if msg.contains("in quotes) where a number") || msg.contains("in quotes) where a whole")
    {
        "remove the quotes around the number"
    } else if msg.contains("where text in quotes is expected") {
        "put the value in quotes: key = \"…\""
    } else if msg.contains(" is expected") {
        "give the key a value of the kind named (a number without quotes, text in quotes)"
    } else {
        "fix the TOML syntax at this place"
    };
    // The key the value belongs to, from the line it is on (`justify = "wide"`).
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |k| k + 1);
    let key = text[line_start..start]
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && !k.contains(['[', '#']));
    let msg = match key {
        Some(key) if !msg.contains("unknown field") => format!("`{key}`: {msg}"),
        _ => msg,
    };
    Error::at_offset(path, text, span.start, format!("invalid book.toml: {msg}")).help(help)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    #[serde(default)]
    pub(super) book: RawBook,
    #[serde(default)]
    pub(super) epub: RawEpub,
    #[serde(default)]
    pub(super) pdf: RawPdf,
    #[serde(default)]
    pub(super) fonts: RawFonts,
    #[serde(default)]
    pub(super) facts: RawFacts,
    pub(super) print: Option<RawPrint>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrint {
    pub(super) service: Option<PrintService>,
    pub(super) trim: Option<Spanned<String>>,
    pub(super) paper: Option<Paper>,
    pub(super) bleed: Option<bool>,
    pub(super) cover: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFacts {
    pub(super) kinds: Option<Vec<Spanned<String>>>,
    pub(super) quotations: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPdf {
    pub(super) paper: Option<Spanned<String>>,
    pub(super) width: Option<Spanned<f64>>,
    pub(super) height: Option<Spanned<f64>>,
    pub(super) margin_top: Option<Spanned<f64>>,
    pub(super) margin_bottom: Option<Spanned<f64>>,
    pub(super) margin_inner: Option<Spanned<f64>>,
    pub(super) margin_outer: Option<Spanned<f64>>,
    pub(super) font_size: Option<Spanned<f64>>,
    pub(super) line_height: Option<Spanned<f64>>,
    pub(super) digits: Option<Digits>,
    pub(super) justify: Option<JustifyMode>,
    pub(super) notes: Option<NotePlacement>,
    pub(super) note_numbering: Option<NoteNumbering>,
    pub(super) indent: Option<Spanned<f64>>,
    pub(super) chapter_start: Option<ChapterStart>,
    pub(super) ornament: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBook {
    /// Optional here so that a missing title is one error among the others ([`super::Config::parse_all`]).
    pub(super) title: Option<Spanned<String>>,
    pub(super) subtitle: Option<String>,
    #[serde(default)]
    pub(super) authors: Vec<Author>,
    #[serde(default)]
    pub(super) contributors: Vec<String>,
    pub(super) language: Option<Spanned<String>>,
    pub(super) direction: Option<Direction>,
    pub(super) identifier: Option<Spanned<String>>,
    pub(super) date: Option<Spanned<String>>,
    pub(super) publisher: Option<String>,
    pub(super) description: Option<String>,
    pub(super) rights: Option<String>,
    #[serde(default)]
    pub(super) subjects: Vec<String>,
    pub(super) slug: Option<Spanned<String>>,
    pub(super) chapters: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEpub {
    pub(super) toc_depth: Option<Spanned<i64>>,
    pub(super) stylesheet: Option<Spanned<String>>,
    pub(super) cover: Option<Spanned<String>>,
}

/// The most fallback faces `[fonts]` may name.
pub(super) const MAX_FALLBACK: usize = 16;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFonts {
    pub(super) regular: Option<Spanned<String>>,
    pub(super) bold: Option<Spanned<String>>,
    pub(super) italic: Option<Spanned<String>>,
    pub(super) bold_italic: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) fallback: Vec<Spanned<String>>,
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            name: String,
            affiliation: Option<String>,
        }
        struct AuthorVisitor;
        impl<'de> Visitor<'de> for AuthorVisitor {
            type Value = Author;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, or a table { name = \"...\", affiliation = \"...\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Author, E> {
                Ok(Author {
                    name: v.to_string(),
                    affiliation: None,
                })
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> std::result::Result<Author, M::Error> {
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Author {
                    name: full.name,
                    affiliation: full.affiliation,
                })
            }
        }
        d.deserialize_any(AuthorVisitor)
    }
}

/// The TOML reader's message about a value in an author's words: `unknown variant `side`, expected
/// `page` or `chapter`` becomes «"side" is not one of its values: `page` or `chapter`».
pub(super) fn plain_words(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        if let Some((value, expected)) = rest.split_once("`, expected ") {
            let expected = expected.strip_prefix("one of ").unwrap_or(expected);
            return format!("\"{value}\" is not one of its values: {expected}");
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if let Some((got, expected)) = rest.split_once(", expected ") {
            let expected = match expected {
                "f64" | "a float" => "a number",
                "i64" | "an integer" => "a whole number",
                "a boolean" => "true or false",
                "a string" | "a borrowed string" => "text in quotes",
                "a sequence" => "a list in brackets",
                "a table" | "struct Full" => "a table",
                other => other,
            };
            let got = if let Some(text) = got.strip_prefix("string ") {
                format!("the text {text} (in quotes)")
            } else {
                got.to_string()
            };
            return format!("{got} where {expected} is expected");
        }
    }
    if msg.starts_with("wanted exactly 1 element") || msg.starts_with("wanted string or table") {
        return "expected one of the values, as text in quotes".to_string();
    }
    msg.to_string()
}
