//! The EPUB judged by the reference validators: EPUBCheck 5 (0 errors, 0 warnings) and Ace by DAISY
//! (0 violations). `.ci/run` installs both and points `EPUBCHECK_JAR` and `ACE` at them; in CI they are
//! mandatory, in a local run without them these tests print why they skip.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

#[test]
fn epubcheck_passes_without_errors_or_warnings() {
    let Some(jar) = validator("EPUBCHECK_JAR", "EPUBCheck") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let starter = d.path().join("starter");
    assert!(publish()
        .arg("init")
        .arg(&starter)
        .output()
        .unwrap()
        .status
        .success());
    for (i, m) in books().iter().chain([&starter]).enumerate() {
        let epub = build(m, &d.path().join(format!("out{i}")));
        epubcheck(&jar, &epub);
    }
}

/// The books both validators read.
fn books() -> [PathBuf; 6] {
    [
        sample(),
        everything(),
        facts_in_words(),
        history(),
        notes_book(),
        poetry_book(),
    ]
}

#[test]
fn ace_reports_no_violations() {
    let Some(ace) = validator("ACE", "Ace by DAISY") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    for (i, m) in books().iter().enumerate() {
        let epub = build(m, &d.path().join(format!("out{i}")));
        let report = d.path().join(format!("ace{i}"));
        let mut cmd = Command::new(&ace);
        if std::env::var_os("PUPPETEER_EXECUTABLE_PATH").is_none() {
            cmd.env("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium");
        }
        let o = cmd
            .arg("-f")
            .arg("-s")
            .arg("-o")
            .arg(&report)
            .arg(&epub)
            .output()
            .expect("run ace");
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "Ace failed on {}:\n{log}", m.display());
        let json = std::fs::read_to_string(report.join("report.json"))
            .unwrap_or_else(|e| panic!("no Ace report ({e}):\n{log}"));
        assert!(
            json.contains("\"earl:outcome\": \"pass\"")
                || json.contains("\"earl:outcome\":\"pass\""),
            "Ace outcome is not pass for {}",
            m.display()
        );
        let violations = json.matches("\"earl:impact\"").count();
        assert_eq!(
            violations,
            0,
            "Ace found {violations} violations in {}; see {}",
            m.display(),
            report.display()
        );
    }
}

/// Builds a one-chapter book (`title`, `chapter`) in `dir` with `build ARGS`; it must succeed. The
/// EPUB's path and what was printed on stderr (warnings included).
fn build_one_chapter(
    dir: &Path,
    title: &str,
    chapter: &str,
    args: &[&str],
) -> (std::path::PathBuf, String) {
    let m = dir.join("book");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("book.toml"),
        format!("[book]\ntitle = \"{title}\"\n"),
    )
    .unwrap();
    std::fs::write(m.join("01.md"), chapter).unwrap();
    let out = dir.join("out");
    let o = publish()
        .arg("build")
        .args(args)
        .arg("-m")
        .arg(&m)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let epub = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .unwrap();
    (epub, err)
}

#[test]
fn a_heading_with_no_text_is_left_out_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let (epub, err) = build_one_chapter(
        d.path(),
        "كتاب",
        "#\n\n# فصل\n\n##\n\nنص أول.\n\n## قسم\n\nنص ثان.\n\n###   \n\nنص ثالث.\n",
        &[],
    );
    for line in [1, 5, 13] {
        assert!(
            err.contains(&format!("01.md:{line}: heading with no text")),
            "line {line}: {err}"
        );
    }
    // The EPUB's navigation: every entry has text.
    let files = entry_map(&epub);
    let nav = files
        .iter()
        .find(|(name, _)| name.ends_with("nav.xhtml"))
        .map(|(_, text)| text.clone())
        .unwrap();
    assert!(!nav.contains("\"></a>"), "{nav}");
    assert!(nav.contains("قسم"), "{nav}");
    // The PDF's bookmarks: every one has a title.
    let pdf = epub.with_extension("pdf");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let outlines = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut next = doc
        .get_dictionary(outlines)
        .unwrap()
        .get(b"First")
        .and_then(|f| f.as_reference())
        .ok();
    let mut stack = Vec::new();
    let mut titles = 0;
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title = item.get(b"Title").unwrap().as_str().unwrap();
        assert!(title.len() > 2, "a bookmark with no title");
        titles += 1;
        if let Ok(first) = item.get(b"First").and_then(|f| f.as_reference()) {
            stack.push(item.get(b"Next").and_then(|n| n.as_reference()).ok());
            next = Some(first);
        } else {
            next = item.get(b"Next").and_then(|n| n.as_reference()).ok();
            while next.is_none() {
                match stack.pop() {
                    Some(n) => next = n,
                    None => break,
                }
            }
        }
    }
    assert!(titles >= 2, "{titles} bookmarks");
    if let Some(jar) = validator("EPUBCHECK_JAR", "EPUBCheck") {
        epubcheck(&jar, &epub);
    }
}

#[test]
fn web_addresses_go_in_as_valid_urls_or_lose_their_link_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let (epub, err) = build_one_chapter(
        d.path(),
        "روابط",
        "# روابط\n\nأولها <https://example.com?find=\\*> وثانيها <https://example.com/?search=](uri)>.\n\n\
         وثالثها <https://example.com/\\[\\`> ورابعها <https://../> وخامسها [هنا](http://مثال.إختبار/صفحة).\n",
        &["--format", "epub"],
    );
    assert!(
        err.contains("01.md:5: link to `https://../` dropped: it is not a valid web address"),
        "{err}"
    );
    let chapter = entry_map(&epub)["OEBPS/chapter-01.xhtml"].clone();
    let hrefs: Vec<&str> = chapter
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with("http"))
        .collect();
    assert_eq!(hrefs.len(), 4, "{hrefs:?}");
    for href in &hrefs {
        let href = href.replace("&amp;", "&");
        let parsed = url::Url::parse(&href).unwrap();
        assert_eq!(parsed.as_str(), href, "a URL as its parser writes it");
        assert!(
            !href.contains(['\\', '[', ']', '`', '{', '}', '|', '^']),
            "{href}"
        );
    }
    assert!(
        xhtml_text(&chapter).contains("https://../"),
        "the text stays"
    );
    if let Some(jar) = validator("EPUBCHECK_JAR", "EPUBCheck") {
        epubcheck(&jar, &epub);
    }
}
