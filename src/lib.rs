//! toponym: find the places a text names and resolve them against a bundled gazetteer.
pub mod emit;
pub mod gazetteer;
