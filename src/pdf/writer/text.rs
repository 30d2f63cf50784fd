//! A line of shaped glyphs as PDF text that every reader's engine extracts in the author's order.
//!
//! Each glyph is drawn once, where the text engine put it, and stands for its own text through its
//! CID's ToUnicode entry ([`super::fonts`]): a letter its character, a mark its mark. A glyph that
//! stands for no character of the author's (a kashida the justification put in, a joining stroke
//! the face adds after a letter) is no text at all: it is drawn as an outline ([`super::paths`]) and
//! the glyph before it reaches over it, so a reader who copies or searches a word gets the author's
//! characters and nothing else. How the engines read right-to-left text was measured, on test pages
//! and on books (PDFium for Chrome and Edge, pdf.js for Firefox, poppler, MuPDF); this is the design
//! that keeps all of them whole. What a line becomes here is a list of [`Part`]s, written by
//! [`super::content`], and the outlines drawn with them.
//!
//! 1. **One font, one size per line.** Every TrueType face is in the book's one font
//!    ([`super::program`]) and a line is set in one font and size: a change of font starts a new text
//!    item in pdf.js. A glyph at another size (a note number) is scaled by the font program. A letter
//!    the shaper moves up or down (Amiri's cursive joins) is raised with the text rise, its outline the
//!    face's own; marks and blanks keep the rise in effect (a change of rise starts a new text object
//!    in PDFium, and one that starts with a mark is read out of place, unless it is placed to be: see
//!    the pairs of marks below).
//! 2. **Widths that abut.** A CID's advertised width reaches exactly to the next glyph, so no engine
//!    sees a gap inside a word (Amiri's kerning leaves gaps that poppler splits words at).
//! 3. **Marks in slots.** A mark of no width drawn over its letter is read by every engine as a word
//!    of its own, or in the wrong place. Each mark gets a slot of its own in the reading stream next to
//!    its letter, carved from the end of the glyph before it (the letter's neighbour in a right-to-left
//!    piece, the letter itself in a left-to-right one). Where the shaper put the mark's origin is
//!    usually such a slot already (Amiri puts it just before its letter's) and the mark is drawn there
//!    with its own outline; otherwise (an origin inside the letter, or so far from it that MuPDF, which
//!    gives marks no width, would read the gap as a space) the slot is 0.05 em and the mark is drawn
//!    from there back over its letter by the font program (a composite glyph, the face's glyph moved).
//!    A space before a mark reads as U+061C U+0020 (pdf.js drops a plain one there and
//!    then puts it between the mark and its letter), and a blank right-to-left mark separates marks
//!    from a neighbour that is not a right-to-left letter. The marks of one letter (a shadda and its
//!    vowel) follow each other with nothing between them, drawn in the reverse of the author's order:
//!    pdf.js reverses a right-to-left text item, marks with it; poppler reads a word's characters in
//!    drawing order and reverses them. PDFium reads marks in drawing order and does not reverse them,
//!    but it orders a line's text objects by where each starts. So a pair of marks is written as two
//!    `TJ`s of their own (two text objects to PDFium), going on from the pen with no move (pdf.js
//!    measures a letter's place from the last glyph it reads that is not a mark): the one drawn
//!    first starts just before the letter, the other 0.11 em further left, and the glyph before them
//!    reaches to the first. Poppler keeps the four in one word when no character starts within 0.1 em
//!    of the one drawn before it (it splits a word where a character falls on the one before: fake
//!    bold); MuPDF
//!    reads a gap of 0.15 em after a mark as a space. A glyph that stands for two marks (Amiri's
//!    shadda and kasra) is written as the glyph and a blank. A letter before a pair narrower than
//!    the pair's 0.125 em (Amiri's «ح» in «لحد», «خ» in «اتخذ») has its origin moved left to make
//!    the room, drawn from there where it was, when the glyph before it keeps 0.15 em besides its
//!    marks' slots. Where there is no such room the marks get slots as any other, and PDFium reads
//!    them reversed: canonically equivalent text (each Arabic mark has its own combining class),
//!    but not to a search that compares characters one by one.
//!    Ligatures: a right-to-left glyph that stands for several letters (Amiri's long stroke
//!    and alef for «ـــا») stands for the last of them; blanks over the right of its advance stand for
//!    the others: every engine reads the characters of one ToUnicode entry in a right-to-left line in
//!    reverse.
//! 4. **Pieces in logical order.** A line is cut into pieces of one embedding level and one structure
//!    element; the pieces are written in the order they are read, each placed with its own text
//!    position, its glyphs left to right inside it.
//! 5. **Direction marks.** When a line has several pieces, every right-to-left piece starts and ends
//!    with a blank right-to-left mark (U+200F) of no width, which keeps engines that guess each
//!    character's direction from running a piece into its neighbour. The closing one is a hair
//!    (0.002 em) inside the piece: poppler orders a mark that falls exactly on a neighbour's edge by
//!    rounding («-20152016» for «2015-2016» at a line's start). Not inside a word: where a letter or
//!    digit of one piece meets one of the next («و8», «وGoogle»), there is no mark, which PDFium and
//!    MuPDF then read as one word; a mark stays next to punctuation, where poppler would otherwise
//!    move the punctuation across («،California»). A word that ends in a mark («وَ8») still reads
//!    with a space before the next piece: the blank that gives the marks a letter to follow in pdf.js
//!    (point 3) reads as one.
//! 6. **Punctuation before a space.** A comma, colon or percent sign (no direction of its own) that a
//!    space or another such character follows in a right-to-left piece reads as U+061C and itself:
//!    poppler moves it across the space to the next word otherwise («الاختبار :كل»), and PDFium reads
//!    a run of them in drawing order («15،%» for «15%،»). Not an emoji: MuPDF and PDFium read a
//!    surrogate pair after another character in one ToUnicode entry as junk.
//! 7. **Boundary spaces.** A space at a piece's edge next to another piece reads as U+061C U+0020 in a
//!    right-to-left line (U+200E U+0020 in a left-to-right one): pdf.js drops a plain space when the pen
//!    jumps back to the next piece; this one it keeps, and others read an invisible mark before it.
//! 8. **Left-to-right pieces of several direction groups** («COVID-19»: letters, then a hyphen and
//!    digits; «John Smith»: letters, a space, letters) in a right-to-left line: PDFium orders a line's
//!    text objects by their start and reverses the order of its direction groups. Every group but the
//!    last starts just inside the piece's right end, each a little further left than the one before,
//!    with three blank direction marks (right-to-left, left-to-right, right-to-left: MuPDF takes a jump
//!    between two characters of different directions for a move within the line), then moves back to
//!    its first glyph; the last group is written where it is.
//! 9. **Arabic-Indic numbers** («١٩٩٢», «٨٫٧»), in a line or a table cell: MuPDF takes their digits for
//!    right-to-left letters and reverses a run of them that it sees drawn left to right (a glyph
//!    placed where the one before it left the pen, give or take 0.15 em). Each glyph of the number but
//!    the last advertises a width 0.17 em past the next one's origin, so MuPDF sees characters that
//!    overlap and keeps their order; poppler, PDFium and pdf.js take a move back of under 0.2 em
//!    within a word as nothing.
//! 10. **Lines side by side** (a list marker and its item, table cells, a contents entry and its page
//!     number) each end, but the last, with a blank glyph read as a space: pdf.js and MuPDF run them
//!     together otherwise.
//! 11. **A note's number is a word of its own.** The number the typesetter puts after a word
//!     («حاشية١», «وApple٢», ««يمتد»٤») is not the author's word: a reader who copies or searches
//!     the word gets it without the number, and a screen reader says them apart. (The layout sets
//!     the number apart as a bidi isolate, so after a Latin word or a number in a right-to-left
//!     line it stands where the word ends; the isolate's marks are no text.) The glyph left of the
//!     two advertises a width 0.1 em (of its size) short, and a blank read as a space fills the
//!     gap ([`notes`]): poppler
//!     reads a space only where it sees a gap (it drops the blank), and PDFium reads no text of a
//!     blank that is a text object alone, so the blank ends the glyphs left of the gap. After a
//!     right-to-left word that is the number, which every engine still reads after the space; the
//!     blank then starts 0.17 em inside the number's last digit, or MuPDF would take the number
//!     for text drawn left to right and reverse it (point 9). Left of a Latin word, a blank
//!     right-to-left mark follows, on its own (pdf.js skips a glyph whose text ends with a format
//!     character): poppler would otherwise take the space into the word's run («و Apple»). After a
//!     left-to-right word the blank reads as U+200E U+0020: poppler takes U+061C for a
//!     right-to-left letter. MuPDF reads the number as a line of its own, after the word's.

