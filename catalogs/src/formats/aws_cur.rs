//! AWS Cost and Usage Reports: the legacy CUR (`lineItem/UnblendedCost` headers, CSV or
//! CSV.gz) and CUR 2.0 Data Exports (`line_item_unblended_cost`, Parquet). Both are mapped by
//! one set of expressions: every raw column name is normalised to the CUR 2.0 snake_case key
//! (`reservation/ReservationARN` → `reservation_reservation_a_r_n`), and the mapping refers to
//! those keys only. The mapping table is in `docs/aws-cur.md`.

use std::collections::HashMap;
use std::sync::OnceLock;

use arrow::datatypes::DataType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions::expr_fn::{abs, coalesce, nullif};
use datafusion::logical_expr::{Expr, ExprSchemable, cast, lit};

use crate::formats::cloud_ai::{Bill, TokenColumns, with_token_columns};
use crate::formats::common::{
    Mapped, first_match, json_object, lookup, missing_message, money_or_zero, provider_projection,
    sum_money, typed_raw, zero_money,
};
use crate::mapping::{Strictness, raw_column, typed_null};
use crate::registry::{
    Dataset, FocusVersion, MONEY_TYPE, QUANTITY_TYPE, UNIT_PRICE_TYPE, timestamp_type,
};

/// The provider name AWS rows carry.
const PROVIDER: &str = "AWS";

/// The columns every CUR file has (as CUR 2.0 keys); a file lacking one is an error.
pub const REQUIRED: [&str; 6] = [
    "line_item_line_item_type",
    "line_item_unblended_cost",
    "line_item_usage_start_date",
    "line_item_usage_end_date",
    "bill_billing_period_start_date",
    "line_item_currency_code",
];

/// Line item types that are consumption.
const USAGE: &[&str] = &[
    "Usage",
    "DiscountedUsage",
    "SavingsPlanCoveredUsage",
    "SavingsPlanNegation",
];
/// Line item types that are negotiated or bundled discounts.
const DISCOUNTS: &[&str] = &[
    "BundledDiscount",
    "Discount",
    "PrivateRateDiscount",
    "EdpDiscount",
    "SppDiscount",
    "DistributorDiscount",
];
/// Line item types that buy a commitment or a service.
const PURCHASES: &[&str] = &[
    "Fee",
    "RIFee",
    "SavingsPlanUpfrontFee",
    "SavingsPlanRecurringFee",
];
/// Commitment fees billed every period.
const RECURRING_FEES: &[&str] = &["RIFee", "SavingsPlanRecurringFee"];
/// Charges billed once.
const ONE_TIME: &[&str] = &["Fee", "SavingsPlanUpfrontFee", "Credit", "Refund"];
/// Usage covered by a commitment.
const COVERED: &[&str] = &[
    "DiscountedUsage",
    "SavingsPlanCoveredUsage",
    "SavingsPlanNegation",
];

/// Which naming convention a CUR file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Legacy CUR CSV: `category/Name` headers.
    Legacy,
    /// CUR 2.0 (and legacy CUR Parquet): snake_case names.
    Snake,
}

