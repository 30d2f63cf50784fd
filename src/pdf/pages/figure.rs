//! Images on the page.
//!
//! Every image is set as a figure of its own, centred, at the size the EPUB edition shows it (a pixel
//! is a CSS pixel, 0.75 pt), scaled down with its proportions kept to fit the measure (the width of
//! the text block) and half the text block's height; images are never enlarged, which would print
//! their pixels. An image that stands alone in its paragraph takes the paragraph's place; one that stands
//! inside a sentence follows its paragraph (the text engine sets lines of text, not boxes). The
//! image's title, when it has one, is printed under it as its caption. The image is a `Figure` element
//! whose alternative text (`/Alt`) is the image's description, what the EPUB gives in `alt` (its title
//! when that is empty; with neither, the image is decoration, an artifact); its caption is a `Caption`
//! element after it.

use std::sync::Arc;

use crate::model::Inline;
use crate::text::FaceId;

use super::{Composer, MM};

/// Pixels per inch below which an image is said to print soft.
const MIN_PPI: f32 = 150.0;
use crate::pdf::frame::{self, Item, Role};

/// An image of a paragraph: its index in the book, its alternative text and its title.
pub(super) struct Figure {
    pub index: usize,
    pub alt: String,
    pub title: Option<String>,
    /// The line of the chapter file that shows it.
    pub line: usize,
}

/// The images of `inlines`, in reading order.
pub(super) fn figures(inlines: &[Inline]) -> Vec<Figure> {
    let mut out = Vec::new();
    Inline::visit_images(inlines, &mut |i| {
        if let Inline::Image {
            index,
            alt,
            title,
            line,
        } = i
        {
            out.push(Figure {
                index: *index,
                alt: alt.clone(),
                title: title.clone(),
                line: *line,
            });
        }
    });
    out
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
        // At the size it is set, an image of too few pixels prints soft (printers ask for 300 per inch).
        let ppi = px_w / (width / 72.0);
        if ppi < MIN_PPI {
            let message = format!(
                "image `{}` is set {:.0} × {:.0} mm, which gives it {:.0} pixels per inch: it will print soft (printers ask for 300; {MIN_PPI:.0} is the least this warns below); use an image of at least {:.0} pixels across",
                image.name.trim_start_matches("images/"),
                width / MM,
                height / MM,
                ppi,
                (width / 72.0 * 300.0).ceil()
            );
            self.warn(figure.line, message);
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
        // Its description: the alternative text, else the title; an image with neither is decoration
        // (an artifact).
        let alt = [Some(figure.alt.as_str()), figure.title.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|a| !a.is_empty());
        let node = alt.map(|alt| {
            let node = self.element(Role::Figure);
            self.structure.nodes[node].alt = Some(alt.to_string());
            node
        });
        self.push(Item::Image(frame::Image {
            index: figure.index,
            x,
            y,
            width,
            height,
            orientation: image.orientation,
            node,
        }));
        self.cursor = Some((top + height, 0.0));
        if let Some(title) = figure.title.as_deref().filter(|t| !t.trim().is_empty()) {
            let csize = size * 0.85;
            let layout = self.set_plain(title, FaceId::ITALIC, csize, measure);
            self.gap(size * 0.3);
            let text: Arc<str> = Arc::from(title);
            self.within(Role::Caption, |c| {
                for line in &layout.lines {
                    c.place_line(&text, line, csize, c.rtl, (0.0, 0.0), true);
                }
            });
        }
        self.gap(gap);
    }
}
