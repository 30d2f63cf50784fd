//! The print cover (`<slug>-cover.pdf`): one page with the back, the spine and the front side by
//! side, as a printer wraps it round the book, with 0.125 in of bleed on every side. Its size
//! follows from the trim, the interior's page count and the paper ([`CoverSize`]); for a
//! right-to-left book the front is on the left of the spine.
//!
//! It is the EPUB's cover ([`crate::cover`]) made for press, in vector: a deep green field to the
//! edges of the bleed, a gold double frame on the front, the title, subtitle and authors set by the
//! text engine in ivory; the back with the book's description and a white area where the printer
//! puts the barcode (2 × 1.2 in, by the spine at the foot, as KDP places it); the spine with title
//! and author turned to read along it (the letters' tops towards the front), when the book has
//! [`SPINE_TEXT_PAGES`] pages or more and the spine is wide enough for text of [`MIN_SPINE_PT`]. An author's own cover (`[print] cover`, a PDF or an image)
//! is used in its place when it has the size this cover must have, and is an error naming the size
//! otherwise. Its colours are process colours: the EPUB cover's sRGB ones as
//! CGATS TR 001 prints them (the profile of the PDF/X output intent, relative colorimetric).

mod art;

use std::sync::Arc;

use super::frame::{self, Artifact, Colour, Item, Paint, Role, Tag, TextLine};
use super::writer::{Bleed, Rendition};
use crate::error::{Error, Result, Warning};
use crate::model::{Book, PrintSettings, BLEED_IN};
use crate::text::{self, FaceId, Fonts, Justify, Layout, Options, Paragraph};

/// Points in an inch.
const IN: f32 = 72.0;

/// The fewest pages whose spine carries text (KDP: more than 79; thinner spines are too narrow to
/// print on safely).
pub const SPINE_TEXT_PAGES: usize = 80;

/// The smallest size spine text is set at: a spine too narrow for it has none.
const MIN_SPINE_PT: f32 = 5.0;

/// The EPUB cover's field (#0e3b43), gold (#c9a14a) and ivory (#f6efd9) in CGATS TR 001.
const FIELD: Colour = Colour::Cmyk([0.6, 0.106, 0.2, 0.804]);
const GOLD: Colour = Colour::Cmyk([0.0, 0.208, 0.737, 0.243]);
const IVORY: Colour = Colour::Cmyk([0.008, 0.027, 0.141, 0.043]);
const WHITE: Colour = Colour::Grey(1.0);

/// The barcode area's width and height, and its distance from the trim and the spine, in inches.
const BARCODE: (f32, f32, f32) = (2.0, 1.2, 0.25);

/// Where a cover's parts are, in points, on the trimmed cover (the bleed outside it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverSize {
    /// The trimmed cover: both panels and the spine.
    pub width: f32,
    pub height: f32,
    /// A panel (the trim width of the book).
    pub panel: f32,
    pub spine: f32,
    /// The left edge of the front and of the back panel.
    pub front_x: f32,
    pub back_x: f32,
}

impl CoverSize {
    /// The cover of a book printed as `print` says with `pages` pages, bound on the right when
    /// `rtl`.
    pub fn new(print: &PrintSettings, pages: usize, rtl: bool) -> CoverSize {
        let mm = IN / crate::model::MM_PER_IN;
        let (panel, height) = (print.trim_mm.0 * mm, print.trim_mm.1 * mm);
        let spine = pages as f32 * print.paper.inches_per_page() * IN;
        let (front_x, back_x) = if rtl {
            (0.0, panel + spine)
        } else {
            (panel + spine, 0.0)
        };
        CoverSize {
            width: 2.0 * panel + spine,
            height,
            panel,
            spine,
            front_x,
            back_x,
        }
    }

    /// The media: the trimmed cover with the bleed round it.
    pub fn media(&self) -> (f32, f32) {
        let bleed = 2.0 * BLEED_IN * IN;
        (self.width + bleed, self.height + bleed)
    }
}

/// The cover of `book`, whose interior has `pages` pages, as PDF bytes, with what the author should
/// know of their own artwork.
pub fn write_cover(
    book: &Book,
    fonts: &Fonts,
    print: &PrintSettings,
    pages: usize,
) -> Result<(Vec<u8>, Vec<Warning>)> {
    let size = CoverSize::new(print, pages, book.is_rtl());
    let bleed = Bleed {
        pt: BLEED_IN * IN,
        at_binding: true,
    };
    match &book.print_cover {
        Some(art) => {
            let (own, warnings) = art::own(book, art, &size, pages, print)?;
            let bytes = match own {
                art::Own::Pdf(bytes) => bytes,
                art::Own::Page(page) => {
                    let (doc, image) = *page;
                    super::render_images(book, doc, fonts, Some(bleed), Rendition::Cover, &[image])?
                }
            };
            Ok((bytes, warnings))
        }
        None => {
            let doc = compose(book, fonts, &size, pages)?;
            super::render_with(book, doc, fonts, Some(bleed), Rendition::Cover)
                .map(|bytes| (bytes, Vec::new()))
        }
    }
}

