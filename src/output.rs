//! Writing editions to disk without ever leaving a broken one behind, or one edition of a build beside
//! another of the build before.
//!
//! Every edition of a build is written to a temporary file in its output folder and synced; only when
//! all of them are complete are they renamed over the previous editions, and should one of those
//! renames fail, the editions already renamed are put back as they were. A failed build (or a crash
//! mid-write) leaves every previous edition byte for byte as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes every `(path, data)` so that all of them are replaced or none is: each to a temporary
/// file beside it (at once, on threads of their own: the waits for the disk overlap), then, once all
/// are written, each renamed over its path.
pub fn write_together(files: &[(PathBuf, &[u8])]) -> Result<()> {
    // A destination that cannot be replaced is found before anything is written.
    for (path, _) in files {
        let dir = folder(path);
        if dir.exists() && !dir.is_dir() {
            return Err(Error::in_file(
                dir,
                "cannot write the editions: the output folder is a file",
            )
            .help("choose another output folder with -o DIR, or move that file away"));
        }
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(
                Error::in_file(path, "cannot write the edition: a folder has its name")
                    .help("move or rename that folder, or choose another output folder with -o"),
            );
        }
    }
    let written: Vec<Result<PathBuf>> = std::thread::scope(|s| {
        let writers: Vec<_> = files
            .iter()
            .map(|(path, data)| s.spawn(move || temporary(path, data)))
            .collect();
        writers
            .into_iter()
            .map(|w| {
                w.join().unwrap_or_else(|_| {
                    Err(Error::new(
                        "an edition could not be written: its thread failed",
                    ))
                })
            })
            .collect()
    });
    let temps: Vec<PathBuf> = written.iter().flatten().cloned().collect();
    let remove = |files: &[PathBuf]| files.iter().for_each(|f| drop(std::fs::remove_file(f)));
    if let Some(Err(e)) = written.into_iter().find(Result::is_err) {
        remove(&temps);
        return Err(e);
    }
    // The previous editions are kept (as second names of the same files) until every new one is in
    // place, so that a rename that fails can be undone.
    let mut kept = Vec::with_capacity(files.len());
    for (path, _) in files {
        match keep(path) {
            Ok(old) => kept.push(old),
            Err(e) => {
                remove(&temps);
                remove(&kept.into_iter().flatten().collect::<Vec<_>>());
                return Err(e);
            }
        }
    }
    let paths: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    replace(&paths, &temps, &kept)
}

/// Renames each of `temps` over its path; should one rename fail, the paths already replaced get back
/// what `kept` holds of them (or are removed, where there was nothing), and every temporary and kept
/// file is removed.
fn replace(paths: &[&Path], temps: &[PathBuf], kept: &[Option<PathBuf>]) -> Result<()> {
    let mut done = 0;
    let mut failure = None;
    for (path, tmp) in paths.iter().zip(temps) {
        if let Err(e) = std::fs::rename(tmp, path) {
            failure = Some(Error::io(path, "write the edition", &e));
            break;
        }
        done += 1;
    }
    if let Some(e) = failure {
        for (path, old) in paths.iter().zip(kept).take(done) {
            match old {
                Some(old) => {
                    let _ = std::fs::rename(old, path);
                }
                None => {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        for tmp in temps.iter().skip(done) {
            let _ = std::fs::remove_file(tmp);
        }
        for old in kept.iter().skip(done).flatten() {
            let _ = std::fs::remove_file(old);
        }
        return Err(e);
    }
    for old in kept.iter().flatten() {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// A temporary file beside `path`, named after it and this process.
fn temporary_name(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("edition");
    folder(path).join(format!(".{name}.{}.{what}", std::process::id()))
}

fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `data` written and synced to a temporary file beside `path`; its name.
fn temporary(path: &Path, data: &[u8]) -> Result<PathBuf> {
    let dir = folder(path);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the output folder", &e))?;
    let tmp = temporary_name(path, "tmp");
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()
    })();
    result.map(|()| tmp.clone()).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, "write the edition", &e)
    })
}

/// The previous edition at `path` kept under a second name until the new one is in place (`None`:
/// there is none).
fn keep(path: &Path) -> Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let old = temporary_name(path, "old");
    let _ = std::fs::remove_file(&old);
    std::fs::hard_link(path, &old)
        .or_else(|_| std::fs::copy(path, &old).map(|_| ()))
        .map_err(|e| Error::io(path, "keep the previous edition while writing", &e))?;
    Ok(Some(old))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_atomically_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/book.epub");
        write_together(&[(path.clone(), b"one")]).unwrap();
        write_together(&[(path.clone(), b"two")]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(path.parent().unwrap()), ["book.epub"]);
    }

    #[test]
    fn editions_are_replaced_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let (epub, pdf) = (dir.path().join("b.epub"), dir.path().join("b.pdf"));
        write_together(&[(epub.clone(), b"e1"), (pdf.clone(), b"p1")]).unwrap();
        write_together(&[(epub.clone(), b"e2"), (pdf.clone(), b"p2")]).unwrap();
        assert_eq!(std::fs::read(&epub).unwrap(), b"e2");
        assert_eq!(std::fs::read(&pdf).unwrap(), b"p2");
        // A folder where the second edition goes: neither is replaced, nothing is left behind.
        let blocked = dir.path().join("c.pdf");
        std::fs::create_dir(&blocked).unwrap();
        let err = write_together(&[(epub.clone(), b"e3"), (blocked.clone(), b"p3")]).unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
        assert_eq!(std::fs::read(&epub).unwrap(), b"e2");
        assert_eq!(names(dir.path()), ["b.epub", "b.pdf", "c.pdf"]);
    }

    #[test]
    fn a_rename_that_fails_puts_back_the_editions_already_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("b.pdf"), dir.path().join("b.epub"));
        write_together(&[(first.clone(), b"old"), (second.clone(), b"old")]).unwrap();
        let temps = [
            temporary(&first, b"new").unwrap(),
            temporary(&second, b"new").unwrap(),
        ];
        let kept = [keep(&first).unwrap(), keep(&second).unwrap()];
        // The second destination turns into a folder after the checks: its rename fails.
        std::fs::remove_file(&second).unwrap();
        std::fs::create_dir(&second).unwrap();
        std::fs::write(second.join("x"), b"").unwrap();
        assert!(replace(&[&first, &second], &temps, &kept).is_err());
        assert_eq!(std::fs::read(&first).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["b.epub", "b.pdf"]);
    }
}
