//! Billing formats: how each is recognised and mapped to FOCUS. One module per format.

pub mod ai;
pub mod anthropic;
pub mod api_pages;
pub mod focus;
pub mod openai;
pub mod otel;
pub mod token_files;

use std::fmt;

use crate::error::Result;
use crate::registry::{Dataset, FocusVersion};

/// A billing format focusql reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Files that are already FOCUS (any version 1.0–1.4, any dataset).
    Focus,
    /// OpenAI organization Usage and Costs API pages saved as JSON files.
    OpenAi,
    /// Anthropic Admin API usage and cost report pages saved as JSON files.
    Anthropic,
    /// OpenTelemetry GenAI spans as OTLP JSON files.
    Otel,
}

impl Format {
    /// Every format, in the order auto-detection tries them.
    pub const ALL: [Format; 4] = [
        Format::Focus,
        Format::OpenAi,
        Format::Anthropic,
        Format::Otel,
    ];

    /// The name used in configuration (`--source NAME=FORMAT:PATH`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Focus => "focus",
            Format::OpenAi => "openai",
            Format::Anthropic => "anthropic",
            Format::Otel => "otel",
        }
    }

    /// True for the AI formats whose rows are `token_usage` rows.
    pub fn is_token_format(self) -> bool {
        matches!(self, Format::OpenAi | Format::Anthropic | Format::Otel)
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
            // JSON API pages are recognised from their content (api_pages::read).
            Format::OpenAi | Format::Anthropic | Format::Otel => None,
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
