//! A page's content stream: text lines ([`super::text`] decides what a line's parts are), rules and
//! images, each in a marked-content sequence: its structure element's (an MCID) or an artifact's.
//!
//! A line is one text object. Its first part is placed with a text matrix and the others with relative
//! moves (`printpdf` merges consecutive matrices on one baseline into kerns computed from its own idea
//! of the glyphs' widths, which these CIDs do not share); each part is one `TJ` whose numbers put every
//! glyph where the layout did, relative to where the previous glyph's advertised width left the pen.

use std::collections::BTreeMap;

use printpdf::{Codepoint, DictItem, Op, PdfFontHandle, Point, Pt, TextItem, TextMatrix};

use super::fonts::Cids;
use super::program::{Drawn, UNIT_SCALE};
use super::text::{self, Glyph};
use crate::pdf::frame::{Artifact, NodeId, Role, Tag, TextLine};

/// A page's operators, and the state between them: the font and rise last set, the MCIDs given out.
pub(super) struct Stream<'c> {
    pub ops: Vec<Op>,
    pub cids: &'c mut Cids,
    /// The element of every MCID of this page, in order.
    pub marked: Vec<NodeId>,
    font: Option<(printpdf::FontId, u32)>,
    rise: f32,
}

impl<'c> Stream<'c> {
    pub fn new(cids: &'c mut Cids) -> Self {
        Stream {
            ops: Vec::new(),
            cids,
            marked: Vec::new(),
            font: None,
            rise: 0.0,
        }
    }

    /// Opens a marked-content sequence for `tag`.
    pub fn begin(&mut self, tag: Tag, role_of: &impl Fn(NodeId) -> Role) {
        let (name, key, value) = match tag {
            Tag::Node(n) => {
                let mcid = self.marked.len();
                self.marked.push(n);
                (role_name(role_of(n)), "MCID", DictItem::Int(mcid as i64))
            }
            Tag::Artifact(kind) => {
                let kind = match kind {
                    Artifact::Pagination => "Pagination",
                    Artifact::Layout => "Layout",
                };
                ("Artifact", "Type", DictItem::Name(kind.into()))
            }
        };
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: name.to_string(),
            properties: DictItem::Dict {
                map: BTreeMap::from([(key.to_string(), value)]),
            },
        });
    }

    pub fn end(&mut self) {
        self.ops.push(Op::EndMarkedContent);
    }

    /// Writes `line`; `beside` when another line follows on its baseline.
    pub fn line(&mut self, line: &TextLine, beside: bool, role_of: &impl Fn(NodeId) -> Role) {
        let parts = text::parts(line, self.cids, beside);
        if parts.is_empty() {
            return;
        }
        let size = line_size(&parts);
        self.ops.push(Op::StartTextSection);
        let mut origin: Option<f32> = None;
        let mut tag: Option<Tag> = None;
        for part in &parts {
            if tag != Some(part.tag) {
                if tag.is_some() {
                    self.end();
                }
                self.begin(part.tag, role_of);
                tag = Some(part.tag);
            }
            let x = round(part.x, 100.0);
            match origin {
                None => self.ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x), Pt(round(line.y, 100.0))),
                }),
                Some(o) => self.ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(round(x - o, 100.0)),
                        y: Pt(0.0),
                    },
                }),
            }
            origin = Some(x);
            self.show(&part.glyphs, x, size);
        }
        self.end();
        self.ops.push(Op::EndTextSection);
    }

    /// Shows `glyphs` from the text position `start`, the book's font at `size`: one `TJ` per stretch
    /// of one font and rise, with kerns where a glyph is not where the previous one's width left the pen.
    fn show(&mut self, glyphs: &[Glyph], start: f32, size: f32) {
        let mut pen = start;
        let mut items: Vec<TextItem> = Vec::new();
        for g in glyphs {
            let merged = self.cids.merged(g.face);
            // A spacing glyph (a letter) at the line's size is raised with the text rise, so that its outline stays the
            // face's own (checkers and search tools identify letters by outline). Marks, blanks and
            // glyphs at another size keep the rise in effect and carry the rest of their offsets in
            // the font program: a change of rise starts a new text object in PDFium, and one that
            // starts with a mark is read out of place.
            let sets_rise = !merged || (g.spacing && g.size == size);
            let rise = if sets_rise {
                round(g.dy, 100.0)
            } else {
                self.rise
            };
            let (font_size, x) = if merged {
                (size, g.x)
            } else {
                (g.size, g.x + g.dx)
            };
            let font = (self.cids.font(g.face), font_size.to_bits());
            if self.font.as_ref() != Some(&font) {
                self.flush(&mut items);
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font.0.clone()),
                    size: Pt(font_size),
                });
                self.font = Some(font);
            }
            if self.rise != rise {
                self.flush(&mut items);
                self.ops.push(Op::SetLineOffset { multiplier: rise });
                self.rise = rise;
            }
            let code = self
                .cids
                .code(g.face, drawn(self.cids, g, size, rise), &g.text);
            let kern = round((pen - x) * 1000.0 / font_size, 10.0);
            if kern != 0.0 {
                items.push(TextItem::Offset(kern));
                pen -= kern * font_size / 1000.0;
            }
            // One list per stretch between kerns (printpdf writes each glyph as its own string
            // either way); printpdf makes the ToUnicode map from the text every glyph carries.
            let glyph = Codepoint {
                gid: code.cid,
                offset: 0.0,
                cid: Some(g.text.clone()),
            };
            match items.last_mut() {
                Some(TextItem::GlyphIds(list)) => list.push(glyph),
                _ => items.push(TextItem::GlyphIds(vec![glyph])),
            }
            pen += code.width * font_size / 1000.0;
        }
        self.flush(&mut items);
    }

    fn flush(&mut self, items: &mut Vec<TextItem>) {
        if !items.is_empty() {
            self.ops.push(Op::ShowText {
                items: std::mem::take(items),
            });
        }
    }

    /// Resets the rise at the end of a page's text (the text state outlives text objects).
    pub fn finish(&mut self) {
        if self.rise != 0.0 {
            self.ops.push(Op::StartTextSection);
            self.ops.push(Op::SetLineOffset { multiplier: 0.0 });
            self.ops.push(Op::EndTextSection);
            self.rise = 0.0;
        }
    }
}

