//! Billing formats: how each is recognised and mapped to FOCUS. One module per format.

pub mod aws_cur;
pub mod common;
pub mod focus;
pub mod manifest;

use std::fmt;

use crate::error::Result;
use crate::registry::{Dataset, FocusVersion};

/// A billing format focusql reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Files that are already FOCUS (any version 1.0–1.4, any dataset).
    Focus,
    /// AWS legacy Cost and Usage Report (`lineItem/UnblendedCost` headers; CSV, CSV.gz).
    AwsCur,
    /// AWS CUR 2.0 Data Exports and legacy CUR Parquet (`line_item_unblended_cost`).
    AwsCur2,
}

impl Format {
    /// Every format, in the order auto-detection tries them.
    pub const ALL: [Format; 3] = [Format::Focus, Format::AwsCur, Format::AwsCur2];

    /// The name used in configuration (`--source NAME=FORMAT:PATH`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Focus => "focus",
            Format::AwsCur => "aws-cur",
            Format::AwsCur2 => "aws-cur2",
        }
    }

    /// Parse a format name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What recognising a file's columns found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognised {
    pub format: Format,
    pub dataset: Dataset,
    pub version: FocusVersion,
}

/// Recognise a file from its column names, trying `only` or every format.
pub fn recognise(columns: &[String], only: Option<Format>) -> Result<Option<Recognised>> {
    for format in Format::ALL {
        if only.is_some_and(|o| o != format) {
            continue;
        }
        let found = match format {
            Format::Focus => focus::recognise(columns)?,
            Format::AwsCur => aws_cur_recognise(columns, aws_cur::Flavour::Legacy)?,
            Format::AwsCur2 => aws_cur_recognise(columns, aws_cur::Flavour::Snake)?,
        };
        if let Some((dataset, version)) = found {
            return Ok(Some(Recognised {
                format,
                dataset,
                version,
            }));
        }
    }
    Ok(None)
}

/// A CUR file of the given naming convention: Cost and Usage (presented in any version), or an
/// error naming the required raw columns it lacks.
fn aws_cur_recognise(
    columns: &[String],
    flavour: aws_cur::Flavour,
) -> Result<Option<(Dataset, FocusVersion)>> {
    if aws_cur::recognise(columns) != Some(flavour) {
        return Ok(None);
    }
    let missing = aws_cur::missing_required(columns, flavour);
    if !missing.is_empty() {
        return Err(crate::error::CatalogError::Registry(format!(
            "an AWS Cost and Usage Report without the required column(s) {}",
            missing.join(", ")
        )));
    }
    Ok(Some((Dataset::CostAndUsage, FocusVersion::LATEST)))
}
