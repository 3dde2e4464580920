//! Test modules and shared helpers.

mod ai;
mod bad_input;
mod cli;
mod pruning;
mod slt;

use std::path::PathBuf;

/// The committed test data folder.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

/// A path inside the test data folder, as a string.
pub fn data(path: &str) -> String {
    data_dir().join(path).to_string_lossy().into_owned()
}