mod glyphs;
mod marks;
mod notes;

use std::ops::Range;

use compact_str::CompactString;
use unicode_bidi::BidiClass;

use super::fonts::Blanks;
use crate::pdf::frame::{NodeId, Tag, TextLine};
use crate::text::FaceId;
use marks::{alone_marks, guard_marks, overlapping_digits, widths};
use notes::spaced_numbers;

const RLM: &str = "\u{200F}";
/// How far inside a right-to-left piece its edge marks are (ems).
const EDGE_INSET: f32 = 0.002;

/// A glyph as it is drawn: face and size, glyph id, where (points), and what it stands for.
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub face: FaceId,
    pub size: f32,
    pub gid: u16,
    /// Its origin on the baseline, and where it is drawn from there (points).
    pub x: f32,
    pub dx: f32,
    pub dy: f32,
    /// The width it advertises (points): to the next glyph's origin.
    pub width: f32,
    /// A few bytes nearly always (a letter, a ligature's letters, a mark): kept inline.
    pub text: CompactString,
    rtl: bool,
    /// Its bidi embedding level.
    level: u8,
    /// The pen position after it as shaped (the next glyph's pen position before its offset).
    end: f32,
    /// Where its text starts in the paragraph (for logical order).
    at: usize,
    /// A nonspacing mark drawn over the glyph before it.
    pub mark: bool,
    /// A mark written as a text object of its own (see the module comment).
    alone: bool,
    /// It moves the pen (a letter, a digit, a space: not a mark or a part of a decomposed letter).
    pub spacing: bool,
    /// It stands for no character of the text (an inserted kashida, a joining stroke): drawn as an
    /// outline, not as text.
    silent: bool,
    tag: Tag,
}

