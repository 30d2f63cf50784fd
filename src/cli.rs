//! The `publish` command line: `build`, `check`, `facts`, `init`, `serve` and `watch`.
//!
//! Each subcommand runs the pipeline stages it needs and reports to stderr. Exit status: 0 on success,
//! 1 when the manuscript or the build fails (every error of the manuscript, up to fifty, each naming
//! its file, its line when there is one, and what to do), 2 on a usage error (clap's own report).

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::build::Format;
use crate::error::{Error, Result};
use crate::load::Loaded;
use crate::model::{Block, Book, Inline};
use crate::report::{count, print_errors, summary};

#[derive(Parser, Debug)]
#[command(
    name = "publish",
    version,
    about = "Builds Arabic books from one Markdown manuscript: an EPUB 3 edition and a print-ready PDF, typeset right to left with bundled Amiri fonts.",
    after_help = "Run inside a manuscript folder (the one with book.toml), or give it with -m DIR; without either, publish looks for manuscript/."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the EPUB and PDF editions of a manuscript into the output folder.
    Build(BuildArgs),
    /// Check a manuscript without writing anything: report every error, the chapters in reading order, words, and characters no font covers.
    Check(ManuscriptArg),
    /// Print the facts of the appendix (the text's dates and figures and facts.toml's), with their context and paragraph.
    Facts(FactsArgs),
    /// Write a small starter manuscript (book.toml and two chapters) that builds both editions as is.
    Init(InitArgs),
    /// Build, then preview the book in a browser, rebuilding and reloading the pages on every change.
    Serve(ServeArgs),
    /// Build, then build again on every change of the manuscript (serve without the browser).
    Watch(WatchArgs),
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
    /// The manuscript folder (holding book.toml and the chapter files) [default: the current folder
    /// when it holds book.toml, else manuscript/]
    #[arg(short, long, value_name = "DIR")]
    manuscript: Option<PathBuf>,
}

impl ManuscriptArg {
    /// The manuscript folder: the one given; else the current folder when it holds `book.toml`
    /// (where the author stands, as mdBook and Typst take it); else `manuscript/` when there is one;
    /// else the nearest folder above that holds `book.toml` (the author stands in `images/`).
    fn dir(&self) -> PathBuf {
        if let Some(dir) = &self.manuscript {
            return dir.clone();
        }
        if Path::new("book.toml").exists() {
            return PathBuf::from(".");
        }
        if Path::new("manuscript").is_dir() {
            return PathBuf::from("manuscript");
        }
        std::env::current_dir()
            .ok()
            .and_then(|here| {
                here.ancestors()
                    .skip(1)
                    .find(|d| d.join("book.toml").is_file())
                    .map(Path::to_path_buf)
            })
            .unwrap_or_else(|| PathBuf::from("manuscript"))
    }

    /// The error when no `-m` was given and no manuscript was found where `publish` looked.
    fn not_found(&self) -> Option<Error> {
        let dir = self.dir();
        (self.manuscript.is_none() && !dir.exists()).then(|| {
            Error::new(
                "no manuscript here: no book.toml in this folder or the folders above it, and no manuscript/ folder",
            )
            .help("run publish inside the manuscript folder (the one with book.toml), pass it with -m DIR, or create one with `publish init DIR`")
        })
    }

    /// The output folder `out` asks for, for this manuscript: the one given; else `dist`, in the
    /// manuscript folder when it was found above the current folder (not in `images/`), else here.
    fn out(&self, out: &OutArg) -> PathBuf {
        if let Some(dir) = &out.out {
            return dir.clone();
        }
        let dir = self.dir();
        let above = self.manuscript.is_none() && dir.is_absolute();
        if above {
            dir.join("dist")
        } else {
            PathBuf::from("dist")
        }
    }
}

