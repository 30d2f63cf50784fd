//! The PDF edition's structure tree (tagged PDF), walked with `lopdf` and compared with the book model:
//! every heading, paragraph, table cell, code block, note, figure, caption and appendix entry is an
//! element of its type, once, in reading order, holding the text the model gives it (read from the
//! marked content its MCIDs point at, through the font's ToUnicode map); the notes are inside `Note`
//! elements; an English paragraph carries `/Lang (en)`; no text is drawn outside both the tree and an
//! artifact.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use publish::model::{Block, Book, Footnote, Inline};

use common::pdf::{build_pdf, to_unicode};
use common::*;

/// An element of the tree as the test compares it.
#[derive(Debug, Clone, PartialEq)]
struct Element {
    role: String,
    /// Its text with white space and format characters removed (a figure: its /Alt).
    text: String,
    in_note: bool,
    lang: Option<String>,
}

/// The roles compared one by one; the others (Document, L, LI, Lbl, Link, Reference, BlockQuote, TR,
/// Table, TOC, TOCI, Note) are the containers and inline elements around them.
const LEAVES: &[&str] = &[
    "H1", "H2", "H3", "H4", "H5", "H6", "P", "TH", "TD", "Code", "Figure", "Caption",
];

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_whitespace() && !publish::script::is_invisible(c))
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// The PDF side
// ---------------------------------------------------------------------------------------------------