/// The CUR 2.0 snake_case key of a raw column name: `/` becomes `_`, and every upper-case
/// letter starts a new `_`-separated lower-case word (so `ReservationARN` → `reservation_a_r_n`,
/// as AWS spells it). Snake_case names map to themselves.
pub fn cur2_key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for ch in raw.chars() {
        if ch == '/' {
            out.push('_');
        } else if ch.is_ascii_uppercase() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// Recognise a CUR file by its columns: which naming convention, or None.
pub fn recognise(columns: &[String]) -> Option<Flavour> {
    let has = |name: &str| columns.iter().any(|c| c == name);
    if has("lineItem/LineItemType") && has("bill/PayerAccountId") {
        Some(Flavour::Legacy)
    } else if has("line_item_line_item_type") && has("bill_payer_account_id") {
        Some(Flavour::Snake)
    } else {
        None
    }
}

/// The raw columns a CUR file must have that `columns` lacks, in the file's own spelling.
pub fn missing_required(columns: &[String], flavour: Flavour) -> Vec<String> {
    let keys: Vec<String> = columns.iter().map(|c| cur2_key(c)).collect();
    REQUIRED
        .iter()
        .filter(|r| !keys.iter().any(|k| k == *r))
        .map(|r| match flavour {
            Flavour::Snake => r.to_string(),
            Flavour::Legacy => legacy_name(r),
        })
        .collect()
}

/// What a CUR file of `flavour` lacks for the mapping, if anything (names in the file's
/// spelling).
pub fn check_required(columns: &[String], flavour: Flavour) -> Option<String> {
    missing_message(&missing_required(columns, flavour))
}

/// The legacy spelling of a required key, for error messages.
fn legacy_name(key: &str) -> String {
    let (category, rest) = if let Some(r) = key.strip_prefix("line_item_") {
        ("lineItem", r)
    } else if let Some(r) = key.strip_prefix("bill_") {
        ("bill", r)
    } else {
        return key.to_string();
    };
    let name: String = rest
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("{category}/{name}")
}

/// A lookup table from groups of line item types that share one FOCUS value.
fn table<'a>(groups: &[(&[&'a str], &'a str)]) -> Vec<(&'a str, &'a str)> {
    groups
        .iter()
        .flat_map(|(keys, value)| keys.iter().map(move |k| (*k, *value)))
        .collect()
}

/// ServiceCategory and ServiceSubcategory per `lineItem/ProductCode`, from
/// `catalogs/data/aws-services.csv`.
fn services() -> &'static [(String, String, String)] {
    static SERVICES: OnceLock<Vec<(String, String, String)>> = OnceLock::new();
    SERVICES.get_or_init(|| {
        include_str!("../../data/aws-services.csv")
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split(',');
                Some((
                    f.next()?.to_string(),
                    f.next()?.to_string(),
                    f.next()?.to_string(),
                ))
            })
            .collect()
    })
}

/// Typed access to the raw columns of one CUR file by their CUR 2.0 keys.
struct Cur<'a> {
    schema: &'a DFSchema,
    by_key: HashMap<String, String>,
    strict: Strictness,
}

impl<'a> Cur<'a> {
    fn new(schema: &'a DFSchema, strict: Strictness) -> Self {
        let by_key = schema
            .fields()
            .iter()
            .map(|f| (cur2_key(f.name()), f.name().clone()))
            .collect();
        Self {
            schema,
            by_key,
            strict,
        }
    }

    /// The raw column with this key converted to `to`, or a typed null when absent.
    fn typed(&self, key: &str, to: &DataType) -> Expr {
        match self.by_key.get(key) {
            Some(name) => typed_raw(self.schema, name, to, name, self.strict),
            None => typed_null(to),
        }
    }

    fn text(&self, key: &str) -> Expr {
        self.typed(key, &DataType::Utf8)
    }

    /// Text with empty strings read as null (Parquet exports write `''` for "none").
    fn id(&self, key: &str) -> Expr {
        nullif(self.text(key), lit(""))
    }

    fn money(&self, key: &str) -> Expr {
        self.typed(key, &MONEY_TYPE)
    }

    fn time(&self, key: &str) -> Expr {
        self.typed(key, &timestamp_type())
    }

    /// The raw column `key` when it is a map (CUR 2.0 `product`, `resource_tags`, ...).
    fn map_column(&self, key: &str) -> Option<Expr> {
        let column = raw_column(self.by_key.get(key)?);
        match column.get_type(self.schema) {
            Ok(DataType::Map(..)) => Some(column),
            _ => None,
        }
    }

    /// One entry of the map column `key` as text, or null.
    fn map_entry(&self, key: &str, entry: &str) -> Expr {
        match self.map_column(key) {
            Some(map) => cast(get_field(map, entry), DataType::Utf8),
            None => text_null(),
        }
    }

