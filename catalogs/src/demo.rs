//! The built-in demo dataset: six billing sources — AWS, Azure, Google Cloud, OCI, OpenAI and
//! Anthropic — with three full billing months (2026-07, 2026-08, 2026-09) of FOCUS 1.4 Cost and
//! Usage rows, one row per resource (or model and token type), SKU and day.
//!
//! Everything is generated from a fixed seed with a small self-contained PRNG (SplitMix64), and
//! every amount is computed in integer decimal arithmetic, so the data is identical on every call
//! and machine. The rows respect the FOCUS conformance invariants (spec §5): cost columns are never
//! null, `unit price × PricingQuantity = cost` holds exactly on every row that has both, Tax rows
//! carry no prices or quantities, Unused commitment rows carry no consumed quantity, and per
//! commitment and month the EffectiveCost of its Usage rows equals the BilledCost of its Purchase
//! rows.
//!
//! What the data contains, for demos and tests:
//! - **aws** (USD): two payer accounts ("Acme Corp", invoiced by Amazon Web Services, Inc., and
//!   "Acme Labs", invoiced by Amazon Web Services EMEA SARL) with six member accounts; a Compute
//!   Savings Plan ($2.50/h, fully used on weekdays, partly unused on weekends) and an RDS Reserved
//!   Instance (2 × db.r7g.2xlarge) with monthly Purchase rows, Used/Unused Usage rows and on-demand
//!   overflow; Spot instances (PricingCategory Dynamic); Amazon Bedrock tokens; a data-transfer
//!   spike on 2026-08-20..22; a Business Support fee; monthly promotional credits on Acme Labs; an
//!   RDS SLA refund in September; sales tax and VAT.
//! - **azure**: a EUR billing profile (10 % negotiated discount, 19 % VAT) and a USD one (6 % sales
//!   tax); a VM reservation (2 × D4s v5; a third VM joins in mid-August and runs partly
//!   on-demand); Azure OpenAI tokens priced per 1K tokens; tags written as `Team` on some
//!   subscriptions and `team` on others; untagged dev/test rows; a refund (Adjustment) in
//!   September.
//! - **gcp** (USD): two billing accounts and four projects; BigQuery, Vertex AI (Gemini) tokens,
//!   daily sustained-use-discount credits; a BigQuery spike on 2026-08-14 that a `Correction` row in
//!   the September billing period partly reverses; a promotional credit; VAT on the EMEA account.
//! - **oci** (GBP): two tenancies with compartments, a 15 % discount on the main tenancy, 20 % VAT.
//! - **openai** / **anthropic** (USD): organizations with projects / workspaces, one row per model
//!   and token type (input, cached input / cache read, cache write, output; batch tier on OpenAI),
//!   PricingUnit `1M Tokens`, ConsumedUnit `Tokens`, SkuPriceDetails such as
//!   `{"ModelDeveloper":"OpenAI","ModelId":"gpt-5","TokenDirection":"Input","TokenCacheAction":"Read"}`,
//!   a model migration, new workloads starting mid-quarter, an Opus spike in September, credits and
//!   VAT on the Irish entities.

use std::rc::Rc;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Decimal128Array, RecordBatch, StringArray, TimestampMicrosecondArray, new_null_array,
};
use arrow::datatypes::{DataType, Field, TimeUnit};

use crate::registry::{Dataset, FocusVersion, registry};

/// One demo source: its table name and its FOCUS 1.4 Cost and Usage rows.
#[derive(Debug, Clone)]
pub struct DemoSource {
    pub name: &'static str,
    pub batch: RecordBatch,
}

/// The demo sources, generated from a fixed seed: identical on every call and machine.
pub fn demo_sources() -> Vec<DemoSource> {
    vec![aws(), azure(), gcp(), oci(), openai(), anthropic()]
}

// ---------------------------------------------------------------------------------------------
// Calendar, decimals and randomness
// ---------------------------------------------------------------------------------------------

/// The fixed seed every source's generator derives from.
const SEED: u64 = 0x5EED_F0C5_2026_0701;
/// Days covered: 2026-07-01 (day 0) to 2026-09-30 (day 91).
const DAYS: usize = 92;
/// First day of each billing month, plus the end of the last one.
const MONTH_START: [usize; 4] = [0, 31, 62, 92];
/// The billing months, as written in descriptions and invoice ids.
const MONTH_LABEL: [&str; 3] = ["2026-07", "2026-08", "2026-09"];
/// 2026-07-01T00:00:00Z in microseconds since the epoch.
const START_MICROS: i64 = 1_782_864_000_000_000;
const DAY_MICROS: i64 = 86_400_000_000;

/// Internal decimal scales; values are rescaled to the registry's column types on output.
const COST_SCALE: i8 = 10;
const PRICE_SCALE: i8 = 16;
const QTY_SCALE: i8 = 10;
/// One unit at scale 10 and at scale 16.
const S10: i128 = 10_000_000_000;
const S16: i128 = 10_000_000_000_000_000;
/// One cent at scale 10.
const CENT: i128 = 100_000_000;

fn ts(day: usize) -> i64 {
    START_MICROS + day as i64 * DAY_MICROS
}

fn month_of(day: usize) -> usize {
    (0..3).rfind(|&m| MONTH_START[m] <= day).unwrap_or(0)
}

fn days_in_month(month: usize) -> usize {
    MONTH_START[month + 1] - MONTH_START[month]
}

/// Saturday or Sunday (day 0, 2026-07-01, is a Wednesday).
fn is_weekend(day: usize) -> bool {
    (day + 2) % 7 >= 5
}

/// A unit price (at most 6 decimals) at scale 16.
fn price(x: f64) -> i128 {
    ((x * 1e6).round() as i128) * 10_000_000_000
}

/// A quantity rounded to `decimals` (at most 4) at scale 10.
fn quantity(x: f64, decimals: u32) -> i128 {
    const POW: [f64; 5] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];
    let d = decimals.min(4);
    ((x * POW[d as usize]).round() as i128) * 10i128.pow(10 - d)
}

/// `unit price (scale 16) × quantity (scale 10)` as a cost at scale 10. Prices have at most
/// 6 decimals and quantities at most 4 (or prices 0 decimals and quantities 10), so this is exact.
fn cost(unit_price: i128, qty: i128) -> i128 {
    let product = unit_price * qty;
    debug_assert_eq!(
        product % S16,
        0,
        "price × quantity must fit scale 10 exactly"
    );
    product / S16
}

/// `a / b` rounded half away from zero (`b > 0`).
fn round_div(a: i128, b: i128) -> i128 {
    let (q, r) = (a / b, a % b);
    if 2 * r.abs() >= b { q + a.signum() } else { q }
}

/// `amount × basis_points / 10000`, rounded to the cent.
fn percent_of(amount: i128, basis_points: i128) -> i128 {
    round_div(amount * basis_points, 10_000 * CENT) * CENT
}

/// A price reduced by a negotiated discount, rounded to 6 decimals.
fn discounted(list: i128, basis_points: i128) -> i128 {
    round_div(list / 10_000_000_000 * (10_000 - basis_points), 10_000) * 10_000_000_000
}

fn rescale(value: i128, from: i8, to: i8) -> i128 {
    match to.cmp(&from) {
        std::cmp::Ordering::Equal => value,
        std::cmp::Ordering::Greater => value * 10i128.pow((to - from) as u32),
        std::cmp::Ordering::Less => round_div(value, 10i128.pow((from - to) as u32)),
    }
}

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// `len` characters from `alphabet`.
    fn pick(&mut self, len: usize, alphabet: &[u8]) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len() as u64) as usize] as char)
            .collect()
    }

    fn hex(&mut self, len: usize) -> String {
        self.pick(len, b"0123456789abcdef")
    }

    /// An upper-case alphanumeric code, like AWS SKUs.
    fn code(&mut self, len: usize) -> String {
        self.pick(len, b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
    }

    /// A random (version 4 shaped) UUID.
    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-a{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.hex(3),
            self.hex(12)
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Rows and the record batch
// ---------------------------------------------------------------------------------------------

type Text = Option<Rc<str>>;
type Static = Option<&'static str>;

fn text(s: &str) -> Text {
    Some(Rc::from(s))
}

/// A JSON value in a key-value object: string or integer.
enum Jv<'a> {
    S(&'a str),
    N(i64),
}

fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// A serialised JSON object, keys in the given order.
fn json(pairs: &[(&str, Jv)]) -> Text {
    let mut out = String::from("{");
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, key);
        out.push(':');
        match value {
            Jv::S(s) => push_json_string(&mut out, s),
            Jv::N(n) => out.push_str(&n.to_string()),
        }
    }
    out.push('}');
    Some(Rc::from(out))
}

/// A Tags object of string values.
fn tags(pairs: &[(&str, &str)]) -> Text {
    let pairs: Vec<(&str, Jv)> = pairs.iter().map(|(k, v)| (*k, Jv::S(v))).collect();
    json(&pairs)
}

/// One Cost and Usage row. Decimals are kept at COST_SCALE / PRICE_SCALE / QTY_SCALE.
#[derive(Clone, Default)]
struct Row {
    // Bookkeeping, not columns.
    account: usize,
    month: usize,
    meter: Option<usize>,

    availability_zone: Static,
    billed_cost: i128,
    billing_account_id: Static,
    billing_account_name: Static,
    billing_account_type: Static,
    billing_currency: Static,
    billing_period_end: i64,
    billing_period_start: i64,
    charge_category: Static,
    charge_class: Static,
    charge_description: Text,
    charge_frequency: Static,
    charge_period_end: i64,
    charge_period_start: i64,
    commitment_discount_category: Static,
    commitment_discount_id: Text,
    commitment_discount_name: Static,
    commitment_discount_quantity: Option<i128>,
    commitment_discount_status: Static,
    commitment_discount_type: Static,
    commitment_discount_unit: Static,
    consumed_quantity: Option<i128>,
    consumed_unit: Static,
    contracted_cost: i128,
    contracted_unit_price: Option<i128>,
    effective_cost: i128,
    host_provider_name: Static,
    invoice_id: Text,
    invoice_issuer_name: Static,
    list_cost: i128,
    list_unit_price: Option<i128>,
    pricing_category: Static,
    pricing_quantity: Option<i128>,
    pricing_unit: Static,
    region_id: Static,
    region_name: Static,
    resource_id: Text,
    resource_name: Text,
    resource_type: Static,
    service_category: Static,
    service_name: Static,
    service_provider_name: Static,
    service_subcategory: Static,
    sku_id: Text,
    sku_meter: Text,
    sku_price_details: Text,
    sku_price_id: Text,
    sub_account_id: Static,
    sub_account_name: Static,
    sub_account_type: Static,
    tags: Text,
}

impl Row {
    /// The value of a String or JSON column; None for null and for columns the demo leaves null.
    fn text(&self, column: &str) -> Option<&str> {
        match column {
            "AvailabilityZone" => self.availability_zone,
            "BillingAccountId" => self.billing_account_id,
            "BillingAccountName" => self.billing_account_name,
            "BillingAccountType" => self.billing_account_type,
            "BillingCurrency" | "PricingCurrency" => self.billing_currency,
            "ChargeCategory" => self.charge_category,
            "ChargeClass" => self.charge_class,
            "ChargeDescription" => self.charge_description.as_deref(),
            "ChargeFrequency" => self.charge_frequency,
            "CommitmentDiscountCategory" => self.commitment_discount_category,
            "CommitmentDiscountId" => self.commitment_discount_id.as_deref(),
            "CommitmentDiscountName" => self.commitment_discount_name,
            "CommitmentDiscountStatus" => self.commitment_discount_status,
            "CommitmentDiscountType" => self.commitment_discount_type,
            "CommitmentDiscountUnit" => self.commitment_discount_unit,
            "ConsumedUnit" => self.consumed_unit,
            "HostProviderName" => self.host_provider_name,
            "InvoiceId" => self.invoice_id.as_deref(),
            "InvoiceIssuerName" => self.invoice_issuer_name,
            "PricingCategory" => self.pricing_category,
            "PricingUnit" => self.pricing_unit,
            "RegionId" => self.region_id,
            "RegionName" => self.region_name,
            "ResourceId" => self.resource_id.as_deref(),
            "ResourceName" => self.resource_name.as_deref(),
            "ResourceType" => self.resource_type,
            "ServiceCategory" => self.service_category,
            "ServiceName" => self.service_name,
            "ServiceProviderName" => self.service_provider_name,
            "ServiceSubcategory" => self.service_subcategory,
            "SkuId" => self.sku_id.as_deref(),
            "SkuMeter" => self.sku_meter.as_deref(),
            "SkuPriceDetails" => self.sku_price_details.as_deref(),
            "SkuPriceId" => self.sku_price_id.as_deref(),
            "SubAccountId" => self.sub_account_id,
            "SubAccountName" => self.sub_account_name,
            "SubAccountType" => self.sub_account_type,
            "Tags" => self.tags.as_deref(),
            _ => None,
        }
    }

    /// The value and scale of a Decimal column.
    fn decimal(&self, column: &str) -> Option<(i128, i8)> {
        match column {
            "BilledCost" => Some((self.billed_cost, COST_SCALE)),
            "EffectiveCost" | "PricingCurrencyEffectiveCost" => {
                Some((self.effective_cost, COST_SCALE))
            }
            "ListCost" => Some((self.list_cost, COST_SCALE)),
            "ContractedCost" => Some((self.contracted_cost, COST_SCALE)),
            "ListUnitPrice" | "PricingCurrencyListUnitPrice" => {
                self.list_unit_price.map(|v| (v, PRICE_SCALE))
            }
            "ContractedUnitPrice" | "PricingCurrencyContractedUnitPrice" => {
                self.contracted_unit_price.map(|v| (v, PRICE_SCALE))
            }
            "PricingQuantity" => self.pricing_quantity.map(|v| (v, QTY_SCALE)),
            "ConsumedQuantity" => self.consumed_quantity.map(|v| (v, QTY_SCALE)),
            "CommitmentDiscountQuantity" => {
                self.commitment_discount_quantity.map(|v| (v, QTY_SCALE))
            }
            _ => None,
        }
    }

    /// The value of a Date/Time column in microseconds.
    fn time(&self, column: &str) -> Option<i64> {
        match column {
            "BillingPeriodStart" => Some(self.billing_period_start),
            "BillingPeriodEnd" => Some(self.billing_period_end),
            "ChargePeriodStart" => Some(self.charge_period_start),
            "ChargePeriodEnd" => Some(self.charge_period_end),
            _ => None,
        }
    }
}

/// One array per registry column, in the registry's order and types.
fn to_batch(rows: &[Row]) -> RecordBatch {
    let schema = registry().arrow_schema(FocusVersion::V1_4, Dataset::CostAndUsage);
    let columns: Vec<ArrayRef> = schema
        .fields()
        .iter()
        .map(|field| column(field, rows))
        .collect();
    RecordBatch::try_new(schema, columns).expect("demo rows fit the registry's FOCUS 1.4 schema")
}

