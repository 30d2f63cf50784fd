//! A font the manuscript brings: the input is the font file, named as the regular face in
//! `book.toml`. It is checked when the manuscript loads; a font that passes sets both editions.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let toml = format!(
        "{}\n[fonts]\nregular = \"f.ttf\"\n",
        common::BOOK_TOML_COVER
    );
    let dir = common::manuscript(&[
        ("book.toml", toml.as_bytes()),
        ("01.md", common::CHAPTER.as_bytes()),
        ("cover.png", common::COVER),
        ("f.ttf", data),
    ]);
    if let Some(loaded) = common::load(&dir) {
        common::editions(&loaded);
    }
});
