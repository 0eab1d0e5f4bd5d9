//! `toponym geojson FILE… -o OUT.geojson`

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;

use super::inputs::{self, Doc, InputFormat, LimitArgs};
use super::style::{self, StyleArgs};
use super::{batch, Exit, OutputSet};
use toponym::emit::escape::escape_control;
use toponym::emit::geojson::StreamWriter;
use toponym::gazetteer::Gazetteer;
use toponym::network::Avoid;
use toponym::story::corrections::Corrections;
use toponym::story::{route, RouteChoice, Routing, Story, StoryMerger, TravelMode, Waypoint};
use toponym::Resolver;

/// Write the story a text tells as GeoJSON: its places (with roles), the route travelled and
/// launch tracks, for QGIS or any GIS.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym geojson examples/summit.txt -o output/summit.geojson
  toponym geojson articles/ -o event.geojson                 # several articles, one story
  toponym geojson articles/ --per-document -o stories.geojson
  toponym geojson story.txt --route 'Lisbon > Madrid > Barcelona@41.38,2.14' -o trip.geojson
  toponym geojson big.jsonl --per-document --format geojsonseq -o - | head
  cat story.txt | toponym geojson - --no-route -o - | jq '.features | length'
  toponym geojson story.txt --format datawrapper -o markers.json   # then PUT it to /v3/charts/ID/data

Output: one RFC 7946 FeatureCollection (WGS84 lon/lat, 6 decimals) with a Point per place
(fields id, name, kind, role, country_code, admin1, population, mentions, confidence, matched),
LineStrings with role \"route\" (status travelled|planned|given, mode rail|sea|road|geodesic|mixed,
travel_mode rail|sea|road|air|storm, waypoints, length_km, confidence, evidence) and
\"launch_track\" (origin, target, evidence). Writing to a file also writes a QGIS style
NAME.qml next to it (or --style PATH); an existing NAME.qml that differs is kept, with a
warning. The outputs are written atomically, together or not at all; a directory walk skips
them. --format geojsonseq writes RFC 8142 instead: one feature per record.

Several files, a directory or JSONL make ONE story, as articles about one event: each place
once (mentions summed; `documents` says in how many documents it appears), one journey fused
from what every article says (travelled and planned legs), each launch once. With
--per-document every document keeps its own story and each feature says which (`document`).
The collection's `documents` member counts each document's own places, routes and tracks.
Memory stays bounded: per-document features stream out as documents finish, and a merged
story holds only its distinct places, stops and launches.

