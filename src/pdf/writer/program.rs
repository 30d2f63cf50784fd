//! One TrueType font program for the whole book, whose glyph k draws the text writer's CID k.
//!
//! The text writer gives a glyph a CID of its own for every text, width, offset and scale it is drawn
//! with (see [`super::text`]). Here the book's faces, each subset to what it draws (`subsetter`), are
//! merged into one program in which glyph k *is* CID k: a composite glyph that draws the subset glyph it
//! stands for, moved (a mark placed at its letter, a raised note number) and scaled (a smaller note
//! number, a face with another em), with the advance width the writer chose. So the CIDs map to glyphs
//! one to one (`/CIDToGIDMap /Identity`), the widths a reader's engine reads (`/W`) are the program's
//! own (PDF/UA-1 §7.21.5), every glyph sits on the baseline for text extraction while it is drawn where
//! shaping put it, and a line set in several faces is one font to every engine (pdf.js starts a new
//! text item at every change of font, and reads the items of a line in the order they come).
//!
//! Glyph order: `.notdef`, the CIDs' glyphs, then each face's subset glyphs (the components), whose
//! composite references are renumbered. The program takes its metrics and names (`head`, `hhea`,
//! `OS/2`, `name`, `post` version 3 without glyph names) from the first face; its em is the smallest of
//! the book's faces (glyphs of a face with a larger one are scaled down). Layout tables, `cmap` and
//! hinting are left out: the text is already shaped, a PDF reaches glyphs by CID, and one face's
//! hinting programs cannot serve another's glyphs (glyph instructions are removed with them).

use std::collections::BTreeMap;

/// One glyph of the program: a glyph of subset face `face`, scaled by `scale` (a 2.14 fixed-point
/// number, `0x4000` = 1), moved by (`dx`, `dy`), with its advance, all in the program's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Drawn {
    pub face: u8,
    pub glyph: u16,
    pub dx: i16,
    pub dy: i16,
    pub scale: i16,
    pub advance: u16,
}

/// The 2.14 fixed-point 1.
pub(super) const UNIT_SCALE: i16 = 0x4000;

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const ARGS_ARE_XY_VALUES: u16 = 0x0002;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;
const UNSCALED_COMPONENT_OFFSET: u16 = 0x1000;

/// A subset face, read.
struct Face<'a> {
    tables: BTreeMap<[u8; 4], &'a [u8]>,
    glyphs: Vec<&'a [u8]>,
    /// Advance and left side bearing of every glyph.
    metrics: Vec<(u16, i16)>,
}

