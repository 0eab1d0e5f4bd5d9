//! `toponym lookup NAME`

use std::io::{IsTerminal, Write};

use super::{Exit, Format};
use toponym::coord::{distance_km, Point};
use toponym::emit::places::{self, PlaceRow};
use toponym::gazetteer::net::fetch;
use toponym::gazetteer::net::online::{Nominatim, DEFAULT_NOMINATIM_URL};
use toponym::gazetteer::{Gazetteer, Kind, LookupOptions};
use toponym::parse::parse_lat_lon;

/// Look up a place name in the gazetteer, best match first.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym lookup Vladivostok
  toponym lookup 'Paris, Texas'              # also 'Springfield, MO', 'London, ON, Canada'
  toponym lookup 'Moskau, Russland'          # qualifiers in any language the gazetteer has
  toponym lookup 'Georgia (country)'         # or 'Washington state'
  toponym lookup Paris --country US --limit 3
  toponym lookup 'Sea of Japan' --format json
  toponym lookup Khasan --near 43.1,131.9
  toponym lookup 'Some Village' --online     # ask OpenStreetMap Nominatim if not known locally

Exit status: 0 found, 1 no place of that name (with suggestions on stderr), 2 usage error.")]
pub struct Args {
    /// The place name, in any language or script (Москва, 평양, Zürich, Komsomolsk-na-Amure),
    /// optionally qualified the way addresses write it: "Name, Region, Country" (names, ISO codes,
    /// US state and Canadian province codes, "Calif."), "Name (country)", "Name state".
    name: String,
    /// How many results at most.
    #[arg(long, short = 'n', default_value_t = 5, value_parser = super::limit_range())]
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
    /// When the local gazetteer knows no such place, ask a Nominatim-compatible geocoder (off by
    /// default; answers are cached in the user data directory, at most one request per second).
    #[arg(long)]
    online: bool,
    /// The geocoder --online asks.
    #[arg(long, value_name = "URL", env = "TOPONYM_NOMINATIM_URL", default_value = DEFAULT_NOMINATIM_URL)]
    online_url: String,
}

/// Rows for places the online geocoder found (id 0: they are not gazetteer records).
fn online_rows(args: &Args, gaz: &Gazetteer, name: &str, near: Option<Point>) -> anyhow::Result<Vec<PlaceRow>> {
    let dir = fetch::user_cache_dir()
        .map(|d| d.join("nominatim"))
        .ok_or_else(|| Exit::usage("--online needs a user data directory for its cache (HOME or XDG_DATA_HOME)"))?;
    let geocoder = Nominatim::new(&args.online_url, &dir).map_err(|e| Exit::usage(format!("--online-url: {e}")))?;
    // Ask for more than --limit when filtering, so filters still leave something to show.
    let ask = if args.country.is_some() || args.kind.is_some() { 50 } else { args.limit };
    let (places, _) = geocoder
        .search(name, ask)
        .map_err(|e| Exit::usage(format!("online look-up failed: {e} (the local gazetteer has no match either)")))?;
    let rows = places
        .iter()
        .filter(|p| {
            args.country
                .as_deref()
                .is_none_or(|cc| p.country_code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(cc)))
        })
        .filter(|p| args.kind.is_none_or(|k| p.kind() == k))
        .take(args.limit)
        .map(|p| {
            let kind = p.kind();
            PlaceRow {
                id: toponym::gazetteer::PlaceId(0),
                name: p.name.clone(),
                lat: (p.lat * 1e6).round() / 1e6,
                lon: (p.lon * 1e6).round() / 1e6,
                kind: kind.as_str(),
                feature_code: None,
                country: p.country_code.as_deref().and_then(|cc| gaz.country_name(cc)).map(str::to_string),
                country_code: p.country_code.clone(),
                admin1: None,
                population: 0,
                source: None,
                user_id: None,
                matched: Some(p.display_name.clone()),
                match_kind: Some("online"),
                qualifier: None,
                score: Some((p.importance * 1e4).round() / 1e4),
                distance_km: near.map(|at| (distance_km(Point::new(p.lon, p.lat), at) * 10.0).round() / 10.0),
            }
        })
        .collect();
    Ok(rows)
}

pub fn run(args: &Args, gaz: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<i32> {
    let name = args.name.trim();
    if name.is_empty() || toponym::gazetteer::fold_name(name).is_empty() {
        return Err(Exit::usage("the place name is empty"));
    }
    if let Some(cc) = &args.country {
        if cc.len() != 2 || !cc.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(Exit::usage(format!("--country takes a two-letter ISO code, got {cc:?}")));
        }
    }
    let near = args.near.as_deref().map(parse_lat_lon).transpose().map_err(|e| Exit::usage(format!("--near: {e}")))?;
    let opts = LookupOptions { limit: args.limit, country: args.country.clone(), kind: args.kind, near };
    let found = gaz.search(name, &opts);
    if let Some(note) = found.note.as_deref().filter(|_| !found.matches.is_empty()) {
        eprintln!("toponym: note: {note}");
    }
    let matches = found.matches;
    if matches.is_empty() && args.online {
        let rows = online_rows(args, gaz, name, near)?;
        if rows.is_empty() {
            let shown: String = name.chars().take(80).collect();
            return Err(Exit::not_found(format!("no place named {shown:?}, locally or online")));
        }
        let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Table } else { Format::Json });
        places::write(&rows, format.into(), out)?;
        return Ok(0);
    }
    if matches.is_empty() {
        let shown: String = name.chars().take(80).collect();
        let mut msg = format!("no place named {shown:?}");
        let suggestions = gaz.suggestions(name, 3);
        if !suggestions.is_empty() {
            msg.push_str(&format!("; did you mean {}?", suggestions.join(", ")));
        }
        return Err(Exit::not_found(msg));
    }
    let rows: Vec<PlaceRow> = matches.iter().map(|m| PlaceRow::of_match(m, near)).collect();
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Table } else { Format::Json });
    places::write(&rows, format.into(), out)?;
    Ok(0)
}
