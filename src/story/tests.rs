//! Story tests on stories written for them (never copied from the seed articles).

use super::*;

fn gaz() -> &'static Gazetteer {
    Gazetteer::embedded().expect("this build embeds a gazetteer")
}

fn rail() -> &'static Routing {
    static RAIL: Routing = Routing { mode: Some(TravelMode::Rail), avoid: crate::network::Avoid::NONE, networks: true };
    &RAIL
}

fn story(text: &str) -> Story {
    story_of(gaz(), "test", text, &RouteChoice::Infer, &Routing::default())
}

fn route_names(s: &Story) -> Vec<String> {
    s.route.as_ref().map(|r| r.waypoints.iter().map(|w| w.name.clone()).collect()).unwrap_or_default()
}

const SUMMIT: &str = include_str!("../../examples/summit.txt");

#[test]
fn routes_are_inferred_from_travel_phrases() {
    let rows: &[(&str, &str, &[&str], &str)] = &[
        (
            "rail trip across Europe",
            "Our train left Lisbon on a grey Monday morning. After a night in Madrid we continued to Barcelona, \
             then crossed the border at Perpignan. We arrived in Paris on Thursday and left for Brussels the next \
             day. The last leg took us via Dortmund to Berlin.",
            &["Lisbon", "Madrid", "Barcelona", "Perpignan", "Paris", "Brussels", "Dortmund", "Berlin"],
            "rail",
        ),
        (
            "flight itinerary",
            "The minister flew from Nairobi to Dubai on Tuesday. After talks there she flew on to Singapore, and on \
             Friday she landed in Sydney. She returned to Nairobi on Sunday.",
            &["Nairobi", "Dubai", "Singapore", "Sydney", "Nairobi"],
            "geodesic",
        ),
        (
            "ship's voyage",
            "The container ship departed Shanghai on 3 May. It called at Singapore and Colombo before crossing the \
             Indian Ocean, then passed through the Suez Canal and docked in Rotterdam.",
            &["Shanghai", "Singapore", "Colombo", "Rotterdam"],
            // the mode inference guesses from "ship" and "docked": every leg sails
            "sea",
        ),
        (
            "time cues reorder the narrative",
            "The delegation arrived in Warsaw on Friday. It had left Berlin two days earlier, travelling via Poznań.",
            &["Berlin", "Poznań", "Warsaw"],
            "rail",
        ),
        (
            "the meeting venue ends the journey",
            "The leaders met at Sochi on Friday. The visitor's plane had left Ankara in the morning.",
            &["Ankara", "Sochi"],
            "geodesic",
        ),
        (
            "a planned visit",
            "The royal couple will visit Madrid and Barcelona next spring.",
            &["Madrid", "Barcelona"],
            "rail",
        ),
        ("a meeting alone is no journey", "The ministers met at Geneva.", &[], ""),
        ("no travel, no route", "Officials in Seoul and Tokyo discussed the talks held in Beijing.", &[], ""),
    ];
    for (name, text, want, mode) in rows {
        let s = story(text);
        assert_eq!(route_names(&s), *want, "{name}");
        if let Some(r) = &s.route {
            assert_eq!(
                r.mode().as_str(),
                *mode,
                "{name}: {:?}",
                r.waypoints.iter().zip(&r.legs).map(|(w, l)| (&w.name, w.lat, w.lon, l)).collect::<Vec<_>>()
            );
            assert!(r.confidence > 0.3 && r.confidence <= 1.0, "{name}: {}", r.confidence);
            assert!(r.waypoints.iter().all(|w| w.evidence.is_some()), "{name}");
            assert_eq!(r.waypoints.iter().all(|w| w.planned), name.contains("planned"), "{name}");
        }
    }
}

