//! Verse on the page: a poem's verses (أبيات) as classical Arabic poetry is set.
//!
//! Every hemistich of a poem is justified to the width of the poem's widest (kashida first, then the
//! spaces: the text engine's justification with the last line justified too). A verse stands on one line,
//! its first hemistich on the start side (the right in Arabic) and its second on the end side, a fixed gap
//! between, the pair centred in the text block. A poem whose widest verse is wider than the page sets
//! each verse on two lines, the second hemistich on the end side of the next line. A line without a
//! second hemistich is centred at its natural width. Verses break between pages, a stanza's first or
//! last verse never alone.
//!
//! Tagged as a `Div` holding a `P` per verse and a `Span` per hemistich: read verse by verse, each
//! hemistich in order.

use std::sync::Arc;

use super::styled;
use super::Composer;
use crate::model::{Inline, Verse};
use crate::pdf::frame::{Role, Tag};
use crate::text::{Justify, Layout, Options, Paragraph};

/// A link or note reference: its bytes, its target, its element.
type Linked = (
    std::ops::Range<usize>,
    crate::model::LinkTarget,
    crate::pdf::frame::NodeId,
);

/// A verse set: its hemistichs (none for an empty one), or its one line alone.
struct SetVerse {
    a: Option<Set>,
    b: Option<Set>,
    /// A verse of two hemistichs (not a line alone).
    two: bool,
    /// Room its notes take at the page's foot (their first lines; the separator too on a page with
    /// no note yet), estimated.
    notes: f32,
}

/// A hemistich set for its poem: its text, links, notes and layout.
struct Set {
    text: Arc<str>,
    flat: styled::Flattened,
    layout: Arc<Layout>,
}

impl Composer<'_, '_> {
    /// The gap between a verse's hemistichs.
    fn verse_gap(&self, size: f32) -> f32 {
        size * 2.5
    }

    pub(super) fn poem(&mut self, stanzas: &[Vec<Verse>], indent: f32, size: f32) {
        let measure = self.geo.measure() - indent;
        let gap = self.verse_gap(size);
        // The widest hemistich, at its natural width.
        let widest = stanzas
            .iter()
            .flatten()
            .filter(|v| v.second.is_some())
            .flat_map(|v| std::iter::once(&v.first).chain(v.second.as_ref()))
            .map(|h| self.hemistich(h, size, f32::MAX / 4.0, false).1)
            .fold(0.0f32, f32::max);
        let stacked = 2.0 * widest + gap > measure;
        let width = widest.min(measure);
        // Every verse set first, to know how tall it is.
        let set: Vec<Vec<SetVerse>> = stanzas
            .iter()
            .map(|stanza| {
                stanza
                    .iter()
                    .map(|v| self.set_verse(v, width, size))
                    .collect()
            })
            .collect();
        let pitch = self.cfg.line_height * size;
        let height = |v: &SetVerse| -> f32 {
            let lines = |s: &Option<Set>| s.as_ref().map_or(0, |s| s.layout.lines.len());
            let tall = |s: &Option<Set>| {
                s.as_ref().map_or(0.0f32, |s| {
                    s.layout
                        .lines
                        .iter()
                        .map(|l| l.ascent + l.descent)
                        .fold(0.0, f32::max)
                })
            };
            let n = if stacked || !v.two {
                lines(&v.a) + lines(&v.b)
            } else {
                lines(&v.a).max(lines(&v.b))
            };
            n.max(1) as f32 * pitch.max(tall(&v.a)).max(tall(&v.b)) + v.notes
        };
        // The last line's descent, under the last baseline.
        let descent = |v: &SetVerse| {
            [&v.a, &v.b]
                .into_iter()
                .flatten()
                .flat_map(|s| s.layout.lines.last())
                .map(|l| l.descent)
                .fold(0.0f32, f32::max)
        };
        self.gap(size * 0.4);
        self.within(Role::Div, |c| {
            for (s, stanza) in set.iter().enumerate() {
                if s > 0 {
                    c.gap(size * 0.7);
                }
                for (k, verse) in stanza.iter().enumerate() {
                    // A stanza of two verses kept together; a longer one's first verse with its
                    // second, its last with the one before.
                    let keep = k + 1 < stanza.len()
                        && (stanza.len() == 2 || k == 0 || k + 2 == stanza.len());
                    let need = height(verse)
                        + if keep {
                            height(&stanza[k + 1]) + descent(&stanza[k + 1])
                        } else {
                            descent(verse)
                        };
                    if c.cursor.is_some() && c.space_left() < need {
                        c.new_page(false);
                    }
                    c.within(Role::P, |c| {
                        c.verse(verse, width, gap, stacked, indent, size)
                    });
                }
            }
        });
        self.gap(size * 0.6);
    }

