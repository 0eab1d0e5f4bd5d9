//! `toponym geojson FILE… -o OUT.geojson`

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::inputs::{self, Doc, InputFormat};
use super::style::{self, StyleArgs};
use super::{batch, Exit, OutputSet};
use crate::emit::geojson;
use crate::gazetteer::Gazetteer;
use crate::network::Avoid;
use crate::story::{route, RouteChoice, Routing, Story, TravelMode};
use crate::Resolver;

/// Write the story a text tells as GeoJSON: its places (with roles), the route travelled and
/// launch tracks, for QGIS or any GIS.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym geojson examples/summit.txt -o output/summit.geojson
  toponym geojson story.txt --route 'Lisbon > Madrid > Barcelona@41.38,2.14' -o trip.geojson
  cat story.txt | toponym geojson - --no-route -o - | jq '.features | length'

Output: one RFC 7946 FeatureCollection (WGS84 lon/lat, 6 decimals) with a Point per place
(fields id, name, kind, role, country_code, admin1, population, mentions, confidence, matched),
LineStrings with role \"route\" (mode rail|sea|road|geodesic|mixed, waypoints, length_km, confidence)
and \"launch_track\". Several files merge into one collection; the `document` field says which
file a feature came from. Writing to a file also writes a QGIS style NAME.qml next to it (or
--style PATH); an existing NAME.qml that differs is kept, with a warning. The outputs are
written atomically, together or not at all; a directory walk skips them.

Inferred routes follow the world railway network where it runs roughly direct, and densified
geodesics elsewhere. An explicit --route applies to the first file; --mode rail|sea|road|air
draws it on that network (see `toponym route --help`), --avoid keeps sea legs out of passages.

Exit status: 0 written, 1 written but no place found, 2 usage or input error.")]
pub struct Args {
    #[command(flatten)]
    pub story: StoryArgs,
    /// Output file, or `-` for standard output.
    #[arg(short, long, value_name = "PATH|-", default_value = "-")]
    output: String,
    #[command(flatten)]
    style: StyleArgs,
}

/// Inputs and route options shared by `geojson` and `map`.
#[derive(clap::Args)]
pub struct StoryArgs {
    /// Input text files or directories (walked recursively); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Input format (default: jsonl for .jsonl/.ndjson files, one story per line; text otherwise).
    #[arg(long, value_enum)]
    pub input: Option<InputFormat>,
    /// The route, as "A > B > C" (each name looked up like `toponym lookup`; `Name@LAT,LON`
    /// pins a waypoint). Replaces the inferred route.
    #[arg(long, value_name = "A > B > …", conflicts_with = "no_route")]
    pub route: Option<String>,
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
}

/// Read the input documents and build their stories (route inferred, given, or off), in input
/// order. Directory walks skip the command's own `outputs`.
pub fn build_stories(args: &StoryArgs, gaz: &Gazetteer, outputs: &[&Path]) -> anyhow::Result<Vec<Story>> {
    let explicit = match &args.route {
        Some(spec) => Some(route::parse_explicit(spec, gaz).map_err(|e| Exit::usage(format!("--route: {e}")))?),
        None => None,
    };
    let routing = Routing { mode: args.mode, avoid: args.avoid.unwrap_or_default(), networks: !args.no_rail };
    let docs = inputs::Docs::new(inputs::expand(&args.files, outputs)?, args.input, false);
    let resolver = Resolver::new(gaz);
    let work = |doc: Doc| {
        let choice = match (&explicit, args.no_route) {
            (Some(w), _) if doc.index == 0 => RouteChoice::Explicit(w.clone()),
            (Some(_), _) | (None, true) => RouteChoice::Off,
            (None, false) => RouteChoice::Infer,
        };
        let mentions = resolver.resolve(&doc.text, &Default::default());
        Story::build(&doc.id, &doc.text, &mentions, &choice, &routing)
    };
    let mut stories = Vec::new();
    batch::run(docs, batch::threads(args.jobs), work, |story| {
        stories.push(story);
        Ok(())
    })?;
    Ok(stories)
}

pub fn run(args: &Args, gaz: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<i32> {
    let file = Some(Path::new(&args.output)).filter(|p| *p != Path::new("-"));
    let style = style::sidecar(file, &args.style)?;
    let written: Vec<&Path> = file.into_iter().chain(style.as_deref()).collect();
    let stories = build_stories(&args.story, gaz, &written)?;
    let bytes = geojson::to_bytes(&stories).context("serialising GeoJSON")?;
    let mut outputs = OutputSet::new();
    match file {
        Some(path) => outputs.add(path, &bytes)?,
        None => out.write_all(&bytes)?,
    }
    if let Some(path) = &style {
        outputs.add(path, &style::bytes())?;
    }
    outputs.commit()?;
    let found = stories.iter().any(|s| !s.places.is_empty());
    Ok(if found { 0 } else { super::EXIT_NOT_FOUND })
}

/// `--mode`: a travel mode a route can be drawn in (storm tracks are not journeys).
pub fn parse_mode(s: &str) -> Result<TravelMode, String> {
    match s.parse::<TravelMode>()? {
        TravelMode::Storm => Err("mode storm is for storm tracks; expected rail, sea, road or air".into()),
        m => Ok(m),
    }
}

/// `--avoid`: passages to keep out of, added to the default (the ice-bound Northwest Passage).
pub fn parse_avoid(s: &str) -> Result<Avoid, String> {
    let mut set = Avoid::default();
    for p in Avoid::parse_list(s)?.passages() {
        set = set.with(p);
    }
    Ok(set)
}
