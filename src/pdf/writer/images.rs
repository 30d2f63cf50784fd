//! The book's images as PDF image XObjects, stored as their formats allow, never larger than need be:
//!
//! - a JPEG is its own bytes (`DCTDecode`), never decoded: greyscale, RGB and CMYK (an Adobe CMYK
//!   JPEG's inverted values undone by a `/Decode` array, its colour transform said as it is), with
//!   its ICC profile when it carries one;
//! - a PNG without an alpha channel and not interlaced is its own compressed data too (`FlateDecode`
//!   with the PNG predictors it was written with), its palette an `Indexed` colour space, a
//!   transparent colour or palette range a `/Mask`, its ICC profile kept;
//! - any other image (a PNG with alpha or interlaced, GIF, WebP) is decoded once and compressed with
//!   the PNG predictor that suits each row (`FlateDecode`, `/Predictor 15`), its alpha an `/SMask`.
//!
//! An image without a profile of its own is declared in the space it was made for (sRGB, or CGATS
//! TR 001 for CMYK: [`Profiles::independent`]), as PDF/A and PDF/X want.
//!
//! An image turned by its EXIF orientation is drawn turned ([`matrix`]): the pixels stay as stored.

use lopdf::{dictionary, Dictionary, Object, ObjectId, Stream};

use super::intent::Profiles;
use crate::error::{Error, Result};
use crate::model::Image;

/// The name image `index` of the book is drawn with (`/Im1`…, by its place in the book).
pub(super) fn name(index: usize) -> String {
    format!("Im{}", index + 1)
}

/// Adds the XObjects of the images `used` (indices into `images`) to `out`, each page's resources
/// naming them all, and the XObjects already added and named in `names` (the outlines of
/// [`super::paths`]).
pub(super) fn write(
    out: &mut lopdf::Document,
    page_ids: &[ObjectId],
    images: &[Image],
    used: &[usize],
    mut names: Dictionary,
    profiles: &mut Profiles,
) -> Result<()> {
    if used.is_empty() && names.is_empty() {
        return Ok(());
    }
    let made: Vec<Result<Made>> = crate::parallel::map(used, |&i| {
        xobject(&images[i]).map_err(|e| {
            Error::in_file(
                &images[i].source,
                format!("cannot put the image in the PDF: {e}"),
            )
            .help("save it again as PNG or JPEG")
        })
    });
    for (&index, made) in used.iter().zip(made) {
        let Made { mut image, mask } = made?;
        if let Some(mask) = mask {
            let mask = out.add_object(mask);
            image.dict.set("SMask", mask);
        }
        if let Some(Object::Stream(profile)) = image.dict.remove(b"ICC") {
            let profile = out.add_object(profile);
            image
                .dict
                .set("ColorSpace", vec![Object::from("ICCBased"), profile.into()]);
        }
        // Device colour, which the output intent may not describe, said as the profile it means.
        if let Some(space) = image
            .dict
            .get(b"ColorSpace")
            .ok()
            .and_then(|space| profiles.independent(out, space))
        {
            image.dict.set("ColorSpace", space);
        }
        let id = out.add_object(image);
        names.set(name(index), id);
    }
    let names = out.add_object(names);
    for &page in page_ids {
        let resources = match out.get_dictionary(page).and_then(|d| d.get(b"Resources")) {
            Ok(Object::Reference(r)) => Some(*r),
            _ => None,
        };
        let dict = match resources {
            Some(r) => out.get_dictionary_mut(r),
            None => out
                .get_dictionary_mut(page)
                .and_then(|d| d.get_mut(b"Resources"))
                .and_then(Object::as_dict_mut),
        };
        if let Ok(dict) = dict {
            dict.set("XObject", names);
        }
    }
    Ok(())
}

/// The matrix that draws image `image` (a unit square, its pixels as stored) into the box at `x`, `y`
/// (bottom left) of `width` × `height` points, turned as its EXIF orientation says.
pub(super) fn matrix(orientation: u8, x: f32, y: f32, width: f32, height: f32) -> [f32; 6] {
    let (w, h) = (width, height);
    // Where the stored image's unit square goes: (a b c d e f) as `cm` takes them.
    match orientation {
        2 => [-w, 0.0, 0.0, h, x + w, y],
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        4 => [w, 0.0, 0.0, -h, x, y + h],
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        7 => [0.0, h, w, 0.0, x, y],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    }
}

