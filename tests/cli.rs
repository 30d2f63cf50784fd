//! The `publish` command line, run as a user runs it: subcommands, exit statuses, and the errors an
//! author meets, each naming the file (and line) and saying what to do, never a panic.

mod common;

use std::path::Path;

use common::*;

fn manuscript(dir: &Path, toml: &str, chapters: &[(&str, &[u8])]) -> std::path::PathBuf {
    let m = dir.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("book.toml"), toml).unwrap();
    for (name, text) in chapters {
        let path = m.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    m
}

const TOML: &str = "[book]\ntitle = \"كتاب\"\n";

/// Runs `publish build` on `m`, expects failure with status 1, and returns stderr.
fn build_fails(m: &Path, out: &Path) -> String {
    let o = publish()
        .args(["build", "-m"])
        .arg(m)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "expected a build error, got:\n{err}"
    );
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("help: "), "errors say what to do: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    err
}

#[test]
fn version_and_help() {
    let o = run(&["--version"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains(env!("CARGO_PKG_VERSION")));
    for cmd in ["build", "check", "init"] {
        let o = run(&[cmd, "--help"]);
        assert!(o.status.success(), "{cmd}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage: publish"),
            "{cmd}"
        );
    }
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
}

#[test]
fn build_prints_a_summary_unless_quiet() {
    let d = tempfile::tempdir().unwrap();
    let o = publish()
        .args(["build", "-m"])
        .arg(sample())
        .arg("-o")
        .arg(d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.starts_with("epub"))
        .unwrap_or_else(|| panic!("no summary: {err}"));
    assert!(
        line.contains("kazakhstan-diplomacy.epub")
            && line.contains("8 chapters + appendix of 17 facts")
            && line.contains(" ms"),
        "{line}"
    );
    let o = publish()
        .args(["build", "-q", "-m"])
        .arg(sample())
        .arg("-o")
        .arg(d.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn check_reports_chapters_and_words() {
    let o = publish()
        .args(["check", "-m"])
        .arg(sample())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out.lines().filter(|l| l.contains(" words ")).count(),
        8,
        "{out}"
    );
    let summary = out.lines().last().unwrap();
    assert!(summary.starts_with("8 chapters, "), "{summary}");
    let words: usize = summary
        .split(", ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // Independently: the white-space separated words of the chapter files, without heading markup.
    let mut expected = 0;
    for e in std::fs::read_dir(sample()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(&p).unwrap();
            expected += text
                .split_whitespace()
                .filter(|w| !w.starts_with("{#") && w.chars().any(char::is_alphanumeric))
                .count();
        }
    }
    assert_eq!(words, expected, "{summary}");
}

/// `check` reports a character no face has (an emoji is drawn by the bundled emoji face) at its line
/// and column as a warning, and `build` says the same and builds.
#[test]
fn check_and_build_report_characters_no_font_covers() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        TOML,
        &[("a.md", "# فصل\n\nسطر عادي.\nرمز 😀 هنا و中.\n".as_bytes())],
    );
    let o = publish().args(["check", "-m"]).arg(&m).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: ") && err.contains("a.md:4:12: character U+4E2D"),
        "{err}"
    );
    assert!(!err.contains("U+1F600"), "{err}");
    let o = publish()
        .args(["build", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(d.path().join("out"))
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(stderr(&o).contains("a.md:4:12: character U+4E2D"));
}

#[test]
fn init_writes_a_manuscript_that_builds() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("new-book");
    let o = publish().arg("init").arg(&m).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let epub = build(&m, &d.path().join("out"));
    assert!(epub.ends_with("new-book.epub"));
    let o = publish().args(["check", "-m"]).arg(&m).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // A second init into the same folder refuses to overwrite.
    let o = publish().arg("init").arg(&m).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not an empty folder"));
}

