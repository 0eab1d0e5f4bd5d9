//! Opt-in online fallback: names the local gazetteer does not know, looked up on a
//! Nominatim-compatible geocoder (`lookup --online`; `resolve` can call [`Nominatim::search`]).
//!
//! Invariants:
//! - Nothing here runs unless a caller asks; the offline path never touches the network.
//! - At most one request per interval (1 s, the public service's policy) across all
//!   toponym processes sharing a cache directory: a lock file serialises them and a timestamp
//!   file holds the time of the last request.
//! - Every answer is cached on disk as the service's JSON, one file per query key (service URL,
//!   query, limit), written atomically; a cached query never reaches the network again.
//! - An answer is read up to [`MAX_ANSWER_BYTES`]; one that is larger or is not Nominatim JSON is
//!   an error and never cached.
//! - Every request carries the crate's User-Agent, as the Nominatim usage policy requires.

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::fetch::{install_crypto_provider, USER_AGENT};
use crate::gazetteer::kind::Kind;

/// The public OpenStreetMap Nominatim service.
pub const DEFAULT_NOMINATIM_URL: &str = "https://nominatim.openstreetmap.org";

/// The largest answer read: fifty results with addresses are a few tens of kilobytes.
pub const MAX_ANSWER_BYTES: u64 = 4 << 20;

/// What can go wrong with an online look-up.
#[derive(Debug, thiserror::Error)]
pub enum OnlineError {
    /// The HTTP client could not be set up.
    #[error("setting up the HTTP client: {0}")]
    Client(String),
    /// The URL does not parse.
    #[error("bad geocoder URL {0:?}")]
    Url(String),
    /// The connection failed or broke.
    #[error("asking {url}: {message}")]
    Network {
        /// The URL asked for.
        url: String,
        /// What went wrong, in words.
        message: String,
    },
    /// The server answered with an error status.
    #[error("asking {url}: the server answered HTTP {status}")]
    Status {
        /// The URL asked for.
        url: String,
        /// The HTTP status code the server answered.
        status: u16,
    },
    /// The answer is not the JSON Nominatim sends.
    #[error("asking {url}: the answer is not Nominatim JSON ({message})")]
    Parse {
        /// The URL asked for.
        url: String,
        /// What went wrong, in words.
        message: String,
    },
    #[error(
        "asking {url}: the answer is larger than {limit} bytes, far more than a geocoder sends; nothing was cached"
    )]
    /// The answer is larger than any Nominatim answer should be.
    TooLarge {
        /// The URL asked for.
        url: String,
        /// The size limit in bytes.
        limit: u64,
    },
    /// Reading or writing the cache failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The rate-limit lock file could not be taken.
    #[error("waiting for the rate-limit lock {0} (another toponym is querying; delete the file if none is)")]
    Lock(String),
}

fn io_err(path: &Path, source: io::Error) -> OnlineError {
    OnlineError::Io { path: path.display().to_string(), source }
}

/// A place the geocoder returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnlinePlace {
    /// The place's name.
    pub name: String,
    /// The full name Nominatim gives ("Paris, Île-de-France, France").
    pub display_name: String,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
    /// Longitude in degrees (WGS84).
    pub lon: f64,
    /// OpenStreetMap object: "node", "way" or "relation", and its id.
    pub osm_type: String,
    /// The OpenStreetMap object's id.
    pub osm_id: u64,
    /// Nominatim's category and type ("place", "village").
    pub category: String,
    /// Nominatim's type within the category ("city", "village").
    pub place_type: String,
    /// ISO 3166-1 alpha-2 country code, when Nominatim gives one.
    pub country_code: Option<String>,
    /// Nominatim's importance, in [0, 1].
    pub importance: f64,
}

