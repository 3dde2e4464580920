//! The token price catalog: model prices by token type and service tier, shipped as
//! `catalogs/data/token_prices.csv` (built from LiteLLM's MIT-licensed price list; see
//! `catalogs/data/README.md`), plus an optional user CSV of contracted rates that wins over it.
//! Both have the columns
//!
//! `provider,model,token_type,service_tier,context_band,price,unit_block,currency,
//! effective_start,effective_end`
//!
//! (`context_band` and `price_source` optional): `price` is per `unit_block` tokens (`1`, `1K`,
//! `1M`, or a number), effective dates are optional (open when empty), `service_tier` empty
//! means standard, `context_band` empty means the base band and `>200k` the long-context price
//! of requests with more than 200,000 input tokens.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Decimal128Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray,
};
use arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::MemTable;
use focusql_udfs::money::UNIT_PRICE_SCALE;
use focusql_udfs::parse::{parse_decimal, parse_timestamp_micros};
use focusql_udfs::price_dims::{format_band, parse_catalog_band};
use focusql_udfs::tokens::{PriceBook, PriceEntry, normalise_tier};

use crate::error::{CatalogError, Result};
use crate::files::split_csv_record;
use crate::registry::{UNIT_PRICE_TYPE, timestamp_type};
use crate::tokens::TokenType;

/// The table name of the price catalog.
pub const PRICES_TABLE: &str = "prices";

/// The shipped catalog.
const CATALOG_CSV: &str = include_str!("../data/token_prices.csv");

/// Columns a prices file must have.
const REQUIRED: [&str; 6] = [
    "provider",
    "model",
    "token_type",
    "price",
    "unit_block",
    "currency",
];

/// Tokens in a unit block written `1`, `1K`, `1M`, `1000`, `1M tokens`, …
fn unit_block(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_end_matches("tokens").trim();
    match t {
        "1k" => Some(1_000),
        "1m" => Some(1_000_000),
        other => other.parse::<i64>().ok().filter(|n| *n > 0),
    }
}

/// Parse a prices CSV (the catalog or a contracted-rates file named `file`).
pub fn parse_prices(text: &str, file: &str, is_override: bool) -> Result<Vec<PriceEntry>> {
    let err =
        |row: usize, message: String| CatalogError::file(file, format!("row {row}, {message}"));
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .map(|(_, l)| split_csv_record(l.trim_start_matches('\u{feff}')))
        .unwrap_or_default();
    let index = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    for name in REQUIRED {
        if index(name).is_none() {
            return Err(CatalogError::file(
                file,
                format!(
                    "row 1 (header): no column '{name}' (a prices file has {})",
                    REQUIRED.join(", ")
                ),
            ));
        }
    }
    let mut entries = Vec::new();
    for (i, line) in lines {
        let row = i + 1;
        let cells = split_csv_record(line);
        let cell = |name: &str| -> &str {
            index(name)
                .and_then(|j| cells.get(j))
                .map(String::as_str)
                .unwrap_or("")
        };
        let token_type = cell("token_type");
        if TokenType::from_name(token_type).is_none() {
            return Err(err(
                row,
                format!("column token_type: unknown token type '{token_type}'"),
            ));
        }
        let price = parse_decimal(cell("price"), UNIT_PRICE_SCALE).ok_or_else(|| {
            err(
                row,
                format!("column price: '{}' is not a decimal number", cell("price")),
            )
        })?;
        let block = unit_block(cell("unit_block")).ok_or_else(|| {
            err(
                row,
                format!(
                    "column unit_block: '{}' is not a token count (1, 1K, 1M or a number)",
                    cell("unit_block")
                ),
            )
        })?;
        let date = |name: &str| -> Result<Option<i64>> {
            let text = cell(name);
            if text.trim().is_empty() {
                return Ok(None);
            }
            parse_timestamp_micros(text)
                .map(Some)
                .ok_or_else(|| err(row, format!("column {name}: '{text}' is not a date")))
        };
        let context_threshold = parse_catalog_band(cell("context_band"))
            .map_err(|e| err(row, format!("column context_band: {e}")))?;
        let source = cell("price_source");
        entries.push(PriceEntry {
            provider: cell("provider").to_string(),
            model: cell("model").to_string(),
            token_type: token_type.to_ascii_lowercase(),
            service_tier: normalise_tier(Some(cell("service_tier"))),
            context_threshold,
            price,
            unit_block: block,
            currency: cell("currency").trim().to_ascii_uppercase(),
            effective_start: date("effective_start")?,
            effective_end: date("effective_end")?,
            price_source: if source.is_empty() {
                file.to_string()
            } else {
                source.to_string()
            },
            is_override,
        });
    }
    Ok(entries)
}

