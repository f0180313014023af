//! For the `paap sync` tests: a loopback HTTP server (also a CONNECT proxy) that serves
//! tarballs made in the test and logs every request, and a builder for those tarballs,
//! hostile entries included. Nothing here reaches beyond 127.0.0.1.

#![allow(dead_code)] // each test file uses its own part

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;

/// How long the server keeps a stalled or gated connection before giving up by itself.
const SERVER_PATIENCE: Duration = Duration::from_secs(30);

/// What the server answers at one path.
#[derive(Clone)]
pub enum Reply {
    /// 200 with the body and, if given, an ETag; 304 when `If-None-Match` names it.
    Archive { body: Vec<u8>, etag: Option<String> },
    /// That status, no body.
    Status(u16),
    /// 302 to this location.
    Redirect(String),
    /// Headers promising `declared` bytes, then `sent` of them, then nothing at all.
    Stall { declared: usize, sent: Vec<u8> },
    /// `first`, then, once the test opens the gate, `rest`.
    Gated {
        first: Vec<u8>,
        rest: Vec<u8>,
        gate: Gate,
    },
}

/// Held shut by the test until it calls [`Gate::open`].
#[derive(Clone, Default)]
pub struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    pub fn open(&self) {
        let (open, signal) = &*self.0;
        *open.lock().unwrap() = true;
        signal.notify_all();
    }

    fn wait(&self) {
        let (open, signal) = &*self.0;
        let guard = open.lock().unwrap();
        let _ = signal
            .wait_timeout_while(guard, SERVER_PATIENCE, |open| !*open)
            .unwrap();
    }
}

type Routes = Arc<Mutex<HashMap<String, Reply>>>;

pub struct Server {
    port: u16,
    routes: Routes,
    log: Arc<Mutex<Vec<String>>>,
    /// Requests whose head was read (logged only once answered).
    seen: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().unwrap().port();
        let server = Server {
            port,
            routes: Routes::default(),
            log: Arc::default(),
            seen: Arc::default(),
            stop: Arc::default(),
        };
        let (routes, log, seen, stop) = (
            server.routes.clone(),
            server.log.clone(),
            server.seen.clone(),
            server.stop.clone(),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (routes, log, seen) = (routes.clone(), log.clone(), seen.clone());
                std::thread::spawn(move || serve(stream, &routes, &log, &seen));
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn set(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    /// Every request so far: `GET /a.tar.gz if-none-match="v1" -> 304`, `CONNECT host:80`.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits (bounded) until `count` requests have come (answered or not).
    pub fn wait_for_requests(&self, count: usize) {
        let deadline = std::time::Instant::now() + SERVER_PATIENCE;
        while self.seen.load(Ordering::SeqCst) < count {
            assert!(
                std::time::Instant::now() < deadline,
                "no request came: {:?}",
                self.log()
            );
            std::thread::yield_now();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(stream: TcpStream, routes: &Routes, log: &Mutex<Vec<String>>, seen: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(SERVER_PATIENCE));
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut stream = stream;
    loop {
        let Some((method, target, if_none_match)) = read_head(&mut reader) else {
            return;
        };
        if method == "CONNECT" {
            // A proxy's tunnel: answer, then serve the request that comes through it.
            log.lock().unwrap().push(format!("CONNECT {target}"));
            let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            continue;
        }
        seen.fetch_add(1, Ordering::SeqCst);
        let reply = routes.lock().unwrap().get(&target).cloned();
        let entry = format!(
            "{method} {target}{}",
            if_none_match
                .as_deref()
                .map(|tag| format!(" if-none-match={tag}"))
                .unwrap_or_default()
        );
        // Logged before answering: once paap has its answer, the log must say so.
        let status = status_of(reply.as_ref(), if_none_match.as_deref());
        log.lock().unwrap().push(format!("{entry} -> {status}"));
        respond(&mut stream, &mut reader, reply, status);
        return;
    }
}

/// The request line's method and target, and `If-None-Match`; `None` at end of stream.
fn read_head(reader: &mut impl BufRead) -> Option<(String, String, Option<String>)> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut if_none_match = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(value.trim().to_string());
        }
    }
    Some((method, target, if_none_match))
}

fn status_of(reply: Option<&Reply>, if_none_match: Option<&str>) -> u16 {
    match reply {
        None => 404,
        Some(Reply::Status(code)) => *code,
        Some(Reply::Redirect(_)) => 302,
        Some(Reply::Archive {
            etag: Some(etag), ..
        }) if Some(etag.as_str()) == if_none_match => 304,
        Some(_) => 200,
    }
}

fn respond(stream: &mut TcpStream, reader: &mut impl Read, reply: Option<Reply>, status: u16) {
    let head = |status: &str, length: usize, extra: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Length: {length}\r\nContent-Type: application/x-gzip\r\n{extra}Connection: close\r\n\r\n"
        )
    };
    match reply {
        None => {
            let _ = stream.write_all(head("404 Not Found", 0, "").as_bytes());
        }
        Some(Reply::Status(code)) => {
            let _ = stream.write_all(head(&format!("{code} Status"), 0, "").as_bytes());
        }
        Some(Reply::Redirect(to)) => {
            let location = format!("Location: {to}\r\n");
            let _ = stream.write_all(head("302 Found", 0, &location).as_bytes());
        }
        Some(Reply::Archive { .. }) if status == 304 => {
            let _ = stream.write_all(head("304 Not Modified", 0, "").as_bytes());
        }
        Some(Reply::Archive { body, etag }) => {
            let extra = etag.map(|t| format!("ETag: {t}\r\n")).unwrap_or_default();
            let _ = stream.write_all(head("200 OK", body.len(), &extra).as_bytes());
            let _ = stream.write_all(&body);
        }
        Some(Reply::Stall { declared, sent }) => {
            let _ = stream.write_all(head("200 OK", declared, "").as_bytes());
            let _ = stream.write_all(&sent);
            let _ = stream.flush();
            // Hold the connection, sending nothing, until the client gives up and closes.
            let mut sink = [0u8; 256];
            while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
        }
        Some(Reply::Gated { first, rest, gate }) => {
            let _ = stream.write_all(head("200 OK", first.len() + rest.len(), "").as_bytes());
            let _ = stream.write_all(&first);
            let _ = stream.flush();
            gate.wait();
            let _ = stream.write_all(&rest);
        }
    }
}

