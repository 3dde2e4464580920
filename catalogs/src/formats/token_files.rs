//! JSON files whose rows are `token_usage` rows: AI provider API pages and OTLP GenAI spans.
//! A JSON file is looked at (its first bytes) before anything else is read, so other JSON
//! billing files are left to their formats. API pages are read whole here; span files are only
//! recognised, and read when a query scans them ([`crate::formats::otel_scan`]).

use std::io::Read;

use arrow::array::RecordBatch;
use object_store::ObjectStoreExt;

use crate::error::Result;
use crate::files::{BillingFile, FileKind};
use crate::formats::{Format, api_pages, otel};

/// Bytes looked at to decide what a JSON file holds.
const SNIFF_BYTES: u64 = 4096;

/// Compressed bytes fetched to look at the start of a gzipped JSON file.
const SNIFF_GZIP_BYTES: u64 = 64 * 1024;

/// What earlier files of a source already gave: buckets of API pages.
#[derive(Debug, Default)]
pub struct Seen {
    pub buckets: api_pages::SeenBuckets,
}

/// A JSON file that gives `token_usage` rows.
#[derive(Debug)]
pub enum TokenFile {
    /// An API page, read: its format and rows.
    Rows(Format, RecordBatch),
    /// OTLP spans, recognised from the file's start and left unread.
    Spans,
}

/// Recognise a JSON file as an API page (then read it) or OTLP spans (and `only`, when given,
/// is that format); None for any other file.
pub async fn read(
    file: &BillingFile,
    only: Option<Format>,
    seen: &mut Seen,
) -> Result<Option<TokenFile>> {
    if !matches!(file.kind, FileKind::Json | FileKind::JsonGz) || file.meta.size == 0 {
        return Ok(None);
    }
    if only.is_some_and(|f| !f.is_token_format()) {
        return Ok(None);
    }
    let head = head(file).await?;
    let wants = |f: Format| only.is_none_or(|o| o == f);
    if (wants(Format::OpenAi) || wants(Format::Anthropic)) && api_pages::looks_like_page(&head) {
        let bytes = file.read_all().await?;
        return Ok(api_pages::read(file, &bytes, only, &mut seen.buckets)?
            .map(|page| TokenFile::Rows(page.kind.format(), page.rows)));
    }
    if wants(Format::Otel) && otel::looks_like_otlp(&head) {
        return Ok(Some(TokenFile::Spans));
    }
    Ok(None)
}

/// The first (decompressed) bytes of a file, at most [`SNIFF_BYTES`].
async fn head(file: &BillingFile) -> Result<Vec<u8>> {
    let fetch = if file.kind.is_gzip() {
        SNIFF_GZIP_BYTES
    } else {
        SNIFF_BYTES
    };
    let start = file
        .store
        .get_range(&file.meta.location, 0..file.meta.size.min(fetch))
        .await
        .map_err(|e| file.error(format!("cannot read: {e}")))?;
    if !file.kind.is_gzip() {
        return Ok(start.to_vec());
    }
    // The fetched bytes end mid-stream: keep what decompresses before the cut.
    let mut head = Vec::new();
    let decoded = flate2::read::MultiGzDecoder::new(start.as_ref())
        .take(SNIFF_BYTES)
        .read_to_end(&mut head);
    if let Err(e) = decoded
        && head.is_empty()
    {
        return Err(file.error(format!("not a valid gzip file: {e}")));
    }
    Ok(head)
}
