//! Notes at the foot of the page, verse, and the print book's typographic choices (`[pdf]` `notes`,
//! `note_numbering`, `indent`, `chapter_start`, `ornament`), read from the composed pages (the frame the
//! PDF is written from: every line with its place and its structure element) and from the written PDF by
//! the shared checkers where they are present.
//!
//! The books: `tests/manuscripts/notes` (a scholarly book of four chapters and 100 notes, eleven of them
//! some 150 words long) and `tests/manuscripts/poetry` (classical poems, a poem in stanzas with a title
//! line, a poem too wide for the page, a note inside a verse).

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use common::*;
use publish::model::Block;
use publish::pdf::frame::{Document, Item, NodeId, Role, Tag, Target, TextLine};

/// The book at `dir` composed, with the book model.
fn composed(dir: &Path) -> (publish::model::Book, Document) {
    let loaded = publish::pipeline::book_with_env(dir, Some("0")).unwrap();
    let fonts = loaded.fonts().unwrap().unwrap();
    let doc = publish::pdf::compose(&loaded.book, &fonts);
    (loaded.book.clone(), doc)
}

/// The element `node` is in or under with role `role`, if any.
fn ancestor(doc: &Document, node: NodeId, role: Role) -> Option<NodeId> {
    let mut at = Some(node);
    while let Some(n) = at {
        if doc.structure.nodes[n].role == role {
            return Some(n);
        }
        at = doc.structure.nodes[n].parent;
    }
    None
}

/// Every text line of every page with its page.
fn lines(doc: &Document) -> Vec<(usize, &TextLine)> {
    doc.pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| {
            page.items.iter().filter_map(move |it| match it {
                Item::Text(t) => Some((p, t)),
                _ => None,
            })
        })
        .collect()
}

fn node_of(t: &TextLine) -> Option<NodeId> {
    match t.tag {
        Tag::Node(n) => Some(n),
        Tag::Artifact(_) => None,
    }
}

/// Note links (a reference and the note's number linking back: narrower than 16 points) and how many
/// land on their own page.
fn note_links(doc: &Document) -> (usize, usize) {
    let mut total = 0;
    let mut same = 0;
    for l in &doc.links {
        if let Target::Goto { page, .. } = l.target {
            if l.rect[2] - l.rect[0] < 16.0 {
                total += 1;
                same += usize::from(page == l.page);
            }
        }
    }
    (total, same)
}

#[test]
fn every_note_starts_at_the_foot_of_its_references_page() {
    let (book, doc) = composed(&notes_book());
    let notes: usize = book.chapters.iter().map(|c| c.footnotes.len()).sum();
    assert_eq!(notes, 101);
    // Each reference links to its note's first line, each note's number back to its reference.
    let (total, same) = note_links(&doc);
    assert_eq!(total, 2 * notes, "a link each way for every note");
    assert_eq!(same, total, "every note link lands on its own page");

    let all = lines(&doc);
    let in_note = |t: &TextLine| node_of(t).and_then(|n| ancestor(&doc, n, Role::Note));
    let mut pages_of_note: BTreeMap<NodeId, HashSet<usize>> = BTreeMap::new();
    for &(p, t) in &all {
        if let Some(n) = in_note(t) {
            pages_of_note.entry(n).or_default().insert(p);
        }
    }
    assert_eq!(pages_of_note.len(), notes, "every note is set");
    let continued = pages_of_note.values().filter(|p| p.len() > 1).count();
    assert!(continued > 0, "a long note continues on the next page");

    let (_, height) = doc.size;
    for (p, page) in doc.pages.iter().enumerate() {
        let body: Vec<&TextLine> = all
            .iter()
            .filter(|(q, t)| *q == p && node_of(t).is_some() && in_note(t).is_none())
            .map(|(_, t)| *t)
            .collect();
        let foot: Vec<&TextLine> = all
            .iter()
            .filter(|(q, t)| *q == p && in_note(t).is_some())
            .map(|(_, t)| *t)
            .collect();
        // The notes under the text, the separator between: never a separator without notes under it.
        let separators: Vec<f32> = page
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Rule(r) if r.from.1 == r.to.1 && (r.width - 0.5).abs() < 1e-3 => {
                    Some(r.from.1)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            separators.len(),
            usize::from(!foot.is_empty()),
            "page {}: one separator when the page has notes",
            p + 1
        );
        if let (Some(&rule), false) = (separators.first(), foot.is_empty()) {
            let lowest_body = body
                .iter()
                .map(|t| t.y - t.line.descent)
                .fold(height, f32::min);
            let highest_note = foot.iter().map(|t| t.y + t.line.ascent).fold(0.0, f32::max);
            assert!(
                lowest_body > rule && rule > highest_note - 2.0,
                "page {}: text down to {lowest_body}, rule at {rule}, notes up to {highest_note}",
                p + 1
            );
        }
    }
}

