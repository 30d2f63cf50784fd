//! Loading a manuscript folder into the book model.
//!
//! A manuscript is a folder with `book.toml` and chapter files (`*.md`), taken in file-name order unless
//! `book.toml` lists them. Loading reads and validates the configuration ([`crate::config`]), reads every
//! chapter as UTF-8 and parses it ([`markdown`]), resolves images and cross-chapter links
//! ([`resources`]), checks that every `#anchor` a link names exists, picks the fonts, and fills in the
//! derived metadata (identifier, modification date, slug). The result is a [`Book`] without facts
//! (the next stage, [`crate::facts`], adds them: [`crate::pipeline`] runs the stages in order) plus the
//! warnings an author should see. Nothing here writes a file.

mod chapters;
mod coverage;
mod fontcheck;
pub mod markdown;
mod rawhtml;
pub mod resources;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{line_col, outside, outside_error, Error, Place, Result, Warning, OUTSIDE_HELP};
use crate::fonts;
use crate::model::{Art, Book, Chapter, CoverArt, Direction, FontFile, FontSet, Metadata};
use crate::text::{FaceId, Fonts};
use chapters::{chapter_files, not_chapters};
pub use chapters::{is_chapter_file, reading_order};
use resources::Resources;

/// A loaded book, with the warnings met on the way.
#[derive(Debug)]
pub struct Loaded {
    pub book: Book,
    pub warnings: Vec<Warning>,
    /// The fonts the manuscript brings: the face each replaces, its file, its line in `book.toml`.
    custom_fonts: Vec<(FaceId, PathBuf, Place)>,
    toml_path: PathBuf,
    /// Markdown files of the folder that are not chapters, and why (`publish check` lists them).
    pub not_chapters: Vec<(PathBuf, &'static str)>,
    /// True when a chapter could not be read (it stands empty in its place) or a listed one is not
    /// there: what refers to chapters by number would be wrong about them.
    pub incomplete: bool,
}

/// Loads the manuscript folder `dir`: the book without its facts ([`crate::pipeline::book`] adds
/// them).
pub fn load(dir: &Path) -> Result<Loaded> {
    load_with_env(dir, std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

/// [`load`] with an explicit `SOURCE_DATE_EPOCH` value (for tests).
pub fn load_with_env(dir: &Path, source_date_epoch: Option<&str>) -> Result<Loaded> {
    let (loaded, errors) = load_all(dir, source_date_epoch)?;
    Error::all_of(errors)?;
    Ok(loaded)
}

/// The manuscript folder `dir` loaded as far as it can be, with every error met on the way (the
/// book is for writing only when there are none): a chapter in error, a key of `book.toml` in error,
/// a missing image each reported, and the rest read on. `Err` only when there is no manuscript to
/// read: no folder, no `book.toml`, or one that cannot be read as text.
pub fn load_all(dir: &Path, source_date_epoch: Option<&str>) -> Result<(Loaded, Vec<Error>)> {
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(
            Error::in_file(dir, format!("manuscript folder {what}")).help(
                "run publish inside the manuscript folder (the one with book.toml), pass it with -m DIR, or create one with `publish init DIR`",
            ),
        );
    }
    let root = dir
        .canonicalize()
        .map_err(|e| Error::io(dir, "open the manuscript folder", &e))?;
    let toml_path = dir.join("book.toml");
    if !toml_path.exists() {
        return Err(Error::in_file(&toml_path, "book.toml not found")
            .help("every manuscript folder needs a book.toml with a [book] table and a title; `publish init DIR` writes one"));
    }
    if outside(&root, &toml_path) {
        return Err(
            Error::in_file(&toml_path, outside_error("book.toml", "book.toml")).help(OUTSIDE_HELP),
        );
    }
    let (config, mut errors) = Config::load_all(&toml_path)?;

    let files = chapter_files(dir, &root, &toml_path, &config, &mut errors);
    let mut chapter_map = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if let Ok(canonical) = f.canonicalize() {
            chapter_map.insert(canonical, i);
        }
    }
    let mut res = Resources::new(root.clone(), chapter_map);
    let mut warnings = Vec::new();
    let mut chapters = Vec::new();
    let mut parsed_all = Vec::new();
    let fonts = load_fonts(dir, &root, &toml_path, &config, &mut errors);
    // A chapter that cannot be read is reported and stands empty in its place, so that the others
    // keep their numbers (links name chapters by their place).
    let texts: Vec<Option<String>> = files
        .iter()
        .map(|p| read_utf8(p).map_err(|e| errors.push(e)).ok())
        .collect();
    // The characters the book prints, where the author wrote them (book.toml: title, authors…; the
    // chapters), looked up in the faces on a thread of its own while the chapters are parsed.
    let toml_text = std::fs::read_to_string(&toml_path).unwrap_or_default();
    let sources: Vec<(&Path, &str)> = std::iter::once((toml_path.as_path(), toml_text.as_str()))
        .chain(
            files
                .iter()
                .map(PathBuf::as_path)
                .zip(texts.iter().map(|t| t.as_deref().unwrap_or(""))),
        )
        .collect();
    // Chapters left empty in their place (to be mended), and those of them whose ids are unknown.
    let mut failed = vec![false; files.len()];
    let mut unread = vec![false; files.len()];
    let uncovered = std::thread::scope(|s| {
        let scan = s.spawn(|| coverage::uncovered(&fonts, &sources));
        for (i, (path, text)) in files.iter().zip(&texts).enumerate() {
            let id = format!("chapter-{:02}", i + 1);
            let parsed = match text.as_deref().map(|text| {
                markdown::parse_chapter(
                    path,
                    text,
                    i,
                    &id,
                    config.direction,
                    &mut res,
                    &mut warnings,
                )
            }) {
                Some(Ok(parsed)) => Some(parsed),
                Some(Err(e)) => {
                    errors.extend(e.into_all());
                    None
                }
                None => None,
            };
            let Some(mut parsed) = parsed else {
                failed[i] = true;
                unread[i] = true;
                chapters.push((Chapter::empty(id, path.clone()), Default::default()));
                continue;
            };
            errors.append(&mut parsed.errors);
            // Its links are checked, and links to it find its ids, with or without a title.
            parsed_all.push((path.clone(), parsed.anchor_links.clone()));
            let Some((title, title_id)) = parsed.title.clone() else {
                errors.push(
                    Error::at(path, 1, "chapter has no level-1 heading")
                        .with_column(1)
                        .help("start the chapter with its title as a level-1 heading: `# Title`"),
                );
                failed[i] = true;
                chapters.push((Chapter::empty(id, path.clone()), parsed.anchors));
                continue;
            };
            chapters.push((
                Chapter {
                    id,
                    source: path.clone(),
                    title,
                    title_id,
                    blocks: parsed.blocks,
                    sections: parsed.sections,
                    footnotes: parsed.footnotes,
                    appendix: false,
                },
                parsed.anchors,
            ));
        }
        scan.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    });
    warnings.extend(uncovered);
    // Every `#anchor` a link names must exist in its chapter (one that could not be read says
    // nothing about its anchors).
    for (path, links) in &parsed_all {
        for (chapter, anchor, place) in links {
            let (target, anchors) = &chapters[*chapter];
            if !unread[*chapter] && !anchors.contains(anchor) {
                errors.push(
                    Error::at_place(
                        path,
                        *place,
                        format!(
                            "link to `#{anchor}`: no heading or note with that id in {}",
                            target.source.display()
                        ),
                    )
                    .help(
                        "give the heading an id with `{#id}` after its text, or correct the link",
                    ),
                );
            }
        }
    }

    let cover = match &config.epub.cover {
        Some((file, line)) => res
            .image(&toml_path, file)
            .map_err(|e| {
                errors.push(
                    Error::at_place(&toml_path, *line, format!("[epub] cover: {}", e.message))
                        .help(e.help.unwrap_or_default()),
                )
            })
            .ok(),
        None => None,
    };
    let print_cover = config.print_cover.as_ref().and_then(|(file, place)| {
        let fail = |message: String, help: &str| {
            Error::at_place(&toml_path, *place, format!("[print] cover: {message}")).help(help)
        };
        let art = if file.to_ascii_lowercase().ends_with(".pdf") {
            let path = dir.join(file);
            if outside(&root, &path) {
                errors.push(fail(outside_error("cover", file), OUTSIDE_HELP));
                return None;
            }
            match std::fs::read(&path) {
                Ok(data) => Art::Pdf(data),
                Err(e) => {
                    errors.push(fail(
                        format!("cannot read {}: {e}", path.display()),
                        "give a PDF or an image inside the manuscript folder, relative to book.toml",
                    ));
                    return None;
                }
            }
        } else {
            match res.image_apart(&toml_path, file) {
                Ok(image) => Art::Image(Box::new(image)),
                Err(e) => {
                    errors.push(fail(e.message, &e.help.unwrap_or_default()));
                    return None;
                }
            }
        };
        Some(CoverArt {
            toml: toml_path.clone(),
            line: place.line,
            column: place.column,
            name: file.clone(),
            art,
        })
    });
    let extra_css = match &config.epub.stylesheet {
        Some((file, line)) => {
            let path = dir.join(file);
            if outside(&root, &path) {
                errors.push(
                    Error::at_place(&toml_path, *line, outside_error("stylesheet", file))
                        .help(OUTSIDE_HELP),
                );
                None
            } else {
                std::fs::read_to_string(&path)
                    .map_err(|e| {
                        errors.push(
                            Error::at_place(
                                &toml_path,
                                *line,
                                format!("cannot read stylesheet {}: {e}", path.display()),
                            )
                            .help("give a CSS file inside the manuscript folder, relative to book.toml"),
                        )
                    })
                    .ok()
            }
        }
        None => None,
    };

    let meta = metadata(&config, &root, source_date_epoch).unwrap_or_else(|e| {
        errors.push(e);
        metadata(&config, &root, None).expect("without SOURCE_DATE_EPOCH metadata cannot fail")
    });
    let book = Book {
        meta,
        chapters: chapters.into_iter().map(|(c, _)| c).collect(),
        images: res.images,
        fonts,
        cover,
        print_cover,
        extra_css,
        toc_depth: config.epub.toc_depth,
        pdf: config.pdf.clone(),
        print: config.print,
        fact_settings: config.facts.clone(),
        facts: Vec::new(),
    };
    let fallback = config
        .fonts
        .fallback
        .iter()
        .enumerate()
        .map(|(k, entry)| (Some(entry), FaceId::fallback(k as u8)));
    let custom_fonts = [
        (config.fonts.regular.as_ref(), FaceId::REGULAR),
        (config.fonts.bold.as_ref(), FaceId::BOLD),
        (config.fonts.italic.as_ref(), FaceId::ITALIC),
        (config.fonts.bold_italic.as_ref(), FaceId::BOLD_ITALIC),
    ]
    .into_iter()
    .chain(fallback)
    .filter_map(|(entry, face)| {
        let (file, line) = entry?;
        Some((face, dir.join(file), *line))
    })
    .collect();
    // A chapter left empty or left out: the book's chapters are not all there, and what refers to
    // them by number (facts.toml) would be wrong about them.
    let listed = config.chapters.as_ref().map_or(files.len(), Vec::len);
    let incomplete = failed.iter().any(|&f| f)
        || listed != files.len()
        || config.left_out.iter().any(|k| k == "book.chapters");
    sort_by_place(&mut errors, &toml_path, &files);
    Ok((
        Loaded {
            book,
            warnings,
            custom_fonts,
            toml_path,
            not_chapters: not_chapters(dir, &files, config.chapters.is_some()),
            incomplete,
        },
        errors,
    ))
}

/// Orders `errors` as the author reads the manuscript: `book.toml`'s first, then each chapter's in
/// reading order, each file's by line and column; errors of no file last, in the order they came.
fn sort_by_place(errors: &mut [Error], toml_path: &Path, files: &[PathBuf]) {
    let rank = |e: &Error| match &e.file {
        Some(f) if f == toml_path => 0,
        Some(f) => files
            .iter()
            .position(|c| c == f)
            .map_or(files.len() + 1, |k| k + 1),
        None => files.len() + 2,
    };
    errors.sort_by_key(|e| (rank(e), e.line.unwrap_or(0), e.column.unwrap_or(0)));
}

impl Loaded {
    /// The book's faces parsed for typesetting, once for the whole build: the PDF and the cover set
    /// their text with these. The fonts the manuscript brings are first set with the book's own text
    /// ([`fontcheck`]); a damaged one is an error naming the file and its line in `book.toml`, before
    /// any edition is written. `None` when a face is WOFF, which reading systems take but typesetting
    /// cannot ([`fonts::not_for_typesetting`] says so when an edition needs it).
    pub fn fonts(&self) -> Result<Option<Fonts<'_>>> {
        self.fonts_of(&self.book.fonts)
    }

