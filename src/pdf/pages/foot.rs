//! Notes at the foot of the page (`[pdf] notes = "page"`, the default).
//!
//! A note is composed once, apart, into a galley: its blocks set at the notes' size on a page taller
//! than any, with the elements, links and anchors they make, as the rest of the book is set. The galley
//! is cut into bands where a page may break it (between lines; a block quote's rule or an image holds
//! its lines together). The page being filled keeps a foot: the separator rule and the bands of the notes
//! its lines reference, stacked upwards from the bottom of the text block. The body's room on the page
//! is what the foot leaves ([`Composer::space_left`]).
//!
//! The paragraph composer asks, line by line, whether a line fits with the notes it is the first to
//! reference ([`Composer::line_with_notes`]): the line needs its own height and the first band of each
//! of its notes. Once the lines the page takes are decided (widows and orphans ruled out), each note is
//! given as many of its bands as the page holds while the lines still to come keep their room
//! ([`Composer::add_notes`]: all of it when it fits), and the rest is carried to the foot of the next
//! page, under that page's own separator, before that page's notes. That is TeX's rule for insertions
//! and the one Typst's flow composer follows; it looks at each line once, so it stays linear in the
//! length of the book. A table row and a verse ask the same of their notes' first lines. A note whose
//! first band cannot fit even on a page of its own is set where it can be, on the next page.
//!
//! In the structure tree a note is a `Note` inside the element holding its reference, after the
//! reference: a screen reader meets it where the reader's eye does.

use std::collections::{HashMap, VecDeque};

use super::galley::shift;
use super::{Composer, TextLink};
use crate::pdf::frame::{Item, Rule};

/// A line still to come on the page: its advance from the line before, its descent, and the notes it
/// is the first to reference.
pub(super) type Rest = (f32, f32, Vec<String>);

/// A note's galley cut where a page may break it: its bands, in order.
pub(super) struct Galley {
    pub(super) bands: Vec<Band>,
}

/// Lines of a note that stay together, with what they carry: top, first and last baseline and bottom,
/// measured down from the galley's top.
pub(super) struct Band {
    pub(super) top: f32,
    pub(super) base: f32,
    pub(super) last: f32,
    pub(super) bottom: f32,
    /// The first band of its note.
    pub(super) first: bool,
    /// Its note: chapter and id, and its number in the chapter.
    pub(super) note: (usize, String),
    pub(super) number: usize,
    pub(super) items: Vec<Item>,
    pub(super) links: Vec<TextLink>,
    /// Anchors in the band (the note's own, where its reference links to): key and PDF y in the galley.
    pub(super) ids: Vec<((usize, String), f32)>,
    /// The x the galley's text block started at (pages mirror their margins).
    pub(super) left: f32,
    /// The galley's page height, to turn its PDF y into distances from its top.
    pub(super) height: f32,
}

impl Band {
    /// Its note, as chapter and number.
    fn key(&self) -> (usize, usize) {
        (self.note.0, self.number)
    }
}

/// The foot of the page being filled.
#[derive(Default)]
pub(super) struct Foot {
    /// Bands on this page, each with the distance from the foot's top to its first baseline.
    bands: Vec<(Band, f32)>,
    metrics: Metrics,
    /// Bands of notes continued from a page already full.
    carry: VecDeque<Band>,
    /// Galleys of the notes referenced and not yet placed, by (chapter, note id).
    galleys: HashMap<(usize, String), Galley>,
    /// Notes already given to a foot.
    placed: std::collections::HashSet<(usize, String)>,
    /// Galleys are being composed (a note's own references place nothing at a foot).
    pub(super) composing: bool,
}

/// The height of a foot, and where its last band ends.
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct Metrics {
    /// From the foot's top (separator space included) to the bottom of its last band; 0 when empty.
    pub height: f32,
    /// Distance from the foot's top to its last baseline, that baseline in its galley, and the note
    /// whose galley it is.
    end: f32,
    end_in_galley: f32,
    end_note: Option<(usize, usize)>,
}

impl Metrics {
    /// Where `band` would start (the distance from the foot's top to its first baseline) and the
    /// metrics with it added. `pitch` is the notes' baseline distance, `separator` the room above the first.
    fn with(&self, band: &Band, pitch: f32, separator: f32) -> (f32, Metrics) {
        let base = if self.height == 0.0 {
            separator + (band.base - band.top)
        } else if band.first || self.end_note != Some(band.key()) {
            // A note after another (or the rest of one after another's): a note's pitch apart.
            let prev_descent = self.height - self.end;
            self.end + pitch.max(prev_descent + band.base - band.top)
        } else {
            self.end + (band.base - self.end_in_galley)
        };
        let end = base + (band.last - band.base);
        (
            base,
            Metrics {
                height: end + (band.bottom - band.last),
                end,
                end_in_galley: band.last,
                end_note: Some(band.key()),
            },
        )
    }
}

impl Foot {
    pub(super) fn height(&self) -> f32 {
        self.metrics.height
    }
}

