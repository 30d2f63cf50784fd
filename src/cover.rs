//! The EPUB cover: a 1600×2400 PNG with the title, subtitle and authors set by the text engine and
//! rasterised glyph by glyph with `fontdue`, on a plain designed background (a deep green field, a gold
//! double frame and a rule between title and authors). Everything is computed from the book's metadata;
//! the same book gives the same bytes.

use std::cell::OnceCell;

use crate::error::{Error, Result};
use crate::model::Book;
use crate::text::{self, FaceId, Fonts, Justify, Layout, Options, Paragraph};

pub const WIDTH: usize = 1600;
pub const HEIGHT: usize = 2400;

type Rgb = [u8; 3];

const TOP: Rgb = [0x0e, 0x3b, 0x43];
const BOTTOM: Rgb = [0x08, 0x24, 0x2a];
const GOLD: Rgb = [0xc9, 0xa1, 0x4a];
const IVORY: Rgb = [0xf6, 0xef, 0xd9];

/// An RGB canvas.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<Rgb>,
}

impl Canvas {
    pub fn new(width: usize, height: usize, color: Rgb) -> Canvas {
        Canvas {
            width,
            height,
            pixels: vec![color; width * height],
        }
    }

    fn rect(&mut self, x0: usize, y0: usize, x1: usize, y1: usize, color: Rgb) {
        let x1 = x1.min(self.width);
        if x0 >= x1 {
            return;
        }
        for y in y0..y1.min(self.height) {
            self.pixels[y * self.width + x0..y * self.width + x1].fill(color);
        }
    }

    /// Blends `color` at (x, y) with coverage `alpha` (0-255).
    fn blend(&mut self, x: i64, y: i64, color: Rgb, alpha: u8) {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height || alpha == 0 {
            return;
        }
        let p = &mut self.pixels[y as usize * self.width + x as usize];
        let a = u32::from(alpha);
        for k in 0..3 {
            p[k] = ((u32::from(color[k]) * a + u32::from(p[k]) * (255 - a) + 127) / 255) as u8;
        }
    }

    /// Draws a laid-out line with its left edge at `x` and its baseline at `baseline`.
    pub fn draw_line(
        &mut self,
        raster: &Rasterizer,
        line: &text::Line,
        x: f32,
        baseline: f32,
        color: Rgb,
    ) -> Result<()> {
        let mut pen = x;
        for run in &line.runs {
            let font = raster.font(run.face)?;
            for g in &run.glyphs {
                let (m, bitmap) = font.rasterize_indexed(g.id, run.size);
                let gx = (pen + g.x_offset as f32 * run.scale).round() as i64 + i64::from(m.xmin);
                let top = (baseline - g.y_offset as f32 * run.scale).round() as i64
                    - i64::from(m.ymin)
                    - m.height as i64;
                for row in 0..m.height {
                    for col in 0..m.width {
                        self.blend(
                            gx + col as i64,
                            top + row as i64,
                            color,
                            bitmap[row * m.width + col],
                        );
                    }
                }
                pen += g.x_advance as f32 * run.scale + g.extra;
            }
        }
        Ok(())
    }

    /// The canvas as PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width as u32, self.height as u32);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            enc.set_compression(png::Compression::Balanced);
            let mut w = enc
                .write_header()
                .map_err(|e| Error::new(format!("cannot encode the cover: {e}")))?;
            w.write_image_data(self.pixels.as_flattened())
                .map_err(|e| Error::new(format!("cannot encode the cover: {e}")))?;
        }
        Ok(out)
    }
}

/// fontdue faces, parsed on first use (parsing builds every glyph outline, so only used faces are).
pub struct Rasterizer<'a> {
    book: &'a crate::model::FontSet,
    faces: [OnceCell<fontdue::Font>; 5],
}

impl<'a> Rasterizer<'a> {
    pub fn new(book: &'a crate::model::FontSet) -> Self {
        Rasterizer {
            book,
            faces: Default::default(),
        }
    }

    fn font(&self, id: FaceId) -> Result<&fontdue::Font> {
        let cell = &self.faces[id as usize];
        if let Some(f) = cell.get() {
            return Ok(f);
        }
        let file = match id {
            FaceId::Regular => &self.book.regular,
            FaceId::Bold => &self.book.bold,
            FaceId::Italic => &self.book.italic,
            FaceId::BoldItalic => &self.book.bold_italic,
            FaceId::Mono => &self.book.mono,
        };
        let settings = fontdue::FontSettings {
            scale: 100.0,
            ..Default::default()
        };
        let font = fontdue::Font::from_bytes(&file.data[..], settings)
            .map_err(|e| Error::new(format!("cannot rasterise font {}: {e}", file.name)))?;
        Ok(cell.get_or_init(|| font))
    }
}