/// How `g` is drawn in the book's font set at `size` with the text rise `rise` in effect: offsets,
/// scale and width in the font's units.
fn drawn(cids: &Cids, g: &Glyph, size: f32, rise: f32) -> Drawn {
    let units = cids.units_per_em(g.face) / size;
    let int = |v: f32| {
        (v * units)
            .round()
            .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
    };
    let scale = g.size / size * cids.em_ratio(g.face) * f32::from(UNIT_SCALE);
    Drawn {
        face: g.face as u8,
        glyph: g.gid,
        dx: int(g.dx),
        dy: int(g.dy - rise),
        scale: scale.round().clamp(1.0, f32::from(i16::MAX)) as i16,
        advance: (g.width * units).round().clamp(0.0, f32::from(u16::MAX)) as u16,
    }
}

/// The size most of a line's glyphs are set in (the others are scaled to theirs by the font).
fn line_size(parts: &[text::Part]) -> f32 {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for g in parts.iter().flat_map(|p| &p.glyphs) {
        *counts.entry(g.size.to_bits()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(bits, n)| (n, bits))
        .map_or(10.0, |(bits, _)| f32::from_bits(bits))
}

/// The structure type's name.
pub(super) fn role_name(role: Role) -> &'static str {
    match role {
        Role::H(1) => "H1",
        Role::H(2) => "H2",
        Role::H(3) => "H3",
        Role::H(4) => "H4",
        Role::H(5) => "H5",
        Role::H(_) => "H6",
        Role::P => "P",
        Role::L => "L",
        Role::LI => "LI",
        Role::Lbl => "Lbl",
        Role::LBody => "LBody",
        Role::BlockQuote => "BlockQuote",
        Role::Table => "Table",
        Role::TR => "TR",
        Role::TH => "TH",
        Role::TD => "TD",
        Role::Note => "Note",
        Role::Reference => "Reference",
        Role::Link => "Link",
        Role::Figure => "Figure",
        Role::Caption => "Caption",
        Role::Code => "Code",
        Role::TOC => "TOC",
        Role::TOCI => "TOCI",
    }
}

fn round(v: f32, per: f32) -> f32 {
    (v * per).round() / per
}
