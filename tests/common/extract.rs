//! Text as readers' software extracts it from a PDF, and how much of a book comes back.
//!
//! Engines: poppler (`pdftotext`), PDFium (Chrome, Edge: PyPI `pypdfium2`), pdf.js (Firefox: npm
//! `pdfjs-dist@4` under `$PDFJS_DIR`), current MuPDF (PyPI `pymupdf`), and Debian's MuPDF 1.21
//! (`mutool`, reported only: it reads text in drawing order). `.ci/run` installs them all and makes them
//! mandatory; elsewhere a missing engine is skipped with a printed reason.

use std::path::Path;
use std::process::Command;

use publish::model::{Block, Book, Inline};

use super::words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Poppler,
    Pdfium,
    PdfJs,
    MuPdf,
    /// Debian's MuPDF 1.21.
    OldMuPdf,
}

impl Engine {
    pub const ALL: [Engine; 5] = [
        Engine::Poppler,
        Engine::Pdfium,
        Engine::PdfJs,
        Engine::MuPdf,
        Engine::OldMuPdf,
    ];

    /// The engines of current readers' software (not Debian's old MuPDF).
    pub const CURRENT: [Engine; 4] = [
        Engine::Poppler,
        Engine::Pdfium,
        Engine::PdfJs,
        Engine::MuPdf,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Poppler => "poppler",
            Engine::Pdfium => "PDFium",
            Engine::PdfJs => "pdf.js",
            Engine::MuPdf => "MuPDF",
            Engine::OldMuPdf => "MuPDF 1.21",
        }
    }
}

pub fn skip(what: &str) -> Option<String> {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is required in CI (.ci/run installs it)");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {what} not available");
    None
}

