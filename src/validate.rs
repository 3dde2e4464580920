//! `focusql validate`: check a FOCUS dataset against the rules that can be checked from data.
//!
//! Every rule is a SQL predicate that is true on a failing row; all row rules of a dataset are
//! counted in one aggregate query over the session (one scan, however many rules), then a few
//! example rows are fetched for each failing rule.

use std::collections::HashSet;
use std::fmt::Write as _;

use arrow::array::{Array, AsArray};
use arrow::datatypes::Int64Type;
use focusql_catalogs::mapping::Strictness;
use focusql_catalogs::registry::{ColumnDef, FeatureLevel, FocusType, registry};
use focusql_catalogs::{Dataset, FocusVersion, LoadedSource, SourceSpec};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::render_table;
use crate::session::new_context;

/// The table name the validated data gets.
const TABLE: &str = "validated";
/// Example rows shown per failing rule.
const EXAMPLES: usize = 3;

/// One checked rule and its outcome.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub id: String,
    pub description: String,
    pub dataset: Dataset,
    /// Failing rows (or files/columns for structural rules); None when skipped.
    pub failures: Option<u64>,
    pub checked: u64,
    pub examples: String,
    pub skip_reason: Option<String>,
}

impl RuleResult {
    /// True when the rule ran and found failures.
    pub fn failed(&self) -> bool {
        self.failures.is_some_and(|f| f > 0)
    }
}

/// The outcome of validating a dataset.
#[derive(Debug)]
pub struct Validation {
    pub location: String,
    pub version: FocusVersion,
    pub rules: Vec<RuleResult>,
}

impl Validation {
    /// Number of failed rules.
    pub fn failed(&self) -> usize {
        self.rules.iter().filter(|r| r.failed()).count()
    }

    /// The report people read: one line per rule, with examples under failing rules.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let passed = self.rules.iter().filter(|r| r.failures == Some(0)).count();
        let skipped = self.rules.iter().filter(|r| r.failures.is_none()).count();
        let _ = writeln!(
            out,
            "Validating {} as FOCUS {}: {} rules, {} passed, {} failed, {} skipped",
            self.location,
            self.version,
            self.rules.len(),
            passed,
            self.failed(),
            skipped
        );
        for rule in &self.rules {
            let status = match rule.failures {
                None => "SKIP",
                Some(0) => "PASS",
                Some(_) => "FAIL",
            };
            let detail = match (rule.failures, &rule.skip_reason) {
                (None, Some(reason)) => format!(" ({reason})"),
                (Some(n), _) if n > 0 => format!(" ({n} of {} failing)", rule.checked),
                _ => String::new(),
            };
            let _ = writeln!(out, "{status} {:<48} {}{detail}", rule.id, rule.description);
            if rule.failed() && !rule.examples.is_empty() {
                for line in rule.examples.lines() {
                    let _ = writeln!(out, "       {line}");
                }
            }
        }
        out
    }
}

/// A row rule: the predicate is true on failing rows; `columns` are the columns it needs
/// (the rule is skipped when the data lacks one) and shows in examples.
struct RowRule {
    id: String,
    description: String,
    predicate: String,
    columns: Vec<String>,
}