/// The separator's line width, in points.
const SEPARATOR_WIDTH: f32 = 0.5;

/// Distance between the baselines of notes.
fn note_pitch(c: &Composer) -> f32 {
    c.cfg.line_height * c.note_size()
}

/// The room above a page's first note: the gap under the text, the separator rule, the gap under it.
pub(super) fn separator(c: &Composer) -> f32 {
    c.note_size() * SEPARATOR_ROOM
}

/// [`separator`] in the notes' size, and how far down in it the rule is.
const SEPARATOR_ROOM: f32 = 1.5;
const SEPARATOR_AT: f32 = 0.8;

impl Composer<'_, '_> {
    pub(super) fn foot_metrics(&self) -> Metrics {
        self.foot.metrics
    }

    pub(super) fn note_size(&self) -> f32 {
        self.cfg.font_size * 0.85
    }

    /// Whether notes go to the foot of the page here (not in the contents, not inside a note).
    pub(super) fn notes_at_foot(&self) -> bool {
        self.cfg.notes == crate::model::NotePlacement::Page
            && self.chapter.is_some()
            && !self.foot.composing
    }

    /// Of the notes `ids` referenced on a line, those it is the first to reference, with their galleys
    /// composed (their elements made inside the current one, after its references).
    pub(super) fn first_references(&mut self, ids: &[&str]) -> Vec<String> {
        let Some(chapter) = self.chapter else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &id in ids {
            let key = (chapter, id.to_string());
            if self.foot.placed.contains(&key) || out.iter().any(|o: &String| o == id) {
                continue;
            }
            if !self.foot.galleys.contains_key(&key) {
                let Some(note) = self.book.chapters[chapter]
                    .footnotes
                    .iter()
                    .find(|n| n.id == id)
                    .cloned()
                else {
                    continue;
                };
                let galley = self.galley(chapter, &note);
                self.foot.galleys.insert(key, galley);
            }
            out.push(id.to_string());
        }
        out
    }

    /// The foot's metrics with the first lines of `notes` added, if they fit in `room` more points;
    /// `None` when not even the first line of every note fits. What a line that is the first to
    /// reference `notes` needs of the page: the rest of each note may continue on the next page.
    pub(super) fn line_with_notes(
        &self,
        metrics: Metrics,
        notes: &[String],
        room: f32,
    ) -> Option<Metrics> {
        let m = self.first_lines(metrics, notes)?;
        (m.height - metrics.height <= room).then_some(m)
    }

    /// The room the first lines of the notes `ids` take at the foot, those not yet placed: a note's
    /// pitch each (its first line) and the separator on a page with no note yet. For a row of a table,
    /// whose notes are composed as its cells are drawn.
    pub(super) fn notes_room(&self, ids: &[&str]) -> f32 {
        let Some(chapter) = self.chapter else {
            return 0.0;
        };
        if !self.notes_at_foot() {
            return 0.0;
        }
        let new = ids
            .iter()
            .filter(|id| !self.foot.placed.contains(&(chapter, id.to_string())))
            .count();
        if new == 0 {
            return 0.0;
        }
        let start = if self.foot.bands.is_empty() {
            separator(self)
        } else {
            0.0
        };
        start + new as f32 * note_pitch(self)
    }

    /// `metrics` with the first band of each of `notes` added.
    fn first_lines(&self, metrics: Metrics, notes: &[String]) -> Option<Metrics> {
        let chapter = self.chapter?;
        let (pitch, sep) = (note_pitch(self), separator(self));
        let mut m = metrics;
        for id in notes {
            let g = self.foot.galleys.get(&(chapter, id.clone()))?;
            let band = g.bands.first()?;
            m = m.with(band, pitch, sep).1;
        }
        Some(m)
    }

    /// How many bands each of `notes` takes, in order, all that `fits` the foot grown with them and
    /// with the first lines of the notes after it on the line.
    fn greedy(&self, notes: &[String], fits: &dyn Fn(Metrics) -> bool) -> Vec<usize> {
        let (pitch, sep) = (note_pitch(self), separator(self));
        let chapter = self.chapter.unwrap_or(0);
        let mut m = self.foot.metrics;
        let mut taken = Vec::new();
        let galleys: Vec<_> = notes
            .iter()
            .map(|id| self.foot.galleys.get(&(chapter, id.clone())))
            .collect();
        for (j, g) in galleys.iter().enumerate() {
            let mut k = 0;
            if let Some(g) = g {
                for band in &g.bands {
                    let (_, next) = m.with(band, pitch, sep);
                    // The notes after this one on the line keep room for their first lines.
                    let rest = galleys[j + 1..]
                        .iter()
                        .flatten()
                        .filter_map(|g| g.bands.first())
                        .fold(next, |m, b| m.with(b, pitch, sep).1);
                    if !fits(rest) {
                        break;
                    }
                    m = next;
                    k += 1;
                }
            }
            taken.push(k);
        }
        taken
    }