impl OnlinePlace {
    /// The closest gazetteer kind for the geocoder's category and type.
    pub fn kind(&self) -> Kind {
        match (self.category.as_str(), self.place_type.as_str()) {
            ("place", "country") => Kind::Country,
            ("place", "state" | "province") => Kind::Admin1,
            ("place", "region") | ("boundary", _) => Kind::Region,
            ("place", "city" | "town" | "village" | "hamlet" | "suburb" | "neighbourhood" | "quarter")
            | ("place", "locality" | "isolated_dwelling" | "municipality" | "borough") => Kind::City,
            ("place" | "natural", "island" | "islet" | "archipelago") => Kind::Island,
            ("place" | "natural", "sea") => Kind::Sea,
            ("natural", "bay") => Kind::Bay,
            ("natural", "strait") => Kind::Strait,
            ("natural", "water") | ("water", _) => Kind::Lake,
            ("waterway", "river" | "stream") => Kind::River,
            ("waterway", "canal") => Kind::Canal,
            ("aeroway", "aerodrome") => Kind::Airport,
            ("railway", "station" | "halt") => Kind::RailStation,
            _ => Kind::Point,
        }
    }
}

/// Parse a Nominatim `format=jsonv2` (or `json`) search answer.
pub(crate) fn parse_answer(body: &[u8]) -> Result<Vec<OnlinePlace>, String> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let items = v.as_array().ok_or("expected a JSON array")?;
    let text = |item: &serde_json::Value, key: &str| item.get(key).and_then(|x| x.as_str()).unwrap_or("").to_string();
    let number = |item: &serde_json::Value, key: &str| -> Option<f64> {
        let x = item.get(key)?;
        x.as_f64().or_else(|| x.as_str().and_then(|s| s.trim().parse().ok()))
    };
    let mut out = Vec::new();
    for item in items {
        let (Some(lat), Some(lon)) = (number(item, "lat"), number(item, "lon")) else {
            return Err("a result without lat/lon".into());
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("coordinates out of range: {lat}, {lon}"));
        }
        let display_name = text(item, "display_name");
        let mut name = text(item, "name");
        if name.is_empty() {
            name = display_name.split(',').next().unwrap_or("").trim().to_string();
        }
        let category = if item.get("category").is_some() { text(item, "category") } else { text(item, "class") };
        let country_code = item
            .get("address")
            .and_then(|a| a.get("country_code"))
            .and_then(|c| c.as_str())
            .map(|c| c.to_ascii_uppercase());
        out.push(OnlinePlace {
            name,
            display_name,
            lat,
            lon,
            osm_type: text(item, "osm_type"),
            osm_id: item.get("osm_id").and_then(|x| x.as_u64()).unwrap_or(0),
            category,
            place_type: text(item, "type"),
            country_code,
            importance: number(item, "importance").unwrap_or(0.0),
        });
    }
    Ok(out)
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// How long to wait before the next request, given the last one's time (ms since the epoch).
/// A timestamp in the future (a clock that went back) costs one full interval, never more.
pub(crate) fn wait_needed(last_ms: Option<u64>, now_ms: u64, interval: Duration) -> Duration {
    let interval_ms = interval.as_millis() as u64;
    match last_ms {
        None => Duration::ZERO,
        Some(last) if last > now_ms => interval,
        Some(last) => Duration::from_millis((last + interval_ms).saturating_sub(now_ms).min(interval_ms)),
    }
}

/// One request per interval across processes: see the module invariants.
pub(crate) struct RateLimit {
    dir: PathBuf,
    interval: Duration,
}

/// A lock older than this belongs to a process that died holding it.
const STALE_LOCK: Duration = Duration::from_secs(30);
/// How long to wait for another process's lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(60);

struct LockGuard(PathBuf);

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

impl RateLimit {
    pub fn new(dir: &Path, interval: Duration) -> RateLimit {
        RateLimit { dir: dir.to_path_buf(), interval }
    }
    fn lock_path(&self) -> PathBuf {
        self.dir.join("rate.lock")
    }
    /// The file holding the time of the last request (ms since the epoch, as text).
    pub(crate) fn timestamp_path(&self) -> PathBuf {
        self.dir.join("last-request")
    }

    fn lock(&self) -> Result<LockGuard, OnlineError> {
        let path = self.lock_path();
        let started = std::time::Instant::now();
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(LockGuard(path)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let age = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > STALE_LOCK) {
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if started.elapsed() > LOCK_WAIT {
                        return Err(OnlineError::Lock(path.display().to_string()));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(io_err(&path, e)),
            }
        }
    }

