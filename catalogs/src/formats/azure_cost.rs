//! Azure Cost Management cost details exports (actual and amortized; EA PascalCase and MCA
//! camelCase headers) mapped to FOCUS Cost and Usage.
//!
//! Both header styles go through one set of expressions: raw columns are found
//! case-insensitively under each of their spellings (`CostInBillingCurrency`, older `Cost`,
//! MCA `costInBillingCurrency`), and the few places where MCA means something else (billing
//! account = billing profile, prices in pricing currency) switch on [`Header`]. The mapping
//! follows the FinOps toolkit's `convert.md`; docs/azure-cost-details.md lists every column.

use std::collections::HashMap;

use arrow::datatypes::DataType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::functions::expr_fn::{coalesce, date_trunc, lower, regexp_replace, replace};
use datafusion::logical_expr::{Expr, JoinType, cast, lit};
use datafusion::prelude::DataFrame;

use crate::error::Result;
use crate::formats::cloud_ai::{Bill, TokenColumns, with_token_columns};
use crate::formats::common::{
    Mapped, RawColumns, first_match, is_one_of, json_object_text, lookup_any_case, missing_message,
    plus_days, plus_months, provider_projection, zero_money,
};
use crate::formats::focus::ColumnIndex;
use crate::mapping::{Strictness, raw_column, typed_null};
use crate::registry::{Dataset, FocusVersion, MONEY_TYPE, QUANTITY_TYPE, UNIT_PRICE_TYPE};

/// Spellings of each raw field, newest EA name first (matched case-insensitively, so the MCA
/// camelCase names match too).
const COST: &[&str] = &["CostInBillingCurrency", "Cost"];
const CURRENCY: &[&str] = &["BillingCurrencyCode", "BillingCurrency"];
const DATE: &[&str] = &["Date", "UsageDate"];
const CHARGE_TYPE: &[&str] = &["ChargeType"];
const PRICING_MODEL: &[&str] = &["PricingModel"];
const FREQUENCY: &[&str] = &["Frequency"];
const QUANTITY: &[&str] = &["Quantity"];
const UNIT: &[&str] = &["UnitOfMeasure"];
const UNIT_PRICE: &[&str] = &["UnitPrice"];
const PAYG_PRICE: &[&str] = &["PayGPrice"];
const BENEFIT_ID: &[&str] = &["benefitId", "ReservationId"];
const BENEFIT_NAME: &[&str] = &["benefitName", "ReservationName"];
const LOCATION: &[&str] = &["ResourceLocation", "Location"];
const METER_CATEGORY: &[&str] = &["MeterCategory"];
const PRODUCT: &[&str] = &["ProductName", "Product"];

/// Raw columns without which a cost details file cannot be mapped.
const REQUIRED: [&[&str]; 3] = [DATE, COST, CURRENCY];

/// Columns only MCA (Microsoft Customer Agreement) exports have.
const MCA_MARKERS: &[&str] = &[
    "pricingCurrency",
    "exchangeRatePricingToBilling",
    "paygCostInBillingCurrency",
    "costInPricingCurrency",
];

/// Raw columns kept as FOCUS extension columns: (extension name, raw spellings).
const EXTENSIONS: &[(&str, &[&str])] = &[
    (
        "x_ResourceGroupName",
        &["ResourceGroup", "ResourceGroupName"],
    ),
    ("x_CostCenter", &["CostCenter"]),
    ("x_InvoiceSectionId", &["InvoiceSectionId"]),
    (
        "x_InvoiceSectionName",
        &["InvoiceSectionName", "InvoiceSection"],
    ),
    ("x_SkuMeterCategory", METER_CATEGORY),
    ("x_SkuMeterSubcategory", &["MeterSubCategory"]),
    ("x_SkuMeterId", &["MeterId"]),
    ("x_SkuPartNumber", &["PartNumber"]),
    ("x_ChargeType", CHARGE_TYPE),
    ("x_PricingModel", PRICING_MODEL),
];

/// FOCUS columns copied from a raw column as they are, when the file has it.
const DIRECT: &[(&str, &[&str])] = &[
    ("ChargeDescription", PRODUCT),
    ("SubAccountName", &["SubscriptionName"]),
    ("InvoiceId", &["InvoiceId"]),
    ("AvailabilityZone", &["AvailabilityZone"]),
    ("SkuId", &["ProductId"]),
    ("SkuMeter", &["MeterName"]),
];