    /// [`Loaded::fonts`] for `set`, the book's font set or a copy of it that outlives the book (a
    /// series of builds keeps the faces it parsed: [`crate::build::Session`]).
    pub fn fonts_of<'s>(&self, set: &'s FontSet) -> Result<Option<Fonts<'s>>> {
        if fonts::not_for_typesetting(set).is_some() {
            return Ok(None);
        }
        let faces: Vec<FaceId> = self.custom_fonts.iter().map(|(f, _, _)| *f).collect();
        let parsed = crate::error::contain(|| Fonts::new(set));
        let fonts = match (parsed, faces.first()) {
            (Ok(Ok(fonts)), _) => fonts,
            (Ok(Err(e)), None) => return Err(e),
            (Err(why), None) => {
                return Err(Error::new(format!(
                    "the bundled fonts cannot be read: {why}"
                )))
            }
            (Ok(Err(_)) | Err(_), Some(&face)) => {
                return Err(self.damaged(face, "it cannot be read for typesetting".to_string()))
            }
        };
        self.check_fonts(&fonts)?;
        Ok(Some(fonts))
    }

    /// Sets the book's text with the faces the manuscript brings ([`fontcheck`]): a damaged one is an
    /// error naming the file and its line in `book.toml`.
    pub fn check_fonts(&self, fonts: &Fonts) -> Result<()> {
        let faces: Vec<FaceId> = self.custom_fonts.iter().map(|(f, _, _)| *f).collect();
        fontcheck::typeset(fonts, &faces, &self.book).map_err(|(face, why)| self.damaged(face, why))
    }

    fn damaged(&self, face: FaceId, why: String) -> Error {
        let (_, file, line) = self
            .custom_fonts
            .iter()
            .find(|(f, _, _)| *f == face)
            .expect("only the manuscript's fonts are checked");
        Error::at_place(
            &self.toml_path,
            *line,
            format!("font {} is damaged: {why}", file.display()),
        )
        .help("use an intact copy of the font (download it again, or save it anew from a font editor)")
    }
}

