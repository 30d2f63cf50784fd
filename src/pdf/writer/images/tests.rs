//! The images' encodings, read back as a PDF reader reads them.
use super::*;

/// Undoes [`predicted`] as a PDF reader does (`/Predictor 15`).
fn unpredict(data: &[u8], stride: usize, bpp: usize) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    for (r, row) in data.chunks_exact(stride + 1).enumerate() {
        let kind = row[0];
        let start = out.len();
        for i in 0..stride {
            let a = if i >= bpp { out[start + i - bpp] } else { 0 };
            let b = if r > 0 { out[start - stride + i] } else { 0 };
            let c = if r > 0 && i >= bpp {
                out[start - stride + i - bpp]
            } else {
                0
            };
            let p = match kind {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                _ => paeth(a, b, c),
            };
            out.push(row[1 + i].wrapping_add(p));
        }
    }
    out
}

#[test]
fn rows_predicted_come_back_as_they_were() {
    let samples: Vec<u8> = (0..60u32).map(|i| (i * 37 % 251) as u8).collect();
    for bpp in [1, 3] {
        let p = predicted(&samples, 12, bpp);
        assert_eq!(p.len(), samples.len() + 5);
        assert_eq!(unpredict(&p, 12, bpp), samples);
    }
}

/// A PNG of `width` × 2 pixels of `color` with `samples`, and its palette and transparency.
fn encode(
    color: png::ColorType,
    width: u32,
    samples: &[u8],
    palette: Option<&[u8]>,
    trns: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, width, 2);
        e.set_color(color);
        e.set_depth(png::BitDepth::Eight);
        if let Some(p) = palette {
            e.set_palette(p.to_vec());
        }
        if let Some(t) = trns {
            e.set_trns(t.to_vec());
        }
        let mut w = e.write_header().unwrap();
        w.write_image_data(samples).unwrap();
    }
    out
}

fn inflated(s: &Stream) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(&s.content[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn pngs_keep_their_data_palette_and_transparent_colour_and_alpha_becomes_a_soft_mask() {
    // RGB: the file's own compressed data, three colours a pixel.
    let rgb: Vec<u8> = (0..12u8).map(|v| v * 20).collect();
    let file = encode(png::ColorType::Rgb, 2, &rgb, None, None);
    let made = png(&file).unwrap();
    assert_eq!(made.image.content, idat(&file).unwrap());
    assert!(made.mask.is_none());
    let parms = made
        .image
        .dict
        .get(b"DecodeParms")
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(parms.get(b"Colors").unwrap().as_i64().unwrap(), 3);
    assert_eq!(unpredict(&inflated(&made.image), 6, 3), rgb);
    // A palette with its second entry transparent: an Indexed colour space and a colour key.
    let file = encode(
        png::ColorType::Indexed,
        2,
        &[0, 1, 1, 0],
        Some(&[255, 0, 0, 0, 0, 255]),
        Some(&[255, 0]),
    );
    let made = png(&file).unwrap();
    let space = made
        .image
        .dict
        .get(b"ColorSpace")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(space[0].as_name().unwrap(), b"Indexed");
    let mask = made.image.dict.get(b"Mask").unwrap().as_array().unwrap();
    assert_eq!(
        (mask[0].as_i64().unwrap(), mask[1].as_i64().unwrap()),
        (1, 1)
    );
    // RGBA: decoded, its colours and its alpha apart, each predicted and deflated.
    let rgba: Vec<u8> = (0..16u8).map(|v| v * 15).collect();
    let file = encode(png::ColorType::Rgba, 2, &rgba, None, None);
    assert!(png(&file).is_none());
    let made = decoded(&file).unwrap();
    let colour: Vec<u8> = rgba.chunks(4).flat_map(|p| p[..3].to_vec()).collect();
    let alpha: Vec<u8> = rgba.chunks(4).map(|p| p[3]).collect();
    assert_eq!(unpredict(&inflated(&made.image), 6, 3), colour);
    assert_eq!(unpredict(&inflated(&made.mask.unwrap()), 2, 1), alpha);
}

#[test]
fn jpeg_headers_give_size_components_and_the_adobe_transform() {
    // SOI, APP14 Adobe (transform 2), SOF0 8-bit 3×2 with 4 components, SOS.
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xEE, 0, 14];
    j.extend(b"Adobe\0\x64\0\0\0\0\x02");
    j.extend([0xFF, 0xC0, 0, 20, 8, 0, 2, 0, 3, 4]);
    j.extend([0u8; 12]);
    j.extend([0xFF, 0xDA, 0, 2]);
    let h = jpeg_header(&j).unwrap();
    assert_eq!(
        (h.width, h.height, h.components, h.adobe),
        (3, 2, 4, Some(2))
    );
    // A lossless frame is not passed through.
    let mut lossless = j.clone();
    lossless[19] = 0xC3;
    assert_eq!(jpeg_header(&lossless), None);
}

#[test]
fn orientations_map_the_stored_corners_where_they_are_shown() {
    // Stored top-left corner: unit point (0, 1). Shown in a 2 × 1 box at the origin.
    let at = |m: [f32; 6], s: f32, t: f32| (m[0] * s + m[2] * t + m[4], m[1] * s + m[3] * t + m[5]);
    let (w, h) = (2.0, 1.0);
    // Orientation 6: stored top-left shows at the top right; 8: at the bottom left.
    assert_eq!(at(matrix(6, 0.0, 0.0, w, h), 0.0, 1.0), (2.0, 1.0));
    assert_eq!(at(matrix(8, 0.0, 0.0, w, h), 0.0, 1.0), (0.0, 0.0));
    assert_eq!(at(matrix(1, 0.0, 0.0, w, h), 0.0, 1.0), (0.0, 1.0));
    assert_eq!(at(matrix(3, 0.0, 0.0, w, h), 0.0, 1.0), (2.0, 0.0));
}
