//! The preview of one build: every file `publish serve` answers with, made from the editions in
//! memory, so that nothing else on the disk can be reached through the server.
//!
//! The EPUB's entries are served as they are under `/book/` (the XHTML as `application/xhtml+xml`,
//! parsed as a reading system parses it), each document with one script added to its head:
//! `live.js`, which reloads the page after the next good build and shows a failed build's errors.
//! The start page (`/`) lists the book's contents, copied from the EPUB's navigation document, and
//! links to the PDF, served as `/<slug>.pdf` and shown in `/pdf.html`.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::build::Built;
use crate::error::{Error, Result};
use crate::xml::escape;

/// The script every served page carries (see the module's documentation), served by [`super::http`]
/// whatever became of the builds.
pub const LIVE_JS: &str = include_str!("live.js");

/// The path the script is served at.
pub const LIVE_PATH: &str = "/__publish/live.js";

/// The path pages listen to builds at.
pub const EVENTS_PATH: &str = "/__publish/events";

/// The folder of the EPUB's documents, as its package names it.
const BOOK: &str = "/book/";

/// A served file: its bytes and media type.
pub struct File {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
}

/// The files of one build's preview, by the path they are served at.
pub struct Site {
    files: HashMap<String, File>,
}

impl Site {
    /// The preview of `built`, the build numbered `generation`.
    pub fn new(built: &Built, generation: u64) -> Result<Site> {
        let script =
            format!("<script src=\"{LIVE_PATH}\" data-generation=\"{generation}\"></script>");
        let unreadable = |e: zip::result::ZipError| {
            Error::new(format!("the preview cannot read the EPUB just built: {e}"))
                .help("report this with the manuscript")
        };
        let mut files = HashMap::new();
        let mut nav = None;
        let mut stylesheets = Vec::new();
        if let Some(epub) = built.edition("epub") {
            let mut archive = zip::ZipArchive::new(Cursor::new(&epub.bytes)).map_err(unreadable)?;
            for i in 0..archive.len() {
                let mut entry = archive.by_index(i).map_err(unreadable)?;
                if entry.is_dir() {
                    continue;
                }
                let name = entry.name().to_string();
                let mut bytes = Vec::with_capacity(entry.size() as usize);
                entry
                    .read_to_end(&mut bytes)
                    .map_err(|e| unreadable(e.into()))?;
                let media_type = media_type(&name);
                if name.ends_with("nav.xhtml") {
                    nav = Some((name.clone(), String::from_utf8_lossy(&bytes).into_owned()));
                }
                if name.ends_with(".css") {
                    stylesheets.push(format!("{BOOK}{name}"));
                }
                if media_type == "application/xhtml+xml" {
                    bytes = with_script(&bytes, &script);
                }
                files.insert(format!("{BOOK}{name}"), File { bytes, media_type });
            }
        }
        // Each edition's file as well, at its name (the slug's: ASCII letters, digits, '-', '_' and
        // '.', nothing to encode).
        let mut edition = |format: &str, media_type: &'static str| {
            built.edition(format).map(|e| {
                let name = e
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| format!("book.{format}"));
                let path = format!("/{name}");
                let bytes = e.bytes.clone();
                files.insert(path.clone(), File { bytes, media_type });
                path
            })
        };
        let pdf_path = edition("pdf", "application/pdf");
        let epub_path = edition("epub", "application/epub+zip");
        if let Some(pdf) = &pdf_path {
            files.insert("/pdf.html".into(), html(pdf_page(built, &script, pdf)));
        }
        let editions = Editions {
            pdf: pdf_path,
            epub: epub_path,
            stylesheets,
        };
        let start = start_page(built, &script, nav.as_ref(), &editions);
        files.insert("/".into(), html(start));
        Ok(Site { files })
    }

    /// The file served at `path` (decoded, without its query), if any.
    pub fn get(&self, path: &str) -> Option<&File> {
        let path = if path == "/index.html" { "/" } else { path };
        self.files.get(path)
    }

    /// The paths served, sorted (for tests and the terminal).
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

fn html(text: String) -> File {
    File {
        bytes: text.into_bytes(),
        media_type: "text/html; charset=utf-8",
    }
}

