//! One chapter file: Markdown events to model blocks.
//!
//! pulldown-cmark gives one event stream (CommonMark plus tables, footnotes, strikethrough and heading
//! attributes). This module folds it into [`Block`]s and [`Inline`]s: the first level-1 heading becomes the
//! chapter title, headings get stable ASCII ids, footnotes are numbered in order of first reference,
//! images and links are resolved through [`Resources`], and raw HTML goes through [`super::rawhtml`] so that only
//! typed, harmless nodes remain. Problems an author must fix are errors with file and line; things the
//! book drops on purpose (an unsafe link, a `<script>`) are warnings.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser as CmarkParser, Tag, TagEnd,
};

use super::rawhtml::Mapped;
use super::resources::Resources;
use crate::error::{line_col, Error, Place, Result, Warning};
use crate::model::{Align, Block, Direction, Footnote, Inline, LinkTarget, Section};
use crate::script::paragraph_direction;
use ids::{is_reserved_id, is_valid_id, sanitize_class, sections};

mod ids;
mod inlines;
mod poem;

/// A chapter file after parsing, before cross-chapter checks.
#[derive(Debug)]
pub struct ParsedChapter {
    pub title: Option<(Vec<Inline>, String)>,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub footnotes: Vec<Footnote>,
    /// Every anchor id defined in the chapter.
    pub anchors: HashSet<String>,
    /// Links to anchors, to check once every chapter is known: (chapter index, anchor, line).
    pub anchor_links: Vec<(usize, String, Place)>,
    /// The chapter's errors (a missing image, a link to no file…), each where it is: the chapter is
    /// read on past them, so its links are still checked with the others.
    pub errors: Vec<Error>,
}

/// The Markdown extensions a manuscript may use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses the Markdown `text` of chapter number `chapter` (0-based) read from `path`.
pub fn parse_chapter(
    path: &Path,
    text: &str,
    chapter: usize,
    chapter_id: &str,
    book_dir: Direction,
    res: &mut Resources,
    warnings: &mut Vec<Warning>,
) -> Result<ParsedChapter> {
    let events: Vec<(Event, Range<usize>)> = CmarkParser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut p = Parser {
        events,
        pos: 0,
        text,
        path,
        chapter,
        book_dir,
        res,
        warnings,
        title: None,
        taken: HashSet::from([chapter_id.to_string()]),
        explicit: HashSet::new(),
        headings: 0,
        paragraphs: 0,
        note_order: Vec::new(),
        note_defs: HashMap::new(),
        note_refs: HashMap::new(),
        anchor_links: Vec::new(),
        errors: Vec::new(),
        undefined: HashSet::new(),
    };
    p.collect_explicit_ids();
    p.undefined_note_references();
    let blocks = p.blocks_until(|_| false, true);
    let footnotes = blocks.and_then(|blocks| Ok((blocks, p.footnotes()?)));
    let (blocks, footnotes) = match footnotes {
        Ok(parsed) => parsed,
        Err(e) => {
            p.errors.push(e);
            (Vec::new(), Vec::new())
        }
    };
    let errors = std::mem::take(&mut p.errors);
    let sections = sections(&blocks);
    let mut anchors = p.taken;
    anchors.extend(footnotes.iter().map(|n| n.id.clone()));
    let title = p
        .title
        .take()
        .map(|(inlines, id)| (inlines, id.unwrap_or_else(|| chapter_id.to_string())));
    Ok(ParsedChapter {
        title,
        blocks,
        sections,
        footnotes,
        anchors,
        anchor_links: p.anchor_links,
        errors,
    })
}

struct Parser<'a, 'r> {
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    text: &'a str,
    path: &'a Path,
    chapter: usize,
    book_dir: Direction,
    res: &'r mut Resources,
    warnings: &'r mut Vec<Warning>,
    /// The chapter title and its explicit id, once the first level-1 heading is seen.
    title: Option<(Vec<Inline>, Option<String>)>,
    /// Anchor ids in use.
    taken: HashSet<String>,
    /// Ids given in `{#id}` attributes: auto ids avoid them.
    explicit: HashSet<String>,
    headings: usize,
    /// Paragraphs so far: paragraph ids are `p-1`, `p-2`… in reading order.
    paragraphs: usize,
    /// Footnote labels in order of first reference.
    note_order: Vec<String>,
    note_defs: HashMap<String, (Vec<Block>, usize)>,
    /// How many references each label has had so far.
    note_refs: HashMap<String, usize>,
    anchor_links: Vec<(usize, String, Place)>,
    /// The chapter's errors so far: the parser reads on after each, so that one mistake does not
    /// hide the next; the chapter is an error when it ends with any.
    errors: Vec<Error>,
    /// The labels (lower case) of note references with no definition, each reported where it is.
    undefined: HashSet<String>,
}

