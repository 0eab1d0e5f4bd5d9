//! `toponym serve`: the API answers as the commands do (the same GeoJSON, the same lookup
//! ranking, the same PNG for replayed corrections), and hostile requests get clear 4xx
//! answers while the server keeps serving. A plain HTTP/1.1 client over `TcpStream`, so the
//! tests set `Host` and `Origin` exactly as an attacker's browser would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Texts written for these tests.
const RAIL_TRIP: &str = "The overnight train left Lisbon on Friday and reached Madrid by morning. \
    From Madrid the travellers continued by rail to Barcelona, where the conference opened on Monday. \
    Organisers in Paris said the next meeting would be held in Lyon.";
const SECOND: &str = "Delegates from Porto flew home after the Barcelona meeting; some stayed in Valencia.";

/// A running `toponym serve` on a free loopback port, stopped when dropped.
struct Served {
    child: Child,
    port: u16,
    stderr: BufReader<std::process::ChildStderr>,
}

impl Served {
    fn start(extra: &[&str]) -> Served {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("toponym"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("TOPONYM_GAZETTEER")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("toponym serve starts");
        let mut stderr = BufReader::new(child.stderr.take().expect("piped"));
        let mut line = String::new();
        let port = loop {
            line.clear();
            assert!(stderr.read_line(&mut line).expect("reads stderr") > 0, "serve exited before serving");
            if let Some(rest) = line.split("serving http://127.0.0.1:").nth(1) {
                break rest.split('/').next().and_then(|p| p.parse().ok()).expect("a port in the URL");
            }
        };
        Served { child, port, stderr }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// One request; the status and the body.
    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(60))).expect("sets a time-out");
        let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length")) {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).expect("writes the head");
        // the server may answer (413) before the body is all sent, and close
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        parse_response(&raw)
    }

    fn post(&self, path: &str, body: &Value) -> (u16, Vec<u8>) {
        let bytes = serde_json::to_vec(body).expect("serialises");
        self.send("POST", path, &[("Content-Type", "application/json")], &bytes)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_response(raw: &[u8]) -> (u16, Vec<u8>) {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status");
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let eol = rest.windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..eol]).expect("ascii").trim(), 16).expect("hex");
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[eol + 4 + size..];
        }
        body = out;
    }
    (status, body)
}

fn error_of(body: &[u8]) -> String {
    let v: Value = serde_json::from_slice(body).expect("errors are JSON");
    v["error"].as_str().expect("an error message").to_string()
}

/// Write `texts` as files `text1`, `text2`, … (the ids the API gives them) in a fresh directory.
fn text_files(texts: &[&str]) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let paths = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = dir.path().join(format!("text{}", i + 1));
            std::fs::write(&p, t).expect("writes");
            p.to_string_lossy().into_owned()
        })
        .collect();
    (dir, paths)
}

fn cli(args: &[&str]) -> Vec<u8> {
    let out = assert_cmd::Command::cargo_bin("toponym")
        .expect("binary built")
        .env_remove("TOPONYM_GAZETTEER")
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "toponym {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn id_of(name: &str) -> u64 {
    let rows: Value =
        serde_json::from_slice(&cli(&["lookup", name, "--format", "json", "--limit", "1"])).expect("JSON");
    rows[0]["id"].as_u64().expect("an id")
}

