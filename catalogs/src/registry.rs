//! The FOCUS schema registry: every column of every supported FOCUS version and dataset,
//! loaded from the data file `data/focus-columns.csv` (one row per version × dataset × column),
//! with a one-sentence description per dataset × column from `data/focus-descriptions.csv`.
//!
//! Arrow schemas are derived from this registry; nothing here is typed out per version.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::error::CatalogError;

/// The registry's source data, compiled into the binary.
const FOCUS_COLUMNS_CSV: &str = include_str!("../data/focus-columns.csv");
/// The column descriptions, compiled into the binary.
const FOCUS_DESCRIPTIONS_CSV: &str = include_str!("../data/focus-descriptions.csv");

/// The FOCUS decimal types (money, unit price, quantity), defined once in the functions crate.
pub use focusql_udfs::money::{MONEY_TYPE, QUANTITY_TYPE, UNIT_PRICE_TYPE};
/// Time zone of every FOCUS date-time column.
pub const UTC: &str = "UTC";

/// Arrow type of FOCUS date-time columns: UTC timestamps in microseconds.
pub fn timestamp_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into()))
}

/// A released FOCUS version that focusql reads and presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FocusVersion {
    V1_0,
    V1_1,
    V1_2,
    V1_3,
    V1_4,
}

impl FocusVersion {
    /// All supported versions, oldest first.
    pub const ALL: [FocusVersion; 5] = [
        FocusVersion::V1_0,
        FocusVersion::V1_1,
        FocusVersion::V1_2,
        FocusVersion::V1_3,
        FocusVersion::V1_4,
    ];

    /// The newest released version, presented by default.
    pub const LATEST: FocusVersion = FocusVersion::V1_4;

    /// The version as written in the spec, e.g. `1.4`.
    pub fn as_str(self) -> &'static str {
        match self {
            FocusVersion::V1_0 => "1.0",
            FocusVersion::V1_1 => "1.1",
            FocusVersion::V1_2 => "1.2",
            FocusVersion::V1_3 => "1.3",
            FocusVersion::V1_4 => "1.4",
        }
    }
}

impl fmt::Display for FocusVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FocusVersion {
    type Err = CatalogError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim().trim_start_matches(['v', 'V']);
        FocusVersion::ALL
            .into_iter()
            .find(|v| v.as_str() == trimmed || format!("{}.0", v.as_str()) == trimmed)
            .ok_or_else(|| CatalogError::UnknownVersion(s.to_string()))
    }
}

/// A FOCUS dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dataset {
    CostAndUsage,
    ContractCommitment,
    BillingPeriod,
    InvoiceDetail,
}

impl Dataset {
    /// All datasets.
    pub const ALL: [Dataset; 4] = [
        Dataset::CostAndUsage,
        Dataset::ContractCommitment,
        Dataset::BillingPeriod,
        Dataset::InvoiceDetail,
    ];

    /// The dataset id as the spec writes it, e.g. `CostAndUsage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::CostAndUsage => "CostAndUsage",
            Dataset::ContractCommitment => "ContractCommitment",
            Dataset::BillingPeriod => "BillingPeriod",
            Dataset::InvoiceDetail => "InvoiceDetail",
        }
    }

    /// The session table that presents this dataset.
    pub fn table_name(self) -> &'static str {
        match self {
            Dataset::CostAndUsage => "costs",
            Dataset::ContractCommitment => "contract_commitments",
            Dataset::BillingPeriod => "billing_periods",
            Dataset::InvoiceDetail => "invoice_details",
        }
    }
}

impl FromStr for Dataset {
    type Err = CatalogError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dataset::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| CatalogError::Registry(format!("unknown dataset '{s}'")))
    }
}

/// The spec's logical data type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FocusType {
    String,
    Decimal,
    DateTime,
    Json,
}

/// The spec's feature level of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureLevel {
    Mandatory,
    Recommended,
    Conditional,
}

impl FeatureLevel {
    /// The level as the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureLevel::Mandatory => "Mandatory",
            FeatureLevel::Recommended => "Recommended",
            FeatureLevel::Conditional => "Conditional",
        }
    }
}

/// One column of one dataset in one FOCUS version.
#[derive(Debug, Clone)]
pub struct ColumnDef {
    pub version: FocusVersion,
    pub dataset: Dataset,
    pub name: String,
    pub feature_level: FeatureLevel,
    pub focus_type: FocusType,
    pub nullable: bool,
    pub allowed_values: Vec<String>,
    /// The version that introduced the column (may be pre-1.0, e.g. `0.5`).
    pub introduced_in: String,
    pub notes: String,
    /// A one-sentence description of the column (empty when the description file has none).
    pub description: String,
}