Routes are inferred only where the text names a traveller and ties places to its movement
(\"the train left X\", \"arrived in Y\", \"flew from X to Y\", \"made landfall near Z\");
origins of people or things, warnings, past venues and comparisons are not stops. Legs follow
the network of the mode the text implies (train: rail, ship: sea, convoy: road; flights and
storms are geodesics); with no mode, the railway where it runs roughly direct, else densified
geodesics. An explicit --route replaces the merged story's journey (with --per-document, the
first document's); --mode rail|sea|road|air draws it on that network (see `toponym route
--help`), --avoid keeps sea legs out of passages.

Exit status: 0 written, 1 written but no place found, 2 usage or input error.")]
pub struct Args {
    #[command(flatten)]
    pub story: StoryArgs,
    /// Output file, or `-` for standard output.
    #[arg(short, long, value_name = "PATH|-", default_value = "-")]
    output: String,
    /// geojson (one FeatureCollection), geojsonseq (RFC 8142, one feature per record,
    /// streamed as documents finish) or datawrapper (a Datawrapper locator map's markers, the
    /// body its API's PUT /v3/charts/ID/data takes: the places the map shows as points, the
    /// journey as lines, dashed where planned, launch tracks as arrows).
    #[arg(long, value_enum, default_value = "geojson")]
    format: OutputFormat,
    #[command(flatten)]
    style: StyleArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Geojson,
    Geojsonseq,
    Datawrapper,
}

/// Inputs and route options shared by `geojson` and `map`.
#[derive(clap::Args)]
pub struct StoryArgs {
    /// Input text files or directories (walked recursively); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Input format (default: jsonl for .jsonl/.ndjson files, one document per line; text otherwise).
    #[arg(long, value_enum)]
    pub input: Option<InputFormat>,
    /// Keep one story per document instead of merging all documents into one story.
    #[arg(long)]
    pub per_document: bool,
    /// The route, as "A > B > C" (each name looked up like `toponym lookup`; `Name@LAT,LON`
    /// pins a waypoint). Replaces the inferred route.
    #[arg(long, value_name = "A > B > …", conflicts_with = "no_route")]
    pub route: Option<String>,
    /// With --route: accept the best guess for a stop that matches no place exactly (with a
    /// warning) instead of stopping with suggestions.
    #[arg(long, requires = "route")]
    pub fuzzy: bool,
    /// Do not infer a route from the text.
    #[arg(long)]
    pub no_route: bool,
    /// Draw every leg as a geodesic, ignoring the networks.
    #[arg(long)]
    pub no_rail: bool,
    /// How the explicit --route is travelled: rail, sea, road or air (air: geodesic legs).
    #[arg(long, value_name = "MODE", requires = "route", value_parser = parse_mode)]
    pub mode: Option<TravelMode>,
    /// Passages sea legs keep out of, comma-separated: suez, panama, malacca, gibraltar,
    /// bab-el-mandeb, hormuz, bosporus, dardanelles, sunda, magellan, good-hope, bering.
    #[arg(long, value_name = "LIST", value_parser = parse_avoid)]
    pub avoid: Option<Avoid>,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N", value_parser = batch::jobs_range())]
    pub jobs: Option<u16>,
    /// The documents' language (en ru uk ko ja zh de fr es ar), whose matching rules apply;
    /// default: detected per document. A JSONL line's "lang" field wins over it.
    #[arg(long, value_name = "CODE", value_parser = inputs::parse_lang)]
    pub lang: Option<toponym::Lang>,
    /// Label places with the gazetteer's name in this language where it has one (ru, uk, ko,
    /// ja, zh, ar; de, fr, es: the article's own spelling), in the map and the GeoJSON's names.
    /// Default: English names.
    #[arg(long, value_name = "CODE", value_parser = inputs::parse_lang)]
    pub label_lang: Option<toponym::Lang>,
    #[command(flatten)]
    pub limit: LimitArgs,
    /// Replay an editor's corrections (`toponym serve` exports them): what names mean or that
    /// they are no place, the journey's stops with mode and status, the map's title. An explicit
    /// --route replaces the corrections' journey.
    #[arg(long, value_name = "FILE.json")]
    pub corrections: Option<String>,
}

/// Read and check `--corrections` (no corrections without it).
pub fn read_corrections(args: &StoryArgs, gaz: &Gazetteer) -> anyhow::Result<Corrections> {
    let Some(path) = &args.corrections else { return Ok(Corrections::default()) };
    let bytes = std::fs::read(path).map_err(|e| Exit::usage(format!("--corrections {path}: {e}")))?;
    let corrections = Corrections::from_json(&bytes)
        .and_then(|c| c.check(gaz).map(|()| c))
        .map_err(|e| Exit::usage(format!("--corrections {path}: {e}")))?;
    Ok(corrections)
}

/// The documents a command reads: its files, or texts a caller holds (`toponym serve`).
pub type DocSource<'a> = Box<dyn FnOnce() -> anyhow::Result<Box<dyn Iterator<Item = anyhow::Result<Doc>> + Send>> + 'a>;

/// The documents `args.files` name, read lazily; a walk skips `outputs`.
pub fn file_docs<'a>(args: &'a StoryArgs, outputs: &'a [&'a Path]) -> DocSource<'a> {
    Box::new(move || {
        let docs = inputs::Docs::new(inputs::expand(&args.files, outputs)?, args.input, false).limits(&args.limit);
        Ok(Box::new(docs) as Box<dyn Iterator<Item = anyhow::Result<Doc>> + Send>)
    })
}

/// Read the input documents and hand each document's own story to `sink`, in input order
/// (route inferred, given for the first document, or off; corrections applied). Returns the
/// explicit route.
fn each_story(
    args: &StoryArgs,
    gaz: &Gazetteer,
    corrections: &Corrections,
    routing: &Routing,
    docs: DocSource<'_>,
    mut sink: impl FnMut(Story) -> anyhow::Result<()>,
) -> anyhow::Result<Option<Vec<Waypoint>>> {
    let explicit = match &args.route {
        Some(spec) => Some(super::route::explicit_waypoints(spec, gaz, args.fuzzy, "--route: ")?),
        // checked when read: the journey of checked corrections always resolves
        None => corrections.waypoints(gaz).map_err(|e| Exit::usage(e.to_string()))?,
    };
    let docs = docs()?;
    let resolver = Resolver::new(gaz);
    let work = |doc: Doc| {
        let choice = match (&explicit, args.no_route) {
            (Some(w), _) if doc.index == 0 => RouteChoice::Explicit(w.clone()),
            (Some(_), _) | (None, true) => RouteChoice::Off,
            (None, false) => RouteChoice::Infer,
        };
        let opts = toponym::resolver::ResolveOptions { lang: inputs::lang_of(&doc, args.lang), ..Default::default() };
        let mut mentions = resolver.resolve(&doc.text, &opts);
        corrections.apply(gaz, &mut mentions);
        let lang = opts.lang.unwrap_or_else(|| toponym::Lang::detect(&doc.text));
        Story::build_in(&doc.id, &doc.text, &mentions, &choice, routing, lang)
    };
    batch::run(docs, batch::threads(args.jobs), work, &mut sink)?;
    Ok(explicit)
}

fn routing(args: &StoryArgs) -> Routing {
    Routing { mode: args.mode, avoid: args.avoid.unwrap_or_default(), networks: !args.no_rail }
}

/// What [`stream_stories`] hands on.
pub enum Told<'a> {
    /// A document's own story, as it finishes (before any merging).
    Document(&'a Story),
    /// A story to show: with `--per-document` each document's (right after its `Document`),
    /// otherwise the one merged story, at the end (none for no input).
    Story(Box<Story>),
}

/// Build the stories the inputs tell and hand them to `sink` in input order; see [`Told`].
/// Memory is bounded: a document's story is dropped once handed on, and a merged story keeps
/// only its distinct places, stops and launches. Directory walks skip the command's own
/// `outputs`.
pub fn stream_stories(
    args: &StoryArgs,
    gaz: &Gazetteer,
    corrections: &Corrections,
    docs: DocSource<'_>,
    mut sink: impl FnMut(Told<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let routing = routing(args);
    // Names in the reader's language, on the story shown (not on each document's own).
    let label = |mut s: Box<Story>| {
        if let Some(lang) = args.label_lang {
            s.relabel(gaz, lang);
        }
        Told::Story(s)
    };
    if args.per_document {
        each_story(args, gaz, corrections, &routing, docs, |s| {
            warn_route_budgets(&s);
            sink(Told::Document(&s))?;
            sink(label(Box::new(s)))
        })?;
        return Ok(());
    }
    let mut merger = StoryMerger::new(&routing, None);
    let explicit = each_story(args, gaz, corrections, &routing, docs, |s| {
        sink(Told::Document(&s))?;
        merger.add(s);
        Ok(())
    })?;
    merger.set_explicit(explicit);
    match merger.finish() {
        Some(story) => {
            warn_route_budgets(&story);
            sink(label(Box::new(story)))
        }
        None => Ok(()),
    }
}

/// Say on standard error when a budget cut the story's route short: stops over
/// [`route::MAX_INFERRED_STOPS`], legs drawn as geodesics because a budget ran out.
pub fn warn_route_budgets(story: &Story) {
    let Some(r) = &story.route else { return };
    let warn = |m: String| eprintln!("toponym: warning: {}", escape_control(&m));
    if r.dropped_stops > 0 {
        warn(format!(
            "{}: the inferred journey has {} stops; only the first {} are drawn (the cap on inferred stops)",
            story.id,
            r.dropped_stops + r.waypoints.len(),
            route::MAX_INFERRED_STOPS
        ));
    }
    if r.over_budget > 0 {
        let first = r.leg_notes.iter().flatten().find(|n| n.contains("budget")).map_or("", |n| n.as_str());
        warn(format!(
            "{}: {} legs drawn as geodesics when a route budget ran out; first: {first}",
            story.id, r.over_budget
        ));
    }
}

pub fn run(args: &Args, gaz: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<i32> {
    let file = Some(Path::new(&args.output)).filter(|p| *p != Path::new("-"));
    // RFC 8142 sequences have no QGIS style
    let style = match args.format {
        OutputFormat::Geojson => style::sidecar(file, &args.style)?,
        OutputFormat::Geojsonseq | OutputFormat::Datawrapper => None,
    };
    let written: Vec<&Path> = file.into_iter().chain(style.as_deref()).collect();
    let found = match file {
        None => write_stories(args, gaz, &written, BufWriter::new(out))?.1,
        Some(path) => {
            let mut outputs = OutputSet::new();
            let found = write_stories(args, gaz, &written, outputs.create(path)?)?.1;
            if let Some(p) = &style {
                outputs.add(p, &style::bytes())?;
            }
            outputs.commit()?;
            super::say_wrote(written.iter().copied());
            found
        }
    };
    if !found {
        // As `map` warns: an empty collection should not pass for an answer unnoticed.
        eprintln!("toponym: warning: the text names no place toponym could find; the story has no features");
    }
    Ok(if found { 0 } else { super::EXIT_NOT_FOUND })
}

/// Stream the stories to `out`; returns it (for the caller to commit) and whether any place
/// was found.
fn write_stories<W: Write>(args: &Args, gaz: &Gazetteer, outputs: &[&Path], out: W) -> anyhow::Result<(W, bool)> {
    let mut found = false;
    let corrections = read_corrections(&args.story, gaz)?;
    if args.format == OutputFormat::Datawrapper {
        let mut stories = Vec::new();
        stream_stories(&args.story, gaz, &corrections, file_docs(&args.story, outputs), |told| {
            match told {
                Told::Document(s) => found |= !s.places.is_empty(),
                Told::Story(s) => stories.push(*s),
            }
            Ok(())
        })?;
        let mut out = out;
        let body = datawrapper_markers(&stories);
        serde_json::to_writer_pretty(&mut out, &body).context("writing the Datawrapper markers")?;
        out.write_all(b"\n").context("writing the Datawrapper markers")?;
        return Ok((out, found));
    }
    let mut writer = match args.format {
        OutputFormat::Geojson => spooled_collection(out)?,
        _ => StreamWriter::sequence(out),
    };
    stream_stories(&args.story, gaz, &corrections, file_docs(&args.story, outputs), |told| {
        match told {
            Told::Document(s) => {
                found |= !s.places.is_empty();
                writer.add_document(s)?;
            }
            Told::Story(s) => writer.add_features(&s)?,
        }
        Ok(())
    })?;
    let out = writer.finish().context("writing GeoJSON")?;
    Ok((out, found))
}

/// The stories as a Datawrapper locator map's markers: what `toponym map` would show.
pub fn datawrapper_markers(stories: &[Story]) -> serde_json::Value {
    toponym::emit::datawrapper::markers(&toponym::emit::story_map::story_map(stories).input)
}

/// A collection written to `out` at its end, its features and document counts spooled to
/// scratch files meanwhile (memory stays bounded).
pub fn spooled_collection<W: Write>(out: W) -> anyhow::Result<StreamWriter<W, std::fs::File>> {
    let spool = || tempfile::tempfile().context("creating a scratch file for the GeoJSON features");
    Ok(StreamWriter::collection(out, spool()?, spool()?))
}

/// `--mode`: a travel mode a route can be drawn in (storm tracks are not journeys).
pub fn parse_mode(s: &str) -> Result<TravelMode, String> {
    TravelMode::parse_route_mode(s)
}

/// `--avoid`: passages to keep out of, added to the default (the ice-bound Northwest Passage).
pub fn parse_avoid(s: &str) -> Result<Avoid, String> {
    Avoid::default_plus(s)
}
