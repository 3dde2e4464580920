//! Token pricing: a price book (model prices by token type and service tier, with effective
//! dates, currency and unit block) and the functions that price token quantities with it.
//!
//! - `token_cost(model, token_type, quantity, at [, service_tier [, context_band
//!   [, region_scope]]])` — the cost of `quantity` tokens, Decimal128(38, 10) in the price's
//!   currency;
//! - `token_unit_price(model, token_type, at [, service_tier [, context_band [, region_scope]]])`
//!   — the price of one token, Decimal128(38, 16);
//! - `token_price_currency(…)` (same arguments) — the price's currency;
//! - `token_context_band(model, input_tokens)` — the catalog band (`>200k`) of a request with
//!   that many input tokens, NULL for the model's base band.
//!
//! Lookup: contracted rates (the override file) before the catalog; the model matched exactly
//! (case-insensitively), else without its snapshot date (`gpt-4o-2024-08-06` → `gpt-4o`), else
//! without a `provider/` prefix (catalog ids such as `azure/gpt-5.4` match as given first),
//! each in the ids of the region scope (see [`crate::price_dims`]); the tier as given (null,
//! `default`, `auto` and `standard` are standard; a batch or priority row is never priced at the
//! standard rate); the context band the line's band resolves to for that model (a long-context
//! line is never priced at the base band); `reasoning` falls back to the model's `output` price;
//! the entry in effect at `at` (latest start wins). A price the book does not have gives NULL,
//! never 0, and a warning naming the models.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, Decimal128Builder, StringBuilder, TimestampMicrosecondArray,
};
use arrow::datatypes::{DataType, Decimal128Type, TimeUnit};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::scalar_doc_sections::DOC_SECTION_OTHER;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use crate::dialect::{call_error, invoke_arrays, is_string};
use crate::money::{MONEY_SCALE, UNIT_PRICE_SCALE};
use crate::price_dims::{BandRequest, RegionScope, band_of_request, format_band, resolve_band};
use crate::strings::to_string_array;

const TEN_POW_16: i128 = 10_i128.pow(16);
const TEN_POW_10: i128 = 10_i128.pow(10);

/// One price: a model's price for one token type and tier, per `unit_block` tokens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PriceEntry {
    pub provider: String,
    pub model: String,
    pub token_type: String,
    pub service_tier: String,
    /// The long-context band: the request input tokens above which this price applies
    /// (`>200k` is 200,000); None for the base band.
    pub context_threshold: Option<u64>,
    /// Price per `unit_block` tokens, scaled by 10^16.
    pub price: i128,
    /// Tokens the price is for: 1, 1,000 or 1,000,000.
    pub unit_block: i64,
    pub currency: String,
    /// Effective from (inclusive) and until (exclusive), µs since the epoch UTC; None is open.
    pub effective_start: Option<i64>,
    pub effective_end: Option<i64>,
    /// Where the price comes from (`litellm 1.110.2`, `contract`, a file name).
    pub price_source: String,
    /// True for contracted rates, which win over the catalog.
    pub is_override: bool,
}

impl PriceEntry {
    /// The price of one token, scaled by 10^16 (rounded half away from zero).
    pub fn unit_price(&self) -> i128 {
        div_round(self.price, self.unit_block as i128)
    }

    fn in_effect(&self, at: i64) -> bool {
        self.effective_start.is_none_or(|s| s <= at) && self.effective_end.is_none_or(|e| at < e)
    }
}

/// Integer division rounding half away from zero.
fn div_round(n: i128, d: i128) -> i128 {
    let (q, r) = (n / d, n % d);
    if 2 * r.abs() >= d.abs() {
        q + n.signum() * d.signum()
    } else {
        q
    }
}

/// The cost at scale 10 of `quantity` (scale 10) tokens at `price` (scale 16) per `block`
/// tokens, rounded half away from zero; None on overflow.
pub fn cost_of(price: i128, block: i64, quantity: i128) -> Option<i128> {
    let block = block as i128;
    // cost10 = price16 * qty10 / (block * 10^16); split qty10 into whole tokens and a fraction
    // so the products stay within 38 digits for any realistic bill.
    let (whole, frac) = (quantity / TEN_POW_10, quantity % TEN_POW_10);
    let a = price.checked_mul(whole)?;
    let d_whole = block.checked_mul(1_000_000)?;
    let (q, r) = (a / d_whole, a % d_whole);
    let rest = r
        .checked_mul(TEN_POW_10)?
        .checked_add(price.checked_mul(frac)?)?;
    q.checked_add(div_round(rest, block.checked_mul(TEN_POW_16)?))
}

