//! Link annotations: web addresses (URI actions) and places in the book (destinations), with no
//! border, each described in words (`/Contents`) for screen readers.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::outline::dest;
use super::utf16be;
use crate::pdf::frame::{Link, NodeId, Target};

/// An annotation written: its page, its object, its `Link` element.
pub(super) struct Annotation {
    pub page: usize,
    pub id: ObjectId,
    pub node: Option<NodeId>,
}

/// Adds an annotation for every link to its page.
pub(super) fn write(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    links: &[Link],
) -> Vec<Annotation> {
    let mut out = Vec::with_capacity(links.len());
    for link in links {
        let Some(&page) = pages.get(link.page) else {
            continue;
        };
        let action = match &link.target {
            Target::Goto { page, y } => ("Dest", dest(pages, *page, *y)),
            Target::Uri(url) => (
                "A",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("S", Object::Name(b"URI".to_vec())),
                    (
                        "URI",
                        Object::String(url.clone().into_bytes(), StringFormat::Literal),
                    ),
                ])),
            ),
        };
        let description = match (&link.target, link.description.trim()) {
            (Target::Uri(url), "") => url.clone(),
            (_, text) => text.to_string(),
        };
        let annot = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Link".to_vec())),
            // Printed with the page (PDF/A: every annotation prints).
            ("F", Object::Integer(4)),
            (
                "Rect",
                Object::Array(link.rect.iter().map(|&v| Object::Real(v)).collect()),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
            (
                "Contents",
                Object::String(utf16be(&description), StringFormat::Hexadecimal),
            ),
            action,
        ]);
        let id = doc.add_object(annot);
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(page) {
            match p.get_mut(b"Annots") {
                Ok(Object::Array(list)) => list.push(Object::Reference(id)),
                _ => p.set("Annots", Object::Array(vec![Object::Reference(id)])),
            }
        }
        out.push(Annotation {
            page: link.page,
            id,
            node: link.node,
        });
    }
    out
}
