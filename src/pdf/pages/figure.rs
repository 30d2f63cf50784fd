//! Images on the page.
//!
//! Every image is set as a figure of its own, centred, at the size the EPUB edition shows it (a pixel
//! is a CSS pixel, 0.75 pt), scaled down with its proportions kept to fit the measure (the width of
//! the text block) and half the text block's height; images are never enlarged, which would print
//! their pixels. An image that stands alone in its paragraph takes the paragraph's place; one that stands
//! inside a sentence follows its paragraph (the text engine sets lines of text, not boxes). The
//! image's title, when it has one, is printed under it as its caption. Its alternative text is not
//! printed, but it is laid over the image as invisible text, so search, copy and screen readers get
//! what the EPUB gives them in `alt`.

use crate::model::Inline;
use crate::text::FaceId;

use super::place::text_layer;
use super::Composer;
use crate::pdf::writer::PlacedImage;

/// An image of a paragraph: its index in the book, its alternative text and its title.
pub(super) struct Figure {
    pub index: usize,
    pub alt: String,
    pub title: Option<String>,
}

/// The images of `inlines`, in reading order.
pub(super) fn figures(inlines: &[Inline]) -> Vec<Figure> {
    let mut out = Vec::new();
    collect(inlines, &mut out);
    out
}

fn collect(inlines: &[Inline], out: &mut Vec<Figure>) {
    for inline in inlines {
        match inline {
            Inline::Image { index, alt, title } => out.push(Figure {
                index: *index,
                alt: alt.clone(),
                title: title.clone(),
            }),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => collect(c, out),
            Inline::Span { content, .. } | Inline::Link { content, .. } => collect(content, out),
            _ => {}
        }
    }
}

impl Composer<'_, '_> {
    /// Sets `figure` at the cursor (on the next page when it does not fit).
    pub(super) fn figure(&mut self, figure: &Figure, size: f32) {
        let image = &self.book.images[figure.index];
        let (px_w, px_h) = (image.width as f32, image.height as f32);
        if self.pages.is_empty() {
            self.new_page(false);
        }
        let measure = self.geo.measure();
        let block = self.geo.height - self.geo.top - self.geo.bottom;
        // A CSS pixel is 0.75 pt: the size the EPUB edition shows the image at.
        let mut width = (px_w * 0.75).min(measure);
        let mut height = width * px_h / px_w;
        if height > block * 0.5 {
            height = block * 0.5;
            width = height * px_w / px_h;
        }
        let gap = size * 0.6;
        let mut top = self.cursor.map_or(self.geo.top, |(y, d)| y + d + gap);
        if top + height > self.geo.height - self.geo.bottom && self.cursor.is_some() {
            self.new_page(false);
            top = self.geo.top;
        }
        let (left, right) = self.edges();
        let x = left + (right - left - width) / 2.0;
        let y = self.geo.height - top - height;
        let page = self.pages.last_mut().expect("a page exists");
        page.images.push(PlacedImage {
            index: figure.index,
            x,
            y,
            width,
            height,
        });
        // The alternative text, invisible, across the middle of the image.
        if !figure.alt.trim().is_empty() {
            let layout = self.set_plain(&figure.alt, FaceId::Regular, size * 0.8, f32::MAX / 4.0);
            if let Some(line) = layout.lines.first() {
                let lx = x + (width - line.width) / 2.0;
                let mut run = text_layer(self.fonts, &figure.alt, line, lx, y + height / 2.0);
                self.pages
                    .last_mut()
                    .expect("a page exists")
                    .runs
                    .push(std::mem::take(&mut run));
            }
        }
        self.cursor = Some((top + height, 0.0));
        if let Some(title) = figure.title.as_deref().filter(|t| !t.trim().is_empty()) {
            let csize = size * 0.85;
            let layout = self.set_plain(title, FaceId::Italic, csize, measure);
            self.gap(size * 0.3);
            for line in &layout.lines {
                self.place_line(title, line, csize, self.rtl, (0.0, 0.0), true);
            }
        }
        self.gap(gap);
    }
}