/// Sets `text` centred in balanced lines: the narrowest measure that needs no more lines than `measure`.
fn set(fonts: &Fonts, text: &str, face: FaceId, size: f32, measure: f32, language: &str) -> Layout {
    let para = Paragraph::plain(text, face, size);
    let run = |measure: f32| {
        text::layout(
            fonts,
            &para,
            &Options::new(measure, Justify::None, language),
        )
    };
    let best = run(measure);
    let lines = best.lines.len();
    let (mut lo, mut hi) = (measure * 0.3, measure);
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        if run(mid).lines.len() <= lines {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    run(hi)
}

/// Renders the cover of `book` as PNG bytes, its text set with `fonts` (the book's faces, parsed once
/// for the build); the faces it draws are parsed for rasterising once, here.
pub fn render(book: &Book, fonts: &Fonts) -> Result<Vec<u8>> {
    let raster = Rasterizer::new(&book.fonts);
    let m = &book.meta;
    let lang = m.language.as_str();
    let mut c = Canvas::new(WIDTH, HEIGHT, TOP);
    for y in 0..HEIGHT {
        let t = y as f32 / (HEIGHT - 1) as f32;
        let mix = |a: u8, b: u8| (f32::from(a) * (1.0 - t) + f32::from(b) * t).round() as u8;
        let color = [
            mix(TOP[0], BOTTOM[0]),
            mix(TOP[1], BOTTOM[1]),
            mix(TOP[2], BOTTOM[2]),
        ];
        c.rect(0, y, WIDTH, y + 1, color);
    }
    // Gold double frame.
    for (inset, thick) in [(60usize, 6usize), (84, 2)] {
        c.rect(inset, inset, WIDTH - inset, inset + thick, GOLD);
        c.rect(
            inset,
            HEIGHT - inset - thick,
            WIDTH - inset,
            HEIGHT - inset,
            GOLD,
        );
        c.rect(inset, inset, inset + thick, HEIGHT - inset, GOLD);
        c.rect(
            WIDTH - inset - thick,
            inset,
            WIDTH - inset,
            HEIGHT - inset,
            GOLD,
        );
    }
    let measure = 1240.0;
    let center =
        |c: &mut Canvas, layout: &Layout, top: f32, leading: f32, color: Rgb| -> Result<f32> {
            let mut y = top;
            for line in &layout.lines {
                y += line.ascent;
                c.draw_line(&raster, line, (WIDTH as f32 - line.width) / 2.0, y, color)?;
                y += line.descent + leading;
            }
            Ok(y)
        };
    let title = set(fonts, &m.title, FaceId::Bold, 120.0, measure, lang);
    let mut y = center(&mut c, &title, 640.0, 0.0, IVORY)?;
    if let Some(sub) = &m.subtitle {
        let sub = set(fonts, sub, FaceId::Regular, 64.0, measure, lang);
        y = center(&mut c, &sub, y + 40.0, 0.0, IVORY)?;
    }
    // A rule with a diamond at its middle.
    let rule_y = (y + 90.0) as usize;
    c.rect(WIDTH / 2 - 260, rule_y, WIDTH / 2 + 260, rule_y + 3, GOLD);
    for d in 0..22usize {
        let half = 22 - d;
        c.rect(
            WIDTH / 2 - half,
            rule_y + 1 - d.min(rule_y),
            WIDTH / 2 + half,
            rule_y + 2 - d.min(rule_y),
            GOLD,
        );
        c.rect(
            WIDTH / 2 - half,
            rule_y + 1 + d,
            WIDTH / 2 + half,
            rule_y + 2 + d,
            GOLD,
        );
    }
    let mut y = 1780.0;
    for a in &m.authors {
        let name = set(fonts, &a.name, FaceId::Bold, 76.0, measure, lang);
        y = center(&mut c, &name, y, 0.0, IVORY)?;
        if let Some(aff) = &a.affiliation {
            let aff = set(fonts, aff, FaceId::Regular, 46.0, measure, lang);
            y = center(&mut c, &aff, y, 10.0, GOLD)?;
        }
        y += 30.0;
    }
    c.png()
}