/// An image XObject (its ICC profile, if any, as an `ICC` entry for [`write`] to put in place) and
/// its soft mask.
struct Made {
    image: Stream,
    mask: Option<Stream>,
}

fn xobject(image: &Image) -> std::result::Result<Made, String> {
    let made = match image.media_type {
        "image/jpeg" => jpeg(&image.data),
        "image/png" => png(&image.data),
        _ => None,
    };
    match made {
        Some(m) => Ok(m),
        None => decoded(&image.data),
    }
}

fn image_dict(width: u32, height: u32, colour: Object, bits: u8) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(width),
        "Height" => i64::from(height),
        "ColorSpace" => colour,
        "BitsPerComponent" => i64::from(bits),
    }
}

/// An image's dictionary for samples deflated after PNG predictors (`/Predictor 15`: each row led by
/// its filter type), `components` a pixel.
fn predicted_dict(width: u32, height: u32, colour: Object, bits: u8, components: u8) -> Dictionary {
    let mut dict = image_dict(width, height, colour, bits);
    dict.set("Filter", "FlateDecode");
    dict.set(
        "DecodeParms",
        dictionary! {
            "Predictor" => 15,
            "Colors" => i64::from(components),
            "BitsPerComponent" => i64::from(bits),
            "Columns" => i64::from(width),
        },
    );
    dict
}

/// An ICC profile as the stream an `ICCBased` colour space names (with the device space a reader
/// that cannot use the profile falls back to).
fn icc(profile: Vec<u8>, components: u8) -> Object {
    let mut dict = dictionary! { "N" => i64::from(components) };
    if let Some(alternate) = device(components) {
        dict.set("Alternate", alternate);
    }
    let mut s = Stream::new(dict, profile);
    s.allows_compression = true;
    Object::Stream(s)
}

fn device(components: u8) -> Option<Object> {
    Some(Object::from(match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        _ => return None,
    }))
}

/// What a JPEG's header says: size, components, whether it is one PDF readers decode (baseline or
/// progressive Huffman, 8 bits), its Adobe colour transform, its ICC profile.
#[derive(Debug, PartialEq)]
struct JpegHeader {
    width: u32,
    height: u32,
    components: u8,
    /// The Adobe APP14 segment's transform (0: none, 1: YCbCr, 2: YCCK), if it has one.
    adobe: Option<u8>,
    icc: Option<Vec<u8>>,
}

fn jpeg_header(data: &[u8]) -> Option<JpegHeader> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    let mut adobe = None;
    let mut icc: Vec<(u8, &[u8])> = Vec::new();
    let mut frame = None;
    loop {
        if *data.get(i)? != 0xFF {
            return None;
        }
        while *data.get(i + 1)? == 0xFF {
            i += 1;
        }
        let marker = *data.get(i + 1)?;
        i += 2;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let len = usize::from(u16::from_be_bytes([*data.get(i)?, *data.get(i + 1)?]));
        let segment = data.get(i + 2..i + len.max(2))?;
        match marker {
            0xEE if segment.starts_with(b"Adobe") && segment.len() >= 12 => {
                adobe = Some(segment[11]);
            }
            0xE2 if segment.starts_with(b"ICC_PROFILE\0") && segment.len() >= 14 => {
                icc.push((segment[12], &segment[14..]));
            }
            // Baseline, extended and progressive Huffman frames (PDF's DCTDecode reads these).
            0xC0..=0xC2 => {
                if segment.len() < 6 || segment[0] != 8 {
                    return None;
                }
                frame = Some((
                    u32::from(u16::from_be_bytes([segment[3], segment[4]])),
                    u32::from(u16::from_be_bytes([segment[1], segment[2]])),
                    segment[5],
                ));
            }
            // Lossless, arithmetic-coded or hierarchical frames: decoded instead.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return None,
            _ => {}
        }
        i += len;
    }
    let (width, height, components) = frame?;
    if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
        return None;
    }
    icc.sort_by_key(|(seq, _)| *seq);
    let icc = (!icc.is_empty()).then(|| icc.iter().flat_map(|(_, p)| p.iter().copied()).collect());
    Some(JpegHeader {
        width,
        height,
        components,
        adobe,
        icc,
    })
}

