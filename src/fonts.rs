//! The bundled fonts and what they cover.
//!
//! Amiri (regular, bold, slanted and bold slanted; SIL Open Font License, see `fonts/OFL-Amiri.txt`),
//! JetBrains Mono (code; OFL, `fonts/OFL-JetBrainsMono.txt`) and three fallback faces for what those
//! lack, tried in this order: Noto Sans Symbols (the religious, astrological and other symbols of the
//! Miscellaneous Symbols block: ☪ ☯ ♈…; `fonts/OFL-NotoSansSymbols.txt`), Noto Sans Symbols 2 (check
//! marks, stars, arrows, dingbats, many pictographs; `fonts/OFL-NotoSansSymbols2.txt`) and the
//! monochrome Noto Emoji (emoji as outlines a PDF can carry; `fonts/OFL-NotoEmoji.txt`), all OFL, are
//! compiled into the binary, so `publish` works from any folder. A
//! manuscript may replace any text face with its own file and put fallback faces of its own before the
//! bundled ones (`[fonts]` in `book.toml`). [`Coverage`] answers which characters no face can draw.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::model::{FontFile, FontSet};

pub const AMIRI_REGULAR: &[u8] = include_bytes!("../fonts/Amiri-Regular.ttf");
pub const AMIRI_BOLD: &[u8] = include_bytes!("../fonts/Amiri-Bold.ttf");
pub const AMIRI_ITALIC: &[u8] = include_bytes!("../fonts/Amiri-Italic.ttf");
pub const AMIRI_BOLD_ITALIC: &[u8] = include_bytes!("../fonts/Amiri-BoldItalic.ttf");
pub const JETBRAINS_MONO: &[u8] = include_bytes!("../fonts/JetBrainsMono-Regular.ttf");
pub const NOTO_SANS_SYMBOLS: &[u8] = include_bytes!("../fonts/NotoSansSymbols-Regular.ttf");
pub const NOTO_SANS_SYMBOLS_2: &[u8] = include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf");
pub const NOTO_EMOJI: &[u8] = include_bytes!("../fonts/NotoEmoji-Regular.ttf");

/// The bundled faces: Amiri for text, JetBrains Mono for code, Noto Sans Symbols, Noto Sans Symbols 2
/// and Noto Emoji for what those lack.
pub fn bundled() -> FontSet {
    let face = |name: &str, family: &str, data: &'static [u8]| FontFile {
        name: name.to_string(),
        family: family.to_string(),
        media_type: "font/ttf",
        data: Cow::Borrowed(data),
    };
    FontSet {
        regular: face("Amiri-Regular.ttf", "Amiri", AMIRI_REGULAR),
        bold: face("Amiri-Bold.ttf", "Amiri", AMIRI_BOLD),
        italic: face("Amiri-Italic.ttf", "Amiri", AMIRI_ITALIC),
        bold_italic: face("Amiri-BoldItalic.ttf", "Amiri", AMIRI_BOLD_ITALIC),
        mono: face(
            "JetBrainsMono-Regular.ttf",
            "JetBrains Mono",
            JETBRAINS_MONO,
        ),
        fallback: vec![
            face(
                "NotoSansSymbols-Regular.ttf",
                "Noto Sans Symbols",
                NOTO_SANS_SYMBOLS,
            ),
            face(
                "NotoSansSymbols2-Regular.ttf",
                "Noto Sans Symbols 2",
                NOTO_SANS_SYMBOLS_2,
            ),
            face("NotoEmoji-Regular.ttf", "Noto Emoji", NOTO_EMOJI),
        ],
    }
}

/// The media type of a font file by its first bytes, or `None` when it is no font `publish` can embed.
pub fn font_media_type(data: &[u8]) -> Option<&'static str> {
    match data.get(..4)? {
        [0, 1, 0, 0] | b"true" => Some("font/ttf"),
        b"OTTO" => Some("font/otf"),
        b"wOFF" => Some("font/woff"),
        b"wOF2" => Some("font/woff2"),
        _ => None,
    }
}

/// When a face of `set` is a WOFF file (reading systems take it, typesetting cannot), the error an
/// edition that typesets (the PDF, the EPUB's generated cover) reports.
pub fn not_for_typesetting(set: &FontSet) -> Option<crate::Error> {
    let file = set
        .all()
        .into_iter()
        .find(|f| matches!(f.media_type, "font/woff" | "font/woff2"))?;
    Some(
        crate::Error::new(format!("font {} cannot be read for typesetting", file.name)).help(
            "typesetting (PDF, cover) needs TrueType or OpenType fonts (.ttf, .otf), not WOFF; \
             or give the EPUB a cover image with `cover` in [epub]",
        ),
    )
}

