//! The EPUB edition as a reader's software sees it: the archive, the package document, the navigation,
//! every XHTML document parsed with an XML parser, every internal link followed, every word accounted for.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;

fn built(manuscript: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let epub = build(manuscript, out.path());
    (out, epub)
}

fn parse(doc: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        doc,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

#[test]
fn archive_starts_with_an_uncompressed_mimetype() {
    let (_d, epub) = built(&sample());
    let bytes = std::fs::read(&epub).unwrap();
    assert_eq!(&bytes[0..4], b"PK\x03\x04");
    assert_eq!(&bytes[8..10], &[0, 0], "mimetype must be stored");
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
}

#[test]
fn package_is_right_to_left_arabic_with_accessibility_metadata() {
    for m in [sample(), everything()] {
        let (_d, epub) = built(&m);
        let files = entry_map(&epub);
        let opf = &files["OEBPS/content.opf"];
        let doc = parse(opf);
        let package = doc.root_element();
        assert_eq!(package.attribute("dir"), Some("rtl"));
        assert_eq!(
            package.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("ar")
        );
        let spine = doc.descendants().find(|n| n.has_tag_name("spine")).unwrap();
        assert_eq!(spine.attribute("page-progression-direction"), Some("rtl"));
        // Ids are unique (epub-builder 0.8.3 gives dc:language and dc:creator the same one).
        let ids: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "duplicate ids in the OPF: {ids:?}");
        let props: Vec<(&str, &str)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("meta"))
            .filter_map(|n| Some((n.attribute("property")?, n.text().unwrap_or(""))))
            .collect();
        for p in [
            "schema:accessMode",
            "schema:accessModeSufficient",
            "schema:accessibilityFeature",
            "schema:accessibilityHazard",
            "schema:accessibilitySummary",
            "dcterms:modified",
        ] {
            assert!(
                props.iter().any(|(k, _)| *k == p),
                "{p} missing in {}",
                m.display()
            );
        }
        let summary = props
            .iter()
            .find(|(k, _)| *k == "schema:accessibilitySummary")
            .unwrap()
            .1;
        assert!(
            summary
                .chars()
                .any(|c| ('\u{600}'..='\u{6FF}').contains(&c)),
            "summary is not Arabic: {summary}"
        );
        // Cover, title page, then the navigation document.
        let order: Vec<&str> = spine
            .children()
            .filter_map(|n| n.attribute("idref"))
            .collect();
        assert_eq!(
            order[..3],
            ["id_cover.xhtml", "id_title.xhtml", "nav"],
            "{order:?}"
        );
    }
}

#[test]
fn metadata_comes_from_book_toml() {
    let (_d, epub) = built(&everything());
    let files = entry_map(&epub);
    let doc_text = &files["OEBPS/content.opf"];
    let doc = parse(doc_text);
    let text_of = |name: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.tag_name().name() == name)
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(text_of("identifier"), ["urn:isbn:9789953000000"]);
    assert_eq!(text_of("title")[0], "كتاب الاختبار: كلُّ عناصر Markdown");
    assert_eq!(text_of("title")[1], "نصٌّ عربيٌّ مع English و١٢٣ و123");
    assert_eq!(text_of("creator"), ["سارة العلي", "Omar Haddad"]);
    assert_eq!(text_of("contributor"), ["فريق التحرير"]);
    assert_eq!(text_of("publisher"), ["دار النشر التجريبية"]);
    assert_eq!(text_of("date"), ["2026-11-27"]);
    assert_eq!(text_of("rights"), ["© 2026 جميع الحقوق محفوظة"]);
    assert!(doc_text.contains("<meta property=\"dcterms:modified\">2026-11-27T00:00:00Z</meta>"));
    let ncx = &files["OEBPS/toc.ncx"];
    assert!(
        ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9789953000000\" />"),
        "{ncx}"
    );
    assert!(ncx.contains("<text>كتاب الاختبار: كلُّ عناصر Markdown</text>"));
    let title = xhtml_text(&files["OEBPS/title.xhtml"]);
    for part in [
        "كتاب الاختبار",
        "سارة العلي",
        "Omar Haddad",
        "جامعة القاهرة",
        "دار النشر التجريبية",
    ] {
        assert!(title.contains(part), "title page lacks {part}: {title}");
    }
}

