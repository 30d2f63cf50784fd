//! A laid-out line to placed glyphs: what is drawn, and what text extractors read.
//!
//! The two are kept apart. The shaped glyphs are drawn where the text engine put them, with a copy of
//! their font whose glyphs stand for no text ([`Placed::silent`]): a shaped glyph is the wrong unit of
//! text (Amiri draws some letters with two glyphs, marks sit off the baseline and off their letter,
//! inserted kashidas and kerns leave gaps inside words, one ligature glyph stands for several letters,
//! and a glyph id has one ToUnicode entry wherever it is used).
//!
//! What extractors read is an invisible text layer (render mode 3), the technique OCR'd PDFs use: every
//! word and every run of spaces of the line is written again as its characters, one nominal glyph per
//! character (the font's `cmap` glyph, whose ToUnicode entry is that character and nothing else), on the
//! line's baseline, edge to edge, stretched horizontally with the text matrix to cover exactly the box
//! of the glyphs drawn for it. Selecting text in a viewer highlights the drawn word.
//!
//! Order. poppler (pdftotext, evince) builds words from characters in the order they come and expects
//! each to follow the previous one to the right; it reverses right-to-left words itself. So characters
//! come in visual order, left to right: a right-to-left word's characters reversed (a mark before its
//! letter), a left-to-right run's in order. In a right-to-left line a left-to-right run (digits, Latin)
//! is bounded by invisible right-to-left marks, so extractors keep the spaces and punctuation around it
//! on the Arabic side.

use std::ops::Range;

use crate::text::{FaceId, Fonts, GlyphRun, Line};

use super::Placed;

/// The glyphs of `line` with its left end at `x` and baseline at `y` (PDF coordinates): the drawn
/// glyphs, then the text layer that stands for `text[line]`.
pub(crate) fn place(fonts: &Fonts, text: &str, line: &Line, x: f32, y: f32) -> Vec<Placed> {
    let mut out = drawn(line, x, y);
    out.extend(text_layer(fonts, text, line, x, y));
    out
}

/// The glyphs of `line` as drawn, standing for no text (leaders and other ornaments use this alone).
pub(crate) fn drawn(line: &Line, x: f32, y: f32) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut pen = x;
    for run in &line.runs {
        for g in &run.glyphs {
            out.push(Placed {
                face: run.face,
                size: run.size,
                gid: g.id,
                x: pen + g.x_offset as f32 * run.scale,
                // Raised glyphs (note references) are drawn raised; their text stays on the baseline.
                y: y + g.y_offset as f32 * run.scale + run.rise,
                stretch: 1.0,
                text: String::new(),
                invisible: false,
                silent: true,
            });
            pen += g.x_advance as f32 * run.scale + g.extra;
        }
    }
    out
}

/// The invisible text layer of `line` (see the module comment).
pub(crate) fn text_layer(fonts: &Fonts, text: &str, line: &Line, x: f32, y: f32) -> Vec<Placed> {
    let rtl_line = line
        .runs
        .iter()
        .map(|r| r.level)
        .min()
        .is_some_and(|l| l % 2 == 1);
    let mut out = Vec::new();
    let mut pen = x;
    for (k, run) in line.runs.iter().enumerate() {
        let width = run.width();
        // Bounds go around a whole left-to-right stretch, not between its runs («15٪» is two).
        let ltr = |i: Option<usize>| i.and_then(|i| line.runs.get(i)).is_some_and(|r| !r.rtl);
        let bound = rtl_line && !run.rtl;
        if bound && !ltr(k.checked_sub(1)) {
            out.extend(nominal(fonts, run.face, run.size, '\u{200F}', pen, y));
        }
        if let Some(range) = run_text(run) {
            let mut segments = segments(text, range);
            if run.rtl {
                segments.reverse();
            }
            for seg in segments {
                let Some((left, right)) = run_extent(run, pen, &seg) else {
                    continue;
                };
                let arabic_around = text[..seg.start].chars().next_back().is_none_or(arabic)
                    && text[seg.end..].chars().next().is_none_or(arabic);
                let mut chars: Vec<char> = text[seg].chars().collect();
                if run.rtl {
                    chars.reverse();
                    // A space beside a number, Latin or punctuation is held on the right-to-left side
                    // by marks: poppler would pull it into the neighbouring left-to-right run (a
                    // no-op for bidi: the space is in a right-to-left run already).
                    if rtl_line && !arabic_around && chars.iter().all(|c| c.is_whitespace()) {
                        chars.insert(0, '\u{200F}');
                        chars.push('\u{200F}');
                    }
                }
                out.extend(fit(fonts, run, &chars, left, right, y));
            }
        }
        pen += width;
        if bound && !ltr(Some(k + 1)) {
            out.extend(nominal(fonts, run.face, run.size, '\u{200F}', pen, y));
        }
    }
    out
}