/// The error of an edition that needs to typeset with `set` when no parsed fonts were made for it.
pub fn cannot_typeset(set: &FontSet) -> crate::Error {
    not_for_typesetting(set)
        .unwrap_or_else(|| crate::Error::new("the book's fonts cannot be read for typesetting"))
}

/// Checks the structure of a font the manuscript brings, when the manuscript loads, before any parser
/// that could loop on it or shaper that could panic on it sees it: it parses, has the tables
/// typesetting needs and glyphs, and its character map stays within Unicode and its glyphs. (The
/// load stage then sets the book's text with it, see `load::fontcheck`.) Returns what is wrong. A WOFF
/// file (EPUB only) is not checked here: typesetting refuses it with its own message.
pub fn check(data: &[u8]) -> Result<(), String> {
    use rustybuzz::ttf_parser::Tag;
    if matches!(font_media_type(data), Some("font/woff" | "font/woff2")) {
        return Ok(());
    }
    let face = rustybuzz::ttf_parser::Face::parse(data, 0)
        .map_err(|_| "it cannot be parsed as a TrueType or OpenType font".to_string())?;
    let raw = face.raw_face();
    for table in [b"head", b"hhea", b"maxp", b"hmtx", b"cmap"] {
        if raw.table(Tag::from_bytes(table)).is_none() {
            return Err(format!(
                "it has no `{}` table",
                String::from_utf8_lossy(table)
            ));
        }
    }
    let outlines = [b"glyf", b"CFF ", b"CFF2"]
        .iter()
        .any(|t| raw.table(Tag::from_bytes(t)).is_some());
    if !outlines {
        return Err("it has no glyph outlines (no `glyf`, `CFF ` or `CFF2` table)".into());
    }
    let glyphs = u32::from(face.number_of_glyphs());
    if glyphs == 0 || face.units_per_em() == 0 {
        return Err("its `head` or `maxp` table is damaged".into());
    }
    if let Some(cmap) = raw.table(Tag::from_bytes(b"cmap")) {
        check_cmap(cmap, glyphs)?;
    }
    check_layout_coverages(&face)?;
    Ok(())
}

/// Every coverage table a contextual lookup lists (formats 3 of GSUB/GPOS context and chained
/// context, and GSUB's reverse chaining) parses. rustybuzz 0.20 (`hb/ot_layout_gsubgpos.rs`,
/// `Format3` arms) unwraps each one when it applies such a lookup, so a damaged one panics mid-shaping
/// (found by the `font` fuzz target; `tests/damaged_fonts.rs` keeps the font). Refusing it here keeps
/// the shaper from ever seeing it; `error::contain` stays as the last line of defence.
fn check_layout_coverages(face: &rustybuzz::ttf_parser::Face) -> Result<(), String> {
    use rustybuzz::ttf_parser::gpos::PositioningSubtable;
    use rustybuzz::ttf_parser::gsub::SubstitutionSubtable;
    use rustybuzz::ttf_parser::opentype_layout::{
        ChainedContextLookup, ContextLookup, LayoutTable,
    };

    // ttf-parser does not export the array type, so a macro.
    macro_rules! all_parse {
        ($list:expr) => {{
            let list = &$list;
            (0..list.len()).all(|i| list.get(i).is_some())
        }};
    }
    fn context(c: &ContextLookup) -> bool {
        match c {
            ContextLookup::Format3 { coverages, .. } => all_parse!(coverages),
            _ => true,
        }
    }
    fn chained(c: &ChainedContextLookup) -> bool {
        match c {
            ChainedContextLookup::Format3 {
                backtrack_coverages,
                input_coverages,
                lookahead_coverages,
                ..
            } => {
                all_parse!(backtrack_coverages)
                    && all_parse!(input_coverages)
                    && all_parse!(lookahead_coverages)
            }
            _ => true,
        }
    }
    fn each_subtable(
        table: &Option<LayoutTable>,
        ok: &mut dyn FnMut(&LayoutTable, u16, u16) -> bool,
    ) -> bool {
        let Some(table) = table else { return true };
        table
            .lookups
            .into_iter()
            .enumerate()
            .all(|(i, lookup)| (0..lookup.subtables.len()).all(|k| ok(table, i as u16, k)))
    }
    let tables = face.tables();
    let gsub_ok = each_subtable(&tables.gsub, &mut |t, i, k| {
        let Some(lookup) = t.lookups.get(i) else {
            return true;
        };
        match lookup.subtables.get::<SubstitutionSubtable>(k) {
            Some(SubstitutionSubtable::Context(c)) => context(&c),
            Some(SubstitutionSubtable::ChainContext(c)) => chained(&c),
            Some(SubstitutionSubtable::ReverseChainSingle(r)) => {
                all_parse!(r.backtrack_coverages) && all_parse!(r.lookahead_coverages)
            }
            _ => true,
        }
    });
    let gpos_ok = each_subtable(&tables.gpos, &mut |t, i, k| {
        let Some(lookup) = t.lookups.get(i) else {
            return true;
        };
        match lookup.subtables.get::<PositioningSubtable>(k) {
            Some(PositioningSubtable::Context(c)) => context(&c),
            Some(PositioningSubtable::ChainContext(c)) => chained(&c),
            _ => true,
        }
    });
    if gsub_ok && gpos_ok {
        Ok(())
    } else {
        Err("a contextual lookup of its `GSUB` or `GPOS` table names a coverage table that is damaged".into())
    }
}

