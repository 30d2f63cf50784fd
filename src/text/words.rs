//! Shaping a run word by word, exactly as shaping it whole.
//!
//! A book's text repeats its words far more than its paragraphs: shaping each word once and putting the
//! run together from the kept words is what makes shaping cheap (browsers keep words the same way). It
//! is exact only where no lookup of the font reads across a space, so each face is read first
//! ([`SpaceContexts::of`]): every GSUB and GPOS subtable is asked where a space glyph can stand in what
//! it matches.
//!
//! - A space that a lookup can only see right before the glyphs it changes (Amiri kerns keheh after
//!   «ة » this way, and puts an overline after a space) makes those glyphs *sensitive after a space*:
//!   a word whose first cluster has one is shaped together with the word before it. Likewise a space
//!   right after the matched glyphs makes them *sensitive before a space*.
//! - Anything else (a space inside a matched sequence or deeper in a context, kerning with a space, a
//!   ligature with a space, a cursive space, a lookup that skips base glyphs) cannot be reproduced word
//!   by word: the face's runs are shaped whole.
//!
//! A word that begins with a mark or a format character (a mark after a space sits on the space) is
//! shaped with the word before it; runs whose script the shaper guesses from the text are shaped whole
//! (a word alone could be guessed otherwise). `tests` shape every paragraph of the sample and of the
//! test manuscripts both ways and compare glyphs, positions, clusters and safe-break flags.

use rustybuzz::ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use rustybuzz::ttf_parser::gsub::SubstitutionSubtable;
use rustybuzz::ttf_parser::opentype_layout::{
    ChainedContextLookup, ClassDefinition, ContextLookup, Coverage, LayoutTable,
};
use rustybuzz::ttf_parser::GlyphId;

use super::fonts::Fonts;
use super::shape::{shape, shape_kept, RunScript, ShapeSpec, ShapedGlyph};

/// What a face's lookups read across a space.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpaceContexts {
    /// Some lookup reads across a space in a way word-by-word shaping cannot reproduce.
    pub whole: bool,
    /// Glyphs a lookup may change when a space stands right before them.
    after_space: Glyphs,
    /// Glyphs a lookup may change when a space stands right after them.
    before_space: Glyphs,
}

/// A set of glyph ids: a bit for each of the 65,536 (8 KiB however many lookups a font has).
#[derive(Clone, PartialEq)]
struct Glyphs(Vec<u64>);

impl Default for Glyphs {
    fn default() -> Self {
        Glyphs(vec![0; 1024])
    }
}

impl Glyphs {
    fn insert(&mut self, g: u16) {
        self.0[usize::from(g / 64)] |= 1 << (g % 64);
    }

    fn contains(&self, g: u16) -> bool {
        self.0[usize::from(g / 64)] & (1 << (g % 64)) != 0
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
}

impl std::fmt::Debug for Glyphs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        write!(f, "Glyphs({n})")
    }
}

/// Where a space can stand in what a contextual rule matches.
#[derive(Default)]
struct Reach {
    /// Right before the input (the nearest glyph of the backtrack).
    before: bool,
    /// Right after the input (the nearest glyph of the lookahead).
    after: bool,
    /// In the input, or further out in the context.
    inside: bool,
}

impl Reach {
    /// Where a space can stand in what any of the rules matches (a subtable's coverage is marked once).
    fn add(&mut self, other: Reach) {
        self.before |= other.before;
        self.after |= other.after;
        self.inside |= other.inside;
    }

    /// `back`, `input` (after the first glyph) and `ahead`: does a space match at each position?
    fn of(
        back: impl IntoIterator<Item = bool>,
        input: impl IntoIterator<Item = bool>,
        ahead: impl IntoIterator<Item = bool>,
    ) -> Reach {
        let mut r = Reach::default();
        for (k, space) in back.into_iter().enumerate() {
            r.before |= space && k == 0;
            r.inside |= space && k > 0;
        }
        r.inside |= input.into_iter().any(|s| s);
        for (k, space) in ahead.into_iter().enumerate() {
            r.after |= space && k == 0;
            r.inside |= space && k > 0;
        }
        r
    }
}

