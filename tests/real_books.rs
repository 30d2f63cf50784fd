//! An author's own book rather than the sample: `tests/manuscripts/history` (tables of every kind, a
//! photograph, a chart, notes, an English quotation, symbols), read back as readers' software reads
//! it. Table cells come back whole from `pdftotext`; images keep their formats (`pdfimages`) and cost
//! the PDF no more than their files; symbols and emoji are drawn with real glyphs in both editions;
//! the editions say the same (figures with captions, list numbers in the book's digits as Chromium
//! shows them, the language of an English paragraph); and whatever the build cannot keep is said, at
//! its line, by `build` and `check` alike.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use publish::model::{Block, Inline};

use common::pdf::{build_pdf, pdf_text, plain, run_tool, to_unicode, tool};
use common::*;

/// Writes a manuscript of one chapter (`chapter`) with `book.toml` and `files` into `dir`.
fn manuscript(dir: &Path, chapter: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let m = dir.join("m");
    std::fs::create_dir_all(m.join("images")).unwrap();
    std::fs::write(m.join("book.toml"), "[book]\ntitle = \"كتاب\"\n").unwrap();
    std::fs::write(m.join("01.md"), chapter).unwrap();
    for (name, data) in files {
        std::fs::write(m.join(name), data).unwrap();
    }
    m
}

/// `publish ARGS -m manuscript [-o out]`: its exit status and stderr.
fn run_on(args: &[&str], m: &Path, out: Option<&Path>) -> (bool, String) {
    let mut c = publish();
    c.args(args).arg("-m").arg(m);
    if let Some(out) = out {
        c.arg("-o").arg(out);
    }
    let o = c.output().unwrap();
    (o.status.success(), stderr(&o))
}

/// The warning lines of a run's stderr.
fn warnings(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .map(str::to_string)
        .collect()
}