fn column(field: &Field, rows: &[Row]) -> ArrayRef {
    let name = field.name().as_str();
    match field.data_type() {
        DataType::Utf8 => Arc::new(rows.iter().map(|r| r.text(name)).collect::<StringArray>()),
        DataType::Decimal128(precision, scale) => Arc::new(
            rows.iter()
                .map(|r| r.decimal(name).map(|(v, s)| rescale(v, s, *scale)))
                .collect::<Decimal128Array>()
                .with_precision_and_scale(*precision, *scale)
                .expect("registry decimal types are valid"),
        ),
        DataType::Timestamp(TimeUnit::Microsecond, tz) => Arc::new(
            rows.iter()
                .map(|r| r.time(name))
                .collect::<TimestampMicrosecondArray>()
                .with_timezone_opt(tz.clone()),
        ),
        other => new_null_array(other, rows.len()),
    }
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

struct Provider {
    source: &'static str,
    service_provider: &'static str,
}

struct Account {
    id: &'static str,
    name: &'static str,
    kind: &'static str,
    currency: &'static str,
    issuer: &'static str,
    invoice_prefix: &'static str,
    /// Tax label and rate in basis points.
    tax: Option<(&'static str, i128)>,
    /// Negotiated discount on list prices, in basis points.
    discount: i128,
}

struct Sub {
    account: usize,
    id: &'static str,
    name: &'static str,
    kind: &'static str,
}

/// A service: ServiceName, ServiceCategory, ServiceSubcategory.
#[derive(Clone, Copy)]
struct Svc(&'static str, &'static str, &'static str);

/// RegionId and RegionName.
type Region = (&'static str, &'static str);

/// How a meter's daily quantity moves.
#[derive(Clone)]
struct Profile {
    base: f64,
    decimals: u32,
    noise: f64,
    growth: f64,
    weekend: f64,
    start: usize,
    end: usize,
    /// Probability that a day runs only part of the time (an instance stopped for a while).
    flaky: f64,
    spikes: Vec<(usize, usize, f64)>,
    /// The base is a stock (GB stored, instances protected) billed per month: a day is 1/n of it.
    per_month: bool,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            base: 24.0,
            decimals: 0,
            noise: 0.0,
            growth: 0.0,
            weekend: 1.0,
            start: 0,
            end: DAYS,
            flaky: 0.0,
            spikes: Vec::new(),
            per_month: false,
        }
    }
}

impl Profile {
    /// The quantity (scale 10) on a day, 0 when the meter does not run.
    fn quantity(&self, day: usize, rng: &mut Rng) -> i128 {
        if day < self.start || day >= self.end {
            return 0;
        }
        let mut x = self.base * (1.0 + self.growth * day as f64);
        if is_weekend(day) {
            x *= self.weekend;
        }
        for &(from, to, factor) in &self.spikes {
            if (from..to).contains(&day) {
                x *= factor;
            }
        }
        if self.noise > 0.0 {
            x *= 1.0 + self.noise * (2.0 * rng.unit() - 1.0);
        }
        if self.flaky > 0.0 && rng.unit() < self.flaky {
            x *= (12 + rng.below(10)) as f64 / 24.0;
        }
        if self.per_month {
            x /= days_in_month(month_of(day)) as f64;
        }
        quantity(x, self.decimals).max(0)
    }
}

/// A usage meter: a template row plus prices and a quantity profile.
struct Meter {
    row: Row,
    list: i128,
    contracted: i128,
    discount: i128,
    /// ConsumedQuantity per PricingQuantity unit (1, or e.g. 1,000,000 tokens per "1M Tokens").
    factor: i128,
    profile: Profile,
    /// The commitment that covers this meter, and its effective hourly rate (scale 16).
    commitment: Option<(usize, i128)>,
}

impl Meter {
    fn region(mut self, region: Region) -> Self {
        self.row.region_id = Some(region.0);
        self.row.region_name = Some(region.1);
        self
    }

    fn zone(mut self, zone: &'static str) -> Self {
        self.row.availability_zone = Some(zone);
        self
    }

    fn resource(mut self, id: &str, name: &str, kind: &'static str) -> Self {
        self.row.resource_id = text(id);
        self.row.resource_name = text(name);
        self.row.resource_type = Some(kind);
        self
    }

    fn sku(mut self, id: &str, price_id: &str, meter: &str) -> Self {
        self.row.sku_id = text(id);
        self.row.sku_price_id = text(price_id);
        self.row.sku_meter = text(meter);
        self
    }

    fn details(mut self, details: Text) -> Self {
        self.row.sku_price_details = details;
        self
    }

    fn tags(mut self, tags: Text) -> Self {
        self.row.tags = tags;
        self
    }

    fn describe(mut self, description: &str) -> Self {
        self.row.charge_description = text(description);
        self
    }

    /// The same unit for pricing and consumption.
    fn unit(self, unit: &'static str) -> Self {
        self.units(unit, unit, 1)
    }

    fn units(mut self, pricing: &'static str, consumed: &'static str, factor: i128) -> Self {
        self.row.pricing_unit = Some(pricing);
        self.row.consumed_unit = Some(consumed);
        self.factor = factor;
        self
    }

    /// The list price; the contracted price applies the account's negotiated discount.
    fn price(mut self, list: f64) -> Self {
        self.list = price(list);
        self.contracted = discounted(self.list, self.discount);
        self
    }

    /// A market (Spot) price: PricingCategory Dynamic, list price stays on-demand.
    fn spot(mut self, market: f64) -> Self {
        self.contracted = price(market);
        self.row.pricing_category = Some("Dynamic");
        self
    }

    fn daily(mut self, base: f64, decimals: u32) -> Self {
        self.profile.base = base;
        self.profile.decimals = decimals;
        self
    }

    /// A stock billed per month (GB-Month, instance-month), spread evenly over the days.
    fn monthly(mut self, stock: f64, decimals: u32) -> Self {
        self.profile.base = stock;
        self.profile.decimals = decimals;
        self.profile.per_month = true;
        self
    }

    fn noise(mut self, noise: f64) -> Self {
        self.profile.noise = noise;
        self
    }

    fn growth(mut self, per_day: f64) -> Self {
        self.profile.growth = per_day;
        self
    }

    fn weekend(mut self, factor: f64) -> Self {
        self.profile.weekend = factor;
        self
    }

    fn active(mut self, start: usize, end: usize) -> Self {
        self.profile.start = start;
        self.profile.end = end;
        self
    }

    fn flaky(mut self, probability: f64) -> Self {
        self.profile.flaky = probability;
        self
    }

    fn spike(mut self, from: usize, to: usize, factor: f64) -> Self {
        self.profile.spikes.push((from, to, factor));
        self
    }

    /// Covered by a commitment at an effective hourly rate (hours; whole hours for Usage
    /// commitments).
    fn covered(mut self, commitment: usize, rate: f64) -> Self {
        self.commitment = Some((commitment, price(rate)));
        self
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CommitmentCategory {
    /// A spend commitment (Savings Plan): `rate` is the committed amount per hour.
    Spend,
    /// A usage commitment (Reserved Instance): `rate` is the effective rate per instance-hour.
    Usage,
}

struct CommitmentSpec {
    sub: usize,
    svc: Svc,
    region: Option<Region>,
    kind: &'static str,
    category: CommitmentCategory,
    id: String,
    name: &'static str,
    rate: f64,
    units: i128,
}

struct Commitment {
    row: Row,
    category: CommitmentCategory,
    rate: i128,
    units: i128,
    purchase_description: Text,
    unused_description: Text,
}

impl Commitment {
    /// What the commitment provides per day: an amount (scale 10) for Spend, hours for Usage.
    fn daily_capacity(&self) -> i128 {
        match self.category {
            CommitmentCategory::Spend => cost(self.rate, 24 * S10),
            CommitmentCategory::Usage => self.units * 24,
        }
    }
}

/// A one-off row without unit prices or quantities (Credit, Adjustment).
struct OneOff {
    account: usize,
    sub: Option<usize>,
    svc: Svc,
    category: &'static str,
    frequency: &'static str,
    start: usize,
    end: usize,
    month: usize,
    amount: i128,
    description: String,
}

const TAX: Svc = Svc("Tax", "Other", "Other (Other)");

struct Generator {
    provider: Provider,
    accounts: Vec<Account>,
    subs: Vec<Sub>,
    meters: Vec<Meter>,
    commitments: Vec<Commitment>,
    rows: Vec<Row>,
    rng: Rng,
    invoice_ids: Vec<[Rc<str>; 3]>,
}

impl Generator {
    fn new(provider: Provider, stream: u64, accounts: Vec<Account>, subs: Vec<Sub>) -> Self {
        let invoice_ids = accounts
            .iter()
            .map(|a| {
                MONTH_LABEL
                    .map(|m| Rc::from(format!("{}-{}", a.invoice_prefix, m.replace('-', ""))))
            })
            .collect();
        Generator {
            provider,
            accounts,
            subs,
            meters: Vec::new(),
            commitments: Vec::new(),
            rows: Vec::new(),
            rng: Rng(SEED ^ stream.wrapping_mul(0xA076_1D64_78BD_642F)),
            invoice_ids,
        }
    }

    /// A row with the provider, account and (optional) sub-account columns filled.
    fn base(&self, account: usize, sub: Option<usize>, svc: Svc) -> Row {
        let a = &self.accounts[account];
        let mut row = Row {
            account,
            billing_account_id: Some(a.id),
            billing_account_name: Some(a.name),
            billing_account_type: Some(a.kind),
            billing_currency: Some(a.currency),
            invoice_issuer_name: Some(a.issuer),
            service_provider_name: Some(self.provider.service_provider),
            host_provider_name: Some(self.provider.service_provider),
            service_name: Some(svc.0),
            service_category: Some(svc.1),
            service_subcategory: Some(svc.2),
            ..Row::default()
        };
        if let Some(s) = sub {
            let s = &self.subs[s];
            row.sub_account_id = Some(s.id);
            row.sub_account_name = Some(s.name);
            row.sub_account_type = Some(s.kind);
        }
        row
    }

    fn set_period(&self, row: &mut Row, start: usize, end: usize, month: usize) {
        row.charge_period_start = ts(start);
        row.charge_period_end = ts(end);
        row.billing_period_start = ts(MONTH_START[month]);
        row.billing_period_end = ts(MONTH_START[month + 1]);
        row.month = month;
        row.invoice_id = Some(self.invoice_ids[row.account][month].clone());
    }

    fn meter(&self, sub: usize, svc: Svc) -> Meter {
        let account = self.subs[sub].account;
        let mut row = self.base(account, Some(sub), svc);
        row.charge_category = Some("Usage");
        row.charge_frequency = Some("Usage-Based");
        row.pricing_category = Some("Standard");
        Meter {
            row,
            list: 0,
            contracted: 0,
            discount: self.accounts[account].discount,
            factor: 1,
            profile: Profile::default(),
            commitment: None,
        }
    }

    /// A meter for one model and token type, priced per 1M tokens.
    #[allow(clippy::too_many_arguments)]
    fn tokens(
        &self,
        sub: usize,
        svc: Svc,
        developer: &str,
        model: &str,
        token: Token,
        batch: bool,
        list_per_million: f64,
        base_millions: f64,
    ) -> Meter {
        let (suffix, meter, direction, cache, label) = token.parts();
        let mut details = vec![
            ("ModelDeveloper", Jv::S(developer)),
            ("ModelId", Jv::S(model)),
            ("TokenDirection", Jv::S(direction)),
            ("TokenCacheAction", Jv::S(cache)),
        ];
        if token == Token::CacheWrite {
            details.push(("x_CacheTtl", Jv::S("5m")));
        }
        let tier = if batch { "batch" } else { "standard" };
        if batch {
            details.push(("x_ServiceTier", Jv::S("batch")));
        }
        let description = if batch {
            format!("{model}, {label} (batch)")
        } else {
            format!("{model}, {label}")
        };
        self.meter(sub, svc)
            .sku(
                &format!("{model}:{suffix}"),
                &format!("{model}:{suffix}:{tier}"),
                meter,
            )
            .details(json(&details))
            .describe(&description)
            .units("1M Tokens", "Tokens", 1_000_000)
            .price(list_per_million)
            .daily(base_millions, 4)
    }

    fn add(&mut self, meter: Meter) -> usize {
        self.meters.push(meter);
        self.meters.len() - 1
    }

    fn commitment(&mut self, spec: CommitmentSpec) -> usize {
        let account = self.subs[spec.sub].account;
        let mut row = self.base(account, Some(spec.sub), spec.svc);
        if let Some(region) = spec.region {
            row.region_id = Some(region.0);
            row.region_name = Some(region.1);
        }
        row.resource_id = text(&spec.id);
        row.resource_name = text(spec.name);
        row.resource_type = Some(spec.kind);
        row.commitment_discount_id = text(&spec.id);
        row.commitment_discount_name = Some(spec.name);
        row.commitment_discount_type = Some(spec.kind);
        let currency = self.accounts[account].currency;
        let (category, unit) = match spec.category {
            CommitmentCategory::Spend => ("Spend", currency),
            CommitmentCategory::Usage => ("Usage", "Hours"),
        };
        row.commitment_discount_category = Some(category);
        row.commitment_discount_unit = Some(unit);
        let purchase = match spec.category {
            CommitmentCategory::Spend => format!(
                "{}: recurring fee for a {} {:.2}/hour commitment",
                spec.name, currency, spec.rate
            ),
            CommitmentCategory::Usage => format!(
                "{}: recurring fee, {} instances at {} {:.4}/hour",
                spec.name, spec.units, currency, spec.rate
            ),
        };
        self.commitments.push(Commitment {
            row,
            category: spec.category,
            rate: price(spec.rate),
            units: spec.units,
            purchase_description: text(&purchase),
            unused_description: text(&format!("Unused {} commitment: {}", spec.kind, spec.name)),
        });
        self.commitments.len() - 1
    }

    /// Daily usage of every meter, commitment coverage, and commitment purchases.
    fn simulate(&mut self) {
        for day in 0..DAYS {
            let month = month_of(day);
            if MONTH_START[month] == day {
                for c in 0..self.commitments.len() {
                    self.push_purchase(c, month);
                }
            }
            let mut remaining: Vec<i128> = self
                .commitments
                .iter()
                .map(Commitment::daily_capacity)
                .collect();
            for m in 0..self.meters.len() {
                let q = self.meters[m].profile.quantity(day, &mut self.rng);
                if q <= 0 {
                    continue;
                }
                let Some((c, rate)) = self.meters[m].commitment else {
                    self.push_usage(m, day, q, None);
                    continue;
                };
                // A Savings Plan covers hours to 4 decimals until its amount is spent; a
                // reservation covers whole instance-hours.
                let most = match self.commitments[c].category {
                    CommitmentCategory::Spend => remaining[c] * S16 / rate / 1_000_000 * 1_000_000,
                    CommitmentCategory::Usage => {
                        debug_assert_eq!(q % S10, 0, "reserved quantities are whole hours");
                        remaining[c] * S10
                    }
                };
                let covered = q.min(most);
                if covered > 0 {
                    // When the plan runs out within this row, the row takes all that is left
                    // (at most a fraction of a cent more than rate × hours).
                    let spend = self.commitments[c].category == CommitmentCategory::Spend;
                    let effective = if spend && covered < q {
                        remaining[c]
                    } else {
                        cost(rate, covered)
                    };
                    self.push_usage(m, day, covered, Some((c, effective)));
                    remaining[c] -= if spend { effective } else { covered / S10 };
                }
                if q > covered {
                    self.push_usage(m, day, q - covered, None);
                }
            }
            for (c, left) in remaining.into_iter().enumerate() {
                if left > 0 {
                    self.push_unused(c, day, left);
                }
            }
        }
    }

    /// A usage row of `q` units; `cover` is the commitment and the EffectiveCost it absorbs.
    fn push_usage(&mut self, m: usize, day: usize, q: i128, cover: Option<(usize, i128)>) {
        let meter = &self.meters[m];
        let mut row = meter.row.clone();
        self.set_period(&mut row, day, day + 1, month_of(day));
        row.meter = Some(m);
        row.pricing_quantity = Some(q);
        row.consumed_quantity = Some(q * meter.factor);
        row.list_unit_price = Some(meter.list);
        row.contracted_unit_price = Some(meter.contracted);
        row.list_cost = cost(meter.list, q);
        row.contracted_cost = cost(meter.contracted, q);
        match cover {
            None => {
                row.billed_cost = row.contracted_cost;
                row.effective_cost = row.contracted_cost;
            }
            Some((c, effective)) => {
                let com = &self.commitments[c];
                row.billed_cost = 0;
                row.effective_cost = effective;
                row.pricing_category = Some("Committed");
                row.commitment_discount_id = com.row.commitment_discount_id.clone();
                row.commitment_discount_name = com.row.commitment_discount_name;
                row.commitment_discount_type = com.row.commitment_discount_type;
                row.commitment_discount_category = com.row.commitment_discount_category;
                row.commitment_discount_unit = com.row.commitment_discount_unit;
                row.commitment_discount_status = Some("Used");
                row.commitment_discount_quantity = Some(match com.category {
                    CommitmentCategory::Spend => row.effective_cost,
                    CommitmentCategory::Usage => q,
                });
            }
        }
        self.rows.push(row);
    }

    fn push_unused(&mut self, c: usize, day: usize, left: i128) {
        let com = &self.commitments[c];
        let mut row = com.row.clone();
        self.set_period(&mut row, day, day + 1, month_of(day));
        let (q, unit_price, unit) = match com.category {
            CommitmentCategory::Spend => (left, S16, row.billing_currency),
            CommitmentCategory::Usage => (left * S10, com.rate, Some("Hours")),
        };
        row.charge_category = Some("Usage");
        row.charge_frequency = Some("Usage-Based");
        row.pricing_category = Some("Committed");
        row.commitment_discount_status = Some("Unused");
        row.commitment_discount_quantity = Some(q);
        row.pricing_quantity = Some(q);
        row.pricing_unit = unit;
        row.list_unit_price = Some(unit_price);
        row.contracted_unit_price = Some(unit_price);
        let amount = cost(unit_price, q);
        row.list_cost = amount;
        row.contracted_cost = amount;
        row.effective_cost = amount;
        row.billed_cost = 0;
        row.charge_description = com.unused_description.clone();
        self.rows.push(row);
    }

    fn push_purchase(&mut self, c: usize, month: usize) {
        let com = &self.commitments[c];
        let mut row = com.row.clone();
        self.set_period(&mut row, MONTH_START[month], MONTH_START[month + 1], month);
        let q = com.units * days_in_month(month) as i128 * 24 * S10;
        let amount = cost(com.rate, q);
        row.charge_category = Some("Purchase");
        row.charge_frequency = Some("Recurring");
        row.pricing_category = Some("Standard");
        row.pricing_quantity = Some(q);
        row.pricing_unit = Some("Hours");
        row.list_unit_price = Some(com.rate);
        row.contracted_unit_price = Some(com.rate);
        row.list_cost = amount;
        row.contracted_cost = amount;
        row.billed_cost = amount;
        row.effective_cost = 0;
        row.commitment_discount_quantity = Some(match com.category {
            CommitmentCategory::Spend => amount,
            CommitmentCategory::Usage => q,
        });
        row.charge_description = com.purchase_description.clone();
        self.rows.push(row);
    }

    /// A Credit or Adjustment: no unit prices or quantities; every cost equals the amount.
    fn one_off(&mut self, o: OneOff) {
        let mut row = self.base(o.account, o.sub, o.svc);
        self.set_period(&mut row, o.start, o.end, o.month);
        row.charge_category = Some(o.category);
        row.charge_frequency = Some(o.frequency);
        row.billed_cost = o.amount;
        row.effective_cost = o.amount;
        row.list_cost = o.amount;
        row.contracted_cost = o.amount;
        row.charge_description = text(&o.description);
        self.rows.push(row);
    }

    /// Sum of BilledCost of an account's rows in a billing month (taxes not yet added).
    fn billed_total(&self, account: usize, month: usize) -> i128 {
        self.rows
            .iter()
            .filter(|r| r.account == account && r.month == month)
            .map(|r| r.billed_cost)
            .sum()
    }

    /// One Tax row per taxed account and month, computed from that month's charges.
    fn taxes(&mut self) {
        for account in 0..self.accounts.len() {
            let Some((label, rate)) = self.accounts[account].tax else {
                continue;
            };
            for month in 0..3 {
                let (billed, effective) = self
                    .rows
                    .iter()
                    .filter(|r| r.account == account && r.month == month)
                    .fold((0, 0), |(b, e), r| {
                        (b + r.billed_cost, e + r.effective_cost)
                    });
                let mut row = self.base(account, None, TAX);
                self.set_period(&mut row, MONTH_START[month], MONTH_START[month + 1], month);
                row.charge_category = Some("Tax");
                row.charge_frequency = Some("Recurring");
                row.billed_cost = percent_of(billed, rate);
                row.effective_cost = percent_of(effective, rate);
                row.list_cost = row.billed_cost;
                row.contracted_cost = row.billed_cost;
                let percent = if rate % 100 == 0 {
                    format!("{}", rate / 100)
                } else {
                    format!("{}.{:02}", rate / 100, rate % 100)
                };
                row.charge_description = text(&format!(
                    "{label} {percent}% on {} charges",
                    MONTH_LABEL[month]
                ));
                self.rows.push(row);
            }
        }
    }

    fn finish(self) -> DemoSource {
        DemoSource {
            name: self.provider.source,
            batch: to_batch(&self.rows),
        }
    }
}

/// A token type of an AI meter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    Input,
    CacheRead,
    CacheWrite,
    Output,
}

impl Token {
    /// SKU suffix, SkuMeter, TokenDirection, TokenCacheAction, description label.
    fn parts(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        match self {
            Token::Input => ("input", "Input Tokens", "Input", "None", "input"),
            Token::CacheRead => (
                "cached-input",
                "Cache Read Input Tokens",
                "Input",
                "Read",
                "cached input",
            ),
            Token::CacheWrite => (
                "cache-write-5m",
                "Cache Write Input Tokens (5m)",
                "Input",
                "Write",
                "cache write (5m)",
            ),
            Token::Output => ("output", "Output Tokens", "Output", "None", "output"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------

fn aws() -> DemoSource {
    const EC2: Svc = Svc(
        "Amazon Elastic Compute Cloud",
        "Compute",
        "Virtual Machines",
    );
    const RDS: Svc = Svc(
        "Amazon Relational Database Service",
        "Databases",
        "Relational Databases",
    );
    const EBS: Svc = Svc("Amazon Elastic Block Store", "Storage", "Block Storage");
    const ELB: Svc = Svc(
        "Elastic Load Balancing",
        "Networking",
        "Application Networking",
    );
    const DATA_TRANSFER: Svc = Svc("AWS Data Transfer", "Networking", "Network Connectivity");
    const CLOUDWATCH: Svc = Svc(
        "Amazon CloudWatch",
        "Management and Governance",
        "Observability",
    );
    const EKS: Svc = Svc("Amazon Elastic Kubernetes Service", "Compute", "Containers");
    const VPC: Svc = Svc(
        "Amazon Virtual Private Cloud",
        "Networking",
        "Network Connectivity",
    );
    const S3: Svc = Svc("Amazon Simple Storage Service", "Storage", "Object Storage");
    const ELASTICACHE: Svc = Svc("Amazon ElastiCache", "Databases", "Caching");
    const ATHENA: Svc = Svc("Amazon Athena", "Analytics", "Analytics Platforms");
    const GLUE: Svc = Svc("AWS Glue", "Analytics", "Data Processing");
    const SAGEMAKER: Svc = Svc(
        "Amazon SageMaker",
        "AI and Machine Learning",
        "Machine Learning",
    );
    const BEDROCK: Svc = Svc("Amazon Bedrock", "AI and Machine Learning", "Generative AI");
    const SAVINGS_PLANS: Svc = Svc(
        "Savings Plans for AWS Compute usage",
        "Compute",
        "Virtual Machines",
    );
    const SUPPORT: Svc = Svc(
        "AWS Support (Business)",
        "Management and Governance",
        "Support",
    );
    const US_EAST_1: Region = ("us-east-1", "US East (N. Virginia)");
    const US_WEST_2: Region = ("us-west-2", "US West (Oregon)");
    const EU_WEST_1: Region = ("eu-west-1", "Europe (Ireland)");
    const ON_DEMAND: &str = "JRTCKXETXF.6YS6EN2CT7";
    const PAYMENTS: usize = 0;
    const PLATFORM: usize = 1;
    const DATA: usize = 2;
    const STAGING: usize = 3;
    const RESEARCH: usize = 4;
    const SANDBOX: usize = 5;

    let accounts = vec![
        Account {
            id: "111122223333",
            name: "Acme Corp",
            kind: "Management Account",
            currency: "USD",
            issuer: "Amazon Web Services, Inc.",
            invoice_prefix: "AWS-111122223333",
            tax: Some(("Sales tax", 625)),
            discount: 500,
        },
        Account {
            id: "999988887777",
            name: "Acme Labs",
            kind: "Management Account",
            currency: "USD",
            issuer: "Amazon Web Services EMEA SARL",
            invoice_prefix: "EUINLU26-999988887777",
            tax: Some(("VAT", 1700)),
            discount: 0,
        },
    ];
    let member = |account, id, name| Sub {
        account,
        id,
        name,
        kind: "Member Account",
    };
    let subs = vec![
        member(0, "210987654321", "payments-prod"),
        member(0, "345678901234", "platform-prod"),
        member(0, "456789012345", "data-analytics"),
        member(0, "567890123456", "staging"),
        member(1, "888877776666", "labs-research"),
        member(1, "777766665555", "labs-sandbox"),
    ];
    let provider = Provider {
        source: "aws",
        service_provider: "AWS",
    };
    let mut g = Generator::new(provider, 1, accounts, subs);

    let sp = g.commitment(CommitmentSpec {
        sub: PLATFORM,
        svc: SAVINGS_PLANS,
        region: None,
        kind: "Savings Plan",
        category: CommitmentCategory::Spend,
        id: "arn:aws:savingsplans::345678901234:savingsplan/3f8a9c2e-7b1d-4e6a-9c55-2d7e0b41a9f1"
            .into(),
        name: "Compute Savings Plan 1yr No Upfront",
        rate: 2.50,
        units: 1,
    });
    let ri = g.commitment(CommitmentSpec {
        sub: PAYMENTS,
        svc: RDS,
        region: Some(US_EAST_1),
        kind: "Reserved Instance",
        category: CommitmentCategory::Usage,
        id: "arn:aws:rds:us-east-1:210987654321:ri:payments-db-r7g-2xl-2026".into(),
        name: "RDS MySQL db.r7g.2xlarge x2 1yr No Upfront",
        rate: 0.6040,
        units: 2,
    });

    let instance = |family: &str, cores: i64, memory: i64| {
        json(&[
            ("InstanceType", Jv::S(family)),
            ("CoreCount", Jv::N(cores)),
            ("MemorySize", Jv::N(memory)),
            ("OperatingSystem", Jv::S("Linux")),
        ])
    };
    let payments_tags = tags(&[
        ("team", "payments"),
        ("env", "prod"),
        ("app", "payments-api"),
    ]);
    let platform_tags = tags(&[("team", "platform"), ("env", "prod")]);
    let data_tags = tags(&[
        ("team", "data"),
        ("env", "prod"),
        ("cost-center", "CC-3100"),
    ]);
    let staging_tags = tags(&[("team", "platform"), ("env", "staging")]);
    let labs_tags = tags(&[("team", "research"), ("env", "dev")]);

    // payments-prod: the payments API on m7i.2xlarge, its MySQL database, storage and traffic.
    let sku = g.rng.code(16);
    for (n, zone) in ["us-east-1a", "us-east-1b", "us-east-1c"]
        .into_iter()
        .enumerate()
    {
        let id = format!("i-0{}", g.rng.hex(16));
        g.add(
            g.meter(PAYMENTS, EC2)
                .region(US_EAST_1)
                .zone(zone)
                .resource(&id, &format!("payments-api-{}", n + 1), "Instance")
                .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "BoxUsage:m7i.2xlarge")
                .details(instance("m7i.2xlarge", 8, 32))
                .tags(payments_tags.clone())
                .describe("$0.4032 per On Demand Linux m7i.2xlarge Instance Hour")
                .unit("Hours")
                .price(0.4032)
                .covered(sp, 0.2903)
                .flaky(if n == 2 { 0.06 } else { 0.0 }),
        );
    }
    let sku = g.rng.code(16);
    for n in 1..=2 {
        g.add(
            g.meter(PAYMENTS, RDS)
                .region(US_EAST_1)
                .zone(if n == 1 { "us-east-1a" } else { "us-east-1b" })
                .resource(
                    &format!("arn:aws:rds:us-east-1:210987654321:db:payments-db-{n}"),
                    &format!("payments-db-{n}"),
                    "DB Instance",
                )
                .sku(
                    &sku,
                    &format!("{sku}.{ON_DEMAND}"),
                    "InstanceUsage:db.r7g.2xl",
                )
                .details(json(&[
                    ("InstanceType", Jv::S("db.r7g.2xlarge")),
                    ("CoreCount", Jv::N(8)),
                    ("MemorySize", Jv::N(64)),
                    ("x_DatabaseEngine", Jv::S("MySQL")),
                ]))
                .tags(tags(&[
                    ("team", "payments"),
                    ("env", "prod"),
                    ("app", "ledger-db"),
                ]))
                .describe("$0.952 per RDS db.r7g.2xlarge Single-AZ instance hour running MySQL")
                .unit("Hours")
                .price(0.9520)
                .covered(ri, 0.6040)
                .flaky(if n == 2 { 0.08 } else { 0.0 }),
        );
    }
    let (sku, vol) = (g.rng.code(16), format!("vol-0{}", g.rng.hex(16)));
    g.add(
        g.meter(PAYMENTS, EBS)
            .region(US_EAST_1)
            .zone("us-east-1a")
            .resource(&vol, "payments-api-data", "Volume")
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "EBS:VolumeUsage.gp3")
            .details(json(&[("DiskType", Jv::S("gp3"))]))
            .tags(payments_tags.clone())
            .describe("$0.08 per GB-month of General Purpose (gp3) provisioned storage")
            .unit("GB-Month")
            .price(0.08)
            .monthly(6000.0, 4)
            .growth(0.001),
    );
    let (sku, lb) = (g.rng.code(16), g.rng.hex(16));
    g.add(
        g.meter(PAYMENTS, ELB)
            .region(US_EAST_1)
            .resource(
                &format!(
                    "arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/payments-alb/{lb}"
                ),
                "payments-alb",
                "Load Balancer",
            )
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "LCUUsage")
            .tags(payments_tags.clone())
            .describe("$0.008 per used Application load balancer capacity unit-hour")
            .unit("LCU-Hours")
            .price(0.008)
            .daily(336.0, 2)
            .noise(0.15)
            .weekend(0.8),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(PAYMENTS, DATA_TRANSFER)
            .region(US_EAST_1)
            .sku(
                &sku,
                &format!("{sku}.{ON_DEMAND}"),
                "DataTransfer-Out-Bytes",
            )
            .describe(
                "$0.09 per GB - first 10 TB / month data transfer out beyond the global free tier",
            )
            .unit("GB")
            .price(0.09)
            .daily(850.0, 2)
            .noise(0.2)
            .spike(50, 53, 6.0),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(PAYMENTS, CLOUDWATCH)
            .region(US_EAST_1)
            .resource(
                "arn:aws:logs:us-east-1:210987654321:log-group:/payments/api",
                "/payments/api",
                "Log Group",
            )
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "DataProcessing-Bytes")
            .tags(payments_tags)
            .describe("$0.50 per GB custom log data ingested")
            .unit("GB")
            .price(0.50)
            .daily(95.0, 2)
            .noise(0.1)
            .growth(0.004),
    );

    // platform-prod: the EKS cluster on c7g.4xlarge nodes (the 4th node scales in on weekends).
    let sku = g.rng.code(16);
    g.add(
        g.meter(PLATFORM, EKS)
            .region(US_EAST_1)
            .resource(
                "arn:aws:eks:us-east-1:345678901234:cluster/platform-prod",
                "platform-prod",
                "Cluster",
            )
            .sku(
                &sku,
                &format!("{sku}.{ON_DEMAND}"),
                "AmazonEKS-Hours:perCluster",
            )
            .tags(platform_tags.clone())
            .describe("$0.10 per hour per EKS cluster")
            .unit("Hours")
            .price(0.10),
    );
    let sku = g.rng.code(16);
    for n in 1..=4 {
        let id = format!("i-0{}", g.rng.hex(16));
        let zone = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"][n - 1];
        g.add(
            g.meter(PLATFORM, EC2)
                .region(US_EAST_1)
                .zone(zone)
                .resource(&id, &format!("eks-platform-prod-ng-{n}"), "Instance")
                .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "BoxUsage:c7g.4xlarge")
                .details(instance("c7g.4xlarge", 16, 32))
                .tags(tags(&[
                    ("team", "platform"),
                    ("env", "prod"),
                    ("eks:cluster-name", "platform-prod"),
                ]))
                .describe("$0.58 per On Demand Linux c7g.4xlarge Instance Hour")
                .unit("Hours")
                .price(0.58)
                .covered(sp, 0.4176)
                .weekend(if n == 4 { 0.0 } else { 1.0 })
                .flaky(if n == 3 { 0.05 } else { 0.0 }),
        );
    }
    let (sku, nat) = (g.rng.code(16), format!("nat-0{}", g.rng.hex(16)));
    g.add(
        g.meter(PLATFORM, VPC)
            .region(US_EAST_1)
            .zone("us-east-1a")
            .resource(&nat, "platform-prod-nat-a", "NAT Gateway")
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "NatGateway-Hours")
            .tags(platform_tags.clone())
            .describe("$0.045 per NAT Gateway Hour")
            .unit("Hours")
            .price(0.045),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(PLATFORM, VPC)
            .region(US_EAST_1)
            .zone("us-east-1a")
            .resource(&nat, "platform-prod-nat-a", "NAT Gateway")
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "NatGateway-Bytes")
            .tags(platform_tags.clone())
            .describe("$0.045 per GB Data Processed by NAT Gateways")
            .unit("GB")
            .price(0.045)
            .daily(1400.0, 2)
            .noise(0.2)
            .weekend(0.7),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(PLATFORM, S3)
            .region(US_EAST_1)
            .resource(
                "acme-platform-artifacts",
                "acme-platform-artifacts",
                "Bucket",
            )
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "TimedStorage-ByteHrs")
            .details(json(&[("StorageClass", Jv::S("Standard"))]))
            .tags(platform_tags.clone())
            .describe("$0.023 per GB - first 50 TB / month of storage used")
            .unit("GB-Month")
            .price(0.023)
            .monthly(42_000.0, 4)
            .growth(0.002),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(PLATFORM, ELASTICACHE)
            .region(US_EAST_1)
            .resource(
                "arn:aws:elasticache:us-east-1:345678901234:replicationgroup:sessions",
                "sessions",
                "Replication Group",
            )
            .sku(
                &sku,
                &format!("{sku}.{ON_DEMAND}"),
                "NodeUsage:cache.r7g.large",
            )
            .details(json(&[("InstanceType", Jv::S("cache.r7g.large"))]))
            .tags(platform_tags)
            .describe("$0.219 per Cache Node-Hour (or partial hour) running cache.r7g.large")
            .unit("Hours")
            .price(0.219)
            .daily(48.0, 0),
    );

    // data-analytics: the data lake, Athena, Glue, SageMaker training and a Spot fleet.
    let sku = g.rng.code(16);
    g.add(
        g.meter(DATA, S3)
            .region(US_EAST_1)
            .resource("acme-datalake-raw", "acme-datalake-raw", "Bucket")
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "TimedStorage-ByteHrs")
            .details(json(&[("StorageClass", Jv::S("Standard"))]))
            .tags(data_tags.clone())
            .describe("$0.022 per GB - next 450 TB / month of storage used")
            .unit("GB-Month")
            .price(0.022)
            .monthly(260_000.0, 4)
            .growth(0.003),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(DATA, ATHENA)
            .region(US_EAST_1)
            .resource(
                "arn:aws:athena:us-east-1:456789012345:workgroup/analysts",
                "analysts",
                "Workgroup",
            )
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "DataScannedInTB")
            .tags(data_tags.clone())
            .describe("$5.00 per Terabytes for DataScannedInTB")
            .unit("TB")
            .price(5.0)
            .daily(3.2, 4)
            .noise(0.35)
            .weekend(0.15),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(DATA, GLUE)
            .region(US_EAST_1)
            .resource(
                "arn:aws:glue:us-east-1:456789012345:job/nightly-orders-etl",
                "nightly-orders-etl",
                "Job",
            )
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "ETL-DPU-Hour")
            .tags(data_tags.clone())
            .describe("$0.44 per DPU-Hour for each Apache Spark or Spark Streaming job")
            .unit("DPU-Hours")
            .price(0.44)
            .daily(140.0, 2)
            .noise(0.25)
            .weekend(0.3),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(DATA, SAGEMAKER)
            .region(US_EAST_1)
            .resource(
                "arn:aws:sagemaker:us-east-1:456789012345:training-job/churn-model",
                "churn-model",
                "Training Job",
            )
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "Train:ml.g5.2xlarge")
            .details(json(&[
                ("InstanceType", Jv::S("ml.g5.2xlarge")),
                ("GpuCount", Jv::N(1)),
            ]))
            .tags(tags(&[
                ("team", "data"),
                ("env", "prod"),
                ("project", "churn-model"),
            ]))
            .describe("$1.515 per Training ml.g5.2xlarge hour")
            .unit("Hours")
            .price(1.515)
            .daily(30.0, 2)
            .noise(0.4)
            .weekend(0.0)
            .active(20, DAYS),
    );
    let (sku, fleet) = (g.rng.code(16), g.rng.uuid());
    g.add(
        g.meter(DATA, EC2)
            .region(US_EAST_1)
            .resource(&format!("sfr-{fleet}"), "spark-spot-fleet", "Spot Fleet")
            .sku(&sku, &format!("{sku}.SPOT"), "SpotUsage:c7i.xlarge")
            .details(instance("c7i.xlarge", 4, 8))
            .tags(data_tags)
            .describe("$0.0712 per Linux c7i.xlarge Spot Instance-hour")
            .unit("Hours")
            .price(0.1785)
            .spot(0.0712)
            .daily(240.0, 0)
            .noise(0.3)
            .weekend(0.5),
    );

    // staging (us-west-2): an app server (weekdays only) and a small EKS cluster.
    let (sku, id) = (g.rng.code(16), format!("i-0{}", g.rng.hex(16)));
    g.add(
        g.meter(STAGING, EC2)
            .region(US_WEST_2)
            .zone("us-west-2a")
            .resource(&id, "staging-app-1", "Instance")
            .sku(
                &sku,
                &format!("{sku}.{ON_DEMAND}"),
                "USW2-BoxUsage:m7i.large",
            )
            .details(instance("m7i.large", 2, 8))
            .tags(staging_tags.clone())
            .describe("$0.1008 per On Demand Linux m7i.large Instance Hour")
            .unit("Hours")
            .price(0.1008)
            .covered(sp, 0.0726)
            .weekend(0.0),
    );
    let sku = g.rng.code(16);
    g.add(
        g.meter(STAGING, EKS)
            .region(US_WEST_2)
            .resource(
                "arn:aws:eks:us-west-2:567890123456:cluster/staging",
                "staging",
                "Cluster",
            )
            .sku(
                &sku,
                &format!("{sku}.{ON_DEMAND}"),
                "USW2-AmazonEKS-Hours:perCluster",
            )
            .tags(staging_tags)
            .describe("$0.10 per hour per EKS cluster")
            .unit("Hours")
            .price(0.10),
    );

    // Acme Labs (eu-west-1): GPU instances, Bedrock tokens, a datasets bucket, an untagged sandbox.
    let sku = g.rng.code(16);
    for n in 1..=2 {
        let id = format!("i-0{}", g.rng.hex(16));
        g.add(
            g.meter(RESEARCH, EC2)
                .region(EU_WEST_1)
                .zone("eu-west-1a")
                .resource(&id, &format!("labs-gpu-{n}"), "Instance")
                .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "EU-BoxUsage:g6.xlarge")
                .details(json(&[
                    ("InstanceType", Jv::S("g6.xlarge")),
                    ("CoreCount", Jv::N(4)),
                    ("GpuCount", Jv::N(1)),
                ]))
                .tags(labs_tags.clone())
                .describe("$0.8936 per On Demand Linux g6.xlarge Instance Hour")
                .unit("Hours")
                .price(0.8936)
                .weekend(if n == 2 { 0.0 } else { 1.0 })
                .active(if n == 2 { 10 } else { 0 }, DAYS),
        );
    }
    let model = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    for (token, list, base) in [(Token::Input, 3.0, 9.0), (Token::Output, 15.0, 1.6)] {
        g.add(
            g.tokens(
                RESEARCH,
                BEDROCK,
                "Anthropic",
                model,
                token,
                false,
                list,
                base,
            )
            .region(EU_WEST_1)
            .tags(labs_tags.clone())
            .noise(0.3)
            .growth(0.01),
        );
    }
    let sku = g.rng.code(16);
    g.add(
        g.meter(RESEARCH, S3)
            .region(EU_WEST_1)
            .resource("acme-labs-datasets", "acme-labs-datasets", "Bucket")
            .sku(
                &sku,
                &format!("{sku}.{ON_DEMAND}"),
                "EU-TimedStorage-ByteHrs",
            )
            .details(json(&[("StorageClass", Jv::S("Standard"))]))
            .tags(labs_tags)
            .describe("$0.023 per GB - first 50 TB / month of storage used")
            .unit("GB-Month")
            .price(0.023)
            .monthly(18_000.0, 4)
            .growth(0.004),
    );
    let (sku, id) = (g.rng.code(16), format!("i-0{}", g.rng.hex(16)));
    g.add(
        g.meter(SANDBOX, EC2)
            .region(EU_WEST_1)
            .zone("eu-west-1b")
            .resource(&id, "sandbox-jupyter", "Instance")
            .sku(&sku, &format!("{sku}.{ON_DEMAND}"), "EU-BoxUsage:t3.medium")
            .details(instance("t3.medium", 2, 4))
            .describe("$0.0456 per On Demand Linux t3.medium Instance Hour")
            .unit("Hours")
            .price(0.0456)
            .weekend(0.0)
            .flaky(0.3),
    );

    g.simulate();

    for month in 0..3 {
        g.one_off(OneOff {
            account: 1,
            sub: Some(RESEARCH),
            svc: EC2,
            category: "Credit",
            frequency: "One-Time",
            start: MONTH_START[month],
            end: MONTH_START[month + 1],
            month,
            amount: -1_500 * S10,
            description: "AWS Activate promotional credit".into(),
        });
    }
    g.one_off(OneOff {
        account: 0,
        sub: Some(PAYMENTS),
        svc: RDS,
        category: "Credit",
        frequency: "One-Time",
        start: 66,
        end: 67,
        month: 2,
        amount: -31_240 * CENT,
        description: "Refund: Amazon RDS SLA credit for the 2026-08-11 availability breach".into(),
    });
    // Business Support: 10 % of the first $10K of monthly charges, 7 % up to $80K, 5 % beyond.
    for month in 0..3 {
        let spend = g.billed_total(0, month);
        let tiers = [(10_000 * S10, 1_000), (80_000 * S10, 700), (i128::MAX, 500)];
        let (mut fee, mut floor) = (0, 0);
        for (ceiling, rate) in tiers {
            if spend > floor {
                fee += percent_of(spend.min(ceiling) - floor, rate);
            }
            floor = ceiling;
        }
        let fee = fee.max(100 * S10);
        let mut row = g.base(0, None, SUPPORT);
        g.set_period(&mut row, MONTH_START[month], MONTH_START[month + 1], month);
        row.charge_category = Some("Purchase");
        row.charge_frequency = Some("Recurring");
        row.pricing_category = Some("Standard");
        row.pricing_quantity = Some(S10);
        row.pricing_unit = Some("Month");
        row.list_unit_price = Some(fee * 1_000_000);
        row.contracted_unit_price = Some(fee * 1_000_000);
        row.list_cost = fee;
        row.contracted_cost = fee;
        row.billed_cost = fee;
        row.effective_cost = fee;
        row.charge_description = text("AWS Support (Business) monthly fee");
        g.rows.push(row);
    }
    g.taxes();
    g.finish()
}

