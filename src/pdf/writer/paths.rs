//! Glyphs drawn as outlines, outside the text: those that stand for no character of the author's (a
//! kashida the justification put in, a joining stroke the face adds after a letter). Written as text,
//! such a glyph needs a character in the ToUnicode map, and whatever it is (a joiner, say) lands inside
//! a word that a reader copies or searches for; as an outline it is drawn just the same and read as
//! nothing. The text around it keeps its room: the glyph before it in reading order advertises a width
//! that reaches over it ([`super::text`]).

use std::io::Write;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};

use crate::text::{FaceId, Fonts};

/// The outlines of the book's faces, as PDF path operators, each read once.
pub(super) struct Outlines<'f> {
    fonts: &'f Fonts<'f>,
    read: Mutex<FxHashMap<(FaceId, u16), Option<Path>>>,
}

/// A glyph's outline as path operators.
type Path = Arc<[u8]>;

impl<'f> Outlines<'f> {
    pub fn new(fonts: &'f Fonts<'f>) -> Self {
        Outlines {
            fonts,
            read: Mutex::default(),
        }
    }

    /// `face`'s units per em (its outlines are in them).
    pub fn units_per_em(&self, face: FaceId) -> f32 {
        f32::from(self.fonts.face(face).shaper.units_per_em().max(1) as u16)
    }

    /// Glyph `gid` of `face` as path construction operators in font units, one per line, ready to
    /// be filled with the nonzero winding rule; `None` when it has no outline.
    pub fn path(&self, face: FaceId, gid: u16) -> Option<Path> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.entry((face, gid))
            .or_insert_with(|| {
                let mut path = Pen::default();
                self.fonts
                    .face(face)
                    .shaper
                    .outline_glyph(GlyphId(gid), &mut path)?;
                // The last operator's line ends where the fill operator that follows starts its own.
                path.buf.pop();
                Some(path.buf.into())
            })
            .clone()
    }
}

/// An outline being written: TrueType's quadratic curves become cubic ones (PDF has no other).
#[derive(Default)]
struct Pen {
    buf: Vec<u8>,
    /// The current point.
    at: (f32, f32),
}

impl Pen {
    fn op(&mut self, points: &[f32], op: &str) {
        for &v in points {
            // Font units, whole: a thousandth of an em or less, nothing the eye sees.
            let _ = write!(self.buf, "{} ", v.round() as i32);
        }
        let _ = writeln!(self.buf, "{op}");
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], "m");
        self.at = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], "l");
        self.at = (x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // The cubic with the same curve: its control points two thirds of the way to the quadratic's.
        let (x0, y0) = self.at;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.op(&[c1.0, c1.1, c2.0, c2.1, x, y], "c");
        self.at = (x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.op(&[x1, y1, x2, y2, x, y], "c");
        self.at = (x, y);
    }

    fn close(&mut self) {
        self.op(&[], "h");
    }
}