/// Merges the TrueType `faces` (subsets) into one program of `units_per_em` whose glyph k + 1 draws
/// `drawn[k]` (`Drawn::face` indexes `faces`); `None` when a face is not a TrueType (`glyf`) font or is
/// malformed.
pub(super) fn build(faces: &[&[u8]], drawn: &[Drawn], units_per_em: u16) -> Option<Vec<u8>> {
    let faces: Vec<Face> = faces.iter().map(|f| read(f)).collect::<Option<_>>()?;
    let first = faces.first()?;
    // Where each face's glyphs start in the program.
    let n = drawn.len();
    let mut starts = Vec::with_capacity(faces.len());
    let mut next = 1 + n;
    for f in &faces {
        starts.push(next);
        next += f.glyphs.len().saturating_sub(1);
    }
    let total = next;
    if total > usize::from(u16::MAX) {
        return None;
    }
    // A face's glyph in the program: its own `.notdef` is the program's.
    let index = |face: usize, g: u16| -> u16 {
        if g == 0 {
            0
        } else {
            (starts[face] + usize::from(g) - 1) as u16
        }
    };

    let mut glyphs: Vec<Vec<u8>> = Vec::with_capacity(total);
    let mut metrics: Vec<(u16, i16)> = Vec::with_capacity(total);
    glyphs.push(component_glyph(first.glyphs[0], &|g| index(0, g))?);
    metrics.push(first.metrics[0]);
    for d in drawn {
        let face = faces.get(usize::from(d.face))?;
        let data = face
            .glyphs
            .get(usize::from(d.glyph))
            .copied()
            .unwrap_or(&[]);
        if data.len() < 10 {
            // An empty glyph (a space): nothing to draw.
            glyphs.push(Vec::new());
            metrics.push((d.advance, 0));
            continue;
        }
        let s = f32::from(d.scale) / f32::from(UNIT_SCALE);
        let bbox: Vec<i16> = (0..4)
            .map(|k| u16_at(data, 2 + 2 * k).map(|v| v as i16))
            .collect::<Option<_>>()?;
        let at = |v: i16, off: i16| ((f32::from(v) * s).round() as i16).saturating_add(off);
        let x_min = at(bbox[0], d.dx);
        let mut flags = ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES;
        if d.scale != UNIT_SCALE {
            flags |= WE_HAVE_A_SCALE | UNSCALED_COMPONENT_OFFSET;
        }
        let mut g = Vec::with_capacity(22);
        g.extend((-1i16).to_be_bytes());
        for v in [
            x_min,
            at(bbox[1], d.dy),
            at(bbox[2], d.dx),
            at(bbox[3], d.dy),
        ] {
            g.extend(v.to_be_bytes());
        }
        g.extend(flags.to_be_bytes());
        g.extend(index(usize::from(d.face), d.glyph).to_be_bytes());
        g.extend(d.dx.to_be_bytes());
        g.extend(d.dy.to_be_bytes());
        if d.scale != UNIT_SCALE {
            g.extend(d.scale.to_be_bytes());
        }
        glyphs.push(g);
        metrics.push((d.advance, x_min));
    }
    for (k, f) in faces.iter().enumerate() {
        for g in 1..f.glyphs.len() {
            glyphs.push(component_glyph(f.glyphs[g], &|c| index(k, c))?);
            metrics.push(f.metrics[g]);
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (total + 1));
    for g in &glyphs {
        new_loca.extend((new_glyf.len() as u32).to_be_bytes());
        new_glyf.extend(g);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend((new_glyf.len() as u32).to_be_bytes());
    let mut new_hmtx = Vec::with_capacity(4 * total);
    for (advance, lsb) in &metrics {
        new_hmtx.extend(advance.to_be_bytes());
        new_hmtx.extend(lsb.to_be_bytes());
    }
    let mut head = first.tables.get(b"head")?.to_vec();
    set_u32(&mut head, 8, 0)?;
    set_u16(&mut head, 18, units_per_em)?;
    set_u16(&mut head, 50, 1)?;
    let mut hhea = first.tables.get(b"hhea")?.to_vec();
    let widest = metrics.iter().map(|m| m.0).max().unwrap_or(0);
    set_u16(&mut hhea, 10, widest)?;
    set_u16(&mut hhea, 34, total as u16)?;
    // maxp version 1.0, for the largest of the faces; the composites hold one component each, one
    // level above the faces' own glyphs; no instructions.
    let mut maxp = first.tables.get(b"maxp")?.to_vec();
    set_u16(&mut maxp, 4, total as u16)?;
    if maxp.len() >= 32 {
        let most = |at: usize| {
            faces
                .iter()
                .filter_map(|f| u16_at(f.tables.get(b"maxp")?, at))
                .max()
                .unwrap_or(0)
        };
        set_u16(&mut maxp, 6, most(6))?;
        set_u16(&mut maxp, 8, most(8))?;
        set_u16(&mut maxp, 10, most(6).max(most(10)))?;
        set_u16(&mut maxp, 12, most(8).max(most(12)))?;
        for at in [14, 16, 18, 20, 22, 24, 26] {
            set_u16(&mut maxp, at, if at == 14 { 2 } else { 0 })?;
        }
        set_u16(&mut maxp, 28, most(28).max(1))?;
        set_u16(&mut maxp, 30, most(30).saturating_add(1))?;
    }

    let mut out: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    out.insert(*b"head", head);
    out.insert(*b"hhea", hhea);
    out.insert(*b"maxp", maxp);
    out.insert(*b"hmtx", new_hmtx);
    out.insert(*b"loca", new_loca);
    out.insert(*b"glyf", new_glyf);
    for tag in [b"OS/2", b"name"] {
        if let Some(t) = first.tables.get(tag) {
            out.insert(*tag, t.to_vec());
        }
    }
    if let Some(post) = first.tables.get(b"post").filter(|p| p.len() >= 32) {
        let mut p = post[..32].to_vec();
        set_u32(&mut p, 0, 0x0003_0000)?;
        out.insert(*b"post", p);
    }
    Some(assemble(out))
}

/// A TrueType font's tables, glyphs and metrics.
fn read(font: &[u8]) -> Option<Face<'_>> {
    let tables = directory(font)?;
    let head = *tables.get(b"head")?;
    let hhea = *tables.get(b"hhea")?;
    let maxp = *tables.get(b"maxp")?;
    let hmtx = *tables.get(b"hmtx")?;
    let loca = *tables.get(b"loca")?;
    let glyf = *tables.get(b"glyf")?;
    let count = usize::from(u16_at(maxp, 4)?);
    let long = u16_at(head, 50)? == 1;
    let offsets: Vec<usize> = (0..=count)
        .map(|i| {
            if long {
                u32_at(loca, 4 * i).map(|v| v as usize)
            } else {
                u16_at(loca, 2 * i).map(|v| 2 * usize::from(v))
            }
        })
        .collect::<Option<_>>()?;
    let glyphs = (0..count)
        .map(|i| glyf.get(offsets[i]..offsets[i + 1].max(offsets[i])))
        .collect::<Option<Vec<_>>>()?;
    let metrics_count = usize::from(u16_at(hhea, 34)?).clamp(1, count.max(1));
    let metrics = (0..count)
        .map(|i| {
            if i < metrics_count {
                Some((u16_at(hmtx, 4 * i)?, u16_at(hmtx, 4 * i + 2)? as i16))
            } else {
                let lsb = u16_at(hmtx, 4 * metrics_count + 2 * (i - metrics_count)).unwrap_or(0);
                Some((u16_at(hmtx, 4 * (metrics_count - 1))?, lsb as i16))
            }
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Face {
        tables,
        glyphs,
        metrics,
    })
}

/// The table directory: tag -> table bytes.
fn directory(font: &[u8]) -> Option<BTreeMap<[u8; 4], &[u8]>> {
    if u32_at(font, 0)? != 0x0001_0000 && font.get(0..4)? != b"true" {
        return None;
    }
    let count = usize::from(u16_at(font, 4)?);
    let mut out = BTreeMap::new();
    for k in 0..count {
        let rec = 12 + 16 * k;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let offset = u32_at(font, rec + 8)? as usize;
        let length = u32_at(font, rec + 12)? as usize;
        out.insert(tag, font.get(offset..offset.checked_add(length)?)?);
    }
    Some(out)
}

/// One of a face's own glyphs for the program: its instructions removed and, for a composite, its
/// components renumbered by `index`.
fn component_glyph(data: &[u8], index: &impl Fn(u16) -> u16) -> Option<Vec<u8>> {
    if data.len() < 10 {
        return Some(Vec::new());
    }
    let contours = u16_at(data, 0)? as i16;
    if contours >= 0 {
        // Simple glyph: header, contour ends, instructions (dropped), then flags and points.
        let at = 10 + 2 * usize::try_from(contours).ok()?;
        let length = usize::from(u16_at(data, at)?);
        let mut out = data.get(..at)?.to_vec();
        out.extend([0, 0]);
        out.extend(data.get(at + 2 + length..)?);
        return Some(out);
    }
    let mut out = data.to_vec();
    let mut at = 10;
    loop {
        let flags = u16_at(data, at)?;
        set_u16(&mut out, at, flags & !WE_HAVE_INSTRUCTIONS)?;
        set_u16(&mut out, at + 2, index(u16_at(data, at + 2)?))?;
        at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            out.truncate(at);
            return Some(out);
        }
    }
}

/// An sfnt from its tables (in tag order), with table checksums and `head`'s checksum adjustment.
fn assemble(tables: BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut power = 1u16;
    while power * 2 <= n {
        power *= 2;
    }
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend(n.to_be_bytes());
    out.extend((power * 16).to_be_bytes());
    out.extend((power.trailing_zeros() as u16).to_be_bytes());
    out.extend((n * 16 - power * 16).to_be_bytes());
    let header = 12 + 16 * tables.len();
    let mut body = Vec::new();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend(((header + body.len()) as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(header + body.len());
        }
        body.extend(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
    }
    out.extend(body);
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn set_u16(data: &mut [u8], at: usize, v: u16) -> Option<()> {
    data.get_mut(at..at + 2)?.copy_from_slice(&v.to_be_bytes());
    Some(())
}

fn set_u32(data: &mut [u8], at: usize, v: u32) -> Option<()> {
    data.get_mut(at..at + 4)?.copy_from_slice(&v.to_be_bytes());
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybuzz::ttf_parser::{Face as TtfFace, GlyphId};

    fn face(data: &[u8]) -> TtfFace<'_> {
        TtfFace::parse(data, 0).expect("the program parses")
    }

    fn subset(font: &[u8], chars: &[char]) -> (Vec<u8>, subsetter::GlyphRemapper, Vec<u16>) {
        let f = face(font);
        let gids: Vec<u16> = chars.iter().map(|&c| f.glyph_index(c).unwrap().0).collect();
        let mut sorted = gids.clone();
        sorted.sort_unstable();
        let mapper = subsetter::GlyphRemapper::new_from_glyphs(&sorted);
        let bytes = subsetter::subset(font, 0, &mapper).unwrap();
        let sub = gids.iter().map(|&g| mapper.get(g).unwrap()).collect();
        (bytes, mapper, sub)
    }

    #[test]
    fn glyph_k_draws_its_face_glyph_moved_scaled_and_with_its_own_advance() {
        let set = crate::fonts::bundled();
        let (amiri, _, a) = subset(&set.regular.data, &['ب', '\u{0650}', ' ', '٣']);
        let (mono, _, m) = subset(&set.mono.data, &['x']);
        let d = |face, glyph, dx, dy, scale, advance| Drawn {
            face,
            glyph,
            dx,
            dy,
            scale,
            advance,
        };
        let drawn = [
            d(0, a[0], 0, 0, UNIT_SCALE, 377),
            d(0, a[1], 50, -120, UNIT_SCALE, 0),
            d(0, a[2], 0, 0, UNIT_SCALE, 311),
            d(0, a[3], 0, 350, 11469, 300), // 0.7
            d(1, m[0], 0, 0, UNIT_SCALE, 600),
        ];
        let program = build(&[&amiri, &mono], &drawn, 1000).expect("a TrueType program");
        let (p, s, t) = (face(&program), face(&amiri), face(&mono));
        assert_eq!(
            p.number_of_glyphs(),
            1 + 5 + (s.number_of_glyphs() - 1) + (t.number_of_glyphs() - 1)
        );
        // Widths are the writer's, not the faces'.
        let advances: Vec<u16> = (1..=5)
            .map(|g| p.glyph_hor_advance(GlyphId(g)).unwrap())
            .collect();
        assert_eq!(advances, [377, 0, 311, 300, 600]);
        let bbox = |f: &TtfFace, g: u16| f.glyph_bounding_box(GlyphId(g)).unwrap();
        // Outlines are the faces' glyphs: as they are, moved, scaled, from the second face.
        assert_eq!(bbox(&p, 1), bbox(&s, a[0]));
        let (moved, kasra) = (bbox(&p, 2), bbox(&s, a[1]));
        assert_eq!(
            (moved.x_min, moved.x_max, moved.y_min, moved.y_max),
            (
                kasra.x_min + 50,
                kasra.x_max + 50,
                kasra.y_min - 120,
                kasra.y_max - 120
            )
        );
        assert!(
            p.glyph_bounding_box(GlyphId(3)).is_none(),
            "a space draws nothing"
        );
        let (small, three) = (bbox(&p, 4), bbox(&s, a[3]));
        let h = |b: rustybuzz::ttf_parser::Rect| f32::from(b.y_max - b.y_min);
        assert!(
            (h(small) / h(three) - 0.7).abs() < 0.02,
            "{small:?} {three:?}"
        );
        assert!(small.y_min > three.y_min + 300);
        assert_eq!(bbox(&p, 5), bbox(&t, m[0]));
        // A well-formed sfnt: head's checksum adjustment makes the whole file sum to the magic number.
        assert_eq!(checksum(&program), 0xB1B0_AFBA);
    }

    #[test]
    fn a_font_that_is_not_truetype_is_not_rebuilt() {
        assert!(build(&[b"OTTO\0\0\0\0\0\0\0\0"], &[], 1000).is_none());
        assert!(build(&[b""], &[], 1000).is_none());
        assert!(build(&[], &[], 1000).is_none());
    }
}