/// A right-to-left letter or a mark.
fn arabic(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, NSM, R};
    matches!(unicode_bidi::bidi_class(c), R | AL | NSM)
}

/// The paragraph bytes a run stands for.
fn run_text(run: &GlyphRun) -> Option<Range<usize>> {
    let start = run.glyphs.iter().map(|g| g.text.start).min()?;
    let end = run.glyphs.iter().map(|g| g.text.end).max()?;
    (start < end).then_some(start..end)
}

/// `range` of `text` cut into alternating words and runs of white space, in logical order.
fn segments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut last_space = None;
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        let space = c.is_whitespace();
        match out.last_mut() {
            Some(seg) if last_space == Some(space) => seg.end = at + c.len_utf8(),
            _ => out.push(at..at + c.len_utf8()),
        }
        last_space = Some(space);
    }
    out
}

/// The horizontal extent of the glyphs of `run` (its left end at `x0`) that stand for text in `range`.
fn run_extent(run: &GlyphRun, x0: f32, range: &Range<usize>) -> Option<(f32, f32)> {
    let mut pen = x0;
    let mut out: Option<(f32, f32)> = None;
    for g in &run.glyphs {
        let w = g.x_advance as f32 * run.scale + g.extra;
        if !g.inserted && g.text.start < range.end && range.start < g.text.end {
            out = Some(out.map_or((pen, pen + w), |(a, b)| (a.min(pen), b.max(pen + w))));
        }
        pen += w;
    }
    out
}

/// `chars` (in visual order) set edge to edge from `left` and stretched to end at `right`.
fn fit(
    fonts: &Fonts,
    run: &GlyphRun,
    chars: &[char],
    left: f32,
    right: f32,
    y: f32,
) -> Vec<Placed> {
    let glyphs: Vec<(FaceId, u16, f32)> = chars
        .iter()
        .filter_map(|&c| lookup(fonts, run.face, c).map(|(f, g, w)| (f, g, w * run.size)))
        .collect();
    let natural: f32 = glyphs.iter().map(|g| g.2).sum();
    let stretch = if natural > 0.0 && right > left {
        (right - left) / natural
    } else {
        1.0
    };
    let mut pen = left;
    let mut out = Vec::with_capacity(glyphs.len());
    for (&c, (face, gid, w)) in chars.iter().zip(glyphs) {
        out.push(Placed {
            face,
            size: run.size,
            gid,
            x: pen,
            y,
            stretch,
            text: c.to_string(),
            invisible: true,
            silent: false,
        });
        pen += w * stretch;
    }
    out
}

/// One invisible nominal glyph for `c` at `x`.
fn nominal(fonts: &Fonts, face: FaceId, size: f32, c: char, x: f32, y: f32) -> Option<Placed> {
    let (face, gid, _) = lookup(fonts, face, c)?;
    Some(Placed {
        face,
        size,
        gid,
        x,
        y,
        stretch: 1.0,
        text: c.to_string(),
        invisible: true,
        silent: false,
    })
}

/// The nominal glyph of `c` in `face` (or, when it has none, in the first face that has one) and its
/// advance in ems.
fn lookup(fonts: &Fonts, face: FaceId, c: char) -> Option<(FaceId, u16, f32)> {
    std::iter::once(face)
        .chain(FaceId::ALL.iter().copied())
        .find_map(|f| {
            let shaper = &fonts.face(f).shaper;
            let gid = shaper.glyph_index(c)?;
            let advance =
                shaper.glyph_hor_advance(gid).unwrap_or(0) as f32 / shaper.units_per_em() as f32;
            Some((f, gid.0, advance))
        })
}