/// Every item of one of ttf-parser's offset arrays, by index: its iterator stops at the first empty
/// offset (class-based rule sets have them), and the array type is not exported, so a macro.
macro_rules! each {
    ($array:expr) => {{
        let array = $array;
        (0..array.len()).filter_map(move |i| array.get(i))
    }};
}

impl SpaceContexts {
    /// Reads every lookup of `face`'s GSUB and GPOS tables (once per face and build).
    pub fn of(face: &rustybuzz::ttf_parser::Face) -> SpaceContexts {
        let space = face.glyph_index(' ').unwrap_or(GlyphId(0));
        let mut out = SpaceContexts::default();
        let tables = face.tables();
        for (table, gsub) in [(&tables.gsub, true), (&tables.gpos, false)] {
            if let Some(table) = table {
                out.read_table(table, gsub, space);
            }
        }
        out
    }

    /// True when a word whose first cluster holds `first` must be shaped with the word before it.
    pub fn joins_after_space(&self, glyphs: impl IntoIterator<Item = u16>) -> bool {
        glyphs.into_iter().any(|g| self.after_space.contains(g))
    }

    /// True when a word holding one of `glyphs` must be shaped with the word after it.
    pub fn joins_before_space(&self, glyphs: impl IntoIterator<Item = u16>) -> bool {
        glyphs.into_iter().any(|g| self.before_space.contains(g))
    }

    fn read_table(&mut self, table: &LayoutTable, gsub: bool, space: GlyphId) {
        for lookup in each!(table.lookups) {
            let skips_bases = lookup.flags.ignore_base_glyphs();
            for k in 0..lookup.subtables.len() {
                if gsub {
                    match lookup.subtables.get::<SubstitutionSubtable>(k) {
                        Some(SubstitutionSubtable::Ligature(l)) => {
                            self.whole |= skips_bases || l.coverage.contains(space);
                            for set in each!(l.ligature_sets) {
                                for lig in each!(set) {
                                    self.whole |= lig.components.into_iter().any(|g| g == space);
                                }
                            }
                        }
                        Some(SubstitutionSubtable::Context(c)) => {
                            self.whole |= skips_bases;
                            self.context(&c, space);
                        }
                        Some(SubstitutionSubtable::ChainContext(c)) => {
                            self.whole |= skips_bases;
                            self.chained(&c, space);
                        }
                        Some(SubstitutionSubtable::ReverseChainSingle(r)) => {
                            self.whole |= skips_bases || r.coverage.contains(space);
                            let reach = Reach::of(
                                each!(r.backtrack_coverages).map(|c| c.contains(space)),
                                [],
                                each!(r.lookahead_coverages).map(|c| c.contains(space)),
                            );
                            self.record(&reach, &r.coverage);
                        }
                        // Single, multiple and alternate substitutions read one glyph.
                        _ => {}
                    }
                } else {
                    match lookup.subtables.get::<PositioningSubtable>(k) {
                        Some(PositioningSubtable::Pair(p)) => {
                            self.whole |= skips_bases || pairs_with_space(&p, space);
                        }
                        Some(PositioningSubtable::Cursive(c)) => {
                            self.whole |= skips_bases || c.coverage.contains(space);
                        }
                        // A mark on a space is shaped with its space (see `shape_run`).
                        Some(PositioningSubtable::MarkToBase(m)) => {
                            self.whole |= m.mark_coverage.contains(space);
                        }
                        Some(PositioningSubtable::MarkToLigature(m)) => {
                            self.whole |= m.mark_coverage.contains(space);
                        }
                        Some(PositioningSubtable::MarkToMark(m)) => {
                            self.whole |= m.mark1_coverage.contains(space);
                        }
                        Some(PositioningSubtable::Context(c)) => {
                            self.whole |= skips_bases;
                            self.context(&c, space);
                        }
                        Some(PositioningSubtable::ChainContext(c)) => {
                            self.whole |= skips_bases;
                            self.chained(&c, space);
                        }
                        // Single adjustments read one glyph.
                        _ => {}
                    }
                }
            }
        }
    }

