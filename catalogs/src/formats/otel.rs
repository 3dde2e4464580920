//! OpenTelemetry GenAI spans (OTLP JSON: one `ExportTraceServiceRequest` document, or the
//! Collector `file` exporter's one document per line) as `token_usage` rows at span grain.
//!
//! Rules (OpenTelemetry GenAI semantic conventions, and what real instrumentations emit):
//! - only spans with `gen_ai.usage.*` attributes give rows (app spans, failed calls do not);
//! - `gen_ai.usage.input_tokens` includes cache reads and cache writes, so uncached input =
//!   input − cache_read − cache write; `output_tokens` includes reasoning, so output = output −
//!   `gen_ai.usage.reasoning.output_tokens` and reasoning is its own row;
//! - cache writes are `gen_ai.usage.cache_creation.input_tokens` (or `cache_write`); the 5m/1h
//!   split comes from `anthropic.usage.cache_creation.ephemeral_{5m,1h}_input_tokens` when a
//!   span has it, otherwise a write is a 5-minute write;
//! - twin spans of one call (two instrumentations around one client call) share
//!   `gen_ai.response.id`: the call is counted once, from the span with the TTL split when there
//!   is one (else the first);
//! - `user.id` and `session.id` missing on a span are inherited from its nearest ancestor.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::error::Result;
use crate::files::BillingFile;
use crate::formats::openai::split;
use crate::tokens::{TokenRow, TokenRowsBuilder, TokenType};

/// Response ids already counted in this source.
pub type SeenResponses = HashSet<String>;

/// One span with the attributes focusql uses.
#[derive(Debug, Default)]
struct Span {
    trace_id: String,
    span_id: String,
    parent: Option<String>,
    start: i64,
    end: i64,
    attrs: HashMap<String, String>,
}

impl Span {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    fn tokens(&self, key: &str) -> i128 {
        self.attr(key)
            .and_then(|v| v.parse::<i128>().ok())
            .unwrap_or(0)
    }

    fn has_usage(&self) -> bool {
        self.attrs.keys().any(|k| k.starts_with("gen_ai.usage."))
    }

    fn has_ttl_split(&self) -> bool {
        self.attrs
            .keys()
            .any(|k| k.starts_with("anthropic.usage.cache_creation.ephemeral_"))
    }
}

/// True when the start of a JSON file looks like OTLP traces.
pub fn looks_like_otlp(head: &[u8]) -> bool {
    String::from_utf8_lossy(head).contains("\"resourceSpans\"")
}

/// Keep only the attributes pricing and attribution need.
fn wanted(key: &str) -> bool {
    key.starts_with("gen_ai.usage.")
        || key.starts_with("anthropic.usage.")
        || key.ends_with(".service_tier")
        || matches!(
            key,
            "gen_ai.provider.name"
                | "gen_ai.system"
                | "gen_ai.request.model"
                | "gen_ai.response.model"
                | "gen_ai.response.id"
                | "gen_ai.conversation.id"
                | "user.id"
                | "session.id"
                | "enduser.id"
        )
}

/// An integer OTLP writes as a JSON string (`"1200"`, the proto3 JSON form for 64-bit values)
/// or as a number.
#[derive(Debug, Clone, Copy)]
struct Int(i128);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Int, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer or an integer string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Int, E> {
                Ok(Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Int, E> {
                Ok(Int(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Int, E> {
                Ok(Int(v as i128))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Int, E> {
                v.trim()
                    .parse()
                    .map(Int)
                    .map_err(|_| E::custom(format!("'{v}' is not an integer")))
            }
        }
        d.deserialize_any(V)
    }
}

/// An OTLP `AnyValue`; arrays and key-value lists are skipped.
#[derive(Debug, Deserialize)]
struct AnyValue<'a> {
    #[serde(rename = "stringValue", borrow, default)]
    string_value: Option<Cow<'a, str>>,
    #[serde(rename = "intValue", default)]
    int_value: Option<Int>,
    #[serde(rename = "doubleValue", default)]
    double_value: Option<f64>,
    #[serde(rename = "boolValue", default)]
    bool_value: Option<bool>,
}

impl AnyValue<'_> {
    fn text(&self) -> Option<String> {
        if let Some(s) = &self.string_value {
            return Some(s.to_string());
        }
        self.int_value
            .map(|i| i.0.to_string())
            .or_else(|| self.double_value.map(|d| d.to_string()))
            .or_else(|| self.bool_value.map(|b| b.to_string()))
    }
}

#[derive(Debug, Deserialize)]
struct Attribute<'a> {
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(borrow)]
    value: Option<AnyValue<'a>>,
}

