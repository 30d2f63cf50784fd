//! The whole book composed: the passes of composition and the document they make.
//!
//! The contents come before the chapters but list their page numbers, so the chapters are composed with
//! room left for the contents, and again with more room if the contents need more pages than were left.
//! Note numbers that restart on every page depend on where the notes fall, so such a book is composed
//! again with the numbers each page gave until they hold. [`Composer::finish`] puts the contents in
//! their room, resolves the links in the text, and adds running heads and folios.

use std::sync::Arc;

use super::{ahead, frame, toc, Composer, PageInfo};
use crate::model::{Book, PdfSettings};
use crate::pdf::frame::{Item, Link, Tag, Target};
use crate::text::{Fonts, LayoutCache};

/// Lays the book out on pages: title page, contents, chapters. The contents come before the chapters
/// but list their page numbers, so the chapters are composed with room left for the contents, and again
/// with more room if the contents need more pages than were left. The room is first what the contents
/// take with the headings the book lists and three-digit page numbers ([`toc::contents_estimate`]): right,
/// the chapters are composed once; otherwise the room starts from one page and grows.
pub fn compose(book: &Book, fonts: &Fonts, cfg: &PdfSettings) -> frame::Document {
    compose_then(book, fonts, cfg, &mut LayoutCache::default(), || {})
}

/// [`compose`] with the layouts `cache` holds (those of a build before, with the same faces: only
/// the paragraphs it lacks are laid out), calling `laid_out` once the chapters' paragraphs are laid
/// out. The cache is left with every layout this composition asked for.
pub fn compose_then(
    book: &Book,
    fonts: &Fonts,
    cfg: &PdfSettings,
    cache: &mut LayoutCache,
    laid_out: impl FnOnce(),
) -> frame::Document {
    let mut kept = std::mem::take(cache);
    ahead::warm(&mut kept, book, fonts, cfg);
    laid_out();
    let room = toc::contents_estimate(book, fonts, cfg, &mut kept);
    let (doc, kept) = compose_from(book, fonts, cfg, kept, room);
    *cache = kept;
    doc
}

/// [`compose`] with `toc_pages` pages left for the contents first; with the cache, given back.
pub(in crate::pdf::pages) fn compose_from(
    book: &Book,
    fonts: &Fonts,
    cfg: &PdfSettings,
    mut cache: LayoutCache,
    toc_pages: usize,
) -> (frame::Document, LayoutCache) {
    let per_page = cfg.note_numbering == crate::model::NoteNumbering::Page
        && cfg.notes == crate::model::NotePlacement::Page
        && book.chapters.iter().any(|c| !c.footnotes.is_empty());
    if !per_page {
        let (doc, cache, _) = compose_numbered(book, fonts, cfg, cache, toc_pages, Arc::default());
        return (doc, cache);
    }
    // Numbers that restart on every page depend on where the notes fall, and where they fall on the
    // numbers' widths: composed with the chapter's numbers, then with each page's, until they hold.
    let mut numbers = Arc::default();
    let mut tries = 0;
    loop {
        let (doc, cache_back, found) =
            compose_numbered(book, fonts, cfg, cache, toc_pages, Arc::clone(&numbers));
        tries += 1;
        if found == *numbers || tries == 4 {
            return (doc, cache_back);
        }
        numbers = Arc::new(found);
        cache = cache_back;
    }
}

type NoteNumbers = std::collections::HashMap<(usize, String), usize>;