/// ServiceCategory and ServiceSubcategory by MeterCategory (lower case); others are
/// `Other` / `Other (Other)`.
const SERVICES: &[(&str, &str, &str)] = &[
    ("virtual machines", "Compute", "Virtual Machines"),
    ("virtual machines licenses", "Compute", "Virtual Machines"),
    ("container instances", "Compute", "Containers"),
    ("azure kubernetes service", "Compute", "Containers"),
    ("functions", "Compute", "Serverless Compute"),
    ("azure app service", "Web", "Application Platforms"),
    ("storage", "Storage", "Storage Platforms"),
    ("backup", "Storage", "Backup Storage"),
    ("virtual network", "Networking", "Network Infrastructure"),
    ("bandwidth", "Networking", "Network Connectivity"),
    ("vpn gateway", "Networking", "Network Connectivity"),
    ("load balancer", "Networking", "Application Networking"),
    ("azure dns", "Networking", "Network Routing"),
    ("content delivery network", "Networking", "Content Delivery"),
    ("azure firewall", "Networking", "Network Security"),
    ("sql database", "Databases", "Relational Databases"),
    ("sql managed instance", "Databases", "Relational Databases"),
    (
        "azure database for mysql",
        "Databases",
        "Relational Databases",
    ),
    (
        "azure database for postgresql",
        "Databases",
        "Relational Databases",
    ),
    ("azure cosmos db", "Databases", "NoSQL Databases"),
    ("redis cache", "Databases", "Caching"),
    ("azure data factory v2", "Analytics", "Data Processing"),
    ("azure databricks", "Analytics", "Data Processing"),
    ("azure synapse analytics", "Analytics", "Data Warehouses"),
    ("event hubs", "Integration", "Messaging"),
    ("service bus", "Integration", "Messaging"),
    ("logic apps", "Integration", "Workflow Orchestration"),
    ("api management", "Integration", "API Management"),
    (
        "log analytics",
        "Management and Governance",
        "Observability",
    ),
    (
        "azure monitor",
        "Management and Governance",
        "Observability",
    ),
    ("key vault", "Security", "Secret Management"),
    (
        "advanced threat protection",
        "Security",
        "Threat Detection and Response",
    ),
    (
        "advanced data security",
        "Security",
        "Security Posture Management",
    ),
    (
        "cognitive services",
        "AI and Machine Learning",
        "AI Platforms",
    ),
    ("foundry models", "AI and Machine Learning", "Generative AI"),
    ("azure openai", "AI and Machine Learning", "Generative AI"),
    (
        "azure machine learning",
        "AI and Machine Learning",
        "Machine Learning",
    ),
];

/// Which agreement's header style a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// Enterprise Agreement: PascalCase, billing account = enrollment, prices in billing currency.
    Ea,
    /// Microsoft Customer Agreement: camelCase, billing account = billing profile, prices in
    /// pricing currency with an exchange rate to the billing currency.
    Mca,
}

impl Header {
    /// The header style of a file from its columns.
    pub fn of(columns: &[String]) -> Header {
        let index = ColumnIndex::new(columns);
        if MCA_MARKERS.iter().any(|m| index.get(m).is_some()) {
            Header::Mca
        } else {
            Header::Ea
        }
    }
}

/// Recognise a cost details export by its columns (MeterCategory and SubscriptionId, and no
/// FOCUS ChargeCategory).
pub fn recognise(columns: &[String]) -> Option<(Dataset, FocusVersion)> {
    let index = ColumnIndex::new(columns);
    let has = |spellings: &[&str]| spellings.iter().any(|s| index.get(s).is_some());
    (has(METER_CATEGORY) && has(&["SubscriptionId"]) && !has(&["ChargeCategory"]))
        .then_some((Dataset::CostAndUsage, FocusVersion::LATEST))
}

/// What a recognised file lacks for the mapping, if anything (each column under any of its
/// spellings).
pub fn check_required(columns: &[String]) -> Option<String> {
    let index = ColumnIndex::new(columns);
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|spellings| spellings.iter().all(|s| index.get(s).is_none()))
        .map(|spellings| spellings.join(" or "))
        .collect();
    missing_message(&missing)
}