/// A line as it is written: its parts, in reading order, and the glyphs that stand for no character,
/// drawn as outlines.
#[derive(Debug, Clone, Default)]
pub(super) struct Written {
    pub parts: Vec<Part>,
    pub outlined: Vec<Glyph>,
    /// The size the line is written at ([`written_size`]).
    pub size: f32,
}

/// Glyphs written from one text position, in one marked-content sequence.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub tag: Tag,
    /// The text position (points from the page's left edge), on the line's baseline.
    pub x: f32,
    /// Whether the part is placed at `x`; if not (`x` is then not used), it goes on from where the
    /// part before it left the pen, in a `TJ` of its own.
    pub moves: bool,
    pub glyphs: Vec<Glyph>,
}

/// `line`'s glyphs cut into parts in reading order (see the module comment); `beside` when another
/// line follows on the same baseline.
pub(super) fn parts(
    line: &TextLine,
    blanks: &Blanks,
    beside: bool,
    noted: &impl Fn(NodeId) -> bool,
) -> Written {
    let (glyphs, outlined): (Vec<Glyph>, Vec<Glyph>) = glyphs::enclosed(glyphs::glyphs(line))
        .into_iter()
        .partition(|g| !g.silent);
    let glyphs = glyphs::split_ligatures(glyphs, blanks);
    let Some(first) = glyphs.first().cloned() else {
        return Written {
            parts: Vec::new(),
            outlined,
            size: 0.0,
        };
    };
    let rtl_line = line
        .line
        .runs
        .iter()
        .map(|r| r.level)
        .min()
        .is_some_and(|l| l % 2 == 1);
    let size = written_size(&glyphs);
    let mut pieces = pieces(glyphs);
    for piece in &mut pieces {
        widths(piece);
        if piece[0].rtl {
            guard_marks(piece, blanks);
        } else {
            overlapping_digits(piece, size);
        }
    }
    if rtl_line {
        // A space wider than half an em (a loose justified line) reads as U+061C U+0020: pdf.js
        // skips a space and then ends its text item at a gap that wide.
        for g in pieces.iter_mut().flatten() {
            if g.rtl && g.text == " " && g.width > 0.5 * g.size {
                g.text = CompactString::const_new("\u{061C} ");
            }
        }
    }
    // Punctuation with no direction of its own before a space in a right-to-left piece («كلمة، »)
    // reads as U+061C and itself: poppler otherwise moves it across the space to the next word. So
    // does such a character before another («15%،»): PDFium reads a run of them in drawing order.
    let weak = |t: &str| {
        let mut chars = t.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => {
                use BidiClass::*;
                // Not for a character beyond the Basic Multilingual Plane (an emoji): MuPDF and
                // PDFium split a ToUnicode entry's surrogate pair when another character comes
                // before it, and read junk.
                matches!(crate::script::bidi_class(c), CS | ET | ES | ON)
                    && !is_paired(c)
                    && (c as u32) < 0x10000
            }
            _ => false,
        }
    };
    for piece in pieces.iter_mut().filter(|p| p[0].rtl) {
        let marked: Vec<bool> = (0..piece.len())
            .map(|k| {
                let after = k.checked_sub(1).map(|j| &piece[j].text);
                weak(&piece[k].text) && after.is_some_and(|a| a.ends_with(' ') || weak(a))
            })
            .collect();
        for (g, marked) in piece.iter_mut().zip(marked) {
            if marked {
                g.text = ['\u{061C}'].into_iter().chain(g.text.chars()).collect();
            }
        }
    }
    pieces.sort_by_key(|p| p.iter().map(|g| g.at).min().unwrap_or(0));
    let several = pieces.len() > 1;
    let space = if rtl_line { "\u{061C} " } else { "\u{200E} " };
    // A note's number after a word («حاشية١») reads as a word of its own (point 11).
    let numbered = spaced_numbers(&mut pieces, blanks, (space, size), noted);
    if several {
        let last = pieces.len() - 1;
        for (k, piece) in pieces.iter_mut().enumerate() {
            boundary_spaces(piece, k > 0, k < last, space);
        }
    }
    // Whether each piece's logical end runs into the next piece's start inside a word. Not next to a
    // left-to-right piece of several direction groups, which PDFium reads as written only with the
    // marks ([`pdfium_groups`]).
    let grouped = |p: &[Glyph]| rtl_line && !p[0].rtl && direction_groups(p).len() > 1;
    let glued: Vec<bool> = pieces
        .windows(2)
        .zip(&numbered)
        .map(|(w, &numbered)| {
            !numbered && !grouped(&w[0]) && !grouped(&w[1]) && runs_into(&w[0], &w[1])
        })
        .collect();
    let mut out = Vec::new();
    for (k, piece) in pieces.into_iter().enumerate() {
        let rtl = piece[0].rtl;
        let tag = piece[0].tag;
        let before = k > 0 && glued[k - 1];
        let after = glued.get(k).copied().unwrap_or(false);
        let written = match (several && rtl, rtl_line && !rtl) {
            (true, _) => vec![with_marks(&piece, blanks, before, after)],
            (_, true) => pdfium_groups(&piece, blanks),
            _ => {
                let x = piece[0].x;
                vec![(piece, x)]
            }
        };
        for (glyphs, x) in written {
            out.extend(alone_marks(glyphs, x, tag));
        }
    }
    if beside {
        // A blank read as a space at the line's logical end.
        let x = if rtl_line {
            line.x
        } else {
            line.x + line.line.width
        };
        let sep = blank(&first, blanks, space, x);
        out.push(Part {
            tag: first.tag,
            x,
            moves: true,
            glyphs: vec![sep],
        });
    }
    Written {
        parts: out,
        outlined,
        size,
    }
}

