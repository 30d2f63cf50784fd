//! The PDF edition: the book laid out on pages with the text engine ([`pages`]) and written with
//! `printpdf` ([`writer`]): title page, contents with dot leaders and page numbers linked to the
//! headings, chapters opening on new pages, headings, justified paragraphs with widow and orphan
//! control, lists, quotations, code, tables, images, notes at the chapter end linked both ways, running
//! heads, folios and matching page labels, a nested outline, embedded subset fonts, an invisible text
//! layer that extractors read whole, metadata, links in the text (web addresses and places in the book).

pub mod pages;
pub mod writer;

use crate::error::Result;
use crate::model::Book;
use crate::text::Fonts;

/// Builds the PDF of `book`.
pub fn write(book: &Book) -> Result<Vec<u8>> {
    let fonts = Fonts::new(&book.fonts)?;
    let composed = pages::compose(book, &fonts, &book.pdf);
    let geo = pages::Geometry::new(&book.pdf);
    let m = &book.meta;
    let info = writer::Info {
        title: m.title.clone(),
        author: m
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("، "),
        subject: m.description.clone().unwrap_or_default(),
    };
    let (doc, silent_fonts, silent_glyphs) = writer::write(
        &composed.pages,
        geo.width,
        geo.height,
        &book.fonts,
        &book.images,
        &info,
    )?;
    let date = m
        .modified
        .replace(['-', ':'], "")
        .replace('T', "")
        .trim_end_matches('Z')
        .to_string();
    let digits = |n: usize| match book.pdf.digits {
        crate::config::Digits::ArabicIndic => crate::locale::number(n, "ar"),
        crate::config::Digits::Western => n.to_string(),
    };
    let labels = (1..=composed.pages.len()).map(digits).collect();
    let outline = composed
        .anchors
        .iter()
        .map(|a| (a.page, a.y, a.title.clone(), a.level))
        .collect();
    let links = composed
        .links
        .iter()
        .map(|l| {
            let action = match &l.target {
                pages::Target::Goto { page, y } => writer::Action::Goto(*page, *y),
                pages::Target::Uri(url) => writer::Action::Uri(url.clone()),
            };
            (l.page, l.rect, action)
        })
        .collect();
    let finish = writer::Finish {
        date: format!("D:{date}Z"),
        language: m.language.clone(),
        rtl: book.is_rtl(),
        labels,
        outline,
        links,
        silent_fonts,
        silent_glyphs,
    };
    writer::finish(doc, &finish)
}
