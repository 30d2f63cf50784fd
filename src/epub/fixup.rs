//! Workarounds for epub-builder 0.8.3, in one place.
//!
//! `epub-builder` assembles the package (manifest, spine, container, NCX, zip). Its templates in 0.8.3
//! have gaps that make a right-to-left, accessible EPUB 3 invalid or incomplete; this module corrects its
//! output after `generate()` and before the file is written. The dependency is pinned (`=0.8.3` in
//! Cargo.toml) because every patch here matches that release's exact template text; the tests below fail
//! if an upgrade changes it, so a new release is checked before it is taken.
//!
//! What it fixes and why:
//! - OPF: `<dc:language>` gets the same id as the first `<dc:creator>` ("epub-creator-0"), a duplicate id
//!   EPUBCheck rejects; the id is removed. `<package>` gets `xml:lang` and `dir` (Ace wants `xml:lang`).
//!   `dc:identifier` can only be a UUID there; it is replaced by the book's identifier. Metadata the
//!   builder cannot express (publisher, contributors, date, subtitle, accessibility) is inserted.
//!   The navigation document is added to the spine after the title page, so readers show the contents.
//! - nav.xhtml: the built-in template has no `lang`/`dir`/`role`, unlabelled, visible landmarks and an
//!   English structure; it is replaced by the document rendered from the model ([`super::xhtml::nav`]).
//! - toc.ncx: no `xml:lang`/`dir`, no `dtb:uid`, a fixed depth, and the contents' name as the
//!   document title; all four are corrected.
//! - The zip: entries carry the time of the build (the crate enables zip's `time` feature), which breaks
//!   reproducible builds; the archive is rewritten with fixed times and permissions, `mimetype` first and
//!   stored. Fonts and images are handed to the builder empty and put in here, so that they are
//!   compressed once (the builder deflates everything it is given, and this rewrite inflates it).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::error::{Error, Result};

/// What to change in the package epub-builder produced.
pub struct Fixes<'a> {
    /// BCP 47 tag and direction for `<package>` and the NCX.
    pub language: &'a str,
    pub direction: &'a str,
    /// The book's identifier, already escaped for XML.
    pub identifier: &'a str,
    /// The book's title, already escaped for XML.
    pub title: &'a str,
    /// Metadata elements to insert at the end of `<metadata>`, already escaped.
    pub extra_metadata: &'a str,
    /// Depth of the table of contents (`dtb:depth`).
    pub toc_depth: usize,
    /// The navigation document that replaces the template's.
    pub nav: &'a str,
    /// The spine item the navigation document follows (the title page's file name).
    pub nav_after: &'a str,
    /// Files handed to epub-builder empty, by their path in the package, and their bytes.
    pub resources: Vec<(String, &'a [u8])>,
    /// The cover image's path in the package: handed to epub-builder empty too, its bytes are asked
    /// for last ([`apply`]'s `cover`), so that the cover is drawn while the rest is packaged.
    pub cover: String,
}

fn template_changed(what: &str) -> Error {
    Error::new(format!("internal error: epub-builder's {what} template is not the one this version of publish corrects"))
        .help("publish pins epub-builder =0.8.3; rebuild publish from its own Cargo.lock")
}

/// Corrects the OPF package document.
pub fn fix_opf(opf: &str, fixes: &Fixes) -> Result<String> {
    let package = "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\">";
    if !opf.contains(package) {
        return Err(template_changed("content.opf <package>"));
    }
    let mut out = opf.replace(
        package,
        &format!(
            "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\" xml:lang=\"{}\" dir=\"{}\">",
            fixes.language, fixes.direction
        ),
    );
    // <dc:language id="epub-creator-N"> → <dc:language>
    while let Some(start) = out.find("<dc:language id=\"") {
        let end = out[start..]
            .find('>')
            .ok_or_else(|| template_changed("content.opf dc:language"))?
            + start;
        out.replace_range(start..=end, "<dc:language>");
    }
    // The identifier.
    let id_open = "<dc:identifier id=\"epub-id-1\">";
    let start = out
        .find(id_open)
        .ok_or_else(|| template_changed("content.opf dc:identifier"))?
        + id_open.len();
    let end = out[start..]
        .find("</dc:identifier>")
        .ok_or_else(|| template_changed("content.opf dc:identifier"))?
        + start;
    out.replace_range(start..end, fixes.identifier);
    // Extra metadata.
    let meta_end = out
        .find("</metadata>")
        .ok_or_else(|| template_changed("content.opf metadata"))?;
    out.insert_str(meta_end, &format!("{}\n  ", fixes.extra_metadata));
    // The navigation document in the spine, after the title page (epub-builder names its item
    // `id_` + the file name).
    let title_ref = format!("<itemref idref=\"id_{}\"/>", fixes.nav_after);
    let at = out
        .find(&title_ref)
        .ok_or_else(|| template_changed("content.opf spine"))?
        + title_ref.len();
    out.insert_str(at, "\n    <itemref idref=\"nav\"/>");
    Ok(out)
}

