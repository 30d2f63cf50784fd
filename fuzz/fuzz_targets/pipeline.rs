//! The whole pipeline on a small manuscript: the input is split at NUL bytes into up to three
//! chapters (the rest of the input after a third NUL is `facts.toml`); what loads is written as
//! both editions.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&b| b == 0);
    let names = ["01.md", "02.md", "03.md", "facts.toml"];
    let mut files: Vec<(&str, &[u8])> = vec![
        ("book.toml", common::BOOK_TOML_COVER.as_bytes()),
        ("cover.png", common::COVER),
    ];
    for name in names {
        match parts.next() {
            Some(part) => files.push((name, part)),
            None => break,
        }
    }
    let dir = common::manuscript(&files);
    if let Some(loaded) = common::load(&dir) {
        common::editions(&loaded);
    }
});
