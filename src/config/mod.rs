//! `book.toml`: the manuscript's configuration.
//!
//! This module owns the file's schema and its validation. Tables: `[book]` (metadata and chapter order),
//! `[epub]` (settings of the EPUB edition) and `[fonts]` (font files that replace the bundled Amiri faces,
//! and fallback faces for characters the book's faces lack).
//! Unknown keys and tables are errors that name the key and its line; so are values of the wrong kind or
//! form (a date that is not `YYYY[-MM[-DD]]`, a language tag that is not BCP 47, an unsafe slug).
//! Every error of the file is reported, not only the first ([`Config::parse_all`]): the reader
//! ([`raw`]) leaves a key in error out and reads on, and each value is checked ([`values`]) whatever
//! the others hold. The result is a plain [`Config`] with defaults filled in; nothing else reads the TOML.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::error::{line_col, Error, Place, Result};
use crate::model::{Author, Direction, FactKind, FactSettings, PdfSettings};

mod raw;
#[cfg(test)]
mod tests;
mod values;

use raw::{RawEpub, MAX_FALLBACK};
pub use values::{is_date, is_slug};

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
    pub chapters: Option<Vec<(String, Place)>>,
    pub epub: EpubConfig,
    pub pdf: PdfSettings,
    pub fonts: FontsConfig,
    pub facts: FactSettings,
    /// `[print]`, when the file has the table.
    pub print: Option<crate::model::PrintSettings>,
    /// The author's own print cover (`[print] cover`: a PDF or an image), with its place.
    pub print_cover: Option<(String, Place)>,
    /// The keys left out for their errors (dotted: `book.chapters`), at their defaults.
    pub left_out: Vec<String>,
}

/// `[epub]`: settings of the EPUB edition.
#[derive(Debug, Clone)]
pub struct EpubConfig {
    /// Deepest heading level listed in the navigation document (1 = chapters only).
    pub toc_depth: u8,
    /// A CSS file of the manuscript appended to the built-in stylesheet, with its line in `book.toml`.
    pub stylesheet: Option<(String, Place)>,
    /// An image file of the manuscript to use as the cover, with its line.
    pub cover: Option<(String, Place)>,
}

/// `[fonts]`: font files of the manuscript that replace the bundled faces, and fallback faces tried
/// before the bundled ones for characters the book's faces lack (paths and their lines).
#[derive(Debug, Clone, Default)]
pub struct FontsConfig {
    pub regular: Option<(String, Place)>,
    pub bold: Option<(String, Place)>,
    pub italic: Option<(String, Place)>,
    pub bold_italic: Option<(String, Place)>,
    pub fallback: Vec<(String, Place)>,
}

/// Languages written in the Arabic script: their books default to right to left.
const ARABIC_SCRIPT_LANGUAGES: &[&str] = &[
    "ar", "fa", "ur", "ps", "ckb", "sd", "ug", "ks", "bal", "azb", "prs",
];

