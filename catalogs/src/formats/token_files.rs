//! JSON files whose rows are `token_usage` rows: AI provider API pages and OTLP GenAI spans.
//! A JSON file is looked at (its first bytes) before it is read whole, so other JSON billing
//! files are left to their formats.

use arrow::array::RecordBatch;
use object_store::ObjectStoreExt;

use crate::error::Result;
use crate::files::{BillingFile, FileKind};
use crate::formats::{Format, api_pages, otel};

/// Bytes looked at to decide what a JSON file holds.
const SNIFF_BYTES: u64 = 4096;

/// What earlier files of a source already gave: buckets of API pages, span response ids.
#[derive(Debug, Default)]
pub struct Seen {
    pub buckets: api_pages::SeenBuckets,
    pub responses: otel::SeenResponses,
}

/// Read a JSON file as token rows when it is an API page or OTLP spans (and `only`, when
/// given, is that format); None for any other file.
pub async fn read(
    file: &BillingFile,
    only: Option<Format>,
    seen: &mut Seen,
) -> Result<Option<(Format, RecordBatch)>> {
    if !matches!(file.kind, FileKind::Json | FileKind::JsonGz) || file.meta.size == 0 {
        return Ok(None);
    }
    if only.is_some_and(|f| !f.is_token_format()) {
        return Ok(None);
    }
    let head = if file.kind.is_gzip() {
        file.read_all().await?
    } else {
        let end = file.meta.size.min(SNIFF_BYTES);
        file.store
            .get_range(&file.meta.location, 0..end)
            .await
            .map_err(|e| file.error(format!("cannot read: {e}")))?
            .to_vec()
    };
    let head = &head[..head.len().min(SNIFF_BYTES as usize)];
    let wants = |f: Format| only.is_none_or(|o| o == f);
    if (wants(Format::OpenAi) || wants(Format::Anthropic)) && api_pages::looks_like_page(head) {
        let bytes = file.read_all().await?;
        return Ok(api_pages::read(file, &bytes, only, &mut seen.buckets)?
            .map(|page| (page.kind.format(), page.rows)));
    }
    if wants(Format::Otel) && otel::looks_like_otlp(head) {
        let bytes = file.read_all().await?;
        return Ok(Some((
            Format::Otel,
            otel::parse(file, &bytes, &mut seen.responses)?,
        )));
    }
    Ok(None)
}
