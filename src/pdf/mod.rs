//! The PDF edition: the book laid out on pages with the text engine ([`pages`]) into a neutral
//! description of what each page shows and what it is ([`frame`]), then written as PDF ([`writer`]):
//! title page, contents with dot leaders and page numbers linked to the headings, chapters opening on
//! new pages, headings, justified paragraphs with widow and orphan control, lists, quotations, code,
//! tables, images, notes at the chapter end linked both ways, running heads, folios and matching page
//! labels, a nested outline, embedded subset fonts, text every reader's engine extracts in order, a
//! structure tree for screen readers (tagged PDF), metadata, links in the text.

pub mod cover;
pub mod frame;
pub mod pages;
pub mod print;
pub mod writer;

use crate::error::{Result, Warning};
use crate::model::Book;
use crate::text::Fonts;

/// Builds the PDF of `book`, set with `fonts` (its faces, parsed once for the build:
/// [`crate::load::Loaded::fonts`]): its pages composed, then written.
pub fn write(book: &Book, fonts: &Fonts) -> Result<Vec<u8>> {
    write_then(book, fonts, || {}).map(|(bytes, _)| bytes)
}

/// [`write`], calling `laid_out` once the paragraphs are laid out (on every core), before they are put
/// on pages (one step at a time); with what the layout tells the author ([`frame::Document::warnings`]).
pub fn write_then(
    book: &Book,
    fonts: &Fonts,
    laid_out: impl FnOnce(),
) -> Result<(Vec<u8>, Vec<Warning>)> {
    write_kept(
        book,
        fonts,
        &mut crate::text::LayoutCache::default(),
        laid_out,
    )
}

/// [`write_then`] with the paragraph layouts a build before kept in `cache` (with the same faces),
/// which is left with this build's.
pub fn write_kept(
    book: &Book,
    fonts: &Fonts,
    cache: &mut crate::text::LayoutCache,
    laid_out: impl FnOnce(),
) -> Result<(Vec<u8>, Vec<Warning>)> {
    let mut doc = pages::compose_then(book, fonts, &book.pdf, cache, laid_out);
    let warnings = std::mem::take(&mut doc.warnings);
    render(book, doc, fonts).map(|bytes| (bytes, warnings))
}

/// The book laid out on pages: the neutral description the writer turns into PDF.
pub fn compose(book: &Book, fonts: &Fonts) -> frame::Document {
    pages::compose(book, fonts, &book.pdf)
}

/// The composed pages `doc` of `book` written as PDF bytes.
pub fn render(book: &Book, doc: frame::Document, fonts: &Fonts) -> Result<Vec<u8>> {
    render_with(book, doc, fonts, None, writer::Rendition::Reader)
}

/// [`render`], with the pages trimmed (TrimBox, and `trim_bleed` points of bleed) for print.
fn render_with(
    book: &Book,
    doc: frame::Document,
    fonts: &Fonts,
    trim_bleed: Option<writer::Bleed>,
    rendition: writer::Rendition,
) -> Result<Vec<u8>> {
    render_images(book, doc, fonts, trim_bleed, rendition, &book.images)
}

/// [`render_with`], the pages' images being `images` (a print cover's own).
fn render_images(
    book: &Book,
    doc: frame::Document,
    fonts: &Fonts,
    trim_bleed: Option<writer::Bleed>,
    rendition: writer::Rendition,
    images: &[crate::model::Image],
) -> Result<Vec<u8>> {
    let m = &book.meta;
    let meta = writer::Meta {
        title: m.title.clone(),
        identifier: m.identifier.clone(),
        authors: m.authors.iter().map(|a| a.name.clone()).collect(),
        subject: m.description.clone().unwrap_or_default(),
        language: m.language.clone(),
        rtl: book.is_rtl(),
        modified: m.modified.clone(),
        labels: doc.labels.clone(),
        trim_bleed,
        rendition,
    };
    writer::write(doc, fonts, &book.fonts, images, &meta)
}
