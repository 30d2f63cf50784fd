//! The stages of a build, in order: loading ([`crate::load`]: the manuscript folder into the book
//! model), then the facts stage ([`crate::facts`]: the dates and figures the text states, the author's
//! `facts.toml`, the appendix), then the writers ([`crate::epub`], [`crate::pdf`]), which the CLI calls
//! with the book this module gives. Each stage reads only what the stages before it made; none imports
//! a later one.

use std::path::Path;

use crate::error::{Error, Result};
use crate::load::{self, Loaded};

/// The book of the manuscript folder `dir`, loaded and with its facts, ready for the writers; with the
/// warnings of both stages. An error holds every error of both stages ([`Error::all`]).
pub fn book(dir: &Path) -> Result<Loaded> {
    book_with_env(dir, std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

/// [`book`] with an explicit `SOURCE_DATE_EPOCH` value (for tests).
pub fn book_with_env(dir: &Path, source_date_epoch: Option<&str>) -> Result<Loaded> {
    let (mut loaded, mut errors) = load::load_all(dir, source_date_epoch)?;
    // The facts stage reads facts.toml, whose entries name chapters by number: with chapters missing
    // it would report errors that are not there; its own are found once the chapters are mended.
    if !loaded.incomplete {
        if let Err(e) = crate::facts::attach(&mut loaded.book, dir, &mut loaded.warnings) {
            errors.extend(e.into_all());
        }
    }
    Error::all_of(errors)?;
    Ok(loaded)
}
