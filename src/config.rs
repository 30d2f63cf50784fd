//! `book.toml`: the manuscript's configuration.
//!
//! This module owns the file's schema and its validation. Tables: `[book]` (metadata and chapter order),
//! `[epub]` (settings of the EPUB edition) and `[fonts]` (font files that replace the bundled Amiri faces,
//! and fallback faces for characters the book's faces lack).
//! Unknown keys and tables are errors that name the key and its line; so are values of the wrong kind or
//! form (a date that is not `YYYY[-MM[-DD]]`, a language tag that is not BCP 47, an unsafe slug).
//! The result is a plain [`Config`] with defaults filled in; nothing else reads the TOML.

use std::ops::Range;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{line_col, Error, Result};
use crate::model::{
    Author, ChapterStart, Digits, Direction, FactKind, FactSettings, JustifyMode, NoteNumbering,
    NotePlacement, PdfSettings,
};

/// The validated configuration of one manuscript.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<Author>,
    pub contributors: Vec<String>,
    pub language: String,
    pub direction: Direction,
    /// `None` when `book.toml` gives no identifier; the model derives a stable one.
    pub identifier: Option<String>,
    pub date: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
    pub rights: Option<String>,
    pub subjects: Vec<String>,
    pub slug: Option<String>,
    /// Chapter files in reading order, relative to the manuscript folder, when `book.toml` lists them.
    pub chapters: Option<Vec<(String, usize)>>,
    pub epub: EpubConfig,
    pub pdf: PdfSettings,
    pub fonts: FontsConfig,
    pub facts: FactSettings,
}

/// `[epub]`: settings of the EPUB edition.
#[derive(Debug, Clone)]
pub struct EpubConfig {
    /// Deepest heading level listed in the navigation document (1 = chapters only).
    pub toc_depth: u8,
    /// A CSS file of the manuscript appended to the built-in stylesheet, with its line in `book.toml`.
    pub stylesheet: Option<(String, usize)>,
    /// An image file of the manuscript to use as the cover, with its line.
    pub cover: Option<(String, usize)>,
}

/// `[fonts]`: font files of the manuscript that replace the bundled faces, and fallback faces tried
/// before the bundled ones for characters the book's faces lack (paths and their lines).
#[derive(Debug, Clone, Default)]
pub struct FontsConfig {
    pub regular: Option<(String, usize)>,
    pub bold: Option<(String, usize)>,
    pub italic: Option<(String, usize)>,
    pub bold_italic: Option<(String, usize)>,
    pub fallback: Vec<(String, usize)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    book: RawBook,
    #[serde(default)]
    epub: RawEpub,
    #[serde(default)]
    pdf: RawPdf,
    #[serde(default)]
    fonts: RawFonts,
    #[serde(default)]
    facts: RawFacts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFacts {
    kinds: Option<Vec<Spanned<String>>>,
    quotations: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPdf {
    paper: Option<Spanned<String>>,
    width: Option<Spanned<f64>>,
    height: Option<Spanned<f64>>,
    margin_top: Option<Spanned<f64>>,
    margin_bottom: Option<Spanned<f64>>,
    margin_inner: Option<Spanned<f64>>,
    margin_outer: Option<Spanned<f64>>,
    font_size: Option<Spanned<f64>>,
    line_height: Option<Spanned<f64>>,
    digits: Option<Digits>,
    justify: Option<JustifyMode>,
    notes: Option<NotePlacement>,
    note_numbering: Option<NoteNumbering>,
    indent: Option<Spanned<f64>>,
    chapter_start: Option<ChapterStart>,
    ornament: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    title: Spanned<String>,
    subtitle: Option<String>,
    #[serde(default)]
    authors: Vec<Author>,
    #[serde(default)]
    contributors: Vec<String>,
    language: Option<Spanned<String>>,
    direction: Option<Direction>,
    identifier: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    publisher: Option<String>,
    description: Option<String>,
    rights: Option<String>,
    #[serde(default)]
    subjects: Vec<String>,
    slug: Option<Spanned<String>>,
    chapters: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEpub {
    toc_depth: Option<Spanned<i64>>,
    stylesheet: Option<Spanned<String>>,
    cover: Option<Spanned<String>>,
}

/// The most fallback faces `[fonts]` may name.
const MAX_FALLBACK: usize = 16;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    regular: Option<Spanned<String>>,
    bold: Option<Spanned<String>>,
    italic: Option<Spanned<String>>,
    bold_italic: Option<Spanned<String>>,
    #[serde(default)]
    fallback: Vec<Spanned<String>>,
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

/// Languages written in the Arabic script: their books default to right to left.
const ARABIC_SCRIPT_LANGUAGES: &[&str] = &[
    "ar", "fa", "ur", "ps", "ckb", "sd", "ug", "ks", "bal", "azb", "prs",
];

impl Config {
    /// Reads and validates `book.toml` at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::io(path, "read book.toml", &e)
                .help("a manuscript folder needs a book.toml with a [book] table and a title; `publish init DIR` writes one")
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let (line, col) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
            Error::at(path, line, "book.toml is not valid UTF-8")
                .with_column(col)
                .help("save the file as UTF-8")
        })?;
        Config::parse(path, &text)
    }

