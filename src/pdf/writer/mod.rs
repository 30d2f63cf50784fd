//! The laid-out pages ([`crate::pdf::frame`]) as PDF bytes, split by job as typst-pdf is:
//!
//! - [`text`]: each line of glyphs as the parts every reader's engine extracts whole and in order;
//!   [`paths`]: the glyphs that stand for no character (kashidas), drawn as outlines;
//! - [`content`]: each page's content stream, every piece in a marked-content sequence (its structure
//!   element's MCID, or an artifact);
//! - [`fonts`] and [`program`]: the faces subset and merged into one font, one CID per glyph, text and
//!   way of drawing it;
//! - [`links`]: link annotations; [`outline`]: the bookmarks;
//! - [`structure`]: the structure tree and its parent tree;
//! - [`catalog`]: the catalog and metadata (information dictionary and XMP); [`intent`]: what the
//!   file declares it meets (PDF/A-2u, or PDF/X-4 for print) and the colour profiles of that;
//! - [`file`]: the document saved as a file, on every core, with its identifier.
//!
//! `printpdf` is the document writer: pages, fonts with their widths and ToUnicode maps, images, the
//! information dictionary. What it cannot say is added to its document with `lopdf` in the module that
//! owns it (the CID widths and glyph map in [`fonts`], the rest in [`catalog`], [`links`],
//! [`outline`], [`structure`]). The document is compressed and saved once ([`file`]).
//!
//! The one thing `printpdf` is not given is the pages' operations: it holds every operation of every
//! page as an object until the document is saved (hundreds of bytes a glyph: 200 MB for a 560-page
//! book) and translates them one page after another. [`content`] writes each page's stream as bytes
//! instead, exactly as `lopdf` encodes the operations `printpdf` would have made, on every core a few
//! pages ahead of this thread, which gives the glyphs their codes in page order ([`content::Recorder`]);
//! the streams are compressed on every core (with every other stream of the document, at one zlib
//! level: [`LEVEL`]) while the rest of the document is made, and they are put in the pages `printpdf`
//! wrote empty. `printpdf` makes a font's `/W` and ToUnicode map from the glyphs its
//! pages show, so the first page is given one list of every code used ([`fonts::Cids::usage`]) in
//! place of its operations.

mod catalog;
mod content;
mod file;
mod fonts;
mod images;
mod intent;
mod links;
mod outline;
mod paths;
mod program;
mod structure;
mod text;

use std::collections::BTreeSet;

use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions, Pt};

pub use catalog::{Bleed, Meta};
pub use intent::{Conformance, Rendition};

use crate::error::{Error, Result};
use crate::model::{FontSet, Image};
use crate::pdf::frame::{self, Artifact, Item, Tag};
use crate::text::Fonts;

/// How many pages' lines may be worked out ahead of the page being written (bounds the memory it takes).
const PAGES_AHEAD: usize = 32;