#[test]
fn missing_manuscript_folder() {
    let d = tempfile::tempdir().unwrap();
    let err = build_fails(&d.path().join("nowhere"), &d.path().join("out"));
    assert!(
        err.contains("nowhere") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn missing_book_toml() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(m.join("a.md"), "# فصل\n").unwrap();
    let err = build_fails(&m, &d.path().join("out"));
    assert!(err.contains("book.toml not found"), "{err}");
}

#[test]
fn book_toml_syntax_error_names_the_line() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        "[book]\ntitle = \"كتاب\"\nauthors = [\"أ\"\n",
        &[("a.md", b"# x\n")],
    );
    let err = build_fails(&m, &d.path().join("out"));
    assert!(err.contains("book.toml:3"), "{err}");
}

#[test]
fn book_toml_unknown_key_is_named() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        "[book]\ntitle = \"كتاب\"\n\ncolour = \"red\"\n",
        &[("a.md", b"# x\n")],
    );
    let err = build_fails(&m, &d.path().join("out"));
    assert!(
        err.contains("book.toml:4") && err.contains("colour"),
        "{err}"
    );
}

#[test]
fn chapter_not_in_utf8_names_the_line() {
    let d = tempfile::tempdir().unwrap();
    let latin1: &[u8] = b"# Titre\n\nUne ligne.\nCaf\xe9 cr\xe8me.\n";
    let m = manuscript(d.path(), TOML, &[("a.md", latin1)]);
    let err = build_fails(&m, &d.path().join("out"));
    assert!(err.contains("a.md:4:4") && err.contains("UTF-8"), "{err}");
}

#[test]
fn missing_image_names_the_line() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        TOML,
        &[(
            "a.md",
            "# فصل\n\nنص.\n\n![صورة](images/none.png)\n".as_bytes(),
        )],
    );
    let err = build_fails(&m, &d.path().join("out"));
    assert!(err.contains("a.md:5") && err.contains("not found"), "{err}");
}

#[test]
fn image_outside_the_manuscript_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let png = std::fs::read(everything().join("images/map.png")).unwrap();
    std::fs::write(d.path().join("outside.png"), png).unwrap();
    let m = manuscript(
        d.path(),
        TOML,
        &[("a.md", "# فصل\n\n![صورة](../outside.png)\n".as_bytes())],
    );
    let err = build_fails(&m, &d.path().join("out"));
    assert!(
        err.contains("a.md:3") && err.contains("outside the manuscript"),
        "{err}"
    );
}

#[test]
fn image_with_wrong_content_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        TOML,
        &[
            ("a.md", "# فصل\n\n![صورة](fake.png)\n".as_bytes()),
            ("fake.png", b"not a png"),
        ],
    );
    let err = build_fails(&m, &d.path().join("out"));
    assert!(
        err.contains("a.md:3") && err.contains("not a valid image/png"),
        "{err}"
    );
}

#[test]
fn chapter_without_title_and_broken_anchor() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(d.path(), TOML, &[("a.md", "نص بلا عنوان.\n".as_bytes())]);
    let err = build_fails(&m, &d.path().join("out"));
    assert!(
        err.contains("a.md") && err.contains("level-1 heading"),
        "{err}"
    );
    let m = manuscript(
        d.path(),
        TOML,
        &[("a.md", "# فصل\n\nانظر [هنا](#nowhere).\n".as_bytes())],
    );
    let err = build_fails(&m, &d.path().join("out"));
    assert!(err.contains("a.md:3") && err.contains("#nowhere"), "{err}");
}

#[test]
fn listed_chapter_that_does_not_exist() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        "[book]\ntitle = \"كتاب\"\nchapters = [\"a.md\",\n  \"b.md\"]\n",
        &[("a.md", b"# x\n")],
    );
    let err = build_fails(&m, &d.path().join("out"));
    assert!(err.contains("book.toml:4") && err.contains("b.md"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_edition_untouched() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(d.path(), TOML, &[("a.md", "# فصل\n\nنص.\n".as_bytes())]);
    let out = d.path().join("out");
    let epub = build(&m, &out);
    let pdf = epub.with_extension("pdf");
    let before = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    std::fs::write(m.join("a.md"), "# فصل\n\n![صورة](missing.png)\n").unwrap();
    build_fails(&m, &out);
    let after = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    assert!(after == before, "both editions are untouched");
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files are left: {names:?}");
}

/// An edition that cannot be written (a folder where the EPUB goes) fails the build before the other
/// edition is replaced: the previous PDF stays byte for byte, and nothing is left beside it.
#[test]
fn a_blocked_edition_path_leaves_the_other_previous_edition_untouched() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(d.path(), TOML, &[("a.md", "# فصل\n\nنص.\n".as_bytes())]);
    let out = d.path().join("out");
    let epub = build(&m, &out);
    let pdf = epub.with_extension("pdf");
    let before = std::fs::read(&pdf).unwrap();
    std::fs::write(m.join("a.md"), "# فصل\n\nنص آخر أطول من الأول.\n").unwrap();
    std::fs::remove_file(&epub).unwrap();
    std::fs::create_dir(&epub).unwrap();
    let err = build_fails(&m, &out);
    assert!(
        err.contains(&*epub.to_string_lossy()) && err.contains("folder"),
        "{err}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), before, "the PDF is untouched");
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "no temporary files are left: {names:?}");
}

