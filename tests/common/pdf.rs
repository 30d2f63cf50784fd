//! Helpers for the PDF tests: build a PDF with the real binary, find poppler, qpdf, MuPDF and the shared
//! Python checkers (mandatory in CI, skipped with a printed reason elsewhere).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{publish, root, stderr};

pub fn tool(name: &str) -> bool {
    if Command::new(name).arg("-v").output().is_ok()
        || Command::new(name).arg("--version").output().is_ok()
    {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{name} is required in CI (.ci/run installs poppler-utils and qpdf)");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {name} not available");
    false
}

pub fn build_pdf(manuscript: &Path, out: &Path) -> PathBuf {
    let o = publish()
        .args(["build", "-q", "--format", "pdf", "-m"])
        .arg(manuscript)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let pdfs: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    pdfs.into_iter().next().unwrap()
}

pub fn run_tool(name: &str, args: &[&str], file: &Path) -> String {
    let o = Command::new(name).args(args).arg(file).output().unwrap();
    assert!(
        o.status.success(),
        "{name} failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A Python with pikepdf and fontTools (PUBLISH_PYTHON from .ci/run, else python3), and the shared
/// script `name`, or a skip (a failure in CI when the script is there but Python is not).
pub fn shared_checker(name: &str) -> Option<(String, PathBuf)> {
    let script = root().join("../shared/tools").join(name);
    let python = std::env::var("PUBLISH_PYTHON")
        .ok()
        .into_iter()
        .chain(Some("python3".to_string()))
        .find(|p| {
            Command::new(p)
                .args(["-c", "import pikepdf, fontTools"])
                .output()
                .is_ok_and(|o| o.status.success())
        });
    match python {
        Some(python) if script.exists() => Some((python, script)),
        None if script.exists() && std::env::var_os("CI").is_some() => {
            panic!("{name} needs Python with pikepdf and fontTools in CI (.ci/run installs them)")
        }
        _ => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {name} or Python with pikepdf and fontTools not available"
            );
            None
        }
    }
}

/// `text` with format characters (the direction marks and joiners the PDF's text carries) dropped and
/// every run of white space (a no-break space too) made one space.
pub fn plain(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| c.is_whitespace() || !publish::script::is_invisible(c))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `pdftotext ARGS FILE -` prints.
pub fn pdf_text(args: &[&str], pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A font's ToUnicode map (`bfchar` and `bfrange` entries of two-byte codes).
/// A PDF array of numbers (a box, a rectangle) as numbers.
pub fn numbers(array: &lopdf::Object) -> Vec<f32> {
    array
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect()
}

pub fn to_unicode(doc: &lopdf::Document, font: &lopdf::Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Ok(stream) = font
        .get(b"ToUnicode")
        .and_then(|o| o.as_reference())
        .and_then(|r| doc.get_object(r))
        .and_then(|o| o.as_stream())
    else {
        return map;
    };
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&data);
    let hex = |s: &str| -> Option<Vec<u16>> {
        let s = s.trim().trim_start_matches('<').trim_end_matches('>');
        (0..s.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(s.get(i..i + 4)?, 16).ok())
            .collect()
    };
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            section = "char";
        } else if line.ends_with("beginbfrange") {
            section = "range";
        } else if line.starts_with("end") {
            section = "";
        } else if !section.is_empty() {
            let fields: Vec<&str> = line.split('>').map(|f| f.trim()).collect();
            if section == "char" && fields.len() >= 2 {
                if let (Some(code), Some(units)) = (hex(fields[0]), hex(fields[1])) {
                    map.insert(code[0], String::from_utf16_lossy(&units));
                }
            } else if section == "range" && fields.len() >= 3 {
                if let (Some(a), Some(b), Some(units)) =
                    (hex(fields[0]), hex(fields[1]), hex(fields[2]))
                {
                    for (k, code) in (a[0]..=b[0]).enumerate() {
                        let mut u = units.clone();
                        *u.last_mut().unwrap() += k as u16;
                        map.insert(code, String::from_utf16_lossy(&u));
                    }
                }
            }
        }
    }
    map
}