#[test]
fn widows_orphans_and_headings_hold_with_notes_on_the_page() {
    let (_, doc) = composed(&notes_book());
    let all = lines(&doc);
    // A paragraph of three lines or more leaves at least two on each page it spans.
    let mut per_page: HashMap<NodeId, BTreeMap<usize, usize>> = HashMap::new();
    for &(p, t) in &all {
        if let Some(n) = node_of(t) {
            // (A note may continue on the next page from any of its lines, as TeX's do.)
            if doc.structure.nodes[n].role == Role::P && ancestor(&doc, n, Role::Note).is_none() {
                *per_page.entry(n).or_default().entry(p).or_default() += 1;
            }
        }
    }
    let mut split = 0;
    for pages in per_page.values() {
        let total: usize = pages.values().sum();
        if total >= 3 && pages.len() > 1 {
            split += 1;
            assert!(
                pages.values().all(|&k| k >= 2),
                "a widow or an orphan: {pages:?}"
            );
        }
    }
    assert!(split > 0, "some paragraphs run over a page");
    // A heading has text under it on its page.
    for &(p, t) in &all {
        if let Some(n) = node_of(t) {
            if matches!(doc.structure.nodes[n].role, Role::H(2..)) {
                assert!(
                    all.iter().any(|&(q, u)| q == p
                        && u.y < t.y
                        && node_of(u)
                            .is_some_and(|m| !matches!(doc.structure.nodes[m].role, Role::H(_)))),
                    "page {}: a heading alone at the foot",
                    p + 1
                );
            }
        }
    }
}

#[test]
fn notes_after_their_chapter_when_asked_and_numbers_that_restart_on_every_page() {
    let d = tempfile::tempdir().unwrap();
    // `notes = "chapter"`: the notes after each chapter under its heading, most far from their
    // references.
    let book = with_pdf_settings(&notes_book(), "notes = \"chapter\"", &d.path().join("c"));
    let (model, doc) = composed(&book);
    let (total, same) = note_links(&doc);
    assert_eq!(total, 202);
    assert!(same < total / 2, "{same} of {total} on their own page");
    let headings = lines(&doc)
        .iter()
        .filter(|(_, t)| node_of(t).is_some_and(|n| doc.structure.nodes[n].role == Role::H(2)))
        .filter(|(_, t)| t.text.contains("الحواشي"))
        .count();
    assert_eq!(
        headings,
        model.chapters.len() - 1,
        "a notes heading a chapter"
    );

    // `note_numbering = "page"`: every page's notes are numbered from one, in order.
    let book = with_pdf_settings(
        &notes_book(),
        "note_numbering = \"page\"",
        &d.path().join("p"),
    );
    let (_, doc) = composed(&book);
    let (total, same) = note_links(&doc);
    assert_eq!(same, total);
    let mut pages_checked = 0;
    for (p, page) in doc.pages.iter().enumerate() {
        // The notes' numbers: the first line of each note starts with its number (bold, linked).
        let mut numbers = Vec::new();
        let mut seen = HashSet::new();
        for it in &page.items {
            if let Item::Text(t) = it {
                let Some(note) = node_of(t).and_then(|n| ancestor(&doc, n, Role::Note)) else {
                    continue;
                };
                if seen.insert(note) && t.line.range.start == 0 {
                    let first: String = t.text.split_whitespace().next().unwrap().to_string();
                    numbers.push(first);
                }
            }
        }
        if numbers.is_empty() {
            continue;
        }
        pages_checked += 1;
        let want: Vec<String> = (1..=numbers.len())
            .map(|n| publish::locale::number(n, "ar"))
            .collect();
        assert_eq!(numbers, want, "page {}", p + 1);
    }
    assert!(pages_checked > 10);
}

