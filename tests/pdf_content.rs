//! What a reader gets from the PDF of the every-construct manuscript, read back with poppler
//! (`pdftotext`, `pdfimages`) and `lopdf`: every word of every block, the images where they belong, and
//! tables right to left.

mod common;

use std::collections::HashMap;

use common::pdf::*;
use common::*;
use publish::model::{Block, Inline};

/// The text a reader sees of each block of the book (headings, paragraphs, list items, quotations, table
/// cells, code, notes), with note references as their numbers; an image's alternative text and title
/// are blocks of their own. Built from the model, independently of the typesetter.
fn reference_blocks() -> Vec<String> {
    let book = publish::load::load(&everything()).unwrap().book;
    let mut out = Vec::new();
    fn inline_text(inlines: &[Inline], s: &mut String, extra: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => s.push_str(t),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                    inline_text(c, s, extra)
                }
                Inline::Span { content, .. } | Inline::Link { content, .. } => {
                    inline_text(content, s, extra)
                }
                Inline::Image { alt, title, .. } => {
                    extra.push(alt.clone());
                    extra.extend(title.clone());
                }
                Inline::FootnoteRef { number, .. } => {
                    s.push_str(&publish::locale::number(*number, "ar"))
                }
                Inline::SoftBreak | Inline::LineBreak => s.push(' '),
                Inline::Anchor(_) => {}
            }
        }
    }
    fn block_text(b: &Block, out: &mut Vec<String>) {
        match b {
            Block::CodeBlock { text, .. } => out.extend(text.lines().map(str::to_string)),
            Block::List { items, .. } => items.iter().flatten().for_each(|b| block_text(b, out)),
            Block::BlockQuote(blocks) => blocks.iter().for_each(|b| block_text(b, out)),
            // The appendix of facts: each entry's label and text.
            Block::Entries(entries) => out.extend(entries.iter().map(|e| {
                if e.label.is_empty() {
                    e.text.clone()
                } else {
                    format!("{}: {}", e.label, e.text)
                }
            })),
            _ => b.visit_inlines(&mut |inlines| {
                let mut s = String::new();
                let mut extra = Vec::new();
                inline_text(inlines, &mut s, &mut extra);
                out.push(s);
                out.extend(extra);
            }),
        }
    }
    for chapter in &book.chapters {
        out.push(chapter.title_text());
        for b in &chapter.blocks {
            block_text(b, &mut out);
        }
        for note in &chapter.footnotes {
            for b in &note.blocks {
                block_text(b, &mut out);
            }
        }
    }
    out
}

fn arabic_words(text: &str) -> Vec<String> {
    words(&without_controls(text))
        .into_iter()
        .filter(|w| w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
        .collect()
}

/// Share of `want` found in `have`, each found item used once.
fn recall(want: &[String], have: &[String]) -> (f32, Vec<String>) {
    let mut pool: HashMap<&str, usize> = HashMap::new();
    for h in have {
        *pool.entry(h.as_str()).or_default() += 1;
    }
    let mut missing = Vec::new();
    for w in want {
        match pool.get_mut(w.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => missing.push(w.clone()),
        }
    }
    let share = 1.0 - missing.len() as f32 / want.len().max(1) as f32;
    (share, missing)
}

#[test]
fn every_word_of_the_test_manuscript_comes_out_of_pdftotext() {
    if !tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&everything(), d.path());
    let extracted = pdf_text(&[], &pdf);
    let got = arabic_words(&extracted);
    let blocks = reference_blocks();
    let want: Vec<String> = blocks.iter().flat_map(|b| arabic_words(b)).collect();
    assert!(want.len() > 250, "{} words", want.len());
    let (words, missing) = recall(&want, &got);
    // Word pairs inside each block (a page turn puts a running head between two blocks).
    let pairs = |ws: &[String]| -> Vec<String> {
        ws.windows(2)
            .map(|p| format!("{} {}", p[0], p[1]))
            .collect()
    };
    let want_pairs: Vec<String> = blocks
        .iter()
        .flat_map(|b| pairs(&arabic_words(b)))
        .collect();
    let (pair_share, missing_pairs) = recall(&want_pairs, &pairs(&got));
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "everything: words {words:.4} of {}, pairs {pair_share:.4} of {}; missing {missing:?} {missing_pairs:?}",
        want.len(),
        want_pairs.len()
    );
    assert!(words >= 0.99, "missing words: {missing:?}");
    assert!(pair_share >= 0.98, "missing pairs: {missing_pairs:?}");
}

#[test]
fn images_are_drawn_inside_the_text_block_with_their_alternative_text() {
    if !tool("pdftotext") {
        return;
    }
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
                "Do" => images.push((n, cm.clone().unwrap())),
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
    let text = pdf_text(&[], &pdf_path);
    let words = arabic_words(&text).join(" ");
    assert!(words.contains("خريطة مبسطة لآسيا الوسطى"), "alt text");
    assert!(words.contains("مربع ملون"), "alt text");
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
            .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}'))
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