// ---------------------------------------------------------------------------------------------
// Azure
// ---------------------------------------------------------------------------------------------

fn azure() -> DemoSource {
    const VM: Svc = Svc("Virtual Machines", "Compute", "Virtual Machines");
    const AKS: Svc = Svc("Azure Kubernetes Service", "Compute", "Containers");
    const SQL: Svc = Svc("Azure SQL Database", "Databases", "Relational Databases");
    const COSMOS: Svc = Svc("Azure Cosmos DB", "Databases", "NoSQL Databases");
    const STORAGE: Svc = Svc("Storage Accounts", "Storage", "Object Storage");
    const DISKS: Svc = Svc("Managed Disks", "Storage", "Block Storage");
    const APP_GATEWAY: Svc = Svc(
        "Application Gateway",
        "Networking",
        "Application Networking",
    );
    const BANDWIDTH: Svc = Svc("Bandwidth", "Networking", "Network Connectivity");
    const FRONT_DOOR: Svc = Svc("Azure Front Door", "Networking", "Content Delivery");
    const MONITOR: Svc = Svc(
        "Azure Monitor",
        "Management and Governance",
        "Observability",
    );
    const KEY_VAULT: Svc = Svc("Key Vault", "Security", "Secret Management");
    const BACKUP: Svc = Svc("Backup", "Storage", "Backup Storage");
    const DATABRICKS: Svc = Svc("Azure Databricks", "Analytics", "Analytics Platforms");
    const OPENAI: Svc = Svc("Azure OpenAI", "AI and Machine Learning", "Generative AI");
    const WEST_EUROPE: Region = ("westeurope", "West Europe");
    const GERMANY: Region = ("germanywestcentral", "Germany West Central");
    const SWEDEN: Region = ("swedencentral", "Sweden Central");
    const EAST_US: Region = ("eastus", "East US");
    const EAST_US_2: Region = ("eastus2", "East US 2");
    const PAYMENTS: usize = 0;
    const DATA: usize = 1;
    const DEV: usize = 2;
    const WEB: usize = 3;
    const SHARED: usize = 4;

    let accounts = vec![
        Account {
            id: "CE7K-PQ3M-BG7-PGB",
            name: "Contoso Europe GmbH",
            kind: "Billing Profile",
            currency: "EUR",
            issuer: "Microsoft",
            invoice_prefix: "G0EU7K",
            tax: Some(("VAT", 1900)),
            discount: 1000,
        },
        Account {
            id: "R4TN-2WHD-BG7-PGB",
            name: "Contoso Inc.",
            kind: "Billing Profile",
            currency: "USD",
            issuer: "Microsoft",
            invoice_prefix: "G0US4T",
            tax: Some(("Sales tax", 600)),
            discount: 0,
        },
    ];
    let subscription = |account, id, name| Sub {
        account,
        id,
        name,
        kind: "Subscription",
    };
    let subs = vec![
        subscription(
            0,
            "3b6f1e2a-9c4d-4f7a-8e21-5d0c7b9a6f13",
            "contoso-payments-prod",
        ),
        subscription(
            0,
            "7e2d9b4c-1a8f-4c3e-b6d5-2f9a0e8c7b14",
            "contoso-data-platform",
        ),
        subscription(
            0,
            "c91a4f7e-3d2b-4e8a-9f60-1b7c5d3e2a15",
            "contoso-dev-test",
        ),
        subscription(
            1,
            "5f8e2c1b-7a9d-4b3f-8c42-6e1d0a9b7c16",
            "contoso-web-prod",
        ),
        subscription(
            1,
            "a2d7c9e4-6b1f-4a5c-9d83-3c0e8f2b1a17",
            "contoso-shared-services",
        ),
    ];
    let provider = Provider {
        source: "azure",
        service_provider: "Microsoft",
    };
    let mut g = Generator::new(provider, 2, accounts, subs);
    let rid = |g: &Generator, sub: usize, group: &str, kind: &str, name: &str| {
        format!(
            "/subscriptions/{}/resourcegroups/{group}/providers/{kind}/{name}",
            g.subs[sub].id
        )
    };
    let product = |g: &mut Generator| format!("{}/{}", g.rng.code(12), g.rng.code(4));

    let (order, reservation) = (g.rng.uuid(), g.rng.uuid());
    let ri = g.commitment(CommitmentSpec {
        sub: PAYMENTS,
        svc: VM,
        region: Some(WEST_EUROPE),
        kind: "Reservation",
        category: CommitmentCategory::Usage,
        id: format!(
            "/providers/microsoft.capacity/reservationorders/{order}/reservations/{reservation}"
        ),
        name: "VM_RI_D4s_v5_westeurope_x2",
        rate: 0.1360,
        units: 2,
    });

    // contoso-payments-prod (EUR): VMs covered by the reservation (a third one from mid-August).
    let pay_tags = tags(&[
        ("Team", "payments"),
        ("Environment", "prod"),
        ("CostCenter", "CC-1042"),
    ]);
    let sku = product(&mut g);
    for n in 1..=3 {
        let name = format!("vm-pay-api-0{n}");
        let id = rid(
            &g,
            PAYMENTS,
            "rg-payments-prod",
            "microsoft.compute/virtualmachines",
            &name,
        );
        g.add(
            g.meter(PAYMENTS, VM)
                .region(WEST_EUROPE)
                .zone(["1", "2", "3"][n - 1])
                .resource(&id, &name, "Virtual machine")
                .sku(&sku, &format!("{sku}/0001"), "D4s v5")
                .details(json(&[
                    ("InstanceType", Jv::S("Standard_D4s_v5")),
                    ("CoreCount", Jv::N(4)),
                    ("OperatingSystem", Jv::S("Linux")),
                ]))
                .tags(pay_tags.clone())
                .describe("Virtual Machines Dsv5 Series - D4s v5 - EU West")
                .unit("Hours")
                .price(0.2170)
                .covered(ri, 0.1360)
                .flaky(if n == 1 { 0.07 } else { 0.0 })
                // The third VM joined the pool in mid-August.
                .active(if n == 3 { 45 } else { 0 }, DAYS),
        );
    }
    let sku = product(&mut g);
    let id = rid(
        &g,
        PAYMENTS,
        "rg-payments-prod",
        "microsoft.compute/disks",
        "disk-pay-data-01",
    );
    g.add(
        g.meter(PAYMENTS, DISKS)
            .region(WEST_EUROPE)
            .resource(&id, "disk-pay-data-01", "Disk")
            .sku(
                &sku,
                &format!("{sku}/0002"),
                "Premium SSD v2 Provisioned Capacity",
            )
            .details(json(&[("DiskType", Jv::S("Premium SSD v2"))]))
            .tags(pay_tags.clone())
            .describe("Premium SSD v2 provisioned capacity - EU West")
            .unit("GB-Month")
            .price(0.0860)
            .monthly(4608.0, 4),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        PAYMENTS,
        "rg-payments-prod",
        "microsoft.sql/servers",
        "sql-pay-weu/databases/ledger",
    );
    g.add(
        g.meter(PAYMENTS, SQL)
            .region(WEST_EUROPE)
            .resource(&id, "ledger", "SQL database")
            .sku(&sku, &format!("{sku}/0003"), "vCore")
            .tags(tags(&[("team", "payments"), ("env", "prod")]))
            .describe("SQL Database Single General Purpose - Compute Gen5 - vCore - EU West")
            .unit("vCore-Hours")
            .price(0.2630)
            .daily(96.0, 0),
    );
    let gateway = rid(
        &g,
        PAYMENTS,
        "rg-payments-prod",
        "microsoft.network/applicationgateways",
        "agw-pay-weu",
    );
    let sku = product(&mut g);
    g.add(
        g.meter(PAYMENTS, APP_GATEWAY)
            .region(WEST_EUROPE)
            .resource(&gateway, "agw-pay-weu", "Application gateway")
            .sku(&sku, &format!("{sku}/0004"), "WAF v2 Fixed Cost")
            .tags(pay_tags.clone())
            .describe("Application Gateway WAF v2 - Fixed Cost - EU West")
            .unit("Hours")
            .price(0.4020),
    );
    let sku = product(&mut g);
    g.add(
        g.meter(PAYMENTS, APP_GATEWAY)
            .region(WEST_EUROPE)
            .resource(&gateway, "agw-pay-weu", "Application gateway")
            .sku(&sku, &format!("{sku}/0005"), "WAF v2 Capacity Units")
            .tags(pay_tags)
            .describe("Application Gateway WAF v2 - Capacity Units - EU West")
            .unit("Capacity Unit-Hours")
            .price(0.0072)
            .daily(240.0, 2)
            .noise(0.2)
            .weekend(0.75),
    );
    let sku = product(&mut g);
    g.add(
        g.meter(PAYMENTS, BANDWIDTH)
            .region(WEST_EUROPE)
            .sku(&sku, &format!("{sku}/0006"), "Standard Data Transfer Out")
            .describe("Bandwidth - Standard Data Transfer Out - Zone 1")
            .unit("GB")
            .price(0.0750)
            .daily(420.0, 2)
            .noise(0.25),
    );

    // contoso-data-platform (EUR): Databricks, the lake, Cosmos DB, Log Analytics, Azure OpenAI.
    let data_tags = tags(&[("team", "data"), ("env", "prod")]);
    let sku = product(&mut g);
    let id = rid(
        &g,
        DATA,
        "rg-data-weu",
        "microsoft.databricks/workspaces",
        "dbw-contoso-data",
    );
    g.add(
        g.meter(DATA, DATABRICKS)
            .region(WEST_EUROPE)
            .resource(&id, "dbw-contoso-data", "Databricks workspace")
            .sku(&sku, &format!("{sku}/0007"), "Premium Jobs Compute DBU")
            .tags(tags(&[("Team", "Data"), ("env", "prod")]))
            .describe("Azure Databricks Premium - Jobs Compute - DBU")
            .unit("DBU")
            .price(0.2800)
            .daily(520.0, 2)
            .noise(0.3)
            .weekend(0.4),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        DATA,
        "rg-data-weu",
        "microsoft.storage/storageaccounts",
        "stcontosolake",
    );
    g.add(
        g.meter(DATA, STORAGE)
            .region(WEST_EUROPE)
            .resource(&id, "stcontosolake", "Storage account")
            .sku(&sku, &format!("{sku}/0008"), "Hot LRS Data Stored")
            .details(json(&[
                ("StorageClass", Jv::S("Hot")),
                ("Redundancy", Jv::S("LRS")),
            ]))
            .tags(data_tags.clone())
            .describe("Azure Data Lake Storage Gen2 - Hot LRS - Data Stored")
            .unit("GB-Month")
            .price(0.0180)
            .monthly(310_000.0, 4)
            .growth(0.002),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        DATA,
        "rg-data-gwc",
        "microsoft.documentdb/databaseaccounts",
        "cosmos-events",
    );
    g.add(
        g.meter(DATA, COSMOS)
            .region(GERMANY)
            .resource(&id, "cosmos-events", "Azure Cosmos DB account")
            .sku(&sku, &format!("{sku}/0009"), "100 RU/s")
            .tags(data_tags.clone())
            .describe("Azure Cosmos DB - Autoscale - 100 RU/s - DE West Central")
            .unit("100 RU/s-Hours")
            .price(0.0112)
            .daily(960.0, 0)
            .noise(0.1),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        DATA,
        "rg-data-weu",
        "microsoft.operationalinsights/workspaces",
        "log-contoso-data",
    );
    g.add(
        g.meter(DATA, MONITOR)
            .region(WEST_EUROPE)
            .resource(&id, "log-contoso-data", "Log Analytics workspace")
            .sku(
                &sku,
                &format!("{sku}/0010"),
                "Analytics Logs Data Ingestion",
            )
            .tags(data_tags.clone())
            .describe("Log Analytics - Analytics Logs - Data Ingestion")
            .unit("GB")
            .price(2.5800)
            .daily(60.0, 2)
            .noise(0.15),
    );
    let id = rid(
        &g,
        DATA,
        "rg-ai-swc",
        "microsoft.cognitiveservices/accounts",
        "aoai-contoso-swc",
    );
    let aoai_tags = tags(&[("team", "data"), ("env", "prod"), ("app", "doc-summarizer")]);
    let model = "gpt-4o-2024-11-20";
    for (token, per_thousand, base_thousands) in [
        (Token::Input, 0.002310, 48_000.0),
        (Token::CacheRead, 0.001155, 30_000.0),
        (Token::Output, 0.009240, 9_000.0),
    ] {
        g.add(
            g.tokens(DATA, OPENAI, "OpenAI", model, token, false, 0.0, 0.0)
                .region(SWEDEN)
                .resource(&id, "aoai-contoso-swc", "Azure OpenAI account")
                .tags(aoai_tags.clone())
                .units("1K Tokens", "Tokens", 1_000)
                .price(per_thousand)
                .daily(base_thousands, 3)
                .noise(0.2)
                .growth(0.008)
                .weekend(0.5),
        );
    }

    // contoso-dev-test (EUR): untagged, weekdays only.
    let sku = product(&mut g);
    let id = rid(
        &g,
        DEV,
        "rg-dev",
        "microsoft.compute/virtualmachines",
        "vm-dev-build",
    );
    g.add(
        g.meter(DEV, VM)
            .region(GERMANY)
            .resource(&id, "vm-dev-build", "Virtual machine")
            .sku(&sku, &format!("{sku}/0011"), "B2ms")
            .details(json(&[
                ("InstanceType", Jv::S("Standard_B2ms")),
                ("CoreCount", Jv::N(2)),
            ]))
            .describe("Virtual Machines BS Series - B2ms - DE West Central")
            .unit("Hours")
            .price(0.0960)
            .weekend(0.0)
            .flaky(0.2),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        DEV,
        "rg-dev",
        "microsoft.storage/storageaccounts",
        "stcontosodev",
    );
    g.add(
        g.meter(DEV, STORAGE)
            .region(GERMANY)
            .resource(&id, "stcontosodev", "Storage account")
            .sku(&sku, &format!("{sku}/0012"), "Hot LRS Data Stored")
            .describe("Blob Storage - Hot LRS - Data Stored")
            .unit("GB-Month")
            .price(0.0200)
            .monthly(800.0, 4),
    );

    // contoso-web-prod (USD): AKS, its node pool, Front Door and blob storage.
    let web_tags = tags(&[("Team", "web"), ("env", "prod")]);
    let sku = product(&mut g);
    let cluster = rid(
        &g,
        WEB,
        "rg-web-prod",
        "microsoft.containerservice/managedclusters",
        "aks-web-prod",
    );
    g.add(
        g.meter(WEB, AKS)
            .region(EAST_US)
            .resource(&cluster, "aks-web-prod", "Kubernetes service")
            .sku(&sku, &format!("{sku}/0013"), "Standard Uptime SLA")
            .tags(web_tags.clone())
            .describe("Azure Kubernetes Service - Standard tier - Uptime SLA")
            .unit("Hours")
            .price(0.10),
    );
    let sku = product(&mut g);
    let scale_set = g.rng.hex(8);
    for n in 0..3 {
        let name = format!("aks-nodepool1-{scale_set}-vmss00000{n}");
        let id = rid(
            &g,
            WEB,
            "mc_rg-web-prod_aks-web-prod_eastus",
            "microsoft.compute/virtualmachinescalesets",
            &format!("aks-nodepool1-{scale_set}-vmss/virtualmachines/{n}"),
        );
        g.add(
            g.meter(WEB, VM)
                .region(EAST_US)
                .resource(&id, &name, "Virtual machine scale set instance")
                .sku(&sku, &format!("{sku}/0014"), "D8s v5")
                .details(json(&[
                    ("InstanceType", Jv::S("Standard_D8s_v5")),
                    ("CoreCount", Jv::N(8)),
                    ("OperatingSystem", Jv::S("Linux")),
                ]))
                .tags(web_tags.clone())
                .describe("Virtual Machines Dsv5 Series - D8s v5 - US East")
                .unit("Hours")
                .price(0.3840)
                .weekend(if n == 2 { 0.0 } else { 1.0 }),
        );
    }
    let sku = product(&mut g);
    let front_door = rid(
        &g,
        WEB,
        "rg-web-prod",
        "microsoft.cdn/profiles",
        "afd-contoso-web",
    );
    g.add(
        g.meter(WEB, FRONT_DOOR)
            .resource(&front_door, "afd-contoso-web", "Front Door and CDN profile")
            .sku(&sku, &format!("{sku}/0015"), "Standard Data Transfer Out")
            .tags(web_tags.clone())
            .describe("Azure Front Door Standard - Data Transfer Out - Zone 1")
            .unit("GB")
            .price(0.0820)
            .daily(900.0, 2)
            .noise(0.2)
            .weekend(1.15),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        WEB,
        "rg-web-prod",
        "microsoft.storage/storageaccounts",
        "stcontosoweb",
    );
    g.add(
        g.meter(WEB, STORAGE)
            .region(EAST_US)
            .resource(&id, "stcontosoweb", "Storage account")
            .sku(&sku, &format!("{sku}/0016"), "Hot LRS Data Stored")
            .details(json(&[
                ("StorageClass", Jv::S("Hot")),
                ("Redundancy", Jv::S("LRS")),
            ]))
            .tags(web_tags)
            .describe("Blob Storage - Hot LRS - Data Stored")
            .unit("GB-Month")
            .price(0.0208)
            .monthly(26_000.0, 4)
            .growth(0.003),
    );

    // contoso-shared-services (USD): Key Vault, Backup and Log Analytics.
    let shared_tags = tags(&[("team", "sre"), ("env", "prod")]);
    let sku = product(&mut g);
    let id = rid(
        &g,
        SHARED,
        "rg-shared",
        "microsoft.keyvault/vaults",
        "kv-contoso-shared",
    );
    g.add(
        g.meter(SHARED, KEY_VAULT)
            .region(EAST_US_2)
            .resource(&id, "kv-contoso-shared", "Key vault")
            .sku(&sku, &format!("{sku}/0017"), "Operations")
            .tags(shared_tags.clone())
            .describe("Key Vault - Standard - Operations")
            .units("10K Operations", "Operations", 10_000)
            .price(0.0300)
            .daily(520.0, 4)
            .noise(0.2),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        SHARED,
        "rg-shared",
        "microsoft.recoveryservices/vaults",
        "rsv-contoso-shared",
    );
    g.add(
        g.meter(SHARED, BACKUP)
            .region(EAST_US_2)
            .resource(&id, "rsv-contoso-shared", "Recovery Services vault")
            .sku(&sku, &format!("{sku}/0018"), "Azure VM Protected Instances")
            .tags(shared_tags.clone())
            .describe("Backup - Azure VM - Protected Instances")
            .unit("Instance-Months")
            .price(10.0)
            .monthly(12.0, 4),
    );
    let sku = product(&mut g);
    let id = rid(
        &g,
        SHARED,
        "rg-shared",
        "microsoft.operationalinsights/workspaces",
        "log-contoso-shared",
    );
    g.add(
        g.meter(SHARED, MONITOR)
            .region(EAST_US_2)
            .resource(&id, "log-contoso-shared", "Log Analytics workspace")
            .sku(
                &sku,
                &format!("{sku}/0019"),
                "Analytics Logs Data Ingestion",
            )
            .tags(shared_tags)
            .describe("Log Analytics - Analytics Logs - Data Ingestion")
            .unit("GB")
            .price(2.7600)
            .daily(35.0, 2)
            .noise(0.15),
    );

    g.simulate();
    g.one_off(OneOff {
        account: 1,
        sub: Some(WEB),
        svc: FRONT_DOOR,
        category: "Adjustment",
        frequency: "One-Time",
        start: 64,
        end: 65,
        month: 2,
        amount: -18_635 * CENT,
        description: "Refund: duplicate Azure Front Door charge (case 2609150040000123)".into(),
    });
    g.taxes();
    g.finish()
}

