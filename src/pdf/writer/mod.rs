//! The laid-out pages ([`crate::pdf::frame`]) as PDF bytes, split by job as typst-pdf is:
//!
//! - [`text`]: each line of glyphs as the parts every reader's engine extracts whole and in order;
//! - [`content`]: each page's content stream, every piece in a marked-content sequence (its structure
//!   element's MCID, or an artifact);
//! - [`fonts`] and [`program`]: the faces subset and merged into one font, one CID per glyph, text and
//!   way of drawing it;
//! - [`links`]: link annotations; [`outline`]: the bookmarks;
//! - [`structure`]: the structure tree and its parent tree;
//! - [`catalog`]: the catalog, metadata (information dictionary and XMP) and the file identifier.
//!
//! `printpdf` is the document writer: pages, content streams, fonts with their ToUnicode maps, images,
//! the information dictionary. What it cannot say is added to its document with `lopdf` in the module
//! that owns it (the CID widths and glyph map in [`fonts`], the rest in [`catalog`], [`links`],
//! [`outline`], [`structure`]). The document is compressed and saved once.

mod catalog;
mod content;
mod fonts;
mod links;
mod outline;
mod program;
mod structure;
mod text;

use std::collections::BTreeSet;

use printpdf::{Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, Pt};

pub use catalog::Meta;

use crate::error::{Error, Result};
use crate::model::{FontSet, Image};
use crate::pdf::frame::{self, Artifact, Item, Tag};
use crate::text::Fonts;

/// Writes `doc` as a PDF: its pages with the book's `fonts` and `images`, and `meta`.
pub fn write(
    doc: &frame::Document,
    fonts: &Fonts,
    set: &FontSet,
    images: &[Image],
    meta: &Meta,
) -> Result<Vec<u8>> {
    let mut pdf = PdfDocument::new(&meta.title);
    pdf.metadata.info.author = meta.authors.join("، ");
    pdf.metadata.info.subject = meta.subject.clone();
    add_images(&mut pdf, doc, images)?;
    let mut cids = fonts::Cids::new(fonts);
    let role_of = |n: usize| doc.structure.nodes[n].role;
    let role_of = &role_of;
    let (width, height) = doc.size;
    let mut pages = Vec::with_capacity(doc.pages.len());
    let mut marked = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let beside = side_by_side(page);
        let mut stream = content::Stream::new(&mut cids);
        for (i, item) in page.items.iter().enumerate() {
            match item {
                Item::Text(line) => stream.line(line, beside[i], role_of),
                Item::Rule(rule) => {
                    stream.begin(Tag::Artifact(Artifact::Layout), role_of);
                    stream
                        .ops
                        .push(Op::SetOutlineThickness { pt: Pt(rule.width) });
                    stream.ops.push(Op::DrawLine {
                        line: printpdf::Line {
                            points: [rule.from, rule.to]
                                .into_iter()
                                .map(|(x, y)| printpdf::LinePoint {
                                    p: printpdf::Point { x: Pt(x), y: Pt(y) },
                                    bezier: false,
                                })
                                .collect(),
                            is_closed: false,
                        },
                    });
                    stream.end();
                }
                Item::Image(image) => {
                    let tag = image
                        .node
                        .map_or(Tag::Artifact(Artifact::Layout), Tag::Node);
                    stream.begin(tag, role_of);
                    stream.ops.push(Op::UseXobject {
                        id: image_id(image.index),
                        transform: printpdf::XObjectTransform {
                            translate_x: Some(Pt(image.x)),
                            translate_y: Some(Pt(image.y)),
                            scale_x: Some(image.width),
                            scale_y: Some(image.height),
                            no_auto_scale: true,
                            ..Default::default()
                        },
                    });
                    stream.end();
                }
            }
        }
        stream.finish();
        let content::Stream { ops, marked: m, .. } = stream;
        marked.push(m);
        pages.push(PdfPage::new(Mm::from(Pt(width)), Mm::from(Pt(height)), ops));
    }
    cids.embed(&mut pdf, set)?;
    pdf.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut out = pdf.to_lopdf_document(&opts, &mut warnings);
    out.version = "1.7".to_string();
    let page_ids: Vec<lopdf::ObjectId> = out.get_pages().into_values().collect();
    let annotations = links::write(&mut out, &page_ids, &doc.links);
    let outline = outline::write(&mut out, &page_ids, &doc.outline);
    let tree = structure::write(&mut out, &page_ids, &doc.structure, &marked, &annotations);
    catalog::write(&mut out, meta, outline, tree)?;
    out.compress();
    catalog::identify(&mut out);
    let mut bytes = Vec::new();
    // lopdf leaves object streams uncompressed unless it is given a level.
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(9)
        .build();
    out.save_with_options(&mut bytes, save)
        .map_err(|e| Error::new(format!("internal error while writing the PDF: {e}")))?;
    Ok(bytes)
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

/// Decodes every image the pages show, once each (named by its place in the book, never randomly).
fn add_images(pdf: &mut PdfDocument, doc: &frame::Document, images: &[Image]) -> Result<()> {
    let used: BTreeSet<usize> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Image(image) => Some(image.index),
            _ => None,
        })
        .collect();
    for index in used {
        let image = &images[index];
        let mut warnings = Vec::new();
        let raw =
            printpdf::RawImage::decode_from_bytes(&image.data, &mut warnings).map_err(|e| {
                Error::in_file(&image.source, format!("cannot decode the image: {e}"))
                    .help("save it again as PNG or JPEG")
            })?;
        pdf.resources
            .xobjects
            .map
            .insert(image_id(index), printpdf::XObject::Image(raw));
    }
    Ok(())
}

fn image_id(index: usize) -> printpdf::XObjectId {
    printpdf::XObjectId(format!("Im{}", index + 1))
}

/// A PDF text string: UTF-16BE with a byte order mark.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend(unit.to_be_bytes());
    }
    out
}
