//! publish: Arabic books from one Markdown manuscript.
//!
//! Data flows one way, stage by stage ([`pipeline`]): a manuscript folder is loaded ([`load`], with
//! [`config`] filling the model's settings from `book.toml`) into the book model ([`model`]); the facts
//! stage ([`facts`]) reads the dates and figures the text states and adds the appendix; writers render
//! the model ([`epub`] for the EPUB 3 edition, [`pdf`] for the print edition, both with the Arabic text
//! engine in [`text`]). [`cli`] wires the stages to the `publish` command: [`build`] makes the
//! editions and [`output`] writes them atomically, [`serve`] builds again on every change and
//! previews them, [`report`] words what the author is told. [`error`] holds the errors and warnings
//! that reach the author. Shared facts about characters live in [`script`], bundled fonts in
//! [`fonts`], printed labels and digits in [`locale`], XML escaping in [`xml`].

pub mod build;
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
pub mod pipeline;
pub mod report;
pub mod script;
pub mod serve;
pub mod subset;
pub mod text;
pub mod xml;

pub use error::{Error, Result};