/// The text of every marked-content sequence with an MCID, by page and MCID, in logical order: each
/// text position's glyphs (a piece of one direction), reversed when they hold right-to-left letters
/// (the writer draws a piece's glyphs left to right and the pieces in reading order); the lines of a
/// sequence joined by a space. Also counts text operators outside both an MCID and an artifact.
fn marked_text(doc: &Document) -> (HashMap<(ObjectId, i64), String>, usize) {
    let mut out: HashMap<(ObjectId, i64), String> = HashMap::new();
    let mut untagged = 0;
    for (_, page) in doc.get_pages() {
        let fonts: BTreeMap<Vec<u8>, HashMap<u16, String>> = doc
            .get_page_fonts(page)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, font)| (name, to_unicode(doc, font)))
            .collect();
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let mut stack: Vec<Option<i64>> = Vec::new();
        let mut artifact = 0;
        let mut font: Option<&HashMap<u16, String>> = None;
        let mut piece: Vec<String> = Vec::new();
        let mut flush = |piece: &mut Vec<String>, stack: &[Option<i64>], sep: bool| {
            let mcid = stack.iter().rev().flatten().next().copied();
            if let Some(mcid) = mcid {
                let rtl = piece.iter().any(|t| {
                    t.chars().any(|c| {
                        c.is_alphabetic()
                            && matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
                    })
                });
                if rtl {
                    piece.reverse();
                }
                let text = out.entry((page, mcid)).or_default();
                text.extend(piece.drain(..));
                if sep {
                    text.push(' ');
                }
            }
            piece.clear();
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    flush(&mut piece, &stack, false);
                    let tag = op.operands.first().and_then(|o| o.as_name().ok());
                    if tag == Some(b"Artifact".as_slice()) {
                        artifact += 1;
                    }
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|o| o.as_i64().ok());
                    stack.push(if tag == Some(b"Artifact".as_slice()) {
                        None
                    } else {
                        mcid
                    });
                }
                "EMC" => {
                    flush(&mut piece, &stack, false);
                    if stack.pop().is_some_and(|m| m.is_none()) && artifact > 0 {
                        artifact -= 1;
                    }
                }
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap().to_vec();
                    font = fonts.get(&name);
                }
                "Tm" | "Td" | "TD" | "T*" => flush(&mut piece, &stack, false),
                "ET" => flush(&mut piece, &stack, true),
                "TJ" | "Tj" => {
                    let tagged = stack.iter().any(|m| m.is_some());
                    if !tagged && artifact == 0 {
                        untagged += 1;
                    }
                    let strings: Vec<&[u8]> = match &op.operands[0] {
                        Object::Array(items) => {
                            items.iter().filter_map(|o| o.as_str().ok()).collect()
                        }
                        o => o.as_str().into_iter().collect(),
                    };
                    for s in strings {
                        for code in s.chunks(2) {
                            let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                            let t = font.and_then(|f| f.get(&code)).cloned();
                            piece.push(t.unwrap_or_else(|| "\u{FFFD}".into()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (out, untagged)
}

/// The tree's elements in order, with the text of everything under each.
fn tree(doc: &Document) -> Vec<Element> {
    let (marked, untagged) = marked_text(doc);
    assert_eq!(
        untagged, 0,
        "text drawn outside the tree and outside artifacts"
    );
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap();
    let root = doc.get_dictionary(root.as_reference().unwrap()).unwrap();
    fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(r) => doc.get_object(*r).unwrap(),
            o => o,
        }
    }
    /// Walks `k` (an element's /K) and returns its text; pushes the elements in it to `out`.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        doc: &Document,
        marked: &HashMap<(ObjectId, i64), String>,
        k: &Object,
        page: Option<ObjectId>,
        in_note: bool,
        out: &mut Vec<Element>,
    ) -> String {
        match deref(doc, k) {
            Object::Integer(mcid) => marked
                .get(&(page.expect("an MCID with no page"), *mcid))
                .cloned()
                .unwrap_or_default(),
            Object::Array(kids) => kids
                .iter()
                .map(|kid| walk(doc, marked, kid, page, in_note, out))
                .collect::<Vec<_>>()
                .join(" "),
            Object::Dictionary(d) => {
                let page = d
                    .get(b"Pg")
                    .ok()
                    .and_then(|p| p.as_reference().ok())
                    .or(page);
                match d.get(b"Type").ok().and_then(|t| t.as_name().ok()) {
                    Some(b"MCR") => {
                        let mcid = d.get(b"MCID").unwrap().as_i64().unwrap();
                        return marked
                            .get(&(page.unwrap(), mcid))
                            .cloned()
                            .unwrap_or_default();
                    }
                    Some(b"OBJR") => return String::new(),
                    _ => {}
                }
                let role =
                    String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).into_owned();
                let at = out.len();
                if LEAVES.contains(&role.as_str()) {
                    out.push(Element {
                        role: role.clone(),
                        text: String::new(),
                        in_note,
                        lang: d
                            .get(b"Lang")
                            .ok()
                            .and_then(|l| l.as_str().ok())
                            .map(|l| String::from_utf8_lossy(l).into_owned()),
                    });
                }
                let text = match d.get(b"K") {
                    Ok(k) => walk(doc, marked, k, page, in_note || role == "Note", out),
                    Err(_) => String::new(),
                };
                // A note inside the element holding its reference is an element of its own, not text
                // of that element.
                if role == "Note" {
                    return String::new();
                }
                if LEAVES.contains(&role.as_str()) {
                    out[at].text = if role == "Figure" {
                        d.get(b"Alt")
                            .ok()
                            .and_then(|a| a.as_str().ok())
                            .map(|a| {
                                if a.starts_with(&[0xFE, 0xFF]) {
                                    let units: Vec<u16> = a[2..]
                                        .chunks(2)
                                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                        .collect();
                                    String::from_utf16_lossy(&units)
                                } else {
                                    String::from_utf8_lossy(a).into_owned()
                                }
                            })
                            .map(|a| squeeze(&a))
                            .unwrap_or_default()
                    } else {
                        squeeze(&text)
                    };
                }
                text
            }
            _ => String::new(),
        }
    }
    let mut out = Vec::new();
    walk(doc, &marked, root.get(b"K").unwrap(), None, false, &mut out);
    out
}

// ---------------------------------------------------------------------------------------------------
// The model side
// ---------------------------------------------------------------------------------------------------

fn inline_text(inlines: &[Inline], digits: &str) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                s.push_str(&inline_text(c, digits))
            }
            Inline::Span { content, .. } | Inline::Link { content, .. } => {
                s.push_str(&inline_text(content, digits))
            }
            Inline::FootnoteRef { number, .. } => {
                s.push_str(&publish::locale::number(*number, digits))
            }
            Inline::SoftBreak | Inline::LineBreak => s.push(' '),
            Inline::Image { .. } | Inline::Anchor(_) => {}
        }
    }
    s
}