#[test]
fn the_api_answers_as_the_commands_do() {
    let server = Served::start(&[]);
    let (_dir, files) = text_files(&[RAIL_TRIP, SECOND]);
    let (status, body) = server.post("/api/story", &json!({ "texts": [RAIL_TRIP, SECOND] }));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let api: Value = serde_json::from_slice(&body).expect("GeoJSON");
    let mut args = vec!["geojson"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", "-"]);
    let cli_story: Value = serde_json::from_slice(&cli(&args)).expect("GeoJSON");
    assert_eq!(api, cli_story, "POST /api/story equals `toponym geojson` on the same texts");
    assert!(api["features"].as_array().is_some_and(|f| f.iter().any(|f| f["properties"]["role"] == "route")));

    let (status, body) = server.send("GET", "/api/lookup?q=Khasan&limit=3", &[], b"");
    assert_eq!(status, 200);
    let api: Value = serde_json::from_slice(&body).expect("JSON");
    let cli_rows: Value =
        serde_json::from_slice(&cli(&["lookup", "Khasan", "--format", "json", "--limit", "3"])).expect("JSON");
    assert_eq!(api, cli_rows, "GET /api/lookup equals `toponym lookup --format json`");

    let (status, body) = server.post("/api/mentions", &json!({ "texts": [{ "id": "a", "text": RAIL_TRIP }] }));
    assert_eq!(status, 200);
    let docs: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(docs[0]["id"], "a");
    let names: Vec<&str> =
        docs[0]["mentions"].as_array().expect("mentions").iter().filter_map(|m| m["text"].as_str()).collect();
    assert!(names.contains(&"Lisbon") && names.contains(&"Lyon"), "{names:?}");

    // the page's own assets: small, and nothing from elsewhere
    let (status, page) = server.send("GET", "/", &[], b"");
    assert_eq!(status, 200);
    let mut total = page.len();
    for asset in ["/app.js", "/app.css"] {
        let (status, body) = server.send("GET", asset, &[], b"");
        assert_eq!(status, 200, "{asset}");
        assert!(!String::from_utf8_lossy(&body).contains("https://"), "{asset} loads nothing from elsewhere");
        total += body.len();
    }
    assert!(total < 1 << 20, "page assets are {total} bytes");
}

#[test]
fn a_pages_corrections_replay_on_the_command_line_byte_for_byte() {
    let server = Served::start(&[]);
    let (dir, files) = text_files(&[RAIL_TRIP]);
    let texas = {
        let rows: Value = serde_json::from_slice(&cli(&["lookup", "Paris, Texas", "--format", "json", "--limit", "1"]))
            .expect("JSON");
        rows[0]["id"].as_u64().expect("an id")
    };
    let corrections = json!({
        "version": 1,
        "names": { "Paris": { "id": texas }, "Lyon": { "not_a_place": true } },
        "journey": [
            { "id": id_of("Lisbon") },
            { "id": id_of("Madrid"), "mode": "rail" },
            { "name": "Zaragoza stop", "lat": 41.65, "lon": -0.88, "mode": "road" },
            { "id": id_of("Barcelona"), "mode": "rail", "status": "planned" }
        ],
        "title": "By rail across Iberia"
    });
    let path = dir.path().join("corrections.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&corrections).expect("serialises")).expect("writes");

    let (status, page_png) = server.post("/api/map", &json!({ "texts": [RAIL_TRIP], "corrections": corrections }));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&page_png));
    assert!(page_png.starts_with(b"\x89PNG"));
    let out = dir.path().join("cli.png");
    cli(&["map", &files[0], "--corrections", &path.to_string_lossy(), "-o", &out.to_string_lossy()]);
    let cli_png = std::fs::read(&out).expect("the CLI wrote the map");
    assert!(page_png == cli_png, "the page's PNG export and the CLI replay differ");

    // the corrections changed the map, and the story says what they say
    let (_, plain_png) = server.post("/api/map", &json!({ "texts": [RAIL_TRIP] }));
    assert!(plain_png != page_png, "corrections change the map");
    let (_, body) = server.post("/api/story", &json!({ "texts": [RAIL_TRIP], "corrections": corrections }));
    let story: Value = serde_json::from_slice(&body).expect("GeoJSON");
    let features = story["features"].as_array().expect("features");
    let stops: Vec<String> = features
        .iter()
        .filter(|f| f["properties"]["role"] == "route")
        .filter_map(|f| f["properties"]["waypoints"].as_str().map(str::to_string))
        .collect();
    assert!(stops.join(" | ").contains("Zaragoza stop"), "{stops:?}");
    let named = |n: &str| features.iter().find(|f| f["properties"]["name"] == n).map(|f| f["properties"].clone());
    assert!(named("Lyon").is_none(), "Lyon is not a place any more");
    let paris = named("Paris").expect("Paris is still a place");
    assert_eq!((paris["id"].as_u64(), paris["country_code"].as_str()), (Some(texas), Some("US")));

    // and the SVG the page shows comes from the same renderer
    let (status, svg) = server
        .post("/api/map", &json!({ "texts": [RAIL_TRIP], "corrections": corrections, "options": { "format": "svg" } }));
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&svg).contains("By rail across Iberia"));
}