#[test]
fn every_document_declares_language_and_direction() {
    for m in [sample(), everything()] {
        let (_d, epub) = built(&m);
        let files = entry_map(&epub);
        let xhtml: Vec<_> = files
            .iter()
            .filter(|(n, _)| n.ends_with(".xhtml"))
            .collect();
        assert!(xhtml.len() >= 3);
        for (name, text) in xhtml {
            let doc = parse(text);
            let html = doc.root_element();
            assert_eq!(html.attribute("lang"), Some("ar"), "{name}");
            assert_eq!(
                html.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                Some("ar"),
                "{name}"
            );
            assert_eq!(html.attribute("dir"), Some("rtl"), "{name}");
        }
        let css = &files["OEBPS/stylesheet.css"];
        assert!(
            !css.contains("direction:"),
            "direction must come from dir attributes, not CSS"
        );
        // The faces the text is set in, and only those: the sample has no emphasis and no code; the
        // every-construct book has italic, bold italic (***both***) and code.
        let all = [
            "Amiri-Regular.ttf",
            "Amiri-Bold.ttf",
            "Amiri-Italic.ttf",
            "Amiri-BoldItalic.ttf",
            "JetBrainsMono-Regular.ttf",
        ];
        let expected: &[&str] = if m == sample() { &all[..2] } else { &all };
        let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
        for face in all {
            let packed = expected.contains(&face);
            assert_eq!(
                css.contains(&format!("url(\"fonts/{face}\")")),
                packed,
                "@font-face for {face} in {}",
                m.display()
            );
            assert_eq!(
                names.contains(&format!("OEBPS/fonts/{face}")),
                packed,
                "{face} in {}",
                m.display()
            );
            assert_eq!(
                files["OEBPS/content.opf"]
                    .contains(&format!("media-type=\"font/ttf\" id=\"id_fonts_{face}\"")),
                packed,
                "{face} in the manifest of {}",
                m.display()
            );
        }
    }
}

/// A note's number is a bidi isolate (an element with a `dir` attribute): after a Latin word or a
/// number in a right-to-left paragraph a reader's software puts it where the word ends, not between
/// the word and the text before it (as it would the digits of «وApple٢» left alone).
#[test]
fn a_notes_number_is_set_apart_from_the_text_around_it() {
    let (_d, epub) = built(&everything());
    let mut numbers = 0;
    for (name, text) in entry_map(&epub)
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
    {
        let doc = parse(text);
        for sup in doc
            .descendants()
            .filter(|n| n.has_tag_name("sup") && n.attribute("class") == Some("noteref"))
        {
            numbers += 1;
            assert_eq!(sup.attribute("dir"), Some("auto"), "{name}");
        }
    }
    assert!(numbers >= 4, "{numbers} note numbers");
}

#[test]
fn navigation_is_arabic_nested_and_has_hidden_labelled_landmarks() {
    let (_d, epub) = built(&sample());
    let files = entry_map(&epub);
    let nav = &files["OEBPS/nav.xhtml"];
    let doc = parse(nav);
    let navs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("nav"))
        .collect();
    let toc = navs
        .iter()
        .find(|n| n.attribute("id") == Some("toc"))
        .unwrap();
    assert_eq!(toc.attribute("role"), Some("doc-toc"));
    let h1 = toc.descendants().find(|n| n.has_tag_name("h1")).unwrap();
    assert_eq!(h1.text(), Some("المحتويات"));
    let landmarks = navs
        .iter()
        .find(|n| n.attribute("id") == Some("landmarks"))
        .unwrap();
    assert!(landmarks.attribute("hidden").is_some());
    assert!(landmarks
        .attribute("aria-label")
        .is_some_and(|l| !l.is_empty()));
    // Eight chapters and the appendix at the top level; sections of level 2 nested under theirs.
    let top = toc.children().find(|n| n.has_tag_name("ol")).unwrap();
    let chapters: Vec<_> = top.children().filter(|n| n.has_tag_name("li")).collect();
    assert_eq!(chapters.len(), 9);
    let nested: Vec<&str> = chapters[6]
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(
        nested,
        [
            "chapter-07.xhtml",
            "chapter-07.xhtml#climate",
            "chapter-07.xhtml#biosafety",
            "chapter-07.xhtml#investment"
        ]
    );
    // The NCX carries the same tree: eight chapters, four sections, the appendix and its five groups.
    let ncx = &files["OEBPS/toc.ncx"];
    assert_eq!(ncx.matches("<navPoint").count(), 8 + 4 + 1 + 5);
}