    fn context(&mut self, c: &ContextLookup, space: GlyphId) {
        match c {
            ContextLookup::Format1 { coverage, sets } => {
                self.whole |= coverage.contains(space);
                for rule in each!(sets).flat_map(|set| each!(set)) {
                    self.whole |= rule.input.into_iter().any(|g| g == space.0);
                }
            }
            ContextLookup::Format2 {
                coverage,
                classes,
                sets,
            } => {
                self.whole |= coverage.contains(space);
                let class = classes.get(space);
                for rule in each!(sets).flat_map(|set| each!(set)) {
                    self.whole |= rule.input.into_iter().any(|c| c == class);
                }
            }
            ContextLookup::Format3 {
                coverage,
                coverages,
                ..
            } => {
                self.whole |= coverage.contains(space);
                self.whole |= each!(*coverages).any(|c| c.contains(space));
            }
        }
    }

    fn chained(&mut self, c: &ChainedContextLookup, space: GlyphId) {
        match c {
            ChainedContextLookup::Format1 { coverage, sets } => {
                self.whole |= coverage.contains(space);
                let mut all = Reach::default();
                for rule in each!(sets).flat_map(|set| each!(set)) {
                    let is = |g: u16| g == space.0;
                    all.add(Reach::of(
                        rule.backtrack.into_iter().map(is),
                        rule.input.into_iter().map(is),
                        rule.lookahead.into_iter().map(is),
                    ));
                }
                self.record(&all, coverage);
            }
            ChainedContextLookup::Format2 {
                coverage,
                backtrack_classes,
                input_classes,
                lookahead_classes,
                sets,
            } => {
                self.whole |= coverage.contains(space);
                let class = |d: &ClassDefinition| d.get(space);
                let (b, i, a) = (
                    class(backtrack_classes),
                    class(input_classes),
                    class(lookahead_classes),
                );
                let mut all = Reach::default();
                for rule in each!(sets).flat_map(|set| each!(set)) {
                    all.add(Reach::of(
                        rule.backtrack.into_iter().map(|c| c == b),
                        rule.input.into_iter().map(|c| c == i),
                        rule.lookahead.into_iter().map(|c| c == a),
                    ));
                }
                self.record(&all, coverage);
            }
            ChainedContextLookup::Format3 {
                coverage,
                backtrack_coverages,
                input_coverages,
                lookahead_coverages,
                ..
            } => {
                // `coverage` is the first input glyph's; `input_coverages` the others'.
                self.whole |= coverage.contains(space);
                let reach = Reach::of(
                    each!(*backtrack_coverages).map(|c| c.contains(space)),
                    each!(*input_coverages).map(|c| c.contains(space)),
                    each!(*lookahead_coverages).map(|c| c.contains(space)),
                );
                self.record(&reach, coverage);
            }
        }
    }

    /// Notes what a rule reaching a space as `reach` says about the glyphs of `first` (the coverage of
    /// the rule's first input glyph).
    fn record(&mut self, reach: &Reach, first: &Coverage) {
        self.whole |= reach.inside;
        if reach.before {
            each_glyph(first, |g| self.after_space.insert(g));
        }
        if reach.after {
            each_glyph(first, |g| self.before_space.insert(g));
        }
    }
}

/// Every glyph a coverage table lists.
fn each_glyph(c: &Coverage, mut f: impl FnMut(u16)) {
    match c {
        Coverage::Format1 { glyphs } => glyphs.into_iter().for_each(|g| f(g.0)),
        Coverage::Format2 { records } => {
            for r in *records {
                (r.start.0..=r.end.0).for_each(&mut f);
            }
        }
    }
}