/// Writes `doc` as a PDF: its pages with the book's `fonts` and `images`, and `meta`. The pages' lines
/// are let go of as soon as the content streams are written.
pub fn write(
    mut doc: frame::Document,
    fonts: &Fonts,
    set: &FontSet,
    images: &[Image],
    meta: &Meta,
) -> Result<Vec<u8>> {
    let mut pdf = PdfDocument::new(&meta.title);
    pdf.metadata.info.author = meta.authors.join("، ");
    pdf.metadata.info.subject = meta.subject.clone();
    let mut cids = fonts::Cids::new(fonts);
    let structure = &doc.structure;
    let trim = doc.size;
    // The media of a print interior reaches past the trim by its bleed.
    let (width, height) = meta.trim_bleed.map_or(trim, |b| b.media(trim));
    let mut contents = Vec::with_capacity(doc.pages.len());
    let mut marked = Vec::with_capacity(doc.pages.len());
    // Each page's content stream is written on every core a few pages ahead, its codes noted; on this
    // thread the codes are given their CIDs in page order (they are numbered in order of first use)
    // and put in. Should a code come out otherwise than it was written (the book's font out of room
    // for new CIDs), the page is written again here with the code table itself.
    let faces = std::sync::Arc::clone(cids.faces());
    let blanks = faces.blanks();
    let outlines = paths::Outlines::new(fonts);
    let written = |page: &frame::Page| {
        let mut recorder = content::Recorder::new(&faces);
        let (bytes, page_marked) = page_stream(page, &blanks, &outlines, &mut recorder, structure);
        (bytes, page_marked, recorder)
    };
    crate::parallel::in_order(
        &doc.pages,
        PAGES_AHEAD,
        written,
        |k, (mut bytes, page_marked, recorder)| {
            let (bytes, page_marked) = if recorder.fill(&mut cids, &mut bytes) {
                (bytes, page_marked)
            } else {
                page_stream(&doc.pages[k], &blanks, &outlines, &mut cids, structure)
            };
            // A page with bleed is drawn from the media's corner: the trimmed page where it starts.
            let bytes = match meta.trim_bleed.filter(|b| b.pt > 0.0) {
                Some(b) => {
                    let (x, y) = b.origin(k, meta.rtl);
                    [format!("1 0 0 1 {x} {y} cm\n").into_bytes(), bytes].concat()
                }
                None => bytes,
            };
            contents.push(bytes);
            marked.push(page_marked);
        },
    );
    let page_count = doc.pages.len();
    // The images the pages show, each once, in the book's order.
    let used: Vec<usize> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Image(image) => Some(image.index),
            _ => None,
        })
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    let pages = std::mem::take(&mut doc.pages);
    // The content streams are compressed on the other threads while the rest of the document is
    // made (it does not read them), and put in place at the end; the pages are let go of there too.
    let (contents, out) = std::thread::scope(|s| {
        s.spawn(move || drop(pages));
        let packed = s.spawn(|| crate::error::quietly(|| compress_all(contents)));
        let out = document(
            pdf,
            &cids,
            set,
            page_count,
            (width, height),
            &doc,
            meta,
            &marked,
            (images, &used),
            &outlines,
        );
        let packed = packed
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (packed, out)
    });
    let (mut out, page_ids) = out?;
    put_contents(&mut out, &page_ids, contents)?;
    compress_objects(&mut out);
    let bytes = file::write(&out);
    // Letting go of the document's objects (every page's, every element's) takes a few
    // milliseconds: done on a thread of its own, not before the file is handed back.
    std::thread::spawn(move || drop(out));
    Ok(bytes)
}

/// Page `page`'s content stream (uncompressed), with the element of each of its MCIDs, its codes
/// from `coder`.
fn page_stream<C: content::Coder>(
    page: &frame::Page,
    blanks: &fonts::Blanks,
    outlines: &paths::Outlines,
    coder: &mut C,
    structure: &frame::Structure,
) -> (Vec<u8>, Vec<frame::NodeId>) {
    let role_of = &|n: frame::NodeId| structure.nodes[n].role;
    let noted = &|n: frame::NodeId| structure.is_note_reference(n);
    let beside = side_by_side(page);
    let mut stream = content::Stream::new(coder);
    for (i, item) in page.items.iter().enumerate() {
        match item {
            Item::Text(line) => {
                let written = text::parts(line, blanks, beside[i], noted);
                stream.line(line, &written, outlines, role_of);
            }
            Item::Rule(rule) => {
                stream.begin(Tag::Artifact(Artifact::Layout), role_of);
                stream.rule(rule.width, rule.from, rule.to);
                stream.end();
            }
            Item::Image(image) => {
                let tag = image
                    .node
                    .map_or(Tag::Artifact(Artifact::Layout), Tag::Node);
                stream.begin(tag, role_of);
                let matrix = images::matrix(
                    image.orientation,
                    image.x,
                    image.y,
                    image.width,
                    image.height,
                );
                stream.image(&images::name(image.index), matrix);
                stream.end();
            }
            Item::Paint(paint) => stream.paint(paint, role_of),
        }
    }
    stream.finish();
    (stream.bytes(), std::mem::take(&mut stream.marked))
}

