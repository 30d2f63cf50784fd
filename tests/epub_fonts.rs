//! The EPUB's fonts are subsets that shape the book exactly as the whole faces do: every paragraph,
//! title, cell, note and appendix entry of the sample, the every-construct, the mixed-script and the
//! history books (whose symbols are packed in fallback faces) is
//! shaped (rustybuzz, as a reading system's HarfBuzz would) with each face the EPUB packs and with the
//! bundled face it was cut from, and the two give the same glyphs (compared by outline, since the
//! subset renumbers them), in the same order, at the same positions. The subsets are a fraction of the
//! whole faces.

mod common;

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};
use rustybuzz::{Face, UnicodeBuffer};

use common::extract::book_blocks;
use common::*;

/// A glyph's outline as a list of drawing commands.
#[derive(Default)]
struct Outline(Vec<String>);

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("M{x} {y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("L{x} {y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(format!("Q{x1} {y1} {x} {y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
    }
    fn close(&mut self) {
        self.0.push("Z".into());
    }
}

/// `text` shaped with `face`: per glyph its outline, advances, offsets and cluster.
fn shape(face: &Face, text: &str) -> Vec<(Vec<String>, [i32; 4], u32)> {
    let mut buf = UnicodeBuffer::new();
    buf.push_str(text);
    buf.guess_segment_properties();
    let out = rustybuzz::shape(face, &[], buf);
    out.glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| {
            let mut outline = Outline::default();
            face.outline_glyph(GlyphId(info.glyph_id as u16), &mut outline);
            (
                outline.0,
                [pos.x_advance, pos.y_advance, pos.x_offset, pos.y_offset],
                info.cluster,
            )
        })
        .collect()
}

#[test]
fn subset_faces_shape_every_paragraph_as_the_whole_faces_do() {
    let d = tempfile::tempdir().unwrap();
    let manuscripts = [
        sample(),
        everything(),
        root().join("tests/manuscripts/mixed"),
        history(),
    ];
    for (k, m) in manuscripts.iter().enumerate() {
        let book = publish::pipeline::book_with_env(m, Some("0")).unwrap().book;
        let mut texts = book_blocks(&book);
        texts.push(book.meta.title.clone());
        texts.extend(book.meta.authors.iter().map(|a| a.name.clone()));
        let epub = build(m, &d.path().join(format!("out{k}")));
        let packed: Vec<(String, Vec<u8>)> = entries(&epub)
            .into_iter()
            .filter(|(name, _)| name.starts_with("OEBPS/fonts/"))
            .collect();
        assert!(packed.len() >= 2, "{}: {packed:?}", m.display());
        for (name, subset) in &packed {
            let file = name.trim_start_matches("OEBPS/fonts/");
            let whole = book
                .fonts
                .all()
                .into_iter()
                .find(|f| f.name == file)
                .unwrap_or_else(|| panic!("{file} is not a face of the book"));
            assert!(
                subset.len() * 2 < whole.data.len(),
                "{file} in {}: {} bytes of {}",
                m.display(),
                subset.len(),
                whole.data.len()
            );
            let full = Face::from_slice(&whole.data, 0).unwrap();
            let cut = Face::from_slice(subset, 0).expect("the subset parses");
            let mut glyphs = 0;
            for t in &texts {
                let a = shape(&full, t);
                let b = shape(&cut, t);
                glyphs += a.len();
                assert!(
                    a == b,
                    "{file} in {}: «{t}» shapes differently with the subset",
                    m.display()
                );
            }
            assert!(glyphs > 500, "{file}: only {glyphs} glyphs compared");
        }
    }
}
