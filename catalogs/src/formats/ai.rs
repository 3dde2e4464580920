//! AI token rows in FOCUS form: the Cost and Usage projection over `token_usage` rows that
//! carry a billed cost (cost pages; usage pages stay in `token_usage`, so nothing is counted
//! twice in `costs`). Every AI source maps through here.
//!
//! ConsumedQuantity is the usage the line bills (cost pages take it from the source's usage
//! pages, see [`super::cost_quantities`]; NULL when no usage page matches), ConsumedUnit its
//! `usage_unit` (`Tokens`, `Requests`, …), PricingUnit `1M Tokens` for tokens (else the
//! consumed unit), the unit prices the billed cost over PricingQuantity, and the token
//! type is in SkuPriceDetails (`ModelDeveloper`, `ModelId`, `ModelFamily`, `ModelVersion`,
//! `TokenDirection`, `TokenCacheAction`, `x_CacheTtl`, `x_Modality`, `x_ServiceTier`,
//! `x_ContextBand`) and in `x_` columns.

use arrow::datatypes::DataType;
use datafusion::common::DFSchema;
use datafusion::functions::expr_fn::{coalesce, concat, nullif};
use datafusion::logical_expr::{Expr, col, lit};

use crate::formats::common::{
    Mapped, first_match, json_object, month_start, next_month_start, provider_projection,
};
use crate::mapping::{Strictness, raw_column, typed_null};
use crate::registry::{Dataset, FocusVersion, RENAMES};

/// The pricing block of AI token rows.
pub const PRICING_UNIT: &str = "1M Tokens";
const TOKENS_PER_BLOCK: i64 = 1_000_000;

/// The filter that keeps the rows that belong in `costs`.
pub fn cost_rows_filter() -> Expr {
    raw_column("billed_cost").is_not_null()
}

/// SkuPriceDetails as a JSON object text built from the token columns (null members left out).
fn sku_price_details() -> Expr {
    let members = [
        ("x_TokenSource", "source_system"),
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
    json_object(
        members
            .iter()
            .map(|(k, c)| (k.to_string(), raw_column(c)))
            .collect(),
    )
}

/// The quantity a FOCUS row consumes: a usage row's own `quantity` (cloud bill lines carry
/// one), else the usage a cost line bills (`billed_quantity`, see [`super::cost_quantities`]).
fn consumed_quantity() -> Expr {
    coalesce(vec![raw_column("quantity"), raw_column("billed_quantity")])
}

/// The FOCUS 1.4 columns AI rows have, with the expressions that compute them.
fn focus_exprs(source_name: &str) -> Vec<Mapped> {
    let cost = raw_column("billed_cost");
    let provider = raw_column("provider");
    let quantity = consumed_quantity();
    let has_quantity = quantity.clone().is_not_null();
    let unit = raw_column("usage_unit");
    let is_tokens = unit.clone().eq(lit("Tokens"));
    // Tokens are priced per block of a million; other units one by one.
    let pricing_quantity = first_match(
        vec![(is_tokens.clone(), quantity.clone() / lit(TOKENS_PER_BLOCK))],
        quantity.clone(),
    );
    // What the line cost per pricing unit: the billed amount over the billed quantity.
    let unit_price = cost.clone() / nullif(pricing_quantity.clone(), lit(0_i64));
    vec![
        ("BilledCost", cost.clone()),
        ("EffectiveCost", cost.clone()),
        ("ListCost", cost.clone()),
        ("ContractedCost", cost.clone()),
        ("PricingCurrencyEffectiveCost", cost),
        ("BillingCurrency", raw_column("currency")),
        ("PricingCurrency", raw_column("currency")),
        (
            "BillingAccountId",
            coalesce(vec![raw_column("billing_account_id"), lit(source_name)]),
        ),
        ("BillingAccountType", lit("Organization")),
        ("SubAccountId", raw_column("sub_account_id")),
        (
            "SubAccountType",
            first_match(
                vec![
                    (
                        raw_column("sub_account_id").is_null(),
                        typed_null(&DataType::Utf8),
                    ),
                    (provider.clone().eq(lit("OpenAI")), lit("Project")),
                ],
                lit("Workspace"),
            ),
        ),
        ("ChargePeriodStart", raw_column("period_start")),
        ("ChargePeriodEnd", raw_column("period_end")),
        (
            "BillingPeriodStart",
            month_start(raw_column("period_start"), "UTC"),
        ),
        (
            "BillingPeriodEnd",
            next_month_start(raw_column("period_start"), "UTC"),
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
            first_match(vec![(has_quantity.clone(), unit.clone())], None),
        ),
        ("ConsumedQuantity", quantity),
        (
            "PricingUnit",
            first_match(
                vec![
                    (has_quantity.clone().and(is_tokens), lit(PRICING_UNIT)),
                    (has_quantity, unit),
                ],
                None,
            ),
        ),
        ("PricingQuantity", pricing_quantity),
        ("ListUnitPrice", unit_price.clone()),
        ("ContractedUnitPrice", unit_price.clone()),
        ("PricingCurrencyListUnitPrice", unit_price.clone()),
        ("PricingCurrencyContractedUnitPrice", unit_price),
        ("SkuId", raw_column("model_id")),
        ("SkuPriceDetails", sku_price_details()),
    ]
}

/// True when AI rows have a value for the FOCUS column `name` (any version's spelling).
pub fn provides(name: &str) -> bool {
    let newer = RENAMES
        .iter()
        .find(|r| r.old.eq_ignore_ascii_case(name))
        .map_or(name, |r| r.new);
    focus_exprs("")
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case(newer))
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
    let mapped = if dataset == Dataset::CostAndUsage {
        focus_exprs(source_name)
    } else {
        Vec::new()
    };
    let extensions = EXTENSIONS.iter().map(|(x, c)| col(*c).alias(*x)).collect();
    provider_projection(raw_schema, dataset, version, strict, &mapped, extensions)
}