/// A JPEG as its own bytes.
fn jpeg(data: &[u8]) -> Option<Made> {
    let h = jpeg_header(data)?;
    let mut dict = image_dict(h.width, h.height, device(h.components)?, 8);
    dict.set("Filter", "DCTDecode");
    if let Some(transform) = h.adobe {
        // Adobe's CMYK JPEGs store inverted values; its transform flag says whether the decoder
        // converts from YCbCr (YCCK).
        if h.components == 4 {
            dict.set(
                "Decode",
                vec![
                    1.into(),
                    0.into(),
                    1.into(),
                    0.into(),
                    1.into(),
                    0.into(),
                    1.into(),
                    0.into(),
                ],
            );
        }
        dict.set(
            "DecodeParms",
            dictionary! { "ColorTransform" => i64::from(transform.min(1)) },
        );
    }
    if let Some(profile) = h.icc {
        dict.set("ICC", icc(profile, h.components));
    }
    let mut image = Stream::new(dict, data.to_vec());
    image.allows_compression = false;
    Some(Made { image, mask: None })
}

/// A PNG that can keep its own compressed data: not interlaced, no alpha channel, a transparent
/// colour (or palette range) at most.
fn png(data: &[u8]) -> Option<Made> {
    let reader = png::Decoder::new(std::io::Cursor::new(data))
        .read_info()
        .ok()?;
    let info = reader.info();
    if info.interlaced || info.width == 0 || info.height == 0 {
        return None;
    }
    let bits = info.bit_depth as u8;
    let (colour, components, mask) = match info.color_type {
        png::ColorType::Grayscale | png::ColorType::Rgb => {
            let components = if info.color_type == png::ColorType::Rgb {
                3
            } else {
                1
            };
            // A transparent colour: each component's value as a range of one.
            let mask = info.trns.as_ref().map(|t| {
                t.chunks_exact(2)
                    .take(usize::from(components))
                    .flat_map(|v| {
                        let v = i64::from(u16::from_be_bytes([v[0], v[1]]));
                        [Object::Integer(v), Object::Integer(v)]
                    })
                    .collect::<Vec<_>>()
            });
            (device(components)?, components, mask)
        }
        png::ColorType::Indexed => {
            let palette = info.palette.as_ref()?;
            let entries = palette.len() / 3;
            if entries == 0 {
                return None;
            }
            let colour = Object::Array(vec![
                "Indexed".into(),
                "DeviceRGB".into(),
                Object::Integer(entries as i64 - 1),
                Object::String(
                    palette[..entries * 3].to_vec(),
                    lopdf::StringFormat::Hexadecimal,
                ),
            ]);
            // Fully transparent entries that make one range, the others opaque: a colour key mask;
            // anything else is an alpha channel (decoded instead).
            let mask = match info.trns.as_deref() {
                None => None,
                Some(alpha) => {
                    if alpha.iter().any(|&a| a != 0 && a != 255) {
                        return None;
                    }
                    let clear: Vec<usize> = (0..alpha.len()).filter(|&k| alpha[k] == 0).collect();
                    match (clear.first(), clear.last()) {
                        (Some(&a), Some(&b)) if b - a + 1 == clear.len() => {
                            Some(vec![Object::Integer(a as i64), Object::Integer(b as i64)])
                        }
                        (None, _) => None,
                        _ => return None,
                    }
                }
            };
            (colour, 1, mask)
        }
        _ => return None,
    };
    let profile = match info.color_type {
        png::ColorType::Indexed => None,
        _ => info.icc_profile.as_ref().map(|p| p.to_vec()),
    };
    let (width, height) = (info.width, info.height);
    let mut dict = predicted_dict(width, height, colour, bits, components);
    if let Some(mask) = mask {
        dict.set("Mask", mask);
    }
    if let Some(profile) = profile {
        dict.set("ICC", icc(profile, components));
    }
    let mut image = Stream::new(dict, idat(data)?);
    image.allows_compression = false;
    Some(Made { image, mask: None })
}

/// The image data of a PNG: its `IDAT` chunks, one zlib stream.
fn idat(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 8;
    while i + 8 <= data.len() {
        let len = u32::from_be_bytes(data[i..i + 4].try_into().ok()?) as usize;
        let kind = &data[i + 4..i + 8];
        let body = data.get(i + 8..i + 8 + len)?;
        if kind == b"IDAT" {
            out.extend_from_slice(body);
        }
        if kind == b"IEND" {
            break;
        }
        i += 12 + len;
    }
    (!out.is_empty()).then_some(out)
}

