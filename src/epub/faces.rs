//! Which of the book's faces the EPUB packs. A reading system downloads and keeps every font a package
//! holds, so a face no text of the book is set in is left out, with its `@font-face` rule: regular
//! and bold always (text; titles and headings); italic when something is emphasised; bold italic when
//! emphasis meets bold (in a title, a heading, a table's header row, strong text); the code face when
//! there is code or keyboard input; a fallback face when the documents hold a character that no face of
//! the book's has and it is the first fallback that has it (as the PDF chooses). A manuscript's own
//! stylesheet may set anything in any of the book's faces: with one, all five are packed.

use read_fonts::collections::IntSet;

use crate::fonts::Coverage;
use crate::model::{Block, Book, Inline, SpanKind};

/// The faces the EPUB packs.
pub struct Packed {
    /// For each face of [`crate::model::FontSet::all`] (regular, bold, italic, bold italic, code,
    /// then the fallbacks): whether the EPUB packs it.
    pub faces: Vec<bool>,
    /// The code face draws a character the text faces lack (π, ≈, Cyrillic in Amiri's book), as
    /// in the PDF: the text's font stack names it after the text family.
    pub code_face_for_text: bool,
}

/// The faces the EPUB packs for `documents`, which hold the characters `chars`.
pub fn packed(book: &Book, coverage: &Coverage, documents: &[&str], chars: &IntSet<u32>) -> Packed {
    let mut packed = used(book).to_vec();
    packed.resize(5 + book.fonts.fallback.len(), false);
    let mut code_face_for_text = false;
    let mut mark = |c: char, next: Option<char>| {
        if !c.is_ascii() && !crate::fonts::needs_no_glyph(c) {
            if let Some(k) = coverage.fallback_for(c, next).filter(|&k| k >= 4) {
                packed[k] = true;
                code_face_for_text |= k == 4;
            }
        }
    };
    if chars.contains(0xFE0E) || chars.contains(0xFE0F) {
        // A variation selector after a character chooses between its emoji and text faces: each
        // character with the one after it.
        for doc in documents {
            let mut it = doc.chars().peekable();
            while let Some(c) = it.next() {
                mark(c, it.peek().copied());
            }
        }
    } else {
        chars
            .iter()
            .filter_map(char::from_u32)
            .for_each(|c| mark(c, None));
    }
    Packed {
        faces: packed,
        code_face_for_text,
    }
}

/// For each face of [`crate::model::FontSet::all`] (regular, bold, italic, bold italic, code): whether
/// the EPUB needs it.
fn used(book: &Book) -> [bool; 5] {
    if book.extra_css.is_some() {
        return [true; 5];
    }
    let mut u = Use::default();
    for c in &book.chapters {
        u.inlines(&c.title, true, false);
        for b in c
            .blocks
            .iter()
            .chain(c.footnotes.iter().flat_map(|n| &n.blocks))
        {
            u.block(b);
        }
    }
    [true, true, u.italic, u.bold_italic, u.mono]
}

#[derive(Default)]
struct Use {
    italic: bool,
    bold_italic: bool,
    mono: bool,
}

impl Use {
    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading { content, .. } => self.inlines(content, true, false),
            Block::Paragraph { content, .. } => self.inlines(content, false, false),
            Block::CodeBlock { .. } => self.mono = true,
            Block::List { items, .. } => items.iter().flatten().for_each(|b| self.block(b)),
            Block::BlockQuote(blocks) => blocks.iter().for_each(|b| self.block(b)),
            Block::Poem { stanzas, .. } => {
                for v in stanzas.iter().flatten() {
                    self.inlines(&v.first, false, false);
                    if let Some(second) = &v.second {
                        self.inlines(second, false, false);
                    }
                }
            }
            Block::Table { head, rows, .. } => {
                head.iter().for_each(|c| self.inlines(c, true, false));
                rows.iter()
                    .flatten()
                    .for_each(|c| self.inlines(c, false, false));
            }
            Block::ThematicBreak | Block::Entries(_) => {}
        }
    }

    fn inlines(&mut self, inlines: &[Inline], bold: bool, italic: bool) {
        for i in inlines {
            match i {
                Inline::Emphasis(c) => {
                    self.italic |= !bold;
                    self.bold_italic |= bold;
                    self.inlines(c, bold, true);
                }
                Inline::Strong(c) => {
                    self.bold_italic |= italic;
                    self.inlines(c, true, italic);
                }
                Inline::Code(_) => self.mono = true,
                Inline::Span { kind, content } => {
                    self.mono |= *kind == SpanKind::Keyboard;
                    self.inlines(content, bold, italic);
                }
                Inline::Strikethrough(c) | Inline::Link { content: c, .. } => {
                    self.inlines(c, bold, italic)
                }
                Inline::Text(_)
                | Inline::Image { .. }
                | Inline::FootnoteRef { .. }
                | Inline::Anchor(_)
                | Inline::SoftBreak
                | Inline::LineBreak => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Chapter, Footnote};

    fn book(blocks: Vec<Block>, footnotes: Vec<Footnote>) -> Book {
        let mut b = crate::pipeline::book_with_env(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript"),
            Some("0"),
        )
        .unwrap()
        .book;
        b.chapters = vec![Chapter {
            id: "c".into(),
            source: "01.md".into(),
            title: vec![Inline::Text("عنوان".into())],
            title_id: "t".into(),
            blocks,
            sections: vec![],
            footnotes,
            appendix: false,
        }];
        b
    }

    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph {
            id: "p-1".into(),
            content,
            dir: None,
        }
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn faces_follow_what_the_text_is_set_in() {
        let plain = book(vec![para(vec![text("نص")])], vec![]);
        assert_eq!(used(&plain), [true, true, false, false, false]);
        let em = book(vec![para(vec![Inline::Emphasis(vec![text("نص")])])], vec![]);
        assert_eq!(used(&em), [true, true, true, false, false]);
        let strong_em = book(
            vec![para(vec![Inline::Strong(vec![Inline::Emphasis(vec![
                text("نص"),
            ])])])],
            vec![],
        );
        assert_eq!(used(&strong_em), [true, true, false, true, false]);
        let heading_em = book(
            vec![Block::Heading {
                level: 2,
                id: "h".into(),
                classes: vec![],
                content: vec![Inline::Emphasis(vec![text("نص")])],
            }],
            vec![],
        );
        assert_eq!(used(&heading_em), [true, true, false, true, false]);
        let note_code = book(
            vec![para(vec![text("نص")])],
            vec![Footnote {
                id: "fn-1".into(),
                number: 1,
                blocks: vec![para(vec![Inline::Code("x".into())])],
                ref_ids: vec![],
            }],
        );
        assert_eq!(used(&note_code), [true, true, false, false, true]);
        let mut styled = plain.clone();
        styled.extra_css = Some("p { font-style: italic; }".into());
        assert_eq!(used(&styled), [true; 5]);
    }
}
