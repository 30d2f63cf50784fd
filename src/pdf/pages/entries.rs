//! Entries that point at places in the book (the appendix of facts), set like the contents: the label
//! in bold and the text from the start side, dot leaders, and the page number of the exact place at the
//! end side; each entry is a go-to link to that place. The entries are items of a list (`LI` > `LBody`
//! > `Link`).
//!
//! The appendix comes after every chapter, so every place it points at is already on its page when it
//! is composed.

use super::{Composer, Target};
use crate::model::{Entry, EntryTarget};
use crate::pdf::frame::Role;
use crate::text::{FaceId, StyleSpan};

impl Composer<'_, '_> {
    pub(super) fn entries(&mut self, entries: &[Entry], indent: f32, size: f32) {
        let set: Vec<Set> = entries.iter().map(|e| self.entry_set(e, size)).collect();
        // An appendix has hundreds of entries, each a sentence: they are laid out on every core first,
        // in the room their numbers leave, as `leader_entry` asks for them.
        let requests = set
            .iter()
            .map(|s| self.leader_request(&s.text, &s.styles, s.dir, indent, s.number.as_deref()))
            .collect();
        self.lay_out_ahead(requests);
        for s in set {
            let lang = self.language_of(Some(s.dir));
            self.within(Role::LI, |c| {
                c.within(Role::LBody, |c| {
                    if let Some(lang) = lang {
                        c.set_lang(lang);
                    }
                    c.leader_entry(
                        &s.text,
                        s.styles,
                        s.dir,
                        indent,
                        s.number.as_deref(),
                        s.target,
                    )
                })
            });
            self.gap(size * 0.3);
        }
    }

    /// An entry's text (its label in bold, then its text), direction, page number and link target.
    fn entry_set(&self, e: &Entry, size: f32) -> Set {
        let at = e.target.as_ref().and_then(|t| self.place_of(t));
        let number = at.map(|(page, _)| self.number(page + 1));
        let mut text = String::new();
        let mut styles = Vec::new();
        if !e.label.is_empty() {
            text.push_str(&e.label);
            styles.push(StyleSpan {
                range: 0..text.len(),
                face: FaceId::BOLD,
                size,
                rise: 0.0,
            });
            text.push_str(": ");
        }
        let start = styles.last().map_or(0, |s: &StyleSpan| s.range.end);
        text.push_str(&e.text);
        styles.push(StyleSpan {
            range: start..text.len(),
            face: FaceId::REGULAR,
            size,
            rise: 0.0,
        });
        // Its own direction, by the rule the loader gives paragraphs (an English entry in an Arabic
        // book: left to right).
        let book = self.book.meta.direction;
        let dir = crate::script::paragraph_direction(&text, book).unwrap_or(book);
        Set {
            text,
            styles,
            dir,
            number,
            target: at.map(|(page, y)| Target::Goto { page, y }),
        }
    }

    /// Page and PDF y of an entry's place: the exact place, else its paragraph, else its chapter.
    fn place_of(&self, t: &EntryTarget) -> Option<(usize, f32)> {
        [t.place.as_deref(), t.paragraph.as_deref(), Some("")]
            .into_iter()
            .flatten()
            .find_map(|id| self.ids.get(&(t.chapter, id.to_string())).copied())
    }
}

/// An entry ready to be set ([`Composer::entry_set`]).
struct Set {
    text: String,
    styles: Vec<StyleSpan>,
    dir: crate::model::Direction,
    number: Option<String>,
    target: Option<Target>,
}
