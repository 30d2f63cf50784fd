//! One chapter file: Markdown events to model blocks.
//!
//! pulldown-cmark gives one event stream (CommonMark plus tables, footnotes, strikethrough and heading
//! attributes). This module folds it into [`Block`]s and [`Inline`]s: the first level-1 heading becomes the
//! chapter title, headings get stable ASCII ids, footnotes are numbered in order of first reference,
//! images and links are resolved through [`Resources`], and raw HTML goes through [`rawhtml`] so that only
//! typed, harmless nodes remain. Problems an author must fix are errors with file and line; things the
//! book drops on purpose (an unsafe link, a `<script>`) are warnings.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser as CmarkParser, Tag,
    TagEnd,
};

use super::rawhtml::{self, Mapped, Token};
use super::resources::Resources;
use crate::config::Direction;
use crate::error::{line_col, Error, Result};
use crate::model::{Align, Block, Footnote, Inline, LinkTarget, Section};
use crate::script::paragraph_direction;

/// Something the build drops or changes on purpose, reported to the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

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
    pub anchor_links: Vec<(usize, String, usize)>,
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
        note_order: Vec::new(),
        note_defs: HashMap::new(),
        note_refs: HashMap::new(),
        anchor_links: Vec::new(),
    };
    p.collect_explicit_ids()?;
    let blocks = p.blocks_until(|_| false, true)?;
    let footnotes = p.footnotes()?;
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
    /// Footnote labels in order of first reference.
    note_order: Vec<String>,
    note_defs: HashMap<String, (Vec<Block>, usize)>,
    /// How many references each label has had so far.
    note_refs: HashMap<String, usize>,
    anchor_links: Vec<(usize, String, usize)>,
}

/// An open inline container.
enum Frame {
    Root,
    Emphasis,
    Strong,
    Strikethrough,
    /// A Markdown link; `None` target when the link was dropped (its text stays).
    Link(Option<LinkTarget>, Option<String>),
    Image(usize, Option<String>),
    /// An element of raw HTML, closed by `</name>`.
    Html(String, Mapped),
}

