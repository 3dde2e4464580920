//! The normalised token model: one `token_usage` schema shared by every AI source (API usage and
//! cost pages, spans), the token types with their FOCUS properties, and a row builder.
//!
//! A row is one (period × scope × model × token type). Token types are exclusive — an input
//! token is uncached, a cache read or a cache write, never two of them; reasoning tokens are
//! their own `reasoning` row and are not also in `output` — so summing `quantity` never counts a
//! token twice. Rows without a token type (images, audio characters or seconds, vector-store
//! bytes, code-interpreter sessions, web searches) count their own `usage_unit`. Cost lines of
//! API cost pages keep `quantity` NULL (their usage is on the usage rows) and carry the usage
//! quantity they bill in `billed_quantity`.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, Decimal128Builder, Int64Builder, RecordBatch, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};

use crate::registry::{MONEY_TYPE, QUANTITY_TYPE, UTC, timestamp_type};

/// The table name of the token model.
pub const TOKEN_USAGE_TABLE: &str = "token_usage";

/// A token type: what a provider prices separately. The names are the `token_type` values of
/// `token_usage` and of the price catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// Input tokens that neither read nor wrote the cache.
    Input,
    /// Input tokens served from the prompt cache.
    CacheRead,
    /// Input tokens written to the cache with a 5-minute TTL (or an unspecified TTL).
    CacheWrite5m,
    /// Input tokens written to the cache with a 1-hour TTL.
    CacheWrite1h,
    /// Output tokens other than reasoning.
    Output,
    /// Reasoning (thinking) output tokens.
    Reasoning,
    InputAudio,
    OutputAudio,
    InputImage,
    OutputImage,
    InputVideo,
}

impl TokenType {
    /// Every token type.
    pub const ALL: [TokenType; 11] = [
        TokenType::Input,
        TokenType::CacheRead,
        TokenType::CacheWrite5m,
        TokenType::CacheWrite1h,
        TokenType::Output,
        TokenType::Reasoning,
        TokenType::InputAudio,
        TokenType::OutputAudio,
        TokenType::InputImage,
        TokenType::OutputImage,
        TokenType::InputVideo,
    ];

    /// The name used in `token_usage.token_type` and `prices.token_type`.
    pub fn name(self) -> &'static str {
        match self {
            TokenType::Input => "input",
            TokenType::CacheRead => "cache_read",
            TokenType::CacheWrite5m => "cache_write_5m",
            TokenType::CacheWrite1h => "cache_write_1h",
            TokenType::Output => "output",
            TokenType::Reasoning => "reasoning",
            TokenType::InputAudio => "input_audio",
            TokenType::OutputAudio => "output_audio",
            TokenType::InputImage => "input_image",
            TokenType::OutputImage => "output_image",
            TokenType::InputVideo => "input_video",
        }
    }

    /// Parse a token type name.
    pub fn from_name(name: &str) -> Option<TokenType> {
        TokenType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }

    /// FOCUS TokenDirection: `Input` or `Output`.
    pub fn direction(self) -> &'static str {
        match self {
            TokenType::Output
            | TokenType::Reasoning
            | TokenType::OutputAudio
            | TokenType::OutputImage => "Output",
            _ => "Input",
        }
    }

    /// FOCUS TokenCacheAction for input tokens (`Uncached`, `Read`, `Write`); None for output.
    pub fn cache_action(self) -> Option<&'static str> {
        match self {
            TokenType::Input
            | TokenType::InputAudio
            | TokenType::InputImage
            | TokenType::InputVideo => Some("Uncached"),
            TokenType::CacheRead => Some("Read"),
            TokenType::CacheWrite5m | TokenType::CacheWrite1h => Some("Write"),
            _ => None,
        }
    }

    /// The cache TTL of a cache write.
    pub fn cache_ttl(self) -> Option<&'static str> {
        match self {
            TokenType::CacheWrite5m => Some("5m"),
            TokenType::CacheWrite1h => Some("1h"),
            _ => None,
        }
    }

    /// `text`, `audio` or `image`.
    pub fn modality(self) -> &'static str {
        match self {
            TokenType::InputAudio | TokenType::OutputAudio => "audio",
            TokenType::InputImage | TokenType::OutputImage => "image",
            TokenType::InputVideo => "video",
            _ => "text",
        }
    }

    /// `reasoning` or `response` for output tokens; None for input.
    pub fn phase(self) -> Option<&'static str> {
        match (self, self.direction()) {
            (TokenType::Reasoning, _) => Some("reasoning"),
            (_, "Output") => Some("response"),
            _ => None,
        }
    }

    /// The token type whose price applies when the catalog has none for this one: reasoning is
    /// priced as output unless a model prices it apart.
    pub fn price_fallback(self) -> Option<TokenType> {
        match self {
            TokenType::Reasoning => Some(TokenType::Output),
            _ => None,
        }
    }
}

