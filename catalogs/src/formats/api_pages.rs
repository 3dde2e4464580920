//! AI provider API pages saved as JSON files (one response page per file): OpenAI organization
//! Usage and Costs API pages, Anthropic Admin API usage and cost report pages.
//!
//! A page is one JSON document (`{"data": [bucket, …], "has_more", "next_page"}`), not NDJSON,
//! and each bucket nests its results, so the pages are read with serde_json one file at a time
//! into `token_usage` record batches (see [`crate::tokens`]); the FOCUS form is then an
//! ordinary projection over those batches ([`super::ai`]). Pages are small (at most 31 daily or
//! 168 hourly buckets), so a page never needs more memory than its own rows.
//!
//! Fields focusql does not know are ignored. A bucket (same endpoint, start and end) that an
//! earlier file already gave is skipped, so overlapping saved pages are not counted twice.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;
use tracing::warn;

use crate::error::Result;
use crate::files::BillingFile;
use crate::formats::{Format, anthropic, openai};
use crate::tokens::{TokenRow, TokenRowsBuilder};

/// Which endpoint a page came from: decides how its results are read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// OpenAI `/organization/usage/<endpoint>`; the string is the endpoint (`completions`, …).
    OpenAiUsage(String),
    /// OpenAI `/organization/costs`.
    OpenAiCosts,
    /// Anthropic `/v1/organizations/usage_report/messages`.
    AnthropicUsage,
    /// Anthropic `/v1/organizations/cost_report`.
    AnthropicCost,
}

impl PageKind {
    /// The provider format of this page.
    pub fn format(&self) -> Format {
        match self {
            PageKind::OpenAiUsage(_) | PageKind::OpenAiCosts => Format::OpenAi,
            PageKind::AnthropicUsage | PageKind::AnthropicCost => Format::Anthropic,
        }
    }

    /// True for usage endpoints (not cost pages).
    pub fn is_usage(&self) -> bool {
        matches!(self, PageKind::OpenAiUsage(_) | PageKind::AnthropicUsage)
    }
}

/// One bucket of a page: its bounds (µs since the epoch, UTC, end exclusive) and results.
#[derive(Debug)]
pub struct Bucket<'a> {
    pub start: i64,
    pub end: i64,
    pub results: &'a [Value],
}

/// Where a row came from inside a page, for error messages.
#[derive(Debug, Clone, Copy)]
pub struct RowPlace<'a> {
    pub file: &'a BillingFile,
    pub bucket: usize,
    pub result: usize,
}

impl RowPlace<'_> {
    /// An error naming the file, bucket and result.
    pub fn error(&self, message: impl std::fmt::Display) -> crate::error::CatalogError {
        self.file.error(format!(
            "bucket {}, result {}: {message}",
            self.bucket + 1,
            self.result + 1
        ))
    }
}

/// Buckets already read, per endpoint: start → (end, the file that gave it). Buckets of one
/// endpoint never overlap: the same bounds again are skipped, other overlapping bounds (1h
/// pages beside 1d pages) are an error.
#[derive(Debug, Default)]
pub struct SeenBuckets(HashMap<PageKind, BTreeMap<i64, (i64, String)>>);

/// What an earlier file says about a bucket.
enum Earlier {
    /// No earlier bucket overlaps it.
    New,
    /// An earlier file gave the same bucket.
    Same,
}

impl SeenBuckets {
    /// The bounds of the usage buckets of `format` inside `[start, end)` (a cost line's
    /// bucket), when every usage endpoint with a bucket overlapping it covers it whole with
    /// buckets inside it (one daily bucket, or 24 hourly ones); None when an endpoint covers
    /// only part of it or has a bucket reaching past it (its usage cannot be told apart).
    pub fn usage_buckets_within(
        &self,
        format: Format,
        start: i64,
        end: i64,
    ) -> Option<Vec<(i64, i64)>> {
        let mut bounds = BTreeSet::new();
        for (kind, buckets) in &self.0 {
            if !kind.is_usage() || kind.format() != format {
                continue;
            }
            let mut covered = 0;
            // Buckets never overlap, so walking back from the last start before `end` meets
            // every bucket overlapping the range before one that ends by `start`.
            for (&s, &(e, _)) in buckets.range(..end).rev() {
                if e <= start {
                    break;
                }
                if s < start || e > end {
                    return None;
                }
                covered += e - s;
                bounds.insert((s, e));
            }
            if covered != 0 && covered != end - start {
                return None;
            }
        }
        Some(bounds.into_iter().collect())
    }