/// Checks that the glyphs `used` (what the book's text shaped into) exist, have outlines that parse,
/// and can be subset for the PDF.
pub fn check_glyphs(data: &[u8], used: &BTreeSet<u16>) -> Result<(), String> {
    use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};
    struct Null;
    impl OutlineBuilder for Null {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    let Ok(face) = rustybuzz::ttf_parser::Face::parse(data, 0) else {
        return Ok(());
    };
    if used.iter().any(|&g| g >= face.number_of_glyphs()) {
        return Err("shaping gives glyphs the font does not have".into());
    }
    for &g in used {
        face.outline_glyph(GlyphId(g), &mut Null);
    }
    let glyphs: Vec<u16> = std::iter::once(0).chain(used.iter().copied()).collect();
    let mapper = subsetter::GlyphRemapper::new_from_glyphs(&glyphs);
    subsetter::subset(data, 0, &mapper)
        .map_err(|e| format!("its glyphs cannot be subset for the PDF ({e:?})"))?;
    Ok(())
}

/// The character map's subtables of formats 12 and 13 (ranges of characters): every range within
/// Unicode, start before end, glyphs within the font. (A range to 2^32 keeps a parser that walks every
/// character busy for hours.)
fn check_cmap(cmap: &[u8], glyphs: u32) -> Result<(), String> {
    let u16_at = |i: usize| cmap.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let u32_at = |i: usize| {
        cmap.get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let damaged = || "its character map (`cmap`) is damaged".to_string();
    let count = u16_at(2).ok_or_else(damaged)? as usize;
    for k in 0..count {
        let offset = u32_at(4 + 8 * k + 4).ok_or_else(damaged)? as usize;
        let format = u16_at(offset).ok_or_else(damaged)?;
        if format != 12 && format != 13 {
            continue;
        }
        let groups = u32_at(offset + 12).ok_or_else(damaged)? as usize;
        for g in 0..groups {
            let at = offset + 16 + 12 * g;
            let (start, end, glyph) = (
                u32_at(at).ok_or_else(damaged)?,
                u32_at(at + 4).ok_or_else(damaged)?,
                u32_at(at + 8).ok_or_else(damaged)?,
            );
            let last_glyph = if format == 12 {
                u64::from(glyph) + u64::from(end.saturating_sub(start))
            } else {
                u64::from(glyph)
            };
            if start > end || end > 0x10FFFF || last_glyph >= u64::from(glyphs) {
                return Err(damaged());
            }
        }
    }
    Ok(())
}

/// The face a character is drawn from when the face of its style lacks it, as an index into
/// [`FontSet::all`] (`count` faces): the first of the book's five that has it (`has`), else the first
/// fallback face that has it, the emoji faces (`emoji_face`) first for a character shown as an emoji
/// (`emoji`, [`crate::script::emoji_presentation`]): 📚 from Noto Emoji, ✓ and ☪ from the symbol faces.
/// Both editions choose so (the text engine's itemising, the EPUB's stylesheet and emoji spans).
pub fn pick(
    count: usize,
    emoji: bool,
    has: impl Fn(usize) -> bool,
    emoji_face: impl Fn(usize) -> bool,
) -> Option<usize> {
    if let Some(k) = (0..count.min(5)).find(|&k| has(k)) {
        return Some(k);
    }
    let fallbacks = 5..count;
    let first = |want: bool| fallbacks.clone().find(|&k| emoji_face(k) == want && has(k));
    if emoji {
        first(true).or_else(|| first(false))
    } else {
        fallbacks.clone().find(|&k| has(k))
    }
}

/// A character every emoji face has (a face that has it is an emoji face).
pub const EMOJI_PROBE: char = '😀';

/// Character coverage of a set of faces.
pub struct Coverage<'a> {
    /// Each face of [`FontSet::all`] that `ttf-parser` can read (TrueType and OpenType).
    faces: Vec<Option<rustybuzz::ttf_parser::Face<'a>>>,
}