    /// A JSON object from CUR 2.0's map column `key` (`resource_tags`, `cost_category`,
    /// `discount`), or else from the one-column-per-key legacy columns: `<prefix>/<name>` in
    /// CSV and `<key>_<name>` in legacy Parquet, keyed by `<name>` as delivered.
    fn json_map(&self, key: &str, legacy_prefix: &str) -> Expr {
        if let Some(map) = self.map_column(key) {
            return focusql_udfs::json::map_to_json_udf().call(vec![map]);
        }
        let snake_prefix = format!("{key}_");
        let mut entries: Vec<(String, Expr)> = self
            .schema
            .fields()
            .iter()
            .filter_map(|f| {
                let name = f.name();
                let entry = name
                    .strip_prefix(legacy_prefix)
                    .or_else(|| name.strip_prefix(&snake_prefix))?;
                Some((entry.to_string(), self.text(&cur2_key(name))))
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        json_object(entries)
    }
}

fn quantity_null() -> Expr {
    typed_null(&QUANTITY_TYPE)
}

fn text_null() -> Expr {
    lit(ScalarValue::Utf8(None))
}

/// Every FOCUS Cost and Usage column this format fills, by name, plus the `x_` extension
/// columns (in order). Columns of every version are present; the projection picks the target
/// version's.
fn expressions(cur: &Cur) -> (HashMap<&'static str, Expr>, Vec<(&'static str, Expr)>) {
    let item_type = cur.text("line_item_line_item_type");
    let is = |types: &[&str]| {
        item_type
            .clone()
            .in_list(types.iter().map(|t| lit(*t)).collect(), false)
    };
    let is_split = cur.id("split_line_item_parent_resource_id").is_not_null();
    let is_tax = item_type.clone().eq(lit("Tax"));
    let is_negation = item_type.clone().eq(lit("SavingsPlanNegation"));
    let usage_amount = cur.typed("line_item_usage_amount", &QUANTITY_TYPE);
    let unit = cur.text("pricing_unit");

    let charge_category = lookup(
        item_type.clone(),
        &table(&[
            (&["Tax"], "Tax"),
            (USAGE, "Usage"),
            (PURCHASES, "Purchase"),
            (DISCOUNTS, "Credit"),
            (&["Credit"], "Credit"),
        ]),
        lit("Adjustment"),
    );
    let category_is_usage = is(USAGE);
    let charge_class = first_match(
        vec![(
            item_type
                .clone()
                .eq(lit("Refund"))
                .or(cur.text("bill_bill_type").eq(lit("Refund"))),
            lit("Correction"),
        )],
        text_null(),
    );
    let charge_frequency = lookup(
        item_type.clone(),
        &table(&[
            (RECURRING_FEES, "Recurring"),
            (&["Tax"], "Recurring"),
            (ONE_TIME, "One-Time"),
        ]),
        lit("Usage-Based"),
    );

    // Costs. Split cost allocation rows carry no amounts of their own (their parent line
    // item has them); their share is in AllocatedMethodDetails and x_SplitCost.
    let unless_split = |e: Expr| first_match(vec![(is_split.clone(), zero_money())], e);
    let billed = money_or_zero(vec![
        cur.money("line_item_net_unblended_cost"),
        cur.money("line_item_unblended_cost"),
    ]);
    let effective = first_match(
        vec![
            (
                is(&["SavingsPlanCoveredUsage"]),
                money_or_zero(vec![
                    cur.money("savings_plan_net_savings_plan_effective_cost"),
                    cur.money("savings_plan_savings_plan_effective_cost"),
                ]),
            ),
            (
                is(&["SavingsPlanRecurringFee"]),
                sum_money(vec![
                    cur.money("savings_plan_total_commitment_to_date"),
                    -cur.money("savings_plan_used_commitment"),
                ]),
            ),
            (
                is(&["SavingsPlanNegation", "SavingsPlanUpfrontFee"]),
                zero_money(),
            ),
            (
                is(&["DiscountedUsage"]),
                money_or_zero(vec![
                    cur.money("reservation_net_effective_cost"),
                    cur.money("reservation_effective_cost"),
                ]),
            ),
            (
                is(&["RIFee"]),
                sum_money(vec![
                    coalesce(vec![
                        cur.money(
                            "reservation_net_unused_amortized_upfront_fee_for_billing_period",
                        ),
                        cur.money("reservation_unused_amortized_upfront_fee_for_billing_period"),
                    ]),
                    coalesce(vec![
                        cur.money("reservation_net_unused_recurring_fee"),
                        cur.money("reservation_unused_recurring_fee"),
                    ]),
                ]),
            ),
            (
                is(&["Fee"]).and(cur.id("reservation_reservation_a_r_n").is_not_null()),
                zero_money(),
            ),
        ],
        billed.clone(),
    );
    let list_cost = first_match(
        vec![(is_negation.clone(), zero_money())],
        money_or_zero(vec![
            cur.money("pricing_public_on_demand_cost"),
            billed.clone(),
        ]),
    );
    // The contracted (negotiated, pre-commitment) cost is what the line item bills.
    let contracted_cost = first_match(vec![(is_negation.clone(), zero_money())], billed.clone());

    let not_tax = |e: Expr, null: Expr| first_match(vec![(is_tax.clone(), null)], e);
    let unit_price = |keys: &[&str]| {
        let options: Vec<Expr> = keys
            .iter()
            .map(|k| cur.typed(k, &UNIT_PRICE_TYPE))
            .collect();
        // A SavingsPlanNegation row repeats the covered usage's rate negated; a unit price is
        // never negative, so it carries the rate itself.
        let price = cast(coalesce(options), UNIT_PRICE_TYPE);
        first_match(
            vec![
                (is_tax.clone(), typed_null(&UNIT_PRICE_TYPE)),
                (is_negation.clone(), abs(price.clone())),
            ],
            price,
        )
    };
    let list_unit_price =
        unit_price(&["pricing_public_on_demand_rate", "line_item_unblended_rate"]);
    let contracted_unit_price =
        unit_price(&["line_item_net_unblended_rate", "line_item_unblended_rate"]);
    let amount_unless = |e: Expr| {
        first_match(
            vec![
                (is_tax.clone(), quantity_null()),
                (
                    is_negation.clone().or(is_split.clone()),
                    cast(zero_money(), QUANTITY_TYPE),
                ),
            ],
            e,
        )
    };
    let pricing_quantity = amount_unless(usage_amount.clone());
    let consumed_quantity = first_match(
        vec![(category_is_usage.clone(), amount_unless(usage_amount))],
        quantity_null(),
    );
    let consumed_unit = first_match(vec![(category_is_usage, unit.clone())], text_null());
    let pricing_unit = not_tax(unit, text_null());

    // Commitments.
    let sp_arn = cur.id("savings_plan_savings_plan_a_r_n");
    let ri_arn = cur.id("reservation_reservation_a_r_n");
    let commitment_id = coalesce(vec![sp_arn.clone(), ri_arn.clone()]);
    let by_commitment = |sp: &str, ri: &str| {
        first_match(
            vec![
                (sp_arn.clone().is_not_null(), lit(sp)),
                (ri_arn.clone().is_not_null(), lit(ri)),
            ],
            text_null(),
        )
    };
    let commitment_status = first_match(
        vec![(
            is(COVERED).and(commitment_id.clone().is_not_null()),
            lit("Used"),
        )],
        text_null(),
    );
    let pricing_category = first_match(
        vec![
            (is(COVERED), lit("Committed")),
            (
                cur.text("line_item_usage_type").like(lit("%SpotUsage%")),
                lit("Dynamic"),
            ),
            (is(USAGE).or(is(PURCHASES)), lit("Standard")),
        ],
        text_null(),
    );

    let product_code = cur.text("line_item_product_code");
    let service_category = lookup(
        product_code.clone(),
        &services()
            .iter()
            .map(|(code, cat, _)| (code.as_str(), cat.as_str()))
            .collect::<Vec<_>>(),
        lit("Other"),
    );
    let service_subcategory = lookup(
        product_code.clone(),
        &services()
            .iter()
            .map(|(code, _, sub)| (code.as_str(), sub.as_str()))
            .collect::<Vec<_>>(),
        lit("Other (Other)"),
    );

    let split_details = json_object(
        [
            "split_line_item_split_cost",
            "split_line_item_unused_cost",
            "split_line_item_split_usage",
            "split_line_item_split_usage_ratio",
        ]
        .iter()
        .map(|k| (k.to_string(), cur.text(k)))
        .collect(),
    );
    let when_split = |e: Expr| first_match(vec![(is_split.clone(), e)], text_null());
    let currency = cur.text("line_item_currency_code");
    let effective = unless_split(effective);

    let mut m: HashMap<&'static str, Expr> = HashMap::new();
    m.insert("BilledCost", unless_split(billed));
    m.insert("EffectiveCost", effective.clone());
    m.insert("PricingCurrencyEffectiveCost", effective);
    m.insert("ListCost", unless_split(list_cost));
    m.insert("ContractedCost", unless_split(contracted_cost));
    m.insert("ListUnitPrice", list_unit_price.clone());
    m.insert("PricingCurrencyListUnitPrice", list_unit_price);
    m.insert("ContractedUnitPrice", contracted_unit_price.clone());
    m.insert("PricingCurrencyContractedUnitPrice", contracted_unit_price);
    m.insert("PricingQuantity", pricing_quantity);
    m.insert("PricingUnit", pricing_unit);
    m.insert("ConsumedQuantity", consumed_quantity);
    m.insert("ConsumedUnit", consumed_unit);
    m.insert("PricingCategory", pricing_category);
    m.insert("BillingCurrency", currency.clone());
    m.insert("PricingCurrency", currency);
    m.insert("ChargeCategory", charge_category);
    m.insert("ChargeClass", charge_class);
    m.insert("ChargeFrequency", charge_frequency);
    m.insert(
        "ChargeDescription",
        cur.text("line_item_line_item_description"),
    );
    m.insert("ChargePeriodStart", cur.time("line_item_usage_start_date"));
    m.insert("ChargePeriodEnd", cur.time("line_item_usage_end_date"));
    m.insert(
        "BillingPeriodStart",
        cur.time("bill_billing_period_start_date"),
    );
    m.insert("BillingPeriodEnd", cur.time("bill_billing_period_end_date"));
    m.insert("BillingAccountId", cur.text("bill_payer_account_id"));
    m.insert("BillingAccountName", cur.text("bill_payer_account_name"));
    m.insert("BillingAccountType", lit("Payer Account"));
    m.insert("SubAccountId", cur.text("line_item_usage_account_id"));
    m.insert("SubAccountName", cur.text("line_item_usage_account_name"));
    m.insert(
        "SubAccountType",
        first_match(
            vec![(
                cur.text("line_item_usage_account_id").is_not_null(),
                lit("Linked Account"),
            )],
            text_null(),
        ),
    );
    m.insert("InvoiceId", cur.text("bill_invoice_id"));
    m.insert("InvoiceIssuerName", cur.text("bill_invoicing_entity"));
    m.insert("PublisherName", cur.text("line_item_legal_entity"));
    m.insert("ProviderName", lit(PROVIDER));
    m.insert("ServiceProviderName", lit(PROVIDER));
    m.insert("HostProviderName", lit(PROVIDER));
    m.insert(
        "ServiceName",
        coalesce(vec![
            cur.text("product_product_name"),
            cur.map_entry("product", "product_name"),
            product_code.clone(),
        ]),
    );
    m.insert("ServiceCategory", service_category);
    m.insert("ServiceSubcategory", service_subcategory);
    m.insert(
        "RegionId",
        coalesce(vec![
            cur.id("product_region_code"),
            cur.id("product_region"),
        ]),
    );
    m.insert("RegionName", cur.text("product_location"));
    m.insert("AvailabilityZone", cur.text("line_item_availability_zone"));
    m.insert(
        "ResourceId",
        first_match(
            vec![(
                is_split.clone(),
                cur.text("split_line_item_parent_resource_id"),
            )],
            cur.text("line_item_resource_id"),
        ),
    );
    m.insert("SkuId", cur.text("product_sku"));
    m.insert(
        "SkuPriceId",
        coalesce(vec![cur.id("pricing_rate_code"), cur.id("pricing_rate_id")]),
    );
    m.insert("CommitmentDiscountId", commitment_id);
    m.insert(
        "CommitmentDiscountCategory",
        by_commitment("Spend", "Usage"),
    );
    m.insert(
        "CommitmentDiscountType",
        by_commitment("Savings Plan", "Reserved Instance"),
    );
    m.insert("CommitmentDiscountStatus", commitment_status);
    m.insert("Tags", cur.json_map("resource_tags", "resourceTags/"));
    m.insert("AllocatedMethodId", when_split(lit("SplitCostAllocation")));
    m.insert("AllocatedMethodDetails", when_split(split_details));
    m.insert(
        "AllocatedResourceId",
        when_split(cur.text("line_item_resource_id")),
    );

    let extensions = vec![
        ("x_ServiceCode", product_code),
        ("x_UsageType", cur.text("line_item_usage_type")),
        ("x_Operation", cur.text("line_item_operation")),
        ("x_LineItemType", item_type),
        (
            "x_CostCategories",
            cur.json_map("cost_category", "costCategory/"),
        ),
        ("x_Discounts", cur.json_map("discount", "discount/")),
        (
            "x_SplitCost",
            first_match(
                vec![(
                    is_split,
                    sum_money(vec![
                        coalesce(vec![
                            cur.money("split_line_item_net_split_cost"),
                            cur.money("split_line_item_split_cost"),
                        ]),
                        coalesce(vec![
                            cur.money("split_line_item_net_unused_cost"),
                            cur.money("split_line_item_unused_cost"),
                        ]),
                    ]),
                )],
                typed_null(&MONEY_TYPE),
            ),
        ),
    ];
    (m, extensions)
}

/// The projection that presents a CUR file as FOCUS Cost and Usage in `target`: every column of
/// the target version (typed nulls where AWS has no data), then the `x_` extension columns.
pub fn projection(raw_schema: &DFSchema, target: FocusVersion, strict: Strictness) -> Vec<Expr> {
    let cur = Cur::new(raw_schema, strict);
    let (m, extensions) = expressions(&cur);
    let mapped: Vec<Mapped> = m.into_iter().collect();
    let projection = provider_projection(
        raw_schema,
        Dataset::CostAndUsage,
        target,
        strict,
        &mapped,
        extensions.into_iter().map(|(n, e)| e.alias(n)).collect(),
    );
    // Bedrock token lines: the usage type names the token type, the pricing unit the block, the
    // product name the model of Marketplace lines.
    let tokens = TokenColumns::with_product(
        Bill::Bedrock,
        cur.text("line_item_usage_type"),
        cur.text("pricing_unit"),
        coalesce(vec![
            cur.text("product_product_name"),
            cur.map_entry("product", "product_name"),
        ]),
    );
    with_token_columns(projection, &tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_aws_snake_case() {
        assert_eq!(
            cur2_key("lineItem/UnblendedCost"),
            "line_item_unblended_cost"
        );
        assert_eq!(
            cur2_key("reservation/ReservationARN"),
            "reservation_reservation_a_r_n"
        );
        assert_eq!(
            cur2_key("savingsPlan/SavingsPlanEffectiveCost"),
            "savings_plan_savings_plan_effective_cost"
        );
        assert_eq!(cur2_key("product/regionCode"), "product_region_code");
        assert_eq!(cur2_key("bill_payer_account_id"), "bill_payer_account_id");
        assert_eq!(
            cur2_key("splitLineItem/ParentResourceId"),
            "split_line_item_parent_resource_id"
        );
    }

    #[test]
    fn required_columns_are_named_in_the_file_spelling() {
        let cols = vec![
            "lineItem/LineItemType".to_string(),
            "bill/PayerAccountId".into(),
        ];
        let missing = missing_required(&cols, Flavour::Legacy);
        assert!(
            missing.contains(&"lineItem/UnblendedCost".to_string()),
            "{missing:?}"
        );
        assert!(missing.contains(&"bill/BillingPeriodStartDate".to_string()));
    }
}
