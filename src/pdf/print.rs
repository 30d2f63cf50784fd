//! The print interior (`[print]`, `publish build --format print`): the book laid out at the
//! service's trim size with its margins, the margin on the binding side from the final page count
//! (the book is laid out again when the count crosses one of the service's steps), without what a
//! printer refuses in a print file (links, bookmarks), an even number of pages, and every page
//! trimmed: a TrimBox, and with bleed a BleedBox and a MediaBox 0.125 in past it on every side.
//!
//! Not yet: the PDF/X-4 declaration (output intent with a CMYK profile) and the cover.

use super::{pages, render_with};
use crate::error::{Result, Warning};
use crate::model::{Book, PrintSettings, BLEED_IN, MM_PER_IN};
use crate::text::{Fonts, LayoutCache};

/// Points in an inch.
const PT_PER_IN: f32 = 72.0;

/// The print interior of `book` as PDF bytes, with what its layout tells the author.
pub fn write_interior(
    book: &Book,
    fonts: &Fonts,
    print: &PrintSettings,
    cache: &mut LayoutCache,
) -> Result<(Vec<u8>, Vec<Warning>)> {
    let mut cfg = book.pdf.clone();
    (cfg.width_mm, cfg.height_mm) = print.trim_mm;
    // The book's own margins where they are wider than the service asks.
    let edge = print.service.edge_margin_in() * MM_PER_IN;
    for k in [0, 1, 3] {
        cfg.margins_mm[k] = cfg.margins_mm[k].max(edge);
    }
    let inner = cfg.margins_mm[2];
    let binding = |pages: usize| inner.max(print.service.binding_margin_in(pages) * MM_PER_IN);
    // Laid out with the margin of the page count it had the time before, until the count asks for
    // the margin it was laid out with (a wider margin only adds pages: this ends, at most once per
    // step of the service's table).
    let mut pages_before = 0;
    let mut doc = loop {
        cfg.margins_mm[2] = binding(pages_before);
        let doc = pages::compose_then(book, fonts, &cfg, cache, || {});
        let pages = even(doc.pages.len());
        if binding(pages) <= cfg.margins_mm[2] || pages <= pages_before {
            break doc;
        }
        pages_before = pages;
    };
    // A print file has no links or bookmarks (KDP refuses them); the pages come in an even number.
    doc.links.clear();
    doc.outline.clear();
    if doc.pages.len() % 2 == 1 {
        doc.pages.push(Default::default());
        doc.labels.push(String::new());
    }
    let warnings = std::mem::take(&mut doc.warnings);
    let bleed = if print.bleed {
        BLEED_IN * PT_PER_IN
    } else {
        0.0
    };
    render_with(book, doc, fonts, Some(bleed)).map(|bytes| (bytes, warnings))
}

fn even(pages: usize) -> usize {
    pages + pages % 2
}
