//! Python arguments → the library's inputs, with the CLI's error messages.
//!
//! Invariants: nothing here panics on any Python object; a text is a `str` (without lone
//! surrogates) or UTF-8 `bytes`/`bytearray`, anything else is a `TypeError` and undecodable
//! bytes a `ValueError`, each naming the argument (and the position in a sequence).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyMapping, PyString, PyTuple};
use toponym::coord::Point;
use toponym::gazetteer::Kind;

/// The CLI's `--max-doc-bytes` default: a longer text is refused unless the caller raises the
/// limit (`max_doc_bytes=`), with the CLI's message.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 64 << 20;

/// The text of `obj`, for an error message naming it `what`.
pub fn text(obj: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<String> {
    text_within(obj, what, u64::MAX)
}

/// The text of `obj`, refused (before it is copied) when longer than `limit` bytes of UTF-8.
pub fn text_within(obj: &Bound<'_, PyAny>, what: &dyn Fn() -> String, limit: u64) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        // A str with lone surrogates cannot be UTF-8: UnicodeEncodeError, a ValueError.
        let s = s.to_str()?;
        check_size(s.len(), limit, what)?;
        return Ok(s.to_owned());
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        check_size(b.as_bytes().len(), limit, what)?;
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        check_size(b.len(), limit, what)?;
    }
    let bytes = if let Ok(b) = obj.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        return Err(PyTypeError::new_err(format!("{} must be str or UTF-8 bytes, not {type_name}", what())));
    };
    String::from_utf8(bytes)
        .map_err(|e| PyValueError::new_err(format!("{} is not valid UTF-8: {}", what(), e.utf8_error())))
}

/// The CLI's refusal of a document longer than `--max-doc-bytes`, the option named as the
/// keyword argument (`max_doc_bytes`).
pub fn check_size(len: usize, limit: u64, what: &dyn Fn() -> String) -> PyResult<()> {
    if len as u64 <= limit {
        return Ok(());
    }
    Err(PyValueError::new_err(format!(
        "{}: document longer than max_doc_bytes {} ({limit} bytes); raise the limit to read it",
        what(),
        toponym::parse::show_size(limit)
    )))
}

/// `max_doc_bytes`: `None` is the CLI's default; otherwise at least 1.
pub fn max_doc_bytes(limit: Option<i64>) -> PyResult<u64> {
    match limit {
        None => Ok(DEFAULT_MAX_DOC_BYTES),
        Some(n) if n >= 1 => Ok(n as u64),
        Some(n) => Err(PyValueError::new_err(format!("max_doc_bytes must be at least 1, got {n}"))),
    }
}

/// Documents of an iterable of texts, in order; a lone str or bytes is refused (iterating it
/// would give one document per character); each one longer than `limit` bytes is refused.
pub fn texts_within(obj: &Bound<'_, PyAny>, limit: u64) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Err(PyTypeError::new_err("texts must be an iterable of texts, not a single text (use resolve())"));
    }
    let items = obj.try_iter().map_err(|_| {
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!("texts must be an iterable of str, not {type_name}"))
    })?;
    items.enumerate().map(|(i, item)| text_within(&item?, &|| format!("texts[{i}]"), limit)).collect()
}

/// `(id, text)` documents for a story: one text (id "0"), a mapping of id → text, or an
/// iterable of texts (ids "0", "1", … in order).
pub fn documents(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Ok(vec![("0".to_string(), text_within(obj, &|| "texts".to_string(), DEFAULT_MAX_DOC_BYTES)?)]);
    }
    if let Ok(mapping) = obj.cast::<PyMapping>() {
        let mut docs = Vec::new();
        for item in mapping.items()?.iter() {
            let (id, body): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let id: String =
                id.extract().map_err(|_| PyTypeError::new_err("texts: a mapping's keys (document ids) must be str"))?;
            let body = text_within(&body, &|| format!("texts[{id:?}]"), DEFAULT_MAX_DOC_BYTES)?;
            docs.push((id, body));
        }
        return Ok(docs);
    }
    Ok(texts_within(obj, DEFAULT_MAX_DOC_BYTES)?.into_iter().enumerate().map(|(i, t)| (i.to_string(), t)).collect())
}

/// Worker threads: `None` is every core; otherwise 1..=1024 like the CLI's `--jobs`.
pub fn jobs(jobs: Option<i64>) -> PyResult<Option<usize>> {
    match jobs {
        None => Ok(None),
        Some(n @ 1..=1024) => Ok(Some(n as usize)),
        Some(n) => Err(PyValueError::new_err(format!("jobs: {n} is not in 1..=1024"))),
    }
}