#[derive(Debug, Deserialize)]
struct RawSpan<'a> {
    #[serde(rename = "traceId", borrow, default)]
    trace_id: Cow<'a, str>,
    #[serde(rename = "spanId", borrow, default)]
    span_id: Cow<'a, str>,
    #[serde(rename = "parentSpanId", borrow, default)]
    parent_span_id: Option<Cow<'a, str>>,
    #[serde(rename = "startTimeUnixNano", default)]
    start: Option<Int>,
    #[serde(rename = "endTimeUnixNano", default)]
    end: Option<Int>,
    #[serde(borrow, default)]
    attributes: Vec<Attribute<'a>>,
}

#[derive(Debug, Deserialize)]
struct ScopeSpans<'a> {
    #[serde(borrow, default)]
    spans: Vec<RawSpan<'a>>,
}

#[derive(Debug, Deserialize)]
struct ResourceSpans<'a> {
    #[serde(rename = "scopeSpans", borrow, default)]
    scope_spans: Vec<ScopeSpans<'a>>,
}

/// One OTLP `ExportTraceServiceRequest`, read with only the fields focusql uses.
#[derive(Debug, Deserialize)]
struct TracesDocument<'a> {
    #[serde(rename = "resourceSpans", borrow, default)]
    resource_spans: Vec<ResourceSpans<'a>>,
}

/// Read the spans of an OTLP JSON file (one document, or one per line) into `token_usage`
/// rows. Documents are parsed one at a time into typed structs that keep only the span fields
/// and the attributes pricing needs.
pub fn parse(
    file: &BillingFile,
    bytes: &[u8],
    seen: &mut SeenResponses,
) -> Result<arrow::array::RecordBatch> {
    let mut spans = Vec::new();
    let documents = serde_json::Deserializer::from_slice(bytes).into_iter::<TracesDocument>();
    for (d, document) in documents.enumerate() {
        let document = document.map_err(|e| {
            file.error(format!(
                "document {}: not complete OTLP JSON (truncated or malformed?): {e}",
                d + 1
            ))
        })?;
        let raw_spans = document
            .resource_spans
            .into_iter()
            .flat_map(|r| r.scope_spans)
            .flat_map(|s| s.spans);
        for span in raw_spans {
            let attrs = span
                .attributes
                .iter()
                .filter(|a| wanted(&a.key))
                .filter_map(|a| Some((a.key.to_string(), a.value.as_ref()?.text()?)))
                .collect();
            let micros =
                |t: Option<Int>| t.and_then(|n| i64::try_from(n.0 / 1000).ok()).unwrap_or(0);
            spans.push(Span {
                trace_id: span.trace_id.to_string(),
                span_id: span.span_id.to_string(),
                parent: span
                    .parent_span_id
                    .filter(|p| !p.is_empty())
                    .map(|p| p.to_string()),
                start: micros(span.start),
                end: micros(span.end),
                attrs,
            });
        }
    }
    Ok(rows(file, &spans, seen))
}

/// The span's value of `key`, or its nearest ancestor's.
fn inherited(
    spans: &[Span],
    by_id: &HashMap<&str, usize>,
    span: &Span,
    key: &str,
) -> Option<String> {
    let mut current = Some(span);
    let mut hops = 0;
    while let Some(s) = current {
        if let Some(v) = s.attr(key) {
            return Some(v.to_string());
        }
        hops += 1;
        current = s
            .parent
            .as_deref()
            .and_then(|p| by_id.get(p))
            .map(|i| &spans[*i])
            .filter(|_| hops < 64);
    }
    None
}

