//! A note's number as a word of its own in the text layer ([`super`]'s module comment, point 11): the
//! gap the engines see between the number and the word before it, and the blank read as a space in
//! it.

use compact_str::CompactString;

use super::marks::DIGIT_OVERLAP;
use super::{blank, logical_end, Glyph, EDGE_INSET};
use crate::pdf::frame::{NodeId, Tag};
use crate::pdf::writer::fonts::Blanks;

/// The gap between a word and its note's number as the engines see it (ems of the glyph left of it).
const NOTE_GAP: f32 = 0.1;

/// Where a piece of a note's number (`noted`: its element) follows a piece that ends in a character
/// that shows, a gap and a blank read as a space between them (see the module comment); whether it does,
/// for each pair of pieces.
pub(super) fn spaced_numbers(
    pieces: &mut [Vec<Glyph>],
    blanks: &Blanks,
    (space, size): (&str, f32),
    noted: &impl Fn(NodeId) -> bool,
) -> Vec<bool> {
    let numbered: Vec<bool> = pieces
        .windows(2)
        .map(|w| matches!(w[1][0].tag, Tag::Node(n) if noted(n)) && ends_in_text(&w[0]))
        .collect();
    for k in (0..numbered.len()).filter(|&k| numbered[k]) {
        // The glyphs left of the gap: the number after a right-to-left word, the word otherwise.
        let left = if pieces[k + 1][0].x < pieces[k][0].x {
            k + 1
        } else {
            k
        };
        let Some(last) = pieces[left].last_mut() else {
            continue;
        };
        last.width = (last.width - NOTE_GAP * last.size).max(0.0);
        let last = last.clone();
        let number = &pieces[k + 1];
        let start = number.iter().min_by_key(|g| g.at).unwrap_or(&number[0]);
        let mut sep = blank(start, blanks, space, last.x + last.width);
        sep.width = NOTE_GAP * last.size;
        if left > k {
            // After the number's last digit, the blank starts inside it: MuPDF takes a character
            // placed where the digit left the pen for text drawn left to right and reverses the
            // number with it; one that overlaps the digit it leaves in place (point 9).
            let back = DIGIT_OVERLAP * size;
            sep.x -= back;
            sep.width += back;
        }
        // In the gap, at the right end of the glyphs left of it: PDFium reads no text of a blank
        // alone, and a blank before a left-to-right number would make it two direction groups.
        if left == k && !last.rtl {
            // After a left-to-right word: a left-to-right mark keeps the two one run in poppler.
            sep.text = CompactString::const_new("\u{200E} ");
            pieces[left].push(sep);
        } else if left > k && !pieces[k][0].rtl {
            // Left of a left-to-right word (Latin, a number) in a right-to-left line: a
            // right-to-left mark after the space keeps poppler from taking the space into the
            // word's run. A blank of its own (pdf.js skips a glyph whose text ends with a format
            // character), just inside the gap (poppler orders a mark on a neighbour's edge by
            // rounding).
            let inset = EDGE_INSET * last.size;
            sep.width -= inset;
            let mut mark = blank(start, blanks, "\u{061C}", sep.x + sep.width);
            mark.width = inset;
            pieces[left].extend([sep, mark]);
        } else if !last.rtl {
            pieces[left].push(sep);
        } else {
            pieces[k + 1].insert(0, sep);
        }
    }
    numbered
}

/// Whether piece `a`'s logical end is a character that shows (not a space): a word, a closing
/// quotation mark or bracket, a full stop.
fn ends_in_text(a: &[Glyph]) -> bool {
    logical_end(a)
        .chars()
        .rev()
        .find(|&c| !crate::script::is_invisible(c))
        .is_some_and(|c| !c.is_whitespace())
}