#[test]
fn every_internal_link_resolves() {
    for m in [sample(), everything()] {
        let (_d, epub) = built(&m);
        let files = entry_map(&epub);
        let names: BTreeSet<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
        let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
            let doc = parse(text);
            let all: Vec<&str> = doc
                .descendants()
                .filter_map(|n| n.attribute("id"))
                .collect();
            let unique: BTreeSet<&str> = all.iter().copied().collect();
            assert_eq!(all.len(), unique.len(), "{name} repeats an id");
            if name.contains("chapter-") {
                assert!(
                    unique.contains("p-1"),
                    "{name}: paragraphs carry anchor ids"
                );
            }
            ids.insert(
                name.clone(),
                doc.descendants()
                    .filter_map(|n| n.attribute("id").map(str::to_string))
                    .collect(),
            );
        }
        let mut checked = 0;
        for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
            let doc = parse(text);
            for node in doc.descendants() {
                let Some(href) = node.attribute("href").or_else(|| node.attribute("src")) else {
                    continue;
                };
                if href.starts_with("http") || href.starts_with("mailto:") {
                    continue;
                }
                let (file, frag) = href.split_once('#').unwrap_or((href, ""));
                let target = if file.is_empty() {
                    name.clone()
                } else {
                    format!("OEBPS/{file}")
                };
                assert!(
                    names.contains(&target),
                    "{name}: {href} points to a missing file"
                );
                if !frag.is_empty() {
                    assert!(
                        ids[&target].contains(frag),
                        "{name}: {href} points to a missing anchor"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 10, "{checked}");
    }
}

/// Words of a chapter's Markdown source as a reader would read them: markup, link destinations, heading
/// attributes, footnote labels and HTML tags removed; entities decoded.
fn markdown_words(src: &str) -> Vec<String> {
    let mut text = String::new();
    for line in src.lines() {
        if line.trim_start().starts_with("```") {
            continue;
        }
        // List markers are drawn by the reader, not part of the text.
        let trimmed = line.trim_start();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let line = if digits > 0 && trimmed[digits..].starts_with(". ") {
            &trimmed[digits + 2..]
        } else {
            line
        };
        let line = if line.starts_with('#') && line.trim_end().ends_with('}') {
            &line[..line.rfind('{').unwrap()]
        } else {
            line
        };
        text.push_str(line);
        text.push('\n');
    }
    let mut out = String::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("](") {
            let end = r.find(')').unwrap();
            rest = &r[end + 1..];
        } else if rest.starts_with("[^") {
            let end = rest.find(']').unwrap();
            rest = &rest[end + 1..];
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            let end = rest.find('>').unwrap();
            let inner = &rest[1..end];
            if inner.contains("://") || inner.contains('@') {
                out.push_str(inner);
            }
            rest = &rest[end + 1..];
        } else if rest.starts_with('&') && rest.find(';').is_some_and(|e| e < 10) {
            let end = rest.find(';').unwrap();
            let entity = &rest[1..end];
            let decoded = match entity {
                "amp" => "&".to_string(),
                "lt" => "<".to_string(),
                "gt" => ">".to_string(),
                "quot" => "\"".to_string(),
                "copy" => "©".to_string(),
                e if e.starts_with('#') => {
                    char::from_u32(e[1..].parse().unwrap()).unwrap().to_string()
                }
                e => panic!("entity {e} not handled by the test"),
            };
            out.push_str(&decoded);
            rest = &rest[end + 1..];
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    // Emphasis and code markers may sit inside a word (`و**كلمة**`): they are markup, not separators.
    words(&out.replace(['*', '~', '`'], ""))
}

#[test]
fn every_word_of_every_chapter_reaches_the_book() {
    for m in [sample(), everything()] {
        let (_d, epub) = built(&m);
        let files = entry_map(&epub);
        let mut sources: Vec<_> = std::fs::read_dir(&m)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        sources.sort();
        assert!(!sources.is_empty());
        let mut total = 0;
        for (i, src) in sources.iter().enumerate() {
            let xhtml = &files[&format!("OEBPS/chapter-{:02}.xhtml", i + 1)];
            let book_words: BTreeSet<String> = words(&xhtml_text(xhtml)).into_iter().collect();
            let source_words = markdown_words(&std::fs::read_to_string(src).unwrap());
            let missing: Vec<&String> = source_words
                .iter()
                .filter(|w| !book_words.contains(*w))
                .collect();
            assert!(
                missing.is_empty(),
                "{}: words missing from the book: {missing:?}",
                src.display()
            );
            total += source_words.len();
        }
        assert!(total > 200, "{total}");
    }
}

#[test]
fn the_sample_book_keeps_the_article_verbatim() {
    let seed = root().join("../shared/seed/article-ar.txt");
    let Ok(article) = std::fs::read_to_string(&seed) else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {} not found (the article the sample book is made from)",
            seed.display()
        );
        return;
    };
    let (_d, epub) = built(&sample());
    let files = entry_map(&epub);
    let book: String = files
        .iter()
        .filter(|(n, _)| n.contains("chapter-"))
        .map(|(_, t)| {
            xhtml_text(t)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let lines: Vec<&str> = article.lines().collect();
    // Lines 5 to 49 are the article's body; everything around them is the web page's.
    let mut paragraphs = 0;
    for line in &lines[4..49] {
        let para = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if para.is_empty() {
            continue;
        }
        assert!(
            book.contains(&para),
            "paragraph not verbatim in the book: {para}"
        );
        paragraphs += 1;
    }
    assert_eq!(paragraphs, 23);
    for dropped in [
        "Related post",
        "Leave a Reply",
        "Dr. Abdul Rahim",
        "لن يتم نشر عنوان بريدك",
    ] {
        assert!(
            !book.contains(dropped),
            "{dropped} is web-page text, not the article's"
        );
    }
    assert_eq!(
        book.matches("[…]").count(),
        2,
        "the two cut sentences are marked"
    );
    assert!(
        !book.contains("مختار تليوبيردي"),
        "the signature belongs in the metadata"
    );
    assert!(xhtml_text(&files["OEBPS/title.xhtml"]).contains("مختار تليوبيردي"));
}

#[test]
fn two_builds_are_byte_identical() {
    for m in [sample(), everything()] {
        let (_a, first) = built(&m);
        let (_b, second) = built(&m);
        assert_eq!(
            std::fs::read(first).unwrap(),
            std::fs::read(second).unwrap(),
            "{}",
            m.display()
        );
    }
}

#[test]
fn source_date_epoch_sets_the_modified_date_when_book_toml_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(m.join("book.toml"), "[book]\ntitle = \"كتاب\"\n").unwrap();
    std::fs::write(m.join("a.md"), "# فصل\n\nنص.\n").unwrap();
    let mut bytes = Vec::new();
    for _ in 0..2 {
        let out = dir.path().join(format!("out{}", bytes.len()));
        let o = publish()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["build", "-q", "-m"])
            .arg(&m)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        bytes.push(std::fs::read(out.join("m.epub")).unwrap());
    }
    assert_eq!(bytes[0], bytes[1]);
    let out = dir.path().join("out0");
    let opf = &entry_map(&out.join("m.epub"))["OEBPS/content.opf"];
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"),
        "{opf}"
    );
    // The derived identifier is stable and a UUID URN.
    assert!(
        opf.contains("<dc:identifier id=\"epub-id-1\">urn:uuid:"),
        "{opf}"
    );
}