    /// Record the bucket `[start, end)` of `kind` from `file`, or say an earlier file gave it;
    /// an error when it overlaps an earlier bucket with other bounds (counting both would
    /// count the overlap twice).
    fn record(
        &mut self,
        kind: &PageKind,
        start: i64,
        end: i64,
        file: &BillingFile,
        bucket: usize,
    ) -> Result<Earlier> {
        let seen = self.0.entry(kind.clone()).or_default();
        if let Some((s, (e, earlier))) = seen.range(..end).next_back()
            && *e > start
        {
            if (*s, *e) == (start, end) {
                return Ok(Earlier::Same);
            }
            let at = |t: i64| {
                chrono::DateTime::from_timestamp_micros(t).map_or_else(
                    || t.to_string(),
                    |d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                )
            };
            return Err(file.error(format!(
                "bucket {} ({} to {}) overlaps the bucket {} to {} of {earlier} with other bounds; \
                 a source holds one bucket width per endpoint (1d or 1h pages, not both), so the \
                 overlap would be counted twice",
                bucket + 1,
                at(start),
                at(end),
                at(*s),
                at(*e),
            )));
        }
        seen.insert(start, (end, file.display_name()));
        Ok(Earlier::New)
    }
}

/// A page read into `token_usage` rows.
#[derive(Debug)]
pub struct ReadPage {
    pub kind: PageKind,
    pub rows: arrow::array::RecordBatch,
}

/// True when the start of a JSON file looks like an API page: one object with a `"data": [`
/// array and a bucket key. Billing NDJSON rows (GCP exports) have no `data` array, so they are
/// left to their format.
pub fn looks_like_page(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let data_array = text.match_indices("\"data\"").any(|(i, m)| {
        let rest = text[i + m.len()..].trim_start();
        rest.strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with('['))
    });
    trimmed.starts_with('{')
        && data_array
        && [
            "\"bucket\"",
            "\"start_time\"",
            "\"starting_at\"",
            "\"page\"",
        ]
        .iter()
        .any(|m| text.contains(m))
}

/// Read the bytes of a JSON file as an API page, when it is one (else None). `only` restricts
/// the provider; `seen` carries the buckets of earlier files of the source.
pub fn read(
    file: &BillingFile,
    bytes: &[u8],
    only: Option<Format>,
    seen: &mut SeenBuckets,
) -> Result<Option<ReadPage>> {
    let page: Value = serde_json::from_slice(bytes).map_err(|e| {
        file.error(format!(
            "is not a complete JSON page (truncated or malformed?): {e}"
        ))
    })?;
    parse(file, &page, only, seen)
}

/// Parse a page document into rows.
pub fn parse(
    file: &BillingFile,
    page: &Value,
    only: Option<Format>,
    seen: &mut SeenBuckets,
) -> Result<Option<ReadPage>> {
    let Some(buckets) = buckets(file, page)? else {
        return Ok(None);
    };
    let Some(kind) = detect(&buckets) else {
        return Ok(None);
    };
    if only.is_some_and(|f| f != kind.format()) {
        return Ok(None);
    }
    if let PageKind::OpenAiUsage(endpoint) = &kind
        && !openai::reads_endpoint(endpoint)
    {
        warn!(file = %file.display_name(), endpoint, "usage endpoint focusql does not read: no rows");
    }
    let mut builder = TokenRowsBuilder::new();
    let mut duplicate_buckets = 0;
    let source_file = file.display_name();
    for (b, bucket) in buckets.iter().enumerate() {
        if let Earlier::Same = seen.record(&kind, bucket.start, bucket.end, file, b)? {
            duplicate_buckets += 1;
            continue;
        }
        for (r, result) in bucket.results.iter().enumerate() {
            let place = RowPlace {
                file,
                bucket: b,
                result: r,
            };
            let base = TokenRow {
                period_start: bucket.start,
                period_end: bucket.end,
                source_file: source_file.clone(),
                ..Default::default()
            };
            let rows = match &kind {
                PageKind::OpenAiUsage(endpoint) => {
                    openai::usage_rows(result, base, endpoint, place)?
                }
                PageKind::OpenAiCosts => openai::cost_rows(result, base, place)?,
                PageKind::AnthropicUsage => anthropic::usage_rows(result, base, place)?,
                PageKind::AnthropicCost => anthropic::cost_rows(result, base, place)?,
            };
            for row in &rows {
                builder.push(row);
            }
        }
    }
    if duplicate_buckets > 0 {
        warn!(
            file = %source_file,
            duplicate_buckets,
            "skipped buckets an earlier page already gave (overlapping pages)"
        );
    }
    Ok(Some(ReadPage {
        kind,
        rows: builder.finish(),
    }))
}

