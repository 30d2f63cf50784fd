//! What each glyph of a piece advertises and where marks go in the reading stream ([`super`]'s
//! module comment, points 2, 3 and 9): widths that reach the next glyph, a slot for each mark, a
//! letter's pair of marks as text objects of their own, the blank marks that keep marks with their
//! letter, and Arabic-Indic numbers whose glyphs overlap for MuPDF.

use compact_str::CompactString;
use unicode_bidi::BidiClass;

use super::{blank, right_to_left, Glyph, Part, RLM};
use crate::pdf::frame::Tag;
use crate::pdf::writer::fonts::Blanks;

/// A mark's slot in the reading stream, in ems.
const MARK_SLOT: f32 = 0.05;
/// The narrowest a mark's slot, or what a donor keeps of its width, may be (ems).
const MIN_SLOT: f32 = 0.02;
/// The widest the slots of a letter's marks may be together (ems).
const MAX_SLOT: f32 = 0.145;
/// A letter's pair of marks in a right-to-left piece (ems): the width of the one drawn first, and how
/// far left of it the other starts.
const PAIR_LAST: f32 = 0.01;
const PAIR_STEP: f32 = 0.11;
/// The room a pair needs from the origin of the glyph before it, and what that glyph keeps of its
/// own when its origin moves left to make the room (ems).
const PAIR_ROOM: f32 = 0.125;
const KEEP: f32 = 0.15;
/// How far before a pair the blank right-to-left mark that guards it starts (ems).
const PAIR_GUARD: f32 = 0.105;
/// How far an Arabic-Indic digit's width reaches past the next glyph's origin (ems).
pub(super) const DIGIT_OVERLAP: f32 = 0.17;
/// The width of the blank before a line's last marks (ems).
const BLANK_HAIR: f32 = 0.005;

/// Widths that reach the next glyph that is not a mark; marks get their slots (see the module
/// comment).
pub(super) fn widths(piece: &mut [Glyph]) {
    room_for_pairs(piece);
    let n = piece.len();
    let end = piece.last().map_or(0.0, |g| g.end);
    // The right edge of every glyph that is not a mark: the next such glyph's origin.
    let mut right = vec![end; n];
    let mut next = end;
    for k in (0..n).rev() {
        if !piece[k].mark {
            right[k] = next;
            next = piece[k].x;
        }
    }
    let mut k = 0;
    while k < n {
        if !piece[k].mark {
            k += 1;
            continue;
        }
        let start = k;
        while k < n && piece[k].mark {
            k += 1;
        }
        let marks = k - start;
        let slot_max = MARK_SLOT * piece[start].size;
        let donor = start.checked_sub(1);
        let (region_end, slot) = match donor {
            Some(d) => {
                let room = right[d] - piece[d].x;
                (right[d], slot_max.min(room / (marks + 1) as f32))
            }
            None => (piece.get(k).map_or(end, |g| g.x), slot_max),
        };
        let size = piece[start].size;
        if piece[start].rtl && marks == 2 {
            let room =
                donor.is_none_or(|d| region_end - piece[d].x >= (PAIR_LAST + PAIR_STEP) * size);
            if room {
                // Two marks of a letter in a right-to-left piece: the first drawn (the author's
                // second) just before the letter, the other a pair's step to its left, each a text
                // object of its own (see the module comment).
                let second = region_end - PAIR_LAST * size;
                let first = second - PAIR_STEP * size;
                for (j, (origin, width)) in [(second, PAIR_LAST), (first, PAIR_STEP)]
                    .into_iter()
                    .enumerate()
                {
                    let g = &mut piece[start + j];
                    g.dx += g.x - origin;
                    g.x = origin;
                    g.width = width * size;
                    g.alone = true;
                }
                // A glyph that is not a letter or a space gets a blank right-to-left mark after it
                // ([`guard_marks`]), which reaches to the first mark from 0.105 em before it.
                if let Some(d) = donor {
                    right[d] = if plain(&piece[d]) {
                        second
                    } else {
                        second - PAIR_GUARD * size
                    };
                }
                continue;
            }
        }
        // Where the shaper put the marks is often a slot already (Amiri puts a mark's origin just
        // before its letter's): then they stay there, drawn with the face's own outlines.
        let min = MIN_SLOT * piece[start].size;
        let origins: Vec<f32> = piece[start..k].iter().map(|g| g.x).collect();
        // MuPDF gives a mark no width and reads a gap of 0.15 em after it as a space; so do the
        // marks' slots together for tools that skip marks when they look for word gaps.
        let max = MAX_SLOT * piece[start].size;
        let mut low = donor.map_or(f32::NEG_INFINITY, |d| piece[d].x);
        let in_place = region_end - origins[0] <= max
            && origins.iter().chain([&region_end]).all(|&x| {
                let ok = x >= low + min;
                low = x;
                ok
            });
        if in_place {
            for j in 0..marks {
                let next = origins.get(j + 1).copied().unwrap_or(region_end);
                let g = &mut piece[start + j];
                g.width = next - g.x;
            }
            if let Some(d) = donor {
                right[d] = origins[0];
            }
            continue;
        }
        let first = region_end - slot * marks as f32;
        for j in 0..marks {
            let g = &mut piece[start + j];
            let origin = first + slot * j as f32;
            g.dx += g.x - origin;
            g.x = origin;
            g.width = slot;
        }
        if let Some(d) = donor {
            right[d] = first;
        }
    }
    for k in 0..n {
        if !piece[k].mark {
            piece[k].width = (right[k] - piece[k].x).max(0.0);
        }
    }
}

