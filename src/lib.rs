//! publish: Arabic books from one Markdown manuscript.
//!
//! Data flows one way: a manuscript folder is loaded ([`load`], with [`config`] for `book.toml`) into the
//! book model ([`model`]); writers render the model ([`epub`] for the EPUB 3 edition, [`pdf`] for the
//! print edition, both with the Arabic text engine in [`text`]); [`facts`] reads the dates and figures
//! the text states. [`cli`] wires the stages to the `publish` command; [`output`] writes editions
//! atomically. Shared facts about characters live in [`script`], bundled fonts in [`fonts`], printed
//! labels and digits in [`locale`], XML escaping in [`xml`].

pub mod cli;
pub mod config;
pub mod cover;
pub mod epub;
pub mod error;
pub mod facts;
pub mod fonts;
pub mod load;
pub mod locale;
pub mod model;
pub mod output;
pub mod parallel;
pub mod pdf;
pub mod script;
pub mod subset;
pub mod text;
pub mod xml;

pub use error::{Error, Result};
