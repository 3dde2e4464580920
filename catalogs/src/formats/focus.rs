//! Native FOCUS files (any version 1.0–1.4, any dataset): recognised by their columns, read
//! as they are, and lifted to the session's FOCUS version with the migration renames.

use std::collections::HashMap;

use arrow::datatypes::DataType;
use datafusion::common::DFSchema;
use datafusion::logical_expr::{Expr, ExprSchemable, case, lit};

use crate::error::{CatalogError, Result};
use crate::mapping::{Strictness, convert_to, focus_column, raw_column, typed_null};
use crate::registry::{
    ColumnDef, Dataset, FocusVersion, PREVIEW_RENAMES, PREVIEW_VALUES, RENAMES, registry,
};

/// Columns whose presence (without ChargeCategory) marks a FOCUS 0.5 file.
const PRE_1_0_MARKERS: [&str; 4] = ["ChargeType", "InvoiceIssuer", "AmortizedCost", "Provider"];

/// The column that marks each dataset; checked in this order.
const DATASET_MARKERS: [(&str, Dataset); 4] = [
    ("ContractCommitmentId", Dataset::ContractCommitment),
    ("BillingPeriodStatus", Dataset::BillingPeriod),
    ("InvoiceIssueDate", Dataset::InvoiceDetail),
    ("ChargePeriodStart", Dataset::CostAndUsage),
];

/// Case-insensitive lookup from a FOCUS name to the raw column that holds it.
pub struct ColumnIndex<'a> {
    by_lower: HashMap<String, &'a str>,
}

impl<'a> ColumnIndex<'a> {
    /// Index raw column names.
    pub fn new(names: &'a [String]) -> Self {
        let mut by_lower = HashMap::new();
        // When two raw columns differ only in case, the first one wins.
        for n in names {
            by_lower.entry(n.to_ascii_lowercase()).or_insert(n.as_str());
        }
        Self { by_lower }
    }

    /// The raw column for a FOCUS name, matching case-insensitively.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.by_lower.get(&name.to_ascii_lowercase()).copied()
    }
}

/// Whether the columns are FOCUS 1.0-preview (Azure FocusCost `1.0-preview(v1)`): detected by
/// column presence as the FinOps toolkit does, ChargeSubcategory or UsageQuantity (and no
/// ConsumedQuantity) beside ChargeCategory. FOCUS 0.5 has no ChargeCategory.
pub fn is_preview(index: &ColumnIndex) -> bool {
    index.get("ChargeCategory").is_some()
        && index.get("ConsumedQuantity").is_none()
        && (index.get("ChargeSubcategory").is_some() || index.get("UsageQuantity").is_some())
}

/// Recognise a native FOCUS file by its columns: its dataset and version. Returns Ok(None)
/// when the columns are not FOCUS, and an error for FOCUS 0.5 files. A 1.0-preview file
/// (see `is_preview`) is Cost and Usage 1.0, read through the preview renames.
pub fn recognise(columns: &[String]) -> Result<Option<(Dataset, FocusVersion)>> {
    let index = ColumnIndex::new(columns);
    if index.get("ChargeCategory").is_none()
        && PRE_1_0_MARKERS.iter().any(|m| index.get(m).is_some())
    {
        return Err(CatalogError::Registry(
            "looks like FOCUS 0.5 (columns such as ChargeType, InvoiceIssuer, no ChargeCategory); focusql reads FOCUS 1.0-preview and 1.0 to 1.4".into(),
        ));
    }
    let Some(dataset) = DATASET_MARKERS
        .iter()
        .find(|(marker, _)| index.get(marker).is_some())
        .map(|(_, d)| *d)
    else {
        return Ok(None);
    };
    if dataset == Dataset::CostAndUsage
        && index.get("BilledCost").is_none()
        && index.get("EffectiveCost").is_none()
    {
        return Ok(None);
    }
    let reg = registry();
    let versions = reg.versions_of(dataset);
    // The newest version that introduced any column present: a file has at least that version.
    let mut version = versions[0];
    for column in columns {
        if let Some(first) = versions.iter().find(|v| {
            reg.column(**v, dataset, column).is_some()
                || reg
                    .columns(**v, dataset)
                    .iter()
                    .any(|c| c.name.eq_ignore_ascii_case(column))
        }) {
            version = version.max(*first);
        }
    }
    // 1.4 removed the deprecated provider columns of 1.3.
    if version == FocusVersion::V1_3
        && dataset == Dataset::CostAndUsage
        && index.get("ProviderName").is_none()
        && index.get("PublisherName").is_none()
    {
        version = FocusVersion::V1_4;
    }
    Ok(Some((dataset, version)))
}

/// The raw column that holds FOCUS column `name`, directly or through a version rename (and,
/// in a 1.0-preview file, through the preview renames).
pub fn source_of<'a>(index: &ColumnIndex<'a>, name: &str) -> Option<&'a str> {
    index
        .get(name)
        .or_else(|| {
            RENAMES.iter().find_map(|r| {
                if r.new == name {
                    index.get(r.old)
                } else if r.old == name {
                    index.get(r.new)
                } else {
                    None
                }
            })
        })
        .or_else(|| {
            if !is_preview(index) {
                return None;
            }
            PREVIEW_RENAMES
                .iter()
                .find(|r| r.new == name)
                .and_then(|r| index.get(r.old))
        })
}

