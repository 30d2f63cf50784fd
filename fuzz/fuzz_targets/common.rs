//! What the targets share: one manuscript folder per fuzzing process, rewritten for every input,
//! loaded as `publish build` loads it, and both editions written from what loads.
//!
//! Errors are the expected outcome for most inputs; only a panic, an abort or a hang is a finding.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use publish::load::Loaded;

/// A short chapter with a heading, a date, a percentage, a note and Latin text.
pub const CHAPTER: &str =
    "# الفصل الأول\n\nفي ٢ يوليو 1992 ارتفعت الصادرات بنسبة 15٪ في كازاخستان.[^1]\n\n\
                           ## قسم\n\nنص عربي مع Latin text و 2015-2016.\n\n[^1]: حاشية.\n";

/// A minimal `book.toml`.
pub const BOOK_TOML: &str = "[book]\ntitle = \"كتاب\"\nauthors = [\"مؤلف\"]\nlanguage = \"ar\"\n";

/// A `book.toml` with a cover image ([`COVER`] as `cover.png`): the targets that write editions use it,
/// since the rendered cover sets only the fixed title and author (the same work for every input) and
/// takes most of an EPUB's time.
pub const BOOK_TOML_COVER: &str =
    "[book]\ntitle = \"كتاب\"\nauthors = [\"مؤلف\"]\nlanguage = \"ar\"\n\n[epub]\ncover = \"cover.png\"\n";

/// A small PNG.
pub const COVER: &[u8] = include_bytes!("../../tests/manuscripts/everything/images/map.png");

/// The folder this process writes its manuscripts to (a fresh, empty folder for every call).
pub fn manuscript(files: &[(&str, &[u8])]) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR
        .get_or_init(|| std::env::temp_dir().join(format!("publish-fuzz-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(dir);
    for (name, data) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    dir.clone()
}

/// Loads the manuscript in `dir`, fixing the date so runs repeat.
pub fn load(dir: &Path) -> Option<Loaded> {
    publish::pipeline::book_with_env(dir, Some("0")).ok()
}

/// Parses the faces (checking the manuscript's fonts) as a build does, then writes both editions of
/// what loaded; errors are fine, the output is dropped.
pub fn editions(loaded: &Loaded) {
    let Ok(fonts) = loaded.fonts() else { return };
    let _ = publish::epub::write(&loaded.book, fonts.as_ref());
    if let Some(fonts) = &fonts {
        let _ = publish::pdf::write(&loaded.book, fonts);
    }
}