/// The shipped catalog's prices, parsed once (the test `the_shipped_catalog_parses` keeps the
/// file valid).
pub fn shipped_prices() -> &'static [PriceEntry] {
    static SHIPPED: std::sync::OnceLock<Vec<PriceEntry>> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| {
        parse_prices(CATALOG_CSV, "catalogs/data/token_prices.csv", false)
            .expect("the shipped price catalog parses")
    })
}

/// The price book: the shipped catalog, and the contracted rates of `overrides` (a CSV file).
pub fn price_book(overrides: Option<&std::path::Path>) -> Result<Arc<PriceBook>> {
    let mut entries = shipped_prices().to_vec();
    if let Some(path) = overrides {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| CatalogError::file(&name, format!("cannot read: {e}")))?;
        entries.extend(parse_prices(&text, &name, true)?);
    }
    Ok(Arc::new(PriceBook::new(entries)))
}

/// The `prices` table: every entry of the book, with the price per block and per token.
pub fn prices_table(book: &PriceBook) -> Result<Arc<MemTable>> {
    let e = book.entries();
    let text = |f: &dyn Fn(&PriceEntry) -> &str| -> ArrayRef {
        Arc::new(e.iter().map(|x| Some(f(x))).collect::<StringArray>())
    };
    let price = |f: &dyn Fn(&PriceEntry) -> i128| -> Result<ArrayRef> {
        Ok(Arc::new(
            e.iter()
                .map(|x| Some(f(x)))
                .collect::<Decimal128Array>()
                .with_data_type(UNIT_PRICE_TYPE),
        ))
    };
    let time = |f: &dyn Fn(&PriceEntry) -> Option<i64>| -> ArrayRef {
        Arc::new(
            e.iter()
                .map(f)
                .collect::<TimestampMicrosecondArray>()
                .with_timezone("UTC"),
        )
    };
    let schema = Arc::new(Schema::new(vec![
        Field::new("provider", DataType::Utf8, false),
        Field::new("model", DataType::Utf8, false),
        Field::new("token_type", DataType::Utf8, false),
        Field::new("service_tier", DataType::Utf8, false),
        Field::new("context_band", DataType::Utf8, true),
        Field::new("context_threshold", DataType::Int64, true),
        Field::new("price", UNIT_PRICE_TYPE, false),
        Field::new("unit_block", DataType::Int64, false),
        Field::new("unit_price", UNIT_PRICE_TYPE, false),
        Field::new("currency", DataType::Utf8, false),
        Field::new("effective_start", timestamp_type(), true),
        Field::new("effective_end", timestamp_type(), true),
        Field::new("price_source", DataType::Utf8, false),
        Field::new("is_override", DataType::Boolean, false),
    ]));
    let columns: Vec<ArrayRef> = vec![
        text(&|x| &x.provider),
        text(&|x| &x.model),
        text(&|x| &x.token_type),
        text(&|x| &x.service_tier),
        Arc::new(
            e.iter()
                .map(|x| x.context_threshold.map(format_band))
                .collect::<StringArray>(),
        ),
        Arc::new(
            e.iter()
                .map(|x| x.context_threshold.and_then(|t| i64::try_from(t).ok()))
                .collect::<Int64Array>(),
        ),
        price(&|x| x.price)?,
        Arc::new(e.iter().map(|x| Some(x.unit_block)).collect::<Int64Array>()),
        price(&|x| x.unit_price())?,
        text(&|x| &x.currency),
        time(&|x| x.effective_start),
        time(&|x| x.effective_end),
        text(&|x| &x.price_source),
        Arc::new(
            e.iter()
                .map(|x| Some(x.is_override))
                .collect::<BooleanArray>(),
        ),
    ];
    let batch = RecordBatch::try_new(Arc::clone(&schema), columns)
        .map_err(datafusion::error::DataFusionError::from)?;
    Ok(Arc::new(MemTable::try_new(schema, vec![vec![batch]])?))
}

