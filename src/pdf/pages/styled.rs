//! Model inlines as the engine's input: plain text with a style span for every byte.
//!
//! Emphasis selects the slanted face, strong the bold one, code the monospace face; runs of spaces
//! become one space, soft breaks become spaces and hard breaks U+2028 LINE SEPARATOR (a mandatory break that stays inside the paragraph for
//! the bidi algorithm). Footnote references become their number in the book's digits, smaller and raised
//! (a superscript), between U+2066 and U+2069 (a bidi isolate: the number stands where the word before
//! it ends, whatever that word's direction); images, which the
//! text engine does not draw, and anchors leave nothing (anchors are reported with their offsets).

use crate::locale;
use crate::text::{FaceId, StyleSpan};
use std::ops::Range;

use crate::model::{Inline, LinkTarget, SpanKind};

/// Text and styles of a run of inlines set at `size` points in a book of `language`.
pub fn flatten(inlines: &[Inline], size: f32, language: &str) -> (String, Vec<StyleSpan>) {
    let flat = flatten_with_links(inlines, size, language);
    (flat.text, flat.styles)
}

/// A note reference's size and rise, as fractions of the text's size.
const NOTE_REF_SIZE: f32 = 0.7;
const NOTE_REF_RISE: f32 = 0.35;

/// A link's byte range in the flattened text and its target.
pub type LinkSpan = (Range<usize>, LinkTarget);

/// A note reference's byte range in the flattened text (its number, inside the isolate), the note's
/// id and the reference's id.
pub type NoteSpan = (Range<usize>, String, String);

/// Flattened inlines with where their links, note references and anchors are.
pub struct Flattened {
    pub text: String,
    pub styles: Vec<StyleSpan>,
    pub links: Vec<LinkSpan>,
    pub notes: Vec<NoteSpan>,
    /// Every [`Inline::Anchor`]: its byte offset in the text and its id.
    pub anchors: Vec<(usize, String)>,
}

/// [`flatten`], and the byte range of every link with its target and of every note reference, and the
/// offset of every anchor.
pub fn flatten_with_links(inlines: &[Inline], size: f32, language: &str) -> Flattened {
    flatten_numbered(inlines, size, language, &|_| None)
}

/// [`flatten_with_links`] with note references numbered by `number` (a note's id to its number, for
/// numbers that restart on every page), or by their own number where it gives none.
pub fn flatten_numbered(
    inlines: &[Inline],
    size: f32,
    language: &str,
    number: &dyn Fn(&str) -> Option<usize>,
) -> Flattened {
    let mut out = Flat {
        text: String::new(),
        styles: Vec::new(),
        links: Vec::new(),
        notes: Vec::new(),
        anchors: Vec::new(),
        size,
        language,
        number,
    };
    out.walk(inlines, false, false, false);
    Flattened {
        text: out.text,
        styles: out.styles,
        links: out.links,
        notes: out.notes,
        anchors: out.anchors,
    }
}

struct Flat<'l> {
    text: String,
    styles: Vec<StyleSpan>,
    links: Vec<LinkSpan>,
    notes: Vec<NoteSpan>,
    anchors: Vec<(usize, String)>,
    size: f32,
    language: &'l str,
    number: &'l dyn Fn(&str) -> Option<usize>,
}

