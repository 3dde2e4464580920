//! AI token billing through the binary: API pages recognised by `sources`, bad pages.

use super::cli::{assert_export_validates, assert_query_fails, focusql, query_csv, stderr, stdout};
use super::data;

#[test]
fn sources_recognises_openai_and_anthropic_pages() {
    let o = focusql(&[
        "--source",
        &format!("oa={}", data("ai/openai")),
        "--source",
        &format!("an={}", data("ai/anthropic")),
        "sources",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let cells = |name: &str| -> Vec<String> {
        out.lines()
            .find(|l| {
                l.trim_start_matches('│')
                    .trim()
                    .starts_with(&format!("{name} "))
            })
            .map(|l| {
                l.trim_matches(|c| c == '│' || c == ' ')
                    .split('┆')
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    // name, format, focus_version, files, rows (cost lines in costs), periods, currencies,
    // token_rows (8 + 2 usage rows + 2 cost rows; 6 + 7 usage rows + 4 cost rows)
    assert_eq!(
        cells("oa"),
        ["oa", "openai", "", "3", "2", "2025-08", "USD", "12"],
        "{out}"
    );
    assert_eq!(
        cells("an"),
        ["an", "anthropic", "", "3", "4", "2026-08", "USD", "17"],
        "{out}"
    );
}

#[test]
fn a_truncated_page_is_an_error_naming_the_file() {
    assert_query_fails(
        &[&format!("oa={}", data("ai/truncated"))],
        "SELECT count(*) FROM token_usage",
        &[
            "ai/truncated/usage-completions.json: is not a complete JSON page (truncated or malformed?)",
        ],
    );
}

#[test]
fn usage_pages_of_two_bucket_widths_are_an_error_not_a_double_count() {
    assert_query_fails(
        &[&format!("oa={}", data("ai/mixed-widths"))],
        "SELECT sum(quantity) FROM token_usage",
        &[
            "ai/mixed-widths/usage-1h.json: bucket 1 (2025-01-11T00:00:00Z to 2025-01-11T01:00:00Z) overlaps the bucket 2025-01-11T00:00:00Z to 2025-01-12T00:00:00Z of",
            "usage-1d.json with other bounds",
        ],
    );
}

/// Run a saved report over the reconcile pages and the span files, as CSV.
fn report_csv(report: &str) -> String {
    let queries = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let o = focusql(&[
        "--source",
        &format!("oa={}", data("ai/reconcile")),
        "--source",
        &format!("sp={}", data("ai/otel")),
        "run",
        "--format",
        "csv",
        &queries.join(report).to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

// Expected values priced by hand from catalogs/data/token_prices.csv (USD per 1M tokens).

#[test]
fn report_prompt_caching_savings() {
    let out = report_csv("ai_prompt_caching_savings.sql");
    // gpt-4o: 8000 cache reads at 1.25 = 0.01; as uncached input at 2.50 = 0.02.
    assert!(
        out.contains(
            "OpenAI,gpt-4o-2024-08-06,USD,8000.0000000000,0.0100000000,0.0200000000,,0.0100000000"
        ),
        "{out}"
    );
    // haiku (standard): 8847 reads at 0.10, 1106 5m-writes at 1.25, uncached input at 1.00:
    // saving = (8847 + 1106) × 1.00 − 8847 × 0.10 − 1106 × 1.25 = 0.0076858.
    assert!(
        out.contains("Anthropic,claude-haiku-4-5-20251001,USD,8847.0000000000,0.0008847000,0.0099530000,0.0013825000,0.0076858000"),
        "{out}"
    );
}

#[test]
fn report_cost_per_user_and_request() {
    let out = report_csv("ai_cost_per_user_and_request.sql");
    // o3: 975 input at 2.00 + 2290 output at 8.00 = 0.02027, the most expensive request.
    let first = out.lines().nth(1).unwrap_or_default();
    assert_eq!(
        first,
        "u-2001,,sess_76b8add43e77,chatcmpl-nObRaBdaOvThJ2tQCPgchOVKI3LYc,OpenAI,o3-2025-04-16,USD,975.0000000000,2290.0000000000,0.0202700000,0"
    );
}

#[test]
fn report_ai_cost_by_model_and_token_type() {
    let out = report_csv("ai_cost_by_model_and_token_type.sql");
    // 2025-01-11 + 2025-01-12 gpt-4o output: 20500 tokens at 10.00 = 0.205; billed 0.13.
    assert!(
        out.contains(
            "OpenAI,gpt-4o-2024-08-06,output,USD,20500.0000000000,0.2050000000,0.1300000000,0"
        ),
        "{out}"
    );
}

#[test]
fn report_span_cost_reconciliation() {
    let out = report_csv("ai_span_cost_reconciliation.sql");
    // gpt-4o-mini span: 176 × 0.15 + 1024 × 0.075 + 300 × 0.60 per 1M = 0.0002832, no bill.
    assert!(
        out.contains("OpenAI,gpt-4o-mini-2024-07-18,2026-10-02T00:00:00Z,USD,0.0002832000,,-0.0002832000,0,usage only"),
        "{out}"
    );
    // The Bedrock span, at LiteLLM's `us.anthropic.claude-sonnet-4-5-20250929-v1:0` prices
    // (3.30 input, 0.33 cache read, 4.125 cache write, 16.50 output per 1M): 9000 input of
    // which 6000 cache reads and 2000 cache writes, 800 output → 1000 × 3.30 + 6000 × 0.33 +
    // 2000 × 4.125 + 800 × 16.50 per 1M = 0.02673, no bill.
    assert!(
        out.contains("AWS,us.anthropic.claude-sonnet-4-5-20250929-v1:0,2026-10-02T00:00:00Z,USD,0.0267300000,,-0.0267300000,0,usage only"),
        "{out}"
    );
    // A model with no catalog price is reported as unpriced, never as 0.
    assert!(
        out.lines()
            .any(|l| l.starts_with("Anthropic,claude-opus-4-1-20250805,")
                && l.ends_with(",,,,,3,unpriced usage")),
        "{out}"
    );
}

#[test]
fn a_missing_price_warns_naming_the_model() {
    // The shared helper silences logs (RUST_LOG=off); this test needs the default level.
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_focusql"))
        .args([
            "query",
            "SELECT token_cost('my-private-model', 'input', 10, TIMESTAMP '2026-01-01T00:00:00Z') AS c",
        ])
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("NULL"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("token_cost: no price for my-private-model input (standard)"),
        "{}",
        stderr(&o)
    );
}

/// Benchmark (ignored by default; run with
/// `cargo test --workspace bench_price_span_rows -- --ignored --nocapture`):
/// price `FOCUSQL_BENCH_ROWS` (default 10M) generated span token rows by token type with
/// `token_cost` and print rows/s. Generation is not timed.
#[test]
#[ignore]
fn bench_price_span_rows() {
    use std::sync::Arc;
    use std::time::Instant;

    use arrow::array::{Decimal128Array, RecordBatch, StringArray, TimestampMicrosecondArray};
    use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
    use datafusion::datasource::MemTable;

    const MODELS: [&str; 6] = [
        "gpt-4.1-mini-2025-04-14",
        "o3-2025-04-16",
        "gpt-4o-2024-08-06",
        "claude-haiku-4-5-20251001",
        "claude-sonnet-4-6",
        "gpt-4o-mini-2024-07-18",
    ];
    const TYPES: [&str; 6] = [
        "input",
        "cache_read",
        "cache_write_5m",
        "output",
        "reasoning",
        "input",
    ];
    const TIERS: [&str; 4] = ["standard", "standard", "batch", "priority"];
    let rows: usize = std::env::var("FOCUSQL_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let schema = Arc::new(Schema::new(vec![
        Field::new("model_id", DataType::Utf8, false),
        Field::new("token_type", DataType::Utf8, false),
        Field::new("service_tier", DataType::Utf8, false),
        Field::new("quantity", DataType::Decimal128(38, 10), false),
        Field::new(
            "period_start",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            false,
        ),
    ]));
    let batch_rows = 65_536;
    let mut batches = Vec::new();
    let mut state: u64 = 0x5EED;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut done = 0;
    while done < rows {
        let n = batch_rows.min(rows - done);
        let picks: Vec<u64> = (0..n).map(|_| next()).collect();
        let columns: Vec<arrow::array::ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(
                picks.iter().map(|r| MODELS[(*r % 6) as usize]),
            )),
            Arc::new(StringArray::from_iter_values(
                picks.iter().map(|r| TYPES[((*r >> 8) % 6) as usize]),
            )),
            Arc::new(StringArray::from_iter_values(
                picks.iter().map(|r| TIERS[((*r >> 16) % 4) as usize]),
            )),
            Arc::new(
                picks
                    .iter()
                    .map(|r| Some(((*r >> 24) % 20_000) as i128 * 10_000_000_000))
                    .collect::<Decimal128Array>()
                    .with_precision_and_scale(38, 10)
                    .unwrap(),
            ),
            Arc::new(
                picks
                    .iter()
                    .map(|r| Some(1_790_000_000_000_000 + ((*r >> 40) % 86_400_000_000) as i64))
                    .collect::<TimestampMicrosecondArray>()
                    .with_timezone("UTC"),
            ),
        ];
        batches.push(RecordBatch::try_new(Arc::clone(&schema), columns).unwrap());
        done += n;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let session = focusql::build(&focusql::Config::default()).await.unwrap();
        let partitions: Vec<Vec<RecordBatch>> = batches
            .chunks(batches.len().div_ceil(2).max(1))
            .map(|c| c.to_vec())
            .collect();
        let table = MemTable::try_new(Arc::clone(&schema), partitions).unwrap();
        session.ctx.register_table("spans", Arc::new(table)).unwrap();
        let sql = "SELECT token_type, count(*) AS n, count(c) AS priced, sum(c) AS cost FROM \
                   (SELECT token_type, token_cost(model_id, token_type, quantity, period_start, service_tier) AS c FROM spans) \
                   GROUP BY token_type ORDER BY token_type";
        let start = Instant::now();
        let frame = session.ctx.sql(sql).await.unwrap();
        let result = frame.collect().await.unwrap();
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{}",
            arrow::util::pretty::pretty_format_batches(&result).unwrap()
        );
        println!(
            "priced {rows} span token rows in {seconds:.2} s: {:.0} rows/s",
            rows as f64 / seconds
        );
    });
}

#[test]
fn an_export_of_an_ai_source_keeps_its_token_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = focusql(&[
        "--source",
        &format!("an={}", data("ai/anthropic")),
        "export",
        "an",
        "--to",
        &out.to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = query_csv(
        &[&format!("e={}", out.display())],
        "SELECT ConsumedUnit, PricingUnit, json_extract_string(SkuPriceDetails, '$.x_CacheTtl') AS ttl, BilledCost FROM e WHERE json_extract_string(SkuPriceDetails, '$.TokenCacheAction') = 'Write'",
    );
    // The 5m cache write line of the cost report: 125.00 cents.
    assert_eq!(
        out,
        "ConsumedUnit,PricingUnit,ttl,BilledCost\nTokens,1M Tokens,5m,1.2500000000\n"
    );
}

#[test]
fn a_token_count_that_is_not_a_number_names_file_bucket_and_result() {
    assert_query_fails(
        &[&format!("oa={}", data("ai/bad-count"))],
        "SELECT count(*) FROM token_usage",
        &[
            "ai/bad-count/usage-completions.json: bucket 2, result 1: input_tokens is not a whole count: \"lots\"",
        ],
    );
}

#[test]
fn a_truncated_span_file_is_an_error_naming_the_file() {
    assert_query_fails(
        &[&format!("sp={}", data("ai/truncated-spans"))],
        "SELECT count(*) FROM token_usage",
        &[
            "ai/truncated-spans/spans.json: document 1: not complete OTLP JSON (truncated or malformed?)",
        ],
    );
}

#[test]
fn contracted_prices_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("focusql.toml"),
        "[session]\nprices = \"rates.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("rates.csv"),
        "provider,model,token_type,service_tier,price,unit_block,currency\nAcme,my-private-model,input,,0.5,1K,EUR\n",
    )
    .unwrap();
    let o = super::cli::focusql_in(
        dir.path(),
        &[
            "query",
            "--format",
            "csv",
            "SELECT token_cost('my-private-model', 'input', 3000, now()) AS c, token_price_currency('my-private-model', 'input', now()) AS cur, count(*) AS n FROM prices WHERE is_override",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // 3000 tokens at 0.5 per 1K tokens.
    assert_eq!(stdout(&o), "c,cur,n\n1.5000000000,EUR,1\n");
}

/// A query over the three cloud bill fixtures with AI lines, as CSV.
fn cloud_query(sql: &str) -> String {
    let aws = format!("aws={}", data("aws/bedrock"));
    let azure = format!("azure={}", data("azure/ai"));
    let gcp = format!("gcp={}", data("gcp/vertex"));
    query_csv(&[&aws, &azure, &gcp], sql)
}

#[test]
fn cloud_bill_token_lines_reach_token_usage() {
    // Expected: tests/golden/cloud_tokens_totals.py over the raw fixtures (csv, json, decimal).
    let out = cloud_query(
        "SELECT source_system, token_type, CAST(CAST(sum(quantity) AS BIGINT) AS VARCHAR) AS tokens, \
         CAST(sum(billed_cost) AS VARCHAR) AS cost FROM token_usage GROUP BY 1, 2 ORDER BY 1, 2",
    );
    assert_eq!(
        out,
        "source_system,token_type,tokens,cost\n\
         aws_cur,cache_read,12000000,3.6000000000\n\
         aws_cur,cache_write_5m,300000,1.1250000000\n\
         aws_cur,input,5970000,5.6610000000\n\
         aws_cur,output,330000,2.4720000000\n\
         azure_cost_details,cache_read,18000000,3.1000000000\n\
         azure_cost_details,input,123200000,18.5000000000\n\
         azure_cost_details,output,5400000,9.0000000000\n\
         gcp_billing_export,input,2500000,0.6000000000\n\
         gcp_billing_export,output,200000,0.5000000000\n\
         gcp_billing_export,reasoning,500000,1.2500000000\n"
    );
}

#[test]
fn cloud_bill_token_rows_carry_the_token_columns() {
    // One row per bill: a Bedrock cache write, an Azure batch input meter, a Vertex thinking SKU;
    // and rows that are not tokens (Azure PTU hours, Vertex cache storage) keep their units.
    let out = cloud_query(
        "SELECT x_UsageType, ConsumedUnit, CAST(ConsumedQuantity AS VARCHAR) AS q, x_TokenType, \
         x_TokenDirection, x_TokenCacheAction, x_CacheTtl, x_ServiceTier, x_RegionScope, \
         SkuPriceDetails FROM costs WHERE x_UsageType = 'USE1-Claude4.6Sonnet-cache-write-input-token-count' \
         OR ChargeDescription IN ('Gemini 2.5 Flash Thinking Text Output - Predictions', \
         'Gemini 2.5 Flash Input Text Caching Storage') \
         OR SkuMeter IN ('gpt-4o-mini-0718-Batch-Inp-glbl Tokens', 'Provisioned Managed Global Unit') \
         ORDER BY ConsumedUnit, q",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines.contains(&"USE1-Claude4.6Sonnet-cache-write-input-token-count,Tokens,300000.0000000000,cache_write_5m,Input,Write,5m,,,\"{\"\"x_TokenSource\"\":\"\"aws_cur\"\",\"\"ModelId\"\":\"\"anthropic.claude-sonnet-4-6\"\",\"\"x_BilledModel\"\":\"\"Claude4.6Sonnet\"\",\"\"TokenDirection\"\":\"\"Input\"\",\"\"TokenCacheAction\"\":\"\"Write\"\",\"\"x_CacheTtl\"\":\"\"5m\"\",\"\"x_Modality\"\":\"\"text\"\"}\""),
        "{out}"
    );
    assert!(
        lines.contains(&",Tokens,100000000.0000000000,input,Input,Uncached,,batch,global,\"{\"\"x_TokenSource\"\":\"\"azure_cost_details\"\",\"\"ModelId\"\":\"\"azure/gpt-4o-mini-2024-07-18\"\",\"\"x_BilledModel\"\":\"\"gpt-4o-mini-0718\"\",\"\"TokenDirection\"\":\"\"Input\"\",\"\"TokenCacheAction\"\":\"\"Uncached\"\",\"\"x_Modality\"\":\"\"text\"\",\"\"x_ServiceTier\"\":\"\"batch\"\",\"\"x_RegionScope\"\":\"\"global\"\"}\""),
        "{out}"
    );
    assert!(
        lines.contains(&",Tokens,500000.0000000000,reasoning,Output,,,,,\"{\"\"x_TokenSource\"\":\"\"gcp_billing_export\"\",\"\"ModelId\"\":\"\"gemini-2.5-flash\"\",\"\"x_BilledModel\"\":\"\"Gemini 2.5 Flash\"\",\"\"TokenDirection\"\":\"\"Output\"\",\"\"x_Modality\"\":\"\"text\"\",\"\"x_Phase\"\":\"\"reasoning\"\"}\""),
        "{out}"
    );
    assert!(lines.contains(&",1/Hour,24.0000000000,,,,,,,"), "{out}");
    assert!(lines.iter().any(|l| l.starts_with(",count-hour,")), "{out}");
}

#[test]
fn cloud_bill_token_lines_are_priced() {
    // Expected: tests/golden/cloud_tokens_totals.py with LiteLLM 1.110.2's JSON, pricing each
    // line straight from it (the Marketplace lines as the model of their product name, Claude
    // Opus 4.6: 0.25M input × $5/M = 1.25, 2M cache read × $0.5/M = 1.00). Unpriced: Nova 2
    // Lite flex input (LiteLLM has no in-region flex price for it).
    let out = cloud_query(
        "SELECT source_system, token_type, CAST(sum(priced_cost) AS VARCHAR) AS priced, \
         count(*) - count(priced_cost) AS unpriced FROM token_costs GROUP BY 1, 2 ORDER BY 1, 2",
    );
    assert_eq!(
        out,
        "source_system,token_type,priced,unpriced\n\
         aws_cur,cache_read,3.6000000000,0\n\
         aws_cur,cache_write_5m,1.1250000000,0\n\
         aws_cur,input,5.2860000000,1\n\
         aws_cur,output,2.4720000000,0\n\
         azure_cost_details,cache_read,3.1000000000,0\n\
         azure_cost_details,input,18.5000000000,0\n\
         azure_cost_details,output,9.0000000000,0\n\
         gcp_billing_export,input,0.6000000000,0\n\
         gcp_billing_export,output,0.5000000000,0\n\
         gcp_billing_export,reasoning,1.2500000000,0\n"
    );
    // The billed name stays beside the catalog id.
    let out = cloud_query(
        "SELECT DISTINCT x_BilledModel, x_ModelId FROM costs WHERE x_BilledModel IS NOT NULL ORDER BY 1",
    );
    assert_eq!(
        out,
        "x_BilledModel,x_ModelId\n5.4,azure/gpt-5.4\nClaude Opus 4.6,anthropic.claude-opus-4-6-v1\n\
         Claude4.6Sonnet,anthropic.claude-sonnet-4-6\n\
         Gemini 2.5 Flash,gemini-2.5-flash\nNova2.0Lite,amazon.nova-2-lite-v1:0\n\
         NovaPro,amazon.nova-pro-v1:0\ngpt-4o-mini-0718,azure/gpt-4o-mini-2024-07-18\n\
         openai.gpt-oss-120b,openai.gpt-oss-120b-1:0\n"
    );
}

#[test]
fn cloud_bill_token_lines_reconcile() {
    // Billed per model (sums of the fixtures' cost lines) against the prices above: the priced
    // models match their bill to the cent; the unpriced ones are reported, never as 0.
    let out = cloud_query(
        "SELECT usage_source, provider, model_id, CAST(priced_cost AS VARCHAR) AS priced, \
         CAST(billed_cost AS VARCHAR) AS billed, CAST(difference AS VARCHAR) AS difference, \
         unpriced_rows, status FROM token_reconciliation WHERE status <> 'billed only' \
         ORDER BY provider, model_id",
    );
    assert_eq!(
        out,
        "usage_source,provider,model_id,priced,billed,difference,unpriced_rows,status\n\
         aws_cur,AWS,amazon.nova-2-lite-v1:0,,,,1,unpriced usage\n\
         aws_cur,AWS,amazon.nova-pro-v1:0,2.6880000000,2.6880000000,0.0000000000,0,priced and billed\n\
         aws_cur,AWS,anthropic.claude-opus-4-6-v1,2.2500000000,2.2500000000,0.0000000000,0,priced and billed\n\
         aws_cur,AWS,anthropic.claude-sonnet-4-6,7.4250000000,7.4250000000,0.0000000000,0,priced and billed\n\
         aws_cur,AWS,openai.gpt-oss-120b-1:0,0.1200000000,0.1200000000,0.0000000000,0,priced and billed\n\
         gcp_billing_export,Google Cloud,gemini-2.5-flash,2.3500000000,2.3500000000,0.0000000000,0,priced and billed\n\
         azure_cost_details,Microsoft,azure/gpt-4o-mini-2024-07-18,14.1000000000,14.1000000000,0.0000000000,0,priced and billed\n\
         azure_cost_details,Microsoft,azure/gpt-5.4,16.5000000000,16.5000000000,0.0000000000,0,priced and billed\n"
    );
}

#[test]
fn exports_of_usage_and_cost_pages_validate() {
    // Each fixture holds usage pages grouped as finely as its cost pages, so every cost line
    // gets its ConsumedQuantity and PricingQuantity (checked by hand in ai_sources.slt).
    for source in ["openai", "anthropic"] {
        for version in ["1.4", "1.0"] {
            assert_export_validates(&format!("ai={}", data(&format!("ai/{source}"))), version);
        }
    }
}

#[test]
fn daily_cost_lines_take_the_hourly_usage_that_covers_their_day() {
    // tests/data/ai/hourly-usage/README.md: 8 busy hours × 3,000 input / 1,500 output tokens.
    let quantities = |dir: &str| {
        query_csv(
            &[&format!("ai={}", data(dir))],
            "SELECT ChargeDescription, ConsumedQuantity, PricingQuantity FROM costs ORDER BY 1",
        )
    };
    assert_eq!(
        quantities("ai/hourly-usage/full"),
        "ChargeDescription,ConsumedQuantity,PricingQuantity\n\
         \"gpt-4o-2024-08-06, input\",24000.0000000000,0.0240000000\n\
         \"gpt-4o-2024-08-06, output\",12000.0000000000,0.0120000000\n"
    );
    assert_export_validates(&format!("ai={}", data("ai/hourly-usage/full")), "1.4");
    // Usage for half the day cannot say what the day's lines bill.
    assert_eq!(
        quantities("ai/hourly-usage/partial"),
        "ChargeDescription,ConsumedQuantity,PricingQuantity\n\
         \"gpt-4o-2024-08-06, input\",,\n\
         \"gpt-4o-2024-08-06, output\",,\n"
    );
}

#[test]
fn an_unmatched_cost_line_keeps_a_null_quantity_and_validate_says_so() {
    // The usage page is not grouped by project, so the proj_01 line cannot take its tokens;
    // no usage endpoint counts web searches.
    let source = format!("ai={}", data("ai/unmatched"));
    let out = query_csv(
        &[&source],
        "SELECT ChargeDescription, ConsumedQuantity, ConsumedUnit, PricingQuantity, PricingUnit, ListUnitPrice FROM ai ORDER BY 1",
    );
    assert_eq!(
        out,
        "ChargeDescription,ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,ListUnitPrice\n\
         Web search,,,,,\n\
         \"gpt-4o-2024-08-06, input\",,,,,\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = focusql(&["--source", &source, "export", "ai", "--to", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&focusql(&["validate", out]));
    let fails: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("FAIL"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(
        fails,
        [
            "UnitPrices-SetOnUsageAndPurchase",
            "PricingQuantity-SetOnUsageAndPurchase"
        ],
        "{report}"
    );
}
