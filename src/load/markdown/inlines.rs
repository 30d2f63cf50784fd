//! Inline content: Markdown inline events and raw HTML folded into model inlines with a stack of open
//! containers (emphasis, links, allowed HTML elements). Raw HTML blocks become paragraphs of their text.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::{Frame, Parser};
use crate::error::{Place, Result};
use crate::load::rawhtml::{self, Mapped, Token};
use crate::model::{Block, Inline, LinkTarget};

impl Parser<'_, '_> {
    /// Parses inlines until `end` (consumed), or, with `None`, until the next block-level event (not consumed).
    pub(super) fn inlines(&mut self, end: Option<TagEnd>) -> Result<Vec<Inline>> {
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
                    for (_, token) in rawhtml::tokenize(&html) {
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
                                self.anchor_links.push((
                                    *chapter,
                                    anchor.clone(),
                                    Place::of(self.text, range.start),
                                ));
                            }
                            Some(target)
                        }
                        Ok(None) => {
                            let web = ["http:", "https:", "mailto:"]
                                .iter()
                                .any(|s| dest.trim().to_ascii_lowercase().starts_with(s));
                            if web {
                                self.warn(line, format!("link to `{dest}` dropped: it is not a valid web address (its text is kept)"));
                            } else {
                                self.warn(line, format!("link to `{dest}` dropped (only http, https, mailto and links inside the book are kept)"));
                            }
                            None
                        }
                        Err(e) => {
                            // Reported, and read on with the link's text kept.
                            let e = self
                                .error(range.start, e.message)
                                .help(e.help.unwrap_or_default());
                            self.errors.push(e);
                            None
                        }
                    };
                    let title = Some(title.to_string()).filter(|t| !t.is_empty());
                    stack.push((Frame::Link(target, title), Vec::new()));
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let title = Some(title.to_string()).filter(|t| !t.is_empty());
                    let line = self.line(range.start);
                    match self.res.image(self.path, &dest_url) {
                        Ok(index) => stack.push((Frame::Image(index, title, line), Vec::new())),
                        Err(e) => {
                            // Reported, and read on with the image's description as text.
                            let e = self
                                .error(range.start, e.message)
                                .help(e.help.unwrap_or_default());
                            self.errors.push(e);
                            stack.push((Frame::Link(None, None), Vec::new()));
                        }
                    }
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
                ..
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

    /// Ends the paragraph a raw HTML block was building.
    fn flush_html_paragraph(
        &mut self,
        stack: &mut Vec<(Frame, Vec<Inline>)>,
        blocks: &mut Vec<Block>,
    ) {
        while stack.len() > 1 {
            close_frame(stack);
        }
        let mut content = std::mem::take(&mut stack[0].1);
        collapse_whitespace(&mut content);
        trim_breaks(&mut content);
        self.push_paragraph(blocks, content);
    }

    /// A raw HTML block: paragraphs of its text, split at block elements, with the allowed inline
    /// elements. `<p>` becomes a paragraph and `<hr>` a thematic break; any other block element
    /// (`<div>`, `<table>`…) and any attribute but `dir` of a block element is lost, which is said
    /// once per element name, at the line of its first tag.
    pub(super) fn html_block(
        &mut self,
        html: &str,
        line: usize,
        blocks: &mut Vec<Block>,
    ) -> Result<()> {
        let mut stack: Vec<(Frame, Vec<Inline>)> = vec![(Frame::Root, Vec::new())];
        // Block elements whose markup is lost, with the line of their first tag and the attributes lost.
        let mut lost: Vec<(String, usize, Vec<String>)> = Vec::new();
        for (at, token) in rawhtml::tokenize(html) {
            let token_line = line + html[..at].matches('\n').count();
            let removing = stack
                .iter()
                .any(|(f, _)| matches!(f, Frame::Html(_, Mapped::Remove)));
            if let Token::Open {
                name, dir, attrs, ..
            } = &token
            {
                if !removing && rawhtml::map_element(name, *dir) == Mapped::Break {
                    self.flush_html_paragraph(&mut stack, blocks);
                    if name == "hr" {
                        blocks.push(Block::ThematicBreak);
                    }
                    let kept = matches!(name.as_str(), "p" | "hr");
                    // A table's parts are said with the table.
                    let said = match name.as_str() {
                        "thead" | "tbody" | "tfoot" | "caption" | "tr" | "td" | "th" => "table",
                        other => other,
                    };
                    if !kept || !attrs.is_empty() {
                        match lost.iter_mut().find(|(n, _, _)| n == said) {
                            Some((_, _, seen)) => seen.extend(attrs.iter().cloned()),
                            None => lost.push((said.to_string(), token_line, attrs.clone())),
                        }
                    }
                    continue;
                }
            }
            if let Token::Close { name } = &token {
                if !removing && rawhtml::map_element(name, None) == Mapped::Break {
                    self.flush_html_paragraph(&mut stack, blocks);
                    continue;
                }
            }
            self.html_token(&mut stack, token, token_line);
        }
        self.flush_html_paragraph(&mut stack, blocks);
        for (name, at, mut attrs) in lost {
            attrs.sort();
            attrs.dedup();
            let attrs = attrs
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = match name.as_str() {
                "p" | "hr" => format!(
                    "raw HTML <{name}>: its attributes {attrs} are ignored (only `dir` is kept)"
                ),
                "table" => format!(
                    "raw HTML <{name}> not kept: its cells' text is set as paragraphs, as written (Markdown inside raw HTML is not read); write the table as a Markdown table"
                ),
                _ => format!(
                    "raw HTML <{name}> not kept: its text is set as paragraphs, as written (Markdown inside raw HTML is not read); write it in Markdown"
                ),
            };
            self.warn(at, message);
        }
        Ok(())
    }
}

pub(super) fn push_inline(stack: &mut [(Frame, Vec<Inline>)], inline: Inline) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(inline);
    }
}

pub(super) fn push_text(stack: &mut [(Frame, Vec<Inline>)], text: &str) {
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
pub(super) fn close_frame(stack: &mut Vec<(Frame, Vec<Inline>)>) {
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
        Frame::Image(index, title, line) => vec![Inline::Image {
            index,
            alt: Inline::plain_text(&children),
            title,
            line,
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
pub(super) fn collapse_whitespace(content: &mut [Inline]) {
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
pub(super) fn trim_breaks(content: &mut Vec<Inline>) {
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