#[test]
fn the_summit_story_has_its_route_launch_site_and_launch_track() {
    let s = story(SUMMIT);
    let names = route_names(&s);
    assert_eq!(names[..3], ["Pyongyang", "Khasan", "Vostochny Cosmodrome"], "{names:?}");
    let r = s.route.as_ref().expect("a route");
    assert_eq!(r.legs[..2], [LegMode::Rail, LegMode::Rail]);
    assert!(r.waypoints[..3].iter().all(|w| !w.planned));
    // Follows the Korean east coast line, so it never leaves land for the open Sea of Japan.
    let to_khasan = &r.coords[r.leg_starts[0]..=r.leg_starts[1]];
    assert!(
        to_khasan.iter().any(|c| (127.0..128.0).contains(&c.x) && (39.0..40.5).contains(&c.y)),
        "via Wonsan/Hamhung"
    );
    assert!(r.coords.iter().all(|c| c.x < 138.0));
    // Then north on the railway through Ussuriysk and Khabarovsk to the cosmodrome.
    for (name, (lon, lat)) in [("Ussuriysk", (131.95, 43.80)), ("Khabarovsk", (135.08, 48.48))] {
        let near = |&c: &geo::Coord| crate::coord::distance_km(c.into(), geo::Point::new(lon, lat)) < 20.0;
        assert!(r.coords.iter().any(near), "via {name}");
    }

    let sites: Vec<&str> = s.launch_sites().map(|p| p.place.name.as_str()).collect();
    assert_eq!(sites, ["Vostochny Cosmodrome"]);

    assert_eq!(s.launches.len(), 1);
    let l = &s.launches[0];
    assert_eq!(l.origin.name, "Sunan");
    assert_eq!(l.target.as_ref().map(|t| t.name.as_str()), Some("Sea of Japan"));
    let end = l.track.last().expect("a track");
    assert!(end.x > 130.0 && end.x < 136.0, "ends in the Sea of Japan: {end:?}");

    let role = |n: &str| s.places.iter().find(|p| p.place.name == n).map(|p| p.role);
    assert_eq!(role("Sunan"), Some(Role::LaunchOrigin));
    assert_eq!(role("Sea of Japan"), Some(Role::TargetArea));
    assert_eq!(role("Khasan"), Some(Role::Waypoint));
    assert_eq!(role("Seoul"), Some(Role::Place));
    for not_a_place in ["Kim", "Wagner", "Angara", "Mao"] {
        assert!(!s.places.iter().any(|p| p.place.name.contains(not_a_place)), "{not_a_place}");
    }
}

#[test]
fn explicit_routes_resolve_each_waypoint_or_say_what_is_unknown() {
    let spec = "Pyongyang > Khasan > Vostochny Cosmodrome > Komsomolsk-on-Amur > Vladivostok";
    let w = route::parse_explicit(spec, gaz()).expect("all known");
    let s = story_of(gaz(), "t", SUMMIT, &RouteChoice::Explicit(w), rail());
    let r = s.route.as_ref().expect("route");
    assert_eq!(r.source, RouteSource::Explicit);
    assert_eq!(r.waypoint_names(), spec);
    assert_eq!(r.mode(), RouteMode::Rail);

    let pinned = route::parse_explicit("Pyongyang > Camp@40.5,128.25", gaz()).expect("pinned");
    assert_eq!(
        (pinned[1].name.as_str(), pinned[1].lat, pinned[1].lon, pinned[1].place_id),
        ("Camp", 40.5, 128.25, None)
    );
    let s = story_of(gaz(), "t", "Nothing here.", &RouteChoice::Explicit(pinned), rail());
    assert!(s.places.iter().any(|p| p.place.name == "Camp" && p.role == Role::Waypoint && p.mentions == 0));

    let rows: &[(&str, &str)] = &[
        ("Pyongyang", "at least two"),
        ("Pyongyang > > Khasan", "empty waypoint"),
        ("Pyongyang > Khasan@95,1", "latitude"),
        ("Pyongyang > Qzxqzxq Qzx", "unknown waypoint \"Qzxqzxq Qzx\""),
    ];
    for (spec, want) in rows {
        let err = route::parse_explicit(spec, gaz()).expect_err(spec).to_string();
        assert!(err.contains(want), "{spec}: {err}");
    }
}

#[test]
fn no_route_turns_inference_off() {
    let s = story_of(gaz(), "t", SUMMIT, &RouteChoice::Off, rail());
    assert!(s.route.is_none());
    assert!(s.places.iter().all(|p| p.role != Role::Waypoint));
}

fn merged(texts: &[&str]) -> Story {
    let stories = texts
        .iter()
        .enumerate()
        .map(|(i, t)| story_of(gaz(), &format!("doc{i}"), t, &RouteChoice::Infer, &Routing::default()));
    StoryMerger::merge(stories, &Routing::default()).expect("documents were added")
}

