//! AI token rows in FOCUS form: the Cost and Usage projection over `token_usage` rows that
//! carry a billed cost (cost pages; usage pages stay in `token_usage`, so nothing is counted
//! twice in `costs`). Every AI source maps through here.
//!
//! ConsumedUnit is `Tokens`, PricingUnit the provider's block (`1M Tokens`), and the token
//! type is in SkuPriceDetails (`ModelDeveloper`, `ModelId`, `ModelFamily`, `ModelVersion`,
//! `TokenDirection`, `TokenCacheAction`, `x_CacheTtl`, `x_Modality`, `x_ServiceTier`,
//! `x_ContextBand`) and in `x_` columns.

use std::collections::HashMap;

use datafusion::common::DFSchema;
use datafusion::functions::expr_fn::{coalesce, concat, date_trunc};
use datafusion::logical_expr::{Expr, ExprSchemable, col, lit, when};

use crate::mapping::{Strictness, convert, raw_column, typed_null};
use crate::registry::{Dataset, FocusVersion, RENAMES, registry};

/// The pricing block of AI token rows.
pub const PRICING_UNIT: &str = "1M Tokens";
const TOKENS_PER_BLOCK: i64 = 1_000_000;

/// The filter that keeps the rows that belong in `costs`.
pub fn cost_rows_filter() -> Expr {
    raw_column("billed_cost").is_not_null()
}

/// `,"Key":"value"` when the column is not null, else the empty string.
fn json_member(key: &str, column: &str) -> Expr {
    when(
        raw_column(column).is_not_null(),
        concat(vec![
            lit(format!(",\"{key}\":\"")),
            raw_column(column),
            lit("\""),
        ]),
    )
    .otherwise(lit(""))
    .unwrap_or_else(|_| lit(""))
}

/// SkuPriceDetails as a JSON object text built from the token columns.
fn sku_price_details() -> Expr {
    let members = [
        ("ModelDeveloper", "model_developer"),
        ("ModelId", "model_id"),
        ("ModelFamily", "model_family"),
        ("ModelVersion", "model_version"),
        ("TokenDirection", "token_direction"),
        ("TokenCacheAction", "cache_action"),
        ("x_CacheTtl", "cache_ttl"),
        ("x_Modality", "modality"),
        ("x_Phase", "phase"),
        ("x_ServiceTier", "service_tier"),
        ("x_ContextBand", "context_band"),
    ];
    let mut parts = vec![
        lit("{\"x_TokenSource\":\""),
        raw_column("source_system"),
        lit("\""),
    ];
    parts.extend(members.iter().map(|(k, c)| json_member(k, c)));
    parts.push(lit("}"));
    concat(parts)
}

/// Expressions for the FOCUS 1.4 columns AI rows have, keyed by column name.
fn focus_exprs(source_name: &str) -> HashMap<&'static str, Expr> {
    let is_token = raw_column("token_type").is_not_null();
    let month = date_trunc(lit("month"), raw_column("period_start"));
    let cost = raw_column("billed_cost");
    let provider = raw_column("provider");
    HashMap::from([
        ("BilledCost", cost.clone()),
        ("EffectiveCost", cost.clone()),
        ("ListCost", cost.clone()),
        ("ContractedCost", cost),
        ("BillingCurrency", raw_column("currency")),
        (
            "BillingAccountId",
            coalesce(vec![raw_column("billing_account_id"), lit(source_name)]),
        ),
        ("SubAccountId", raw_column("sub_account_id")),
        (
            "SubAccountType",
            when(
                raw_column("sub_account_id").is_null(),
                typed_null(&arrow::datatypes::DataType::Utf8),
            )
            .when(provider.clone().eq(lit("OpenAI")), lit("Project"))
            .otherwise(lit("Workspace"))
            .unwrap_or_else(|_| lit("Workspace")),
        ),
        ("ChargePeriodStart", raw_column("period_start")),
        ("ChargePeriodEnd", raw_column("period_end")),
        ("BillingPeriodStart", month.clone()),
        (
            "BillingPeriodEnd",
            month + lit(datafusion::common::ScalarValue::new_interval_ym(0, 1)),
        ),
        ("ChargeCategory", lit("Usage")),
        ("ChargeFrequency", lit("Usage-Based")),
        ("ChargeDescription", raw_column("charge_description")),
        ("ServiceProviderName", provider.clone()),
        ("HostProviderName", provider.clone()),
        ("InvoiceIssuerName", provider.clone()),
        ("ServiceName", concat(vec![provider, lit(" API")])),
        ("ServiceCategory", lit("AI and Machine Learning")),
        ("ServiceSubcategory", lit("Generative AI")),
        ("PricingCategory", lit("Standard")),
        (
            "ConsumedUnit",
            when(is_token.clone(), lit("Tokens"))
                .end()
                .unwrap_or_else(|_| lit("Tokens")),
        ),
        ("ConsumedQuantity", raw_column("quantity")),
        (
            "PricingUnit",
            when(is_token, lit(PRICING_UNIT))
                .end()
                .unwrap_or_else(|_| lit(PRICING_UNIT)),
        ),
        (
            "PricingQuantity",
            raw_column("quantity") / lit(TOKENS_PER_BLOCK),
        ),
        ("SkuId", raw_column("model_id")),
        ("SkuPriceDetails", sku_price_details()),
    ])
}

/// True when AI rows have a value for the FOCUS column `name` (any version's spelling).
pub fn provides(name: &str) -> bool {
    let newer = RENAMES
        .iter()
        .find(|r| r.old.eq_ignore_ascii_case(name))
        .map_or(name, |r| r.new);
    focus_exprs("")
        .keys()
        .any(|k| k.eq_ignore_ascii_case(newer))
}

/// The `x_` columns AI rows carry after the FOCUS columns.
const EXTENSIONS: [(&str, &str); 12] = [
    ("x_SourceSystem", "source_system"),
    ("x_ModelId", "model_id"),
    ("x_TokenType", "token_type"),
    ("x_TokenDirection", "token_direction"),
    ("x_TokenCacheAction", "cache_action"),
    ("x_CacheTtl", "cache_ttl"),
    ("x_ServiceTier", "service_tier"),
    ("x_ContextBand", "context_band"),
    ("x_RegionScope", "region_scope"),
    ("x_ApiKeyId", "api_key_id"),
    ("x_UserId", "user_id"),
    ("x_SourceFile", "source_file"),
];

/// The FOCUS projection of AI token rows for `dataset` in `version`: every FOCUS column (typed
/// nulls where AI rows have no value), then the `x_` columns. Only Cost and Usage has AI rows.
pub fn projection(
    raw_schema: &DFSchema,
    source_name: &str,
    dataset: Dataset,
    version: FocusVersion,
    strict: Strictness,
) -> Vec<Expr> {
    let exprs = focus_exprs(source_name);
    let mut out = Vec::new();
    for target in registry().columns(version, dataset) {
        let name = target.name.as_str();
        let newer = RENAMES
            .iter()
            .find(|r| r.old == name)
            .map(|r| r.new)
            .unwrap_or(name);
        let expr = match exprs
            .get(newer)
            .filter(|_| dataset == Dataset::CostAndUsage)
        {
            Some(e) => match e.get_type(raw_schema) {
                Ok(from) => convert(e.clone(), &from, target, strict),
                Err(_) => typed_null(&target.arrow_type()),
            },
            None => typed_null(&target.arrow_type()),
        };
        out.push(expr.alias(name));
    }
    out.extend(EXTENSIONS.iter().map(|(x, c)| col(*c).alias(*x)));
    out
}
