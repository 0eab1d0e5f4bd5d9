//! The handlers: the embedded page, and the JSON API over the code the commands run.
//!
//! Every POST takes one body, `{"texts": ["…" | {"id", "text"}], "corrections"?, "options"?}`;
//! texts are documents in order (ids `text1`, `text2`, … unless given), several make one story
//! as on the command line. Errors are `{"error": "…"}` with a 4xx status.

// A refusal is the response itself, made once per request; boxing it would only move it.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::geojson::{datawrapper_markers, spooled_collection, stream_stories, DocSource, StoryArgs, Told};
use super::super::inputs::{Doc, LimitArgs};
use super::super::map::{draw, framed, map_options, Asked, Titles};
use toponym::emit::mentions::{render, Emitter, MentionFormat};
use toponym::emit::places::{self, PlaceFormat, PlaceRow};
use toponym::emit::png::{self, MapOptions};
use toponym::gazetteer::{Kind, LookupOptions};
use toponym::model::Document;
use toponym::parse::{parse_lat_lon, show_size};
use toponym::story::corrections::{Corrections, VERSION};
use toponym::Resolver;

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// The page's own assets allow nothing from elsewhere: no CDN, no remote fonts, no framing.
const CSP: &str = "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; \
                   font-src 'self' data:; frame-ancestors 'none'; form-action 'none'";

type Shared = State<Arc<super::State>>;

/// `{"error": message}` with `status`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message.into() }))).into_response()
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

pub async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE)
}

pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

pub async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such page: the page is at /, the API under /api/ (see `toponym serve --help`)")
}

/// A text to read: just the text, or with an id.
#[derive(Deserialize)]
#[serde(untagged)]
enum TextIn {
    Plain(String),
    WithId { id: String, text: String },
}

/// Options as the commands' flags name them (`--no-route` is `no_route`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Options {
    no_route: bool,
    no_rail: bool,
    /// For /api/map: `png` (default), `svg` or `alt` (the alt text); for /api/story: `geojson`
    /// (default) or `datawrapper` (a locator map's markers).
    format: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    scale: Option<f32>,
    theme: Option<String>,
    extent: Option<String>,
    projection: Option<String>,
    no_labels: bool,
    title: Option<String>,
    subtitle: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoryRequest {
    texts: Vec<TextIn>,
    #[serde(default)]
    corrections: Option<Corrections>,
    #[serde(default)]
    options: Options,
    /// For /api/nearest: a point of the map, x and y in px at scale 1.
    #[serde(default)]
    at: Option<[f32; 2]>,
}

/// A checked request: its documents, corrections and options.
struct Job {
    docs: Vec<Doc>,
    corrections: Corrections,
    options: Options,
    at: Option<[f32; 2]>,
}

/// Read the body (at most `--max-doc-bytes`), parse and check it.
async fn job(state: &super::State, headers: &HeaderMap, body: Body) -> Result<Job, Response> {
    let limit = state.max_doc_bytes;
    let too_big = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "request body longer than --max-doc-bytes {} ({limit} bytes); paste less, or restart \
                 `toponym serve` with a higher --max-doc-bytes",
                show_size(limit as u64)
            ),
        )
    };
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_big());
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| too_big())?;
    let req: StoryRequest =
        serde_json::from_slice(&bytes).map_err(|e| error(StatusCode::BAD_REQUEST, format!("request body: {e}")))?;
    if req.texts.is_empty() {
        return Err(error(StatusCode::BAD_REQUEST, "request body: \"texts\" is empty; paste an article"));
    }
    let corrections = req.corrections.unwrap_or_default();
    if corrections.version != VERSION {
        let message =
            format!("corrections: version {} is not supported (this build reads {VERSION})", corrections.version);
        return Err(error(StatusCode::BAD_REQUEST, message));
    }
    corrections.check(state.gaz).map_err(|e| error(StatusCode::BAD_REQUEST, e.to_string()))?;
    let docs = req
        .texts
        .into_iter()
        .enumerate()
        .map(|(index, t)| match t {
            TextIn::Plain(text) => Doc { index, id: format!("text{}", index + 1), text, lang: None },
            TextIn::WithId { id, text } => Doc { index, id, text, lang: None },
        })
        .collect();
    Ok(Job { docs, corrections, options: req.options, at: req.at })
}

