//! OTLP span files read at scan time: batches of bounded size, the span semantics across the
//! documents (lines) of a file, nothing read at load, parse errors at query time.

use std::fmt::Write as _;

use arrow::array::{Array, AsArray};
use arrow::datatypes::Decimal128Type;
use focusql::Config;
use focusql_catalogs::source::SourceSpec;
use futures::StreamExt;

use super::cli::{assert_query_fails, query_csv};
use super::data;

/// Calls in the generated file; each gives 3 rows (input, cache_read, output).
const CALLS: usize = 3000;
/// Calls per NDJSON line.
const PER_LINE: usize = 100;

/// A span as OTLP JSON.
fn span(id: &str, parent: Option<&str>, attrs: &[(&str, String)]) -> String {
    let attrs: Vec<String> = attrs
        .iter()
        .map(|(k, v)| match v.parse::<i64>() {
            Ok(n) => format!(r#"{{"key":"{k}","value":{{"intValue":"{n}"}}}}"#),
            Err(_) => format!(r#"{{"key":"{k}","value":{{"stringValue":"{v}"}}}}"#),
        })
        .collect();
    let parent = parent.map_or(String::new(), |p| format!(r#""parentSpanId":"{p}","#));
    format!(
        r#"{{"traceId":"{id:0>32}","spanId":"{id}",{parent}"startTimeUnixNano":"1790000000000000000","endTimeUnixNano":"1790000001000000000","attributes":[{}]}}"#,
        attrs.join(",")
    )
}

/// One `ExportTraceServiceRequest` line.
fn document(spans: &[String]) -> String {
    format!(
        r#"{{"resourceSpans":[{{"scopeSpans":[{{"spans":[{}]}}]}}]}}"#,
        spans.join(",")
    )
}

/// The LLM span of call `t`: input 1000 + t (100 of them cache reads), output 50 + t % 10.
fn llm_span(t: usize) -> String {
    span(
        &format!("{:016x}", 2 * t + 2),
        Some(&format!("{:016x}", 2 * t + 1)),
        &[
            ("gen_ai.provider.name", "openai".into()),
            ("gen_ai.response.model", "gpt-4.1-mini-2025-04-14".into()),
            ("gen_ai.response.id", format!("chatcmpl-{t}")),
            ("gen_ai.usage.input_tokens", (1000 + t).to_string()),
            ("gen_ai.usage.cache_read.input_tokens", "100".into()),
            ("gen_ai.usage.output_tokens", (50 + t % 10).to_string()),
        ],
    )
}

/// The app's root span of call `t`, carrying the user.
fn root_span(t: usize) -> String {
    span(
        &format!("{:016x}", 2 * t + 1),
        None,
        &[("user.id", format!("u-{}", t % 7))],
    )
}

/// One Anthropic call with twin spans: a plain one (a 300-token write, taken as 5m) on the
/// first line and the SDK's span with the TTL split (300 1h writes) on the last.
fn twin_span(id: &str, ttl: bool) -> String {
    let mut attrs = vec![
        ("gen_ai.provider.name", "anthropic".to_string()),
        ("gen_ai.response.model", "claude-sonnet-4-6".into()),
        ("gen_ai.response.id", "msg_twin".into()),
        ("gen_ai.usage.input_tokens", "400".into()),
        ("gen_ai.usage.cache_creation.input_tokens", "300".into()),
        ("gen_ai.usage.output_tokens", "20".into()),
    ];
    if ttl {
        attrs.push((
            "anthropic.usage.cache_creation.ephemeral_1h_input_tokens",
            "300".into(),
        ));
        attrs.push((
            "anthropic.usage.cache_creation.ephemeral_5m_input_tokens",
            "0".into(),
        ));
    }
    span(id, None, &attrs)
}

/// A Collector-style NDJSON file: each line holds the LLM spans of its calls and the root
/// spans of the previous line's calls (children are exported before their parents).
fn span_file() -> String {
    let mut out = String::new();
    let lines = CALLS / PER_LINE;
    for line in 0..=lines {
        let mut spans: Vec<String> = Vec::new();
        if line < lines {
            spans.extend((line * PER_LINE..(line + 1) * PER_LINE).map(llm_span));
        }
        if line > 0 {
            spans.extend(((line - 1) * PER_LINE..line * PER_LINE).map(root_span));
        }
        if line == 0 {
            spans.push(twin_span("aaaaaaaaaaaaaaa1", false));
        }
        if line == lines {
            spans.push(twin_span("aaaaaaaaaaaaaaa2", true));
        }
        writeln!(out, "{}", document(&spans)).unwrap();
    }
    out
}

/// A session over one span source at `dir`.
async fn session(dir: &std::path::Path) -> focusql::FocusSession {
    let config = Config {
        sources: vec![SourceSpec {
            name: "sp".into(),
            format: None,
            location: dir.to_string_lossy().into_owned(),
        }],
        ..Config::default()
    };
    focusql::build(&config).await.unwrap()
}

/// Sum of a Decimal128 column, in whole units (quantity has scale 10).
fn whole(array: &dyn Array) -> i128 {
    array.as_primitive::<Decimal128Type>().value(0) / 10_i128.pow(10)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_span_scan_yields_bounded_batches_with_file_wide_semantics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spans.ndjson"), span_file()).unwrap();
    let session = session(dir.path()).await;

    // 3000 calls × 3 rows + the twin call's input, cache write and output rows, streamed.
    let frame = session
        .ctx
        .sql("SELECT span_id, quantity FROM token_usage")
        .await
        .unwrap();
    let mut stream = frame.execute_stream().await.unwrap();
    let (mut batches, mut rows) = (0, 0);
    while let Some(batch) = stream.next().await {
        let batch = batch.unwrap();
        assert!(batch.num_rows() <= 8192, "{} rows", batch.num_rows());
        assert_eq!(batch.num_columns(), 2);
        batches += usize::from(batch.num_rows() > 0);
        rows += batch.num_rows();
    }
    assert_eq!(rows, 3 * CALLS + 3);
    assert!(batches >= 2, "{batches} batch(es)");

    // Users come from root spans on the next line; every call has one.
    let batches = session
        .ctx
        .sql(
            "SELECT count(*) FILTER (WHERE user_id IS NULL AND request_id <> 'msg_twin'), \
                    sum(quantity) FILTER (WHERE user_id = 'u-3' AND token_type = 'input'), \
                    sum(quantity) FILTER (WHERE token_type = 'output' AND request_id <> 'msg_twin') \
             FROM token_usage",
        )
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let batch = &batches[0];
    assert_eq!(
        batch
            .column(0)
            .as_primitive::<arrow::datatypes::Int64Type>()
            .value(0),
        0
    );
    // Uncached input of the u-3 calls (t % 7 == 3): 1000 + t − 100 each.
    let u3: i128 = (0..CALLS)
        .filter(|t| t % 7 == 3)
        .map(|t| 900 + t as i128)
        .sum();
    assert_eq!(whole(batch.column(1)), u3);
    let output: i128 = (0..CALLS).map(|t| 50 + (t % 10) as i128).sum();
    assert_eq!(whole(batch.column(2)), output);

    // The twin call counts once, from the span with the TTL split (last line): 1h writes.
    let out = session
        .ctx
        .sql(
            "SELECT token_type, CAST(quantity AS BIGINT) AS q, span_id FROM token_usage \
             WHERE request_id = 'msg_twin' ORDER BY token_type",
        )
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let text = arrow::util::pretty::pretty_format_batches(&out)
        .unwrap()
        .to_string();
    for (token_type, quantity) in [("cache_write_1h", 300), ("input", 100), ("output", 20)] {
        assert!(
            text.lines().any(|l| l.contains(&format!("| {token_type} "))
                && l.contains(&format!("| {quantity} "))
                && l.contains("aaaaaaaaaaaaaaa2")),
            "{token_type} {quantity}: {text}"
        );
    }
    assert_eq!(text.lines().count(), 3 + 4, "{text}");
}

#[test]
fn a_span_file_is_not_read_until_a_query_scans_it() {
    // The truncated file loads (only its start is looked at), and `costs` never scans spans.
    let source = format!("sp={}", data("ai/truncated-spans"));
    let out = query_csv(&[&source], "SELECT count(*) AS n FROM costs");
    assert_eq!(out, "n\n0\n");
    assert_query_fails(
        &[&source],
        "SELECT count(*) FROM token_usage",
        &["ai/truncated-spans/spans.json: document 1: not complete OTLP JSON"],
    );
}

#[test]
fn a_bad_ndjson_line_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = document(&[llm_span(0), root_span(0)]);
    let bad = &good[..good.len() - 10];
    let path = dir.path().join("spans.ndjson");
    std::fs::write(&path, format!("{good}\n\n{good}\n{bad}\n")).unwrap();
    assert_query_fails(
        &[&format!("sp={}", dir.path().display())],
        "SELECT count(*) FROM token_usage",
        &[
            "spans.ndjson: line 4 (document 3), column",
            "not complete OTLP JSON (truncated or malformed?): EOF while parsing",
        ],
    );
}

#[test]
fn a_gzipped_span_file_is_recognised_from_its_start_and_streamed() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("spans.ndjson.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    gz.write_all(span_file().as_bytes()).unwrap();
    gz.finish().unwrap();
    // Larger than the 64 KiB looked at when the source loads.
    assert!(
        std::fs::metadata(dir.path().join("spans.ndjson.gz"))
            .unwrap()
            .len()
            > 64 * 1024
    );
    let out = query_csv(
        &[&format!("sp={}", dir.path().display())],
        "SELECT count(*) AS n, count(DISTINCT user_id) AS users FROM token_usage",
    );
    assert_eq!(out, format!("n,users\n{},7\n", 3 * CALLS + 3));
}