    /// Parses and validates the text of a `book.toml`; `path` is used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let at = |span: Range<usize>, msg: String, help: &str| {
            Error::at_offset(path, text, span.start, msg).help(help.to_string())
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_string();
            // Words an author reads, not the parser's types.
            let msg = plain_words(&msg);
            let help = if msg.contains("unknown field") {
                "remove the key or correct its spelling; the README lists every key"
            } else if msg.contains("missing field") {
                "add the missing key; `[book]` needs at least `title`"
            } else if msg.contains("is not one of its values") {
                "use one of the values listed"
            } else if msg.contains("as text in quotes") {
                "write the value in quotes, as the README shows"
            } else if msg.contains(" is expected") {
                "give the key a value of the kind named (a number without quotes, text in quotes)"
            } else {
                "fix the TOML syntax at this place"
            };
            // The key the value belongs to, from the line it is on (`justify = "wide"`).
            let line_start = text[..span.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |k| k + 1);
            let key = text[line_start..span.start.min(text.len())]
                .split_once('=')
                .map(|(k, _)| k.trim())
                .filter(|k| !k.is_empty() && !k.contains(['[', '#']));
            let msg = match key {
                Some(key) if !msg.contains("unknown field") => format!("`{key}`: {msg}"),
                _ => msg,
            };
            at(span, format!("invalid book.toml: {msg}"), help)
        })?;
        let book = raw.book;

        let title = book.title.get_ref().trim().to_string();
        if title.is_empty() {
            return Err(at(
                book.title.span(),
                "`title` is empty".into(),
                "give the book a title",
            ));
        }

        let language = match &book.language {
            Some(lang) => {
                let value = lang.get_ref().trim();
                if !is_language_tag(value) {
                    return Err(at(
                        lang.span(),
                        format!("`language` = {value:?} is not a BCP 47 language tag"),
                        "use a tag such as \"ar\", \"ar-EG\" or \"en\"",
                    ));
                }
                value.to_string()
            }
            None => "ar".to_string(),
        };
        let primary = language
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let direction =
            book.direction
                .unwrap_or(if ARABIC_SCRIPT_LANGUAGES.contains(&primary.as_str()) {
                    Direction::Rtl
                } else {
                    Direction::Ltr
                });

        if let Some(date) = &book.date {
            if !is_date(date.get_ref()) {
                return Err(at(
                    date.span(),
                    format!("`date` = {:?} is not a date", date.get_ref()),
                    "write it as YYYY, YYYY-MM or YYYY-MM-DD",
                ));
            }
        }
        if let Some(id) = &book.identifier {
            if id.get_ref().trim().is_empty() {
                return Err(at(
                    id.span(),
                    "`identifier` is empty".into(),
                    "remove it to derive one, or give an ISBN or URN",
                ));
            }
        }
        if let Some(slug) = &book.slug {
            if !is_slug(slug.get_ref()) {
                return Err(at(
                    slug.span(),
                    format!("`slug` = {:?} cannot name the output files", slug.get_ref()),
                    "use ASCII letters, digits, '-', '_' and '.', not starting with '.'",
                ));
            }
        }
        for a in &book.authors {
            if a.name.trim().is_empty() {
                return Err(Error::in_file(path, "an author has an empty name")
                    .help("give every author a name"));
            }
        }

        let toc_depth = match &book_epub_depth(&raw.epub) {
            Some((depth, span)) if !(1..=6).contains(depth) => {
                return Err(at(
                    span.clone(),
                    format!("`toc_depth` = {depth} is out of range"),
                    "use a level from 1 to 6",
                ));
            }
            Some((depth, _)) => *depth as u8,
            None => 2,
        };

        let pdf = pdf_config(&raw.pdf, &language, &at)?;
        if let Some(extra) = raw.fonts.fallback.get(MAX_FALLBACK) {
            return Err(at(
                extra.span(),
                format!("[fonts] fallback names more than {MAX_FALLBACK} fonts"),
                "keep the fonts that draw characters the others lack",
            ));
        }
        let mut facts = FactSettings {
            quotations: raw.facts.quotations.unwrap_or(false),
            ..FactSettings::default()
        };
        if let Some(kinds) = &raw.facts.kinds {
            if kinds.is_empty() {
                return Err(Error::in_file(path, "[facts] kinds is empty: the appendix would list nothing")
                    .help("name the kinds to list, or leave the appendix out with `appendix = false` in facts.toml"));
            }
            facts.kinds.clear();
            for k in kinds {
                let Some(kind) = FactKind::ALL.into_iter().find(|f| f.name() == k.get_ref()) else {
                    let names: Vec<&str> = FactKind::ALL.iter().map(|k| k.name()).collect();
                    return Err(at(
                        k.span(),
                        format!("[facts] kinds: unknown kind `{}`", k.get_ref()),
                        &format!("use some of: {}", names.join(", ")),
                    ));
                };
                facts.kinds.push(kind);
            }
        }
        let line_of = |s: &Spanned<String>| (s.get_ref().clone(), line_col(text, s.span().start).0);
        Ok(Config {
            title,
            subtitle: non_empty(book.subtitle),
            authors: book.authors,
            contributors: book.contributors,
            language,
            direction,
            identifier: book.identifier.map(|s| s.into_inner().trim().to_string()),
            date: book.date.map(Spanned::into_inner),
            publisher: non_empty(book.publisher),
            description: non_empty(book.description),
            rights: non_empty(book.rights),
            subjects: book.subjects,
            slug: book.slug.map(Spanned::into_inner),
            chapters: book.chapters.map(|list| list.iter().map(line_of).collect()),
            epub: EpubConfig {
                toc_depth,
                stylesheet: raw.epub.stylesheet.as_ref().map(line_of),
                cover: raw.epub.cover.as_ref().map(line_of),
            },
            pdf,
            fonts: FontsConfig {
                regular: raw.fonts.regular.as_ref().map(line_of),
                bold: raw.fonts.bold.as_ref().map(line_of),
                italic: raw.fonts.italic.as_ref().map(line_of),
                bold_italic: raw.fonts.bold_italic.as_ref().map(line_of),
                fallback: raw.fonts.fallback.iter().map(line_of).collect(),
            },
            facts,
        })
    }
}