/// The normalised service tier: `standard` for null, `default`, `auto` and `on_demand`.
pub fn normalise_tier(tier: Option<&str>) -> String {
    match tier.map(|t| t.trim().to_ascii_lowercase()) {
        None => "standard".to_string(),
        Some(t) if matches!(t.as_str(), "" | "default" | "auto" | "on_demand") => {
            "standard".to_string()
        }
        Some(t) => t,
    }
}

/// The names a model is looked up by, most specific first: as given, then without a
/// `provider/` prefix (`azure/gpt-5.4` is a catalog id of its own, `openai/gpt-4o` is not),
/// each also without its snapshot date suffix (`-2024-08-06`, `-20250514`).
fn model_candidates(model: &str) -> Vec<String> {
    let full = model.trim().to_ascii_lowercase();
    let base = full.rsplit_once('/').map(|(_, m)| m.to_string());
    let mut out = Vec::new();
    for name in std::iter::once(full).chain(base) {
        let undated = without_date(&name);
        for n in std::iter::once(name).chain(undated) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// A model name without its snapshot date suffix, if it has one.
fn without_date(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let n = b.len();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if n > 11 && b[n - 11] == b'-' && b[n - 6] == b'-' && b[n - 3] == b'-' {
        let t = &b[n - 10..];
        if digits(&t[..4]) && digits(&t[5..7]) && digits(&t[8..]) {
            return Some(name[..n - 11].to_string());
        }
    } else if n > 9 && b[n - 9] == b'-' && digits(&b[n - 8..]) {
        return Some(name[..n - 9].to_string());
    }
    None
}

/// A price key: model id, token type, tier, band threshold (lower-case model and type).
type BookKey = (String, String, String, Option<u64>);

/// Entry lists that price one row, most specific group first; a group of several lists (a
/// geography the row does not name) prices only when they agree.
pub type Candidates<'a> = Vec<Vec<&'a [usize]>>;

/// Prices by (model, token type, tier, context band), overrides first.
#[derive(Debug, Default)]
pub struct PriceBook {
    entries: Vec<PriceEntry>,
    by_key: HashMap<BookKey, Vec<usize>>,
    /// Every model id of the book with its long-context thresholds (empty: base band only).
    thresholds: HashMap<String, Vec<u64>>,
}

impl PriceBook {
    /// A book of entries; overrides are consulted before catalog rows.
    pub fn new(entries: Vec<PriceEntry>) -> Self {
        let mut by_key: HashMap<BookKey, Vec<usize>> = HashMap::new();
        let mut thresholds: HashMap<String, Vec<u64>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let model = e.model.to_ascii_lowercase();
            let known = thresholds.entry(model.clone()).or_default();
            if let Some(t) = e.context_threshold.filter(|t| !known.contains(t)) {
                known.push(t);
            }
            by_key
                .entry((
                    model,
                    e.token_type.to_ascii_lowercase(),
                    normalise_tier(Some(&e.service_tier)),
                    e.context_threshold,
                ))
                .or_default()
                .push(i);
        }
        PriceBook {
            entries,
            by_key,
            thresholds,
        }
    }

    /// Every entry, catalog and overrides.
    pub fn entries(&self) -> &[PriceEntry] {
        &self.entries
    }

    /// The base-band entry pricing `token_type` tokens of `model` (as given) at `at` in `tier`.
    pub fn lookup(
        &self,
        model: &str,
        token_type: &str,
        at: i64,
        tier: Option<&str>,
    ) -> Option<&PriceEntry> {
        let key = PriceQuery {
            model,
            token_type,
            tier,
            band: BandRequest::Base,
            scope: &RegionScope::AsGiven,
        };
        self.pick(&self.candidates(&key), at)
    }

    /// The long-context thresholds of the first of `model`'s lookup names the book knows.
    pub fn thresholds(&self, model: &str) -> Option<&[u64]> {
        model_candidates(model)
            .iter()
            .find_map(|m| self.thresholds.get(m))
            .map(Vec::as_slice)
    }

    /// The entry lists that may price `query`, most specific first; which one applies depends
    /// only on the time, so callers can cache this per query.
    pub fn candidates(&self, query: &PriceQuery) -> Candidates<'_> {
        let tier = normalise_tier(query.tier);
        let token_type = query.token_type.trim().to_ascii_lowercase();
        let types: &[&str] = if token_type == "reasoning" {
            &["reasoning", "output"]
        } else {
            &[token_type.as_str()]
        };
        let mut out = Vec::new();
        for candidate in model_candidates(query.model) {
            for group in query.scope.names(&candidate) {
                for t in types {
                    let lists: Vec<&[usize]> = group
                        .iter()
                        .filter_map(|name| {
                            let band = resolve_band(query.band, self.thresholds.get(name)?).ok()?;
                            let key = (name.clone(), t.to_string(), tier.clone(), band);
                            self.by_key.get(&key).map(Vec::as_slice)
                        })
                        .collect();
                    if !lists.is_empty() {
                        out.push(lists);
                    }
                }
            }
        }
        out
    }

    /// The entry of the first group in effect at `at` (contracted rates first, then the latest
    /// start); a group of several lists gives one only when all of them price alike.
    pub fn pick(&self, candidates: &[Vec<&[usize]>], at: i64) -> Option<&PriceEntry> {
        candidates.iter().find_map(|lists| {
            let found: Vec<&PriceEntry> = lists
                .iter()
                .map(|indexes| self.in_effect(indexes, at))
                .collect::<Option<_>>()?;
            let first = *found.first()?;
            found
                .iter()
                .all(|e| e.unit_price() == first.unit_price() && e.currency == first.currency)
                .then_some(first)
        })
    }

    fn in_effect(&self, indexes: &[usize], at: i64) -> Option<&PriceEntry> {
        indexes
            .iter()
            .map(|i| &self.entries[*i])
            .filter(|e| e.in_effect(at))
            .max_by_key(|e| (e.is_override, e.effective_start.unwrap_or(i64::MIN)))
    }
}

