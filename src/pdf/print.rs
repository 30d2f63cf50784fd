//! The print interior (`[print]`, `publish build --format print`): the book laid out at the
//! service's trim size with its margins, the margin on the binding side from the final page count
//! (the book is laid out again when the count crosses one of the service's steps), without what a
//! printer refuses in a print file (links, bookmarks), an even number of pages, and every page
//! trimmed: a TrimBox, and with bleed a BleedBox and a MediaBox 0.125 in past it at the top, the
//! bottom and the outside edge (KDP, IngramSpark), or on every side (Lulu, generic).
//!
//! The interior is PDF/X-4 ([`super::writer`]'s print conformance); so is the cover
//! ([`super::cover`]), sized from the interior's page count.

use super::writer::{Bleed, Rendition};
use super::{pages, render_with};
use crate::error::{Error, Result, Warning};
use crate::model::{Book, PrintSettings, BLEED_IN, MM_PER_IN};
use crate::text::{Fonts, LayoutCache};

/// Points in an inch.
const PT_PER_IN: f32 = 72.0;

/// The files a printer takes: the interior and the cover.
pub struct Printed {
    pub interior: Vec<u8>,
    pub cover: Vec<u8>,
    /// The interior's page count (even).
    pub pages: usize,
    /// What the interior's layout tells the author.
    pub warnings: Vec<Warning>,
}

/// The interior of `book` and its cover, as `print` says.
pub fn write(
    book: &Book,
    fonts: &Fonts,
    print: &PrintSettings,
    cache: &mut LayoutCache,
) -> Result<Printed> {
    let (interior, pages, warnings) = write_interior(book, fonts, print, cache)?;
    let (cover, cover_warnings) = super::cover::write_cover(book, fonts, print, pages)?;
    let mut warnings = warnings;
    warnings.extend(cover_warnings);
    Ok(Printed {
        interior,
        cover,
        pages,
        warnings,
    })
}

/// The print interior of `book` as PDF bytes, with its page count and what its layout tells the
/// author.
fn write_interior(
    book: &Book,
    fonts: &Fonts,
    print: &PrintSettings,
    cache: &mut LayoutCache,
) -> Result<(Vec<u8>, usize, Vec<Warning>)> {
    let mut cfg = book.pdf.clone();
    (cfg.width_mm, cfg.height_mm) = print.trim_mm;
    // The book's own margins where they are wider than the service asks.
    let edge = print.service.edge_margin_in(print.bleed) * MM_PER_IN;
    for k in [0, 1, 3] {
        cfg.margins_mm[k] = cfg.margins_mm[k].max(edge);
    }
    // The running head and the folio sit in the top and bottom margins: those are made deep enough
    // that their ink is the service's margin from the trim too. Above the head's baseline: 1.8 em
    // (a vocalised chapter title's stacked marks and the Quran's pause marks over Amiri's tallest
    // letters reach 1.7 em); below the folio's: 0.7 em (the font box of its digits, as a viewer
    // selects them).
    let furniture = cfg.font_size * pages::FURNITURE_SIZE / PT_PER_IN * MM_PER_IN;
    cfg.margins_mm[0] = cfg.margins_mm[0].max((edge + 1.8 * furniture) / pages::HEAD_AT);
    cfg.margins_mm[1] = cfg.margins_mm[1].max((edge + 0.7 * furniture) / pages::FOLIO_AT);
    let inner = cfg.margins_mm[2];
    // The `[pdf]` margins were checked against the `[pdf]` page; on the trim they may leave no room.
    let widest = inner.max(print.service.binding_margin_in(usize::MAX) * MM_PER_IN);
    if widest + cfg.margins_mm[3] > cfg.width_mm * 0.6
        || cfg.margins_mm[0] + cfg.margins_mm[1] > cfg.height_mm * 0.6
    {
        return Err(Error::new(format!(
            "the margins leave too little room for text on the print trim ({:.0} × {:.0} mm)",
            cfg.width_mm, cfg.height_mm
        ))
        .help("make the [pdf] margins smaller, or choose a larger [print] trim"));
    }
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
    let bleed = Bleed {
        pt: if print.bleed {
            BLEED_IN * PT_PER_IN
        } else {
            0.0
        },
        at_binding: print.service.bleeds_at_binding(),
    };
    let pages = doc.pages.len();
    render_with(book, doc, fonts, Some(bleed), Rendition::Interior)
        .map(|bytes| (bytes, pages, warnings))
}

fn even(pages: usize) -> usize {
    pages + pages % 2
}