/// A hemistich's line as set: left x, width, baseline.
type Hemistich = (f32, f32, f32);

/// Each poem's hemistichs, as set: for every verse its hemistichs' lines.
fn verses(doc: &Document) -> Vec<Vec<Vec<Hemistich>>> {
    let mut poems: BTreeMap<NodeId, BTreeMap<NodeId, Vec<Hemistich>>> = BTreeMap::new();
    for (_, t) in lines(doc) {
        let Some(n) = node_of(&t.clone()) else {
            continue;
        };
        let Some(span) = ancestor(doc, n, Role::Span) else {
            continue;
        };
        let verse = doc.structure.nodes[span].parent.unwrap();
        let Some(poem) = ancestor(doc, verse, Role::Div) else {
            continue;
        };
        poems
            .entry(poem)
            .or_default()
            .entry(verse)
            .or_default()
            .push((t.x, t.line.width, t.y));
    }
    poems
        .into_values()
        .map(|v| v.into_values().collect())
        .collect()
}

#[test]
fn verses_stand_on_one_line_with_hemistichs_of_one_width() {
    let (book, doc) = composed(&poetry_book());
    let poems: Vec<_> = book
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter(|b| matches!(b, Block::Poem { .. }))
        .collect();
    assert_eq!(poems.len(), 4);
    let set = verses(&doc);
    assert_eq!(set.len(), 4, "a Div for every poem");
    let measure = {
        let g = publish::pdf::pages::Geometry::new(&book.pdf);
        g.measure()
    };
    for (k, verses) in set.iter().enumerate() {
        // Verses of two hemistichs (a title line has one).
        let pairs: Vec<_> = verses.iter().filter(|v| v.len() == 2).collect();
        assert!(!pairs.is_empty());
        let widths: Vec<f32> = pairs.iter().flat_map(|v| v.iter().map(|h| h.1)).collect();
        let (lo, hi) = widths
            .iter()
            .fold((f32::MAX, 0.0f32), |(a, b), &w| (a.min(w), b.max(w)));
        assert!(hi - lo < 1.0, "poem {}: widths {lo}..{hi}", k + 1);
        let one_line = pairs.iter().all(|v| (v[0].2 - v[1].2).abs() < 0.01);
        // Right-to-left: the first hemistich on the right.
        let rights: Vec<f32> = pairs.iter().map(|v| v[0].0 + v[0].1).collect();
        let lefts: Vec<f32> = pairs.iter().map(|v| v[1].0).collect();
        let spread = |v: &[f32]| {
            v.iter().cloned().fold(f32::MIN, f32::max) - v.iter().cloned().fold(f32::MAX, f32::min)
        };
        assert!(
            spread(&rights) < 0.5 && spread(&lefts) < 0.5,
            "poem {}: edges",
            k + 1
        );
        if one_line {
            let gaps: Vec<f32> = pairs.iter().map(|v| v[0].0 - (v[1].0 + v[1].1)).collect();
            assert!(
                spread(&gaps) < 0.5 && gaps[0] > 20.0,
                "poem {}: gaps {gaps:?}",
                k + 1
            );
            assert!(2.0 * hi + gaps[0] <= measure + 0.5);
        } else {
            // Too wide for the page: the second hemistich on the next line, at the left.
            assert!(
                2.0 * hi + 20.0 > measure,
                "poem {} stacked though it fits",
                k + 1
            );
            assert!(pairs.iter().all(|v| v[1].2 < v[0].2), "poem {}", k + 1);
        }
        assert_eq!(
            one_line,
            k != 3,
            "poem {}: on one line unless too wide",
            k + 1
        );
    }
}

