//! Finishing a line: its glyph runs, justified to the measure, in visual order, with its metrics.
//!
//! Kashida first: tatweels go to the line's words by priority (best places first, shared round-robin
//! between words of the same priority, at most [`KASHIDA_PER_WORD`] per word and
//! [`KASHIDA_PER_LINE_EM`] per line), the words are shaped again with them, and tatweels are taken back
//! while the line is too wide. What is left goes to the inter-word spaces. A line without spaces takes
//! further tatweels, the last one overlapping its neighbour by the excess (a tatweel is a straight
//! stroke, so the overlap does not show); a line of a script that does not join and has no spaces (a
//! long URL) is letter-spaced. The last line of a paragraph keeps its natural width.

use rustc_hash::FxHashMap as HashMap;

use unicode_bidi::{BidiInfo, Level};

use super::prepare::Prepared;
use super::shape::RunScript;
use super::types::{GlyphRun, Justify, Line, KASHIDA_PER_LINE_EM, KASHIDA_PER_WORD};

/// How far the ink of `runs` reaches above and below their baseline, in points (0 where they draw
/// nothing there): the glyphs' outlines, their offsets and the runs' rise.
pub fn ink(fonts: &super::Fonts, runs: &[GlyphRun]) -> (f32, f32) {
    let (mut up, mut down) = (0.0f32, 0.0f32);
    for r in runs {
        let face = fonts.face(r.face);
        for g in &r.glyphs {
            if let Some((y_min, y_max)) = face.extent(g.id) {
                up = up.max((f32::from(y_max) + g.y_offset as f32) * r.scale + r.rise);
                down = down.max(-(f32::from(y_min) + g.y_offset as f32) * r.scale - r.rise);
            }
        }
    }
    (up, down)
}

fn width(runs: &[GlyphRun]) -> f32 {
    runs.iter().map(GlyphRun::width).sum()
}

