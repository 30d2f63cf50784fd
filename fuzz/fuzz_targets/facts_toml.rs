//! `facts.toml`: the input is the file, applied to a fixed chapter that states dates and figures.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let dir = common::manuscript(&[
        ("book.toml", common::BOOK_TOML.as_bytes()),
        ("01.md", common::CHAPTER.as_bytes()),
        ("facts.toml", data),
    ]);
    let _ = common::load(&dir);
});
