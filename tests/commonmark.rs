//! A peer's test suite as hostile input: every example of the CommonMark spec and of pulldown-cmark's own
//! suites (tables, footnotes, strikethrough, heading attributes, math, wikilinks, regressions…), read
//! from the `tests/suite/` folder of the pulldown-cmark release this build uses (`cargo metadata` finds
//! its source).
//!
//! Each example, under a level-1 heading (a chapter's title), is built as a one-chapter book with the library: it loads and both editions are
//! written, or loading refuses it with an error that names its file; never a panic, never a hang.
//! Then every example that built becomes one chapter of a single book, and EPUBCheck (0 errors,
//! 0 warnings) and `qpdf --check` judge its two editions.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

use common::*;

/// How long one example may take before it counts as a hang (a debug build; they take milliseconds).
const HANG: Duration = Duration::from_secs(60);

/// The folder of pulldown-cmark's test suite, from `cargo metadata`.
fn suite_dir() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root())
        .output()
        .expect("run cargo metadata");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "pulldown-cmark")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("pulldown-cmark in cargo metadata");
    Path::new(manifest).parent().unwrap().join("tests/suite")
}

/// The examples of one generated suite file: the raw strings bound to `original`.
fn examples_in(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("let original = r") {
        rest = &rest[at + "let original = r".len()..];
        let hashes = rest.bytes().take_while(|&b| b == b'#').count();
        let body = &rest[hashes + 1..];
        let close = format!("\"{}", "#".repeat(hashes));
        let end = body.find(&close).expect("closed raw string");
        out.push(body[..end].to_string());
        rest = &body[end..];
    }
    out
}

/// Every example of the suite, named `file:number`.
fn suite() -> Vec<(String, String)> {
    let dir = suite_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&f).unwrap();
        for (i, ex) in examples_in(&source).into_iter().enumerate() {
            all.push((format!("{name}:{}", i + 1), ex));
        }
    }
    all
}

const BOOK_TOML: &str = "[book]\ntitle = \"أمثلة\"\nauthors = [\"مؤلف\"]\nlanguage = \"ar\"\n";

enum Outcome {
    Built,
    Refused(String),
}

/// Example `text` as a chapter: a chapter needs its title, so a level-1 heading comes first.
fn chapter(n: usize, text: &str) -> String {
    format!("# مثال {n}\n\n{text}")
}

/// Builds `text` as a one-chapter book in `dir`: both editions, or the loader's error.
fn build_one(dir: &Path, text: &str) -> Result<Outcome, String> {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("book.toml"), BOOK_TOML).unwrap();
    std::fs::write(dir.join("01.md"), text).unwrap();
    let loaded = match publish::pipeline::book_with_env(dir, Some("0")) {
        Ok(l) => l,
        Err(e) => return Ok(Outcome::Refused(e.to_string())),
    };
    let fonts = loaded
        .fonts()
        .map_err(|e| format!("fonts: {e}"))?
        .ok_or("the bundled fonts typeset")?;
    publish::epub::write(&loaded.book, Some(&fonts)).map_err(|e| format!("EPUB: {e}"))?;
    publish::pdf::write(&loaded.book, &fonts).map_err(|e| format!("PDF: {e}"))?;
    Ok(Outcome::Built)
}

/// Runs `f` on a thread of its own and waits at most [`HANG`]; a panic or a timeout is an error.
fn guarded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = tx.send(r);
    });
    match rx.recv_timeout(HANG) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(p)) => Err(format!(
            "panicked: {}",
            p.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default()
        )),
        Err(_) => Err(format!("did not finish in {} s", HANG.as_secs())),
    }
}

#[test]
fn every_example_builds_or_is_refused_and_the_built_ones_validate_as_one_book() {
    let examples = suite();
    assert!(
        examples.len() > 900,
        "only {} examples found in {}",
        examples.len(),
        suite_dir().display()
    );
    let d = tempfile::tempdir().unwrap();
    // Examples are independent: the machine's cores share them, and results are put back in order.
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<Outcome, String>>>> =
        examples.iter().map(|_| Mutex::new(None)).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((_, text)) = examples.get(i) else {
                    break;
                };
                let dir = d.path().join(format!("ex{i}"));
                let t = chapter(i + 1, text);
                let r = guarded(move || build_one(&dir, &t)).and_then(|r| r);
                *results[i].lock().unwrap() = Some(r);
            });
        }
    });
    let mut failures = Vec::new();
    let mut built = Vec::new();
    let mut refused = 0;
    for (i, ((name, text), r)) in examples.iter().zip(results).enumerate() {
        match r.into_inner().unwrap().expect("every example ran") {
            Ok(Outcome::Built) => built.push(chapter(i + 1, text)),
            Ok(Outcome::Refused(msg)) => {
                refused += 1;
                // A refusal names the chapter file (and says what to do, on the lines after it).
                if !msg.contains("01.md") {
                    failures.push(format!("{name}: refused without naming the file: {msg}"));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}\n---\n{text}---")),
        }
    }
    eprintln!(
        "{} examples: {} built, {refused} refused",
        examples.len(),
        built.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
    assert!(built.len() > 800, "only {} examples built", built.len());

    // Every example that built, as one book.
    let m = d.path().join("all");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("book.toml"), BOOK_TOML).unwrap();
    for (i, text) in built.iter().enumerate() {
        std::fs::write(m.join(format!("{i:04}.md")), text).unwrap();
    }
    let epub = build(&m, &d.path().join("out"));
    let pdf = epub.with_extension("pdf");
    if pdf::tool("qpdf") {
        let o = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success() && report.contains("No syntax or stream encoding errors"),
            "qpdf --check: {report}{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    if let Some(jar) = validator("EPUBCHECK_JAR", "EPUBCheck") {
        epubcheck(&jar, &epub);
    }
}