    /// A verse's hemistichs set: each justified to `width` when it is more than half as wide and fits
    /// on a line, else at its natural width (centred in its column); a line alone at its natural width.
    fn set_verse(&mut self, verse: &Verse, width: f32, size: f32) -> SetVerse {
        let mut set = self.set_hemistichs(verse, width, size);
        if self.notes_at_foot() {
            let count = [&set.a, &set.b]
                .into_iter()
                .flatten()
                .map(|s| s.flat.notes.len())
                .sum::<usize>();
            if count > 0 {
                let nsize = self.note_size();
                set.notes =
                    super::foot::separator(self) + count as f32 * self.cfg.line_height * nsize;
            }
        }
        set
    }

    fn set_hemistichs(&mut self, verse: &Verse, width: f32, size: f32) -> SetVerse {
        let Some(second) = &verse.second else {
            let measure = self.geo.measure();
            let (a, _) = self.hemistich(&verse.first, size, measure, false);
            return SetVerse {
                a: Some(a).filter(|s| !s.layout.lines.is_empty()),
                b: None,
                two: false,
                notes: 0.0,
            };
        };
        let mut one = |h: &[Inline]| {
            let natural = self.hemistich(h, size, f32::MAX / 4.0, false).1;
            let justify = natural > 0.5 * width && natural <= width + 0.01;
            let (set, _) = self.hemistich(h, size, width, justify);
            Some(set).filter(|s| !s.layout.lines.is_empty())
        };
        SetVerse {
            a: one(&verse.first),
            b: one(second),
            two: true,
            notes: 0.0,
        }
    }

    /// Sets hemistich `inlines` at `measure`: the set text and the width of its widest line.
    fn hemistich(
        &mut self,
        inlines: &[Inline],
        size: f32,
        measure: f32,
        justify: bool,
    ) -> (Set, f32) {
        let flat = self.flatten(inlines, size);
        let para = Paragraph {
            text: &flat.text,
            styles: flat.styles.clone(),
            direction: None,
        };
        let mut opts = Options::new(
            measure,
            // Spaces only, for now: a tatweel the justification inserts reads, in MuPDF, as a break
            // inside its word (the text layer's kashida, to be made exact), and a poem is short lines
            // of few words where that would split most of them.
            if justify && self.justify() != Justify::None {
                Justify::Spaces
            } else {
                Justify::None
            },
            self.language(),
        );
        opts.justify_last = justify && opts.justify != Justify::None;
        let layout = self.cache.layout(self.fonts, &para, &opts);
        let width = layout.lines.iter().map(|l| l.width).fold(0.0f32, f32::max);
        let text: Arc<str> = Arc::from(flat.text.as_str());
        (Set { text, flat, layout }, width)
    }

    fn verse(
        &mut self,
        verse: &SetVerse,
        width: f32,
        gap: f32,
        stacked: bool,
        indent: f32,
        size: f32,
    ) {
        let measure = self.geo.measure() - indent;
        if verse.b.is_none() && !verse.two {
            // One line standing alone: centred, at its natural width.
            if let Some(a) = &verse.a {
                self.within(Role::Span, |c| c.place_set(a, size, None, indent));
            }
            return;
        }
        // The verse's extent in the text block, from its start side; a hemistich narrower than its
        // column (not justified) centred in it.
        let (first_at, second_at) = if stacked {
            (0.0, measure - width)
        } else {
            let start = (measure - (2.0 * width + gap)) / 2.0;
            (start, start + width + gap)
        };
        let at = |set: &Set, column: f32| {
            let w = set.layout.lines.iter().map(|l| l.width).fold(0.0, f32::max);
            column + ((width - w) / 2.0).max(0.0)
        };
        let (a, b) = (verse.a.as_ref(), verse.b.as_ref());
        if stacked {
            for (set, column) in [(a, first_at), (b, second_at)] {
                if let Some(set) = set {
                    let x = if set.layout.lines.len() > 1 {
                        column
                    } else {
                        at(set, column)
                    };
                    self.within(Role::Span, |c| c.place_set(set, size, Some(x), indent));
                }
            }
        } else {
            // Both on one baseline: the line as tall as the taller.
            let first = |s: Option<&Set>| s.and_then(|s| s.layout.lines.first().cloned());
            let lines: Vec<_> = [first(a), first(b)].into_iter().flatten().collect();
            let ascent = lines.iter().map(|l| l.ascent).fold(0.0, f32::max);
            let descent = lines.iter().map(|l| l.descent).fold(0.0, f32::max);
            let baseline = self.next_baseline(ascent, descent, size);
            for (set, column) in [(a, first_at), (b, second_at)] {
                if let Some(set) = set {
                    let x = at(set, column);
                    self.within(Role::Span, |c| c.place_set_at(set, x, indent, baseline));
                }
            }
            self.cursor = Some((baseline, descent));
        }
    }