/// Corrects the NCX.
pub fn fix_ncx(ncx: &str, fixes: &Fixes) -> Result<String> {
    let root = "<ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">";
    let depth = "<meta name=\"dtb:depth\" content=\"1\" />";
    if !ncx.contains(root) || !ncx.contains(depth) {
        return Err(template_changed("toc.ncx"));
    }
    let mut out = ncx.replace(
        root,
        &format!(
            "<ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" xml:lang=\"{}\" dir=\"{}\">",
            fixes.language, fixes.direction
        ),
    );
    out = out.replace(
        depth,
        &format!(
            "<meta name=\"dtb:uid\" content=\"{}\" />\n    <meta name=\"dtb:depth\" content=\"{}\" />",
            fixes.identifier, fixes.toc_depth
        ),
    );
    let start = out
        .find("<docTitle>")
        .ok_or_else(|| template_changed("toc.ncx docTitle"))?;
    let end = out[start..]
        .find("</docTitle>")
        .ok_or_else(|| template_changed("toc.ncx docTitle"))?
        + start;
    out.replace_range(
        start..end,
        &format!("<docTitle>\n    <text>{}</text>\n  ", fixes.title),
    );
    Ok(out)
}

/// Rewrites the archive `epub` with the fixes applied and fixed entry times; the cover image's bytes
/// (`cover`) go in last.
pub fn apply<'c>(
    epub: &[u8],
    fixes: &Fixes,
    cover: impl FnOnce() -> Result<std::borrow::Cow<'c, [u8]>>,
) -> Result<Vec<u8>> {
    let zip_err = |e: zip::result::ZipError| {
        Error::new(format!("internal error while packaging the EPUB: {e}"))
    };
    let io_err =
        |e: std::io::Error| Error::new(format!("internal error while packaging the EPUB: {e}"));
    let mut archive = ZipArchive::new(Cursor::new(epub)).map_err(zip_err)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    // 1980-01-01 00:00, the zip epoch: entry times carry no information about the build.
    let time = DateTime::default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let deflated = stored.compression_method(CompressionMethod::Deflated);

    out.start_file("mimetype", stored).map_err(zip_err)?;
    out.write_all(b"application/epub+zip").map_err(io_err)?;
    let (mut saw_opf, mut saw_ncx, mut saw_nav, mut saw_cover) = (false, false, false, false);
    let mut put = vec![false; fixes.resources.len()];
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(zip_err)?;
        let name = entry.name().to_string();
        if name == "mimetype" {
            continue;
        }
        if name == fixes.cover {
            saw_cover = true;
            continue;
        }
        let fixed = matches!(
            name.as_str(),
            "OEBPS/content.opf" | "OEBPS/toc.ncx" | "OEBPS/nav.xhtml"
        ) || fixes.resources.iter().any(|(path, _)| *path == name);
        if !fixed && !is_image(&name) && entry.compression() == CompressionMethod::Deflated {
            // Compressed as it would be here (the same zip crate and level): copied as it is, with
            // the fixed time and permissions.
            out.raw_copy_file_touch(entry, time, Some(0o644))
                .map_err(zip_err)?;
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data).map_err(io_err)?;
        let data = match name.as_str() {
            "OEBPS/content.opf" => {
                saw_opf = true;
                fix_opf(&String::from_utf8_lossy(&data), fixes)?.into_bytes()
            }
            "OEBPS/toc.ncx" => {
                saw_ncx = true;
                fix_ncx(&String::from_utf8_lossy(&data), fixes)?.into_bytes()
            }
            "OEBPS/nav.xhtml" => {
                saw_nav = true;
                fixes.nav.as_bytes().to_vec()
            }
            _ => match fixes.resources.iter().position(|(path, _)| *path == name) {
                Some(k) => {
                    put[k] = true;
                    fixes.resources[k].1.to_vec()
                }
                None => data,
            },
        };
        let options = if is_image(&name) { stored } else { deflated };
        out.start_file(name, options).map_err(zip_err)?;
        out.write_all(&data).map_err(io_err)?;
    }
    if !(saw_opf && saw_ncx && saw_nav && saw_cover && put.iter().all(|&p| p)) {
        return Err(template_changed("package layout"));
    }
    let image = cover()?;
    let options = if is_image(&fixes.cover) {
        stored
    } else {
        deflated
    };
    out.start_file(fixes.cover.as_str(), options)
        .map_err(zip_err)?;
    out.write_all(&image).map_err(io_err)?;
    Ok(out.finish().map_err(zip_err)?.into_inner())
}

