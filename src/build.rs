//! A build: the editions of a manuscript made and written to the output folder.
//!
//! [`build`] runs the pipeline ([`crate::pipeline`]), makes the editions asked for and writes them
//! together ([`crate::output`]): either every edition of the build replaces the previous one, or none
//! does. `publish build` calls it once; `publish serve` and `publish watch` ([`crate::serve`]) call it
//! again after every change with a [`Session`], which keeps from one build to the next what does not
//! change with an edit of the text: the faces, parsed, with every word shaped so far, and the
//! paragraphs' layouts. After an edit of one chapter only its changed paragraphs are shaped and laid
//! out again; the rest of the build (pages, files) is made anew, as `publish build` makes it, so the
//! editions are the same byte for byte.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result, Warning};
use crate::model::FontSet;
use crate::text::{Fonts, LayoutCache};

/// What a series of builds of one manuscript keeps from one build to the next.
#[derive(Default)]
pub struct Session {
    /// The font set of the last build, for as long as the process runs (the faces borrow from it:
    /// a copy of the bundled fonts costs nothing; one of the manuscript's own fonts is kept anew
    /// each time the manuscript changes its fonts, which an author does a handful of times), and its
    /// faces parsed, with their shapings (`None` when they cannot typeset: WOFF).
    fonts: Option<(&'static FontSet, Option<Fonts<'static>>)>,
    /// The paragraph layouts of the last build, made with those faces.
    layouts: LayoutCache,
    /// Every font set kept so far, each distinct: one the manuscript comes back to is not kept twice.
    sets: Vec<&'static FontSet>,
}

impl Session {
    /// Keeps the faces of the last build when the book's font set holds the same files (checked
    /// again with the book's text); else parses (and checks) the new set, and lets go of the layouts
    /// made with the old faces.
    fn keep_fonts(&mut self, loaded: &crate::load::Loaded) -> Result<()> {
        let set = &loaded.book.fonts;
        if let Some((kept, fonts)) = &self.fonts {
            if same_files(kept, set) {
                if let Some(fonts) = fonts {
                    loaded.check_fonts(fonts)?;
                }
                self.layouts.next_build();
                return Ok(());
            }
        }
        self.fonts = None;
        self.layouts = LayoutCache::default();
        let kept: &'static FontSet = match self.sets.iter().find(|s| same_files(s, set)) {
            Some(kept) => kept,
            None => {
                let kept = Box::leak(Box::new(set.clone()));
                self.sets.push(kept);
                kept
            }
        };
        self.fonts = Some((kept, loaded.fonts_of(kept)?));
        Ok(())
    }
}

/// True when the two sets hold the same files, byte for byte, under the same names.
fn same_files(a: &FontSet, b: &FontSet) -> bool {
    let (a, b) = (a.all(), b.all());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x.name == y.name && x.family == y.family && x.data[..] == y.data[..])
}

/// Which editions to build: the EPUB, the PDF, the print interior, or all (the print interior only
/// when `book.toml` has `[print]`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Epub,
    Pdf,
    Print,
    All,
}

/// One edition written by a build.
#[derive(Debug)]
pub struct Edition {
    /// `epub`, `pdf`, `print` (the interior) or `cover`.
    pub format: &'static str,
    /// What the line of the build says of it in place of the chapters (the print files: pages,
    /// trim, spine).
    pub detail: Option<String>,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// The time it took, the manuscript's loading included.
    pub time: Duration,
}

/// What a build made, and what the author should hear of it.
#[derive(Debug)]
pub struct Built {
    pub editions: Vec<Edition>,
    pub warnings: Vec<Warning>,
    /// The manuscript's chapters (the appendix not counted).
    pub chapters: usize,
    /// The facts of the appendix, when the book has one.
    pub appendix_facts: Option<usize>,
    /// The book's title, language (BCP 47) and direction, for pages about it.
    pub title: String,
    pub language: String,
    pub rtl: bool,
}

