//! Raw HTML in a manuscript, reduced to what the book model can say.
//!
//! Markdown lets an author type HTML. The book never receives it as such: this module tokenises it and
//! maps a small set of harmless inline elements (`sup`, `sub`, `u`/`ins`, `mark`, `kbd`, `small`, `bdi`,
//! `span dir=…`, `em`/`i`, `strong`/`b`, `s`/`del`, `code`, `br`) to typed model nodes. Every other tag is
//! dropped with a warning, keeping its text; the content of scripts, styles, forms, frames and other
//! active or embedded elements is dropped entirely. Attributes other than `dir` are ignored, so event
//! handlers and `javascript:` URLs cannot get through. The writers then emit well-formed markup from the
//! model alone.

use crate::model::Direction;
use crate::model::SpanKind;

/// One piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Character data, entities decoded.
    Text(String),
    Open {
        name: String,
        dir: Option<Direction>,
        /// The names of its other attributes (lower case), which the book ignores.
        attrs: Vec<String>,
        self_closing: bool,
    },
    Close {
        name: String,
    },
    /// Comments, doctypes, processing instructions and CDATA: dropped.
    Other,
}

/// What an element turns into in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped {
    Span(SpanKind),
    Emphasis,
    Strong,
    Strikethrough,
    Code,
    LineBreak,
    /// A block boundary (`p`, `div`, `hr`, headings…): text on either side ends up in separate paragraphs.
    Break,
    /// The element and all its content are removed.
    Remove,
    /// The tag is removed; its text stays.
    Unwrap,
}

/// Elements whose content never reaches the book.
const REMOVED: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "select", "option", "textarea", "template", "noscript", "svg", "math", "canvas",
    "audio", "video", "source", "track", "link", "meta", "base", "title", "head", "dialog",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "tr",
    "td",
    "th",
    "pre",
    "figure",
    "figcaption",
    "nav",
    "main",
    "center",
    "address",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
];

/// Elements that never have a closing tag.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr"
            | "img"
            | "input"
            | "meta"
            | "link"
            | "base"
            | "source"
            | "track"
            | "wbr"
            | "area"
            | "col"
            | "embed"
    )
}

/// Maps an element name (lower case) to its treatment.
pub fn map_element(name: &str, dir: Option<Direction>) -> Mapped {
    match name {
        "sup" => Mapped::Span(SpanKind::Superscript),
        "sub" => Mapped::Span(SpanKind::Subscript),
        "u" | "ins" => Mapped::Span(SpanKind::Underline),
        "mark" => Mapped::Span(SpanKind::Mark),
        "kbd" => Mapped::Span(SpanKind::Keyboard),
        "small" => Mapped::Span(SpanKind::Small),
        "bdi" | "bdo" => Mapped::Span(SpanKind::Isolate(dir)),
        "span" if dir.is_some() => Mapped::Span(SpanKind::Isolate(dir)),
        "span" => Mapped::Unwrap,
        "em" | "i" | "cite" | "dfn" | "var" => Mapped::Emphasis,
        "strong" | "b" => Mapped::Strong,
        "s" | "del" | "strike" => Mapped::Strikethrough,
        "code" | "samp" | "tt" => Mapped::Code,
        "br" | "wbr" => Mapped::LineBreak,
        n if REMOVED.contains(&n) => Mapped::Remove,
        n if BLOCKS.contains(&n) => Mapped::Break,
        _ => Mapped::Unwrap,
    }
}

