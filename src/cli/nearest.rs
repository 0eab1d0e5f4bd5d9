//! `toponym nearest LAT,LON`

use std::io::{IsTerminal, Write};

use super::{Exit, Format};
use toponym::emit::places::{self, PlaceRow};
use toponym::gazetteer::{Gazetteer, Kind};
use toponym::parse::parse_lat_lon;

/// Reverse look-up: the places nearest to a point.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym nearest 43.1,131.9
  toponym nearest 51.88,128.33 --limit 3 --kind city
  toponym nearest -33.87,151.21 --kind city     # a point south or west needs no `--`
  toponym nearest --limit 3 -- -33.87,151.21    # options before `--`")]
pub struct Args {
    /// The point, as LAT,LON in decimal degrees.
    #[arg(allow_hyphen_values = true)]
    point: String,
    /// How many places, 1..=1000.
    #[arg(long, short = 'n', default_value_t = 5, value_parser = super::limit_range())]
    limit: usize,
    /// Only places of this kind.
    #[arg(long)]
    kind: Option<Kind>,
    /// Output format (default: table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

pub fn run(args: &Args, gaz: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<i32> {
    let at = parse_lat_lon(&args.point).map_err(|e| Exit::usage(format!("LAT,LON: {e}")))?;
    let found = gaz.nearest(at, args.limit, args.kind);
    if found.is_empty() {
        return Err(Exit::not_found("no place found"));
    }
    let rows: Vec<PlaceRow> = found.iter().map(|(p, d)| PlaceRow::at_distance(p, *d)).collect();
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Table } else { Format::Json });
    places::write(&rows, format.into(), out)?;
    Ok(0)
}
