//! `toponym gazetteer fetch` against a local server (127.0.0.1 only): the happy path end to end,
//! and one test per fault. After every failure the previous gazetteer must be byte-identical and
//! still the one in use.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use support::{zip_of, Fault, Server};

/// A build of the whole gazetteer takes tens of seconds in release; far more would be a hang.
const RUN_LIMIT: Duration = Duration::from_secs(900);

/// Made-up places the embedded gazetteer does not have, and a new version of Vladivostok.
const CITIES: &str = "\
99000001\tZyxwvut Village\tZyxwvut Village\tZyxwvut,Zyxwvut-on-Sea\t43.2\t131.5\tP\tPPL\tRU\t\t59\t\t\t\t812\t\t10\tAsia/Vladivostok\t2025-01-01
99000002\tQapqap Hamlet\tQapqap Hamlet\t\t-12.5\t45.25\tP\tPPL\tZZ\t\t01\t\t\t\t64\t\t3\tUTC\t2025-01-01
2013348\tVladivostok\tVladivostok\tVladivostok Fetched Alias\t43.10562\t131.87353\tP\tPPLA\tRU\t\t59\t\t\t\t123456\t\t8\tAsia/Vladivostok\t2025-01-01
";
const ADMIN1: &str =
    "RU.59\tPrimorskiy Kray\tPrimorskiy Kray\t2017623\nZZ.01\tTest Province\tTest Province\t99000100\n";
const COUNTRIES: &str = "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\nZZ\tZZZ\t999\tZZ\tTestland\tNowhere\n";
const ALTERNATES: &str =
    "1\t99000001\tru\tЗыхвут\t1\t\t\t\t\t\n2\t99000001\tlink\thttps://example.invalid/z\t\t\t\t\t\t\n";

fn dump_zip() -> Vec<u8> {
    zip_of("cities500.txt", CITIES)
}

/// A server with the whole tiny dump.
fn dump_server() -> Server {
    let s = Server::start();
    s.file("/cities500.zip", dump_zip())
        .file("/admin1CodesASCII.txt", ADMIN1.as_bytes().to_vec())
        .file("/admin2Codes.txt", Vec::new())
        .file("/countryInfo.txt", COUNTRIES.as_bytes().to_vec())
        .file("/alternateNamesV2.zip", zip_of("alternateNamesV2.txt", ALTERNATES));
    s
}

/// A user's environment: its own data directory, nothing inherited that could reach the network.
struct User {
    home: tempfile::TempDir,
}

impl User {
    fn new() -> User {
        User { home: tempfile::tempdir().expect("temp dir") }
    }
    fn data(&self) -> PathBuf {
        self.home.path().join("data")
    }
    fn gazetteer(&self) -> PathBuf {
        self.data().join("toponym/gazetteer.gaz.zst")
    }
    fn toponym(&self, server: &Server) -> Command {
        let mut c = Command::cargo_bin("toponym").expect("binary built");
        c.env_remove("TOPONYM_GAZETTEER")
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.data())
            .env("TOPONYM_GEONAMES_URL", server.url())
            .env("TOPONYM_NOMINATIM_URL", server.url())
            .env("TOPONYM_FETCH_TIMEOUT", "5")
            .env("TOPONYM_FETCH_CONNECT_TIMEOUT", "5")
            .env("TOPONYM_FETCH_RETRIES", "2")
            .env("TOPONYM_FETCH_RETRY_DELAY", "0.05")
            .env_remove("TOPONYM_TEST_ABORT_BEFORE_RENAME")
            .env_remove("http_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("all_proxy")
            .env_remove("ALL_PROXY")
            .timeout(RUN_LIMIT);
        c
    }
    /// A previously fetched gazetteer: the committed one stands in (any valid file does).
    fn install_previous(&self) -> Vec<u8> {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteer/toponym.gaz.zst"))
            .expect("committed gazetteer");
        std::fs::create_dir_all(self.gazetteer().parent().expect("parent")).expect("data dir");
        std::fs::write(self.gazetteer(), &bytes).expect("install previous gazetteer");
        bytes
    }
}