/// The document without its pages' content streams: fonts, pages, links, outline, structure tree,
/// catalog; with the pages' object ids.
#[allow(clippy::too_many_arguments)]
fn document(
    mut pdf: PdfDocument,
    cids: &fonts::Cids,
    set: &FontSet,
    page_count: usize,
    (width, height): (f32, f32),
    doc: &frame::Document,
    meta: &Meta,
    marked: &[Vec<frame::NodeId>],
    (images, used): (&[Image], &[usize]),
    outlines: &paths::Outlines,
) -> Result<(lopdf::Document, Vec<lopdf::ObjectId>)> {
    cids.embed(&mut pdf, set)?;
    // The pages go to printpdf without operations (their content streams are put in later); the
    // first carries the codes used, from which printpdf writes the fonts' widths and ToUnicode maps.
    let pages = (0..page_count)
        .map(|k| {
            let ops = if k == 0 { cids.usage() } else { Vec::new() };
            PdfPage::new(Mm::from(Pt(width)), Mm::from(Pt(height)), ops)
        })
        .collect();
    pdf.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut out = pdf.to_lopdf_document(&opts, &mut warnings);
    // printpdf 0.12.8 gives the document an /ID from a counter of the process (`utils::random_number`,
    // seeded with a constant): the first document a process writes always gets the same one, the
    // next another. A series of builds in one process (`publish serve`) would then write files that
    // differ from `publish build`'s. Without it the file gets the identifier made from its content
    // (`file.rs`), the same whichever build of the process writes it.
    out.trailer.remove(b"ID");
    out.version = meta.rendition.conformance().version().to_string();
    let page_ids: Vec<lopdf::ObjectId> = out.get_pages().into_values().collect();
    if let Some(bleed) = meta.trim_bleed {
        trim_boxes(&mut out, &page_ids, doc.size, bleed, meta.rtl);
    }
    let outlined = outlines.write(&mut out);
    let mut profiles = intent::Profiles::default();
    images::write(&mut out, &page_ids, images, used, outlined, &mut profiles)?;
    let annotations = links::write(&mut out, &page_ids, &doc.links);
    let outline = outline::write(&mut out, &page_ids, &doc.outline);
    let tree = structure::write(&mut out, &page_ids, &doc.structure, marked, &annotations);
    catalog::write(&mut out, meta, outline, tree, &mut profiles)?;
    Ok((out, page_ids))
}

/// Gives every page of a print interior its boxes: the MediaBox (and CropBox) of the trimmed page
/// `trim` with its `bleed`, exactly (printpdf's pass through millimetres rounds them), the BleedBox,
/// the media, and the TrimBox, where the trimmed page is drawn on it.
fn trim_boxes(
    doc: &mut lopdf::Document,
    pages: &[lopdf::ObjectId],
    trim: (f32, f32),
    bleed: Bleed,
    rtl: bool,
) {
    let rect = |x0: f32, y0: f32, x1: f32, y1: f32| {
        lopdf::Object::Array([x0, y0, x1, y1].map(lopdf::Object::Real).to_vec())
    };
    let (w, h) = bleed.media(trim);
    for (k, id) in pages.iter().enumerate() {
        if let Ok(page) = doc.get_dictionary_mut(*id) {
            let media = rect(0.0, 0.0, w, h);
            page.set("MediaBox", media.clone());
            page.set("CropBox", media.clone());
            page.set("BleedBox", media);
            let (x, y) = bleed.origin(k, rtl);
            page.set("TrimBox", rect(x, y, x + trim.0, y + trim.1));
            // printpdf writes an empty /Annots on every page; a print file has none.
            if page
                .get(b"Annots")
                .and_then(lopdf::Object::as_array)
                .is_ok_and(|a| a.is_empty())
            {
                page.remove(b"Annots");
            }
        }
    }
}

/// A page's content stream, deflated ([`deflate`]) or left plain.
struct Contents {
    bytes: Vec<u8>,
    deflated: bool,
}

/// Compresses the pages' content streams on every core.
fn compress_all(plain: Vec<Vec<u8>>) -> Vec<Contents> {
    crate::parallel::map_owned(plain, |bytes| match deflate(&bytes) {
        Some(packed) => Contents {
            bytes: packed,
            deflated: true,
        },
        None => Contents {
            bytes,
            deflated: false,
        },
    })
}

/// The zlib level every stream of the PDF is compressed at. Measured on the 60-chapter book
/// (`benches/book.py`, the PDF alone, processor time and size): level 6 (zlib's default) 727 ms and
/// 1,605,260 bytes; 5: 711 ms, 1,608,726 bytes (0.2% larger); 4: 706 ms, 3.7% larger; 1: 659 ms,
/// 54% larger. Level 9 (lopdf's) made files 1.2% smaller than 6 for 4% more of the build.
const LEVEL: u32 = 5;