/// Every token priced with the book: `token_usage` rows with a quantity, with the context band
/// they are priced in, their unit price, priced cost and the price's currency (NULL where the
/// book has no price). A row's band is its own `context_band`; a span's row without one gets
/// the band of its request's input tokens (`request_input_tokens`, set by the span reader) for
/// its model (`token_context_band`) — a per-row function, so pricing streams with the spans.
const TOKEN_COSTS_VIEW: &str = "WITH banded AS ( \
      SELECT *, coalesce(context_band, \
        token_context_band(model_id, request_input_tokens)) AS priced_band \
      FROM token_usage WHERE quantity IS NOT NULL AND token_type IS NOT NULL) \
    SELECT *, \
    token_unit_price(model_id, token_type, period_start, service_tier, priced_band, \
      region_scope) AS unit_price, \
    token_cost(model_id, token_type, quantity, period_start, service_tier, priced_band, \
      region_scope) AS priced_cost, \
    token_price_currency(model_id, token_type, period_start, service_tier, priced_band, \
      region_scope) AS priced_currency \
    FROM banded";

/// Priced usage against billed cost per usage source, provider, model, UTC day and currency.
/// `difference` is billed − priced (a missing side counts 0); NULL when some usage has no
/// price, and `status` says which case a row is.
const RECONCILIATION_VIEW: &str = "WITH priced AS ( \
      SELECT source_system AS usage_source, provider, model_id, \
             date_trunc('day', period_start) AS day, priced_currency AS currency, \
             sum(priced_cost) AS priced_cost, count(*) - count(priced_cost) AS unpriced_rows \
      FROM token_costs GROUP BY 1, 2, 3, 4, 5), \
    billed AS ( \
      SELECT provider, model_id, date_trunc('day', period_start) AS day, currency, \
             sum(billed_cost) AS billed_cost \
      FROM token_usage WHERE billed_cost IS NOT NULL GROUP BY 1, 2, 3, 4) \
    SELECT p.usage_source, coalesce(p.provider, b.provider) AS provider, \
           coalesce(p.model_id, b.model_id) AS model_id, coalesce(p.day, b.day) AS day, \
           coalesce(p.currency, b.currency) AS currency, p.priced_cost, b.billed_cost, \
           CASE WHEN coalesce(p.unpriced_rows, 0) > 0 THEN NULL \
                ELSE coalesce(b.billed_cost, 0) - coalesce(p.priced_cost, 0) END AS difference, \
           p.unpriced_rows, \
           CASE WHEN coalesce(p.unpriced_rows, 0) > 0 THEN 'unpriced usage' \
                WHEN b.billed_cost IS NULL THEN 'usage only' \
                WHEN p.priced_cost IS NULL THEN 'billed only' \
                ELSE 'priced and billed' END AS status \
    FROM priced p FULL OUTER JOIN billed b \
      ON p.provider = b.provider AND (p.model_id IS NOT DISTINCT FROM b.model_id) \
     AND p.day = b.day AND (p.currency IS NOT DISTINCT FROM b.currency)";

