//! The Markdown → book model loader: the input is a chapter's text (any bytes; the loader refuses
//! what is not UTF-8), loaded with a fixed `book.toml`, facts and appendix included.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let dir = common::manuscript(&[("book.toml", common::BOOK_TOML.as_bytes()), ("01.md", data)]);
    let _ = common::load(&dir);
});
