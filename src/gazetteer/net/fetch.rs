//! Downloading GeoNames export-dump files (`toponym gazetteer fetch`) over HTTP(S) with reqwest and
//! rustls, built so that a bad connection never leaves a damaged file behind.
//!
//! Invariants:
//! - A download streams into `DEST.part`; `DEST` appears (by rename) only once the body is complete
//!   and its length matches what the server announced. Callers verify zips and checksums on `DEST`
//!   and delete it when verification fails.
//! - An existing `DEST.part` is resumed with an HTTP `Range` request, with `If-Range` naming the
//!   version it holds (its ETag or Last-Modified, kept in `DEST.part.validator`); a server that
//!   ignores the range or has a newer file (200 instead of 206) restarts the file from byte 0,
//!   never appends to the old head.
//! - A complete `DEST` from an earlier run (a build that failed or was killed) is reused when the
//!   server confirms it is unchanged: it goes back to `DEST.part` with its validator (kept in
//!   `DEST.validator`), so the resume request asks for the bytes past its end with `If-Range`; a
//!   416 means it is complete and current, a 200 brings the new version whole. Without a validator
//!   it is downloaded again.
//! - A download is at most [`FetchConfig::max_bytes`] long, and a zip member at most
//!   [`MAX_MEMBER_BYTES`] unpacked: a hostile or broken server cannot fill the disk or keep a
//!   check running for ever.
//! - Network errors, timeouts, 5xx, 408 and 429 are retried a bounded number of times with
//!   exponential backoff; other HTTP errors (404 …) fail at once.
//! - Every request is bounded as a whole ([`FetchConfig::request_timeout`]: connecting, the
//!   headers and the whole body), however the server trickles its bytes, and no wait for the
//!   answer or for the next piece of the body is longer than [`FetchConfig::read_timeout`]; both
//!   end the attempt (retried, resuming from what arrived). Every request identifies itself
//!   with [`USER_AGENT`].

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// The public GeoNames export dump directory.
pub const DEFAULT_GEONAMES_URL: &str = "https://download.geonames.org/export/dump/";
/// User-Agent of every request this crate makes (with where to find out who makes them).
pub const USER_AGENT: &str = concat!("toponym/", env!("CARGO_PKG_VERSION"), " (+https://github.com/toponym/toponym)");

/// What can go wrong while downloading.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The HTTP client could not be set up.
    #[error("setting up the HTTP client: {0}")]
    Client(String),
    /// The URL does not parse.
    #[error("bad URL {0:?}")]
    Url(String),
    /// The server answered with an error status.
    #[error("downloading {url}: the server answered HTTP {status}")]
    Status {
        /// The URL asked for.
        url: String,
        /// The HTTP status code the server answered.
        status: u16,
    },
    /// The connection failed or broke.
    #[error("downloading {url}: {message}")]
    Network {
        /// The URL asked for.
        url: String,
        /// What went wrong, in words.
        message: String,
    },
    /// The body was shorter or longer than the server announced.
    #[error("downloading {url}: expected {expected} bytes, received {received}")]
    Length {
        /// The URL asked for.
        url: String,
        /// What was expected.
        expected: u64,
        /// Bytes received.
        received: u64,
    },
    /// The file is larger than any GeoNames dump file.
    #[error("downloading {url}: the file is larger than {limit} bytes, the most a GeoNames dump file can be")]
    TooLarge {
        /// The URL asked for.
        url: String,
        /// The size limit in bytes.
        limit: u64,
    },
    /// A downloaded archive does not open.
    #[error("{path} is not a valid zip archive ({message})")]
    Zip {
        /// The file concerned.
        path: String,
        /// What went wrong, in words.
        message: String,
    },
    /// A file does not have the SHA-256 it should.
    #[error("{path}: SHA-256 is {actual}, expected {expected}")]
    Checksum {
        /// The file concerned.
        path: String,
        /// What was expected.
        expected: String,
        /// What the file has.
        actual: String,
    },
    /// Another fetch holds the download directory's lock.
    #[error("another `toponym gazetteer fetch` (process {pid}) is using {path}; wait for it to finish, or delete the file if that process is gone")]
    Busy {
        /// The file concerned.
        path: String,
        /// The process holding the lock.
        pid: u32,
    },
    /// Reading or writing a local file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl FetchError {
    fn io(path: &Path, source: io::Error) -> FetchError {
        FetchError::Io { path: path.display().to_string(), source }
    }
}