/// The cells of the tables of chapter `chapter` (0-based) of the history book, table by table.
fn table_cells(chapter: usize) -> Vec<Vec<String>> {
    let book = publish::pipeline::book_with_env(&history(), Some("0"))
        .unwrap()
        .book;
    book.chapters[chapter]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { head, rows, .. } => Some(
                head.iter()
                    .chain(rows.iter().flatten())
                    .map(|c| Inline::plain_text(c))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

#[test]
fn every_word_and_number_of_every_table_cell_comes_back_whole() {
    if !tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&history(), d.path());
    let text = plain(&pdf_text(&[], &pdf));
    let extracted: std::collections::HashSet<&str> = text.split(' ').collect();
    // The sentences table, the eight short columns, the numbers and dates.
    let tables: Vec<Vec<String>> = table_cells(0).into_iter().chain(table_cells(1)).collect();
    assert_eq!(tables.len(), 3);
    let mut missing = Vec::new();
    let mut count = 0;
    for cell in tables.iter().flatten() {
        for word in cell.split_whitespace() {
            count += 1;
            if !extracted.contains(word) {
                missing.push(word.to_string());
            }
        }
    }
    assert!(count > 180, "{count} words");
    assert!(
        missing.is_empty(),
        "{} of {count} words of the tables do not come back whole: {missing:?}",
        missing.len()
    );
}

#[test]
fn a_table_too_wide_for_the_page_is_said_at_its_line_by_build_and_check() {
    let d = tempfile::tempdir().unwrap();
    let (ok, built) = run_on(&["build", "--format", "pdf"], &history(), Some(d.path()));
    assert!(ok, "{built}");
    let (ok, checked) = run_on(&["check"], &history(), None);
    assert!(ok, "{checked}");
    let wide = |w: &Vec<String>| -> Vec<String> {
        w.iter()
            .filter(|l| l.contains("03-measures.md:5: this table is wider than the page"))
            .cloned()
            .collect()
    };
    assert_eq!(wide(&warnings(&built)).len(), 1, "{built}");
    assert_eq!(
        warnings(&built),
        warnings(&checked),
        "build and check agree"
    );
    // Only its widest columns are narrowed: the cities' names stay whole.
    if tool("pdftotext") {
        let pdf = d.path().join("history.pdf");
        let text = plain(&pdf_text(&[], &pdf));
        let words: Vec<&str> = text.split(' ').collect();
        for city in ["المدينة", "سمرقند", "بخارى"] {
            assert!(words.contains(&city), "{city} in {text}");
        }
    }
}

#[test]
fn images_keep_their_formats_and_cost_the_pdf_no_more_than_their_files() {
    if !tool("pdfimages") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&history(), &d.path().join("with"));
    let list = run_tool("pdfimages", &["-list"], &pdf);
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let photo = rows.iter().find(|r| r[3] == "1800").expect(&list);
    assert_eq!((photo[2], photo[8]), ("image", "jpeg"), "{list}");
    let chart = rows
        .iter()
        .find(|r| r[3] == "600" && r[2] == "image")
        .expect(&list);
    let ratio: f32 = chart[15].trim_end_matches('%').parse().unwrap();
    assert!(ratio < 10.0, "the chart is compressed: {list}");
    assert!(
        rows.iter().any(|r| r[2] == "smask" && r[3] == "600"),
        "the chart's transparency is a soft mask: {list}"
    );
    // The same book without its images, and the image files.
    let bare = d.path().join("bare");
    copy_dir(&history(), &bare);
    let chapter = bare.join("02-trade.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("!["))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&chapter, without).unwrap();
    let bare_pdf = build_pdf(&bare, &d.path().join("without"));
    let images: u64 = ["market.jpg", "chart.png"]
        .iter()
        .map(|f| {
            std::fs::metadata(history().join("images").join(f))
                .unwrap()
                .len()
        })
        .sum();
    let (with, without) = (
        std::fs::metadata(&pdf).unwrap().len(),
        std::fs::metadata(&bare_pdf).unwrap().len(),
    );
    assert!(
        with as f64 <= (without + images) as f64 * 1.10,
        "{with} bytes with the images, {without} without, {images} of image files"
    );
}

/// Greyscale and CMYK JPEGs are their own bytes in the PDF, drawn in their colours (an Adobe CMYK
/// JPEG's inverted values undone), and a JPEG turned by its EXIF orientation is drawn turned.
#[test]
fn greyscale_cmyk_and_turned_jpegs_are_passed_through_and_drawn_as_shown() {
    if !tool("pdfimages") || !tool("pdftoppm") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let images = root().join("tests/images");
    let read = |n: &str| std::fs::read(images.join(n)).unwrap();
    let (cmyk, grey, turned) = (read("cmyk.jpg"), read("grey.jpg"), read("turned.jpg"));
    let m = manuscript(
        d.path(),
        "# صور\n\n![أحمر وأزرق](images/cmyk.jpg)\n\n![تدرج رمادي](images/grey.jpg)\n\n![صورة مدارة](images/turned.jpg)\n",
        &[
            ("images/cmyk.jpg", &cmyk),
            ("images/grey.jpg", &grey),
            ("images/turned.jpg", &turned),
        ],
    );
    let pdf = build_pdf(&m, &d.path().join("out"));
    let list = run_tool("pdfimages", &["-list"], &pdf);
    let colours: Vec<(String, String, String)> = list
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[5].to_string(), f[8].to_string(), f[14].to_string())
        })
        .collect();
    let size = |b: &[u8]| {
        let k = b.len() as f64 / 1024.0;
        if k < 10.0 {
            format!("{}B", b.len())
        } else {
            format!("{k:.1}K")
        }
    };
    // The JPEGs without a profile are declared in the space they were made for (CGATS TR 001 for
    // CMYK, sRGB for RGB: ICC-based, as PDF/A wants); grey stays DeviceGray.
    assert_eq!(
        colours,
        vec![
            ("icc".into(), "jpeg".into(), size(&cmyk)),
            ("gray".into(), "jpeg".into(), size(&grey)),
            ("icc".into(), "jpeg".into(), size(&turned)),
        ],
        "{list}"
    );
    // The pixels, as poppler draws the pages: the CMYK JPEG red on the left and blue on the right;
    // the turned one shown upright, red on top.
    let out = d.path().join("page");
    let o = Command::new("pdftoppm")
        .args(["-png", "-r", "30", "-f", "3", "-l", "4"])
        .arg(&pdf)
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let page = |n: usize| -> image::RgbImage {
        let p = [format!("page-{n}.png"), format!("page-{n:02}.png")]
            .into_iter()
            .map(|f| d.path().join(f))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("pdftoppm wrote no page {n}"));
        image::open(&p).unwrap().to_rgb8()
    };
    let p3 = page(3);
    let reddish = |c: &image::Rgb<u8>| c[0] > 180 && c[1] < 90 && c[2] < 90;
    let bluish = |c: &image::Rgb<u8>| c[2] > 100 && c[0] < 90 && c[1] < 90;
    let row: Vec<&image::Rgb<u8>> = (0..p3.width())
        .map(|x| p3.get_pixel(x, p3.height() / 3))
        .collect();
    let first_red = row.iter().position(|c| reddish(c));
    let first_blue = row.iter().position(|c| bluish(c));
    assert!(
        matches!((first_red, first_blue), (Some(r), Some(b)) if r < b),
        "red then blue across the CMYK image: {first_red:?} {first_blue:?}"
    );
    let p4 = page(4);
    let column: Vec<&image::Rgb<u8>> = (0..p4.height())
        .map(|y| p4.get_pixel(p4.width() / 2, y))
        .collect();
    let top_red = column.iter().position(|c| reddish(c));
    let top_blue = column.iter().position(|c| bluish(c));
    assert!(
        matches!((top_red, top_blue), (Some(r), Some(b)) if r < b),
        "red above blue in the turned image: {top_red:?} {top_blue:?}"
    );
}

