//! The network side of the gazetteer: downloading GeoNames extracts (`fetch`) and the optional
//! online look-up (`online`, Nominatim). Nothing here runs unless a command asks for the network.

pub mod fetch;
pub mod online;