impl Config {
    /// Reads and validates `book.toml` at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let (config, errors) = Config::load_all(path)?;
        Error::all_of(errors)?;
        Ok(config)
    }

    /// Reads `book.toml` at `path`: the configuration, its keys in error left at their defaults, and
    /// every error found. `Err` only when the file cannot be read as text.
    pub fn load_all(path: &Path) -> Result<(Config, Vec<Error>)> {
        let bytes = std::fs::read(path).map_err(|e| {
            if path.is_dir() {
                Error::in_file(path, "cannot read book.toml: it is a folder")
                    .help("book.toml must be a text file; rename or remove the folder")
            } else if e.kind() == std::io::ErrorKind::PermissionDenied {
                Error::io(path, "read book.toml", &e).help(
                    "the file is there but this user may not read it: check its permissions (chmod u+r book.toml)",
                )
            } else {
                Error::io(path, "read book.toml", &e)
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let (line, col) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
            Error::at(path, line, "book.toml is not valid UTF-8")
                .with_column(col)
                .help("save the file as UTF-8")
        })?;
        Ok(Config::parse_all(path, &text))
    }

    /// Parses and validates the text of a `book.toml`; `path` is used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let (config, errors) = Config::parse_all(path, text);
        Error::all_of(errors)?;
        Ok(config)
    }

    /// Parses the text of a `book.toml`: the configuration (a key in error left at its default) and
    /// every error, each at its line and column.
    pub fn parse_all(path: &Path, text: &str) -> (Config, Vec<Error>) {
        let (raw, mut errors, left_out) = raw::read(path, text);
        let at = |span: Range<usize>, msg: String, help: &str| {
            Error::at_offset(path, text, span.start, msg).help(help.to_string())
        };
        let mut push = |e: Error| errors.push(e);
        let book = raw.book;

        let title =
            match &book.title {
                Some(t) if t.get_ref().trim().is_empty() => {
                    push(at(
                        t.span(),
                        "`title` is empty".into(),
                        "give the book a title",
                    ));
                    String::new()
                }
                Some(t) => t.get_ref().trim().to_string(),
                // A title in error is reported as such, not again as missing.
                // (A key of [book] left out for its error may be the title misspelt: `titel`.)
                None if left_out
                    .iter()
                    .any(|k| k == "book" || k.starts_with("book.")) =>
                {
                    String::new()
                }
                None => {
                    push(Error::in_file(path, "the book has no `title`").help(
                        "add a title under [book]: `title = \"…\"` (every book.toml needs one)",
                    ));
                    String::new()
                }
            };

        let language = match &book.language {
            Some(lang) => {
                let value = lang.get_ref().trim();
                match values::language_tag(value) {
                    Ok(()) => value.to_string(),
                    Err(help) => {
                        push(at(
                            lang.span(),
                            format!("`language` = {value:?} is not a BCP 47 language tag"),
                            &help,
                        ));
                        "ar".to_string()
                    }
                }
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
            if let Err((what, help)) = values::date(date.get_ref()) {
                push(at(
                    date.span(),
                    format!("`date` = {:?} {what}", date.get_ref()),
                    &help,
                ));
            }
        }
        if let Some(id) = &book.identifier {
            if id.get_ref().trim().is_empty() {
                push(at(
                    id.span(),
                    "`identifier` is empty".into(),
                    "remove it to derive one, or give an ISBN or URN",
                ));
            }
        }
        if let Some(slug) = &book.slug {
            if !is_slug(slug.get_ref()) {
                push(at(
                    slug.span(),
                    format!("`slug` = {:?} cannot name the output files", slug.get_ref()),
                    "use ASCII letters, digits, '-', '_' and '.', not starting with '.'",
                ));
            }
        }
        if book.authors.iter().any(|a| a.name.trim().is_empty()) {
            push(
                Error::in_file(path, "an author has an empty name")
                    .help("give every author a name"),
            );
        }

        let toc_depth = match &book_epub_depth(&raw.epub) {
            Some((depth, span)) if !(1..=6).contains(depth) => {
                push(at(
                    span.clone(),
                    format!("`toc_depth` = {depth} is out of range"),
                    "use a level from 1 to 6",
                ));
                2
            }
            Some((depth, _)) => *depth as u8,
            None => 2,
        };

        let paper_in_error = ["pdf", "pdf.paper", "pdf.width", "pdf.height"]
            .iter()
            .any(|k| left_out.iter().any(|l| l == k));
        let pdf = values::pdf_config(&raw.pdf, &language, &at, &mut push, paper_in_error);
        let print = values::print_config(raw.print.as_ref(), &pdf, &at, &mut push);
        if let Some(extra) = raw.fonts.fallback.get(MAX_FALLBACK) {
            push(at(
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
                push(Error::in_file(path, "[facts] kinds is empty: the appendix would list nothing")
                    .help("name the kinds to list, or leave the appendix out with `appendix = false` in facts.toml"));
            } else {
                facts.kinds.clear();
            }
            for k in kinds {
                let Some(kind) = FactKind::ALL.into_iter().find(|f| f.name() == k.get_ref()) else {
                    let names: Vec<&str> = FactKind::ALL.iter().map(|k| k.name()).collect();
                    push(at(
                        k.span(),
                        format!("[facts] kinds: unknown kind `{}`", k.get_ref()),
                        &format!("use some of: {}", names.join(", ")),
                    ));
                    continue;
                };
                facts.kinds.push(kind);
            }
        }
        let line_of = |s: &Spanned<String>| (s.get_ref().clone(), Place::of(text, s.span().start));
        let config = Config {
            title,
            subtitle: non_empty(book.subtitle),
            authors: book.authors,
            contributors: book.contributors,
            language,
            direction,
            identifier: book.identifier.map(|s| s.into_inner().trim().to_string()),
            date: book
                .date
                .map(Spanned::into_inner)
                .filter(|d| values::date(d).is_ok()),
            publisher: non_empty(book.publisher),
            description: non_empty(book.description),
            rights: non_empty(book.rights),
            subjects: book.subjects,
            slug: book.slug.map(Spanned::into_inner).filter(|s| is_slug(s)),
            // A list in error stands as an empty one: the folder's files are not taken in its place.
            chapters: match book.chapters {
                Some(list) => Some(list.iter().map(line_of).collect()),
                None if left_out.iter().any(|k| k == "book.chapters") => Some(Vec::new()),
                None => None,
            },

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
                fallback: raw
                    .fonts
                    .fallback
                    .iter()
                    .take(MAX_FALLBACK)
                    .map(line_of)
                    .collect(),
            },
            facts,
            print,
            print_cover: raw
                .print
                .as_ref()
                .and_then(|p| p.cover.as_ref())
                .map(line_of),
            left_out,
        };
        (config, errors)
    }
}

fn book_epub_depth(epub: &RawEpub) -> Option<(i64, Range<usize>)> {
    epub.toc_depth.as_ref().map(|d| (*d.get_ref(), d.span()))
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