#[test]
fn a_thematic_break_is_a_centred_ornament_and_chapters_open_on_rectos() {
    let (book, doc) = composed(&poetry_book());
    let ornament: Vec<&TextLine> = lines(&doc)
        .into_iter()
        .filter(|(_, t)| &*t.text == book.pdf.ornament.as_str())
        .map(|(_, t)| t)
        .collect();
    assert_eq!(ornament.len(), 1, "the one break of the book");
    let t = ornament[0];
    assert!(matches!(t.tag, Tag::Artifact(_)), "decoration");
    let g = publish::pdf::pages::Geometry::new(&book.pdf);
    let centre = t.x + t.line.width / 2.0;
    let (a, b) = (g.inner, g.width - g.outer);
    let (c, d) = (g.outer, g.width - g.inner);
    assert!(
        (centre - (a + b) / 2.0).abs() < 0.5 || (centre - (c + d) / 2.0).abs() < 0.5,
        "centred: {centre}"
    );
    // No rule draws the break.
    // Every chapter's first page is a recto (odd page number), a blank verso before it if need be.
    for anchor in doc.outline.iter().filter(|a| a.level == 1) {
        assert_eq!(
            anchor.page % 2,
            0,
            "{} opens on page {}",
            anchor.title,
            anchor.page + 1
        );
    }
    let blank = doc.pages.iter().filter(|p| p.items.is_empty()).count();
    assert!(blank > 0, "a blank verso before a chapter");

    // `chapter_start = "any"`: no blank page.
    let d = tempfile::tempdir().unwrap();
    let any = with_pdf_settings(&poetry_book(), "chapter_start = \"any\"", d.path());
    let (_, doc) = composed(&any);
    assert!(doc.pages.iter().all(|p| !p.items.is_empty()));
}

#[test]
fn paragraphs_after_paragraphs_are_indented_and_vocalized_lines_keep_one_pitch() {
    let (book, doc) = composed(&notes_book());
    let size = book.pdf.font_size;
    let g = publish::pdf::pages::Geometry::new(&book.pdf);
    // First lines of paragraphs: the first after a heading flush with the start side (the right), one
    // after a paragraph in from it by the indent.
    let mut first_lines: Vec<(usize, f32, f32)> = Vec::new(); // page, right edge, y
    let mut seen = HashSet::new();
    for (p, t) in lines(&doc) {
        let Some(n) = node_of(t) else { continue };
        let node = &doc.structure.nodes[n];
        if node.role == Role::P
            && ancestor(&doc, n, Role::Div).is_none()
            && ancestor(&doc, n, Role::Note).is_none()
            && seen.insert(n)
        {
            first_lines.push((p, t.x + t.line.width, t.y));
        }
    }
    let edge = |p: usize| {
        // Pages alternate their margins; the first page of the book is a recto.
        let recto = p % 2 == 0;
        if recto {
            g.width - g.inner
        } else {
            g.width - g.outer
        }
    };
    let insets: Vec<f32> = first_lines
        .iter()
        .filter(|(p, _, _)| *p > 1)
        .map(|&(p, right, _)| edge(p) - right)
        .collect();
    assert!(insets.iter().any(|&i| i.abs() < 0.05), "{insets:?}");
    assert!(
        insets
            .iter()
            .any(|&i| (i - book.pdf.indent * size).abs() < 0.05),
        "{insets:?}"
    );
    assert!(insets
        .iter()
        .all(|&i| i.abs() < 0.05 || (i - book.pdf.indent * size).abs() < 0.05));

    // One pitch inside every paragraph, vocalized verse and prose alike.
    let (_, poetry) = composed(&poetry_book());
    for doc in [&doc, &poetry] {
        one_pitch(doc);
    }
}

