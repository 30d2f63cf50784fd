//! `publish serve` and `publish watch`, run as an author runs them: the address printed first, the
//! start page and a chapter served, an edit rebuilt and served (the chapter and the PDF change), a
//! broken book.toml's errors served until it is mended, and Ctrl-C stopping it cleanly.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A copy of the sample manuscript in `dir`.
fn sample_copy(dir: &Path) -> std::path::PathBuf {
    let to = dir.join("book");
    copy_dir(&sample(), &to);
    to
}

/// The server, stopped with Ctrl-C (SIGINT) when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Served {
    fn start(manuscript: &Path, out: &Path) -> Served {
        let mut child = publish()
            .args(["serve", "--port", "0", "-m"])
            .arg(manuscript)
            .arg("-o")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let address = first.trim();
        let port = address
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the first line is not the address: {first:?}"));
        Served { child, port }
    }

    /// The status, headers and body of GET `path`.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response with headers");
        let head = String::from_utf8_lossy(&response[..end]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head, response[end + 4..].to_vec())
    }

    fn text(&self, path: &str) -> String {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "{path}");
        String::from_utf8(body).unwrap()
    }

    /// Ctrl-C; the exit status and what it printed to stderr.
    fn stop(mut self) -> (Option<i32>, String) {
        // SAFETY: a signal to the child this test started.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = self.child.wait().unwrap();
        (status.code(), err)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The stream of builds a page listens to.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(served: &Served) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /__publish/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            served.port
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.contains("200"), "{line}");
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
        }
        Events { reader }
    }

    /// The next build: its number, whether it succeeded, its errors.
    /// The next build whose `ok` is `ok`. A save can reach the watcher as two changes when the
    /// machine is busy (the file emptied, then written), and each makes a build: up to two builds
    /// before it may say the other.
    fn until(&mut self, ok: bool) -> serde_json::Value {
        let mut seen = Vec::new();
        for _ in 0..3 {
            let event = self.next();
            if event["ok"] == ok {
                return event;
            }
            seen.push(event);
        }
        panic!("no build with ok = {ok}: {seen:?}");
    }

    fn next(&mut self) -> serde_json::Value {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("a build within 20 s");
            assert!(n > 0, "the stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data.trim()).unwrap();
            }
        }
    }
}

#[test]
fn serve_shows_the_book_and_every_change_of_it() {
    let d = tempfile::tempdir().unwrap();
    let m = sample_copy(d.path());
    let served = Served::start(&m, &d.path().join("out"));
    let start = served.text("/");
    assert!(
        start.contains("30 عامًا من السياسة الدبلوماسية لكازاخستان"),
        "{start}"
    );
    assert!(start.contains("href=\"chapter-01.xhtml\"") && start.contains("/__publish/live.js"));
    let pdf_link = "/kazakhstan-diplomacy.pdf";
    assert!(start.contains(pdf_link), "{start}");
    let (status, head, chapter) = served.get("/book/OEBPS/chapter-01.xhtml");
    assert_eq!(status, 200);
    assert!(head.contains("application/xhtml+xml"), "{head}");
    let chapter = String::from_utf8(chapter).unwrap();
    assert!(
        chapter.contains("/__publish/live.js"),
        "every page listens to builds"
    );
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let parsed = roxmltree::Document::parse_with_options(&chapter, options);
    assert!(parsed.is_ok(), "still well-formed XHTML: {parsed:?}");
    let (status, _, pdf_before) = served.get(pdf_link);
    assert_eq!(status, 200);
    assert!(pdf_before.starts_with(b"%PDF-"));
    let (status, _, _) = served.get("/book/OEBPS/styles/../../../Cargo.toml");
    assert_eq!(status, 404);
    let (status, _, _) = served.get("/../Cargo.toml");
    assert_eq!(status, 404);

    let mut events = Events::open(&served);
    let first = events.next();
    assert_eq!(first["ok"], true);
    let generation = first["generation"].as_u64().unwrap();

    // An edit of the chapter: rebuilt, and both editions served anew.
    let file = m.join("01-anniversary.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nسطر أضافه المؤلف للتو.\n");
    std::fs::write(&file, text).unwrap();
    let built = events.next();
    assert_eq!(built["ok"], true, "{built}");
    assert!(built["generation"].as_u64().unwrap() > generation);
    assert!(served
        .text("/book/OEBPS/chapter-01.xhtml")
        .contains("سطر أضافه المؤلف للتو"));
    let (_, _, pdf_after) = served.get(pdf_link);
    assert!(pdf_after.starts_with(b"%PDF-") && pdf_after != pdf_before);

    // A broken book.toml: its error served, the last good preview kept, until it is mended.
    let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
    std::fs::write(m.join("book.toml"), format!("{toml}\ncolour = \"red\"\n")).unwrap();
    let failed = events.until(false);
    let errors = failed["errors"].as_str().unwrap();
    assert!(
        errors.contains("book.toml:") && errors.contains("colour"),
        "{errors}"
    );
    assert!(served
        .text("/book/OEBPS/chapter-01.xhtml")
        .contains("سطر أضافه المؤلف للتو"));
    std::fs::write(m.join("book.toml"), toml).unwrap();
    events.until(true);

    // What the series of builds wrote (each after the first with the faces and layouts the one
    // before kept) is what one build of the manuscript as it now stands writes, byte for byte.
    let fresh = build(&m, &d.path().join("fresh"));
    for ext in ["epub", "pdf"] {
        let name = fresh.with_extension(ext);
        let served = d.path().join("out").join(name.file_name().unwrap());
        assert!(
            std::fs::read(&name).unwrap() == std::fs::read(&served).unwrap(),
            "{ext}: the rebuilt edition differs from a build's"
        );
    }

    let (code, err) = served.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("colour") && err.trim_end().ends_with("stopped"),
        "{err}"
    );
}