/// What a `token_usage` row's `quantity` counts (`usage_unit`; FOCUS ConsumedUnit). Token rows
/// count `Tokens`; the non-token OpenAI Usage API endpoints and Anthropic web searches count
/// images, characters, seconds, bytes, sessions or requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UsageUnit {
    Tokens,
    Images,
    Characters,
    Seconds,
    Bytes,
    Sessions,
    Requests,
}

impl UsageUnit {
    /// The name in `token_usage.usage_unit` and FOCUS ConsumedUnit.
    pub fn name(self) -> &'static str {
        match self {
            UsageUnit::Tokens => "Tokens",
            UsageUnit::Images => "Images",
            UsageUnit::Characters => "Characters",
            UsageUnit::Seconds => "Seconds",
            UsageUnit::Bytes => "Bytes",
            UsageUnit::Sessions => "Sessions",
            UsageUnit::Requests => "Requests",
        }
    }
}

/// Split a model name into family and version: a trailing snapshot date (`-2024-08-06` or
/// `-20250514`) is the version, the rest the family.
pub fn model_family_version(model: &str) -> (String, Option<String>) {
    let bytes = model.as_bytes();
    let n = bytes.len();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if n > 11 && bytes[n - 11] == b'-' && bytes[n - 6] == b'-' && bytes[n - 3] == b'-' {
        let tail = &bytes[n - 10..];
        if digits(&tail[..4]) && digits(&tail[5..7]) && digits(&tail[8..]) {
            return (
                model[..n - 11].to_string(),
                Some(model[n - 10..].to_string()),
            );
        }
    }
    if n > 9 && bytes[n - 9] == b'-' && digits(&bytes[n - 8..]) {
        return (model[..n - 9].to_string(), Some(model[n - 8..].to_string()));
    }
    (model.to_string(), None)
}

/// The `token_usage` schema.
pub fn token_usage_schema() -> SchemaRef {
    let text = |name: &str| Field::new(name, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        Field::new("source_system", DataType::Utf8, false),
        Field::new("provider", DataType::Utf8, false),
        Field::new("period_start", timestamp_type(), false),
        Field::new("period_end", timestamp_type(), false),
        text("billing_account_id"),
        text("sub_account_id"),
        text("api_key_id"),
        text("user_id"),
        text("session_id"),
        text("trace_id"),
        text("span_id"),
        text("request_id"),
        text("model_developer"),
        text("model_id"),
        text("model_family"),
        text("model_version"),
        text("token_type"),
        text("token_direction"),
        text("cache_action"),
        text("cache_ttl"),
        text("modality"),
        text("phase"),
        text("service_tier"),
        text("context_band"),
        text("region_scope"),
        Field::new("quantity", QUANTITY_TYPE, true),
        text("usage_unit"),
        Field::new("request_count", DataType::Int64, true),
        Field::new("request_input_tokens", QUANTITY_TYPE, true),
        Field::new("billed_cost", MONEY_TYPE, true),
        Field::new("billed_quantity", QUANTITY_TYPE, true),
        text("currency"),
        text("charge_description"),
        text("source_file"),
    ]))
}

