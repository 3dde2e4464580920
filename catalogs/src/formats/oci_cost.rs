//! OCI cost reports (the legacy `reports/cost-csv/*.csv.gz` objects): one CSV row per
//! resource, SKU and hour, with `category/name` headers and one `tags/<namespace>.<key>`
//! column per tag. Mapped to FOCUS Cost and Usage; see docs/oci-cost.md for every column.

use datafusion::common::DFSchema;
use datafusion::functions::string::expr_fn::lower;
use datafusion::logical_expr::{Expr, lit};

use super::common::{
    Mapped, first_match, json_object, lookup, missing_columns, month_start, next_month_start,
    provider_projection, recognise_by_markers,
};
use crate::mapping::{Strictness, parse_timestamp, raw_column};
use crate::registry::{Dataset, FocusVersion, UTC};

/// Columns whose presence marks an OCI cost report.
const MARKERS: [&str; 3] = [
    "lineItem/referenceNo",
    "lineItem/intervalUsageStart",
    "cost/myCost",
];

/// Columns the mapping cannot do without.
pub const REQUIRED: [&str; 6] = [
    "lineItem/intervalUsageStart",
    "lineItem/intervalUsageEnd",
    "cost/myCost",
    "cost/currencyCode",
    "cost/subscriptionId",
    "product/service",
];

/// The prefix of the dynamic tag columns.
const TAG_PREFIX: &str = "tags/";

/// OCI service codes (`product/service`) and their FOCUS ServiceCategory; others are `Other`.
const SERVICE_CATEGORIES: [(&str, &str); 14] = [
    ("COMPUTE", "Compute"),
    ("BLOCK_STORAGE", "Storage"),
    ("OBJECTSTORE", "Storage"),
    ("FILE_STORAGE", "Storage"),
    ("DATABASE", "Databases"),
    ("MYSQL", "Databases"),
    ("NOSQL", "Databases"),
    ("NETWORK", "Networking"),
    ("LOAD_BALANCER", "Networking"),
    ("TELEMETRY", "Management and Governance"),
    ("LOGGING", "Management and Governance"),
    ("ORACLE_STREAMING_SERVICE", "Integration"),
    ("DATA_SCIENCE", "AI and Machine Learning"),
    ("GENERATIVE_AI", "AI and Machine Learning"),
];

/// Recognise an OCI cost report by its columns.
pub fn recognise(columns: &[String]) -> Option<(Dataset, FocusVersion)> {
    recognise_by_markers(columns, &MARKERS)
}

/// What is missing for the mapping, if anything (names the columns).
pub fn check_required(columns: &[String]) -> Option<String> {
    missing_columns(columns, &REQUIRED)
}

/// The FOCUS columns of an OCI cost report, each as an expression over its raw text columns.
pub fn mapped(raw_names: &[String], strict: Strictness) -> Vec<Mapped> {
    let col = raw_column;
    let charge_start = parse_timestamp(
        col("lineItem/intervalUsageStart"),
        "ChargePeriodStart",
        strict,
    );
    let oracle = || lit("Oracle");
    let mut mapped: Vec<Mapped> = vec![
        ("BilledCost", col("cost/myCost")),
        ("EffectiveCost", col("cost/myCost")),
        ("ContractedCost", col("cost/myCost")),
        ("ListCost", col("cost/myCost")),
        ("ContractedUnitPrice", col("cost/unitPrice")),
        ("ListUnitPrice", col("cost/unitPrice")),
        ("BillingAccountId", col("cost/subscriptionId")),
        ("SubAccountId", col("lineItem/tenantId")),
        ("BillingCurrency", col("cost/currencyCode")),
        ("BillingPeriodStart", month_start(charge_start.clone(), UTC)),
        (
            "BillingPeriodEnd",
            next_month_start(charge_start.clone(), UTC),
        ),
        ("ChargePeriodStart", charge_start),
        ("ChargePeriodEnd", col("lineItem/intervalUsageEnd")),
        ("ChargeCategory", lit("Usage")),
        (
            "ChargeClass",
            first_match(
                vec![(
                    lower(col("lineItem/isCorrection")).eq(lit("true")),
                    lit("Correction"),
                )],
                None,
            ),
        ),
        ("ChargeFrequency", lit("Usage-Based")),
        ("ChargeDescription", col("product/Description")),
        ("ConsumedQuantity", col("usage/billedQuantity")),
        ("ConsumedUnit", col("cost/skuUnitDescription")),
        ("PricingQuantity", col("usage/billedQuantity")),
        ("PricingUnit", col("cost/skuUnitDescription")),
        ("PricingCategory", lit("Standard")),
        ("ServiceName", col("product/service")),
        (
            "ServiceCategory",
            lookup(col("product/service"), &SERVICE_CATEGORIES, lit("Other")),
        ),
        ("SkuId", col("cost/productSku")),
        ("RegionId", col("product/region")),
        ("RegionName", col("product/region")),
        ("AvailabilityZone", col("product/availabilityDomain")),
        ("ResourceId", col("product/resourceId")),
        ("ProviderName", oracle()),
        ("PublisherName", oracle()),
        ("InvoiceIssuerName", oracle()),
    ];
    let tags: Vec<(String, Expr)> = raw_names
        .iter()
        .filter_map(|n| {
            n.strip_prefix(TAG_PREFIX)
                .map(|key| (key.to_string(), col(n)))
        })
        .collect();
    if !tags.is_empty() {
        mapped.push(("Tags", json_object(tags)));
    }
    // Optional raw columns that are absent become nulls rather than errors.
    mapped.retain(|(_, e)| {
        e.column_refs()
            .iter()
            .all(|c| raw_names.iter().any(|n| n == &c.name))
    });
    mapped
}

/// Raw columns kept as extension columns: (raw column, extension name).
const EXTENSIONS: [(&str, &str); 6] = [
    ("lineItem/referenceNo", "x_ReferenceNo"),
    ("lineItem/backreferenceNo", "x_BackReferenceNo"),
    ("product/compartmentId", "x_CompartmentId"),
    ("product/compartmentName", "x_CompartmentName"),
    ("cost/overageFlag", "x_OverageFlag"),
    ("cost/billingUnitReadable", "x_BillingUnitReadable"),
];

/// The projection that presents an OCI cost report as FOCUS Cost and Usage in `target`.
pub fn projection(raw_schema: &DFSchema, target: FocusVersion, strict: Strictness) -> Vec<Expr> {
    let names: Vec<String> = raw_schema
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let extensions = EXTENSIONS
        .iter()
        .filter(|(raw, _)| names.iter().any(|n| n == raw))
        .map(|(raw, x)| raw_column(raw).alias(*x))
        .collect();
    provider_projection(
        raw_schema,
        Dataset::CostAndUsage,
        target,
        strict,
        &mapped(&names, strict),
        extensions,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_markers_and_required_columns_named() {
        let cols: Vec<String> = MARKERS.iter().map(|s| s.to_string()).collect();
        assert!(recognise(&cols).is_some());
        assert!(recognise(&cols[..2]).is_none());
        let missing = check_required(&cols).unwrap();
        assert!(missing.contains("cost/currencyCode") && missing.contains("product/service"));
    }
}
