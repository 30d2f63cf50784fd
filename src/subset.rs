//! Fonts cut down with `skera`, the Rust port of HarfBuzz's subsetter (googlefonts/fontations), for two
//! uses:
//!
//! - [`for_text`]: the EPUB's faces. Each keeps the glyphs of the characters the package's documents
//!   hold and everything a reading system's shaper reaches from them (the GSUB/GPOS closure: joining
//!   forms, ligatures, marks, every layout feature and script). Tables HarfBuzz drops by default go;
//!   `.notdef` keeps its outline, so a character the face lacks still shows as a box.
//!   `tests/epub_fonts.rs` shapes every paragraph of the sample and construct books with each packed
//!   subset and its full face and requires the same glyphs and positions.
//! - [`glyphs`]: the faces the cover rasterises, reduced to what its text reaches, glyph numbers
//!   kept, so that `fontdue` (which reads every outline of a face it is given) reads a few hundred
//!   outlines instead of thousands.
//!
//! skera is pinned (`=0.9.0`, with the `read-fonts` release it is built on): its API changes between
//! releases; this module is the only one that calls it.

use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use read_fonts::FontRef;
use skera::{Plan, SubsetFlags};

/// Characters every subset keeps besides the text's: digits of both sets and what a reading system may
/// draw around the text (list numbers and bullets, spaces, direction marks, joiners, tatweel).
const ALWAYS: &str = "0123456789٠١٢٣٤٥٦٧٨٩.,:;()-–—•◦▪·%٪٫٬،؛؟ \u{00A0}\u{200C}\u{200D}\u{200E}\u{200F}\u{061C}\u{0640}\u{FEFF}";

/// `data` (a TrueType or OpenType font) subset to `chars` and their layout closure; `None` when the
/// font cannot be read or subset (a WOFF file, or an error in the subsetter): the face is packed whole.
pub fn for_text(data: &[u8], chars: &IntSet<u32>) -> Option<Vec<u8>> {
    let mut unicodes = chars.clone();
    unicodes.extend(ALWAYS.chars().map(u32::from));
    // Printable ASCII: short, and a reading system's own text (a search box, a note) may meet it.
    unicodes.extend(0x20u32..0x7F);
    subset(
        data,
        &IntSet::empty(),
        &unicodes,
        SubsetFlags::SUBSET_FLAGS_NOTDEF_OUTLINE,
    )
}

/// `data` reduced to the glyphs of `chars`, their layout closure and the glyphs `gids`, each keeping
/// its number. (fontdue reads the outlines of the glyphs a face's character map and substitutions
/// reach, so the character map and GSUB are kept for what the cover sets.) `None` when the font
/// cannot be read or subset.
pub fn glyphs(
    data: &[u8],
    chars: impl IntoIterator<Item = char>,
    gids: impl IntoIterator<Item = u16>,
) -> Option<Vec<u8>> {
    let mut keep = IntSet::<GlyphId>::empty();
    keep.extend(gids.into_iter().map(|g| GlyphId::new(u32::from(g))));
    let mut unicodes = IntSet::<u32>::empty();
    unicodes.extend(chars.into_iter().map(u32::from));
    subset(
        data,
        &keep,
        &unicodes,
        SubsetFlags::SUBSET_FLAGS_RETAIN_GIDS,
    )
}

/// The one call of skera: `data` cut down to the glyphs `gids`, the characters `unicodes` and their
/// layout closure over every script and feature, with HarfBuzz's default tables dropped.
fn subset(
    data: &[u8],
    gids: &IntSet<GlyphId>,
    unicodes: &IntSet<u32>,
    flags: SubsetFlags,
) -> Option<Vec<u8>> {
    let font = FontRef::new(data).ok()?;
    let drop: IntSet<Tag> = skera::DEFAULT_DROP_TABLES.iter().copied().collect();
    let plan = Plan::new(
        gids,
        unicodes,
        &font,
        flags,
        &drop,
        &IntSet::<Tag>::all(),
        &IntSet::<Tag>::all(),
        &IntSet::<NameId>::all(),
        &IntSet::<u16>::all(),
    );
    skera::subset_font(&font, &plan).ok()
}

/// The characters of `docs` (the package's XHTML documents, markup included: a few ASCII letters
/// more cost nothing).
pub fn characters<'a>(docs: impl IntoIterator<Item = &'a str>) -> IntSet<u32> {
    let mut set = IntSet::empty();
    for d in docs {
        set.extend(d.chars().map(u32::from));
    }
    set
}