/// One `token_usage` row before it is written to Arrow.
#[derive(Debug, Clone, Default)]
pub struct TokenRow {
    pub source_system: &'static str,
    pub provider: &'static str,
    /// Period bounds in microseconds since the epoch, UTC (end exclusive).
    pub period_start: i64,
    pub period_end: i64,
    pub billing_account_id: Option<String>,
    pub sub_account_id: Option<String>,
    pub api_key_id: Option<String>,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    pub request_id: Option<String>,
    pub model_id: Option<String>,
    pub token_type: Option<TokenType>,
    pub service_tier: Option<String>,
    pub context_band: Option<String>,
    pub region_scope: Option<String>,
    /// Whole units of `usage_unit` (tokens on token rows).
    pub quantity: Option<i128>,
    /// What `quantity` counts; None is `Tokens` on a row with a token type (and no unit on
    /// any other row).
    pub usage_unit: Option<UsageUnit>,
    pub request_count: Option<i64>,
    /// On per-request rows (spans): every input token of the request, all input token types
    /// together, so a context band can be read against the model's threshold.
    pub request_input_tokens: Option<i128>,
    /// Cost at the money scale (10 decimals).
    pub billed_cost: Option<i128>,
    pub currency: Option<String>,
    pub charge_description: Option<String>,
    pub source_file: String,
}

/// Builds `token_usage` record batches row by row.
#[derive(Debug)]
pub struct TokenRowsBuilder {
    text: Vec<StringBuilder>,
    starts: TimestampMicrosecondBuilder,
    ends: TimestampMicrosecondBuilder,
    quantity: Decimal128Builder,
    unit: StringBuilder,
    requests: Int64Builder,
    request_input: Decimal128Builder,
    cost: Decimal128Builder,
    billed_quantity: Decimal128Builder,
}

/// Number of text columns before `quantity`, excluding the two timestamps.
const LEADING_TEXT: usize = 2;
const MIDDLE_TEXT: usize = 21;
const TRAILING_TEXT: usize = 3;