/// Any image the `image` crate reads, decoded once: its colour channels and its alpha (a soft mask,
/// unless every pixel is opaque), each compressed with PNG predictors.
fn decoded(data: &[u8]) -> std::result::Result<Made, String> {
    use image::DynamicImage as D;
    let img = image::load_from_memory(data).map_err(|e| e.to_string())?;
    let (width, height) = (img.width(), img.height());
    // Samples as big-endian bytes, components, bits; alpha apart.
    let (colour, alpha, components, bits): (Vec<u8>, Option<Vec<u8>>, u8, u8) = match img {
        D::ImageLuma8(b) => (b.into_raw(), None, 1, 8),
        D::ImageRgb8(b) => (b.into_raw(), None, 3, 8),
        D::ImageLumaA8(b) => {
            let (c, a) = split(&b.into_raw(), 1, 1);
            (c, Some(a), 1, 8)
        }
        D::ImageRgba8(b) => {
            let (c, a) = split(&b.into_raw(), 3, 1);
            (c, Some(a), 3, 8)
        }
        D::ImageLuma16(b) => (be(b.as_raw()), None, 1, 16),
        D::ImageRgb16(b) => (be(b.as_raw()), None, 3, 16),
        D::ImageLumaA16(b) => {
            let (c, a) = split(&be(b.as_raw()), 1, 2);
            (c, Some(a), 1, 16)
        }
        D::ImageRgba16(b) => {
            let (c, a) = split(&be(b.as_raw()), 3, 2);
            (c, Some(a), 3, 16)
        }
        other => {
            let (c, a) = split(&other.to_rgba8().into_raw(), 3, 1);
            (c, Some(a), 3, 8)
        }
    };
    let opaque = |a: &[u8]| a.iter().all(|&v| v == 0xFF);
    let alpha = alpha.filter(|a| !opaque(a));
    let stream = |samples: &[u8], components: u8, colour: &str| {
        let dict = predicted_dict(width, height, colour.into(), bits, components);
        let bpp = usize::from(components) * usize::from(bits) / 8;
        let mut s = Stream::new(
            dict,
            deflate(&predicted(samples, width as usize * bpp, bpp)),
        );
        s.allows_compression = false;
        s
    };
    let colour_space = if components == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    Ok(Made {
        image: stream(&colour, components, colour_space),
        mask: alpha.map(|a| stream(&a, 1, "DeviceGray")),
    })
}

/// Interleaved samples of `colour` components and one alpha component (`size` bytes a sample), apart.
fn split(samples: &[u8], colour: usize, size: usize) -> (Vec<u8>, Vec<u8>) {
    let pixel = (colour + 1) * size;
    let mut c = Vec::with_capacity(samples.len() / pixel * colour * size);
    let mut a = Vec::with_capacity(samples.len() / pixel * size);
    for p in samples.chunks_exact(pixel) {
        c.extend_from_slice(&p[..colour * size]);
        a.extend_from_slice(&p[colour * size..]);
    }
    (c, a)
}

/// 16-bit samples as big-endian bytes (what PDF and PNG store).
fn be(samples: &[u16]) -> Vec<u8> {
    samples.iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// Rows of `stride` bytes, each led by the PNG filter that leaves it smallest (the least sum of
/// absolute differences, as libpng chooses) and filtered with it.
fn predicted(samples: &[u8], stride: usize, bpp: usize) -> Vec<u8> {
    let bpp = bpp.max(1);
    let mut out = Vec::with_capacity(samples.len() + samples.len() / stride.max(1) + 1);
    let zero = vec![0u8; stride];
    let mut best = vec![0u8; stride];
    let mut trial = vec![0u8; stride];
    for (r, row) in samples.chunks_exact(stride.max(1)).enumerate() {
        let up = if r == 0 {
            &zero[..]
        } else {
            &samples[(r - 1) * stride..r * stride]
        };
        let mut best_kind = 0u8;
        let mut best_cost = u64::MAX;
        for kind in 0..5u8 {
            for i in 0..stride {
                let a = if i >= bpp { row[i - bpp] } else { 0 };
                let b = up[i];
                let c = if i >= bpp { up[i - bpp] } else { 0 };
                let predictor = match kind {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                trial[i] = row[i].wrapping_sub(predictor);
            }
            let cost: u64 = trial
                .iter()
                .map(|&v| u64::from((v as i8).unsigned_abs()))
                .sum();
            if cost < best_cost {
                best_cost = cost;
                best_kind = kind;
                std::mem::swap(&mut best, &mut trial);
            }
        }
        out.push(best_kind);
        out.extend_from_slice(&best);
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = z.write_all(bytes);
    z.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests;
