//! What each glyph of a line stands for, before the line is cut into parts ([`super`]): the text of
//! each glyph of a cluster (one character each in reading order, the last the rest), a ligature of
//! several right-to-left letters as one glyph per letter, a sign that encloses digits with its digits,
//! and the glyphs that stand for no character (a kashida, a joining stroke), which are drawn as
//! outlines.

use compact_str::CompactString;
use unicode_bidi::BidiClass;

use super::{blank, right_to_left, Glyph};
use crate::pdf::frame::TextLine;
use crate::pdf::writer::fonts::Blanks;

/// The glyphs of `line` in visual order, each with the text it stands for.
pub(super) fn glyphs(line: &TextLine) -> Vec<Glyph> {
    let text = &*line.text;
    let mut out = Vec::with_capacity(line.line.runs.iter().map(|r| r.glyphs.len()).sum());
    let mut pen = line.x;
    for run in &line.line.runs {
        let rtl = run.rtl;
        let n = run.glyphs.len();
        let mut k = 0;
        while k < n {
            // A cluster: the glyphs that stand for the same characters.
            let first = &run.glyphs[k];
            let mut j = k + 1;
            if !first.inserted && !first.text.is_empty() {
                while j < n && !run.glyphs[j].inserted && run.glyphs[j].text == first.text {
                    j += 1;
                }
            }
            let source = if first.inserted {
                ""
            } else {
                text.get(first.text.clone()).unwrap_or("")
            };
            // Not a line separator, nor a bidi isolate (the layout's around a note's number, or an
            // author's): format characters that only stand in a reader's way.
            let hidden = |c: char| c == '\u{2028}' || ('\u{2066}'..='\u{2069}').contains(&c);
            let chars = || source.chars().filter(|&c| !hidden(c));
            // The text of the cluster's glyph `i`: one glyph (nearly always) stands for all of its
            // characters; otherwise, in reading order, the glyphs take one character each and the
            // last the rest.
            let text_of = |i: usize| -> CompactString {
                if j == k + 1 {
                    return if source.contains(hidden) {
                        chars().collect()
                    } else {
                        CompactString::from(source)
                    };
                }
                let pos = if run.rtl { j - 1 - i } else { i - k };
                if pos + 1 < j - k {
                    chars().nth(pos).into_iter().collect()
                } else {
                    chars().skip(pos).collect()
                }
            };
            // A glyph of no advance that stands for marks only (alone, or the share of a cluster
            // of a letter and its mark that the shaper drew as two glyphs: Amiri's «أُ»).
            let is_mark = |t: &str| {
                !t.is_empty()
                    && t.chars()
                        .all(|c| crate::script::bidi_class(c) == BidiClass::NSM)
            };
            for i in k..j {
                let t = text_of(i);
                let mark = run.glyphs[i].x_advance == 0 && is_mark(&t);
                let g = &run.glyphs[i];
                let advance = g.x_advance as f32 * run.scale + g.extra;
                out.push(Glyph {
                    face: run.face,
                    size: run.size,
                    gid: g.id,
                    x: pen + g.x_offset as f32 * run.scale,
                    dx: 0.0,
                    dy: g.y_offset as f32 * run.scale + run.rise,
                    width: 0.0,
                    silent: t.is_empty(),
                    text: t,
                    rtl,
                    level: run.level,
                    end: pen + advance,
                    at: g.text.start,
                    mark,
                    alone: false,
                    spacing: g.x_advance != 0,
                    tag: line.tag_at(g.text.start),
                });
                pen += advance;
            }
            k = j;
        }
    }
    out
}

/// A sign that encloses the digits after it (U+06DD END OF AYAH and the other prepended concatenation
/// marks: «۝١٢») stands for itself and its digits, which are drawn as outlines: the shaper draws
/// them inside the sign with no advance of their own, where engines read them before it or apart;
/// and pdf.js skips a glyph whose text ends with a format character, as the sign is.
pub(super) fn enclosed(mut glyphs: Vec<Glyph>) -> Vec<Glyph> {
    let encloses = |g: &Glyph| {
        g.spacing
            && g.text.starts_with([
                '\u{0600}', '\u{0601}', '\u{0602}', '\u{0603}', '\u{0604}', '\u{0605}', '\u{06DD}',
                '\u{0890}', '\u{0891}', '\u{08E2}',
            ])
    };
    for i in 0..glyphs.len() {
        if !encloses(&glyphs[i]) {
            continue;
        }
        let at = glyphs[i].at;
        let mut digits: Vec<usize> = (i + 1..glyphs.len())
            .take_while(|&k| !glyphs[k].spacing && !glyphs[k].mark && glyphs[k].at > at)
            .collect();
        digits.sort_by_key(|&k| glyphs[k].at);
        let mut text = glyphs[i].text.clone();
        for &k in &digits {
            text.push_str(&glyphs[k].text);
            glyphs[k].silent = true;
        }
        glyphs[i].text = text;
    }
    glyphs
}

/// Each right-to-left glyph that stands for several right-to-left letters (a ligature: Amiri's long
/// stroke and alef for «ـــا») as one glyph per letter: the drawn glyph stands for the last, blanks over the
/// right of its advance for the others, right to left in reading order. Every engine reads the
/// characters of one ToUnicode entry in a right-to-left line in reverse. And a glyph that stands for
/// two marks as two marks, the glyph and a blank.
pub(super) fn split_ligatures(glyphs: Vec<Glyph>, blanks: &Blanks) -> Vec<Glyph> {
    // Right-to-left letters only: not an emoji with its skin tone, not a space.
    let several = |g: &Glyph| {
        g.rtl
            && !g.mark
            && g.spacing
            && g.text.chars().nth(1).is_some()
            && g.text.chars().all(right_to_left)
    };
    // Two marks drawn as one glyph (Amiri's shadda and its vowel).
    let pair = |g: &Glyph| g.rtl && g.mark && g.text.chars().count() == 2;
    if !glyphs.iter().any(|g| several(g) || pair(g)) {
        return glyphs;
    }
    let mut out = Vec::with_capacity(glyphs.len() + 4);
    for mut g in glyphs {
        if pair(&g) {
            // The glyph stands for the second and a blank after it for the first: a pair of marks
            // as any other ([`super::widths`]).
            let mut chars = g.text.chars();
            let (first, second) = (chars.next().unwrap_or(' '), chars.next().unwrap_or(' '));
            g.text = second.to_string().into();
            let mut b = blank(&g, blanks, &first.to_string(), g.x);
            b.mark = true;
            b.end = g.end;
            out.push(g);
            out.push(b);
            continue;
        }
        if !several(&g) {
            out.push(g);
            continue;
        }
        let chars: Vec<char> = g.text.chars().collect();
        let n = chars.len();
        let share = (g.end - g.x).max(0.0) / n as f32;
        let end = g.end;
        g.text = chars[n - 1].to_string().into();
        let blanks: Vec<Glyph> = (0..n - 1)
            .rev()
            .map(|k| {
                let x = end - share * (k + 1) as f32;
                let mut b = blank(&g, blanks, &chars[k].to_string(), x);
                b.spacing = true;
                b.end = x + share;
                b
            })
            .collect();
        g.end = end - share * (n - 1) as f32;
        out.push(g);
        out.extend(blanks);
    }
    out
}
