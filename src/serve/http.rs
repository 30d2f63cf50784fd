//! The preview's server: HTTP on the loopback address only (`tiny_http`), a thread per request.
//!
//! It answers GET and HEAD for the files of the last good build's [`Site`] (looked up by path in
//! memory: no path reaches the disk) and, at [`EVENTS_PATH`], a stream of Server-Sent Events: the
//! state of the builds when a page connects, then again after every build. Requests that do not name
//! the server by its loopback address (a page elsewhere reaching it through a DNS name bound to
//! 127.0.0.1) are refused.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use super::site::{Site, EVENTS_PATH, LIVE_JS, LIVE_PATH};
use super::Shared;
use crate::error::{Error, Result};

/// The running server.
pub struct Server {
    server: Arc<tiny_http::Server>,
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0: a free port) and answers from `shared` on a thread of its own.
    pub fn start(port: u16, shared: Shared) -> Result<Server> {
        let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            Error::new(format!("cannot serve on 127.0.0.1:{port}: {e}")).help(
                "another program may be using that port: choose another with --port N, or --port 0 for any free one",
            )
        })?;
        let port = server
            .server_addr()
            .to_ip()
            .map_or(port, |address| address.port());
        let server = Arc::new(server);
        let listening = server.clone();
        let thread = std::thread::spawn(move || {
            for request in listening.incoming_requests() {
                let shared = shared.clone();
                std::thread::spawn(move || answer(request, &shared, port));
            }
        });
        Ok(Server {
            server,
            port,
            thread: Some(thread),
        })
    }

    /// The address of the start page.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Stops listening (pages still connected are closed with the process).
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// Answers one request.
fn answer(request: tiny_http::Request, shared: &Shared, port: u16) {
    use tiny_http::{Method, Response};
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !host.is_some_and(|h| allowed.contains(&h)) {
        let _ = request.respond(Response::from_string("unknown host").with_status_code(403));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::from_string("only GET").with_status_code(405));
        return;
    }
    let url = request.url();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = crate::load::resources::percent_decode(path);
    if path == EVENTS_PATH {
        events(request, shared);
        return;
    }
    if path == LIVE_PATH {
        // Served whatever became of the builds: the page of a first build that failed needs it too.
        let response = Response::from_data(LIVE_JS.as_bytes())
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(response);
        return;
    }
    let site: Option<Arc<Site>> = {
        // A page asked for while the first build runs is answered once it is done.
        let (lock, woken) = &**shared;
        let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
        while state.generation == 0 {
            state = woken.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        state.site.clone()
    };
    let no_store = header("Cache-Control", "no-store");
    let response = match site.as_ref().and_then(|s| s.get(&path)) {
        Some(file) => Response::from_data(file.bytes.clone())
            .with_header(header("Content-Type", file.media_type))
            .with_header(no_store),
        // Before any good build every page is the waiting one, which turns into what was asked
        // for once a build succeeds.
        None if site.is_none() => Response::from_data(waiting_page().into_bytes())
            .with_status_code(if path == "/" { 200 } else { 503 })
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(no_store),
        None => Response::from_string(format!("{path}: not a file of this book's preview"))
            .with_status_code(404)
            .with_header(no_store),
    };
    let _ = request.respond(response);
}

/// The start page while no build has succeeded: the script shows the errors, and reloads the page
/// once a build succeeds.
fn waiting_page() -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>publish</title>\
         <script src=\"{}\" data-generation=\"0\"></script></head>\
         <body><p>The book could not be built: mend the errors shown, and this page reloads itself.</p></body></html>\n",
        LIVE_PATH
    )
}

/// The stream of builds: one event now, then one after each build, until the page goes away.
fn events(request: tiny_http::Request, shared: &Shared) {
    let mut stream = request.into_writer();
    let opened = stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: close\r\n\r\n",
    );
    if opened.and_then(|()| stream.flush()).is_err() {
        return;
    }
    let (lock, woken) = &**shared;
    // The first event is the first build's.
    let mut sent = Some(0);
    loop {
        let message = {
            let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
            if sent == Some(state.generation) {
                // A comment now and then finds a page that went away.
                state = woken
                    .wait_timeout(state, Duration::from_secs(15))
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
            if sent == Some(state.generation) {
                ": still here\n\n".to_string()
            } else {
                sent = Some(state.generation);
                let data = serde_json::json!({
                    "generation": state.generation,
                    "ok": state.errors.is_none(),
                    "errors": state.errors.clone().unwrap_or_default(),
                    "warnings": state.warnings,
                });
                format!("event: build\ndata: {data}\n\n")
            }
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
    }
}