/// A `near` point from `(lat, lon)` or `"LAT,LON"`, in range (the CLI's `--near` messages).
pub fn lat_lon(obj: &Bound<'_, PyAny>) -> PyResult<Point> {
    lat_lon_named(obj, "near")
}

/// A point given as `(lat, lon)` or "LAT,LON", for messages naming the argument `what`.
pub fn lat_lon_named(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Point> {
    let bad = |e: String| PyValueError::new_err(format!("{what}: {e}"));
    if let Ok(s) = obj.cast::<PyString>() {
        return toponym::parse::parse_lat_lon(s.to_str()?).map_err(bad);
    }
    let (lat, lon) = obj
        .extract::<(f64, f64)>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a (lat, lon) pair or a \"LAT,LON\" string")))?;
    toponym::parse::point(lat, lon).map_err(bad)
}

/// `limit`, in the CLI's range and words (`--limit` takes 1..=1000).
pub fn limit(limit: i64) -> PyResult<usize> {
    match usize::try_from(limit) {
        Ok(n @ 1..=1000) => Ok(n),
        _ => Err(PyValueError::new_err(format!(
            "invalid value '{limit}' for 'limit <LIMIT>': {limit} is not in 1..=1000"
        ))),
    }
}

/// `kind`, one of the gazetteer's kinds (as `--kind` takes them).
pub fn kind(kind: Option<String>) -> PyResult<Option<Kind>> {
    kind.map(|k| k.parse()).transpose().map_err(|e| PyValueError::new_err(format!("kind: {e}")))
}

/// Route stops given as "A > B > C" or as a sequence of names (each without '>').
pub fn stops(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.cast::<PyString>().is_ok() {
        return text(obj, &|| "stops".into());
    }
    let names = sequence(obj, "stops", "a \"A > B > C\" string or a list of names")?;
    if let Some(bad) = names.iter().find(|n| n.contains('>')) {
        return Err(PyValueError::new_err(format!("stops: a stop in a list names one place, got {bad:?}")));
    }
    Ok(names.join(" > "))
}

/// Names given as "a,b" or as a sequence of names, joined with commas.
pub fn names(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if obj.cast::<PyString>().is_ok() {
        return text(obj, &|| what.into());
    }
    Ok(sequence(obj, what, "a comma-separated string or a list of names")?.join(","))
}

/// The strings of a list or tuple (not of any iterable: a str would iterate its letters).
fn sequence(obj: &Bound<'_, PyAny>, what: &str, expected: &str) -> PyResult<Vec<String>> {
    let items: Vec<Bound<'_, PyAny>> = if let Ok(l) = obj.cast::<PyList>() {
        l.iter().collect()
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        t.iter().collect()
    } else {
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        return Err(PyTypeError::new_err(format!("{what} must be {expected}, not {type_name}")));
    };
    items.iter().enumerate().map(|(i, o)| text(o, &|| format!("{what}[{i}]"))).collect()
}

/// The rows `add_places()` takes: a file path (str or os.PathLike), or an iterable of dicts
/// (field -> value; None is empty, a list of aliases is joined with |, anything else is str()).
pub fn user_rows(places: &Bound<'_, PyAny>) -> PyResult<Vec<toponym::gazetteer::UserRow>> {
    use pyo3::types::{PyDict, PyList, PyTuple};
    use toponym::gazetteer::user::{At, Origin};
    if places.is_instance_of::<PyString>() || places.hasattr("__fspath__")? {
        let path: std::path::PathBuf = places.extract()?;
        return toponym::gazetteer::read_places(&path).map_err(|e| PyValueError::new_err(e.to_string()));
    }
    let source: std::sync::Arc<str> = std::sync::Arc::from("rows");
    let mut rows = Vec::new();
    for (i, item) in places
        .try_iter()
        .map_err(|_| PyTypeError::new_err("places must be a file path or an iterable of dicts"))?
        .enumerate()
    {
        let item = item?;
        let dict = item.cast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(format!(
                "places: row {} is a {}, not a dict",
                i + 1,
                item.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
            ))
        })?;
        let mut fields = Vec::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let key: String = k.str()?.to_string();
            let value = if v.is_none() {
                String::new()
            } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
                let parts: PyResult<Vec<String>> = v.try_iter()?.map(|x| Ok(x?.str()?.to_string())).collect();
                parts?.join("|")
            } else {
                v.str()?.to_string()
            };
            fields.push((key, value));
        }
        rows.push(toponym::gazetteer::UserRow::new(Origin { source: source.clone(), at: At::Row(i + 1) }, fields));
    }
    Ok(rows)
}
