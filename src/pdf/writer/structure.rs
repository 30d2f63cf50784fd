//! The structure tree (tagged PDF): the book's elements in reading order, what screen readers, Acrobat's
//! reflow and accessibility checkers read.
//!
//! Layout made the elements ([`crate::pdf::frame::Structure`]) and tagged every piece of content with
//! one; the content writer gave each piece an MCID. Here each element's kids are its content and its
//! child elements in the order the content comes (which is reading order: pages in order, each page's
//! content as layout placed it, each line's pieces as they are read), link annotations are added to
//! their `Link` elements as object references, and the parent tree maps every MCID and annotation back
//! to its element. Elements with no content anywhere are left out.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::content::role_name;
use super::links::Annotation;
use super::utf16be;
use crate::pdf::frame::{NodeId, Role, Structure};

enum Kid {
    Node(NodeId),
    /// Page and MCID.
    Content(usize, usize),
    /// Page and annotation.
    Annotation(usize, ObjectId),
}

/// Writes the tree, the parent tree and the pages' and annotations' keys into it; returns the
/// structure tree root.
pub(super) fn write(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    structure: &Structure,
    marked: &[Vec<NodeId>],
    annotations: &[Annotation],
) -> ObjectId {
    let n = structure.nodes.len();
    let mut kids: Vec<Vec<Kid>> = (0..n).map(|_| Vec::new()).collect();
    let mut top: Vec<NodeId> = Vec::new();
    let mut attached = vec![false; n];
    let mut attach = |node: NodeId, kids: &mut Vec<Vec<Kid>>| {
        // The element and every ancestor not yet in the tree, outermost first.
        let mut chain = Vec::new();
        let mut at = Some(node);
        while let Some(a) = at.filter(|&a| !attached[a]) {
            attached[a] = true;
            chain.push(a);
            at = structure.nodes[a].parent;
        }
        for &a in chain.iter().rev() {
            match structure.nodes[a].parent {
                Some(p) => kids[p].push(Kid::Node(a)),
                None => top.push(a),
            }
        }
    };
    for (page, list) in marked.iter().enumerate() {
        for (mcid, &node) in list.iter().enumerate() {
            attach(node, &mut kids);
            kids[node].push(Kid::Content(page, mcid));
        }
    }
    for a in annotations {
        if let Some(node) = a.node {
            attach(node, &mut kids);
            kids[node].push(Kid::Annotation(a.page, a.id));
        }
    }

    let root = doc.new_object_id();
    let document = doc.new_object_id();
    let ids: Vec<Option<ObjectId>> = attached
        .iter()
        .map(|&a| a.then(|| doc.new_object_id()))
        .collect();
    let mut parents: Vec<Vec<Object>> =
        marked.iter().map(|l| vec![Object::Null; l.len()]).collect();
    let mut annotation_parent = Vec::new();
    for (node, id) in ids.iter().enumerate() {
        let Some(id) = *id else { continue };
        let n = &structure.nodes[node];
        // The page of the element's first content: content on it is referred to by MCID alone.
        let home = kids[node].iter().find_map(|k| match k {
            Kid::Content(p, _) | Kid::Annotation(p, _) => Some(*p),
            Kid::Node(_) => None,
        });
        let mut k = Vec::with_capacity(kids[node].len());
        for kid in &kids[node] {
            k.push(match *kid {
                Kid::Node(c) => Object::Reference(ids[c].expect("an attached child")),
                Kid::Content(page, mcid) => {
                    parents[page][mcid] = Object::Reference(id);
                    if Some(page) == home {
                        Object::Integer(mcid as i64)
                    } else {
                        Object::Dictionary(Dictionary::from_iter(vec![
                            ("Type", Object::Name(b"MCR".to_vec())),
                            ("Pg", Object::Reference(pages[page])),
                            ("MCID", Object::Integer(mcid as i64)),
                        ]))
                    }
                }
                Kid::Annotation(page, annot) => {
                    annotation_parent.push((annot, id));
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"OBJR".to_vec())),
                        ("Pg", Object::Reference(pages[page])),
                        ("Obj", Object::Reference(annot)),
                    ]))
                }
            });
        }
        // One kid is written alone (the common case: a heading or paragraph of one line).
        let k = if k.len() == 1 {
            k.pop().expect("one kid")
        } else {
            Object::Array(k)
        };
        let mut e = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(role_name(n.role).as_bytes().to_vec())),
            (
                "P",
                Object::Reference(n.parent.and_then(|p| ids[p]).unwrap_or(document)),
            ),
            ("K", k),
        ]);
        if let Some(page) = home {
            e.set("Pg", Object::Reference(pages[page]));
        }
        if let Some(lang) = &n.lang {
            e.set("Lang", Object::string_literal(lang.as_str()));
        }
        if let Some(alt) = &n.alt {
            e.set(
                "Alt",
                Object::String(utf16be(alt), StringFormat::Hexadecimal),
            );
        }
        if n.role == Role::TH {
            e.set(
                "A",
                Dictionary::from_iter(vec![
                    ("O", Object::Name(b"Table".to_vec())),
                    ("Scope", Object::Name(b"Column".to_vec())),
                ]),
            );
        }
        doc.objects.insert(id, Object::Dictionary(e));
    }
    doc.objects.insert(
        document,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Document".to_vec())),
            ("P", Object::Reference(root)),
            (
                "K",
                Object::Array(
                    top.iter()
                        .filter_map(|&t| ids[t].map(Object::Reference))
                        .collect(),
                ),
            ),
        ])),
    );

    // The parent tree: each page's MCIDs (key: the page's number), then each annotation (keys after).
    let mut nums = Vec::new();
    for (page, list) in parents.into_iter().enumerate() {
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(pages[page]) {
            p.set("StructParents", Object::Integer(page as i64));
            // Tab order follows the structure.
            p.set("Tabs", Object::Name(b"S".to_vec()));
        }
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(list));
    }
    let mut key = pages.len() as i64;
    for (annot, element) in annotation_parent {
        if let Ok(Object::Dictionary(a)) = doc.get_object_mut(annot) {
            a.set("StructParent", Object::Integer(key));
        }
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(element));
        key += 1;
    }
    doc.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference(document)),
            (
                "ParentTree",
                Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))])),
            ),
            ("ParentTreeNextKey", Object::Integer(key)),
        ])),
    );
    root
}
