//! The print interior (`[print]`, `publish build --format print`), as a print service's pre-press
//! check reads it: the trim size on every page, bleed past it when asked, an even page count, no
//! links or bookmarks, the service's margins (the binding one from the page count). The PDF/X-4
//! declaration and the cover are not made yet: the shared checker's rules about them are the only
//! ones allowed to fail.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The sample with `[print]` set to `print`, built with `--format print`: the interior's path.
fn interior(dir: &Path, print: &str) -> PathBuf {
    let m = dir.join("book");
    copy_dir(&sample(), &m);
    let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
    std::fs::write(m.join("book.toml"), format!("{toml}\n[print]\n{print}\n")).unwrap();
    let o = publish()
        .args(["build", "-q", "-f", "print", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.join("out/kazakhstan-diplomacy-print.pdf");
    assert!(pdf.is_file());
    pdf
}

/// A page's MediaBox, TrimBox and BleedBox, and whether it has annotations.
type PageBoxes = (Vec<f32>, Vec<f32>, Option<Vec<f32>>, bool);

fn boxes(pdf: &Path) -> Vec<PageBoxes> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let rect = |d: &lopdf::Dictionary, key: &[u8]| {
        d.get(key).ok().and_then(|o| o.as_array().ok()).map(|a| {
            a.iter()
                .map(|v| v.as_float().unwrap_or_else(|_| v.as_i64().unwrap() as f32))
                .collect::<Vec<f32>>()
        })
    };
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            (
                rect(page, b"MediaBox").expect("a MediaBox"),
                rect(page, b"TrimBox").expect("a TrimBox"),
                rect(page, b"BleedBox"),
                page.has(b"Annots"),
            )
        })
        .collect()
}

fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

#[test]
fn a_kdp_interior_with_bleed_is_trimmed_even_and_without_links() {
    let d = tempfile::tempdir().unwrap();
    let pdf = interior(
        d.path(),
        "service = \"kdp\"\ntrim = \"6x9in\"\nbleed = true",
    );
    let pages = boxes(&pdf);
    assert_eq!(pages.len() % 2, 0, "{} pages", pages.len());
    // KDP: bleed at the top, the bottom and the outside edge, 6.125 × 9.25 in; the right-to-left
    // book's rectos are bound on the right, so their bleed is on the left.
    for (k, (media, trim, bleed, annots)) in pages.iter().enumerate() {
        let x = if k % 2 == 0 { 9.0 } else { 0.0 };
        assert!(
            close(trim, &[x, 9.0, x + 432.0, 657.0]),
            "page {k}: {trim:?}"
        );
        assert!(close(media, &[0.0, 0.0, 441.0, 666.0]), "{media:?}");
        assert!(close(bleed.as_ref().unwrap(), media));
        assert!(!annots, "no annotations in a print file");
    }
    let doc = lopdf::Document::load(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(!catalog.has(b"Outlines"), "no bookmarks in a print file");
    // The shared checker wants bleed on all four sides; KDP's own rule ("Set Trim Size, Bleed, and
    // Margins": 0.125 in beyond the trim at the top, bottom and outer edges) is what is written.
    check(
        &pdf,
        &["--trim", "6x9in", "--bleed", "--rtl", "--service", "kdp"],
        &["MediaBox = trim + 0.125 in bleed"],
    );
}

#[test]
fn a_lulu_interior_bleeds_on_every_side() {
    let d = tempfile::tempdir().unwrap();
    let pdf = interior(
        d.path(),
        "service = \"lulu\"\ntrim = \"6x9in\"\nbleed = true",
    );
    for (media, trim, _, _) in boxes(&pdf) {
        assert!(close(&trim, &[9.0, 9.0, 441.0, 657.0]), "{trim:?}");
        assert!(close(&media, &[0.0, 0.0, 450.0, 666.0]), "{media:?}");
    }
    check(
        &pdf,
        &["--trim", "6x9in", "--bleed", "--rtl", "--service", "lulu"],
        &[],
    );
}

#[test]
fn an_ingram_interior_without_bleed_is_trimmed_at_the_media() {
    let d = tempfile::tempdir().unwrap();
    let pdf = interior(d.path(), "service = \"ingram\"\ntrim = \"5.5x8.5in\"");
    for (media, trim, _, annots) in boxes(&pdf) {
        assert!(close(&trim, &[0.0, 0.0, 396.0, 612.0]), "{trim:?}");
        assert!(close(&media, &trim), "{media:?}");
        assert!(!annots);
    }
    check(
        &pdf,
        &["--trim", "5.5x8.5in", "--rtl", "--service", "ingram"],
        &[],
    );
}

#[test]
fn margins_that_leave_no_room_on_the_trim_are_an_error() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("book");
    copy_dir(&sample(), &m);
    let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
    let toml = toml.replace(
        "[book]",
        "[pdf]\npaper = \"A4\"\nmargin_inner = 50\nmargin_outer = 50\n\n[book]",
    );
    std::fs::write(
        m.join("book.toml"),
        format!("{toml}\n[print]\ntrim = \"4x6in\"\n"),
    )
    .unwrap();
    let o = publish()
        .args(["build", "-f", "print", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(d.path().join("out"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("too little room") && err.contains("[print] trim"),
        "{err}"
    );
}

#[test]
fn a_trim_that_is_not_a_size_is_an_error_at_its_line() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"كتاب\"\n[print]\nservice = \"kdp\"\ntrim = \"6x9\"\n",
    )
    .unwrap();
    std::fs::write(m.join("01.md"), "# فصل\n\nنص.\n").unwrap();
    let o = publish().arg("check").current_dir(&m).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("book.toml:5") && err.contains("6x9in"),
        "{err}"
    );
    let o = publish().arg("check").current_dir(&m).output().unwrap();
    assert!(!stderr(&o).is_empty());
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"كتاب\"\n[print]\nservice = \"kindle\"\n",
    )
    .unwrap();
    let o = publish().arg("check").current_dir(&m).output().unwrap();
    let err = stderr(&o);
    assert!(err.contains("book.toml:4") && err.contains("kdp"), "{err}");
}

/// The rules of the shared checker that fail are those of the PDF/X-4 declaration, not made yet,
/// and `known`: rules the checker gets wrong for a service.
fn check(pdf: &Path, args: &[&str], known: &[&str]) {
    let Some((python, script)) = common::pdf::shared_checker("print_check.py") else {
        return;
    };
    let o = std::process::Command::new(python)
        .arg(script)
        .arg("interior")
        .arg(pdf)
        .args(args)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains("interior: ") && out.contains(" rules, "),
        "{out}{}",
        stderr(&o)
    );
    let declaration = ["GTS_PDFX", "PDF/X-4", "/Trapped"];
    for line in out.lines().filter(|l| l.starts_with("FAILED")) {
        assert!(
            declaration.iter().chain(known).any(|d| line.contains(d)),
            "a rule of the geometry fails: {line}\n{out}"
        );
    }
}
