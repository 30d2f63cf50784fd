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

/// Watches `manuscript` (but not `out`) and sends each change to `tx`.
pub fn start(manuscript: &Path, out: &Path, tx: Sender<Signal>) -> Result<Watcher> {
    let manuscript = manuscript
        .canonicalize()
        .map_err(|e| Error::io(manuscript, "watch the manuscript folder", &e))?;
    // The output folder made now if no build has yet, so that it is known by the path the watcher
    // gives its files.
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, "create the output folder", &e))?;
    let out = out
        .canonicalize()
        .map_err(|e| Error::io(out, "open the output folder", &e))?;
    let mut debouncer = new_debouncer(QUIET, None, move |events: DebounceEventResult| {
            let Ok(events) = events else { return };
            let mut changed: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.event.paths)
                .filter(|p| read_by_builds(p, &out))
                .collect();
            changed.dedup();
            if !changed.is_empty() {
                let _ = tx.send(Signal::Changed(changed));
            }
        })
    .map_err(|e| {
        Error::in_file(&manuscript, format!("cannot watch the manuscript folder: {e}"))
            .help("on Linux, raise the limit of watched folders (fs.inotify.max_user_watches) or build with `publish build`")
    })?;
    debouncer
        .watch(&manuscript, RecursiveMode::Recursive)
        .map_err(|e| {
            Error::in_file(&manuscript, format!("cannot watch the manuscript folder: {e}"))
                .help("on Linux, raise the limit of watched folders (fs.inotify.max_user_watches) or build with `publish build`")
        })?;
    Ok(debouncer)
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

/// True when a change of `path` can change a build: not in the output folder `out`, not a hidden
/// file or an editor's backup.
pub fn read_by_builds(path: &Path, out: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !(name.starts_with('.')
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
        let out = Path::new("/m/dist");
        assert!(read_by_builds(Path::new("/m/01.md"), out));
        assert!(read_by_builds(Path::new("/m/images/a.png"), out));
        assert!(!read_by_builds(Path::new("/m/dist/book.pdf"), out));
        assert!(!read_by_builds(Path::new("/m/dist/.book.pdf.12.tmp"), out));
        assert!(!read_by_builds(Path::new("/m/.01.md.swp"), out));
        assert!(!read_by_builds(Path::new("/m/01.md~"), out));
    }
}
