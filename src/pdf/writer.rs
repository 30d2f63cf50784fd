//! Pages of placed glyphs and rules to PDF bytes, with `printpdf` (glyph-id text) and `subsetter`.
//!
//! Every face is subset to the glyphs the book uses (`subsetter`, which renumbers them) before
//! `printpdf` embeds it as a CID font; each glyph carries the text it stands for, from which `printpdf`
//! writes the ToUnicode map, so the text can be searched and copied. Glyphs are placed absolutely, one
//! text matrix per glyph; `printpdf` merges a line's glyphs into one kerned `TJ`. Font resource names and
//! subset tags are derived from the content, never random.
//!
//! Each font is embedded twice: once with a ToUnicode map (the text layer's nominal glyphs, one
//! character each) and once as a silent copy whose ToUnicode map gives every glyph no text (the shaped
//! glyphs that are drawn). Why the drawn glyphs and the text extractors read are kept apart, and how the
//! text layer is laid, is in `pages/place.rs`.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem, TextMatrix,
};

use crate::error::{Error, Result};
use crate::model::FontSet;
use crate::text::FaceId;

/// A glyph placed on a page (points from the page's lower left corner).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub face: FaceId,
    pub size: f32,
    pub gid: u16,
    pub x: f32,
    pub y: f32,
    /// Horizontal scale of the glyph (1 as designed): the text layer stretches its glyphs to the drawn
    /// word's box.
    pub stretch: f32,
    /// The text this glyph stands for in extraction ("" when it adds nothing, e.g. a mark's base
    /// already carries the cluster's text).
    pub text: String,
    /// Drawn in invisible text mode (a filler for text extraction).
    pub invisible: bool,
    /// Drawn with the copy of the font whose glyphs extract as nothing (every shaped glyph: the text
    /// layer stands for the text).
    pub silent: bool,
}

/// A straight rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub width: f32,
}

/// An image of the book ([`crate::model::Book::images`]) placed on a page: lower left corner and size
/// in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedImage {
    pub index: usize,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// What one page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContent {
    /// Glyph runs: each run is drawn as one text object (a line or part of one).
    pub runs: Vec<Vec<Placed>>,
    pub rules: Vec<Rule>,
    pub images: Vec<PlacedImage>,
}

/// Document metadata for the PDF's Info dictionary.
#[derive(Debug, Clone, Default)]
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
}

fn face_file(set: &FontSet, face: FaceId) -> &crate::model::FontFile {
    match face {
        FaceId::Regular => &set.regular,
        FaceId::Bold => &set.bold,
        FaceId::Italic => &set.italic,
        FaceId::BoldItalic => &set.bold_italic,
        FaceId::Mono => &set.mono,
    }
}

