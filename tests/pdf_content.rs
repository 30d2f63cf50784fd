//! What a reader gets from the PDF of the every-construct manuscript, read back with poppler
//! (`pdftotext`) and `lopdf`: the images where they belong, described for screen readers, and tables
//! right to left. (Every word, in every engine: `pdf_extraction.rs`.)

mod common;

use std::collections::HashMap;

use common::pdf::*;
use common::*;

#[test]
fn images_are_drawn_inside_the_text_block_as_described_figures() {
    let d = tempfile::tempdir().unwrap();
    let pdf_path = build_pdf(&everything(), d.path());
    let doc = lopdf::Document::load(&pdf_path).unwrap();
    // Two image XObjects, each drawn once, at its pixel size in CSS pixels (0.75 pt) inside the margins.
    let mut images = Vec::new();
    for (n, page) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        let mut cm = None;
        for op in content.operations {
            match op.operator.as_str() {
                "cm" => {
                    let v: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                    cm = Some(v);
                }
                // An image (`/Im1`…), not a kashida's outline (`/K0.5477`…).
                "Do" if op.operands[0].as_name().is_ok_and(|n| n.starts_with(b"Im")) => {
                    images.push((n, cm.clone().unwrap()))
                }
                _ => {}
            }
        }
    }
    assert_eq!(images.len(), 2, "{images:?}");
    let mut sizes: Vec<(f32, f32)> = images.iter().map(|(_, m)| (m[0], m[3])).collect();
    sizes.sort_by(|a, b| b.0.total_cmp(&a.0));
    assert!(
        (sizes[0].0 - 120.0).abs() < 0.01 && (sizes[0].1 - 75.0).abs() < 0.01,
        "{sizes:?}"
    );
    assert!(
        (sizes[1].0 - 60.0).abs() < 0.01 && (sizes[1].1 - 37.5).abs() < 0.01,
        "{sizes:?}"
    );
    for (_, m) in &images {
        let (x, y) = (m[4], m[5]);
        assert!(
            x >= 42.0 && x + m[0] <= 419.5 - 42.0,
            "inside the margins: {m:?}"
        );
        assert!(
            y >= 56.0 && y + m[3] <= 595.3 - 51.0,
            "inside the margins: {m:?}"
        );
    }
    // Each is a Figure element whose /Alt is the image's description (what the EPUB gives in alt).
    let mut alts = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"S").and_then(|s| s.as_name()).ok() == Some(&b"Figure"[..]) {
            let alt = dict.get(b"Alt").and_then(|a| a.as_str()).unwrap();
            alts.push(publish_text(alt));
        }
    }
    alts.sort();
    assert_eq!(alts, ["خريطة مبسطة لآسيا الوسطى", "مربع ملون"]);
}

/// A PDF text string (UTF-16BE with a byte order mark, or PDFDocEncoding's ASCII) as a Rust string.
fn publish_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[test]
fn tables_run_right_to_left_under_a_bold_header() {
    if !tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&everything(), d.path());
    let html = pdf_text(&["-bbox"], &pdf);
    // <word xMin="…" yMin="…" xMax="…" yMax="…">TEXT</word>
    let mut at: HashMap<String, (f32, f32)> = HashMap::new();
    for part in html.split("<word ").skip(1) {
        let num = |key: &str| -> f32 {
            let s = part.split(&format!("{key}=\"")).nth(1).unwrap();
            s[..s.find('"').unwrap()].parse().unwrap()
        };
        let text = part.split('>').nth(1).unwrap().split('<').next().unwrap();
        let text: String = text
            .chars()
            .filter(|&c| !publish::script::is_invisible(c))
            .collect();
        // poppler gives right-to-left words in visual order: compare reversed.
        let logical: String = text.chars().rev().collect();
        at.entry(logical).or_insert((num("xMin"), num("yMin")));
        at.entry(text).or_insert((num("xMin"), num("yMin")));
    }
    let (country, capital, people) = (at["البلد"], at["العاصمة"], at["السكان"]);
    assert!(
        country.0 > capital.0 && capital.0 > people.0,
        "header right to left"
    );
    assert!((country.1 - people.1).abs() < 1.0, "one header row");
    let (kz, astana) = (at["كازاخستان"], at["أستانا"]);
    assert!(
        kz.0 > astana.0 && kz.1 > country.1,
        "rows under the header, right to left"
    );
    // The header is set in the bold face.
    let fonts = run_tool("pdffonts", &[], &pdf);
    assert!(fonts.contains("Amiri-Bold"), "{fonts}");
}
