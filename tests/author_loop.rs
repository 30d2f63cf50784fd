//! What an author meets while writing: every error of a manuscript at once, the manuscript taken
//! from where the author stands, chapter files in the order their names mean, and messages that say
//! what is wrong and what to do. The real binary, as an author runs it.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn write(dir: &Path, files: &[(&str, &[u8])]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for (name, data) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    dir.to_path_buf()
}

const TOML: &[u8] = "[book]\ntitle = \"كتاب\"\n".as_bytes();

/// Runs publish with `args` in `cwd`; its status, stdout and stderr.
fn run_in(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = publish().current_dir(cwd).args(args).output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        err,
    )
}

/// The `error:` lines of `stderr`, each with the `help:` line after it.
fn errors(stderr: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("error: "))
        .map(|(k, l)| {
            let help = lines.get(k + 1).copied().unwrap_or("");
            (l.to_string(), help.trim().to_string())
        })
        .collect()
}

#[test]
fn three_mistakes_are_three_errors_each_at_its_place() {
    let d = tempfile::tempdir().unwrap();
    let m = write(
        &d.path().join("m"),
        &[
            ("book.toml", b"[book]\ntitle = \"x\"\ncolour = \"red\"\n"),
            (
                "01.md",
                "# فصل\n\nصورة: ![خريطة](images/map.png)\n\nانظر [القسم](02.md#nowhere).\n"
                    .as_bytes(),
            ),
            ("02.md", "# فصل ثان\n\nنص.\n".as_bytes()),
        ],
    );
    for args in [
        &["check", "-m", "m"][..],
        &["build", "-m", "m", "-o", "out"],
    ] {
        let command = args[0];
        let (code, _, err) = run_in(d.path(), args);
        assert_eq!(code, Some(1), "{err}");
        let found = errors(&err);
        assert_eq!(found.len(), 3, "{command}: {err}");
        assert!(
            found[0].0.contains("book.toml:3:1") && found[0].0.contains("colour"),
            "{err}"
        );
        assert!(
            found[1].0.contains("01.md:3:") && found[1].0.contains("images/map.png"),
            "{err}"
        );
        assert!(
            found[2].0.contains("01.md:5") && found[2].0.contains("#nowhere"),
            "{err}"
        );
        assert!(
            found.iter().all(|(_, help)| help.starts_with("help: ")),
            "{err}"
        );
        assert!(err.contains("3 errors"), "{err}");
    }
    assert!(
        !d.path().join("out").exists(),
        "a failed build writes nothing"
    );
    assert!(m.join("book.toml").exists());
}

#[test]
fn errors_past_fifty_are_counted_not_listed() {
    let d = tempfile::tempdir().unwrap();
    let mut text = String::from("# فصل\n\n");
    for k in 0..60 {
        text.push_str(&format!("![صورة](missing-{k}.png)\n\n"));
    }
    write(
        &d.path().join("m"),
        &[("book.toml", TOML), ("01.md", text.as_bytes())],
    );
    let (code, _, err) = run_in(d.path(), &["check", "-m", "m"]);
    assert_eq!(code, Some(1));
    let found = errors(&err);
    assert_eq!(found.len(), 51, "{err}");
    assert!(found[50].0.contains("10 more errors not shown"), "{err}");
}

