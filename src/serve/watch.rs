//! Watching the manuscript folder (`notify`, with its debouncer): a change becomes one
//! [`Signal::Changed`] once the files have been quiet for a moment (an editor's save is several
//! events: a temporary file written, renamed, its folder touched).
//!
//! Only changes count: a file opened or read (a build reads every file of the manuscript) is not
//! one, or every build would start the next. The output folder is left out (a build writes there),
//! and so are files no build reads: hidden ones (`.book.toml.swp`, `.#01.md`), backups (`01.md~`).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::Signal;
use crate::error::{Error, Result};

/// How long the files must be quiet before a build: an editor's save is over well within it, and an
/// author waits for no more than it.
const QUIET: Duration = Duration::from_millis(40);

/// The running watcher; dropping it stops the watching.
pub type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Watches `manuscript` (but not what builds write in `out`) and sends each change to `tx`.
pub fn start(manuscript: &Path, out: &Path, tx: Sender<Signal>) -> Result<Watcher> {
    let cannot_watch = |e: notify::Error| {
        Error::in_file(manuscript, format!("cannot watch the manuscript folder: {e}"))
            .help("on Linux, raise the limit of watched folders (fs.inotify.max_user_watches), or build with `publish build`")
    };
    let root = manuscript
        .canonicalize()
        .map_err(|e| Error::io(manuscript, "watch the manuscript folder", &e))?;
    // The output folder made now if no build has yet, so that it is known by its real path.
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, "create the output folder", &e))?;
    let out = out
        .canonicalize()
        .map_err(|e| Error::io(out, "open the output folder", &e))?;
    let watched = root.clone();
    let mut debouncer = new_debouncer(QUIET, None, move |events: DebounceEventResult| {
        let Ok(events) = events else { return };
        let mut changed: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| is_change(&e.kind))
            .flat_map(|e| e.event.paths)
            .filter(|p| read_by_builds(&real(p), &watched, &out))
            .collect();
        changed.dedup();
        if !changed.is_empty() {
            let _ = tx.send(Signal::Changed(changed));
        }
    })
    .map_err(cannot_watch)?;
    debouncer
        .watch(&root, RecursiveMode::Recursive)
        .map_err(cannot_watch)?;
    Ok(debouncer)
}

/// `path` with the links in its folders followed (a `dist` inside the manuscript that links to a
/// folder elsewhere is that folder), as far as they exist.
fn real(path: &Path) -> PathBuf {
    match (path.parent().map(Path::canonicalize), path.file_name()) {
        (Some(Ok(folder)), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// True for an event that changes a file or folder: not one that only opens, reads or closes a
/// file unwritten, or reads its time of access.
fn is_change(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// True when a change of `path` (its folders' links followed) can change a build of the manuscript
/// at `root`: not an edition or a temporary file the build writes in `out`, nothing in `out` when it
/// lies inside the manuscript, not in a hidden folder (`.git`), not a hidden file or an editor's
/// backup.
pub fn read_by_builds(path: &Path, root: &Path, out: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let edition = path.parent() == Some(out)
        && Path::new(name)
            .extension()
            .is_some_and(|e| e == "epub" || e == "pdf");
    // An output folder that holds the manuscript (`-o .` inside it) leaves only the editions out.
    let in_out = path.starts_with(out) && !root.starts_with(out);
    let hidden = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|c| c.starts_with('.')));
    !(edition
        || in_out
        || hidden
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn the_output_folder_and_editors_files_are_not_watched() {
        let (root, out) = (Path::new("/m"), Path::new("/m/dist"));
        let read = |p: &str| read_by_builds(Path::new(p), root, out);
        assert!(read("/m/01.md"));
        assert!(read("/m/images/a.png"));
        assert!(!read("/m/dist/book.pdf"));
        assert!(!read("/m/dist/.book.pdf.12.tmp"));
        assert!(!read("/m/dist/notes.txt"));
        assert!(!read("/m/.01.md.swp"));
        assert!(!read("/m/01.md~"));
        assert!(!read("/m/.git/index.lock"));
        // Editions written into the manuscript folder itself (`-o .`): only they are left out.
        let (root, out) = (Path::new("/m"), Path::new("/m"));
        assert!(read_by_builds(Path::new("/m/01.md"), root, out));
        assert!(!read_by_builds(Path::new("/m/book.epub"), root, out));
        assert!(!read_by_builds(Path::new("/m/.book.epub.7.tmp"), root, out));
        // An output folder above the manuscript (`-m manuscript -o .`).
        let (root, out) = (Path::new("/p/manuscript"), Path::new("/p"));
        assert!(read_by_builds(Path::new("/p/manuscript/01.md"), root, out));
    }
}
