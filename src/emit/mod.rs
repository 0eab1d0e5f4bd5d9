//! Output formats for resolved stories.
pub mod geojson;
#[cfg(feature = "render")]
pub mod png;
pub mod qml;
#[cfg(feature = "render")]
pub mod story_map;