/// The horizontal extent (from the line's left end at `x0`) of the glyphs of `line` that stand for text in
/// `range`, if any.
pub(crate) fn extent(line: &Line, x0: f32, range: &Range<usize>) -> Option<(f32, f32)> {
    let mut pen = x0;
    let mut out: Option<(f32, f32)> = None;
    for run in &line.runs {
        if let Some((a, b)) = run_extent(run, pen, range) {
            out = Some(out.map_or((a, b), |(l, r)| (l.min(a), r.max(b))));
        }
        pen += run.width();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{layout, Justify, Options, Paragraph};

    fn layer(s: &str, justify: Justify) -> (Vec<Placed>, Vec<Placed>) {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let para = Paragraph::plain(s, FaceId::Regular, 11.0);
        let lay = layout(&fonts, &para, &Options::new(200.0, justify, "ar"));
        let line = &lay.lines[0];
        (
            drawn(line, 10.0, 100.0),
            text_layer(&fonts, s, line, 10.0, 100.0),
        )
    }

    #[test]
    fn a_note_reference_is_drawn_raised_and_smaller_and_read_on_the_baseline() {
        let inlines = vec![
            crate::model::Inline::Text("حاشية".into()),
            crate::model::Inline::FootnoteRef {
                number: 3,
                id: "fnref-3".into(),
                note_id: "fn-3".into(),
            },
            crate::model::Inline::Text(" هنا".into()),
        ];
        let (text, styles) = crate::text::styled::flatten(&inlines, 11.0, "ar");
        assert_eq!(text, "حاشية٣ هنا");
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let para = Paragraph {
            text: &text,
            styles,
            direction: None,
        };
        let lay = layout(&fonts, &para, &Options::new(200.0, Justify::None, "ar"));
        let line = &lay.lines[0];
        let three = line.runs.iter().find(|r| r.shaped_text == "٣").unwrap();
        assert!(
            (three.size - 7.7).abs() < 0.01 && three.rise > 3.0,
            "{three:?}"
        );
        let drawn = drawn(line, 0.0, 100.0);
        let raised: Vec<&Placed> = drawn.iter().filter(|g| g.y > 101.0).collect();
        assert_eq!(raised.len(), three.glyphs.len());
        assert!(raised.iter().all(|g| (g.size - 7.7).abs() < 0.01));
        // The text layer stays on the baseline: extractors read one line.
        assert!(text_layer(&fonts, &text, line, 0.0, 100.0)
            .iter()
            .all(|g| g.y == 100.0));
    }

    #[test]
    fn segments_alternate_words_and_spaces() {
        let s = "كتاب  جديد، 2020";
        let segs: Vec<&str> = segments(s, 0..s.len()).into_iter().map(|r| &s[r]).collect();
        assert_eq!(segs, ["كتاب", "  ", "جديد،", " ", "2020"]);
    }

    #[test]
    fn drawn_glyphs_carry_no_text_and_the_layer_carries_all_of_it() {
        let s = "بِسْمِ اللَّهِ في عام 2015 وَ«الآن»";
        let (drawn, text) = layer(s, Justify::None);
        assert!(drawn
            .iter()
            .all(|g| g.silent && g.text.is_empty() && !g.invisible));
        assert!(text
            .iter()
            .all(|g| g.invisible && !g.silent && g.y == 100.0));
        // Read right to left, the layer is the line's text (marks after their letters), with invisible
        // right-to-left marks around the number.
        let visual: Vec<char> = text.iter().flat_map(|g| g.text.chars()).collect();
        let read: String = visual
            .split(|&c| c == '\u{200F}')
            .rev()
            .map(|part| {
                let ltr = part.iter().any(char::is_ascii_digit);
                if ltr {
                    part.iter().collect::<String>()
                } else {
                    part.iter().rev().collect()
                }
            })
            .collect();
        assert_eq!(read, s);
    }

    #[test]
    fn each_word_of_the_layer_covers_its_drawn_word_edge_to_edge() {
        // Justified with kashida: the drawn words are stretched, the layer follows them.
        let s = "تتناول هذه الفقرة السياسة الخارجية وتمتد على أكثر من سطر واحد في الصفحة";
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let para = Paragraph::plain(s, FaceId::Regular, 11.0);
        let lay = layout(&fonts, &para, &Options::new(150.0, Justify::Kashida, "ar"));
        let line = &lay.lines[0];
        assert!(line.kashidas > 0 || line.width > line.natural_width);
        let text = text_layer(&fonts, s, line, 0.0, 0.0);
        let advance = |g: &Placed| {
            let f = &fonts.face(g.face).shaper;
            f.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g.gid))
                .unwrap() as f32
                * g.size
                / f.units_per_em() as f32
                * g.stretch
        };
        // Consecutive glyphs of the layer abut: no gap or overlap for an extractor to split at.
        for w in text.windows(2) {
            assert!((w[0].x + advance(&w[0]) - w[1].x).abs() < 0.01, "{w:?}");
        }
        let end = text.last().map(|g| g.x + advance(g)).unwrap();
        assert!(
            text[0].x.abs() < 0.01 && (end - line.width).abs() < 0.05,
            "{end} {}",
            line.width
        );
    }
}