impl Built {
    /// The edition of `format` (`epub`, `pdf`), when it was made.
    pub fn edition(&self, format: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.format == format)
    }
}

/// Builds the editions of the manuscript folder `manuscript` into `out`. Without a session, the
/// process ends after this build: the book and its faces (every shaping kept, hundreds of thousands
/// of allocations in a long book) are not given back piece by piece, as the system takes all of it
/// back at once. With one, what the next build can use is kept in it.
pub fn build(
    manuscript: &Path,
    out: &Path,
    format: Format,
    session: Option<&mut Session>,
) -> Result<Built> {
    let start = Instant::now();
    let loaded = crate::pipeline::book(manuscript)?;
    // The faces parsed once (and the manuscript's fonts checked) for every edition below.
    let once = session.is_none();
    let parsed = if once { loaded.fonts()? } else { None };
    let mut own_layouts = LayoutCache::default();
    let (fonts, layouts): (Option<&Fonts>, &mut LayoutCache) = match session {
        Some(session) => {
            session.keep_fonts(&loaded)?;
            let faces = session.fonts.as_ref().and_then(|(_, fonts)| fonts.as_ref());
            (faces, &mut session.layouts)
        }
        None => (parsed.as_ref(), &mut own_layouts),
    };
    let book = &loaded.book;
    let load_time = start.elapsed();
    // Every edition is made before any is written: a failure leaves all previous editions as they were.
    // The two editions are independent: with both asked for, each is made on a core of its own.
    // With both editions asked for, the EPUB's package is made once the PDF's paragraphs are laid
    // out (on every core), beside the PDF's composition (one step at a time); its cover from the start.
    let laid_out = crate::parallel::Gate::default();
    let epub = |after: &dyn Fn()| {
        let t = Instant::now();
        contained("epub", manuscript, || {
            crate::epub::write_after(book, fonts, after)
        })
        .map(|bytes| ("epub", bytes, t.elapsed(), Vec::new(), None))
    };
    let pdf = |layouts: &mut LayoutCache| {
        let t = Instant::now();
        let fonts = fonts.ok_or_else(|| crate::fonts::cannot_typeset(&book.fonts))?;
        contained("pdf", manuscript, || {
            crate::pdf::write_kept(book, fonts, layouts, || laid_out.open())
        })
        .map(|(bytes, warnings)| ("pdf", bytes, t.elapsed(), warnings, None))
    };
    // The print interior: `[print]`'s settings, or a generic service's at the reader's page size.
    let print = |layouts: &mut LayoutCache| {
        let t = Instant::now();
        let fonts = fonts.ok_or_else(|| crate::fonts::cannot_typeset(&book.fonts))?;
        let settings = book
            .print
            .unwrap_or_else(|| crate::model::PrintSettings::generic(&book.pdf));
        contained("print", manuscript, || {
            // What the print files cannot hold (margins, a description too long for the back) is
            // set in book.toml.
            crate::pdf::print::write(book, fonts, &settings, layouts).map_err(|mut e| {
                if e.file.is_none() {
                    e.file = Some(manuscript.join("book.toml"));
                }
                e
            })
        })
        .map(|mut p| {
            let time = t.elapsed();
            if let Some(least) = settings.service.least_pages().filter(|&l| p.pages < l) {
                p.warnings.push(Warning::at(
                    &manuscript.join("book.toml"),
                    0,
                    format!(
                        "the print interior has {} pages; KDP prints paperbacks of {least} pages or more",
                        p.pages
                    ),
                ));
            }
            let spine = crate::pdf::cover::CoverSize::new(&settings, p.pages, book.is_rtl()).spine;
            [
                (
                    "print",
                    p.interior,
                    time,
                    p.warnings,
                    Some(format!("{} pages, {}", p.pages, settings.trim_text())),
                ),
                (
                    "cover",
                    p.cover,
                    time,
                    Vec::new(),
                    Some(format!("spine {:.3} in", spine / 72.0)),
                ),
            ]
        })
    };
    type Made = (
        &'static str,
        Vec<u8>,
        Duration,
        Vec<Warning>,
        Option<String>,
    );
    let mut made: Vec<Made> = match format {
        Format::Epub => vec![epub(&|| {})?],
        Format::Pdf => vec![pdf(layouts)?],
        Format::Print => print(layouts)?.into(),
        Format::All => {
            let (e, p) = std::thread::scope(|s| {
                let e = s.spawn(|| epub(&|| laid_out.wait()));
                let p = pdf(layouts);
                // Open whatever became of the PDF (an error before its layouts).
                laid_out.open();
                (e.join(), p)
            });
            let e = e.unwrap_or_else(|_| {
                Err(Error::new(
                    "the EPUB edition could not be made: its thread failed",
                ))
            });
            vec![e?, p?]
        }
    };
    if format == Format::All && book.print.is_some() {
        made.extend(print(layouts)?);
    }
    // Both editions written to temporary files, then renamed over the old ones together: a failure
    // leaves every previous edition as it was.
    let paths: Vec<PathBuf> = made
        .iter()
        .map(|(format, ..)| out.join(file_name(&book.meta.slug, format)))
        .collect();
    let files: Vec<(PathBuf, &[u8])> = paths
        .iter()
        .zip(&made)
        .map(|(path, (_, bytes, ..))| (path.clone(), &bytes[..]))
        .collect();
    crate::output::write_together(&files)?;
    let mut warnings = loaded.warnings.clone();
    let mut editions = Vec::new();
    for ((format, bytes, time, edition_warnings, detail), path) in made.into_iter().zip(paths) {
        // The print interior's layout repeats most of the reader's PDF's warnings: each once.
        for w in edition_warnings {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        editions.push(Edition {
            format,
            detail,
            path,
            bytes,
            time: time + load_time,
        });
    }
    let built = Built {
        editions,
        warnings,
        chapters: book.manuscript_chapters().count(),
        appendix_facts: book
            .chapters
            .iter()
            .any(|c| c.appendix)
            .then_some(book.facts.len()),
        title: book.meta.title.clone(),
        language: book.meta.language.clone(),
        rtl: book.is_rtl(),
    };
    if once {
        std::mem::forget(parsed);
        std::mem::forget(loaded);
    }
    Ok(built)
}

/// The file an edition of the book `slug` is written to: `<slug>.epub`, `<slug>.pdf`, the print
/// interior `<slug>-print.pdf` and its cover `<slug>-cover.pdf`.
fn file_name(slug: &str, format: &str) -> String {
    match format {
        "print" => format!("{slug}-print.pdf"),
        "cover" => format!("{slug}-cover.pdf"),
        ext => format!("{slug}.{ext}"),
    }
}

/// Runs an edition's writer with a panic in a library it uses (a font or text the checks at load time
/// did not foresee) turned into an error naming the manuscript: the last line of defence, not the first.
fn contained<T>(ext: &str, manuscript: &Path, write: impl FnOnce() -> Result<T>) -> Result<T> {
    crate::error::contain(write).unwrap_or_else(|what| {
        Err(crate::error::Error::in_file(
            manuscript,
            format!("the {ext} edition could not be made: a library failed on this manuscript ({what})"),
        )
        .help("check the fonts the manuscript brings; if they are intact, report this with the manuscript"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PDF of each build of a series (the faces and layouts kept from the build before, and
    /// whatever a library keeps for the process) is the PDF one build writes.
    #[test]
    fn a_series_of_builds_writes_what_one_build_writes() {
        let d = tempfile::tempdir().unwrap();
        let m = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
        let once = build(&m, &d.path().join("once"), Format::Pdf, None).unwrap();
        let mut session = Session::default();
        for k in 0..2 {
            let again =
                build(&m, &d.path().join("again"), Format::Pdf, Some(&mut session)).unwrap();
            assert!(
                again.editions[0].bytes == once.editions[0].bytes,
                "build {k} of the series"
            );
        }
    }
}
