//! The error every build step returns (source readers, word lists, the writer).

/// What can go wrong while building.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Reading a source file failed (its path, the error).
    #[error("reading {0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// A source file does not parse (its path, what is wrong).
    #[error("parsing {0}: {1}")]
    Parse(String, String),
    /// Building the fst name index failed.
    #[error("building the name index: {0}")]
    Index(String),
    /// More of something than the record format can index.
    #[error("too many {0} for the record format")]
    Overflow(&'static str),
}