fn q(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn rule(id: &str, description: &str, predicate: &str, columns: &[&str]) -> RowRule {
    RowRule {
        id: id.to_string(),
        description: description.to_string(),
        predicate: predicate.to_string(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
    }
}

/// Validate the data at `location` as FOCUS `version` (default: the version detected).
pub async fn validate(location: &str, version: Option<FocusVersion>) -> Result<Validation> {
    let config = Config::default();
    let ctx = new_context(&config)?;
    let spec = SourceSpec {
        name: TABLE.to_string(),
        format: Some(focusql_catalogs::Format::Focus),
        location: location.to_string(),
    };
    let source = focusql_catalogs::source::load(&ctx, &spec).await?;
    let version = match version {
        Some(v) => v,
        None => source
            .groups
            .iter()
            .map(|g| g.recognised.version)
            .max()
            .unwrap_or(FocusVersion::LATEST),
    };
    let mut rules = Vec::new();
    for dataset in source.datasets() {
        if !registry().versions_of(dataset).contains(&version) {
            continue;
        }
        let table = match dataset {
            Dataset::CostAndUsage => TABLE.to_string(),
            other => format!("{TABLE}_{}", other.table_name()),
        };
        rules.extend(validate_dataset(&ctx, &source, dataset, version, &table).await?);
    }
    Ok(Validation {
        location: location.to_string(),
        version,
        rules,
    })
}

/// The raw column names of a dataset's files (exact spelling), across all its file groups.
fn raw_columns(source: &LoadedSource, dataset: Dataset) -> Vec<HashSet<String>> {
    source
        .groups
        .iter()
        .filter(|g| g.recognised.dataset == dataset)
        .map(|g| {
            g.raw_schema
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect()
        })
        .collect()
}

async fn validate_dataset(
    ctx: &datafusion::prelude::SessionContext,
    source: &LoadedSource,
    dataset: Dataset,
    version: FocusVersion,
    table: &str,
) -> Result<Vec<RuleResult>> {
    let columns = registry().columns(version, dataset);
    let groups = raw_columns(source, dataset);
    let present = |name: &str| groups.iter().all(|g| g.contains(name));
    let mut results = Vec::new();

    // Structural rules: mandatory columns present, custom columns prefixed.
    for column in columns
        .iter()
        .filter(|c| c.feature_level == FeatureLevel::Mandatory)
    {
        let missing = groups.iter().filter(|g| !g.contains(&column.name)).count() as u64;
        results.push(RuleResult {
            id: format!("{}-Present", column.name),
            description: format!("mandatory column {} is present", column.name),
            dataset,
            failures: Some(missing),
            checked: groups.len() as u64,
            examples: String::new(),
            skip_reason: None,
        });
    }
    let unprefixed: Vec<String> = groups
        .iter()
        .flatten()
        .filter(|name| !name.starts_with("x_") && !registry().is_known_column(dataset, name))
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    results.push(RuleResult {
        id: "CustomColumns-Prefixed".into(),
        description: "columns that are not FOCUS columns start with x_".into(),
        dataset,
        failures: Some(unprefixed.len() as u64),
        checked: groups.iter().map(|g| g.len() as u64).sum(),
        examples: if unprefixed.is_empty() {
            String::new()
        } else {
            format!("not prefixed: {}", unprefixed.join(", "))
        },
        skip_reason: None,
    });

    // Row rules.
    let mut row_rules = Vec::new();
    for column in &columns {
        row_rules.extend(column_rules(column, &present));
    }
    if dataset == Dataset::CostAndUsage {
        row_rules.extend(invariant_rules(version));
    }
    results.extend(run_row_rules(ctx, source, dataset, version, table, row_rules, &present).await?);
    Ok(results)
}

/// Type, nullability and allowed-value rules for one column.
fn column_rules(column: &ColumnDef, present: &dyn Fn(&str) -> bool) -> Vec<RowRule> {
    let name = &column.name;
    let mut rules = Vec::new();
    if !present(name) {
        return rules;
    }
    let c = q(name);
    let raw = format!("raw_{}", name);
    match column.focus_type {
        FocusType::Decimal | FocusType::DateTime => {
            let what = if column.focus_type == FocusType::Decimal {
                "a decimal number"
            } else {
                "an ISO 8601 date-time"
            };
            rules.push(RowRule {
                id: format!("{name}-Type"),
                description: format!("{name} is {what}"),
                predicate: format!("{} IS NOT NULL AND {c} IS NULL", q(&raw)),
                columns: vec![raw.clone()],
            });
        }
        FocusType::Json => rules.push(RowRule {
            id: format!("{name}-Json"),
            description: format!("{name} is a JSON object or array"),
            predicate: format!("{c} IS NOT NULL AND json_length({c}) IS NULL"),
            columns: vec![name.clone()],
        }),
        FocusType::String => {}
    }
    if !column.nullable {
        rules.push(RowRule {
            id: format!("{name}-NotNull"),
            description: format!("{name} is never null"),
            predicate: format!("{c} IS NULL"),
            columns: vec![name.clone()],
        });
    }
    if !column.allowed_values.is_empty() {
        let list = column
            .allowed_values
            .iter()
            .map(|v| format!("'{}'", v.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(", ");
        rules.push(RowRule {
            id: format!("{name}-AllowedValues"),
            description: format!("{name} holds only allowed values"),
            predicate: format!("{c} IS NOT NULL AND {c} NOT IN ({list})"),
            columns: vec![name.clone()],
        });
    }
    rules
}

/// The invariants of focus-spec.md §5 that can be checked row by row.
fn invariant_rules(version: FocusVersion) -> Vec<RowRule> {
    let not_correction = "(\"ChargeClass\" IS NULL OR \"ChargeClass\" <> 'Correction')";
    let mut rules = vec![
        rule(
            "CommitmentDiscountStatus-NullWithoutId",
            "CommitmentDiscountStatus is null when CommitmentDiscountId is null",
            "\"CommitmentDiscountId\" IS NULL AND \"CommitmentDiscountStatus\" IS NOT NULL",
            &["CommitmentDiscountId", "CommitmentDiscountStatus"],
        ),
        rule(
            "CommitmentDiscountStatus-SetOnUsage",
            "CommitmentDiscountStatus is set on Usage rows with a CommitmentDiscountId",
            "\"CommitmentDiscountId\" IS NOT NULL AND \"ChargeCategory\" = 'Usage' AND \"CommitmentDiscountStatus\" IS NULL",
            &[
                "CommitmentDiscountId",
                "ChargeCategory",
                "CommitmentDiscountStatus",
            ],
        ),
        rule(
            "CommitmentDiscount-FollowsId",
            "CommitmentDiscountCategory, Type and Name are null when CommitmentDiscountId is null",
            "\"CommitmentDiscountId\" IS NULL AND (\"CommitmentDiscountCategory\" IS NOT NULL OR \"CommitmentDiscountType\" IS NOT NULL OR \"CommitmentDiscountName\" IS NOT NULL)",
            &[
                "CommitmentDiscountId",
                "CommitmentDiscountCategory",
                "CommitmentDiscountType",
                "CommitmentDiscountName",
            ],
        ),
        rule(
            "ListCost-UnitPriceTimesQuantity",
            "ListUnitPrice × PricingQuantity = ListCost (to the cent) outside corrections",
            &format!(
                "{not_correction} AND \"ListUnitPrice\" IS NOT NULL AND \"PricingQuantity\" IS NOT NULL AND abs(CAST(\"ListUnitPrice\" AS DOUBLE) * CAST(\"PricingQuantity\" AS DOUBLE) - CAST(\"ListCost\" AS DOUBLE)) > 0.005"
            ),
            &[
                "ListUnitPrice",
                "PricingQuantity",
                "ListCost",
                "ChargeClass",
            ],
        ),
        rule(
            "ContractedCost-UnitPriceTimesQuantity",
            "ContractedUnitPrice × PricingQuantity = ContractedCost (to the cent) outside corrections",
            &format!(
                "{not_correction} AND \"ContractedUnitPrice\" IS NOT NULL AND \"PricingQuantity\" IS NOT NULL AND abs(CAST(\"ContractedUnitPrice\" AS DOUBLE) * CAST(\"PricingQuantity\" AS DOUBLE) - CAST(\"ContractedCost\" AS DOUBLE)) > 0.005"
            ),
            &[
                "ContractedUnitPrice",
                "PricingQuantity",
                "ContractedCost",
                "ChargeClass",
            ],
        ),
        rule(
            "UnitPrices-NotNegative",
            "ListUnitPrice and ContractedUnitPrice are not negative",
            "\"ListUnitPrice\" < 0 OR \"ContractedUnitPrice\" < 0",
            &["ListUnitPrice", "ContractedUnitPrice"],
        ),
        rule(
            "UnitPrices-NullOnTax",
            "ListUnitPrice and ContractedUnitPrice are null on Tax rows",
            "\"ChargeCategory\" = 'Tax' AND (\"ListUnitPrice\" IS NOT NULL OR \"ContractedUnitPrice\" IS NOT NULL)",
            &["ChargeCategory", "ListUnitPrice", "ContractedUnitPrice"],
        ),
        rule(
            "UnitPrices-SetOnUsageAndPurchase",
            "ListUnitPrice and ContractedUnitPrice are set on Usage and Purchase rows outside corrections",
            &format!(
                "\"ChargeCategory\" IN ('Usage', 'Purchase') AND {not_correction} AND (\"ListUnitPrice\" IS NULL OR \"ContractedUnitPrice\" IS NULL)"
            ),
            &[
                "ChargeCategory",
                "ChargeClass",
                "ListUnitPrice",
                "ContractedUnitPrice",
            ],
        ),
        rule(
            "PricingQuantity-NullOnTax",
            "PricingQuantity and PricingUnit are null on Tax rows",
            "\"ChargeCategory\" = 'Tax' AND (\"PricingQuantity\" IS NOT NULL OR \"PricingUnit\" IS NOT NULL)",
            &["ChargeCategory", "PricingQuantity", "PricingUnit"],
        ),
        rule(
            "PricingQuantity-SetOnUsageAndPurchase",
            "PricingQuantity and PricingUnit are set on Usage and Purchase rows outside corrections",
            &format!(
                "\"ChargeCategory\" IN ('Usage', 'Purchase') AND {not_correction} AND (\"PricingQuantity\" IS NULL OR \"PricingUnit\" IS NULL)"
            ),
            &[
                "ChargeCategory",
                "ChargeClass",
                "PricingQuantity",
                "PricingUnit",
            ],
        ),
        rule(
            "ChargePeriod-Ordered",
            "ChargePeriodStart is not after ChargePeriodEnd",
            "\"ChargePeriodStart\" > \"ChargePeriodEnd\"",
            &["ChargePeriodStart", "ChargePeriodEnd"],
        ),
        rule(
            "BillingPeriod-Ordered",
            "BillingPeriodStart is not after BillingPeriodEnd",
            "\"BillingPeriodStart\" > \"BillingPeriodEnd\"",
            &["BillingPeriodStart", "BillingPeriodEnd"],
        ),
        rule(
            "BillingCurrency-Iso4217",
            "BillingCurrency is a three-letter ISO 4217 code",
            "\"BillingCurrency\" IS NOT NULL AND NOT regexp_like(\"BillingCurrency\", '^[A-Z]{3}$')",
            &["BillingCurrency"],
        ),
    ];
    let unused = if version >= FocusVersion::V1_1 {
        " AND (\"CommitmentDiscountStatus\" IS NULL OR \"CommitmentDiscountStatus\" <> 'Unused')"
    } else {
        ""
    };
    rules.push(rule(
        "ConsumedQuantity-SetOnUsage",
        "ConsumedQuantity and ConsumedUnit are set on Usage rows outside corrections (and unused commitments)",
        &format!("\"ChargeCategory\" = 'Usage' AND {not_correction}{unused} AND (\"ConsumedQuantity\" IS NULL OR \"ConsumedUnit\" IS NULL)"),
        &["ChargeCategory", "ChargeClass", "ConsumedQuantity", "ConsumedUnit", "CommitmentDiscountStatus"],
    ));
    rules.push(rule(
        "ConsumedQuantity-NullOutsideUsage",
        "ConsumedQuantity and ConsumedUnit are null on rows other than Usage and corrections",
        &format!("\"ChargeCategory\" <> 'Usage' AND {not_correction} AND (\"ConsumedQuantity\" IS NOT NULL OR \"ConsumedUnit\" IS NOT NULL)"),
        &["ChargeCategory", "ChargeClass", "ConsumedQuantity", "ConsumedUnit"],
    ));
    if version >= FocusVersion::V1_1 {
        rules.push(rule(
            "ConsumedQuantity-NullWhenUnused",
            "ConsumedQuantity and ConsumedUnit are null on unused commitment rows",
            "\"CommitmentDiscountStatus\" = 'Unused' AND (\"ConsumedQuantity\" IS NOT NULL OR \"ConsumedUnit\" IS NOT NULL)",
            &["CommitmentDiscountStatus", "ConsumedQuantity", "ConsumedUnit"],
        ));
        rules.push(rule(
            "CapacityReservationStatus-FollowsId",
            "CapacityReservationStatus is null when CapacityReservationId is null",
            "\"CapacityReservationId\" IS NULL AND \"CapacityReservationStatus\" IS NOT NULL",
            &["CapacityReservationId", "CapacityReservationStatus"],
        ));
    }
    if version >= FocusVersion::V1_3 {
        rules.push(rule(
            "Allocated-OnlyOnSplitRows",
            "Allocated* columns are null unless AllocatedMethodId is set",
            "\"AllocatedMethodId\" IS NULL AND (\"AllocatedResourceId\" IS NOT NULL OR \"AllocatedResourceName\" IS NOT NULL OR \"AllocatedTags\" IS NOT NULL OR \"AllocatedMethodDetails\" IS NOT NULL)",
            &["AllocatedMethodId", "AllocatedResourceId", "AllocatedResourceName", "AllocatedTags", "AllocatedMethodDetails"],
        ));
    }
    rules
}

/// Count failures of every row rule in one aggregate query; fetch examples for failing rules.
async fn run_row_rules(
    ctx: &datafusion::prelude::SessionContext,
    source: &LoadedSource,
    dataset: Dataset,
    version: FocusVersion,
    table: &str,
    rules: Vec<RowRule>,
    present: &dyn Fn(&str) -> bool,
) -> Result<Vec<RuleResult>> {
    // Type rules compare the raw text with the parsed value, so both come from one projection.
    let relation = typed_relation(ctx, source, dataset, version, table)?;
    let mut results = Vec::new();
    let mut runnable = Vec::new();
    for r in rules {
        let missing: Vec<&String> = r
            .columns
            .iter()
            .filter(|c| !c.starts_with("raw_") && !present(c))
            .collect();
        if missing.is_empty() {
            runnable.push(r);
        } else {
            results.push(RuleResult {
                id: r.id,
                description: r.description,
                dataset,
                failures: None,
                checked: 0,
                examples: String::new(),
                skip_reason: Some(format!(
                    "column {} not in the data",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
        }
    }
    if runnable.is_empty() {
        return Ok(results);
    }
    let counts = runnable
        .iter()
        .enumerate()
        .map(|(i, r)| format!("sum(CASE WHEN {} THEN 1 ELSE 0 END) AS r{i}", r.predicate))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT count(*) AS total, {counts} FROM {relation}");
    let batches = ctx.sql(&sql).await?.collect().await?;
    let batch = batches
        .first()
        .ok_or_else(|| Error::msg("validation query returned nothing"))?;
    let value = |i: usize| -> u64 {
        let col = batch.column(i).as_primitive::<Int64Type>();
        if col.is_null(0) {
            0
        } else {
            col.value(0) as u64
        }
    };
    let total = value(0);
    for (i, r) in runnable.into_iter().enumerate() {
        let failures = value(i + 1);
        let examples = if failures > 0 {
            let cols = r
                .columns
                .iter()
                .map(|c| q(c))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT {cols} FROM {relation} WHERE {} LIMIT {EXAMPLES}",
                r.predicate
            );
            let frame = ctx.sql(&sql).await?;
            let schema = frame.schema().inner().clone();
            let rows = frame.collect().await?;
            render_table(&schema, &rows)?
        } else {
            String::new()
        };
        results.push(RuleResult {
            id: r.id,
            description: r.description,
            dataset,
            failures: Some(failures),
            checked: total,
            examples,
            skip_reason: None,
        });
    }
    Ok(results)
}

/// A SQL relation with every FOCUS column parsed leniently and, for each Decimal and
/// DateTime column, its raw text as `raw_<Column>`: the parsed table's projection applied to
/// the raw scan, so both come from the same rows.
fn typed_relation(
    ctx: &datafusion::prelude::SessionContext,
    source: &LoadedSource,
    dataset: Dataset,
    version: FocusVersion,
    table: &str,
) -> Result<String> {
    let view = format!("{table}_typed");
    let mut frames = Vec::new();
    for group in source
        .groups
        .iter()
        .filter(|g| g.recognised.dataset == dataset)
    {
        let raw = group.scan(ctx)?;
        let raw_schema = raw.schema().clone();
        let mut exprs = focusql_catalogs::formats::focus::projection(
            &raw_schema,
            dataset,
            version,
            Strictness::Lenient,
        );
        for field in raw_schema.fields() {
            if let Some(def) = registry()
                .all()
                .iter()
                .find(|c| c.dataset == dataset && &c.name == field.name())
                && matches!(def.focus_type, FocusType::Decimal | FocusType::DateTime)
            {
                exprs.push(
                    datafusion::logical_expr::cast(
                        focusql_catalogs::mapping::raw_column(field.name()),
                        arrow::datatypes::DataType::Utf8,
                    )
                    .alias(format!("raw_{}", field.name())),
                );
            }
        }
        frames.push(raw.select(exprs)?);
    }
    let mut union: Option<datafusion::prelude::DataFrame> = None;
    for frame in frames {
        union = Some(match union {
            None => frame,
            Some(acc) => acc.union_by_name(frame)?,
        });
    }
    let frame = union.ok_or_else(|| Error::msg("no data to validate"))?;
    ctx.register_table(view.as_str(), frame.into_view())?;
    Ok(q(&view))
}
