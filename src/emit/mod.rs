//! Output formats for resolved stories.
pub mod geojson;
pub mod png;
pub mod qml;
