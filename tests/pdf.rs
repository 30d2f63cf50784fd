//! The PDF edition as far as it is built (see `src/pdf/mod.rs` for what is missing), judged by
//! independent tools: `qpdf --check`, poppler's `pdffonts`, `pdfinfo` and `pdftotext`, and the shared
//! `fidelity.py`. `.ci/run` installs the tools; in CI they are mandatory.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::pdf::*;
use common::*;

#[test]
fn the_pdf_is_valid_with_every_font_embedded_and_subset() {
    if !tool("qpdf") || !tool("pdffonts") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    for (i, m) in [sample(), everything()].iter().enumerate() {
        let pdf = build_pdf(m, &d.path().join(format!("o{i}")));
        let check = run_tool("qpdf", &["--check"], &pdf);
        assert!(
            check.contains("No syntax or stream encoding errors found"),
            "{check}"
        );
        let fonts = run_tool("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "font not embedded, subset and mapped to Unicode: {row}"
            );
            assert!(cols[0].chars().nth(6) == Some('+'), "subset tag: {row}");
        }
    }
}

#[test]
fn pdfinfo_shows_title_a5_size_metadata_and_no_pdfx_claim() {
    if !tool("pdfinfo") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&sample(), d.path());
    let info = run_tool("pdfinfo", &[], &pdf);
    assert!(
        info.contains("Title:           30 عامًا من السياسة الدبلوماسية لكازاخستان"),
        "{info}"
    );
    assert!(info.contains("Author:          مختار تليوبيردي"), "{info}");
    // A5: 148 × 210 mm.
    assert!(
        info.contains("Page size:       419.528 x 595.276 pts"),
        "{info}"
    );
    assert!(
        info.contains("CreationDate:    Sat Jan  1 00:00:00 2022 UTC"),
        "{info}"
    );
    assert!(
        !info.contains("PDF subtype"),
        "no PDF/X or PDF/A claim: {info}"
    );
    let pages: usize = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!((8..40).contains(&pages), "{pages}");
}

#[test]
fn two_pdf_builds_are_byte_identical() {
    let d = tempfile::tempdir().unwrap();
    let a = std::fs::read(build_pdf(&sample(), &d.path().join("a"))).unwrap();
    let b = std::fs::read(build_pdf(&sample(), &d.path().join("b"))).unwrap();
    assert_eq!(a, b);
    let text = String::from_utf8_lossy(&a);
    assert!(text.contains("/Lang") && text.contains("/R2L") && text.contains("/PageLabels"));
}

#[test]
fn the_default_build_makes_both_editions_and_format_picks_one() {
    let d = tempfile::tempdir().unwrap();
    let built = |args: &[&str], out: &str| {
        let o = publish()
            .args(["build", "-m"])
            .arg(sample())
            .arg("-o")
            .arg(d.path().join(out))
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let mut names: Vec<String> = std::fs::read_dir(d.path().join(out))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        (names, stderr(&o))
    };
    let (names, err) = built(&[], "all");
    assert_eq!(
        names,
        ["kazakhstan-diplomacy.epub", "kazakhstan-diplomacy.pdf"]
    );
    assert!(
        err.lines().any(|l| l.starts_with("epub")) && err.lines().any(|l| l.starts_with("pdf")),
        "{err}"
    );
    assert_eq!(
        built(&["--format", "epub"], "e").0,
        ["kazakhstan-diplomacy.epub"]
    );
    assert_eq!(
        built(&["--format", "pdf"], "p").0,
        ["kazakhstan-diplomacy.pdf"]
    );
}

#[test]
fn extracted_text_fidelity_is_measured() {
    // At least 99% of the Arabic words and 98% of the word pairs come back whole (poppler breaks a word
    // where a glyph starts more than 0.1 em after the previous glyph's font advance ends; see
    // src/pdf/writer.rs for how the PDF keeps words whole).
    if !tool("pdftotext") {
        return;
    }
    let script = root().join("../shared/tools/fidelity.py");
    if !script.exists() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: {} not found", script.display());
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&sample(), d.path());
    let txt = d.path().join("out.txt");
    let o = Command::new("pdftotext")
        .arg(&pdf)
        .arg(&txt)
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = Command::new("python3")
        .arg(&script)
        .arg(sample())
        .arg(&txt)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout).into_owned();
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "pdftotext fidelity: {}",
        report.lines().next().unwrap_or("")
    );
    let first = report.lines().next().unwrap();
    let words: f32 = first.split_whitespace().nth(2).unwrap().parse().unwrap();
    let pairs: f32 = first.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!(words >= 0.99 && pairs >= 0.98, "{report}");
}

