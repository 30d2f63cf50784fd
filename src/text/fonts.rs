//! The faces the text engine shapes with: the book's font set parsed once for `rustybuzz`, with the
//! metrics layout needs (units per em, ascent, descent, line gap) and the glyphs justification uses
//! (space, tatweel).

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

use super::shape::ShapedGlyph;
use crate::error::{Error, Result};
use crate::model::{FontFile, FontSet};

/// Which face of the book a run of text is set in: one of the book's five, or a fallback face (the
/// manuscript's `[fonts] fallback`, then the bundled symbol and emoji faces) for a character the
/// book's faces lack. Its number is its place among the faces of [`crate::model::FontSet::all`]:
/// what the writers index their per-face tables with, for every glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(u8);

impl FaceId {
    pub const REGULAR: FaceId = FaceId(0);
    pub const BOLD: FaceId = FaceId(1);
    pub const ITALIC: FaceId = FaceId(2);
    pub const BOLD_ITALIC: FaceId = FaceId(3);
    pub const MONO: FaceId = FaceId(4);

    /// The fallback face of number `k` ([`crate::model::FontSet::fallback`]).
    pub const fn fallback(k: u8) -> FaceId {
        FaceId(5 + k)
    }

    /// Its place among the faces of [`crate::model::FontSet::all`] (the book's five, then the
    /// fallbacks).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The face at `index` of [`crate::model::FontSet::all`].
    pub fn at(index: usize) -> FaceId {
        FaceId(index.min(usize::from(u8::MAX)) as u8)
    }

    /// The face for a combination of strong and emphasis.
    pub fn styled(bold: bool, italic: bool) -> FaceId {
        match (bold, italic) {
            (false, false) => FaceId::REGULAR,
            (true, false) => FaceId::BOLD,
            (false, true) => FaceId::ITALIC,
            (true, true) => FaceId::BOLD_ITALIC,
        }
    }
}

/// Vertical metrics of a face, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub units_per_em: f32,
    pub ascent: f32,
    /// Positive distance below the baseline.
    pub descent: f32,
    pub line_gap: f32,
}

/// One parsed face.
pub struct Face<'a> {
    pub file: &'a FontFile,
    pub shaper: rustybuzz::Face<'a>,
    pub metrics: Metrics,
    pub tatweel: Option<u16>,
    /// Each glyph's vertical extent, read from its outline once (a line box grows to hold its ink).
    extents: Vec<std::sync::atomic::AtomicU64>,
    /// Whether the face has a glyph for each character of the Basic Multilingual Plane, two bits each,
    /// filled in as characters are asked for ([`Fonts::covers`]).
    covered: Vec<std::sync::atomic::AtomicU32>,
    /// What the face's lookups read across a space, read the first time a run is shaped.
    spaces: std::sync::OnceLock<super::words::SpaceContexts>,
}

/// An extent not read yet; one read is `KNOWN`, with `INKED` when the glyph has an outline.
const KNOWN: u64 = 1 << 32;
const INKED: u64 = 1 << 33;

impl Face<'_> {
    /// What the face's lookups read across a space ([`super::words`]).
    pub fn spaces(&self) -> &super::words::SpaceContexts {
        self.spaces
            .get_or_init(|| super::words::SpaceContexts::of(&self.shaper))
    }

    /// The lowest and highest point of glyph `gid`'s outline in font units (`None`: it draws
    /// nothing), read from the font once per glyph.
    pub fn extent(&self, gid: u16) -> Option<(i16, i16)> {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(slot) = self.extents.get(usize::from(gid)) else {
            return self.read_extent(gid);
        };
        let v = slot.load(Relaxed);
        if v & KNOWN == 0 {
            let e = self.read_extent(gid);
            let packed = KNOWN
                | e.map_or(0, |(lo, hi)| {
                    INKED | (u64::from(lo as u16) << 16) | u64::from(hi as u16)
                });
            slot.store(packed, Relaxed);
            return e;
        }
        (v & INKED != 0).then_some(((v >> 16) as u16 as i16, v as u16 as i16))
    }

    fn read_extent(&self, gid: u16) -> Option<(i16, i16)> {
        self.shaper
            .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(gid))
            .map(|b| (b.y_min, b.y_max))
    }
}

/// The book's faces, parsed, with the shaping plans made so far.
pub struct Fonts<'a> {
    faces: Vec<Face<'a>>,
    /// A plan per face, direction, script and language: making one walks all of the font's lookups
    /// (for Amiri that costs more than shaping a paragraph), so each is made once.
    plans: Mutex<HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>>,
    /// Shapings kept for [`super::shape::shape_shared`], cluster values relative to their start, by
    /// everything the shaping depends on, written as numbers (`super::shape::kept`): a lookup
    /// hashes and compares one slice.
    shapes: Mutex<HashMap<ShapeKey, Arc<Vec<ShapedGlyph>>>>,
}

/// Everything a kept shaping depends on, written as numbers ([`super::shape::shape_shared`]).
type ShapeKey = Box<[u32]>;

type PlanKey = (FaceId, bool, Option<rustybuzz::Script>, String);

