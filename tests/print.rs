//! The print files (`[print]`, `publish build --format print`), as a print service's pre-press
//! check reads them. The interior: the trim size on every page, bleed past it when asked, an even
//! page count, no links or bookmarks, the service's margins (the binding one from the page count),
//! PDF/X-4 declared. The cover: back, spine and front at the size the page count and the paper
//! give, bleed round it, the front left of the spine for a right-to-left book, spine text from
//! 80 pages. The reader's PDF beside them: PDF/A-2u.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// `publish build ARGS -m MANUSCRIPT -o OUT`.
fn build_into(manuscript: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    publish()
        .arg("build")
        .args(args)
        .arg("-m")
        .arg(manuscript)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

/// `manuscript`'s book.toml, as `toml` says, with the `[print]` table `print` after it.
fn with_print(manuscript: &Path, toml: &str, print: &str) {
    std::fs::write(
        manuscript.join("book.toml"),
        format!("{toml}\n[print]\n{print}\n"),
    )
    .unwrap();
}

/// The file of `out` whose name ends with `end`.
fn output(out: &Path, end: &str) -> PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(end))
        .unwrap_or_else(|| panic!("no file ending {end} in {}", out.display()))
}

/// A word as poppler boxes it (`pdftotext -bbox`), in points from the media's top left corner.
struct Word {
    text: String,
    x_min: f32,
    y_min: f32,
    x_max: f32,
    y_max: f32,
}

/// Every page's words, as poppler boxes them.
fn words_by_page(pdf: &Path) -> Vec<Vec<Word>> {
    let html = common::pdf::pdf_text(&["-bbox"], pdf);
    let mut pages: Vec<Vec<Word>> = Vec::new();
    for l in html.lines() {
        if l.contains("<page ") {
            pages.push(Vec::new());
        } else if l.contains("<word") {
            let num = |key: &str| -> f32 {
                let at = l.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                l[at..].split('"').next().unwrap().parse().unwrap()
            };
            let text = l
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("");
            pages.last_mut().unwrap().push(Word {
                text: text.to_string(),
                x_min: num("xMin"),
                y_min: num("yMin"),
                x_max: num("xMax"),
                y_max: num("yMax"),
            });
        }
    }
    pages
}

/// The sample with `[print]` set to `print`, built with `--format print`: the interior's path.
fn interior(dir: &Path, print: &str) -> PathBuf {
    let m = dir.join("book");
    copy_dir(&sample(), &m);
    let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
    with_print(&m, &toml, print);
    let o = build_into(&m, &dir.join("out"), &["-q", "-f", "print"]);
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
    with_print(&m, &toml, "trim = \"4x6in\"");
    let o = build_into(&m, &d.path().join("out"), &["-f", "print"]);
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

/// The shared checker's `interior` on `pdf`: no rule fails but `known` ones, which it gets wrong
/// for a service.
fn check(pdf: &Path, args: &[&str], known: &[&str]) {
    shared_check("interior", pdf, args, known);
}

/// The shared checker's `kind` (interior, cover, archive) on `pdf`: no rule fails but `known`.
fn shared_check(kind: &str, pdf: &Path, args: &[&str], known: &[&str]) {
    let Some((python, script)) = common::pdf::shared_checker("print_check.py") else {
        return;
    };
    let o = std::process::Command::new(python)
        .arg(script)
        .arg(kind)
        .arg(pdf)
        .args(args)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains(&format!("{kind}: ")) && out.contains(" rules, "),
        "{out}{}",
        stderr(&o)
    );
    for line in out.lines().filter(|l| l.starts_with("FAILED")) {
        assert!(
            known.iter().any(|d| line.contains(d)),
            "{kind}: {line}\n{out}"
        );
    }
}