/// The TOML reader's message about a value in an author's words: `unknown variant `side`, expected
/// `page` or `chapter`` becomes «"side" is not one of its values: `page` or `chapter`».
fn plain_words(msg: &str) -> String {
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

/// Validates `[pdf]` and fills in its defaults (A5, 11 pt, Arabic-Indic digits and kashida for Arabic).
fn pdf_config(
    raw: &RawPdf,
    language: &str,
    at: &dyn Fn(Range<usize>, String, &str) -> Error,
) -> Result<PdfSettings> {
    let (mut width, mut height) = (148.0f32, 210.0f32);
    if let Some(paper) = &raw.paper {
        (width, height) =
            match paper.get_ref().to_ascii_lowercase().as_str() {
                "a5" => (148.0, 210.0),
                "a4" => (210.0, 297.0),
                "letter" => (215.9, 279.4),
                other => return Err(at(
                    paper.span(),
                    format!("`paper` = {other:?} is not a paper size publish knows"),
                    "use \"A5\", \"A4\" or \"Letter\", or give `width` and `height` in millimetres",
                )),
            };
    }
    let number =
        |v: &Option<Spanned<f64>>, name: &str, lo: f64, hi: f64, default: f32| -> Result<f32> {
            match v {
                None => Ok(default),
                Some(s) if (lo..=hi).contains(s.get_ref()) => Ok(*s.get_ref() as f32),
                Some(s) => Err(at(
                    s.span(),
                    format!("`{name}` = {} is out of range", s.get_ref()),
                    &format!("use a value from {lo} to {hi}"),
                )),
            }
        };
    width = number(&raw.width, "width", 50.0, 1000.0, width)?;
    height = number(&raw.height, "height", 50.0, 1000.0, height)?;
    let margins = [
        number(&raw.margin_top, "margin_top", 5.0, 100.0, 18.0)?,
        number(&raw.margin_bottom, "margin_bottom", 5.0, 100.0, 20.0)?,
        number(&raw.margin_inner, "margin_inner", 5.0, 100.0, 20.0)?,
        number(&raw.margin_outer, "margin_outer", 5.0, 100.0, 15.0)?,
    ];
    if margins[2] + margins[3] > width * 0.6 || margins[0] + margins[1] > height * 0.6 {
        let span = raw
            .margin_inner
            .as_ref()
            .or(raw.margin_top.as_ref())
            .map(|s| s.span())
            .unwrap_or(0..0);
        return Err(at(
            span,
            "the margins leave too little room for text".into(),
            "make the margins smaller or the paper larger",
        ));
    }
    let arabic = crate::locale::is_arabic(language);
    Ok(PdfSettings {
        width_mm: width,
        height_mm: height,
        margins_mm: margins,
        font_size: number(&raw.font_size, "font_size", 6.0, 36.0, 11.0)?,
        line_height: number(&raw.line_height, "line_height", 1.0, 3.0, 1.8)?,
        digits: raw.digits.unwrap_or(if arabic {
            Digits::ArabicIndic
        } else {
            Digits::Western
        }),
        justify: raw.justify.unwrap_or(if arabic {
            JustifyMode::Kashida
        } else {
            JustifyMode::Spaces
        }),
        notes: raw.notes.unwrap_or(NotePlacement::Page),
        note_numbering: raw.note_numbering.unwrap_or(NoteNumbering::Chapter),
        indent: number(&raw.indent, "indent", 0.0, 5.0, 1.0)?,
        chapter_start: raw.chapter_start.unwrap_or(ChapterStart::Recto),
        ornament: match &raw.ornament {
            None => "* * *".to_string(),
            Some(o) if o.get_ref().trim().is_empty() || o.get_ref().chars().count() > 12 => {
                return Err(at(
                    o.span(),
                    format!("`ornament` = {:?} cannot be drawn as a break", o.get_ref()),
                    "give one to twelve characters, such as \"* * *\" or \"❁\"",
                ))
            }
            Some(o) => o.get_ref().trim().to_string(),
        },
    })
}

fn book_epub_depth(epub: &RawEpub) -> Option<(i64, Range<usize>)> {
    epub.toc_depth.as_ref().map(|d| (*d.get_ref(), d.span()))
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A pragmatic BCP 47 check: a 2-3 letter (or 4-8 letter) primary subtag, then subtags of 1-8 letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, d] => {
            num(y, 4)
                && num(m, 2)
                && num(d, 2)
                && chrono::NaiveDate::from_ymd_opt(
                    y.parse().unwrap_or(0),
                    m.parse().unwrap_or(0),
                    d.parse().unwrap_or(0),
                )
                .is_some()
        }
        _ => false,
    }
}

