//! An author's own print cover (`[print] cover`): a PDF or an image checked against the size the
//! book's cover must have ([`super::CoverSize`]), and what the cover file is made of it.

use super::{CoverSize, IN};
use crate::error::{Error, Result, Warning};
use crate::model::{Art, Book, CoverArt, Image, PrintSettings, BLEED_IN};
use crate::pdf::frame::{self, Item, Role};

/// An author's cover that fits: their PDF as it is, or their image as the page.
pub(super) enum Own {
    Pdf(Vec<u8>),
    /// The page showing the image, which is the only one of its images.
    Page(Box<(frame::Document, Image)>),
}

/// The author's cover `art` checked against the size this book's cover must have: a PDF of one
/// page whose MediaBox is the cover with its bleed and whose TrimBox, if any, the trimmed cover
/// (one without is given its TrimBox and BleedBox; one without a PDF/X output intent a warning); an
/// image of the cover with its bleed, in proportion within 0.3% and of at least 150 ppi (a warning
/// under 300).
pub(super) fn own(
    book: &Book,
    art: &CoverArt,
    size: &CoverSize,
    pages: usize,
    print: &PrintSettings,
) -> Result<(Own, Vec<Warning>)> {
    let (mw, mh) = size.media();
    let inches = |w: f32, h: f32| format!("{:.3} × {:.3} in", w / IN, h / IN);
    let wanted = format!(
        "this book's cover ({pages} pages on {} paper: spine {:.3} in) is {} trimmed, {} with its \
         bleed",
        match print.paper {
            crate::model::Paper::White => "white",
            crate::model::Paper::Cream => "cream",
        },
        size.spine / IN,
        inches(size.width, size.height),
        inches(mw, mh),
    );
    let fail = |message: String| {
        let place = crate::error::Place {
            line: art.line,
            column: art.column,
        };
        Error::at_place(&art.toml, place, format!("[print] cover {}: {message}", art.name)).help(
            "make the artwork at that size, or remove `cover` from [print] to have the cover made from the book's metadata",
        )
    };
    match &art.art {
        Art::Pdf(data) => {
            let doc = lopdf::Document::load_mem(data)
                .map_err(|e| fail(format!("cannot be read as a PDF ({e})")))?;
            let pages_of = doc.get_pages();
            let Some(&page) = pages_of.values().next().filter(|_| pages_of.len() == 1) else {
                return Err(fail(format!(
                    "has {} pages; a cover is one page; {wanted}",
                    pages_of.len()
                )));
            };
            // A box of the page, or (the MediaBox) of the page tree above it, references followed.
            let rect = |key: &[u8]| -> Option<[f32; 4]> {
                let number = |o: &lopdf::Object| {
                    let o = doc.dereference(o).ok()?.1;
                    o.as_float()
                        .ok()
                        .or_else(|| o.as_i64().ok().map(|i| i as f32))
                };
                let mut id = page;
                for _ in 0..64 {
                    let d = doc.get_dictionary(id).ok()?;
                    if let Ok(value) = d.get(key) {
                        let a = doc.dereference(value).ok()?.1.as_array().ok()?;
                        let v: Vec<f32> = a.iter().filter_map(number).collect();
                        return (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]]);
                    }
                    if key != b"MediaBox" {
                        return None;
                    }
                    id = d.get(b"Parent").ok()?.as_reference().ok()?;
                }
                None
            };
            let dims = |r: [f32; 4]| ((r[2] - r[0]).abs(), (r[3] - r[1]).abs());
            let near = |(w, h): (f32, f32), (a, b): (f32, f32)| {
                (w - a).abs() <= 1.0 && (h - b).abs() <= 1.0
            };
            let media = rect(b"MediaBox")
                .ok_or_else(|| fail(format!("has a page without a MediaBox; {wanted}")))?;
            let trim = rect(b"TrimBox");
            let bled = near(dims(media), (mw, mh));
            if !bled {
                let (w, h) = dims(trim.unwrap_or(media));
                let hint = if near((w, h), (size.width, size.height)) {
                    "it has the trimmed size without the bleed: extend the artwork 0.125 in past the trim on every side"
                        .to_string()
                } else {
                    format!("it is {}", inches(w, h))
                };
                return Err(fail(format!("{hint}; {wanted}")));
            }
            let mut warnings = Vec::new();
            let pdfx = doc
                .catalog()
                .ok()
                .and_then(|c| c.get(b"OutputIntents").ok())
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_array().ok())
                .is_some_and(|intents| {
                    intents.iter().any(|i| {
                        doc.dereference(i)
                            .ok()
                            .and_then(|(_, d)| d.as_dict().ok())
                            .and_then(|d| d.get(b"S").ok())
                            .and_then(|s| s.as_name().ok())
                            == Some(&b"GTS_PDFX"[..])
                    })
                });
            if !pdfx {
                warnings.push(Warning::at(
                    &art.toml,
                    art.line,
                    format!(
                        "[print] cover {} is not PDF/X (it has no PDF/X output intent): KDP takes it, \
                         IngramSpark asks for PDF/X-1a or PDF/X-4; export it as PDF/X from your design program",
                        art.name
                    ),
                ));
            }
            if let Some(t) = trim {
                if !near(dims(t), (size.width, size.height)) {
                    let (w, h) = dims(t);
                    return Err(fail(format!("its TrimBox is {}; {wanted}", inches(w, h))));
                }
                return Ok((Own::Pdf(data.clone()), warnings));
            }
            // Without a TrimBox the printer cannot tell the trim from the bleed: it is said.
            let bleed = BLEED_IN * IN;
            let mut doc = doc;
            if let Ok(d) = doc.get_dictionary_mut(page) {
                let r = |v: [f32; 4]| lopdf::Object::Array(v.map(lopdf::Object::Real).to_vec());
                d.set(
                    "TrimBox",
                    r([
                        media[0] + bleed,
                        media[1] + bleed,
                        media[2] - bleed,
                        media[3] - bleed,
                    ]),
                );
                d.set("BleedBox", r(media));
            }
            let mut out = Vec::new();
            doc.save_to(&mut out)
                .map_err(|e| fail(format!("cannot be written again with its TrimBox ({e})")))?;
            Ok((Own::Pdf(out), warnings))
        }
        Art::Image(image) => {
            let (pw, ph) = (image.width as f32, image.height as f32);
            let wanted = format!(
                "{wanted}: {} × {} pixels at 300 pixels an inch",
                (mw / IN * 300.0).ceil(),
                (mh / IN * 300.0).ceil()
            );
            // Within 0.3%: a few hundredths of an inch on a cover, less than a spine grows by with
            // ten more pages.
            if ((pw / ph) / (mw / mh) - 1.0).abs() > 0.003 {
                let trimmed = ((pw / ph) / (size.width / size.height) - 1.0).abs() <= 0.003;
                let hint = if trimmed {
                    "in the proportion of the trimmed cover, without the bleed: extend it 0.125 in past the trim on every side"
                } else {
                    "not in the cover's proportion"
                };
                return Err(fail(format!(
                    "is {} × {} pixels, {hint}; {wanted}",
                    image.width, image.height
                )));
            }
            // Under 300 pixels an inch (a pixel short by rounding is 300) it prints soft; under 150,
            // blurred.
            let ppi = pw / (mw / IN);
            let mut warnings = Vec::new();
            if ppi < 150.0 {
                return Err(fail(format!(
                    "is {} × {} pixels: {} pixels an inch at the cover's size, where print needs 300; {wanted}",
                    image.width,
                    image.height,
                    ppi.floor()
                )));
            } else if ppi < 299.5 {
                warnings.push(Warning::at(
                    &art.toml,
                    art.line,
                    format!(
                        "[print] cover {} is {} × {} pixels: {} pixels an inch at the cover's size, where printers ask for 300 ({} × {} pixels); it will print soft",
                        art.name,
                        image.width,
                        image.height,
                        ppi.floor(),
                        (mw / IN * 300.0).ceil(),
                        (mh / IN * 300.0).ceil()
                    ),
                ));
            }
            let bleed = BLEED_IN * IN;
            let mut doc = frame::Document {
                size: (size.width, size.height),
                labels: vec![String::new()],
                ..Default::default()
            };
            let node = doc.structure.add(Role::Figure, None);
            doc.structure.nodes[node].alt = Some(book.meta.title.clone());
            doc.pages.push(frame::Page {
                items: vec![Item::Image(frame::Image {
                    index: 0,
                    x: -bleed,
                    y: -bleed,
                    width: mw,
                    height: mh,
                    orientation: image.orientation,
                    node: Some(node),
                })],
            });
            Ok((Own::Page(Box::new((doc, image.as_ref().clone()))), warnings))
        }
    }
}
