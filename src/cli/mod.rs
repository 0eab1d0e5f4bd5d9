//! Command-line interface: argument parsing and printing only; the work is in the library.
//! Exit codes: 0 success, 1 nothing found, 2 usage or input error.

mod atomic;
mod batch;
mod gazetteer_cmd;
mod geojson;
mod inputs;
mod lookup;
mod map;
mod nearest;
mod resolve;
mod route;
#[cfg(feature = "serve")]
mod serve;
mod style;

use std::io::{self, Write};
use std::path::PathBuf;

pub use atomic::{write_atomic, AtomicFile, OutputSet};

use anyhow::Context;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use toponym::emit::places::PlaceFormat;
use toponym::emit::WriteError;
use toponym::gazetteer::Gazetteer;

/// Exit status for "nothing found".
pub const EXIT_NOT_FOUND: i32 = 1;
/// Exit status for usage and input errors.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser)]
#[command(name = "toponym", version, about = "Find the places a news text names, resolve them offline, and map them.")]
#[command(propagate_version = true)]
pub struct Cli {
    /// Gazetteer to use: a file built by `toponym gazetteer build|fetch`, or `embedded` (also set
    /// by the TOPONYM_GAZETTEER environment variable). Default: the one `toponym gazetteer fetch`
    /// wrote to the user data directory if there is one, else the embedded one.
    #[arg(long, global = true, env = "TOPONYM_GAZETTEER", value_name = "PATH|embedded")]
    gazetteer: Option<String>,
    /// Say nothing on standard error but errors and warnings: no "wrote FILE" lines, progress
    /// bars or status lines.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Your own places, laid over the gazetteer for this run (repeatable; also TOPONYM_PLACES,
    /// paths separated like PATH): CSV or TSV with a header (name,lat,lon; optional kind,
    /// country, admin1, aliases separated by |, population or priority, id) or a GeoJSON
    /// FeatureCollection of Points with those properties. A place of yours wins its name.
    /// (Not `--places`: `resolve --places` already asks for a summary of places.)
    #[arg(long = "user-places", global = true, value_name = "FILE")]
    user_places: Vec<PathBuf>,
    /// Leave out bad rows of --user-places files with a warning each, instead of stopping
    /// (exit 2) at the first.
    #[arg(long, global = true)]
    skip_bad_lines: bool,
    #[command(subcommand)]
    command: Command,
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Tell the user which files a command wrote ("toponym: wrote output/summit.png"), unless
/// `--quiet`. Standard output (`-`) and descriptors (`/dev/stdout`) are not files they look for.
pub fn say_wrote<'p>(paths: impl IntoIterator<Item = &'p std::path::Path>) {
    if quiet() {
        return;
    }
    for path in paths {
        if path.as_os_str() != "-" && !toponym::atomic::is_descriptor_path(path) {
            eprintln!("toponym: wrote {}", path.display());
        }
    }
}

#[derive(Subcommand)]
enum Command {
    Lookup(lookup::Args),
    Nearest(nearest::Args),
    Resolve(resolve::Args),
    Geojson(geojson::Args),
    Map(Box<map::Args>),
    Route(route::Args),
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    #[command(subcommand)]
    Gazetteer(gazetteer_cmd::Command),
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  toponym completions bash > ~/.local/share/bash-completion/completions/toponym"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

impl Command {
    /// The command handles Ctrl-C itself (`serve` shuts down gracefully) rather than by the
    /// interrupt handler that removes temp files and exits 130.
    fn stops_itself(&self) -> bool {
        #[cfg(feature = "serve")]
        if matches!(self, Command::Serve(_)) {
            return true;
        }
        false
    }
}

/// Output formats shared by the look-up commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Geojson,
}

impl From<Format> for PlaceFormat {
    fn from(format: Format) -> PlaceFormat {
        match format {
            Format::Table => PlaceFormat::Table,
            Format::Json => PlaceFormat::Json,
            Format::Csv => PlaceFormat::Csv,
            Format::Geojson => PlaceFormat::Geojson,
        }
    }
}

