//! A font the manuscript brings: the input is the font file, named as the regular face in
//! `book.toml`. It is checked when the manuscript loads; a font that passes sets both editions, the
//! EPUB's rendered cover included (its subtitle and affiliation are set in the regular face, so the
//! font reaches the cover's subsetting and rasteriser too).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const BOOK_TOML: &str = "[book]\ntitle = \"كتاب\"\nsubtitle = \"عنوان فرعي 2024\"\n\
    authors = [{ name = \"مؤلف\", affiliation = \"جامعة القاهرة\" }]\nlanguage = \"ar\"\n\n\
    [fonts]\nregular = \"f.ttf\"\n";

fuzz_target!(|data: &[u8]| {
    let dir = common::manuscript(&[
        ("book.toml", BOOK_TOML.as_bytes()),
        ("01.md", common::CHAPTER.as_bytes()),
        ("f.ttf", data),
    ]);
    if let Some(loaded) = common::load(&dir) {
        common::editions(&loaded);
    }
});
