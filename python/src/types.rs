//! `Place` and `Mention`: light, immutable Python classes over the library's results.
//!
//! Their `to_dict()` keys and values are the ones the CLI's JSON has (`toponym lookup --format
//! json`, `toponym resolve --format json`), so a pandas or GeoPandas frame built from them has
//! the CLI's columns (a `Place` is made from the CLI's row, `toponym::emit::places::PlaceRow`);
//! `__geo_interface__` is a GeoJSON Point Feature with those properties.
//!
//! Both pickle (`__reduce__`): the state is `to_dict()`, restored by the class's
//! `_from_state`, so a pickle holds plain values and needs no gazetteer to load.

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use toponym::coord::Point;
use toponym::emit::places::PlaceRow;
use toponym::gazetteer::{Kind, Match, Place as GazPlace, PlaceId};
use toponym::model::{Mention as ModelMention, PlaceRef};

/// A place: a gazetteer record and, for a look-up result, how it matched.
#[pyclass(frozen, eq, module = "toponym", name = "Place")]
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Stable gazetteer id (GeoNames id where there is one).
    #[pyo3(get)]
    id: u32,
    #[pyo3(get)]
    name: String,
    /// WGS84 degrees, rounded to 6 decimals.
    #[pyo3(get)]
    lat: f64,
    #[pyo3(get)]
    lon: f64,
    /// country, admin1, city, sea, launch_site, … (as `toponym lookup --kind` takes them).
    #[pyo3(get)]
    kind: &'static str,
    /// GeoNames feature code (PPLC, ADM1, …), when known.
    #[pyo3(get)]
    feature_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[pyo3(get)]
    country_code: Option<String>,
    #[pyo3(get)]
    country: Option<String>,
    #[pyo3(get)]
    admin1: Option<String>,
    #[pyo3(get)]
    population: u64,
    /// Look-up results only: the name or alternate name that matched the query.
    #[pyo3(get)]
    matched: Option<String>,
    /// Look-up results only: exact, folded, alternate or fuzzy.
    #[pyo3(get, name = "match")]
    match_kind: Option<&'static str>,
    /// Look-up results only: the ranking score.
    #[pyo3(get)]
    score: Option<f64>,
    /// Look-up results with `near` only: kilometres from that point.
    #[pyo3(get)]
    distance_km: Option<f64>,
    /// "user" for a place of yours (`add_places()`), else None.
    #[pyo3(get)]
    source: Option<&'static str>,
}

impl From<PlaceRow> for Place {
    fn from(r: PlaceRow) -> Place {
        Place {
            id: r.id.0,
            name: r.name,
            lat: r.lat,
            lon: r.lon,
            kind: r.kind,
            feature_code: r.feature_code,
            country_code: r.country_code,
            country: r.country,
            admin1: r.admin1,
            population: r.population,
            matched: r.matched,
            match_kind: r.match_kind,
            score: r.score,
            distance_km: r.distance_km,
            source: r.source,
        }
    }
}

impl Place {
    fn of(p: &GazPlace<'_>) -> Place {
        PlaceRow::new(p).into()
    }

    /// A look-up result, with the CLI's rounding of score and distance (the CLI's row).
    pub fn of_match(m: &Match<'_>, near: Option<Point>) -> Place {
        PlaceRow::of_match(m, near).into()
    }

    /// A reverse look-up result (`toponym nearest`), with its distance in km (the CLI's row).
    pub fn at_distance(p: &GazPlace<'_>, km: f64) -> Place {
        PlaceRow::at_distance(p, km).into()
    }

    /// The place a mention resolved to, with the gazetteer's fields the mention does not carry.
    fn of_ref(p: &PlaceRef) -> Place {
        let record = crate::gazetteer().ok().and_then(|g| g.by_id(p.id));
        match record {
            Some(record) => Place::of(&record),
            None => Place {
                id: p.id.0,
                name: p.name.clone(),
                lat: p.lat,
                lon: p.lon,
                kind: p.kind_name(),
                feature_code: None,
                country_code: p.country_code.clone(),
                country: None,
                admin1: p.admin1.clone(),
                population: p.population,
                matched: None,
                match_kind: None,
                score: None,
                distance_km: None,
                source: p.user.then_some("user"),
            },
        }
    }
}

/// `d[key]` as the type the caller wants, a KeyError naming the key when it is missing.
macro_rules! field {
    ($d:expr, $key:literal) => {
        $d.get_item($key)?.ok_or_else(|| PyKeyError::new_err(concat!("state has no ", $key)))?.extract()?
    };
}