impl ColumnDef {
    /// The Arrow type focusql presents this column as.
    pub fn arrow_type(&self) -> DataType {
        match self.focus_type {
            FocusType::String | FocusType::Json => DataType::Utf8,
            FocusType::DateTime => timestamp_type(),
            FocusType::Decimal => decimal_type_for(&self.name),
        }
    }

    /// True for the JSON columns (Tags, SkuPriceDetails, ...).
    pub fn is_json(&self) -> bool {
        self.focus_type == FocusType::Json
    }
}

/// The Arrow decimal type of a Decimal column, chosen by its name: money, unit price or quantity.
pub fn decimal_type_for(column: &str) -> DataType {
    if column.ends_with("UnitPrice") {
        UNIT_PRICE_TYPE
    } else if column.ends_with("Cost") {
        MONEY_TYPE
    } else {
        QUANTITY_TYPE
    }
}

/// A rename between versions: `old` was replaced by `new` in version `since`.
#[derive(Debug, Clone, Copy)]
pub struct Rename {
    pub old: &'static str,
    pub new: &'static str,
    pub since: FocusVersion,
}

/// Column renames the FOCUS migration guides define between 1.0 and 1.4.
pub const RENAMES: &[Rename] = &[
    Rename {
        old: "ProviderName",
        new: "ServiceProviderName",
        since: FocusVersion::V1_3,
    },
    Rename {
        old: "PublisherName",
        new: "HostProviderName",
        since: FocusVersion::V1_3,
    },
];

/// Columns of FOCUS 1.0-preview that 1.0 renamed (focus-spec.md, 1.0 changes): read from a
/// 1.0-preview file (Azure FocusCost `1.0-preview(v1)`) into their 1.0 successors. The preview
/// `Region` became `RegionId`; `RegionName`, added beside it, takes the same value. Azure's
/// preview export carried the negotiated on-demand cost as `x_OnDemandCost`/`x_OnDemandUnitPrice`,
/// which its 1.0 export replaced with ContractedCost/ContractedUnitPrice. Preview columns
/// without a successor (ChargeSubcategory) stay extension columns.
pub const PREVIEW_RENAMES: &[Rename] = &[
    Rename {
        old: "UsageQuantity",
        new: "ConsumedQuantity",
        since: FocusVersion::V1_0,
    },
    Rename {
        old: "UsageUnit",
        new: "ConsumedUnit",
        since: FocusVersion::V1_0,
    },
    Rename {
        old: "Region",
        new: "RegionId",
        since: FocusVersion::V1_0,
    },
    Rename {
        old: "Region",
        new: "RegionName",
        since: FocusVersion::V1_0,
    },
    Rename {
        old: "x_OnDemandCost",
        new: "ContractedCost",
        since: FocusVersion::V1_0,
    },
    Rename {
        old: "x_OnDemandUnitPrice",
        new: "ContractedUnitPrice",
        since: FocusVersion::V1_0,
    },
];

/// A FOCUS 1.0 column read from a 1.0-preview column through a table of values.
#[derive(Debug, Clone, Copy)]
pub struct PreviewValues {
    /// The 1.0 column.
    pub column: &'static str,
    /// The preview column it is read from.
    pub from: &'static str,
    /// (preview value, 1.0 value) pairs. Values not listed are kept when `from` is `column`,
    /// and are null when it is another column.
    pub values: &'static [(&'static str, &'static str)],
}

/// Values of FOCUS 1.0-preview that 1.0 spells differently or moved to a new column.
pub const PREVIEW_VALUES: &[PreviewValues] = &[
    PreviewValues {
        column: "PricingCategory",
        from: "PricingCategory",
        values: &[("On-Demand", "Standard"), ("Commitment-Based", "Committed")],
    },
    PreviewValues {
        column: "CommitmentDiscountStatus",
        from: "ChargeSubcategory",
        values: &[("Used Commitment", "Used"), ("Unused Commitment", "Unused")],
    },
    PreviewValues {
        column: "ChargeClass",
        from: "ChargeSubcategory",
        values: &[("Refund", "Correction")],
    },
];

/// Parse the description file (header `dataset,column,description`) into
/// (dataset, column, description) triples, in file order.
fn parse_descriptions(text: &str) -> Result<Vec<(Dataset, String, String)>, CatalogError> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields = crate::files::split_csv_record(line);
        let bad = |what: String| {
            CatalogError::Registry(format!("focus-descriptions.csv line {}: {what}", index + 1))
        };
        let [dataset, column, description] = fields.as_slice() else {
            return Err(bad(format!("expected 3 fields, found {}", fields.len())));
        };
        let dataset = dataset
            .parse()
            .map_err(|e: CatalogError| bad(e.to_string()))?;
        rows.push((dataset, column.clone(), description.clone()));
    }
    Ok(rows)
}