/// What one row asks the book for.
#[derive(Debug, Clone, Copy)]
pub struct PriceQuery<'a> {
    pub model: &'a str,
    pub token_type: &'a str,
    pub tier: Option<&'a str>,
    pub band: BandRequest,
    pub scope: &'a RegionScope,
}

/// The text of an optional text argument at row `i` (None for a null or a missing argument).
fn text_at<'a>(
    array: &'a Option<std::borrow::Cow<'_, arrow::array::StringArray>>,
    i: usize,
) -> Option<&'a str> {
    array
        .as_ref()
        .and_then(|t| (!t.is_null(i)).then(|| t.value(i)))
}

/// The (model, token type, tier, context band, region scope) text of one row.
type RowKey<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// What a pricing function returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Priced {
    Cost,
    UnitPrice,
    Currency,
}

/// A pricing function over one price book.
#[derive(Debug)]
pub struct TokenPricing {
    book: Arc<PriceBook>,
    what: Priced,
    signature: Signature,
    doc: Documentation,
}

impl PartialEq for TokenPricing {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.book, &other.book) && self.what == other.what
    }
}

impl Eq for TokenPricing {}

impl std::hash::Hash for TokenPricing {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.book) as usize).hash(state);
        self.what.hash(state);
    }
}

fn pricing_udf(book: Arc<PriceBook>, what: Priced) -> ScalarUDF {
    let (description, syntax, example) = match what {
        Priced::Cost => (
            "The cost of `quantity` tokens of `token_type` for `model` at time `at` in \
             `service_tier` (default standard), `context_band` (default the base band; \
             `0-200k`, `200k-1M`, `>200k`, `long`) and `region_scope` (default the id as \
             given; `global`, `geo:us`, `data_zone:eu`, …), from the contracted rates or the \
             price catalog, in the price's currency. NULL (and a warning naming the model) \
             when no price applies; reasoning is priced as output unless the model prices it \
             apart.",
            "token_cost(model, token_type, quantity, at [, service_tier [, context_band \
             [, region_scope]]])",
            "SELECT token_cost('gpt-4o-2024-08-06', 'cache_read', 1000000, \
             TIMESTAMP '2026-08-01T00:00:00Z'); -- 1.25",
        ),
        Priced::UnitPrice => (
            "The price of one token of `token_type` for `model` at `at` in `service_tier`, \
             `context_band` and `region_scope` (as for token_cost).",
            "token_unit_price(model, token_type, at [, service_tier [, context_band \
             [, region_scope]]])",
            "SELECT token_unit_price('claude-haiku-4-5', 'output', now()); -- 0.000005",
        ),
        Priced::Currency => (
            "The currency of the price `token_cost` uses.",
            "token_price_currency(model, token_type, at [, service_tier [, context_band \
             [, region_scope]]])",
            "SELECT token_price_currency('o3', 'input', now()); -- USD",
        ),
    };
    ScalarUDF::new_from_impl(TokenPricing {
        book,
        what,
        signature: Signature::user_defined(Volatility::Stable),
        doc: Documentation::builder(DOC_SECTION_OTHER, description, syntax)
            .with_sql_example(format!("```sql\n{example}\n```"))
            .build(),
    })
}