/// The GeoNames dump files a gazetteer can be extended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dataset {
    /// Places with a population of 500 or more.
    Cities500,
    /// Places with a population of 1,000 or more.
    Cities1000,
    /// Places with a population of 5,000 or more.
    Cities5000,
    /// Places with a population of 15,000 or more.
    Cities15000,
    /// Every GeoNames record.
    AllCountries,
}

impl Dataset {
    /// Every dataset, smallest population threshold last (allCountries is everything).
    pub const ALL: [Dataset; 5] =
        [Dataset::Cities500, Dataset::Cities1000, Dataset::Cities5000, Dataset::Cities15000, Dataset::AllCountries];
    /// Names as GeoNames spells them (and the command line accepts them).
    pub const NAMES: [&'static str; 5] = ["cities500", "cities1000", "cities5000", "cities15000", "allCountries"];

    /// The dataset's name as GeoNames spells it (`cities500`, `allCountries`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Cities500 => "cities500",
            Dataset::Cities1000 => "cities1000",
            Dataset::Cities5000 => "cities5000",
            Dataset::Cities15000 => "cities15000",
            Dataset::AllCountries => "allCountries",
        }
    }
    /// The archive in the dump directory.
    pub fn zip_name(self) -> String {
        format!("{}.zip", self.as_str())
    }
    /// The `geoname` table inside the archive.
    pub fn member_name(self) -> String {
        format!("{}.txt", self.as_str())
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown dataset name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dataset {0:?} (known: cities500, cities1000, cities5000, cities15000, allCountries)")]
pub struct UnknownDataset(pub String);

impl FromStr for Dataset {
    type Err = UnknownDataset;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dataset::ALL.into_iter().find(|d| d.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| UnknownDataset(s.into()))
    }
}

/// The per-user directory toponym keeps its data in (`$XDG_DATA_HOME/toponym` on Linux).
pub(crate) fn user_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("toponym"))
}

/// Where `gazetteer fetch` writes the gazetteer that every command then uses by default.
pub fn user_gazetteer_path() -> Option<PathBuf> {
    user_data_dir().map(|d| d.join("gazetteer.gaz.zst"))
}

/// Downloads and the online look-up cache live here.
pub fn user_cache_dir() -> Option<PathBuf> {
    user_data_dir().map(|d| d.join("cache"))
}

/// An http or https URL to download from, made by [`join_url`]. It shows as the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadUrl(reqwest::Url);

impl DownloadUrl {
    /// The URL as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for DownloadUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Join a file name onto a base URL that names a directory (a missing trailing `/` is added).
pub fn join_url(base: &str, file: &str) -> Result<DownloadUrl, FetchError> {
    let base = if base.ends_with('/') { base.to_string() } else { format!("{base}/") };
    let url = reqwest::Url::parse(&base).map_err(|e| FetchError::Url(format!("{base}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Url(format!("{base}: only http and https are supported")));
    }
    url.join(file).map(DownloadUrl).map_err(|e| FetchError::Url(format!("{base}{file}: {e}")))
}

/// How downloads behave.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request: connecting, the response headers and the whole body.
    pub request_timeout: Duration,
    /// Time allowed without any data: for the response headers, and between pieces of the body.
    pub read_timeout: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one (capped at a minute).
    pub backoff: Duration,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// The longest file accepted.
    pub max_bytes: u64,
}

/// The longest download [`FetchConfig::default`] accepts: the largest GeoNames dump files are a
/// few hundred megabytes.
pub(crate) const MAX_DOWNLOAD_BYTES: u64 = 8 << 30;
/// The most a zip member may unpack to: allCountries.txt is about 1.6 GB.
pub const MAX_MEMBER_BYTES: u64 = 16 << 30;

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            connect_timeout: Duration::from_secs(15),
            request_timeout: Duration::from_secs(600),
            read_timeout: Duration::from_secs(30),
            retries: 4,
            backoff: Duration::from_secs(1),
            progress: false,
            max_bytes: MAX_DOWNLOAD_BYTES,
        }
    }
}

/// The wait before retry number `attempt` (0-based): `base * 2^attempt`, at most 60 s.
pub(crate) fn backoff_delay(base: Duration, attempt: u32) -> Duration {
    base.saturating_mul(1u32 << attempt.min(16)).min(Duration::from_secs(60))
}