/// The whole registry.
#[derive(Debug)]
pub struct Registry {
    columns: Vec<ColumnDef>,
}

static REGISTRY: OnceLock<Registry> = OnceLock::new();

/// The process-wide registry, parsed once from the embedded data file.
pub fn registry() -> &'static Registry {
    REGISTRY.get_or_init(|| {
        Registry::parse(FOCUS_COLUMNS_CSV, FOCUS_DESCRIPTIONS_CSV)
            .expect("embedded focus-columns.csv and focus-descriptions.csv are valid")
    })
}

impl Registry {
    /// Parse the registry from CSV text with the header
    /// `version,dataset,column,feature_level,data_type,nullable,allowed_values,introduced_in,notes,source`
    /// and the descriptions from CSV text with the header `dataset,column,description`.
    pub fn parse(text: &str, descriptions: &str) -> Result<Self, CatalogError> {
        let descriptions: HashMap<(Dataset, String), String> = parse_descriptions(descriptions)?
            .into_iter()
            .map(|(dataset, column, description)| ((dataset, column), description))
            .collect();
        let mut columns = Vec::new();
        for (index, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let fields = crate::files::split_csv_record(line);
            let field = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
            let bad = |what: &str| {
                CatalogError::Registry(format!("focus-columns.csv line {}: {what}", index + 1))
            };
            let feature_level = match field(3) {
                "Mandatory" => FeatureLevel::Mandatory,
                "Recommended" => FeatureLevel::Recommended,
                "Conditional" => FeatureLevel::Conditional,
                other => return Err(bad(&format!("feature level '{other}'"))),
            };
            let focus_type = match field(4) {
                "String" => FocusType::String,
                "Decimal" => FocusType::Decimal,
                "DateTime" => FocusType::DateTime,
                "JSON" => FocusType::Json,
                other => return Err(bad(&format!("data type '{other}'"))),
            };
            let dataset: Dataset = field(1).parse()?;
            let name = field(2).to_string();
            let description = descriptions
                .get(&(dataset, name.clone()))
                .cloned()
                .unwrap_or_default();
            columns.push(ColumnDef {
                version: field(0).parse()?,
                dataset,
                name,
                feature_level,
                focus_type,
                nullable: field(5) == "true",
                allowed_values: field(6)
                    .split(';')
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .collect(),
                introduced_in: field(7).to_string(),
                notes: field(8).to_string(),
                description,
            });
        }
        Ok(Registry { columns })
    }

    /// Every column of every version and dataset.
    pub fn all(&self) -> &[ColumnDef] {
        &self.columns
    }

    /// The columns of one dataset in one version, in the presentation order (FOCUS columns
    /// sorted by name, as the 1.4 workbook lists them).
    pub fn columns(&self, version: FocusVersion, dataset: Dataset) -> Vec<&ColumnDef> {
        let mut cols: Vec<&ColumnDef> = self
            .columns
            .iter()
            .filter(|c| c.version == version && c.dataset == dataset)
            .collect();
        cols.sort_by(|a, b| a.name.cmp(&b.name));
        cols
    }

    /// One column of a dataset in a version.
    pub fn column(
        &self,
        version: FocusVersion,
        dataset: Dataset,
        name: &str,
    ) -> Option<&ColumnDef> {
        self.columns
            .iter()
            .find(|c| c.version == version && c.dataset == dataset && c.name == name)
    }

    /// True when `name` is a column of `dataset` in any version.
    pub fn is_known_column(&self, dataset: Dataset, name: &str) -> bool {
        self.columns
            .iter()
            .any(|c| c.dataset == dataset && c.name == name)
    }

    /// The versions in which a dataset exists.
    pub fn versions_of(&self, dataset: Dataset) -> Vec<FocusVersion> {
        FocusVersion::ALL
            .into_iter()
            .filter(|v| {
                self.columns
                    .iter()
                    .any(|c| c.version == *v && c.dataset == dataset)
            })
            .collect()
    }

    /// The last version in which a column exists, when it was removed before the latest version.
    pub fn removed_after(&self, dataset: Dataset, name: &str) -> Option<FocusVersion> {
        let last = self
            .columns
            .iter()
            .filter(|c| c.dataset == dataset && c.name == name)
            .map(|c| c.version)
            .max()?;
        (last < *self.versions_of(dataset).last()?).then_some(last)
    }