/// The size a line is written at: its glyphs' most common size (a glyph at another size, a note's
/// number, is scaled by the font program).
fn written_size<'g>(glyphs: impl IntoIterator<Item = &'g Glyph>) -> f32 {
    // (size bits, glyphs): a line has one size or a few.
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for g in glyphs {
        let bits = g.size.to_bits();
        match counts.iter_mut().find(|c| c.0 == bits) {
            Some(c) => c.1 += 1,
            None => counts.push((bits, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(bits, n)| (n, bits))
        .map_or(10.0, |(bits, _)| f32::from_bits(bits))
}

/// Visual order cut where the embedding level or the element changes (a line is nearly always one
/// piece, or a few: cut from the end, each piece's glyphs moved once).
fn pieces(mut glyphs: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    let cuts: Vec<usize> = (1..glyphs.len())
        .filter(|&k| glyphs[k].level != glyphs[k - 1].level || glyphs[k].tag != glyphs[k - 1].tag)
        .collect();
    let mut out: Vec<Vec<Glyph>> = Vec::with_capacity(cuts.len() + 1);
    for &k in cuts.iter().rev() {
        out.push(glyphs.split_off(k));
    }
    if !glyphs.is_empty() {
        out.push(glyphs);
    }
    out.reverse();
    out
}

/// Whether piece `a`'s logical end runs into piece `b`'s start inside a word: a letter, digit or
/// mark on both sides.
fn runs_into(a: &[Glyph], b: &[Glyph]) -> bool {
    let end = logical_end(a);
    let start = b
        .iter()
        .min_by_key(|g| g.at)
        .map_or("", |g| g.text.as_str());
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || is_nsm(c));
    word(end.chars().last()) && word(start.chars().next())
}

/// The text of a piece's logically last glyph.
fn logical_end(piece: &[Glyph]) -> &str {
    piece
        .iter()
        .max_by_key(|g| g.at)
        .map_or("", |g| g.text.as_str())
}

/// Brackets and quotation marks (PDFium mirrors them whatever is written).
fn is_paired(c: char) -> bool {
    matches!(
        c,
        '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '«' | '»' | '‹' | '›'
    )
}

fn is_nsm(c: char) -> bool {
    crate::script::bidi_class(c) == BidiClass::NSM
}

fn right_to_left(c: char) -> bool {
    matches!(crate::script::bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// A piece's spaces at its edges toward other pieces, read as `space` (see the module comment).
fn boundary_spaces(piece: &mut [Glyph], before: bool, after: bool, space: &str) {
    let rtl = piece[0].rtl;
    let n = piece.len();
    // Visual indices of the piece's logical start and end.
    let (start, end) = if rtl { (n - 1, 0) } else { (0, n - 1) };
    for (edge, touches) in [(start, before), (end, after)] {
        if touches && piece[edge].text == " " {
            piece[edge].text = CompactString::from(space);
        }
    }
}

/// A blank mark of no width at `x`, in `like`'s face and size.
fn blank(like: &Glyph, blanks: &Blanks, text: &str, x: f32) -> Glyph {
    Glyph {
        gid: blanks.of(like.face),
        x,
        dx: 0.0,
        dy: 0.0,
        width: 0.0,
        end: x,
        text: CompactString::from(text),
        mark: false,
        alone: false,
        spacing: false,
        ..like.clone()
    }
}

/// A right-to-left piece between two right-to-left marks, but for a side where it runs into its
/// neighbour inside a word (`before`: its logical start, on the right; `after`: its end); its text
/// position is its left end.
fn with_marks(piece: &[Glyph], blanks: &Blanks, before: bool, after: bool) -> (Vec<Glyph>, f32) {
    let left = piece[0].x;
    let last = &piece[piece.len() - 1];
    let right = last.x + last.width;
    // Just inside the piece: poppler orders a mark that falls on a neighbour's edge by rounding.
    let inset = EDGE_INSET * last.size;
    let mut out = Vec::with_capacity(piece.len() + 2);
    if !after {
        out.push(blank(&piece[0], blanks, RLM, left));
    }
    out.extend(piece.iter().cloned());
    if !before {
        out.push(blank(last, blanks, RLM, right - inset));
    }
    (out, left)
}

/// A left-to-right piece of a right-to-left line, as one part per direction group (see the module
/// comment).
fn pdfium_groups(piece: &[Glyph], blanks: &Blanks) -> Vec<(Vec<Glyph>, f32)> {
    let groups = direction_groups(piece);
    let n = groups.len();
    if n < 2 {
        return vec![(piece.to_vec(), piece[0].x)];
    }
    let last = &piece[piece.len() - 1];
    let size = last.size;
    let right = last.x + last.width;
    // The last group where it is; each group before it starts just inside the piece's right end, a
    // little further right than the group after it.
    let start = |k: usize| right - 0.05 * size + 0.002 * size * (n - 2 - k) as f32;
    if start(n - 2) <= piece[groups[n - 1].1.start].x {
        return vec![(piece.to_vec(), piece[0].x)];
    }
    let mut out = Vec::with_capacity(n);
    for (k, (_, range, spaced)) in groups.into_iter().enumerate() {
        let mut glyphs = piece[range].to_vec();
        if k + 1 == n {
            let x = glyphs[0].x;
            out.push((glyphs, x));
            continue;
        }
        if spaced {
            // The spaces after the group come first in its object: PDFium reads the object's
            // characters in their order and then puts the group after them. pdf.js would drop a
            // plain space there.
            let spaces = glyphs
                .iter()
                .rev()
                .take_while(|g| g.text.ends_with(' '))
                .count();
            let mut moved: Vec<Glyph> = glyphs.split_off(glyphs.len() - spaces);
            for g in &mut moved {
                g.text = CompactString::const_new("\u{200E} ");
            }
            moved.extend(glyphs);
            glyphs = moved;
        }
        // Blank marks where the object starts; the last is a word joiner (U+2060). A zero width
        // no-break space (U+FEFF), which pdf.js takes for white space, kept pdf.js's move back to the
        // group's glyphs a little better (four Latin names of the mixed book read whole rather than
        // spaced), but PDF/A-2u forbids U+FEFF as the text of a glyph (ISO 19005-2, 6.2.11.7.2).
        let mut part: Vec<Glyph> = [RLM, "\u{200E}", RLM, "\u{2060}"]
            .iter()
            .map(|m| blank(&glyphs[0], blanks, m, start(k)))
            .collect();
        part.extend(glyphs);
        out.push((part, start(k)));
    }
    out
}

/// A piece's groups of one direction class (see [`pdfium_class`]), each with whether spaces end it
/// (they join the group before them, as does a glyph of format characters alone; a blank of spaces
/// and format characters counts as a space).
fn direction_groups(piece: &[Glyph]) -> Vec<(char, Range<usize>, bool)> {
    let mut groups: Vec<(char, Range<usize>, bool)> = Vec::new();
    for (k, g) in piece.iter().enumerate() {
        let class = pdfium_class(&g.text);
        let space = g.text.ends_with(' ')
            || (g.text.contains(' ')
                && g.text
                    .chars()
                    .all(|c| c == ' ' || crate::script::is_invisible(c)));
        match groups.last_mut() {
            Some((_, r, _)) if class.is_none() && !space => r.end = k + 1,
            Some((_, r, spaced)) if space => {
                r.end = k + 1;
                *spaced = true;
            }
            Some((c, r, false)) if class.is_none() || Some(*c) == class => r.end = k + 1,
            _ => groups.push((class.unwrap_or('N'), k..k + 1, false)),
        }
    }
    groups
}

/// The direction group PDFium puts a glyph's text in: letters (`L`), numbers and their punctuation
/// (`W`), right-to-left letters (`R`), the rest (`N`); `None` for format characters alone.
fn pdfium_class(text: &str) -> Option<char> {
    use BidiClass::*;
    let c = text.chars().find(|&c| !crate::script::is_invisible(c))?;
    Some(match crate::script::bidi_class(c) {
        L => 'L',
        AN | EN | NSM | CS | ES | ET | BN => 'W',
        R | AL => 'R',
        _ => 'N',
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::frame::Item;

    /// Every glyph of a vocalized book is drawn where the layout put it, whatever the text layer does
    /// with it: marks moved into slots or written as pairs, blanks added, digits widened.
    #[test]
    fn the_text_layer_draws_every_glyph_where_the_layout_put_it() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/manuscripts/vocalized");
        let loaded = crate::pipeline::book_with_env(&dir, Some("0")).unwrap();
        let fonts = loaded.fonts().unwrap().unwrap();
        let doc = crate::pdf::compose(&loaded.book, &fonts);
        let cids = super::super::fonts::Cids::new(&fonts);
        let blanks = cids.faces().blanks();
        let key = |g: &Glyph| {
            (
                g.face.index(),
                g.gid,
                ((g.x + g.dx) * 100.0).round() as i64,
                (g.dy * 100.0).round() as i64,
            )
        };
        let (mut lines, mut pairs) = (0, 0);
        for page in &doc.pages {
            for item in &page.items {
                let Item::Text(line) = item else { continue };
                let mut want: Vec<_> = glyphs::glyphs(line).iter().map(key).collect();
                let written = parts(line, &blanks, false, &|_| false);
                pairs += written.parts.iter().filter(|p| !p.moves).count();
                let mut got: Vec<_> = written
                    .parts
                    .iter()
                    .flat_map(|p| &p.glyphs)
                    .chain(&written.outlined)
                    .filter(|g| g.gid != blanks.of(g.face))
                    .map(key)
                    .collect();
                want.retain(|k| k.1 != blanks.of(FaceId::at(k.0)));
                want.sort();
                got.sort();
                assert_eq!(got, want, "line at {}", line.y);
                lines += 1;
            }
        }
        assert!(
            lines > 100 && pairs > 50,
            "{lines} lines, {pairs} parts of marks written alone"
        );
    }
}