/// The most places `lookup` and `nearest` list.
pub const MAX_LIMIT: u64 = 1000;

/// `--limit` of the look-up commands: 1..=[`MAX_LIMIT`].
fn limit_range() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_LIMIT)
}

/// An error that carries its exit status.
#[derive(Debug)]
pub struct Exit {
    pub code: i32,
    pub message: String,
}

impl Exit {
    pub fn usage(message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Exit { code: EXIT_USAGE, message: message.into() })
    }
    pub fn not_found(message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Exit { code: EXIT_NOT_FOUND, message: message.into() })
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

/// Which gazetteer a run uses, in order of precedence: `--gazetteer`/`TOPONYM_GAZETTEER`, then
/// the one `toponym gazetteer fetch` wrote to the user data directory, then the embedded one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Active {
    Embedded,
    /// A file named with `--gazetteer PATH` or `TOPONYM_GAZETTEER`.
    Chosen(PathBuf),
    /// The fetched gazetteer in the user data directory.
    Fetched(PathBuf),
}

impl Active {
    pub fn of(choice: Option<&str>) -> Active {
        match choice {
            Some("embedded") => Active::Embedded,
            Some(path) if !path.is_empty() => Active::Chosen(PathBuf::from(path)),
            _ => match toponym::gazetteer::net::fetch::user_gazetteer_path() {
                Some(p) if p.is_file() => Active::Fetched(p),
                _ => Active::Embedded,
            },
        }
    }
    /// How `gazetteer info` names it.
    pub fn describe(&self) -> String {
        match self {
            Active::Embedded => "embedded".into(),
            Active::Chosen(p) => p.display().to_string(),
            Active::Fetched(p) => format!("{} (fetched; `--gazetteer embedded` uses the built-in one)", p.display()),
        }
    }
}

/// Load the gazetteer the user chose (see [`Active`]), with their places laid over it.
fn load_gazetteer(
    choice: Option<&str>,
    places: &[PathBuf],
    skip_bad_lines: bool,
) -> anyhow::Result<&'static Gazetteer> {
    with_user_places(load_active(&Active::of(choice))?, &places_files(places), skip_bad_lines)
}

/// The places files of a run: TOPONYM_PLACES (separated like PATH), then `--user-places`.
pub fn places_files(args: &[PathBuf]) -> Vec<PathBuf> {
    let from_env = std::env::var_os("TOPONYM_PLACES").map(|v| std::env::split_paths(&v).collect::<Vec<_>>());
    from_env.unwrap_or_default().into_iter().filter(|p| !p.as_os_str().is_empty()).chain(args.iter().cloned()).collect()
}

/// `gaz` with the places of `files` laid over it; bad rows stop the run (exit 2) or, with
/// `skip_bad_lines`, are left out with a warning each.
pub fn with_user_places(
    gaz: &'static Gazetteer,
    files: &[PathBuf],
    skip_bad_lines: bool,
) -> anyhow::Result<&'static Gazetteer> {
    if files.is_empty() {
        return Ok(gaz);
    }
    let mut rows = Vec::new();
    for path in files {
        rows.extend(toponym::gazetteer::read_places(path).map_err(|e| Exit::usage(e.to_string()))?);
    }
    let (overlaid, report) = gaz.with_places(rows, skip_bad_lines).map_err(|e| Exit::usage(e.to_string()))?;
    for bad in &report.skipped {
        eprintln!("toponym: warning: {bad}; row skipped");
    }
    Ok(Box::leak(Box::new(overlaid)))
}