/// The cover laid out.
fn compose(book: &Book, fonts: &Fonts, size: &CoverSize, pages: usize) -> Result<frame::Document> {
    let mut doc = frame::Document {
        size: (size.width, size.height),
        labels: vec![String::new()],
        ..Default::default()
    };
    let mut items = Vec::new();
    let bleed = BLEED_IN * IN;
    items.push(Item::Paint(Paint::Colour(FIELD)));
    items.push(Item::Paint(Paint::Fill([
        -bleed,
        -bleed,
        size.width + bleed,
        size.height + bleed,
    ])));
    front(book, fonts, size, &mut doc, &mut items)?;
    back(book, fonts, size, &mut doc, &mut items)?;
    if pages >= SPINE_TEXT_PAGES {
        spine(book, fonts, size, &mut items);
    }
    doc.pages.push(frame::Page { items });
    Ok(doc)
}

/// A line of `layout` (of `text`) with its left end at `x` and baseline at `y`.
fn line(layout: &Layout, k: usize, text: &Arc<str>, x: f32, y: f32, tag: Tag) -> Item {
    Item::Text(TextLine {
        x,
        y,
        line: Arc::clone(&layout.lines[k]),
        text: Arc::clone(text),
        tag,
        spans: Vec::new(),
    })
}

/// Sets `text` centred on `cx`, its first line's top at `top` (down from the page's top edge at
/// `height`); returns the bottom of its last line.
fn centred(
    items: &mut Vec<Item>,
    layout: &Layout,
    text: &str,
    cx: f32,
    top: f32,
    height: f32,
    tag: Tag,
) -> f32 {
    let text: Arc<str> = Arc::from(text);
    let mut y = top;
    for (k, l) in layout.lines.iter().enumerate() {
        y += l.ascent;
        items.push(line(layout, k, &text, cx - l.width / 2.0, height - y, tag));
        y += l.descent;
    }
    y
}