impl Job {
    /// The flags `toponym geojson|map` would have for these options.
    fn story_args(&self, max_doc_bytes: usize) -> StoryArgs {
        StoryArgs {
            files: Vec::new(),
            input: None,
            per_document: false,
            route: None,
            fuzzy: false,
            no_route: self.options.no_route,
            no_rail: self.options.no_rail,
            mode: None,
            avoid: None,
            jobs: None,
            lang: None,
            label_lang: None,
            limit: LimitArgs { max_doc_bytes: max_doc_bytes as u64, include_outputs: false },
            corrections: None,
        }
    }

    /// Build the story as the commands do, handing each [`Told`] to `sink`.
    fn tell(
        self,
        state: &super::State,
        sink: impl FnMut(Told<'_>) -> anyhow::Result<()>,
    ) -> Result<(Corrections, Options), Response> {
        let args = self.story_args(state.max_doc_bytes);
        let docs = self.docs;
        let source: DocSource<'_> = Box::new(move || {
            Ok(Box::new(docs.into_iter().map(Ok)) as Box<dyn Iterator<Item = anyhow::Result<Doc>> + Send>)
        });
        stream_stories(&args, state.gaz, &self.corrections, source, sink).map_err(bad_request)?;
        Ok((self.corrections, self.options))
    }

    /// The stories the texts tell (as [`Job::tell`] hands them over), with the corrections and
    /// options that shaped them.
    fn stories(self, state: &super::State) -> Result<(Vec<toponym::story::Story>, Corrections, Options), Response> {
        let mut stories = Vec::new();
        let (corrections, options) = self.tell(state, |told| {
            if let Told::Story(s) = told {
                stories.push(*s);
            }
            Ok(())
        })?;
        Ok((stories, corrections, options))
    }
}

fn bad_request(e: anyhow::Error) -> Response {
    let chain: Vec<String> = e.chain().map(|e| e.to_string()).collect();
    error(StatusCode::BAD_REQUEST, chain.join(": "))
}

/// Run `work` on a blocking thread once a core is free.
async fn on_worker<T: Send + 'static>(
    state: &Arc<super::State>,
    work: impl FnOnce(&super::State) -> Result<T, Response> + Send + 'static,
) -> Result<T, Response> {
    let _permit = state.work.acquire().await.map_err(|_| error(StatusCode::SERVICE_UNAVAILABLE, "shutting down"))?;
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .unwrap_or_else(|_| Err(error(StatusCode::INTERNAL_SERVER_ERROR, "the work failed; see the server's log")))
}

