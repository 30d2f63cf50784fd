//! `facts.toml`, the author's say over the appendix of facts, run with the real binary: curated facts
//! placed where the text states them, hidden and relabelled extracted facts, the appendix turned off or
//! retitled, warnings from `publish check`, and errors that name the file, the line and the entry.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const TOML: &str = "[book]\ntitle = \"كتاب\"\nlanguage = \"ar\"\n";

const CHAPTER_1: &str = "# الفصل الأول\n\nفي 3 آذار 2001 انضمت 50 دولة إلى المعاهدة.\n\n\
وبلغت النسبة 12٪ في ذلك العام، وهي ثالث أعلى نسبة في المنطقة.\n";
const CHAPTER_2: &str = "# الفصل الثاني\n\nتعهدت الحكومة ببناء مئة مدرسة بحلول عام 2030.\n";

/// A two-chapter manuscript with `facts` as its facts.toml (none when empty).
fn manuscript(dir: &Path, facts: &str) -> PathBuf {
    let m = dir.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("book.toml"), TOML).unwrap();
    std::fs::write(m.join("01-a.md"), CHAPTER_1).unwrap();
    std::fs::write(m.join("02-b.md"), CHAPTER_2).unwrap();
    if !facts.is_empty() {
        std::fs::write(m.join("facts.toml"), facts).unwrap();
    }
    m
}

fn values(facts: &[serde_json::Value]) -> Vec<&str> {
    facts.iter().map(|f| f["value"].as_str().unwrap()).collect()
}

#[test]
fn without_facts_toml_the_text_gives_the_facts() {
    let d = tempfile::tempdir().unwrap();
    let (facts, _) = facts_json(&manuscript(d.path(), ""));
    assert_eq!(
        values(&facts),
        [
            "3 آذار 2001",
            "2030",
            "12٪",
            "ثالث أعلى نسبة",
            "50 دولة",
            "مئة مدرسة"
        ],
        "{facts:?}"
    );
    assert!(facts.iter().all(|f| f["source"] == "text"));
}

#[test]
fn curated_hidden_and_relabelled_facts() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        r#"
[[fact]]
statement = "ثالث أعلى نسبة في المنطقة"
value = "ثالث أعلى نسبة"
kind = "ordinal"

[[fact]]
statement = "تأسيس الاتحاد"
date = "1999-05-04"

[[fact]]
statement = "The first draft"
date = "1998-06"

[[fact]]
statement = "تعهدت الحكومة ببناء مئة مدرسة"
value = "مئة مدرسة"
kind = "count"
chapter = "02-b.md"
paragraph = 1

[[hide]]
value = "50 دولة"