/// rustls needs a process-wide crypto provider; this crate uses ring (no C toolchain beyond cc,
/// no OpenSSL). Installing twice is harmless.
pub(crate) fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// An HTTP client for the dump files. It blocks: each request runs on its own small runtime,
/// because reqwest's async client is the one that bounds a request as a whole *and* each read.
pub struct Downloader {
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    config: FetchConfig,
}

/// One failed attempt: worth retrying or not.
enum Failure {
    Retry(FetchError),
    Fatal(FetchError),
}

/// `Content-Range: bytes START-END/TOTAL` (or `bytes */TOTAL`) -> (start, total).
pub(crate) fn parse_content_range(value: &str) -> Option<(Option<u64>, Option<u64>)> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = rest.split_once('/')?;
    let total = if total.trim() == "*" { None } else { Some(total.trim().parse().ok()?) };
    let start = if range.trim() == "*" { None } else { Some(range.split_once('-')?.0.trim().parse().ok()?) };
    Some((start, total))
}

/// An error and its causes on one line: reqwest's own message is only "error sending request".
fn describe(e: &reqwest::Error, config: &FetchConfig, started: Instant) -> String {
    if e.is_timeout() {
        let (whole, quiet) = (config.request_timeout.as_secs_f64(), config.read_timeout.as_secs_f64());
        // The request's whole time ran out, or the server went quiet for too long.
        return if started.elapsed().as_secs_f64() + 0.05 >= whole {
            format!("timed out: the request took longer than {whole:.1} s (--timeout)")
        } else {
            format!("timed out (no data for {quiet:.1} s)")
        };
    }
    // The causes say what happened ("tcp connect error: Connection refused"); the top level
    // only repeats the URL the caller already shows.
    let mut parts: Vec<String> = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        parts.push(e.to_string());
    }
    parts.join(": ")
}