/// A book of `chapters` chapters of `paragraphs` paragraphs each (sixty words), in `language`, with
/// `[print]` set to `print`, built with every edition: the output folder.
fn book(dir: &Path, language: &str, chapters: usize, paragraphs: usize, print: &str) -> PathBuf {
    let m = dir.join("book");
    std::fs::create_dir_all(&m).unwrap();
    let (title, author, description, words): (&str, &str, &str, &[&str]) = if language == "ar" {
        (
            "رحلة في تاريخ الخط العربي",
            "سلمى الحسيني",
            "كتاب يروي قصة النقوش الأولى والمطابع الحديثة ومدارس الكوفي والنسخ والثلث.",
            &[
                "الكتابة",
                "فن",
                "عريق",
                "نشأ",
                "في",
                "الجزيرة",
                "وتطور",
                "عبر",
                "القرون",
            ],
        )
    } else {
        (
            "A Garden of Letters",
            "Salma Husseini",
            "The story of the first inscriptions and of the modern presses.",
            &[
                "writing",
                "is",
                "an",
                "old",
                "art",
                "that",
                "grew",
                "over",
                "centuries",
            ],
        )
    };
    std::fs::write(
        m.join("book.toml"),
        format!(
            "[book]\ntitle = \"{title}\"\nauthors = [\"{author}\"]\nlanguage = \"{language}\"\n\
             description = \"{description}\"\n\n[print]\n{print}\n"
        ),
    )
    .unwrap();
    for c in 1..=chapters {
        let mut text = format!("# {} {c}\n\n", words[0]);
        for p in 0..paragraphs {
            let para: Vec<&str> = (0..60)
                .map(|k| words[(k * 7 + p + c) % words.len()])
                .collect();
            text.push_str(&para.join(" "));
            text.push_str(".\n\n");
        }
        std::fs::write(m.join(format!("{c:02}.md")), text).unwrap();
    }
    let out = dir.join("out");
    let o = build_into(&m, &out, &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// A PDF's page count and its first page's MediaBox and TrimBox.
fn first_page(pdf: &Path) -> (usize, Vec<f32>, Vec<f32>) {
    let pages = boxes(pdf);
    let (media, trim, _, _) = pages[0].clone();
    (pages.len(), media, trim)
}

#[test]
fn the_cover_is_sized_from_the_page_count_and_the_paper_with_bleed_round_it() {
    let d = tempfile::tempdir().unwrap();
    for (k, (paper, per_page, bleed)) in [
        ("white", 0.002252, false),
        ("cream", 0.0025, false),
        ("white", 0.002252, true),
        ("cream", 0.0025, true),
    ]
    .into_iter()
    .enumerate()
    {
        let dir = d.path().join(k.to_string());
        let pdf = interior(
            &dir,
            &format!("service = \"kdp\"\ntrim = \"6x9in\"\npaper = \"{paper}\"\nbleed = {bleed}"),
        );
        let cover = dir.join("out/kazakhstan-diplomacy-cover.pdf");
        let (pages, _, _) = first_page(&pdf);
        let (cover_pages, media, trim) = first_page(&cover);
        assert_eq!(cover_pages, 1);
        // Back, spine and front: 6 in + pages × the paper's thickness + 6 in, the bleed round them
        // (the cover has it whether the interior bleeds or not).
        let spine = pages as f32 * per_page * 72.0;
        let width = 2.0 * 432.0 + spine;
        assert!(
            close(&media, &[0.0, 0.0, width + 18.0, 666.0]),
            "{paper}: {media:?}"
        );
        assert!(close(&trim, &[9.0, 9.0, 9.0 + width, 657.0]), "{trim:?}");
        shared_check(
            "cover",
            &cover,
            &[
                "--trim",
                "6x9in",
                "--pages",
                &pages.to_string(),
                "--paper",
                paper,
                "--rtl",
                "--title",
                "الدبلوماسية",
            ],
            &[],
        );
    }
}

/// The word `word` of the cover, by where poppler finds it: the x of its middle, in points. (Its
/// `-bbox` output gives right-to-left words in the order their letters are drawn, reversed.)
fn word_x(pdf: &Path, word: &str) -> Vec<f32> {
    let reversed: String = word.chars().rev().collect();
    words_by_page(pdf)
        .into_iter()
        .flatten()
        .filter(|w| w.text.contains(word) || w.text.contains(&reversed))
        .map(|w| (w.x_min + w.x_max) / 2.0)
        .collect()
}

#[test]
fn the_front_is_left_of_the_spine_for_a_right_to_left_book_and_right_of_it_otherwise() {
    if !common::pdf::tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    for (language, word, rtl) in [("ar", "الخط", true), ("en", "Garden", false)] {
        let out = book(
            &d.path().join(language),
            language,
            2,
            3,
            "service = \"ingram\"\ntrim = \"6x9in\"",
        );
        let cover = output(&out, "-cover.pdf");
        let (_, media, _) = first_page(&cover);
        let middle = media[2] / 2.0;
        let xs = word_x(&cover, word);
        assert!(!xs.is_empty(), "{language}: the title is on the cover");
        assert!(
            xs.iter().all(|&x| (x < middle) == rtl),
            "{language}: the title at {xs:?}, the middle at {middle}"
        );
        let args: Vec<&str> = ["--trim", "6x9in", "--pages", "0", "--title", word]
            .into_iter()
            .chain(rtl.then_some("--rtl"))
            .collect();
        // The page count only sizes the spine: the checker's size rule is checked above.
        shared_check("cover", &cover, &args, &["MediaBox"]);
    }
}

#[test]
fn the_spine_carries_title_and_author_when_it_is_wide_enough() {
    if !common::pdf::tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let print = "service = \"kdp\"\ntrim = \"5.5x8.5in\"\npaper = \"cream\"";
    // Text from 80 pages, when it can be 5 pt or more: not on a 2-chapter book, on a 14-chapter one.
    for (name, chapters, spine_text) in [("thin", 2, false), ("thick", 14, true)] {
        let out = book(&d.path().join(name), "ar", chapters, 50, print);
        let interior = out.join("book-print.pdf");
        let (pages, _, _) = first_page(&interior);
        assert_eq!(pages >= 110, spine_text, "{name}: {pages} pages");
        let cover = out.join("book-cover.pdf");
        let spine = pages as f32 * 0.0025 * 72.0;
        // The spine's strip of the media (poppler measures from its top left corner, at 72 dpi).
        let x: f32 = 9.0 + 396.0;
        let text = common::pdf::pdf_text(
            &[
                "-r",
                "72",
                "-x",
                &format!("{}", x.floor()),
                "-y",
                "0",
                "-W",
                &format!("{}", spine.ceil()),
                "-H",
                "630",
            ],
            &cover,
        );
        let text = common::pdf::plain(&text);
        assert_eq!(
            text.contains("الحسيني") && text.contains("رحلة"),
            spine_text,
            "{name} ({pages} pages): the spine says {text:?}"
        );
        shared_check(
            "cover",
            &cover,
            &[
                "--trim",
                "5.5x8.5in",
                "--pages",
                &pages.to_string(),
                "--paper",
                "cream",
                "--rtl",
                "--title",
                "رحلة",
            ],
            &[],
        );
    }
}

#[test]
fn the_readers_pdf_is_pdf_a_2u_and_the_print_files_pdf_x_4() {
    let d = tempfile::tempdir().unwrap();
    for (name, manuscript) in [("sample", sample()), ("everything", everything())] {
        for service in ["kdp", "ingram"] {
            let dir = d.path().join(format!("{name}-{service}"));
            let m = dir.join("book");
            copy_dir(&manuscript, &m);
            let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
            with_print(
                &m,
                &toml,
                &format!("service = \"{service}\"\ntrim = \"6x9in\""),
            );
            let out = dir.join("out");
            let o = build_into(&m, &out, &["-q"]);
            assert!(o.status.success(), "{}", stderr(&o));
            // The EPUB names the reader's PDF: the same name, `.pdf` for `.epub`.
            let epub = output(&out, ".epub");
            let reader = epub.with_extension("pdf");
            assert!(reader.is_file(), "{}", reader.display());
            let (print, cover) = (output(&out, "-print.pdf"), output(&out, "-cover.pdf"));
            let (pages, _, _) = first_page(&print);
            shared_check("archive", &reader, &[], &[]);
            check(
                &print,
                &["--trim", "6x9in", "--rtl", "--service", service],
                &[],
            );
            shared_check(
                "cover",
                &cover,
                &[
                    "--trim",
                    "6x9in",
                    "--pages",
                    &pages.to_string(),
                    "--paper",
                    "white",
                    "--rtl",
                ],
                &[],
            );
            for (pdf, kind) in [(&reader, "archive"), (&print, "x4"), (&cover, "x4")] {
                clauses(kind, pdf);
            }
        }
    }
}

/// The clause checker of this repository (`tests/tools/pdf_clauses.py`: PDF/A-2u as `archive`,
/// PDF/X-4 as `x4`) on `pdf`: no clause fails.
fn clauses(kind: &str, pdf: &Path) {
    let Some(python) = checker_python() else {
        return;
    };
    let script = common::root().join("tests/tools/pdf_clauses.py");
    let o = std::process::Command::new(python)
        .arg(script)
        .arg(kind)
        .arg(pdf)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success() && out.contains(&format!("{kind}: ")),
        "{out}{}",
        stderr(&o)
    );
    assert!(
        out.trim_end().ends_with(" 0 failed"),
        "{kind} on {}:\n{out}",
        pdf.display()
    );
}

/// The sample with `[print]` set to `print` and the files `files` added, built with every edition
/// (its warnings printed).
/// The sample built in `dir` for KDP at 6 × 9 in: the `[print]` lines and the cover made.
fn kdp_cover(dir: &Path) -> (&'static str, PathBuf) {
    let print = "service = \"kdp\"\ntrim = \"6x9in\"";
    let o = build_with(dir, print, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    (print, dir.join("out/kazakhstan-diplomacy-cover.pdf"))
}

fn build_with(dir: &Path, print: &str, files: &[(&str, &[u8])]) -> std::process::Output {
    let m = dir.join("book");
    if !m.exists() {
        copy_dir(&sample(), &m);
    }
    let toml = std::fs::read_to_string(sample().join("book.toml")).unwrap();
    with_print(&m, &toml, print);
    for (name, data) in files {
        let path = m.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    build_into(&m, &dir.join("out"), &[])
}

/// A grey PNG of `width` × `height` pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&vec![128u8; (width * height) as usize])
        .unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn an_authors_cover_is_used_when_it_has_the_size_and_named_with_the_size_when_not() {
    let d = tempfile::tempdir().unwrap();
    // The cover made from the metadata, given back as the author's own PDF: used as it is.
    let (print, cover) = kdp_cover(d.path());
    let made = std::fs::read(&cover).unwrap();
    let with_pdf = format!("{print}\ncover = \"art/cover.pdf\"");
    let o = build_with(d.path(), &with_pdf, &[("art/cover.pdf", &made)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read(&cover).unwrap() == made,
        "the author's PDF as it is"
    );
    // The same PDF for a book of another trim: the error says both sizes, at the line.
    let o = build_with(d.path(), &with_pdf.replace("6x9in", "5x8in"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("book.toml:")
            && err.contains("is 12.045 × 9.000 in")
            && err.contains("× 8.000 in trimmed"),
        "{err}"
    );
    // An image: the cover with its bleed at 300 ppi; the EPUB does not carry it.
    let (_, media, _) = first_page(&cover);
    let (w, h) = (media[2] / 72.0 * 300.0, media[3] / 72.0 * 300.0);
    let art = png(w.ceil() as u32, h.ceil() as u32);
    let with_png = format!("{print}\ncover = \"art/cover.png\"");
    let o = build_with(d.path(), &with_png, &[("art/cover.png", &art)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = lopdf::Document::load(&cover).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
            })
        })
        .count();
    assert_eq!(images, 1);
    let epub = entries(&d.path().join("out/kazakhstan-diplomacy.epub"));
    assert!(!epub
        .iter()
        .any(|(name, _)| name.ends_with("cover.png") && name.contains("images")));
    // Under 300 pixels an inch: it prints soft, a warning with the pixels it needs; under 150, an
    // error.
    let small = png((w / 1.8) as u32, (h / 1.8) as u32);
    let o = build_with(d.path(), &with_png, &[("art/cover.png", &small)]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning") && err.contains("print soft") && err.contains("166 pixels an inch"),
        "{err}"
    );
    let tiny = png((w / 2.5) as u32, (h / 2.5) as u32);
    let o = build_with(d.path(), &with_png, &[("art/cover.png", &tiny)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("where print needs 300") && err.contains("pixels at 300"),
        "{err}"
    );
}

/// The clause checker passes and fails the small PDFs its self-test makes as each clause says.
#[test]
fn the_clause_checker_tells_each_clause_kept_from_broken() {
    let Some(python) = checker_python() else {
        return;
    };
    let o = std::process::Command::new(python)
        .arg(common::root().join("tests/tools/pdf_clauses.py"))
        .arg("selftest")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success() && out.trim_end().ends_with(" 0 failed") && out.contains("selftest: "),
        "{out}{}",
        stderr(&o)
    );
}

/// A Python with pikepdf and fontTools for the clause checker: required in CI, else a printed skip.
fn checker_python() -> Option<String> {
    let python = common::extract::python_with("pikepdf, fontTools");
    if python.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the clause checker needs Python with pikepdf and fontTools in CI (.ci/run installs them)"
        );
        eprintln!("SKIPPED: the clause checker: no Python with pikepdf and fontTools");
    }
    python
}

#[test]
fn an_authors_pdf_cover_with_its_box_on_the_page_tree_gets_a_trim_box() {
    let d = tempfile::tempdir().unwrap();
    let (print, cover) = kdp_cover(d.path());
    let (_, media, trim) = first_page(&cover);
    // The same cover as a design program may write it: the MediaBox on the page tree, by
    // reference, no TrimBox or BleedBox, no output intent.
    let mut doc = lopdf::Document::load(&cover).unwrap();
    doc.catalog_mut().unwrap().remove(b"OutputIntents");
    let page = *doc.get_pages().values().next().unwrap();
    let parent = {
        let p = doc.get_dictionary_mut(page).unwrap();
        for key in [&b"MediaBox"[..], b"CropBox", b"TrimBox", b"BleedBox"] {
            p.remove(key);
        }
        p.get(b"Parent").unwrap().as_reference().unwrap()
    };
    let boxed = doc.add_object(lopdf::Object::Array(
        media.iter().map(|&v| lopdf::Object::Real(v)).collect(),
    ));
    doc.get_dictionary_mut(parent)
        .unwrap()
        .set("MediaBox", lopdf::Object::Reference(boxed));
    let mut art = Vec::new();
    doc.save_to(&mut art).unwrap();
    let with_pdf = format!("{print}\ncover = \"art/cover.pdf\"");
    let o = build_with(d.path(), &with_pdf, &[("art/cover.pdf", &art)]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // Not PDF/X: said, not refused.
    assert!(err.contains("not PDF/X"), "{err}");
    let written = lopdf::Document::load(&cover).unwrap();
    let page = written
        .get_dictionary(*written.get_pages().values().next().unwrap())
        .unwrap();
    let trim_box = common::pdf::numbers(page.get(b"TrimBox").unwrap());
    assert!(close(&trim_box, &trim), "{trim_box:?} {trim:?}");
}

#[test]
fn a_long_title_and_many_authors_stay_inside_the_front_covers_frame() {
    if !common::pdf::tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("book");
    std::fs::create_dir_all(&m).unwrap();
    let authors: Vec<String> = (1..=4)
        .map(|k| format!("{{ name = \"الكاتب رقم {k} من المؤلفين\", affiliation = \"جامعة المدينة المنورة، كلية الآداب والعلوم الإنسانية {k}\" }}"))
        .collect();
    std::fs::write(
        m.join("book.toml"),
        format!(
            "[book]\ntitle = \"تاريخ المدن والأسواق والقوافل والموانئ على طريق الحرير من الصين إلى البحر المتوسط عبر القرون الوسطى\"\n\
             subtitle = \"دراسة في العمران والتجارة والثقافة والعلاقات بين الشعوب والممالك والإمارات\"\n\
             authors = [{}]\nlanguage = \"ar\"\n\n[print]\nservice = \"kdp\"\ntrim = \"5x8in\"\n",
            authors.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(m.join("01.md"), "# فصل\n\nنص الفصل.\n").unwrap();
    let o = build_into(&m, &d.path().join("out"), &["-q", "-f", "print"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let cover = d.path().join("out/book-cover.pdf");
    let (_, media, _) = first_page(&cover);
    // Every word inside the inner gold rule (0.38 in inside the trim, itself 9 pt inside the media).
    let inset = 9.0 + 0.38 * 72.0;
    let words: Vec<Word> = words_by_page(&cover).into_iter().flatten().collect();
    for w in &words {
        assert!(
            w.y_min >= inset - 1.0 && w.y_max <= media[3] - inset + 1.0,
            "{} from {} to {} pt",
            w.text,
            w.y_min,
            w.y_max
        );
    }
    assert!(words.len() > 40, "{} words", words.len());
}

#[test]
fn vocalised_running_heads_and_folios_keep_the_services_margin_from_the_trim() {
    if !common::pdf::tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("book");
    copy_dir(&common::root().join("tests/manuscripts/vocalized"), &m);
    let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
    // The book's own margins as small as they go: the service's rule alone keeps the ink away.
    let toml = toml.replace(
        "[book]",
        "[pdf]\nmargin_top = 5\nmargin_bottom = 5\nmargin_inner = 5\nmargin_outer = 5\n\n[book]",
    );
    with_print(
        &m,
        &toml,
        "service = \"kdp\"\ntrim = \"6x9in\"\nbleed = true",
    );
    let out = d.path().join("out");
    let o = build_into(&m, &out, &["-q", "-f", "print"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = output(&out, "-print.pdf");
    // KDP with bleed: 0.375 in from the trim, which is 9 pt inside the media at top and bottom.
    let (media_h, limit) = (666.0, 9.0 + 0.375 * 72.0);
    let pages = words_by_page(&pdf);
    assert!(pages.len() > 4);
    for (k, words) in pages.iter().enumerate() {
        for &Word {
            y_min: top,
            y_max: bottom,
            ..
        } in words
        {
            assert!(
                top >= limit - 0.5 && bottom <= media_h - limit + 0.5,
                "page {}: a word from {top} to {bottom} pt, within {limit} pt of the media's edge",
                k + 1
            );
        }
    }
}
