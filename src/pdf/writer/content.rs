//! A page's content stream: text lines ([`super::text`] decides what a line's parts are), rules and
//! images, each in a marked-content sequence: its structure element's (an MCID) or an artifact's.
//!
//! A line is one text object (`BT` … `ET`). Its first part is placed with a text matrix, the others
//! with relative moves or, for a part that does not move (a mark written alone), from where the last
//! part left the pen; each part is one `TJ` (to PDFium a text object of its own) whose numbers put
//! every glyph where the layout did, relative to where the previous glyph's advertised width left the
//! pen.
//!
//! The stream is written here, page by page, rather than as `printpdf` operations (see [`super`]).

use std::io::Write;

use super::fonts::{Cids, Code, Faces};
use super::paths::Outlines;
use super::program::{Drawn, UNIT_SCALE};
use super::text::{self, Glyph};
use crate::pdf::frame::{Artifact, Colour, NodeId, Paint, Role, Tag, TextLine};
use crate::text::FaceId;

/// Where a content stream gets its glyphs' codes: the book's code table itself ([`Cids`], which gives
/// them out in order of first use), or a [`Recorder`] that notes what was asked for, so that the page
/// can be written on any thread and its codes filled in afterwards, in order.
pub(super) trait Coder {
    fn faces(&self) -> &Faces;
    /// The code of `drawn` in `face` standing for `text`.
    fn code(&mut self, face: FaceId, drawn: Drawn, text: &str) -> Code;
    /// The four hexadecimal digits of the last code given out are written at `offset`.
    fn placed(&mut self, _offset: usize) {}
}

impl Coder for Cids {
    fn faces(&self) -> &Faces {
        Cids::faces(self)
    }

    fn code(&mut self, face: FaceId, drawn: Drawn, text: &str) -> Code {
        Cids::code(self, face, drawn, text)
    }
}

/// Codes asked for while a page is written away from the code table: each with the width it was
/// written with and where its digits are; [`Recorder::fill`] gives them their CIDs.
pub(super) struct Recorder<'f> {
    faces: &'f Faces,
    /// Each code asked for: face, how it draws, the end of its text in `texts`, its width.
    asked: Vec<(FaceId, Drawn, usize, f32)>,
    texts: String,
    offsets: Vec<usize>,
}

impl<'f> Recorder<'f> {
    pub fn new(faces: &'f Faces) -> Self {
        Recorder {
            faces,
            asked: Vec::new(),
            texts: String::new(),
            offsets: Vec::new(),
        }
    }

    /// Gives the codes asked for their CIDs from `cids`, in order, and writes them into `stream`; false
    /// (and `stream` to be written again with `cids`) when a code's width is not the one written,
    /// which happens only when the book's font has no room left for new CIDs.
    pub fn fill(self, cids: &mut Cids, stream: &mut [u8]) -> bool {
        let mut start = 0;
        for ((face, drawn, end, width), at) in self.asked.into_iter().zip(self.offsets) {
            let code = cids.code(face, drawn, &self.texts[start..end]);
            start = end;
            if code.width != width {
                return false;
            }
            stream[at..at + 4].copy_from_slice(&hex4(code.cid));
        }
        true
    }
}

impl Coder for Recorder<'_> {
    fn faces(&self) -> &Faces {
        self.faces
    }

    fn code(&mut self, face: FaceId, drawn: Drawn, text: &str) -> Code {
        let width = self.faces.width(face, &drawn);
        self.texts.push_str(text);
        self.asked.push((face, drawn, self.texts.len(), width));
        Code { cid: 0, width }
    }

    fn placed(&mut self, offset: usize) {
        self.offsets.push(offset);
    }
}

fn hex4(code: u16) -> [u8; 4] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let digit = |shift: u16| HEX[usize::from((code >> shift) & 0xF)];
    [digit(12), digit(8), digit(4), digit(0)]
}

/// A page's content stream as it is written, and the state between its operators: the font and rise
/// last set, the MCIDs given out.
pub(super) struct Stream<'c, C: Coder> {
    buf: Vec<u8>,
    coder: &'c mut C,
    /// The element of every MCID of this page, in order.
    pub marked: Vec<NodeId>,
    /// The font (its number) and size last set.
    font: Option<(u8, u32)>,
    rise: f32,
    /// The font and rise at each `q` of a [`Paint::Transform`] not yet ended, which its `Q` brings back.
    saved: Vec<(Option<(u8, u32)>, f32)>,
    /// The outlines of the page's glyphs that stand for no character: where (points), the scale to
    /// font units, and the XObject; drawn together at the end of the page.
    outlined: Vec<(f32, f32, f32, String)>,
}

/// A glyph or a kern of a `TJ` array.
enum Shown {
    Code(u16),
    Kern(f32),
}