    /// Block until a request may be made, and record that one is being made now.
    pub fn acquire(&self) -> Result<(), OnlineError> {
        fs::create_dir_all(&self.dir).map_err(|e| io_err(&self.dir, e))?;
        let _guard = self.lock()?;
        let stamp = self.timestamp_path();
        let last = fs::read_to_string(&stamp).ok().and_then(|s| s.trim().parse::<u64>().ok());
        let wait = wait_needed(last, now_ms(), self.interval);
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        write_atomic(&stamp, now_ms().to_string().as_bytes())
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OnlineError> {
    crate::atomic::write_atomic(path, bytes).map_err(|e| io_err(path, e))
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The local cache.
    Cache,
    /// The geocoder, over the network.
    Network,
}

/// A Nominatim-compatible geocoder with an on-disk cache and a shared rate limit.
pub struct Nominatim {
    base: reqwest::Url,
    cache_dir: PathBuf,
    limit: RateLimit,
    timeout: Duration,
    client: std::sync::OnceLock<Result<reqwest::blocking::Client, String>>,
}

impl Nominatim {
    /// `base` is the service root (its `/search` is queried); answers and the rate-limit files
    /// live in `cache_dir`.
    pub fn new(base: &str, cache_dir: &Path) -> Result<Nominatim, OnlineError> {
        let url = reqwest::Url::parse(base).map_err(|e| OnlineError::Url(format!("{base}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(OnlineError::Url(format!("{base}: only http and https are supported")));
        }
        Ok(Nominatim {
            base: url,
            cache_dir: cache_dir.to_path_buf(),
            limit: RateLimit::new(cache_dir, Duration::from_secs(1)),
            timeout: Duration::from_secs(20),
            client: std::sync::OnceLock::new(),
        })
    }

    /// Change the per-request timeout (default 20 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Nominatim {
        self.timeout = timeout;
        self
    }

    /// The cache file of a query: a hash of the service URL, the trimmed query and the limit.
    pub(crate) fn cache_path(&self, query: &str, limit: usize) -> PathBuf {
        let key = format!("{}\n{}\n{}", self.base, query.trim(), limit);
        let hex: String = Sha256::digest(key.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        self.cache_dir.join(format!("{hex}.json"))
    }

    fn search_url(&self, query: &str, limit: usize) -> Result<reqwest::Url, OnlineError> {
        let mut url = self.base.clone();
        if !url.path().ends_with('/') {
            url.set_path(&format!("{}/", url.path()));
        }
        let mut url = url.join("search").map_err(|e| OnlineError::Url(e.to_string()))?;
        url.query_pairs_mut()
            .append_pair("q", query.trim())
            .append_pair("format", "jsonv2")
            .append_pair("addressdetails", "1")
            .append_pair("limit", &limit.to_string());
        Ok(url)
    }

    fn client(&self) -> Result<&reqwest::blocking::Client, OnlineError> {
        self.client
            .get_or_init(|| {
                install_crypto_provider();
                reqwest::blocking::Client::builder()
                    .user_agent(USER_AGENT)
                    .connect_timeout(self.timeout)
                    .timeout(self.timeout)
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| OnlineError::Client(e.clone()))
    }

    /// Places the service knows by this name, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Result<(Vec<OnlinePlace>, Origin), OnlineError> {
        let limit = limit.clamp(1, 50);
        let cached = self.cache_path(query, limit);
        let cache_size = fs::metadata(&cached).map(|m| m.len()).unwrap_or(u64::MAX);
        if let Some(body) = (cache_size <= MAX_ANSWER_BYTES).then(|| fs::read(&cached).ok()).flatten() {
            if let Ok(places) = parse_answer(&body) {
                return Ok((places, Origin::Cache));
            }
            // A damaged cache file is treated as missing and rewritten below.
        }
        let url = self.search_url(query, limit)?;
        let client = self.client()?;
        self.limit.acquire()?;
        let shown = url.to_string();
        let network = |e: reqwest::Error| OnlineError::Network {
            url: shown.clone(),
            message: if e.is_timeout() { "timed out".into() } else { e.to_string() },
        };
        let response = client.get(url.clone()).header("Accept", "application/json").send().map_err(network)?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(OnlineError::Status { url: shown, status });
        }
        let too_large = || OnlineError::TooLarge { url: shown.clone(), limit: MAX_ANSWER_BYTES };
        if response.content_length().is_some_and(|n| n > MAX_ANSWER_BYTES) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        response
            .take(MAX_ANSWER_BYTES + 1)
            .read_to_end(&mut body)
            .map_err(|e| OnlineError::Network { url: shown.clone(), message: e.to_string() })?;
        if body.len() as u64 > MAX_ANSWER_BYTES {
            return Err(too_large());
        }
        let places = parse_answer(&body).map_err(|message| OnlineError::Parse { url: shown.clone(), message })?;
        fs::create_dir_all(&self.cache_dir).map_err(|e| io_err(&self.cache_dir, e))?;
        write_atomic(&cached, &body)?;
        Ok((places, Origin::Network))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_follow_the_last_request() {
        let s = Duration::from_secs(1);
        let rows = [
            (None, 10_000, 0),
            (Some(10_000), 10_000, 1000),
            (Some(10_000), 10_400, 600),
            (Some(10_000), 11_000, 0),
            (Some(10_000), 50_000, 0),
            (Some(20_000), 10_000, 1000),
        ];
        for (last, now, want_ms) in rows {
            assert_eq!(wait_needed(last, now, s), Duration::from_millis(want_ms), "last {last:?} now {now}");
        }
    }

    #[test]
    fn acquiring_records_the_time_and_breaks_stale_locks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let limit = RateLimit::new(dir.path(), Duration::from_millis(1));
        let before = now_ms();
        limit.acquire().expect("first");
        let stamp: u64 = fs::read_to_string(limit.timestamp_path()).expect("written").trim().parse().expect("number");
        assert!(stamp >= before);
        assert!(!limit.lock_path().exists(), "the lock is released");
        // A lock left by a dead process is taken over once it is old enough.
        let lock = fs::File::create(limit.lock_path()).expect("lock");
        lock.set_modified(SystemTime::now() - STALE_LOCK * 2).expect("age the lock");
        limit.acquire().expect("stale lock broken");
        // A future timestamp (clock went back) costs at most one interval.
        fs::write(limit.timestamp_path(), (now_ms() + 3_600_000).to_string()).expect("future stamp");
        limit.acquire().expect("bounded wait");
    }

    #[test]
    fn answers_parse_in_both_json_flavours() {
        let v2 = br#"[{"osm_type":"node","osm_id":42,"lat":"10.5","lon":"20.25","category":"place","type":"village",
            "importance":0.3,"name":"Qwerty","display_name":"Qwerty, Testland","address":{"country_code":"zz"}}]"#;
        let p = parse_answer(v2).expect("parses");
        assert_eq!(
            (p[0].name.as_str(), p[0].lat, p[0].lon, p[0].country_code.as_deref()),
            ("Qwerty", 10.5, 20.25, Some("ZZ"))
        );
        let v1 = br#"[{"lat":"1","lon":"2","class":"boundary","type":"administrative","display_name":"Xy, Zz"}]"#;
        let p = parse_answer(v1).expect("parses");
        assert_eq!((p[0].name.as_str(), p[0].category.as_str(), p[0].kind()), ("Xy", "boundary", Kind::Region));
        for bad in [&b"{}"[..], b"not json", br#"[{"lat":"x","lon":"1"}]"#, br#"[{"lat":"95","lon":"1"}]"#] {
            assert!(parse_answer(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parse_answer(b"[]").expect("empty is fine"), vec![]);
    }

    #[test]
    fn cache_keys_depend_on_service_query_and_limit() {
        let dir = Path::new("/tmp/x");
        let a = Nominatim::new("http://127.0.0.1:1", dir).expect("url");
        let b = Nominatim::new("http://127.0.0.1:2", dir).expect("url");
        assert_eq!(a.cache_path("Paris", 5), a.cache_path(" Paris ", 5));
        assert_ne!(a.cache_path("Paris", 5), a.cache_path("Paris", 1));
        assert_ne!(a.cache_path("Paris", 5), b.cache_path("Paris", 5));
        assert!(Nominatim::new("file:///etc", dir).is_err());
        let url = a.search_url("São Paulo & co", 3).expect("url").to_string();
        assert!(url.starts_with("http://127.0.0.1:1/search?q=S%C3%A3o+Paulo+%26+co&format=jsonv2"), "{url}");
    }
}
