//! The document catalog and its metadata.
//!
//! `printpdf` writes the document information dictionary and the catalog; what it cannot say or gets
//! wrong for this book is set here, in one place: the dates (1970 in printpdf: the book's), the producer,
//! the PDF/X claim printpdf always writes (kept only in a print file, which makes it: [`super::intent`]),
//! the empty entries it writes (which PDF/A would have the XMP repeat), the output intent, the document language
//! and right-to-left reading order (`/Lang`, `/ViewerPreferences /Direction`), a viewer showing the
//! title rather than the file name, `/PageLabels` matching the printed folios, tagged-PDF marking
//! (`/MarkInfo`), the outline and structure tree, and XMP metadata that says what the information
//! dictionary says (title, authors, description, language, dates, tools), that the file follows
//! PDF/UA-1, and the identification of PDF/A-2u or PDF/X-4.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::intent::{self, Profiles, Rendition};
use super::utf16be;
use crate::error::{Error, Result};

/// Document-level facts.
pub struct Meta {
    pub title: String,
    /// The book's identifier, shared by all its editions.
    pub identifier: String,
    pub authors: Vec<String>,
    pub subject: String,
    pub language: String,
    pub rtl: bool,
    /// `YYYY-MM-DDTHH:MM:SSZ`
    pub modified: String,
    /// The label of every page (its printed folio).
    pub labels: Vec<String>,
    /// For a print file, its bleed: every page gets a TrimBox and a BleedBox.
    pub trim_bleed: Option<Bleed>,
    pub rendition: Rendition,
}

/// How far a print interior's pages reach past the trim, and on which sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bleed {
    /// In points; 0 for none.
    pub pt: f32,
    /// Whether the binding side bleeds too (Lulu), or only the top, the bottom and the outside edge
    /// (KDP, IngramSpark).
    pub at_binding: bool,
}

impl Bleed {
    /// The media's width and height for a trimmed page of `size`.
    pub fn media(self, (w, h): (f32, f32)) -> (f32, f32) {
        let sides = if self.at_binding { 2.0 } else { 1.0 };
        (w + sides * self.pt, h + 2.0 * self.pt)
    }

    /// Where the trimmed page starts on page `k` (0-based) of a book bound on the left of its rectos
    /// (`rtl`: on their right): the bleed's width in, unless the bleed is on the other side only.
    pub fn origin(self, k: usize, rtl: bool) -> (f32, f32) {
        let recto = k % 2 == 0;
        let binding_left = recto != rtl;
        let x = if self.at_binding || !binding_left {
            self.pt
        } else {
            0.0
        };
        (x, self.pt)
    }
}

/// Sets the information dictionary and the catalog's entries; `outline` and `structure` are the roots
/// written before.
pub(super) fn write(
    doc: &mut lopdf::Document,
    meta: &Meta,
    outline: Option<ObjectId>,
    structure: ObjectId,
    profiles: &mut Profiles,
) -> Result<()> {
    let date = Object::String(pdf_date(&meta.modified).into_bytes(), StringFormat::Literal);
    if let Ok(info_ref) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_ref) {
            intent::info(info, meta.rendition.conformance());
            // printpdf writes these empty when the book has none: PDF/A would want the XMP to say
            // the same empty values.
            for key in [&b"Keywords"[..], b"Identifier", b"Author", b"Subject"] {
                if info
                    .get(key)
                    .and_then(Object::as_str)
                    .is_ok_and(|v| v.is_empty())
                {
                    info.remove(key);
                }
            }
            info.set("CreationDate", date.clone());
            info.set("ModDate", date);
            info.set("Producer", Object::string_literal(producer()));
            info.set("Creator", Object::string_literal("publish"));
        }
    }
    let xmp = doc.add_object(
        lopdf::Stream::new(
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Metadata".to_vec())),
                ("Subtype", Object::Name(b"XML".to_vec())),
            ]),
            xmp(meta).into_bytes(),
        )
        // Left readable: metadata is meant to be found without a PDF parser.
        .with_compression(false),
    );
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::new(format!("internal error: PDF without a catalog: {e}")))?;
    let intents = profiles.output_intents(doc, meta.rendition.conformance());
    let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(catalog_id) else {
        return Err(Error::new("internal error: PDF without a catalog"));
    };
    catalog.set("OutputIntents", intents);
    catalog.set("Metadata", Object::Reference(xmp));
    catalog.set("Lang", Object::string_literal(meta.language.clone()));
    let direction: &[u8] = if meta.rtl { b"R2L" } else { b"L2R" };
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![
            ("Direction", Object::Name(direction.to_vec())),
            ("DisplayDocTitle", Object::Boolean(true)),
        ]),
    );
    // Page labels exactly as the folios are printed (Arabic-Indic digits are not a /PageLabels
    // numbering style, so each page's label is its own prefix).
    let mut nums = Vec::new();
    for (i, label) in meta.labels.iter().enumerate() {
        nums.push(Object::Integer(i as i64));
        let text = Object::String(utf16be(label), StringFormat::Hexadecimal);
        nums.push(Object::Dictionary(Dictionary::from_iter(vec![("P", text)])));
    }
    catalog.set(
        "PageLabels",
        Dictionary::from_iter(vec![("Nums", Object::Array(nums))]),
    );
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    catalog.set("StructTreeRoot", Object::Reference(structure));
    if let Some(root) = outline {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}

fn producer() -> String {
    format!("publish {}", env!("CARGO_PKG_VERSION"))
}

/// `YYYY-MM-DDTHH:MM:SSZ` as a PDF date (`D:YYYYMMDDHHmmSSZ`).
fn pdf_date(iso: &str) -> String {
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    format!("D:{digits}Z")
}

/// The XMP packet.
fn xmp(meta: &Meta) -> String {
    use crate::xml::escape;
    let alt = |s: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            escape(s)
        )
    };
    // One entry, as the information dictionary's Author (PDF/A has them match).
    let authors = if meta.authors.is_empty() {
        String::new()
    } else {
        format!(
            "\n   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            escape(&meta.authors.join("، "))
        )
    };
    let description = if meta.subject.is_empty() {
        String::new()
    } else {
        format!(
            "\n   <dc:description>{}</dc:description>",
            alt(&meta.subject)
        )
    };
    let date = escape(&meta.modified);
    let (namespaces, declared) = intent::xmp(meta.rendition, &meta.identifier);
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
  <rdf:Description rdf:about=\"\"
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"
    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"{namespaces}>
   <dc:format>application/pdf</dc:format>
   <dc:title>{title}</dc:title>{authors}{description}
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>publish</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>{declared}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>",
        title = alt(&meta.title),
        lang = escape(&meta.language),
        producer = escape(&producer()),
    )
}