/// Splits raw HTML into tokens, each with the byte offset where it starts. Never fails: anything that
/// is not a well-formed tag is text.
pub fn tokenize(html: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let at = html.len() - rest.len();
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |e| e + 3);
            out.push((at, Token::Other));
            rest = &after[end..];
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push((at, Token::Other));
            rest = &rest[end..];
        } else if rest.starts_with('<') {
            match parse_tag(rest) {
                Some((token, len)) => {
                    out.push((at, token));
                    rest = &rest[len..];
                }
                None => {
                    push_text(&mut out, at, "<");
                    rest = &rest[1..];
                }
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            push_text(&mut out, at, &decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

fn push_text(out: &mut Vec<(usize, Token)>, at: usize, text: &str) {
    if let Some((_, Token::Text(t))) = out.last_mut() {
        t.push_str(text);
    } else {
        out.push((at, Token::Text(text.to_string())));
    }
}

/// Parses `<name attr="v" …>` or `</name>` at the start of `s`; returns the token and its length.
fn parse_tag(s: &str) -> Option<(Token, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut dir = None;
    let mut attrs = Vec::new();
    // Attributes: name, optional = value (quoted or not).
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                let token = if closing {
                    Token::Close { name }
                } else {
                    Token::Open {
                        name,
                        dir,
                        attrs,
                        self_closing: false,
                    }
                };
                return Some((token, i + 1));
            }
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                let token = if closing {
                    Token::Close { name }
                } else {
                    Token::Open {
                        name,
                        dir,
                        attrs,
                        self_closing: true,
                    }
                };
                return Some((token, i + 2));
            }
            _ => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == attr_start {
            return None;
        }
        let attr = s[attr_start..i].to_ascii_lowercase();
        let mut value = String::new();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = s[i + 1..].find(q as char)? + i + 1;
                    value = s[i + 1..end].to_string();
                    i = end + 1;
                }
                Some(_) => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = s[start..i].to_string();
                }
                None => return None,
            }
        }
        if attr == "dir" {
            dir = match value.trim().to_ascii_lowercase().as_str() {
                "rtl" => Some(Direction::Rtl),
                "ltr" => Some(Direction::Ltr),
                _ => None,
            };
        } else {
            attrs.push(attr);
        }
    }
}

/// Decodes the character references of raw HTML text (`&amp;`, `&#1576;`, `&#x628;`, common names).
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            let c = if let Some(num) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = body.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                match body {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{A0}'),
                    "zwnj" => Some('\u{200C}'),
                    "zwj" => Some('\u{200D}'),
                    "lrm" => Some('\u{200E}'),
                    "rlm" => Some('\u{200F}'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "hellip" => Some('…'),
                    "laquo" => Some('«'),
                    "raquo" => Some('»'),
                    _ => None,
                }
            };
            c.filter(|&c| c != '\0').map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_and_text() {
        let t = tokenize("<span dir=\"ltr\" onclick='x()'>a &amp; b</span><br/>");
        assert_eq!(
            t,
            vec![
                (
                    0,
                    Token::Open {
                        name: "span".into(),
                        dir: Some(Direction::Ltr),
                        attrs: vec!["onclick".into()],
                        self_closing: false
                    }
                ),
                (30, Token::Text("a & b".into())),
                (
                    39,
                    Token::Close {
                        name: "span".into()
                    }
                ),
                (
                    46,
                    Token::Open {
                        name: "br".into(),
                        dir: None,
                        attrs: vec![],
                        self_closing: true
                    }
                ),
            ]
        );
    }

    #[test]
    fn broken_markup_is_text() {
        assert_eq!(tokenize("a < b"), vec![(0, Token::Text("a < b".into()))]);
        assert_eq!(
            tokenize("<a href=\"x"),
            vec![(0, Token::Text("<a href=\"x".into()))]
        );
        assert_eq!(
            tokenize("<!-- c --><?php ?>x"),
            vec![
                (0, Token::Other),
                (10, Token::Other),
                (18, Token::Text("x".into()))
            ]
        );
    }

    #[test]
    fn dangerous_elements_are_removed() {
        assert_eq!(map_element("script", None), Mapped::Remove);
        assert_eq!(map_element("iframe", None), Mapped::Remove);
        assert_eq!(map_element("a", None), Mapped::Unwrap);
        assert_eq!(
            map_element("sup", None),
            Mapped::Span(SpanKind::Superscript)
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("&#1576;&#x62A; &lt;&gt; &bogus; &"),
            "بت <> &bogus; &"
        );
    }
}
