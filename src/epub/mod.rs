//! The EPUB 3 edition.
//!
//! [`write()`] renders the model to XHTML ([`xhtml`]), hands the documents, the stylesheet, the fonts, the
//! images and the cover (the author's, or one rendered by [`crate::cover`]) to `epub-builder` for
//! packaging, and passes the package through [`fixup`], which corrects the
//! gaps of the pinned epub-builder release in one place. The result is a byte vector: the same book gives
//! the same bytes.

mod faces;
mod figures;
pub mod fixup;
pub mod xhtml;

use std::fmt::Write;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};

use crate::error::{Error, Result};
use crate::locale;
use crate::model::{Book, Section};
use xhtml::escape;

const STYLE: &str = include_str!("style.css");

/// Builds the EPUB of `book`. `fonts` (the book's faces parsed for typesetting, once for the build:
/// [`crate::load::Loaded::fonts`]) sets the generated cover; `None` when the faces cannot typeset
/// (WOFF), which is fine when the manuscript brings its own cover image.
pub fn write(book: &Book, fonts: Option<&crate::text::Fonts>) -> Result<Vec<u8>> {
    write_after(book, fonts, || {})
}

/// [`write`], the package made once `ready` returns (the cover is drawn from the start): with both
/// editions made at once, the package waits for the PDF's layouts, which take every core, and is made
/// beside the PDF's composition, which goes one step at a time.
pub fn write_after(
    book: &Book,
    fonts: Option<&crate::text::Fonts>,
    ready: impl FnOnce(),
) -> Result<Vec<u8>> {
    // The generated cover (a third of the work) is drawn on a thread of its own meanwhile.
    std::thread::scope(|s| {
        let cover = match book.cover {
            Some(_) => None,
            None => {
                let fonts = fonts.ok_or_else(|| crate::fonts::cannot_typeset(&book.fonts))?;
                Some(s.spawn(|| crate::error::quietly(|| crate::cover::render(book, fonts))))
            }
        };
        let cover = move || match cover {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
                .map(Some),
            None => Ok(None),
        };
        ready();
        package(book, cover)
    })
}