impl Default for TokenRowsBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenRowsBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        let decimal = |ty: &DataType| match ty {
            DataType::Decimal128(p, s) => Decimal128Builder::new().with_precision_and_scale(*p, *s),
            _ => unreachable!("money and quantity types are Decimal128"),
        };
        TokenRowsBuilder {
            text: (0..LEADING_TEXT + MIDDLE_TEXT + TRAILING_TEXT)
                .map(|_| StringBuilder::new())
                .collect(),
            starts: TimestampMicrosecondBuilder::new().with_timezone(UTC),
            ends: TimestampMicrosecondBuilder::new().with_timezone(UTC),
            quantity: decimal(&QUANTITY_TYPE).expect("valid quantity type"),
            unit: StringBuilder::new(),
            requests: Int64Builder::new(),
            request_input: decimal(&QUANTITY_TYPE).expect("valid quantity type"),
            cost: decimal(&MONEY_TYPE).expect("valid money type"),
            billed_quantity: decimal(&QUANTITY_TYPE).expect("valid quantity type"),
        }
    }

    /// Append one row.
    pub fn push(&mut self, row: &TokenRow) {
        let (family, version) = match &row.model_id {
            Some(m) => {
                let (f, v) = model_family_version(m);
                (Some(f), v)
            }
            None => (None, None),
        };
        let token = row.token_type;
        let developer = row.model_id.as_ref().map(|_| row.provider);
        let leading = [Some(row.source_system), Some(row.provider)];
        let middle: [Option<&str>; MIDDLE_TEXT] = [
            row.billing_account_id.as_deref(),
            row.sub_account_id.as_deref(),
            row.api_key_id.as_deref(),
            row.user_id.as_deref(),
            row.session_id.as_deref(),
            row.trace_id.as_deref(),
            row.span_id.as_deref(),
            row.request_id.as_deref(),
            developer,
            row.model_id.as_deref(),
            family.as_deref(),
            version.as_deref(),
            token.map(TokenType::name),
            token.map(TokenType::direction),
            token.and_then(TokenType::cache_action),
            token.and_then(TokenType::cache_ttl),
            token.map(TokenType::modality),
            token.and_then(TokenType::phase),
            row.service_tier.as_deref(),
            row.context_band.as_deref(),
            row.region_scope.as_deref(),
        ];
        let trailing = [
            row.currency.as_deref(),
            row.charge_description.as_deref(),
            Some(row.source_file.as_str()),
        ];
        for (builder, value) in self
            .text
            .iter_mut()
            .zip(leading.into_iter().chain(middle).chain(trailing))
        {
            builder.append_option(value);
        }
        self.starts.append_value(row.period_start);
        self.ends.append_value(row.period_end);
        let qty_scale = 10_i128.pow(10);
        self.quantity
            .append_option(row.quantity.and_then(|q| q.checked_mul(qty_scale)));
        let unit = row
            .usage_unit
            .or(token.map(|_| UsageUnit::Tokens))
            .map(UsageUnit::name);
        self.unit.append_option(unit);
        self.requests.append_option(row.request_count);
        self.request_input.append_option(
            row.request_input_tokens
                .and_then(|q| q.checked_mul(qty_scale)),
        );
        self.cost.append_option(row.billed_cost);
        // Filled after load from the usage rows a cost line bills (`cost_quantities`).
        self.billed_quantity.append_null();
    }

    /// The rows appended so far as one batch; the builder is empty afterwards.
    pub fn finish(&mut self) -> RecordBatch {
        let mut text = self
            .text
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef);
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(34);
        columns.extend(text.by_ref().take(LEADING_TEXT));
        columns.push(Arc::new(self.starts.finish()));
        columns.push(Arc::new(self.ends.finish()));
        columns.extend(text.by_ref().take(MIDDLE_TEXT));
        columns.push(Arc::new(self.quantity.finish()));
        columns.push(Arc::new(self.unit.finish()));
        columns.push(Arc::new(self.requests.finish()));
        columns.push(Arc::new(self.request_input.finish()));
        columns.push(Arc::new(self.cost.finish()));
        columns.push(Arc::new(self.billed_quantity.finish()));
        columns.extend(text);
        RecordBatch::try_new(token_usage_schema(), columns)
            .expect("token_usage columns match the schema")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_and_version_from_snapshot_dates() {
        assert_eq!(
            model_family_version("gpt-4o-2024-08-06"),
            ("gpt-4o".into(), Some("2024-08-06".into()))
        );
        assert_eq!(
            model_family_version("claude-sonnet-4-20250514"),
            ("claude-sonnet-4".into(), Some("20250514".into()))
        );
        assert_eq!(model_family_version("o3"), ("o3".into(), None));
        assert_eq!(
            model_family_version("claude-haiku-4-5"),
            ("claude-haiku-4-5".into(), None)
        );
    }

    #[test]
    fn token_types_are_exclusive_and_named() {
        for t in TokenType::ALL {
            assert_eq!(TokenType::from_name(t.name()), Some(t));
            // Inputs have a cache action, outputs a phase; never both.
            assert!(t.cache_action().is_some() != t.phase().is_some());
        }
        assert_eq!(TokenType::Reasoning.direction(), "Output");
        assert_eq!(
            TokenType::Reasoning.price_fallback(),
            Some(TokenType::Output)
        );
    }

    #[test]
    fn builder_writes_the_schema() {
        let mut b = TokenRowsBuilder::new();
        b.push(&TokenRow {
            source_system: "openai_usage_api",
            provider: "OpenAI",
            model_id: Some("gpt-4o-2024-08-06".into()),
            token_type: Some(TokenType::CacheRead),
            quantity: Some(5000),
            ..Default::default()
        });
        let batch = b.finish();
        assert_eq!(batch.num_rows(), 1);
        assert_eq!(batch.schema(), token_usage_schema());
        assert_eq!(b.finish().num_rows(), 0);
    }
}
