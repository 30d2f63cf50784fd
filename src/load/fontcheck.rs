//! The fonts a manuscript brings, checked once when it loads: their structure ([`crate::fonts::check`],
//! before anything else reads them), then, when the faces are parsed for the build
//! ([`super::Loaded::fonts`]), the book's text set with each of them by the text engine as the PDF and
//! the cover will set it, and the glyphs that gives checked and subset
//! ([`crate::fonts::check_glyphs`]). A damaged font is an error naming the file and the line of
//! `book.toml`, before any edition is written. Bundled faces are not checked.
//!
//! A panic in the shaper on a damaged table is contained here ([`crate::error::contain`]) and reported
//! as damage to the face being set; the editions' writers contain panics again as a last line of
//! defence (`cli`).

use std::collections::BTreeSet;

use crate::model::{Block, Book, Inline};
use crate::text::{self, FaceId, Fonts, Justify, Options, Paragraph};

/// Sets every title and paragraph of `book` with each face in `faces` (a font of the manuscript),
/// parsed once in `fonts`; returns the first face that fails and why.
pub fn typeset(fonts: &Fonts, faces: &[FaceId], book: &Book) -> Result<(), (FaceId, String)> {
    if faces.is_empty() {
        return Ok(());
    }
    let texts = texts(book);
    let opts = Options::new(f32::MAX / 4.0, Justify::None, &book.meta.language);
    for &face in faces {
        let used = crate::error::contain(|| {
            let mut used = BTreeSet::new();
            for t in &texts {
                let layout = text::layout(fonts, &Paragraph::plain(t, face, 12.0), &opts);
                for run in layout.lines.iter().flat_map(|l| &l.runs) {
                    if run.face == face {
                        used.extend(run.glyphs.iter().map(|g| g.id));
                    }
                }
            }
            used
        })
        .map_err(|_| (face, "the shaper fails on it (a damaged table)".to_string()))?;
        crate::fonts::check_glyphs(&book.fonts.all()[face.index()].data, &used)
            .map_err(|why| (face, why))?;
    }
    Ok(())
}

/// The book's titles and the plain text of its paragraphs, headings, table cells and notes.
fn texts(book: &Book) -> Vec<String> {
    // What the editions add around the text: contents and appendix titles, folios and note numbers in
    // both kinds of digits, leaders, list markers, the blanks the PDF's text layer draws.
    let labels = crate::locale::labels(&book.meta.language);
    let mut out = vec![
        book.meta.title.clone(),
        labels.contents.to_string(),
        labels.facts_appendix.to_string(),
        labels.fact_groups.join(" "),
        "٠١٢٣٤٥٦٧٨٩ 0123456789 \u{061C}. • – : ، \u{00A0}\u{200B}\u{2009}".to_string(),
    ];
    out.extend(book.meta.subtitle.clone());
    out.extend(book.meta.authors.iter().map(|a| a.name.clone()));
    for chapter in &book.chapters {
        out.push(chapter.title_text());
        let mut add = |inlines: &[Inline]| out.push(Inline::plain_text(inlines));
        for block in chapter
            .blocks
            .iter()
            .chain(chapter.footnotes.iter().flat_map(|n| &n.blocks))
        {
            visit(block, &mut add);
        }
    }
    out.retain(|t| !t.trim().is_empty());
    out.sort();
    out.dedup();
    out
}

fn visit(block: &Block, add: &mut impl FnMut(&[Inline])) {
    block.visit_inlines(&mut |inlines: &[Inline]| add(inlines));
}