fn load_active(active: &Active) -> anyhow::Result<&'static Gazetteer> {
    match active {
        Active::Embedded => Gazetteer::embedded().map_err(|e| anyhow::anyhow!("{e}")),
        Active::Chosen(path) | Active::Fetched(path) => {
            let hint = if matches!(active, Active::Fetched(_)) {
                "; run `toponym gazetteer fetch` again, or use `--gazetteer embedded`"
            } else {
                ""
            };
            let shown = path.display();
            let gaz = Gazetteer::from_file(path).map_err(|e| match e {
                toponym::gazetteer::LoadError::Read(e) => {
                    Exit::usage(format!("cannot read gazetteer {shown}: {e}{hint}"))
                }
                e => Exit::usage(format!("gazetteer {shown}: {e}{hint}")),
            })?;
            Ok(Box::leak(Box::new(gaz)))
        }
    }
}

/// Parse arguments, run, and return the process exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.kind() == clap::error::ErrorKind::ValueValidation => {
            // A bad value is one line naming the option, like every other usage error.
            let rendered = e.render().to_string();
            let line = rendered.lines().next().unwrap_or("invalid value");
            eprintln!("toponym: {}", line.strip_prefix("error: ").unwrap_or(line));
            return EXIT_USAGE;
        }
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            // `--help > /dev/full` must not look like success; `--help | head` ends quietly.
            return match e.print() {
                Ok(()) => code,
                Err(io) if io.kind() == io::ErrorKind::BrokenPipe => code,
                Err(io) => {
                    let to = if e.use_stderr() { "standard error" } else { "standard output" };
                    eprintln!("toponym: writing to {to}: {io}");
                    EXIT_USAGE
                }
            };
        }
    };
    if !cli.command.stops_itself() {
        atomic::install_interrupt_handler();
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => report(&err),
    }
}

fn report(err: &anyhow::Error) -> i32 {
    if err.chain().any(is_broken_pipe) {
        return 0;
    }
    if let Some(exit) = err.downcast_ref::<Exit>() {
        if !exit.message.is_empty() {
            eprintln!("toponym: {}", exit.message);
        }
        return exit.code;
    }
    let chain: Vec<String> = err.chain().map(|e| e.to_string()).collect();
    eprintln!("toponym: {}", chain.join(": "));
    EXIT_USAGE
}

/// A closed pipe (`toponym … | head`) ends the run quietly, whichever writer noticed it.
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let pipe = io::ErrorKind::BrokenPipe;
    if let Some(w) = e.downcast_ref::<WriteError>() {
        return w.is_broken_pipe();
    }
    if let Some(io) = e.downcast_ref::<io::Error>() {
        return io.kind() == pipe;
    }
    if let Some(c) = e.downcast_ref::<csv::Error>() {
        return matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == pipe);
    }
    if let Some(j) = e.downcast_ref::<serde_json::Error>() {
        return j.io_error_kind() == Some(pipe);
    }
    false
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let Cli { gazetteer, user_places, skip_bad_lines, command, .. } = cli;
    let load = || load_gazetteer(gazetteer.as_deref(), &user_places, skip_bad_lines);
    let code = match command {
        Command::Completions { shell } => {
            // clap_complete panics when its writer fails, so it writes to memory first.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "toponym", &mut script);
            out.write_all(&script).context("writing to standard output")?;
            0
        }
        Command::Lookup(args) => lookup::run(&args, load()?, &mut out)?,
        Command::Nearest(args) => nearest::run(&args, load()?, &mut out)?,
        Command::Resolve(args) => resolve::run(&args, load()?, &mut out)?,
        Command::Geojson(args) => geojson::run(&args, load()?, &mut out)?,
        Command::Map(args) => map::run(&args, load()?, &mut out)?,
        Command::Route(args) => route::run(&args, load()?, &mut out)?,
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&args, load()?)?,
        Command::Gazetteer(cmd) => gazetteer_cmd::run(cmd, gazetteer.as_deref(), skip_bad_lines, &mut out)?,
    };
    out.flush().context("writing to standard output")?;
    Ok(code)
}