fn one_pitch(doc: &Document) {
    let mut ys: HashMap<NodeId, Vec<(usize, f32)>> = HashMap::new();
    for (p, t) in lines(doc) {
        if let Some(n) = node_of(t) {
            if doc.structure.nodes[n].role == Role::P && ancestor(doc, n, Role::Div).is_none() {
                ys.entry(n).or_default().push((p, t.y));
            }
        }
    }
    for v in ys.values() {
        let steps: Vec<f32> = v
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| w[0].1 - w[1].1)
            .collect();
        if let Some(&s0) = steps.first() {
            assert!(steps.iter().all(|s| (s - s0).abs() < 0.01), "{steps:?}");
        }
    }
}

/// The shared checkers on the written PDFs: `notes_check.py` (every note link on its own page) and
/// `poem_check.py` (printed for the record: it finds hemistichs by MuPDF's words, which a shadda's
/// slot in the text layer splits).
#[test]
fn the_shared_checkers_read_the_notes_and_the_poems() {
    let Some((python, notes_check)) = common::pdf::shared_checker("notes_check.py") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let pdf = common::pdf::build_pdf(&notes_book(), &d.path().join("n"));
    let o = std::process::Command::new(&python)
        .arg(&notes_check)
        .arg(&pdf)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout).into_owned();
    let last = report.lines().last().unwrap_or_default().to_string();
    eprintln!("notes_check: {last}");
    assert!(
        last.contains("note links 202, on their own page 202"),
        "{report}"
    );
    if let Some((python, poem_check)) = common::pdf::shared_checker("poem_check.py") {
        let pdf = common::pdf::build_pdf(&poetry_book(), &d.path().join("p"));
        let o = std::process::Command::new(&python)
            .arg(&poem_check)
            .arg(&pdf)
            .arg(poetry_book())
            .output()
            .unwrap();
        eprintln!("poem_check:\n{}", String::from_utf8_lossy(&o.stdout));
        assert!(o.status.success());
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let d = tempfile::tempdir().unwrap();
    for (k, book) in [notes_book(), poetry_book()].iter().enumerate() {
        let a = std::fs::read(common::pdf::build_pdf(
            book,
            &d.path().join(format!("a{k}")),
        ))
        .unwrap();
        let b = std::fs::read(common::pdf::build_pdf(
            book,
            &d.path().join(format!("b{k}")),
        ))
        .unwrap();
        assert!(a == b, "{}", book.display());
    }
}

/// A book of one chapter `text` in a temporary folder.
fn one_chapter(text: &str, d: &Path) -> PathBuf {
    std::fs::write(
        d.join("book.toml"),
        "[book]\ntitle = \"ديوان\"\nauthors = [\"شاعر\"]\nlanguage = \"ar\"\n",
    )
    .unwrap();
    std::fs::write(d.join("01.md"), text).unwrap();
    d.to_path_buf()
}

