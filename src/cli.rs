//! The `publish` command line: `build`, `check`, `facts` and `init`.
//!
//! Each subcommand runs the pipeline stages it needs and reports to stderr. Exit status: 0 on success,
//! 1 when the manuscript or the build fails (the error names the file, the line when there is one, and
//! what to do), 2 on a usage error (clap's own report).

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Result, Warning};
use crate::load::Loaded;
use crate::model::{Block, Book, Inline};

#[derive(Parser, Debug)]
#[command(
    name = "publish",
    version,
    about = "Builds Arabic books from one Markdown manuscript: an EPUB 3 edition and a print-ready PDF, typeset right to left with bundled Amiri fonts."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the editions of a manuscript into the output folder.
    Build(BuildArgs),
    /// Load and validate a manuscript without writing anything; report chapters, words and characters no font covers.
    Check(ManuscriptArg),
    /// Print the facts of the appendix (the text's dates and figures and facts.toml's), with their context and paragraph.
    Facts(FactsArgs),
    /// Write a small starter manuscript that builds as is.
    Init(InitArgs),
}

#[derive(Args, Debug)]
struct FactsArgs {
    #[command(flatten)]
    manuscript: ManuscriptArg,
    /// Print JSON (for tools) instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ManuscriptArg {
    /// The manuscript folder (holding book.toml and the chapter files).
    #[arg(short, long, value_name = "DIR", default_value = "manuscript")]
    manuscript: PathBuf,
}

#[derive(Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    manuscript: ManuscriptArg,
    /// The output folder; editions are written as <out>/<slug>.epub.
    #[arg(short, long, value_name = "DIR", default_value = "dist")]
    out: PathBuf,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
    /// Which editions to build: the EPUB, the PDF or both.
    #[arg(short, long, value_enum, default_value = "all")]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Epub,
    Pdf,
    All,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// The folder to create; it must not exist or be empty.
    dir: PathBuf,
}

/// Runs the command line; returns the process exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args.manuscript),
        Command::Facts(args) => facts(&args),
        Command::Init(args) => init(&args.dir),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn print_warnings(loaded: &Loaded) {
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
}