/// Images are already compressed or gain little: stored. Text files and fonts are deflated.
fn is_image(name: &str) -> bool {
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixes() -> Fixes<'static> {
        Fixes {
            language: "ar",
            direction: "rtl",
            identifier: "urn:isbn:9780000000000",
            title: "كتاب",
            extra_metadata: "<dc:publisher>ناشر</dc:publisher>",
            toc_depth: 2,
            nav: "<nav/>",
            nav_after: "title.xhtml",
            resources: Vec::new(),
            cover: "OEBPS/cover.png".to_string(),
        }
    }

    /// Builds a real package with the pinned epub-builder: the tests below check its template text.
    fn generated() -> Vec<u8> {
        use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V30);
        b.metadata("title", "كتاب").unwrap();
        b.metadata("author", "مؤلف").unwrap();
        b.metadata("lang", "ar").unwrap();
        b.metadata("direction", "rtl").unwrap();
        b.set_uuid(uuid::Uuid::nil());
        b.set_modified_date(chrono::DateTime::from_timestamp(0, 0).unwrap());
        b.add_cover_image("cover.png", &[][..], "image/png")
            .unwrap();
        b.add_content(
            EpubContent::new("cover.xhtml", "<html/>".as_bytes()).reftype(ReferenceType::Cover),
        )
        .unwrap();
        b.add_content(
            EpubContent::new("title.xhtml", "<html/>".as_bytes()).reftype(ReferenceType::TitlePage),
        )
        .unwrap();
        b.add_content(EpubContent::new("chapter-01.xhtml", "<html/>".as_bytes()).title("فصل"))
            .unwrap();
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        out
    }

    fn entry(epub: &[u8], name: &str) -> String {
        let mut a = ZipArchive::new(Cursor::new(epub)).unwrap();
        let mut s = String::new();
        a.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn the_pinned_template_still_has_the_duplicate_language_id() {
        let opf = entry(&generated(), "OEBPS/content.opf");
        assert!(
            opf.contains("<dc:language id=\"epub-creator-0\">"),
            "epub-builder changed: review src/epub/fixup.rs\n{opf}"
        );
        assert!(opf.contains("page-progression-direction=\"rtl\""));
    }

    #[test]
    fn opf_is_corrected() {
        let opf = fix_opf(&entry(&generated(), "OEBPS/content.opf"), &fixes()).unwrap();
        assert!(opf.contains("<dc:language>ar</dc:language>"), "{opf}");
        assert_eq!(opf.matches("id=\"epub-creator-0\"").count(), 1, "{opf}");
        assert!(opf.contains("xml:lang=\"ar\" dir=\"rtl\">"));
        assert!(
            opf.contains("<dc:identifier id=\"epub-id-1\">urn:isbn:9780000000000</dc:identifier>"),
            "{opf}"
        );
        assert!(opf.contains("<dc:publisher>ناشر</dc:publisher>"));
        let spine = &opf[opf.find("<spine").unwrap()..];
        let order: Vec<&str> = spine
            .split("idref=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(
            order,
            [
                "id_cover.xhtml",
                "id_title.xhtml",
                "nav",
                "id_chapter-01.xhtml"
            ],
            "{spine}"
        );
    }

    #[test]
    fn ncx_is_corrected() {
        let ncx = fix_ncx(&entry(&generated(), "OEBPS/toc.ncx"), &fixes()).unwrap();
        assert!(ncx.contains("xml:lang=\"ar\" dir=\"rtl\""));
        assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9780000000000\" />"));
        assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"2\" />"));
        assert!(ncx.contains("<docTitle>\n    <text>كتاب</text>"), "{ncx}");
    }

    #[test]
    fn archive_is_rewritten_with_fixed_times_and_mimetype_first() {
        let cover = || Ok(std::borrow::Cow::Borrowed(&b"\x89PNG"[..]));
        let fixed = apply(&generated(), &fixes(), cover).unwrap();
        assert_eq!(&fixed[30..38], b"mimetype");
        assert_eq!(&fixed[38..58], b"application/epub+zip");
        let mut a = ZipArchive::new(Cursor::new(&fixed)).unwrap();
        for i in 0..a.len() {
            let e = a.by_index(i).unwrap();
            assert_eq!(e.last_modified(), Some(DateTime::default()), "{}", e.name());
        }
        assert_eq!(entry(&fixed, "OEBPS/nav.xhtml"), "<nav/>");
        // The cover image goes in last, stored, with the bytes it was given.
        let last = a.by_index(a.len() - 1).unwrap();
        assert_eq!(
            (last.name(), last.compression(), last.size()),
            ("OEBPS/cover.png", CompressionMethod::Stored, 4)
        );
        drop(last);
        // Two packages built at different times are identical once fixed.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        assert_eq!(apply(&generated(), &fixes(), cover).unwrap(), fixed);
    }
}
