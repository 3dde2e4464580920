//! Errors of the catalogs crate. Each names the file (and where possible the row and column)
//! at fault, in one sentence a FinOps engineer can act on.

use thiserror::Error;

/// An error while finding, recognising or mapping billing files.
#[derive(Debug, Error)]
pub enum CatalogError {
    #[error("unknown FOCUS version '{0}' (focusql reads 1.0, 1.1, 1.2, 1.3 and 1.4)")]
    UnknownVersion(String),
    #[error("FOCUS registry: {0}")]
    Registry(String),
    #[error("{location}: {message}")]
    Location { location: String, message: String },
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("source '{source_name}': {message}")]
    Source {
        source_name: String,
        message: String,
    },
    #[error(transparent)]
    DataFusion(#[from] datafusion::error::DataFusionError),
}

impl CatalogError {
    /// An error about one file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        CatalogError::File {
            file: file.into(),
            message: message.into(),
        }
    }
}

/// Result type of the catalogs crate.
pub type Result<T, E = CatalogError> = std::result::Result<T, E>;
