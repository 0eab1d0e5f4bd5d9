//! `toponym._toponym`: the Python binding, a thin layer over the library's public API.
//!
//! Each function converts its arguments (`input`), calls the library with the GIL released,
//! and converts the result (`types`). The gazetteer is the embedded one, loaded on first use
//! (importing the module loads nothing). Argument errors are `TypeError`/`ValueError` with the
//! CLI's messages, the option named without its dashes (`--limit` → `limit`).

mod input;
mod types;

use std::sync::OnceLock;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;

use toponym::emit::geojson::StreamWriter;
use toponym::emit::png::{self, MapOptions, ProjectionKind, Theme};
use toponym::emit::story_map::story_map;
use toponym::gazetteer::{fold_name, Kind, LookupOptions};
use toponym::story::{route, RouteChoice, Routing, Story, StoryMerger};
use toponym::{Gazetteer, ResolveOptions, Resolver};

use types::{Mention, Place};

/// The embedded gazetteer (parsed on first use; the data itself is compiled in uncompressed).
fn gazetteer() -> PyResult<&'static Gazetteer> {
    Gazetteer::embedded().map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

fn resolver() -> PyResult<&'static Resolver<'static>> {
    static RESOLVER: OnceLock<Resolver<'static>> = OnceLock::new();
    let gaz = gazetteer()?;
    Ok(RESOLVER.get_or_init(|| Resolver::new(gaz)))
}

/// Run `f` on `jobs` threads (every core when `None`).
fn on_threads<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    match jobs {
        None => Ok(f()),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?;
            Ok(pool.install(f))
        }
    }
}

/// Rank the places a name may mean, best first (like `toponym lookup`).
///
/// `name` is in any language or script (Москва, 평양, Zürich); `country` an ISO 3166-1 alpha-2
/// code; `kind` one of country, admin1, city, sea, launch_site, airport, …; `near` a
/// `(lat, lon)` pair (or "LAT,LON") that nearer places are preferred to. Returns an empty list
/// when no place has that name.
#[pyfunction]
#[pyo3(signature = (name, limit = 5, country = None, kind = None, near = None))]
fn lookup(
    py: Python<'_>,
    name: &Bound<'_, PyAny>,
    limit: i64,
    country: Option<String>,
    kind: Option<String>,
    near: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Place>> {
    let name = input::text(name, &|| "name".into())?;
    let name = name.trim();
    if name.is_empty() || fold_name(name).is_empty() {
        return Err(PyValueError::new_err("the place name is empty"));
    }
    if limit < 1 {
        return Err(PyValueError::new_err("limit must be at least 1"));
    }
    if let Some(cc) = &country {
        if cc.len() != 2 || !cc.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(PyValueError::new_err(format!("country takes a two-letter ISO code, got {cc:?}")));
        }
    }
    let kind: Option<Kind> =
        kind.map(|k| k.parse()).transpose().map_err(|e| PyValueError::new_err(format!("kind: {e}")))?;
    let near = near.map(input::lat_lon).transpose()?;
    let opts = LookupOptions { limit: limit.min(100_000) as usize, country, kind, near };
    let gaz = gazetteer()?;
    Ok(py.detach(|| gaz.lookup(name, &opts).iter().map(|m| Place::of_match(m, near)).collect()))
}

/// Every place mention in a text, resolved, in text order (like `toponym resolve`).
///
/// `text` is a str (or UTF-8 bytes). Offsets are character offsets into it: `text[m.start:m.end]`
/// is the mention. `adjectives=True` also reports demonyms ("Russian", "North Korean").
#[pyfunction]
#[pyo3(signature = (text, adjectives = false))]
fn resolve(py: Python<'_>, text: &Bound<'_, PyAny>, adjectives: bool) -> PyResult<Vec<Mention>> {
    let text = input::text(text, &|| "text".into())?;
    let resolver = resolver()?;
    let opts = ResolveOptions { adjectives, ..Default::default() };
    let mentions = py.detach(|| resolver.resolve(&text, &opts));
    Ok(mentions.into_iter().map(Mention).collect())
}

/// `resolve()` over many texts on several threads, with the GIL released: one list of mentions
/// per text, in input order, the same as resolving them one by one.
///
/// `jobs` is the number of threads (default: one per core).
#[pyfunction]
#[pyo3(signature = (texts, jobs = None, adjectives = false))]
fn resolve_many(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    jobs: Option<i64>,
    adjectives: bool,
) -> PyResult<Vec<Vec<Mention>>> {
    let texts = input::texts(texts)?;
    let jobs = input::jobs(jobs)?;
    let resolver = resolver()?;
    let opts = ResolveOptions { adjectives, ..Default::default() };
    let results: Vec<Vec<toponym::model::Mention>> =
        py.detach(|| on_threads(jobs, || texts.par_iter().map(|t| resolver.resolve(t, &opts)).collect()))?;
    Ok(results.into_iter().map(|ms| ms.into_iter().map(Mention).collect()).collect())
}

