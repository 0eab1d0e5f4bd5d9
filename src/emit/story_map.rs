//! Story → the renderer's neutral [`MapInput`], so a `map` command can draw what `geojson`
//! writes: the same places, roles, route and launch tracks.
//!
//! Route waypoints are numbered in travel order; a launch track carries its target as the note
//! drawn at its end. Countries the story names (or whose places it names) are tinted.

use super::png::{LineKind, MapInput, MapLine, MapPoint, PointKind};
use crate::story::{Role, Story};

impl From<&Story> for MapInput {
    fn from(story: &Story) -> MapInput {
        let mut input = MapInput::default();
        if let Some(route) = &story.route {
            let label = match route.mode() {
                "rail" => "Rail route",
                "sea" => "Sea route",
                "road" => "Road route",
                "mixed" => "Route (network and direct)",
                _ => "Route",
            };
            input.lines.push(MapLine {
                coords: route.coords.clone(),
                kind: LineKind::Route,
                label: Some(label.into()),
            });
        }
        for l in story.launches.iter().filter(|l| l.track.len() >= 2) {
            input.lines.push(MapLine {
                coords: l.track.clone(),
                kind: LineKind::LaunchTrack,
                label: l.target.as_ref().map(|t| t.name.clone()),
            });
        }
        // Oceans and continents are too large to mark with a point; a marker mid-ocean would
        // only stretch the frame.
        for p in story.places.iter().filter(|p| !matches!(p.place.kind, "ocean" | "continent")) {
            let order = story.route.as_ref().and_then(|r| {
                r.waypoints
                    .iter()
                    .position(|w| w.place_id == Some(p.place.id) || (w.place_id.is_none() && w.name == p.place.name))
            });
            let kind = match (p.role, p.place.kind) {
                (Role::LaunchSite, _) => PointKind::LaunchSite,
                (Role::LaunchOrigin, _) => PointKind::LaunchOrigin,
                (Role::Waypoint, _) => match order {
                    Some(i) => PointKind::Waypoint { order: i as u32 + 1 },
                    None => PointKind::City,
                },
                (_, "country") => PointKind::Country,
                (_, "admin1" | "admin2" | "region" | "continent" | "mountain_range") => PointKind::Region,
                (_, "sea" | "ocean" | "gulf" | "bay" | "strait" | "lake" | "river" | "canal") => PointKind::Sea,
                (_, "city") => PointKind::City,
                _ => PointKind::Place,
            };
            let importance = match p.role {
                Role::Place => (0.3 + 0.05 * p.mentions as f32).min(0.7),
                _ => 0.9,
            };
            // A place the text also calls by another name is labelled with both, so readers
            // find the story's word on the map: "Sea of Japan (East Sea)".
            let other =
                p.matched.iter().find(|m| !m.eq_ignore_ascii_case(&p.place.name) && !p.place.name.contains(m.as_str()));
            let label = match other {
                Some(o) if kind == PointKind::Sea => format!("{} ({o})", p.place.name),
                _ => p.place.name.clone(),
            };
            let mut point = MapPoint::new(p.place.lon, p.place.lat, &label, kind).importance(importance);
            match p.place.kind {
                "launch_site" => point = point.note("launch site"),
                "border_crossing" => point = point.note("border crossing"),
                _ => {}
            }
            input.points.push(point);
            if let Some(cc) = &p.place.country_code {
                if !input.story_countries.contains(cc) {
                    input.story_countries.push(cc.clone());
                }
            }
        }
        input.story_countries.sort();
        input
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{story_of, RouteChoice, Routing};
    use crate::Gazetteer;

    #[test]
    fn the_summit_story_converts_to_a_map_input() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let text = include_str!("../../examples/summit.txt");
        let story = story_of(gaz, "summit", text, &RouteChoice::Infer, &Routing::default());
        let input = MapInput::from(&story);
        assert_eq!(input.lines.iter().filter(|l| l.kind == LineKind::Route).count(), 1);
        assert_eq!(input.lines.iter().filter(|l| l.kind == LineKind::LaunchTrack).count(), 1);
        let kind = |n: &str| input.points.iter().find(|p| p.label == n).map(|p| p.kind.clone());
        assert_eq!(kind("Vostochny Cosmodrome"), Some(PointKind::LaunchSite));
        assert_eq!(kind("Sunan"), Some(PointKind::LaunchOrigin));
        assert_eq!(kind("Pyongyang"), Some(PointKind::Waypoint { order: 1 }));
        assert_eq!(kind("Khasan"), Some(PointKind::Waypoint { order: 2 }));
        assert_eq!(kind("Sea of Japan (East Sea)"), Some(PointKind::Sea));
        assert!(input.story_countries.contains(&"KP".to_string()));
    }
}