fn expected(book: &Book) -> Vec<Element> {
    let lang = book.meta.language.clone();
    let at_foot = book.pdf.notes == publish::model::NotePlacement::Page;
    let el = |role: &str, text: String, in_note: bool| Element {
        role: role.to_string(),
        text: squeeze(&text),
        in_note,
        lang: None,
    };
    let mut out = Vec::new();
    for chapter in &book.chapters {
        let mut w = Want {
            lang: &lang,
            notes: &chapter.footnotes,
            at_foot,
            placed: HashSet::new(),
        };
        out.push(el("H1", chapter.title_text(), false));
        w.blocks(&chapter.blocks, false, &mut out);
        if !at_foot && !chapter.footnotes.is_empty() {
            // The notes' heading, as the EPUB's.
            out.push(el(
                "H2",
                publish::locale::labels(&lang).notes.to_string(),
                false,
            ));
            for note in &chapter.footnotes {
                w.note(note, &mut out);
            }
        }
    }
    out
}

/// The elements the book's blocks should make, notes at the foot after the element of their first
/// reference (inside it) or after their chapter.
struct Want<'a> {
    lang: &'a str,
    notes: &'a [Footnote],
    at_foot: bool,
    placed: HashSet<String>,
}

impl Want<'_> {
    fn el(&self, role: &str, text: String, in_note: bool) -> Element {
        Element {
            role: role.to_string(),
            text: squeeze(&text),
            in_note,
            lang: None,
        }
    }

    /// An element of inline `content`, then the notes it is the first to reference.
    fn leaf(&mut self, role: &str, content: &[Inline], in_note: bool, out: &mut Vec<Element>) {
        out.push(self.el(role, inline_text(content, self.lang), in_note));
        self.notes_of(content, out);
    }

    fn notes_of(&mut self, content: &[Inline], out: &mut Vec<Element>) {
        if !self.at_foot {
            return;
        }
        let mut ids = Vec::new();
        note_ids(content, &mut ids);
        for id in ids {
            if self.placed.insert(id.clone()) {
                if let Some(note) = self.notes.iter().find(|n| n.id == id) {
                    self.note(note, out);
                }
            }
        }
    }

    fn note(&mut self, note: &Footnote, out: &mut Vec<Element>) {
        // The note's first paragraph starts with its number.
        let mut first = true;
        for b in &note.blocks {
            let mut inner = Vec::new();
            self.blocks(std::slice::from_ref(b), true, &mut inner);
            if first {
                if let Some(p) = inner.iter_mut().find(|e| e.role == "P") {
                    // A note referenced several times: a letter for each reference.
                    let letters: String = match note.ref_ids.len() {
                        0 | 1 => String::new(),
                        n => publish::locale::labels(self.lang).letters[..n].concat(),
                    };
                    p.text = format!(
                        "{}{letters}{}",
                        squeeze(&publish::locale::number(note.number, self.lang)),
                        p.text
                    );
                }
                first = false;
            }
            out.extend(inner);
        }
    }

    fn blocks(&mut self, bs: &[Block], in_note: bool, out: &mut Vec<Element>) {
        for b in bs {
            match b {
                Block::Heading { level, content, .. } => {
                    self.leaf(&format!("H{}", (*level).clamp(1, 6)), content, in_note, out)
                }
                Block::Paragraph { content, dir, .. } => {
                    let text = inline_text(content, self.lang);
                    if !squeeze(&text).is_empty() {
                        let mut e = self.el("P", text, in_note);
                        // A paragraph in the other direction is in the other language.
                        e.lang = dir.map(|_| "en".to_string());
                        out.push(e);
                        self.notes_of(content, out);
                    }
                    figures(content, out);
                }
                Block::CodeBlock { text, .. } => out.push(self.el("Code", text.clone(), in_note)),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(item, in_note, out);
                    }
                }
                Block::BlockQuote(inner) => self.blocks(inner, in_note, out),
                // A verse a P (its hemistichs are spans in it).
                Block::Poem { stanzas, .. } => {
                    for verse in stanzas.iter().flatten() {
                        let mut content = verse.first.clone();
                        if let Some(second) = &verse.second {
                            content.push(Inline::Text(" ".into()));
                            content.extend(second.iter().cloned());
                        }
                        self.leaf("P", &content, in_note, out);
                    }
                }
                Block::Table { head, rows, .. } => {
                    for c in head {
                        self.leaf("TH", c, in_note, out);
                    }
                    for row in rows {
                        for c in row {
                            self.leaf("TD", c, in_note, out);
                        }
                    }
                }
                Block::ThematicBreak => {}
                // Entries are list bodies, not compared here (the appendix tests check them).
                Block::Entries(_) => {}
            }
        }
    }
}

