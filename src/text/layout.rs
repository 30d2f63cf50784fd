//! Paragraph layout: the driver ([`layout`]), in steps as Typst's inline layout is split:
//!
//! 1. prepare ([`super::prepare`]): bidi levels, items, each item shaped once, advances and safe cuts,
//!    break opportunities with their widths;
//! 2. line-break ([`super::breaking`]): total fit over the segments, each candidate line measured
//!    exactly;
//! 3. finalise ([`super::justify`]): each line's glyph runs ([`super::reshape`]: slices of the item
//!    shaping, with the few windows shaped again), justified, in visual order.
//!
//! Why items and not a cache of words: with Amiri, shaping a word apart from its neighbours differs from
//! shaping the paragraph (a word-initial kaf after teh marbuta is kerned across the space: a chained
//! positioning lookup that looks back over the space), so a word cache would be wrong. Repeated
//! paragraphs (titles, running heads) reuse whole layouts through [`super::cache::LayoutCache`].

use unicode_bidi::{BidiInfo, Level};

use super::breaking::{self, Params};
use super::justify;
use super::prepare::Prepared;
use super::types::{Breaker, Justify, Layout, Options, Paragraph};
use super::Fonts;
use crate::model::Direction;

/// Lays out one paragraph.
pub fn layout(fonts: &Fonts, para: &Paragraph, opts: &Options) -> Layout {
    let base = para.direction.map(|d| match d {
        Direction::Rtl => Level::rtl(),
        Direction::Ltr => Level::ltr(),
    });
    let bidi = BidiInfo::new_with_data_source(&crate::script::BidiData, para.text, base);
    let rtl = bidi.paragraphs.first().is_some_and(|p| p.level.is_rtl())
        || (para.text.is_empty() && base == Some(Level::rtl()));
    let (mut p, missing) = Prepared::new(fonts, para, opts, &bidi);
    let n = p.segments.len();
    let segments = p.segments.clone();
    // The first line is measured with the indent added: the breaker fills it to the measure less
    // the indent.
    let indented = |a: usize, mut f: breaking::LineFit| {
        if a == 0 {
            f.width += opts.indent;
        }
        f
    };
    let starts = {
        let mut fit = |a: usize, b: usize| indented(a, p.fit(a, b));
        match opts.breaker {
            Breaker::TotalFit => {
                breaking::total_fit(&segments, &Params::new(opts.measure), &mut fit)
            }
            Breaker::Greedy => breaking::greedy(&segments, opts.measure, &mut fit),
        }
    };
    let mut lines = Vec::with_capacity(starts.len());
    for (k, &a) in starts.iter().enumerate() {
        let b = starts.get(k + 1).copied().unwrap_or(n);
        let last = (b == n || p.segments[b - 1].mandatory) && !opts.justify_last;
        let fit = p.fit(a, b);
        let ratio = if last {
            0.0
        } else {
            indented(a, fit).ratio(opts.measure)
        };
        lines.push(std::sync::Arc::new(justify::finalize(
            &mut p, a, b, last, ratio, fit.width,
        )));
    }
    Layout {
        lines,
        rtl,
        missing,
    }
}

/// The widths a paragraph asks of the box it is set in, in points, as a browser's table layout reads
/// them (CSS 2.1 §17.5.2.2): its widest piece that no line may break (a word, a number, a date: the
/// least width that breaks nothing) and its widest line when only its hard breaks end lines.
pub fn content_widths(fonts: &Fonts, para: &Paragraph, language: &str) -> (f32, f32) {
    let base = para.direction.map(|d| match d {
        Direction::Rtl => Level::rtl(),
        Direction::Ltr => Level::ltr(),
    });
    let bidi = BidiInfo::new_with_data_source(&crate::script::BidiData, para.text, base);
    // A measure nothing is wider than: no piece is split between graphemes.
    let opts = Options::new(f32::MAX / 4.0, Justify::None, language);
    let (mut p, _) = Prepared::new(fonts, para, &opts, &bidi);
    let n = p.segments.len();
    let (mut least, mut widest) = (0.0f32, 0.0f32);
    let mut start = 0;
    for k in 0..n {
        least = least.max(p.fit(k, k + 1).width);
        if p.segments[k].mandatory || k + 1 == n {
            widest = widest.max(p.fit(start, k + 1).width);
            start = k + 1;
        }
    }
    (least, widest.max(least))
}