/// The provider name of `gen_ai.provider.name` (or the older `gen_ai.system`).
fn provider(span: &Span) -> &'static str {
    match span
        .attr("gen_ai.provider.name")
        .or_else(|| span.attr("gen_ai.system"))
        .unwrap_or("")
    {
        "openai" => "OpenAI",
        "anthropic" => "Anthropic",
        "aws.bedrock" => "AWS",
        "azure.ai.openai" | "azure.ai.inference" => "Microsoft",
        "gcp.vertex_ai" | "gcp.gen_ai" | "gcp.gemini" => "Google",
        _ => "Unknown",
    }
}

fn rows(file: &BillingFile, spans: &[Span], seen: &mut SeenResponses) -> arrow::array::RecordBatch {
    let by_id: HashMap<&str, usize> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.span_id.as_str(), i))
        .collect();
    // For each response id, the span that counts: the one with the TTL split, else the first.
    let mut chosen: HashMap<&str, usize> = HashMap::new();
    for (i, s) in spans.iter().enumerate().filter(|(_, s)| s.has_usage()) {
        if let Some(id) = s.attr("gen_ai.response.id") {
            let better = chosen
                .get(id)
                .is_none_or(|c| !spans[*c].has_ttl_split() && s.has_ttl_split());
            if better {
                chosen.insert(id, i);
            }
        }
    }
    let source_file = file.display_name();
    let mut builder = TokenRowsBuilder::new();
    for (i, span) in spans.iter().enumerate().filter(|(_, s)| s.has_usage()) {
        if let Some(id) = span.attr("gen_ai.response.id")
            && (chosen.get(id) != Some(&i) || seen.contains(id))
        {
            continue;
        }
        let n = |k: &str| span.tokens(k);
        let cache_read = n("gen_ai.usage.cache_read.input_tokens");
        let (write_5m, write_1h) = if span.has_ttl_split() {
            (
                n("anthropic.usage.cache_creation.ephemeral_5m_input_tokens"),
                n("anthropic.usage.cache_creation.ephemeral_1h_input_tokens"),
            )
        } else {
            let write = n("gen_ai.usage.cache_creation.input_tokens")
                .max(n("gen_ai.usage.cache_write.input_tokens"));
            (write, 0)
        };
        let reasoning = n("gen_ai.usage.reasoning.output_tokens");
        let input = (n("gen_ai.usage.input_tokens") - cache_read - write_5m - write_1h).max(0);
        let output = (n("gen_ai.usage.output_tokens") - reasoning).max(0);
        let base = TokenRow {
            source_system: "otel_span",
            provider: provider(span),
            period_start: span.start,
            period_end: span.end,
            api_key_id: None,
            user_id: inherited(spans, &by_id, span, "user.id")
                .or_else(|| inherited(spans, &by_id, span, "enduser.id")),
            session_id: inherited(spans, &by_id, span, "session.id")
                .or_else(|| span.attr("gen_ai.conversation.id").map(str::to_string)),
            trace_id: Some(span.trace_id.clone()),
            span_id: Some(span.span_id.clone()),
            request_id: span.attr("gen_ai.response.id").map(str::to_string),
            model_id: span
                .attr("gen_ai.response.model")
                .or_else(|| span.attr("gen_ai.request.model"))
                .map(str::to_string),
            service_tier: span
                .attrs
                .iter()
                .find(|(k, _)| k.ends_with(".response.service_tier"))
                .or_else(|| {
                    span.attrs
                        .iter()
                        .find(|(k, _)| k.ends_with(".service_tier"))
                })
                .map(|(_, v)| focusql_udfs::tokens::normalise_tier(Some(v))),
            request_count: Some(1),
            charge_description: Some("span".to_string()),
            source_file: source_file.clone(),
            ..Default::default()
        };
        if let Some(id) = &base.request_id {
            seen.insert(id.clone());
        }
        let parts = vec![
            (TokenType::Input, input),
            (TokenType::CacheRead, cache_read),
            (TokenType::CacheWrite5m, write_5m),
            (TokenType::CacheWrite1h, write_1h),
            (TokenType::Output, output),
            (TokenType::Reasoning, reasoning),
        ];
        for row in split(base, parts) {
            builder.push(&row);
        }
    }
    builder.finish()
}
