//! The outline (bookmarks): chapters with their sections nested, each pointing at its heading.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::utf16be;
use crate::pdf::frame::Anchor;

/// A destination: page `page` (0-based) at height `y`.
pub(super) fn dest(pages: &[ObjectId], page: usize, y: f32) -> Object {
    Object::Array(vec![
        Object::Reference(pages[page.min(pages.len() - 1)]),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(y),
        Object::Null,
    ])
}

/// Writes the outline of `anchors` and returns its root, or `None` when there is nothing to list.
pub(super) fn write(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    anchors: &[Anchor],
) -> Option<ObjectId> {
    if anchors.is_empty() {
        return None;
    }
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = anchors.iter().map(|_| doc.new_object_id()).collect();
    // Each anchor's parent (the nearest anchor before it of a lower level) and every parent's
    // children, in one pass: an open-ancestor stack, as the levels nest.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(anchors.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, a) in anchors.iter().enumerate() {
        while open.last().is_some_and(|&j| anchors[j].level >= a.level) {
            open.pop();
        }
        parent.push(open.last().copied());
        open.push(i);
    }
    let mut top: Vec<usize> = Vec::new();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); anchors.len()];
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => kids[*p].push(i),
            None => top.push(i),
        }
    }
    let children = |p: Option<usize>| -> &[usize] {
        match p {
            Some(p) => &kids[p],
            None => &top,
        }
    };
    for (i, a) in anchors.iter().enumerate() {
        let siblings = children(parent[i]);
        let k = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut item = Dictionary::new();
        item.set(
            "Title",
            Object::String(utf16be(&a.title), StringFormat::Hexadecimal),
        );
        item.set(
            "Parent",
            Object::Reference(parent[i].map_or(root_id, |p| ids[p])),
        );
        item.set("Dest", dest(pages, a.page, a.y));
        if k > 0 {
            item.set("Prev", Object::Reference(ids[siblings[k - 1]]));
        }
        if let Some(&next) = siblings.get(k + 1) {
            item.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            item.set("First", Object::Reference(ids[first]));
            item.set("Last", Object::Reference(ids[last]));
            // Negative: closed; the chapters show, their sections open on demand.
            item.set("Count", Object::Integer(-(kids.len() as i64)));
        }
        doc.objects.insert(ids[i], Object::Dictionary(item));
    }
    let top = children(None);
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(ids[top[0]]));
    outlines.set(
        "Last",
        Object::Reference(ids[*top.last().unwrap_or(&top[0])]),
    );
    outlines.set("Count", Object::Integer(top.len() as i64));
    doc.objects.insert(root_id, Object::Dictionary(outlines));
    Some(root_id)
}
