//! `toponym._toponym`: the Python binding, a thin layer over the library's public API.
//!
//! Each function converts its arguments (`input`), calls the library with the GIL released,
//! and converts the result (`types`). The gazetteer is the embedded one, loaded on first use
//! (importing the module loads nothing). Argument errors are `TypeError`/`ValueError` with the
//! CLI's messages, the option named without its dashes (`--limit` → `limit`).

mod input;
mod types;

use std::sync::{OnceLock, RwLock};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;

use toponym::emit::geojson::StreamWriter;
use toponym::emit::png::{self, MapOptions, ProjectionKind, Theme};
use toponym::emit::route as emit_route;
use toponym::emit::story_map::story_map;
use toponym::gazetteer::{fold_name, LookupOptions};
use toponym::network::Avoid;
use toponym::resolver::window::{windows, Window, WINDOW_BYTES};
use toponym::story::{route, Route, RouteChoice, RouteSource, Routing, Story, StoryMerger, TravelMode, Waypoint};
use toponym::{Gazetteer, Lang, ResolveOptions, Resolver};

use types::{Mention, Place};

/// The gazetteer and resolver with the user's places (`add_places()`) laid over the embedded
/// gazetteer; `None` until places are added. Each `add_places()` makes a new pair and keeps the
/// old one alive (calls running on it finish on it): a few hundred bytes per place, per call.
type Overlaid = (&'static Gazetteer, &'static Resolver<'static>);
static OVERLAID: RwLock<Option<Overlaid>> = RwLock::new(None);

fn overlaid() -> Option<Overlaid> {
    *OVERLAID.read().unwrap_or_else(|e| e.into_inner())
}

/// The gazetteer every call uses: the embedded one (parsed on first use; the data itself is
/// compiled in uncompressed), with the places `add_places()` laid over it.
fn gazetteer() -> PyResult<&'static Gazetteer> {
    if let Some((gaz, _)) = overlaid() {
        return Ok(gaz);
    }
    Gazetteer::embedded().map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

fn resolver() -> PyResult<&'static Resolver<'static>> {
    static RESOLVER: OnceLock<Resolver<'static>> = OnceLock::new();
    if let Some((_, resolver)) = overlaid() {
        return Ok(resolver);
    }
    let gaz = Gazetteer::embedded().map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok(RESOLVER.get_or_init(|| Resolver::new(gaz)))
}

/// Lay your own places over the gazetteer every later call uses (like the CLI's
/// `--user-places FILE`); places added before stay. Returns how many places were added.
///
/// `places` is a file path (CSV or TSV with a header: name, lat, lon; optional kind, country,
/// admin1, aliases separated by |, population or priority, id; or a GeoJSON FeatureCollection
/// of Points with those properties), or an iterable of dicts with those keys (`aliases` may be a
/// list). A place of yours wins over a same-named gazetteer place unless the text says
/// otherwise, and its `source` is "user". A bad row raises ValueError naming the file (or
/// "rows"), the line (or row) and the field; with `skip_bad_lines=True` it is left out with a
/// UserWarning instead.
#[pyfunction]
#[pyo3(signature = (places, skip_bad_lines = false))]
fn add_places(py: Python<'_>, places: &Bound<'_, PyAny>, skip_bad_lines: bool) -> PyResult<usize> {
    let rows = input::user_rows(places)?;
    let base = gazetteer()?;
    let (gaz, report) =
        py.detach(|| base.with_places(rows, skip_bad_lines)).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    for bad in &report.skipped {
        let message =
            std::ffi::CString::new(format!("{bad}; row skipped").replace('\0', " ")).expect("NUL bytes were replaced");
        PyErr::warn(py, &category, &message, 1)?;
    }
    let gaz: &'static Gazetteer = Box::leak(Box::new(gaz));
    let resolver: &'static Resolver<'static> = Box::leak(Box::new(Resolver::new(gaz)));
    *OVERLAID.write().unwrap_or_else(|e| e.into_inner()) = Some((gaz, resolver));
    Ok(report.added)
}

/// Forget the places `add_places()` laid over the gazetteer: later calls use the embedded one.
#[pyfunction]
fn clear_places() {
    *OVERLAID.write().unwrap_or_else(|e| e.into_inner()) = None;
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
    let limit = input::limit(limit)?;
    if let Some(cc) = &country {
        if cc.len() != 2 || !cc.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(PyValueError::new_err(format!("country takes a two-letter ISO code, got {cc:?}")));
        }
    }
    let kind = input::kind(kind)?;
    let near = near.map(input::lat_lon).transpose()?;
    let opts = LookupOptions { limit, country, kind, near };
    let gaz = gazetteer()?;
    Ok(py.detach(|| gaz.lookup(name, &opts).iter().map(|m| Place::of_match(m, near)).collect()))
}