#[test]
fn the_manuscript_is_where_the_author_stands() {
    let d = tempfile::tempdir().unwrap();
    let book = write(
        &d.path().join("book"),
        &[("book.toml", TOML), ("01.md", "# فصل\n\nنص.\n".as_bytes())],
    );
    let (code, _, err) = run_in(&book, &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let dist: Vec<String> = std::fs::read_dir(book.join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(dist.iter().any(|n| n.ends_with(".epub")), "{dist:?}");
    assert!(dist.iter().any(|n| n.ends_with(".pdf")), "{dist:?}");
    // The editions written inside the manuscript folder are not read as its files.
    let (code, _, err) = run_in(&book, &["check"]);
    assert_eq!(code, Some(0), "{err}");
    // Outside any manuscript, manuscript/ as before; neither: an error that says where to run.
    let (code, _, err) = run_in(d.path(), &["check"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("manuscript") && err.contains("book.toml"),
        "{err}"
    );
    std::fs::rename(&book, d.path().join("manuscript")).unwrap();
    let (code, _, err) = run_in(d.path(), &["check"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn chapter_files_are_taken_in_the_order_their_numbers_mean() {
    let d = tempfile::tempdir().unwrap();
    let m = write(
        &d.path().join("m"),
        &[
            ("book.toml", TOML),
            ("10.md", "# العاشر\n".as_bytes()),
            ("2.md", "# الثاني\n".as_bytes()),
            ("1.md", "# الأول\n".as_bytes()),
            ("3.markdown", "# الثالث\n".as_bytes()),
            ("_notes.md", "ملاحظات المؤلف، لا عنوان لها\n".as_bytes()),
            ("README.md", "About this manuscript\n".as_bytes()),
            ("chapter-9.md", "# فصل ٩\n".as_bytes()),
            ("chapter-11.md", "# فصل ١١\n".as_bytes()),
        ],
    );
    let (code, out, err) = run_in(&m, &["check"]);
    assert_eq!(code, Some(0), "{err}");
    let titles: Vec<&str> = ["الأول", "الثاني", "الثالث", "العاشر", "فصل ٩", "فصل ١١"]
        .into_iter()
        .collect();
    let places: Vec<usize> = titles
        .iter()
        .map(|t| out.find(t).unwrap_or_else(|| panic!("{t} missing: {out}")))
        .collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(out.contains("6 chapters"), "{out}");
    assert!(
        out.contains("_notes.md") && out.contains("starts with `_`"),
        "{out}"
    );
    assert!(out.contains("README.md") && out.contains("README"), "{out}");
    // A list in book.toml is the order; a Markdown file left out of it is named.
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"كتاب\"\nchapters = [\"2.md\", \"1.md\"]\n",
    )
    .unwrap();
    let (code, out, err) = run_in(&m, &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.find("الثاني").unwrap() < out.find("الأول").unwrap(),
        "{out}"
    );
    assert!(out.contains("10.md") && out.contains("not listed"), "{out}");
}

#[test]
fn help_texts_and_the_starter_name_both_editions() {
    let (_, out, _) = run_in(Path::new("."), &["--help"]);
    assert!(out.contains("EPUB") && out.contains("PDF"), "{out}");
    let (_, out, _) = run_in(Path::new("."), &["build", "--help"]);
    assert!(out.contains(".epub") && out.contains(".pdf"), "{out}");
    for command in ["serve", "watch"] {
        let (code, out, _) = run_in(Path::new("."), &[command, "--help"]);
        assert_eq!(code, Some(0));
        assert!(out.contains("Usage: publish"), "{out}");
    }
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(d.path(), &["init", "book"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("publish serve") && err.contains("PDF"),
        "{err}"
    );
    let starter = std::fs::read_to_string(d.path().join("book/01-introduction.md")).unwrap();
    assert!(
        starter.contains("EPUB") && starter.contains("PDF"),
        "{starter}"
    );
    // One fact, one chapter: singular.
    let book = write(
        &d.path().join("one"),
        &[
            ("book.toml", TOML),
            ("01.md", "# فصل\n\nفي عام 1991 استقلت البلاد.\n".as_bytes()),
        ],
    );
    let (code, out, err) = run_in(&book, &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("1 chapter,") && out.contains("1 fact:"),
        "{out}"
    );
    let (code, _, err) = run_in(&book, &["build"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 chapter + appendix of 1 fact "), "{err}");
}

/// The message of the one error `publish check` gives for a manuscript made of `files`.
fn message(files: &[(&str, &[u8])]) -> String {
    let d = tempfile::tempdir().unwrap();
    let m = write(&d.path().join("m"), files);
    let (code, _, err) = run_in(&m, &["check"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(errors(&err).len(), 1, "{err}");
    err
}

#[test]
fn book_toml_messages_say_what_to_do() {
    let chapter: (&str, &[u8]) = ("01.md", "# فصل\n".as_bytes());
    let toml = |extra: &str| format!("[book]\ntitle = \"كتاب\"\n{extra}");
    let t = toml("date = \"2026-02-30\"\n");
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(
        e.contains("book.toml:3") && e.contains("no day 30") && e.contains("28 days"),
        "{e}"
    );
    let t = toml("[pdf]\nfont_size = \"11\"\n");
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(e.contains("remove the quotes"), "{e}");
    let t = toml("[pdf]\npaper = \"A3\"\n");
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(e.contains("\"A3\"") && !e.contains("\"a3\""), "{e}");
    let t = toml("language = \"arabic\"\n");
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(
        e.contains("BCP 47") && e.contains("language = \"ar\""),
        "{e}"
    );
    let t = toml("[epub]\ncover = \"art/cover.png\"\n");
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(
        e.contains("book.toml:4") && e.contains("manuscript folder"),
        "{e}"
    );
    assert!(!e.contains("chapter file"), "{e}");
}

#[test]
fn font_messages_say_what_to_do() {
    let chapter: (&str, &[u8]) = ("01.md", "# فصل\n\nنص.\n".as_bytes());
    // A copy of a bundled font, under its own name, is simply used.
    let amiri = std::fs::read(root().join("fonts/Amiri-Regular.ttf")).unwrap();
    let d = tempfile::tempdir().unwrap();
    let m = write(
        &d.path().join("m"),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"كتاب\"\n[fonts]\nregular = \"Amiri-Regular.ttf\"\n".as_bytes(),
            ),
            ("Amiri-Regular.ttf", &amiri),
            chapter,
        ],
    );
    let (code, _, err) = run_in(&m, &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    // A font given by an absolute path: outside the folder, and no talk of links.
    let outside = d.path().join("elsewhere.ttf");
    std::fs::write(&outside, &amiri).unwrap();
    let t = format!(
        "[book]\ntitle = \"كتاب\"\n[fonts]\nregular = \"{}\"\n",
        outside.display()
    );
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(
        e.contains("book.toml:4") && e.contains("outside the manuscript folder"),
        "{e}"
    );
    assert!(!e.contains("link"), "{e}");
    assert!(e.contains("copy"), "{e}");
}

#[test]
fn output_paths_that_cannot_be_written_say_why() {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("m"),
        &[("book.toml", TOML), ("01.md", "# فصل\n\nنص.\n".as_bytes())],
    );
    std::fs::write(d.path().join("out-file"), b"x").unwrap();
    let (code, _, err) = run_in(d.path(), &["build", "-m", "m", "-o", "out-file"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("out-file") && err.contains("output folder is a file"),
        "{err}"
    );
    assert!(err.contains("-o"), "{err}");
    std::fs::create_dir_all(d.path().join("out/m.epub")).unwrap();
    let (code, _, err) = run_in(d.path(), &["build", "-m", "m", "-o", "out"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("m.epub") && err.contains("a folder has its name"),
        "{err}"
    );
}

/// True when this process can read a file it has taken every permission from (it runs as root).
fn permissions_are_not_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, b"x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let read = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    read
}

/// `publish check` in `cwd` as a user permissions hold for: this one, or, when it is root, the
/// user `nobody` (through util-linux's `setpriv`); `None` when there is no such user to be.
fn check_as_a_user(cwd: &Path) -> Option<(Option<i32>, String)> {
    let mut command = if permissions_are_not_enforced(cwd) {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(env!("CARGO_BIN_EXE_publish"));
        c
    } else {
        publish()
    };
    let o = command.current_dir(cwd).arg("check").output().ok()?;
    let err = stderr(&o);
    if err.contains("setpriv:") {
        return None;
    }
    assert!(!err.contains("panicked"), "{err}");
    Some((o.status.code(), err))
}

#[test]
fn unreadable_files_are_named_as_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    // Open to the other user the check may run as; only what a test closes is closed.
    std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let m = write(
        &d.path().join("m"),
        &[
            ("book.toml", TOML),
            ("01.md", "# فصل\n\n![صورة](images/a.png)\n".as_bytes()),
            ("images/a.png", b"\x89PNG"),
        ],
    );
    let Some((code, err)) = check_as_a_user(&m) else {
        eprintln!("skipped: running as root with no `setpriv` to check as another user");
        return;
    };
    assert_eq!(code, Some(1), "the image is no PNG: {err}");
    std::fs::set_permissions(m.join("images"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, err) = check_as_a_user(&m).unwrap();
    std::fs::set_permissions(m.join("images"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, Some(1));
    assert!(
        !err.contains("not found") && err.contains("permission"),
        "{err}"
    );
    std::fs::set_permissions(m.join("book.toml"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, err) = check_as_a_user(&m).unwrap();
    assert_eq!(code, Some(1));
    assert!(
        !err.contains("publish init") && err.contains("permission"),
        "{err}"
    );
}

#[test]
fn the_manuscript_is_found_from_a_folder_inside_it() {
    let d = tempfile::tempdir().unwrap();
    let book = write(
        &d.path().join("book"),
        &[
            ("book.toml", TOML),
            ("01.md", "# فصل\n\nنص.\n".as_bytes()),
            ("images/read-me.txt", b"images of the book"),
        ],
    );
    let (code, out, err) = run_in(&book.join("images"), &["check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("1 chapter,"), "{out}");
    let (code, _, err) = run_in(&book.join("images"), &["build", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        book.join("dist").is_dir(),
        "the editions go beside the manuscript's files"
    );
    assert!(!book.join("images/dist").exists());
}

#[test]
fn one_mistake_is_one_error() {
    let chapter: (&str, &[u8]) = ("01.md", "# فصل\n\nنص.\n".as_bytes());
    // A title of the wrong kind is not also a missing title.
    let e = message(&[("book.toml", b"[book]\ntitle = 1984\n"), chapter]);
    assert!(e.contains("book.toml:2") && e.contains("title"), "{e}");
    // A misspelt key in the second of two authors: the rest of the file still counts.
    let t = "[book]\ntitle = \"كتاب\"\n[[book.authors]]\nname = \"أ\"\n[[book.authors]]\nnmae = \"ب\"\n";
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(e.contains("book.toml:6") && e.contains("nmae"), "{e}");
    // A paper size in error says nothing of the margins meant for the page.
    let t =
        "[book]\ntitle = \"كتاب\"\n[pdf]\npaper = \"B7\"\nmargin_inner = 60\nmargin_outer = 50\n";
    let e = message(&[("book.toml", t.as_bytes()), chapter]);
    assert!(e.contains("\"B7\""), "{e}");
    // A list of chapters of the wrong kind does not take the folder's files instead.
    let e = message(&[
        (
            "book.toml",
            "[book]\ntitle = \"كتاب\"\nchapters = \"01.md\"\n".as_bytes(),
        ),
        chapter,
        ("notes.md", "ملاحظات بلا عنوان\n".as_bytes()),
    ]);
    assert!(e.contains("book.toml:3") && e.contains("chapters"), "{e}");
    // A note referenced in a poem and never defined: at its place.
    let e = message(&[
        ("book.toml", TOML),
        (
            "01.md",
            "# فصل\n\nنص.\n\n```poem\nصدر *** عجز\nصدر *** عجز[^7]\n```\n\nنص.\n".as_bytes(),
        ),
    ]);
    assert!(e.contains("01.md:7:12") && e.contains("[^7]"), "{e}");
}

#[test]
fn errors_come_in_reading_order_each_with_its_column() {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("m"),
        &[
            ("book.toml", TOML),
            (
                "01.md",
                "# فصل\n\nانظر [هناك](02.md#nowhere).\n\n![صورة](missing.png)\n".as_bytes(),
            ),
            ("02.md", "نص بلا عنوان.\n\n![صورة](gone.png)\n".as_bytes()),
        ],
    );
    let (code, _, err) = run_in(&d.path().join("m"), &["check"]);
    assert_eq!(code, Some(1));
    let lines: Vec<String> = errors(&err).into_iter().map(|(e, _)| e).collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].contains("01.md:3:6") && lines[0].contains("#nowhere"),
        "{err}"
    );
    assert!(
        lines[1].contains("01.md:5:1") && lines[1].contains("missing.png"),
        "{err}"
    );
    // A chapter without a title keeps its other errors.
    assert!(
        lines[2].contains("02.md:1:1") && lines[2].contains("level-1 heading"),
        "{err}"
    );
    assert!(
        lines[3].contains("02.md:3:1") && lines[3].contains("gone.png"),
        "{err}"
    );
}

#[test]
fn a_chapter_in_error_gives_facts_toml_no_errors_of_its_own() {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("m"),
        &[
            ("book.toml", TOML),
            ("01.md", "# فصل\n\nفي عام 1991 استقلت البلاد.\n".as_bytes()),
            ("02.md", "# فصل\n\n![صورة](gone.png)\n\nوفي عام 1992 انضمت.\n".as_bytes()),
            ("03.md", "بلا عنوان، وفي عام 1995 اعتمد الدستور.\n".as_bytes()),
            (
                "facts.toml",
                "[[fact]]\nstatement = \"اعتمد الدستور\"\nchapter = 3\nparagraph = 1\nvalue = \"1995\"\n".as_bytes(),
            ),
        ],
    );
    let (code, _, err) = run_in(&d.path().join("m"), &["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(errors(&err).len(), 2, "{err}");
    assert!(!err.contains("facts.toml"), "{err}");
}