/// The EPUB of `book`, with `cover` the generated cover (`None` when the book has its own).
fn package(book: &Book, cover: impl FnOnce() -> Result<Option<Vec<u8>>>) -> Result<Vec<u8>> {
    let err =
        |e: epub_builder::Error| Error::new(format!("internal error while building the EPUB: {e}"));
    let m = &book.meta;
    let labels = locale::labels(&m.language);

    let mut b = EpubBuilder::new(ZipLibrary::new().map_err(err)?).map_err(err)?;
    b.epub_version(EpubVersion::V30);
    b.metadata("title", m.title.as_str()).map_err(err)?;
    for a in &m.authors {
        b.metadata("author", a.name.as_str()).map_err(err)?;
    }
    b.metadata("lang", m.language.as_str()).map_err(err)?;
    // epub_direction() is ignored by 0.8.3; this key is what sets the spine's page-progression-direction.
    b.metadata("direction", m.direction.as_str()).map_err(err)?;
    b.metadata("generator", concat!("publish ", env!("CARGO_PKG_VERSION")))
        .map_err(err)?;
    b.metadata("toc_name", labels.contents).map_err(err)?;
    if let Some(d) = &m.description {
        b.metadata("description", d.as_str()).map_err(err)?;
    }
    for s in &m.subjects {
        b.metadata("subject", s.as_str()).map_err(err)?;
    }
    if let Some(r) = &m.rights {
        b.metadata("license", r.as_str()).map_err(err)?;
    }
    // A placeholder: fixup writes the real identifier. Fixed, so that nothing random reaches the file.
    b.set_uuid(uuid::Uuid::nil());
    let modified = chrono::DateTime::parse_from_rfc3339(&m.modified)
        .map_err(|e| {
            Error::new(format!(
                "internal error: modification time {}: {e}",
                m.modified
            ))
        })?
        .with_timezone(&chrono::Utc);
    b.set_modified_date(modified);

    // The documents first: the fonts are cut down to the characters they hold.
    let (cover_name, cover_type) = match book.cover.map(|i| &book.images[i]) {
        Some(image) => (image.name.clone(), image.media_type),
        // Outside images/, so it never meets an image of the manuscript with the same name.
        None => ("cover.png".to_string(), "image/png"),
    };
    let cover_page = xhtml::cover_page(book, &cover_name);
    let title_page = xhtml::title_page(book);
    // Which face draws a character the book's faces lack (symbols, emoji), as the PDF chooses.
    let coverage = crate::fonts::Coverage::new(&book.fonts);
    let chapters: Vec<(String, String)> = (0..book.chapters.len())
        .map(|i| {
            (
                xhtml::chapter_file(&book.chapters[i]),
                xhtml::chapter(book, i, &coverage),
            )
        })
        .collect();
    let nav = xhtml::nav(book);

    let documents: Vec<&str> = [cover_page.as_str(), title_page.as_str(), nav.as_str()]
        .into_iter()
        .chain(chapters.iter().map(|(_, doc)| doc.as_str()))
        .collect();
    // The thematic break's ornament is drawn by the stylesheet: its characters are the book's too.
    let chars = crate::subset::characters(
        documents
            .iter()
            .copied()
            .chain(std::iter::once(book.pdf.ornament.as_str())),
    );
    let packed = faces::packed(book, &coverage, &documents, &chars);
    let mut css = font_faces(book, &packed.faces);
    css.push_str(STYLE);
    css.push_str(&font_stacks(book, &packed, &coverage));
    css.push_str(&ornament_rule(&book.pdf.ornament));
    if let Some(extra) = &book.extra_css {
        css.push_str("\n/* book.toml [epub] stylesheet */\n");
        css.push_str(extra);
    }
    b.stylesheet(css.as_bytes()).map_err(err)?;
    // Fonts and images go to epub-builder empty and into the package in fixup, which compresses
    // what gains from it: epub-builder would deflate each one only for fixup to inflate it again.
    let mut resources: Vec<(String, std::borrow::Cow<[u8]>)> = Vec::new();
    for (f, _) in book
        .fonts
        .all()
        .into_iter()
        .zip(&packed.faces)
        .filter(|(_, p)| **p)
    {
        let data = crate::subset::for_text(&f.data, &chars);
        let name = format!("fonts/{}", f.name);
        b.add_resource(&name, &[][..], f.media_type).map_err(err)?;
        let data = data.map_or(
            std::borrow::Cow::Borrowed(&f.data[..]),
            std::borrow::Cow::Owned,
        );
        resources.push((name, data));
    }
    for (i, image) in book.images.iter().enumerate() {
        if book.cover != Some(i) {
            b.add_resource(&image.name, &[][..], image.media_type)
                .map_err(err)?;
            resources.push((
                image.name.clone(),
                std::borrow::Cow::Borrowed(&image.data[..]),
            ));
        }
    }
    b.add_cover_image(&cover_name, &[][..], cover_type)
        .map_err(err)?;
    b.add_content(
        EpubContent::new(xhtml::COVER_PAGE, cover_page.as_bytes()).reftype(ReferenceType::Cover),
    )
    .map_err(err)?;
    b.add_content(
        EpubContent::new(xhtml::TITLE_PAGE, title_page.as_bytes())
            .reftype(ReferenceType::TitlePage),
    )
    .map_err(err)?;
    for (i, (chapter, (file, doc))) in book.chapters.iter().zip(&chapters).enumerate() {
        let mut content =
            EpubContent::new(file.clone(), doc.as_bytes()).title(chapter.title_text());
        if i == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        for s in &chapter.sections {
            if let Some(el) = toc_element(file, s, book.toc_depth) {
                content = content.child(el);
            }
        }
        b.add_content(content).map_err(err)?;
    }
    let mut package = Vec::new();
    b.generate(&mut package).map_err(err)?;

    let fixes = fixup::Fixes {
        language: &escape(&m.language),
        direction: m.direction.as_str(),
        identifier: &escape(&m.identifier),
        title: &escape(&m.title),
        extra_metadata: &extra_metadata(book),
        toc_depth: toc_depth(book),
        nav: &nav,
        nav_after: xhtml::TITLE_PAGE,
        resources: resources
            .iter()
            .map(|(name, data)| (format!("OEBPS/{name}"), &data[..]))
            .collect(),
        cover: format!("OEBPS/{cover_name}"),
    };
    // The cover goes into the package last: it was drawn meanwhile.
    fixup::apply(&package, &fixes, || match (cover()?, book.cover) {
        (Some(drawn), _) => Ok(std::borrow::Cow::Owned(drawn)),
        (None, Some(i)) => Ok(std::borrow::Cow::Borrowed(&book.images[i].data[..])),
        (None, None) => Err(Error::new("internal error: the EPUB has no cover")),
    })
}