/// The front: the frame, the title and subtitle, a rule, the authors; all smaller when they would
/// not fit inside the frame, an error when they do not at half their size.
fn front(
    book: &Book,
    fonts: &Fonts,
    size: &CoverSize,
    doc: &mut frame::Document,
    items: &mut Vec<Item>,
) -> Result<()> {
    let m = &book.meta;
    let lang = m.language.as_str();
    let (x0, w, h) = (size.front_x, size.panel, size.height);
    let cx = x0 + w / 2.0;
    // The frame: two gold rules round the panel, inside the printer's safe area.
    items.push(Item::Paint(Paint::Colour(GOLD)));
    for (inset, thick) in [(0.3 * IN, 2.2), (0.38 * IN, 0.8)] {
        let (l, r, b, t) = (x0 + inset, x0 + w - inset, inset, h - inset);
        for rect in [
            [l, b, r, b + thick],
            [l, t - thick, r, t],
            [l, b, l + thick, t],
            [r - thick, b, r, t],
        ] {
            items.push(Item::Paint(Paint::Fill(rect)));
        }
    }
    let measure = w * 0.72;
    let set = |text: &str, face: FaceId, em: f32, k: f32| {
        crate::cover::set(fonts, text, face, w * em * k, measure, lang)
    };
    let height = |l: &Layout| l.lines.iter().map(|l| l.ascent + l.descent).sum::<f32>();
    // Everything set at a scale `k` that lets it fit inside the frame: the title from a quarter of
    // the way down, the authors from three quarters, or lower when the title's block reaches there.
    let bottom_limit = h - 0.5 * IN;
    let mut k = 1.0;
    let (title, subtitle, authors, authors_top) = loop {
        let title = set(&m.title, FaceId::BOLD, 0.075, k);
        let subtitle = m
            .subtitle
            .as_deref()
            .map(|t| set(t, FaceId::REGULAR, 0.04, k));
        let authors: Vec<(Layout, Option<Layout>)> = m
            .authors
            .iter()
            .map(|a| {
                let aff = a
                    .affiliation
                    .as_deref()
                    .map(|t| set(t, FaceId::REGULAR, 0.029, k));
                (set(&a.name, FaceId::BOLD, 0.0475, k), aff)
            })
            .collect();
        let block =
            height(&title) + subtitle.as_ref().map_or(0.0, |l| w * 0.025 + height(l)) + w * 0.1;
        let authors_height: f32 = authors
            .iter()
            .map(|(n, a)| height(n) + a.as_ref().map_or(0.0, |a| 4.0 + height(a)) + w * 0.02)
            .sum();
        // Three quarters down, or higher when there are many, never into the title's block.
        let authors_top = (h * 0.74)
            .min(bottom_limit - authors_height)
            .max(h * 0.25 + block + w * 0.04);
        if authors_top + authors_height <= bottom_limit || k < 0.5 {
            break (title, subtitle, authors, authors_top);
        }
        k *= 0.9;
    };
    items.push(Item::Paint(Paint::Colour(IVORY)));
    let node = doc.structure.add(Role::H(1), None);
    let mut y = centred(items, &title, &m.title, cx, h * 0.25, h, Tag::Node(node));
    if let (Some(sub), Some(layout)) = (&m.subtitle, &subtitle) {
        let node = doc.structure.add(Role::P, None);
        y = centred(items, layout, sub, cx, y + w * 0.025, h, Tag::Node(node));
    }
    // A gold rule with a diamond at its middle.
    let rule_y = h - (y + w * 0.05);
    items.push(Item::Paint(Paint::Colour(GOLD)));
    let half = w * 0.16;
    items.push(Item::Paint(Paint::Fill([
        cx - half,
        rule_y - 0.4,
        cx + half,
        rule_y + 0.4,
    ])));
    let d = w * 0.0095;
    let (c, s) = (
        std::f32::consts::FRAC_1_SQRT_2,
        std::f32::consts::FRAC_1_SQRT_2,
    );
    items.push(Item::Paint(Paint::Transform([c, s, -s, c, cx, rule_y])));
    items.push(Item::Paint(Paint::Fill([-d, -d, d, d])));
    items.push(Item::Paint(Paint::Untransform));
    let mut y = authors_top;
    for (author, (name, affiliation)) in m.authors.iter().zip(&authors) {
        let node = doc.structure.add(Role::P, None);
        items.push(Item::Paint(Paint::Colour(IVORY)));
        y = centred(items, name, &author.name, cx, y, h, Tag::Node(node));
        if let (Some(aff), Some(layout)) = (&author.affiliation, affiliation) {
            let node = doc.structure.add(Role::P, None);
            items.push(Item::Paint(Paint::Colour(GOLD)));
            y = centred(items, layout, aff, cx, y + 4.0, h, Tag::Node(node));
        }
        y += w * 0.02;
    }
    // (The space after the last author is not ink.)
    if y - w * 0.02 > bottom_limit + 0.5 {
        return Err(Error::new(format!(
            "the title, subtitle and authors do not fit on the front cover ({:.2} × {:.2} in) even at half their size",
            w / IN,
            h / IN
        ))
        .help("shorten the title, the subtitle or the authors' affiliations in book.toml, choose a larger [print] trim, or give your own cover ([print] cover = \"art/cover.pdf\")"));
    }
    Ok(())
}

/// The back: the description, justified, above the barcode area.
fn back(
    book: &Book,
    fonts: &Fonts,
    size: &CoverSize,
    doc: &mut frame::Document,
    items: &mut Vec<Item>,
) -> Result<()> {
    let (x0, w, h) = (size.back_x, size.panel, size.height);
    let rtl = book.is_rtl();
    // The barcode area: at the foot, by the spine.
    let (bw, bh, gap) = (BARCODE.0 * IN, BARCODE.1 * IN, BARCODE.2 * IN);
    let bx = if rtl { x0 + gap } else { x0 + w - gap - bw };
    items.push(Item::Paint(Paint::Colour(WHITE)));
    items.push(Item::Paint(Paint::Fill([bx, gap, bx + bw, gap + bh])));
    let Some(description) = book
        .meta
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    else {
        return Ok(());
    };
    let margin = 0.75 * IN;
    let measure = w - 2.0 * margin;
    let top = 1.0 * IN;
    // Room down to a quarter inch above the barcode area.
    let room = h - top - (gap + bh + gap);
    let lang = book.meta.language.as_str();
    let mut font_size = (w * 0.03).min(13.0);
    let layout = loop {
        let mut options = Options::new(measure, Justify::Kashida, lang);
        options.justify_last = false;
        let para = Paragraph::plain(description, FaceId::REGULAR, font_size);
        let layout = text::layout(fonts, &para, &options);
        let leading = font_size * 1.55;
        if layout.lines.len() as f32 * leading <= room {
            break (layout, leading);
        }
        if font_size <= 7.0 {
            return Err(Error::new(format!(
                "the description does not fit on the back cover ({:.2} × {:.2} in) even at 7 pt",
                w / IN,
                h / IN
            ))
            .help("shorten description in book.toml, or choose a larger [print] trim"));
        }
        font_size -= 0.5;
    };
    let (layout, leading) = layout;
    let text: Arc<str> = Arc::from(description);
    let node = doc.structure.add(Role::P, None);
    items.push(Item::Paint(Paint::Colour(IVORY)));
    let mut y = top;
    for (k, l) in layout.lines.iter().enumerate() {
        y += leading;
        // A line short of the measure (the last) keeps to the side the text starts from.
        let x = if rtl {
            x0 + w - margin - l.width
        } else {
            x0 + margin
        };
        items.push(line(&layout, k, &text, x, h - y, Tag::Node(node)));
    }
    Ok(())
}