/// A six-letter subset tag derived from the glyph set (ISO 32000-1 §9.6.4), stable across builds.
fn subset_tag(face: FaceId, glyphs: &[u16]) -> String {
    // FNV-1a over the face and its glyphs.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in std::iter::once(face as u8).chain(glyphs.iter().flat_map(|g| g.to_be_bytes())) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

/// Writes the pages (all `width` × `height` points) as a PDF document, ready for [`finish`]; also
/// returns the BaseFont names of the silent font copies and their largest glyph count, for
/// [`Finish::silent_fonts`] and [`Finish::silent_glyphs`].
pub fn write(
    pages: &[PageContent],
    width: f32,
    height: f32,
    fonts: &FontSet,
    images: &[crate::model::Image],
    info: &Info,
) -> Result<(lopdf::Document, Vec<String>, u32)> {
    // Glyphs used per face, in first-use order.
    let mut used: BTreeMap<FaceId, Vec<u16>> = BTreeMap::new();
    for page in pages {
        for g in page.runs.iter().flatten() {
            let list = used.entry(g.face).or_default();
            if !list.contains(&g.gid) {
                list.push(g.gid);
            }
        }
    }
    // A glyph has one ToUnicode entry per font: when characters share a nominal glyph (a space and a
    // no-break space), the one it stands for most often wins.
    let mut votes: BTreeMap<(FaceId, u16), BTreeMap<&str, usize>> = BTreeMap::new();
    for g in pages
        .iter()
        .flat_map(|p| p.runs.iter().flatten())
        .filter(|g| !g.silent)
    {
        *votes
            .entry((g.face, g.gid))
            .or_default()
            .entry(g.text.as_str())
            .or_insert(0) += 1;
    }
    let canonical: BTreeMap<(FaceId, u16), String> = votes
        .into_iter()
        .map(|(k, v)| {
            let best = v
                .iter()
                .filter(|(t, _)| !t.is_empty())
                .max_by_key(|(_, n)| **n)
                .map(|(t, _)| t.to_string());
            (k, best.unwrap_or_default())
        })
        .collect();
    let mut doc = PdfDocument::new(&info.title);
    doc.metadata.info.author = info.author.clone();
    doc.metadata.info.subject = info.subject.clone();
    let mut remap: BTreeMap<FaceId, (FontId, FontId, subsetter::GlyphRemapper)> = BTreeMap::new();
    let mut silent_names = Vec::new();
    for (k, (face, glyphs)) in used.iter().enumerate() {
        let file = face_file(fonts, *face);
        let mut sorted = glyphs.clone();
        sorted.sort_unstable();
        let mapper = subsetter::GlyphRemapper::new_from_glyphs(&sorted);
        let bytes = subsetter::subset(&file.data, 0, &mapper)
            .map_err(|e| Error::new(format!("cannot subset font {}: {e:?}", file.name)))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| Error::new(format!("cannot embed font {}", file.name)))?;
        let base = file.name.trim_end_matches(".ttf").trim_end_matches(".otf");
        parsed.font_name = Some(format!("{}+{}", subset_tag(*face, &sorted), base));
        // The same glyphs once more as a font whose glyphs extract as nothing: marks are drawn with it
        // where they sit, and given to extractors separately (see `Placed::silent`).
        let mut silent = parsed.clone();
        let silent_name = format!("{}+{}", subset_tag(*face, &[0xFFFF]), base);
        silent.font_name = Some(silent_name.clone());
        silent_names.push(silent_name);
        let id = FontId(format!("F{}", k + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(parsed));
        let silent_id = FontId(format!("S{}", k + 1));
        doc.resources
            .fonts
            .map
            .insert(silent_id.clone(), printpdf::PdfFont::new(silent));
        remap.insert(*face, (id, silent_id, mapper));
    }
    // Images, decoded once each (named by their place in the book, never randomly).
    let mut sizes: BTreeMap<usize, (f32, f32)> = BTreeMap::new();
    for placed in pages.iter().flat_map(|p| &p.images) {
        if sizes.contains_key(&placed.index) {
            continue;
        }
        let image = &images[placed.index];
        let mut warnings = Vec::new();
        let raw =
            printpdf::RawImage::decode_from_bytes(&image.data, &mut warnings).map_err(|e| {
                Error::in_file(&image.source, format!("cannot decode the image: {e}"))
                    .help("save it again as PNG or JPEG")
            })?;
        sizes.insert(placed.index, (raw.width as f32, raw.height as f32));
        doc.resources
            .xobjects
            .map
            .insert(image_id(placed.index), printpdf::XObject::Image(raw));
    }
    let mut out_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::new();
        for placed in &page.images {
            ops.push(Op::UseXobject {
                id: image_id(placed.index),
                transform: printpdf::XObjectTransform {
                    translate_x: Some(Pt(placed.x)),
                    translate_y: Some(Pt(placed.y)),
                    scale_x: Some(placed.width),
                    scale_y: Some(placed.height),
                    no_auto_scale: true,
                    ..Default::default()
                },
            });
        }
        for rule in &page.rules {
            ops.push(Op::SetOutlineThickness { pt: Pt(rule.width) });
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: vec![
                        printpdf::LinePoint {
                            p: printpdf::Point {
                                x: Pt(rule.from.0),
                                y: Pt(rule.from.1),
                            },
                            bezier: false,
                        },
                        printpdf::LinePoint {
                            p: printpdf::Point {
                                x: Pt(rule.to.0),
                                y: Pt(rule.to.1),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        for run in &page.runs {
            ops.push(Op::StartTextSection);
            let mut current: Option<(FaceId, u32, bool)> = None;
            let mut invisible = false;
            for g in run {
                if g.invisible != invisible {
                    let mode = if g.invisible {
                        printpdf::TextRenderingMode::Invisible
                    } else {
                        printpdf::TextRenderingMode::Fill
                    };
                    ops.push(Op::SetTextRenderingMode { mode });
                    invisible = g.invisible;
                }
                let (id, silent_id, mapper) = &remap[&g.face];
                if current != Some((g.face, g.size.to_bits(), g.silent)) {
                    let font = if g.silent { silent_id } else { id };
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font.clone()),
                        size: Pt(g.size),
                    });
                    current = Some((g.face, g.size.to_bits(), g.silent));
                }
                let matrix = if g.stretch == 1.0 {
                    TextMatrix::Translate(Pt(g.x), Pt(g.y))
                } else {
                    TextMatrix::Raw([g.stretch, 0.0, 0.0, 1.0, g.x, g.y])
                };
                ops.push(Op::SetTextMatrix { matrix });
                let gid = mapper.get(g.gid).unwrap_or(0);
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(vec![Codepoint {
                        gid,
                        offset: 0.0,
                        cid: Some(if g.silent {
                            String::new()
                        } else {
                            canonical[&(g.face, g.gid)].clone()
                        }),
                    }])],
                });
            }
            // The rendering mode is graphics state: it outlives the text object, so it is reset here.
            if invisible {
                ops.push(Op::SetTextRenderingMode {
                    mode: printpdf::TextRenderingMode::Fill,
                });
            }
            ops.push(Op::EndTextSection);
        }
        out_pages.push(PdfPage::new(Mm::from(Pt(width)), Mm::from(Pt(height)), ops));
    }
    doc.with_pages(out_pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let glyphs = remap
        .values()
        .map(|(_, _, m)| u32::from(m.num_gids()))
        .max()
        .unwrap_or(1);
    Ok((
        doc.to_lopdf_document(&opts, &mut warnings),
        silent_names,
        glyphs,
    ))
}