impl<'c, C: Coder> Stream<'c, C> {
    pub fn new(coder: &'c mut C) -> Self {
        Stream {
            buf: Vec::new(),
            coder,
            marked: Vec::new(),
            font: None,
            rise: 0.0,
            saved: Vec::new(),
            outlined: Vec::new(),
        }
    }

    /// The page's content stream, uncompressed.
    pub fn bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buf)
    }

    // The operators are written as `lopdf` writes a content stream (`Content::encode`): operations one
    // per line, each operand followed by a space, numbers as Rust prints them, names and hexadecimal
    // strings as its writer does; so the bytes are those its operation objects would give, without
    // making an object per operand.

    /// Starts an operation: a line of its own after the first.
    fn start(&mut self) {
        if !self.buf.is_empty() {
            self.buf.push(b'\n');
        }
    }

    fn operator(&mut self, name: &str) {
        self.buf.extend_from_slice(name.as_bytes());
    }

    fn real(&mut self, v: f32) {
        number(&mut self.buf, v);
        self.buf.push(b' ');
    }

    fn name(&mut self, n: &str) {
        self.buf.push(b'/');
        self.buf.extend_from_slice(n.as_bytes());
        self.buf.push(b' ');
    }

    /// An operation of numbers only.
    fn numbers(&mut self, operands: &[f32], name: &str) {
        self.start();
        for &v in operands {
            self.real(v);
        }
        self.operator(name);
    }

    /// Opens a marked-content sequence for `tag`.
    pub fn begin(&mut self, tag: Tag, role_of: &impl Fn(NodeId) -> Role) {
        self.start();
        match tag {
            Tag::Node(n) => {
                let mcid = self.marked.len();
                self.marked.push(n);
                self.name(role_name(role_of(n)));
                let _ = write!(self.buf, "<</MCID {mcid}>> ");
            }
            Tag::Artifact(kind) => {
                let kind = match kind {
                    Artifact::Pagination => "Pagination",
                    Artifact::Layout => "Layout",
                };
                self.name("Artifact");
                let _ = write!(self.buf, "<</Type/{kind}>> ");
            }
        }
        self.operator("BDC");
    }

    pub fn end(&mut self) {
        self.numbers(&[], "EMC");
    }

    /// A straight rule `width` points thick from `from` to `to`.
    pub fn rule(&mut self, width: f32, from: (f32, f32), to: (f32, f32)) {
        self.numbers(&[width], "w");
        self.numbers(&[from.0, from.1], "m");
        self.numbers(&[to.0, to.1], "l");
        self.numbers(&[], "S");
    }

    /// A colour set, a rectangle filled (an artifact), a transformation begun or ended.
    pub fn paint(&mut self, paint: &Paint, role_of: &impl Fn(NodeId) -> Role) {
        // Outlines waiting to be drawn take the colour their lines were set in.
        if matches!(paint, Paint::Colour(_)) {
            self.outlines();
        }
        match paint {
            Paint::Colour(Colour::Grey(v)) => {
                self.numbers(&[*v], "g");
                self.numbers(&[*v], "G");
            }
            Paint::Colour(Colour::Cmyk(c)) => {
                self.numbers(c, "k");
                self.numbers(c, "K");
            }
            Paint::Fill([x0, y0, x1, y1]) => {
                self.begin(Tag::Artifact(Artifact::Layout), role_of);
                self.numbers(&[*x0, *y0, x1 - x0, y1 - y0], "re");
                self.numbers(&[], "f");
                self.end();
            }
            Paint::Transform(matrix) => {
                // Outlines are drawn in the space their line was set in: those so far before it
                // changes, those of the turned lines before it is undone.
                self.outlines();
                self.numbers(&[], "q");
                self.numbers(matrix, "cm");
                self.saved.push((self.font, self.rise));
            }
            Paint::Untransform => {
                self.outlines();
                self.numbers(&[], "Q");
                // The text state set since `q` (font, rise) is undone with it.
                if let Some((font, rise)) = self.saved.pop() {
                    (self.font, self.rise) = (font, rise);
                }
            }
        }
    }

    /// Draws the image XObject `name` with the transformation `matrix`.
    pub fn image(&mut self, name: &str, matrix: [f32; 6]) {
        self.numbers(&[], "q");
        self.numbers(&matrix, "cm");
        self.start();
        self.name(name);
        self.operator("Do");
        self.numbers(&[], "Q");
    }

    /// A `TJ` of `shown`.
    fn show_array(&mut self, shown: &[Shown]) {
        self.start();
        self.buf.push(b'[');
        // Codes one after another are one string (`<00290031>`: the font's codes are two bytes).
        let mut in_string = false;
        for (k, item) in shown.iter().enumerate() {
            match *item {
                Shown::Code(code) => {
                    if !in_string {
                        self.buf.push(b'<');
                        in_string = true;
                    }
                    self.coder.placed(self.buf.len());
                    self.buf.extend_from_slice(&hex4(code));
                }
                Shown::Kern(v) => {
                    if in_string {
                        self.buf.push(b'>');
                        in_string = false;
                    }
                    if k > 0 {
                        self.buf.push(b' ');
                    }
                    number(&mut self.buf, v);
                }
            }
        }
        if in_string {
            self.buf.push(b'>');
        }
        self.buf.extend_from_slice(b"] TJ");
    }

    /// Writes `line` as `written` ([`text::parts`], worked out beforehand, on any thread): its parts
    /// as text; the glyphs that stand for no character are noted, to be drawn as outlines from
    /// `outlines` with the page's others ([`Stream::finish`]).
    pub fn line(
        &mut self,
        line: &TextLine,
        written: &text::Written,
        outlines: &Outlines,
        role_of: &impl Fn(NodeId) -> Role,
    ) {
        self.text(line, &written.parts, written.size, role_of);
        for g in &written.outlined {
            if let Some(name) = outlines.name(g.face, g.gid) {
                let s = g.size / outlines.units_per_em(g.face);
                self.outlined.push((g.x + g.dx, line.y + g.dy, s, name));
            }
        }
    }

    /// Draws the page's outlines ([`Stream::line`]) in one artifact: the first placed with a `cm`
    /// that also scales to font units, each next one moved from the one before in whole font units (a
    /// hundredth of a point off at most).
    fn outlines(&mut self) {
        let outlined = std::mem::take(&mut self.outlined);
        if outlined.is_empty() {
            return;
        }
        // An artifact names no element.
        self.begin(Tag::Artifact(Artifact::Layout), &|_| Role::Div);
        self.numbers(&[], "q");
        let mut at: Option<(f32, f32, f32, i32, i32)> = None;
        for (x, y, s, name) in &outlined {
            let (x, y, s) = (*x, *y, *s);
            match at {
                Some((x0, y0, s0, px, py)) if s0 == s => {
                    let nx = ((x - x0) / s).round() as i32;
                    let ny = ((y - y0) / s).round() as i32;
                    let step = [1.0, 0.0, 0.0, 1.0, (nx - px) as f32, (ny - py) as f32];
                    self.numbers(&step, "cm");
                    at = Some((x0, y0, s0, nx, ny));
                }
                _ => {
                    if at.is_some() {
                        self.numbers(&[], "Q");
                        self.numbers(&[], "q");
                    }
                    let (x, y) = (round(x, 100.0), round(y, 100.0));
                    self.numbers(&[s, 0.0, 0.0, s, x, y], "cm");
                    at = Some((x, y, s, 0, 0));
                }
            }
            self.start();
            self.name(name);
            self.operator("Do");
        }
        self.numbers(&[], "Q");
        self.end();
    }

    fn text(
        &mut self,
        line: &TextLine,
        parts: &[text::Part],
        size: f32,
        role_of: &impl Fn(NodeId) -> Role,
    ) {
        if parts.is_empty() {
            return;
        }
        self.numbers(&[], "BT");
        let mut origin: Option<f32> = None;
        // Where the last part left the pen.
        let mut pen: Option<f32> = None;
        let mut tag: Option<Tag> = None;
        for part in parts {
            if tag != Some(part.tag) {
                if tag.is_some() {
                    self.end();
                }
                self.begin(part.tag, role_of);
                tag = Some(part.tag);
            }
            let start = match (part.moves, pen) {
                (false, Some(pen)) => pen,
                _ => {
                    let x = round(part.x, 100.0);
                    match origin {
                        None => self.numbers(&[1.0, 0.0, 0.0, 1.0, x, round(line.y, 100.0)], "Tm"),
                        Some(o) => self.numbers(&[round(x - o, 100.0), 0.0], "Td"),
                    }
                    origin = Some(x);
                    x
                }
            };
            pen = Some(self.show(&part.glyphs, start, size));
        }
        self.end();
        self.numbers(&[], "ET");
    }

    /// Shows `glyphs` from the text position `start`, the book's font at `size`: one `TJ` per stretch
    /// of one font and rise, with kerns where a glyph is not where the previous one's width left the pen.
    /// Gives where it leaves the pen.
    fn show(&mut self, glyphs: &[Glyph], start: f32, size: f32) -> f32 {
        let mut pen = start;
        let mut items: Vec<Shown> = Vec::new();
        for g in glyphs {
            let merged = self.coder.faces().merged(g.face);
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
            let font = (self.coder.faces().font_number(g.face), font_size.to_bits());
            if self.font != Some(font) {
                self.flush(&mut items);
                self.start();
                let _ = write!(self.buf, "/F{} ", font.0);
                self.real(font_size);
                self.operator("Tf");
                self.font = Some(font);
            }
            if self.rise != rise {
                self.flush(&mut items);
                self.numbers(&[rise], "Ts");
                self.rise = rise;
            }
            let drawn = drawn(self.coder.faces(), g, size, rise);
            let code = self.coder.code(g.face, drawn, &g.text);
            let kern = round((pen - x) * 1000.0 / font_size, 10.0);
            if kern != 0.0 {
                items.push(Shown::Kern(kern));
                pen -= kern * font_size / 1000.0;
            }
            items.push(Shown::Code(code.cid));
            pen += code.width * font_size / 1000.0;
        }
        self.flush(&mut items);
        pen
    }

    fn flush(&mut self, items: &mut Vec<Shown>) {
        if !items.is_empty() {
            self.show_array(items);
            items.clear();
        }
    }

    /// Resets the rise at the end of a page's text (the text state outlives text objects) and draws
    /// the page's outlines.
    pub fn finish(&mut self) {
        if self.rise != 0.0 {
            self.numbers(&[], "BT");
            self.numbers(&[0.0], "Ts");
            self.numbers(&[], "ET");
            self.rise = 0.0;
        }
        self.outlines();
    }
}

