//! The book model rendered as XHTML 5 documents: the title page, the chapters and the navigation document.
//!
//! Everything is built from the model, never from author markup, so every document is well-formed by
//! construction: text and attribute values go through [`escape`]. Each document carries `lang`, `xml:lang`
//! and `dir` on `<html>`; direction changes inside the book (an English paragraph, code) use `dir`
//! attributes, never the CSS `direction` property.

use std::fmt::Write;

use super::figures::{has_image, shows_text, without_images};
use crate::fonts::Coverage;
use crate::locale::{self, Labels};
use crate::model::{
    Align, Block, Book, Chapter, Digits, Entry, Footnote, Inline, LinkTarget, Section, SpanKind,
};

pub use crate::xml::escape;

/// The file name of a chapter inside the book.
pub fn chapter_file(chapter: &Chapter) -> String {
    format!("{}.xhtml", chapter.id)
}

pub const TITLE_PAGE: &str = "title.xhtml";
pub const COVER_PAGE: &str = "cover.xhtml";

/// The cover page: the cover image, full page.
pub fn cover_page(book: &Book, image: &str) -> String {
    let labels = locale::labels(&book.meta.language);
    let alt = format!("{} «{}»", labels.cover_of, book.meta.title);
    let body = format!(
        "<section class=\"cover\" epub:type=\"cover\">\n<img role=\"doc-cover\" src=\"{}\" alt=\"{}\"/>\n</section>\n",
        escape(image),
        escape(&alt)
    );
    document(book, labels.cover, " class=\"cover\"", &body)
}
pub const NAV: &str = "nav.xhtml";

/// A complete XHTML document around `body`.
fn document(book: &Book, title: &str, body_attrs: &str, body: &str) -> String {
    let lang = escape(&book.meta.language);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
<body{body_attrs}>\n{body}</body>\n</html>\n",
        dir = book.meta.direction.as_str(),
        title = escape(title),
    )
}

/// The title page: title, subtitle, authors with their affiliations, publisher.
pub fn title_page(book: &Book) -> String {
    let m = &book.meta;
    let labels = locale::labels(&m.language);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<section class=\"titlepage\" epub:type=\"titlepage\" aria-label=\"{}\">",
        escape(labels.title_page)
    );
    let _ = writeln!(b, "<h1 class=\"book-title\">{}</h1>", escape(&m.title));
    if let Some(sub) = &m.subtitle {
        let _ = writeln!(b, "<p class=\"subtitle\">{}</p>", escape(sub));
    }
    for a in &m.authors {
        let _ = writeln!(b, "<p class=\"author\">{}</p>", escape(&a.name));
        if let Some(aff) = &a.affiliation {
            let _ = writeln!(b, "<p class=\"affiliation\">{}</p>", escape(aff));
        }
    }
    if let Some(p) = &m.publisher {
        let _ = writeln!(b, "<p class=\"publisher\">{}</p>", escape(p));
    }
    b.push_str("</section>\n");
    document(book, &m.title, " class=\"frontmatter\"", &b)
}

/// The navigation document: the table of contents to `book.toc_depth`, and hidden landmarks.
pub fn nav(book: &Book) -> String {
    let labels = locale::labels(&book.meta.language);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">"
    );
    let _ = writeln!(
        b,
        "<h1 id=\"toc-title\">{}</h1>\n<ol>",
        escape(labels.contents)
    );
    for chapter in &book.chapters {
        let file = chapter_file(chapter);
        let _ = write!(
            b,
            "<li><a href=\"{file}\">{}</a>",
            escape(&chapter.title_text())
        );
        nav_sections(&mut b, &file, &chapter.sections, book.toc_depth);
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n</nav>\n");
    let _ = writeln!(
        b,
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">\n<ol>",
        escape(labels.landmarks)
    );
    let _ = writeln!(
        b,
        "<li><a epub:type=\"cover\" href=\"{COVER_PAGE}\">{}</a></li>",
        escape(labels.cover)
    );
    let _ = writeln!(
        b,
        "<li><a epub:type=\"titlepage\" href=\"{TITLE_PAGE}\">{}</a></li>",
        escape(labels.title_page)
    );
    let _ = writeln!(
        b,
        "<li><a epub:type=\"toc\" href=\"{NAV}#toc\">{}</a></li>",
        escape(labels.contents)
    );
    if let Some(first) = book.chapters.first() {
        let _ = writeln!(
            b,
            "<li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>",
            chapter_file(first),
            escape(labels.start_of_text)
        );
    }
    b.push_str("</ol>\n</nav>\n");
    document(book, labels.contents, " class=\"nav\"", &b)
}

