//! Facts about characters that several stages need: which are strong right-to-left or left-to-right
//! letters, and which direction a run of text takes on its own.
//!
//! The loader uses this to mark a left-to-right paragraph (an English quotation) inside a right-to-left
//! book; the text engine applies the full Unicode Bidirectional Algorithm on top of it.

use crate::model::Direction;

/// The strong direction of `c`, or `None` for digits, punctuation, spaces and marks.
pub fn strong_direction(c: char) -> Option<Direction> {
    let cp = c as u32;
    let rtl = matches!(cp,
        0x0590..=0x05FF // Hebrew
        | 0x0600..=0x07BF // Arabic, Syriac, Arabic Supplement, Thaana
        | 0x07C0..=0x08FF // NKo, Samaritan, Mandaic, Arabic Extended
        | 0xFB1D..=0xFDFF // Hebrew and Arabic presentation forms A
        | 0xFE70..=0xFEFF // Arabic presentation forms B
        | 0x10800..=0x10FFF // historic RTL scripts, Hanifi Rohingya, Arabic extended-C
        | 0x1E800..=0x1EFFF // Mende Kikakui, Adlam, Arabic mathematical symbols
    );
    if rtl {
        // Arabic digits, signs and marks are not strong letters.
        let weak = matches!(cp, 0x0600..=0x0605 | 0x0609..=0x060A | 0x060C | 0x0610..=0x061A | 0x064B..=0x0669
            | 0x066B..=0x066C | 0x0670 | 0x06D6..=0x06ED | 0x06F0..=0x06F9 | 0x08D3..=0x08FF);
        return (!weak && c.is_alphabetic()).then_some(Direction::Rtl);
    }
    c.is_alphabetic().then_some(Direction::Ltr)
}

/// The direction a paragraph takes inside a book written in `book` direction: the other direction only
/// when the paragraph has strong letters of the other direction and none of the book's own
/// (an English-only paragraph in an Arabic book); otherwise `None` (the book's direction).
pub fn paragraph_direction(text: &str, book: Direction) -> Option<Direction> {
    let mut other = false;
    for d in text.chars().filter_map(strong_direction) {
        if d == book {
            return None;
        }
        other = true;
    }
    other.then_some(match book {
        Direction::Rtl => Direction::Ltr,
        Direction::Ltr => Direction::Rtl,
    })
}

/// The language of a paragraph set in direction `dir` (what [`paragraph_direction`] gives it) in a book
/// written in `book` direction, when it is not the book's: a left-to-right paragraph (Latin letters and
/// none of the book's) in a right-to-left book is English, a right-to-left one in a left-to-right book
/// Arabic. Both editions say it (the EPUB's `lang`, the PDF's `/Lang`), so that a screen reader reads
/// it with the right voice.
pub fn paragraph_language(dir: Option<Direction>, book: Direction) -> Option<&'static str> {
    match (dir?, book) {
        (Direction::Ltr, Direction::Rtl) => Some("en"),
        (Direction::Rtl, Direction::Ltr) => Some("ar"),
        _ => None,
    }
}

/// Whether `c`, followed by `next`, is shown as an emoji (Unicode's emoji presentation: the
/// character's default, or an emoji character asked for as one by U+FE0F; U+FE0E asks for text).
pub fn emoji_presentation(c: char, next: Option<char>) -> bool {
    use unicode_properties::emoji::{EmojiStatus as S, UnicodeEmoji};
    if (c as u32) < 0x2000 && next != Some('\u{FE0F}') {
        return false;
    }
    match next {
        Some('\u{FE0E}') => false,
        Some('\u{FE0F}') => c.is_emoji_char(),
        _ => matches!(
            c.emoji_status(),
            S::EmojiPresentation
                | S::EmojiPresentationAndModifierBase
                | S::EmojiPresentationAndEmojiComponent
                | S::EmojiPresentationAndModifierAndEmojiComponent
        ),
    }
}

/// True for characters that take no glyph of their own: controls, joiners and bidi marks.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_letters() {
        assert_eq!(strong_direction('ك'), Some(Direction::Rtl));
        assert_eq!(strong_direction('پ'), Some(Direction::Rtl));
        assert_eq!(strong_direction('C'), Some(Direction::Ltr));
        assert_eq!(strong_direction('٣'), None);
        assert_eq!(strong_direction('3'), None);
        assert_eq!(strong_direction('\u{064E}'), None); // fatha
        assert_eq!(strong_direction('،'), None);
    }

    #[test]
    fn english_paragraph_in_arabic_book() {
        assert_eq!(
            paragraph_direction("The year 2022.", Direction::Rtl),
            Some(Direction::Ltr)
        );
        assert_eq!(paragraph_direction("COVID-19 جائحة", Direction::Rtl), None);
        assert_eq!(paragraph_direction("2015-2016", Direction::Rtl), None);
        assert_eq!(
            paragraph_direction("نص عربي", Direction::Ltr),
            Some(Direction::Rtl)
        );
    }
}

/// The Unicode bidirectional class of `c` (`unicode_bidi`'s data), read from a table for the first
/// 2,048 code points (Latin, Greek, Cyrillic, Hebrew, Arabic): the text engine asks for every character
/// of every paragraph, and the PDF writer for every glyph's, where a search of the data's ranges
/// took a third of the bidi analysis.
pub fn bidi_class(c: char) -> unicode_bidi::BidiClass {
    use unicode_bidi::data_source::BidiDataSource;
    const TABLED: usize = 0x800;
    static TABLE: std::sync::OnceLock<[unicode_bidi::BidiClass; TABLED]> =
        std::sync::OnceLock::new();
    match TABLE
        .get_or_init(|| {
            std::array::from_fn(|i| {
                char::from_u32(i as u32).map_or(unicode_bidi::BidiClass::L, |c| {
                    unicode_bidi::HardcodedBidiData.bidi_class(c)
                })
            })
        })
        .get(c as usize)
    {
        Some(&class) => class,
        None => unicode_bidi::HardcodedBidiData.bidi_class(c),
    }
}

/// [`bidi_class`] as the data `unicode_bidi`'s analysis reads
/// (`BidiInfo::new_with_data_source(&script::BidiData, …)`); its brackets are the crate's own.
pub struct BidiData;

impl unicode_bidi::data_source::BidiDataSource for BidiData {
    fn bidi_class(&self, c: char) -> unicode_bidi::BidiClass {
        bidi_class(c)
    }
}

#[cfg(test)]
mod bidi_tests {
    use unicode_bidi::data_source::BidiDataSource;

    /// The table reads what the crate's data says, for every character of the Basic Multilingual Plane
    /// and beyond.
    #[test]
    fn the_bidi_table_is_the_crates_data() {
        for c in (0..0x11000u32).filter_map(char::from_u32) {
            assert_eq!(
                super::bidi_class(c),
                unicode_bidi::HardcodedBidiData.bidi_class(c),
                "U+{:04X}",
                c as u32
            );
        }
    }
}
