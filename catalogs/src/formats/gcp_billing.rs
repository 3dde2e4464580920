//! GCP Cloud Billing exports (standard and detailed, as extracted from BigQuery to NDJSON or
//! Parquet, nested structs kept): one FOCUS row per export row, plus one `Credit` row per
//! entry of its `credits` list, so that BilledCost sums to GCP's billed total
//! `cost + Σ credits.amount`. See docs/gcp-billing.md for every column.

use arrow::datatypes::DataType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::functions::core::expr_fn::{coalesce, get_field};
use datafusion::logical_expr::{Expr, ExprSchemable, cast, lit};
use datafusion::prelude::DataFrame;

use super::cloud_ai::{Bill, TokenColumns, with_token_columns};
use super::common::{
    Mapped, first_match, lookup, missing_columns, month_start, month_text_start, nested,
    next_month_start, provider_projection, recognise_by_markers, utc_timestamp,
};
use crate::error::Result;
use crate::mapping::{Strictness, raw_column, typed_null};
use crate::registry::{Dataset, FocusVersion};

/// Columns whose presence marks a GCP billing export.
const MARKERS: [&str; 5] = [
    "billing_account_id",
    "service",
    "sku",
    "usage_start_time",
    "cost",
];

/// Columns the mapping cannot do without.
const REQUIRED: [&str; 5] = [
    "billing_account_id",
    "cost",
    "currency",
    "usage_start_time",
    "usage_end_time",
];

/// GCP invoice months are Pacific time.
const INVOICE_ZONE: &str = "America/Los_Angeles";

/// The list of credits of a row.
const CREDITS: &str = "credits";

/// GCP `service.description` values and their FOCUS ServiceCategory; others are `Other`.
const SERVICE_CATEGORIES: [(&str, &str); 22] = [
    ("Compute Engine", "Compute"),
    ("Kubernetes Engine", "Compute"),
    ("Cloud Run", "Compute"),
    ("Cloud Run Functions", "Compute"),
    ("Cloud Functions", "Compute"),
    ("App Engine", "Compute"),
    ("Cloud Storage", "Storage"),
    ("Filestore", "Storage"),
    ("BigQuery", "Analytics"),
    ("Dataflow", "Analytics"),
    ("Cloud SQL", "Databases"),
    ("Cloud Spanner", "Databases"),
    ("Cloud Firestore", "Databases"),
    ("Cloud Memorystore for Redis", "Databases"),
    ("Networking", "Networking"),
    ("Cloud DNS", "Networking"),
    ("Vertex AI", "AI and Machine Learning"),
    ("Gemini API", "AI and Machine Learning"),
    ("Cloud Logging", "Management and Governance"),
    ("Cloud Monitoring", "Management and Governance"),
    ("Cloud Pub/Sub", "Integration"),
    ("Secret Manager", "Security"),
];

/// Credit types of committed use discounts and their CommitmentDiscountCategory.
const CUD_CATEGORIES: [(&str, &str); 2] = [
    ("COMMITTED_USAGE_DISCOUNT", "Usage"),
    ("COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE", "Spend"),
];

/// `cost_type` values and their FOCUS ChargeCategory; anything else is Usage.
const CHARGE_CATEGORIES: [(&str, &str); 4] = [
    ("regular", "Usage"),
    ("tax", "Tax"),
    ("adjustment", "Adjustment"),
    ("rounding_error", "Adjustment"),
];

/// Recognise a GCP billing export by its top-level columns.
pub fn recognise(columns: &[String]) -> Option<(Dataset, FocusVersion)> {
    recognise_by_markers(columns, &MARKERS)
}

/// What is missing for the mapping, if anything (names the columns).
pub fn check_required(columns: &[String]) -> Option<String> {
    missing_columns(columns, &REQUIRED)
}

/// A top-level raw column when the schema has it with a real type.
fn top(raw: &DFSchema, name: &str) -> Option<Expr> {
    nested(raw, &[name])
}