impl<'a> Coverage<'a> {
    pub fn new(set: &'a FontSet) -> Self {
        let faces = set
            .all()
            .iter()
            .map(|f| rustybuzz::ttf_parser::Face::parse(&f.data, 0).ok())
            .collect();
        Coverage { faces }
    }

    fn has(&self, k: usize, c: char) -> bool {
        self.faces[k]
            .as_ref()
            .is_some_and(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
    }

    /// Whether face `k` (of [`FontSet::all`]) is an emoji face.
    pub fn is_emoji_face(&self, k: usize) -> bool {
        self.has(k, EMOJI_PROBE)
    }

    /// The face `c`, followed by `next`, is drawn from when its style's face lacks it ([`pick`]).
    pub fn fallback_for(&self, c: char, next: Option<char>) -> Option<usize> {
        let emoji = crate::script::emoji_presentation(c, next);
        pick(
            self.faces.len(),
            emoji,
            |k| self.has(k, c),
            |k| self.is_emoji_face(k),
        )
    }

    /// True when some face has a glyph for `c`, or `c` needs none (spaces, controls, joiners, bidi
    /// marks, variation selectors and the other default-ignorable characters).
    pub fn covers(&self, c: char) -> bool {
        needs_no_glyph(c) || self.face_for(c).is_some()
    }

    /// The first face (an index into [`FontSet::all`]) that has a glyph for `c`.
    pub fn face_for(&self, c: char) -> Option<usize> {
        (0..self.faces.len()).find(|&k| self.has(k, c))
    }
}

/// True for characters a book draws with no glyph of its own: white space, controls, joiners, bidi
/// controls and Unicode's other default-ignorable code points (variation selectors, tags, the soft
/// hyphen…): a font need not have them, and a face that lacks one draws nothing for it.
pub fn needs_no_glyph(c: char) -> bool {
    crate::script::is_invisible(c)
        || c.is_whitespace()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F | 0x2060..=0x206F
            | 0x3164 | 0xFE00..=0xFE0F | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_faces_cover_arabic_persian_latin_symbols_and_emoji() {
        let set = bundled();
        let cov = Coverage::new(&set);
        for c in "بسم الله لا ٱ پچژگکی ٠١٢٣ 0123 ABC éü ،؛؟«» \u{64B}\u{651}".chars()
        {
            assert!(cov.covers(c), "{c:?} {:X}", c as u32);
            assert!(cov.face_for(c).is_none_or(|k| k < 5), "{c:?} in Amiri");
        }
        // Symbols from the symbol faces, emoji from the emoji face, whatever face comes first.
        assert_eq!(cov.fallback_for('☪', None), Some(5));
        assert_eq!(cov.fallback_for('✓', None), Some(6));
        assert_eq!(cov.face_for('📚'), Some(6));
        assert_eq!(cov.fallback_for('📚', None), Some(7));
        assert_eq!(cov.fallback_for('😀', None), Some(7));
        assert_eq!(cov.fallback_for('❤', None), Some(6));
        assert_eq!(cov.fallback_for('❤', Some('\u{FE0F}')), Some(7));
        // Variation selectors need no glyph.
        assert!(cov.covers('\u{FE0F}') && cov.face_for('\u{FE0F}') != Some(0));
        assert!(!cov.covers('中'));
    }

    #[test]
    fn bundled_fonts_are_truetype() {
        for f in bundled().all() {
            assert_eq!(font_media_type(&f.data), Some("font/ttf"), "{}", f.name);
        }
    }
}
