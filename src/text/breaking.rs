//! Line breaking: where lines may end, and which ends make the best paragraph.
//!
//! Break opportunities come from the Unicode line breaking algorithm (`unicode-linebreak`); the text
//! between two opportunities is a [`Segment`]: its content and the white space after it. [`total_fit`]
//! chooses the breaks of the whole paragraph at once (Knuth and Plass): every feasible line is scored by
//! how far its white space and kashida must stretch or shrink, and the sequence of lines with the least
//! total demerits wins. [`greedy`] (first fit) is kept for comparison. Widths come from a callback, so this
//! module knows nothing of fonts: the layout measures lines exactly, re-shaping where a break changes
//! the shaping.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

/// Text between two break opportunities (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The whole segment, trailing white space included.
    pub range: Range<usize>,
    /// End of the content: the segment without its trailing white space.
    pub content_end: usize,
    /// A line must end after this segment (a hard line break, the paragraph's end).
    pub mandatory: bool,
    /// The segment ends inside a word (an emergency break): the next line continues the word.
    pub in_word: bool,
}

/// The segments of `text`.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = 0;
    for (pos, kind) in linebreaks(text) {
        if pos == start || (kind == BreakOpportunity::Allowed && glued(&text[..pos], &text[pos..]))
        {
            continue;
        }
        let content_end = start + text[start..pos].trim_end().len();
        out.push(Segment {
            range: start..pos,
            content_end: content_end.max(start),
            mandatory: kind == BreakOpportunity::Mandatory,
            in_word: false,
        });
        start = pos;
    }
    out
}

/// True when a line may not end between `before` and `after`: a number and the era mark or percent
/// sign written after it, a space apart («1445 هـ», «622 م», «470 ق.م», «15 %»), stay on one line.
fn glued(before: &str, after: &str) -> bool {
    // A format character (the isolate around a note's number) is not what the eye sees last.
    let number = before.ends_with(char::is_whitespace)
        && before
            .trim_end()
            .trim_end_matches(crate::script::is_invisible)
            .chars()
            .next_back()
            .is_some_and(char::is_numeric);
    let word = after.split(char::is_whitespace).next().unwrap_or("");
    let mark = word.trim_end_matches(['.', '،', ',', '؛', ';', ':', ')', '»', '؟', '!']);
    number && matches!(mark, "هـ" | "ه" | "م" | "ق.م" | "%" | "٪")
}

/// How a candidate line measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFit {
    /// Natural width, without the white space at its end.
    pub width: f32,
    /// How much it can grow (stretchable spaces and kashida) and shrink (spaces).
    pub stretch: f32,
    pub shrink: f32,
}

impl LineFit {
    /// The adjustment ratio for a measure: 0 is natural, 1 is fully stretched, -1 fully shrunk.
    /// Infinite when the line cannot reach the measure.
    pub fn ratio(&self, measure: f32) -> f32 {
        let gap = measure - self.width;
        if gap.abs() < 1e-3 {
            0.0
        } else if gap > 0.0 {
            if self.stretch > 0.0 {
                gap / self.stretch
            } else {
                f32::INFINITY
            }
        } else if self.shrink > 0.0 {
            gap / self.shrink
        } else {
            f32::NEG_INFINITY
        }
    }
}

/// Knuth-Plass parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub measure: f32,
    /// Demerits added to every line (prefers fewer lines).
    pub line_penalty: f32,
    /// Extra demerits when two adjacent lines differ by more than one fitness class.
    pub fitness_demerits: f32,
}

impl Params {
    pub fn new(measure: f32) -> Self {
        Params {
            measure,
            line_penalty: 10.0,
            fitness_demerits: 100.0,
        }
    }
}

fn badness(ratio: f32) -> f32 {
    if ratio.is_infinite() {
        1e6
    } else {
        (100.0 * ratio.abs().powi(3)).min(1e6)
    }
}

