//! `toponym route "A > B > C" --mode rail|sea|road|air`

use std::io::Write;
use std::path::Path;

use super::geojson::{parse_avoid, parse_mode};
use super::{write_atomic, Exit};
use toponym::emit::route as emit_route;
use toponym::gazetteer::Gazetteer;
use toponym::network::Avoid;
use toponym::story::{route, Route, RouteSource, Routing, TravelMode};

/// A route between named places along the world's railways, sea lanes or roads.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym route 'Beijing > Ulaanbaatar > Irkutsk > Moscow' --mode rail
  toponym route 'Shanghai > Singapore > Rotterdam' --mode sea --avoid suez
  toponym route 'Lyon > Geneva > Milan' --mode road -o trip.geojson
  toponym route 'Tokyo > Ship@40.0,-150.0 > Los Angeles' --mode sea --format geojson -o -

Each name is looked up like `toponym lookup` (preferring places near the previous stop;
'Paris, Texas' and 'Springfield, MO' narrow it down); `Name@LAT,LON` pins a stop. A stop that
matches no place exactly (a near miss, an unknown qualifier) is an error naming it with
suggestions, unless --fuzzy accepts the best guess with a warning. Rail and road legs join the network within 30 km of each stop;
sea legs sail from the nearest port within 60 km (or a sea lane, for a point at sea). A leg
that cannot be routed on the network is drawn as a geodesic, marked `on_network: false`, with
a warning on standard error. --mode air draws geodesics. The Northwest Passage is always
avoided (ice).

GeoJSON: one LineString per leg (MultiLineString where it crosses the antimeridian) with leg,
from, to, mode, drawn (rail|sea|road|geodesic), on_network, length_km, passages (the named
sea passages the leg goes through; the table's `via` column); one Point per stop with
confidence and matched (how the name was matched: exact, folded, alternate, fuzzy, pinned).

--avoid closes a passage: its canal or strait, and for good-hope and magellan every lane round
the cape (the meridian from Cape Agulhas, or Cape Horn, to the pole). When the avoided
passages leave a leg no way at all, nothing is written and the error names the passages that
block it.

Exit status: 0 routed, 1 a stop matches no place (or only fuzzily, without --fuzzy) or no route
is left by --avoid, 2 usage error (bad pin, bad --avoid name).")]
pub struct Args {
    /// The stops, as "A > B > C".
    route: String,
    /// How the route is travelled.
    #[arg(long, value_name = "rail|sea|road|air", default_value = "rail", value_parser = parse_mode)]
    mode: TravelMode,
    /// Passages sea legs keep out of, comma-separated: suez, panama, malacca, gibraltar,
    /// bab-el-mandeb, hormuz, bosporus, dardanelles, sunda, magellan, good-hope, bering.
    #[arg(long, value_name = "LIST", value_parser = parse_avoid)]
    avoid: Option<Avoid>,
    /// Write to this file (GeoJSON unless --format table), or `-` for standard output.
    #[arg(short, long, value_name = "PATH|-")]
    output: Option<String>,
    /// Output format (default: geojson with -o, else table).
    #[arg(long, value_enum)]
    format: Option<RouteFormat>,
    /// Accept the best guess for a stop that matches no place exactly (with a warning) instead
    /// of stopping with suggestions.
    #[arg(long)]
    fuzzy: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RouteFormat {
    Table,
    Geojson,
}

pub fn run(args: &Args, gaz: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<i32> {
    let waypoints = explicit_waypoints(&args.route, gaz, args.fuzzy, "")?;
    let routing = Routing { mode: Some(args.mode), avoid: args.avoid.unwrap_or_default(), networks: true };
    let r = Route::new(RouteSource::Explicit, waypoints, &routing);
    // With --avoid, a leg the avoided passages cut off is an answer, not a fallback: no route.
    if let (Some((i, e)), Some(_)) = (emit_route::blocked_leg(&r), args.avoid) {
        let (a, b) = (&r.waypoints[i].name, &r.waypoints[i + 1].name);
        return Err(Exit::not_found(format!("no {} route from {a} to {b} (leg {}): {e}", args.mode, i + 1)));
    }
    for (i, note) in r.leg_notes.iter().enumerate() {
        if let Some(note) = note {
            eprintln!("toponym: leg {} drawn as a geodesic: {note}", i + 1);
        }
    }
    let format = args.format.unwrap_or(if args.output.is_some() { RouteFormat::Geojson } else { RouteFormat::Table });
    let bytes = match format {
        RouteFormat::Table => table(&r, args.mode).into_bytes(),
        RouteFormat::Geojson => {
            let mut b = serde_json::to_vec(&emit_route::feature_collection(&r, args.mode))?;
            b.push(b'\n');
            b
        }
    };
    match args.output.as_deref() {
        None | Some("-") => out.write_all(&bytes)?,
        Some(path) => {
            write_atomic(Path::new(path), &bytes)?;
            super::say_wrote([Path::new(path)]);
        }
    }
    Ok(0)
}

/// The waypoints of an explicit route spec: a stop that matches nothing, or only fuzzily, is
/// an error (exit 1) naming it, unless `fuzzy` accepts the best guess with a warning. `what`
/// prefixes messages ("--route: ").
pub fn explicit_waypoints(
    spec: &str,
    gaz: &Gazetteer,
    fuzzy: bool,
    what: &str,
) -> anyhow::Result<Vec<toponym::story::Waypoint>> {
    match route::resolve_explicit(spec, gaz, fuzzy) {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("toponym: warning: {what}{w}");
            }
            Ok(r.waypoints)
        }
        Err(e @ route::RouteError::Unmatched(_)) => Err(Exit::not_found(format!(
            "{what}{e} (name the place as `toponym lookup` finds it, qualify it as in 'Paris, Texas', \
             pin it as Name@LAT,LON, or pass --fuzzy to accept the best guess)"
        ))),
        Err(e) => Err(Exit::usage(format!("{what}{e}"))),
    }
}

fn table(r: &Route, mode: TravelMode) -> String {
    let mut rows = vec![[
        "#".to_string(),
        "from".into(),
        "to".into(),
        "mode".into(),
        "on network".into(),
        "km".into(),
        "via".into(),
    ]];
    for (i, w) in r.waypoints.windows(2).enumerate() {
        rows.push([
            (i + 1).to_string(),
            w[0].name.clone(),
            w[1].name.clone(),
            mode.to_string(),
            match (r.legs[i].on_network(), mode) {
                (true, _) => "yes".into(),
                (false, TravelMode::Air) => "no (air)".into(),
                (false, _) => "no (fallback)".into(),
            },
            format!("{:.1}", r.leg_km[i]),
            emit_route::passages(r, i).join(", "),
        ]);
    }
    let on = r.legs.iter().zip(&r.leg_km).filter(|(m, _)| m.on_network()).fold(0.0, |s, (_, k)| s + k);
    let n = r.legs.len();
    rows.push([
        String::new(),
        "total".into(),
        format!("{n} leg{}", if n == 1 { "" } else { "s" }),
        mode.to_string(),
        format!("{:.0} %", if r.length_km > 0.0 { 100.0 * on / r.length_km } else { 0.0 }),
        format!("{:.1}", r.length_km),
        String::new(),
    ]);
    let widths: Vec<usize> = (0..7).map(|c| rows.iter().map(|row| row[c].chars().count()).max().unwrap_or(0)).collect();
    let mut s = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| if c == 5 { format!("{v:>w$}", w = widths[c]) } else { format!("{v:<w$}", w = widths[c]) })
            .collect();
        s.push_str(cells.join("  ").trim_end());
        s.push('\n');
    }
    s
}