#[test]
fn contents_bookmarks_and_page_numbers_land_on_their_headings() {
    // ../shared/tools/nav_check.py reads the PDF back independently (pikepdf + pdftotext).
    if !tool("pdftotext") {
        return;
    }
    let Some((python, script)) = shared_checker("nav_check.py") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    // A book whose contents need seven pages: 45 chapters of two sections each.
    let long = d.path().join("long");
    std::fs::create_dir_all(&long).unwrap();
    std::fs::write(long.join("book.toml"), "[book]\ntitle = \"كتاب طويل\"\n").unwrap();
    for n in 1..=45 {
        let text = format!(
            "# الفصل رقم {n}\n\nنص الفصل.\n\n## القسم الأول من الفصل {n}\n\nنص.\n\n## القسم الثاني من الفصل {n}\n\nنص.\n"
        );
        std::fs::write(long.join(format!("{n:02}.md")), text).unwrap();
    }
    for (i, (m, outline)) in [
        (sample(), "outline 18/18 land"),
        (everything(), "outline 13/13 land"),
        (long.clone(), "outline 135/135 land"),
    ]
    .iter()
    .enumerate()
    {
        let pdf = build_pdf(m, &d.path().join(format!("o{i}")));
        let o = Command::new(&python)
            .arg(&script)
            .arg(&pdf)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success() && report.contains("=> PASS"), "{report}");
        assert!(report.contains(outline), "{report}");
    }
}

#[test]
fn every_arabic_letter_is_drawn_in_its_joining_form() {
    if !tool("mutool") && std::env::var_os("CI").is_none() {
        return;
    }
    let Some((python, script)) = shared_checker("joining_check.py") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let fonts: Vec<PathBuf> = std::fs::read_dir(root().join("fonts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttf"))
        .collect();
    for (i, m) in [sample(), everything()].iter().enumerate() {
        let pdf = build_pdf(m, &d.path().join(format!("o{i}")));
        let o = Command::new(&python)
            .arg(&script)
            .arg(&pdf)
            .args(&fonts)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&o.stdout).into_owned();
        let last = report.lines().last().unwrap_or("");
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "joining ({}): {last}", m.display());
        // "arabic letters N, form ok K (P%), unknown U, wrong W"
        let wrong: usize = last
            .rsplit("wrong ")
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap_or(usize::MAX);
        let share: f32 = last
            .split('(')
            .nth(1)
            .and_then(|s| s.split('%').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0);
        assert_eq!(wrong, 0, "{report}");
        assert!(share >= 99.9, "{report}");
    }
}

#[test]
fn links_in_the_text_become_uri_and_goto_annotations() {
    let d = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(build_pdf(&everything(), d.path())).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    for url in [
        "https://example.org/path?q=1&r=2",
        "https://example.com",
        "mailto:editor@example.org",
    ] {
        assert!(
            text.contains(&format!("/URI({url})")),
            "no URI link to {url}"
        );
    }
    // Nine contents entries, three links to places in the book, four web and mail links, four note
    // references linking to their notes and three notes linking back; the appendix of facts: four
    // contents entries (its title and three groups) and its eight entries.
    assert_eq!(
        text.matches("/Subtype/Link").count(),
        23 + 4 + 8,
        "link annotations"
    );
    assert_eq!(
        text.matches("/Border[0 0 0]").count(),
        23 + 4 + 8,
        "links draw no border"
    );
}

#[test]
fn every_text_object_starts_visible() {
    // The text rendering mode outlives a text object: one left invisible (after the fillers that
    // keep extracted words whole) would hide the start of the next line. Read the content streams back.
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&sample(), d.path());
    let doc = lopdf::Document::load(&pdf).expect("the PDF parses");
    let mut objects = 0;
    for (_, page) in doc.get_pages() {
        let content =
            lopdf::content::Content::decode(&doc.get_page_content(page)).expect("content decodes");
        let mut mode = 0i64;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tr" => mode = op.operands[0].as_i64().unwrap(),
                "BT" => {
                    assert_eq!(mode, 0, "a text object starts in rendering mode {mode}");
                    objects += 1;
                }
                _ => {}
            }
        }
    }
    assert!(objects > 100, "{objects}");
}
