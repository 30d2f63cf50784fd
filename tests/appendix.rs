//! The appendix of facts in both editions, read back as readers' software reads them: in the EPUB every
//! entry links to a paragraph that exists and the appendix is in the navigation after the last chapter;
//! in the PDF every entry's printed page number is the page that states the fact, and its link goes
//! there.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::pdf::*;
use common::*;

/// (value, context, chapter, anchor) of every fact, from `publish facts --json`.
fn facts(m: &Path) -> Vec<(String, String, Option<u64>, Option<String>)> {
    facts_json(m)
        .0
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap().to_string(),
                f["context"].as_str().unwrap().to_string(),
                f["chapter"].as_u64(),
                f["anchor"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// A manuscript with facts in a tight list, a loose list and a quotation.
fn lists_and_quotations(dir: &Path) -> std::path::PathBuf {
    let m = dir.join("lists");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("book.toml"), "[book]\ntitle = \"كتاب\"\n").unwrap();
    let text = "# فصل\n\n- انضمت 12 دولة في البداية\n- ثم بلغت النسبة 40٪\n\n\
1. في عام 1995 بدأ العمل.\n\n   وتواصل حتى عام 1999.\n\n2. بند آخر.\n\n> وقد بلغت الصادرات 7 مليار دولار.\n";
    std::fs::write(m.join("a.md"), text).unwrap();
    m
}

#[test]
fn facts_in_words_and_in_the_hijri_calendar_are_listed_with_their_western_days() {
    let m = facts_in_words();
    let (facts, err) = facts_json(&m);
    assert!(!err.contains("warning"), "{err}");
    let listed: Vec<(&str, &str, &str)> = facts
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap(),
                f["value"].as_str().unwrap(),
                f["normalized"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("century", "القرن الخامس الهجري", "1010-08-15/1107-08-21"),
            ("century", "القرن التاسع عشر الميلادي", "1801/1900"),
            ("hijri-month", "رمضان 1380 هـ", "1961-02-17/1961-03-17"),
            ("hijri-year", "1400هـ", "1979-11-21/1980-11-08"),
            ("decade", "الثمانينيات من القرن الماضي", "1980/1989"),
            ("hijri-date", "١٥ شعبان ١٤٤٣ هـ", "2022-03-18"),
            ("percentage", "خمسة وعشرين بالمئة", "25"),
            ("fraction", "نصف السكان", "0.5"),
            // Two facts of the same kind and value in one paragraph, in other words: both listed.
            ("fraction", "نصف المساحة", "0.5"),
            ("money", "ثلاثة ملايين دولار", "3000000"),
            ("ordinal", "الذكرى الخمسين", "50"),
            ("ordinal", "ثاني أكبر جامعة", "2"),
            ("count", "ثلاثمائة وخمسين مدرسة", "350"),
        ]
    );
    let hijri: Vec<&str> = facts.iter().filter_map(|f| f["hijri"].as_str()).collect();
    assert_eq!(hijri, ["0401/0500", "1380-09", "1400", "1443-08-15"]);
    // The fifth Hijri century ended before 1582: its days are Julian, as historians give them.
    let calendars: Vec<&str> = facts
        .iter()
        .filter_map(|f| f["calendar"].as_str())
        .collect();
    assert_eq!(calendars, ["julian", "gregorian", "gregorian", "gregorian"]);
    // Both editions print a Hijri fact with its Gregorian days.
    let d = tempfile::tempdir().unwrap();
    let files = entry_map(&build(&m, d.path()));
    let appendix = plain(&xhtml_text(&files["OEBPS/facts.xhtml"]));
    for label in [
        "١٥ شعبان ١٤٤٣ هـ / 18 مارس 2022",
        "رمضان 1380 هـ / فبراير–مارس 1961",
        "1400هـ / 1979–1980",
        "القرن الخامس الهجري / 1010–1107 (يوليانية)",
    ] {
        assert!(appendix.contains(&plain(label)), "{label}: {appendix}");
    }
    if tool("pdftotext") {
        let pdf = build_pdf(&m, d.path());
        let text = plain(&pdf_text(&[], &pdf));
        for gregorian in ["18 مارس 2022", "1979–1980", "1010–1107"] {
            assert!(text.contains(gregorian), "{gregorian}: {text}");
        }
    }
}

