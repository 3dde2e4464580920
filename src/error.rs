//! The CLI boundary's error: one human sentence that names what is at fault.

use thiserror::Error;

/// An error of a focusql command.
#[derive(Debug, Error)]
pub enum Error {
    #[error("configuration: {0}")]
    Config(String),
    #[error("{0}")]
    Catalog(#[from] focusql_catalogs::CatalogError),
    #[error("{0}")]
    DataFusion(#[from] datafusion::error::DataFusionError),
    #[error("{0}")]
    Arrow(#[from] arrow::error::ArrowError),
    #[error("{0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Message(String),
}

impl Error {
    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config(message.into())
    }

    /// Any other error, as a sentence.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Message(message.into())
    }

    /// The error on one line, without DataFusion's nesting noise.
    pub fn one_line(&self) -> String {
        let text = match self {
            Error::DataFusion(e) => e.find_root().to_string(),
            other => other.to_string(),
        };
        let text = strip_prefixes(&text);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Remove DataFusion's error-kind prefixes ("Execution error: ", "Error during planning: ", ...).
fn strip_prefixes(text: &str) -> String {
    const PREFIXES: [&str; 7] = [
        "Execution error: ",
        "Error during planning: ",
        "External error: ",
        "Arrow error: ",
        "Invalid argument error: ",
        "Schema error: ",
        "Object Store error: ",
    ];
    let mut t = text.trim();
    loop {
        match PREFIXES.iter().find(|p| t.starts_with(**p)) {
            Some(p) => t = &t[p.len()..],
            None => return t.to_string(),
        }
    }
}

/// Result type of the focusql crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
