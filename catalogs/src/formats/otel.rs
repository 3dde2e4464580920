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
//!   `gen_ai.response.id`: the call is counted once, from the span with the TTL split when
//!   there is one (else the first) among the twins in one file; across the files of a scan the
//!   first file that has the call counts it;
//! - `user.id` and `session.id` missing on a span are inherited from its nearest ancestor in
//!   the same file (any document of it).
//!
//! Files are read when a query scans them ([`SpanRows`]), never whole: each file is streamed
//! twice, one document at a time — a first pass indexes every span's parent and inheritable
//! attributes and picks the twin that counts, a second pass writes the rows (a file of a single
//! document is parsed once). NDJSON is read line by line; a file that is one pretty-printed
//! document is parsed as a stream of tokens. Memory holds one read range of the file
//! ([`crate::files::READ_CHUNK_BYTES`]), one document (one line), one batch of at most
//! [`BATCH_ROWS`] rows, the index of the current file (span ids, parent ids and user/session
//! ids: about 150 bytes a span) and the response ids counted so far in the scan.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};

use arrow::array::RecordBatch;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::error::Result;
use crate::files::BillingFile;
use crate::formats::openai::split;
use crate::tokens::{TokenRow, TokenRowsBuilder, TokenType};

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

/// The spans of one document, with only the attributes [`wanted`] keeps.
fn spans_of(document: TracesDocument) -> Vec<Span> {
    let micros = |t: Option<Int>| t.and_then(|n| i64::try_from(n.0 / 1000).ok()).unwrap_or(0);
    document
        .resource_spans
        .into_iter()
        .flat_map(|r| r.scope_spans)
        .flat_map(|s| s.spans)
        .map(|span| Span {
            attrs: span
                .attributes
                .iter()
                .filter(|a| wanted(&a.key))
                .filter_map(|a| Some((a.key.to_string(), a.value.as_ref()?.text()?)))
                .collect(),
            trace_id: span.trace_id.into_owned(),
            span_id: span.span_id.into_owned(),
            parent: span
                .parent_span_id
                .filter(|p| !p.is_empty())
                .map(Cow::into_owned),
            start: micros(span.start),
            end: micros(span.end),
        })
        .collect()
}

/// The documents of an OTLP JSON file parsed one at a time, so only the current document is
/// in memory: line by line when the file is NDJSON (its first line is a whole document), else
/// as one stream of documents from `reader`.
fn documents<'f, R: Read + 'f>(
    file: &'f BillingFile,
    reader: R,
) -> Result<Box<dyn Iterator<Item = Result<Vec<Span>>> + 'f>> {
    let mut reader = BufReader::new(reader);
    let (mut line, mut number) = (Vec::new(), 0);
    let read_error = move |number: usize, e: std::io::Error| {
        file.error(format!("line {number}: cannot read: {e}"))
    };
    next_line(&mut reader, &mut line, &mut number).map_err(|e| read_error(number, e))?;
    let Ok(first) = serde_json::from_slice::<TracesDocument>(&line) else {
        let all = std::io::Cursor::new(line).chain(reader);
        return Ok(Box::new(
            serde_json::Deserializer::from_reader(all)
                .into_iter::<TracesDocument>()
                .enumerate()
                .map(move |(d, document)| {
                    document
                        .map(spans_of)
                        .map_err(|e| file.error(format!("document {}: {}: {e}", d + 1, NOT_OTLP)))
                }),
        ));
    };
    let first = spans_of(first);
    let mut document = 1;
    let rest = std::iter::from_fn(
        move || match next_line(&mut reader, &mut line, &mut number) {
            Err(e) => Some(Err(read_error(number, e))),
            Ok(false) => None,
            Ok(true) => {
                document += 1;
                Some(
                    serde_json::from_slice::<TracesDocument>(&line)
                        .map(spans_of)
                        .map_err(|e| {
                            let position = format!(" at line {} column {}", e.line(), e.column());
                            let text = e.to_string();
                            file.error(format!(
                                "line {number} (document {document}), column {}: {}: {}",
                                e.column(),
                                NOT_OTLP,
                                text.strip_suffix(&position).unwrap_or(&text)
                            ))
                        }),
                )
            }
        },
    );
    Ok(Box::new(std::iter::once(Ok(first)).chain(rest)))
}

/// What a span file's parse error says.
const NOT_OTLP: &str = "not complete OTLP JSON (truncated or malformed?)";

/// Read the next line that is not blank into `line`, counting lines in `number`; false at the
/// end of the file.
fn next_line(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    number: &mut usize,
) -> std::io::Result<bool> {
    loop {
        line.clear();
        *number += 1;
        if reader.read_until(b'\n', line)? == 0 {
            return Ok(false);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            return Ok(true);
        }
    }
}

/// What a span passes down to its descendants.
#[derive(Debug)]
struct Node {
    parent: Option<Box<str>>,
    user: Option<Box<str>>,
    enduser: Option<Box<str>>,
    session: Option<Box<str>>,
}

impl Node {
    fn of(span: &Span) -> Node {
        let text = |key: &str| span.attr(key).map(Box::from);
        Node {
            parent: span.parent.as_deref().map(Box::from),
            user: text("user.id"),
            enduser: text("enduser.id"),
            session: text("session.id"),
        }
    }
}