/// The FOCUS columns both row kinds (charges and credits) share.
fn shared(raw: &DFSchema, strict: Strictness) -> Vec<(&'static str, Option<Expr>)> {
    let start = utc_timestamp(
        raw,
        raw_column("usage_start_time"),
        "ChargePeriodStart",
        strict,
    );
    let month = nested(raw, &["invoice", "month"]).map(|m| match m.get_type(raw) {
        Ok(t) if t.is_integer() => cast(m, DataType::Utf8),
        _ => m,
    });
    // BillingPeriodStart: the invoice month (Pacific); without it, the Pacific month of usage.
    let period_start = match &month {
        Some(m) => month_text_start(m.clone(), INVOICE_ZONE),
        None => month_start(start.clone(), INVOICE_ZONE),
    };
    let tags = ["labels", "tags"]
        .iter()
        .filter_map(|n| top(raw, n))
        .filter(|e| {
            e.get_type(raw)
                .is_ok_and(|t| focusql_udfs::tag_objects::is_key_value_list(&t))
        })
        .collect::<Vec<_>>();
    let google = || Some(lit("Google Cloud"));
    vec![
        ("BillingAccountId", top(raw, "billing_account_id")),
        ("BillingCurrency", top(raw, "currency")),
        (
            "BillingPeriodEnd",
            Some(next_month_start(period_start.clone(), INVOICE_ZONE)),
        ),
        ("BillingPeriodStart", Some(period_start)),
        ("ChargePeriodStart", Some(start)),
        ("ChargePeriodEnd", top(raw, "usage_end_time")),
        ("SubAccountId", nested(raw, &["project", "id"])),
        ("SubAccountName", nested(raw, &["project", "name"])),
        ("ServiceName", nested(raw, &["service", "description"])),
        (
            "ServiceCategory",
            Some(nested(raw, &["service", "description"]).map_or_else(
                || lit("Other"),
                |d| lookup(d, &SERVICE_CATEGORIES, lit("Other")),
            )),
        ),
        ("SkuId", nested(raw, &["sku", "id"])),
        ("RegionId", nested(raw, &["location", "region"])),
        ("RegionName", nested(raw, &["location", "region"])),
        ("AvailabilityZone", nested(raw, &["location", "zone"])),
        ("ResourceId", nested(raw, &["resource", "global_name"])),
        ("ResourceName", nested(raw, &["resource", "name"])),
        ("ProviderName", google()),
        ("PublisherName", top(raw, "seller_name").or_else(google)),
        ("InvoiceIssuerName", google()),
        (
            "Tags",
            (!tags.is_empty()).then(|| focusql_udfs::tag_objects::tags_from_pairs_udf().call(tags)),
        ),
    ]
}