#[test]
fn epub_appendix_follows_the_last_chapter_and_every_link_resolves() {
    let lists = tempfile::tempdir().unwrap();
    for m in [
        sample(),
        everything(),
        lists_and_quotations(lists.path()),
        facts_in_words(),
    ] {
        let d = tempfile::tempdir().unwrap();
        let files = entry_map(&build(&m, d.path()));
        let facts = facts(&m);
        let appendix = &files["OEBPS/facts.xhtml"];
        assert!(
            appendix.contains("epub:type=\"appendix\"")
                && appendix.contains("role=\"doc-appendix\""),
            "{appendix}"
        );
        // Last in the spine and in the navigation, with its groups.
        let opf = &files["OEBPS/content.opf"];
        let spine = &opf[opf.find("<spine").unwrap()..];
        let last = spine.rfind("idref=").unwrap();
        assert!(spine[last..].contains("facts"), "{spine}");
        let nav = &files["OEBPS/nav.xhtml"];
        let toc = &nav[..nav.find("</nav>").unwrap()];
        let last_chapter = toc.rfind("chapter-").unwrap();
        assert!(toc.find("facts.xhtml").unwrap() > last_chapter, "{toc}");
        assert!(toc.contains("facts.xhtml#facts-timeline"), "{toc}");
        // One link per fact, in the facts' order, each to a paragraph that exists.
        let hrefs: Vec<&str> = appendix
            .split("<a href=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(hrefs.len(), facts.len(), "{appendix}");
        for (href, f) in hrefs.iter().zip(&facts) {
            let (file, id) = href.split_once('#').unwrap();
            let want = format!(
                "chapter-{:02}.xhtml#{}",
                f.2.unwrap(),
                f.3.as_ref().unwrap()
            );
            assert_eq!(*href, want, "{f:?}");
            let target = &files[&format!("OEBPS/{file}")];
            // A paragraph, or a tight list item's text, with that id.
            let at = target
                .find(&format!(" id=\"{id}\""))
                .unwrap_or_else(|| panic!("no paragraph {href}"));
            // The paragraph states the fact.
            let end = ["</p>", "</li>"]
                .iter()
                .filter_map(|e| target[at..].find(e))
                .min()
                .unwrap();
            let para = &target[at..at + end];
            let text = plain(&strip_tags(para));
            assert!(text.contains(&plain(&f.0)), "{href}: {text}");
        }
        // Every entry shows its value and its context (a Hijri fact its Gregorian days between them).
        let text = plain(&xhtml_text(appendix));
        for f in &facts {
            assert!(text.contains(&plain(&f.0)), "{f:?}");
            assert!(text.contains(&plain(&format!(": {}", f.1))), "{f:?}");
        }
    }
}

/// The character data of an XHTML fragment.
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// PDF page labels (the printed folios) as numbers: Arabic-Indic digits read as digits.
fn folio(s: &str) -> Option<usize> {
    // poppler sets the period that ends an entry after the space before the number (".٩").
    let digits: String = s
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '،')
        .chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            c => c,
        })
        .collect();
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Checks every entry of the PDF appendix of `m` against the facts: its link goes to the page its
/// number prints, and that page states the fact. Returns the printed page numbers in entry order.
fn check_pdf_appendix(m: &Path) -> Vec<u32> {
    let mut printed_pages = Vec::new();
    {
        let d = tempfile::tempdir().unwrap();
        let pdf = build_pdf(m, d.path());
        let facts = facts(m);
        let doc = lopdf::Document::load(&pdf).unwrap();
        let pages: BTreeMap<u32, lopdf::ObjectId> = doc.get_pages();
        let number_of: BTreeMap<lopdf::ObjectId, u32> =
            pages.iter().map(|(n, id)| (*id, *n)).collect();
        // The appendix: the last chapter in the outline.
        let toc = doc.get_toc().unwrap();
        let opening = toc
            .toc
            .iter()
            .rfind(|e| e.level == 1)
            .map(|e| e.page as u32)
            .unwrap();
        let page_text = |n: u32| {
            let s = n.to_string();
            plain(&pdf_text(&["-f", &s, "-l", &s], &pdf))
        };
        assert!(
            words(&page_text(opening)).starts_with(&["ملحق", "حقائق", "وأرقام"].map(String::from))
        );
        // Its go-to links, in reading order: page by page, top to bottom.
        let mut entries = Vec::new();
        for (&n, &page) in pages.range(opening..) {
            let media = doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap();
            let height = media.as_array().unwrap()[3].as_float().unwrap();
            let mut links = Vec::new();
            for annot in doc.get_page_annotations(page).unwrap() {
                let rect = common::pdf::numbers(annot.get(b"Rect").unwrap());
                let dest = annot.get(b"Dest").unwrap().as_array().unwrap();
                let target = number_of[&dest[0].as_reference().unwrap()];
                links.push((rect, target));
            }
            links.sort_by(|a, b| b.0[3].total_cmp(&a.0[3]));
            entries.extend(links.into_iter().map(|(r, t)| (n, r, t, height)));
        }
        assert_eq!(entries.len(), facts.len(), "one link per entry");
        for ((page, rect, target, height), f) in entries.iter().zip(&facts) {
            // What the entry's area says: the value, the context and, last, the printed page number.
            let crop = pdf_text(
                &[
                    "-f",
                    &page.to_string(),
                    "-l",
                    &page.to_string(),
                    "-x",
                    &(rect[0].floor() as i32).to_string(),
                    "-y",
                    &((height - rect[3]).floor() as i32).to_string(),
                    "-W",
                    &((rect[2] - rect[0]).ceil() as i32).to_string(),
                    "-H",
                    &((rect[3] - rect[1]).ceil() as i32 + 1).to_string(),
                ],
                &pdf,
            );
            let crop = plain(&crop);
            let printed = crop
                .split_whitespace()
                .filter_map(folio)
                .next_back()
                .unwrap_or_else(|| panic!("no page number in {crop:?}"));
            assert_eq!(
                printed as u32, *target,
                "{f:?}: the number printed is where the link goes"
            );
            // The printed page holds the value, and the context around it (a sentence may begin on the
            // page before or end on the page after).
            let here = page_text(*target);
            // Its characters in order (poppler may set a space before a percent sign, «15 ٪»).
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            // A value may start at the foot of the page and end at the head of the next: it starts here.
            let value = plain(&f.0);
            let first_word = value.split_whitespace().next().unwrap_or_default();
            let next = page_text((target + 1).min(pages.len() as u32));
            let split = here.contains(first_word)
                && value
                    .split_whitespace()
                    .all(|w| here.contains(w) || next.contains(w));
            assert!(
                squeeze(&here).contains(&squeeze(&value)) || split,
                "{f:?} not on page {target}: {here}"
            );
            let around = format!(
                "{} {here} {}",
                page_text(target - 1),
                page_text((target + 1).min(pages.len() as u32))
            );
            // Words without their punctuation: poppler may set a comma on the other side of a space.
            let context = words(&f.1);
            let (here_words, around_words) = (words(&here), words(&around));
            let on_page = context.iter().filter(|w| here_words.contains(w)).count();
            for w in &context {
                assert!(
                    around_words.contains(w),
                    "{f:?}: «{w}» not near page {target}"
                );
            }
            assert!(
                on_page * 2 >= context.len(),
                "{f:?}: most of the context is on page {target}"
            );
            printed_pages.push(printed as u32);
        }
    }
    printed_pages
}

#[test]
fn pdf_appendix_prints_the_page_that_states_each_fact_and_links_there() {
    if !tool("pdftotext") {
        return;
    }
    let lists = tempfile::tempdir().unwrap();
    for m in [
        sample(),
        everything(),
        lists_and_quotations(lists.path()),
        facts_in_words(),
    ] {
        check_pdf_appendix(&m);
    }
}

#[test]
fn a_fact_late_in_a_long_paragraph_gets_the_page_it_is_on() {
    if !tool("pdftotext") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("book.toml"), "[book]\ntitle = \"كتاب\"\n").unwrap();
    // One paragraph over several pages: a year in its first sentence, another in its last.
    let filler = "وهذه جملة عادية تملأ السطر بكلمات عربية كثيرة متتابعة. ".repeat(150);
    let text =
        format!("# فصل\n\nبدأ العمل في عام 2001 بهمة. {filler}وانتهى العمل في عام 2040 بنجاح.\n");
    std::fs::write(m.join("a.md"), text).unwrap();
    let printed = check_pdf_appendix(&m);
    assert_eq!(printed.len(), 2);
    assert!(printed[1] >= printed[0] + 2, "{printed:?}");
}