/// Reads a chapter as UTF-8; invalid bytes are an error at their line.
fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "read chapter", &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&prefix, prefix.len());
        Error::at(path, line, "chapter file is not valid UTF-8")
            .with_column(col)
            .help("save the file as UTF-8 (in most editors: Save As, encoding UTF-8)")
    })?;
    Ok(text
        .strip_prefix('\u{FEFF}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// The book's faces: the bundled ones with those `[fonts]` names in their place; a font in error is
/// reported and the bundled face kept.
fn load_fonts(
    dir: &Path,
    root: &Path,
    toml_path: &Path,
    config: &Config,
    errors: &mut Vec<Error>,
) -> FontSet {
    let mut set = fonts::bundled();
    let slots = [
        (&config.fonts.regular, &mut set.regular),
        (&config.fonts.bold, &mut set.bold),
        (&config.fonts.italic, &mut set.italic),
        (&config.fonts.bold_italic, &mut set.bold_italic),
    ];
    for (entry, slot) in slots {
        let Some((file, line)) = entry else { continue };
        match read_font(dir, root, toml_path, file, *line, "BookText") {
            Ok(font) => *slot = font,
            Err(e) => errors.push(e),
        }
    }
    // All four faces belong to one CSS family; a replaced face renames the family for all of them.
    if set.text_faces().iter().any(|f| f.family != "Amiri") {
        for f in [
            &mut set.regular,
            &mut set.bold,
            &mut set.italic,
            &mut set.bold_italic,
        ] {
            f.family = "BookText".to_string();
        }
    }
    // The manuscript's fallback faces go before the bundled ones.
    let mut fallback = Vec::with_capacity(config.fonts.fallback.len());
    for (k, (file, line)) in config.fonts.fallback.iter().enumerate() {
        let family = format!("BookFallback{}", k + 1);
        match read_font(dir, root, toml_path, file, *line, &family) {
            Ok(font) => fallback.push(font),
            Err(e) => errors.push(e),
        }
    }
    fallback.append(&mut set.fallback);
    set.fallback = fallback;
    // Every face is a file of its own in the EPUB: a name met twice gets a number.
    let mut taken = std::collections::HashSet::new();
    for (k, f) in [
        &mut set.regular,
        &mut set.bold,
        &mut set.italic,
        &mut set.bold_italic,
        &mut set.mono,
    ]
    .into_iter()
    .chain(set.fallback.iter_mut())
    .enumerate()
    {
        if !taken.insert(f.name.clone()) {
            f.name = format!("{}-{}", k + 1, f.name);
            taken.insert(f.name.clone());
        }
    }
    set
}

/// The font `file` of the manuscript (named on `line` of `book.toml`), checked, as a face of CSS
/// family `family`.
fn read_font(
    dir: &Path,
    root: &Path,
    toml_path: &Path,
    file: &str,
    line: Place,
    family: &str,
) -> Result<FontFile> {
    let path = dir.join(file);
    if outside(root, &path) {
        return Err(
            Error::at_place(toml_path, line, outside_error("font", file)).help(OUTSIDE_HELP),
        );
    }
    let data = std::fs::read(&path).map_err(|e| {
        Error::at_place(
            toml_path,
            line,
            format!("cannot read font {}: {e}", path.display()),
        )
        .help("give a font file inside the manuscript folder, relative to book.toml")
    })?;
    let media_type = fonts::font_media_type(&data).ok_or_else(|| {
        Error::at_place(
            toml_path,
            line,
            format!(
                "{} is not a TrueType, OpenType or WOFF font",
                path.display()
            ),
        )
        .help("use a .ttf, .otf, .woff or .woff2 file")
    })?;
    fonts::check(&data).map_err(|why| {
        Error::at_place(
            toml_path,
            line,
            format!("font {} is damaged: {why}", path.display()),
        )
        .help("use an intact copy of the font (download it again, or save it anew from a font editor)")
    })?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("font")
        .to_string();
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    Ok(FontFile {
        name: safe,
        family: family.to_string(),
        media_type,
        data: Cow::Owned(data),
    })
}

/// Metadata with the derived fields filled in.
fn metadata(config: &Config, root: &Path, source_date_epoch: Option<&str>) -> Result<Metadata> {
    let identifier = config.identifier.clone().unwrap_or_else(|| {
        let mut key = format!("publish:{}", config.title);
        for a in &config.authors {
            key.push('\n');
            key.push_str(&a.name);
        }
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes())
            .urn()
            .to_string()
    });
    let modified = match (&config.date, source_date_epoch) {
        (Some(date), _) => {
            let full = match date.len() {
                4 => format!("{date}-01-01"),
                7 => format!("{date}-01"),
                _ => date.clone(),
            };
            format!("{full}T00:00:00Z")
        }
        (None, Some(epoch)) => {
            let secs: i64 = epoch.trim().parse().map_err(|_| {
                Error::new(format!(
                    "SOURCE_DATE_EPOCH={epoch:?} is not a number of seconds"
                ))
                .help("set it to an integer such as `git log -1 --format=%ct`, or unset it")
            })?;
            let t = chrono::DateTime::from_timestamp(secs, 0).ok_or_else(|| {
                Error::new(format!("SOURCE_DATE_EPOCH={epoch} is out of range"))
                    .help("use a Unix time in seconds")
            })?;
            t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        }
        (None, None) => "2000-01-01T00:00:00Z".to_string(),
    };
    let slug = config.slug.clone().unwrap_or_else(|| {
        let name = root.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let s: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        if s.is_empty() {
            "book".to_string()
        } else {
            s
        }
    });
    Ok(Metadata {
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        authors: config.authors.clone(),
        contributors: config.contributors.clone(),
        language: config.language.clone(),
        direction: config.direction,
        identifier,
        date: config.date.clone(),
        modified,
        publisher: config.publisher.clone(),
        description: config.description.clone(),
        rights: config.rights.clone(),
        subjects: config.subjects.clone(),
        slug,
    })
}

impl Book {
    /// True when the book's main direction is right to left.
    pub fn is_rtl(&self) -> bool {
        self.meta.direction == Direction::Rtl
    }
}