// ---------------------------------------------------------------------------------------------
// Google Cloud
// ---------------------------------------------------------------------------------------------

fn gcp() -> DemoSource {
    const GCE: Svc = Svc("Compute Engine", "Compute", "Virtual Machines");
    const GKE: Svc = Svc("Kubernetes Engine", "Compute", "Containers");
    const GCS: Svc = Svc("Cloud Storage", "Storage", "Object Storage");
    const BIGQUERY: Svc = Svc("BigQuery", "Databases", "Data Warehouses");
    const CLOUD_SQL: Svc = Svc("Cloud SQL", "Databases", "Relational Databases");
    const PUBSUB: Svc = Svc("Cloud Pub/Sub", "Integration", "Messaging");
    const NETWORKING: Svc = Svc("Networking", "Networking", "Network Connectivity");
    const LOGGING: Svc = Svc(
        "Cloud Logging",
        "Management and Governance",
        "Observability",
    );
    const VERTEX: Svc = Svc("Vertex AI", "AI and Machine Learning", "Generative AI");
    const CLOUD_RUN: Svc = Svc("Cloud Run", "Compute", "Serverless Compute");
    const GCE_PREFIX: &str = "//compute.googleapis.com/projects";
    const US_CENTRAL1: Region = ("us-central1", "Iowa");
    const EUROPE_WEST1: Region = ("europe-west1", "Belgium");
    const EUROPE_WEST4: Region = ("europe-west4", "Netherlands");
    const ANALYTICS: usize = 0;
    const ML: usize = 1;
    const WEB: usize = 2;
    const LABS: usize = 3;

    let accounts = vec![
        Account {
            id: "01A2B3-C4D5E6-F7A8B9",
            name: "Acme Corp",
            kind: "Billing Account",
            currency: "USD",
            issuer: "Google LLC",
            invoice_prefix: "GCP-5012",
            tax: None,
            discount: 0,
        },
        Account {
            id: "0F9E8D-7C6B5A-4D3C2B",
            name: "Acme Labs",
            kind: "Billing Account",
            currency: "USD",
            issuer: "Google Cloud EMEA Limited",
            invoice_prefix: "GCP-EMEA-7781",
            tax: Some(("VAT", 2300)),
            discount: 0,
        },
    ];
    let project = |account, id, name| Sub {
        account,
        id,
        name,
        kind: "Project",
    };
    let subs = vec![
        project(0, "acme-analytics-prod", "Analytics Prod"),
        project(0, "acme-ml-platform", "ML Platform"),
        project(0, "acme-web-staging", "Web Staging"),
        project(1, "labs-genai-experiments", "Labs GenAI Experiments"),
    ];
    let provider = Provider {
        source: "gcp",
        service_provider: "Google Cloud",
    };
    let mut g = Generator::new(provider, 3, accounts, subs);
    let sku_id =
        |g: &mut Generator| format!("{}-{}-{}", g.rng.code(4), g.rng.code(4), g.rng.code(4));
    let analytics_tags = tags(&[
        ("team", "analytics"),
        ("env", "prod"),
        ("cost-center", "cc-2001"),
    ]);
    let ml_tags = tags(&[("team", "ml"), ("env", "prod")]);

    // acme-analytics-prod: BigQuery, storage, Pub/Sub and three ETL workers.
    let bq_analysis = g.add(
        g.meter(ANALYTICS, BIGQUERY)
            .region(("US", "United States (multi-region)"))
            .sku("3362-E469-6BEF", "3362-E469-6BEF/on-demand", "Analysis")
            .tags(analytics_tags.clone())
            .describe("BigQuery Analysis (on-demand) in US multi-region")
            .unit("TiB")
            .price(6.25)
            .daily(4.2, 4)
            .noise(0.3)
            .weekend(0.3)
            .spike(44, 45, 2.5),
    );
    let sku = sku_id(&mut g);
    g.add(
        g.meter(ANALYTICS, BIGQUERY)
            .region(("US", "United States (multi-region)"))
            .sku(&sku, &format!("{sku}/active"), "Active Logical Storage")
            .tags(analytics_tags.clone())
            .describe("BigQuery Active Logical Storage in US multi-region")
            .unit("GiB-Month")
            .price(0.02)
            .monthly(95_000.0, 4)
            .growth(0.002),
    );
    let sku = sku_id(&mut g);
    g.add(
        g.meter(ANALYTICS, GCS)
            .region(US_CENTRAL1)
            .resource(
                "//storage.googleapis.com/projects/_/buckets/acme-analytics-landing",
                "acme-analytics-landing",
                "Bucket",
            )
            .sku(&sku, &format!("{sku}/standard"), "Standard Storage")
            .details(json(&[("StorageClass", Jv::S("Standard"))]))
            .tags(analytics_tags.clone())
            .describe("Standard Storage Iowa")
            .unit("GiB-Month")
            .price(0.020)
            .monthly(180_000.0, 4)
            .growth(0.002),
    );
    let sku = sku_id(&mut g);
    g.add(
        g.meter(ANALYTICS, PUBSUB)
            .region(US_CENTRAL1)
            .resource(
                "//pubsub.googleapis.com/projects/acme-analytics-prod/topics/orders",
                "orders",
                "Topic",
            )
            .sku(&sku, &format!("{sku}/standard"), "Message Delivery Basic")
            .tags(analytics_tags.clone())
            .describe("Message Delivery Basic")
            .unit("TiB")
            .price(40.0)
            .daily(0.35, 4)
            .noise(0.2),
    );
    let sku = sku_id(&mut g);
    let mut workers = Vec::new();
    for n in 1..=3 {
        let zone = ["us-central1-a", "us-central1-b", "us-central1-c"][n - 1];
        workers.push(
            g.add(
                g.meter(ANALYTICS, GCE)
                    .region(US_CENTRAL1)
                    .zone(zone)
                    .resource(
                        &format!(
                            "{GCE_PREFIX}/acme-analytics-prod/zones/{zone}/instances/etl-worker-{n}"
                        ),
                        &format!("etl-worker-{n}"),
                        "Instance",
                    )
                    .sku(
                        &sku,
                        &format!("{sku}/on-demand"),
                        "N2 Instance Core and Ram",
                    )
                    .details(json(&[
                        ("InstanceType", Jv::S("n2-standard-8")),
                        ("CoreCount", Jv::N(8)),
                        ("MemorySize", Jv::N(32)),
                    ]))
                    .tags(analytics_tags.clone())
                    .describe("N2 Instance running in Americas (n2-standard-8)")
                    .unit("Hours")
                    .price(0.3885)
                    .flaky(if n == 3 { 0.1 } else { 0.0 }),
            ),
        );
    }
    let sku = sku_id(&mut g);
    g.add(
        g.meter(ANALYTICS, LOGGING)
            .region(US_CENTRAL1)
            .sku(&sku, &format!("{sku}/standard"), "Log Volume")
            .tags(analytics_tags)
            .describe("Log Volume (ingestion)")
            .unit("GiB")
            .price(0.50)
            .daily(40.0, 2)
            .noise(0.1),
    );

    // acme-ml-platform: Gemini on Vertex AI, the serving cluster and its GPU nodes.
    for (token, list, base) in [
        (Token::Input, 1.25, 60.0),
        (Token::CacheRead, 0.31, 140.0),
        (Token::Output, 10.0, 9.0),
    ] {
        g.add(
            g.tokens(
                ML,
                VERTEX,
                "Google",
                "gemini-2.5-pro",
                token,
                false,
                list,
                base,
            )
            .region(US_CENTRAL1)
            .tags(ml_tags.clone())
            .noise(0.2)
            .growth(0.006)
            .weekend(0.6),
        );
    }
    let sku = sku_id(&mut g);
    g.add(
        g.meter(ML, GKE)
            .region(US_CENTRAL1)
            .resource(
                "//container.googleapis.com/projects/acme-ml-platform/locations/us-central1/clusters/ml-serving",
                "ml-serving",
                "Cluster",
            )
            .sku(&sku, &format!("{sku}/standard"), "Regional Kubernetes Clusters")
            .tags(ml_tags.clone())
            .describe("Regional Kubernetes Clusters")
            .unit("Hours")
            .price(0.10),
    );
    let sku = sku_id(&mut g);
    let gpu_tags = tags(&[
        ("team", "ml"),
        ("env", "prod"),
        ("goog-k8s-cluster-name", "ml-serving"),
    ]);
    for n in 1..=2 {
        let name = format!("gke-ml-serving-gpu-{n}");
        let id = format!("{GCE_PREFIX}/acme-ml-platform/zones/us-central1-a/instances/{name}");
        g.add(
            g.meter(ML, GCE)
                .region(US_CENTRAL1)
                .zone("us-central1-a")
                .resource(&id, &name, "Instance")
                .sku(&sku, &format!("{sku}/on-demand"), "G2 Instance with L4 GPU")
                .details(json(&[
                    ("InstanceType", Jv::S("g2-standard-8")),
                    ("CoreCount", Jv::N(8)),
                    ("GpuCount", Jv::N(1)),
                ]))
                .tags(gpu_tags.clone())
                .describe("G2 Instance running in Americas (g2-standard-8, 1 x NVIDIA L4)")
                .unit("Hours")
                .price(0.8536)
                .weekend(if n == 2 { 0.0 } else { 1.0 }),
        );
    }

    // acme-web-staging (europe-west1): Cloud Run, Cloud SQL and untagged egress.
    let web_tags = tags(&[("team", "web"), ("env", "staging")]);
    let sku = sku_id(&mut g);
    g.add(
        g.meter(WEB, CLOUD_RUN)
            .region(EUROPE_WEST1)
            .resource(
                "//run.googleapis.com/projects/acme-web-staging/locations/europe-west1/services/storefront",
                "storefront",
                "Service",
            )
            .sku(&sku, &format!("{sku}/tier1"), "CPU Allocation Time")
            .tags(web_tags.clone())
            .describe("Cloud Run CPU Allocation Time (tier 1)")
            .unit("vCPU-Seconds")
            .price(0.000024)
            .daily(2_100_000.0, 0)
            .noise(0.25)
            .weekend(0.3),
    );
    let sku = sku_id(&mut g);
    g.add(
        g.meter(WEB, CLOUD_SQL)
            .region(EUROPE_WEST1)
            .resource(
                "//cloudsql.googleapis.com/projects/acme-web-staging/instances/storefront-pg",
                "storefront-pg",
                "Instance",
            )
            .sku(
                &sku,
                &format!("{sku}/on-demand"),
                "Cloud SQL for PostgreSQL: Zonal - 2 vCPU + 7.5GB RAM",
            )
            .tags(web_tags)
            .describe("Cloud SQL for PostgreSQL: Zonal - db-custom-2-7680 in Belgium")
            .unit("Hours")
            .price(0.1670),
    );
    let sku = sku_id(&mut g);
    g.add(
        g.meter(WEB, NETWORKING)
            .region(EUROPE_WEST1)
            .sku(
                &sku,
                &format!("{sku}/premium"),
                "Network Internet Data Transfer Out",
            )
            .describe("Network Internet Data Transfer Out from Belgium to Americas")
            .unit("GiB")
            .price(0.12)
            .daily(75.0, 2)
            .noise(0.3),
    );

    // labs-genai-experiments (europe-west4): Gemini Flash from mid-July, and a datasets bucket.
    let labs_tags = tags(&[("team", "research"), ("env", "dev")]);
    for (token, list, base) in [(Token::Input, 0.30, 25.0), (Token::Output, 2.50, 4.0)] {
        g.add(
            g.tokens(
                LABS,
                VERTEX,
                "Google",
                "gemini-2.5-flash",
                token,
                false,
                list,
                base,
            )
            .region(EUROPE_WEST4)
            .tags(labs_tags.clone())
            .noise(0.45)
            .growth(0.01)
            .active(15, DAYS),
        );
    }
    let sku = sku_id(&mut g);
    g.add(
        g.meter(LABS, GCS)
            .region(EUROPE_WEST4)
            .resource(
                "//storage.googleapis.com/projects/_/buckets/labs-genai-datasets",
                "labs-genai-datasets",
                "Bucket",
            )
            .sku(&sku, &format!("{sku}/standard"), "Standard Storage")
            .details(json(&[("StorageClass", Jv::S("Standard"))]))
            .tags(labs_tags)
            .describe("Standard Storage Netherlands")
            .unit("GiB-Month")
            .price(0.020)
            .monthly(6_000.0, 4),
    );

    g.simulate();

    // Sustained use discount: a daily credit of 20 % of the ETL workers' cost.
    for day in 0..DAYS {
        let worker_cost: i128 = g
            .rows
            .iter()
            .filter(|r| {
                r.charge_period_start == ts(day) && r.meter.is_some_and(|m| workers.contains(&m))
            })
            .map(|r| r.billed_cost)
            .sum();
        if worker_cost > 0 {
            g.one_off(OneOff {
                account: 0,
                sub: Some(ANALYTICS),
                svc: GCE,
                category: "Credit",
                frequency: "Usage-Based",
                start: day,
                end: day + 1,
                month: month_of(day),
                amount: -percent_of(worker_cost, 2_000),
                description: "Sustained use discount: N2 instances in Americas".into(),
            });
        }
    }
    for month in 0..3 {
        g.one_off(OneOff {
            account: 1,
            sub: Some(LABS),
            svc: VERTEX,
            category: "Credit",
            frequency: "One-Time",
            start: MONTH_START[month],
            end: MONTH_START[month + 1],
            month,
            amount: -400 * S10,
            description: "Google for Startups Cloud Program credit".into(),
        });
    }
    // BigQuery metered a retried job twice on 2026-08-14; September's bill corrects it.
    if let Some(original) = g
        .rows
        .iter()
        .find(|r| r.meter == Some(bq_analysis) && r.charge_period_start == ts(44))
        .cloned()
    {
        let mut row = original;
        let q = row.pricing_quantity.unwrap_or(0);
        let q = -(q * 45 / 100 / 1_000_000 * 1_000_000);
        let meter = &g.meters[bq_analysis];
        row.pricing_quantity = Some(q);
        row.consumed_quantity = Some(q * meter.factor);
        row.list_cost = cost(meter.list, q);
        row.contracted_cost = cost(meter.contracted, q);
        row.billed_cost = row.contracted_cost;
        row.effective_cost = row.contracted_cost;
        row.charge_class = Some("Correction");
        row.charge_description =
            text("Correction: BigQuery analysis of 2026-08-14 metered twice (retried job)");
        g.set_period(&mut row, 44, 45, 2);
        g.rows.push(row);
    }
    g.taxes();
    g.finish()
}

