use super::*;
use lopdf::{Document, Stream};

/// A document with every kind of object, names and strings that need escaping, a stream, an object of
/// generation 1 and more objects than one object stream holds.
fn sample() -> Document {
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let mut kids = Vec::new();
    for k in 0..250 {
        let page = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages)),
            ("N", Object::Integer(k)),
            ("Scale", Object::Real(0.25 * k as f32 - 3.4)),
            ("Odd", Object::Boolean(k % 2 == 1)),
            ("Nothing", Object::Null),
        ]));
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(kids.len() as i64)),
            ("Kids", Object::Array(kids)),
        ])),
    );
    let content = doc.add_object(Stream::new(
        Dictionary::new(),
        b"BT /F1 12 Tf ET".repeat(40),
    ));
    let odd = doc.add_object(Object::Array(vec![
        Object::Name(b"A name with (delimiters)/#".to_vec()),
        Object::Name(vec![b'x', 0xC3, 0xA9]),
        Object::String(
            b"(balanced) ) unbalanced \\ back\rslash".to_vec(),
            StringFormat::Literal,
        ),
        Object::String(vec![0xFE, 0xFF, 0x06, 0x27], StringFormat::Hexadecimal),
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(-2),
            Object::Reference(content),
        ]),
        Object::Dictionary(Dictionary::from_iter(vec![(
            "Inner",
            Object::Array(vec![]),
        )])),
    ]));
    doc.objects.insert((odd.0 + 1, 1), Object::Integer(7));
    doc.max_id = odd.0 + 1;
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages)),
        ("Odd", Object::Reference(odd)),
    ]));
    doc.trailer.set("Root", catalog);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(vec![1; 16], StringFormat::Hexadecimal),
            Object::String(vec![2; 16], StringFormat::Hexadecimal),
        ]),
    );
    doc
}

fn without_length(d: &Dictionary) -> Dictionary {
    d.iter()
        .filter(|(k, _)| k.as_slice() != b"Length")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Every object of the document reads back from the file as it was (lopdf's reader, which follows the
/// cross-reference stream into the object streams), and the trailer's entries are kept.
#[test]
fn every_object_reads_back_as_it_was() {
    let doc = sample();
    let bytes = write(&doc);
    assert!(bytes.starts_with(b"%PDF-1.7\n%"));
    assert!(bytes.ends_with(b"%%EOF"));
    let back = Document::load_mem(&bytes).expect("the file parses");
    for (id, object) in &doc.objects {
        let read = back
            .get_object(*id)
            .unwrap_or_else(|e| panic!("{id:?}: {e}"));
        match (object, read) {
            (Object::Stream(a), Object::Stream(b)) => {
                assert_eq!(without_length(&a.dict), without_length(&b.dict));
                let content = b
                    .decompressed_content()
                    .unwrap_or_else(|_| b.content.clone());
                assert_eq!(a.content, content);
            }
            _ => assert_eq!(object, read, "{id:?}"),
        }
    }
    assert_eq!(
        back.trailer.get(b"Root").unwrap(),
        doc.trailer.get(b"Root").unwrap()
    );
    assert_eq!(
        back.trailer.get(b"ID").unwrap(),
        doc.trailer.get(b"ID").unwrap()
    );
    // 253 small objects (the pages, their parent, the array and the catalog): three object streams;
    // the content stream and the object of generation 1 are written as they are.
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(b"/Type/ObjStm"), 3);
    assert_eq!(count(b" 1 obj\n"), 1);
    assert_eq!(count(b"/Type/XRef"), 1);
}

/// The same document gives the same bytes, however the work was shared.
#[test]
fn the_file_is_the_same_every_time() {
    let doc = sample();
    assert_eq!(write(&doc), write(&doc));
}

/// `qpdf --check` finds nothing wrong with the file (when qpdf is installed; CI installs it).
#[test]
fn qpdf_finds_the_file_sound() {
    let bytes = write(&sample());
    let path = std::env::temp_dir().join(format!("publish-file-{}.pdf", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let run = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    match run {
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(
                o.status.success(),
                "{text}{}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(
                text.contains("No syntax or stream encoding errors found"),
                "{text}"
            );
        }
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: qpdf is not installed (CI installs it)");
        }
        Err(e) => panic!("qpdf: {e}"),
    }
}

/// A document without an identifier gets one made from what the file says: the same for the same
/// document, another when one byte of one object differs.
#[test]
fn the_identifier_is_a_hash_of_the_file() {
    let identifier = |doc: &Document| {
        let back = Document::load_mem(&write(doc)).expect("the file parses");
        let id = back.trailer.get(b"ID").expect("an identifier").clone();
        let Object::Array(pair) = id else {
            panic!("{id:?}")
        };
        assert_eq!(pair.len(), 2);
        assert_eq!(pair[0], pair[1], "the same first and changing identifier");
        let Object::String(bytes, _) = &pair[0] else {
            panic!("{pair:?}")
        };
        assert_eq!(bytes.len(), 16);
        bytes.clone()
    };
    let mut doc = sample();
    doc.trailer.remove(b"ID");
    let first = identifier(&doc);
    assert_eq!(identifier(&doc), first);
    let (&id, _) = doc
        .objects
        .iter()
        .find(|(_, o)| matches!(o, Object::Stream(_)))
        .unwrap();
    if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
        s.content[0] ^= 1;
    }
    assert_ne!(identifier(&doc), first);
}