fn nav_sections(b: &mut String, file: &str, sections: &[Section], depth: u8) {
    let shown: Vec<&Section> = sections.iter().filter(|s| s.level <= depth).collect();
    if shown.is_empty() {
        return;
    }
    b.push_str("\n<ol>\n");
    for s in shown {
        let _ = write!(
            b,
            "<li><a href=\"{file}#{}\">{}</a>",
            s.id,
            escape(&s.title)
        );
        nav_sections(b, file, &s.children, depth);
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n");
}

/// One chapter as an XHTML document; `coverage` (the book's faces) tells which characters are drawn
/// from an emoji face.
pub fn chapter(book: &Book, index: usize, coverage: &Coverage) -> String {
    let chapter = &book.chapters[index];
    let r = Renderer {
        book,
        chapter: index,
        labels: locale::labels(&book.meta.language),
        coverage,
    };
    let mut b = String::new();
    let (kind, matter) = if chapter.appendix {
        ("appendix", "backmatter")
    } else {
        ("chapter", "bodymatter")
    };
    let _ = writeln!(
        b,
        "<section class=\"{kind}\" epub:type=\"{kind}\" role=\"doc-{kind}\" aria-labelledby=\"{}\">",
        chapter.title_id
    );
    let _ = write!(b, "<h1 id=\"{}\">", chapter.title_id);
    r.inlines(&mut b, &chapter.title);
    b.push_str("</h1>\n");
    for block in &chapter.blocks {
        r.block(&mut b, block);
    }
    if !chapter.footnotes.is_empty() {
        r.footnotes(&mut b, &chapter.footnotes);
    }
    b.push_str("</section>\n");
    document(
        book,
        &chapter.title_text(),
        &format!(" class=\"{matter}\""),
        &b,
    )
}

struct Renderer<'a> {
    book: &'a Book,
    chapter: usize,
    labels: &'static Labels,
    coverage: &'a Coverage<'a>,
}