/// The spine: title and authors on one line turned to run along it, the letters' tops towards the
/// front (a quarter turn anticlockwise when the front is on the left).
fn spine(book: &Book, fonts: &Fonts, size: &CoverSize, items: &mut Vec<Item>) {
    let m = &book.meta;
    let authors: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
    let text = if authors.is_empty() {
        m.title.clone()
    } else {
        format!("{}   ·   {}", m.title, authors.join("، "))
    };
    // A sixteenth of an inch clear each side, and half an inch at each end.
    let across = size.spine - 2.0 * 0.0625 * IN;
    let along = size.height - 1.0 * IN;
    let set = |font_size: f32| {
        let para = Paragraph::plain(&text, FaceId::BOLD, font_size);
        text::layout(
            fonts,
            &para,
            &Options::new(f32::MAX / 4.0, Justify::None, &m.language),
        )
    };
    let mut font_size = 14.0_f32.min(size.spine * 0.5);
    let mut layout = set(font_size);
    let first = &layout.lines[0];
    // Measured by its ink, not its line box (Amiri's leaves room for stacked marks the spine's
    // text may not have).
    let (up, down) = text::justify::ink(fonts, &first.runs);
    let (tall, long) = (up + down, first.width);
    let scale = (across / tall).min(along / long).min(1.0);
    if scale < 1.0 {
        font_size *= scale;
        layout = set(font_size);
    }
    // Smaller than this, the spine is too narrow for text a reader can read on a shelf.
    if font_size < MIN_SPINE_PT {
        return;
    }
    let l = &layout.lines[0];
    let cx = size.panel + size.spine / 2.0;
    let (up, down) = text::justify::ink(fonts, &l.runs);
    let middle = (up - down) / 2.0;
    let matrix = if size.front_x < size.back_x {
        // Front on the left: tops to the left, the line running up.
        [
            0.0,
            1.0,
            -1.0,
            0.0,
            cx + middle,
            (size.height - l.width) / 2.0,
        ]
    } else {
        // Front on the right: tops to the right, the line running down.
        [
            0.0,
            -1.0,
            1.0,
            0.0,
            cx - middle,
            (size.height + l.width) / 2.0,
        ]
    };
    items.push(Item::Paint(Paint::Colour(IVORY)));
    items.push(Item::Paint(Paint::Transform(matrix)));
    let text: Arc<str> = Arc::from(text.as_str());
    items.push(line(
        &layout,
        0,
        &text,
        0.0,
        0.0,
        Tag::Artifact(Artifact::Layout),
    ));
    items.push(Item::Paint(Paint::Untransform));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Paper, PrintService};

    fn print(paper: Paper) -> PrintSettings {
        PrintSettings {
            service: PrintService::Kdp,
            trim_mm: (6.0 * 25.4, 9.0 * 25.4),
            paper,
            bleed: false,
        }
    }

    /// KDP's arithmetic: a 300-page 6 × 9 in book on white paper has a 0.6756 in spine and a cover
    /// of 12.6756 × 9 in trimmed, 12.9256 × 9.25 in with bleed; on cream, 0.75 in.
    #[test]
    fn the_spine_is_the_page_count_times_the_papers_thickness() {
        let white = CoverSize::new(&print(Paper::White), 300, true);
        assert!(
            (white.spine / IN - 0.6756).abs() < 1e-4,
            "{}",
            white.spine / IN
        );
        assert!((white.width / IN - 12.6756).abs() < 1e-4);
        let (w, h) = white.media();
        assert!((w / IN - 12.9256).abs() < 1e-4 && (h / IN - 9.25).abs() < 1e-4);
        let cream = CoverSize::new(&print(Paper::Cream), 300, true);
        assert!((cream.spine / IN - 0.75).abs() < 1e-4);
    }

    /// Right to left: front, spine, back from the left; left to right: back, spine, front.
    #[test]
    fn the_front_is_on_the_side_the_book_opens_from() {
        let rtl = CoverSize::new(&print(Paper::White), 100, true);
        assert_eq!(rtl.front_x, 0.0);
        assert!((rtl.back_x - (rtl.panel + rtl.spine)).abs() < 1e-3);
        let ltr = CoverSize::new(&print(Paper::White), 100, false);
        assert_eq!(ltr.back_x, 0.0);
        assert!((ltr.front_x - (ltr.panel + ltr.spine)).abs() < 1e-3);
    }
}
