//! Characters no face of the book can draw, found when the manuscript loads, so that `check` and
//! `build` say the same: each is a warning at its file, line and column (it is drawn as the empty
//! `.notdef` box), never an error. A character is drawn when the book's faces or a fallback face
//! ([`crate::model::FontSet::fallback`]) have it; white space, controls, joiners and the other
//! default-ignorable characters (a variation selector after ©, a tag in a flag) need no glyph.

use std::path::Path;

use crate::error::{line_col, Warning};
use crate::fonts::Coverage;
use crate::model::FontSet;

/// Warnings for the characters of `text` (the contents of `file`) that no face of `set` draws.
pub fn uncovered(set: &FontSet, files: &[(&Path, &str)]) -> Vec<Warning> {
    let coverage = Coverage::new(set);
    // What is known of each character of the Basic Multilingual Plane: 0 not asked yet, 1 drawn,
    // 2 not drawn (a book repeats its few hundred characters hundreds of thousands of times).
    let mut known = vec![0u8; 0x10000];
    let mut drawn = |c: char| -> bool {
        if c.is_ascii() {
            return true;
        }
        let Some(slot) = known.get_mut(c as usize) else {
            return coverage.covers(c);
        };
        if *slot == 0 {
            *slot = if coverage.covers(c) { 1 } else { 2 };
        }
        *slot == 1
    };
    let mut out = Vec::new();
    for (file, text) in files {
        for (offset, c) in text.char_indices() {
            if drawn(c) {
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
