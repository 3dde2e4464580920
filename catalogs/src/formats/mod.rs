//! Billing formats: how each is recognised and mapped to FOCUS. One module per format.

pub mod ai;
pub mod anthropic;
pub mod api_pages;
pub mod aws_cur;
pub mod azure_cost;
pub mod azure_manifest;
pub mod cloud_ai;
pub mod common;
pub mod cost_quantities;
pub mod focus;
pub mod gcp_billing;
pub mod manifest;
pub mod oci_cost;
pub mod openai;
pub mod otel;
pub mod otel_scan;
pub mod token_files;

use std::fmt;

use datafusion::common::DFSchema;
use datafusion::logical_expr::Expr;

use crate::error::Result;
use crate::mapping::Strictness;
use crate::registry::{Dataset, FocusVersion, RENAMES};

/// A billing format focusql reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Files that are already FOCUS (any version 1.0–1.4, any dataset).
    Focus,
    /// Azure cost details export, actual cost (EA or MCA headers).
    AzureCost,
    /// Azure cost details export, amortized cost (same columns; told apart by manifest or path).
    AzureAmortized,
    /// AWS legacy Cost and Usage Report (`lineItem/UnblendedCost` headers; CSV, CSV.gz).
    AwsCur,
    /// AWS CUR 2.0 Data Exports and legacy CUR Parquet (`line_item_unblended_cost`).
    AwsCur2,
    /// OCI cost reports (legacy `reports/cost-csv`, CSV or CSV.gz).
    OciCost,
    /// GCP Cloud Billing exports (standard or detailed; NDJSON or Parquet extracts).
    GcpBilling,
    /// OpenAI organization Usage and Costs API pages saved as JSON files.
    OpenAi,
    /// Anthropic Admin API usage and cost report pages saved as JSON files.
    Anthropic,
    /// OpenTelemetry GenAI spans as OTLP JSON files.
    Otel,
}

impl Format {
    /// Every format, in the order auto-detection tries them.
    /// The AI formats come last: they are recognised from a JSON file's content
    /// (`token_files::read`, which leaves any other JSON, such as GCP NDJSON, to the header
    /// recognition), never from columns.
    pub const ALL: [Format; 10] = [
        Format::AzureCost,
        Format::AzureAmortized,
        Format::Focus,
        Format::AwsCur,
        Format::AwsCur2,
        Format::OciCost,
        Format::GcpBilling,
        Format::OpenAi,
        Format::Anthropic,
        Format::Otel,
    ];

    /// The name used in configuration (`--source NAME=FORMAT:PATH`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Focus => "focus",
            Format::AzureCost => "azure",
            Format::AzureAmortized => "azure-amortized",
            Format::AwsCur => "aws-cur",
            Format::AwsCur2 => "aws-cur2",
            Format::OciCost => "oci-cost",
            Format::GcpBilling => "gcp-billing",
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
            Format::AzureCost | Format::AzureAmortized => azure_cost::recognise(columns),
            Format::AwsCur => aws_cur_recognise(columns, aws_cur::Flavour::Legacy),
            Format::AwsCur2 => aws_cur_recognise(columns, aws_cur::Flavour::Snake),
            Format::OciCost => oci_cost::recognise(columns),
            Format::GcpBilling => gcp_billing::recognise(columns),
            // JSON API pages and spans are recognised from their content (token_files::read).
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

/// A CUR file of the given naming convention: Cost and Usage (presented in any version).
fn aws_cur_recognise(
    columns: &[String],
    flavour: aws_cur::Flavour,
) -> Option<(Dataset, FocusVersion)> {
    (aws_cur::recognise(columns) == Some(flavour))
        .then_some((Dataset::CostAndUsage, FocusVersion::LATEST))
}

/// The raw columns a recognised file lacks for its format's mapping, as one message.
pub fn check_required(format: Format, columns: &[String]) -> Option<String> {
    match format {
        // AI files are read whole into token rows; their checks are in the readers.
        Format::Focus | Format::OpenAi | Format::Anthropic | Format::Otel => None,
        Format::AzureCost | Format::AzureAmortized => azure_cost::check_required(columns),
        Format::AwsCur => aws_cur::check_required(columns, aws_cur::Flavour::Legacy),
        Format::AwsCur2 => aws_cur::check_required(columns, aws_cur::Flavour::Snake),
        Format::OciCost => oci_cost::check_required(columns),
        Format::GcpBilling => gcp_billing::check_required(columns),
    }
}

/// The FOCUS projection of a provider format's raw schema (None for native FOCUS); for a
/// format that emits several kinds of rows, the projections of all of them, one after another.
pub fn provider_projection(
    format: Format,
    raw_schema: &DFSchema,
    target: FocusVersion,
    strict: Strictness,
) -> Option<Vec<Expr>> {
    match format {
        Format::Focus => None,
        // AI rows map through ai::projection, which also needs the source's name.
        Format::OpenAi | Format::Anthropic | Format::Otel => None,
        Format::AzureCost | Format::AzureAmortized => {
            Some(azure_cost::projection(raw_schema, target, strict))
        }
        Format::AwsCur | Format::AwsCur2 => Some(aws_cur::projection(raw_schema, target, strict)),
        Format::OciCost => Some(oci_cost::projection(raw_schema, target, strict)),
        Format::GcpBilling => Some(gcp_billing::all_projections(raw_schema, target, strict)),
    }
}

/// The raw column a FOCUS column of a file group is read from, when it is read from exactly
/// one (to point at the cell behind a bad value).
pub fn raw_column_of(format: Format, raw_schema: &DFSchema, focus_name: &str) -> Option<String> {
    let Some(projection) =
        provider_projection(format, raw_schema, FocusVersion::LATEST, Strictness::Strict)
    else {
        let names: Vec<String> = raw_schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        return focus::source_of(&focus::ColumnIndex::new(&names), focus_name).map(str::to_string);
    };
    projection.iter().find_map(|e| match e {
        Expr::Alias(a) if a.name == focus_name => {
            let refs = a.expr.column_refs();
            (refs.len() == 1).then(|| refs.into_iter().next().map(|c| c.name.clone()))?
        }
        _ => None,
    })
}

/// Whether a provider format's mapping fills FOCUS column `name` (in any version's spelling)
/// from data for this raw schema; None for native FOCUS, whose columns are the raw ones.
pub fn fills_column(format: Format, raw_schema: &DFSchema, name: &str) -> Option<bool> {
    let projection = provider_projection(
        format,
        raw_schema,
        FocusVersion::LATEST,
        Strictness::Lenient,
    )?;
    let mapped = |n: &str| common::is_mapped(&projection, n);
    Some(
        mapped(name)
            || RENAMES
                .iter()
                .any(|r| (r.old == name && mapped(r.new)) || (r.new == name && mapped(r.old))),
    )
}
