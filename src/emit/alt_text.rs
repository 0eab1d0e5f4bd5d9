//! The alt text of a story map: what the map shows, in words, for screen readers and for the
//! `alt` attribute of a published image. `toponym map --alt-text FILE` writes it, the SVG carries
//! it as `<desc>`, the page shows it under the map and `POST /api/map` with `format: "alt"`
//! returns it.
//!
//! It says, in this order: the title; the places the map shows (the story's core first, at most
//! [`MAX_PLACES`] by name); each journey in travel order with each leg's distance, mode and
//! status; each launch track (from where, toward what, how far).
//!
//! Invariants: a pure function of (stories, map): the same story gives the same words; numbers
//! are rounded (whole km, thousands separated) so that small changes in routing do not show.

use super::png::{locate, MapOptions};
use super::story_map::StoryMap;
use crate::story::{LegMode, Story, TravelMode};

/// Places named one by one; more are counted.
pub const MAX_PLACES: usize = 12;

/// The alt text of the map of `stories` (as [`story_map`](super::story_map::story_map) drew it),
/// drawn with `opts`: a place outside the frame is not named.
pub fn alt_text(stories: &[Story], map: &StoryMap, opts: &MapOptions) -> String {
    let input = &map.input;
    let (w, h) = (opts.width as f32, opts.height as f32);
    let in_frame = |lon: f64, lat: f64| {
        locate(input, opts, lon, lat).map_or(true, |(x, y)| (0.0..=w).contains(&x) && (0.0..=h).contains(&y))
    };
    let (mut out, shows) = match input.title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => (format!("Map: {}.", t.trim().trim_end_matches('.')), " It shows"),
        None => (String::from("Map"), " showing"),
    };
    let mut names: Vec<&str> = Vec::new();
    for p in input.points.iter().filter(|p| p.core).chain(input.points.iter().filter(|p| !p.core)) {
        if !names.contains(&p.label.as_str()) && in_frame(p.lon, p.lat) {
            names.push(&p.label);
        }
    }
    match names.len() {
        0 => out.push_str(&format!("{shows} no place.")),
        1 => out.push_str(&format!("{shows} {}.", names[0])),
        n => {
            let shown = &names[..n.min(MAX_PLACES)];
            let more = n - shown.len();
            let list = if more > 0 {
                format!("{}, and {more} more", shown.join(", "))
            } else {
                format!("{} and {}", shown[..shown.len() - 1].join(", "), shown[shown.len() - 1])
            };
            out.push_str(&format!("{shows} {n} places: {list}."));
        }
    }
    let mut journeys: Vec<Vec<&str>> = Vec::new();
    for route in stories.iter().filter_map(|s| s.route.as_ref()) {
        let stops: Vec<&str> = route.waypoints.iter().map(|w| w.name.as_str()).collect();
        if stops.len() < 2 || journeys.contains(&stops) {
            continue;
        }
        journeys.push(stops);
        let mut s = format!(" Journey: {}", route.waypoints[0].name);
        for (i, w) in route.waypoints.iter().enumerate().skip(1) {
            let km = route.leg_km.get(i - 1).copied().unwrap_or(0.0);
            let mode = w.mode.map(travel_mode).or_else(|| route.legs.get(i - 1).copied().and_then(leg_mode));
            let how = [Some(km_text(km)), mode.map(str::to_string), w.planned.then(|| "planned".to_string())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            s.push_str(&format!(", then {} ({how})", w.name));
        }
        s.push_str(&format!("; {} in all.", km_text(route.length_km)));
        out.push_str(&s);
    }
    let mut tracks: Vec<String> = Vec::new();
    for launch in stories.iter().flat_map(|s| &s.launches).filter(|l| l.track.len() >= 2) {
        let toward = match (&launch.target, launch.direction) {
            (Some(t), _) => format!(" toward {}", t.name),
            (None, Some(d)) => format!(" toward the {d}"),
            (None, None) => String::new(),
        };
        let t = format!(
            " Launch track from {}{toward}, about {} (path illustrative).",
            launch.origin.name,
            km_text(launch.length_km)
        );
        if !tracks.contains(&t) {
            tracks.push(t);
        }
    }
    for t in tracks {
        out.push_str(&t);
    }
    out
}

fn travel_mode(m: TravelMode) -> &'static str {
    match m {
        TravelMode::Rail => "by rail",
        TravelMode::Sea => "by sea",
        TravelMode::Road => "by road",
        TravelMode::Air => "by air",
        TravelMode::Storm => "storm track",
    }
}

fn leg_mode(m: LegMode) -> Option<&'static str> {
    match m {
        LegMode::Rail => Some("by rail"),
        LegMode::Sea => Some("by sea"),
        LegMode::Road => Some("by road"),
        LegMode::Geodesic => None,
    }
}

/// `1,234 km`: whole kilometres, thousands separated.
fn km_text(km: f64) -> String {
    let n = km.max(0.0).round() as u64;
    let digits = n.to_string();
    let mut s = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            s.push(',');
        }
        s.push(c);
    }
    format!("{s} km")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kilometres_are_whole_and_grouped() {
        for (km, want) in
            [(0.0, "0 km"), (12.4, "12 km"), (999.5, "1,000 km"), (1234567.0, "1,234,567 km"), (-3.0, "0 km")]
        {
            assert_eq!(km_text(km), want, "{km}");
        }
    }
}
