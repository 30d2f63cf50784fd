//! Images as the EPUB shows them: figures apart from their paragraph's text, as the PDF sets them
//! ([`crate::pdf::pages`] places each image of a paragraph after its lines, or in its place when the
//! paragraph holds nothing else). These find a paragraph's images and the text left without them.

use crate::model::Inline;

/// Whether `inlines` hold an image.
pub(super) fn has_image(inlines: &[Inline]) -> bool {
    let mut any = false;
    Inline::visit_images(inlines, &mut |_| any = true);
    any
}

/// Whether `inlines` show anything but white space (a note reference counts).
pub(super) fn shows_text(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Text(t) | Inline::Code(t) => !t.trim().is_empty(),
        Inline::FootnoteRef { .. } | Inline::Image { .. } => true,
        Inline::Emphasis(c)
        | Inline::Strong(c)
        | Inline::Strikethrough(c)
        | Inline::Span { content: c, .. }
        | Inline::Link { content: c, .. } => shows_text(c),
        Inline::Anchor(_) | Inline::SoftBreak | Inline::LineBreak => false,
    })
}

/// `inlines` without their images, which are moved to `figures` in reading order (an image inside a
/// link or emphasis too: a figure stands apart from the text); a container left with nothing to show
/// goes (a link with no text would be an empty link).
pub(super) fn without_images(inlines: &[Inline], figures: &mut Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let kept = match inline {
            Inline::Image { .. } => {
                figures.push(inline.clone());
                continue;
            }
            Inline::Emphasis(c) => Inline::Emphasis(without_images(c, figures)),
            Inline::Strong(c) => Inline::Strong(without_images(c, figures)),
            Inline::Strikethrough(c) => Inline::Strikethrough(without_images(c, figures)),
            Inline::Span { kind, content } => Inline::Span {
                kind: *kind,
                content: without_images(content, figures),
            },
            Inline::Link {
                target,
                title,
                content,
            } => Inline::Link {
                target: target.clone(),
                title: title.clone(),
                content: without_images(content, figures),
            },
            other => other.clone(),
        };
        let empty = match &kept {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Span { content: c, .. }
            | Inline::Link { content: c, .. } => !shows_text(c),
            _ => false,
        };
        if !empty {
            out.push(kept);
        }
    }
    out
}