/// True when a file path names an amortized export (`…/amortized…/…`, case-insensitive); used
/// for files no manifest describes.
pub fn is_amortized_path(path: &str) -> bool {
    path.to_ascii_lowercase().contains("amortized")
}

/// Combine the FOCUS frames of actual-cost exports with those of amortized exports: for each
/// (BillingAccountId, BillingPeriodStart) the amortized export covers, the actual export adds
/// only its commitment purchases and refunds (ChargeCategory Purchase with PricingCategory
/// Committed, i.e. ChargeType Purchase/Refund with PricingModel Reservation/SavingsPlan);
/// months only the actual export covers are kept whole. Returns the actual frames to union
/// with the amortized ones.
pub fn combine_with_amortized(
    actual: Vec<DataFrame>,
    amortized: &[DataFrame],
) -> Result<Vec<DataFrame>> {
    const ACCOUNT: &str = "__amortized_account";
    const PERIOD: &str = "__amortized_period";
    let mut covered: Option<DataFrame> = None;
    for frame in amortized {
        let keys = frame.clone().select(vec![
            raw_column("BillingAccountId").alias(ACCOUNT),
            raw_column("BillingPeriodStart").alias(PERIOD),
        ])?;
        covered = Some(match covered {
            None => keys,
            Some(acc) => acc.union(keys)?,
        });
    }
    let Some(covered) = covered else {
        return Ok(actual);
    };
    let covered = covered.distinct()?;
    let mut out = Vec::with_capacity(actual.len());
    for frame in actual {
        let columns: Vec<Expr> = frame
            .schema()
            .fields()
            .iter()
            .map(|f| raw_column(f.name()))
            .collect();
        let purchase = raw_column("ChargeCategory")
            .eq(lit("Purchase"))
            .and(raw_column("PricingCategory").eq(lit("Committed")));
        let joined = frame.join_on(
            covered.clone(),
            JoinType::Left,
            [
                raw_column("BillingAccountId").eq(raw_column(ACCOUNT)),
                raw_column("BillingPeriodStart").eq(raw_column(PERIOD)),
            ],
        )?;
        out.push(
            joined
                .filter(raw_column(PERIOD).is_null().or(purchase))?
                .select(columns)?,
        );
    }
    Ok(out)
}