#[test]
fn hostile_requests_get_clear_refusals_and_the_server_keeps_serving() {
    let server = Served::start(&["--max-doc-bytes", "64K"]);
    let lookup = |headers: &[(&str, &str)]| server.send("GET", "/api/lookup?q=Madrid", headers, b"");
    let port = server.port;
    // (what, headers, status, message)
    type Row<'a> = (&'a str, Vec<(&'a str, String)>, u16, &'a str);
    let rows: Vec<Row> = vec![
        ("own host", vec![], 200, ""),
        ("localhost", vec![("Host", format!("localhost:{port}"))], 200, ""),
        ("rebound DNS name", vec![("Host", format!("evil.example:{port}"))], 403, "not this server's address"),
        ("other port", vec![("Host", format!("127.0.0.1:{}", port.wrapping_add(1)))], 403, "not this server's address"),
        ("cross-site", vec![("Origin", "http://evil.example".into())], 403, "cross-site request"),
        ("opaque origin", vec![("Origin", "null".into())], 403, "cross-site request"),
        ("own origin", vec![("Origin", format!("http://127.0.0.1:{port}"))], 200, ""),
    ];
    for (what, headers, want, message) in &rows {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = lookup(&headers);
        assert_eq!(status, *want, "{what}: {}", String::from_utf8_lossy(&body));
        if *want != 200 {
            assert!(error_of(&body).contains(message), "{what}: {}", error_of(&body));
        }
    }

    // a paste over --max-doc-bytes: refused with a message that names the limit
    let big = "Madrid. ".repeat(10_000);
    let (status, body) = server.post("/api/story", &json!({ "texts": [big] }));
    assert_eq!(status, 413);
    assert!(error_of(&body).contains("--max-doc-bytes 64K"), "{}", error_of(&body));
    // a declared 100 MB body is refused before it is read
    let (status, body) = server.send("POST", "/api/story", &[("Content-Length", "104857600")], &[b' '; 65536]);
    assert_eq!(status, 413);
    assert!(error_of(&body).contains("--max-doc-bytes"));

    let unknown = json!({ "texts": ["Madrid"], "corrections": { "names": { "Madrid": { "id": 4_000_000_000u64 } } } });
    let rows: Vec<(&str, u16, Vec<u8>, &str)> = vec![
        ("/api/story", 400, b"{\"texts\": [".to_vec(), "request body"),
        ("/api/story", 400, b"{\"texts\": []}".to_vec(), "\"texts\" is empty"),
        ("/api/story", 400, b"{\"text\": [\"Madrid\"]}".to_vec(), "unknown field"),
        ("/api/story", 400, serde_json::to_vec(&unknown).expect("JSON"), "no gazetteer place has id 4000000000"),
        ("/api/map", 400, br#"{"texts": ["Madrid"], "options": {"format": "gif"}}"#.to_vec(), "options.format"),
        ("/api/map", 400, br#"{"texts": ["Madrid"], "options": {"width": 100000}}"#.to_vec(), "options.width"),
    ];
    for (path, want, body, message) in &rows {
        let (status, answer) = server.send("POST", path, &[("Content-Type", "application/json")], body);
        assert_eq!(status, *want, "{}: {}", String::from_utf8_lossy(body), String::from_utf8_lossy(&answer));
        assert!(error_of(&answer).contains(message), "{}: {}", String::from_utf8_lossy(body), error_of(&answer));
    }
    for path in ["/../../etc/passwd", "/api/../../etc/passwd", "/app.js/../../../etc/passwd", "/api/nothing"] {
        let (status, body) = server.send("GET", path, &[], b"");
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("root:"), "{path}");
    }
    let (status, body) = server.send("GET", "/api/lookup?q=", &[], b"");
    assert_eq!((status, error_of(&body).contains("empty")), (400, true));

    // still serving
    let (status, body) = lookup(&[]);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("\"Madrid\""));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut server = Served::start(&[]);
    assert_eq!(server.send("GET", "/", &[], b"").0, 200);
    let pid = i32::try_from(server.child.id()).expect("a pid");
    // SAFETY: signalling our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("waits") {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "serve did not stop after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    server.stderr.read_to_string(&mut rest).expect("reads stderr");
    assert!(rest.contains("toponym: stopped"), "{rest:?}");
}

#[test]
fn listening_beyond_loopback_warns() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("toponym"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("piped"));
    let mut first = String::new();
    stderr.read_line(&mut first).expect("reads");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.contains("warning: listening on 0.0.0.0:") && first.contains("--addr 127.0.0.1"), "{first:?}");
}

