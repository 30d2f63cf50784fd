//! What the file declares it meets, and the colour it is measured against:
//!
//! - the reader's PDF is **PDF/A-2u** (ISO 19005-2, level U) as well as PDF/UA-1: an output intent
//!   `/GTS_PDFA1` with the sRGB profile, `pdfaid` in the XMP, and the PDF/A extension schema that
//!   describes the one property PDF/A does not predefine (`pdfuaid:part`);
//! - a print file (the interior, the cover) is **PDF/X-4** (ISO 15930-7): an output intent
//!   `/GTS_PDFX` with the CMYK profile of CGATS TR 001 (SWOP), `GTS_PDFXVersion` in the information
//!   dictionary and the XMP (`pdfxid`), `/Trapped /False`, and the `xmpMM` identification X-4 asks
//!   for. Its version is PDF 1.6, the one X-4 is written against.
//!
//! Both standards forbid device colour that the output intent does not describe (DeviceRGB under a
//! CMYK intent, DeviceCMYK under an RGB one): an image that carries no ICC profile of its own is
//! declared in the space it was made for ([`Profiles::independent`]): sRGB for RGB (what a camera and
//! the web mean), CGATS TR 001 for CMYK. Greys stay DeviceGray, which both allow with an output
//! intent: the text, drawn in the initial black, is black ink only on press.
//!
//! The profiles are data (`color/`, with their licences), built into the binary.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

/// sRGB IEC 61966-2.1 (ICC v2), from Debian's icc-profiles-free; Zlib licence.
const SRGB: &[u8] = include_bytes!("../../../color/sRGB.icc");
/// An output profile of CGATS TR 001 (ICC v2, class output); CC0 (`color/make-cmyk-profile.sh`).
const CMYK: &[u8] = include_bytes!("../../../color/publish-cmyk-cgats001.icc");

/// The registered printing condition the CMYK profile characterises (ICC's registry).
const CMYK_CONDITION: &str = "CGATS TR 001";

/// What a file is made to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conformance {
    /// The reader's edition: PDF/A-2u and PDF/UA-1.
    Archive,
    /// A file for a printer: PDF/X-4.
    Print,
}

impl Conformance {
    /// The PDF version the file says it is.
    pub fn version(self) -> &'static str {
        match self {
            Conformance::Archive => "1.7",
            Conformance::Print => "1.6",
        }
    }
}

/// Which of the book's PDFs a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendition {
    /// The reader's edition.
    Reader,
    /// The print interior.
    Interior,
    /// The print cover.
    Cover,
}

impl Rendition {
    pub fn conformance(self) -> Conformance {
        match self {
            Rendition::Reader => Conformance::Archive,
            Rendition::Interior | Rendition::Cover => Conformance::Print,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Rendition::Reader => "reader",
            Rendition::Interior => "interior",
            Rendition::Cover => "cover",
        }
    }
}

/// The XMP document identifier of `rendition` of the book `identifier`: a UUID made from both
/// (the same book's same file keeps it from build to build; its other files have their own).
fn document_id(identifier: &str, rendition: Rendition) -> String {
    let mut b = super::file::hash(format!("{identifier}\n{}", rendition.name()).as_bytes());
    // A name-based UUID's version and variant bits.
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The ICC profile streams of one document, each added once, when first named.
#[derive(Default)]
pub(super) struct Profiles {
    srgb: Option<ObjectId>,
    cmyk: Option<ObjectId>,
}

impl Profiles {
    /// The `[/ICCBased …]` space for `components` (3 or 4) colour components.
    fn based(&mut self, doc: &mut lopdf::Document, components: u8) -> Object {
        let (slot, data, alternate) = match components {
            4 => (&mut self.cmyk, CMYK, "DeviceCMYK"),
            _ => (&mut self.srgb, SRGB, "DeviceRGB"),
        };
        let id = *slot.get_or_insert_with(|| {
            let dict = Dictionary::from_iter(vec![
                ("N", Object::Integer(i64::from(components))),
                ("Alternate", Object::Name(alternate.as_bytes().to_vec())),
            ]);
            doc.add_object(Stream::new(dict, data.to_vec()))
        });
        Object::Array(vec![
            Object::Name(b"ICCBased".to_vec()),
            Object::Reference(id),
        ])
    }

    /// `space` with DeviceRGB and DeviceCMYK (also as an `Indexed` base) replaced by the profile
    /// they stand for; `None` when it has neither.
    pub fn independent(&mut self, doc: &mut lopdf::Document, space: &Object) -> Option<Object> {
        match space {
            Object::Name(n) if n == b"DeviceRGB" => Some(self.based(doc, 3)),
            Object::Name(n) if n == b"DeviceCMYK" => Some(self.based(doc, 4)),
            Object::Array(parts) if parts.first() == Some(&Object::Name(b"Indexed".to_vec())) => {
                let base = self.independent(doc, parts.get(1)?)?;
                let mut parts = parts.clone();
                parts[1] = base;
                Some(Object::Array(parts))
            }
            _ => None,
        }
    }

    /// The catalog's `/OutputIntents` for `conformance`.
    pub fn output_intents(
        &mut self,
        doc: &mut lopdf::Document,
        conformance: Conformance,
    ) -> Object {
        let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
        let (kind, profile, condition, info) = match conformance {
            Conformance::Archive => (
                "GTS_PDFA1",
                self.based(doc, 3),
                "sRGB IEC61966-2.1",
                "sRGB IEC61966-2.1",
            ),
            Conformance::Print => (
                "GTS_PDFX",
                self.based(doc, 4),
                CMYK_CONDITION,
                "CGATS TR 001 (SWOP), coated paper",
            ),
        };
        let Object::Array(parts) = profile else {
            unreachable!("an ICCBased space is an array")
        };
        let intent = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"OutputIntent".to_vec())),
            ("S", Object::Name(kind.as_bytes().to_vec())),
            ("OutputConditionIdentifier", text(condition)),
            ("RegistryName", text("http://www.color.org")),
            ("Info", text(info)),
            ("DestOutputProfile", parts[1].clone()),
        ]);
        Object::Array(vec![Object::Dictionary(intent)])
    }
}