#[test]
fn merged_articles_give_one_journey_or_none() {
    let train_1 = "The royal train left Lisbon at dawn and reached Madrid by evening.";
    let train_2 = "After a night in Madrid the royal train went on to Barcelona, where the couple arrived on Tuesday.";
    let ship = "The tanker sailed from Shanghai and called at Singapore. Its owner, a firm with offices in Madrid, \
                declined to comment.";
    let voyage = merged(&[train_1, train_2, ship]);
    assert_eq!(route_names(&voyage), ["Lisbon", "Madrid", "Barcelona"], "one shared city in passing links nothing");
    // Two articles about different journeys: neither is the story's, so no line at all.
    assert!(merged(&[train_1, ship]).route.is_none());
    assert!(merged(&[ship, train_2]).route.is_none());
    // The same places are never repeated, whatever the number of articles.
    let ids: Vec<PlaceId> = voyage.places.iter().map(|p| p.place.id).collect();
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(ids.len(), distinct.len());
}

#[test]
fn texts_that_tell_no_journey_draw_no_route() {
    let texts = [
        // Things sent to a list of places: each went to one of them.
        "Ballot papers were sent to Ostrava, Brno and Olomouc on Monday, the election office said.",
        // Two plans, each to one place, from nowhere the text names.
        "After forty years at the mill, Rosa intends to fly to Lisbon and take a train to Vienna next spring.",
    ];
    for text in texts {
        let s = story(text);
        assert!(s.route.is_none(), "{text}: {:?}", route_names(&s));
    }
    // A plan with its start named is a journey.
    let s = story("After forty years at the mill, Rosa intends to travel from Lisbon to Vienna by train next spring.");
    assert_eq!(route_names(&s), ["Lisbon", "Vienna"]);
}

#[test]
fn someone_taken_away_leaves_from_the_scene_the_story_set_the_incident_in() {
    // The incident's sentence is four sentences back: its scene is still the origin.
    let s = story(
        "The crash happened at 6 a.m. Sunday on a rural road near Keene. Two cars were involved. \
         Witnesses called for help. Firefighters cut the driver free. Lee was taken to a Boston hospital.",
    );
    assert_eq!(route_names(&s), ["Keene", "Boston"]);
    // Where someone was treated is not where it happened.
    let s = story("After the collision Lee was treated in a Boston hospital. Her sister was later flown to Chicago.");
    assert!(s.route.is_none(), "{:?}", route_names(&s));
}

#[test]
fn someone_who_moved_left_where_they_lived_or_worked() {
    let s = story(
        "The brothers grew up on a farm and later worked at a bakery in Ipswich for six years. \
         In 1972 they moved to Norwich and opened a shop of their own.",
    );
    assert_eq!(route_names(&s), ["Ipswich", "Norwich"]);
    // Somewhere they only visited is no origin of a move.
    let s = story(
        "The brothers once spent a weekend at a fair in Ipswich. In 1972 they moved to Norwich and opened a shop.",
    );
    assert!(s.route.is_none(), "{:?}", route_names(&s));
}

#[test]
fn a_plan_pages_after_a_journey_with_others_in_between_is_not_its_next_leg() {
    let filler = "Talks went on all week. Observers were hopeful. Critics were not. A deal was close. \
                  Aid agencies waited. Prices rose. Markets calmed. Ministers spoke. ";
    let text = format!(
        "The freed sailors flew home from Tripoli and arrived in Valletta on Sunday. {filler}\
         The prime minister will visit Tunis on Wednesday."
    );
    let s = story(&text);
    let names = route_names(&s);
    assert!(!names.iter().any(|n| n == "Tunis"), "{names:?}");
}

#[test]
fn where_someone_had_been_before_starts_the_journey() {
    let s = story("Officials said Maria Soto fell ill while visiting relatives in Texas. She had previously been in Lima for three weeks.");
    assert_eq!(route_names(&s), ["Lima", "Texas"]);
    // "has been in talks" is no stay.
    let s =
        story("Officials said Maria Soto fell ill while visiting relatives in Texas. She has been in talks with Lima.");
    assert!(s.route.is_none(), "{:?}", route_names(&s));
}

#[test]
fn a_destination_named_by_a_building_goes_to_the_town_it_is_in() {
    let s = story(
        "She felt unwell on Friday and decided to go to the Queen Elizabeth Hospital in Birmingham the next \
         morning after flying from Dublin.",
    );
    assert_eq!(route_names(&s), ["Dublin", "Birmingham"]);
}

#[test]
fn a_relative_clause_of_what_had_happened_does_not_make_the_move_earlier() {
    let s = story(
        "The nine climbers who had been stranded for a week in the mountain village of Namche Bazaar were \
         flown to Kathmandu on Monday.",
    );
    assert_eq!(route_names(&s), ["Namche Bazaar", "Kathmandu"]);
}
