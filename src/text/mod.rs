//! The Arabic text engine: a paragraph of styled text in, lines of positioned glyphs out.
//!
//! Input: the paragraph's text, a style (face, size) for every byte, a base direction and a measure.
//! Output ([`Layout`]): lines, each a list of glyph runs in visual order with glyph ids, advances and
//! offsets, and for every glyph the byte range of the text it came from, so a PDF can carry searchable,
//! copyable text. [`types`] holds what goes in and out; [`mod@layout`] is the driver. The steps, one module
//! each:
//!
//! 1. [`fonts`]: the book's faces parsed for shaping, with their metrics.
//! 2. [`prepare`]: the Unicode Bidirectional Algorithm (`unicode-bidi`) over the whole paragraph, then
//!    [`itemize`] (runs of one level, face, size and script; characters no face covers are reported) and
//!    [`shape`] (`rustybuzz`, HarfBuzz's algorithm) once per item, put together from words shaped once
//!    for the build where no lookup reads across the space between them ([`words`]); advances, safe
//!    cuts, break opportunities.
//! 3. [`breaking`]: Unicode line-break opportunities; total-fit (Knuth-Plass) breaking; words longer than
//!    the measure broken between graphemes as a last resort. Candidate lines are measured exactly:
//!    [`reshape`] slices the item shaping and shapes again only the windows around unsafe cuts.
//! 4. [`justify`] with [`kashida`]: kashida first, then inter-word space; lines never exceed the measure;
//!    runs put in visual order (rule L2), trailing white space dropped (L1).
//!
//! [`cache`] keeps layouts of repeated paragraphs and lays out a book's paragraphs on every core.
//! The PDF edition and the EPUB cover both use it.

pub mod breaking;
pub mod cache;
pub mod fonts;
pub mod itemize;
pub mod justify;
pub mod kashida;
pub mod layout;
pub mod prepare;
pub mod reshape;
pub mod shape;
pub mod types;
pub mod words;

pub use cache::LayoutCache;
pub use fonts::{FaceId, Fonts};
pub use itemize::StyleSpan;
pub use layout::{content_widths, layout};
pub use types::{Breaker, Glyph, GlyphRun, Justify, Layout, Line, Options, Paragraph};
