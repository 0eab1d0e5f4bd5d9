//! toponym: find the places a text names, resolve them offline against a bundled gazetteer,
//! and map them.
//!
//! Data flows one way: gazetteer → matcher → resolver → model → story → emit → cli (the `toponym`
//! binary, whose command-line code lives with it in `src/cli/`, not in this library).
//!
//! ```
//! use toponym::{Gazetteer, Resolver};
//! let gaz = Gazetteer::embedded().expect("this build embeds a gazetteer");
//! let best = &gaz.lookup("Vladivostok", &Default::default())[0];
//! assert_eq!(best.place.country_code(), Some("RU"));
//!
//! let mentions = Resolver::new(gaz).resolve("The train left Pyongyang for Vladivostok.", &Default::default());
//! assert_eq!(mentions.len(), 2);
//!
//! // The story as geometry: places with roles, the route (along the rail graph), launch tracks.
//! use toponym::story::{story_of, RouteChoice, Routing};
//! let story = story_of(gaz, "doc", "The train left Pyongyang for Vladivostok.", &RouteChoice::Infer, &Routing::default());
//! assert_eq!(story.route.as_ref().map(|r| r.mode()), Some(toponym::story::RouteMode::Rail));
//! let geojson = toponym::emit::geojson::to_bytes(&[story]).expect("serialises");
//! assert!(geojson.starts_with(b"{\"type\":\"FeatureCollection\""));
//! ```
#![warn(missing_docs)]

pub mod atomic;
pub mod coord;
pub mod emit;
pub mod gazetteer;
pub(crate) mod matcher;
pub mod model;
pub mod network;
pub mod parse;
pub mod resolver;
pub mod story;

pub use gazetteer::Gazetteer;
pub use matcher::lang::Lang;
pub use resolver::{ResolveOptions, Resolver};