/// Keep the mapped entries, dropping those the raw schema has no data for.
fn present(entries: Vec<(&'static str, Option<Expr>)>) -> Vec<Mapped> {
    entries
        .into_iter()
        .filter_map(|(name, e)| e.map(|e| (name, e)))
        .collect()
}

/// Extension columns of charge rows; credit rows carry the same names.
fn extensions(raw: &DFSchema, credit: Option<&Expr>) -> Vec<Expr> {
    let text = || typed_null(&DataType::Utf8);
    let credit_field = |name: &str| match credit {
        Some(c) => get_field(c.clone(), name),
        None => text(),
    };
    let mut x = vec![
        top(raw, "cost_type")
            .unwrap_or_else(text)
            .alias("x_CostType"),
        nested(raw, &["service", "id"])
            .unwrap_or_else(text)
            .alias("x_ServiceId"),
        nested(raw, &["project", "number"])
            .map(|e| cast(e, DataType::Utf8))
            .unwrap_or_else(text)
            .alias("x_ProjectNumber"),
        nested(raw, &["invoice", "month"])
            .map(|e| cast(e, DataType::Utf8))
            .unwrap_or_else(text)
            .alias("x_InvoiceMonth"),
    ];
    let credit_x = [
        ("type", "x_CreditType"),
        ("id", "x_CreditId"),
        ("full_name", "x_CreditName"),
    ];
    let has = |name: &str| credit.is_some() && credits_have(raw, name);
    for (field, alias) in credit_x {
        let e = if has(field) {
            cast(credit_field(field), DataType::Utf8)
        } else {
            text()
        };
        x.push(e.alias(alias));
    }
    x
}

/// The struct type of a credit: `credits` is a list of structs, or a struct once unnested.
fn credit_fields(raw: &DFSchema) -> Option<arrow::datatypes::Fields> {
    let field = raw.fields().iter().find(|f| f.name() == CREDITS)?;
    let item = match field.data_type() {
        DataType::List(item) | DataType::LargeList(item) => item.data_type(),
        other => other,
    };
    match item {
        DataType::Struct(fields) => Some(fields.clone()),
        _ => None,
    }
}

fn credits_have(raw: &DFSchema, name: &str) -> bool {
    credit_fields(raw).is_some_and(|f| f.find(name).is_some())
}

/// The projection of charge rows (one per export row) in FOCUS `target`.
pub fn projection(raw: &DFSchema, target: FocusVersion, strict: Strictness) -> Vec<Expr> {
    let cost_type = top(raw, "cost_type");
    let category = match &cost_type {
        Some(t) => lookup(t.clone(), &CHARGE_CATEGORIES, lit("Usage")),
        None => lit("Usage"),
    };
    let is_usage = category.clone().eq(lit("Usage"));
    let on_usage = |e: Option<Expr>| e.map(|e| first_match(vec![(is_usage.clone(), e)], None));
    let cost = top(raw, "cost");
    let mut entries = shared(raw, strict);
    entries.extend([
        ("BilledCost", cost.clone()),
        ("EffectiveCost", cost.clone()),
        ("ContractedCost", cost.clone()),
        (
            "ListCost",
            match (top(raw, "cost_at_list"), cost) {
                (Some(list), Some(cost)) => Some(coalesce(vec![list, cost])),
                (list, cost) => list.or(cost),
            },
        ),
        ("ChargeCategory", Some(category)),
        (
            "ChargeClass",
            nested(raw, &["adjustment_info", "id"])
                .map(|id| first_match(vec![(id.is_not_null(), lit("Correction"))], None)),
        ),
        (
            "ChargeFrequency",
            Some(first_match(
                vec![(is_usage.clone(), lit("Usage-Based"))],
                lit("One-Time"),
            )),
        ),
        ("ChargeDescription", nested(raw, &["sku", "description"])),
        (
            "ConsumedQuantity",
            on_usage(nested(raw, &["usage", "amount"])),
        ),
        ("ConsumedUnit", on_usage(nested(raw, &["usage", "unit"]))),
        (
            "PricingQuantity",
            on_usage(nested(raw, &["usage", "amount_in_pricing_units"])),
        ),
        (
            "PricingUnit",
            on_usage(nested(raw, &["usage", "pricing_unit"])),
        ),
        (
            "ContractedUnitPrice",
            on_usage(nested(raw, &["price", "effective_price"])),
        ),
        ("PricingCategory", on_usage(Some(lit("Standard")))),
    ]);
    let projection = provider_projection(
        raw,
        Dataset::CostAndUsage,
        target,
        strict,
        &present(entries),
        extensions(raw, None),
    );
    // Vertex AI / Gemini SKUs: the SKU description names the token type; usage counts tokens.
    let text = |path: &[&str]| nested(raw, path).unwrap_or(lit(ScalarValue::Utf8(None)));
    let tokens = TokenColumns::new(
        Bill::Vertex,
        text(&["sku", "description"]),
        text(&["usage", "unit"]),
    );
    with_token_columns(projection, &tokens)
}

/// The projection of credit rows over the export unnested by `credits` (one row per credit,
/// the credit as a struct in column `credits`).
fn credit_projection(raw: &DFSchema, target: FocusVersion, strict: Strictness) -> Vec<Expr> {
    let credit = raw_column(CREDITS);
    let field = |name: &str| get_field(credit.clone(), name);
    let amount = field("amount");
    let zero = lit(0i64);
    let mut entries = shared(raw, strict);
    if credits_have(raw, "type") && credits_have(raw, "id") {
        entries.extend(commitment_discount(&field));
    }
    entries.extend([
        ("BilledCost", Some(amount.clone())),
        ("EffectiveCost", Some(amount)),
        ("ContractedCost", Some(zero.clone())),
        ("ListCost", Some(zero)),
        ("ChargeCategory", Some(lit("Credit"))),
        ("ChargeFrequency", Some(lit("Usage-Based"))),
        (
            "ChargeDescription",
            Some(if credits_have(raw, "full_name") {
                field("full_name")
            } else {
                field("name")
            }),
        ),
    ]);
    provider_projection(
        raw,
        Dataset::CostAndUsage,
        target,
        strict,
        &present(entries),
        extensions(raw, Some(&credit)),
    )
}

/// Commitment discount columns of a committed use discount credit (resource-based
/// `COMMITTED_USAGE_DISCOUNT` → Usage, spend-based `COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE` →
/// Spend), identified by the credit's id; null on other credits.
fn commitment_discount(field: &dyn Fn(&str) -> Expr) -> Vec<(&'static str, Option<Expr>)> {
    let kind = field("type");
    let is_cud = kind
        .clone()
        .in_list(CUD_CATEGORIES.iter().map(|(t, _)| lit(*t)).collect(), false)
        .and(field("id").not_eq(lit("")));
    let on_cud = |e: Expr| Some(first_match(vec![(is_cud.clone(), e)], None));
    vec![
        ("CommitmentDiscountId", on_cud(field("id"))),
        (
            "CommitmentDiscountCategory",
            on_cud(lookup(kind, &CUD_CATEGORIES, None)),
        ),
        (
            "CommitmentDiscountType",
            on_cud(lit("Committed Use Discount")),
        ),
        ("CommitmentDiscountName", on_cud(field("full_name"))),
    ]
}

/// The raw schema as the credit rows see it: `credits` unnested to one credit struct.
fn unnested_schema(raw: &DFSchema) -> Option<DFSchema> {
    let fields = credit_fields(raw)?;
    let columns: Vec<arrow::datatypes::Field> = raw
        .fields()
        .iter()
        .map(|f| {
            if f.name() == CREDITS {
                arrow::datatypes::Field::new(CREDITS, DataType::Struct(fields.clone()), true)
            } else {
                f.as_ref().clone()
            }
        })
        .collect();
    DFSchema::try_from(arrow::datatypes::Schema::new(columns)).ok()
}

/// Both projections (charge rows, then credit rows when there are credits), for questions
/// about the mapping as a whole: which FOCUS columns it fills, from which raw columns.
pub fn all_projections(raw: &DFSchema, target: FocusVersion, strict: Strictness) -> Vec<Expr> {
    let mut exprs = projection(raw, target, strict);
    if credits_have(raw, "amount")
        && let Some(unnested) = unnested_schema(raw)
    {
        exprs.extend(credit_projection(&unnested, target, strict));
    }
    exprs
}

/// The FOCUS frames of one GCP file group: the charge rows and, when the export has credits,
/// the credit rows.
pub fn frames(raw: DataFrame, target: FocusVersion, strict: Strictness) -> Result<Vec<DataFrame>> {
    let schema = raw.schema().clone();
    let charges = raw.clone().select(projection(&schema, target, strict))?;
    if !credits_have(&schema, "amount") {
        return Ok(vec![charges]);
    }
    let unnested = raw.unnest_columns(&[CREDITS])?;
    let unnested_schema = unnested.schema().clone();
    let credit_amount = get_field(raw_column(CREDITS), "amount");
    let credits = unnested
        .filter(credit_amount.is_not_null())?
        .select(credit_projection(&unnested_schema, target, strict))?;
    Ok(vec![charges, credits])
}
