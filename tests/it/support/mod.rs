//! A tiny HTTP/1.1 server for the network tests: binds 127.0.0.1 only, serves fixed files with
//! `Range` support, injects scripted faults, logs every request, and stops by itself (when
//! dropped, and at the latest after `LIFETIME`). No test in this crate talks to any other address.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The server gives up on its own after this long, whatever the test does.
const LIFETIME: Duration = Duration::from_secs(600);
/// A stalled response never stalls longer than this.
const MAX_STALL: Duration = Duration::from_secs(10);

/// A scripted misbehaviour for one request to a path (used up in order, then the file is served).
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer with this status and an empty body.
    Status(u16),
    /// Announce the whole body, send this many bytes of it, then drop the connection.
    CutAfter(usize),
    /// Read the request, then say nothing for this long and close.
    Stall(Duration),
    /// Announce the whole body, send this many bytes, then say nothing for this long and close.
    StallAfter(usize, Duration),
    /// Announce the whole body, then send it one byte at a time, this long apart (a slow drip:
    /// the connection is never quiet for long, and the body takes for ever).
    Drip(Duration),
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub path: String,
    pub query: String,
    pub range: Option<String>,
    pub if_range: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Default)]
struct State {
    files: HashMap<String, Vec<u8>>,
    faults: HashMap<String, VecDeque<Fault>>,
    /// Faults applied to every request of a path, forever.
    always: HashMap<String, Fault>,
    log: Vec<Request>,
}

pub struct Server {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp) = (state.clone(), stop.clone());
        let accept = std::thread::spawn(move || {
            let started = Instant::now();
            while !sp.load(Ordering::SeqCst) && started.elapsed() < LIFETIME {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let st = st.clone();
                        std::thread::spawn(move || handle(stream, &st));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { addr, state, stop, accept: Some(accept) }
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn file(&self, path: &str, body: Vec<u8>) -> &Server {
        self.state.lock().expect("state").files.insert(path.to_string(), body);
        self
    }

    pub fn fault(&self, path: &str, fault: Fault) -> &Server {
        self.state.lock().expect("state").faults.entry(path.to_string()).or_default().push_back(fault);
        self
    }

    pub fn always(&self, path: &str, fault: Fault) -> &Server {
        self.state.lock().expect("state").always.insert(path.to_string(), fault);
        self
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().expect("state").log.clone()
    }

    pub fn requests_to(&self, path: &str) -> Vec<Request> {
        self.requests().into_iter().filter(|r| r.path == path).collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn handle(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    let (mut range, mut if_range, mut user_agent) = (None, None, None);
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => return,
            Ok(_) if h.trim().is_empty() => break,
            Ok(_) => {
                if let Some((k, v)) = h.split_once(':') {
                    match k.trim().to_ascii_lowercase().as_str() {
                        "range" => range = Some(v.trim().to_string()),
                        "if-range" => if_range = Some(v.trim().to_string()),
                        "user-agent" => user_agent = Some(v.trim().to_string()),
                        _ => {}
                    }
                }
            }
        }
    }
    let (file, fault) = {
        let mut st = state.lock().expect("state");
        st.log.push(Request {
            path: path.clone(),
            query,
            range: range.clone(),
            if_range: if_range.clone(),
            user_agent,
        });
        let fault = st.always.get(&path).cloned().or_else(|| st.faults.get_mut(&path).and_then(|q| q.pop_front()));
        (st.files.get(&path).cloned(), fault)
    };
    let mut out = stream;
    // Every version of a file has its own ETag; an If-Range for another version gets the whole file.
    let etag = file.as_deref().map(etag_of).unwrap_or_default();
    if if_range.as_deref().is_some_and(|v| v != etag) {
        range = None;
    }
    let head = |status: &str, extra: &str, len: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Length: {len}\r\nETag: {etag}\r\nConnection: close\r\n{extra}\r\n")
    };
    match (fault, file) {
        (Some(Fault::Stall(d)), _) => std::thread::sleep(d.min(MAX_STALL)),
        (Some(Fault::Status(code)), _) => {
            let _ = out.write_all(head(&format!("{code} Fault"), "", 0).as_bytes());
        }
        (_, None) => {
            let _ = out.write_all(head("404 Not Found", "", 0).as_bytes());
        }
        (Some(Fault::StallAfter(n, d)), Some(body)) => {
            let _ = out.write_all(head("200 OK", "", body.len()).as_bytes());
            let _ = out.write_all(&body[..n.min(body.len())]);
            let _ = out.flush();
            std::thread::sleep(d.min(MAX_STALL));
        }
        (Some(Fault::Drip(every)), Some(body)) => {
            let _ = out.write_all(head("200 OK", "", body.len()).as_bytes());
            let started = Instant::now();
            for b in &body {
                // until the client hangs up (a write fails), or at most MAX_STALL × 6
                if out.write_all(&[*b]).and_then(|_| out.flush()).is_err() || started.elapsed() > MAX_STALL * 6 {
                    break;
                }
                std::thread::sleep(every);
            }
        }
        (Some(Fault::CutAfter(n)), Some(body)) => {
            let s = range_start(range.as_deref()).filter(|&s| s < body.len()).unwrap_or(0);
            let h = if s == 0 {
                head("200 OK", "", body.len())
            } else {
                let extra = format!("Content-Range: bytes {s}-{}/{}\r\n", body.len() - 1, body.len());
                head("206 Partial Content", &extra, body.len() - s)
            };
            let _ = out.write_all(h.as_bytes());
            let _ = out.write_all(&body[s..(s + n).min(body.len())]);
            let _ = out.flush();
        }
        (None, Some(body)) => match range_start(range.as_deref()) {
            Some(s) if s >= body.len() => {
                let extra = format!("Content-Range: bytes */{}\r\n", body.len());
                let _ = out.write_all(head("416 Range Not Satisfiable", &extra, 0).as_bytes());
            }
            Some(s) => {
                let extra = format!("Content-Range: bytes {s}-{}/{}\r\n", body.len() - 1, body.len());
                let _ = out.write_all(head("206 Partial Content", &extra, body.len() - s).as_bytes());
                let _ = out.write_all(&body[s..]);
            }
            None => {
                let _ = out.write_all(head("200 OK", "", body.len()).as_bytes());
                let _ = out.write_all(&body);
            }
        },
    }
    let _ = out.flush();
}

/// A strong ETag for a body (FNV-1a of its bytes).
pub fn etag_of(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in body {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("\"{h:016x}\"")
}

/// `bytes=N-` -> N.
fn range_start(range: Option<&str>) -> Option<usize> {
    range?.strip_prefix("bytes=")?.strip_suffix('-')?.parse().ok()
}

/// A zip archive with one member, built in memory.
pub fn zip_of(member: &str, text: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file(member, opts).expect("zip member");
        w.write_all(text.as_bytes()).expect("zip write");
        w.finish().expect("zip finish");
    }
    buf.into_inner()
}

pub mod checks;