#[test]
fn serve_answers_only_its_own_address() {
    let d = tempfile::tempdir().unwrap();
    let m = sample_copy(d.path());
    let served = Served::start(&m, &d.path().join("out"));
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(stream, "GET / HTTP/1.0\r\nHost: attacker.example\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 403") || response.starts_with("HTTP/1.0 403"),
        "{response}"
    );
}

#[test]
fn watch_builds_again_after_a_change() {
    let d = tempfile::tempdir().unwrap();
    let m = sample_copy(d.path());
    let out = d.path().join("out");
    let mut child = publish()
        .args(["watch", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut wait_for = |what: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        for line in lines.by_ref() {
            let line = line.unwrap();
            if line.contains(what) {
                return;
            }
            assert!(Instant::now() < deadline, "no {what:?}");
        }
        panic!("watch ended before {what:?}");
    };
    wait_for("watching");
    let pdf = out.join("kazakhstan-diplomacy.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let file = m.join("02-multi-vector.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nفقرة أخيرة جديدة.\n")).unwrap();
    wait_for("built in");
    assert_ne!(std::fs::read(&pdf).unwrap(), before);
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_first_build_that_fails_is_shown_and_the_page_comes_back_when_mended() {
    let d = tempfile::tempdir().unwrap();
    let m = sample_copy(d.path());
    let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
    std::fs::write(m.join("book.toml"), format!("{toml}\ncolour = \"red\"\n")).unwrap();
    let served = Served::start(&m, &d.path().join("out"));
    let (status, _, script) = served.get("/__publish/live.js");
    assert_eq!(status, 200, "the page of a failed first build listens too");
    assert!(String::from_utf8(script).unwrap().contains("EventSource"));
    let waiting = served.text("/");
    assert!(waiting.contains("could not be built"), "{waiting}");
    let mut events = Events::open(&served);
    let failed = events.next();
    assert_eq!(failed["ok"], false, "{failed}");
    assert!(
        failed["errors"].as_str().unwrap().contains("colour"),
        "{failed}"
    );
    // Mended, with a warning: the book is served, and the warning goes to the page.
    std::fs::write(m.join("book.toml"), toml).unwrap();
    let chapter = m.join("03-borders.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{text}\n<center>وسط</center>\n")).unwrap();
    let mut built = events.next();
    while built["ok"] != true {
        built = events.next();
    }
    assert!(
        built["warnings"].as_str().unwrap().contains("center"),
        "{built}"
    );
    assert!(served
        .text("/")
        .contains("30 عامًا من السياسة الدبلوماسية لكازاخستان"));
    let (code, err) = served.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("no edition is written until it succeeds"),
        "{err}"
    );
}