/// How many times a font set has been parsed in this process: a build parses its faces once
/// ([`crate::load::Loaded::fonts`]) and hands them to every edition (tests hold it to that).
pub static PARSES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl<'a> Fonts<'a> {
    /// Parses every face of `set` (the book's five, then the fallbacks); a face the shaper cannot
    /// read (WOFF, a broken file) is an error.
    pub fn new(set: &'a FontSet) -> Result<Fonts<'a>> {
        PARSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let files = set.all();
        let mut faces = Vec::with_capacity(files.len());
        for file in files {
            let shaper = rustybuzz::Face::from_slice(&file.data, 0).ok_or_else(|| {
                Error::new(format!("font {} cannot be read for typesetting", file.name))
                    .help("typesetting (PDF, cover) needs TrueType or OpenType fonts (.ttf, .otf), not WOFF")
            })?;
            let m = &shaper;
            let metrics = Metrics {
                units_per_em: m.units_per_em() as f32,
                ascent: f32::from(m.ascender()),
                descent: -f32::from(m.descender()),
                line_gap: f32::from(m.line_gap()),
            };
            let tatweel = m.glyph_index('\u{0640}').map(|g| g.0);
            let extents = (0..shaper.number_of_glyphs())
                .map(|_| std::sync::atomic::AtomicU64::new(0))
                .collect();
            faces.push(Face {
                file,
                shaper,
                metrics,
                tatweel,
                extents,
                spaces: std::sync::OnceLock::new(),
                covered: (0..0x10000 / 16)
                    .map(|_| std::sync::atomic::AtomicU32::new(0))
                    .collect(),
            });
        }
        Ok(Fonts {
            faces,
            plans: Mutex::new(HashMap::default()),
            shapes: Mutex::new(HashMap::default()),
        })
    }

    /// The kept shaping for `key` (made with `make` the first time), its cluster values moved up by
    /// `base`.
    pub fn shared_shape(
        &self,
        key: Vec<u32>,
        make: impl FnOnce() -> Vec<ShapedGlyph>,
        base: u32,
    ) -> Arc<Vec<ShapedGlyph>> {
        let lock = || self.shapes.lock().unwrap_or_else(|p| p.into_inner());
        let found = lock().get(key.as_slice()).cloned();
        let relative = match found {
            Some(g) => g,
            None => {
                let g = Arc::new(make());
                lock().entry(key.into_boxed_slice()).or_insert(g).clone()
            }
        };
        if base == 0 {
            return relative;
        }
        Arc::new(
            relative
                .iter()
                .map(|g| ShapedGlyph {
                    cluster: g.cluster + base,
                    ..*g
                })
                .collect(),
        )
    }

    /// Every face, in the order characters are looked for in them: the book's five, then the
    /// fallbacks.
    pub fn ids(&self) -> impl Iterator<Item = FaceId> {
        (0..self.faces.len()).map(FaceId::at)
    }

    pub fn face(&self, id: FaceId) -> &Face<'a> {
        &self.faces[id.index()]
    }

    /// True when `id` has a glyph for `c` (asked for every character of every paragraph: the answer
    /// for a character of the Basic Multilingual Plane is kept once read).
    pub fn covers(&self, id: FaceId, c: char) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let face = self.face(id);
        let read = || face.shaper.glyph_index(c).is_some_and(|g| g.0 != 0);
        let Some(slot) = face.covered.get(c as usize / 16) else {
            return read();
        };
        // Two bits a character: read, and covered.
        let shift = 2 * (c as u32 % 16);
        let bits = slot.load(Relaxed) >> shift;
        if bits & 1 != 0 {
            return bits & 2 != 0;
        }
        let covered = read();
        slot.fetch_or((1 | u32::from(covered) << 1) << shift, Relaxed);
        covered
    }

    /// The face `c` is set in when the face of its style lacks it ([`crate::fonts::pick`]): the book's
    /// other faces, then the fallback faces, the emoji faces first when `emoji` (the character is
    /// shown as an emoji).
    pub fn fallback(&self, c: char, emoji: bool) -> Option<FaceId> {
        crate::fonts::pick(
            self.faces.len(),
            emoji,
            |k| self.covers(FaceId::at(k), c),
            |k| self.covers(FaceId::at(k), crate::fonts::EMOJI_PROBE),
        )
        .map(FaceId::at)
    }

    /// The shaping plan for a face, direction, script and language.
    pub fn plan(
        &self,
        face: FaceId,
        rtl: bool,
        script: Option<rustybuzz::Script>,
        language: Option<&rustybuzz::Language>,
    ) -> Arc<rustybuzz::ShapePlan> {
        let key = (
            face,
            rtl,
            script,
            language.map(|l| l.as_str().to_string()).unwrap_or_default(),
        );
        if let Some(plan) = self
            .plans
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return plan.clone();
        }
        let direction = if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        };
        let plan = Arc::new(rustybuzz::ShapePlan::new(
            &self.face(face).shaper,
            direction,
            script,
            language,
            &[],
        ));
        self.plans
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, plan.clone());
        plan
    }

    /// Points per font unit at `size` points.
    pub fn scale(&self, id: FaceId, size: f32) -> f32 {
        size / self.face(id).metrics.units_per_em
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_parse_with_their_metrics() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let amiri = fonts.face(FaceId::REGULAR);
        assert_eq!(amiri.metrics.units_per_em, 1000.0);
        assert_eq!(
            (amiri.metrics.ascent, amiri.metrics.descent),
            (1124.0, 634.0)
        );
        assert!(amiri.tatweel.is_some());
        assert!(fonts.covers(FaceId::MONO, 'x'));
        assert!(!fonts.covers(FaceId::MONO, 'ب'));
        assert!((fonts.scale(FaceId::REGULAR, 12.0) - 0.012).abs() < 1e-6);
    }

    #[test]
    fn glyph_extents_are_the_outlines_read_once() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let amiri = fonts.face(FaceId::REGULAR);
        let space = amiri.shaper.glyph_index(' ').unwrap().0;
        let alef = amiri.shaper.glyph_index('ا').unwrap().0;
        for _ in 0..2 {
            assert_eq!(amiri.extent(space), None);
            let b = amiri
                .shaper
                .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(alef))
                .unwrap();
            assert_eq!(amiri.extent(alef), Some((b.y_min, b.y_max)));
            assert!(b.y_min < b.y_max && b.y_max > 0);
        }
    }
}