[[relabel]]
value = "3 آذار 2001"
statement = "انضمام خمسين دولة إلى المعاهدة"
label = "آذار 2001"
"#,
    );
    let (facts, err) = facts_json(&m);
    // The text states two of the curated facts itself, as the entries do: each entry is warned about
    // (the author's entry still stands).
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 2, "{err}");
    assert!(
        warnings[0].contains("facts.toml:2: [[fact]] 1: the text states this fact itself («ثالث أعلى نسبة», ordinal 3)"),
        "{err}"
    );
    assert!(
        warnings[1].contains(
            "facts.toml:15: [[fact]] 4: the text states this fact itself («مئة مدرسة», count 100)"
        ),
        "{err}"
    );
    // The dated curated fact joins the timeline in its place; the others their group, in text order.
    assert_eq!(
        values(&facts),
        [
            "يونيو 1998",
            "4 مايو 1999",
            "آذار 2001",
            "2030",
            "12٪",
            "ثالث أعلى نسبة",
            "مئة مدرسة"
        ],
        "{facts:?}"
    );
    let by = |v: &str| facts.iter().find(|f| f["value"] == v).unwrap();
    let founded = by("4 مايو 1999");
    assert_eq!(founded["kind"], "date");
    assert_eq!(founded["normalized"], "1999-05-04");
    assert_eq!(founded["source"], "curated");
    assert!(founded["chapter"].is_null() && founded["anchor"].is_null());
    let third = by("ثالث أعلى نسبة");
    assert_eq!(third["kind"], "ordinal");
    assert_eq!(
        (third["chapter"].as_u64(), third["anchor"].as_str()),
        (Some(1), Some("p-2"))
    );
    assert_eq!(by("مئة مدرسة")["anchor"], "p-1");
    assert_eq!(by("مئة مدرسة")["chapter"], 2);
    let relabelled = by("آذار 2001");
    assert_eq!(relabelled["context"], "انضمام خمسين دولة إلى المعاهدة");
    assert_eq!(relabelled["source"], "text");

    // The EPUB's appendix shows the same entries, each linked to an existing paragraph.
    let epub = build(&m, &d.path().join("out"));
    let files = entry_map(&epub);
    let appendix = &files["OEBPS/facts.xhtml"];
    assert!(
        appendix.contains("<strong>آذار 2001</strong>"),
        "{appendix}"
    );
    assert!(!appendix.contains("50 دولة"), "{appendix}");
    assert!(
        appendix.contains("<li><strong>4 مايو 1999</strong>: تأسيس الاتحاد</li>"),
        "{appendix}"
    );
    assert!(
        appendix.contains("href=\"chapter-02.xhtml#p-1\""),
        "{appendix}"
    );
    // An English statement under an Arabic date stays in the book's direction.
    assert!(
        appendix.contains("<li><strong>يونيو 1998</strong>: The first draft</li>"),
        "{appendix}"
    );
}