/// TeX's fitness classes: tight, decent, loose, very loose.
fn fitness(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

#[derive(Debug, Clone)]
struct Node {
    /// Segment index where the line after this break starts.
    pos: usize,
    demerits: f32,
    fitness: u8,
    prev: Option<usize>,
}

/// The best breaks of a paragraph of `n` segments: the returned indices are where lines start
/// (the first is 0). `fit(a, b)` measures a line made of segments `a..b`. A line whose content cannot
/// shrink to the measure is never chosen unless it is a single segment (which the caller has already
/// split to fit when it could).
pub fn total_fit(
    segments: &[Segment],
    params: &Params,
    fit: &mut dyn FnMut(usize, usize) -> LineFit,
) -> Vec<usize> {
    let n = segments.len();
    if n == 0 {
        return vec![];
    }
    let mut nodes = vec![Node {
        pos: 0,
        demerits: 0.0,
        fitness: 1,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    for b in 1..=n {
        let last = b == n || segments[b - 1].mandatory;
        // Best new node per fitness class.
        let mut best: [Option<Node>; 4] = Default::default();
        let mut still_active = Vec::with_capacity(active.len());
        // Active nodes at one position (one per fitness class) come one after another: the line
        // from there is measured once.
        let mut measured: Option<(usize, LineFit)> = None;
        for &ai in &active {
            let a = nodes[ai].pos;
            let f = match measured {
                Some((at, f)) if at == a => f,
                _ => {
                    let f = fit(a, b);
                    measured = Some((a, f));
                    f
                }
            };
            let mut ratio = f.ratio(params.measure);
            if last && ratio > 0.0 {
                // The last line is set at its natural width.
                ratio = 0.0;
            }
            let overfull = ratio < -1.0;
            if !overfull || b == a + 1 {
                let ratio = ratio.max(-1.0);
                let bad = badness(ratio);
                let class = fitness(ratio);
                let mut d = (params.line_penalty + bad).powi(2);
                if nodes[ai].fitness.abs_diff(class) > 1 {
                    d += params.fitness_demerits;
                }
                let total = nodes[ai].demerits + d;
                let slot = &mut best[class as usize];
                if slot.as_ref().is_none_or(|n| total < n.demerits) {
                    *slot = Some(Node {
                        pos: b,
                        demerits: total,
                        fitness: class,
                        prev: Some(ai),
                    });
                }
            }
            // A node stays active while lines from it can still fit.
            if !overfull && !last {
                still_active.push(ai);
            }
        }
        active = still_active;
        for node in best.into_iter().flatten() {
            nodes.push(node);
            active.push(nodes.len() - 1);
        }
        if last {
            // Nothing may break across a mandatory break: only the nodes at `b` survive.
            active.retain(|&i| nodes[i].pos == b);
        }
        if active.is_empty() {
            // No feasible line: force a break before `b` from the best earlier node.
            let from = (0..nodes.len())
                .filter(|&i| nodes[i].pos < b)
                .min_by(|&x, &y| {
                    nodes[y]
                        .pos
                        .cmp(&nodes[x].pos)
                        .then(nodes[x].demerits.total_cmp(&nodes[y].demerits))
                });
            let prev = from.unwrap_or(0);
            nodes.push(Node {
                pos: b,
                demerits: nodes[prev].demerits + 1e12,
                fitness: 1,
                prev: Some(prev),
            });
            active.push(nodes.len() - 1);
        }
    }
    let end = active
        .iter()
        .copied()
        .filter(|&i| nodes[i].pos == n)
        .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))
        .unwrap_or(nodes.len() - 1);
    let mut starts = Vec::new();
    let mut cur = nodes[end].prev;
    while let Some(i) = cur {
        starts.push(nodes[i].pos);
        cur = nodes[i].prev;
    }
    starts.reverse();
    starts
}

/// First-fit breaking: each line takes as many segments as fit at natural width.
pub fn greedy(
    segments: &[Segment],
    measure: f32,
    fit: &mut dyn FnMut(usize, usize) -> LineFit,
) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut a = 0;
    while a < segments.len() {
        starts.push(a);
        let mut b = a + 1;
        while b < segments.len() && !segments[b - 1].mandatory && fit(a, b + 1).width <= measure {
            b += 1;
        }
        a = b;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_keeps_its_era_mark_and_percent_sign_on_its_line() {
        for (text, glued) in [
            ("توفي سنة 674 هـ. في المدينة", "674 هـ."),
            ("عام ١٤٤٥ هـ، وبعده", "١٤٤٥ هـ،"),
            ("نحو 470 ق.م في أثينا", "470 ق.م"),
            ("بلغت 15 % من المجموع", "15 %"),
            ("سنة 622 م وفيها", "622 م"),
            // A note's number after the year, in the isolate the layout sets it in.
            (
                "سنة 1445\u{2066}١\u{2069} هـ وفيها",
                "1445\u{2066}١\u{2069} هـ",
            ),
        ] {
            let words: Vec<&str> = segments(text)
                .iter()
                .map(|s| &text[s.range.start..s.content_end])
                .collect();
            assert!(words.contains(&glued), "{words:?}");
        }
        // A word that only begins like a mark breaks as before.
        let text = "سنة 674 هجرية كاملة";
        assert_eq!(segments(text).len(), 4);
    }

    #[test]
    fn segments_end_after_spaces_and_keep_number_ranges_whole() {
        let text = "في 2015-2016 (CICA) نهاية";
        let segs = segments(text);
        let words: Vec<&str> = segs
            .iter()
            .map(|s| &text[s.range.start..s.content_end])
            .collect();
        assert_eq!(words, ["في", "2015-2016", "(CICA)", "نهاية"]);
        assert!(segs.last().unwrap().mandatory);
    }

    /// Fixed-width words: a line of segments a..b has width = sum of word widths + spaces between.
    fn fixed(words: &[f32], space: f32) -> impl FnMut(usize, usize) -> LineFit + '_ {
        move |a, b| {
            let w: f32 = words[a..b].iter().sum::<f32>() + space * (b - a - 1) as f32;
            LineFit {
                width: w,
                stretch: space * 0.5 * (b - a - 1) as f32,
                shrink: space / 3.0 * (b - a - 1) as f32,
            }
        }
    }

    fn segs(n: usize) -> Vec<Segment> {
        (0..n)
            .map(|i| Segment {
                range: i..i + 1,
                content_end: i + 1,
                mandatory: i == n - 1,
                in_word: false,
            })
            .collect()
    }

    #[test]
    fn total_fit_avoids_the_bad_line_greedy_makes() {
        // Greedy fills the first line and leaves a very loose second one; total fit balances them.
        let words = [30.0, 30.0, 30.0, 10.0, 45.0, 45.0, 20.0];
        let measure = 100.0;
        let s = segs(words.len());
        let g = greedy(&s, measure, &mut fixed(&words, 5.0));
        let t = total_fit(&s, &Params::new(measure), &mut fixed(&words, 5.0));
        let worst = |starts: &[usize]| {
            let mut f = fixed(&words, 5.0);
            starts
                .iter()
                .zip(starts.iter().skip(1))
                .map(|(&a, &b)| f(a, b).ratio(measure).abs())
                .fold(0.0f32, f32::max)
        };
        assert!(worst(&t) < worst(&g), "total fit {t:?} vs greedy {g:?}");
    }

    #[test]
    fn an_overlong_segment_gets_a_line_of_its_own() {
        let words = [50.0, 300.0, 50.0];
        let s = segs(3);
        let t = total_fit(&s, &Params::new(100.0), &mut fixed(&words, 5.0));
        assert_eq!(t, [0, 1, 2]);
    }
}
