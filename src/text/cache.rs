//! A cache of paragraph layouts: a book sets the same short paragraphs again and again (running heads,
//! contents entries, folios, chapter titles), and each is laid out once. A series of builds of one
//! book (`publish serve`) keeps the cache from one build to the next, so that after an edit only the
//! paragraphs that changed are laid out again ([`LayoutCache::next_build`] lets go of the rest).

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::fonts::{FaceId, Fonts};
use super::layout::layout;
use super::types::{Breaker, Justify, Layout, Options, Paragraph};
use crate::model::Direction;

/// What makes two layouts the same: text, styles (range, face, size and rise bits), direction, measure
/// bits, justification, breaker, whether the last line is justified, the first-line indent, and the
/// language (the same within a build; a build after may have another).
type CacheKey = (
    String,
    compact_str::CompactString,
    Vec<(Range<usize>, FaceId, u32, u32)>,
    Option<Direction>,
    u32,
    Justify,
    Breaker,
    bool,
    u32,
);

/// Caches layouts of repeated paragraphs (titles, running heads, contents entries).
#[derive(Default)]
pub struct LayoutCache {
    /// Each layout with the build that last asked for it.
    map: HashMap<CacheKey, (Arc<Layout>, u32)>,
    pub hits: usize,
    /// The build under way, counted by [`LayoutCache::next_build`].
    build: u32,
}

impl LayoutCache {
    /// The layout of `para` with `opts`, laid out the first time it is asked for (shared, not copied).
    pub fn layout(&mut self, fonts: &Fonts, para: &Paragraph, opts: &Options) -> Arc<Layout> {
        let key = key(para, opts);
        if self.map.contains_key(&key) {
            self.hits += 1;
        }
        let build = self.build;
        let entry = self
            .map
            .entry(key)
            .or_insert_with(|| (Arc::new(layout(fonts, para, opts)), build));
        entry.1 = build;
        entry.0.clone()
    }

    /// Starts the next build of the same book with the same faces: the layouts the last build asked
    /// for are kept for it, the others (paragraphs since edited away) let go.
    pub fn next_build(&mut self) {
        let last = self.build;
        self.map.retain(|_, (_, build)| *build == last);
        self.build = last.wrapping_add(1);
        self.hits = 0;
    }

    /// How many layouts the cache holds.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Lays out `paragraphs` on the machine's cores and keeps the layouts, so that
    /// [`LayoutCache::layout`] finds them. A layout depends only on its paragraph and options, so the
    /// book comes out byte for byte the same however the work was shared.
    /// Those it has already, and repeats, are laid out once.
    pub fn warm(&mut self, fonts: &Fonts, paragraphs: &[(Paragraph, Options)]) {
        let mut seen = std::collections::HashSet::new();
        let build = self.build;
        let todo: Vec<(CacheKey, &(Paragraph, Options))> = paragraphs
            .iter()
            .map(|p| (key(&p.0, &p.1), p))
            .filter(|(k, _)| match self.map.get_mut(k) {
                Some(kept) => {
                    kept.1 = build;
                    false
                }
                None => seen.insert(k.clone()),
            })
            .collect();
        let layouts = crate::parallel::map(&todo, |(_, (para, opts))| layout(fonts, para, opts));
        for ((k, _), l) in todo.into_iter().zip(layouts) {
            self.map.insert(k, (Arc::new(l), build));
        }
    }
}

fn key(para: &Paragraph, opts: &Options) -> CacheKey {
    (
        para.text.to_string(),
        compact_str::CompactString::from(opts.language.as_str()),
        para.styles
            .iter()
            .map(|s| (s.range.clone(), s.face, s.size.to_bits(), s.rise.to_bits()))
            .collect(),
        para.direction,
        opts.measure.to_bits(),
        opts.justify,
        opts.breaker,
        opts.justify_last,
        opts.indent.to_bits(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{itemize::StyleSpan, layout::layout};

    #[test]
    fn the_cache_returns_the_same_layout_for_the_same_paragraph() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let text = "الفصل الأول";
        let para = Paragraph {
            text,
            styles: vec![StyleSpan {
                range: 0..text.len(),
                face: FaceId::BOLD,
                size: 14.0,
                rise: 0.0,
            }],
            direction: None,
        };
        let opts = Options {
            measure: 200.0,
            justify: Justify::Kashida,
            breaker: Breaker::TotalFit,
            language: "ar".into(),
            justify_last: false,
            indent: 0.0,
        };
        let mut cache = LayoutCache::default();
        let first = cache.layout(&fonts, &para, &opts);
        let second = cache.layout(&fonts, &para, &opts);
        assert!(
            Arc::ptr_eq(&first, &second),
            "the second is the first, shared"
        );
        assert_eq!(*first, layout(&fonts, &para, &opts));
        assert_eq!(cache.hits, 1);
        assert!(first.rtl && first.lines.len() == 1);
        // The next build keeps what this one asked for, and the one after lets go of what the
        // next did not ask for.
        cache.next_build();
        assert_eq!(cache.len(), 1);
        let third = cache.layout(&fonts, &para, &opts);
        assert!(Arc::ptr_eq(&first, &third) && cache.hits == 1);
        cache.next_build();
        cache.next_build();
        assert!(cache.is_empty());
    }
}