/// `[fonts] fallback` puts the manuscript's faces before the bundled ones for characters the book's
/// faces lack: here an emoji face of the author's draws the 📚 that Noto Sans Symbols 2 would.
#[test]
fn the_manuscripts_fallback_faces_come_before_the_bundled_ones() {
    let d = tempfile::tempdir().unwrap();
    let toml = "[book]\ntitle = \"كتاب\"\n[fonts]\nfallback = [\"fonts/MyEmoji.ttf\"]\n";
    let font = std::fs::read(root().join("fonts/NotoEmoji-Regular.ttf")).unwrap();
    let m = manuscript(
        d.path(),
        toml,
        &[
            ("a.md", "# فصل\n\nكتب 📚 وعلامة ✓.\n".as_bytes()),
            ("fonts/MyEmoji.ttf", &font),
        ],
    );
    let epub = build(&m, &d.path().join("out"));
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"OEBPS/fonts/MyEmoji.ttf".to_string()),
        "{names:?}"
    );
    let css = &entry_map(&epub)["OEBPS/stylesheet.css"];
    assert!(
        css.contains(
            "html { font-family: \"Amiri\", \"BookFallback1\", \"Noto Sans Symbols 2\", serif; }"
        ),
        "{css}"
    );
    let pdf = std::fs::read(epub.with_extension("pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let fonts: String = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"BaseFont").ok())
        .filter_map(|n| n.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(
        fonts.contains("MyEmoji") && fonts.contains("NotoSansSymbols2"),
        "{fonts}"
    );

    std::fs::write(m.join("fonts/MyEmoji.ttf"), b"not a font").unwrap();
    let err = build_fails(&m, &d.path().join("out"));
    assert!(
        err.contains("book.toml:4") && err.contains("not a TrueType"),
        "{err}"
    );
}

#[test]
fn manuscript_fonts_and_stylesheet_replace_and_extend_the_defaults() {
    let d = tempfile::tempdir().unwrap();
    let toml = "[book]\ntitle = \"كتاب\"\n[epub]\nstylesheet = \"extra.css\"\n[fonts]\nregular = \"MyFace.ttf\"\n";
    let font = std::fs::read(root().join("fonts/Amiri-Bold.ttf")).unwrap();
    let m = manuscript(
        d.path(),
        toml,
        &[
            ("a.md", "# فصل\n\nنص.\n".as_bytes()),
            ("extra.css", b"p { color: #333; }\n"),
            ("MyFace.ttf", &font),
        ],
    );
    let epub = build(&m, &d.path().join("out"));
    let files = entry_map(&epub);
    let css = &files["OEBPS/stylesheet.css"];
    assert!(css.contains("p { color: #333; }"), "{css}");
    assert!(css.contains("font-family: \"BookText\"; font-weight: normal; font-style: normal; src: url(\"fonts/MyFace.ttf\")"), "{css}");
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"OEBPS/fonts/MyFace.ttf".to_string()));
    assert!(names.contains(&"OEBPS/fonts/Amiri-Bold.ttf".to_string()));

    std::fs::write(m.join("MyFace.ttf"), b"not a font").unwrap();
    let err = build_fails(&m, &d.path().join("out"));
    assert!(
        err.contains("book.toml:6") && err.contains("not a TrueType"),
        "{err}"
    );
}