impl<'a> Parser<'a, '_> {
    fn line(&self, offset: usize) -> usize {
        line_col(self.text, offset).0
    }

    fn line_at_pos(&self) -> usize {
        let i = self
            .pos
            .saturating_sub(1)
            .min(self.events.len().saturating_sub(1));
        self.events.get(i).map_or(1, |(_, r)| self.line(r.start))
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> Error {
        let (line, col) = line_col(self.text, offset);
        Error::at(self.path, line, message).with_column(col)
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: self.path.to_path_buf(),
            line,
            message: message.into(),
        });
    }

    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let e = self.events.get(self.pos).cloned();
        self.pos += 1;
        e
    }

    fn collect_explicit_ids(&mut self) -> Result<()> {
        for (event, range) in &self.events {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                if !is_valid_id(id) {
                    return Err(self
                        .error(range.start, format!("heading id `{id}` is not a valid anchor id"))
                        .help("ids start with an ASCII letter and use ASCII letters, digits, '-', '_' and '.'"));
                }
                if is_footnote_id(id) {
                    return Err(self
                        .error(
                            range.start,
                            format!("heading id `{id}` is reserved for footnotes"),
                        )
                        .help("choose another id"));
                }
                if !self.explicit.insert(id.to_string()) {
                    return Err(self
                        .error(
                            range.start,
                            format!("heading id `{id}` is used twice in this chapter"),
                        )
                        .help("give every heading its own id"));
                }
            }
        }
        if let Some(id) = self.taken.iter().find(|id| self.explicit.contains(*id)) {
            return Err(Error::in_file(
                self.path,
                format!("heading id `{id}` is reserved for the chapter itself"),
            )
            .help("choose another id"));
        }
        Ok(())
    }

    /// Parses blocks until an end tag for which `is_end` holds (consumed) or the end of input.
    fn blocks_until(&mut self, is_end: fn(&TagEnd) -> bool, top: bool) -> Result<Vec<Block>> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(end) if is_end(&end) => break,
                Event::Start(Tag::Paragraph) => {
                    let content = self.inlines(Some(TagEnd::Paragraph))?;
                    push_paragraph(&mut blocks, content, self.book_dir);
                }
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let level = heading_level(level);
                    let content = self.inlines(Some(TagEnd::Heading(heading_level_tag(level))))?;
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
                Event::Start(Tag::CodeBlock(kind)) => {
                    let language = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split_whitespace().next().map(str::to_string)
                        }
                        CodeBlockKind::Indented => None,
                    };
                    let mut text = String::new();
                    while let Some((e, _)) = self.next() {
                        match e {
                            Event::Text(t) => text.push_str(&t),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
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
                Event::Start(Tag::Table(align)) => blocks.push(self.table(align)?),
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let line = self.line(range.start);
                    let content =
                        self.blocks_until(|e| matches!(e, TagEnd::FootnoteDefinition), false)?;
                    self.note_defs
                        .entry(label.to_string())
                        .or_insert((content, line));
                }
                Event::Rule => blocks.push(Block::ThematicBreak),
                Event::Start(_) => {
                    // Inline content directly inside a block (tight list items): a paragraph of its own.
                    self.pos -= 1;
                    let content = self.inlines(None)?;
                    push_paragraph(&mut blocks, content, self.book_dir);
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
                    push_paragraph(&mut blocks, content, self.book_dir);
                }
                Event::End(_) => {}
            }
        }
        Ok(blocks)
    }

    fn table(&mut self, align: Vec<Alignment>) -> Result<Block> {
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
        Ok(Block::Table { align, head, rows })
    }

    /// Parses inlines until `end` (consumed), or, with `None`, until the next block-level event (not consumed).
    fn inlines(&mut self, end: Option<TagEnd>) -> Result<Vec<Inline>> {
        let mut stack: Vec<(Frame, Vec<Inline>)> = vec![(Frame::Root, Vec::new())];
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(e) if Some(e) == end => break,
                Event::Text(t) => push_text(&mut stack, &t),
                Event::Code(t) => push_inline(&mut stack, Inline::Code(t.to_string())),
                Event::SoftBreak => push_inline(&mut stack, Inline::SoftBreak),
                Event::HardBreak => push_inline(&mut stack, Inline::LineBreak),
                Event::InlineMath(t) | Event::DisplayMath(t) => push_text(&mut stack, &t),
                Event::TaskListMarker(done) => {
                    push_text(&mut stack, if done { "☑ " } else { "☐ " })
                }
                Event::FootnoteReference(label) => {
                    let inline = self.footnote_ref(&label);
                    push_inline(&mut stack, inline);
                }
                Event::InlineHtml(html) | Event::Html(html) => {
                    let line = self.line(range.start);
                    for token in rawhtml::tokenize(&html) {
                        self.html_token(&mut stack, token, line);
                    }
                }
                Event::Start(Tag::Emphasis) => stack.push((Frame::Emphasis, Vec::new())),
                Event::Start(Tag::Strong) => stack.push((Frame::Strong, Vec::new())),
                Event::Start(Tag::Strikethrough) => stack.push((Frame::Strikethrough, Vec::new())),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    let line = self.line(range.start);
                    let dest = if link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                        format!("mailto:{dest_url}")
                    } else {
                        dest_url.to_string()
                    };
                    let target = match self.res.resolve_link(self.path, self.chapter, &dest) {
                        Ok(Some(target)) => {
                            if let LinkTarget::Internal {
                                chapter,
                                anchor: Some(anchor),
                            } = &target
                            {
                                self.anchor_links.push((*chapter, anchor.clone(), line));
                            }
                            Some(target)
                        }
                        Ok(None) => {
                            self.warn(line, format!("link to `{dest}` dropped (only http, https, mailto and links inside the book are kept)"));
                            None
                        }
                        Err(e) => {
                            return Err(self
                                .error(range.start, e.message)
                                .help(e.help.unwrap_or_default()))
                        }
                    };
                    let title = Some(title.to_string()).filter(|t| !t.is_empty());
                    stack.push((Frame::Link(target, title), Vec::new()));
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let index = self.res.image(self.path, &dest_url).map_err(|e| {
                        self.error(range.start, e.message)
                            .help(e.help.unwrap_or_default())
                    })?;
                    let title = Some(title.to_string()).filter(|t| !t.is_empty());
                    stack.push((Frame::Image(index, title), Vec::new()));
                }
                Event::End(
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image,
                ) => {
                    // Close raw-HTML elements left open inside, then the Markdown container itself.
                    while stack.len() > 1 {
                        let is_markdown = !matches!(stack.last(), Some((Frame::Html(..), _)));
                        close_frame(&mut stack);
                        if is_markdown {
                            break;
                        }
                    }
                }
                _ => {
                    if end.is_none() {
                        self.pos -= 1;
                        break;
                    }
                    // Anything else inside an inline run is not expected from pulldown-cmark; skip it.
                }
            }
        }
        while stack.len() > 1 {
            close_frame(&mut stack);
        }
        let (_, mut content) = stack.pop().unwrap_or((Frame::Root, Vec::new()));
        trim_breaks(&mut content);
        Ok(content)
    }

    fn html_token(&mut self, stack: &mut Vec<(Frame, Vec<Inline>)>, token: Token, line: usize) {
        let removing = stack
            .iter()
            .any(|(f, _)| matches!(f, Frame::Html(_, Mapped::Remove)));
        match token {
            Token::Text(t) if !removing => push_text(stack, &t),
            Token::Text(_) | Token::Other => {}
            Token::Open {
                name,
                dir,
                self_closing,
            } => {
                if removing {
                    if let Some((Frame::Html(open, Mapped::Remove), _)) = stack.last() {
                        if *open == name && !self_closing && !rawhtml::is_void(&name) {
                            stack.push((Frame::Html(name, Mapped::Remove), Vec::new()));
                        }
                    }
                    return;
                }
                let mapped = rawhtml::map_element(&name, dir);
                let void = self_closing || rawhtml::is_void(&name);
                match mapped {
                    Mapped::LineBreak => push_inline(stack, Inline::LineBreak),
                    Mapped::Remove => {
                        self.warn(line, format!("raw HTML <{name}> removed with its content"));
                        if !void {
                            stack.push((Frame::Html(name, Mapped::Remove), Vec::new()));
                        }
                    }
                    Mapped::Unwrap | Mapped::Break => {
                        if name != "span" {
                            self.warn(
                                line,
                                format!("raw HTML tag <{name}> dropped (its text is kept)"),
                            );
                        }
                    }
                    _ if void => {}
                    _ => stack.push((Frame::Html(name, mapped), Vec::new())),
                }
            }
            Token::Close { name } => {
                if let Some(depth) = stack
                    .iter()
                    .rposition(|(f, _)| matches!(f, Frame::Html(n, _) if *n == name))
                {
                    while stack.len() > depth {
                        close_frame(stack);
                    }
                }
            }
        }
    }

    /// A raw HTML block: paragraphs of its text, split at block elements, with the allowed inline elements.
    fn html_block(&mut self, html: &str, line: usize, blocks: &mut Vec<Block>) -> Result<()> {
        let mut stack: Vec<(Frame, Vec<Inline>)> = vec![(Frame::Root, Vec::new())];
        let flush =
            |stack: &mut Vec<(Frame, Vec<Inline>)>, blocks: &mut Vec<Block>, dir: Direction| {
                while stack.len() > 1 {
                    close_frame(stack);
                }
                let mut content = std::mem::take(&mut stack[0].1);
                collapse_whitespace(&mut content);
                trim_breaks(&mut content);
                push_paragraph(blocks, content, dir);
            };
        for token in rawhtml::tokenize(html) {
            let removing = stack
                .iter()
                .any(|(f, _)| matches!(f, Frame::Html(_, Mapped::Remove)));
            if let Token::Open { name, dir, .. } = &token {
                if !removing && rawhtml::map_element(name, *dir) == Mapped::Break {
                    flush(&mut stack, blocks, self.book_dir);
                    if name == "hr" {
                        blocks.push(Block::ThematicBreak);
                    }
                    continue;
                }
            }
            if let Token::Close { name } = &token {
                if !removing && rawhtml::map_element(name, None) == Mapped::Break {
                    flush(&mut stack, blocks, self.book_dir);
                    continue;
                }
            }
            self.html_token(&mut stack, token, line);
        }
        flush(&mut stack, blocks, self.book_dir);
        Ok(())
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

    fn heading_id(&mut self, explicit: Option<&str>, content: &[Inline]) -> String {
        self.headings += 1;
        if let Some(id) = explicit {
            self.taken.insert(id.to_string());
            return id.to_string();
        }
        let text = Inline::plain_text(content);
        let slug = ascii_slug(&text);
        let base = match slug {
            Some(s) if !is_footnote_id(&s) => s,
            Some(s) => format!("h-{s}"),
            None => format!("section-{}", self.headings),
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) || self.explicit.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

fn push_paragraph(blocks: &mut Vec<Block>, content: Vec<Inline>, book_dir: Direction) {
    if content.is_empty() {
        return;
    }
    let dir = paragraph_direction(&Inline::plain_text(&content), book_dir);
    blocks.push(Block::Paragraph { content, dir });
}

fn push_inline(stack: &mut [(Frame, Vec<Inline>)], inline: Inline) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(inline);
    }
}