#[test]
fn raw_html_never_reaches_the_book_unchecked() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(m.join("book.toml"), "[book]\ntitle = \"كتاب\"\n").unwrap();
    let hostile = r#"# عنوان

<script>alert('x')</script>

نص <img src=x onerror=alert(1)> و<a href="javascript:alert(1)">رابط أول</a> و[رابط ثان](javascript:alert(2)) و[ثالث]( JaVaScRiPt:alert(3)) و<iframe src="https://evil.example"></iframe> و<span onclick="alert(4)">نص مضمن</span> و<b onmouseover="alert(5)">عريض

<form action="https://evil.example"><input name=a><button>زر</button></form>

<div onmouseover="alert(6)">كتلة <em>مائلة</em></div>

<style>body{display:none}</style>

<svg onload=alert(7)><circle/></svg> <math><mi>x</mi></math>

[بيانات](data:text/html;base64,PHNjcmlwdD4=) و[في بي](vbscript:msgbox) و<object data="x.swf"></object>

نص <!-- تعليق --> غير مكتمل <i>مائل <br> وفاصل & علامة < وحيدة
"#;
    std::fs::write(m.join("a.md"), hostile).unwrap();
    let out = dir.path().join("out");
    let o = publish()
        .args(["build", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("<script> removed"), "{}", stderr(&o));
    let files = entry_map(&out.join("m.epub"));
    let chapter = &files["OEBPS/chapter-01.xhtml"];
    let text = xhtml_text(chapter); // panics if not well-formed
    let lower = chapter.to_lowercase();
    for bad in [
        "<script",
        "alert",
        "javascript",
        "vbscript",
        "data:",
        "onerror",
        "onclick",
        "onmouseover",
        "onload",
        "<iframe",
        "<form",
        "<input",
        "<button",
        "<style",
        "<svg",
        "<math",
        "<object",
        "evil",
    ] {
        assert!(!lower.contains(bad), "{bad} reached the book:\n{chapter}");
    }
    for kept in [
        "رابط أول",
        "رابط ثان",
        "ثالث",
        "نص مضمن",
        "عريض",
        "كتلة",
        "مائلة",
        "بيانات",
        "في بي",
        "غير مكتمل",
        "مائل",
        "وفاصل",
        "& علامة < وحيدة",
    ] {
        assert!(text.contains(kept), "{kept} lost:\n{chapter}");
    }
    assert!(chapter.contains("<em>مائلة</em>"));
    assert!(
        !text.contains("زر") && !text.contains("تعليق"),
        "form and comment content must go"
    );
}

