//! A cache of paragraph layouts: a book sets the same short paragraphs again and again (running heads,
//! contents entries, folios, chapter titles), and each is laid out once.

use std::collections::HashMap;
use std::ops::Range;

use super::fonts::{FaceId, Fonts};
use super::layout::{layout, Breaker, Justify, Layout, Options, Paragraph};
use crate::config::Direction;

/// What makes two layouts the same: text, styles (range, face, size and rise bits), direction, measure
/// bits, justification and breaker.
type CacheKey = (
    String,
    Vec<(Range<usize>, FaceId, u32, u32)>,
    Option<Direction>,
    u32,
    Justify,
    Breaker,
);

/// Caches layouts of repeated paragraphs (titles, running heads, contents entries).
#[derive(Default)]
pub struct LayoutCache {
    map: HashMap<CacheKey, Layout>,
    pub hits: usize,
}

impl LayoutCache {
    pub fn layout(&mut self, fonts: &Fonts, para: &Paragraph, opts: &Options) -> &Layout {
        let key = (
            para.text.to_string(),
            para.styles
                .iter()
                .map(|s| (s.range.clone(), s.face, s.size.to_bits(), s.rise.to_bits()))
                .collect(),
            para.direction,
            opts.measure.to_bits(),
            opts.justify,
            opts.breaker,
        );
        if self.map.contains_key(&key) {
            self.hits += 1;
        }
        self.map
            .entry(key)
            .or_insert_with(|| layout(fonts, para, opts))
    }
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
                face: FaceId::Bold,
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
        };
        let mut cache = LayoutCache::default();
        let first = cache.layout(&fonts, &para, &opts).clone();
        let second = cache.layout(&fonts, &para, &opts).clone();
        assert_eq!(first, second);
        assert_eq!(first, layout(&fonts, &para, &opts));
        assert_eq!(cache.hits, 1);
        assert!(first.rtl && first.lines.len() == 1);
    }
}