/// Builds line `a..b` (segment indices) of a prepared paragraph, whose natural width the breaker
/// measured as `natural`.
pub(super) fn finalize(
    p: &mut Prepared,
    a: usize,
    b: usize,
    last: bool,
    ratio: f32,
    natural: f32,
) -> Line {
    let (start, _, _) = p.seg_chars[a];
    let (_, content_end, _) = p.seg_chars[b - 1];
    let in_before = a > 0 && p.segments[a - 1].in_word;
    let in_after = p.segments[b - 1].in_word;
    let measure = if a == 0 {
        p.opts.measure - p.opts.indent
    } else {
        p.opts.measure
    };
    let mut tatweels: HashMap<usize, usize> = HashMap::default();
    // The words' kashida places, for a line that is justified (not the last).
    let words: Vec<(usize, u8)> = if !last && p.opts.justify != Justify::None {
        (a..b)
            .filter_map(|s| p.kashida[s].map(|o| (o.before, o.priority)))
            .collect()
    } else {
        Vec::new()
    };
    // A line that takes tatweels has its glyph runs made with them; any other, as it is.
    let takes_kashida = natural <= measure + 1e-4
        && !last
        && p.opts.justify == Justify::Kashida
        && measure - natural > 0.005
        && !words.is_empty();
    let mut runs = if takes_kashida {
        Vec::new()
    } else {
        p.portions(start, content_end, in_before, in_after, &tatweels)
    };
    // The runs' own width where they are made: the breaker's sums the same advances in another
    // order, and the spaces share what is left to the hundredth of a point.
    let natural = if takes_kashida { natural } else { width(&runs) };
    if natural > measure + 1e-4 {
        // Chosen with shrunk spaces (any line, the last included): shrink them.
        let spaces = space_glyphs(p.text, &runs);
        let per = (measure - natural) / spaces.len().max(1) as f32;
        for (r, g) in spaces {
            runs[r].glyphs[g].extra += per;
        }
    } else if !last && p.opts.justify != Justify::None {
        let mut slack = measure - natural;
        if takes_kashida {
            let it = &p.items[p
                .items
                .iter()
                .position(|it| it.chars.contains(&words[0].0))
                .unwrap_or(0)];
            let t = p.tatweel_width(it.face, it.size);
            let budget = slack.min(KASHIDA_PER_LINE_EM * it.size);
            let mut left = if t > 0.0 {
                (budget / t).floor() as usize
            } else {
                0
            };
            let mut assigned = Vec::new();
            'fill: for priority in 0..=6u8 {
                for _round in 0..KASHIDA_PER_WORD {
                    for &(before, _) in words.iter().filter(|w| w.1 == priority) {
                        if left == 0 {
                            break 'fill;
                        }
                        *tatweels.entry(before).or_insert(0) += 1;
                        assigned.push(before);
                        left -= 1;
                    }
                }
            }
            loop {
                runs = p.portions(start, content_end, in_before, in_after, &tatweels);
                if width(&runs) <= measure + 1e-4 {
                    break;
                }
                let Some(before) = assigned.pop() else { break };
                take_one(&mut tatweels, before);
            }
            slack = measure - width(&runs);
        }
        let spaces = space_glyphs(p.text, &runs);
        if !spaces.is_empty() && slack.abs() > 1e-5 {
            let per = slack / spaces.len() as f32;
            for (r, g) in spaces {
                runs[r].glyphs[g].extra += per;
            }
        } else if slack > 0.005 && !words.is_empty() {
            // No spaces (a word broken across lines): elongate, even when justifying with spaces only;
            // the last tatweel overlaps by what is too much.
            let best = words.iter().min_by_key(|w| w.1).map(|w| w.0).unwrap_or(0);
            for _ in 0..64 {
                *tatweels.entry(best).or_insert(0) += 1;
                runs = p.portions(start, content_end, in_before, in_after, &tatweels);
                if width(&runs) >= measure {
                    break;
                }
            }
            let over = width(&runs) - measure;
            let at = p.chars[best].0;
            if let Some((r, g)) = last_inserted(&runs, at) {
                runs[r].glyphs[g].extra -= over;
            }
        } else if slack > 0.005 {
            // No spaces and no kashida (a long URL broken across lines): space out the letters of
            // scripts that do not join. Arabic is never letter-spaced.
            let gaps: Vec<(usize, usize)> = runs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.script != RunScript::Arabic)
                .flat_map(|(ri, r)| (0..r.glyphs.len()).map(move |g| (ri, g)))
                .collect();
            if gaps.len() > 1 {
                let per = slack / (gaps.len() - 1) as f32;
                for &(r, g) in &gaps[..gaps.len() - 1] {
                    runs[r].glyphs[g].extra += per;
                }
            }
        }
    }
    let kashidas = tatweels.values().sum();
    let levels: Vec<u8> = runs.iter().map(|r| r.level).collect();
    let runs = visual_order(runs, &levels);
    let (mut ascent, mut descent, mut line_gap) = (0.0f32, 0.0f32, 0.0f32);
    for r in &runs {
        let m = p.fonts.face(r.face).metrics;
        let scale = p.fonts.scale(r.face, r.size);
        ascent = ascent.max(m.ascent * scale);
        descent = descent.max(m.descent * scale);
        line_gap = line_gap.max(m.line_gap * scale);
    }
    // Stacked marks can rise above the font's ascent: the line box grows to hold all its ink.
    let (up, down) = ink(p.fonts, &runs);
    let (ascent, descent) = (ascent.max(up), descent.max(down));
    let byte = |i: usize| p.chars.get(i).map_or(p.text.len(), |&(b, _)| b);
    Line {
        width: width(&runs),
        runs,
        range: byte(start)..byte(content_end),
        natural_width: natural,
        ascent,
        descent,
        line_gap,
        last,
        kashidas,
        ratio,
    }
}

fn take_one(tatweels: &mut HashMap<usize, usize>, before: usize) {
    if let Some(n) = tatweels.get_mut(&before) {
        *n -= 1;
        if *n == 0 {
            tatweels.remove(&before);
        }
    }
}

/// (run, glyph) of every glyph that draws white space.
fn space_glyphs(text: &str, runs: &[GlyphRun]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (r, run) in runs.iter().enumerate() {
        for (g, glyph) in run.glyphs.iter().enumerate() {
            let s = &text[glyph.text.clone()];
            if !glyph.inserted && !s.is_empty() && s.chars().all(char::is_whitespace) {
                out.push((r, g));
            }
        }
    }
    out
}

/// The inserted tatweel glyph at byte `at` that comes last in logical order.
fn last_inserted(runs: &[GlyphRun], at: usize) -> Option<(usize, usize)> {
    for (r, run) in runs.iter().enumerate() {
        let found: Vec<usize> = run
            .glyphs
            .iter()
            .enumerate()
            .filter(|(_, g)| g.inserted && g.text.start == at)
            .map(|(i, _)| i)
            .collect();
        if !found.is_empty() {
            // Right-to-left runs list glyphs in visual order: the logically last comes first.
            let i = if run.rtl {
                found[0]
            } else {
                found[found.len() - 1]
            };
            return Some((r, i));
        }
    }
    None
}

/// Puts the runs of a line in visual order (UAX #9 rule L2) from their embedding levels.
fn visual_order(runs: Vec<GlyphRun>, levels: &[u8]) -> Vec<GlyphRun> {
    let levels: Vec<Level> = levels
        .iter()
        .map(|&l| Level::new(l).unwrap_or(Level::ltr()))
        .collect();
    let order = BidiInfo::reorder_visual(&levels);
    let mut slots: Vec<Option<GlyphRun>> = runs.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}