/// What the first pass over one file learns: every span's parent and the attributes its
/// descendants inherit, and for each response id the usage span that counts (the one with the
/// TTL split, else the first). Ids and a few short attributes per span, not the spans.
#[derive(Debug, Default)]
struct FileIndex {
    nodes: HashMap<Box<str>, Node>,
    /// Response id → (ordinal of the span in the file, whether it has the TTL split).
    chosen: HashMap<Box<str>, (usize, bool)>,
    spans: usize,
}

impl FileIndex {
    /// Index the spans of the file's next document.
    fn add(&mut self, spans: &[Span]) {
        for span in spans {
            let ordinal = self.spans;
            self.spans += 1;
            self.nodes
                .insert(span.span_id.as_str().into(), Node::of(span));
            if let Some(id) = span.attr("gen_ai.response.id").filter(|_| span.has_usage()) {
                let ttl = span.has_ttl_split();
                let chosen = self.chosen.entry(id.into()).or_insert((ordinal, ttl));
                if !chosen.1 && ttl {
                    *chosen = (ordinal, ttl);
                }
            }
        }
    }

    /// True when the span at `ordinal` is the one that counts for its response id.
    fn counts(&self, response_id: &str, ordinal: usize) -> bool {
        self.chosen.get(response_id).map(|c| c.0) == Some(ordinal)
    }

    /// The value `pick` takes on a span (its own `node`), or else on its nearest ancestor that
    /// has one.
    fn inherited(&self, node: &Node, pick: fn(&Node) -> &Option<Box<str>>) -> Option<String> {
        let mut current = Some(node);
        let mut hops = 0;
        while let Some(node) = current {
            if let Some(v) = pick(node) {
                return Some(v.to_string());
            }
            hops += 1;
            current = node
                .parent
                .as_deref()
                .and_then(|p| self.nodes.get(p))
                .filter(|_| hops < 64);
        }
        None
    }
}

/// Rows per `token_usage` batch a span scan yields (at most).
pub const BATCH_ROWS: usize = 8192;

/// The `token_usage` rows of a scan over span files, built in batches of at most
/// [`BATCH_ROWS`] rows. It remembers the response ids counted so far in the scan, so a call is
/// counted once even when its twin spans are in different files.
#[derive(Debug, Default)]
pub struct SpanRows {
    seen: HashSet<String>,
    builder: TokenRowsBuilder,
    pending: usize,
}

impl SpanRows {
    /// Read one span file in two streaming passes (index, then rows), handing each full batch
    /// to `emit`; `open` opens the file's (decompressed) bytes. Returns false when `emit` asked
    /// to stop. A file of one document is parsed once.
    pub fn read_file<R: Read>(
        &mut self,
        file: &BillingFile,
        open: impl Fn() -> R,
        emit: &mut dyn FnMut(RecordBatch) -> bool,
    ) -> Result<bool> {
        let mut index = FileIndex::default();
        let (mut count, mut last) = (0, Vec::new());
        for spans in documents(file, open())? {
            last = spans?;
            index.add(&last);
            count += 1;
        }
        let source_file = file.display_name();
        let mut ordinal = 0;
        if count == 1 {
            return Ok(self.document(&source_file, &index, &last, &mut ordinal, emit));
        }
        drop(last);
        for spans in documents(file, open())? {
            if !self.document(&source_file, &index, &spans?, &mut ordinal, emit) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The rows not handed out yet (less than a full batch), if any.
    pub fn finish(&mut self) -> Option<RecordBatch> {
        (self.pending > 0).then(|| {
            self.pending = 0;
            self.builder.finish()
        })
    }

    /// Add the rows of one document's spans; false when `emit` asked to stop.
    fn document(
        &mut self,
        source_file: &str,
        index: &FileIndex,
        spans: &[Span],
        ordinal: &mut usize,
        emit: &mut dyn FnMut(RecordBatch) -> bool,
    ) -> bool {
        for span in spans {
            let this = *ordinal;
            *ordinal += 1;
            if !span.has_usage() {
                continue;
            }
            if let Some(id) = span.attr("gen_ai.response.id")
                && (!index.counts(id, this) || !self.seen.insert(id.to_string()))
            {
                continue;
            }
            for row in rows(source_file, index, span) {
                self.builder.push(&row);
                self.pending += 1;
                if self.pending == BATCH_ROWS {
                    self.pending = 0;
                    if !emit(self.builder.finish()) {
                        return false;
                    }
                }
            }
        }
        true
    }
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

/// The `token_usage` rows of one usage span, one per token type it has.
fn rows(source_file: &str, index: &FileIndex, span: &Span) -> Vec<TokenRow> {
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
    let node = Node::of(span);
    let base = TokenRow {
        source_system: "otel_span",
        provider: provider(span),
        period_start: span.start,
        period_end: span.end,
        api_key_id: None,
        user_id: index
            .inherited(&node, |n| &n.user)
            .or_else(|| index.inherited(&node, |n| &n.enduser)),
        session_id: index
            .inherited(&node, |n| &n.session)
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
        request_input_tokens: Some(input + cache_read + write_5m + write_1h),
        charge_description: Some("span".to_string()),
        source_file: source_file.to_string(),
        ..Default::default()
    };
    let parts = vec![
        (TokenType::Input, input),
        (TokenType::CacheRead, cache_read),
        (TokenType::CacheWrite5m, write_5m),
        (TokenType::CacheWrite1h, write_1h),
        (TokenType::Output, output),
        (TokenType::Reasoning, reasoning),
    ];
    split(base, parts)
}
