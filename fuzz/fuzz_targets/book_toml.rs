//! `book.toml`: the input is the file, loaded with one fixed chapter (paths it names are resolved
//! against the manuscript folder, which holds only that chapter).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let dir = common::manuscript(&[("book.toml", data), ("01.md", common::CHAPTER.as_bytes())]);
    let _ = common::load(&dir);
});