/// `token_cost(model, token_type, quantity, at [, service_tier [, context_band [, region_scope]]])`.
pub fn token_cost_udf(book: Arc<PriceBook>) -> ScalarUDF {
    pricing_udf(book, Priced::Cost)
}

/// `token_unit_price(model, token_type, at [, service_tier [, context_band [, region_scope]]])`.
pub fn token_unit_price_udf(book: Arc<PriceBook>) -> ScalarUDF {
    pricing_udf(book, Priced::UnitPrice)
}

/// `token_price_currency(model, token_type, at [, service_tier [, context_band [, region_scope]]])`.
pub fn token_price_currency_udf(book: Arc<PriceBook>) -> ScalarUDF {
    pricing_udf(book, Priced::Currency)
}

fn utc_micros() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

impl TokenPricing {
    fn has_quantity(&self) -> bool {
        self.what == Priced::Cost
    }

    fn expected(&self) -> &'static str {
        if self.has_quantity() {
            "(model text, token_type text, quantity number, at timestamp [, service_tier text \
             [, context_band text [, region_scope text]]])"
        } else {
            "(model text, token_type text, at timestamp [, service_tier text [, context_band text \
             [, region_scope text]]])"
        }
    }
}

impl ScalarUDFImpl for TokenPricing {
    fn name(&self) -> &str {
        match self.what {
            Priced::Cost => "token_cost",
            Priced::UnitPrice => "token_unit_price",
            Priced::Currency => "token_price_currency",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let base = if self.has_quantity() { 4 } else { 3 };
        if arg_types.len() < base || arg_types.len() > base + 3 {
            return call_error(self.name(), self.expected(), arg_types);
        }
        let text_ok = |t: &DataType| is_string(t) || t == &DataType::Null;
        let mut out = Vec::with_capacity(arg_types.len());
        for (i, t) in arg_types.iter().enumerate() {
            let is_at = i == base - 1;
            let is_qty = self.has_quantity() && i == 2;
            let target = if is_at {
                if !(matches!(
                    t,
                    DataType::Timestamp(_, _) | DataType::Date32 | DataType::Null
                ) || is_string(t))
                {
                    return call_error(self.name(), self.expected(), arg_types);
                }
                utc_micros()
            } else if is_qty {
                if !(t.is_numeric() || t == &DataType::Null) {
                    return call_error(self.name(), self.expected(), arg_types);
                }
                DataType::Decimal128(38, MONEY_SCALE)
            } else {
                if !text_ok(t) {
                    return call_error(self.name(), self.expected(), arg_types);
                }
                DataType::Utf8
            };
            out.push(target);
        }
        Ok(out)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.what {
            Priced::Cost => DataType::Decimal128(38, MONEY_SCALE),
            Priced::UnitPrice => DataType::Decimal128(38, UNIT_PRICE_SCALE),
            Priced::Currency => DataType::Utf8,
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| self.price(arrays))
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

impl TokenPricing {
    /// The candidates of one row key; none when its band or scope text is not understood.
    fn candidates(&self, key: RowKey) -> Candidates<'_> {
        let (model, token_type, tier, band, scope) = key;
        let (Some(band), Some(scope)) = (BandRequest::parse(band), RegionScope::parse(scope))
        else {
            return Vec::new();
        };
        self.book.candidates(&PriceQuery {
            model,
            token_type,
            tier,
            band,
            scope: &scope,
        })
    }

    fn price(&self, arrays: &[ArrayRef]) -> Result<ArrayRef> {
        let rows = arrays[0].len();
        let models = to_string_array(&arrays[0])?;
        let types = to_string_array(&arrays[1])?;
        let (qty, at_index) = if self.has_quantity() {
            (Some(arrays[2].as_primitive::<Decimal128Type>()), 3)
        } else {
            (None, 2)
        };
        let at: &TimestampMicrosecondArray = arrays[at_index].as_primitive();
        let optional = |k: usize| arrays.get(at_index + k).map(to_string_array).transpose();
        let (tiers, bands, scopes) = (optional(1)?, optional(2)?, optional(3)?);
        let mut missing = BTreeSet::new();
        // Candidate price lists per row key: one catalog search per key.
        let mut cache: HashMap<RowKey, Candidates> = HashMap::new();
        let mut decimals = Decimal128Builder::with_capacity(rows);
        let mut strings = StringBuilder::new();
        for i in 0..rows {
            let value = if models.is_null(i)
                || types.is_null(i)
                || at.is_null(i)
                || qty.is_some_and(|q| q.is_null(i))
            {
                None
            } else {
                let (tier, band, scope) =
                    (text_at(&tiers, i), text_at(&bands, i), text_at(&scopes, i));
                let key = (models.value(i), types.value(i), tier, band, scope);
                let lists = cache.entry(key).or_insert_with(|| self.candidates(key));
                let found = self.book.pick(lists, at.value(i));
                if found.is_none() {
                    let mut what = normalise_tier(tier);
                    for (name, v) in [("band", band), ("scope", scope)] {
                        if let Some(v) = v {
                            what.push_str(&format!(", {name} {v}"));
                        }
                    }
                    missing.insert(format!("{} {} ({what})", models.value(i), types.value(i)));
                }
                found
            };
            match (self.what, value) {
                (Priced::Cost, Some(e)) => {
                    let q = qty.map(|q| q.value(i)).unwrap_or_default();
                    match cost_of(e.price, e.unit_block, q) {
                        Some(c) => decimals.append_value(c),
                        None => {
                            return exec_err!(
                                "token_cost: {} tokens of {} {} overflow the cost type",
                                q / TEN_POW_10,
                                models.value(i),
                                types.value(i)
                            );
                        }
                    }
                }
                (Priced::UnitPrice, Some(e)) => decimals.append_value(e.unit_price()),
                (Priced::Currency, Some(e)) => strings.append_value(&e.currency),
                (Priced::Currency, None) => strings.append_null(),
                (_, None) => decimals.append_null(),
            }
        }
        if !missing.is_empty() && self.what == Priced::Cost {
            tracing::warn!(
                "{}: no price for {} — the result is NULL; add them to a prices file (--prices)",
                self.name(),
                missing.into_iter().collect::<Vec<_>>().join(", ")
            );
        }
        Ok(match self.what {
            Priced::Currency => Arc::new(strings.finish()),
            Priced::Cost => Arc::new(
                decimals
                    .finish()
                    .with_precision_and_scale(38, MONEY_SCALE)?,
            ),
            Priced::UnitPrice => Arc::new(
                decimals
                    .finish()
                    .with_precision_and_scale(38, UNIT_PRICE_SCALE)?,
            ),
        })
    }
}

/// `token_context_band(model, input_tokens)`: the catalog band of a request.
#[derive(Debug)]
pub struct TokenContextBand {
    book: Arc<PriceBook>,
    signature: Signature,
    doc: Documentation,
}

impl PartialEq for TokenContextBand {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.book, &other.book)
    }
}

