//! Which files of the manuscript folder are chapters, and in which order: those `book.toml` lists,
//! in its order; or else the folder's Markdown files (`.md`, `.markdown`) but `README.md`, names
//! starting with `_` (the author's notes) and hidden ones, in the order of their names with numbers
//! read as numbers (`2.md` before `10.md`, in Western or Arabic-Indic digits). Also the Markdown files
//! left out, and why, for `publish check` to list.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{outside, outside_error, Error, OUTSIDE_HELP};

/// The chapter files in reading order: those `book.toml` lists, or else the folder's Markdown files
/// ([`is_chapter_file`]) in [`reading_order`]. A listed file that cannot be taken is an error, and
/// the others are still taken.
pub(super) fn chapter_files(
    dir: &Path,
    root: &Path,
    toml_path: &Path,
    config: &Config,
    errors: &mut Vec<Error>,
) -> Vec<PathBuf> {
    let files = match &config.chapters {
        Some(list) => {
            let mut files = Vec::new();
            for (name, line) in list {
                let path = dir.join(name);
                if !path.is_file() {
                    errors.push(Error::at_place(toml_path, *line, format!("chapter file `{name}` is listed but not found in the manuscript folder"))
                        .help("list chapter files relative to book.toml, or remove `chapters` to take every .md file"));
                } else if outside(root, &path) {
                    errors.push(
                        Error::at_place(toml_path, *line, outside_error("chapter file", name))
                            .help(OUTSIDE_HELP),
                    );
                } else if files.contains(&path) {
                    errors.push(
                        Error::at_place(
                            toml_path,
                            *line,
                            format!("chapter file `{name}` is listed twice"),
                        )
                        .help("list every chapter once"),
                    );
                } else {
                    files.push(path);
                }
            }
            files
        }
        None => {
            let entries = match std::fs::read_dir(dir) {
                Ok(entries) => entries,
                Err(e) => {
                    errors.push(Error::io(dir, "list the manuscript folder", &e));
                    return Vec::new();
                }
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_chapter_file(p))
                .collect();
            files.sort_by(|a, b| reading_order(a, b));
            files.retain(|f| {
                let inside = !outside(root, f);
                if !inside {
                    let name = f.file_name().unwrap_or_default().to_string_lossy();
                    errors.push(
                        Error::in_file(f, outside_error("chapter file", &name)).help(
                            "copy the chapter into the manuscript folder, or remove the link",
                        ),
                    );
                }
                inside
            });
            files
        }
    };
    // (A list in error stands empty: its error is the one to mend.)
    let list_in_error = config.left_out.iter().any(|k| k == "book.chapters");
    if files.is_empty() && !list_in_error && config.chapters.as_ref().is_none_or(|l| l.is_empty()) {
        errors.push(Error::in_file(dir, "the manuscript has no chapter files").help(
            "add chapter files ending in .md, each starting with `# Title` (names starting with `_` and README.md are not chapters)",
        ));
    }
    files
}

/// The Markdown files of the folder `dir` that are not among `chapters`, and why: named from `_`,
/// README, or (when `book.toml` lists the chapters) not listed.
pub(super) fn not_chapters(
    dir: &Path,
    chapters: &[PathBuf],
    listed: bool,
) -> Vec<(PathBuf, &'static str)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut skipped: Vec<(PathBuf, &'static str)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && is_markdown(p) && !chapters.contains(p))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let why = if listed && is_chapter_file(&p) {
                "not listed in book.toml's `chapters`"
            } else if name.starts_with('_') {
                "its name starts with `_`"
            } else if name.starts_with('.') {
                "a hidden file"
            } else {
                "a README"
            };
            Some((p, why))
        })
        .collect();
    skipped.sort_by(|a, b| reading_order(&a.0, &b.0));
    skipped
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A file of the folder that is a chapter when `book.toml` lists none: Markdown (`.md`,
/// `.markdown`), not `README.md`, not named from `_` (the author's own notes: `_notes.md`), not
/// hidden (an editor's `.#01.md`).
pub fn is_chapter_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let markdown = is_markdown(path);
    let stem = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
    markdown && !name.starts_with(['_', '.']) && !stem.eq_ignore_ascii_case("readme")
}

/// The order of chapter files by name, numbers compared as numbers: `2.md` before `10.md`,
/// `chapter-9` before `chapter-10` (Arabic-Indic digits too); names that differ only in zeros
/// (`01.md`, `1.md`) by their text.
pub fn reading_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (a, b) = (name(a), name(b));
    natural(&a, &b).then_with(|| a.cmp(&b))
}

/// `a` and `b` compared with each run of digits read as a number.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let digit = |c: char| match c {
        '0'..='9' => c.to_digit(10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    };
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if digit(x).is_some() && digit(y).is_some() => {
                let number = |it: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut digits = Vec::new();
                    while let Some(d) = it.peek().and_then(|&c| digit(c)) {
                        digits.push(d);
                        it.next();
                    }
                    let start = digits.iter().position(|&d| d != 0).unwrap_or(digits.len());
                    digits.split_off(start)
                };
                let (m, n) = (number(&mut a), number(&mut b));
                let order = m.len().cmp(&n.len()).then_with(|| m.cmp(&n));
                if order != Ordering::Equal {
                    return order;
                }
            }
            // A number before any letter, whichever digits it is written in: with letters compared
            // by code point, `٥` (U+0665) would come after `ب` (U+0628) but `9` before it, and the
            // order would go round in a circle.
            (Some(x), Some(_)) if digit(x).is_some() => return Ordering::Less,
            (Some(_), Some(y)) if digit(y).is_some() => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = x.to_lowercase().cmp(y.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                a.next();
                b.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut paths: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        paths.sort_by(|a, b| reading_order(a, b));
        paths.iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn numbers_in_names_compare_as_numbers() {
        assert_eq!(
            sorted(&["10.md", "2.md", "1.md"]),
            ["1.md", "2.md", "10.md"]
        );
        assert_eq!(
            sorted(&["chapter-10.md", "chapter-9.md", "Chapter-1.md"]),
            ["Chapter-1.md", "chapter-9.md", "chapter-10.md"]
        );
        assert_eq!(
            sorted(&["١٠.md", "٢.md", "3.md"]),
            ["٢.md", "3.md", "١٠.md"]
        );
        assert_eq!(sorted(&["01.md", "1.md"]), ["01.md", "1.md"]);
    }

    #[test]
    fn the_order_is_total_with_digits_of_both_kinds_and_letters() {
        // Every three names in one order, whatever they are.
        let names = [
            "9.md", "١.md", "ب.md", "a.md", "10.md", "٢٠.md", "_x.md", "B.md",
        ];
        for a in names {
            for b in names {
                let ab = reading_order(Path::new(a), Path::new(b));
                assert_eq!(
                    ab,
                    reading_order(Path::new(b), Path::new(a)).reverse(),
                    "{a} {b}"
                );
                for c in names {
                    let bc = reading_order(Path::new(b), Path::new(c));
                    if ab.is_lt() && bc.is_lt() {
                        assert!(
                            reading_order(Path::new(a), Path::new(c)).is_lt(),
                            "{a} {b} {c}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn notes_readmes_and_hidden_files_are_not_chapters() {
        for name in ["01.md", "intro.markdown", "fasl.MD"] {
            assert!(is_chapter_file(Path::new(name)), "{name}");
        }
        for name in [
            "_notes.md",
            "README.md",
            "readme.markdown",
            ".#01.md",
            "01.txt",
        ] {
            assert!(!is_chapter_file(Path::new(name)), "{name}");
        }
    }
}
