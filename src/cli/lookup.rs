//! `toponym lookup NAME`

use std::io::{IsTerminal, Write};

use super::table::{self, PlaceRow};
use super::{parse_lat_lon, Exit, Format};
use crate::gazetteer::{Gazetteer, Kind, LookupOptions};

/// Look up a place name in the gazetteer, best match first.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym lookup Vladivostok
  toponym lookup Paris --country US --limit 3
  toponym lookup 'Sea of Japan' --format json
  toponym lookup Khasan --near 43.1,131.9

Exit status: 0 found, 1 no place of that name (with suggestions on stderr), 2 usage error.")]
pub struct Args {
    /// The place name, in any language or script (Москва, 평양, Zürich, Komsomolsk-na-Amure).
    name: String,
    /// How many results at most.
    #[arg(long, short = 'n', default_value_t = 5)]
    limit: usize,
    /// Only places in this country (ISO 3166-1 alpha-2 code, e.g. US).
    #[arg(long)]
    country: Option<String>,
    /// Only places of this kind (country, admin1, city, sea, launch_site, airport …).
    #[arg(long)]
    kind: Option<Kind>,
    /// Prefer places near LAT,LON.
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
    near: Option<String>,
    /// Output format (default: table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

pub fn run(args: &Args, gaz: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<i32> {
    let name = args.name.trim();
    if name.is_empty() || crate::gazetteer::fold_name(name).is_empty() {
        return Err(Exit::usage("the place name is empty"));
    }
    if args.limit == 0 {
        return Err(Exit::usage("--limit must be at least 1"));
    }
    if let Some(cc) = &args.country {
        if cc.len() != 2 || !cc.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(Exit::usage(format!("--country takes a two-letter ISO code, got {cc:?}")));
        }
    }
    let near = args.near.as_deref().map(parse_lat_lon).transpose().map_err(|e| Exit::usage(format!("--near: {e}")))?;
    let opts = LookupOptions { limit: args.limit, country: args.country.clone(), kind: args.kind, near };
    let matches = gaz.lookup(name, &opts);
    if matches.is_empty() {
        let shown: String = name.chars().take(80).collect();
        let mut msg = format!("no place named {shown:?}");
        let suggestions = gaz.suggestions(name, 3);
        if !suggestions.is_empty() {
            msg.push_str(&format!("; did you mean {}?", suggestions.join(", ")));
        }
        return Err(Exit::not_found(msg));
    }
    let rows: Vec<PlaceRow> = matches
        .iter()
        .map(|m| {
            let mut row = PlaceRow::new(&m.place).with_score(m.score);
            row.matched = Some(m.matched.clone());
            row.match_kind = Some(m.kind.as_str());
            if let Some((lat, lon)) = near {
                row.distance_km = Some((m.place.distance_km(lat, lon) * 10.0).round() / 10.0);
            }
            row
        })
        .collect();
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Table } else { Format::Json });
    table::print(&rows, format, out)?;
    Ok(0)
}
