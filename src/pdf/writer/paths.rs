//! Glyphs drawn as outlines, outside the text: those that stand for no character of the author's (a
//! kashida the justification put in, a joining stroke the face adds after a letter). Written as text,
//! such a glyph needs a character in the ToUnicode map, and whatever it is (a joiner, say) lands inside
//! a word that a reader copies or searches for; as an outline it is drawn just the same and read as
//! nothing. The text around it keeps its room: the glyph before it in reading order advertises a width
//! that reaches over it ([`super::text`]). Each outline is written once, as a form XObject in the
//! face's units, and drawn where the glyph stands, scaled to its size.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use lopdf::{dictionary, Dictionary, Object, Stream};
use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};

use crate::text::{FaceId, Fonts};

/// The outlines of the book's faces drawn so far, each read once and written once, as a form XObject
/// that a page draws at a glyph's place with a `cm` and a `Do`.
pub(super) struct Outlines<'f> {
    fonts: &'f Fonts<'f>,
    read: Mutex<BTreeMap<(FaceId, u16), Option<Outline>>>,
}

/// A glyph's outline: path operators in font units, and the box around them.
struct Outline {
    path: Arc<[u8]>,
    bbox: [i16; 4],
}

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

    /// The name of the XObject that draws glyph `gid` of `face` in font units, at the origin; `None`
    /// when the glyph has no outline.
    pub fn name(&self, face: FaceId, gid: u16) -> Option<String> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.entry((face, gid))
            .or_insert_with(|| {
                let mut pen = Pen::default();
                let b = self
                    .fonts
                    .face(face)
                    .shaper
                    .outline_glyph(GlyphId(gid), &mut pen)?;
                Some(Outline {
                    path: pen.buf.into(),
                    bbox: [b.x_min, b.y_min, b.x_max, b.y_max],
                })
            })
            .as_ref()
            .map(|_| name(face, gid))
    }

    /// Adds the XObjects of the outlines drawn to `out`, in order of face and glyph; their names.
    pub fn write(&self, out: &mut lopdf::Document) -> Dictionary {
        let read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        let mut names = Dictionary::new();
        for (&(face, gid), outline) in read.iter() {
            let Some(o) = outline else { continue };
            let mut content = o.path.to_vec();
            content.push(b'f');
            let bbox: Vec<Object> = o.bbox.iter().map(|&v| Object::Integer(v.into())).collect();
            let dict = dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => bbox,
            };
            let id = out.add_object(Stream::new(dict, content));
            names.set(name(face, gid), id);
        }
        names
    }
}

/// The XObject name of glyph `gid` of `face`.
fn name(face: FaceId, gid: u16) -> String {
    format!("K{}.{gid}", face.index())
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
