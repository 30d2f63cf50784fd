//! The text engine's types: what a paragraph to lay out is (text, styles, direction), the options
//! (measure, justification, breaker, language), and what comes out (lines of glyph runs in visual
//! order). Every step of the engine uses them; they depend on nothing but the fonts' face ids.

use std::ops::Range;

use super::fonts::FaceId;
use super::itemize::StyleSpan;
use super::shape::RunScript;
use crate::model::Direction;

/// How lines are filled to the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Justify {
    /// Kashida first (Arabic words), then inter-word space.
    Kashida,
    /// Inter-word space only.
    Spaces,
    /// Ragged: lines keep their natural width.
    None,
}

/// Which line breaker to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Breaker {
    TotalFit,
    Greedy,
}

/// Layout settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Line width in points.
    pub measure: f32,
    pub justify: Justify,
    pub breaker: Breaker,
    /// BCP 47 language of the text, for shaping.
    pub language: String,
    /// The last line justified too (a hemistich of verse, stretched to its poem's width).
    pub justify_last: bool,
    /// First-line indent in points: the first line is set this much shorter (the composer places it
    /// this far in from the start side).
    pub indent: f32,
}

/// A paragraph to lay out: its text, the style of every byte of it, and its base direction
/// (`None`: from its first strong character).
#[derive(Debug, Clone)]
pub struct Paragraph<'t> {
    pub text: &'t str,
    pub styles: Vec<StyleSpan>,
    pub direction: Option<Direction>,
}

impl<'t> Paragraph<'t> {
    /// A paragraph in one face and size, its direction from its first strong character.
    pub fn plain(text: &'t str, face: FaceId, size: f32) -> Self {
        Paragraph {
            text,
            styles: vec![StyleSpan {
                range: 0..text.len(),
                face,
                size,
                rise: 0.0,
            }],
            direction: None,
        }
    }
}

impl Options {
    /// Total-fit breaking of `language` text at `measure` points.
    pub fn new(measure: f32, justify: Justify, language: &str) -> Self {
        Options {
            measure,
            justify,
            breaker: Breaker::TotalFit,
            language: language.to_string(),
            justify_last: false,
            indent: 0.0,
        }
    }
}

/// A positioned glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Index of the glyph's first character in its run's [`GlyphRun::shaped_text`].
    pub cluster: u32,
    /// Advance and offsets in font units, as the shaper gave them.
    pub x_advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    /// Points added to the advance by justification (negative: overlap).
    pub extra: f32,
    /// The paragraph bytes this glyph's cluster stands for (empty for an inserted tatweel).
    pub text: Range<usize>,
    /// A tatweel inserted by justification.
    pub inserted: bool,
}

/// Glyphs of one face, size and direction, in visual order (left to right).
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub face: FaceId,
    pub size: f32,
    /// Baseline shift in points, up.
    pub rise: f32,
    /// Points per font unit.
    pub scale: f32,
    pub rtl: bool,
    /// Bidi embedding level.
    pub level: u8,
    pub script: RunScript,
    /// The characters given to the shaper (the author's text plus inserted tatweels).
    pub shaped_text: String,
    /// Text around the run that joining depended on (when a line ends inside a word).
    pub context: (String, String),
    pub glyphs: Vec<Glyph>,
}

impl GlyphRun {
    pub fn width(&self) -> f32 {
        self.glyphs
            .iter()
            .map(|g| g.x_advance as f32 * self.scale + g.extra)
            .sum()
    }
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Runs in visual order, left to right.
    pub runs: Vec<GlyphRun>,
    /// The paragraph bytes of the line, without the white space at its end.
    pub range: Range<usize>,
    /// Width before justification and after it, in points.
    pub natural_width: f32,
    pub width: f32,
    /// Ascent and descent of the line box in points: the faces' own, grown to hold every glyph's ink
    /// (stacked marks rise above Amiri's ascent); the largest line gap of the line's faces.
    pub ascent: f32,
    pub descent: f32,
    pub line_gap: f32,
    /// The paragraph's last line (or the last before a hard break): not justified.
    pub last: bool,
    /// Tatweels inserted.
    pub kashidas: usize,
    /// The adjustment ratio the breaker chose this line with (0 natural, 1 fully stretched).
    pub ratio: f32,
}

/// A laid-out paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Shared: a page shows a line of a kept layout without copying its glyphs.
    pub lines: Vec<std::sync::Arc<Line>>,
    /// The paragraph's base direction.
    pub rtl: bool,
    /// Characters (byte offset, char) that no face covers.
    pub missing: Vec<(usize, char)>,
}

/// Elongation allowed per word (tatweels) and per line (em). One tatweel per word: Amiri draws two or
/// more adjacent tatweels as one long kashida glyph, which text extractors and checkers cannot tell from
/// an author's tatweels; the rest of a line's slack goes to its spaces.
pub const KASHIDA_PER_WORD: usize = 1;
pub const KASHIDA_PER_LINE_EM: f32 = 4.0;