fn toc_element(file: &str, s: &Section, depth: u8) -> Option<TocElement> {
    if s.level > depth {
        return None;
    }
    let mut el =
        TocElement::new(format!("{file}#{}", s.id), s.title.as_str()).level(i32::from(s.level));
    for c in &s.children {
        if let Some(child) = toc_element(file, c, depth) {
            el = el.child(child);
        }
    }
    Some(el)
}

/// The depth of the table of contents as the NCX counts it.
fn toc_depth(book: &Book) -> usize {
    fn depth(sections: &[Section], max: u8) -> usize {
        sections
            .iter()
            .filter(|s| s.level <= max)
            .map(|s| 1 + depth(&s.children, max))
            .max()
            .unwrap_or(0)
    }
    1 + book
        .chapters
        .iter()
        .map(|c| depth(&c.sections, book.toc_depth))
        .max()
        .unwrap_or(0)
}

/// `@font-face` rules for the faces the EPUB packs (`packed`, in [`crate::model::FontSet::all`]'s
/// order: the four text faces, the code face, the fallbacks).
fn font_faces(book: &Book, packed: &[bool]) -> String {
    let mut css = String::new();
    let styles = [
        ("normal", "normal"),
        ("bold", "normal"),
        ("normal", "italic"),
        ("bold", "italic"),
    ];
    for (k, f) in book.fonts.all().into_iter().enumerate() {
        if !packed.get(k).copied().unwrap_or(false) {
            continue;
        }
        // The code face and the fallbacks have one face each: normal.
        let (weight, style) = styles.get(k).copied().unwrap_or(("normal", "normal"));
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{}\"; font-weight: {weight}; font-style: {style}; src: url(\"fonts/{}\"); }}",
            f.family, f.name
        );
    }
    css
}

/// The font families text and code are set in, when they are not the built-in stylesheet's: the
/// book's text family (and the code face, when it draws characters the text faces lack), then the
/// fallback faces the EPUB packs, in the order the PDF tries them; code
/// in the code face, then the same; an emoji ([`xhtml`] puts it in `span.emoji`) in the text family,
/// then the emoji faces, then the others, as the PDF chooses for it ([`crate::fonts::pick`]).
/// Written after the built-in stylesheet, whose rules they replace.
fn font_stacks(book: &Book, packed: &faces::Packed, coverage: &crate::fonts::Coverage) -> String {
    let quoted = |f: &str| format!("\"{f}\"");
    let text = &book.fonts.regular.family;
    let fallbacks: Vec<(String, bool)> = book
        .fonts
        .fallback
        .iter()
        .enumerate()
        .filter(|(k, _)| packed.faces.get(5 + k).copied().unwrap_or(false))
        .map(|(k, f)| (quoted(&f.family), coverage.is_emoji_face(5 + k)))
        .collect();
    if text == "Amiri" && fallbacks.is_empty() && !packed.code_face_for_text {
        return String::new();
    }
    // The text family, and the code face when it draws characters the text faces lack.
    let mut first = vec![quoted(text)];
    if packed.code_face_for_text {
        first.push(quoted(&book.fonts.mono.family));
    }
    let families = |emoji_first: bool| {
        let mut order: Vec<&(String, bool)> = fallbacks.iter().collect();
        if emoji_first {
            order.sort_by_key(|(_, emoji)| !emoji);
        }
        order
            .into_iter()
            .map(|(f, _)| f.clone())
            .collect::<Vec<_>>()
    };
    let mut text_stack = first.clone();
    text_stack.extend(families(false));
    let mut code_stack = vec![quoted(&book.fonts.mono.family), quoted(text)];
    code_stack.extend(families(false));
    let mut css = format!(
        "html {{ font-family: {}, serif; }}\ncode, kbd, pre {{ font-family: {}, monospace; }}\n",
        text_stack.join(", "),
        code_stack.join(", ")
    );
    if fallbacks.iter().any(|(_, emoji)| *emoji) {
        let mut emoji_stack = first;
        emoji_stack.extend(families(true));
        let _ = writeln!(
            css,
            "span.emoji {{ font-family: {}, serif; }}",
            emoji_stack.join(", ")
        );
    }
    css
}

