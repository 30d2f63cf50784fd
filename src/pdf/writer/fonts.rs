//! The book's faces as PDF fonts: all TrueType faces in one font, embedded once, subset to the glyphs
//! the book draws.
//!
//! A glyph is written with a CID of its own for every text it stands for and every way it is drawn
//! (face, glyph, offsets, scale, advertised width; see [`super::text`] for why): CIDs are numbered from
//! 1 in order of first use. The font is one Type 0 font with `Identity-H` codes whose program
//! ([`super::program`]) has glyph k draw CID k, so `printpdf` writes the rest as it would for any font:
//! `/W` from the program's advances, the ToUnicode map from the text each CID carries (never empty),
//! `/CIDToGIDMap /Identity`.
//!
//! A TrueType font has room for 65,535 glyphs, the faces' own glyphs among them. A book that needs more
//! CIDs (tens of thousands of distinct widths) reuses the CID of the same glyph, text and offsets with
//! the nearest width; the writer's kerns keep every glyph where it belongs.
//!
//! A face with PostScript (CFF) outlines cannot be merged that way: it is a font of its own, embedded
//! whole, each glyph one code with its own width and the first text it stood for, glyphs are moved to
//! their offsets by the writer, and readers' engines extract its text less reliably.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;

use printpdf::{FontId, ParsedFont, PdfDocument};

use super::program::{self, Drawn};
use crate::error::{Error, Result};
use crate::model::FontSet;
use crate::text::{FaceId, Fonts};

/// A glyph's code in the content stream and what a reader's engine makes of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Code {
    pub cid: u16,
    /// Its width in thousandths of the font size, as `/W` says.
    pub width: f32,
}

/// A glyph of each face that draws nothing (for the direction marks), by [`FaceId`] number: all that
/// working out a line's parts ([`super::text`]) needs of the fonts, so it can be done on other threads
/// while pages are written.
#[derive(Debug, Clone)]
pub(super) struct Blanks(Vec<u16>);

impl Blanks {
    pub fn of(&self, face: FaceId) -> u16 {
        self.0[face.index()]
    }
}

/// What the writer needs to know of each face, fixed for the build (content streams are written
/// from it on any thread; only the codes are given out in order, by [`Cids`]).
pub(super) struct Faces {
    /// Indexed by [`FaceId`] number.
    info: Vec<FaceInfo>,
    /// Units per em of the merged program.
    units_per_em: u16,
}

impl Faces {
    /// A glyph of each face that draws nothing.
    pub fn blanks(&self) -> Blanks {
        Blanks(self.info.iter().map(|f| f.blank).collect())
    }

    /// The number in the name of the font `face` is written with (`F1` is the book's font).
    pub fn font_number(&self, face: FaceId) -> u8 {
        if self.info[face.index()].truetype {
            1
        } else {
            face.index() as u8 + 2
        }
    }

    /// Whether `face` is in the book's font (drawn at its offsets and scale by the font program).
    pub fn merged(&self, face: FaceId) -> bool {
        self.info[face.index()].truetype
    }

    /// Units per em: of the book's font for a merged face, else of the face.
    pub fn units_per_em(&self, face: FaceId) -> f32 {
        if self.merged(face) {
            f32::from(self.units_per_em)
        } else {
            f32::from(self.info[face.index()].units_per_em)
        }
    }

    /// How much larger `face`'s glyphs are drawn in the book's font than in the face (its em over the
    /// book font's).
    pub fn em_ratio(&self, face: FaceId) -> f32 {
        f32::from(self.units_per_em) / f32::from(self.info[face.index()].units_per_em)
    }

    /// The width [`Cids::code`] gives `drawn` while the font has room for new CIDs (thousandths of the
    /// font size, as `/W` says).
    pub fn width(&self, face: FaceId, drawn: &Drawn) -> f32 {
        let f = &self.info[face.index()];
        if f.truetype {
            pdf_width(drawn.advance, self.units_per_em)
        } else {
            pdf_width(
                f.advances.get(&drawn.glyph).copied().unwrap_or(0),
                f.units_per_em,
            )
        }
    }
}

/// The CIDs of the book's font, given out in order of first use.
pub(super) struct Cids {
    faces: std::sync::Arc<Faces>,
    /// Faces that are not merged: the first text each glyph stood for, by [`FaceId`] number.
    texts: Vec<BTreeMap<u16, String>>,
    /// How each CID draws -> the texts it was used for, with their CIDs (looked up for every glyph
    /// written: a fast hash).
    index: FxHashMap<Drawn, Vec<(String, u16)>>,
    /// CID k + 1 is `entries[k]`: how it draws (its face as a [`FaceId`] number), and its text.
    entries: Vec<(Drawn, String)>,
    /// How many CIDs fit beside the faces' own glyphs.
    room: usize,
}