fn build(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let loaded = crate::pipeline::book(&args.manuscript.manuscript)?;
    if !args.quiet {
        print_warnings(&loaded);
    }
    // The faces parsed once (and the manuscript's fonts checked) for every edition below.
    let fonts = loaded.fonts()?;
    let book = &loaded.book;
    let manuscript = &args.manuscript.manuscript;
    let load_time = start.elapsed();
    // Every edition is made before any is written: a failure leaves all previous editions as they were.
    // The two editions are independent: with both asked for, each is made on a core of its own.
    // With both editions asked for, the EPUB's package is made once the PDF's paragraphs are laid
    // out (on every core), beside the PDF's composition (one step at a time); its cover from the start.
    let laid_out = crate::parallel::Gate::default();
    let epub = |after: &dyn Fn()| {
        let t = Instant::now();
        contained("epub", manuscript, || {
            crate::epub::write_after(book, fonts.as_ref(), after)
        })
        .map(|bytes| ("epub", bytes, t.elapsed(), Vec::new()))
    };
    let pdf = || {
        let t = Instant::now();
        let fonts = fonts
            .as_ref()
            .ok_or_else(|| crate::fonts::cannot_typeset(&book.fonts))?;
        contained("pdf", manuscript, || {
            crate::pdf::write_then(book, fonts, || laid_out.open())
        })
        .map(|(bytes, warnings)| ("pdf", bytes, t.elapsed(), warnings))
    };
    type Made = (&'static str, Vec<u8>, std::time::Duration, Vec<Warning>);
    let made: Vec<Made> = match args.format {
        Format::Epub => vec![epub(&|| {})?],
        Format::Pdf => vec![pdf()?],
        Format::All => {
            let (e, p) = std::thread::scope(|s| {
                let e = s.spawn(|| epub(&|| laid_out.wait()));
                let p = pdf();
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
    if !args.quiet {
        for (_, _, _, warnings) in &made {
            for w in warnings {
                eprintln!("warning: {w}");
            }
        }
    }
    let appendix = if book.chapters.iter().any(|c| c.appendix) {
        format!(" + appendix of {} facts", book.facts.len())
    } else {
        String::new()
    };
    // Both editions written to temporary files, then renamed over the old ones together: a failure
    // leaves every previous edition as it was.
    let paths: Vec<PathBuf> = made
        .iter()
        .map(|(ext, _, _, _)| args.out.join(format!("{}.{ext}", book.meta.slug)))
        .collect();
    let files: Vec<(PathBuf, &[u8])> = paths
        .iter()
        .zip(&made)
        .map(|(path, (_, bytes, _, _))| (path.clone(), &bytes[..]))
        .collect();
    crate::output::write_together(&files)?;
    for ((ext, bytes, time, _), path) in made.into_iter().zip(paths) {
        if !args.quiet {
            eprintln!(
                "{ext:<4}  {}  {}  {} chapters{appendix}  {} ms",
                path.display(),
                human_size(bytes.len()),
                book.manuscript_chapters().count(),
                (time + load_time).as_millis()
            );
        }
    }
    // The process ends now and gives back all it holds: letting go of the book and of the faces
    // with every shaping kept (hundreds of thousands of allocations in a long book) is skipped.
    std::mem::forget(fonts);
    std::mem::forget(loaded);
    Ok(())
}

/// Runs an edition's writer with a panic in a library it uses (a font or text the checks at load time
/// did not foresee) turned into an error naming the manuscript: the last line of defence, not the first.
fn contained<T>(
    ext: &str,
    manuscript: &std::path::Path,
    write: impl FnOnce() -> Result<T>,
) -> Result<T> {
    crate::error::contain(write).unwrap_or_else(|what| {
        Err(crate::error::Error::in_file(
            manuscript,
            format!("the {ext} edition could not be made: a library failed on this manuscript ({what})"),
        )
        .help("check the fonts the manuscript brings; if they are intact, report this with the manuscript"))
    })
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

/// The words of a chapter's text: title, blocks and footnotes.
pub fn word_count(book: &Book, chapter: usize) -> usize {
    let c = &book.chapters[chapter];
    let mut text = c.title_text();
    let mut add = |inlines: &[Inline]| {
        text.push(' ');
        Inline::collect_text(inlines, &mut text);
    };
    let mut visit = |b: &Block| {
        if let Block::CodeBlock { text: code, .. } = b {
            add(&[Inline::Text(code.clone())]);
        }
        b.visit_inlines(&mut add);
    };
    for b in c
        .blocks
        .iter()
        .chain(c.footnotes.iter().flat_map(|n| n.blocks.iter()))
    {
        visit(b);
    }
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn facts(args: &FactsArgs) -> Result<()> {
    let loaded = crate::pipeline::book(&args.manuscript.manuscript)?;
    print_warnings(&loaded);
    let facts = &loaded.book.facts;
    if args.json {
        let doc = serde_json::json!({ "facts": facts });
        let text = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::new(format!("cannot write JSON: {e}")))?;
        println!("{text}");
        return Ok(());
    }
    for f in facts {
        let place = match (f.chapter, &f.anchor) {
            (Some(c), Some(a)) => format!("{c}#{a}"),
            (Some(c), None) => c.to_string(),
            _ => "-".to_string(),
        };
        let curated = match (f.source, f.review) {
            (crate::model::FactSource::Curated, _) => "*",
            (_, true) => "?",
            _ => " ",
        };
        println!(
            "{:<11}{curated} {:<14} {place:<7} {}  |  {}",
            f.kind.name(),
            f.normalized,
            f.value,
            f.context
        );
    }
    let curated = facts
        .iter()
        .filter(|f| f.source == crate::model::FactSource::Curated)
        .count();
    let review = facts.iter().filter(|f| f.review).count();
    eprintln!(
        "{} facts ({curated} from facts.toml, marked *; {review} to look at, marked ?)",
        facts.len()
    );
    Ok(())
}

fn check(dir: &Path) -> Result<()> {
    let loaded = crate::pipeline::book(dir)?;
    print_warnings(&loaded);
    // The fonts the manuscript brings are checked as a build checks them, and the PDF's pages are
    // composed (not written) for what their layout tells the author, as a build tells it.
    let fonts = loaded.fonts()?;
    let book = &loaded.book;
    if let Some(fonts) = &fonts {
        let doc = crate::error::contain(|| crate::pdf::compose(book, fonts)).map_err(|what| {
            Error::in_file(
                dir,
                format!("the PDF's pages could not be composed: a library failed on this manuscript ({what})"),
            )
        })?;
        for w in &doc.warnings {
            eprintln!("warning: {w}");
        }
    }
    let mut total = 0;
    for (i, chapter) in book.chapters.iter().enumerate() {
        if chapter.appendix {
            continue;
        }
        let words = word_count(book, i);
        total += words;
        println!(
            "{:>3}  {:>6} words  {}  ({})",
            i + 1,
            words,
            chapter.title_text(),
            chapter.source.display()
        );
    }
    let chapters = book.manuscript_chapters().count();
    println!(
        "{chapters} chapters, {total} words, {} images, {} facts: {}",
        book.images.len(),
        book.facts.len(),
        book.meta.title
    );
    Ok(())
}

const STARTER_TOML: &str = r#"[book]
title = "كتابي الأول"
authors = ["اسم المؤلف"]
language = "ar"
date = "2026"
"#;

const STARTER_CH1: &str = "# المقدمة\n\nهذا هو الفصل الأول من كتابك. اكتب النص بصيغة **Markdown**، \
وسيُبنى منه كتاب إلكتروني بصيغة EPUB 3 من اليمين إلى اليسار.\n\n## كيف تبدأ\n\n\
1. أضف فصولًا جديدة بملفات تنتهي بـ `.md`.\n2. ابدأ كل فصل بعنوان من المستوى الأول.\n\
3. شغّل `publish build -m هذا_المجلد`.\n";

const STARTER_CH2: &str = "# الفصل الثاني\n\nالحواشي ممكنة أيضًا[^1]، وكذلك الجداول والاقتباسات.\n\n\
> الكتابة هي الكلام المحفوظ.\n\n[^1]: هذه حاشية في آخر الفصل.\n";

fn init(dir: &Path) -> Result<()> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            return Err(
                Error::in_file(dir, "already exists and is not an empty folder")
                    .help("choose a new folder name; init never overwrites files"),
            );
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the folder", &e))?;
    for (name, text) in [
        ("book.toml", STARTER_TOML),
        ("01-introduction.md", STARTER_CH1),
        ("02-second.md", STARTER_CH2),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, "write", &e))?;
    }
    eprintln!(
        "wrote a starter manuscript to {}; build it with: publish build -m {}",
        dir.display(),
        dir.display()
    );
    Ok(())
}
