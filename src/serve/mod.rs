//! `publish serve` and `publish watch`: the author's loop.
//!
//! Both build the book ([`crate::build`]), then watch the manuscript folder ([`watch`]) and build it
//! again after every change, writing the editions to the output folder as `publish build` does.
//! `serve` also serves a preview on the loopback address ([`http`]): a start page with the book's
//! contents, each chapter as the e-reader shows it (the EPUB's own XHTML, stylesheet and fonts, read
//! from the edition just built: [`site`]), and the PDF. Every page it serves listens for builds
//! (Server-Sent Events) and reloads itself after each, where the reader was; a build that fails shows
//! its errors over the page, and in the terminal, until the next one succeeds. Ctrl-C stops both.
//!
//! Each build reads the manuscript afresh; between builds the process keeps the editions' bytes (to
//! serve them) and what a [`Session`] keeps (the faces with their shapings, the paragraphs' layouts),
//! so that what the preview shows is what `publish build` writes, byte for byte.

mod http;
mod site;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use crate::build::{build, Format, Session};
use crate::error::Result;
pub use site::Site;

/// What `serve` and `watch` are asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub manuscript: PathBuf,
    pub out: PathBuf,
    /// The port to serve on (0: a free one); `None` for `watch`, which serves nothing.
    pub port: Option<u16>,
    /// Open the preview in the default browser once it is served.
    pub open: bool,
}

/// The state every page listens to: which build this is, and the preview or the errors it left.
#[derive(Default)]
pub struct State {
    /// Counts the builds; a page reloads when a later build than its own succeeds.
    pub generation: u64,
    /// The last good build's preview (kept while a later build fails).
    pub site: Option<Arc<Site>>,
    /// The errors of the last build, when it failed.
    pub errors: Option<String>,
    /// The warnings of the last good build.
    pub warnings: String,
    /// True once a build has succeeded.
    pub good: bool,
}

/// The state with the condition every waiting page is woken by.
pub type Shared = Arc<(Mutex<State>, Condvar)>;

/// What the loop of builds hears: a change of the manuscript, or the order to stop.
pub(crate) enum Signal {
    Changed(Vec<PathBuf>),
    Stop,
}

/// Builds, serves (with a port) and rebuilds on every change until Ctrl-C.
pub fn serve(options: &Options) -> Result<()> {
    if !options.manuscript.join("book.toml").is_file() {
        // No manuscript to watch: the error a build gives (no folder, no book.toml), at once.
        build(&options.manuscript, &options.out, Format::All, None)?;
    }
    let shared: Shared = Arc::default();
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    // Without a handler (another one set in this process, as in tests), Ctrl-C ends the process.
    let _ = ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    });
    let server = match options.port {
        Some(port) => {
            let server = http::Server::start(port, shared.clone())?;
            println!("{}", server.address());
            use std::io::Write;
            let _ = std::io::stdout().flush();
            Some(server)
        }
        None => None,
    };
    // Watching starts before the first build, so that a change saved while it runs is seen.
    let _watcher = watch::start(&options.manuscript, &options.out, tx)?;
    let mut session = Session::default();
    rebuild(options, &shared, &mut session, &[]);
    if let (Some(server), true) = (&server, options.open) {
        if let Err(e) = open::that_detached(server.address()) {
            eprintln!(
                "warning: cannot open a browser ({e}); open {} yourself",
                server.address()
            );
        }
    }
    eprintln!(
        "watching {} for changes; Ctrl-C to stop",
        options.manuscript.display()
    );
    while let Ok(signal) = rx.recv() {
        // The changes that came while the last build ran make one build (a checkout, a search and
        // replace over every chapter), and Ctrl-C among them stops at once.
        let mut changed = Vec::new();
        let mut stop = false;
        for signal in std::iter::once(signal).chain(rx.try_iter()) {
            match signal {
                Signal::Changed(paths) => changed.extend(paths),
                Signal::Stop => stop = true,
            }
        }
        if stop {
            break;
        }
        changed.sort();
        changed.dedup();
        rebuild(options, &shared, &mut session, &changed);
    }
    if let Some(server) = server {
        server.stop();
    }
    eprintln!("stopped");
    Ok(())
}

/// One build, its outcome reported to the terminal and to every page.
fn rebuild(options: &Options, shared: &Shared, session: &mut Session, changed: &[PathBuf]) {
    let start = Instant::now();
    // The changed files named as the manuscript's (the watcher gives their real paths).
    let root = options.manuscript.canonicalize().unwrap_or_default();
    let changed: Vec<&Path> = changed
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p))
        .collect();
    if let Some(first) = changed.first() {
        let more = if changed.len() > 1 {
            format!(" and {} more", changed.len() - 1)
        } else {
            String::new()
        };
        eprintln!("changed: {}{more}", first.display());
    }
    let generation = {
        let state = shared.0.lock().unwrap_or_else(|p| p.into_inner());
        state.generation + 1
    };
    let outcome = build(
        &options.manuscript,
        &options.out,
        Format::All,
        Some(session),
    )
    .map(|built| {
        // The editions are written: a preview that cannot be made is that build's error, not the
        // build's.
        let site = options
            .port
            .map(|_| Site::new(&built, generation))
            .transpose();
        (built, site)
    });
    // What the terminal is told, printed with the state let go: a terminal that does not read
    // (paused, or a pipe that is full) must not hold up the pages.
    let mut report = Vec::new();
    let (lock, woken) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
    state.generation = generation;
    match outcome {
        Ok((built, site)) => {
            let warnings: String = built
                .warnings
                .iter()
                .map(|w| format!("warning: {w}\n"))
                .collect();
            report.push(warnings.clone());
            report.extend(crate::report::summary(&built).into_iter().map(|l| l + "\n"));
            report.push(format!("built in {} ms\n", start.elapsed().as_millis()));
            state.errors = None;
            match site {
                Ok(Some(site)) => state.site = Some(Arc::new(site)),
                Ok(None) => {}
                Err(e) => {
                    let text = crate::report::error_text(&e);
                    report.push(text.clone());
                    state.errors = Some(text);
                }
            }
            state.warnings = warnings;
            state.good = true;
        }
        Err(e) => {
            let text = crate::report::error_text(&e);
            report.push(text.clone());
            report.push(if state.good {
                "the build failed; the editions of the last good build are kept\n".to_string()
            } else {
                "the build failed; no edition is written until it succeeds\n".to_string()
            });
            state.errors = Some(text);
        }
    }
    woken.notify_all();
    drop(state);
    eprint!("{}", report.concat());
}