/// What `printpdf` cannot say or gets wrong for this book, set on the finished document in one place:
/// the trailer /ID (random in printpdf: derived from the content here), the dates (1970 in printpdf:
/// the book's), the PDF/X claim printpdf always writes (removed: the file makes no such claim), the
/// document language and right-to-left reading order (/Lang, /ViewerPreferences /Direction), and
/// /PageLabels matching the printed folios.
pub fn finish(mut doc: lopdf::Document, meta: &Finish) -> Result<Vec<u8>> {
    use lopdf::{Dictionary, Object, StringFormat};
    let date = Object::String(meta.date.clone().into_bytes(), StringFormat::Literal);
    if let Ok(info_ref) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_ref) {
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Trapped");
            info.set("CreationDate", date.clone());
            info.set("ModDate", date);
            info.set(
                "Producer",
                Object::string_literal(format!("publish {}", env!("CARGO_PKG_VERSION"))),
            );
            info.set("Creator", Object::string_literal("publish"));
        }
    }
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::new(format!("internal error: PDF without a catalog: {e}")))?;
    if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(catalog_id) {
        catalog.remove(b"OutputIntents");
        catalog.remove(b"Metadata");
        catalog.set("Lang", Object::string_literal(meta.language.clone()));
        let mut prefs = Dictionary::new();
        prefs.set(
            "Direction",
            Object::Name(if meta.rtl {
                b"R2L".to_vec()
            } else {
                b"L2R".to_vec()
            }),
        );
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", prefs);
        // Page labels exactly as the folios are printed (Arabic-Indic digits are not a /PageLabels
        // numbering style, so each page's label is its own prefix).
        let mut nums = Vec::new();
        for (i, label) in meta.labels.iter().enumerate() {
            nums.push(Object::Integer(i as i64));
            let text = Object::String(utf16be(label), StringFormat::Hexadecimal);
            nums.push(Object::Dictionary(Dictionary::from_iter(vec![("P", text)])));
        }
        let mut labels = Dictionary::new();
        labels.set("Nums", Object::Array(nums));
        catalog.set("PageLabels", labels);
    }
    // The silent copies get a ToUnicode map that gives every glyph no text (without one, poppler reads
    // the glyph id as a character code).
    let silent: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            let name = d.get(b"BaseFont").ok()?.as_name().ok()?;
            (d.get(b"Subtype").ok()?.as_name().ok()? == b"Type0"
                && meta.silent_fonts.iter().any(|s| s.as_bytes() == name))
            .then_some(*id)
        })
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Publish-Silent-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in (0u32..meta.silent_glyphs).collect::<Vec<_>>().chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for gid in block {
            cmap.push_str(&format!("<{gid:04X}> <>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let cmap_id = doc.add_object(lopdf::Stream::new(Dictionary::new(), cmap.into_bytes()));
    for id in silent {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
            d.set("ToUnicode", Object::Reference(cmap_id));
        }
    }
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let dest = |page: usize, y: f32| {
        Object::Array(vec![
            Object::Reference(pages[page.min(pages.len() - 1)]),
            Object::Name(b"XYZ".to_vec()),
            Object::Null,
            Object::Real(y),
            Object::Null,
        ])
    };
    // Links without a visible border.
    for (page, rect, action) in &meta.links {
        let annot = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Link".to_vec())),
            (
                "Rect",
                Object::Array(rect.iter().map(|&v| Object::Real(v)).collect()),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
            match action {
                Action::Goto(target, y) => ("Dest", dest(*target, *y)),
                Action::Uri(url) => (
                    "A",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("S", Object::Name(b"URI".to_vec())),
                        (
                            "URI",
                            Object::String(url.clone().into_bytes(), StringFormat::Literal),
                        ),
                    ])),
                ),
            },
        ]);
        let id = doc.add_object(annot);
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(pages[*page]) {
            match p.get_mut(b"Annots") {
                Ok(Object::Array(list)) => list.push(Object::Reference(id)),
                _ => p.set("Annots", Object::Array(vec![Object::Reference(id)])),
            }
        }
    }
    // The outline: chapters with their sections nested, each pointing at its heading.
    if !meta.outline.is_empty() {
        let root_id = doc.new_object_id();
        let ids: Vec<lopdf::ObjectId> = meta.outline.iter().map(|_| doc.new_object_id()).collect();
        let parent_of = |i: usize| {
            (0..i)
                .rev()
                .find(|&j| meta.outline[j].3 < meta.outline[i].3)
        };
        let children = |p: Option<usize>| -> Vec<usize> {
            (0..meta.outline.len())
                .filter(|&i| parent_of(i) == p)
                .collect()
        };
        for (i, (page, y, title, _)) in meta.outline.iter().enumerate() {
            let siblings = children(parent_of(i));
            let k = siblings.iter().position(|&s| s == i).unwrap_or(0);
            let mut item = Dictionary::new();
            item.set(
                "Title",
                Object::String(utf16be(title), StringFormat::Hexadecimal),
            );
            item.set(
                "Parent",
                Object::Reference(parent_of(i).map_or(root_id, |p| ids[p])),
            );
            item.set("Dest", dest(*page, *y));
            if k > 0 {
                item.set("Prev", Object::Reference(ids[siblings[k - 1]]));
            }
            if let Some(&next) = siblings.get(k + 1) {
                item.set("Next", Object::Reference(ids[next]));
            }
            let kids = children(Some(i));
            if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                item.set("First", Object::Reference(ids[first]));
                item.set("Last", Object::Reference(ids[last]));
                // Negative: closed; the chapters show, their sections open on demand.
                item.set("Count", Object::Integer(-(kids.len() as i64)));
            }
            doc.objects.insert(ids[i], Object::Dictionary(item));
        }
        let top = children(None);
        let mut outlines = Dictionary::new();
        outlines.set("Type", Object::Name(b"Outlines".to_vec()));
        outlines.set("First", Object::Reference(ids[top[0]]));
        outlines.set(
            "Last",
            Object::Reference(ids[*top.last().unwrap_or(&top[0])]),
        );
        outlines.set("Count", Object::Integer(top.len() as i64));
        doc.objects.insert(root_id, Object::Dictionary(outlines));
        if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(catalog_id) {
            catalog.set("Outlines", Object::Reference(root_id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }
    // A stable file identifier: a hash of the content.
    let mut probe = Vec::new();
    doc.trailer.remove(b"ID");
    doc.save_to(&mut probe)
        .map_err(|e| Error::new(format!("internal error while writing the PDF: {e}")))?;
    let id = Object::String(fnv128(&probe), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::new(format!("internal error while writing the PDF: {e}")))?;
    Ok(out)
}

/// What a link does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Go to a page (0-based) at a height.
    Goto(usize, f32),
    Uri(String),
}