/// The mentions of `text` a group of windows at a time (as many windows as threads, like
/// `toponym resolve`), each group with the GIL released, handed to `each` in text order.
/// Between groups Python's signal handlers run, so Ctrl-C (`KeyboardInterrupt`) stops a long
/// text within a window's time.
fn resolve_windowed(
    py: Python<'_>,
    text: &str,
    opts: &ResolveOptions,
    mut each: impl FnMut(Vec<toponym::model::Mention>),
) -> PyResult<()> {
    let resolver = resolver()?;
    let all: Vec<Window> = windows(text, WINDOW_BYTES).collect();
    for group in all.chunks(rayon::current_num_threads().max(1)) {
        let found: Vec<Vec<toponym::model::Mention>> =
            py.detach(|| group.par_iter().map(|w| resolver.resolve_window(text, w, opts)).collect());
        py.check_signals()?;
        found.into_iter().for_each(&mut each);
    }
    Ok(())
}

/// The language of `lang=`: a code with rules, else a ValueError naming the codes (the CLI's
/// `--lang` message). `None` detects the language per text.
fn parse_lang(lang: Option<&str>) -> PyResult<Option<Lang>> {
    lang.map(|code| code.parse::<Lang>().map_err(|e| PyValueError::new_err(e.to_string()))).transpose()
}

/// With no `lang=` given: the language `text` is read in, warning (a `UserWarning`, as the CLI
/// warns on standard error) when it is one without rules, read with English rules.
fn lang_or_detected(py: Python<'_>, text: &str, lang: Option<Lang>) -> PyResult<Lang> {
    if let Some(lang) = lang {
        return Ok(lang);
    }
    let (lang, unsupported) = Lang::detect_named(text);
    if let Some(name) = unsupported {
        warn(
            py,
            &format!(
                "the text reads as {name}, a language toponym has no rules for; English rules used \
                 (lang= chooses one of: {})",
                Lang::CODES
            ),
        )?;
    }
    Ok(lang)
}

/// The language toponym reads `text` in: the code of its rules ("en", "ru", "ko" …), detected
/// as `resolve()` detects it; "und" for a language without rules (English rules apply).
#[pyfunction]
fn detect_lang(text: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    let text = input::text_within(text, &|| "text".into(), input::max_doc_bytes(None)?)?;
    Ok(Lang::detect(&text).code())
}