/// An open inline container.
enum Frame {
    Root,
    Emphasis,
    Strong,
    Strikethrough,
    /// A Markdown link; `None` target when the link was dropped (its text stays).
    Link(Option<LinkTarget>, Option<String>),
    /// An image: its index, its title, its line.
    Image(usize, Option<String>, usize),
    /// An element of raw HTML, closed by `</name>`.
    Html(String, Mapped),
}

impl<'a> Parser<'a, '_> {
    fn line(&self, offset: usize) -> usize {
        line_col(self.text, offset).0
    }

    /// The byte offset where line `line` (1-based) of the chapter starts.
    fn offset_of_line(&self, line: usize) -> usize {
        if line <= 1 {
            return 0;
        }
        self.text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(self.text.len(), |(k, _)| k + 1)
    }

    fn line_at_pos(&self) -> usize {
        let i = self
            .pos
            .saturating_sub(1)
            .min(self.events.len().saturating_sub(1));
        self.events.get(i).map_or(1, |(_, r)| self.line(r.start))
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> Error {
        Error::at_offset(self.path, self.text, offset, message)
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning::at(self.path, line, message));
    }

    /// The text of the code block just opened, its end tag consumed.
    fn code_text(&mut self) -> String {
        let mut text = String::new();
        while let Some((e, _)) = self.next() {
            match e {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        text
    }

    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let e = self.events.get(self.pos).cloned();
        self.pos += 1;
        e
    }

    fn collect_explicit_ids(&mut self) {
        let mut errors = Vec::new();
        for (event, range) in &self.events {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                if !is_valid_id(id) {
                    errors.push(self
                        .error(range.start, format!("heading id `{id}` is not a valid anchor id"))
                        .help("ids start with an ASCII letter and use ASCII letters, digits, '-', '_' and '.'"));
                } else if is_reserved_id(id) {
                    errors.push(
                        self.error(
                            range.start,
                            format!("heading id `{id}` is reserved for the ids the book generates"),
                        )
                        .help("choose another id"),
                    );
                } else if !self.explicit.insert(id.to_string()) {
                    errors.push(
                        self.error(
                            range.start,
                            format!("heading id `{id}` is used twice in this chapter"),
                        )
                        .help("give every heading its own id"),
                    );
                }
            }
        }
        if let Some(id) = self.taken.iter().find(|id| self.explicit.contains(*id)) {
            errors.push(
                Error::in_file(
                    self.path,
                    format!("heading id `{id}` is reserved for the chapter itself"),
                )
                .help("choose another id"),
            );
        }
        self.errors.extend(errors);
    }

    /// A note reference `[^label]` with no definition `[^label]: …` in the chapter: the parser leaves it
    /// as text (GitHub's footnotes), so it would print as written. An error at its place, as a link to
    /// a missing id is. Escaped brackets (`\\[^x]`) and code are not references.
    fn undefined_note_references(&mut self) {
        let defined: HashSet<String> = self
            .events
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_lowercase()),
                _ => None,
            })
            .collect();
        // Consecutive text events, as one string, with the source offset of each of its bytes.
        let mut run = String::new();
        let mut offsets: Vec<usize> = Vec::new();
        let mut code = false;
        let mut errors = Vec::new();
        let mut undefined = HashSet::new();
        let mut check = |run: &str, offsets: &[usize]| {
            let mut from = 0;
            while let Some(k) = run[from..].find("[^").map(|k| k + from) {
                from = k + 2;
                let rest = &run[k + 2..];
                let Some(end) = rest.find(']') else { break };
                let label = &rest[..end];
                let is_label = !label.is_empty()
                    && !label
                        .chars()
                        .any(|c| c.is_whitespace() || c == '[' || c == '^');
                if is_label && !defined.contains(&label.to_lowercase()) {
                    undefined.insert(label.to_lowercase());
                    errors.push(self
                        .error(offsets[k], format!("note [^{label}] is referenced but never defined"))
                        .help(format!(
                            "add a definition `[^{label}]: text` on a line of its own in this chapter, or correct the label"
                        )));
                }
            }
        };
        // A poem's text is verse, read for references as a paragraph is, each byte at its place.
        let mut poem = false;
        for (event, range) in &self.events {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if info
                        .split_whitespace()
                        .next()
                        .is_some_and(|i| i.eq_ignore_ascii_case("poem")) =>
                {
                    poem = true;
                }
                Event::Start(Tag::CodeBlock(_)) => code = true,
                Event::End(TagEnd::CodeBlock) => (code, poem) = (false, false),
                Event::Text(t) if poem => {
                    offsets.extend((0..t.len()).map(|i| (range.start + i).min(range.end)));
                    run.push_str(t);
                    continue;
                }
                Event::Text(t) if !code => {
                    // `\\[` is a bracket written as text, never a reference's.
                    let escaped = self.text[range.clone()].starts_with('\\');
                    let piece = if escaped { "\u{0}" } else { t.as_ref() };
                    offsets.extend(std::iter::repeat_n(range.start, piece.len()));
                    run.push_str(piece);
                    continue;
                }
                _ => {}
            }
            check(&run, &offsets);
            run.clear();
            offsets.clear();
        }
        check(&run, &offsets);
        self.errors.extend(errors);
        self.undefined = undefined;
    }

    /// Parses blocks until an end tag for which `is_end` holds (consumed) or the end of input.
    fn blocks_until(&mut self, is_end: fn(&TagEnd) -> bool, top: bool) -> Result<Vec<Block>> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(end) if is_end(&end) => break,
                Event::Start(Tag::Paragraph) => {
                    let content = self.inlines(Some(TagEnd::Paragraph))?;
                    self.push_paragraph(&mut blocks, content);
                }
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let level = heading_level(level);
                    let content = self.inlines(Some(TagEnd::Heading(heading_level_tag(level))))?;
                    let text = Inline::plain_text(&content);
                    if !text
                        .chars()
                        .any(|c| !c.is_whitespace() && !crate::script::is_invisible(c))
                    {
                        // It would be an entry with no text in the contents and the bookmarks.
                        let line = self.line(range.start);
                        self.warn(
                            line,
                            format!(
                                "heading with no text (`{}` alone): left out; write its text after the `#`s or remove the line",
                                "#".repeat(level as usize)
                            ),
                        );
                        continue;
                    }
                    if top && level == 1 && self.title.is_none() {
                        let id = id.map(|s| s.to_string());
                        if let Some(id) = &id {
                            self.taken.insert(id.clone());
                        }
                        self.title = Some((content, id));
                        continue;
                    }
                    let id = self.heading_id(id.as_deref(), &content);
                    let classes = classes
                        .iter()
                        .map(|c| sanitize_class(c))
                        .filter(|c| !c.is_empty())
                        .collect();
                    blocks.push(Block::Heading {
                        level,
                        id,
                        classes,
                        content,
                    });
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    blocks.push(Block::BlockQuote(
                        self.blocks_until(|e| matches!(e, TagEnd::BlockQuote(_)), false)?,
                    ));
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if info
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| w.eq_ignore_ascii_case("poem")) =>
                {
                    let text = self.code_text();
                    let line = self.line(range.start);
                    if let Some(poem) = self.poem(&text, line)? {
                        blocks.push(poem);
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let language = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split_whitespace().next().map(str::to_string)
                        }
                        CodeBlockKind::Indented => None,
                    };
                    let mut text = self.code_text();
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    blocks.push(Block::CodeBlock { language, text });
                }
                Event::Start(Tag::HtmlBlock) => {
                    let mut html = String::new();
                    while let Some((e, _)) = self.next() {
                        match e {
                            Event::Html(t) | Event::Text(t) => html.push_str(&t),
                            Event::End(TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    let line = self.line(range.start);
                    self.html_block(&html, line, &mut blocks)?;
                }
                Event::Start(Tag::List(start)) => {
                    let mut items = Vec::new();
                    let mut tight = true;
                    while let Some((e, _)) = self.next() {
                        match e {
                            Event::Start(Tag::Item) => {
                                if matches!(
                                    self.events.get(self.pos),
                                    Some((Event::Start(Tag::Paragraph), _))
                                ) {
                                    tight = false;
                                }
                                items
                                    .push(self.blocks_until(|e| matches!(e, TagEnd::Item), false)?);
                            }
                            Event::End(TagEnd::List(_)) => break,
                            _ => {}
                        }
                    }
                    blocks.push(Block::List {
                        start,
                        tight,
                        items,
                    });
                }
                Event::Start(Tag::Table(align)) => {
                    let line = self.line(range.start);
                    blocks.push(self.table(align, line)?)
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let line = self.line(range.start);
                    let content =
                        self.blocks_until(|e| matches!(e, TagEnd::FootnoteDefinition), false)?;
                    match self.note_defs.get(label.as_ref()) {
                        Some((_, first)) => {
                            let first = *first;
                            self.warn(
                                line,
                                format!("footnote [^{label}] is defined a second time (first at line {first}): this definition is left out; give it a label of its own"),
                            );
                        }
                        None => {
                            self.note_defs.insert(label.to_string(), (content, line));
                        }
                    }
                }
                Event::Rule => blocks.push(Block::ThematicBreak),
                Event::Start(_) => {
                    // Inline content directly inside a block (tight list items): a paragraph of its own.
                    self.pos -= 1;
                    let content = self.inlines(None)?;
                    self.push_paragraph(&mut blocks, content);
                }
                Event::Text(_)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::Html(_)
                | Event::FootnoteReference(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::TaskListMarker(_) => {
                    self.pos -= 1;
                    let content = self.inlines(None)?;
                    self.push_paragraph(&mut blocks, content);
                }
                Event::End(_) => {}
            }
        }
        Ok(blocks)
    }

    fn table(&mut self, align: Vec<Alignment>, line: usize) -> Result<Block> {
        let align = align
            .into_iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut in_head = false;
        while let Some((e, _)) = self.next() {
            match e {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines(Some(TagEnd::TableCell))?;
                    match rows.last_mut() {
                        Some(row) if !in_head => row.push(cell),
                        _ => head.push(cell),
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Ok(Block::Table {
            align,
            head,
            rows,
            line,
        })
    }
    fn footnote_ref(&mut self, label: &str) -> Inline {
        let number = match self.note_order.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.note_order.push(label.to_string());
                self.note_order.len()
            }
        };
        let count = self.note_refs.entry(label.to_string()).or_insert(0);
        *count += 1;
        let id = if *count == 1 {
            format!("fnref-{number}")
        } else {
            format!("fnref-{number}-{count}")
        };
        Inline::FootnoteRef {
            number,
            id,
            note_id: format!("fn-{number}"),
        }
    }

    /// The chapter's footnotes: referenced ones in order, then any that were defined but never referenced.
    fn footnotes(&mut self) -> Result<Vec<Footnote>> {
        let mut unreferenced: Vec<(String, usize)> = self
            .note_defs
            .iter()
            .filter(|(label, _)| !self.note_order.contains(label))
            .map(|(label, (_, line))| (label.clone(), *line))
            .collect();
        unreferenced.sort_by_key(|(_, line)| *line);
        for (label, line) in &unreferenced {
            self.warn(
                *line,
                format!(
                    "footnote [^{label}] is never referenced; it is printed without a reference"
                ),
            );
        }
        let labels: Vec<String> = self
            .note_order
            .iter()
            .cloned()
            .chain(unreferenced.into_iter().map(|(l, _)| l))
            .collect();
        let mut notes = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            let number = i + 1;
            let Some((blocks, _)) = self.note_defs.remove(label) else {
                if self.undefined.contains(&label.to_lowercase()) {
                    // Reported at the reference.
                    continue;
                }
                let line = self.line_at_pos();
                return Err(Error::at(
                    self.path,
                    line,
                    format!("footnote [^{label}] is referenced but never defined"),
                )
                .help(format!("add a definition line `[^{label}]: text`")));
            };
            let refs = self.note_refs.get(label).copied().unwrap_or(0);
            let ref_ids = (1..=refs)
                .map(|k| {
                    if k == 1 {
                        format!("fnref-{number}")
                    } else {
                        format!("fnref-{number}-{k}")
                    }
                })
                .collect();
            notes.push(Footnote {
                id: format!("fn-{number}"),
                number,
                blocks,
                ref_ids,
            });
        }
        Ok(notes)
    }

    /// Adds a paragraph (none when `content` is empty) with the next paragraph id of the chapter.
    fn push_paragraph(&mut self, blocks: &mut Vec<Block>, content: Vec<Inline>) {
        if content.is_empty() {
            return;
        }
        self.paragraphs += 1;
        let dir = paragraph_direction(&Inline::plain_text(&content), self.book_dir);
        blocks.push(Block::Paragraph {
            id: format!("p-{}", self.paragraphs),
            content,
            dir,
        });
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn heading_level_tag(level: u8) -> HeadingLevel {
    match level {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}
