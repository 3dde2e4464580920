//! Everything that turns billing files into FOCUS tables: the FOCUS schema registry, the
//! billing-format modules, source discovery and registration, and the built-in demo data.

pub mod catalog;
pub mod cloud_models;
pub mod cloud_tokens;
pub mod demo;
pub mod diagnose;
pub mod error;
pub mod files;
pub mod formats;
pub mod mapping;
pub mod prices;
pub mod registry;
pub mod source;
pub mod tokens;

pub use error::{CatalogError, Result};
pub use formats::Format;
pub use registry::{Dataset, FocusVersion, registry};
pub use source::{LoadedSource, SourceSpec};
