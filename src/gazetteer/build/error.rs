//! The error every build step returns (source readers, word lists, the writer).

/// What can go wrong while building.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("reading {0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("parsing {0}: {1}")]
    Parse(String, String),
    #[error("building the name index: {0}")]
    Index(String),
    #[error("too many {0} for the record format")]
    Overflow(&'static str),
}