/// `d[key]` when present and not None.
macro_rules! optional {
    ($d:expr, $key:literal) => {
        match $d.get_item($key)? {
            Some(v) if !v.is_none() => Some(v.extract()?),
            _ => None,
        }
    };
}

/// A kind's name back to its `'static` name; `waypoint` (no gazetteer kind) as `None`.
fn kind_of(name: &str) -> PyResult<Option<Kind>> {
    match name {
        "waypoint" => Ok(None),
        k => k.parse().map(Some).map_err(|e| PyValueError::new_err(format!("kind: {e}"))),
    }
}

/// A match kind's name back to its `'static` name.
fn match_kind(name: String) -> PyResult<&'static str> {
    ["exact", "folded", "alternate", "fuzzy"]
        .into_iter()
        .find(|k| *k == name)
        .ok_or_else(|| PyValueError::new_err(format!("match: unknown match kind {name:?}")))
}

/// `(cls._from_state, (state,))`: what `__reduce__` returns.
fn reduce<'py>(
    cls: Bound<'py, pyo3::types::PyType>,
    state: Bound<'py, PyDict>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
    let py = cls.py();
    Ok((cls.getattr("_from_state")?, PyTuple::new(py, [state])?))
}

/// A GeoJSON Point Feature with these properties.
fn feature<'py>(py: Python<'py>, lon: f64, lat: f64, properties: Bound<'py, PyDict>) -> PyResult<Bound<'py, PyDict>> {
    let geometry = PyDict::new(py);
    geometry.set_item("type", "Point")?;
    geometry.set_item("coordinates", (lon, lat))?;
    let f = PyDict::new(py);
    f.set_item("type", "Feature")?;
    f.set_item("geometry", geometry)?;
    f.set_item("properties", properties)?;
    Ok(f)
}

fn repr_str(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_str()?.to_owned())
}