#[test]
fn an_image_that_would_print_soft_is_said_at_its_line() {
    let d = tempfile::tempdir().unwrap();
    let (ok, built) = run_on(&["build", "--format", "pdf"], &history(), Some(d.path()));
    assert!(ok, "{built}");
    let soft: Vec<String> = warnings(&built)
        .into_iter()
        .filter(|w| w.contains("pixels per inch"))
        .collect();
    // The 600-pixel chart across the text block prints at 135 pixels per inch; the 1800-pixel
    // photograph at 405 is not mentioned.
    assert_eq!(soft.len(), 1, "{built}");
    assert!(
        soft[0].contains("02-trade.md:28:")
            && soft[0].contains("chart.png")
            && soft[0].contains("135"),
        "{}",
        soft[0]
    );
}

/// The symbols a book uses: each is drawn with a glyph of its own in the PDF (not the `.notdef` box
/// of the face it falls in), a symbol from the symbol faces and an emoji from the emoji face (a skin
/// tone one glyph with its emoji), and the EPUB packs those faces and sets each character in the same
/// one.
#[test]
fn symbols_and_emoji_are_drawn_with_real_glyphs_in_both_editions() {
    use rustybuzz::ttf_parser::{self, GlyphId, OutlineBuilder};
    let d = tempfile::tempdir().unwrap();
    let symbols = ['✓', '★', '📚', '©', '☪'];
    let m = manuscript(
        d.path(),
        "# رموز\n\nعلامات الهامش: ✓ للمقابلة، ★ للفائدة، 📚 للإحالة، ©️ للحقوق، ☪ للباب، 👍🏽 للاستحسان.\n",
        &[],
    );
    let (ok, err) = run_on(&["build"], &m, Some(&d.path().join("out")));
    assert!(ok && warnings(&err).is_empty(), "{err}");
    let (ok, err) = run_on(&["check"], &m, None);
    assert!(ok && warnings(&err).is_empty(), "{err}");

    /// An outline as numbers (move, line, curve points), to compare.
    #[derive(Default)]
    struct Outline(Vec<i32>);
    impl OutlineBuilder for Outline {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.extend([0, x as i32, y as i32]);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.extend([1, x as i32, y as i32]);
        }
        fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
            self.0.extend([2, a as i32, b as i32, x as i32, y as i32]);
        }
        fn curve_to(&mut self, a: f32, b: f32, c: f32, e: f32, x: f32, y: f32) {
            let p = [a, b, c, e, x, y].map(|v| v as i32);
            self.0.push(3);
            self.0.extend(p);
        }
        fn close(&mut self) {
            self.0.push(4);
        }
    }
    let outline = |face: &ttf_parser::Face, g: u16| {
        let mut p = Outline::default();
        face.outline_glyph(GlyphId(g), &mut p);
        p.0
    };
    let amiri = ttf_parser::Face::parse(publish::fonts::AMIRI_REGULAR, 0).unwrap();
    let notdef = outline(&amiri, 0);
    assert!(!notdef.is_empty(), "Amiri's .notdef is a box");

    let doc = lopdf::Document::load(d.path().join("out/m.pdf")).unwrap();
    let mut found = std::collections::BTreeMap::new();
    let mut tone_with_its_emoji = false;
    for (_, page) in doc.get_pages() {
        for (_, font) in doc.get_page_fonts(page).unwrap_or_default() {
            let map = to_unicode(&doc, font);
            // An object, or the object a reference points at.
            let direct = |o: &'_ lopdf::Object| match o {
                lopdf::Object::Reference(r) => doc.get_object(*r).ok().cloned(),
                other => Some(other.clone()),
            };
            let program = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(direct)
                .and_then(|o| o.as_array().ok().and_then(|a| a.first().cloned()))
                .and_then(|o| direct(&o))
                .and_then(|o| {
                    let f = o.as_dict().ok()?;
                    direct(f.get(b"FontDescriptor").ok()?)
                })
                .and_then(|o| direct(o.as_dict().ok()?.get(b"FontFile2").ok()?))
                .and_then(|o| {
                    let s = o.as_stream().ok()?;
                    Some(
                        s.decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                    )
                });
            let Some(program) = program else { continue };
            let face = ttf_parser::Face::parse(&program, 0).unwrap();
            for (&code, text) in &map {
                for c in symbols.iter().filter(|c| text.contains(**c)) {
                    found.insert(*c, outline(&face, code));
                }
                tone_with_its_emoji |= text.contains("👍🏽");
            }
        }
    }
    for c in symbols {
        let drawn = found
            .get(&c)
            .unwrap_or_else(|| panic!("{c} is not in the PDF's text"));
        assert!(!drawn.is_empty(), "{c} draws nothing");
        assert_ne!(drawn, &notdef, "{c} is drawn as the .notdef box");
    }
    assert!(
        tone_with_its_emoji,
        "👍🏽 is one glyph (the emoji face's ligature)"
    );

    // The EPUB packs the fallback faces the symbols need and sets text in them after Amiri, an
    // emoji in the emoji face first.
    let epub = d.path().join("out/m.epub");
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    for face in [
        "NotoSansSymbols-Regular.ttf",
        "NotoSansSymbols2-Regular.ttf",
        "NotoEmoji-Regular.ttf",
    ] {
        assert!(names.contains(&format!("OEBPS/fonts/{face}")), "{names:?}");
    }
    let files = entry_map(&epub);
    let css = &files["OEBPS/stylesheet.css"];
    for stack in [
        "html { font-family: \"Amiri\", \"Noto Sans Symbols\", \"Noto Sans Symbols 2\", \"Noto Emoji\", serif; }",
        "span.emoji { font-family: \"Amiri\", \"Noto Emoji\", \"Noto Sans Symbols\", \"Noto Sans Symbols 2\", serif; }",
    ] {
        assert!(css.contains(stack), "{stack} in {css}");
    }
    let chapter = &files["OEBPS/chapter-01.xhtml"];
    for emoji in ["📚", "👍🏽"] {
        assert!(
            chapter.contains(&format!("<span class=\"emoji\">{emoji}</span>")),
            "{chapter}"
        );
    }
    assert!(!chapter.contains("<span class=\"emoji\">✓"), "{chapter}");
    // A book without symbols packs no fallback face.
    let plain = entries(&build(&sample(), &d.path().join("plain")))
        .into_iter()
        .filter(|(n, _)| n.contains("Noto"))
        .count();
    assert_eq!(plain, 0, "the sample has no symbols");
    if let Some(jar) = validator("EPUBCHECK_JAR", "EPUBCheck") {
        epubcheck(&jar, &epub);
    }
}