fn field_names(schema: &DFSchema) -> Vec<String> {
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

fn charge_and_pricing(raw: &RawColumns) -> (Expr, Expr) {
    (
        raw.get(CHARGE_TYPE).unwrap_or_else(|| lit("Usage")),
        raw.get(PRICING_MODEL).unwrap_or_else(|| lit("OnDemand")),
    )
}

fn null_text() -> Expr {
    typed_null(&DataType::Utf8)
}

/// `a × b` as an exact decimal of type `to`.
fn times(a: Expr, b: Expr, to: &DataType) -> Expr {
    cast(a * b, to.clone())
}

/// The FOCUS columns of a cost details file as expressions over its raw columns, keyed by FOCUS
/// name (every version's names, so 1.0–1.2 ProviderName/PublisherName too).
fn focus_exprs(
    raw: &RawColumns,
    header: Header,
    strict: Strictness,
) -> HashMap<&'static str, Expr> {
    let text = |s: &[&str]| raw.get(s).unwrap_or_else(null_text);
    let money = |s: &[&str]| raw.typed(s, "BilledCost", strict);
    let price = |s: &[&str]| raw.typed(s, "ListUnitPrice", strict);
    let zero = zero_money();
    let mca = header == Header::Mca;
    let mut m: HashMap<&'static str, Expr> = HashMap::new();

    let (charge_type, pricing_model) = charge_and_pricing(raw);
    let commitment = is_one_of(&pricing_model, &["Reservation", "SavingsPlan"]);
    let purchase = is_one_of(&charge_type, &["Purchase", "Refund"]);
    let usage = is_one_of(&charge_type, &["Usage"]);
    let unused = is_one_of(&charge_type, &["UnusedReservation", "UnusedSavingsPlan"]);
    let tax = is_one_of(&charge_type, &["Tax"]);
    let not_tax = |e: Expr, null: Expr| first_match(vec![(tax.clone(), null)], e);

    // Costs: covered usage and unused commitment are not billed (the purchase is); purchases
    // carry no effective cost (it is spread onto usage by the amortized export).
    let cost = money(COST).unwrap_or_else(|| zero.clone());
    let billed = first_match(
        vec![(commitment.clone().and(!purchase.clone()), zero.clone())],
        cost.clone(),
    );
    let effective_of = |c: Expr| {
        first_match(
            vec![(commitment.clone().and(purchase.clone()), zero.clone())],
            c,
        )
    };
    let effective = effective_of(cost.clone());
    m.insert("BilledCost", billed);
    m.insert("EffectiveCost", effective.clone());
    let pc_effective = match raw.typed(&["CostInPricingCurrency"], "BilledCost", strict) {
        Some(c) if mca => effective_of(c),
        _ => effective,
    };
    m.insert("PricingCurrencyEffectiveCost", pc_effective);

    // Prices: EA prices are in the billing currency; MCA prices are in the pricing currency and
    // are converted with the exchange rate.
    let rate = if mca {
        raw.typed(&["ExchangeRatePricingToBilling"], "PricingQuantity", strict)
    } else {
        None
    };
    let to_billing = |p: Expr| match &rate {
        Some(r) => times(p, r.clone(), &UNIT_PRICE_TYPE),
        None => p,
    };
    let quantity = raw.typed(QUANTITY, "PricingQuantity", strict);
    let unit_price = price(UNIT_PRICE);
    let list_price = price(PAYG_PRICE).or_else(|| unit_price.clone());
    let price_null = typed_null(&UNIT_PRICE_TYPE);
    if let Some(p) = &list_price {
        m.insert(
            "PricingCurrencyListUnitPrice",
            not_tax(p.clone(), price_null.clone()),
        );
        m.insert(
            "ListUnitPrice",
            not_tax(to_billing(p.clone()), price_null.clone()),
        );
    }
    if let Some(p) = &unit_price {
        m.insert(
            "PricingCurrencyContractedUnitPrice",
            not_tax(p.clone(), price_null.clone()),
        );
        m.insert(
            "ContractedUnitPrice",
            not_tax(to_billing(p.clone()), price_null.clone()),
        );
    }
    let cost_from = |p: &Option<Expr>| match (p, &quantity) {
        (Some(p), Some(q)) => coalesce(vec![
            times(to_billing(p.clone()), q.clone(), &MONEY_TYPE),
            cost.clone(),
        ]),
        _ => cost.clone(),
    };
    let list_cost = match raw.typed(&["PaygCostInBillingCurrency"], "ListCost", strict) {
        Some(c) if mca => coalesce(vec![c, cost.clone()]),
        _ => cost_from(&list_price),
    };
    m.insert("ListCost", list_cost);
    m.insert("ContractedCost", cost_from(&unit_price));

    // Quantities: consumption only on usage rows; pricing quantity on everything but tax.
    let unit = text(UNIT);
    if let Some(q) = &quantity {
        let q_null = typed_null(&QUANTITY_TYPE);
        m.insert(
            "ConsumedQuantity",
            first_match(vec![(usage.clone(), q.clone())], q_null.clone()),
        );
        m.insert("PricingQuantity", not_tax(q.clone(), q_null));
    }
    m.insert(
        "ConsumedUnit",
        first_match(vec![(usage.clone(), unit.clone())], null_text()),
    );
    m.insert("PricingUnit", not_tax(unit, null_text()));

    // Charge.
    let category = lookup_any_case(
        &charge_type,
        &[
            ("Usage", "Usage"),
            ("Purchase", "Purchase"),
            ("Credit", "Credit"),
            ("Tax", "Tax"),
            ("UnusedReservation", "Usage"),
            ("UnusedSavingsPlan", "Usage"),
            ("Refund", "Purchase"),
        ],
        lit("Adjustment"),
    );
    let usage_category = usage.clone().or(unused.clone());
    m.insert("ChargeCategory", category);
    m.insert(
        "ChargeClass",
        first_match(
            vec![(is_one_of(&charge_type, &["Refund"]), lit("Correction"))],
            null_text(),
        ),
    );
    m.insert(
        "ChargeFrequency",
        lookup_any_case(
            &text(FREQUENCY),
            &[
                ("OneTime", "One-Time"),
                ("Recurring", "Recurring"),
                ("UsageBased", "Usage-Based"),
            ],
            first_match(vec![(usage_category, lit("Usage-Based"))], lit("One-Time")),
        ),
    );
    m.insert(
        "PricingCategory",
        lookup_any_case(
            &pricing_model,
            &[
                ("OnDemand", "Standard"),
                ("Spot", "Dynamic"),
                ("Reservation", "Committed"),
                ("SavingsPlan", "Committed"),
            ],
            null_text(),
        ),
    );

    // Periods: Date is the charge day; the billing period end is inclusive in the file.
    if let Some(date) = raw.typed(DATE, "ChargePeriodStart", strict) {
        let month = date_trunc(lit("month"), date.clone());
        m.insert("ChargePeriodStart", date.clone());
        m.insert("ChargePeriodEnd", plus_days(date, 1));
        m.insert(
            "BillingPeriodStart",
            raw.typed(&["BillingPeriodStartDate"], "BillingPeriodStart", strict)
                .unwrap_or_else(|| month.clone()),
        );
        m.insert(
            "BillingPeriodEnd",
            raw.typed(&["BillingPeriodEndDate"], "BillingPeriodEnd", strict)
                .map(|e| plus_days(e, 1))
                .unwrap_or_else(|| plus_months(month, 1)),
        );
    }

    // Accounts: an EA bills the enrollment (billing account), an MCA the billing profile.
    let (account_id, account_name, account_type): (&[&str], &[&str], &str) = if mca {
        (
            &["BillingProfileId", "BillingAccountId", "SubscriptionId"],
            &[
                "BillingProfileName",
                "BillingAccountName",
                "SubscriptionName",
            ],
            "Billing Profile",
        )
    } else {
        (
            &["BillingAccountId", "BillingProfileId", "SubscriptionId"],
            &[
                "BillingAccountName",
                "BillingProfileName",
                "SubscriptionName",
            ],
            "Billing Account",
        )
    };
    m.insert("BillingAccountId", text(account_id));
    m.insert("BillingAccountName", text(account_name));
    m.insert("BillingAccountType", lit(account_type));
    let subscription = text(&["SubscriptionId"]);
    m.insert(
        "SubAccountType",
        first_match(
            vec![(subscription.clone().is_not_null(), lit("Subscription"))],
            null_text(),
        ),
    );
    m.insert("SubAccountId", subscription);

    // Currencies.
    let currency = text(CURRENCY);
    let pricing_currency = match raw.get(&["PricingCurrency"]) {
        Some(p) if mca => coalesce(vec![p, currency.clone()]),
        _ => currency.clone(),
    };
    m.insert("BillingCurrency", currency);
    m.insert("PricingCurrency", pricing_currency);

    // Commitment discounts, from the benefit (reservation or savings plan) ARM id.
    let benefit = raw.get(BENEFIT_ID);
    if let Some(id) = &benefit {
        let id_lower = lower(id.clone());
        let reservation = id_lower.clone().like(lit("%/microsoft.capacity/%"));
        let savings_plan = id_lower.like(lit("%/microsoft.billingbenefits/%"));
        m.insert("CommitmentDiscountId", id.clone());
        m.insert(
            "CommitmentDiscountName",
            first_match(
                vec![(id.clone().is_not_null(), text(BENEFIT_NAME))],
                null_text(),
            ),
        );
        m.insert(
            "CommitmentDiscountCategory",
            first_match(
                vec![
                    (reservation.clone(), lit("Usage")),
                    (savings_plan.clone(), lit("Spend")),
                ],
                None,
            ),
        );
        m.insert(
            "CommitmentDiscountType",
            first_match(
                vec![
                    (reservation, lit("Reservation")),
                    (savings_plan, lit("Savings Plan")),
                ],
                None,
            ),
        );
        m.insert(
            "CommitmentDiscountStatus",
            first_match(
                vec![
                    (id.clone().is_null(), null_text()),
                    (unused, lit("Unused")),
                    (usage, lit("Used")),
                ],
                None,
            ),
        );
    }

    // Where and what.
    let location = text(LOCATION);
    m.insert(
        "RegionId",
        lower(replace(location.clone(), lit(" "), lit(""))),
    );
    m.insert("RegionName", location);
    let resource_id = text(&["ResourceId", "InstanceName"]);
    m.insert(
        "ResourceName",
        raw.get(&["ResourceName"])
            .unwrap_or_else(|| regexp_replace(resource_id.clone(), lit("^.*/"), lit(""), None)),
    );
    m.insert("ResourceId", resource_id);
    let meter_category = text(METER_CATEGORY);
    m.insert("ServiceName", meter_category.clone());
    let by_meter = |pick: fn(&(&str, &'static str, &'static str)) -> &'static str| {
        let pairs: Vec<(&str, &str)> = SERVICES.iter().map(|s| (s.0, pick(s))).collect();
        pairs
    };
    m.insert(
        "ServiceCategory",
        lookup_any_case(&meter_category, &by_meter(|s| s.1), lit("Other")),
    );
    m.insert(
        "ServiceSubcategory",
        lookup_any_case(&meter_category, &by_meter(|s| s.2), lit("Other (Other)")),
    );
    if let Some(tags) = raw.get(&["Tags"]) {
        m.insert("Tags", json_object_text(tags));
    }

    for (focus, spellings) in DIRECT {
        if let Some(e) = raw.get(spellings) {
            m.insert(focus, e);
        }
    }

    // Who: Microsoft provides and hosts; a partner (CSP) may issue the invoice.
    let microsoft = lit("Microsoft");
    m.insert("ProviderName", microsoft.clone());
    m.insert("ServiceProviderName", microsoft.clone());
    m.insert("HostProviderName", microsoft.clone());
    m.insert(
        "PublisherName",
        coalesce(vec![text(&["PublisherName"]), microsoft.clone()]),
    );
    m.insert(
        "InvoiceIssuerName",
        coalesce(vec![text(&["PartnerName"]), microsoft]),
    );
    m
}

