//! The PDF edition judged by independent tools: `qpdf --check`, poppler's `pdffonts` and `pdfinfo`,
//! the shared `nav_check.py` and `joining_check.py`, and `lopdf`. `.ci/run` installs the tools; in CI
//! they are mandatory.

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
    let doc = lopdf::Document::load_mem(&a).unwrap();
    let catalog = doc.catalog().unwrap();
    for key in [
        &b"Lang"[..],
        b"ViewerPreferences",
        b"PageLabels",
        b"StructTreeRoot",
    ] {
        assert!(catalog.has(key), "{}", String::from_utf8_lossy(key));
    }
}

#[test]
fn the_sample_pdf_is_small_with_every_stream_compressed() {
    // Each glyph drawn once, each face embedded once as a subset, every stream compressed, objects in
    // object streams: the sample's 15 pages in less than 200 KB.
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&sample(), d.path());
    let bytes = std::fs::metadata(&pdf).unwrap().len();
    assert!(bytes < 200_000, "{bytes} bytes");
    let raw = std::fs::read(&pdf).unwrap();
    // Object streams (lopdf's loader unpacks them, so they are looked for in the bytes).
    let object_streams: Vec<usize> = raw
        .windows(b"/ObjStm".len())
        .enumerate()
        .filter(|(_, w)| *w == b"/ObjStm")
        .map(|(i, _)| i)
        .collect();
    assert!(!object_streams.is_empty(), "no object streams");
    for at in object_streams {
        let dict = &raw[at.saturating_sub(120)..(at + 120).min(raw.len())];
        assert!(
            dict.windows(12).any(|w| w == b"/FlateDecode"),
            "an object stream is not compressed"
        );
    }
    let doc = lopdf::Document::load_mem(&raw).unwrap();
    for (id, object) in &doc.objects {
        if let Ok(stream) = object.as_stream() {
            // The XMP metadata stays plain text, for tools that read it without a PDF parser.
            let kind = stream.dict.get(b"Type").and_then(|t| t.as_name()).ok();
            let exempt = matches!(kind, Some(b"Metadata" | b"XRef" | b"ObjStm"));
            assert!(
                exempt || stream.dict.has(b"Filter") || stream.content.len() < 64,
                "stream {id:?} is not compressed ({} bytes)",
                stream.content.len()
            );
        }
    }
}

#[test]
fn a_sixty_chapter_book_takes_less_than_9_kb_a_page() {
    // Sixty chapters made of the sample's paragraphs, each paragraph's words rotated by a different
    // amount in every chapter so that no line repeats.
    let d = tempfile::tempdir().unwrap();
    let book = d.path().join("sixty");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::copy(sample().join("book.toml"), book.join("book.toml")).unwrap();
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(sample())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    let lines: Vec<String> = chapters
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .map(|l| match l.strip_prefix("# ") {
            Some(title) => format!("## {title}"),
            None => l,
        })
        .collect();
    for c in 0..60 {
        let mut text = format!("# الفصل {}\n", c + 1);
        for (i, line) in lines.iter().enumerate() {
            let mut words: Vec<&str> = line.split(' ').collect();
            if !line.starts_with('#') && words.len() > 3 {
                let n = words.len();
                words.rotate_left((c + 1 + i) % n);
            }
            text.push_str(&words.join(" "));
            text.push('\n');
        }
        std::fs::write(book.join(format!("{c:02}.md")), text).unwrap();
    }
    let pdf = build_pdf(&book, &d.path().join("out"));
    let bytes = std::fs::metadata(&pdf).unwrap().len();
    let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len() as u64;
    assert!(pages > 400, "{pages} pages");
    assert!(
        bytes / pages <= 9_000,
        "{bytes} bytes for {pages} pages: {} a page",
        bytes / pages
    );
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
        (facts_in_words(), "outline 8/8 land"),
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
    for (i, m) in [sample(), everything(), notes_book(), poetry_book()]
        .iter()
        .enumerate()
    {
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
        // Every glyph that stands for letters is identified by its outline (none left unknown), and
        // none is in the wrong form. A letter next to a mark the font program moves to its letter (a
        // composite of the face's mark glyph, see src/pdf/writer/text.rs) is "unknown" to the
        // checker, which matches outlines as the face draws them: in the sample, a few marks over a
        // final alef or a lam.
        assert_eq!(wrong, 0, "{report}");
        assert!(!report.contains("left unknown"), "{report}");
        let floor = if i == 0 { 99.8 } else { 98.0 };
        assert!(share >= floor, "{report}");
    }
}