/// A character no face has is a warning at its file, line and column, the same from `check` and
/// `build`, and never an error; a variation selector after a character the book's font has is nothing.
#[test]
fn a_character_no_font_has_is_the_same_warning_from_check_and_build() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(d.path(), "# فصل\n\nنص ©\u{FE0F} و中 آخر.\n", &[]);
    let (ok, built) = run_on(&["build"], &m, Some(&d.path().join("out")));
    assert!(ok, "{built}");
    let (ok, checked) = run_on(&["check"], &m, None);
    assert!(ok, "{checked}");
    let built = warnings(&built);
    assert_eq!(built, warnings(&checked));
    assert_eq!(built.len(), 1, "{built:?}");
    assert!(
        built[0].contains("01.md:3:8: character U+4E2D"),
        "{}",
        built[0]
    );
}

/// The EPUB says what the PDF says: a titled image is a figure with its caption, an ordered list is
/// numbered in the book's digits (as Chromium shows it), an English paragraph is in English.
#[test]
fn the_epub_says_what_the_pdf_says() {
    let d = tempfile::tempdir().unwrap();
    let epub = build(&history(), d.path());
    let files = entry_map(&epub);
    let trade = &files["OEBPS/chapter-02.xhtml"];
    assert!(
        trade.contains("<figcaption>سوق سمرقند القديم</figcaption></figure>"),
        "{trade}"
    );
    assert!(trade.contains("<ol class=\"arabic-indic\">"), "{trade}");
    let first = &files["OEBPS/chapter-01.xhtml"];
    assert!(
        first.contains("dir=\"ltr\" lang=\"en\" xml:lang=\"en\">&quot;Samarkand"),
        "{first}"
    );
    assert!(first.contains(">الحواشي</h2>"), "{first}");

    // Chromium, printing the chapter, numbers the list «١–», «٢–», «٣–» as the PDF does.
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        if std::env::var_os("CI").is_some() {
            panic!("Chromium is required in CI (.ci/run installs it)");
        }
        eprintln!("SKIPPED: Chromium not available");
        return;
    };
    if !tool("pdftotext") {
        return;
    }
    let unpacked = d.path().join("unpacked");
    for (name, data) in entries(&epub) {
        let path = unpacked.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    let printed = d.path().join("chapter.pdf");
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            d.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", printed.display()))
        .arg(format!(
            "file://{}",
            unpacked.join("OEBPS/chapter-02.xhtml").display()
        ))
        .output()
        .unwrap();
    assert!(printed.exists(), "Chromium printed nothing: {}", stderr(&o));
    let text = plain(&pdf_text(&[], &printed));
    for (number, item) in [("١", "شراء البضاعة"), ("٢", "تحميلها"), ("٣", "بيعها")]
    {
        let line = text
            .split(item)
            .next()
            .and_then(|before| before.rsplit('.').next())
            .unwrap_or("");
        assert!(
            line.contains(number) && line.contains('–'),
            "«{number}–» before «{item}»: {line:?} in {text}"
        );
    }
}