impl Flat<'_> {
    fn push(&mut self, s: &str, face: FaceId) {
        self.push_at(s, face, self.size, 0.0);
    }

    /// `s` in `face` at `size`, raised by `rise` points.
    fn push_at(&mut self, s: &str, face: FaceId, size: f32, rise: f32) {
        // Runs of spaces are one space, as in HTML: typed twice, a space would print twice as wide.
        let collapsed;
        let s = if s.contains("  ") || (s.starts_with(' ') && self.text.ends_with(' ')) {
            let mut out = String::with_capacity(s.len());
            let mut prev_space = self.text.ends_with(' ');
            for c in s.chars() {
                if c == ' ' && prev_space {
                    continue;
                }
                prev_space = c == ' ';
                out.push(c);
            }
            collapsed = out;
            collapsed.as_str()
        } else {
            s
        };
        if s.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(s);
        let end = self.text.len();
        match self.styles.last_mut() {
            Some(last)
                if last.face == face
                    && last.size == size
                    && last.rise == rise
                    && last.range.end == start =>
            {
                last.range.end = end
            }
            _ => self.styles.push(StyleSpan {
                range: start..end,
                face,
                size,
                rise,
            }),
        }
    }

    fn walk(&mut self, inlines: &[Inline], bold: bool, italic: bool, mono: bool) {
        let face = |bold, italic, mono| {
            if mono {
                FaceId::MONO
            } else {
                FaceId::styled(bold, italic)
            }
        };
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.push(t, face(bold, italic, mono)),
                Inline::Emphasis(c) => self.walk(c, bold, true, mono),
                Inline::Strong(c) => self.walk(c, true, italic, mono),
                Inline::Link {
                    content, target, ..
                } => {
                    let start = self.text.len();
                    self.walk(content, bold, italic, mono);
                    if self.text.len() > start {
                        self.links.push((start..self.text.len(), target.clone()));
                    }
                }
                Inline::Strikethrough(c) => self.walk(c, bold, italic, mono),
                Inline::Span {
                    kind: SpanKind::Keyboard,
                    content,
                } => self.walk(content, bold, italic, true),
                Inline::Span { content, .. } => self.walk(content, bold, italic, mono),
                Inline::Code(t) => self.push(t, FaceId::MONO),
                Inline::Image { .. } => {}
                Inline::Anchor(id) => self.anchors.push((self.text.len(), id.clone())),
                Inline::FootnoteRef {
                    number,
                    id,
                    note_id,
                    ..
                } => {
                    // A superscript: smaller and raised (see the constants).
                    let number = (self.number)(note_id).unwrap_or(*number);
                    let n = locale::number(number, self.language);
                    let size = self.size * NOTE_REF_SIZE;
                    let rise = self.size * NOTE_REF_RISE;
                    let face = face(bold, italic, mono);
                    // Set apart from the text around it (a bidi isolate, UAX #9): after a Latin
                    // word or a number in a right-to-left line it goes on the word's left, where
                    // the word ends, not between the word and what comes before it.
                    self.push_at("\u{2066}", face, size, rise);
                    let start = self.text.len();
                    self.push_at(&n, face, size, rise);
                    let end = self.text.len();
                    self.push_at("\u{2069}", face, size, rise);
                    self.notes.push((start..end, note_id.clone(), id.clone()));
                }
                Inline::SoftBreak => self.push(" ", face(bold, italic, mono)),
                Inline::LineBreak => self.push("\u{2028}", face(bold, italic, mono)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_cover_the_text() {
        let inlines = vec![
            Inline::Text("نص ".into()),
            Inline::Strong(vec![Inline::Text("قوي".into())]),
            Inline::Text(" و".into()),
            Inline::Code("x".into()),
        ];
        let (text, styles) = flatten(&inlines, 12.0, "ar");
        assert_eq!(text, "نص قوي وx");
        let faces: Vec<(&str, FaceId)> = styles
            .iter()
            .map(|s| (&text[s.range.clone()], s.face))
            .collect();
        assert_eq!(
            faces,
            [
                ("نص ", FaceId::REGULAR),
                ("قوي", FaceId::BOLD),
                (" و", FaceId::REGULAR),
                ("x", FaceId::MONO)
            ]
        );
    }

    #[test]
    fn runs_of_spaces_are_one_space() {
        let inlines = vec![
            Inline::Text("توكاييف  بمثابة ".into()),
            Inline::SoftBreak,
            Inline::Text(" علامة".into()),
        ];
        assert_eq!(flatten(&inlines, 12.0, "ar").0, "توكاييف بمثابة علامة");
    }
}
