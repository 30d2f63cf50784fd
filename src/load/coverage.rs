//! Characters no face of the book can draw, found when the manuscript loads, so that `check` and
//! `build` say the same: each is a warning at its file, line and column (it is drawn as the empty
//! `.notdef` box), never an error. A character is drawn when the book's faces or a fallback face
//! ([`crate::model::FontSet::fallback`]) have it; white space, controls, joiners and the other
//! default-ignorable characters (a variation selector after ©, a tag in a flag) need no glyph.

use std::path::Path;

use crate::error::{line_col, Warning};
use crate::fonts::Coverage;
use crate::model::FontSet;

/// Warnings for the characters of each `(file, text)` that no face of `set` draws, each distinct
/// character looked up in the faces once (the loader runs this beside its parsing).
pub fn uncovered(set: &FontSet, files: &[(&Path, &str)]) -> Vec<Warning> {
    let coverage = Coverage::new(set);
    // The distinct characters of the book (a few hundred, met hundreds of thousands of times)
    // outside ASCII, which every book face has: each asked of the faces once.
    // A bit for each character of the Basic Multilingual Plane met, and the others.
    let mut bmp = vec![0u64; 0x10000 / 64];
    let mut distinct = Vec::new();
    for c in files
        .iter()
        .flat_map(|(_, text)| text.chars())
        .filter(|c| !c.is_ascii())
    {
        match bmp.get_mut(c as usize / 64) {
            Some(word) => *word |= 1 << (c as u32 % 64),
            None => distinct.push(c),
        }
    }
    distinct.extend((0..0x10000u32).filter_map(|cp| {
        let set = bmp[cp as usize / 64] & (1 << (cp % 64)) != 0;
        set.then(|| char::from_u32(cp)).flatten()
    }));
    distinct.sort_unstable();
    distinct.dedup();
    let missing: Vec<char> = distinct
        .into_iter()
        .filter(|&c| !coverage.covers(c))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (file, text) in files {
        for (offset, c) in text.char_indices() {
            if c.is_ascii() || missing.binary_search(&c).is_err() {
                continue;
            }
            let (line, column) = line_col(text, offset);
            out.push(Warning {
                file: file.to_path_buf(),
                line,
                column: Some(column),
                message: format!(
                    "character U+{:04X} {c} is in no font of the book: it is drawn as an empty box; \
                     name a font that has it in book.toml ([fonts] fallback), or replace it",
                    c as u32
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_emoji_are_drawn_and_ignorables_need_nothing() {
        let set = crate::fonts::bundled();
        let text = "نص ✓ ★ 📚 ©\u{FE0F} ☪ 👍🏽 🇰🇿 \u{200D}\u{E0067}";
        assert_eq!(uncovered(&set, &[(Path::new("a.md"), text)]), vec![]);
        // A character no bundled face has, at its line and column.
        let text = "سطر\nنص 中 آخر";
        let w = uncovered(&set, &[(Path::new("a.md"), text)]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!((w[0].line, w[0].column), (2, Some(4)));
        assert!(
            w[0].to_string().starts_with("a.md:2:4: character U+4E2D"),
            "{}",
            w[0]
        );
    }
}
