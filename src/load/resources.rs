//! Files a chapter points at: images it shows and chapters it links to.
//!
//! Paths in a chapter are relative to the chapter file. An image must be a file inside the manuscript
//! folder, in a format every EPUB reader supports (PNG, JPEG, GIF, WebP), and its bytes must match its
//! extension; it is read once and given a safe ASCII name inside the book. A link is kept when it goes to
//! http, https or mailto, or to a chapter of the book (with an optional `#anchor`); other schemes
//! (`javascript:`, `data:`, `file:` …) are dropped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Image, LinkTarget};

/// Images collected so far and the chapter files links may point at.
#[derive(Debug, Default)]
pub struct Resources {
    /// The manuscript folder, canonical.
    pub root: PathBuf,
    /// Canonical path of every chapter file → its index.
    pub chapters: HashMap<PathBuf, usize>,
    pub images: Vec<Image>,
    by_path: HashMap<PathBuf, usize>,
}

/// The media types of the image formats a book may carry, by file extension.
pub fn image_media_type(ext: &str) -> Option<&'static str> {
    match ext.to_ascii_lowercase().as_str() {
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

fn signature_matches(media_type: &str, data: &[u8]) -> bool {
    match media_type {
        "image/png" => data.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => data.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/gif" => data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a"),
        "image/webp" => data.len() > 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP",
        _ => false,
    }
}