/// What a build cannot keep is said at its line: block HTML it flattens, a second definition of a
/// note; a reference to a note no one defined is an error at its line, as a link to a missing id is.
#[test]
fn losses_are_said_at_their_lines() {
    let d = tempfile::tempdir().unwrap();
    let chapter = "# فصل\n\nنص[^a] ونص.\n\n<div align=\"center\">\n<p align=\"center\">فقرة</p>\n</div>\n\n<table><tr><td>خلية</td></tr></table>\n\n[^a]: الأولى.\n\n[^a]: الثانية.\n";
    let m = manuscript(d.path(), chapter, &[]);
    let (ok, err) = run_on(&["build"], &m, Some(&d.path().join("out")));
    assert!(ok, "{err}");
    let w = warnings(&err).join("\n");
    for expected in [
        "01.md:5: raw HTML <div> not kept",
        "01.md:6: raw HTML <p>: its attributes `align` are ignored",
        "01.md:9: raw HTML <table> not kept",
        "01.md:13: footnote [^a] is defined a second time (first at line 11)",
    ] {
        assert!(w.contains(expected), "{expected} in:\n{w}");
    }
    let m = manuscript(
        &d.path().join("undefined"),
        "# فصل\n\nسطر.\n\nنص[^nope] ونص.\n",
        &[],
    );
    let (ok, err) = run_on(&["check"], &m, None);
    assert!(!ok, "{err}");
    assert!(
        err.contains("01.md:5:3: note [^nope] is referenced but never defined"),
        "{err}"
    );
}