/// Builds a `.tar.gz` entry by entry, with whatever paths and kinds a test needs.
pub struct Tarball {
    builder: tar::Builder<Vec<u8>>,
}

impl Default for Tarball {
    fn default() -> Self {
        Tarball::new()
    }
}

impl Tarball {
    pub fn new() -> Tarball {
        Tarball {
            builder: tar::Builder::new(Vec::new()),
        }
    }

    /// The global pax header `git archive` writes, with the commit id as its comment.
    pub fn commit(mut self, id: &str) -> Tarball {
        let record = format!(" comment={id}\n");
        let mut length = record.len() + 2;
        if format!("{length}{record}").len() != length {
            length += 1;
        }
        let data = format!("{length}{record}");
        self.raw(
            "pax_global_header",
            tar::EntryType::XGlobalHeader,
            None,
            data.as_bytes(),
        );
        self
    }

    pub fn dir(mut self, path: &str) -> Tarball {
        self.raw(path, tar::EntryType::Directory, None, b"");
        self
    }

    pub fn file(mut self, path: &str, text: &str) -> Tarball {
        self.raw(path, tar::EntryType::Regular, None, text.as_bytes());
        self
    }

    pub fn bytes(mut self, path: &str, data: &[u8]) -> Tarball {
        self.raw(path, tar::EntryType::Regular, None, data);
        self
    }

    pub fn symlink(mut self, path: &str, target: &str) -> Tarball {
        self.raw(path, tar::EntryType::Symlink, Some(target), b"");
        self
    }

    pub fn entry(mut self, path: &str, kind: tar::EntryType) -> Tarball {
        self.raw(path, kind, None, b"");
        self
    }

    /// An entry written byte for byte: the builder's own checks would refuse `../x`.
    fn raw(&mut self, path: &str, kind: tar::EntryType, link: Option<&str>, data: &[u8]) {
        let mut header = tar::Header::new_old();
        let old = header.as_old_mut();
        old.name[..path.len()].copy_from_slice(path.as_bytes());
        if let Some(link) = link {
            old.linkname[..link.len()].copy_from_slice(link.as_bytes());
        }
        header.set_entry_type(kind);
        header.set_mode(if kind == tar::EntryType::Directory {
            0o755
        } else {
            0o644
        });
        header.set_size(data.len() as u64);
        header.set_mtime(1_700_000_000);
        header.set_cksum();
        self.builder
            .append(&header, data)
            .expect("append to the tarball");
    }

    pub fn tar(self) -> Vec<u8> {
        self.builder.into_inner().expect("finish the tarball")
    }

    pub fn gz(self) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(&self.tar()).unwrap();
        encoder.finish().unwrap()
    }
}

/// The community repository in small, as GitHub serves it: one top folder, a commit in
/// the global header, the site's pages and images, the research, and a folder not kept.
pub fn community_archive(post_body: &str) -> Vec<u8> {
    Tarball::new()
        .commit("0123456789abcdef0123456789abcdef01234567")
        .dir("cnpe-community-main/")
        .file(
            "cnpe-community-main/website/content/en/blog/announce-paap-survey.md",
            &format!(
                "---\ntitle: Call for participation\nslug: call-participation-paap-survey\ndate: 2024-11-25\n---\n{post_body}\n"
            ),
        )
        .file(
            "cnpe-community-main/website/content/en/_index.md",
            "---\ntitle: Community home\n---\nWelcome.\n",
        )
        .bytes(
            "cnpe-community-main/website/static/images/logo.png",
            b"\x89PNG not really",
        )
        .file(
            "cnpe-community-main/platform-as-a-product/README.md",
            "# Platform as a Product\n\nThe research folder.\n",
        )
        .file(
            "cnpe-community-main/platform-as-a-product/research-data/interview-01.txt",
            "Interviewer: What is a *platform*?\nEngineer: # not a heading\n",
        )
        .file(
            "cnpe-community-main/platform-as-a-product/research-data/survey.csv",
            "Role,Team size\nEngineer,5\nLead,5\nEngineer,12\n",
        )
        .file("cnpe-community-main/tools/build.md", "not kept\n")
        .gz()
}