#[derive(Args, Debug)]
struct OutArg {
    /// The output folder; the editions are written as <DIR>/<slug>.epub and <DIR>/<slug>.pdf (and the
    /// print interior and cover as <DIR>/<slug>-print.pdf and <DIR>/<slug>-cover.pdf)
    /// [default: dist, in the manuscript folder when publish runs inside it or below it]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    manuscript: ManuscriptArg,
    #[command(flatten)]
    out: OutArg,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
    /// Which editions to build: the EPUB, the PDF, the print files (<slug>-print.pdf, the interior, and
    /// <slug>-cover.pdf), or all (the print files only when book.toml has [print]).
    #[arg(short, long, value_enum, default_value = "all")]
    format: Format,
}

#[derive(Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    manuscript: ManuscriptArg,
    #[command(flatten)]
    out: OutArg,
    /// The port to serve on (on 127.0.0.1 only); 0 picks a free one.
    #[arg(short, long, default_value_t = 3000)]
    port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Args, Debug)]
struct WatchArgs {
    #[command(flatten)]
    manuscript: ManuscriptArg,
    #[command(flatten)]
    out: OutArg,
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
    let manuscript = match &cli.command {
        Command::Build(a) => Some(&a.manuscript),
        Command::Check(a) => Some(a),
        Command::Facts(a) => Some(&a.manuscript),
        Command::Serve(a) => Some(&a.manuscript),
        Command::Watch(a) => Some(&a.manuscript),
        Command::Init(_) => None,
    };
    if let Some(e) = manuscript.and_then(ManuscriptArg::not_found) {
        print_errors(&e);
        return 1;
    }
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args.dir()),
        Command::Facts(args) => facts(&args),
        Command::Init(args) => init(&args.dir),
        Command::Serve(args) => crate::serve::serve(&crate::serve::Options {
            manuscript: args.manuscript.dir(),
            out: args.manuscript.out(&args.out),
            port: Some(args.port),
            open: args.open,
        }),
        Command::Watch(args) => crate::serve::serve(&crate::serve::Options {
            manuscript: args.manuscript.dir(),
            out: args.manuscript.out(&args.out),
            port: None,
            open: false,
        }),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            print_errors(&e);
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
    let (manuscript, out) = (args.manuscript.dir(), args.manuscript.out(&args.out));
    let built = crate::build::build(&manuscript, &out, args.format, None)?;
    if !args.quiet {
        for w in &built.warnings {
            eprintln!("warning: {w}");
        }
        for line in summary(&built) {
            eprintln!("{line}");
        }
    }
    Ok(())
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
    let loaded = crate::pipeline::book(&args.manuscript.dir())?;
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
    for (path, why) in &loaded.not_chapters {
        println!("  -  not a chapter: {} ({why})", path.display());
    }
    println!(
        "{}, {}, {}, {}: {}",
        count(book.manuscript_chapters().count(), "chapter", "chapters"),
        count(total, "word", "words"),
        count(book.images.len(), "image", "images"),
        count(book.facts.len(), "fact", "facts"),
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
وسيُبنى منه كتابك من اليمين إلى اليسار في نسختين: نسخة إلكترونية بصيغة EPUB 3 لأجهزة القراءة، \
ونسخة PDF جاهزة للطباعة.\n\n## كيف تبدأ\n\n\
1. أضف فصولًا جديدة بملفات تنتهي بـ `.md`، تُرتَّب بأسمائها: `01-introduction.md` ثم `02-second.md`.\n\
2. ابدأ كل فصل بعنوان من المستوى الأول.\n\
3. شغّل `publish serve` داخل هذا المجلد لترى الكتاب في المتصفح يتجدد مع كل حفظ، \
أو `publish build` لتكتب النسختين في المجلد `dist`.\n";

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
        "wrote a starter manuscript to {0}\n  preview it:  cd {0} && publish serve --open\n  build both editions (EPUB and PDF):  publish build -m {0}",
        dir.display()
    );
    Ok(())
}