impl Eq for TokenContextBand {}

impl std::hash::Hash for TokenContextBand {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.book) as usize).hash(state);
    }
}

/// `token_context_band(model, input_tokens)`.
pub fn token_context_band_udf(book: Arc<PriceBook>) -> ScalarUDF {
    ScalarUDF::new_from_impl(TokenContextBand {
        book,
        signature: Signature::user_defined(Volatility::Stable),
        doc: Documentation::builder(
            DOC_SECTION_OTHER,
            "The long-context band (`>200k`) whose prices apply to a request of `model` with \
             `input_tokens` input tokens (all input token types), NULL for the model's base \
             band (or a model the book does not know).",
            "token_context_band(model, input_tokens)",
        )
        .with_sql_example(
            "```sql\nSELECT token_context_band('gemini-2.5-pro', 250000); -- >200k\n```",
        )
        .build(),
    })
}

impl ScalarUDFImpl for TokenContextBand {
    fn name(&self) -> &str {
        "token_context_band"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let expected = "(model text, input_tokens number)";
        match arg_types {
            [m, n]
                if (is_string(m) || m == &DataType::Null)
                    && (n.is_numeric() || n == &DataType::Null) =>
            {
                Ok(vec![DataType::Utf8, DataType::Decimal128(38, MONEY_SCALE)])
            }
            _ => call_error(self.name(), expected, arg_types),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let models = to_string_array(&arrays[0])?;
            let tokens = arrays[1].as_primitive::<Decimal128Type>();
            let mut out = StringBuilder::new();
            for i in 0..models.len() {
                let band = (!models.is_null(i) && !tokens.is_null(i))
                    .then(|| {
                        let whole = u64::try_from(tokens.value(i) / TEN_POW_10).unwrap_or(0);
                        let thresholds = self.book.thresholds(models.value(i))?;
                        band_of_request(whole, thresholds)
                    })
                    .flatten();
                out.append_option(band.map(format_band));
            }
            Ok(Arc::new(out.finish()) as ArrayRef)
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(model: &str, token_type: &str, tier: &str, price: &str, block: i64) -> PriceEntry {
        PriceEntry {
            provider: "OpenAI".into(),
            model: model.into(),
            token_type: token_type.into(),
            service_tier: tier.into(),
            price: crate::parse::parse_decimal(price, UNIT_PRICE_SCALE).unwrap(),
            unit_block: block,
            currency: "USD".into(),
            context_threshold: None,
            effective_start: None,
            effective_end: None,
            price_source: "test".into(),
            is_override: false,
        }
    }

    const M: i128 = TEN_POW_10; // one token at scale 10

    #[test]
    fn unit_blocks_are_normalised() {
        // $2.50 per 1M tokens = $0.0025 per 1K tokens = $0.0000025 per token.
        let per_m = cost_of(
            entry("m", "input", "", "2.5", 1_000_000).price,
            1_000_000,
            1000 * M,
        );
        let per_k = cost_of(
            entry("m", "input", "", "0.0025", 1000).price,
            1000,
            1000 * M,
        );
        let per_t = cost_of(entry("m", "input", "", "0.0000025", 1).price, 1, 1000 * M);
        assert_eq!(per_m, Some(25_000_000)); // $0.0025 at scale 10
        assert_eq!(per_m, per_k);
        assert_eq!(per_k, per_t);
        // Huge quantities do not overflow: 10^12 tokens at $1,000 per 1M = $10^9.
        assert_eq!(
            cost_of(1000 * TEN_POW_16, 1_000_000, 1_000_000_000_000 * M),
            Some(1_000_000_000 * TEN_POW_10)
        );
        // Rounding half away from zero at the money scale.
        // $0.00000000005 per token × 1 token = 0.5e-10 -> 1e-10; × 0.4 token -> 0.
        assert_eq!(cost_of(500_000, 1, TEN_POW_10), Some(1));
        assert_eq!(cost_of(500_000, 1, 4 * TEN_POW_10 / 10), Some(0));
    }

    #[test]
    fn tiers_use_their_own_prices_and_never_fall_back() {
        let book = PriceBook::new(vec![
            entry("gpt-4o", "input", "standard", "2.5", 1_000_000),
            entry("gpt-4o", "input", "batch", "1.25", 1_000_000),
            entry("gpt-4o", "output", "standard", "10", 1_000_000),
        ]);
        let price = |tier| book.lookup("gpt-4o", "input", 0, tier).map(|e| e.price);
        assert_eq!(price(None), Some(25 * TEN_POW_16 / 10));
        assert_eq!(price(Some("default")), price(None));
        assert_eq!(price(Some("batch")), Some(125 * TEN_POW_16 / 100));
        assert_eq!(price(Some("priority")), None);
        assert!(book.lookup("gpt-4o", "output", 0, Some("batch")).is_none());
    }

    #[test]
    fn reasoning_falls_back_to_output_and_models_to_their_family() {
        let book = PriceBook::new(vec![entry("o3", "output", "standard", "8", 1_000_000)]);
        assert!(book.lookup("o3", "reasoning", 0, None).is_some());
        assert!(
            book.lookup("openai/o3-2025-04-16", "output", 0, None)
                .is_some()
        );
        assert!(book.lookup("o4", "output", 0, None).is_none());
    }

    #[test]
    fn overrides_and_effective_dates() {
        let mut old = entry("m", "input", "standard", "3", 1_000_000);
        old.effective_end = Some(100);
        let mut new = entry("m", "input", "standard", "2", 1_000_000);
        new.effective_start = Some(100);
        let mut contract = entry("m", "input", "standard", "1", 1_000_000);
        contract.is_override = true;
        contract.effective_start = Some(200);
        let book = PriceBook::new(vec![old, new, contract]);
        let price = |at| {
            book.lookup("m", "input", at, None)
                .map(|e| e.price / TEN_POW_16)
        };
        assert_eq!(price(50), Some(3));
        assert_eq!(price(150), Some(2));
        assert_eq!(price(250), Some(1));
    }

    #[test]
    fn bands_and_region_scopes_pick_their_own_prices() {
        // LiteLLM 1.110.2: anthropic.claude-sonnet-4-20250514-v1:0 input 3e-06, above 200k
        // 6e-06; us. 3.3e-06 (per token); a model without a band.
        let mut long = entry("anthropic.claude-x", "input", "standard", "6", 1_000_000);
        long.context_threshold = Some(200_000);
        let book = PriceBook::new(vec![
            entry("anthropic.claude-x", "input", "standard", "3", 1_000_000),
            long,
            entry(
                "us.anthropic.claude-x",
                "input",
                "standard",
                "3.3",
                1_000_000,
            ),
            entry(
                "eu.anthropic.claude-x",
                "input",
                "standard",
                "3.3",
                1_000_000,
            ),
            entry("flat", "input", "standard", "1", 1_000_000),
        ]);
        let price = |model: &str, band: Option<&str>, scope: Option<&str>| {
            let query = PriceQuery {
                model,
                token_type: "input",
                tier: None,
                band: BandRequest::parse(band)?,
                scope: &RegionScope::parse(scope)?,
            };
            book.pick(&book.candidates(&query), 0)
                .map(|e| e.price * 10 / TEN_POW_16)
        };
        assert_eq!(price("anthropic.claude-x", None, None), Some(30));
        assert_eq!(price("anthropic.claude-x", Some("200k-1M"), None), Some(60));
        assert_eq!(price("anthropic.claude-x", Some("0-200k"), None), Some(30));
        assert_eq!(price("flat", Some("200k-1M"), None), None);
        assert_eq!(price("flat", Some("0-200k"), None), Some(10));
        assert_eq!(price("anthropic.claude-x", None, Some("geo:us")), Some(33));
        assert_eq!(price("anthropic.claude-x", None, Some("geo")), Some(33));
        assert_eq!(price("anthropic.claude-x", None, Some("global")), Some(30));
        assert_eq!(price("anthropic.claude-x", None, Some("geo:jp")), None);
        // The regional id has no long-context price: NULL, not its base price.
        assert_eq!(
            price("anthropic.claude-x", Some(">200k"), Some("geo:us")),
            None
        );
        assert_eq!(price("anthropic.claude-x", None, Some("mars")), None);
        assert_eq!(book.thresholds("anthropic.claude-x"), Some(&[200_000][..]));
    }
}
