//! toponym: find the places a text names and resolve them against a bundled gazetteer.
pub mod gazetteer;
