//! The integration tests, one binary so the embedded data (gazetteer, basemap, networks) is
//! linked once: a module per area. Run one area with `cargo test --release --test it AREA::`.
#![allow(dead_code)] // support helpers serve some areas only

mod support;

mod cli_batch;
mod cli_geojson;
mod cli_lookup;
mod cli_map;
mod cli_resolve;
mod cli_route;
mod extend_embedded;
mod failures;
mod features;
mod fetch;
mod foreign_journeys;
mod fuzz_smoke;
mod geojson_props;
mod help_examples;
mod languages;
mod languages_news;
mod long_documents;
mod lookup_table;
mod map_finish;
mod map_render;
#[cfg(target_os = "linux")]
mod memory_scaling;
mod online;
mod outputs;
mod props;
mod readme_examples;
mod resolve_rules;
#[cfg(feature = "serve")]
mod serve;
mod story_set;
mod structured_queries;
mod user_places;