/// Every place mention in a text, resolved, in text order (like `toponym resolve`).
///
/// `text` is a str (or UTF-8 bytes). Offsets are character offsets into it: `text[m.start:m.end]`
/// is the mention. `adjectives=True` also reports demonyms ("Russian", "North Korean"). A text
/// longer than `max_doc_bytes` (default 64 MiB, the CLI's `--max-doc-bytes`) is refused with a
/// ValueError; a long one is resolved a window at a time, and Ctrl-C stops it between windows.
/// For texts with millions of mentions, `iter_resolve()` holds one window's at a time.
/// `lang` ("ru", "ko" … as `toponym resolve --lang`) chooses the language's matching rules;
/// by default the language is detected (`detect_lang()`), with a UserWarning for a language
/// without rules.
#[pyfunction]
#[pyo3(signature = (text, adjectives = false, max_doc_bytes = None, lang = None))]
fn resolve(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    adjectives: bool,
    max_doc_bytes: Option<i64>,
    lang: Option<&str>,
) -> PyResult<Vec<Mention>> {
    let lang = parse_lang(lang)?;
    let text = input::text_within(text, &|| "text".into(), input::max_doc_bytes(max_doc_bytes)?)?;
    let lang = lang_or_detected(py, &text, lang)?;
    let opts = ResolveOptions { adjectives, lang: Some(lang), ..Default::default() };
    let mut out = Vec::new();
    resolve_windowed(py, &text, &opts, |ms| out.extend(ms.into_iter().map(Mention)))?;
    Ok(out)
}

/// The mentions of a text one at a time, in text order: `resolve()` as an iterator that holds
/// one group of windows' mentions, never the whole list (see `iter_resolve()`).
#[pyclass(module = "toponym", name = "MentionIterator")]
struct MentionIterator {
    text: String,
    windows: std::vec::IntoIter<Window>,
    ready: std::collections::VecDeque<toponym::model::Mention>,
    opts: ResolveOptions,
}

#[pymethods]
impl MentionIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Mention>> {
        let resolver = resolver()?;
        while self.ready.is_empty() {
            let group: Vec<Window> = self.windows.by_ref().take(rayon::current_num_threads().max(1)).collect();
            if group.is_empty() {
                return Ok(None);
            }
            let (text, opts) = (&self.text, &self.opts);
            let found: Vec<Vec<toponym::model::Mention>> =
                py.detach(|| group.par_iter().map(|w| resolver.resolve_window(text, w, opts)).collect());
            self.ready.extend(found.into_iter().flatten());
            py.check_signals()?;
        }
        Ok(self.ready.pop_front().map(Mention))
    }
}

/// The mentions of a text as an iterator, in text order: the same mentions as `resolve()`,
/// resolved a group of windows at a time as the iteration reaches them, so memory holds the
/// text and one group's mentions, however many the text has (the way `toponym resolve`
/// streams a long document). `max_doc_bytes` and `lang` as for `resolve()`.
#[pyfunction]
#[pyo3(signature = (text, adjectives = false, max_doc_bytes = None, lang = None))]
fn iter_resolve(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    adjectives: bool,
    max_doc_bytes: Option<i64>,
    lang: Option<&str>,
) -> PyResult<MentionIterator> {
    let lang = parse_lang(lang)?;
    let text = input::text_within(text, &|| "text".into(), input::max_doc_bytes(max_doc_bytes)?)?;
    let lang = lang_or_detected(py, &text, lang)?;
    let all: Vec<Window> = windows(&text, WINDOW_BYTES).collect();
    Ok(MentionIterator {
        text,
        windows: all.into_iter(),
        ready: Default::default(),
        opts: ResolveOptions { adjectives, lang: Some(lang), ..Default::default() },
    })
}

/// Texts per parallel batch of `resolve_many`: signals are checked between batches.
const BATCH_BYTES: usize = 4 << 20;