impl Downloader {
    /// A downloader with its HTTP client (TLS, time-outs and retries from `config`).
    pub fn new(config: FetchConfig) -> Result<Downloader, FetchError> {
        install_crypto_provider();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout)
            // the whole request, body included: a server dripping a byte at a time is cut off
            .timeout(config.request_timeout)
            // and no wait for data longer than this
            .read_timeout(config.read_timeout)
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Downloader { client, runtime, config })
    }

    /// Download `url` into `dest` (through `dest.part`), resuming and retrying as the module
    /// header describes; `log` receives one line per retry. Returns the file's length.
    pub fn download(&self, url: &DownloadUrl, dest: &Path, log: &dyn Fn(&str)) -> Result<u64, FetchError> {
        let part = part_path(dest);
        let kept = validator_path(dest);
        if dest.is_file() && !part.exists() {
            // A complete download of an earlier run: resumed from its end, see the module header.
            if fs::read_to_string(&kept).is_ok_and(|v| !v.trim().is_empty()) {
                log(&format!("checking whether {} from an earlier run is still current", dest.display()));
                fs::rename(&kept, validator_path(&part)).map_err(|e| FetchError::io(&kept, e))?;
                fs::rename(dest, &part).map_err(|e| FetchError::io(dest, e))?;
            }
        }
        let mut attempt = 0;
        loop {
            match self.attempt(&url.0, &part) {
                Ok(len) => {
                    fs::rename(&part, dest).map_err(|e| FetchError::io(dest, e))?;
                    let validator = validator_path(&part);
                    if fs::rename(&validator, &kept).is_err() {
                        let _ = fs::remove_file(&validator);
                        let _ = fs::remove_file(&kept);
                    }
                    return Ok(len);
                }
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(e)) => {
                    if attempt >= self.config.retries {
                        return Err(e);
                    }
                    let wait = backoff_delay(self.config.backoff, attempt);
                    attempt += 1;
                    log(&format!("{e}; retry {attempt} of {} in {:.1} s", self.config.retries, wait.as_secs_f64()));
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn attempt(&self, url: &reqwest::Url, part: &Path) -> Result<u64, Failure> {
        // reqwest starts its timers when a request is made, so inside the runtime
        let _runtime = self.runtime.enter();
        let have = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        let validator = validator_path(part);
        let mut request = self.client.get(url.clone());
        if have > 0 {
            request = request.header(reqwest::header::RANGE, format!("bytes={have}-"));
            // If the file changed since the .part was started, the server sends all of the new
            // one (200) instead of splicing its tail onto the old head.
            if let Some(v) = fs::read_to_string(&validator).ok().filter(|v| !v.trim().is_empty()) {
                request = request.header(reqwest::header::IF_RANGE, v.trim());
            }
        }
        let network = |message: String| FetchError::Network { url: url.to_string(), message };
        let started = Instant::now();
        let mut response = self
            .runtime
            .block_on(request.send())
            .map_err(|e| Failure::Retry(network(describe(&e, &self.config, started))))?;
        let status = response.status().as_u16();
        let content_range = response
            .headers()
            .get(reqwest::header::CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_content_range);
        let too_large = || FetchError::TooLarge { url: url.to_string(), limit: self.config.max_bytes };
        let (start, total) = match status {
            200 => (0, response.content_length()),
            206 => match content_range {
                Some((Some(start), total)) if start == have => (have, total),
                // A range we did not ask for: start again from scratch.
                _ => {
                    remove_if_exists(part).map_err(Failure::Fatal)?;
                    return Err(Failure::Retry(network("the server sent an unexpected byte range".into())));
                }
            },
            416 if have > 0 => {
                // Our .part is at least as long as the file: complete if the lengths agree.
                if let Some((None, Some(total))) = content_range {
                    if total == have {
                        return Ok(have);
                    }
                }
                remove_if_exists(part).map_err(Failure::Fatal)?;
                return Err(Failure::Retry(network("the partial download did not match the file; restarting".into())));
            }
            408 | 429 | 500..=599 => {
                return Err(Failure::Retry(FetchError::Status { url: url.to_string(), status }));
            }
            _ => return Err(Failure::Fatal(FetchError::Status { url: url.to_string(), status })),
        };
        if total.is_some_and(|t| t > self.config.max_bytes) {
            return Err(Failure::Fatal(too_large()));
        }
        if start == 0 {
            // Remember which version of the file this is, for If-Range when resuming.
            let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            let strong_etag = header(reqwest::header::ETAG).filter(|e| !e.starts_with("W/"));
            let tag = strong_etag.or_else(|| header(reqwest::header::LAST_MODIFIED)).unwrap_or_default();
            fs::write(&validator, tag).map_err(|e| Failure::Fatal(FetchError::io(&validator, e)))?;
        }
        let mut file = if start == 0 { File::create(part) } else { OpenOptions::new().append(true).open(part) }
            .map_err(|e| Failure::Fatal(FetchError::io(part, e)))?;

        let bar = self.progress_bar(url, total, start);
        let mut received = start;
        loop {
            let chunk = match self.runtime.block_on(response.chunk()) {
                Ok(None) => break,
                Ok(Some(chunk)) => chunk,
                Err(e) => {
                    bar.abandon();
                    let _ = file.sync_all();
                    let message = match describe(&e, &self.config, started) {
                        m if e.is_timeout() => m,
                        m => format!("connection broken while reading the body: {m}"),
                    };
                    return Err(Failure::Retry(network(message)));
                }
            };
            file.write_all(&chunk).map_err(|e| Failure::Fatal(FetchError::io(part, e)))?;
            received += chunk.len() as u64;
            if received > self.config.max_bytes {
                bar.abandon();
                drop(file);
                remove_if_exists(part).map_err(Failure::Fatal)?;
                return Err(Failure::Fatal(too_large()));
            }
            bar.set_position(received);
        }
        file.sync_all().map_err(|e| Failure::Fatal(FetchError::io(part, e)))?;
        bar.finish_and_clear();
        match total {
            Some(expected) if received < expected => {
                Err(Failure::Retry(FetchError::Length { url: url.to_string(), expected, received }))
            }
            Some(expected) if received > expected => {
                remove_if_exists(part).map_err(Failure::Fatal)?;
                Err(Failure::Retry(FetchError::Length { url: url.to_string(), expected, received }))
            }
            _ => Ok(received),
        }
    }

    fn progress_bar(&self, url: &reqwest::Url, total: Option<u64>, position: u64) -> indicatif::ProgressBar {
        if !self.config.progress {
            return indicatif::ProgressBar::hidden();
        }
        let name = url.path_segments().and_then(|mut s| s.next_back()).unwrap_or("download").to_string();
        let bar = match total {
            Some(t) => indicatif::ProgressBar::new(t),
            None => indicatif::ProgressBar::no_length(),
        };
        let template = if total.is_some() {
            "{msg:>22} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}"
        } else {
            "{msg:>22} {bytes} {bytes_per_sec}"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(name);
        bar.set_position(position);
        bar
    }
}

/// One `gazetteer fetch` at a time per cache directory: two would append to the same `.part`
/// files. The lock file holds the owner's process id; a lock whose process is gone is taken over.
pub struct FetchLock {
    path: PathBuf,
}

impl FetchLock {
    /// Take the lock of download directory `dir`, or fail with [`FetchError::Busy`] while a live process holds it.
    pub fn acquire(dir: &Path) -> Result<FetchLock, FetchError> {
        fs::create_dir_all(dir).map_err(|e| FetchError::io(dir, e))?;
        let path = dir.join("fetch.lock");
        for _ in 0..3 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    f.write_all(std::process::id().to_string().as_bytes()).map_err(|e| FetchError::io(&path, e))?;
                    return Ok(FetchLock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let owner = fs::read_to_string(&path).ok().and_then(|s| s.trim().parse::<u32>().ok());
                    match owner {
                        Some(pid) if process_alive(pid) => {
                            return Err(FetchError::Busy { path: path.display().to_string(), pid });
                        }
                        // Its owner died (or it is empty: an owner killed while writing its id).
                        _ => remove_if_exists(&path)?,
                    }
                }
                Err(e) => return Err(FetchError::io(&path, e)),
            }
        }
        Err(FetchError::Busy { path: path.display().to_string(), pid: 0 })
    }
}

impl Drop for FetchLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether a process id is running. Where that cannot be told, assume it is (the user is told
/// which file to delete).
pub(crate) fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_dir = Path::new("/proc");
    if proc_dir.join("self").exists() {
        return proc_dir.join(pid.to_string()).exists();
    }
    true
}

/// `DEST.part`, the file a download streams into.
pub(crate) fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    dest.with_file_name(name)
}