/// Does a pair adjustment move a space, or a glyph next to a space?
fn pairs_with_space(p: &PairAdjustment, space: GlyphId) -> bool {
    let moves = |v: &rustybuzz::ttf_parser::gpos::ValueRecord| {
        v.x_placement != 0
            || v.y_placement != 0
            || v.x_advance != 0
            || v.y_advance != 0
            || v.x_placement_device.is_some()
            || v.y_placement_device.is_some()
            || v.x_advance_device.is_some()
            || v.y_advance_device.is_some()
    };
    match p {
        PairAdjustment::Format1 { coverage, sets } => {
            coverage.contains(space)
                || (0..sets.len()).any(|i| {
                    sets.get(i)
                        .and_then(|s| s.get(space))
                        .is_some_and(|(a, b)| moves(&a) || moves(&b))
                })
        }
        PairAdjustment::Format2 {
            coverage,
            classes: (first, second),
            matrix,
        } => {
            let mut found = coverage.contains(space);
            let c2 = second.get(space);
            each_glyph(coverage, |g| {
                found |= matrix
                    .get((first.get(GlyphId(g)), c2))
                    .is_some_and(|(a, b)| moves(&a) || moves(&b));
            });
            found
        }
    }
}

fn starts_apart(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    !matches!(
        c.general_category(),
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark | G::Format
    )
}

/// Words joined into one stretch beyond which the run is shaped whole.
const MAX_JOINED: usize = 16;

/// Shapes a run like [`shape`] with no context, word by word where that is exact: each stretch of words
/// shaped once for the build and kept in `fonts`. `chars` are (character, cluster value).
pub fn shape_run(fonts: &Fonts, spec: &ShapeSpec, chars: &[(char, u32)]) -> Vec<ShapedGlyph> {
    let contexts = fonts.face(spec.face).spaces();
    if contexts.whole
        || spec.script == RunScript::Other
        || !spec.before.is_empty()
        || !spec.after.is_empty()
    {
        return shape(fonts, spec, chars.iter().copied());
    }
    // Stretches of characters: a word with the spaces after it, joined to the one before it where a
    // lookup reads across the space between them.
    let mut stretches: Vec<(usize, usize, std::sync::Arc<Vec<ShapedGlyph>>)> = Vec::new();
    // Words joined into the last stretch: each join shapes the stretch again, so a run whose words
    // all join (every word starting with a mark) is shaped whole instead, never word after word.
    let mut joined = 0;
    let mut start = 0;
    while start < chars.len() {
        let mut end = start;
        while end < chars.len() && chars[end].0 != ' ' {
            end += 1;
        }
        while end < chars.len() && chars[end].0 == ' ' {
            end += 1;
        }
        let glyphs = shape_kept(fonts, spec, &chars[start..end]);
        let joins = stretches.last().is_some_and(|(_, _, before)| {
            !starts_apart(chars[start].0)
                || contexts.joins_before_space(before.iter().map(|g| g.id))
                || contexts.joins_after_space(first_cluster(&glyphs))
        });
        match stretches.last_mut() {
            Some(_) if joins && joined >= MAX_JOINED => {
                return shape(fonts, spec, chars.iter().copied());
            }
            Some(last) if joins => {
                joined += 1;
                *last = (last.0, end, shape_kept(fonts, spec, &chars[last.0..end]));
            }
            _ => {
                joined = 0;
                stretches.push((start, end, glyphs));
            }
        }
        start = end;
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut put = |(s, _, glyphs): &(usize, usize, std::sync::Arc<Vec<ShapedGlyph>>)| {
        let base = chars[*s].1;
        out.extend(glyphs.iter().map(|g| ShapedGlyph {
            cluster: g.cluster + base,
            ..*g
        }));
    };
    if spec.rtl {
        stretches.iter().rev().for_each(&mut put);
    } else {
        stretches.iter().for_each(&mut put);
    }
    out
}

/// The glyphs of the first cluster (in the text's order) of a shaping.
fn first_cluster(glyphs: &[ShapedGlyph]) -> impl Iterator<Item = u16> + '_ {
    let first = glyphs.iter().map(|g| g.cluster).min().unwrap_or(0);
    glyphs
        .iter()
        .filter(move |g| g.cluster == first)
        .map(|g| g.id)
}

#[cfg(test)]
mod tests;