// ---------------------------------------------------------------------------------------------
// Oracle Cloud Infrastructure
// ---------------------------------------------------------------------------------------------

fn oci() -> DemoSource {
    const COMPUTE: Svc = Svc("Compute", "Compute", "Virtual Machines");
    const OKE: Svc = Svc("Container Engine for Kubernetes", "Compute", "Containers");
    const BLOCK: Svc = Svc("Block Storage", "Storage", "Block Storage");
    const OBJECT: Svc = Svc("Object Storage", "Storage", "Object Storage");
    const ADB: Svc = Svc("Autonomous Database", "Databases", "Relational Databases");
    const LOAD_BALANCER: Svc = Svc("Load Balancer", "Networking", "Application Networking");
    const FASTCONNECT: Svc = Svc("FastConnect", "Networking", "Network Connectivity");
    const LONDON: Region = ("uk-london-1", "UK South (London)");
    const CARDIFF: Region = ("uk-cardiff-1", "UK West (Newport)");
    const APPS: usize = 0;
    const DB: usize = 1;
    const NETWORK: usize = 2;
    const DR: usize = 3;

    let accounts = vec![
        Account {
            id: "ocid1.tenancy.oc1..aaaaaaaa4tqv6zcmx2ldnvb7kqe3m5hf2xw7ppqnz3a7ryk5slu2c4dgh6bq",
            name: "acmeuk",
            kind: "Tenancy",
            currency: "GBP",
            issuer: "Oracle",
            invoice_prefix: "OCI-UK-77340",
            tax: Some(("VAT", 2000)),
            discount: 1500,
        },
        Account {
            id: "ocid1.tenancy.oc1..aaaaaaaa7n3kdw2mq5zxe6rfy4bltc8hpu9vjs2a6o3qgn1xk7i5ezr4mf",
            name: "acmeuk-dr",
            kind: "Tenancy",
            currency: "GBP",
            issuer: "Oracle",
            invoice_prefix: "OCI-UK-77341",
            tax: Some(("VAT", 2000)),
            discount: 0,
        },
    ];
    let compartment = |account, id, name| Sub {
        account,
        id,
        name,
        kind: "Compartment",
    };
    let subs = vec![
        compartment(
            0,
            "ocid1.compartment.oc1..aaaaaaaab2xkqf7m4vn6tz3lwp8rd5hc1ye9gsu0jaio2bk7nx4qmf3wz6pa",
            "prod-apps",
        ),
        compartment(
            0,
            "ocid1.compartment.oc1..aaaaaaaac5ym2hx8qw4nv7rk1tz6ld3pf9gj0sbe2ua5io8ck4my7xz1qb",
            "prod-db",
        ),
        compartment(
            0,
            "ocid1.compartment.oc1..aaaaaaaad8zn5ky1rx7pw0sm4ua9ng6qh2ci3tvf5lb8jo1dm7nz4ay2rc",
            "shared-network",
        ),
        compartment(
            1,
            "ocid1.compartment.oc1..aaaaaaaaf1ap8lz4sy0qx3tn7vb2oh9rk5dj6uwg8mc1kp4en0oa7bz5sd",
            "dr-standby",
        ),
    ];
    let provider = Provider {
        source: "oci",
        service_provider: "Oracle",
    };
    let mut g = Generator::new(provider, 4, accounts, subs);
    let ocid = |g: &mut Generator, kind: &str, region: &str| {
        format!(
            "ocid1.{kind}.oc1.{region}.{}",
            g.rng.pick(60, b"abcdefghijklmnopqrstuvwxyz0123456789")
        )
    };
    let erp_tags = tags(&[
        ("Oracle-Tags.CreatedBy", "terraform"),
        ("team", "erp"),
        ("env", "prod"),
    ]);

    // prod-apps: three E5 Flex instances (OCPU and memory metered separately), OKE, LB, volumes.
    for n in 1..=3 {
        let id = ocid(&mut g, "instance", "uk-london-1");
        let name = format!("erp-app-{n}");
        let ad = ["LON-AD-1", "LON-AD-2", "LON-AD-3"][n - 1];
        g.add(
            g.meter(APPS, COMPUTE)
                .region(LONDON)
                .zone(ad)
                .resource(&id, &name, "Instance")
                .sku("B97384", "B97384", "Compute - Standard - E5 - OCPU")
                .details(json(&[
                    ("InstanceType", Jv::S("VM.Standard.E5.Flex")),
                    ("CoreCount", Jv::N(8)),
                ]))
                .tags(erp_tags.clone())
                .describe("Compute - Standard - E5 - OCPU Per Hour")
                .unit("OCPU Hours")
                .price(0.0226)
                .daily(192.0, 0)
                .flaky(if n == 3 { 0.05 } else { 0.0 }),
        );
        g.add(
            g.meter(APPS, COMPUTE)
                .region(LONDON)
                .zone(ad)
                .resource(&id, &name, "Instance")
                .sku("B97385", "B97385", "Compute - Standard - E5 - Memory")
                .details(json(&[
                    ("InstanceType", Jv::S("VM.Standard.E5.Flex")),
                    ("MemorySize", Jv::N(64)),
                ]))
                .tags(erp_tags.clone())
                .describe("Compute - Standard - E5 - Memory Gigabyte Per Hour")
                .unit("GB Hours")
                .price(0.0015)
                .daily(1536.0, 0),
        );
    }
    let id = ocid(&mut g, "cluster", "uk-london-1");
    g.add(
        g.meter(APPS, OKE)
            .region(LONDON)
            .resource(&id, "oke-erp-prod", "Cluster")
            .sku("B96545", "B96545", "OKE - Enhanced Cluster")
            .tags(erp_tags.clone())
            .describe("Oracle Container Engine for Kubernetes - Enhanced Cluster Per Hour")
            .unit("Cluster Hours")
            .price(0.0750),
    );
    let id = ocid(&mut g, "loadbalancer", "uk-london-1");
    g.add(
        g.meter(APPS, LOAD_BALANCER)
            .region(LONDON)
            .resource(&id, "lb-erp-public", "Load Balancer")
            .sku("B93030", "B93030", "Load Balancer Base")
            .tags(erp_tags.clone())
            .describe("Load Balancer Base Per Hour")
            .unit("Load Balancer Hours")
            .price(0.0100),
    );
    let id = ocid(&mut g, "volume", "uk-london-1");
    g.add(
        g.meter(APPS, BLOCK)
            .region(LONDON)
            .resource(&id, "erp-app-data", "Block Volume")
            .sku("B91961", "B91961", "Block Volume - Storage")
            .tags(erp_tags.clone())
            .describe("Block Volume - Storage Gigabyte Storage Capacity Per Month")
            .unit("GB-Month")
            .price(0.0200)
            .monthly(12_000.0, 4),
    );

    // prod-db: Autonomous Database compute (autoscaling) and storage.
    let db_tags = tags(&[
        ("Oracle-Tags.CreatedBy", "terraform"),
        ("team", "erp"),
        ("env", "prod"),
        ("tier", "database"),
    ]);
    let id = ocid(&mut g, "autonomousdatabase", "uk-london-1");
    g.add(
        g.meter(DB, ADB)
            .region(LONDON)
            .resource(&id, "erpprod", "Autonomous Database")
            .sku(
                "B95702",
                "B95702",
                "Autonomous Transaction Processing - ECPU",
            )
            .tags(db_tags.clone())
            .describe("Oracle Autonomous Transaction Processing - ECPU Per Hour")
            .unit("ECPU Hours")
            .price(0.2520)
            .daily(192.0, 2)
            .noise(0.2)
            .weekend(0.7),
    );
    g.add(
        g.meter(DB, ADB)
            .region(LONDON)
            .resource(&id, "erpprod", "Autonomous Database")
            .sku("B95706", "B95706", "Autonomous Database Storage")
            .tags(db_tags)
            .describe("Oracle Autonomous Database Storage Gigabyte Per Month")
            .unit("GB-Month")
            .price(0.0890)
            .monthly(4096.0, 4)
            .growth(0.002),
    );

    // shared-network: FastConnect and the archive bucket.
    let network_tags = tags(&[("team", "network"), ("env", "prod")]);
    let id = ocid(&mut g, "virtualcircuit", "uk-london-1");
    g.add(
        g.meter(NETWORK, FASTCONNECT)
            .region(LONDON)
            .resource(&id, "fc-london-dc1", "Virtual Circuit")
            .sku("B88325", "B88325", "FastConnect 1 Gbps")
            .tags(network_tags.clone())
            .describe("Networking - FastConnect 1 Gbps Port Hour")
            .unit("Port Hours")
            .price(0.1600),
    );
    g.add(
        g.meter(NETWORK, OBJECT)
            .region(LONDON)
            .resource("acmeuk-archive", "acmeuk-archive", "Bucket")
            .sku("B91628", "B91628", "Object Storage - Storage")
            .details(json(&[("StorageClass", Jv::S("Standard"))]))
            .tags(network_tags)
            .describe("Object Storage - Storage Gigabyte Storage Capacity Per Month")
            .unit("GB-Month")
            .price(0.0192)
            .monthly(55_000.0, 4)
            .growth(0.003),
    );

    // acmeuk-dr (Cardiff): an untagged warm standby.
    let id = ocid(&mut g, "instance", "uk-cardiff-1");
    g.add(
        g.meter(DR, COMPUTE)
            .region(CARDIFF)
            .resource(&id, "erp-dr-1", "Instance")
            .sku("B97384", "B97384", "Compute - Standard - E5 - OCPU")
            .describe("Compute - Standard - E5 - OCPU Per Hour")
            .unit("OCPU Hours")
            .price(0.0226)
            .daily(48.0, 0),
    );
    g.add(
        g.meter(DR, COMPUTE)
            .region(CARDIFF)
            .resource(&id, "erp-dr-1", "Instance")
            .sku("B97385", "B97385", "Compute - Standard - E5 - Memory")
            .describe("Compute - Standard - E5 - Memory Gigabyte Per Hour")
            .unit("GB Hours")
            .price(0.0015)
            .daily(384.0, 0),
    );
    let id = ocid(&mut g, "volume", "uk-cardiff-1");
    g.add(
        g.meter(DR, BLOCK)
            .region(CARDIFF)
            .resource(&id, "erp-app-data-replica", "Block Volume")
            .sku("B91961", "B91961", "Block Volume - Storage")
            .describe("Block Volume - Storage Gigabyte Storage Capacity Per Month")
            .unit("GB-Month")
            .price(0.0200)
            .monthly(12_000.0, 4),
    );
    let id = ocid(&mut g, "autonomousdatabase", "uk-cardiff-1");
    g.add(
        g.meter(DR, ADB)
            .region(CARDIFF)
            .resource(&id, "erpprod-standby", "Autonomous Database")
            .sku(
                "B95702",
                "B95702",
                "Autonomous Transaction Processing - ECPU",
            )
            .describe("Oracle Autonomous Transaction Processing - ECPU Per Hour")
            .unit("ECPU Hours")
            .price(0.2520)
            .daily(48.0, 0),
    );

    g.simulate();
    g.taxes();
    g.finish()
}

