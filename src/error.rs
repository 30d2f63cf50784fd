//! Errors that reach the author.
//!
//! Every failure the tool reports is an [`Error`]: what went wrong, where (file and, when known, line and
//! column) and what to do about it. The CLI prints it as `error: FILE:LINE:COL: MESSAGE` followed by a
//! `help:` line and exits with status 1. Nothing in the pipeline panics on bad input; it returns one of these.

use std::fmt;
use std::path::{Path, PathBuf};

/// A failure with its location and a hint for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
    /// The errors found after this one in the same manuscript, reported with it ([`Error::all`]).
    /// (A boxed slice, not a `Vec`: every `Result` of the crate carries an `Error`, kept small.)
    pub also: Box<[Error]>,
}

/// A place in a file: its line and column (both 1-based, the column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    pub line: usize,
    pub column: usize,
}

impl Place {
    /// The place of byte `offset` in `text`.
    pub fn of(text: &str, offset: usize) -> Place {
        let (line, column) = line_col(text, offset);
        Place { line, column }
    }
}

/// The most errors one build or check reports: the first fifty of a manuscript show what kind of
/// mistakes it has; a thousand more would scroll them away.
pub const MAX_ERRORS: usize = 50;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something the build drops or changes on purpose, reported to the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub line: usize,
    /// The column (1-based, in characters), when the warning is about one character.
    pub column: Option<usize>,
    pub message: String,
}

impl Warning {
    /// A warning at `line` of `file`.
    pub fn at(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_path_buf(),
            line,
            column: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        // Line 0: about the file as a whole.
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// True when `path` exists and, its links followed, lies outside the manuscript folder `root` (a
/// canonical path). A publisher's build server builds manuscripts it did not write: a link to
/// `/etc/passwd` named `01.md` must not become a chapter.
pub fn outside(root: &Path, path: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| !p.starts_with(root))
}

/// The error for a file named `name` in the manuscript that lies outside it: given by an absolute
/// path, by a path that climbs out (`../`), or a link to a file elsewhere.
pub fn outside_error(what: &str, name: &str) -> String {
    let path = Path::new(name);
    let how = if path.is_absolute() {
        "it is given by an absolute path"
    } else if path
        .components()
        .any(|c| c == std::path::Component::ParentDir)
    {
        "its path leaves the folder with `..`"
    } else {
        "it is a link to a file elsewhere"
    };
    format!("{what} `{name}` is outside the manuscript folder ({how})")
}

pub const OUTSIDE_HELP: &str = "copy the file into the manuscript folder and refer to that copy";

impl Error {
    /// An error that is not tied to a file.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
            also: Box::default(),
        }
    }

    /// An error about one file.
    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        Error {
            file: Some(file.to_path_buf()),
            ..Error::new(message)
        }
    }

    /// An error at a line (1-based) of a file.
    pub fn at(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Error {
            line: Some(line),
            ..Error::in_file(file, message)
        }
    }

    /// An error at `place` in `file`.
    pub fn at_place(file: &Path, place: Place, message: impl Into<String>) -> Self {
        Error::at(file, place.line, message).with_column(place.column)
    }

    /// An error at byte `offset` of `text`, the contents of `file`: its line and column.
    pub fn at_offset(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        Error::at(file, line, message).with_column(column)
    }

    pub fn with_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    /// Adds the advice shown on the `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Every error of `errors` as one (the first, with the others after it), or `Ok` when there are
    /// none.
    pub fn all_of(errors: Vec<Error>) -> Result<()> {
        let mut list: Vec<Error> = errors.into_iter().flat_map(Error::into_all).collect();
        if list.is_empty() {
            return Ok(());
        }
        let mut first = list.remove(0);
        first.also = list.into_boxed_slice();
        Err(first)
    }

    /// The errors to show an author: this one and those reported with it, the first
    /// [`MAX_ERRORS`] of them, then one that counts the rest.
    pub fn reported(&self) -> Vec<Error> {
        let mut shown: Vec<Error> = self.all().take(MAX_ERRORS).cloned().collect();
        for e in &mut shown {
            e.also = Box::default();
        }
        let more = self.all().count().saturating_sub(MAX_ERRORS);
        if more > 0 {
            let errors = if more == 1 { "error" } else { "errors" };
            shown.push(
                Error::new(format!("{more} more {errors} not shown"))
                    .help("mend these and run again to see the rest"),
            );
        }
        shown
    }

    /// This error and those reported with it, in order.
    pub fn all(&self) -> impl Iterator<Item = &Error> {
        std::iter::once(self).chain(self.also.iter())
    }

    /// This error and those reported with it, each on its own.
    pub fn into_all(mut self) -> Vec<Error> {
        let also = std::mem::take(&mut self.also);
        std::iter::once(self).chain(also.into_vec()).collect()
    }

    /// An I/O failure on `path`, with advice that fits the kind of failure.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; it is relative to the folder you run publish from"
            }
            std::io::ErrorKind::PermissionDenied => {
                "check the permissions of the file and of the folders on its path"
            }
            std::io::ErrorKind::IsADirectory => "a folder has this name: give the path of a file",
            std::io::ErrorKind::NotADirectory => {
                "a part of the path that should be a folder is a file: check the path"
            }
            std::io::ErrorKind::StorageFull => "the disk is full: free some space",
            std::io::ErrorKind::ReadOnlyFilesystem => {
                "the disk is read-only: choose a place you can write to"
            }
            _ => "check that the path is right and the disk is working",
        };
        Error::in_file(path, format!("cannot {action}: {err}")).help(help)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Runs `f` with a panic inside it (a library's, on data it was given) caught and its message
/// returned, without printing it: the last line of defence at a stage boundary, where it becomes an
/// error naming the input. In fuzzing builds (`--cfg fuzzing`, set by cargo-fuzz) nothing is caught,
/// so the fuzzer reports every such panic as a finding to fix before it reaches this line.
pub fn contain<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    if cfg!(fuzzing) {
        return Ok(f());
    }
    let result = quietly(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    result.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// Runs `f` with a panic on this thread not printed: for a thread that works for a [`contain`] on
/// another one ([`crate::parallel::map`]), which gets the panic when it joins the thread and reports it.
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    if cfg!(fuzzing) {
        return f();
    }
    // One hook for the process, installed once, silent only on threads inside `quietly`: swapping the
    // global hook per call would race when editions are made on two threads at once.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if INSIDE.with(|n| n.get()) == 0 {
                previous(info);
            }
        }));
    });
    struct Inside;
    impl Drop for Inside {
        fn drop(&mut self) {
            INSIDE.with(|n| n.set(n.get() - 1));
        }
    }
    INSIDE.with(|n| n.set(n.get() + 1));
    let _inside = Inside;
    f()
}

thread_local! {
    /// How many [`quietly`] calls this thread is inside.
    static INSIDE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "أ\nبت ث\nج";
        assert_eq!(line_col(text, 0), (1, 1));
        let pos = text.find('ث').unwrap();
        assert_eq!(line_col(text, pos), (2, 4));
        assert_eq!(line_col(text, text.len()), (3, 2));
    }

    #[test]
    fn display_names_file_line_and_help() {
        let e = Error::at(Path::new("m/book.toml"), 3, "bad")
            .with_column(7)
            .help("fix it");
        assert_eq!(e.to_string(), "m/book.toml:3:7: bad\n  help: fix it");
    }
}