/// Document-level facts for [`finish`].
pub struct Finish {
    /// `D:YYYYMMDDHHmmSSZ`
    pub date: String,
    pub language: String,
    pub rtl: bool,
    /// The label of every page (its printed folio).
    pub labels: Vec<String>,
    /// BaseFont names of the font copies whose glyphs must extract as nothing.
    pub silent_fonts: Vec<String>,
    /// The largest glyph count of the silent copies (their ToUnicode covers that many ids).
    pub silent_glyphs: u32,
    /// Bookmarks: (page, y of the heading's top, title, level), in reading order.
    pub outline: Vec<(usize, f32, String, u8)>,
    /// Links: (page, rectangle, where it goes).
    pub links: Vec<(usize, [f32; 4], Action)>,
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

/// A 128-bit hash (two FNV-1a lanes) of `data`, as 16 bytes.
fn fnv128(data: &[u8]) -> Vec<u8> {
    let mut a: u64 = 0xcbf29ce484222325;
    let mut b: u64 = 0x84222325cbf29ce4;
    for &x in data {
        a ^= u64::from(x);
        a = a.wrapping_mul(0x100000001b3);
        b ^= u64::from(x.rotate_left(3));
        b = b.wrapping_mul(0x100000001b3);
    }
    let mut bytes = a.to_be_bytes().to_vec();
    bytes.extend(b.to_be_bytes());
    bytes
}