#[test]
fn a_poem_block_is_read_as_stanzas_of_verses_with_inline_markdown() {
    let d = tempfile::tempdir().unwrap();
    let text = "# قصيدة\n\nقال الشاعر:\n\n```poem\nعنوان القصيدة\n\n*قِفا* *نَبكِ* مِن ذِكرى حَبيبٍ وَمَنزِلِ *** بِسِقطِ اللِوى بَينَ الدَخولِ فَحَومَلِ[^1]\n1. رقم في أول الشطر *** - وشرطة في أول الثاني\n\nسنة ١٩٣٣ في بيت *** لا تقرأ حقيقةً\nشطر *** ثان *** ثالث\nشطر وحيد *** \n```\n\n```poem\n\n```\n\n[^1]: حومل: موضع.\n";
    let dir = one_chapter(text, d.path());
    let loaded = publish::pipeline::book_with_env(&dir, Some("0")).unwrap();
    let chapter = &loaded.book.chapters[0];
    let poems: Vec<_> = chapter
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Poem { stanzas, line } => Some((stanzas, *line)),
            _ => None,
        })
        .collect();
    assert_eq!(poems.len(), 1, "the empty poem is left out");
    let (stanzas, line) = poems[0];
    assert_eq!(line, 5);
    assert_eq!(stanzas.len(), 3, "{stanzas:#?}");
    let plain = |v: &[publish::model::Inline]| publish::model::Inline::plain_text(v);
    // A line alone, then verses.
    assert_eq!(stanzas[0].len(), 1);
    assert!(stanzas[0][0].second.is_none());
    let verse = &stanzas[1][0];
    // Emphasis at the start of a hemistich too.
    assert!(
        matches!(verse.first[0], publish::model::Inline::Emphasis(_))
            && matches!(verse.first[2], publish::model::Inline::Emphasis(_)),
        "{:?}",
        verse.first
    );
    let second = verse.second.as_ref().unwrap();
    assert!(
        second
            .iter()
            .any(|i| matches!(i, publish::model::Inline::FootnoteRef { number: 1, .. })),
        "{second:?}"
    );
    assert_eq!(chapter.footnotes.len(), 1);
    // A hemistich that begins like a list item stays text.
    assert_eq!(plain(&stanzas[1][1].first), "1. رقم في أول الشطر");
    assert_eq!(
        plain(stanzas[1][1].second.as_ref().unwrap()),
        "- وشرطة في أول الثاني"
    );
    // Three `***`: the rest joins the second hemistich, with a warning; an empty hemistich warns.
    assert_eq!(plain(stanzas[2][1].second.as_ref().unwrap()), "ثان ثالث");
    let warned = |s: &str| loaded.warnings.iter().any(|w| w.to_string().contains(s));
    assert!(warned("more than two hemistichs"), "{:?}", loaded.warnings);
    assert!(warned("empty hemistich"));
    assert!(warned("a poem with no verse"));
    // Facts are not read from verse.
    let facts = publish::facts::collect(&loaded.book);
    assert!(
        facts.iter().all(|f| !f.context.contains("بيت")),
        "{facts:?}"
    );

    // Both editions build, the verse with an empty hemistich included. The EPUB: each hemistich an
    // element of its own, the stylesheet's grid.
    let out = d.path().join("out");
    let o = publish()
        .args(["build", "-q", "-m"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .unwrap();
    let files = entry_map(&epub);
    let xhtml = &files["OEBPS/chapter-01.xhtml"];
    assert_eq!(
        xhtml.matches("<span class=\"hemistich\">").count(),
        10,
        "{xhtml}"
    );
    assert!(
        xhtml.contains("<p class=\"verse single\">عنوان القصيدة</p>"),
        "{xhtml}"
    );
    assert_eq!(xhtml.matches("<div class=\"stanza\">").count(), 3);
    let css = &files["OEBPS/stylesheet.css"];
    assert!(
        css.contains("grid-template-columns: 1fr 1fr") && css.contains("text-align-last: justify")
    );
    assert!(css.contains("hr::after { content: \"* * *\"; }"), "{css}");
}

#[test]
fn bad_pdf_settings_are_errors_that_name_the_key() {
    for (setting, says) in [
        ("notes = \"side\"", "notes"),
        ("note_numbering = \"book\"", "note_numbering"),
        ("indent = 9", "indent"),
        ("indent = \"2\"", "indent"),
        ("notes = [\"page\"]", "notes"),
        ("chapter_start = \"left\"", "chapter_start"),
        ("ornament = \"\"", "ornament"),
    ] {
        let d = tempfile::tempdir().unwrap();
        let dir = one_chapter("# فصل\n\nنص.\n", d.path());
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        std::fs::write(dir.join("book.toml"), format!("{toml}[pdf]\n{setting}\n")).unwrap();
        let o = publish()
            .args(["build", "-q", "-m"])
            .arg(&dir)
            .arg("-o")
            .arg(d.path().join("out"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{setting}: {err}");
        assert!(
            err.contains("book.toml") && err.contains(says),
            "{setting}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        // In an author's words, not the parser's.
        assert!(
            !err.contains("unknown variant")
                && !err.contains("f64")
                && !err.contains("TOML syntax"),
            "{err}"
        );
    }
}