/// Register the pricing in a session: the `prices` table, `token_cost`, `token_unit_price`,
/// `token_price_currency`, `token_context_band`, and the views `token_costs` and `token_reconciliation` (which need
/// `token_usage` registered first).
pub async fn register_pricing(
    ctx: &datafusion::prelude::SessionContext,
    book: Arc<PriceBook>,
) -> Result<()> {
    use focusql_udfs::tokens::{
        token_context_band_udf, token_cost_udf, token_price_currency_udf, token_unit_price_udf,
    };
    ctx.register_table(PRICES_TABLE, prices_table(&book)?)?;
    ctx.register_udf(token_cost_udf(Arc::clone(&book)));
    ctx.register_udf(token_unit_price_udf(Arc::clone(&book)));
    ctx.register_udf(token_context_band_udf(Arc::clone(&book)));
    ctx.register_udf(token_price_currency_udf(book));
    for (name, sql) in [
        ("token_costs", TOKEN_COSTS_VIEW),
        ("token_reconciliation", RECONCILIATION_VIEW),
    ] {
        let view = ctx.sql(sql).await?.into_view();
        ctx.register_table(name, view)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalog_parses() {
        let book = price_book(None).unwrap();
        let e = book
            .lookup("gpt-4o-2024-08-06", "cache_read", 0, None)
            .unwrap();
        assert_eq!(e.price, 125 * 10_i128.pow(14)); // $1.25 per 1M
        assert_eq!(e.unit_block, 1_000_000);
        assert!(
            book.lookup("claude-haiku-4-5", "cache_write_1h", 0, None)
                .is_some()
        );
        // A catalog id with a provider prefix is matched as given ($2.75 for Azure's US data
        // zone), before the prefix is dropped (`openai/…` has no row of its own).
        let price = |m: &str, t: &str| book.lookup(m, t, 0, None).map(|e| e.price);
        assert_eq!(
            price("azure/us/gpt-5.4", "input"),
            Some(275 * 10_i128.pow(14))
        );
        assert_eq!(price("gpt-5.4", "input"), Some(250 * 10_i128.pow(14)));
        assert_eq!(
            price("openai/gpt-4o-2024-08-06", "cache_read"),
            Some(125 * 10_i128.pow(14))
        );
    }

    #[test]
    fn the_shipped_catalog_has_bands_and_regional_ids() {
        use focusql_udfs::price_dims::{BandRequest, RegionScope};
        use focusql_udfs::tokens::PriceQuery;
        let book = price_book(None).unwrap();
        // LiteLLM 1.110.2 per token: gemini-2.5-pro output 1e-05, above 200k 1.5e-05;
        // gpt-5.4 cache read above 272k 5e-07; us.amazon.nova-pro-v1:0 input 8e-07,
        // eu. 1.05e-06; azure/eu/gpt-5.4 input 2.75e-06.
        let per_m = |model, token_type, band: &str, scope: &str| {
            let query = PriceQuery {
                model,
                token_type,
                tier: None,
                band: BandRequest::parse(Some(band)).unwrap(),
                scope: &RegionScope::parse(Some(scope)).unwrap(),
            };
            book.pick(&book.candidates(&query), 0)
                .map(|e| e.unit_price() * 1_000_000)
        };
        let usd = |cents: i128| Some(cents * 10_i128.pow(14));
        assert_eq!(per_m("gemini-2.5-pro", "output", "", ""), usd(1000));
        assert_eq!(per_m("gemini-2.5-pro", "output", ">200k", ""), usd(1500));
        assert_eq!(per_m("gpt-5.4", "cache_read", "long", ""), usd(50));
        assert_eq!(
            per_m("amazon.nova-pro-v1:0", "input", "", "geo:us"),
            usd(80)
        );
        assert_eq!(
            per_m("amazon.nova-pro-v1:0", "input", "", "geo:eu"),
            usd(105)
        );
        // Unknown geography: us and eu differ for Nova Pro, so no price.
        assert_eq!(per_m("amazon.nova-pro-v1:0", "input", "", "geo"), None);
        assert_eq!(
            per_m("azure/gpt-5.4", "input", "", "data_zone:eu"),
            usd(275)
        );
        assert_eq!(book.thresholds("gpt-5.4-2026-03-05"), Some(&[272_000][..]));
        let bad = "provider,model,token_type,context_band,price,unit_block,currency\nOpenAI,m,input,200k,1,1M,USD\n";
        assert_eq!(
            parse_prices(bad, "rates.csv", true)
                .unwrap_err()
                .to_string(),
            "rates.csv: row 2, column context_band: '200k' is not a context band (empty for the base band, or >200k)"
        );
    }

    #[test]
    fn bad_rows_name_file_row_and_column() {
        let text = "provider,model,token_type,price,unit_block,currency\nOpenAI,m,input,1,1M,USD\nOpenAI,m,input,1,2 blocks,USD\n";
        let e = parse_prices(text, "rates.csv", true)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "rates.csv: row 3, column unit_block: '2 blocks' is not a token count (1, 1K, 1M or a number)"
        );
        assert_eq!(unit_block("1K tokens"), Some(1000));
    }
}