struct FaceInfo {
    /// TrueType outlines: merged into the book's font.
    truetype: bool,
    units_per_em: u16,
    /// A glyph that draws nothing (for the direction marks).
    blank: u16,
    /// Without TrueType outlines: the glyphs' own widths in font units.
    advances: HashMap<u16, u16>,
}

impl Cids {
    pub fn new(fonts: &Fonts) -> Self {
        let faces: Vec<FaceInfo> = fonts
            .ids()
            .map(|f| {
                let shaper = &fonts.face(f).shaper;
                let truetype = shaper.tables().glyf.is_some();
                let advances = if truetype {
                    HashMap::new()
                } else {
                    (0..shaper.number_of_glyphs())
                        .map(|g| {
                            let a = shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g));
                            (g, a.unwrap_or(0))
                        })
                        .collect()
                };
                FaceInfo {
                    truetype,
                    units_per_em: shaper.units_per_em().clamp(16, 16384) as u16,
                    blank: blank_glyph(shaper),
                    advances,
                }
            })
            .collect();
        let own: usize = fonts
            .ids()
            .filter(|f| faces[f.index()].truetype)
            .map(|f| usize::from(fonts.face(f).shaper.number_of_glyphs()))
            .sum();
        let units_per_em = faces
            .iter()
            .filter(|f| f.truetype)
            .map(|f| f.units_per_em)
            .min()
            .unwrap_or(1000);
        Cids {
            faces: std::sync::Arc::new(Faces {
                info: faces,
                units_per_em,
            }),
            texts: vec![BTreeMap::new(); fonts.ids().count()],
            index: FxHashMap::default(),
            entries: Vec::new(),
            room: usize::from(u16::MAX).saturating_sub(own + 1),
        }
    }

    /// The same table with room for `room` CIDs only (tests reach the end of the room with it).
    #[cfg(test)]
    pub fn with_room(mut self, room: usize) -> Self {
        self.room = room;
        self
    }

    /// What the writer needs to know of each face (shared with the threads that write pages).
    pub fn faces(&self) -> &std::sync::Arc<Faces> {
        &self.faces
    }

    /// The font `face` is written with: the book's font, or (PostScript outlines) its own.
    pub fn font(&self, face: FaceId) -> FontId {
        FontId(format!("F{}", self.faces.font_number(face)))
    }

    /// The code of `drawn` (in the book's font: `drawn.face` is the [`FaceId`] number; otherwise
    /// only `drawn.glyph` counts) standing for `text`.
    pub fn code(&mut self, face: FaceId, drawn: Drawn, text: &str) -> Code {
        if !self.faces.merged(face) {
            self.texts[face.index()]
                .entry(drawn.glyph)
                .or_insert_with(|| text.to_string());
            return Code {
                cid: drawn.glyph,
                width: self.faces.width(face, &drawn),
            };
        }
        let cid = match self
            .index
            .get(&drawn)
            .and_then(|v| v.iter().find(|(t, _)| t == text))
        {
            Some(&(_, cid)) => cid,
            None if self.entries.len() >= self.room => self.nearest(drawn, text),
            None => {
                self.entries.push((drawn, text.to_string()));
                let cid = self.entries.len() as u16;
                self.index
                    .entry(drawn)
                    .or_default()
                    .push((text.to_string(), cid));
                cid
            }
        };
        let advance = cid
            .checked_sub(1)
            .and_then(|k| self.entries.get(usize::from(k)))
            .map_or(0, |e| e.0.advance);
        Code {
            cid,
            width: pdf_width(advance, self.faces.units_per_em),
        }
    }

    /// Gives `doc` the book's font (subset faces merged) and the fonts of faces that cannot be merged.
    pub fn embed(&self, doc: &mut PdfDocument, set: &FontSet) -> Result<()> {
        if !self.entries.is_empty() {
            // The faces the CIDs draw, each subset to its glyphs.
            let mut used: BTreeMap<u8, Vec<u16>> = BTreeMap::new();
            for (d, _) in &self.entries {
                used.entry(d.face).or_default().push(d.glyph);
            }
            let mut subsets = Vec::new();
            let mut mappers = BTreeMap::new();
            let mut names = Vec::new();
            let mut tag_input = Vec::new();
            for (k, (&face, glyphs)) in used.iter_mut().enumerate() {
                glyphs.sort_unstable();
                glyphs.dedup();
                let file = set.all()[usize::from(face)];
                let mapper = subsetter::GlyphRemapper::new_from_glyphs(glyphs);
                let subset = subsetter::subset(&file.data, 0, &mapper)
                    .map_err(|e| Error::new(format!("cannot subset font {}: {e:?}", file.name)))?;
                subsets.push(subset);
                mappers.insert(face, (k as u8, mapper));
                names.push(file.name.trim_end_matches(".ttf").trim_end_matches(".otf"));
                tag_input.push(face as u16);
                tag_input.extend(glyphs.iter());
            }
            let drawn: Vec<Drawn> = self
                .entries
                .iter()
                .map(|(d, _)| {
                    let (k, mapper) = &mappers[&d.face];
                    Drawn {
                        face: *k,
                        glyph: mapper.get(d.glyph).unwrap_or(0),
                        ..*d
                    }
                })
                .collect();
            let faces: Vec<&[u8]> = subsets.iter().map(Vec::as_slice).collect();
            let program = program::build(&faces, &drawn, self.faces.units_per_em)
                .ok_or_else(|| Error::new("cannot embed the book's fonts"))?;
            let mut name = format!("{}+{}", subset_tag(&tag_input), names.join("-"));
            // A PDF name is at most 127 bytes (ISO 32000-1, annex C); the faces' names are ASCII.
            name.truncate(127);
            add_font(doc, FontId("F1".into()), &program, name)?;
        }
        for (k, texts) in self.texts.iter().enumerate() {
            let face = FaceId::at(k);
            if !self.faces.merged(face) && !texts.is_empty() {
                let file = set.all()[k];
                let name = file.name.trim_end_matches(".otf").to_string();
                add_font(doc, self.font(face), &file.data, name)?;
            }
        }
        Ok(())
    }

    /// Every code used, with its text, as `printpdf` operations: `printpdf` makes each font's `/W` and
    /// ToUnicode map from the glyphs its pages' operations show, and the pages' content streams are
    /// written apart from its operations ([`super`]), so these stand for them.
    pub fn usage(&self) -> Vec<printpdf::Op> {
        use printpdf::{Codepoint, Op, PdfFontHandle, Pt, TextItem};
        let mut ops = vec![Op::StartTextSection];
        let mut show = |font: FontId, codes: Vec<Codepoint>| {
            if !codes.is_empty() {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(10.0),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(codes)],
                });
            }
        };
        let code = |gid: u16, text: &str| Codepoint {
            gid,
            offset: 0.0,
            cid: Some(text.to_string()),
        };
        show(
            FontId("F1".into()),
            self.entries
                .iter()
                .enumerate()
                .map(|(k, (_, text))| code(k as u16 + 1, text))
                .collect(),
        );
        for (k, texts) in self.texts.iter().enumerate() {
            let face = FaceId::at(k);
            if !self.faces.merged(face) {
                let codes = texts.iter().map(|(&g, t)| code(g, t)).collect();
                show(self.font(face), codes);
            }
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// The CID of `drawn`'s glyph for `text` at its offsets and scale whose advance is nearest (when no
    /// CID is left); any CID of the glyph, or `.notdef`, when it was never used so.
    fn nearest(&self, drawn: Drawn, text: &str) -> u16 {
        let mut best: Option<(bool, bool, i32, u16)> = None;
        for (k, (d, t)) in self.entries.iter().enumerate() {
            if (d.face, d.glyph) != (drawn.face, drawn.glyph) {
                continue;
            }
            let key = (
                t != text,
                (d.dx, d.dy, d.scale) != (drawn.dx, drawn.dy, drawn.scale),
                (i32::from(d.advance) - i32::from(drawn.advance)).abs(),
                k as u16 + 1,
            );
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        best.map_or(0, |b| b.3)
    }
}

fn add_font(doc: &mut PdfDocument, id: FontId, program: &[u8], name: String) -> Result<()> {
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(program, 0, &mut warnings)
        .ok_or_else(|| Error::new(format!("cannot embed font {name}")))?;
    parsed.font_name = Some(name);
    doc.resources
        .fonts
        .map
        .insert(id, printpdf::PdfFont::new(parsed));
    Ok(())
}

/// The width `printpdf` writes in `/W` for an advance of `units` (thousandths of an em, truncated: at
/// most 65,535,000 / 16, so the cast to an integer truncates as `trunc` does, without its call).
fn pdf_width(units: u16, units_per_em: u16) -> f32 {
    (f32::from(units) * 1000.0 / f32::from(units_per_em)) as i32 as f32
}

/// A glyph of `face` with no outline: the space's, or another blank character's, or `.notdef`'s.
fn blank_glyph(face: &rustybuzz::Face) -> u16 {
    [' ', '\u{00A0}', '\u{200B}', '\u{061C}', '\u{2009}']
        .into_iter()
        .filter_map(|c| face.glyph_index(c))
        .find(|&g| face.glyph_bounding_box(g).is_none())
        .map_or(0, |g| g.0)
}

/// A six-letter subset tag derived from the glyph set (ISO 32000-1 §9.6.4), stable across builds.
fn subset_tag(glyphs: &[u16]) -> String {
    // FNV-1a over the faces and their glyphs.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in glyphs.iter().flat_map(|g| g.to_be_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}