fn lookup_ids(user: &User, server: &Server, extra: &[&str], name: &str) -> Option<Vec<u64>> {
    let out = user.toponym(server).args(extra).args(["lookup", name, "--format", "json"]).output().expect("runs");
    if !out.status.success() {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    Some(v.as_array().expect("array").iter().filter_map(|p| p["id"].as_u64()).collect())
}

fn info(user: &User, server: &Server) -> serde_json::Value {
    let out = user.toponym(server).args(["gazetteer", "info", "--json"]).output().expect("runs");
    assert!(out.status.success(), "info: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// After a failed fetch: the old file is untouched and still the active gazetteer.
fn assert_previous_intact(user: &User, server: &Server, previous: &[u8]) {
    let now = std::fs::read(user.gazetteer()).expect("previous gazetteer still there");
    assert!(now == previous, "the previous gazetteer changed");
    let i = info(user, server);
    assert_eq!(i["active"], "fetched");
    assert_eq!(i["path"].as_str().map(PathBuf::from), Some(user.gazetteer()));
    assert_eq!(lookup_ids(user, server, &[], "Vladivostok").and_then(|v| v.first().copied()), Some(2013348));
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn fetch_then_lookup_finds_fetched_places_and_keeps_the_embedded_ones() {
    let server = dump_server();
    let user = User::new();
    let out = user.toponym(&server).args(["gazetteer", "fetch", "--alternate-names"]).output().expect("runs");
    assert!(out.status.success(), "fetch failed: {}", stderr_of(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("summary JSON");
    assert!(summary["records"].as_u64().unwrap_or(0) > 200_000, "{summary}");

    let first = |name: &str| lookup_ids(&user, &server, &[], name).and_then(|v| v.first().copied());
    let rows: &[(&str, Option<u64>)] = &[
        ("Zyxwvut Village", Some(99000001)),
        ("Zyxwvut-on-Sea", Some(99000001)),
        ("Зыхвут", Some(99000001)), // from alternateNamesV2
        ("Qapqap Hamlet", Some(99000002)),
        ("Vladivostok", Some(2013348)),
        ("Владивосток", Some(2013348)), // an old alternate name the fetched row lacks
        ("Vladivostok Fetched Alias", Some(2013348)),
        ("Pyongyang", Some(1871859)),
        ("https://example.invalid/z", None),
    ];
    for (name, want) in rows {
        assert_eq!(first(name), *want, "{name}");
    }
    let out =
        user.toponym(&server).args(["lookup", "Vladivostok", "--format", "json", "-n", "1"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!((v[0]["population"].as_u64(), v[0]["admin1"].as_str()), (Some(123456), Some("Primorye")));
    let out = user.toponym(&server).args(["lookup", "Qapqap Hamlet", "--format", "json"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!((v[0]["country"].as_str(), v[0]["admin1"].as_str()), (Some("Testland"), Some("Test Province")));

    let i = info(&user, &server);
    assert_eq!(i["active"], "fetched");
    assert_eq!(i["path"].as_str().map(PathBuf::from), Some(user.gazetteer()));
    assert!(i["manifest"].as_str().unwrap_or("").contains("cities500.zip"));
    assert_eq!(lookup_ids(&user, &server, &["--gazetteer", "embedded"], "Zyxwvut Village"), None);

    assert!(server.requests().iter().all(|r| r.user_agent.as_deref().is_some_and(|u| u.starts_with("toponym/"))));
    let cache = user.data().join("toponym/cache/geonames");
    let left: Vec<_> = std::fs::read_dir(&cache).expect("cache dir").collect();
    assert!(left.is_empty(), "downloads are removed after a build: {left:?}");
}

#[test]
fn a_connection_dropped_mid_body_is_resumed_with_a_range_request() {
    let server = dump_server();
    let half = dump_zip().len() / 2;
    let quarter = half / 2;
    server.fault("/cities500.zip", Fault::CutAfter(half)).fault("/cities500.zip", Fault::CutAfter(quarter));
    let user = User::new();
    let previous = user.install_previous();

    // With no retries the run fails, keeps the partial download and says how to go on.
    let out = user.toponym(&server).args(["gazetteer", "fetch", "--retries", "0"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("run the same command again"), "{}", stderr_of(&out));
    assert!(user.data().join("toponym/cache/geonames/cities500.zip.part").is_file());
    assert_previous_intact(&user, &server, &previous);

    // The next run resumes: the second cut happens mid-run and is retried with Range too.
    let out = user.toponym(&server).args(["gazetteer", "fetch"]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let ranges: Vec<Option<String>> = server.requests_to("/cities500.zip").into_iter().map(|r| r.range).collect();
    assert_eq!(
        ranges,
        vec![None, Some(format!("bytes={half}-")), Some(format!("bytes={}-", half + quarter))],
        "first cut at {half}, second cut {quarter} bytes later"
    );
    let tag = support::etag_of(&dump_zip());
    let if_ranges: Vec<Option<String>> = server.requests_to("/cities500.zip").into_iter().map(|r| r.if_range).collect();
    assert_eq!(if_ranges, vec![None, Some(tag.clone()), Some(tag)], "resumes name the version they continue");
    assert_eq!(lookup_ids(&user, &server, &[], "Zyxwvut Village").and_then(|v| v.first().copied()), Some(99000001));
}

#[test]
fn a_file_that_changed_on_the_server_is_downloaded_again_not_spliced() {
    let server = dump_server();
    let old = dump_zip();
    server.fault("/cities500.zip", Fault::CutAfter(old.len() / 2));
    let user = User::new();
    let out = user.toponym(&server).args(["gazetteer", "fetch", "--retries", "0"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));

    // A new version appears; the next run must fetch all of it. (admin1CodesASCII.txt is missing
    // this time, so the run stops right after cities500.zip is downloaded and checked.)
    let new = zip_of("cities500.txt", &CITIES.replace("Zyxwvut", "Wvutsr"));
    server.file("/cities500.zip", new.clone());
    server.always("/admin1CodesASCII.txt", Fault::Status(404));
    let sha = sha256_hex(&new);
    let out = user
        .toponym(&server)
        .args(["gazetteer", "fetch", "--retries", "0", "--keep-downloads", "--sha256", &sha])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("admin1CodesASCII.txt"), "{}", stderr_of(&out));
    let got = std::fs::read(user.data().join("toponym/cache/geonames/cities500.zip")).expect("downloaded");
    assert!(got == new, "the new version, whole");
    let second = &server.requests_to("/cities500.zip")[1];
    assert_eq!(second.if_range.as_deref(), Some(support::etag_of(&old).as_str()));
}

fn sha256_hex(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("f");
    std::fs::write(&path, bytes).expect("write");
    toponym::gazetteer::net::fetch::sha256_file(&path).expect("hash")
}

/// A failing fetch: exit 2, the expected words in the message, the previous gazetteer intact.
fn assert_fetch_fails(server: &Server, extra_args: &[&str], env: &[(&str, &str)], words: &[&str]) -> User {
    let user = User::new();
    let previous = user.install_previous();
    let mut cmd = user.toponym(server);
    cmd.args(["gazetteer", "fetch"]).args(extra_args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for w in words {
        assert!(err.contains(w), "expected {w:?} in: {err}");
    }
    assert!(err.contains("nothing was written"), "{err}");
    assert_previous_intact(&user, server, &previous);
    user
}

#[test]
fn http_404_fails_at_once_and_names_the_url() {
    let server = dump_server();
    let _user =
        assert_fetch_fails(&server, &["--dataset", "cities1000"], &[], &["HTTP 404", "cities1000.zip", "--url"]);
    assert_eq!(server.requests_to("/cities1000.zip").len(), 1, "a 404 is not retried");
}

#[test]
fn http_500_is_retried_a_bounded_number_of_times() {
    let server = dump_server();
    server.always("/cities500.zip", Fault::Status(500));
    let _user = assert_fetch_fails(&server, &[], &[], &["HTTP 500", "retry 2 of 2"]);
    assert_eq!(server.requests_to("/cities500.zip").len(), 3, "one attempt and two retries");
}

#[test]
fn a_stalled_server_times_out() {
    let server = dump_server();
    server.always("/cities500.zip", Fault::Stall(Duration::from_secs(5)));
    let _user = assert_fetch_fails(&server, &["--retries", "1"], &[("TOPONYM_FETCH_TIMEOUT", "0.3")], &["timed out"]);
    assert_eq!(server.requests_to("/cities500.zip").len(), 2);
}

#[test]
fn a_server_that_stalls_mid_body_times_out_and_keeps_the_partial_download() {
    let server = dump_server();
    let half = dump_zip().len() / 2;
    server.fault("/cities500.zip", Fault::StallAfter(half, Duration::from_secs(5)));
    let user = assert_fetch_fails(
        &server,
        &["--retries", "0"],
        &[("TOPONYM_FETCH_TIMEOUT", "0.3")],
        &["timed out", "run the same command again"],
    );
    let part = user.data().join("toponym/cache/geonames/cities500.zip.part");
    assert_eq!(std::fs::metadata(part).map(|m| m.len()).ok(), Some(half as u64), "resumable from here");
}

/// `--timeout` bounds a request as a whole: a server that sends a byte every so often (never
/// quiet for as long as the stall time-out) is cut off at the time-out, the error says so, and
/// the previous gazetteer stays.
#[test]
fn a_slow_drip_ends_at_the_timeout() {
    let server = dump_server();
    server.always("/cities500.zip", Fault::Drip(Duration::from_millis(300)));
    let env = [("TOPONYM_FETCH_TIMEOUT", "1.5"), ("TOPONYM_FETCH_STALL_TIMEOUT", "5")];
    let user = assert_fetch_fails(&server, &["--retries", "0"], &env, &["timed out", "longer than 1.5 s", "--timeout"]);
    // some of it came, and it is kept for the next run to resume
    let part = user.data().join("toponym/cache/geonames/cities500.zip.part");
    let kept = std::fs::metadata(part).map(|m| m.len()).unwrap_or(0);
    assert!(kept > 0 && kept < dump_zip().len() as u64, "{kept} bytes kept");
}

#[test]
fn a_truncated_zip_is_rejected_and_deleted() {
    let server = dump_server();
    let zip = dump_zip();
    server.file("/cities500.zip", zip[..zip.len() - 30].to_vec());
    let user = assert_fetch_fails(&server, &[], &[], &["not a valid zip", "deleted"]);
    let cache = user.data().join("toponym/cache/geonames");
    assert!(!cache.join("cities500.zip").exists() && !cache.join("cities500.zip.part").exists());
}

#[test]
fn a_checksum_mismatch_is_rejected() {
    let server = dump_server();
    let wrong = "ab".repeat(32);
    let _user = assert_fetch_fails(&server, &["--sha256", &wrong], &[], &["SHA-256", &wrong, "--sha256"]);
}

#[test]
fn bad_arguments_exit_2_before_any_request() {
    let server = dump_server();
    for args in [
        vec!["--dataset", "cities250"],
        vec!["--sha256", "xyz"],
        vec!["--url", "ftp://127.0.0.1/"],
        vec!["--timeout", "-1"],
        vec!["--timeout", "0"],
        vec!["--timeout", "NaN"],
        vec!["--stall-timeout", "inf"],
        vec!["--connect-timeout", "1e9"],
        vec!["--retry-delay", "-0.5"],
        vec!["--retries", "21"],
    ] {
        let user = User::new();
        let out = user.toponym(&server).args(["gazetteer", "fetch"]).args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
    }
    assert!(server.requests().is_empty());
}

#[test]
fn a_second_fetch_waits_its_turn() {
    let server = dump_server();
    let user = User::new();
    let previous = user.install_previous();
    let cache = user.data().join("toponym/cache/geonames");
    std::fs::create_dir_all(&cache).expect("cache dir");
    // This test process stands in for a fetch that is still running.
    std::fs::write(cache.join("fetch.lock"), std::process::id().to_string()).expect("lock");
    let out = user.toponym(&server).args(["gazetteer", "fetch"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("another `toponym gazetteer fetch`"), "{}", stderr_of(&out));
    assert!(server.requests().is_empty());
    assert_previous_intact(&user, &server, &previous);
}

#[test]
fn a_build_killed_before_the_rename_leaves_the_previous_gazetteer() {
    let server = dump_server();
    let user = User::new();
    let previous = user.install_previous();
    let out = user
        .toponym(&server)
        .args(["gazetteer", "fetch", "--quiet"])
        .env("TOPONYM_TEST_ABORT_BEFORE_RENAME", "1")
        .output()
        .expect("runs");
    assert!(!out.status.success(), "the process was meant to die");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(6), "killed by SIGABRT");
    }
    assert_previous_intact(&user, &server, &previous);

    // The killed build left its temp gazetteer; the next fetch removes it (once it is a little
    // old and no process holds it) and reuses the complete downloads instead of fetching them.
    let data = user.gazetteer().parent().expect("data dir").to_path_buf();
    let temps = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".gazetteer.gaz.zst.tmp"))
            .map(|e| e.path())
            .collect()
    };
    let left = temps(&data);
    assert_eq!(left.len(), 1, "{left:?}");
    let two_minutes_ago = std::time::SystemTime::now() - Duration::from_secs(120);
    std::fs::File::options().write(true).open(&left[0]).expect("open").set_modified(two_minutes_ago).expect("age");
    let out = user.toponym(&server).args(["gazetteer", "fetch", "--quiet"]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(temps(&data).is_empty(), "the stale temp gazetteer was removed");
    let len = dump_zip().len();
    let second = &server.requests_to("/cities500.zip")[1];
    assert_eq!(second.range.as_deref(), Some(format!("bytes={len}-").as_str()), "reused, not downloaded again");
}

/// A build that fails after every file was downloaded keeps the downloads, and the next run
/// reuses them: it asks only whether each file is still the same version (a range request past
/// its end with If-Range, answered 416 with no body), and fetches a file that changed whole.
#[test]
fn complete_downloads_are_reused_after_a_failed_build() {
    let server = dump_server();
    server.file("/countryInfo.txt", b"XYZ\tnot a country line\n".to_vec());
    let user = User::new();
    let previous = user.install_previous();
    let out = user.toponym(&server).args(["gazetteer", "fetch"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("countryInfo.txt"), "{}", stderr_of(&out));
    assert_previous_intact(&user, &server, &previous);

    server.file("/countryInfo.txt", COUNTRIES.as_bytes().to_vec());
    let out = user.toponym(&server).args(["gazetteer", "fetch"]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    for (path, body) in [("/cities500.zip", dump_zip()), ("/admin1CodesASCII.txt", ADMIN1.as_bytes().to_vec())] {
        let again = &server.requests_to(path)[1];
        assert_eq!(again.range, Some(format!("bytes={}-", body.len())), "{path}: reused");
        assert_eq!(again.if_range, Some(support::etag_of(&body)), "{path}: only if unchanged");
    }
    assert_eq!(lookup_ids(&user, &server, &[], "Qapqap Hamlet").map(|v| v[0]), Some(99000002));
    let out = user.toponym(&server).args(["lookup", "Qapqap Hamlet", "--format", "json"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v[0]["country"].as_str(), Some("Testland"), "the changed file was fetched again");
}

/// A full cache disk is reported as a full disk, not as a connection problem.
#[test]
fn a_full_cache_disk_is_reported_as_such() {
    if !Path::new("/dev/full").exists() {
        return; // not Linux
    }
    let server = dump_server();
    let user = User::new();
    let previous = user.install_previous();
    let cache = user.data().join("toponym/cache/geonames");
    std::fs::create_dir_all(&cache).expect("cache dir");
    // Every write to the download lands on /dev/full, which answers ENOSPC.
    std::os::unix::fs::symlink("/dev/full", cache.join("cities500.zip.part")).expect("link");
    let out = user.toponym(&server).args(["gazetteer", "fetch"]).output().expect("runs");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("No space left") && err.contains("is full"), "{err}");
    assert!(!err.contains("connection"), "{err}");
    assert_previous_intact(&user, &server, &previous);
}

/// A dump line is read up to a limit: a small zip holding one enormous line (a zip bomb in one
/// line) is refused at the limit instead of being read into memory whole.
#[test]
fn a_dump_line_beyond_the_limit_is_refused() {
    let server = dump_server();
    let long = format!("{CITIES}{}\n", "9".repeat(64 << 20));
    server.file("/cities500.zip", zip_of("cities500.txt", &long));
    let _user = assert_fetch_fails(&server, &[], &[], &["cities500.txt line 4", "longer than"]);
}

#[test]
fn a_damaged_fetched_gazetteer_is_reported_not_half_used() {
    let server = dump_server();
    let user = User::new();
    std::fs::create_dir_all(user.gazetteer().parent().expect("parent")).expect("dir");
    std::fs::write(user.gazetteer(), b"not a gazetteer").expect("write");
    let out = user.toponym(&server).args(["lookup", "Vladivostok"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--gazetteer embedded"), "{}", stderr_of(&out));
    assert_eq!(lookup_ids(&user, &server, &["--gazetteer", "embedded"], "Vladivostok").map(|v| v[0]), Some(2013348));
    let out = user.toponym(&server).env("TOPONYM_GAZETTEER", "embedded").args(["gazetteer", "info", "--json"]).output();
    let v: serde_json::Value = serde_json::from_slice(&out.expect("runs").stdout).expect("JSON");
    assert_eq!((v["active"].as_str(), v["path"].is_null()), (Some("embedded"), true));
}

/// A download is bounded: a file announced larger than the limit is refused before anything of
/// it is written, and a file at the limit is fine.
#[test]
fn a_download_beyond_the_size_limit_is_refused() {
    use toponym::gazetteer::net::fetch::{join_url, Downloader, FetchConfig, FetchError};
    let server = Server::start();
    server.file("/big.zip", vec![7u8; 10_000]);
    let url = join_url(&server.url(), "big.zip").expect("url");
    let dir = tempfile::tempdir().expect("temp dir");
    let dest = dir.path().join("big.zip");
    let download = |max_bytes| {
        let config = FetchConfig { max_bytes, retries: 0, ..FetchConfig::default() };
        Downloader::new(config).expect("client").download(&url, &dest, &|_| {})
    };
    let got = download(9_999);
    assert!(matches!(got, Err(FetchError::TooLarge { limit: 9_999, .. })), "{got:?}");
    assert!(std::fs::read_dir(dir.path()).expect("list").next().is_none(), "nothing kept");
    assert_eq!(download(10_000).expect("at the limit"), 10_000);
}