#[pymethods]
impl Place {
    /// The CLI's JSON object for this place (`toponym lookup --format json`): look-up fields
    /// (matched, match, score, distance_km) only when set.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id)?;
        d.set_item("name", &self.name)?;
        d.set_item("lat", self.lat)?;
        d.set_item("lon", self.lon)?;
        d.set_item("kind", self.kind)?;
        d.set_item("feature_code", &self.feature_code)?;
        d.set_item("country_code", &self.country_code)?;
        d.set_item("country", &self.country)?;
        d.set_item("admin1", &self.admin1)?;
        d.set_item("population", self.population)?;
        if let Some(source) = self.source {
            d.set_item("source", source)?;
        }
        if let Some(m) = &self.matched {
            d.set_item("matched", m)?;
        }
        if let Some(m) = self.match_kind {
            d.set_item("match", m)?;
        }
        if let Some(s) = self.score {
            d.set_item("score", s)?;
        }
        if let Some(km) = self.distance_km {
            d.set_item("distance_km", km)?;
        }
        Ok(d)
    }

    /// A GeoJSON Point Feature (lon, lat) with `to_dict()` as properties, for Shapely's
    /// `shape()` and GeoPandas' `GeoDataFrame.from_features()`.
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        feature(py, self.lon, self.lat, self.to_dict(py)?)
    }

    /// Pickle support: the state is `to_dict()`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        reduce(py.get_type::<Place>(), self.to_dict(py)?)
    }

    /// The place `to_dict()` describes (how a pickle is loaded).
    #[classmethod]
    fn _from_state(_cls: &Bound<'_, pyo3::types::PyType>, state: &Bound<'_, PyDict>) -> PyResult<Place> {
        let kind: String = field!(state, "kind");
        Ok(Place {
            id: field!(state, "id"),
            name: field!(state, "name"),
            lat: field!(state, "lat"),
            lon: field!(state, "lon"),
            kind: kind_of(&kind)?.map_or("waypoint", Kind::as_str),
            feature_code: optional!(state, "feature_code"),
            country_code: optional!(state, "country_code"),
            country: optional!(state, "country"),
            admin1: optional!(state, "admin1"),
            population: field!(state, "population"),
            matched: optional!(state, "matched"),
            match_kind: match optional!(state, "match") {
                Some(m) => Some(match_kind(m)?),
                None => None,
            },
            score: optional!(state, "score"),
            distance_km: optional!(state, "distance_km"),
            // "user" is the only source a place states (the user's own places).
            source: optional!(state, "source").filter(|s: &String| s == "user").map(|_| "user"),
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let cc = self.country_code.as_deref().unwrap_or("-");
        Ok(format!(
            "<Place {} {} {} {cc} {:.5}, {:.5}>",
            self.id,
            repr_str(py, &self.name)?,
            self.kind,
            self.lat,
            self.lon
        ))
    }
}

/// One place mention in a text: where it is and the place it resolved to.
#[pyclass(frozen, eq, module = "toponym", name = "Mention")]
#[derive(Debug, PartialEq)]
pub struct Mention(pub ModelMention);

#[pymethods]
impl Mention {
    /// The text as written.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    /// Character offset of the first character: `text[start:end]` is the mention.
    #[getter]
    fn start(&self) -> usize {
        self.0.start
    }
    /// Character offset just past the mention (end exclusive).
    #[getter]
    fn end(&self) -> usize {
        self.0.end
    }
    /// How sure the resolver is, in [0, 1].
    #[getter]
    fn confidence(&self) -> f64 {
        self.0.confidence
    }
    /// True for a demonym or adjective ("Russian") rather than a name.
    #[getter]
    fn adjective(&self) -> bool {
        self.0.adjective
    }
    /// The resolved place, with every gazetteer field.
    #[getter]
    fn place(&self) -> Place {
        Place::of_ref(&self.0.place)
    }
    #[getter]
    fn id(&self) -> u32 {
        self.0.place.id.0
    }
    #[getter]
    fn name(&self) -> &str {
        &self.0.place.name
    }
    #[getter]
    fn lat(&self) -> f64 {
        self.0.place.lat
    }
    #[getter]
    fn lon(&self) -> f64 {
        self.0.place.lon
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.place.kind_name()
    }
    #[getter]
    fn country_code(&self) -> Option<&str> {
        self.0.place.country_code.as_deref()
    }
    #[getter]
    fn admin1(&self) -> Option<&str> {
        self.0.place.admin1.as_deref()
    }
    #[getter]
    fn population(&self) -> u64 {
        self.0.place.population
    }

    /// The CLI's JSON object for this mention (`toponym resolve --format json`), with
    /// `adjective` always present (the CLI leaves it out when false).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let (m, p) = (&self.0, &self.0.place);
        let d = PyDict::new(py);
        d.set_item("text", &m.text)?;
        d.set_item("start", m.start)?;
        d.set_item("end", m.end)?;
        d.set_item("id", p.id.0)?;
        d.set_item("name", &p.name)?;
        d.set_item("lat", p.lat)?;
        d.set_item("lon", p.lon)?;
        d.set_item("kind", p.kind_name())?;
        d.set_item("country_code", &p.country_code)?;
        d.set_item("admin1", &p.admin1)?;
        d.set_item("population", p.population)?;
        if p.user {
            d.set_item("source", "user")?;
        }
        d.set_item("confidence", m.confidence)?;
        d.set_item("adjective", m.adjective)?;
        Ok(d)
    }

    /// Pickle support: the state is `to_dict()`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        reduce(py.get_type::<Mention>(), self.to_dict(py)?)
    }

    /// The mention `to_dict()` describes (how a pickle is loaded).
    #[classmethod]
    fn _from_state(_cls: &Bound<'_, pyo3::types::PyType>, state: &Bound<'_, PyDict>) -> PyResult<Mention> {
        let kind: String = field!(state, "kind");
        Ok(Mention(ModelMention {
            text: field!(state, "text"),
            start: field!(state, "start"),
            end: field!(state, "end"),
            place: PlaceRef {
                id: PlaceId(field!(state, "id")),
                name: field!(state, "name"),
                lat: field!(state, "lat"),
                lon: field!(state, "lon"),
                kind: kind_of(&kind)?,
                country_code: optional!(state, "country_code"),
                admin1: optional!(state, "admin1"),
                population: field!(state, "population"),
                user: optional!(state, "source").is_some_and(|s: String| s == "user"),
            },
            confidence: field!(state, "confidence"),
            adjective: field!(state, "adjective"),
        }))
    }

    /// A GeoJSON Point Feature (lon, lat) with `to_dict()` as properties.
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        feature(py, self.0.place.lon, self.0.place.lat, self.to_dict(py)?)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let (m, p) = (&self.0, &self.0.place);
        let cc = p.country_code.as_deref().unwrap_or("-");
        let adjective = if m.adjective { " adjective" } else { "" };
        Ok(format!(
            "<Mention {} {}:{} → {} {} {cc} {:.5}, {:.5} conf {:.2}{adjective}>",
            repr_str(py, &m.text)?,
            m.start,
            m.end,
            repr_str(py, &p.name)?,
            p.kind_name(),
            p.lat,
            p.lon,
            m.confidence
        ))
    }
}