/// A letter narrower than a pair of marks needs (Amiri's «ح» in «لحد»), before a letter's pair in a
/// right-to-left piece: its origin moves left, where the glyph before it has room, and it is drawn
/// from there where it was (see the module comment): by the font program, the face's own outline
/// moved, as a mark is.
fn room_for_pairs(piece: &mut [Glyph]) {
    let n = piece.len();
    for k in 1..n.saturating_sub(3) {
        let (letter, next) = (&piece[k], &piece[k + 3]);
        // A right-to-left letter, its pair of marks, and the letter after them.
        let before_pair = !letter.mark
            && letter.rtl
            && letter.text.chars().any(right_to_left)
            && piece[k + 1].mark
            && piece[k + 2].mark
            && !next.mark;
        if !before_pair {
            continue;
        }
        let size = letter.size;
        let shift = (PAIR_ROOM * size) - (next.x - letter.x);
        if shift <= 0.0 {
            continue;
        }
        // The glyph before it (past its marks) keeps room for them and for itself.
        let Some(before) = piece[..k].iter().rposition(|g| !g.mark) else {
            continue;
        };
        let marks = k - 1 - before;
        let keep = (KEEP + MARK_SLOT * marks as f32) * size;
        if letter.x - shift < piece[before].x + keep {
            continue;
        }
        let g = &mut piece[k];
        g.x -= shift;
        g.dx += shift;
    }
}

/// A letter or a space: a glyph before marks that needs no blank mark between them
/// ([`guard_marks`]).
fn plain(g: &Glyph) -> bool {
    g.text == " " || g.text.chars().any(right_to_left)
}

/// Keeps each group of marks of a right-to-left piece with its letter (see the module comment).
pub(super) fn guard_marks(piece: &mut Vec<Glyph>, blanks: &Blanks) {
    if !piece.iter().any(|g| g.mark) {
        return;
    }
    let mut out: Vec<Glyph> = Vec::with_capacity(piece.len() + 4);
    let mut after_mark = false;
    for g in std::mem::take(piece) {
        if g.mark && after_mark {
            // Another mark of the same letter: nothing between them.
        } else if g.mark {
            match out.last_mut() {
                Some(d) if d.text == " " => d.text = CompactString::const_new("\u{061C} "),
                Some(d) if plain(d) => {}
                Some(d) if g.alone => {
                    // Reaching from the glyph before to the pair.
                    let at = d.x + d.width;
                    let mut b = blank(&g, blanks, RLM, at);
                    b.width = g.x - at;
                    b.end = g.x;
                    out.push(b);
                }
                Some(_) => out.push(blank(&g, blanks, RLM, g.x)),
                // At the piece's logical end: pdf.js skips format characters, so an invisible letter mark
                // with a space before the marks gives them a letter to follow. It has a hair of
                // width, just left of them: pdf.js measures the next letter's place from the last
                // glyph it read that has a width, and would read it as a line of its own; poppler
                // gives a mark to a glyph before it that it overlaps.
                None => {
                    let hair = BLANK_HAIR * g.size;
                    // Before the leftmost of a pair ([`widths`]).
                    let at = if g.alone {
                        g.x - PAIR_STEP * g.size
                    } else {
                        g.x
                    };
                    let mut b = blank(&g, blanks, "\u{061C} ", at - hair);
                    b.width = hair;
                    b.end = at;
                    out.push(b);
                }
            }
        }
        after_mark = g.mark;
        out.push(g);
    }
    *piece = out;
}

/// A part of a line as written: the marks written alone in text objects of their own, each going
/// on from the pen where the glyph before it left it, and the glyphs after them too.
pub(super) fn alone_marks(glyphs: Vec<Glyph>, x: f32, tag: Tag) -> Vec<Part> {
    if !glyphs.iter().any(|g| g.alone) {
        return vec![Part {
            tag,
            x,
            moves: true,
            glyphs,
        }];
    }
    let mut out: Vec<Part> = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    let mut after_alone = false;
    for g in glyphs {
        if (g.alone || after_alone) && !current.is_empty() {
            let moves = out.is_empty();
            out.push(Part {
                tag,
                x,
                moves,
                glyphs: std::mem::take(&mut current),
            });
        }
        after_alone = g.alone;
        current.push(g);
    }
    if !current.is_empty() {
        out.push(Part {
            tag,
            x,
            moves: out.is_empty(),
            glyphs: current,
        });
    }
    out
}

/// An Arabic-Indic number with each glyph's width reaching past the next one's origin (see the
/// module comment), by a share of `size`, the size the line is written at (a note's number is
/// smaller, scaled by the font program: MuPDF measures in the written size).
pub(super) fn overlapping_digits(piece: &mut [Glyph], size: f32) {
    use BidiClass::*;
    let number = piece.iter().all(|g| {
        g.text
            .chars()
            .all(|c| matches!(crate::script::bidi_class(c), AN | CS | ET | ON | NSM | BN))
    }) && piece
        .iter()
        .any(|g| g.text.chars().any(|c| crate::script::bidi_class(c) == AN));
    if !number {
        return;
    }
    let n = piece.len();
    for g in &mut piece[..n.saturating_sub(1)] {
        g.width += DIGIT_OVERLAP * g.size.max(size);
    }
}