/// `bytes` deflated, when that saves more than the 19 bytes a filter entry costs (as lopdf decides).
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
    let packed = z.write_all(bytes).and_then(|()| z.finish()).ok()?;
    (packed.len() + 19 < bytes.len()).then_some(packed)
}

/// What `lopdf`'s `Document::compress` does (every stream not yet filtered, deflated when that saves
/// bytes), at [`LEVEL`] and on every core: each stream compresses on its own, so the file is the same
/// however the work is shared.
fn compress_objects(out: &mut lopdf::Document) {
    let streams: Vec<&mut lopdf::Stream> = out
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression => Some(s),
            _ => None,
        })
        .collect();
    // As lopdf's own pass: a stream that does not compress stays as it is.
    crate::parallel::map_owned(streams, |s| {
        if s.dict.get(b"Filter").is_err() {
            if let Some(packed) = deflate(&s.content) {
                s.dict.set("Filter", "FlateDecode");
                s.set_content(packed);
            }
        }
    });
}

/// Puts each page's content stream in place of the empty one printpdf wrote.
fn put_contents(
    out: &mut lopdf::Document,
    page_ids: &[lopdf::ObjectId],
    contents: Vec<Contents>,
) -> Result<()> {
    let missing = || Error::new("internal error: a page of the PDF has no content stream");
    for (&page, c) in page_ids.iter().zip(contents) {
        let id = out
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|_| missing())?;
        let stream = out
            .get_object_mut(id)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(|_| missing())?;
        if c.deflated {
            stream.dict.set("Filter", "FlateDecode");
        }
        stream.set_content(c.bytes);
    }
    Ok(())
}

/// For every item of `page`: a line of text (not an artifact) with another after it on its baseline.
fn side_by_side(page: &frame::Page) -> Vec<bool> {
    let baseline = |item: &Item| match item {
        Item::Text(l) if !matches!(l.tag, Tag::Artifact(_)) => Some((l.y * 10.0).round() as i64),
        _ => None,
    };
    let mut last = std::collections::HashMap::new();
    for (i, item) in page.items.iter().enumerate() {
        if let Some(y) = baseline(item) {
            last.insert(y, i);
        }
    }
    page.items
        .iter()
        .enumerate()
        .map(|(i, item)| baseline(item).is_some_and(|y| last[&y] > i))
        .collect()
}

/// A PDF text string: UTF-16BE with a byte order mark.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend(unit.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A page written away from the code table, its codes filled in afterwards, is byte for byte the
    /// page written with the table itself, and the table ends the same; with the font out of room for
    /// new CIDs (codes then take the nearest width), the pages that need it are written again.
    #[test]
    fn pages_written_away_from_the_code_table_are_those_written_with_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
        let loaded = crate::pipeline::book_with_env(&dir, Some("0")).unwrap();
        let fonts = loaded.fonts().unwrap().unwrap();
        let doc = crate::pdf::compose(&loaded.book, &fonts);
        let by = &doc.structure;
        for (room, fallbacks_expected) in [(None, false), (Some(300), true)] {
            let table = || {
                let cids = fonts::Cids::new(&fonts);
                match room {
                    Some(r) => cids.with_room(r),
                    None => cids,
                }
            };
            let (mut direct, mut filled) = (table(), table());
            let faces = Arc::clone(filled.faces());
            let blanks = faces.blanks();
            let outlines = paths::Outlines::new(&fonts);
            let mut fallbacks = 0;
            for page in &doc.pages {
                let expected = page_stream(page, &blanks, &outlines, &mut direct, by);
                let mut recorder = content::Recorder::new(&faces);
                let (mut bytes, marked) = page_stream(page, &blanks, &outlines, &mut recorder, by);
                let got = if recorder.fill(&mut filled, &mut bytes) {
                    (bytes, marked)
                } else {
                    fallbacks += 1;
                    page_stream(page, &blanks, &outlines, &mut filled, by)
                };
                assert_eq!(got, expected);
            }
            assert_eq!(
                fallbacks > 0,
                fallbacks_expected,
                "{fallbacks} pages written again"
            );
            assert_eq!(filled.usage(), direct.usage());
        }
    }
}