/// `resolve()` over many texts on several threads, with the GIL released: one list of mentions
/// per text, in input order, the same as resolving them one by one.
///
/// `jobs` is the number of threads (default: one per core). Each text is refused past
/// `max_doc_bytes` as by `resolve()`; Ctrl-C stops the work between batches of texts. `lang`
/// gives every text's language; by default each text's is detected.
#[pyfunction]
#[pyo3(signature = (texts, jobs = None, adjectives = false, max_doc_bytes = None, lang = None))]
fn resolve_many(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    jobs: Option<i64>,
    adjectives: bool,
    max_doc_bytes: Option<i64>,
    lang: Option<&str>,
) -> PyResult<Vec<Vec<Mention>>> {
    let lang = parse_lang(lang)?;
    let texts = input::texts_within(texts, input::max_doc_bytes(max_doc_bytes)?)?;
    let jobs = input::jobs(jobs)?;
    let resolver = resolver()?;
    let opts = ResolveOptions { adjectives, lang, ..Default::default() };
    let mut out: Vec<Vec<Mention>> = Vec::with_capacity(texts.len());
    let mut rest: &[String] = &texts;
    while let Some(first) = rest.first() {
        if first.len() > WINDOW_BYTES {
            // a long text window by window, as resolve() does (interruptible between windows)
            let mut ms = Vec::new();
            resolve_windowed(py, first, &opts, |m| ms.extend(m.into_iter().map(Mention)))?;
            out.push(ms);
            rest = &rest[1..];
            continue;
        }
        // short texts in batches of at most BATCH_BYTES
        let mut size = 0;
        let fits = |t: &&String| {
            let before = size;
            size += t.len();
            t.len() <= WINDOW_BYTES && before < BATCH_BYTES
        };
        let n = rest.iter().take_while(fits).count().max(1);
        let (batch, tail) = rest.split_at(n);
        rest = tail;
        let results: Vec<Vec<toponym::model::Mention>> =
            py.detach(|| on_threads(jobs, || batch.par_iter().map(|t| resolver.resolve(t, &opts)).collect()))?;
        out.extend(results.into_iter().map(|ms| ms.into_iter().map(Mention).collect()));
        py.check_signals()?;
    }
    Ok(out)
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
    fuzzy: bool,
    mut on_document: impl FnMut(&Story) -> std::io::Result<()> + Send,
) -> PyResult<Vec<Story>> {
    let docs = input::documents(texts)?;
    let resolver = resolver()?;
    let gaz = gazetteer()?;
    let explicit = match route {
        Some(spec) => Some(explicit_waypoints(py, spec, gaz, fuzzy, "route: ")?),
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

/// Name the shown stories' places in `lang` (`label_lang=`, as `--label-lang`), if given.
fn relabel(stories: &mut [Story], lang: Option<Lang>) -> PyResult<()> {
    if let Some(lang) = lang {
        let gaz = gazetteer()?;
        stories.iter_mut().for_each(|s| s.relabel(gaz, lang));
    }
    Ok(())
}

/// The stops of an explicit route ("A > B > C"), strict as the CLI's: a stop that matches no
/// place, or only fuzzily, is a ValueError naming it with suggestions, unless `fuzzy` accepts
/// the best guess with a `UserWarning`. `what` prefixes messages ("route: ").
fn explicit_waypoints(py: Python<'_>, spec: &str, gaz: &Gazetteer, fuzzy: bool, what: &str) -> PyResult<Vec<Waypoint>> {
    match py.detach(|| route::resolve_explicit(spec, gaz, fuzzy)) {
        Ok(r) => {
            for w in &r.warnings {
                warn(py, &format!("{what}{w}"))?;
            }
            Ok(r.waypoints)
        }
        Err(e @ route::RouteError::Unmatched(_)) => Err(PyValueError::new_err(format!(
            "{what}{e} (name the place as toponym.lookup() finds it, qualify it as in 'Paris, Texas', \
             pin it as Name@LAT,LON, or pass fuzzy=True to accept the best guess)"
        ))),
        Err(e) => Err(PyValueError::new_err(format!("{what}{e}"))),
    }
}

/// A `UserWarning`, as the CLI writes a warning on standard error.
fn warn(py: Python<'_>, message: &str) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    let message = std::ffi::CString::new(message.replace('\0', " ")).expect("NULs replaced");
    PyErr::warn(py, &category, &message, 1)
}

/// The story the texts tell as GeoJSON bytes: the same bytes as `toponym geojson` writes for
/// the same documents (`toponym.story()` parses them).
///
/// `texts` is one text, a list of texts (document ids "0", "1", …) or a dict of id → text.
/// `route` ("A > B > C", each name looked up; `Name@LAT,LON` pins a waypoint) replaces the
/// first document's inferred route; `infer_route=False` leaves routes out; `rail=False` draws
/// every leg as a geodesic. A route stop that matches no place, or only fuzzily, is a
/// ValueError naming it, unless `fuzzy=True` takes the best guess (with a warning). Several
/// texts make one story (places counted once, the journey fused across them) unless
/// `per_document=True`, which keeps one story per text. `label_lang` ("ru", "ko" … as
/// `--label-lang`) names places with the gazetteer's names in that language where it has one.
#[pyfunction]
#[pyo3(signature = (texts, route = None, infer_route = true, rail = true, per_document = false, fuzzy = false, label_lang = None))]
#[allow(clippy::too_many_arguments)]
fn geojson<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    route: Option<&str>,
    infer_route: bool,
    rail: bool,
    per_document: bool,
    fuzzy: bool,
    label_lang: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let label_lang = parse_lang(label_lang)?;
    let cursor = || std::io::Cursor::new(Vec::new());
    let mut writer = StreamWriter::collection(Vec::new(), cursor(), cursor());
    let mut shown = told(py, texts, route, infer_route, rail, per_document, fuzzy, |s| writer.add_document(s))?;
    relabel(&mut shown, label_lang)?;
    let written: std::io::Result<Vec<u8>> =
        shown.iter().try_for_each(|s| writer.add_features(s)).and_then(|()| writer.finish());
    let bytes = written.map_err(|e| PyRuntimeError::new_err(format!("serialising GeoJSON: {e}")))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The story the texts tell drawn on a map, as PNG (or SVG) bytes: the same image as
/// `toponym map` draws with the same options.
///
/// `texts`, the route options and `label_lang` are as for `geojson()`. `extent` is (W, S, E, N) in degrees
/// (default: fit the story); `projection` conic, equal-earth or equirectangular (default:
/// chosen from the extent); `theme` light, dark or print.
#[pyfunction]
#[pyo3(signature = (
    texts, width = 1600, height = 1200, format = "png", *, title = None, subtitle = None, scale = 1.0,
    theme = "light", extent = None, projection = None, labels = true, route = None, infer_route = true,
    rail = true, per_document = false, fuzzy = false, label_lang = None
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
    fuzzy: bool,
    label_lang: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let label_lang = parse_lang(label_lang)?;
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
    let mut shown = told(py, texts, route, infer_route, rail, per_document, fuzzy, |_| Ok(()))?;
    relabel(&mut shown, label_lang)?;
    if shown.iter().all(|s| s.places.is_empty()) {
        // As the CLI warns: a blank world map should not be a surprise.
        warn(py, "the text names no place toponym could find; the map shows only the basemap")?;
    }
    let mut drawn = story_map(&shown);
    drawn.input.title = title;
    drawn.input.subtitle = subtitle;
    // The alt text the CLI puts in an SVG's <desc>, so the two images stay the same.
    drawn.input.description = Some(toponym::emit::alt_text::alt_text(&shown, &drawn, &opts));
    let input = drawn.input;
    let bytes = py
        .detach(|| match svg {
            true => png::render_svg(&input, &opts).map(String::into_bytes),
            false => png::render_png(&input, &opts),
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The places nearest to a point, nearest first (like `toponym nearest`), each with its
/// `distance_km`.
///
/// `point` is a `(lat, lon)` pair or a "LAT,LON" string; `kind` as for `lookup()`. Returns an
/// empty list when no place qualifies.
#[pyfunction]
#[pyo3(signature = (point, limit = 5, kind = None))]
fn nearest(py: Python<'_>, point: &Bound<'_, PyAny>, limit: i64, kind: Option<String>) -> PyResult<Vec<Place>> {
    let at = input::lat_lon_named(point, "point")?;
    let limit = input::limit(limit)?;
    let kind = input::kind(kind)?;
    let gaz = gazetteer()?;
    Ok(py.detach(|| gaz.nearest(at, limit, kind).iter().map(|(p, km)| Place::at_distance(p, *km)).collect()))
}

/// A route between named stops along the world's railways, sea lanes or roads, as a GeoJSON
/// FeatureCollection (a dict): the value `toponym route --format geojson` writes.
///
/// `stops` is "A > B > C" or a list of names; each is looked up like `lookup()` (preferring
/// places near the previous stop; "Paris, Texas" narrows it down), and `Name@LAT,LON` pins a
/// stop. A stop that matches no place, or only fuzzily, is a ValueError naming it with
/// suggestions, unless `fuzzy=True` takes the best guess with a `UserWarning`. `mode` is rail,
/// sea, road or air; `avoid` the passages sea legs keep out of ("suez,panama" or a list:
/// suez, panama, malacca, gibraltar, bab-el-mandeb, hormuz, bosporus, dardanelles, sunda,
/// magellan, good-hope, bering). A leg the network cannot route is drawn as a geodesic with a
/// `note` (and a `UserWarning`); a leg the avoided passages leave no way is a ValueError.
#[pyfunction(name = "route")]
#[pyo3(signature = (stops, mode = "rail", avoid = None, fuzzy = false))]
fn route_between<'py>(
    py: Python<'py>,
    stops: &Bound<'py, PyAny>,
    mode: &str,
    avoid: Option<&Bound<'py, PyAny>>,
    fuzzy: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let spec = input::stops(stops)?;
    let mode = TravelMode::parse_route_mode(mode).map_err(|e| PyValueError::new_err(format!("mode: {e}")))?;
    let avoided = match avoid {
        Some(a) => Some(
            Avoid::default_plus(&input::names(a, "avoid")?)
                .map_err(|e| PyValueError::new_err(format!("avoid: {e}")))?,
        ),
        None => None,
    };
    let waypoints = explicit_waypoints(py, &spec, gazetteer()?, fuzzy, "")?;
    let routing = Routing { mode: Some(mode), avoid: avoided.unwrap_or_default(), networks: true };
    let r = py.detach(|| Route::new(RouteSource::Explicit, waypoints, &routing));
    // As the CLI: with `avoid`, a leg the closed passages cut off is "no route", not a fallback.
    if let (Some((i, e)), Some(_)) = (emit_route::blocked_leg(&r), avoided) {
        let (a, b) = (&r.waypoints[i].name, &r.waypoints[i + 1].name);
        return Err(PyValueError::new_err(format!("no {mode} route from {a} to {b} (leg {}): {e}", i + 1)));
    }
    for (i, note) in r.leg_notes.iter().enumerate() {
        if let Some(note) = note {
            warn(py, &format!("leg {} drawn as a geodesic: {note}", i + 1))?;
        }
    }
    let json = emit_route::feature_collection(&r, mode).to_string();
    py.import("json")?.call_method1("loads", (json,))
}

#[pymodule]
fn _toponym(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Place>()?;
    m.add_class::<Mention>()?;
    m.add_class::<MentionIterator>()?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(add_places, m)?)?;
    m.add_function(wrap_pyfunction!(clear_places, m)?)?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_many, m)?)?;
    m.add_function(wrap_pyfunction!(iter_resolve, m)?)?;
    m.add_function(wrap_pyfunction!(detect_lang, m)?)?;
    m.add_function(wrap_pyfunction!(geojson, m)?)?;
    m.add_function(wrap_pyfunction!(map, m)?)?;
    m.add_function(wrap_pyfunction!(nearest, m)?)?;
    m.add_function(wrap_pyfunction!(route_between, m)?)?;
    Ok(())
}
