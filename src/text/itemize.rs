//! Itemising: a paragraph split into runs that can each be shaped in one call.
//!
//! An item has one bidi embedding level, one face, one size and one script. The face is the style's
//! face when it has the character, otherwise the first bundled face that does (Amiri for Arabic inside
//! code, for example); characters no face covers are reported, never drawn as empty boxes. Marks, joiners
//! and spaces stay in the item of the character before them, and characters of no particular script
//! (digits, punctuation, spaces) take the script of the text around them.

use std::ops::Range;

use super::fonts::{FaceId, Fonts};
use super::shape::{RunScript, ShapeSpec};
use crate::script::emoji_presentation;

/// A styled range of the paragraph text (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSpan {
    pub range: Range<usize>,
    pub face: FaceId,
    /// Size in points.
    pub size: f32,
    /// Baseline shift in points, up (a note reference's superscript); 0 on the baseline.
    pub rise: f32,
}

/// A run of characters shaped together. Ranges are indices into the paragraph's character table.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub chars: Range<usize>,
    pub level: u8,
    pub face: FaceId,
    pub size: f32,
    pub rise: f32,
    pub script: RunScript,
}

impl Item {
    pub fn rtl(&self) -> bool {
        self.level % 2 == 1
    }

    /// What shaping this item (or a part of it) takes: its face, direction and script, the text's
    /// language, and the characters around the part as context.
    pub fn spec<'s>(&self, language: &'s str, before: &'s str, after: &'s str) -> ShapeSpec<'s> {
        ShapeSpec {
            face: self.face,
            rtl: self.rtl(),
            script: self.script,
            language,
            before,
            after,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Strong(RunScript),
    /// Digits, punctuation, symbols: no script of their own.
    Common,
    /// Marks, joiners, controls and white space: they follow the character before them.
    Follow,
}

fn classify(c: char) -> Class {
    let cp = c as u32;
    // Most characters of a book first: Arabic letters, ASCII letters, the space.
    match cp {
        0x0621..=0x063A | 0x0641..=0x064A => return Class::Strong(RunScript::Arabic),
        0x41..=0x5A | 0x61..=0x7A => return Class::Strong(RunScript::Latin),
        0x20 => return Class::Follow,
        _ => {}
    }
    if crate::script::is_invisible(c) || c.is_whitespace() || is_mark(c) {
        return Class::Follow;
    }
    if !c.is_alphabetic() {
        return Class::Common;
    }
    let arabic = matches!(cp, 0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF);
    if arabic {
        // The tatweel is a letter of no script (Common): it joins whatever surrounds it.
        return if c == '\u{0640}' {
            Class::Common
        } else {
            Class::Strong(RunScript::Arabic)
        };
    }
    let latin = matches!(cp, 0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFB00..=0xFB06);
    Class::Strong(if latin {
        RunScript::Latin
    } else {
        RunScript::Other
    })
}

/// Combining marks (general category M*) of the ranges a book meets.
pub fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED | 0x0898..=0x089F | 0x08CA..=0x08E1 | 0x08E3..=0x08FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F)
}

/// Splits the paragraph into items. `chars` is the paragraph's (byte offset, char) table, `levels` the
/// bidi level of each character, `styles` cover the text. Returns the items and the characters (byte
/// offset, char) that no face covers.
pub fn itemize(
    fonts: &Fonts,
    chars: &[(usize, char)],
    levels: &[u8],
    styles: &[StyleSpan],
    default_script: RunScript,
) -> (Vec<Item>, Vec<(usize, char)>) {
    let mut items: Vec<Item> = Vec::new();
    let mut missing = Vec::new();
    let mut style_index = 0;
    for (i, &(byte, c)) in chars.iter().enumerate() {
        while style_index + 1 < styles.len() && styles[style_index].range.end <= byte {
            style_index += 1;
        }
        let (style_face, size, rise) = styles
            .get(style_index)
            .map_or((FaceId::REGULAR, 12.0, 0.0), |s| (s.face, s.size, s.rise));
        let class = classify(c);
        let level = levels[i];
        let current = items
            .last()
            .filter(|it| it.level == level && it.size == size && it.rise == rise);
        // A character that continues an emoji (a skin tone, a keycap, the second half of a flag, a
        // tag, what follows a joiner) stays in the emoji's face when that face has it: the face's
        // ligature draws the whole sequence.
        let continues = current.filter(|it| {
            continues_emoji(c, i.checked_sub(1).map(|p| chars[p].1)) && fonts.covers(it.face, c)
        });
        let face = match (class, current) {
            (Class::Follow, Some(it)) => it.face,
            _ if continues.is_some() => continues.map_or(style_face, |it| it.face),
            _ if fonts.covers(style_face, c) || class == Class::Follow => style_face,
            _ => match fonts.fallback(c, emoji_presentation(c, chars.get(i + 1).map(|n| n.1))) {
                Some(f) => f,
                None => {
                    missing.push((byte, c));
                    style_face
                }
            },
        };
        let script = match class {
            Class::Strong(s) => Some(s),
            _ => None,
        };
        let extend = match items.last() {
            Some(it) => {
                it.level == level
                    && it.face == face
                    && it.size == size
                    && it.rise == rise
                    && it.chars.end == i
                    && match (script, it.script) {
                        (Some(s), current) => s == current || !has_strong(chars, it),
                        (None, _) => true,
                    }
            }
            None => false,
        };
        if extend {
            let it = items.last_mut().expect("checked above");
            it.chars.end = i + 1;
            if let Some(s) = script {
                it.script = s;
            }
        } else {
            items.push(Item {
                chars: i..i + 1,
                level,
                face,
                size,
                rise,
                script: script.unwrap_or(RunScript::Other),
            });
            if script.is_none() {
                // Marked as not yet known: resolved below from the neighbours.
                items.last_mut().expect("just pushed").script = RunScript::Other;
            }
        }
    }
    resolve_common_scripts(&mut items, chars, default_script);
    (items, missing)
}

