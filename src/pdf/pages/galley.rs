//! A note composed apart: its galley, and the bands a page may break it into.
//!
//! The note's blocks are set as the notes are at a chapter's end (its number first, linked back to its
//! reference), at the notes' size and the full measure, on a page taller than any, with the elements,
//! links and anchors they make. The galley is then cut into bands: each line a band of its own, except
//! where a block quote's rule or an image spans several lines, which stay together. [`super::foot`]
//! places the bands at the pages' feet.

use super::foot::{Band, Galley};
use super::Composer;
use crate::model::{Block, Footnote, Inline, LinkTarget};
use crate::pdf::frame::{Item, Paint, Role, Tag};

impl Composer<'_, '_> {
    /// Composes `note` into a galley: set as the notes are at a chapter's end, at the notes' size and
    /// the full measure, on a page taller than any, then cut into bands.
    pub(super) fn galley(&mut self, chapter: usize, note: &Footnote) -> Galley {
        const TALL: f32 = 100_000.0;
        let saved_geo = self.geo;
        let saved_cursor = self.cursor.take();
        let saved_ids = std::mem::take(&mut self.ids);
        let saved_links = std::mem::take(&mut self.text_links);
        let saved_marker = self.marker.take();
        self.geo.height = TALL;
        self.geo.top = 0.0;
        self.geo.bottom = 0.0;
        self.foot.composing = true;
        self.pages.push(crate::pdf::frame::Page::default());
        self.info.push(super::PageInfo {
            chapter: self.chapter,
            opening: false,
            blank: false,
        });
        let left = self.edges().0;
        let node = self.element(Role::Note);
        let saved_tag = std::mem::replace(&mut self.tag, Tag::Node(node));
        self.note_body(chapter, note);
        self.tag = saved_tag;
        let page = self.pages.len() - 1;
        let items = self.pages.pop().map(|p| p.items).unwrap_or_default();
        self.info.pop();
        let links = std::mem::replace(&mut self.text_links, saved_links);
        let ids = std::mem::replace(&mut self.ids, saved_ids);
        self.foot.composing = false;
        self.geo = saved_geo;
        self.cursor = saved_cursor;
        self.marker = saved_marker;
        let mut bands = cut(
            items,
            TALL,
            left,
            &((chapter, note.id.clone()), note.number),
        );
        // Links and anchors go with the band they are drawn in.
        for link in links.into_iter().filter(|l| l.page == page) {
            let top = TALL - link.rect[3];
            let k = band_at(&bands, top);
            bands[k].links.push(link);
        }
        let mut ids: Vec<_> = ids.into_iter().filter(|(_, (p, _))| *p == page).collect();
        ids.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, (_, y)) in ids {
            let k = band_at(&bands, TALL - y);
            bands[k].ids.push((key, y));
        }
        Galley { bands }
    }

    /// A note's blocks: its number (linked back to its reference, or lettered links back to each of
    /// several) before its first paragraph, at the notes' size.
    pub(super) fn note_body(&mut self, index: usize, note: &Footnote) {
        let size = self.cfg.font_size;
        let nsize = self.note_size();
        let marker = format!("{} ", self.number(self.note_number(&note.id, note.number)));
        for (k, b) in note.blocks.iter().enumerate() {
            if let Block::Paragraph { content, dir, .. } = b {
                let mut inlines = content.clone();
                if k == 0 {
                    let back = |id: &String, content: Vec<Inline>| Inline::Link {
                        target: LinkTarget::Internal {
                            chapter: index,
                            anchor: Some(id.clone()),
                        },
                        title: None,
                        content,
                    };
                    let number = Inline::Strong(vec![Inline::Text(marker.clone())]);
                    // The note's number links back to its reference; a note referenced several
                    // times has a lettered link back to each, as in the EPUB.
                    let lead = match note.ref_ids.as_slice() {
                        [] => vec![number],
                        [only] => vec![back(only, vec![number])],
                        several => {
                            let letters = crate::locale::labels(self.language()).letters;
                            let mut lead = vec![number];
                            for (k, id) in several.iter().enumerate() {
                                let letter = letters.get(k).copied().unwrap_or("*");
                                lead.push(back(id, vec![Inline::Text(letter.into())]));
                                lead.push(Inline::Text(" ".into()));
                            }
                            lead
                        }
                    };
                    inlines.splice(0..0, lead);
                }
                let at = self.within(Role::P, |c| {
                    c.paragraph(&inlines, *dir, nsize, (0.0, 0.0), true)
                });
                if let (0, Some(at)) = (k, at) {
                    self.ids.insert((index, note.id.clone()), at);
                }
            } else {
                self.block(b, 0.0, size * 0.85);
            }
        }
    }
}