#[test]
fn the_cover_is_a_rendered_png_with_a_cover_page() {
    let (_d, epub) = built(&sample());
    let all = entries(&epub);
    let png = &all
        .iter()
        .find(|(n, _)| n == "OEBPS/cover.png")
        .expect("cover.png")
        .1;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1600, 2400));
    let files = entry_map(&epub);
    assert!(files["OEBPS/content.opf"]
        .contains("properties=\"cover-image\" id=\"cover-image\" href=\"cover.png\""));
    let doc = parse(&files["OEBPS/cover.xhtml"]);
    let img = doc.descendants().find(|n| n.has_tag_name("img")).unwrap();
    assert_eq!(img.attribute("role"), Some("doc-cover"));
    assert!(img
        .attribute("alt")
        .unwrap()
        .contains("30 عامًا من السياسة الدبلوماسية لكازاخستان"));
}

#[test]
fn an_author_cover_image_replaces_the_rendered_one() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    std::fs::create_dir_all(m.join("art")).unwrap();
    std::fs::copy(everything().join("images/map.png"), m.join("art/front.png")).unwrap();
    std::fs::write(
        m.join("book.toml"),
        "[book]\ntitle = \"كتاب\"\n[epub]\ncover = \"art/front.png\"\n",
    )
    .unwrap();
    std::fs::write(m.join("a.md"), "# فصل\n\nنص.\n").unwrap();
    let epub = build(&m, &dir.path().join("out"));
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"OEBPS/images/front.png".to_string()),
        "{names:?}"
    );
    assert!(!names.contains(&"OEBPS/cover.png".to_string()));
    assert!(entry_map(&epub)["OEBPS/content.opf"]
        .contains("properties=\"cover-image\" id=\"cover-image\" href=\"images/front.png\""));
}
