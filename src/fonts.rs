//! The bundled fonts and what they cover.
//!
//! Amiri (regular, bold, slanted and bold slanted; SIL Open Font License, see `fonts/OFL-Amiri.txt`) and
//! JetBrains Mono (code; OFL, `fonts/OFL-JetBrainsMono.txt`) are compiled into the binary, so `publish`
//! works from any folder. A manuscript may replace any text face with its own file (`[fonts]` in
//! `book.toml`). [`Coverage`] answers which characters no face can draw.

use std::borrow::Cow;

use crate::model::{FontFile, FontSet};

pub const AMIRI_REGULAR: &[u8] = include_bytes!("../fonts/Amiri-Regular.ttf");
pub const AMIRI_BOLD: &[u8] = include_bytes!("../fonts/Amiri-Bold.ttf");
pub const AMIRI_ITALIC: &[u8] = include_bytes!("../fonts/Amiri-Italic.ttf");
pub const AMIRI_BOLD_ITALIC: &[u8] = include_bytes!("../fonts/Amiri-BoldItalic.ttf");
pub const JETBRAINS_MONO: &[u8] = include_bytes!("../fonts/JetBrainsMono-Regular.ttf");

/// The bundled faces: Amiri for text, JetBrains Mono for code.
pub fn bundled() -> FontSet {
    let face = |name: &str, data: &'static [u8]| FontFile {
        name: name.to_string(),
        family: if name.starts_with("Amiri") {
            "Amiri"
        } else {
            "JetBrains Mono"
        }
        .to_string(),
        media_type: "font/ttf",
        data: Cow::Borrowed(data),
    };
    FontSet {
        regular: face("Amiri-Regular.ttf", AMIRI_REGULAR),
        bold: face("Amiri-Bold.ttf", AMIRI_BOLD),
        italic: face("Amiri-Italic.ttf", AMIRI_ITALIC),
        bold_italic: face("Amiri-BoldItalic.ttf", AMIRI_BOLD_ITALIC),
        mono: face("JetBrainsMono-Regular.ttf", JETBRAINS_MONO),
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

/// Character coverage of a set of faces.
pub struct Coverage<'a> {
    faces: Vec<rustybuzz::ttf_parser::Face<'a>>,
}

impl<'a> Coverage<'a> {
    /// Parses the faces of `set` that `ttf-parser` can read (TrueType and OpenType).
    pub fn new(set: &'a FontSet) -> Self {
        let faces = set
            .all()
            .iter()
            .filter_map(|f| rustybuzz::ttf_parser::Face::parse(&f.data, 0).ok())
            .collect();
        Coverage { faces }
    }

    /// True when some face has a glyph for `c`, or `c` needs none (spaces, controls, joiners, bidi marks).
    pub fn covers(&self, c: char) -> bool {
        crate::script::is_invisible(c)
            || c.is_whitespace()
            || self
                .faces
                .iter()
                .any(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amiri_covers_arabic_persian_and_latin_but_not_emoji() {
        let set = bundled();
        let cov = Coverage::new(&set);
        for c in "بسم الله لا ٱ پچژگکی ٠١٢٣ 0123 ABC éü ،؛؟«» \u{64B}\u{651}".chars()
        {
            assert!(cov.covers(c), "{c:?} {:X}", c as u32);
        }
        assert!(!cov.covers('😀'));
        assert!(!cov.covers('中'));
    }

    #[test]
    fn bundled_fonts_are_truetype() {
        for f in bundled().all() {
            assert_eq!(font_media_type(&f.data), Some("font/ttf"), "{}", f.name);
        }
    }
}
