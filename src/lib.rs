//! toponym: find the places a text names, resolve them offline against a bundled gazetteer,
//! and map them.
//!
//! ```
//! let gaz = toponym::Gazetteer::embedded().expect("this build embeds a gazetteer");
//! let best = &gaz.lookup("Vladivostok", &Default::default())[0];
//! assert_eq!(best.place.country_code(), Some("RU"));
//! ```
pub mod gazetteer;

pub use gazetteer::Gazetteer;
pub mod cli;