/// Whether `c`, after `prev`, continues an emoji sequence: a skin tone modifier, the combining keycap,
/// a tag character, a regional indicator after another (a flag), anything after a zero width joiner.
fn continues_emoji(c: char, prev: Option<char>) -> bool {
    let regional = |c: char| matches!(c as u32, 0x1F1E6..=0x1F1FF);
    matches!(c as u32, 0x1F3FB..=0x1F3FF | 0x20E3 | 0xE0020..=0xE007F)
        || prev == Some('\u{200D}')
        || (regional(c) && prev.is_some_and(regional))
}

fn has_strong(chars: &[(usize, char)], item: &Item) -> bool {
    chars[item.chars.clone()]
        .iter()
        .any(|&(_, c)| matches!(classify(c), Class::Strong(_)))
}

/// Items without a letter take the script of the nearest item before them that has one (else after,
/// else the book's).
fn resolve_common_scripts(items: &mut [Item], chars: &[(usize, char)], default_script: RunScript) {
    let strong: Vec<bool> = items.iter().map(|it| has_strong(chars, it)).collect();
    for i in 0..items.len() {
        if strong[i] {
            continue;
        }
        let before = (0..i).rev().find(|&j| strong[j]).map(|j| items[j].script);
        let after = (i + 1..items.len())
            .find(|&j| strong[j])
            .map(|j| items[j].script);
        items[i].script = before.or(after).unwrap_or(default_script);
    }
}

#[cfg(test)]
mod tests {
    /// The quick answers for Arabic and ASCII letters and the space are what the general rules give.
    #[test]
    fn the_quick_classes_are_the_general_ones() {
        fn general(c: char) -> super::Class {
            use super::*;
            if crate::script::is_invisible(c) || c.is_whitespace() || is_mark(c) {
                return Class::Follow;
            }
            if !c.is_alphabetic() {
                return Class::Common;
            }
            let cp = c as u32;
            if matches!(cp, 0x0600..=0x06FF) {
                return Class::Strong(RunScript::Arabic);
            }
            Class::Strong(RunScript::Latin)
        }
        for c in ('\u{0621}'..='\u{063A}')
            .chain('\u{0641}'..='\u{064A}')
            .chain('A'..='Z')
            .chain('a'..='z')
            .chain([' '])
        {
            assert_eq!(super::classify(c), general(c), "{c:?}");
        }
    }

    use super::*;

    fn table(s: &str) -> Vec<(usize, char)> {
        s.char_indices().collect()
    }

    #[test]
    fn items_split_by_level_face_and_script() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let text = "نص COVID-19 و code";
        let chars = table(text);
        // Levels as the bidi algorithm gives them: Latin and digits at 2 inside RTL text.
        let levels: Vec<u8> = chars
            .iter()
            .map(|&(_, c)| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    2
                } else {
                    1
                }
            })
            .collect();
        let code_start = text.find("code").unwrap();
        let styles = vec![
            StyleSpan {
                range: 0..code_start,
                face: FaceId::REGULAR,
                size: 12.0,
                rise: 0.0,
            },
            StyleSpan {
                range: code_start..text.len(),
                face: FaceId::MONO,
                size: 12.0,
                rise: 0.0,
            },
        ];
        let (items, missing) = itemize(&fonts, &chars, &levels, &styles, RunScript::Arabic);
        assert!(missing.is_empty());
        let texts: Vec<String> = items
            .iter()
            .map(|it| chars[it.chars.clone()].iter().map(|&(_, c)| c).collect())
            .collect();
        assert_eq!(texts, ["نص ", "COVID-19", " و ", "code"]);
        assert_eq!(items[1].script, RunScript::Latin);
        assert_eq!(items[2].script, RunScript::Arabic);
        assert_eq!(items[3].face, FaceId::MONO);
    }

    #[test]
    fn arabic_in_code_falls_back_to_amiri_and_uncovered_characters_are_reported() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let text = "x = \"مرحبا\" 😀 👍🏽 中";
        let chars = table(text);
        let levels = vec![0; chars.len()];
        let styles = vec![StyleSpan {
            range: 0..text.len(),
            face: FaceId::MONO,
            size: 10.0,
            rise: 0.0,
        }];
        let (items, missing) = itemize(&fonts, &chars, &levels, &styles, RunScript::Latin);
        assert!(items
            .iter()
            .any(|it| it.face == FaceId::REGULAR && it.script == RunScript::Arabic));
        // The emoji from the bundled emoji face (the third fallback, first for emoji), its skin tone
        // with it; no face has 中.
        let emoji = items
            .iter()
            .find(|it| chars[it.chars.start].1 == '😀')
            .unwrap();
        assert_eq!(emoji.face, FaceId::fallback(2));
        let thumb = chars.iter().position(|&(_, c)| c == '👍').unwrap();
        let item = items.iter().find(|it| it.chars.contains(&thumb)).unwrap();
        assert_eq!(item.face, FaceId::fallback(2));
        assert!(
            item.chars.contains(&(thumb + 1)),
            "the tone in the thumb's item"
        );
        assert_eq!(missing, vec![(text.find('中').unwrap(), '中')]);
    }
}