/// [`compose_from`] with the notes numbered by `numbers` where it has them: the book, the cache, and the
/// numbers that restart on every page for where the notes fell.
fn compose_numbered(
    book: &Book,
    fonts: &Fonts,
    cfg: &PdfSettings,
    mut cache: LayoutCache,
    mut toc_pages: usize,
    numbers: Arc<NoteNumbers>,
) -> (frame::Document, LayoutCache, NoteNumbers) {
    let mut first = true;
    loop {
        let mut c = Composer::new(book, fonts, cfg, std::mem::take(&mut cache));
        c.note_numbers = Arc::clone(&numbers);
        c.title_page();
        let toc_start = c.pages.len();
        for k in 0..toc_pages {
            c.new_page(k == 0);
        }
        for i in 0..book.chapters.len() {
            c.chapter_pages(i);
        }
        let mut t = Composer::new(book, fonts, cfg, std::mem::take(&mut c.cache));
        t.page_offset = toc_start;
        t.contents(&c.anchors);
        let needed = t.pages.len();
        // An estimate of more than one page that the contents do not fill exactly: the room grows
        // from one page, as without it.
        let missed = first && toc_pages > 1 && needed != toc_pages;
        first = false;
        // The room only grows, so this ends; contents shorter than the room left them (page numbers
        // that got shorter) are followed by a blank page, and no page of the chapters moves.
        if !missed && needed <= toc_pages {
            let cache = std::mem::take(&mut t.cache);
            let mut found = NoteNumbers::new();
            let mut last_page = usize::MAX;
            let mut k = 0;
            for (key, page) in std::mem::take(&mut c.note_pages) {
                k = if page == last_page { k + 1 } else { 1 };
                last_page = page;
                found.insert(key, k);
            }
            return (c.finish(t, toc_start, toc_pages), cache, found);
        }
        toc_pages = if missed { 1 } else { needed };
        cache = t.cache;
    }
}

impl Composer<'_, '_> {
    /// The chapters' composition with the contents `t` put in the room left for them at `toc_start`.
    pub(super) fn finish(
        mut self,
        mut t: Composer,
        toc_start: usize,
        toc_pages: usize,
    ) -> frame::Document {
        let used = t.pages.len();
        while t.pages.len() < toc_pages {
            t.new_page(false);
        }
        // The contents' elements after the chapters' (the tree takes its order from the content).
        let offset = self
            .structure
            .append(std::mem::take(&mut t.structure), None);
        for page in &mut t.pages {
            for item in &mut page.items {
                if let Item::Text(line) = item {
                    if let Tag::Node(n) = &mut line.tag {
                        *n += offset;
                    }
                    for (_, n) in &mut line.spans {
                        *n += offset;
                    }
                }
            }
        }
        self.pages.splice(toc_start..toc_start + toc_pages, t.pages);
        // A blank page takes no running head (as an opening).
        self.info.splice(
            toc_start..toc_start + toc_pages,
            (0..toc_pages).map(|k| PageInfo {
                chapter: None,
                opening: k == 0 || k >= used,
                blank: false,
            }),
        );
        // The contents' links, then those the chapters drew (the appendix's entries).
        let drawn = std::mem::take(&mut self.links);
        self.links = t
            .links
            .into_iter()
            .map(|l| Link {
                page: l.page + toc_start,
                node: l.node.map(|n| n + offset),
                ..l
            })
            .chain(drawn)
            .collect();
        // Links in the text, now that every target has its page.
        for l in std::mem::take(&mut self.text_links) {
            let target = match l.target {
                crate::model::LinkTarget::External(url) => Some(Target::Uri(url)),
                crate::model::LinkTarget::Internal { chapter, anchor } => self
                    .ids
                    .get(&(chapter, anchor.unwrap_or_default()))
                    .map(|&(page, y)| Target::Goto { page, y }),
            };
            if let Some(target) = target {
                self.links.push(Link {
                    page: l.page,
                    rect: l.rect,
                    target,
                    node: Some(l.node),
                    description: l.description,
                });
            }
        }
        self.furniture();
        let labels = (1..=self.pages.len()).map(|n| self.number(n)).collect();
        frame::Document {
            size: (self.geo.width, self.geo.height),
            pages: self.pages,
            structure: self.structure,
            links: self.links,
            outline: self.anchors,
            labels,
            warnings: self.warnings,
        }
    }
}