fn bytes_response(content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// `POST /api/story`: the story GeoJSON, as `toponym geojson` writes it.
pub async fn story(State(state): Shared, headers: HeaderMap, body: Body) -> Response {
    let job = match job(&state, &headers, body).await {
        Ok(job) => job,
        Err(r) => return r,
    };
    let datawrapper = match job.options.format.as_deref() {
        None | Some("geojson") => false,
        Some("datawrapper") => true,
        Some(f) => {
            return error(StatusCode::BAD_REQUEST, format!("options.format {f:?}: expected geojson or datawrapper"))
        }
    };
    if datawrapper {
        let result = on_worker(&state, move |state| {
            let mut stories = Vec::new();
            job.tell(state, |told| {
                if let Told::Story(s) = told {
                    stories.push(*s);
                }
                Ok(())
            })?;
            let mut out = serde_json::to_vec_pretty(&datawrapper_markers(&stories))
                .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            out.push(b'\n');
            Ok(out)
        })
        .await;
        return match result {
            Ok(bytes) => bytes_response("application/json", bytes),
            Err(r) => r,
        };
    }
    let result = on_worker(&state, move |state| {
        let mut collection = spooled_collection(Vec::new()).map_err(bad_request)?;
        job.tell(state, |told| {
            match told {
                Told::Document(s) => collection.add_document(s)?,
                Told::Story(s) => collection.add_features(&s)?,
            }
            Ok(())
        })?;
        collection.finish().map_err(|e| bad_request(e.into()))
    })
    .await;
    match result {
        Ok(bytes) => bytes_response("application/geo+json", bytes),
        Err(r) => r,
    }
}

/// `POST /api/mentions`: each text's mentions (corrections applied), as `toponym resolve
/// --format json` writes them.
pub async fn mentions(State(state): Shared, headers: HeaderMap, body: Body) -> Response {
    let job = match job(&state, &headers, body).await {
        Ok(job) => job,
        Err(r) => return r,
    };
    let result = on_worker(&state, move |state| {
        let resolver = Resolver::new(state.gaz);
        let mut out = Vec::new();
        let mut emit = Emitter::new(&mut out, MentionFormat::Json, false);
        for doc in job.docs {
            let mut mentions = resolver.resolve(&doc.text, &Default::default());
            job.corrections.apply(state.gaz, &mut mentions);
            let rendered = render(Document { id: doc.id, mentions }, MentionFormat::Json, false)
                .map_err(|e| bad_request(e.into()))?;
            emit.doc(&rendered).map_err(|e| bad_request(e.into()))?;
        }
        emit.finish().map_err(|e| bad_request(e.into()))?;
        Ok(out)
    })
    .await;
    match result {
        Ok(bytes) => bytes_response("application/json", bytes),
        Err(r) => r,
    }
}

/// What `/api/map` answers with.
#[derive(Clone, Copy, PartialEq)]
enum MapFormat {
    Png,
    Svg,
    Alt,
}

impl Options {
    /// The map options as `toponym map` would take them (the corrections' `map` under them).
    fn map_options(&self, corrections: &Corrections) -> Result<MapOptions, Response> {
        let asked = Asked {
            width: self.width,
            height: self.height,
            scale: self.scale.unwrap_or(1.0),
            theme: self.theme.as_deref(),
            extent: self.extent.as_deref(),
            projection: self.projection.as_deref(),
            labels: !self.no_labels,
        };
        map_options(&asked, corrections.map.as_ref(), "options.").map_err(|e| error(StatusCode::BAD_REQUEST, e))
    }
}

/// `POST /api/map`: the map as `toponym map` draws it: PNG, SVG, or its alt text (`alt`).
pub async fn map(State(state): Shared, headers: HeaderMap, body: Body) -> Response {
    let job = match job(&state, &headers, body).await {
        Ok(job) => job,
        Err(r) => return r,
    };
    let result = on_worker(&state, move |state| {
        let format = match job.options.format.as_deref() {
            None | Some("png") => MapFormat::Png,
            Some("svg") => MapFormat::Svg,
            Some("alt") => MapFormat::Alt,
            Some(f) => {
                return Err(error(StatusCode::BAD_REQUEST, format!("options.format {f:?}: expected png, svg or alt")))
            }
        };
        let opts = job.options.map_options(&job.corrections)?;
        let (stories, corrections, options) = job.stories(state)?;
        let titles = Titles {
            title: options.title.as_deref(),
            subtitle: options.subtitle.as_deref(),
            corrections: &corrections,
        };
        if format == MapFormat::Alt {
            let (_, alt) = framed(&stories, &titles, &opts);
            return Ok((format, format!("{alt}\n").into_bytes()));
        }
        let drawn = draw(&stories, &titles, &opts, format == MapFormat::Svg).map_err(bad_request)?;
        Ok((format, drawn.bytes))
    })
    .await;
    match result {
        Ok((MapFormat::Svg, bytes)) => bytes_response("image/svg+xml", bytes),
        Ok((MapFormat::Png, bytes)) => bytes_response("image/png", bytes),
        Ok((MapFormat::Alt, bytes)) => bytes_response("text/plain; charset=utf-8", bytes),
        Err(r) => r,
    }
}

/// Places offered for a click on the map.
const NEAREST_LIMIT: usize = 5;
/// A click means the towns within this many px of it (at least [`CLICK_MIN_KM`]).
const CLICK_RADIUS_PX: f32 = 15.0;
/// The smallest radius of a click, km.
const CLICK_MIN_KM: f64 = 2.0;

/// `POST /api/nearest`: the request of `/api/map` plus `"at": [x, y]`, a point of that map in
/// px at scale 1 → `{"lon", "lat", "places": [...]}`: where the point is, and the towns a click
/// there means: those within [`CLICK_RADIUS_PX`] of it on that map, most populous first (a click
/// on Madrid means Madrid, not the quarter under the pointer), else the nearest (as
/// `toponym nearest --kind city` lists them). The page adds a stop where the editor clicks.
pub async fn nearest(State(state): Shared, headers: HeaderMap, body: Body) -> Response {
    let job = match job(&state, &headers, body).await {
        Ok(job) => job,
        Err(r) => return r,
    };
    let Some([x, y]) = job.at.filter(|[x, y]| x.is_finite() && y.is_finite()) else {
        return error(StatusCode::BAD_REQUEST, "request body: \"at\": [x, y] (px on the map) is missing");
    };
    let result = on_worker(&state, move |state| {
        let opts = job.options.map_options(&job.corrections)?;
        let (stories, corrections, options) = job.stories(state)?;
        let titles = Titles {
            title: options.title.as_deref(),
            subtitle: options.subtitle.as_deref(),
            corrections: &corrections,
        };
        let (map, _) = framed(&stories, &titles, &opts);
        let at = png::unlocate(&map.input, &opts, x, y).map_err(|e| bad_request(e.into()))?;
        let Some((lon, lat)) = at else {
            return Err(error(StatusCode::BAD_REQUEST, format!("at: ({x}, {y}) is off the map's globe")));
        };
        let radius_km = png::unlocate(&map.input, &opts, x + CLICK_RADIUS_PX, y)
            .ok()
            .flatten()
            .map_or(CLICK_MIN_KM, |b| png::projection::great_circle_km((lon, lat), b).max(CLICK_MIN_KM));
        let found = state.gaz.nearest(geo::Point::new(lon, lat), 200, Some(Kind::City));
        let mut near: Vec<_> = found.iter().filter(|(_, d)| *d <= radius_km).collect();
        if near.is_empty() {
            near = found.iter().take(NEAREST_LIMIT).collect();
        } else {
            near.sort_by(|a, b| {
                b.0.population().cmp(&a.0.population()).then(a.1.total_cmp(&b.1)).then(a.0.id().cmp(&b.0.id()))
            });
        }
        let rows: Vec<PlaceRow> = near.iter().take(NEAREST_LIMIT).map(|(p, d)| PlaceRow::at_distance(p, *d)).collect();
        let round = |v: f64| (v * 1e6).round() / 1e6;
        let body = serde_json::json!({ "lon": round(lon), "lat": round(lat), "places": rows });
        serde_json::to_vec(&body).map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
    })
    .await;
    match result {
        Ok(bytes) => bytes_response("application/json", bytes),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    q: String,
    limit: Option<usize>,
    near: Option<String>,
    country: Option<String>,
    kind: Option<String>,
}

/// `GET /api/lookup?q=NAME`: the `toponym lookup --format json` ranking (`[]` when nothing
/// matches).
pub async fn lookup(
    State(state): Shared,
    query: Result<Query<LookupQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(q) = match query {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("query: {}", e.body_text())),
    };
    let name = q.q.trim();
    if name.is_empty() || toponym::gazetteer::fold_name(name).is_empty() {
        return error(StatusCode::BAD_REQUEST, "q: the place name is empty");
    }
    let limit = q.limit.unwrap_or(10);
    if !(1..=super::super::MAX_LIMIT as usize).contains(&limit) {
        return error(StatusCode::BAD_REQUEST, format!("limit: expected 1..={}", super::super::MAX_LIMIT));
    }
    let near = match q.near.as_deref().map(parse_lat_lon).transpose() {
        Ok(n) => n,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("near: {e}")),
    };
    let kind = match q.kind.as_deref().map(str::parse::<Kind>).transpose() {
        Ok(k) => k,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("kind: {e}")),
    };
    let opts = LookupOptions { limit, country: q.country, kind, near };
    let found = state.gaz.search(name, &opts);
    let rows: Vec<PlaceRow> = found.matches.iter().map(|m| PlaceRow::of_match(m, near)).collect();
    let mut out = Vec::new();
    if let Err(e) = places::write(&rows, PlaceFormat::Json, &mut out) {
        return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    bytes_response("application/json", out)
}
