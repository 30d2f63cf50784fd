//! The PDF file: the document's objects serialised, the small ones packed into compressed object
//! streams, and a cross-reference stream (PDF 1.5 and later), on every core.
//!
//! `lopdf` builds the document; saving it is done here (compressed at [`super::LEVEL`]) because its writer does it on one thread and
//! copies every object on the way (a tenth of a long book's build). The file is what its
//! `save_with_options` (object streams, cross-reference stream) writes, object for object: the same
//! header and binary mark, streams and generation-nonzero objects written as they are in the order of
//! their numbers, every other object in an object stream of at most [`PER_STREAM`] (numbered after the
//! document's objects, in that order), then the cross-reference stream with the trailer's entries. Each
//! object stream is serialised and compressed on its own, so the file is the same however the work is
//! shared. The file identifier (ISO 32000-1 §14.4) is a hash of what the file says: of each object's
//! bytes and each object stream's, hashed as they are made.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// Objects per object stream (as `lopdf`'s default).
const PER_STREAM: usize = 100;

/// The bytes of the PDF file of `doc`.
pub(super) fn write(doc: &lopdf::Document) -> Vec<u8> {
    let (direct, packed): (Vec<_>, Vec<_>) = doc
        .objects
        .iter()
        .partition(|(&id, object)| !packable(id, object));
    // Serialised on every core: each direct object, and each object stream compressed.
    let direct_bytes = crate::parallel::map(&direct, |&(&(id, generation), object)| {
        let mut out = Vec::new();
        let _ = writeln!(out, "{id} {generation} obj");
        object_bytes(&mut out, object);
        out.extend_from_slice(b"\nendobj\n");
        let hash = Hash128::of(&out);
        (out, hash)
    });
    let chunks: Vec<&[(&ObjectId, &Object)]> = packed.chunks(PER_STREAM).collect();
    let streams = crate::parallel::map(&chunks, |chunk| {
        let bytes = object_stream(chunk);
        let hash = Hash128::of(&bytes);
        (bytes, hash)
    });
    let mut identifier = Hash128::new();
    for (_, hash) in direct_bytes.iter().chain(&streams) {
        identifier.write(hash);
    }

    let mut out = Vec::with_capacity(
        direct_bytes.iter().map(|(b, _)| b.len()).sum::<usize>()
            + streams.iter().map(|(b, _)| b.len()).sum::<usize>()
            + 4096,
    );
    let _ = writeln!(out, "%PDF-{}", doc.version);
    if !doc.binary_mark.is_empty() && doc.binary_mark.iter().all(|&b| b >= 128) {
        out.push(b'%');
        out.extend_from_slice(&doc.binary_mark);
        out.push(b'\n');
    }
    let last = doc.objects.keys().next_back().map_or(0, |id| id.0);
    let first_stream = doc.max_id.max(last) + 1;
    let xref_id = first_stream + streams.len() as u32;
    let size = xref_id + 1;
    // Per object number: (type, field 2, field 3) of its cross-reference entry.
    let mut entries = vec![(0u8, 0u32, 0u16); size as usize];
    entries[0] = (0, 0, 65535);
    for (&(&(id, generation), _), (bytes, _)) in direct.iter().zip(&direct_bytes) {
        entries[id as usize] = (1, out.len() as u32, generation);
        out.extend_from_slice(bytes);
    }
    for (k, chunk) in chunks.iter().enumerate() {
        let number = first_stream + k as u32;
        for (index, &(&(id, _), _)) in chunk.iter().enumerate() {
            entries[id as usize] = (2, number, index as u16);
        }
    }
    for (k, (bytes, _)) in streams.iter().enumerate() {
        let number = first_stream + k as u32;
        entries[number as usize] = (1, out.len() as u32, 0);
        let _ = writeln!(out, "{number} 0 obj");
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_start = out.len() as u32;
    entries[xref_id as usize] = (1, xref_start, 0);
    let mut table = Vec::with_capacity(entries.len() * 7);
    for (kind, two, three) in entries {
        table.push(kind);
        table.extend_from_slice(&two.to_be_bytes());
        table.extend_from_slice(&three.to_be_bytes());
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", i64::from(size));
    dict.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
    for (key, value) in doc.trailer.iter() {
        if !matches!(
            key.as_slice(),
            b"Size" | b"Prev" | b"XRefStm" | b"Type" | b"W" | b"Index"
        ) {
            dict.set(key.clone(), value.clone());
        }
    }
    if !dict.has(b"ID") {
        let id = Object::String(identifier.finish().to_vec(), StringFormat::Hexadecimal);
        dict.set("ID", Object::Array(vec![id.clone(), id]));
    }
    let (content, filtered) = match super::deflate(&table) {
        Some(packed) => (packed, true),
        None => (table, false),
    };
    if filtered {
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    }
    let _ = writeln!(out, "{xref_id} 0 obj");
    stream_bytes(&mut out, &dict, &content);
    let _ = write!(out, "\nendobj\nstartxref\n{xref_start}\n%%EOF");
    out
}

/// The 128-bit hash of `data` the file identifier is made with.
pub(super) fn hash(data: &[u8]) -> [u8; 16] {
    Hash128::of(data)
}

/// A 128-bit hash for the file identifier: two multiplicative lanes over the bytes eight at a time,
/// each word multiplied in with a different odd constant and folded with a shift, the length last.
struct Hash128(u64, u64);

impl Hash128 {
    fn new() -> Self {
        Hash128(0xcbf29ce484222325, 0x84222325cbf29ce4)
    }

    fn of(data: &[u8]) -> [u8; 16] {
        let mut h = Hash128::new();
        h.write(data);
        h.finish()
    }

    fn write(&mut self, data: &[u8]) {
        let mut words = data.chunks_exact(8);
        for w in &mut words {
            self.word(<[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        self.word(u64::from_le_bytes(last));
        self.word(data.len() as u64);
    }

    fn word(&mut self, w: u64) {
        self.0 = (self.0 ^ w).wrapping_mul(0xff51afd7ed558ccd);
        self.0 ^= self.0 >> 29;
        self.1 = (self.1 ^ w.rotate_left(23)).wrapping_mul(0x9e3779b97f4a7c15);
        self.1 ^= self.1 >> 31;
    }

    fn finish(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.0.to_be_bytes());
        out[8..].copy_from_slice(&self.1.to_be_bytes());
        out
    }
}

/// Whether an object goes into an object stream: not a stream, generation 0, not a cross-reference or
/// object stream itself, not the encryption dictionary (as `lopdf` decides).
fn packable(id: ObjectId, object: &Object) -> bool {
    if id.1 != 0 {
        return false;
    }
    match object {
        Object::Stream(_) => false,
        Object::Dictionary(d) => !matches!(
            d.get(b"Type").and_then(Object::as_name),
            Ok(b"XRef" | b"ObjStm")
        ),
        _ => true,
    }
}

/// An object stream of `objects` (`/Type /ObjStm`), compressed, as `N 0 obj`'s body.
fn object_stream(objects: &[(&ObjectId, &Object)]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut offsets = Vec::with_capacity(objects.len());
    for (k, &(&(id, _), object)) in objects.iter().enumerate() {
        if k > 0 {
            body.push(b' ');
        }
        offsets.push((id, body.len()));
        object_bytes(&mut body, object);
    }
    let mut content = Vec::with_capacity(body.len() + objects.len() * 10);
    for (id, offset) in &offsets {
        let _ = write!(content, "{id} {offset} ");
    }
    let first = content.len();
    content.extend_from_slice(&body);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    dict.set("N", objects.len() as i64);
    dict.set("First", first as i64);
    let content = match super::deflate(&content) {
        Some(packed) => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            packed
        }
        None => content,
    };
    let mut out = Vec::new();
    stream_bytes(&mut out, &dict, &content);
    out
}

/// A stream: its dictionary with `/Length` the content's, then the content.
fn stream_bytes(out: &mut Vec<u8>, dict: &Dictionary, content: &[u8]) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        if key.as_slice() == b"Length" {
            continue;
        }
        name(out, key);
        if separated(value) {
            out.push(b' ');
        }
        object_bytes(out, value);
    }
    let _ = writeln!(out, "/Length {}>>stream", content.len());
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream");
}

/// Objects written after another token need a space first (the others start with a delimiter).
fn separated(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// `object` in PDF syntax.
fn object_bytes(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &b in s {
                out.extend_from_slice(&hex(b));
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 && separated(item) {
                    out.push(b' ');
                }
                object_bytes(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend_from_slice(b"<<");
            for (key, value) in d.iter() {
                name(out, key);
                if separated(value) {
                    out.push(b' ');
                }
                object_bytes(out, value);
            }
            out.extend_from_slice(b">>");
        }
        Object::Stream(s) => stream_bytes(out, &s.dict, &s.content),
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// A name: `/` and its bytes, white space, delimiters, `#` and bytes outside `!`..`~` as `#XX`.
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.push(b'#');
            out.extend_from_slice(&hex(b));
        } else {
            out.push(b);
        }
    }
}

fn hex(b: u8) -> [u8; 2] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]
}

#[cfg(test)]
mod tests;