/// The media type of an EPUB entry, by its extension.
fn media_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xhtml" => "application/xhtml+xml",
        "css" => "text/css; charset=utf-8",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "opf" | "ncx" | "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// An XHTML document with the live script as the last element of its head (left as it is when it
/// has no head).
fn with_script(xhtml: &[u8], script: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(xhtml);
    match text.find("</head>") {
        Some(k) => format!("{}{script}{}", &text[..k], &text[k..]).into_bytes(),
        None => xhtml.to_vec(),
    }
}

/// The head every generated page shares: the book's language and direction, the live script.
fn head(built: &Built, script: &str, title: &str) -> String {
    let dir = if built.rtl { "rtl" } else { "ltr" };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{}</title>\n{script}\n",
        escape(&built.language),
        escape(title)
    )
}

/// Where the start page finds the editions, and the EPUB's stylesheets it is set with.
struct Editions {
    pdf: Option<String>,
    epub: Option<String>,
    stylesheets: Vec<String>,
}

/// The start page: the book's title, its editions, and its contents as the EPUB's navigation
/// document lists them, each entry a link to the document it names; in the EPUB's own stylesheet
/// and fonts.
fn start_page(
    built: &Built,
    script: &str,
    nav: Option<&(String, String)>,
    editions: &Editions,
) -> String {
    let mut page = head(built, script, &built.title);
    // The navigation document's links are relative to its own folder in the package.
    if let Some((name, _)) = nav {
        let folder = name.rsplit_once('/').map_or("", |(f, _)| f);
        let base = if folder.is_empty() {
            BOOK.to_string()
        } else {
            format!("{BOOK}{folder}/")
        };
        page.push_str(&format!("<base href=\"{}\"/>\n", escape(&base)));
    }
    for css in &editions.stylesheets {
        page.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{}\"/>\n",
            escape(css)
        ));
    }
    page.push_str(
        "<style>body{max-width:44em;margin:2em auto;padding:0 1em}\
         \
         nav[hidden],nav[epub\\:type=landmarks],nav[epub\\:type=page-list]{display:none}</style>\n</head>\n<body>\n",
    );
    // The editions: each shown in the browser, and its file to download; in the order and direction
    // of their Latin names, on the side the book's lines start from.
    let side = if built.rtl { "right" } else { "left" };
    page.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"editions\" dir=\"ltr\" style=\"text-align:{side}\">",
        escape(&built.title)
    ));
    let mut links = Vec::new();
    let file = |path: &str| path.trim_start_matches('/').to_string();
    if let Some(epub) = &editions.epub {
        links.push(format!(
            "<a href=\"{BOOK}OEBPS/title.xhtml\">EPUB</a> (<a href=\"{epub}\" download=\"\">{}</a>)",
            file(epub)
        ));
    }
    if let Some(pdf) = &editions.pdf {
        links.push(format!(
            "<a href=\"/pdf.html\">PDF</a> (<a href=\"{pdf}\" download=\"\">{}</a>)",
            file(pdf)
        ));
    }
    page.push_str(&links.join(" · "));
    page.push_str("</p>\n");
    match nav.and_then(|(_, text)| toc(text)) {
        Some(toc) => page.push_str(toc),
        None => page.push_str("<p>The book has no contents to list.</p>\n"),
    }
    page.push_str("</body>\n</html>\n");
    page
}

/// The `<nav>` of the table of contents in the navigation document `text`, as written there.
fn toc(text: &str) -> Option<&str> {
    let start = text.find("<nav")?;
    let end = text[start..].find("</nav>")? + start + "</nav>".len();
    Some(&text[start..end])
}

/// The PDF shown in the browser's own viewer, in a page that reloads after the next good build.
fn pdf_page(built: &Built, script: &str, pdf: &str) -> String {
    format!(
        "{}<style>html,body{{margin:0;height:100%}}iframe{{border:0;width:100%;height:100%}}</style>\n\
         </head>\n<body>\n<iframe src=\"{pdf}\" title=\"PDF\"></iframe>\n</body>\n</html>\n",
        head(built, script, &format!("{} (PDF)", built.title))
    )
}