/// The note ids `inlines` reference, in order.
fn note_ids(inlines: &[Inline], out: &mut Vec<String>) {
    for i in inlines {
        match i {
            Inline::FootnoteRef { note_id, .. } => out.push(note_id.clone()),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Span { content: c, .. }
            | Inline::Link { content: c, .. } => note_ids(c, out),
            _ => {}
        }
    }
}

fn figures(inlines: &[Inline], out: &mut Vec<Element>) {
    for i in inlines {
        match i {
            Inline::Image { alt, title, .. } => {
                let description = if alt.trim().is_empty() {
                    title.clone()
                } else {
                    Some(alt.clone())
                };
                if let Some(d) = description {
                    out.push(Element {
                        role: "Figure".into(),
                        text: squeeze(&d),
                        in_note: false,
                        lang: None,
                    });
                }
                if let Some(t) = title {
                    out.push(Element {
                        role: "Caption".into(),
                        text: squeeze(t),
                        in_note: false,
                        lang: None,
                    });
                }
            }
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Span { content: c, .. }
            | Inline::Link { content: c, .. } => figures(c, out),
            _ => {}
        }
    }
}

fn check(manuscript: &Path, out: &Path) {
    let pdf = build_pdf(manuscript, out);
    let doc = Document::load(&pdf).unwrap();
    let book = publish::pipeline::book(manuscript).unwrap().book;
    let got = tree(&doc);
    let want = expected(&book);
    // Before the first chapter: the title page's paragraphs and the contents' heading.
    let first = got
        .iter()
        .position(|e| e.role == "H1" && e.text == want[0].text)
        .unwrap_or_else(|| panic!("no H1 for the first chapter in {got:#?}"));
    assert!(
        got[..first]
            .iter()
            .any(|e| e.role == "P" && e.text == squeeze(&book.meta.title)),
        "the title page's title is a P: {:#?}",
        &got[..first]
    );
    let got = &got[first..];
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(
            (&g.role, &g.text, g.in_note),
            (&w.role, &w.text, w.in_note),
            "element {k} of {}: the tree has {g:?}, the book {w:?}",
            manuscript.display()
        );
        if w.lang.is_some() {
            assert_eq!(g.lang, w.lang, "element {k}: {g:?}");
        }
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{}: {} elements in the tree, {} in the book; extra: {:#?}",
        manuscript.display(),
        got.len(),
        want.len(),
        got.get(want.len()..)
    );
}

#[test]
fn the_structure_tree_holds_every_block_of_the_sample_once_in_reading_order() {
    let d = tempfile::tempdir().unwrap();
    check(&sample(), d.path());
}

#[test]
fn the_structure_tree_holds_every_construct_once_in_reading_order() {
    let d = tempfile::tempdir().unwrap();
    check(&everything(), &d.path().join("everything"));
    check(
        &root().join("tests/manuscripts/mixed"),
        &d.path().join("mixed"),
    );
    check(&history(), &d.path().join("history"));
    check(&notes_book(), &d.path().join("notes"));
    check(&poetry_book(), &d.path().join("poetry"));
    // Notes after their chapters.
    let chapter_notes = with_pdf_settings(
        &notes_book(),
        "notes = \"chapter\"",
        &d.path().join("chapter-notes"),
    );
    check(&chapter_notes, &d.path().join("chapter-notes-out"));
}

/// `pdfua check` (PyPI `pdfua`, the machine-checkable PDF/UA-1 rules) finds nothing on the sample and on
/// the construct books, which is when the PDF may say it is PDF/UA-1 (its XMP does).
#[test]
fn pdfua_finds_no_error_and_no_warning() {
    let Some(python) =
        common::extract::python_with("pdfua").or_else(|| common::extract::skip("pdfua (PyPI)"))
    else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    for (name, manuscript) in [
        ("sample", sample()),
        ("everything", everything()),
        ("mixed", root().join("tests/manuscripts/mixed")),
        ("history", history()),
        ("notes", notes_book()),
        ("poetry", poetry_book()),
        ("vocalized", root().join("tests/manuscripts/vocalized")),
    ] {
        let pdf = build_pdf(&manuscript, &d.path().join(name));
        let o = std::process::Command::new(&python)
            .args(["-m", "pdfua", "check"])
            .arg(&pdf)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(
            report.contains("errors=0 warnings=0"),
            "{name}: {report}{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