    /// The baseline of a line `ascent` + `descent` tall after the last one, on a new page when it does
    /// not fit (the cursor is left where it was).
    fn next_baseline(&mut self, ascent: f32, descent: f32, size: f32) -> f32 {
        let at = |c: &Self| match c.cursor {
            None => c.geo.top + ascent,
            Some((y, d)) => y + (c.cfg.line_height * size).max(d + ascent),
        };
        let end = self.geo.height - self.geo.bottom - self.foot.height();
        if at(self) + descent > end && self.cursor.is_some() {
            self.new_page(false);
        }
        at(self)
    }

    /// Places the lines of `set` one under the other: `at` from the start side of the text block, or
    /// centred with `None`.
    fn place_set(&mut self, set: &Set, size: f32, at: Option<f32>, indent: f32) {
        let links = self.set_links(set);
        for line in set.layout.lines.clone() {
            let baseline = self.next_baseline(line.ascent, line.descent, size);
            match at {
                Some(at) => self.place_line_of(set, &links, &line, at, indent, baseline),
                None => {
                    let measure = self.geo.measure() - indent;
                    let at = (measure - line.width) / 2.0;
                    self.place_line_of(set, &links, &line, at, indent, baseline)
                }
            }
            self.cursor = Some((baseline, line.descent));
        }
    }

    /// Places the first line of `set` at `baseline`, `at` points from the start side of the text block.
    fn place_set_at(&mut self, set: &Set, at: f32, indent: f32, baseline: f32) {
        let links = self.set_links(set);
        if let Some(line) = set.layout.lines.first().cloned() {
            self.place_line_of(set, &links, &line, at, indent, baseline);
        }
    }

    /// The elements of the links and note references of `set`, inside the current element.
    fn set_links(&mut self, set: &Set) -> Vec<Linked> {
        match self.tag {
            Tag::Node(_) => self.link_elements(set.flat.links.clone(), &set.flat.notes),
            Tag::Artifact(_) => Vec::new(),
        }
    }

    fn place_line_of(
        &mut self,
        set: &Set,
        links: &[Linked],
        line: &Arc<crate::text::Line>,
        at: f32,
        indent: f32,
        baseline: f32,
    ) {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        let (left, right) = self.edges();
        let x0 = if self.rtl {
            right - indent - at - line.width
        } else {
            left + indent + at
        };
        let notes: Vec<String> = if self.notes_at_foot() && !set.flat.notes.is_empty() {
            let ids: Vec<&str> = set
                .flat
                .notes
                .iter()
                .filter(|(r, _, _)| super::blocks::on_line(&set.text, line, r.start))
                .map(|(_, id, _)| id.as_str())
                .collect();
            self.first_references(&ids)
        } else {
            Vec::new()
        };
        let saved = std::mem::replace(
            &mut self.spans,
            links.iter().map(|(r, _, n)| (r.clone(), *n)).collect(),
        );
        let item = self.text_line(&set.text, line, x0, self.geo.height - baseline);
        self.push(item);
        self.mark_line(
            &set.text,
            line,
            (x0, baseline),
            links,
            &set.flat.notes,
            &set.flat.anchors,
        );
        self.spans = saved;
        if !notes.is_empty() {
            let end = self.geo.height - self.geo.bottom - self.foot.height();
            self.add_notes_in(&notes, end - baseline - line.descent);
        }
    }
}