/// The stories the documents tell, as `toponym geojson` and `toponym map` do: each document's
/// own story (route inferred, given for the first document, or off) goes to `on_document` in
/// input order; the stories to show are those with `per_document`, otherwise the one merged
/// from them all.
fn told(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    route: Option<&str>,
    infer_route: bool,
    rail: bool,
    per_document: bool,
    mut on_document: impl FnMut(&Story) -> std::io::Result<()> + Send,
) -> PyResult<Vec<Story>> {
    let docs = input::documents(texts)?;
    let resolver = resolver()?;
    let gaz = gazetteer()?;
    let explicit = match route {
        Some(spec) => Some(route::parse_explicit(spec, gaz).map_err(|e| PyValueError::new_err(format!("route: {e}")))?),
        None => None,
    };
    let routing = if rail { Routing::default() } else { Routing::geodesic() };
    py.detach(|| {
        let documents: Vec<Story> = docs
            .par_iter()
            .enumerate()
            .map(|(i, (id, text))| {
                let choice = match (&explicit, infer_route) {
                    (Some(w), _) if i == 0 => RouteChoice::Explicit(w.clone()),
                    (Some(_), _) | (None, false) => RouteChoice::Off,
                    (None, true) => RouteChoice::Infer,
                };
                let mentions = resolver.resolve(text, &Default::default());
                Story::build(id, text, &mentions, &choice, &routing)
            })
            .collect();
        let mut shown = Vec::new();
        let mut merger = StoryMerger::new(&routing, explicit);
        for s in documents {
            on_document(&s)?;
            match per_document {
                true => shown.push(s),
                false => merger.add(s),
            }
        }
        shown.extend(merger.finish());
        Ok(shown)
    })
    .map_err(|e: std::io::Error| PyRuntimeError::new_err(format!("serialising GeoJSON: {e}")))
}

/// The story the texts tell as GeoJSON bytes: the same bytes as `toponym geojson` writes for
/// the same documents (`toponym.story()` parses them).
///
/// `texts` is one text, a list of texts (document ids "0", "1", …) or a dict of id → text.
/// `route` ("A > B > C", each name looked up; `Name@LAT,LON` pins a waypoint) replaces the
/// first document's inferred route; `infer_route=False` leaves routes out; `rail=False` draws
/// every leg as a geodesic. Several texts make one story (places counted once, the journey
/// fused across them) unless `per_document=True`, which keeps one story per text.
#[pyfunction]
#[pyo3(signature = (texts, route = None, infer_route = true, rail = true, per_document = false))]
fn geojson<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    route: Option<&str>,
    infer_route: bool,
    rail: bool,
    per_document: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let cursor = || std::io::Cursor::new(Vec::new());
    let mut writer = StreamWriter::collection(Vec::new(), cursor(), cursor());
    let shown = told(py, texts, route, infer_route, rail, per_document, |s| writer.add_document(s))?;
    let written: std::io::Result<Vec<u8>> =
        shown.iter().try_for_each(|s| writer.add_features(s)).and_then(|()| writer.finish());
    let bytes = written.map_err(|e| PyRuntimeError::new_err(format!("serialising GeoJSON: {e}")))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The story the texts tell drawn on a map, as PNG (or SVG) bytes: the same image as
/// `toponym map` draws with the same options.
///
/// `texts` and the route options are as for `story()`. `extent` is (W, S, E, N) in degrees
/// (default: fit the story); `projection` conic, equal-earth or equirectangular (default:
/// chosen from the extent); `theme` light, dark or print.
#[pyfunction]
#[pyo3(signature = (
    texts, width = 1600, height = 1200, format = "png", *, title = None, subtitle = None, scale = 1.0,
    theme = "light", extent = None, projection = None, labels = true, route = None, infer_route = true,
    rail = true, per_document = false
))]
#[allow(clippy::too_many_arguments)]
fn map<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    width: i64,
    height: i64,
    format: &str,
    title: Option<String>,
    subtitle: Option<String>,
    scale: f32,
    theme: &str,
    extent: Option<(f64, f64, f64, f64)>,
    projection: Option<&str>,
    labels: bool,
    route: Option<&str>,
    infer_route: bool,
    rail: bool,
    per_document: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let svg = match format.to_ascii_lowercase().as_str() {
        "png" => false,
        "svg" => true,
        _ => return Err(PyValueError::new_err(format!("format must be \"png\" or \"svg\", got {format:?}"))),
    };
    // Out-of-range sizes reach the renderer's own range check (and its message).
    let size = |v: i64| u32::try_from(v).unwrap_or(if v < 0 { 0 } else { u32::MAX });
    let theme: Theme = theme.parse().map_err(|e: String| PyValueError::new_err(format!("theme: {e}")))?;
    let projection: Option<ProjectionKind> = match projection {
        Some(p) => Some(p.parse().map_err(|e: String| PyValueError::new_err(format!("projection: {e}")))?),
        None => None,
    };
    png::check_size(size(width), size(height), scale)
        .map_err(|e| PyValueError::new_err(format!("width/height/scale: {e} ({})", png::size_limits())))?;
    let opts = MapOptions {
        width: size(width),
        height: size(height),
        scale,
        theme,
        extent: extent.map(|(w, s, e, n)| [w, s, e, n]),
        projection,
        labels,
    };
    let shown = told(py, texts, route, infer_route, rail, per_document, |_| Ok(()))?;
    let mut input = story_map(&shown).input;
    input.title = title;
    input.subtitle = subtitle;
    let bytes = py
        .detach(|| match svg {
            true => png::render_svg(&input, &opts).map(String::into_bytes),
            false => png::render_png(&input, &opts),
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

#[pymodule]
fn _toponym(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Place>()?;
    m.add_class::<Mention>()?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_many, m)?)?;
    m.add_function(wrap_pyfunction!(geojson, m)?)?;
    m.add_function(wrap_pyfunction!(map, m)?)?;
    Ok(())
}
