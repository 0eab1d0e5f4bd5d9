//! Output formats for resolved stories.
pub mod geojson;
pub mod png;
pub mod qml;
pub mod story_map;