#[test]
fn check_warns_when_a_curated_value_is_not_in_the_text() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        "[[fact]]\nstatement = \"ألف مدرسة\"\nvalue = \"ألف مدرسة\"\n\n\
[[fact]]\nstatement = \"في الفصل الثاني\"\nvalue = \"12٪\"\nchapter = 2\n\n\
[[hide]]\nvalue = \"99 دولة\"\n",
    );
    let o = publish().args(["check", "-m"]).arg(&m).output().unwrap();
    assert!(
        o.status.success(),
        "a warning is not an error: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    let facts_toml = m.join("facts.toml");
    let at = |line: usize| format!("warning: {}:{line}: ", facts_toml.display());
    assert!(
        err.contains(&format!(
            "{}[[fact]] 1: the value «ألف مدرسة» does not occur in the text",
            at(1)
        )),
        "{err}"
    );
    // 12٪ is in chapter 1, not in chapter 2 where the entry says it is.
    assert!(
        err.contains(&format!(
            "{}[[fact]] 2: the value «12٪» does not occur in chapter 2",
            at(5)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}[[hide]] 1: no extracted fact has the value «99 دولة»",
            at(10)
        )),
        "{err}"
    );
    assert!(
        o.stdout.starts_with(b"  1"),
        "check still reports the chapters"
    );
    // The build prints the same warnings, and builds.
    let o = publish()
        .args(["build", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(d.path().join("out"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("warning: ").count(), 3, "{}", stderr(&o));
}

#[test]
fn curated_values_are_whole_words_and_replace_what_was_read_from_them() {
    let d = tempfile::tempdir().unwrap();
    let chapter_3 = "# الفصل الثالث\n\nانضمت 50 دولة أخرى لاحقًا، وفي الكود `x = 30` رقم.\n";
    let m = manuscript(
        d.path(),
        "[[fact]]\nstatement = \"خمسون دولة\"\nvalue = \"50 دولة\"\nkind = \"ordinal\"\nchapter = 1\n\n\
[[fact]]\nstatement = \"ثلاثون\"\nvalue = \"30\"\n",
    );
    std::fs::write(m.join("03-c.md"), chapter_3).unwrap();
    let (facts, err) = facts_json(&m);
    // "50 دولة" of chapter 1 is now the author's ordinal, not also a count; chapter 3's stays a count.
    let fifty: Vec<(&str, u64, &str)> = facts
        .iter()
        .filter(|f| f["value"] == "50 دولة")
        .map(|f| {
            (
                f["kind"].as_str().unwrap(),
                f["chapter"].as_u64().unwrap(),
                f["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fifty,
        [("ordinal", 1, "curated"), ("count", 3, "text")],
        "{facts:?}"
    );
    // "30" is in 2030 and in code, never as a word of its own: not found, and said so.
    let thirty = facts.iter().find(|f| f["value"] == "30").unwrap();
    assert!(thirty["chapter"].is_null(), "{thirty:?}");
    assert!(
        err.contains("[[fact]] 2: the value «30» does not occur in the text"),
        "{err}"
    );
    // Without a chapter, a value in two paragraphs is pointed at the first, with a warning.
    std::fs::write(
        m.join("facts.toml"),
        "[[fact]]\nstatement = \"خمسون دولة\"\nvalue = \"50 دولة\"\n",
    )
    .unwrap();
    let (facts, err) = facts_json(&m);
    assert!(
        err.contains(
            "[[fact]] 1: the value «50 دولة» occurs in 2 paragraphs of the text (1#p-1, 3#p-1)"
        ),
        "{err}"
    );
    let curated = facts.iter().find(|f| f["source"] == "curated").unwrap();
    assert_eq!(curated["chapter"], 1);
    // Two of the author's facts on overlapping words both stay (in the text's order); the extracted
    // one they cover goes.
    std::fs::write(
        m.join("facts.toml"),
        "[[fact]]\nstatement = \"أ\"\nvalue = \"12٪\"\n\n[[fact]]\nstatement = \"ب\"\nvalue = \"النسبة 12٪\"\n",
    )
    .unwrap();
    let (facts, _) = facts_json(&m);
    let twelve: Vec<(&str, &str)> = facts
        .iter()
        .filter(|f| f["value"].as_str().unwrap().contains("12٪"))
        .map(|f| (f["value"].as_str().unwrap(), f["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        twelve,
        [("النسبة 12٪", "curated"), ("12٪", "curated")],
        "{facts:?}"
    );
}

#[test]
fn errors_in_facts_toml_name_the_file_line_and_entry() {
    let d = tempfile::tempdir().unwrap();
    // Entry errors point at the entry's `[[...]]` line, TOML errors at the key; both name the entry.
    let cases: [(&str, &str, &str); 10] = [
        (
            "[[fact]]\nstatment = \"x\"\n",
            ":2:",
            "[[fact]] 1: unknown field `statment`",
        ),
        (
            "[[hide]]\nvalue = \"12٪\"\nchapter = true\n",
            ":3:",
            "[[hide]] 1: invalid type: boolean `true`, expected a number (from 1) or a name",
        ),
        (
            "[[relabel]]\nvalue = \"12٪\"\nkind = \"year\"\n",
            ":1:",
            "[[relabel]] 1: kind `year` puts the fact on the timeline",
        ),
        (
            "[[fact]]\nstatement = \"a\"\n\n[[fact]]\nstatement = \"b\"\ndate = \"1992-7-2\"\n",
            ":4:",
            "[[fact]] 2: date `1992-7-2` is not YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            "[[fact]]\nstatement = \"a\"\nchapter = 9\n",
            ":1:",
            "[[fact]] 1: there is no chapter 9",
        ),
        (
            "[[fact]]\nstatement = \"a\"\nchapter = \"03-c.md\"\n",
            ":1:",
            "[[fact]] 1: there is no chapter file `03-c.md`",
        ),
        (
            "[[hide]]\nvalue = \"12٪\"\nparagraph = 2\n",
            ":1:",
            "[[hide]] 1: `paragraph` needs a `chapter`",
        ),
        (
            "[[relabel]]\nvalue = \"12٪\"\nchapter = 1\nparagraph = 7\nstatement = \"x\"\n",
            ":1:",
            "[[relabel]] 1: chapter 1 has no paragraph `p-7`",
        ),
        (
            "[[fact]]\nstatement = \"a\"\nkind = \"year\"\n",
            ":1:",
            "[[fact]] 1: kind `year` needs a `date`",
        ),
        (
            "[[relabel]]\nvalue = \"12٪\"\n",
            ":1:",
            "[[relabel]] 1: nothing to change",
        ),
    ];
    for (i, (toml, line, message)) in cases.iter().enumerate() {
        let dir = d.path().join(format!("case{i}"));
        let m = manuscript(&dir, toml);
        for command in ["check", "build"] {
            let mut c = publish();
            c.args([command, "-m"]).arg(&m);
            if command == "build" {
                c.arg("-o").arg(dir.join("out"));
            }
            let o = c.output().unwrap();
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{toml}: {err}");
            let named = format!("error: {}{line}", m.join("facts.toml").display());
            assert!(err.starts_with(&named), "{toml}:\n{err}");
            assert!(err.contains(message), "{toml}:\n{err}");
            assert!(err.contains("help: "), "{err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        assert!(!dir.join("out").exists(), "a failed build writes nothing");
    }
}

#[test]
fn the_appendix_can_be_retitled_or_left_out() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(&d.path().join("a"), "title = \"أرقام الكتاب\"\n");
    let files = entry_map(&build(&m, &d.path().join("a/out")));
    assert!(files["OEBPS/facts.xhtml"].contains("<h1 id=\"facts-title\">أرقام الكتاب</h1>"));
    assert!(
        files["OEBPS/nav.xhtml"].contains("<a href=\"facts.xhtml\">أرقام الكتاب</a>"),
        "{}",
        files["OEBPS/nav.xhtml"]
    );

    let m = manuscript(&d.path().join("b"), "appendix = false\n");
    let files = entry_map(&build(&m, &d.path().join("b/out")));
    assert!(!files.contains_key("OEBPS/facts.xhtml"));
    assert!(!files["OEBPS/nav.xhtml"].contains("facts"));
    // Nor in the PDF: its last page is the second chapter's.
    if common::pdf::tool("pdftotext") {
        let pdf = std::fs::read_dir(d.path().join("b/out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "pdf"))
            .unwrap();
        let text = common::pdf::pdf_text(&[], &pdf);
        assert!(
            !text.contains("ملحق") && !text.contains("التسلسل الزمني"),
            "{text}"
        );
        assert!(text.contains("مئة مدرسة"));
    }
    // `publish facts` still lists them.
    let (facts, _) = facts_json(&m);
    assert_eq!(facts.len(), 6);
}

#[test]
fn mangled_facts_toml_is_an_error_or_a_warning_never_a_panic() {
    // The sample book's facts.toml, cut, doubled and sprinkled with characters that matter to TOML, to
    // dates, to chapter references and to the search for values (marks, digits, separators).
    let book = publish::pipeline::book(&sample()).unwrap().book;
    let path = sample().join("facts.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let chars: Vec<char> = original.chars().collect();
    let pieces = [
        "\"",
        "'",
        "[",
        "]",
        "[[",
        "=",
        "\n",
        "#",
        "\\",
        "0",
        "99",
        "-",
        "ً",
        "٫",
        "٣",
        " ",
        "p-",
        "chapter = 0",
        "paragraph = -1",
        "date = \"2024-02-30\"",
        "kind = \"year\"",
        "value = \"\"",
        "[[fact]]\nstatement = \"x\"\nvalue = \"2\"",
        "[[hide]]\nvalue = \"30 عامًا\"",
    ];
    // A fixed xorshift sequence: the same cases every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut ok, mut errors) = (0, 0);
    for _ in 0..1500 {
        let mut text: Vec<char> = chars.clone();
        for _ in 0..1 + next(4) {
            let at = next(text.len() + 1);
            match next(3) {
                0 => {
                    let end = (at + next(40)).min(text.len());
                    text.drain(at..end);
                }
                1 => {
                    let piece = pieces[next(pieces.len())];
                    text.splice(at..at, piece.chars());
                }
                _ => {
                    let from = next(text.len().max(1));
                    let end = (from + next(80)).min(text.len());
                    let copy: Vec<char> = text[from..end].to_vec();
                    text.splice(at.min(text.len())..at.min(text.len()), copy);
                }
            }
        }
        let text: String = text.into_iter().collect();
        match publish::facts::curate::Curation::parse(&path, &text, &book) {
            Ok(c) => {
                ok += 1;
                let mut warnings = Vec::new();
                let facts = c.apply(&book, publish::facts::collect(&book), &mut warnings);
                assert!(facts.len() <= 40, "{text}");
            }
            Err(e) => {
                errors += 1;
                let shown = e.to_string();
                assert!(shown.contains("facts.toml"), "{shown}");
            }
        }
    }
    // Both outcomes were exercised.
    assert!(ok > 100 && errors > 100, "ok {ok}, errors {errors}");
}

#[test]
fn book_toml_chooses_the_kinds_listed_and_whether_quotations_are_read() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(d.path(), "");
    std::fs::write(
        m.join("03-c.md"),
        "# الفصل الثالث\n\n> قال الشاعر إن 40 فارسا عبروا النهر عام 1850.\n\nوفي الكتاب 7 فصول.\n",
    )
    .unwrap();
    // A quotation's figures are its author's: not read by default.
    let (facts, _) = facts_json(&m);
    let listed = values(&facts);
    assert!(listed.contains(&"7 فصول"), "{listed:?}");
    assert!(
        !listed.contains(&"40 فارسا") && !listed.contains(&"1850"),
        "{listed:?}"
    );
    std::fs::write(
        m.join("book.toml"),
        format!("{TOML}[facts]\nquotations = true\nkinds = [\"year\", \"count\"]\n"),
    )
    .unwrap();
    let (facts, _) = facts_json(&m);
    let kinds: Vec<&str> = facts.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.iter().all(|k| matches!(*k, "year" | "count")),
        "{kinds:?}"
    );
    let listed = values(&facts);
    for v in ["40 فارسا", "1850", "7 فصول", "50 دولة", "2030"] {
        assert!(listed.contains(&v), "{v}: {listed:?}");
    }
    // An author's own fact is listed whatever its kind.
    std::fs::write(
        m.join("facts.toml"),
        "[[fact]]\nstatement = \"نسبة الانضمام\"\nvalue = \"12٪\"\n",
    )
    .unwrap();
    let (facts, _) = facts_json(&m);
    assert!(values(&facts).contains(&"12٪"));
}

#[test]
fn a_figure_nothing_labels_is_marked_for_review() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(d.path(), "");
    std::fs::write(
        m.join("03-c.md"),
        "# ج\n\nتراوحت القيمة بين 15 إلى آخرها، ووصل 27 طالبا.\n",
    )
    .unwrap();
    let (facts, _) = facts_json(&m);
    let review = |v: &str| {
        facts
            .iter()
            .find(|f| f["value"] == v)
            .map(|f| f["review"].as_bool().unwrap_or(false))
    };
    assert_eq!(review("15"), Some(true), "{facts:?}");
    assert_eq!(review("27 طالبا"), Some(false), "{facts:?}");
    let o = publish().args(["facts", "-m"]).arg(&m).output().unwrap();
    let table = String::from_utf8_lossy(&o.stdout);
    let line = table
        .lines()
        .find(|l| l.contains("| ") && l.starts_with("number"))
        .unwrap();
    assert!(line.starts_with("number     ?"), "{line}");
    assert!(
        stderr(&o).contains("1 to look at, marked ?"),
        "{}",
        stderr(&o)
    );
}
