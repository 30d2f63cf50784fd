//! Helpers shared by the integration tests: run the real `publish` binary, read what it wrote the way a
//! reader's software does (zip + XML parser), and find the external validators.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod extract;
pub mod pdf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A one-chapter Arabic book in `dir`/m: a book.toml with a title, an author and the language, and
/// `chapter` as its chapter file.
pub fn one_chapter_book(dir: &Path, chapter: &str) -> PathBuf {
    let m = dir.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"كتاب\"\nauthors = [\"كاتب\"]\nlanguage = \"ar\"\n",
    )
    .unwrap();
    std::fs::write(m.join("01.md"), chapter).unwrap();
    m
}

/// Copies the folder `from`, with the folders inside it, to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

pub fn sample() -> PathBuf {
    root().join("manuscript")
}

pub fn everything() -> PathBuf {
    root().join("tests/manuscripts/everything")
}

/// An author's book: tables of every kind (long sentences, many short columns, numbers and dates, one
/// too wide for the page), a photograph, a chart, notes, an English quotation, symbols.
pub fn history() -> PathBuf {
    root().join("tests/manuscripts/history")
}

/// A copy of the book at `dir` with `pdf` added to its `[pdf]` table.
pub fn with_pdf_settings(dir: &Path, pdf: &str, out: &Path) -> PathBuf {
    let to = out.join("book");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
    let toml = std::fs::read_to_string(to.join("book.toml")).unwrap();
    std::fs::write(to.join("book.toml"), format!("{toml}\n[pdf]\n{pdf}\n")).unwrap();
    to
}

/// A scholarly book with a hundred notes.
pub fn notes_book() -> PathBuf {
    root().join("tests/manuscripts/notes")
}

/// Classical and modern poems.
pub fn poetry_book() -> PathBuf {
    root().join("tests/manuscripts/poetry")
}

/// A manuscript whose facts are written in words, in the Hijri calendar, as decades and centuries.
pub fn facts_in_words() -> PathBuf {
    root().join("tests/manuscripts/facts-in-words")
}

/// The `publish` binary, with a clean environment for reproducibility.
pub fn publish() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_publish"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

pub fn run(args: &[&str]) -> Output {
    publish().args(args).output().expect("run publish")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The facts `publish facts --json -m manuscript` prints (it must succeed), and its stderr.
pub fn facts_json(manuscript: &Path) -> (Vec<serde_json::Value>, String) {
    let o = publish()
        .args(["facts", "--json", "-m"])
        .arg(manuscript)
        .output()
        .expect("run publish");
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    (
        doc["facts"].as_array().expect("a facts array").clone(),
        stderr(&o),
    )
}

/// Builds `manuscript` into `out` and returns the path of the EPUB.
pub fn build(manuscript: &Path, out: &Path) -> PathBuf {
    let o = publish()
        .args(["build", "-q", "-m"])
        .arg(manuscript)
        .arg("-o")
        .arg(out)
        .output()
        .expect("run publish");
    assert!(
        o.status.success(),
        "build of {} failed:\n{}",
        manuscript.display(),
        stderr(&o)
    );
    let epubs: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "epub"))
        .collect();
    assert_eq!(epubs.len(), 1, "{epubs:?}");
    epubs.into_iter().next().unwrap()
}

/// Every entry of an EPUB, by name, in archive order.
pub fn entries(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(epub).unwrap();
    let mut a = zip::ZipArchive::new(file).unwrap();
    (0..a.len())
        .map(|i| {
            let mut e = a.by_index(i).unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            (e.name().to_string(), data)
        })
        .collect()
}

pub fn entry_map(epub: &Path) -> BTreeMap<String, String> {
    entries(epub)
        .into_iter()
        .filter(|(n, _)| {
            n.ends_with(".xhtml")
                || n.ends_with(".opf")
                || n.ends_with(".ncx")
                || n.ends_with(".css")
                || n.ends_with(".xml")
        })
        .map(|(n, d)| (n, String::from_utf8(d).expect("text entries are UTF-8")))
        .collect()
}

/// The text a reader gets from an XHTML document: character data plus image alt text, without the
/// generated note numbers.
pub fn xhtml_text(doc: &str) -> String {
    let xml = roxmltree::Document::parse_with_options(
        doc,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("XHTML is not well-formed: {e}"));
    let mut out = String::new();
    for node in xml.descendants() {
        let in_noteref = node
            .ancestors()
            .any(|a| a.attribute("role") == Some("doc-noteref"));
        if node.is_text() && in_noteref {
            // A note number the book generated, not the author's text.
            out.push(' ');
        } else if node.is_text() {
            out.push_str(node.text().unwrap_or(""));
        } else if matches!(
            node.tag_name().name(),
            "td" | "th" | "tr" | "p" | "li" | "br" | "div" | "pre"
        ) {
            // Block and cell boundaries separate words, as they do on screen.
            out.push(' ');
        } else if node.has_tag_name("img") {
            out.push(' ');
            out.push_str(node.attribute("alt").unwrap_or(""));
            out.push(' ');
        }
    }
    out
}

/// Words of a text: runs of characters that are neither white space nor punctuation.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || is_punct(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '،' | '؛'
                | '؟'
                | '«'
                | '»'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '–'
                | '—'
                | '…'
                | '٪'
                | '٫'
                | '٬'
                | '©'
                | '\u{200F}'
                | '\u{200E}'
        )
}

/// Where a validator is and whether tests must use it: in CI (env `CI` set) a missing validator fails the
/// test; elsewhere the test is skipped with a printed reason.
pub fn validator(env_var: &str, what: &str) -> Option<String> {
    match std::env::var(env_var) {
        Ok(v) if !v.is_empty() && Path::new(&v).exists() => Some(v),
        _ => {
            if std::env::var_os("CI").is_some() {
                panic!("{what} is required in CI: set {env_var} (.ci/run installs it)");
            }
            // Written straight to stderr, past the test harness's capture, so the reason is always seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {what} not available (set {env_var}; .ci/run installs it)"
            );
            None
        }
    }
}

/// Runs EPUBCheck (`jar`) on `epub` and asserts it reports no fatal error, error or warning under the
/// EPUB 3.3 rules.
pub fn epubcheck(jar: &str, epub: &Path) {
    let o = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(epub)
        .output()
        .expect("run java");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.status.success(),
        "EPUBCheck failed on {}:\n{out}",
        epub.display()
    );
    assert!(
        out.contains("Messages: 0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck on {}:\n{out}",
        epub.display()
    );
    assert!(out.contains("EPUB version 3.3 rules"), "{out}");
}