    /// Gives the notes first referenced on the line just placed (its descent `descent`) to the foot:
    /// as much of each as the page holds once the lines still to come on it (`rest`: each line's
    /// advance and descent and the notes it is the first to reference) have their room with their
    /// notes' first lines; the rest of each note carried to the next page.
    pub(super) fn add_notes(&mut self, notes: &[String], descent: f32, rest: &[Rest]) {
        let room = self.space_left();
        let start = self.foot.metrics.height;
        let fits = |m: Metrics| {
            let mut m = m;
            let (mut used, mut last) = (0.0, descent);
            for (advance, d, ids) in rest {
                used += advance;
                last = *d;
                m = self.first_lines(m, ids).unwrap_or(m);
            }
            used + last + (m.height - start) <= room
        };
        let taken = self.greedy(notes, &fits);
        self.take_bands(notes, taken);
    }

    /// [`Composer::add_notes`] with `room` points left between the text and the foot.
    pub(super) fn add_notes_in(&mut self, notes: &[String], room: f32) {
        let start = self.foot.metrics.height;
        let taken = self.greedy(notes, &|m| m.height - start <= room.max(0.0));
        self.take_bands(notes, taken);
    }

    /// Moves `taken` bands of each of `notes` to the foot, the rest to what is carried.
    fn take_bands(&mut self, notes: &[String], taken: Vec<usize>) {
        let Some(chapter) = self.chapter else { return };
        for (id, k) in notes.iter().zip(taken) {
            let key = (chapter, id.clone());
            let Some(g) = self.foot.galleys.remove(&key) else {
                continue;
            };
            self.foot.placed.insert(key);
            let mut bands = g.bands.into_iter();
            for band in bands.by_ref().take(k) {
                self.foot_push(band);
            }
            self.foot.carry.extend(bands);
        }
    }

    fn foot_push(&mut self, band: Band) {
        let (base, m) = self
            .foot
            .metrics
            .with(&band, note_pitch(self), separator(self));
        self.foot.metrics = m;
        if band.first {
            let page = self.pages.len().saturating_sub(1);
            self.note_pages.push((band.note.clone(), page));
        }
        self.foot.bands.push((band, base));
    }

    /// Starts a page's foot with the bands carried from the page before: as many as leave the body
    /// three lines of room (all of them on a page with no body, `notes_only`).
    pub(super) fn take_carried(&mut self, notes_only: bool) {
        let text = self.geo.height - self.geo.top - self.geo.bottom;
        let limit = if notes_only {
            text
        } else {
            text - 3.0 * self.cfg.line_height * self.cfg.font_size
        };
        while let Some(band) = self.foot.carry.front() {
            let (_, m) = self
                .foot
                .metrics
                .with(band, note_pitch(self), separator(self));
            // The first band always goes: a note longer than a page still moves on.
            if m.height > limit && !self.foot.bands.is_empty() {
                break;
            }
            let band = self.foot.carry.pop_front().expect("a carried band");
            self.foot_push(band);
        }
    }

    /// Draws the foot of the last page (the separator and its notes, their last line on the bottom of
    /// the text block) and empties it.
    pub(super) fn flush_foot(&mut self) {
        if self.foot.bands.is_empty() || self.pages.is_empty() {
            return;
        }
        let page = self.pages.len() - 1;
        let bands = std::mem::take(&mut self.foot.bands);
        let height = std::mem::take(&mut self.foot.metrics).height;
        let foot_top = self.geo.height - self.geo.bottom - height;
        let (left, right) = self.edges();
        // The separator, at the start side, as a layout artifact.
        let len = (right - left) * 0.3;
        let (x1, x2) = if self.rtl {
            (right - len, right)
        } else {
            (left, left + len)
        };
        let y = self.geo.height - (foot_top + self.note_size() * SEPARATOR_AT);
        self.pages[page].items.push(Item::Rule(Rule {
            from: (x1, y),
            to: (x2, y),
            width: SEPARATOR_WIDTH,
        }));
        for (band, base) in bands {
            // Galley coordinates (down from its top) to the page's PDF coordinates.
            let dx = left - band.left;
            let dy = self.geo.height - band.height - (foot_top + base - band.base);
            for mut item in band.items {
                shift(&mut item, dx, dy);
                self.pages[page].items.push(item);
            }
            for mut link in band.links {
                link.page = page;
                link.rect = [
                    link.rect[0] + dx,
                    link.rect[1] + dy,
                    link.rect[2] + dx,
                    link.rect[3] + dy,
                ];
                self.text_links.push(link);
            }
            for (key, y) in band.ids {
                self.ids.insert(key, (page, y + dy));
            }
        }
    }

    /// Sets the notes still carried on pages of their own (at a chapter's end).
    pub(super) fn finish_notes(&mut self) {
        self.flush_foot();
        while !self.foot.carry.is_empty() {
            self.pages.push(crate::pdf::frame::Page::default());
            self.info.push(super::PageInfo {
                chapter: self.chapter,
                opening: false,
                blank: false,
            });
            self.cursor = None;
            self.take_carried(true);
            self.flush_foot();
        }
    }
}
