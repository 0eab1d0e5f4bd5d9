//! `toponym serve`: a local newsroom page (paste an article, fix the draft map, export it) and
//! the JSON API it calls.
//!
//! Invariants:
//! - The API calls the code `toponym geojson` and `toponym map` run (`geojson::stream_stories`,
//!   `map::draw`) with the same defaults, so a page export and a CLI replay of its
//!   corrections give the same bytes.
//! - Every request passes [`guard::same_origin`] first: a `Host` or `Origin` that is not this
//!   server's own is refused (DNS rebinding, cross-site requests) before any work.
//! - A request body is read up to `--max-doc-bytes` and no further (413 past it); story and map
//!   work runs on blocking threads, at most one request per core at once, so the server keeps
//!   answering while a big paste resolves.
//! - Ctrl-C or SIGTERM stops accepting, lets requests in flight finish, then exits 0.

mod api;
mod guard;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::routing::{get, post};
use axum::Router;

use super::inputs::parse_size;
use super::Exit;
use toponym::gazetteer::Gazetteer;

/// Serve a local page to paste articles into, see and fix the draft map, and export PNG, SVG,
/// GeoJSON and the corrections; plus the JSON API the page uses.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym serve                      # then open http://127.0.0.1:8080/
  toponym serve --addr 127.0.0.1:0 --open
  curl -s localhost:8080/api/lookup?q=Khasan
  curl -s -H 'Content-Type: application/json' -d '{\"texts\":[\"The train left Pyongyang for Vladivostok.\"]}' \\
       localhost:8080/api/story
  curl -s -d '{\"texts\":[\"…\"],\"options\":{\"format\":\"png\"}}' localhost:8080/api/map -o map.png

API (JSON in, errors as {\"error\": \"…\"} with a 4xx status):
  POST /api/story     {\"texts\": [\"…\" | {\"id\",\"text\"}], \"corrections\"?, \"options\"?} -> the story
                      GeoJSON, as `toponym geojson` writes it
  POST /api/mentions  same body -> the mentions per text, as `toponym resolve --format json`
  POST /api/map       same body -> PNG, or SVG with options.format \"svg\", as `toponym map` draws it,
                      or its alt text with \"alt\" (the SVG carries it as <desc>)
  POST /api/story     with options.format \"datawrapper\": a Datawrapper locator map's markers
  POST /api/nearest   same body plus \"at\": [x, y] (px on that map) -> {lon, lat, places}: where the
                      point is and the towns nearest it (the page adds a stop where you click)
  GET  /api/lookup?q=NAME[&limit=N&near=LAT,LON&country=CC] -> the `toponym lookup` ranking
options: no_route, no_rail, width, height, scale, theme, extent (\"W,S,E,N\"), projection,
no_labels, title, subtitle, format. corrections: see `toponym map --corrections` (its \"map\"
member sets width, height, theme, extent and projection where options do not).

Safety: binds to 127.0.0.1 unless --addr says otherwise (then a warning); answers only
requests whose Host (and Origin, when sent) is this server's own address; refuses bodies over
--max-doc-bytes (413). Ctrl-C stops it cleanly.")]
pub struct Args {
    /// Address to listen on (port 0: any free port; the URL is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Refuse (413) a request body longer than this: the pasted texts and corrections together.
    /// A number of bytes, or with K, M or G.
    #[arg(long, value_name = "BYTES", default_value = "8M", value_parser = parse_size)]
    max_doc_bytes: u64,
    /// Also answer requests addressed to this host name (e.g. the machine's name, when --addr
    /// listens beyond loopback); may be given more than once.
    #[arg(long, value_name = "HOST")]
    allow_host: Vec<String>,
}

/// What every handler shares.
pub struct State {
    gaz: &'static Gazetteer,
    max_doc_bytes: usize,
    /// `host:port` values a request's Host may have (lowercase).
    hosts: Vec<String>,
    /// One permit per core: story and map work waits for one.
    work: tokio::sync::Semaphore,
}

pub fn run(args: &Args, gaz: &'static Gazetteer) -> anyhow::Result<i32> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the server's runtime")?;
    runtime.block_on(serve(args, gaz))
}

async fn serve(args: &Args, gaz: &'static Gazetteer) -> anyhow::Result<i32> {
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| Exit::usage(format!("--addr {}: {e}", args.addr)))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "toponym: warning: listening on {addr}, beyond this machine: anyone who can reach it can use the page \
             (it has no login); pass --addr 127.0.0.1:{} to keep it local",
            addr.port()
        );
    }
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let state = Arc::new(State {
        gaz,
        max_doc_bytes: usize::try_from(args.max_doc_bytes).unwrap_or(usize::MAX),
        hosts: guard::own_hosts(addr, &args.allow_host),
        work: tokio::sync::Semaphore::new(cores),
    });
    let app = router(state);
    // the handlers are in place before the URL is printed: a Ctrl-C right after it stops cleanly
    let stop = stop_signal().context("listening for Ctrl-C")?;
    let url = format!("http://{}/", guard::url_host(addr));
    if !super::quiet() {
        eprintln!("toponym: serving {url} (Ctrl-C stops)");
    }
    if args.open {
        open_browser(&url);
    }
    axum::serve(listener, app).with_graceful_shutdown(stop).await.context("serving")?;
    if !super::quiet() {
        eprintln!("toponym: stopped");
    }
    Ok(0)
}

fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/", get(api::page))
        .route("/app.js", get(api::script))
        .route("/app.css", get(api::style))
        .route("/api/story", post(api::story))
        .route("/api/mentions", post(api::mentions))
        .route("/api/map", post(api::map))
        .route("/api/nearest", post(api::nearest))
        .route("/api/lookup", get(api::lookup))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::same_origin))
        .with_state(state)
}

/// Ctrl-C or SIGTERM, listened for from this call on (not from the first poll).
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        stopping();
    })
}

/// Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        stopping();
    })
}

fn stopping() {
    if !super::quiet() {
        eprintln!("toponym: stopping (requests in flight finish first)");
    }
}

/// Open `url` in the desktop's browser; a machine without one gets a warning, not an error.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("toponym: warning: --open: could not run {opener}: {e}; open {url} yourself");
    }
}