/// How `g` is drawn in the book's font set at `size` with the text rise `rise` in effect: offsets,
/// scale and width in the font's units.
fn drawn(faces: &Faces, g: &Glyph, size: f32, rise: f32) -> Drawn {
    let units = faces.units_per_em(g.face) / size;
    // Casts saturate (and take NaN to 0): no clamping needed.
    let int = |v: f32| (v * units).round() as i16;
    let scale = g.size / size * faces.em_ratio(g.face) * f32::from(UNIT_SCALE);
    Drawn {
        face: g.face.index() as u8,
        glyph: g.gid,
        dx: int(g.dx),
        dy: int(g.dy - rise),
        scale: scale.round().clamp(1.0, f32::from(i16::MAX)) as i16,
        advance: (g.width * units).round() as u16,
    }
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
        Role::Div => "Div",
        Role::Span => "Span",
        Role::TOC => "TOC",
        Role::TOCI => "TOCI",
    }
}

/// Writes `v` as Rust prints it (`{v}`: the shortest decimal that reads back as `v`), quickly for the
/// numbers a content stream is made of: hundredths below 10,000 (positions are rounded to hundredths,
/// kerns to tenths), written from their integer count of hundredths. Such a number has at most six
/// significant digits, and two decimals of six digits or fewer are never the same `f32`, so the
/// decimal with its trailing zeros dropped is the shortest. Any other number is printed by Rust.
fn number(buf: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round();
    if v == 0.0 || v.abs() >= 10_000.0 || (hundredths / 100.0) as f32 != v {
        let _ = write!(buf, "{v}");
        return;
    }
    let n = hundredths as i32;
    if n < 0 {
        buf.push(b'-');
    }
    let n = n.unsigned_abs();
    let mut whole = [0u8; 10];
    let mut k = whole.len();
    let mut w = n / 100;
    loop {
        k -= 1;
        whole[k] = b'0' + (w % 10) as u8;
        w /= 10;
        if w == 0 {
            break;
        }
    }
    buf.extend_from_slice(&whole[k..]);
    match n % 100 {
        0 => {}
        f if f % 10 == 0 => buf.extend_from_slice(&[b'.', b'0' + (f / 10) as u8]),
        f => buf.extend_from_slice(&[b'.', b'0' + (f / 10) as u8, b'0' + (f % 10) as u8]),
    }
}

fn round(v: f32, per: f32) -> f32 {
    (v * per).round() / per
}

#[cfg(test)]
mod tests {
    use super::number;

    fn written(v: f32) -> String {
        let mut buf = Vec::new();
        number(&mut buf, v);
        String::from_utf8(buf).unwrap()
    }

    /// Every hundredth from -10,000 to 10,000 and a spread of other numbers are written as Rust prints
    /// them.
    #[test]
    fn numbers_are_written_as_rust_prints_them() {
        for n in -1_000_000..=1_000_000 {
            let v = (f64::from(n) / 100.0) as f32;
            assert_eq!(written(v), format!("{v}"), "{n}");
        }
        let mut x: u32 = 0x9E37_79B9;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let v = f32::from_bits(x);
            if v.is_finite() {
                assert_eq!(written(v), format!("{v}"));
                let near = v % 20_000.0;
                assert_eq!(written(near), format!("{near}"));
            }
        }
        for v in [
            0.0, -0.0, 0.001, -0.004, 9999.99, 10_000.0, 1e-7, 123456.78, 0.1, 0.7,
        ] {
            assert_eq!(written(v), format!("{v}"));
        }
    }
}