#[test]
fn links_in_the_text_become_uri_and_goto_annotations() {
    let d = tempfile::tempdir().unwrap();
    let doc = lopdf::Document::load(build_pdf(&everything(), d.path())).unwrap();
    let mut uris = Vec::new();
    let mut count = 0;
    for (_, page) in doc.get_pages() {
        for annot in doc.get_page_annotations(page).unwrap() {
            assert_eq!(annot.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            count += 1;
            let border: Vec<i64> = annot
                .get(b"Border")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            assert_eq!(border, [0, 0, 0], "links draw no border");
            // What the link is, for screen readers.
            assert!(
                !annot.get(b"Contents").unwrap().as_str().unwrap().is_empty(),
                "a link without /Contents"
            );
            match annot.get(b"A") {
                Ok(action) => {
                    let action = match action {
                        lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                        o => o.as_dict().unwrap(),
                    };
                    assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"URI");
                    let uri = action.get(b"URI").unwrap().as_str().unwrap();
                    uris.push(String::from_utf8_lossy(uri).into_owned());
                }
                Err(_) => assert!(annot.has(b"Dest"), "a link that goes nowhere"),
            }
        }
    }
    // As the URL standard writes them (an empty path is `/`).
    for url in [
        "https://example.org/path?q=1&r=2",
        "https://example.com/",
        "mailto:editor@example.org",
    ] {
        assert!(
            uris.iter().any(|u| u == url),
            "no URI link to {url}: {uris:?}"
        );
    }
    // Nine contents entries, three links to places in the book, four web and mail links, four note
    // references linking to their notes and four links back (three notes, one referenced twice with a
    // lettered link back to each reference, as in the EPUB); the appendix of facts: four contents
    // entries (its title and three groups) and its eight entries.
    assert_eq!(count, 24 + 4 + 8, "link annotations");
}

#[test]
fn every_glyph_is_drawn_once_in_one_font_with_no_hidden_text() {
    // No invisible text (rendering mode 3) and no second copy of a font: what extractors read is what
    // is drawn. Read the content streams back.
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&everything(), d.path());
    let doc = lopdf::Document::load(&pdf).expect("the PDF parses");
    let mut shown = 0;
    for (_, page) in doc.get_pages() {
        let content =
            lopdf::content::Content::decode(&doc.get_page_content(page)).expect("content decodes");
        for op in &content.operations {
            match op.operator.as_str() {
                "Tr" => assert_eq!(op.operands[0].as_i64().unwrap(), 0, "text drawn invisibly"),
                "TJ" | "Tj" => shown += 1,
                _ => {}
            }
        }
    }
    assert!(shown > 100, "{shown}");
    let fonts: Vec<_> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(&b"Type0"[..]))
        .collect();
    assert_eq!(fonts.len(), 1, "the book's faces are one font");
}

#[test]
fn page_content_streams_are_written_as_lopdf_encodes_them() {
    // The writer writes each page's operators itself; lopdf's parser reads them back and its encoder
    // gives the same bytes, operator for operator (numbers, names, strings, arrays, dictionaries).
    let d = tempfile::tempdir().unwrap();
    for (book, out) in [(sample(), "s"), (everything(), "e")] {
        let pdf = build_pdf(&book, &d.path().join(out));
        let doc = lopdf::Document::load(&pdf).unwrap();
        let mut operators = std::collections::BTreeSet::new();
        for (_, page) in doc.get_pages() {
            // (lopdf ends each stream it reads with a newline.)
            let mut data = doc.get_page_content(page);
            if data.last() == Some(&b'\n') {
                data.pop();
            }
            let content = lopdf::content::Content::decode(&data).unwrap();
            // (A blank verso before a chapter draws nothing.)
            if content.operations.is_empty() {
                continue;
            }
            operators.extend(content.operations.iter().map(|o| o.operator.clone()));
            assert_eq!(
                String::from_utf8_lossy(&content.encode().unwrap()),
                String::from_utf8_lossy(&data),
                "page {page:?} of {}",
                book.display()
            );
        }
        for op in ["BT", "ET", "Tm", "Td", "Tf", "TJ", "BDC", "EMC"] {
            assert!(operators.contains(op), "{op} in {operators:?}");
        }
        if out == "e" {
            for op in ["Ts", "w", "m", "l", "S", "q", "cm", "Do", "Q"] {
                assert!(operators.contains(op), "{op} in {operators:?}");
            }
        }
    }
}