/// A file-name-safe slug.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("m/book.toml"), text)
    }

    #[test]
    fn minimal_book_gets_arabic_defaults() {
        let c = parse("[book]\ntitle = \"كتاب\"\n").unwrap();
        assert_eq!(c.language, "ar");
        assert_eq!(c.direction, Direction::Rtl);
        assert_eq!(c.epub.toc_depth, 2);
        assert!(c.identifier.is_none());
    }

    #[test]
    fn english_book_is_left_to_right() {
        let c = parse("[book]\ntitle = \"A\"\nlanguage = \"en-GB\"\n").unwrap();
        assert_eq!(c.direction, Direction::Ltr);
    }

    #[test]
    fn authors_may_be_names_or_tables() {
        let c = parse(
            "[book]\ntitle = \"A\"\nauthors = [\"x\", { name = \"y\", affiliation = \"z\" }]\n",
        )
        .unwrap();
        assert_eq!(
            c.authors[0],
            Author {
                name: "x".into(),
                affiliation: None
            }
        );
        assert_eq!(c.authors[1].affiliation.as_deref(), Some("z"));
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let e = parse("[book]\ntitle = \"A\"\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("colour"), "{e}");
        let e = parse("[book]\ntitle = \"A\"\n[print]\nx = 1\n").unwrap_err();
        assert!(e.message.contains("print"), "{e}");
    }

    #[test]
    fn facts_settings_choose_kinds_and_quotations_and_name_an_unknown_kind() {
        let c = parse("[book]\ntitle = \"A\"\n").unwrap();
        assert_eq!(c.facts, FactSettings::default());
        assert!(!c.facts.quotations);
        let c = parse(
            "[book]\ntitle = \"A\"\n[facts]\nkinds = [\"year\", \"money\"]\nquotations = true\n",
        )
        .unwrap();
        assert_eq!(c.facts.kinds, [FactKind::Year, FactKind::Money]);
        assert!(c.facts.quotations);
        let e = parse("[book]\ntitle = \"A\"\n[facts]\nkinds = [\"year\",\n  \"years\"]\n")
            .unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        assert!(e.message.contains("`years`"), "{e}");
        assert!(e.to_string().contains("year-range"), "{e}");
        let e = parse("[book]\ntitle = \"A\"\n[facts]\nkinds = []\n").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = parse("[book]\ntitle = \"A\"\n[facts]\nquotation = true\n").unwrap_err();
        assert!(e.message.contains("quotation"), "{e}");
    }

    #[test]
    fn syntax_error_reports_the_line() {
        let e = parse("[book]\ntitle = \"A\"\n\nsubtitle = \n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
    }

    #[test]
    fn missing_title_is_an_error() {
        let e = parse("[book]\nsubtitle = \"A\"\n").unwrap_err();
        assert!(e.message.contains("title"), "{e}");
    }

    #[test]
    fn bad_values_are_rejected_with_lines() {
        let e = parse("[book]\ntitle = \"A\"\ndate = \"2022-13-01\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = parse("[book]\ntitle = \"A\"\nlanguage = \"arabic language\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = parse("[book]\ntitle = \"A\"\nslug = \"../x\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = parse("[book]\ntitle = \"A\"\n[epub]\ntoc_depth = 9\n").unwrap_err();
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn pdf_settings_have_book_defaults_and_are_checked() {
        let c = parse("[book]\ntitle = \"A\"\n").unwrap();
        assert_eq!((c.pdf.width_mm, c.pdf.height_mm), (148.0, 210.0));
        assert_eq!(c.pdf.digits, Digits::ArabicIndic);
        assert_eq!(c.pdf.justify, JustifyMode::Kashida);
        let c = parse("[book]\ntitle = \"A\"\nlanguage = \"en\"\n[pdf]\npaper = \"A4\"\nfont_size = 10\ndigits = \"western\"\n").unwrap();
        assert_eq!(
            (c.pdf.width_mm, c.pdf.height_mm, c.pdf.font_size),
            (210.0, 297.0, 10.0)
        );
        assert_eq!(c.pdf.justify, JustifyMode::Spaces);
        let e = parse("[book]\ntitle = \"A\"\n[pdf]\npaper = \"B7\"\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        let e = parse("[book]\ntitle = \"A\"\n[pdf]\nfont_size = 2\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        let e = parse("[book]\ntitle = \"A\"\n[pdf]\ncolour = 1\n").unwrap_err();
        assert!(e.message.contains("colour"), "{e}");
        let e = parse("[book]\ntitle = \"A\"\n[pdf]\njustify = \"wide\"\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
    }

    #[test]
    fn dates() {
        assert!(is_date("2022"));
        assert!(is_date("2022-07"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("22-07-02"));
        assert!(!is_date("July 2022"));
    }
}