/// The projection that presents a cost details file as FOCUS Cost and Usage in `target`: every
/// FOCUS column of the version (null where Azure has no data), then the extension columns.
pub fn projection(raw_schema: &DFSchema, target: FocusVersion, strict: Strictness) -> Vec<Expr> {
    let names = field_names(raw_schema);
    let raw = RawColumns::new(raw_schema, &names);
    let mapped: Vec<Mapped> = focus_exprs(&raw, Header::of(&names), strict)
        .into_iter()
        .collect();
    let extensions = EXTENSIONS
        .iter()
        .filter_map(|(name, spellings)| {
            raw.get(spellings)
                .map(|e| cast(e, DataType::Utf8).alias(*name))
        })
        .collect();
    let projection = provider_projection(
        raw_schema,
        Dataset::CostAndUsage,
        target,
        strict,
        &mapped,
        extensions,
    );
    // Azure OpenAI / Foundry meters: the meter name names the token type, the unit the block.
    let text = |spellings: &[&str]| {
        raw.get(spellings)
            .map_or(lit(ScalarValue::Utf8(None)), |e| cast(e, DataType::Utf8))
    };
    let tokens = TokenColumns::new(Bill::AzureOpenAi, text(&["MeterName"]), text(UNIT));
    with_token_columns(projection, &tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_ea_and_mca_headers() {
        let ea = cols(&[
            "SubscriptionId",
            "MeterCategory",
            "Date",
            "CostInBillingCurrency",
            "BillingCurrencyCode",
        ]);
        assert!(recognise(&ea).is_some());
        assert_eq!(Header::of(&ea), Header::Ea);
        let mca = cols(&[
            "subscriptionId",
            "meterCategory",
            "date",
            "costInBillingCurrency",
            "billingCurrency",
            "pricingCurrency",
        ]);
        assert!(recognise(&mca).is_some());
        assert_eq!(Header::of(&mca), Header::Mca);
        let missing = cols(&["SubscriptionId", "MeterCategory", "Date", "BillingCurrency"]);
        assert!(recognise(&missing).is_some());
        assert_eq!(
            check_required(&missing).unwrap(),
            "required column missing: CostInBillingCurrency or Cost"
        );
        assert_eq!(check_required(&mca), None);
        let focus = cols(&["SubscriptionId", "MeterCategory", "ChargeCategory"]);
        assert!(recognise(&focus).is_none());
    }

    #[test]
    fn amortized_paths() {
        assert!(is_amortized_path(
            "exports/ea-AmortizedCost/20230901-20230930/x.csv"
        ));
        assert!(!is_amortized_path(
            "exports/ea-actual/20230901-20230930/x.csv"
        ));
    }
}