/// Metadata elements epub-builder cannot write: date, subtitle, publisher, contributors
/// and the accessibility metadata (schema.org) that EPUB Accessibility 1.1 and Ace ask for.
fn extra_metadata(book: &Book) -> String {
    let m = &book.meta;
    let labels = locale::labels(&m.language);
    let mut x = Vec::new();
    if let Some(date) = &m.date {
        x.push(format!("<dc:date>{}</dc:date>", escape(date)));
    }
    if let Some(sub) = &m.subtitle {
        x.push(format!(
            "<dc:title id=\"subtitle\">{}</dc:title>",
            escape(sub)
        ));
        x.push("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".to_string());
    }
    if let Some(p) = &m.publisher {
        x.push(format!("<dc:publisher>{}</dc:publisher>", escape(p)));
    }
    for (i, c) in m.contributors.iter().enumerate() {
        x.push(format!(
            "<dc:contributor id=\"contributor-{i}\">{}</dc:contributor>",
            escape(c)
        ));
    }
    let has_images = !book.images.is_empty();
    x.push("<meta property=\"schema:accessMode\">textual</meta>".to_string());
    if has_images {
        x.push("<meta property=\"schema:accessMode\">visual</meta>".to_string());
    }
    x.push("<meta property=\"schema:accessModeSufficient\">textual</meta>".to_string());
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if has_images && all_images_described(book) {
        features.push("alternativeText");
    }
    for f in features {
        x.push(format!(
            "<meta property=\"schema:accessibilityFeature\">{f}</meta>"
        ));
    }
    x.push("<meta property=\"schema:accessibilityHazard\">none</meta>".to_string());
    let mut summary = labels.accessibility_summary.to_string();
    if has_images && all_images_described(book) {
        summary.push(' ');
        summary.push_str(labels.images_have_alt);
    }
    x.push(format!(
        "<meta property=\"schema:accessibilitySummary\">{}</meta>",
        escape(&summary)
    ));
    x.join("\n    ")
}

/// True when every image of the book has a text alternative.
fn all_images_described(book: &Book) -> bool {
    let mut ok = true;
    for chapter in &book.chapters {
        let notes = chapter.footnotes.iter().flat_map(|n| n.blocks.iter());
        for block in chapter.blocks.iter().chain(notes) {
            block.visit_inlines(&mut |inlines| ok &= images_described(inlines));
        }
    }
    ok
}

fn images_described(inlines: &[crate::model::Inline]) -> bool {
    use crate::model::Inline;
    let mut described = true;
    Inline::visit_images(inlines, &mut |i| {
        described &= matches!(i, Inline::Image { alt, .. } if !alt.trim().is_empty());
    });
    described
}

/// The thematic break (`<hr/>`) drawn as the book's ornament, centred, as the PDF draws it.
fn ornament_rule(ornament: &str) -> String {
    let mut quoted = String::new();
    for c in ornament.chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            c if c.is_control() => quoted.push(' '),
            c => quoted.push(c),
        }
    }
    format!(
        "hr {{ border: 0; margin-inline: 0; text-align: center; overflow: visible; height: auto; }}\nhr::after {{ content: \"{quoted}\"; }}\n"
    )
}