    /// The Arrow schema of a dataset in a version, derived from the registry.
    pub fn arrow_schema(&self, version: FocusVersion, dataset: Dataset) -> SchemaRef {
        let fields: Vec<Field> = self
            .columns(version, dataset)
            .into_iter()
            .map(|c| Field::new(&c.name, c.arrow_type(), true))
            .collect();
        let mut metadata = std::collections::HashMap::new();
        metadata.insert("FocusVersion".to_string(), version.as_str().to_string());
        metadata.insert("FocusDataset".to_string(), dataset.as_str().to_string());
        Arc::new(Schema::new_with_metadata(fields, metadata))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_counts_match_the_spec() {
        let r = registry();
        let count = |v, d| r.columns(v, d).len();
        assert_eq!(count(FocusVersion::V1_0, Dataset::CostAndUsage), 43);
        assert_eq!(count(FocusVersion::V1_1, Dataset::CostAndUsage), 50);
        assert_eq!(count(FocusVersion::V1_2, Dataset::CostAndUsage), 57);
        assert_eq!(count(FocusVersion::V1_3, Dataset::CostAndUsage), 65);
        assert_eq!(count(FocusVersion::V1_4, Dataset::CostAndUsage), 65);
        assert_eq!(count(FocusVersion::V1_3, Dataset::ContractCommitment), 13);
        assert_eq!(count(FocusVersion::V1_4, Dataset::ContractCommitment), 30);
        assert_eq!(count(FocusVersion::V1_4, Dataset::BillingPeriod), 6);
        assert_eq!(count(FocusVersion::V1_4, Dataset::InvoiceDetail), 22);
        assert_eq!(r.all().len(), 351);
    }

    #[test]
    fn schemas_use_exact_money_and_utc_time() {
        let schema = registry().arrow_schema(FocusVersion::V1_4, Dataset::CostAndUsage);
        let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().clone();
        assert_eq!(ty("BilledCost"), MONEY_TYPE);
        assert_eq!(ty("ListUnitPrice"), UNIT_PRICE_TYPE);
        assert_eq!(ty("PricingQuantity"), QUANTITY_TYPE);
        assert_eq!(ty("ChargePeriodStart"), timestamp_type());
        assert_eq!(ty("Tags"), DataType::Utf8);
        assert!(schema.field_with_name("ProviderName").is_err());
    }

    #[test]
    fn removed_and_renamed_columns() {
        let r = registry();
        assert_eq!(
            r.removed_after(Dataset::CostAndUsage, "ProviderName"),
            Some(FocusVersion::V1_3)
        );
        assert_eq!(r.removed_after(Dataset::CostAndUsage, "BilledCost"), None);
        assert!(RENAMES.iter().any(|r| r.old == "PublisherName"));
    }

    #[test]
    fn every_column_has_a_short_description_of_a_known_column() {
        let r = registry();
        for c in r.all() {
            assert!(
                !c.description.is_empty(),
                "{} {} {} has no description",
                c.version,
                c.dataset.as_str(),
                c.name
            );
        }
        let rows = parse_descriptions(FOCUS_DESCRIPTIONS_CSV).unwrap();
        let mut seen = std::collections::HashSet::new();
        for (dataset, column, description) in &rows {
            assert!(
                r.is_known_column(*dataset, column),
                "description of unknown column {} {column}",
                dataset.as_str()
            );
            assert!(
                seen.insert((*dataset, column.as_str())),
                "duplicate description of {} {column}",
                dataset.as_str()
            );
            assert!(
                description.chars().count() <= 100,
                "description of {column} is longer than 100 characters"
            );
        }
        // one description per dataset × column: 67 + 30 + 6 + 22
        assert_eq!(rows.len(), 125);
        let billed = r
            .column(FocusVersion::V1_4, Dataset::CostAndUsage, "BilledCost")
            .unwrap();
        assert!(
            billed
                .description
                .starts_with("Charge that is the basis for invoicing")
        );
    }

    #[test]
    fn a_bad_description_line_is_an_error_naming_its_line() {
        let err = parse_descriptions("dataset,column,description\nCostAndUsage,BilledCost\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("focus-descriptions.csv line 2"), "{err}");
        let err = parse_descriptions("dataset,column,description\nCosts,BilledCost,x\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("focus-descriptions.csv line 2")
                && err.contains("unknown dataset 'Costs'"),
            "{err}"
        );
    }

    #[test]
    fn versions_parse_leniently() {
        assert_eq!("1.4".parse::<FocusVersion>().unwrap(), FocusVersion::V1_4);
        assert_eq!("v1.2".parse::<FocusVersion>().unwrap(), FocusVersion::V1_2);
        assert_eq!("1.0.0".parse::<FocusVersion>().unwrap(), FocusVersion::V1_0);
        assert!("1.5".parse::<FocusVersion>().is_err());
    }
}
