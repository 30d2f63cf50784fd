//! A damaged font in `[fonts]` is refused when the manuscript loads, with an error that names the file
//! and the line of `book.toml`, the same whichever edition is asked for, and never a panic or a hang:
//! fonts with random bytes changed in their glyph substitution table (which made the shaper panic), in
//! their character map (a range to 2^32 kept a parser busy for hours), or cut short (refused only when
//! the PDF was written).

mod common;

use std::path::Path;

use common::*;

/// A small deterministic generator (xorshift), so that every run damages the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Offset and length of `tag`'s table in the font `data`.
fn table(data: &[u8], tag: &[u8; 4]) -> (usize, usize) {
    let count = u16::from_be_bytes([data[4], data[5]]) as usize;
    (0..count)
        .map(|i| &data[12 + 16 * i..28 + 16 * i])
        .find(|r| &r[..4] == tag)
        .map(|r| {
            let word = |k: usize| u32::from_be_bytes([r[k], r[k + 1], r[k + 2], r[k + 3]]) as usize;
            (word(8), word(12))
        })
        .unwrap()
}

/// Builds `--format FORMAT` with `font` as the regular face; the exit code and stderr.
fn build_with(dir: &Path, font: &[u8], format: &str) -> (Option<i32>, String) {
    let m = dir.join("book");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"كتاب\"\n[fonts]\nregular = \"broken.ttf\"\n",
    )
    .unwrap();
    std::fs::write(
        m.join("01.md"),
        "# فصل\n\nنص الفصل بالعربية، مع «لا» و«الإسلام» وكلمات أخرى: ١٢٣ و2024 وEnglish.\n",
    )
    .unwrap();
    std::fs::write(m.join("broken.ttf"), font).unwrap();
    let o = publish()
        .args(["build", "-q", "--format", format, "-m"])
        .arg(&m)
        .arg("-o")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    (o.status.code(), stderr(&o))
}

#[test]
fn damaged_fonts_are_refused_at_load_whatever_the_edition() {
    let amiri = std::fs::read(root().join("fonts/Amiri-Regular.ttf")).unwrap();
    let mut fonts: Vec<(String, Vec<u8>)> = Vec::new();
    let (gsub, gsub_len) = table(&amiri, b"GSUB");
    for seed in 1..=16u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut font = amiri.clone();
        for _ in 0..300 {
            let at = gsub + (rng.next() as usize) % gsub_len;
            font[at] = rng.next() as u8;
        }
        fonts.push((format!("GSUB damaged, seed {seed}"), font));
    }
    // A character range of the format 12 subtable that runs to the end of 32 bits.
    let (cmap, _) = table(&amiri, b"cmap");
    let mut font = amiri.clone();
    let count = u16::from_be_bytes([font[cmap + 2], font[cmap + 3]]) as usize;
    for k in 0..count {
        let at = cmap + 4 + 8 * k + 4;
        let sub = cmap
            + u32::from_be_bytes([font[at], font[at + 1], font[at + 2], font[at + 3]]) as usize;
        if u16::from_be_bytes([font[sub], font[sub + 1]]) == 12 {
            font[sub + 20..sub + 24].copy_from_slice(&0xFFFF_FFF0u32.to_be_bytes());
        }
    }
    fonts.push(("cmap range to 2^32".into(), font));
    fonts.push(("cut short".into(), amiri[..amiri.len() * 2 / 3].to_vec()));

    let mut refused = Vec::new();
    for (what, font) in &fonts {
        let d = tempfile::tempdir().unwrap();
        let (epub, epub_err) = build_with(&d.path().join("e"), font, "epub");
        let (pdf, pdf_err) = build_with(&d.path().join("p"), font, "pdf");
        for (code, err) in [(epub, &epub_err), (pdf, &pdf_err)] {
            assert!(matches!(code, Some(0 | 1)), "{what}: exit {code:?}: {err}");
            assert!(!err.contains("panicked"), "{what}: {err}");
        }
        // Checked when the manuscript loads: both editions agree.
        assert_eq!(epub, pdf, "{what}: EPUB {epub_err} / PDF {pdf_err}");
        if epub == Some(1) {
            assert!(
                epub_err.contains("book.toml:4") && epub_err.contains("broken.ttf is damaged"),
                "{what}: {epub_err}"
            );
            refused.push(what.clone());
        }
    }
    assert!(
        refused.iter().any(|w| w.starts_with("GSUB")),
        "some damaged GSUB table is caught: {refused:?}"
    );
    assert!(
        refused.iter().any(|w| w == "cmap range to 2^32"),
        "{refused:?}"
    );
    assert!(refused.iter().any(|w| w == "cut short"), "{refused:?}");
}

#[test]
fn the_bundled_faces_pass_the_font_check() {
    let d = tempfile::tempdir().unwrap();
    let amiri = std::fs::read(root().join("fonts/Amiri-Regular.ttf")).unwrap();
    let (code, err) = build_with(d.path(), &amiri, "all");
    assert_eq!(code, Some(0), "{err}");
}

/// Found by the `font` fuzz target: a chained-context lookup (format 3) whose coverage table does not
/// parse. rustybuzz unwraps it mid-shaping; the structure check refuses the font first, naming what is
/// damaged, so the shaper never sees it (in every command that reads fonts).
#[test]
fn a_damaged_coverage_table_of_a_contextual_lookup_is_refused_before_shaping() {
    let font =
        std::fs::read(root().join("tests/fonts/fuzz-font-chained-context-coverage.ttf")).unwrap();
    let why = publish::fonts::check(&font).expect_err("the font is damaged");
    assert!(why.contains("coverage table"), "{why}");
    let d = tempfile::tempdir().unwrap();
    for format in ["epub", "pdf"] {
        let (code, err) = build_with(&d.path().join(format), &font, format);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("book.toml:4")
                && err.contains("broken.ttf is damaged")
                && err.contains("coverage table"),
            "{err}"
        );
    }
    let o = publish()
        .args(["check", "-m"])
        .arg(d.path().join("pdf/book"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("coverage table"), "{}", stderr(&o));
}