/// Remove a downloaded file and what is kept about it (its validator).
pub fn remove_download(dest: &Path) {
    let _ = fs::remove_file(dest);
    let _ = fs::remove_file(validator_path(dest));
}

/// `FILE.validator`: the ETag (or Last-Modified) of the version `FILE` (a `.part` or a complete
/// download) holds.
fn validator_path(part: &Path) -> PathBuf {
    let mut name = part.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".validator");
    part.with_file_name(name)
}

fn remove_if_exists(path: &Path) -> Result<(), FetchError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(FetchError::io(path, e)),
        _ => Ok(()),
    }
}

/// Check a zip archive end to end: its directory parses, every member decompresses with the
/// right CRC to at most [`MAX_MEMBER_BYTES`], and `member` (when given) is present.
pub fn verify_zip(path: &Path, member: Option<&str>) -> Result<(), FetchError> {
    verify_zip_within(path, member, MAX_MEMBER_BYTES)
}

fn verify_zip_within(path: &Path, member: Option<&str>, max_member: u64) -> Result<(), FetchError> {
    let zip_err = |message: String| FetchError::Zip { path: path.display().to_string(), message };
    let file = File::open(path).map_err(|e| FetchError::io(path, e))?;
    let mut archive = zip::ZipArchive::new(io::BufReader::new(file)).map_err(|e| zip_err(e.to_string()))?;
    if let Some(m) = member {
        if archive.index_for_name(m).is_none() {
            return Err(zip_err(format!("it has no member {m}")));
        }
    }
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| zip_err(e.to_string()))?;
        let name = entry.name().to_string();
        let too_big = || zip_err(format!("{name} unpacks to more than {max_member} bytes"));
        if entry.size() > max_member {
            return Err(too_big());
        }
        let unpacked =
            io::copy(&mut entry.take(max_member + 1), &mut io::sink()).map_err(|e| zip_err(format!("{name}: {e}")))?;
        if unpacked > max_member {
            return Err(too_big());
        }
    }
    Ok(())
}