/// A 1.0-preview value translation (PREVIEW_VALUES) for FOCUS column `target`, when the file
/// has the preview column it reads: the preview values mapped to their 1.0 spelling.
fn preview_value(
    raw_schema: &DFSchema,
    index: &ColumnIndex,
    target: &ColumnDef,
    strict: Strictness,
) -> Option<Expr> {
    let rule = PREVIEW_VALUES.iter().find(|r| r.column == target.name)?;
    let raw = index.get(rule.from)?;
    let raw_type = raw_column(raw).get_type(raw_schema).ok()?;
    let text = convert_to(raw_column(raw), &raw_type, &DataType::Utf8, raw, strict);
    let mut translated = case(text.clone());
    for (old, new) in rule.values {
        translated = translated.when(lit(*old), lit(*new));
    }
    let otherwise = if rule.from == rule.column {
        text
    } else {
        typed_null(&DataType::Utf8)
    };
    let expr = translated.otherwise(otherwise).ok()?;
    Some(
        convert_to(
            expr,
            &DataType::Utf8,
            &target.arrow_type(),
            &target.name,
            strict,
        )
        .alias(&target.name),
    )
}

/// The name an unknown raw column gets in FOCUS form: kept as is when it is already an
/// extension column, otherwise given the `x_` prefix.
pub fn extension_name(raw: &str) -> String {
    if raw.starts_with("x_") {
        raw.to_string()
    } else {
        format!("x_{raw}")
    }
}

/// The projection that presents a native FOCUS file's columns as `dataset` in `target`: every
/// FOCUS column of the target version (typed, renamed, null when absent), then the extension
/// columns. FOCUS columns of other versions that the target does not have are left out.
pub fn projection(
    raw_schema: &DFSchema,
    dataset: Dataset,
    target: FocusVersion,
    strict: Strictness,
) -> Vec<Expr> {
    let names: Vec<String> = raw_schema
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let index = ColumnIndex::new(&names);
    let preview = is_preview(&index);
    let reg = registry();
    let mut exprs: Vec<Expr> = reg
        .columns(target, dataset)
        .into_iter()
        .map(|c| {
            preview
                .then(|| preview_value(raw_schema, &index, c, strict))
                .flatten()
                .unwrap_or_else(|| focus_column(raw_schema, source_of(&index, &c.name), c, strict))
        })
        .collect();
    for raw in &names {
        let renamed = preview
            && PREVIEW_RENAMES
                .iter()
                .any(|r| r.old.eq_ignore_ascii_case(raw));
        let known = renamed
            || reg
                .all()
                .iter()
                .any(|c| c.dataset == dataset && c.name.eq_ignore_ascii_case(raw));
        if !known {
            exprs.push(raw_column(raw).alias(extension_name(raw)));
        }
    }
    exprs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn versions_from_columns() {
        let v10 = cols(&["BilledCost", "ChargePeriodStart", "ProviderName"]);
        assert_eq!(
            recognise(&v10).unwrap(),
            Some((Dataset::CostAndUsage, FocusVersion::V1_0))
        );
        let v11 = cols(&["BilledCost", "ChargePeriodStart", "SkuPriceDetails"]);
        assert_eq!(recognise(&v11).unwrap().unwrap().1, FocusVersion::V1_1);
        let v12 = cols(&[
            "BilledCost",
            "ChargePeriodStart",
            "InvoiceId",
            "ProviderName",
        ]);
        assert_eq!(recognise(&v12).unwrap().unwrap().1, FocusVersion::V1_2);
        let v13 = cols(&[
            "BilledCost",
            "ChargePeriodStart",
            "ProviderName",
            "ServiceProviderName",
        ]);
        assert_eq!(recognise(&v13).unwrap().unwrap().1, FocusVersion::V1_3);
        let v14 = cols(&["BilledCost", "ChargePeriodStart", "ServiceProviderName"]);
        assert_eq!(recognise(&v14).unwrap().unwrap().1, FocusVersion::V1_4);
        let cc = cols(&["ContractCommitmentId", "ContractCommitmentCost"]);
        assert_eq!(
            recognise(&cc).unwrap(),
            Some((Dataset::ContractCommitment, FocusVersion::V1_3))
        );
    }

    #[test]
    fn a_1_0_preview_file_reads_its_renamed_columns() {
        let preview = cols(&[
            "BilledCost",
            "ChargeCategory",
            "ChargePeriodStart",
            "ChargeSubcategory",
            "UsageQuantity",
            "Region",
        ]);
        assert_eq!(
            recognise(&preview).unwrap(),
            Some((Dataset::CostAndUsage, FocusVersion::V1_0))
        );
        let index = ColumnIndex::new(&preview);
        assert!(is_preview(&index));
        assert_eq!(source_of(&index, "ConsumedQuantity"), Some("UsageQuantity"));
        assert_eq!(source_of(&index, "RegionId"), Some("Region"));
        assert_eq!(source_of(&index, "RegionName"), Some("Region"));
        let v10 = cols(&["BilledCost", "ChargeCategory", "ConsumedQuantity", "Region"]);
        let index = ColumnIndex::new(&v10);
        assert!(!is_preview(&index));
        assert_eq!(source_of(&index, "RegionId"), None);
    }

    #[test]
    fn other_files_are_not_focus() {
        assert_eq!(recognise(&cols(&["lineItem/UnblendedCost"])).unwrap(), None);
        assert!(recognise(&cols(&["ChargeType", "InvoiceIssuer", "BilledCost"])).is_err());
    }
}
