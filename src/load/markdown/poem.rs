//! Verse: a fenced block whose info string is `poem`, which any Markdown tool shows as written.
//!
//! One verse a line, its two hemistichs (صدر and عجز) separated by `***`, the plain-text convention of
//! Arabic verse; a line without `***` is one line standing alone (a title, a closing line); a blank
//! line separates stanzas. Each hemistich is inline Markdown (emphasis, links, note references), parsed
//! on its own as a paragraph would be, so a hemistich that begins like a list item or a heading (`1.`,
//! `-`, `#`) stays text.

use pulldown_cmark::{Event, Parser as CmarkParser, Tag, TagEnd};

use super::{options, Parser};
use crate::error::Result;
use crate::model::{Block, Inline, Verse};

impl Parser<'_, '_> {
    /// The poem whose lines are `text`, fenced at line `fence` of the chapter; `None` (with a
    /// warning) when it has no verse.
    pub(super) fn poem(&mut self, text: &str, fence: usize) -> Result<Option<Block>> {
        let mut stanzas: Vec<Vec<Verse>> = vec![Vec::new()];
        // A verse's line: the block's lines are the file's lines after the fence.
        for (k, raw) in text.split_inclusive('\n').enumerate() {
            let line = fence + 1 + k;
            let at = self.offset_of_line(line);
            let raw = raw.trim_end_matches(['\n', '\r']);
            if raw.trim().is_empty() {
                if stanzas.last().is_some_and(|s| !s.is_empty()) {
                    stanzas.push(Vec::new());
                }
                continue;
            }
            let parts: Vec<&str> = raw.split("***").collect();
            let verse = match parts.as_slice() {
                [one] => Verse {
                    first: self.hemistich(one, at)?,
                    second: None,
                },
                [a, b, rest @ ..] => {
                    if !rest.is_empty() {
                        self.warn(
                            line,
                            "a verse with more than two hemistichs: the text after its second `***` joins the second hemistich; write one verse a line",
                        );
                    }
                    let b = if rest.is_empty() {
                        b.to_string()
                    } else {
                        let pieces: Vec<&str> = parts[1..].iter().map(|p| p.trim()).collect();
                        pieces.join(" ")
                    };
                    let (first, second) = (self.hemistich(a, at)?, self.hemistich(&b, at)?);
                    if first.is_empty() || second.is_empty() {
                        self.warn(
                            line,
                            "a verse with an empty hemistich: write text on both sides of `***`",
                        );
                    }
                    Verse {
                        first,
                        second: Some(second),
                    }
                }
                [] => continue,
            };
            stanzas.last_mut().expect("a stanza").push(verse);
        }
        if stanzas.last().is_some_and(Vec::is_empty) {
            stanzas.pop();
        }
        if stanzas.is_empty() {
            self.warn(
                fence,
                "a poem with no verse: left out; write one verse a line, its hemistichs separated by `***`",
            );
            return Ok(None);
        }
        Ok(Some(Block::Poem {
            stanzas,
            line: fence,
        }))
    }

    /// One hemistich `s` (on the line starting at byte `at`) as inlines.
    fn hemistich(&mut self, s: &str, at: usize) -> Result<Vec<Inline>> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Vec::new());
        }
        // Text, never a block: a leading `#`, `-`, `+`, `>`, `|` or `1.` escaped.
        let mut doc = String::new();
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let marker = |c: char| {
            s.strip_prefix(c)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        // A list item's, a heading's or a quotation's marker; a thematic break (`- - -`); never
        // the asterisk of emphasis (`*كلمة*`).
        let thematic = s.chars().all(|c| matches!(c, '-' | '_' | '*' | ' '));
        if marker('-') || marker('+') || marker('*') || s.starts_with(['#', '>']) || thematic {
            doc.push('\\');
            doc.push_str(s);
        } else if digits > 0 && s[digits..].starts_with(['.', ')']) {
            doc.push_str(&s[..digits]);
            doc.push('\\');
            doc.push_str(&s[digits..]);
        } else {
            doc.push_str(s);
        }
        // Note references parse as references when their labels are defined in the same text.
        let mut from = 0;
        let mut defs = String::new();
        while let Some(k) = doc[from..].find("[^").map(|k| k + from) {
            from = k + 2;
            if let Some(end) = doc[from..].find(']') {
                let label = &doc[from..from + end];
                if !label.is_empty() && !label.contains(char::is_whitespace) {
                    defs.push_str(&format!("\n\n[^{label}]: -"));
                }
            }
        }
        doc.push_str(&defs);
        let mut events = Vec::new();
        let mut depth = 0;
        for (event, _) in CmarkParser::new_ext(&doc, options()).into_offset_iter() {
            match &event {
                Event::Start(Tag::Paragraph) if depth == 0 => depth = 1,
                Event::End(TagEnd::Paragraph) if depth == 1 => break,
                _ if depth == 1 => events.push((event.into_static(), at..at)),
                _ => {}
            }
        }
        let saved = std::mem::replace(&mut self.events, events);
        let pos = std::mem::replace(&mut self.pos, 0);
        let content = self.inlines(None);
        self.events = saved;
        self.pos = pos;
        content
    }
}