/// A link and a note reference inside a table cell work in the PDF as they do in a paragraph: a URI
/// annotation for the link, the reference linked to its note and the note back to it.
#[test]
fn links_and_note_references_in_table_cells_are_links() {
    let d = tempfile::tempdir().unwrap();
    let m = manuscript(
        d.path(),
        "# فصل\n\n| الطبق | المصدر |\n|---|---|\n| الكبسة[^k] | [ويكيبيديا](https://example.com/kabsa) |\n\n[^k]: طبق أرز.\n",
        &[],
    );
    let doc = lopdf::Document::load(build_pdf(&m, &d.path().join("out"))).unwrap();
    let (mut uris, mut goto) = (Vec::new(), 0);
    for (_, page) in doc.get_pages() {
        for annot in doc.get_page_annotations(page).unwrap() {
            match annot.get(b"A") {
                Ok(action) => {
                    let action = match action {
                        lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                        o => o.as_dict().unwrap(),
                    };
                    let uri = action.get(b"URI").unwrap().as_str().unwrap();
                    uris.push(String::from_utf8_lossy(uri).into_owned());
                }
                Err(_) => goto += 1,
            }
        }
    }
    assert_eq!(uris, ["https://example.com/kabsa"]);
    // The contents' entry, the reference to its note, the note back to its reference.
    assert_eq!(goto, 3, "go-to links");
}

/// A character the text faces lack but the code face has (π and ≈ in the mixed book) is set in the
/// code face in the PDF; the EPUB's text font stack names the code face after the text family, so a
/// reading system draws it from the same face.
#[test]
fn the_code_face_draws_what_the_text_faces_lack_in_both_editions() {
    let d = tempfile::tempdir().unwrap();
    let epub = build(&root().join("tests/manuscripts/mixed"), d.path());
    let css = &entry_map(&epub)["OEBPS/stylesheet.css"];
    assert!(
        css.contains("html { font-family: \"Amiri\", \"JetBrains Mono\", serif; }"),
        "{css}"
    );
    let set = publish::fonts::bundled();
    let coverage = publish::fonts::Coverage::new(&set);
    for c in ['π', '≈'] {
        assert_eq!(
            coverage.fallback_for(c, None),
            Some(4),
            "{c} from the code face"
        );
    }
}
