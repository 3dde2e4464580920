//! Test modules and shared helpers.

mod ai;
mod aws;
mod azure;
mod bad_input;
mod cli;
mod cloud_models;
mod finops;
mod flight;
mod object_stores;
mod otel_stream;
mod providers;
mod providers_gcp_oci;
mod pruning;
pub mod python;
mod shell;
mod slt;

use std::path::PathBuf;

use arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::DFSchema;
use focusql_catalogs::formats::{self, Format};
use focusql_catalogs::mapping::Strictness;
use focusql_catalogs::registry::FocusVersion;

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

/// Every FOCUS and extension column a provider projection fills from data is a row of the
/// format's mapping doc (`docs/<doc>`; first cell, names split by `/`, backticks allowed).
pub fn doc_lists_mapped_columns(format: Format, schema: &DFSchema, doc: &str) {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(doc),
    )
    .unwrap();
    let projection =
        formats::provider_projection(format, schema, FocusVersion::V1_4, Strictness::Strict)
            .unwrap();
    let mut checked = 0;
    for expr in &projection {
        let name = expr.schema_name().to_string();
        if !formats::common::is_mapped(&projection, &name) {
            continue;
        }
        let listed = doc.lines().any(|l| {
            l.starts_with('|')
                && l.split('|')
                    .nth(1)
                    .is_some_and(|cell| cell.split('/').any(|n| n.trim().trim_matches('`') == name))
        });
        assert!(
            listed,
            "{name} is mapped but not listed in docs/{format}.md"
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} mapped columns");
}

/// A schema of text columns named as a CSV header.
pub fn text_schema(header: &str) -> Schema {
    Schema::new(
        header
            .split(',')
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    )
}