// ---------------------------------------------------------------------------------------------
// OpenAI
// ---------------------------------------------------------------------------------------------

fn openai() -> DemoSource {
    const API: Svc = Svc("OpenAI API", "AI and Machine Learning", "Generative AI");
    const SUPPORT_BOT: usize = 0;
    const SEARCH: usize = 1;
    const COPILOT: usize = 2;
    const RESEARCH: usize = 3;

    let accounts = vec![
        Account {
            id: "org-7Fq2LmZp9XcV3bNw8KdR4TyA",
            name: "Acme Corp",
            kind: "Organization",
            currency: "USD",
            issuer: "OpenAI, L.L.C.",
            invoice_prefix: "OAI-7FQ2LMZP",
            tax: None,
            discount: 0,
        },
        Account {
            id: "org-Lb5nHc1xWq8ZrT2yKm6PdV9s",
            name: "Acme Labs",
            kind: "Organization",
            currency: "USD",
            issuer: "OpenAI Ireland Limited",
            invoice_prefix: "OAI-LB5NHC1X",
            tax: Some(("VAT", 2300)),
            discount: 0,
        },
    ];
    let project = |account, id, name| Sub {
        account,
        id,
        name,
        kind: "Project",
    };
    let subs = vec![
        project(0, "proj_Kx8vQ2mN5pL7rT3wY9zB", "customer-support-bot"),
        project(0, "proj_Hc4jR8sW2nF6tV1xM5qD", "semantic-search"),
        project(0, "proj_Zt7bN3kP9wL2cX6vR4mG", "internal-copilot"),
        project(1, "proj_Qm2wE8rT5yU1iO7pA3sD", "agents-research"),
    ];
    let provider = Provider {
        source: "openai",
        service_provider: "OpenAI",
    };
    let mut g = Generator::new(provider, 5, accounts, subs);

    struct Usage {
        sub: usize,
        model: &'static str,
        batch: bool,
        /// (token type, list price per 1M tokens, base millions of tokens per day)
        tokens: &'static [(Token, f64, f64)],
        noise: f64,
        growth: f64,
        weekend: f64,
        active: (usize, usize),
        spike: Option<(usize, usize, f64)>,
    }
    let usages = [
        Usage {
            sub: SUPPORT_BOT,
            model: "gpt-5-mini",
            batch: false,
            tokens: &[
                (Token::Input, 0.25, 210.0),
                (Token::CacheRead, 0.025, 480.0),
                (Token::Output, 2.00, 38.0),
            ],
            noise: 0.12,
            growth: 0.004,
            weekend: 0.7,
            active: (0, DAYS),
            spike: None,
        },
        // The support bot moved from gpt-4.1-mini to gpt-5-mini in mid-August.
        Usage {
            sub: SUPPORT_BOT,
            model: "gpt-4.1-mini",
            batch: false,
            tokens: &[
                (Token::Input, 0.40, 90.0),
                (Token::CacheRead, 0.10, 160.0),
                (Token::Output, 1.60, 17.0),
            ],
            noise: 0.12,
            growth: -0.01,
            weekend: 0.7,
            active: (0, 46),
            spike: None,
        },
        Usage {
            sub: SEARCH,
            model: "text-embedding-3-large",
            batch: false,
            tokens: &[(Token::Input, 0.13, 350.0)],
            noise: 0.15,
            growth: 0.0,
            weekend: 0.9,
            active: (0, DAYS),
            // Re-indexing the catalogue in early August.
            spike: Some((33, 37, 5.0)),
        },
        Usage {
            sub: SEARCH,
            model: "gpt-4.1-mini",
            batch: false,
            tokens: &[
                (Token::Input, 0.40, 40.0),
                (Token::CacheRead, 0.10, 25.0),
                (Token::Output, 1.60, 6.0),
            ],
            noise: 0.15,
            growth: 0.0,
            weekend: 0.9,
            active: (0, DAYS),
            spike: None,
        },
        Usage {
            sub: COPILOT,
            model: "gpt-5",
            batch: false,
            tokens: &[
                (Token::Input, 1.25, 38.0),
                (Token::CacheRead, 0.125, 110.0),
                (Token::Output, 10.00, 11.0),
            ],
            noise: 0.15,
            growth: 0.006,
            weekend: 0.25,
            active: (0, DAYS),
            spike: None,
        },
        Usage {
            sub: RESEARCH,
            model: "gpt-5",
            batch: true,
            tokens: &[(Token::Input, 0.625, 80.0), (Token::Output, 5.00, 14.0)],
            noise: 0.5,
            growth: 0.0,
            weekend: 1.0,
            active: (20, DAYS),
            spike: None,
        },
        Usage {
            sub: RESEARCH,
            model: "gpt-4.1",
            batch: false,
            tokens: &[
                (Token::Input, 2.00, 12.0),
                (Token::CacheRead, 0.50, 20.0),
                (Token::Output, 8.00, 3.0),
            ],
            noise: 0.3,
            growth: 0.0,
            weekend: 0.5,
            active: (0, DAYS),
            spike: None,
        },
    ];
    for u in &usages {
        for &(token, list, base) in u.tokens {
            let mut m = g
                .tokens(u.sub, API, "OpenAI", u.model, token, u.batch, list, base)
                .noise(u.noise)
                .growth(u.growth)
                .weekend(u.weekend)
                .active(u.active.0, u.active.1);
            if let Some((from, to, factor)) = u.spike {
                m = m.spike(from, to, factor);
            }
            g.add(m);
        }
    }

    g.simulate();
    g.one_off(OneOff {
        account: 1,
        sub: None,
        svc: API,
        category: "Credit",
        frequency: "One-Time",
        start: 0,
        end: 31,
        month: 0,
        amount: -500 * S10,
        description: "Promotional credit grant".into(),
    });
    g.taxes();
    g.finish()
}

