//! Output formats for resolved stories.
pub mod png;