/// The exports beyond PNG: the alt text (`format: "alt"`, the SVG's `<desc>` too), the
/// Datawrapper markers (as `geojson --format datawrapper`), and a click on the map: the point
/// and the towns nearest it, which the page adds as a stop (replayed by the CLI like any stop).
/// The corrections' `map` member sizes the page's export and the CLI's replay alike.
#[test]
fn alt_text_datawrapper_and_a_click_on_the_map() {
    let server = Served::start(&[]);
    let (dir, files) = text_files(&[RAIL_TRIP]);
    let (status, alt) = server.post("/api/map", &json!({ "texts": [RAIL_TRIP], "options": { "format": "alt" } }));
    assert_eq!(status, 200);
    let alt = String::from_utf8(alt).expect("UTF-8");
    assert!(alt.contains("Journey: Lisbon") && alt.contains("Madrid"), "{alt}");
    let alt_file = dir.path().join("alt.txt");
    cli(&[
        "map",
        &files[0],
        "-o",
        &dir.path().join("m.png").to_string_lossy(),
        "--alt-text",
        &alt_file.to_string_lossy(),
    ]);
    assert_eq!(std::fs::read_to_string(&alt_file).expect("written"), alt, "the API's alt text is the CLI's");
    let (_, svg) = server.post("/api/map", &json!({ "texts": [RAIL_TRIP], "options": { "format": "svg" } }));
    assert!(String::from_utf8_lossy(&svg).contains(&format!("<desc id=\"map-desc\">{}</desc>", alt.trim_end())));

    let (status, body) =
        server.post("/api/story", &json!({ "texts": [RAIL_TRIP], "options": { "format": "datawrapper" } }));
    assert_eq!(status, 200);
    let api: Value = serde_json::from_slice(&body).expect("JSON");
    let cli_dw: Value =
        serde_json::from_slice(&cli(&["geojson", &files[0], "--format", "datawrapper", "-o", "-"])).expect("JSON");
    assert_eq!(api, cli_dw, "the page's Datawrapper export equals the CLI's");

    // a click near Valencia on a 800 × 600 map framed on Iberia
    let map = json!({ "width": 800, "height": 600, "extent": [-10.0, 35.0, 4.0, 44.5] });
    let corrections = json!({ "version": 1, "map": map });
    let (_, png) = server.post("/api/map", &json!({ "texts": [RAIL_TRIP], "corrections": corrections }));
    assert_eq!(&png[16..24], &[0, 0, 3, 32, 0, 0, 2, 88], "the corrections' size: 800 × 600");
    let layout = dir.path().join("layout.json");
    let cpath = dir.path().join("c.json");
    std::fs::write(&cpath, serde_json::to_vec(&corrections).expect("JSON")).expect("writes");
    let replay = dir.path().join("replay.png");
    cli(&[
        "map",
        &files[0],
        "--corrections",
        &cpath.to_string_lossy(),
        "-o",
        &replay.to_string_lossy(),
        "--layout",
        &layout.to_string_lossy(),
    ]);
    assert!(std::fs::read(&replay).expect("written") == png, "the replay sizes and frames the map alike");
    let (status, body) =
        server.post("/api/nearest", &json!({ "texts": [RAIL_TRIP], "corrections": corrections, "at": [0.0, 0.0] }));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let corner: Value = serde_json::from_slice(&body).expect("JSON");
    assert!(
        corner["lon"].as_f64().unwrap() < -8.0 && corner["lat"].as_f64().unwrap() > 42.0,
        "the top-left corner is north-west: {corner}"
    );
    // find Valencia's pixel by asking for successive points is overkill: use the inverse of a known point instead
    let l: Value = serde_json::from_slice(&std::fs::read(&layout).expect("layout")).expect("JSON");
    let madrid =
        l["markers"].as_array().expect("markers").iter().find(|m| m["text"] == "Madrid").expect("Madrid is drawn");
    let (x, y) = (madrid["x"].as_f64().unwrap(), madrid["y"].as_f64().unwrap());
    let (status, body) =
        server.post("/api/nearest", &json!({ "texts": [RAIL_TRIP], "corrections": corrections, "at": [x, y] }));
    assert_eq!(status, 200);
    let near: Value = serde_json::from_slice(&body).expect("JSON");
    assert!(
        (near["lon"].as_f64().unwrap() + 3.70).abs() < 0.1 && (near["lat"].as_f64().unwrap() - 40.42).abs() < 0.1,
        "{near}"
    );
    assert_eq!(near["places"][0]["name"], "Madrid", "{near}");
    let (status, body) = server.post("/api/nearest", &json!({ "texts": [RAIL_TRIP] }));
    assert_eq!(status, 400);
    assert!(error_of(&body).contains("\"at\""));
}