/// A Python that can import `module`: `$PUBLISH_PYTHON` (from `.ci/run`), else `python3`.
pub fn python_with(module: &str) -> Option<String> {
    std::env::var("PUBLISH_PYTHON")
        .ok()
        .into_iter()
        .chain(Some("python3".to_string()))
        .find(|p| {
            Command::new(p)
                .args(["-c", &format!("import {module}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn run(cmd: &mut Command) -> String {
    let o = cmd.output().expect("run an extractor");
    assert!(
        o.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 text")
}

const PDFIUM: &str = "import sys, pypdfium2 as p
d = p.PdfDocument(sys.argv[1])
sys.stdout.write('\\f'.join(d[i].get_textpage().get_text_range() for i in range(len(d))))";

const MUPDF: &str = "import sys, pymupdf
sys.stdout.write('\\f'.join(p.get_text() for p in pymupdf.open(sys.argv[1])))";

const PDFJS: &str = "const pdfjs = await import(process.argv[1] + '/node_modules/pdfjs-dist/legacy/build/pdf.mjs');
const fs = await import('fs');
const doc = await pdfjs.getDocument({data: new Uint8Array(fs.readFileSync(process.argv[2])), verbosity: 0}).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const tc = await (await doc.getPage(i)).getTextContent();
  pages.push(tc.items.map(it => it.str + (it.hasEOL ? '\\n' : '')).join(''));
}
process.stdout.write(pages.join('\\f'));";

/// The text `engine` extracts from `pdf`, or `None` (with a printed reason) when it is not installed.
pub fn extract(engine: Engine, pdf: &Path) -> Option<String> {
    match engine {
        Engine::Poppler => {
            if Command::new("pdftotext").arg("-v").output().is_err() {
                return skip("pdftotext (poppler-utils)");
            }
            Some(run(Command::new("pdftotext").arg(pdf).arg("-")))
        }
        Engine::Pdfium => match python_with("pypdfium2") {
            Some(py) => Some(run(Command::new(py).args(["-c", PDFIUM]).arg(pdf))),
            None => skip("Python with pypdfium2"),
        },
        Engine::MuPdf => match python_with("pymupdf") {
            Some(py) => Some(run(Command::new(py).args(["-c", MUPDF]).arg(pdf))),
            None => skip("Python with pymupdf"),
        },
        Engine::PdfJs => {
            let dir = std::env::var("PDFJS_DIR").ok().filter(|d| {
                Path::new(d)
                    .join("node_modules/pdfjs-dist/legacy/build/pdf.mjs")
                    .exists()
            });
            match dir {
                Some(dir) => Some(run(Command::new("node")
                    .args(["--input-type=module", "-e", PDFJS, &dir])
                    .arg(pdf))),
                None => skip("pdf.js (npm pdfjs-dist@4 under $PDFJS_DIR)"),
            }
        }
        Engine::OldMuPdf => {
            if Command::new("mutool").arg("-v").output().is_err() {
                return skip("mutool (mupdf-tools)");
            }
            Some(run(Command::new("mutool")
                .args(["draw", "-q", "-F", "txt", "-o", "-"])
                .arg(pdf)))
        }
    }
}

/// The text a reader sees of each block of `book` (headings, paragraphs, list items, quotations, table
/// cells, code lines, notes, image captions, the appendix's entries), with note references as their
/// numbers. Built from the model, independently of the typesetter.
pub fn book_blocks(book: &Book) -> Vec<String> {
    fn inline_text(inlines: &[Inline], s: &mut String, captions: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => s.push_str(t),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                    inline_text(c, s, captions)
                }
                Inline::Span { content, .. } | Inline::Link { content, .. } => {
                    inline_text(content, s, captions)
                }
                // An image's alternative text is the figure's /Alt, not page text; its title is
                // printed as its caption.
                Inline::Image { title, .. } => captions.extend(title.clone()),
                // A note's number reads as a word of its own, not as part of the word it follows.
                Inline::FootnoteRef { number, .. } => {
                    s.push(' ');
                    s.push_str(&publish::locale::number(*number, "ar"))
                }
                Inline::SoftBreak | Inline::LineBreak => s.push(' '),
                Inline::Anchor(_) => {}
            }
        }
    }
    fn block_text(b: &Block, out: &mut Vec<String>) {
        match b {
            Block::CodeBlock { text, .. } => out.extend(text.lines().map(str::to_string)),
            Block::List { items, .. } => items.iter().flatten().for_each(|b| block_text(b, out)),
            Block::BlockQuote(blocks) => blocks.iter().for_each(|b| block_text(b, out)),
            Block::Entries(entries) => out.extend(entries.iter().map(|e| {
                if e.label.is_empty() {
                    e.text.clone()
                } else {
                    format!("{}: {}", e.label, e.text)
                }
            })),
            _ => b.visit_inlines(&mut |inlines| {
                let mut s = String::new();
                let mut captions = Vec::new();
                inline_text(inlines, &mut s, &mut captions);
                out.push(s);
                out.extend(captions);
            }),
        }
    }
    let mut out = Vec::new();
    for chapter in &book.chapters {
        out.push(chapter.title_text());
        for b in &chapter.blocks {
            block_text(b, &mut out);
        }
        for note in &chapter.footnotes {
            for b in &note.blocks {
                block_text(b, &mut out);
            }
        }
    }
    out
}

/// The Arabic words of `text` (runs between white space and punctuation with an Arabic letter), with
/// format characters (direction marks, joiners) dropped, in Unicode's composed form (NFC): text that is
/// canonically equivalent is the same text (a shadda and its vowel in either order).
pub fn arabic_words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = text
        .chars()
        .filter(|&c| c.is_whitespace() || !publish::script::is_invisible(c))
        .collect();
    words(&plain)
        .into_iter()
        .filter(|w| w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
        .map(|w| w.nfc().collect())
        .collect()
}

/// How much of `blocks` comes back in `text`: the share of their words, and of the pairs of words next
/// to each other inside a block, each found at most as often as it is wanted; and what is missing.
pub struct Score {
    pub words: f32,
    pub pairs: f32,
    pub missing: Vec<String>,
    pub missing_pairs: Vec<String>,
    /// The share of words that come back exactly as written: an invisible character inside a word
    /// (a joiner, a direction mark) makes it another word for a reader who copies or searches it.
    pub strict: f32,
    pub strict_missing: Vec<String>,
}

/// The Arabic words of `text` as a reader copies them: invisible characters at a word's edges
/// dropped, those inside kept.
pub fn strict_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(|w| {
            w.trim_matches(publish::script::is_invisible)
                .trim_matches(|c: char| !c.is_alphanumeric() && !is_mark(c))
                .to_string()
        })
        .filter(|w| w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
        .collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

pub fn score(blocks: &[String], text: &str) -> Score {
    let got = arabic_words(text);
    let want: Vec<String> = blocks.iter().flat_map(|b| arabic_words(b)).collect();
    let pairs = |ws: &[String]| -> Vec<String> {
        ws.windows(2)
            .map(|p| format!("{} {}", p[0], p[1]))
            .collect()
    };
    let want_pairs: Vec<String> = blocks
        .iter()
        .flat_map(|b| pairs(&arabic_words(b)))
        .collect();
    let (words, missing) = recall(&want, &got);
    let (pairs, missing_pairs) = recall(&want_pairs, &pairs(&got));
    let want_strict: Vec<String> = blocks.iter().flat_map(|b| strict_words(b)).collect();
    let (strict, strict_missing) = recall(&want_strict, &strict_words(text));
    Score {
        words,
        pairs,
        missing,
        missing_pairs,
        strict,
        strict_missing,
    }
}

const PDFIUM_SEARCH: &str = "import sys, json, pypdfium2 as p
d = p.PdfDocument(sys.argv[1])
pages = [d[i].get_textpage() for i in range(len(d))]
words = json.load(sys.stdin)
print(json.dumps([w for w in words if not any(t.search(w, match_case=True).get_next() is not None for t in pages)]))";

const MUPDF_SEARCH: &str = "import sys, json, pymupdf
d = pymupdf.open(sys.argv[1])
words = json.load(sys.stdin)
print(json.dumps([w for w in words if not any(d[i].search_for(w) for i in range(len(d)))]))";

/// The words of `words` that `engine`'s own search does not find in `pdf` (PDFium's text search, as
/// Chrome's viewer searches; MuPDF's, as SumatraPDF does; a plain search of poppler's text, as
/// indexers and command-line users do); `None` for another engine or one that is not installed.
pub fn not_found(engine: Engine, pdf: &Path, words: &[String]) -> Option<Vec<String>> {
    use std::io::Write;
    let script = match engine {
        Engine::Poppler => {
            let text = extract(Engine::Poppler, pdf)?;
            return Some(
                words
                    .iter()
                    .filter(|w| !text.contains(w.as_str()))
                    .cloned()
                    .collect(),
            );
        }
        Engine::Pdfium => (python_with("pypdfium2")?, PDFIUM_SEARCH),
        Engine::MuPdf => (python_with("pymupdf")?, MUPDF_SEARCH),
        _ => return None,
    };
    let mut child = Command::new(script.0)
        .args(["-c", script.1])
        .arg(pdf)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run a search");
    let list = serde_json::to_string(words).expect("JSON");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "search in {} failed", engine.name());
    Some(serde_json::from_slice(&out.stdout).expect("the words not found, as JSON"))
}

/// The distinct Arabic words of `blocks` of two letters or more and no digit, as written: what a reader
/// searches for.
pub fn searched_words(blocks: &[String]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    for w in blocks.iter().flat_map(|b| strict_words(b)) {
        let letters = w
            .chars()
            .filter(|c| {
                ('\u{0621}'..='\u{064A}').contains(c) || ('\u{066E}'..='\u{06D3}').contains(c)
            })
            .count();
        // Not a word with a note's number after it (the number is drawn raised, apart).
        let other = |c: char| c.is_ascii() || c.is_numeric() || publish::script::is_invisible(c);
        if letters >= 2 && !w.chars().any(other) {
            seen.insert(w);
        }
    }
    seen.into_iter().collect()
}

/// Share of `want` found in `have`, each found item used once, and what is missing.
fn recall(want: &[String], have: &[String]) -> (f32, Vec<String>) {
    let mut pool: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for h in have {
        *pool.entry(h.as_str()).or_default() += 1;
    }
    let mut missing = Vec::new();
    for w in want {
        match pool.get_mut(w.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => missing.push(w.clone()),
        }
    }
    let share = 1.0 - missing.len() as f32 / want.len().max(1) as f32;
    (share, missing)
}
