//! Output formats: stories as GeoJSON, maps and QGIS styles; mentions and places as tables,
//! JSON, JSON lines and CSV.
#[cfg(feature = "render")]
pub mod alt_text;
#[cfg(feature = "render")]
pub mod datawrapper;
pub mod escape;
pub mod geojson;
pub mod mentions;
pub mod places;
#[cfg(feature = "render")]
pub mod png;
pub mod qml;
pub mod route;
#[cfg(feature = "render")]
pub mod story_map;

/// An error writing one of the text formats ([`mentions`], [`places`]): the writer failed, or a
/// CSV or JSON value could not be written. It shows (and has the source of) the error inside.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The writer failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl WriteError {
    /// The reader went away (`toponym … | head`): a reason to stop quietly, not an error to show.
    pub fn is_broken_pipe(&self) -> bool {
        let pipe = std::io::ErrorKind::BrokenPipe;
        match self {
            WriteError::Io(e) => e.kind() == pipe,
            WriteError::Csv(e) => matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == pipe),
            WriteError::Json(e) => e.io_error_kind() == Some(pipe),
        }
    }
}