/// Moves `item` by `dx`, `dy` points.
pub(super) fn shift(item: &mut Item, dx: f32, dy: f32) {
    match item {
        Item::Text(t) => {
            t.x += dx;
            t.y += dy;
        }
        Item::Rule(r) => {
            r.from = (r.from.0 + dx, r.from.1 + dy);
            r.to = (r.to.0 + dx, r.to.1 + dy);
        }
        Item::Image(i) => {
            i.x += dx;
            i.y += dy;
        }
        // A galley holds no paint (only the cover draws it): a fill moves as the items do, a
        // colour or a transformation stays as it is.
        Item::Paint(Paint::Fill(r)) => *r = [r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy],
        Item::Paint(_) => {}
    }
}

/// The vertical extent of `item` down from the top of a page `height` tall, and its baseline.
fn extent(item: &Item, height: f32) -> (f32, f32, Option<f32>) {
    match item {
        Item::Text(t) => {
            let base = height - t.y;
            (base - t.line.ascent, base + t.line.descent, Some(base))
        }
        Item::Rule(r) => (
            height - r.from.1.max(r.to.1),
            height - r.from.1.min(r.to.1),
            None,
        ),
        Item::Image(i) => (height - (i.y + i.height), height - i.y, None),
        Item::Paint(Paint::Fill(r)) => (height - r[3], height - r[1], None),
        // Takes no room.
        Item::Paint(_) => (0.0, 0.0, None),
    }
}

/// Cuts a galley's items into bands: items whose extents overlap (a line and its marker, a quotation
/// and its rule, an image) stay in one band.
fn cut(items: Vec<Item>, height: f32, left: f32, note: &((usize, String), usize)) -> Vec<Band> {
    let mut items: Vec<_> = items
        .into_iter()
        .enumerate()
        .map(|(k, it)| (extent(&it, height), k, it))
        .collect();
    items.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0).then(a.1.cmp(&b.1)));
    let mut bands: Vec<Band> = Vec::new();
    let mut order: Vec<Vec<usize>> = Vec::new();
    for ((top, bottom, base), k, item) in items {
        match bands.last_mut() {
            Some(b) if top < b.bottom - 0.01 => {
                b.bottom = b.bottom.max(bottom);
                if let Some(base) = base {
                    b.base = b.base.min(base);
                    b.last = b.last.max(base);
                }
                b.items.push(item);
                order.last_mut().expect("a band").push(k);
            }
            _ => {
                order.push(vec![k]);
                let (b0, b1) = base.map_or((top, bottom), |b| (b, b));
                bands.push(Band {
                    top,
                    base: b0,
                    last: b1,
                    bottom,
                    first: bands.is_empty(),
                    note: note.0.clone(),
                    number: note.1,
                    items: vec![item],
                    links: Vec::new(),
                    ids: Vec::new(),
                    left,
                    height,
                });
            }
        }
    }
    // Items in the order they were drawn (reading order), band by band.
    for (band, order) in bands.iter_mut().zip(order) {
        let mut drawn: Vec<_> = order.into_iter().zip(band.items.drain(..)).collect();
        drawn.sort_by_key(|(k, _)| *k);
        band.items = drawn.into_iter().map(|(_, it)| it).collect();
    }
    bands
}

/// The band holding the point `top` down from the galley's top (the last one starting above it).
fn band_at(bands: &[Band], top: f32) -> usize {
    bands.iter().rposition(|b| b.top <= top + 0.01).unwrap_or(0)
}
