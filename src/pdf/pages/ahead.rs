//! Laying out ahead: the paragraphs the composer will ask the text engine for, laid out on every core
//! before it places them (the bulk of a long book's work), so that it finds them in its cache. A layout
//! depends only on its paragraph and options, never on where it falls, so the book is the same byte for
//! byte however the work was shared; a paragraph asked for differently is simply laid out again.

use super::styled;
use super::{blocks, Composer};
use crate::model::PdfSettings;
use crate::model::{Block, Book, Inline};
use crate::text::{self, Fonts, Justify, LayoutCache, Options, Paragraph};

/// Lays out the chapters' body paragraphs and headings, the bulk of the work, before composing, exactly
/// as [`Composer::paragraph`] will ask for them (same text, styles, measure and options). The contents'
/// titles and the appendix's entries, whose room depends on page numbers, are laid out ahead where
/// those are known (`toc.rs`, `entries.rs`, with [`Composer::lay_out_ahead`]).
pub(super) fn warm(cache: &mut LayoutCache, book: &Book, fonts: &Fonts, cfg: &PdfSettings) {
    let c = Composer::new(book, fonts, cfg, LayoutCache::default());
    let size = cfg.font_size;
    // Body paragraphs, justified; headings, ragged, in bold at their size (as `Composer::block` sets
    // them at the top level).
    // A paragraph after a paragraph (with no figure) is indented, as `Composer::block` decides.
    let mut follows = false;
    let flattened: Vec<_> = book
        .chapters
        .iter()
        .flat_map(|ch| ch.blocks.iter().enumerate())
        .filter_map(|(k, b)| {
            let indent = if k > 0 && follows {
                cfg.indent * size
            } else {
                0.0
            };
            follows = matches!(b, Block::Paragraph { content, .. }
                if super::figure::figures(content).is_empty());
            let (f, dir, justify) = match b {
                Block::Paragraph { content, dir, .. } => (
                    styled::flatten_with_links(content, size, c.digits_language()),
                    *dir,
                    c.justify(),
                ),
                Block::Heading { level, content, .. } => (
                    styled::flatten_with_links(
                        &[Inline::Strong(content.clone())],
                        blocks::heading_size(*level, size),
                        c.digits_language(),
                    ),
                    None,
                    Justify::None,
                ),
                _ => return None,
            };
            let indent = if matches!(b, Block::Paragraph { .. }) {
                indent
            } else {
                0.0
            };
            (!f.text.trim().is_empty()).then_some((f.text, f.styles, dir, justify, indent))
        })
        .collect();
    let requests = flattened
        .into_iter()
        .map(|(text, styles, dir, justify, indent)| Request {
            text,
            styles,
            measure: c.geo.measure(),
            justify,
            dir,
            indent,
        })
        .collect();
    lay_out(cache, fonts, c.language(), requests);
}

/// A paragraph the composer will ask the text engine for: what [`Composer::set`] takes.
pub(super) struct Request {
    pub text: String,
    pub styles: Vec<text::StyleSpan>,
    pub measure: f32,
    pub justify: Justify,
    pub dir: Option<crate::model::Direction>,
    /// The first line's indent, in points.
    pub indent: f32,
}

/// Lays out `requests` on every core into `cache`, keyed as [`Composer::set`] looks them up.
fn lay_out(cache: &mut LayoutCache, fonts: &Fonts, language: &str, requests: Vec<Request>) {
    let paragraphs: Vec<(Paragraph, Options)> = requests
        .iter()
        .map(|r| {
            let para = Paragraph {
                text: &r.text,
                styles: r.styles.clone(),
                direction: r.dir,
            };
            let mut opts = Options::new(r.measure, r.justify, language);
            opts.indent = r.indent;
            (para, opts)
        })
        .collect();
    cache.warm(fonts, &paragraphs);
}

impl Composer<'_, '_> {
    /// Lays out `requests` on every core now, so that [`Composer::set`] finds them.
    pub(super) fn lay_out_ahead(&mut self, requests: Vec<Request>) {
        lay_out(
            &mut self.cache,
            self.fonts,
            &self.book.meta.language,
            requests,
        );
    }
}