impl Renderer<'_> {
    fn block(&self, b: &mut String, block: &Block) {
        match block {
            Block::Heading {
                level,
                id,
                classes,
                content,
            } => {
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", classes.join(" "))
                };
                let _ = write!(b, "<h{level} id=\"{id}\"{class}>");
                self.inlines(b, content);
                let _ = writeln!(b, "</h{level}>");
            }
            Block::Paragraph { id, content, dir } => self.paragraph(b, "p", id, content, *dir),
            Block::CodeBlock { language, text } => {
                b.push_str("<pre dir=\"ltr\"><code");
                if let Some(lang) = language {
                    let class: String = lang
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                        .collect();
                    if !class.is_empty() {
                        let _ = write!(b, " class=\"language-{class}\"");
                    }
                }
                let _ = writeln!(b, ">{}</code></pre>", escape(text));
            }
            Block::List {
                start,
                tight,
                items,
            } => {
                let tag = if start.is_some() { "ol" } else { "ul" };
                // Numbered in the book's digits, as the PDF numbers them (the stylesheet's
                // `ol.arabic-indic`).
                let class = match (start, self.book.pdf.digits) {
                    (Some(_), Digits::ArabicIndic) => " class=\"arabic-indic\"",
                    _ => "",
                };
                match start {
                    Some(n) if *n != 1 => {
                        let _ = writeln!(b, "<ol{class} start=\"{n}\">");
                    }
                    _ => {
                        let _ = writeln!(b, "<{tag}{class}>");
                    }
                }
                for item in items {
                    b.push_str("<li>");
                    for (i, block) in item.iter().enumerate() {
                        match block {
                            // A tight item's text is not a <p>; a span keeps its paragraph id.
                            Block::Paragraph {
                                id,
                                content,
                                dir: None,
                            } if *tight => {
                                if i > 0 {
                                    b.push_str("<br/>");
                                }
                                self.paragraph(b, "span", id, content, None);
                            }
                            other => {
                                if i == 0 {
                                    b.push('\n');
                                }
                                self.block(b, other);
                            }
                        }
                    }
                    b.push_str("</li>\n");
                }
                let _ = writeln!(b, "</{tag}>");
            }
            Block::Poem { stanzas, .. } => {
                // Each hemistich an element of its own; the stylesheet sets them side by side, both
                // justified to the poem's widest (`div.poem`).
                b.push_str("<div class=\"poem\">\n");
                for stanza in stanzas {
                    b.push_str("<div class=\"stanza\">\n");
                    for verse in stanza {
                        match &verse.second {
                            Some(second) => {
                                b.push_str("<p class=\"verse\"><span class=\"hemistich\">");
                                self.inlines(b, &verse.first);
                                b.push_str("</span> <span class=\"hemistich\">");
                                self.inlines(b, second);
                                b.push_str("</span></p>\n");
                            }
                            None => {
                                b.push_str("<p class=\"verse single\">");
                                self.inlines(b, &verse.first);
                                b.push_str("</p>\n");
                            }
                        }
                    }
                    b.push_str("</div>\n");
                }
                b.push_str("</div>\n");
            }
            Block::BlockQuote(blocks) => {
                b.push_str("<blockquote>\n");
                for block in blocks {
                    self.block(b, block);
                }
                b.push_str("</blockquote>\n");
            }
            Block::Table {
                align, head, rows, ..
            } => {
                b.push_str("<table>\n<thead>\n<tr>");
                for (i, cell) in head.iter().enumerate() {
                    self.cell(b, "th", align.get(i), cell);
                }
                b.push_str("</tr>\n</thead>\n<tbody>\n");
                for row in rows {
                    b.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        self.cell(b, "td", align.get(i), cell);
                    }
                    b.push_str("</tr>\n");
                }
                b.push_str("</tbody>\n</table>\n");
            }
            Block::ThematicBreak => b.push_str("<hr/>\n"),
            Block::Entries(entries) => self.entries(b, entries),
        }
    }

    /// A paragraph as element `tag` (`p`, or `span` in a tight list item) with its id, direction and
    /// language, as the PDF sets it: its images are figures of their own after its text
    /// ([`Self::figure`]), and a paragraph of images alone is those figures, the first with its id.
    fn paragraph(
        &self,
        b: &mut String,
        tag: &str,
        id: &str,
        content: &[Inline],
        dir: Option<crate::model::Direction>,
    ) {
        let mut figures = Vec::new();
        let stripped;
        let text = if has_image(content) {
            stripped = without_images(content, &mut figures);
            &stripped[..]
        } else {
            content
        };
        let has_text = figures.is_empty() || shows_text(text);
        if has_text {
            let _ = write!(b, "<{tag} id=\"{id}\"");
            if let Some(d) = dir {
                let _ = write!(b, " dir=\"{}\"", d.as_str());
            }
            if let Some(lang) = crate::script::paragraph_language(dir, self.book.meta.direction) {
                let _ = write!(b, " lang=\"{lang}\" xml:lang=\"{lang}\"");
            }
            b.push('>');
            self.inlines(b, text);
            let _ = write!(b, "</{tag}>");
            if tag == "p" {
                b.push('\n');
            }
        }
        for (k, figure) in figures.iter().enumerate() {
            let id = (k == 0 && !has_text).then_some(id);
            self.figure(b, figure, id);
        }
    }

    /// An image as a figure, its title the caption under it (as the PDF prints it).
    fn figure(&self, b: &mut String, image: &Inline, id: Option<&str>) {
        let Inline::Image {
            index, alt, title, ..
        } = image
        else {
            return;
        };
        let image = &self.book.images[*index];
        match id {
            Some(id) => {
                let _ = write!(b, "<figure id=\"{id}\">");
            }
            None => b.push_str("<figure>"),
        }
        let _ = write!(
            b,
            "<img src=\"{}\" alt=\"{}\"/>",
            escape(&image.name),
            escape(alt)
        );
        if let Some(title) = title.as_deref().filter(|t| !t.trim().is_empty()) {
            let _ = write!(b, "<figcaption>{}</figcaption>", escape(title));
        }
        b.push_str("</figure>\n");
    }

    /// A list of entries, each linked to its paragraph: the label (or, without one, the text) is the link.
    fn entries(&self, b: &mut String, entries: &[Entry]) {
        b.push_str("<ul class=\"entries\">\n");
        for e in entries {
            let href = e.target.as_ref().map(|t| {
                let file = chapter_file(&self.book.chapters[t.chapter]);
                match &t.paragraph {
                    Some(p) => format!("{file}#{}", escape(p)),
                    None => file,
                }
            });
            let link = |b: &mut String, inner: &str| match &href {
                Some(h) => {
                    let _ = write!(b, "<a href=\"{h}\">{inner}</a>");
                }
                None => b.push_str(inner),
            };
            let whole = format!("{}: {}", e.label, e.text);
            let dir = crate::script::paragraph_direction(&whole, self.book.meta.direction);
            match dir {
                Some(d) => {
                    let _ = write!(b, "<li dir=\"{}\"", d.as_str());
                    if let Some(lang) =
                        crate::script::paragraph_language(dir, self.book.meta.direction)
                    {
                        let _ = write!(b, " lang=\"{lang}\" xml:lang=\"{lang}\"");
                    }
                    b.push('>');
                }
                None => b.push_str("<li>"),
            }
            if e.label.is_empty() {
                link(b, &escape(&e.text));
            } else {
                link(b, &format!("<strong>{}</strong>", escape(&e.label)));
                let _ = write!(b, ": {}", escape(&e.text));
            }
            b.push_str("</li>\n");
        }
        b.push_str("</ul>\n");
    }

    fn cell(&self, b: &mut String, tag: &str, align: Option<&Align>, content: &[Inline]) {
        let class = match align {
            Some(Align::Left) => " class=\"align-left\"",
            Some(Align::Center) => " class=\"align-center\"",
            Some(Align::Right) => " class=\"align-right\"",
            _ => "",
        };
        let scope = if tag == "th" { " scope=\"col\"" } else { "" };
        let _ = write!(b, "<{tag}{scope}{class}>");
        self.inlines(b, content);
        let _ = write!(b, "</{tag}>");
    }

    /// Text, escaped; an emoji the book's faces lack (with its modifiers, joiners and selectors) in a
    /// `span.emoji`, which the stylesheet sets in the emoji faces first, as the PDF draws it
    /// ([`crate::fonts::pick`]; a symbol such as ✓ or ☪ comes from the text's own font stack).
    fn text(&self, b: &mut String, t: &str) {
        use unicode_segmentation::UnicodeSegmentation;
        // Every emoji and variation selector is at U+231A or above: three or four bytes in UTF-8,
        // the first 0xE2 or more (an Arabic letter's is below).
        let any = t.bytes().any(|b| b >= 0xE2) && {
            let mut it = t.chars().peekable();
            std::iter::from_fn(|| it.next().map(|c| (c, it.peek().copied())))
                .any(|(c, next)| crate::script::emoji_presentation(c, next))
        };
        if !any {
            b.push_str(&escape(t));
            return;
        }
        let mut open = false;
        for g in t.graphemes(true) {
            let mut chars = g.chars();
            let first = chars.next();
            let emoji = first.is_some_and(|c| {
                let next = chars.next();
                crate::script::emoji_presentation(c, next)
                    && self
                        .coverage
                        .fallback_for(c, next)
                        .is_some_and(|k| k >= 5 && self.coverage.is_emoji_face(k))
            });
            if emoji != open {
                b.push_str(if emoji {
                    "<span class=\"emoji\">"
                } else {
                    "</span>"
                });
                open = emoji;
            }
            b.push_str(&escape(g));
        }
        if open {
            b.push_str("</span>");
        }
    }

    fn inlines(&self, b: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(b, inline);
        }
    }

    fn inline(&self, b: &mut String, inline: &Inline) {
        let wrap = |b: &mut String, open: &str, close: &str, content: &[Inline]| {
            b.push_str(open);
            self.inlines(b, content);
            b.push_str(close);
        };
        match inline {
            Inline::Text(t) => self.text(b, t),
            Inline::Emphasis(c) => wrap(b, "<em>", "</em>", c),
            Inline::Strong(c) => wrap(b, "<strong>", "</strong>", c),
            Inline::Strikethrough(c) => wrap(b, "<s>", "</s>", c),
            Inline::Span { kind, content } => {
                let (open, close) = match kind {
                    SpanKind::Superscript => ("<sup>".to_string(), "</sup>"),
                    SpanKind::Subscript => ("<sub>".to_string(), "</sub>"),
                    SpanKind::Underline => ("<u>".to_string(), "</u>"),
                    SpanKind::Mark => ("<mark>".to_string(), "</mark>"),
                    SpanKind::Keyboard => ("<kbd dir=\"ltr\">".to_string(), "</kbd>"),
                    SpanKind::Small => ("<small>".to_string(), "</small>"),
                    SpanKind::Isolate(None) => ("<bdi>".to_string(), "</bdi>"),
                    SpanKind::Isolate(Some(d)) => {
                        (format!("<bdi dir=\"{}\">", d.as_str()), "</bdi>")
                    }
                };
                wrap(b, &open, close, content);
            }
            Inline::Code(t) => {
                let _ = write!(b, "<code dir=\"ltr\">{}</code>", escape(t));
            }
            Inline::Link {
                target,
                title,
                content,
            } => {
                let href = match target {
                    LinkTarget::External(url) => escape(url),
                    LinkTarget::Internal { chapter, anchor } => {
                        let file = if *chapter == self.chapter {
                            String::new()
                        } else {
                            chapter_file(&self.book.chapters[*chapter])
                        };
                        match anchor {
                            Some(a) => format!("{file}#{}", escape(a)),
                            None if file.is_empty() => {
                                format!("#{}", self.book.chapters[*chapter].title_id)
                            }
                            None => file,
                        }
                    }
                };
                let title = title
                    .as_ref()
                    .map(|t| format!(" title=\"{}\"", escape(t)))
                    .unwrap_or_default();
                wrap(b, &format!("<a href=\"{href}\"{title}>"), "</a>", content);
            }
            Inline::Image {
                index, alt, title, ..
            } => {
                let image = &self.book.images[*index];
                let title = title
                    .as_ref()
                    .map(|t| format!(" title=\"{}\"", escape(t)))
                    .unwrap_or_default();
                let _ = write!(
                    b,
                    "<img src=\"{}\" alt=\"{}\"{title}/>",
                    escape(&image.name),
                    escape(alt)
                );
            }
            Inline::FootnoteRef {
                number,
                id,
                note_id,
            } => {
                // A bidi isolate (the `dir` attribute): after a Latin word or a number in a
                // right-to-left paragraph the number goes where the word ends, not between it and
                // the text before it.
                let _ = write!(
                    b,
                    "<sup class=\"noteref\" dir=\"auto\"><a epub:type=\"noteref\" role=\"doc-noteref\" id=\"{id}\" href=\"#{note_id}\">{}</a></sup>",
                    locale::number(*number, &self.book.meta.language)
                );
            }
            Inline::SoftBreak => b.push('\n'),
            Inline::LineBreak => b.push_str("<br/>\n"),
            // The EPUB links to paragraphs; the places inside them serve the PDF's page numbers.
            Inline::Anchor(_) => {}
        }
    }

    fn footnotes(&self, b: &mut String, notes: &[Footnote]) {
        let _ = writeln!(
            b,
            "<section class=\"footnotes\" epub:type=\"footnotes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\" class=\"notes-title\">{}</h2>",
            escape(self.labels.notes)
        );
        let lang = &self.book.meta.language;
        for note in notes {
            let _ = writeln!(
                b,
                "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\">",
                note.id
            );
            let mut marker = String::new();
            let number = locale::number(note.number, lang);
            let back = escape(self.labels.back_to_text);
            match note.ref_ids.as_slice() {
                [] => {
                    let _ = write!(marker, "<span class=\"note-number\">{number}</span>");
                }
                [only] => {
                    let _ = write!(
                        marker,
                        "<a class=\"note-number\" role=\"doc-backlink\" href=\"#{only}\" title=\"{back}\">{number}</a>"
                    );
                }
                several => {
                    // One backlink per reference, lettered as in "1 a b".
                    let _ = write!(marker, "<span class=\"note-number\">{number}</span>");
                    for (k, id) in several.iter().enumerate() {
                        let letter = self.labels.letters.get(k).copied().unwrap_or("*");
                        let _ = write!(
                            marker,
                            " <a class=\"note-backlink\" role=\"doc-backlink\" href=\"#{id}\" title=\"{back}\">{letter}</a>"
                        );
                    }
                }
            }
            marker.push(' ');
            match note.blocks.split_first() {
                Some((Block::Paragraph { content, .. }, rest)) => {
                    b.push_str("<p>");
                    b.push_str(&marker);
                    self.inlines(b, content);
                    b.push_str("</p>\n");
                    for block in rest {
                        self.block(b, block);
                    }
                }
                _ => {
                    let _ = writeln!(b, "<p>{marker}</p>");
                    for block in &note.blocks {
                        self.block(b, block);
                    }
                }
            }
            b.push_str("</aside>\n");
        }
        b.push_str("</section>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c");
    }
}