/// Lowercase hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> Result<String, FetchError> {
    let mut file = File::open(path).map_err(|e| FetchError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(|e| FetchError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Compare a file's SHA-256 with an expected hex digest (case-insensitive).
pub fn verify_sha256(path: &Path, expected: &str) -> Result<(), FetchError> {
    let actual = sha256_file(path)?;
    if actual.eq_ignore_ascii_case(expected.trim()) {
        Ok(())
    } else {
        Err(FetchError::Checksum { path: path.display().to_string(), expected: expected.to_lowercase(), actual })
    }
}

/// True for a 64-digit hex string.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasets_parse_and_name_their_files() {
        let rows = [
            ("cities500", Some(("cities500.zip", "cities500.txt"))),
            ("cities15000", Some(("cities15000.zip", "cities15000.txt"))),
            ("allcountries", Some(("allCountries.zip", "allCountries.txt"))),
            ("allCountries", Some(("allCountries.zip", "allCountries.txt"))),
            ("cities250", None),
            ("", None),
        ];
        for (input, want) in rows {
            let got = input.parse::<Dataset>().ok().map(|d| (d.zip_name(), d.member_name()));
            assert_eq!(got, want.map(|(z, m)| (z.to_string(), m.to_string())), "{input:?}");
        }
        for (d, name) in Dataset::ALL.iter().zip(Dataset::NAMES) {
            assert_eq!(d.as_str(), name);
        }
    }

    #[test]
    fn content_ranges_parse() {
        let rows = [
            ("bytes 100-199/200", Some((Some(100), Some(200)))),
            ("bytes 0-0/*", Some((Some(0), None))),
            ("bytes */5000", Some((None, Some(5000)))),
            ("bytes x-1/2", None),
            ("items 1-2/3", None),
            ("", None),
        ];
        for (input, want) in rows {
            assert_eq!(parse_content_range(input), want, "{input:?}");
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_millis(500);
        let rows = [(0, 500), (1, 1000), (2, 2000), (3, 4000), (10, 60_000), (40, 60_000)];
        for (attempt, ms) in rows {
            assert_eq!(backoff_delay(base, attempt), Duration::from_millis(ms), "attempt {attempt}");
        }
    }

    #[test]
    fn urls_join_onto_a_directory() {
        let rows = [
            (
                "https://download.geonames.org/export/dump/",
                "cities500.zip",
                Some("https://download.geonames.org/export/dump/cities500.zip"),
            ),
            ("http://127.0.0.1:8080/dump", "countryInfo.txt", Some("http://127.0.0.1:8080/dump/countryInfo.txt")),
            ("ftp://example.org/", "x.zip", None),
            ("not a url", "x.zip", None),
        ];
        for (base, file, want) in rows {
            assert_eq!(join_url(base, file).ok().map(|u| u.to_string()), want.map(str::to_string), "{base}");
        }
    }

    #[test]
    fn one_fetch_at_a_time_and_dead_owners_lose_their_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lock = FetchLock::acquire(dir.path()).expect("free");
        assert!(matches!(FetchLock::acquire(dir.path()), Err(FetchError::Busy { .. })), "held by this process");
        drop(lock);
        assert!(!dir.path().join("fetch.lock").exists(), "released on drop");
        if Path::new("/proc/self").exists() {
            // Process ids are at most 2^22 on Linux: this one cannot be running.
            fs::write(dir.path().join("fetch.lock"), "4294967").expect("stale lock");
            assert!(FetchLock::acquire(dir.path()).is_ok(), "a dead owner's lock is taken over");
        }
        fs::write(dir.path().join("fetch.lock"), "").expect("empty lock");
        assert!(FetchLock::acquire(dir.path()).is_ok(), "an empty lock is taken over");
    }

    #[test]
    fn part_files_sit_next_to_their_destination() {
        assert_eq!(part_path(Path::new("/a/b/cities500.zip")), PathBuf::from("/a/b/cities500.zip.part"));
    }

    #[test]
    fn checksums_and_zips_are_verified() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x.zip");
        let mut w = zip::ZipWriter::new(File::create(&path).expect("create"));
        w.start_file("x.txt", zip::write::SimpleFileOptions::default()).expect("start");
        w.write_all(&b"hello\n".repeat(1000)).expect("write");
        w.finish().expect("finish");
        assert!(verify_zip(&path, Some("x.txt")).is_ok());
        assert!(matches!(verify_zip(&path, Some("y.txt")), Err(FetchError::Zip { .. })));
        let digest = sha256_file(&path).expect("hash");
        assert!(is_sha256_hex(&digest));
        assert!(verify_sha256(&path, &digest.to_uppercase()).is_ok());
        assert!(matches!(verify_sha256(&path, &"0".repeat(64)), Err(FetchError::Checksum { .. })));
        assert!(verify_zip_within(&path, None, 6000).is_ok());
        let err = verify_zip_within(&path, None, 5999).unwrap_err().to_string();
        assert!(err.contains("x.txt unpacks to more than 5999 bytes"), "{err}");
        let bytes = fs::read(&path).expect("read");
        fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate");
        assert!(matches!(verify_zip(&path, None), Err(FetchError::Zip { .. })));
    }
}