/// The URL scheme of `dest`, lower-cased, if it has one.
fn scheme(dest: &str) -> Option<String> {
    let colon = dest.find(':')?;
    let s = &dest[..colon];
    let mut chars = s.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

/// Decodes `%XX` escapes of a relative URL path.
/// `dest` (an http, https or mailto address) as a valid URL, parsed and serialised by the `url` crate
/// (the WHATWG URL standard), with what reading systems' validators still refuse (`\`, `[`, `]`, `{`,
/// `}`, `|`, `^`, `` ` `` outside the host) percent-encoded; `None` when it cannot be a URL (no host,
/// a host that is not a domain or an address).
pub fn web_address(dest: &str) -> Option<String> {
    let url = url::Url::parse(dest).ok()?;
    let web = matches!(url.scheme(), "http" | "https");
    if web {
        let host = url.host_str()?;
        let valid_host = !host.is_empty()
            && host
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-'));
        if !valid_host
            && url
                .host()
                .is_some_and(|h| matches!(h, url::Host::Domain(_)))
        {
            return None;
        }
    } else if url.path().is_empty() {
        return None;
    }
    let serialised = url.as_str();
    let host_end = if web {
        serialised
            .find("//")
            .map(|i| i + 2)
            .and_then(|i| serialised[i..].find(['/', '?', '#']).map(|j| i + j))
            .unwrap_or(serialised.len())
    } else {
        0
    };
    let mut out = String::with_capacity(serialised.len());
    out.push_str(&serialised[..host_end]);
    for c in serialised[host_end..].chars() {
        match c {
            '\\' | '[' | ']' | '{' | '}' | '|' | '^' | '`' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// `s` with each `%XX` read as the byte it stands for (a `%` before anything else kept as it is).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            // The two bytes after `%`, read as bytes: they may begin a letter of more than one.
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Resources {
    pub fn new(root: PathBuf, chapters: HashMap<PathBuf, usize>) -> Self {
        Resources {
            root,
            chapters,
            images: Vec::new(),
            by_path: HashMap::new(),
        }
    }

    /// Resolves a link of the chapter at `from` (index `current`). `Ok(None)`: the link is dropped.
    pub fn resolve_link(
        &self,
        from: &Path,
        current: usize,
        dest: &str,
    ) -> Result<Option<LinkTarget>> {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with("//") {
            return Ok(None);
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return Ok(Some(LinkTarget::Internal {
                chapter: current,
                anchor: Some(anchor.to_string()),
            }));
        }
        if let Some(scheme) = scheme(dest) {
            let safe = matches!(scheme.as_str(), "http" | "https" | "mailto")
                && !dest
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'));
            return Ok(safe
                .then(|| web_address(dest))
                .flatten()
                .map(LinkTarget::External));
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string()).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let target = from
            .parent()
            .unwrap_or(Path::new("."))
            .join(percent_decode(path));
        let help = "link to a chapter file of the book (with an optional #anchor) or to an http(s) address";
        match target.canonicalize() {
            Ok(canonical) => match self.chapters.get(&canonical) {
                Some(&chapter) => Ok(Some(LinkTarget::Internal { chapter, anchor })),
                None => Err(Error::new(format!(
                    "link to `{dest}`: that file is not a chapter of the book"
                ))
                .help(help)),
            },
            Err(_) => Err(Error::new(format!("link to `{dest}`: no such file")).help(help)),
        }
    }

    /// Image `dest` (relative to `from`) read and checked as [`Self::image`] does, but not made an
    /// image of the book (a print cover's artwork, which the EPUB does not carry), unless the book
    /// shows it already.
    pub fn image_apart(&mut self, from: &Path, dest: &str) -> Result<Image> {
        let before = self.images.len();
        let index = self.image(from, dest)?;
        if index < before {
            return Ok(self.images[index].clone());
        }
        let image = self.images.pop().expect("the image just added");
        self.by_path.remove(&image.source);
        Ok(image)
    }

    /// Registers the image `dest` of the chapter at `from`; returns its index in [`Resources::images`].
    pub fn image(&mut self, from: &Path, dest: &str) -> Result<usize> {
        if scheme(dest).is_some() || dest.starts_with("//") {
            return Err(Error::new(format!("image `{dest}` is not a file of the manuscript"))
                .help("download the image into the manuscript folder and use a path relative to the chapter"));
        }
        let path = from
            .parent()
            .unwrap_or(Path::new("."))
            .join(percent_decode(dest));
        let canonical = path.canonicalize().map_err(|e| {
            let base = from
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let relative = if base == "book.toml" {
                "it is relative to the manuscript folder, where book.toml is".to_string()
            } else {
                format!("it is relative to the folder of {base}")
            };
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                Error::new(format!(
                    "image `{dest}` cannot be read: permission denied on {} or a folder on its way",
                    path.display()
                ))
                .help("check the permissions of the image and of its folders (chmod)")
            } else {
                Error::new(format!(
                    "image `{dest}` not found (looked for {})",
                    path.display()
                ))
                .help(format!("check the path; {relative}"))
            }
        })?;
        if !canonical.starts_with(&self.root) {
            return Err(
                Error::new(format!("image `{dest}` is outside the manuscript folder"))
                    .help("copy the image into the manuscript folder and refer to that copy"),
            );
        }
        if let Some(&index) = self.by_path.get(&canonical) {
            return Ok(index);
        }
        let ext = canonical.extension().and_then(|e| e.to_str()).unwrap_or("");
        let media_type = image_media_type(ext).ok_or_else(|| {
            Error::new(format!("image `{dest}` has an unsupported format"))
                .help("use PNG, JPEG, GIF or WebP")
        })?;
        let data = std::fs::read(&canonical).map_err(|e| {
            Error::new(format!("cannot read image `{dest}`: {e}"))
                .help("check that the file is readable")
        })?;
        if !signature_matches(media_type, &data) {
            return Err(
                Error::new(format!("image `{dest}` is not a valid {media_type} file"))
                    .help("re-export the image, or give it the extension of its real format"),
            );
        }
        let (width, height, orientation) = shape(&data).ok_or_else(|| {
            Error::new(format!("image `{dest}` cannot be decoded"))
                .help("re-export the image as PNG or JPEG")
        })?;
        let index = self.images.len();
        let file_name = canonical.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let safe = !file_name.is_empty()
            && file_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !file_name.starts_with('.');
        let mut name = if safe {
            format!("images/{file_name}")
        } else {
            format!("images/image-{}.{}", index + 1, ext.to_ascii_lowercase())
        };
        if self.images.iter().any(|i| i.name == name) {
            name = format!("images/{}-{}", index + 1, &name["images/".len()..]);
        }
        self.images.push(Image {
            source: canonical.clone(),
            name,
            media_type,
            data,
            width,
            height,
            orientation,
        });
        self.by_path.insert(canonical, index);
        Ok(index)
    }
}

/// An image's size as it is shown and its EXIF orientation (1–8), read from its header: a quarter
/// turn (orientations 5–8) swaps its stored width and height.
fn shape(data: &[u8]) -> Option<(u32, u32, u8)> {
    use image::ImageDecoder;
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(data))
        .with_guessed_format()
        .ok()?
        .into_decoder()
        .ok()?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder
        .orientation()
        .map_or(1, image::metadata::Orientation::to_exif);
    if w == 0 || h == 0 {
        return None;
    }
    Some(match orientation {
        5..=8 => (h, w, orientation),
        _ => (w, h, orientation),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_signs_before_a_letter_of_two_bytes_are_kept() {
        assert_eq!(percent_decode("%D8%B9.png"), "ع.png");
        assert_eq!(percent_decode("%aع.png"), "%aع.png");
        assert_eq!(percent_decode("%عa"), "%عa");
        assert_eq!(percent_decode("50%"), "50%");
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme("https://x").as_deref(), Some("https"));
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("ch2.md#a"), None);
        assert_eq!(scheme("a/b:c"), None);
    }

    #[test]
    fn unsafe_links_are_dropped() {
        let r = Resources::default();
        let from = Path::new("m/a.md");
        assert_eq!(
            r.resolve_link(from, 0, "javascript:alert(1)").unwrap(),
            None
        );
        assert_eq!(
            r.resolve_link(from, 0, " JAVASCRIPT:alert(1)").unwrap(),
            None
        );
        assert_eq!(r.resolve_link(from, 0, "data:text/html,x").unwrap(), None);
        assert_eq!(
            r.resolve_link(from, 0, "https://example.org/a?b=c")
                .unwrap(),
            Some(LinkTarget::External("https://example.org/a?b=c".into()))
        );
        assert_eq!(
            r.resolve_link(from, 3, "#x").unwrap(),
            Some(LinkTarget::Internal {
                chapter: 3,
                anchor: Some("x".into())
            })
        );
    }

    #[test]
    fn web_addresses_become_valid_urls_or_lose_their_link() {
        for (dest, url) in [
            (
                "https://example.org/a?b=c",
                Some("https://example.org/a?b=c"),
            ),
            (
                "https://example.com?find=\\*",
                Some("https://example.com/?find=%5C*"),
            ),
            (
                "https://example.com/?search=](uri)",
                Some("https://example.com/?search=%5D(uri)"),
            ),
            (
                "https://example.com/\\[\\`",
                Some("https://example.com//%5B/%60"),
            ),
            ("https://../", None),
            ("https://", None),
            (
                "http://مثال.إختبار/صفحة",
                Some("http://xn--mgbh0fb.xn--kgbechtv/%D8%B5%D9%81%D8%AD%D8%A9"),
            ),
            (
                "mailto:editor@example.org",
                Some("mailto:editor@example.org"),
            ),
        ] {
            assert_eq!(web_address(dest).as_deref(), url, "{dest}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%D8%A8"), "a bب");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