fn push_text(stack: &mut [(Frame, Vec<Inline>)], text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some((_, children)) = stack.last_mut() {
        if let Some(Inline::Text(t)) = children.last_mut() {
            t.push_str(text);
        } else {
            children.push(Inline::Text(text.to_string()));
        }
    }
}

/// Pops the innermost frame and adds what it made to its parent.
fn close_frame(stack: &mut Vec<(Frame, Vec<Inline>)>) {
    let Some((frame, children)) = stack.pop() else {
        return;
    };
    let made = match frame {
        Frame::Root => vec![],
        Frame::Emphasis | Frame::Html(_, Mapped::Emphasis) => vec![Inline::Emphasis(children)],
        Frame::Strong | Frame::Html(_, Mapped::Strong) => vec![Inline::Strong(children)],
        Frame::Strikethrough | Frame::Html(_, Mapped::Strikethrough) => {
            vec![Inline::Strikethrough(children)]
        }
        Frame::Link(Some(target), title) => vec![Inline::Link {
            target,
            title,
            content: children,
        }],
        Frame::Link(None, _) => children,
        Frame::Image(index, title) => vec![Inline::Image {
            index,
            alt: Inline::plain_text(&children),
            title,
        }],
        Frame::Html(_, Mapped::Span(kind)) => vec![Inline::Span {
            kind,
            content: children,
        }],
        Frame::Html(_, Mapped::Code) => vec![Inline::Code(Inline::plain_text(&children))],
        Frame::Html(_, Mapped::Remove) => vec![],
        Frame::Html(_, _) => children,
    };
    for inline in made {
        match inline {
            Inline::Text(t) => push_text(stack, &t),
            other => push_inline(stack, other),
        }
    }
}