/// The information dictionary's entries of `conformance`: X-4's version and trapping key, which
/// PDF/A has no use for (and `printpdf` writes whatever the file is).
pub(super) fn info(info: &mut Dictionary, conformance: Conformance) {
    match conformance {
        Conformance::Archive => {
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Trapped");
        }
        Conformance::Print => {
            info.set(
                "GTS_PDFXVersion",
                Object::String(b"PDF/X-4".to_vec(), StringFormat::Literal),
            );
            info.set("Trapped", Object::Name(b"False".to_vec()));
        }
    }
}

/// The XMP namespaces and properties of `rendition` of the book `identifier` (for the packet's
/// one description).
pub(super) fn xmp(rendition: Rendition, identifier: &str) -> (&'static str, String) {
    match rendition.conformance() {
        Conformance::Archive => (
            "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\
             \n    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\
             \n    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\
             \n    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"",
            "
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>U</pdfaid:conformance>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType=\"Resource\">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType=\"Resource\">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>The part of ISO 14289 the file follows</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>"
                .to_string(),
        ),
        Conformance::Print => (
            "\n    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\
             \n    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"",
            format!(
                "
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{}</xmpMM:DocumentID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
                document_id(identifier, rendition)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The profiles are what the intents say: sRGB a display RGB profile, the CMYK one an output
    /// profile (PDF/X's output intent must be one) with tables both ways.
    #[test]
    fn the_profiles_are_of_the_kind_each_intent_needs() {
        let header = |p: &[u8]| {
            (
                String::from_utf8_lossy(&p[12..16]).into_owned(),
                String::from_utf8_lossy(&p[16..20]).into_owned(),
                u32::from_be_bytes(p[0..4].try_into().unwrap()) as usize,
            )
        };
        assert_eq!(header(SRGB), ("mntr".into(), "RGB ".into(), SRGB.len()));
        assert_eq!(header(CMYK), ("prtr".into(), "CMYK".into(), CMYK.len()));
        let tags = |p: &[u8]| {
            let n = u32::from_be_bytes(p[128..132].try_into().unwrap()) as usize;
            (0..n)
                .map(|i| String::from_utf8_lossy(&p[132 + 12 * i..136 + 12 * i]).into_owned())
                .collect::<Vec<_>>()
        };
        for tag in ["A2B0", "B2A0", "A2B1", "B2A1", "gamt", "wtpt", "desc"] {
            assert!(tags(CMYK).contains(&tag.to_string()), "{tag}");
        }
    }

    #[test]
    fn device_colour_becomes_the_profile_it_stands_for_once() {
        let mut doc = lopdf::Document::with_version("1.7");
        let mut profiles = Profiles::default();
        let rgb = profiles
            .independent(&mut doc, &Object::Name(b"DeviceRGB".to_vec()))
            .unwrap();
        let indexed = Object::Array(vec![
            Object::Name(b"Indexed".to_vec()),
            Object::Name(b"DeviceRGB".to_vec()),
            Object::Integer(1),
            Object::String(vec![0; 6], StringFormat::Hexadecimal),
        ]);
        let Some(Object::Array(parts)) = profiles.independent(&mut doc, &indexed) else {
            panic!("an indexed space keeps its kind")
        };
        assert_eq!(parts[1], rgb);
        assert_eq!(doc.objects.len(), 1, "one sRGB stream for both");
        assert!(profiles
            .independent(&mut doc, &Object::Name(b"DeviceGray".to_vec()))
            .is_none());
        profiles.independent(&mut doc, &Object::Name(b"DeviceCMYK".to_vec()));
        assert_eq!(doc.objects.len(), 2);
    }
}
