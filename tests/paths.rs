//! Every file the manuscript names or holds is read only when, its links followed, it lies inside the
//! manuscript folder: a publisher's build server builds manuscripts it did not write. A link to a file
//! elsewhere (a chapter `01.md` that points at `/etc/passwd`, a font, the stylesheet, `facts.toml`,
//! `book.toml` itself) is an error that names the file (and the line of `book.toml` that names it), and
//! nothing is built. A link to a file inside the folder is fine.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::*;

/// A small manuscript in `dir` with one chapter, and a secret outside it.
fn manuscript(dir: &Path, toml_extra: &str) {
    std::fs::create_dir_all(dir.join("book")).unwrap();
    std::fs::write(
        dir.join("book/book.toml"),
        format!("[book]\ntitle = \"كتاب\"\n{toml_extra}"),
    )
    .unwrap();
    std::fs::write(dir.join("book/01.md"), "# فصل\n\nنص الفصل.\n").unwrap();
    std::fs::write(dir.join("secret.md"), "# سر\n\nكلمة السر.\n").unwrap();
}

/// Builds the manuscript and returns the error text; asserts that it failed and wrote nothing.
fn refused(dir: &Path) -> String {
    let out = dir.join("out");
    let o = publish()
        .args(["build", "-q", "-m"])
        .arg(dir.join("book"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("outside the manuscript folder"), "{err}");
    let built = std::fs::read_dir(&out).map_or(0, |d| d.count());
    assert_eq!(built, 0, "nothing is built: {err}");
    err
}

#[test]
fn a_chapter_that_links_outside_the_folder_is_refused() {
    let d = tempfile::tempdir().unwrap();
    manuscript(d.path(), "");
    symlink(d.path().join("secret.md"), d.path().join("book/02.md")).unwrap();
    let err = refused(d.path());
    assert!(err.contains("02.md"), "{err}");
    assert!(!err.contains("كلمة السر"), "{err}");
}

#[test]
fn a_listed_chapter_that_links_outside_the_folder_is_refused_at_its_line() {
    let d = tempfile::tempdir().unwrap();
    manuscript(d.path(), "chapters = [\"01.md\", \"other.md\"]\n");
    symlink(d.path().join("secret.md"), d.path().join("book/other.md")).unwrap();
    let err = refused(d.path());
    assert!(err.contains("book.toml:3"), "{err}");
    assert!(err.contains("other.md"), "{err}");
}

#[test]
fn a_font_a_stylesheet_or_facts_toml_that_link_outside_are_refused() {
    let fonts = root().join("fonts");
    for (name, toml, file, target) in [
        (
            "font",
            "[fonts]\nregular = \"face.ttf\"\n",
            "face.ttf",
            fonts.join("Amiri-Regular.ttf"),
        ),
        (
            "stylesheet",
            "[epub]\nstylesheet = \"extra.css\"\n",
            "extra.css",
            root().join("README.md"),
        ),
        ("facts", "", "facts.toml", root().join("Cargo.toml")),
    ] {
        let d = tempfile::tempdir().unwrap();
        manuscript(d.path(), toml);
        symlink(&target, d.path().join("book").join(file)).unwrap();
        let err = refused(d.path());
        assert!(err.contains(file), "{name}: {err}");
        if name != "facts" {
            assert!(err.contains("book.toml:"), "{name}: {err}");
        }
    }
}

#[test]
fn book_toml_that_links_outside_is_refused() {
    let d = tempfile::tempdir().unwrap();
    manuscript(d.path(), "");
    let elsewhere = d.path().join("elsewhere.toml");
    std::fs::rename(d.path().join("book/book.toml"), &elsewhere).unwrap();
    symlink(&elsewhere, d.path().join("book/book.toml")).unwrap();
    let err = refused(d.path());
    assert!(err.contains("book.toml"), "{err}");
}

#[test]
fn links_inside_the_folder_are_followed() {
    let d = tempfile::tempdir().unwrap();
    manuscript(d.path(), "");
    std::fs::create_dir_all(d.path().join("book/drafts")).unwrap();
    std::fs::write(d.path().join("book/drafts/two.md"), "# ثان\n\nنص.\n").unwrap();
    symlink(
        d.path().join("book/drafts/two.md"),
        d.path().join("book/02.md"),
    )
    .unwrap();
    let out = d.path().join("out");
    let o = publish()
        .args(["build", "-q", "--format", "epub", "-m"])
        .arg(d.path().join("book"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}