/// Raw HTML text: runs of white space become one space.
fn collapse_whitespace(content: &mut [Inline]) {
    for inline in content {
        match inline {
            Inline::Text(t) => {
                let mut out = String::with_capacity(t.len());
                let mut space = false;
                for c in t.chars() {
                    if c.is_whitespace() && c != '\u{A0}' {
                        space = true;
                    } else {
                        if space {
                            out.push(' ');
                        }
                        space = false;
                        out.push(c);
                    }
                }
                if space {
                    out.push(' ');
                }
                *t = out;
            }
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Span { content: c, .. } => collapse_whitespace(c),
            _ => {}
        }
    }
}

/// Removes leading and trailing breaks and white space of an inline run.
fn trim_breaks(content: &mut Vec<Inline>) {
    while matches!(content.last(), Some(Inline::SoftBreak | Inline::LineBreak)) {
        content.pop();
    }
    while matches!(content.first(), Some(Inline::SoftBreak | Inline::LineBreak)) {
        content.remove(0);
    }
    if let Some(Inline::Text(t)) = content.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = content.last_mut() {
        *t = t.trim_end().to_string();
    }
    content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
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

/// An id an XHTML document can use and a URL fragment can carry unescaped.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_footnote_id(id: &str) -> bool {
    let rest = id.strip_prefix("fnref-").or_else(|| id.strip_prefix("fn-"));
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// A slug of an all-ASCII heading (`Getting started` → `getting-started`); `None` for other text.
fn ascii_slug(text: &str) -> Option<String> {
    if !text.is_ascii() {
        return None;
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let slug = words.join("-");
    slug.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(slug)
}

fn sanitize_class(c: &str) -> String {
    c.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

/// Nests the top-level headings of a chapter (levels below 2 count as 2) into sections.
fn sections(blocks: &[Block]) -> Vec<Section> {
    fn insert(list: &mut Vec<Section>, s: Section) {
        match list.last_mut() {
            Some(last) if s.level > last.level => insert(&mut last.children, s),
            _ => list.push(s),
        }
    }
    let mut out = Vec::new();
    for b in blocks {
        if let Block::Heading {
            level, id, content, ..
        } = b
        {
            let s = Section {
                level: (*level).max(2),
                id: id.clone(),
                title: Inline::plain_text(content),
                children: vec![],
            };
            insert(&mut out, s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_ids() {
        assert_eq!(
            ascii_slug("Getting Started!").as_deref(),
            Some("getting-started")
        );
        assert_eq!(ascii_slug("مقدمة"), None);
        assert_eq!(ascii_slug("2022"), None);
        assert!(is_valid_id("a-b_c.1"));
        assert!(!is_valid_id("1a"));
        assert!(!is_valid_id("مقدمة"));
        assert!(is_footnote_id("fn-1"));
        assert!(!is_footnote_id("fn-x"));
    }

    #[test]
    fn sections_nest_by_level() {
        let h = |level, id: &str| Block::Heading {
            level,
            id: id.into(),
            classes: vec![],
            content: vec![Inline::Text(id.into())],
        };
        let s = sections(&[h(2, "a"), h(3, "b"), h(2, "c"), h(4, "d")]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].children[0].id, "b");
        assert_eq!(s[1].children[0].id, "d");
    }
}