/// The buckets of a page, or None when the document is not a page.
fn buckets<'a>(file: &BillingFile, page: &'a Value) -> Result<Option<Vec<Bucket<'a>>>> {
    let Some(data) = page.get("data").and_then(Value::as_array) else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(data.len());
    for (i, bucket) in data.iter().enumerate() {
        let bound = |seconds: &str, rfc3339: &str| -> Result<Option<i64>> {
            if let Some(v) = bucket.get(seconds).filter(|v| !v.is_null()) {
                return v
                    .as_i64()
                    .and_then(|s| s.checked_mul(1_000_000))
                    .map(Some)
                    .ok_or_else(|| {
                        file.error(format!(
                            "bucket {}: {seconds} is not a Unix time in seconds: {v}",
                            i + 1
                        ))
                    });
            }
            match bucket.get(rfc3339).and_then(Value::as_str) {
                Some(text) => focusql_udfs::parse::parse_timestamp_micros(text)
                    .map(Some)
                    .ok_or_else(|| {
                        file.error(format!(
                            "bucket {}: {rfc3339} is not a date-time: '{text}'",
                            i + 1
                        ))
                    }),
                None => Ok(None),
            }
        };
        let (Some(start), Some(end)) = (
            bound("start_time", "starting_at")?,
            bound("end_time", "ending_at")?,
        ) else {
            return Ok(None);
        };
        // Some renderings call the array `result`.
        let results = bucket
            .get("results")
            .or_else(|| bucket.get("result"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        out.push(Bucket {
            start,
            end,
            results,
        });
    }
    Ok(Some(out))
}

/// The endpoint of a page, from its first result.
fn detect(buckets: &[Bucket]) -> Option<PageKind> {
    let first = buckets.iter().flat_map(|b| b.results.iter()).next()?;
    if let Some(object) = first.get("object").and_then(Value::as_str) {
        if object == "organization.costs.result" {
            return Some(PageKind::OpenAiCosts);
        }
        let endpoint = object
            .strip_prefix("organization.usage.")?
            .strip_suffix(".result")?;
        return Some(PageKind::OpenAiUsage(endpoint.to_string()));
    }
    if first.get("amount").is_some() {
        Some(PageKind::AnthropicCost)
    } else if first.get("uncached_input_tokens").is_some() || first.get("output_tokens").is_some() {
        Some(PageKind::AnthropicUsage)
    } else {
        None
    }
}

/// A string field of a result, None when absent or null.
pub fn text(result: &Value, key: &str) -> Option<String> {
    match result.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// A count (tokens, images, seconds, …) at a path of keys
/// (`["cache_creation", "ephemeral_5m_input_tokens"]`); 0
/// when absent or null, an error when not a non-negative integer.
pub fn count(result: &Value, path: &[&str], place: RowPlace) -> Result<i128> {
    let mut v = result;
    for key in path {
        match v.get(key) {
            Some(next) => v = next,
            None => return Ok(0),
        }
    }
    if v.is_null() {
        return Ok(0);
    }
    v.as_u64()
        .map(i128::from)
        .ok_or_else(|| place.error(format!("{} is not a whole count: {v}", path.join("."))))
}

/// A money amount (a JSON number or decimal string) at the money scale (10 decimals), divided
/// by `10^shift` (2 for amounts given in cents): `"123.45"` cents is 1.2345.
pub fn money(value: &Value, shift: i8, field: &str, place: RowPlace) -> Result<i128> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => return Err(place.error(format!("{field} is not an amount: {other}"))),
    };
    focusql_udfs::parse::parse_decimal(&text, 10 - shift)
        .ok_or_else(|| place.error(format!("{field} is not a decimal amount: '{text}'")))
}

#[cfg(test)]
mod tests {
    use super::looks_like_page;

    #[test]
    fn pages_are_told_from_billing_ndjson() {
        assert!(looks_like_page(
            br#"{"object": "page", "data": [{"object": "bucket", "start_time": 1}]}"#
        ));
        assert!(looks_like_page(
            br#"{"data":[{"starting_at":"2025-08-01T00:00:00Z","results":[]}]}"#
        ));
        // A GCP export row that happens to carry "data" and "page" keys is not a page.
        assert!(!looks_like_page(
            br#"{"billing_account_id":"x","labels":[{"key":"data","value":"page"}],"data":"page"}"#
        ));
    }
}