// ---------------------------------------------------------------------------------------------
// Anthropic
// ---------------------------------------------------------------------------------------------

fn anthropic() -> DemoSource {
    const API: Svc = Svc("Claude API", "AI and Machine Learning", "Generative AI");
    const DEFAULT: usize = 0;
    const CODE_REVIEW: usize = 1;
    const CLAIMS: usize = 2;
    const RESEARCH: usize = 3;

    let accounts = vec![
        Account {
            id: "8c3f1a52-6d9e-4b7a-a1f4-2e5c9d0b7f63",
            name: "Acme Corp",
            kind: "Organization",
            currency: "USD",
            issuer: "Anthropic, PBC",
            invoice_prefix: "ANT-8C3F1A52",
            tax: None,
            discount: 1000,
        },
        Account {
            id: "e4b92d17-3a6c-4f8e-b5d1-9c7a2f0e6b48",
            name: "Acme Labs",
            kind: "Organization",
            currency: "USD",
            issuer: "Anthropic Ireland, Limited",
            invoice_prefix: "ANT-E4B92D17",
            tax: Some(("VAT", 2300)),
            discount: 0,
        },
    ];
    let workspace = |account, id, name| Sub {
        account,
        id,
        name,
        kind: "Workspace",
    };
    let subs = vec![
        workspace(0, "wrkspc_01HXk9Qm3Vb7Tz2Lp8Nd4Rf6", "Default"),
        workspace(0, "wrkspc_01J2aB5cD8eF1gH4iJ7kL0mN3", "code-review-agent"),
        workspace(0, "wrkspc_01J6pQ9rS2tU5vW8xY1zA4bC7", "claims-triage"),
        workspace(1, "wrkspc_01JAdE3fG6hI9jK2lM5nO8pQ1", "research"),
    ];
    let provider = Provider {
        source: "anthropic",
        service_provider: "Anthropic",
    };
    let mut g = Generator::new(provider, 6, accounts, subs);

    /// List prices per 1M tokens: input, output, cache write (5m), cache read.
    const OPUS: (&str, [f64; 4]) = ("claude-opus-4-1", [15.0, 75.0, 18.75, 1.50]);
    const SONNET: (&str, [f64; 4]) = ("claude-sonnet-4-5", [3.0, 15.0, 3.75, 0.30]);
    const HAIKU: (&str, [f64; 4]) = ("claude-haiku-4-5", [1.0, 5.0, 1.25, 0.10]);
    const TOKENS: [Token; 4] = [
        Token::Input,
        Token::Output,
        Token::CacheWrite,
        Token::CacheRead,
    ];

    struct Usage {
        sub: usize,
        model: (&'static str, [f64; 4]),
        /// Millions of tokens per day: input, output, cache write, cache read (0 = none).
        base: [f64; 4],
        noise: f64,
        growth: f64,
        weekend: f64,
        start: usize,
        spike: Option<(usize, usize, f64)>,
    }
    let usages = [
        Usage {
            sub: CODE_REVIEW,
            model: SONNET,
            base: [45.0, 9.0, 20.0, 260.0],
            noise: 0.15,
            growth: 0.005,
            weekend: 0.3,
            start: 0,
            spike: None,
        },
        // An Opus experiment in the code-review agent triples its use in early September.
        Usage {
            sub: CODE_REVIEW,
            model: OPUS,
            base: [4.0, 0.9, 2.0, 30.0],
            noise: 0.25,
            growth: 0.0,
            weekend: 0.3,
            start: 0,
            spike: Some((70, 76, 3.0)),
        },
        Usage {
            sub: CLAIMS,
            model: HAIKU,
            base: [120.0, 14.0, 10.0, 300.0],
            noise: 0.1,
            growth: 0.002,
            weekend: 0.8,
            start: 0,
            spike: None,
        },
        // Claims triage adds Sonnet for hard cases from 2026-08-10.
        Usage {
            sub: CLAIMS,
            model: SONNET,
            base: [25.0, 5.0, 6.0, 80.0],
            noise: 0.2,
            growth: 0.004,
            weekend: 0.8,
            start: 40,
            spike: None,
        },
        Usage {
            sub: DEFAULT,
            model: HAIKU,
            base: [6.0, 1.0, 0.0, 0.0],
            noise: 0.5,
            growth: 0.0,
            weekend: 0.2,
            start: 0,
            spike: None,
        },
        Usage {
            sub: RESEARCH,
            model: OPUS,
            base: [6.0, 1.5, 3.0, 40.0],
            noise: 0.4,
            growth: 0.0,
            weekend: 0.5,
            start: 0,
            spike: None,
        },
    ];
    for u in &usages {
        for (i, token) in TOKENS.into_iter().enumerate() {
            if u.base[i] <= 0.0 {
                continue;
            }
            let mut m = g
                .tokens(
                    u.sub,
                    API,
                    "Anthropic",
                    u.model.0,
                    token,
                    false,
                    u.model.1[i],
                    u.base[i],
                )
                .noise(u.noise)
                .growth(u.growth)
                .weekend(u.weekend)
                .active(u.start, DAYS);
            if let Some((from, to, factor)) = u.spike {
                m = m.spike(from, to, factor);
            }
            g.add(m);
        }
    }

    g.simulate();
    g.one_off(OneOff {
        account: 1,
        sub: Some(RESEARCH),
        svc: API,
        category: "Credit",
        frequency: "One-Time",
        start: 31,
        end: 62,
        month: 1,
        amount: -1_000 * S10,
        description: "Anthropic startup program credit".into(),
    });
    g.taxes();
    g.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{Decimal128Type, TimestampMicrosecondType};

    use super::*;

    fn strings<'a>(batch: &'a RecordBatch, name: &str) -> &'a StringArray {
        batch.column_by_name(name).expect(name).as_string::<i32>()
    }

    fn decimals<'a>(batch: &'a RecordBatch, name: &str) -> &'a Decimal128Array {
        batch
            .column_by_name(name)
            .expect(name)
            .as_primitive::<Decimal128Type>()
    }

    fn times<'a>(batch: &'a RecordBatch, name: &str) -> &'a TimestampMicrosecondArray {
        batch
            .column_by_name(name)
            .expect(name)
            .as_primitive::<TimestampMicrosecondType>()
    }

    fn opt_str(a: &StringArray, i: usize) -> Option<&str> {
        a.is_valid(i).then(|| a.value(i))
    }

    fn opt_dec(a: &Decimal128Array, i: usize) -> Option<i128> {
        a.is_valid(i).then(|| a.value(i))
    }

    fn money(v: i128, scale: i8) -> String {
        let cents = rescale(v, scale, 2);
        let sign = if cents < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
    }

    #[test]
    fn demo_is_deterministic() {
        let (a, b) = (demo_sources(), demo_sources());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.name, y.name);
            assert_eq!(x.batch, y.batch, "source {}", x.name);
        }
    }

    #[test]
    fn demo_sources_have_the_registry_schema_and_sizes() {
        let expected = registry().arrow_schema(FocusVersion::V1_4, Dataset::CostAndUsage);
        let sources = demo_sources();
        let names: Vec<&str> = sources.iter().map(|s| s.name).collect();
        assert_eq!(names, ["aws", "azure", "gcp", "oci", "openai", "anthropic"]);
        let mut total = 0;
        for s in &sources {
            assert_eq!(s.batch.schema(), expected, "source {}", s.name);
            let rows = s.batch.num_rows();
            assert!(
                (1_000..=3_000).contains(&rows),
                "{} has {rows} rows",
                s.name
            );
            total += rows;
        }
        assert!(total < 15_000, "{total} rows");
    }

    #[test]
    fn demo_mandatory_columns_are_never_null() {
        let registry = registry();
        for s in demo_sources() {
            for column in registry.columns(FocusVersion::V1_4, Dataset::CostAndUsage) {
                if !column.nullable {
                    let array = s.batch.column_by_name(&column.name).expect(&column.name);
                    assert_eq!(
                        array.null_count(),
                        0,
                        "{}.{} has nulls",
                        s.name,
                        column.name
                    );
                }
            }
            for cost in ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost"] {
                assert_eq!(decimals(&s.batch, cost).null_count(), 0);
            }
        }
    }

    #[test]
    fn demo_values_are_allowed_values() {
        let registry = registry();
        for s in demo_sources() {
            for column in registry.columns(FocusVersion::V1_4, Dataset::CostAndUsage) {
                if column.allowed_values.is_empty() {
                    continue;
                }
                let values = strings(&s.batch, &column.name);
                for v in values.iter().flatten() {
                    assert!(
                        column.allowed_values.iter().any(|a| a == v),
                        "{}.{}: '{v}' is not an allowed value",
                        s.name,
                        column.name
                    );
                }
            }
            for currency in strings(&s.batch, "BillingCurrency").iter().flatten() {
                assert!(currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase()));
            }
            for name in ["Tags", "SkuPriceDetails"] {
                for v in strings(&s.batch, name).iter().flatten() {
                    let parsed: serde_json::Value = serde_json::from_str(v).expect(v);
                    let object = parsed.as_object().expect(v);
                    assert!(object.values().all(|x| !x.is_object() && !x.is_array()));
                }
            }
        }
    }

    #[test]
    fn demo_unit_price_times_quantity_is_cost() {
        let mut checked = 0;
        for s in demo_sources() {
            let b = &s.batch;
            let quantity = decimals(b, "PricingQuantity");
            for (price_col, cost_col) in [
                ("ListUnitPrice", "ListCost"),
                ("ContractedUnitPrice", "ContractedCost"),
                ("PricingCurrencyListUnitPrice", "ListCost"),
                ("PricingCurrencyContractedUnitPrice", "ContractedCost"),
            ] {
                let price = decimals(b, price_col);
                let cost = decimals(b, cost_col);
                let shift = price.scale() + quantity.scale() - cost.scale();
                for i in 0..b.num_rows() {
                    let (Some(p), Some(q)) = (opt_dec(price, i), opt_dec(quantity, i)) else {
                        continue;
                    };
                    assert!(p >= 0, "{}: negative {price_col} on row {i}", s.name);
                    assert_eq!(
                        p * q,
                        cost.value(i) * 10i128.pow(shift as u32),
                        "{}: {price_col} × PricingQuantity ≠ {cost_col} on row {i}",
                        s.name
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 40_000, "only {checked} products checked");
    }

    #[test]
    fn demo_rows_follow_the_focus_invariants() {
        for s in demo_sources() {
            let b = &s.batch;
            let category = strings(b, "ChargeCategory");
            let class = strings(b, "ChargeClass");
            let status = strings(b, "CommitmentDiscountStatus");
            let commitment = strings(b, "CommitmentDiscountId");
            let (billed, effective) = (decimals(b, "BilledCost"), decimals(b, "EffectiveCost"));
            let (list, contracted) = (decimals(b, "ListCost"), decimals(b, "ContractedCost"));
            let (start, end) = (times(b, "ChargePeriodStart"), times(b, "ChargePeriodEnd"));
            let (bp_start, bp_end) = (times(b, "BillingPeriodStart"), times(b, "BillingPeriodEnd"));
            for i in 0..b.num_rows() {
                let cat = category.value(i);
                let correction = opt_str(class, i) == Some("Correction");
                let prices = ["ListUnitPrice", "ContractedUnitPrice"]
                    .map(|c| opt_dec(decimals(b, c), i).is_some());
                let pricing = opt_dec(decimals(b, "PricingQuantity"), i).is_some();
                let pricing_unit = opt_str(strings(b, "PricingUnit"), i).is_some();
                let consumed = opt_dec(decimals(b, "ConsumedQuantity"), i).is_some();
                let consumed_unit = opt_str(strings(b, "ConsumedUnit"), i).is_some();
                let unused = opt_str(status, i) == Some("Unused");
                let row = format!("{} row {i} ({cat})", s.name);
                assert!(start.value(i) < end.value(i), "{row}");
                assert!(bp_start.value(i) < bp_end.value(i), "{row}");
                if !correction {
                    assert!(
                        bp_start.value(i) <= start.value(i) && end.value(i) <= bp_end.value(i),
                        "{row}"
                    );
                }
                match cat {
                    "Tax" => {
                        assert!(
                            prices == [false, false] && !pricing && !pricing_unit,
                            "{row}"
                        );
                        assert!(!consumed && !consumed_unit, "{row}");
                    }
                    "Usage" | "Purchase" if !correction => {
                        assert!(prices == [true, true] && pricing && pricing_unit, "{row}");
                    }
                    _ => {}
                }
                if cat == "Usage" && !correction {
                    assert_eq!(consumed && consumed_unit, !unused, "{row}");
                    assert_eq!(end.value(i) - start.value(i), DAY_MICROS, "{row}");
                } else if cat != "Usage" {
                    assert!(!consumed && !consumed_unit, "{row}");
                }
                let has_commitment = opt_str(commitment, i).is_some();
                if !has_commitment {
                    assert!(opt_str(status, i).is_none(), "{row}");
                    for c in [
                        "CommitmentDiscountCategory",
                        "CommitmentDiscountType",
                        "CommitmentDiscountName",
                    ] {
                        assert!(opt_str(strings(b, c), i).is_none(), "{row}: {c}");
                    }
                    assert!(
                        opt_dec(decimals(b, "CommitmentDiscountQuantity"), i).is_none(),
                        "{row}"
                    );
                } else {
                    assert_eq!(opt_str(status, i).is_some(), cat == "Usage", "{row}");
                    for c in [
                        "CommitmentDiscountCategory",
                        "CommitmentDiscountType",
                        "CommitmentDiscountName",
                    ] {
                        assert!(opt_str(strings(b, c), i).is_some(), "{row}: {c}");
                    }
                }
                if matches!(cat, "Credit" | "Adjustment") {
                    assert!(billed.value(i) < 0, "{row}");
                    assert_eq!(effective.value(i), billed.value(i), "{row}");
                    assert_eq!(list.value(i), billed.value(i), "{row}");
                    assert_eq!(contracted.value(i), billed.value(i), "{row}");
                }
                if opt_str(status, i) == Some("Used") {
                    assert_eq!(billed.value(i), 0, "{row}");
                    assert!(effective.value(i) > 0, "{row}");
                    assert_eq!(opt_str(strings(b, "PricingCategory"), i), Some("Committed"));
                }
                for c in ["AllocatedMethodId", "AllocatedResourceId", "AllocatedTags"] {
                    assert!(opt_str(strings(b, c), i).is_none(), "{row}: {c}");
                }
                assert_eq!(
                    opt_str(strings(b, "HostProviderName"), i),
                    opt_str(strings(b, "ServiceProviderName"), i),
                    "{row}"
                );
                assert!(
                    opt_str(strings(b, "ChargeDescription"), i).is_some(),
                    "{row}"
                );
            }
        }
    }

    #[test]
    fn demo_has_several_currencies() {
        let mut by_source: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for s in demo_sources() {
            let set = by_source.entry(s.name).or_default();
            set.extend(
                strings(&s.batch, "BillingCurrency")
                    .iter()
                    .flatten()
                    .map(str::to_string),
            );
        }
        let all: BTreeSet<&str> = by_source.values().flatten().map(String::as_str).collect();
        assert!(
            all.is_superset(&BTreeSet::from(["USD", "EUR", "GBP"])),
            "{all:?}"
        );
        let azure: Vec<&str> = by_source["azure"].iter().map(String::as_str).collect();
        assert_eq!(azure, ["EUR", "USD"]);
        let oci: Vec<&str> = by_source["oci"].iter().map(String::as_str).collect();
        assert_eq!(oci, ["GBP"]);
    }

    #[test]
    fn demo_commitments_balance_per_month() {
        let mut commitments = BTreeSet::new();
        let mut used_and_unused = BTreeSet::new();
        for s in demo_sources() {
            let b = &s.batch;
            let id = strings(b, "CommitmentDiscountId");
            let category = strings(b, "ChargeCategory");
            let status = strings(b, "CommitmentDiscountStatus");
            let period = times(b, "BillingPeriodStart");
            let (billed, effective) = (decimals(b, "BilledCost"), decimals(b, "EffectiveCost"));
            // (usage EffectiveCost, purchase BilledCost) per commitment and billing period
            let mut sums: BTreeMap<(String, i64), (i128, i128)> = BTreeMap::new();
            for i in 0..b.num_rows() {
                let Some(id) = opt_str(id, i) else { continue };
                let entry = sums.entry((id.to_string(), period.value(i))).or_default();
                match category.value(i) {
                    "Usage" => entry.0 += effective.value(i),
                    "Purchase" => {
                        entry.1 += billed.value(i);
                        assert_eq!(effective.value(i), 0, "amortised purchase");
                    }
                    other => panic!("commitment on a {other} row"),
                }
                if let Some(st) = opt_str(status, i) {
                    used_and_unused.insert((id.to_string(), st.to_string()));
                }
                commitments.insert(id.to_string());
            }
            for ((id, month), (usage, purchase)) in sums {
                assert!(purchase > 0, "{id} has no purchase in {month}");
                assert_eq!(
                    usage, purchase,
                    "{}: {id} unbalanced in period {month}",
                    s.name
                );
            }
        }
        assert_eq!(commitments.len(), 3, "{commitments:?}");
        for id in &commitments {
            for st in ["Used", "Unused"] {
                assert!(
                    used_and_unused.contains(&(id.clone(), st.to_string())),
                    "{id} {st}"
                );
            }
        }
    }

    #[test]
    fn demo_has_credits_taxes_refunds_and_a_correction() {
        let mut categories: BTreeMap<String, usize> = BTreeMap::new();
        let mut corrections = 0;
        let mut units = BTreeSet::new();
        for s in demo_sources() {
            let b = &s.batch;
            for (i, cat) in strings(b, "ChargeCategory").iter().enumerate() {
                *categories
                    .entry(cat.expect("not null").to_string())
                    .or_default() += 1;
                if opt_str(strings(b, "ChargeClass"), i) == Some("Correction") {
                    corrections += 1;
                    assert!(
                        times(b, "ChargePeriodStart").value(i)
                            < times(b, "BillingPeriodStart").value(i)
                    );
                }
            }
            units.extend(
                strings(b, "PricingUnit")
                    .iter()
                    .flatten()
                    .map(str::to_string),
            );
        }
        for cat in ["Usage", "Purchase", "Tax", "Credit", "Adjustment"] {
            assert!(
                categories.get(cat).copied().unwrap_or(0) > 0,
                "no {cat} rows"
            );
        }
        assert_eq!(corrections, 1);
        assert!(
            units.contains("1M Tokens") && units.contains("Hours"),
            "{units:?}"
        );
    }

    #[test]
    fn demo_calendar_is_right() {
        use chrono::{Datelike, NaiveDate, Weekday};
        let july = NaiveDate::from_ymd_opt(2026, 7, 1).expect("valid date");
        let micros = july
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp_micros();
        assert_eq!(micros, START_MICROS);
        for day in 0..DAYS {
            let date = july + chrono::Days::new(day as u64);
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            assert_eq!(is_weekend(day), weekend, "{date}");
            assert_eq!(
                MONTH_LABEL[month_of(day)],
                format!("{:04}-{:02}", date.year(), date.month())
            );
        }
    }

    /// Prints the dataset summary (`cargo test --workspace --lib -- demo_summary --nocapture`).
    #[test]
    fn demo_summary() {
        for s in demo_sources() {
            let b = &s.batch;
            let currency = strings(b, "BillingCurrency");
            let (billed, effective) = (decimals(b, "BilledCost"), decimals(b, "EffectiveCost"));
            let mut totals: BTreeMap<&str, (i128, i128)> = BTreeMap::new();
            for i in 0..b.num_rows() {
                let t = totals.entry(currency.value(i)).or_default();
                t.0 += billed.value(i);
                t.1 += effective.value(i);
            }
            let totals: Vec<String> = totals
                .iter()
                .map(|(c, (bc, ec))| {
                    format!(
                        "{c} billed {} effective {}",
                        money(*bc, billed.scale()),
                        money(*ec, effective.scale())
                    )
                })
                .collect();
            println!(
                "{:<10} {:>5} rows  {}",
                s.name,
                b.num_rows(),
                totals.join("; ")
            );
        }
    }
}
