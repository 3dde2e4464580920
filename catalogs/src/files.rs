//! Finding billing files where they lie (a file, a directory or a glob, on local disk or an
//! object store) and looking inside them safely: CSV headers, Parquet schemas, with guards that
//! turn truncated, empty or wrongly encoded files into clear errors before any scan sees them.

use std::io::Read;
use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use bytes::Bytes;
use datafusion::datasource::listing::ListingTableUrl;
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::prelude::SessionContext;
use futures::TryStreamExt;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt};
use parquet::arrow::parquet_to_arrow_schema;
use parquet::file::metadata::ParquetMetaDataReader;
use tokio::runtime::Handle;

use crate::error::{CatalogError, Result};

/// How a file is encoded, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Csv,
    CsvGz,
    Parquet,
    Json,
    JsonGz,
    /// Avro object container files (as BigQuery extracts write them).
    Avro,
}

impl FileKind {
    /// The kind of a file from its name, or None for files focusql does not read
    /// (checksums, READMEs, ...).
    pub fn from_name(name: &str) -> Option<FileKind> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".txt") {
            Some(FileKind::Csv)
        } else if lower.ends_with(".csv.gz") || lower.ends_with(".csv.gzip") {
            Some(FileKind::CsvGz)
        } else if lower.ends_with(".parquet") || lower.ends_with(".snappy.parquet") {
            Some(FileKind::Parquet)
        } else if lower.ends_with(".json")
            || lower.ends_with(".ndjson")
            || lower.ends_with(".jsonl")
        {
            Some(FileKind::Json)
        } else if lower.ends_with(".json.gz") || lower.ends_with(".ndjson.gz") {
            Some(FileKind::JsonGz)
        } else if lower.ends_with(".avro") {
            Some(FileKind::Avro)
        } else {
            None
        }
    }

    /// True for CSV and CSV.gz.
    pub fn is_csv(self) -> bool {
        matches!(self, FileKind::Csv | FileKind::CsvGz)
    }

    /// True for gzip-compressed kinds.
    pub fn is_gzip(self) -> bool {
        matches!(self, FileKind::CsvGz | FileKind::JsonGz)
    }
}

/// One billing file found at a location.
#[derive(Debug, Clone)]
pub struct BillingFile {
    /// The store the file lives in, and its URL (scheme and authority).
    pub store: Arc<dyn ObjectStore>,
    pub store_url: ObjectStoreUrl,
    pub meta: ObjectMeta,
    pub kind: FileKind,
}

impl BillingFile {
    /// The file's full URL, as DataFusion lists it.
    pub fn url(&self) -> String {
        format!(
            "{}{}",
            self.store_url.as_str().trim_end_matches('/'),
            percent_path(self.meta.location.as_ref())
        )
    }

    /// The name people recognise: a local path for local files, the URL otherwise.
    pub fn display_name(&self) -> String {
        if self.store_url.as_str().starts_with("file://") {
            format!("/{}", self.meta.location)
        } else {
            self.url()
        }
    }

    /// The base file name.
    pub fn file_name(&self) -> &str {
        self.meta.location.filename().unwrap_or("")
    }

    /// Read the whole file, decompressed.
    pub async fn read_all(&self) -> Result<Vec<u8>> {
        let bytes = self
            .store
            .get(&self.meta.location)
            .await
            .map_err(|e| self.error(format!("cannot read: {e}")))?
            .bytes()
            .await
            .map_err(|e| self.error(format!("cannot read: {e}")))?;
        if self.kind.is_gzip() {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes.as_ref())
                .read_to_end(&mut out)
                .map_err(|e| self.error(format!("not a valid gzip file: {e}")))?;
            Ok(out)
        } else {
            Ok(bytes.to_vec())
        }
    }

    /// A blocking reader of the file's bytes, decompressed, for a thread that may block (not an
    /// async task): it fetches the file in ranges of [`READ_CHUNK_BYTES`] through `handle` as
    /// it is read, so memory holds one range, not the file.
    pub fn blocking_reader(&self, handle: &Handle) -> Box<dyn Read + Send> {
        let chunks = ChunkReader {
            file: self.clone(),
            handle: handle.clone(),
            offset: 0,
            chunk: Bytes::new(),
        };
        if self.kind.is_gzip() {
            Box::new(flate2::read::MultiGzDecoder::new(chunks))
        } else {
            Box::new(chunks)
        }
    }

    /// An error naming this file.
    pub fn error(&self, message: impl Into<String>) -> CatalogError {
        CatalogError::file(self.display_name(), message)
    }
}

/// Bytes a [`BillingFile::blocking_reader`] fetches at a time.
pub const READ_CHUNK_BYTES: u64 = 8 * 1024 * 1024;

/// A blocking `Read` over a file in an object store, one range request at a time.
struct ChunkReader {
    file: BillingFile,
    handle: Handle,
    offset: u64,
    chunk: Bytes,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.chunk.is_empty() {
            let end = self.file.meta.size.min(self.offset + READ_CHUNK_BYTES);
            if self.offset >= end {
                return Ok(0);
            }
            let range = self.offset..end;
            self.chunk = self
                .handle
                .block_on(self.file.store.get_range(&self.file.meta.location, range))
                .map_err(std::io::Error::other)?;
            self.offset = end;
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk = self.chunk.slice(n..);
        Ok(n)
    }
}

/// Percent-encode a path for use in a URL, keeping `/`.
fn percent_path(path: &str) -> String {
    let mut out = String::from("/");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// List the files at a location (a file, a directory and its subdirectories, a glob, or an
/// object store URL), sorted
/// by path. Files of unknown kinds are left out; a location with nothing in it is an error.
pub async fn list_files(ctx: &SessionContext, location: &str) -> Result<Vec<BillingFile>> {
    let loc_err = |message: String| CatalogError::Location {
        location: location.to_string(),
        message,
    };
    let table_url = ListingTableUrl::parse(location).map_err(|e| loc_err(e.to_string()))?;
    let store_url = table_url.object_store();
    let store = ctx
        .runtime_env()
        .object_store(&store_url)
        .map_err(|e| loc_err(format!("no object store for this location: {e}")))?;
    // A directory is listed with its subdirectories: providers deliver into nested period and
    // run folders (AWS `<period>/<assembly>/`, `data/BILLING_PERIOD=.../`, Azure
    // `<export>/<yyyymmdd-yyyymmdd>/<run>/`).
    let mut state = ctx.state();
    state
        .config_mut()
        .options_mut()
        .execution
        .listing_table_ignore_subdirectory = false;
    let mut metas: Vec<ObjectMeta> = table_url
        .list_all_files(&state, store.as_ref(), "")
        .await
        .map_err(|e| loc_err(format!("cannot list: {e}")))?
        .try_collect()
        .await
        .map_err(|e| loc_err(format!("cannot list: {e}")))?;
    if metas.is_empty() {
        return Err(loc_err(
            "no such file or directory, or nothing in it".into(),
        ));
    }
    metas.sort_by(|a, b| a.location.cmp(&b.location));
    let files = metas
        .into_iter()
        .filter_map(|meta| {
            let kind = FileKind::from_name(meta.location.filename().unwrap_or(""))?;
            Some(BillingFile {
                store: Arc::clone(&store),
                store_url: store_url.clone(),
                meta,
                kind,
            })
        })
        .collect();
    Ok(files)
}

/// Bytes read from the start of a file to find its header.
const HEADER_PROBE_BYTES: u64 = 1 << 20;

/// The column names in a CSV file's header row (BOM removed, quotes resolved), or None for an
/// empty file. Errors name the file: wrong encoding, bad gzip, no header line.
pub async fn csv_header(file: &BillingFile) -> Result<Option<Vec<String>>> {
    if file.meta.size == 0 {
        return Ok(None);
    }
    let end = file.meta.size.min(HEADER_PROBE_BYTES);
    let raw = file
        .store
        .get_range(&file.meta.location, 0..end)
        .await
        .map_err(|e| file.error(format!("cannot read: {e}")))?;
    let bytes = if file.kind.is_gzip() {
        let mut out = Vec::new();
        let mut decoder = flate2::read::MultiGzDecoder::new(raw.as_ref());
        let mut chunk = [0u8; 64 * 1024];
        // A prefix of a gzip stream decodes until the bytes run out; keep what came out.
        loop {
            match decoder.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&chunk[..n]),
                Err(_) if !out.is_empty() => break,
                Err(e) => return Err(file.error(format!("not a valid gzip file: {e}"))),
            }
            if out.contains(&b'\n') {
                break;
            }
        }
        out
    } else {
        raw.to_vec()
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            file.error("is encoded as UTF-16; focusql reads UTF-8 CSV (re-save it as UTF-8)")
        );
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let line_end = text.iter().position(|b| *b == b'\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let line = std::str::from_utf8(line)
        .map_err(|_| file.error("row 1 (header): not valid UTF-8; focusql reads UTF-8 CSV"))?
        .trim_end_matches('\r');
    if line.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(split_csv_record(line)))
}

/// Split one CSV record (RFC 4180 quotes) into trimmed fields.
pub fn split_csv_record(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            ('"', _) => in_quotes = !in_quotes,
            (',', false) => fields.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    fields.push(current.trim().to_string());
    fields
}

/// The Arrow schema of a Parquet file, read from its footer after checking that the footer is
/// really there: a truncated file or one whose footer length points past its start is an error
/// naming the file, never a panic or a huge allocation.
pub async fn parquet_schema(file: &BillingFile) -> Result<SchemaRef> {
    let size = file.meta.size;
    if size < 12 {
        return Err(file.error(format!(
            "is not a valid Parquet file: only {size} bytes (truncated?)"
        )));
    }
    let tail = file
        .store
        .get_range(&file.meta.location, size - 8..size)
        .await
        .map_err(|e| file.error(format!("cannot read: {e}")))?;
    if &tail[4..8] != b"PAR1" {
        return Err(file.error(
            "is not a valid Parquet file: no PAR1 footer at its end (truncated or not Parquet)",
        ));
    }
    let footer_len = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) as u64;
    if footer_len + 12 > size {
        return Err(file.error(format!(
            "is not a valid Parquet file: its footer claims {footer_len} bytes but the file has {size} (truncated?)"
        )));
    }
    let footer = file
        .store
        .get_range(&file.meta.location, size - 8 - footer_len..size - 8)
        .await
        .map_err(|e| file.error(format!("cannot read: {e}")))?;
    let metadata = ParquetMetaDataReader::decode_metadata(&footer)
        .map_err(|e| file.error(format!("is not a valid Parquet file: {e}")))?;
    let file_meta = metadata.file_metadata();
    let schema = parquet_to_arrow_schema(file_meta.schema_descr(), file_meta.key_value_metadata())
        .map_err(|e| file.error(format!("has a Parquet schema focusql cannot read: {e}")))?;
    Ok(Arc::new(schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        assert_eq!(FileKind::from_name("a.CSV"), Some(FileKind::Csv));
        assert_eq!(
            FileKind::from_name("cur-00001.csv.gz"),
            Some(FileKind::CsvGz)
        );
        assert_eq!(
            FileKind::from_name("part-0.snappy.parquet"),
            Some(FileKind::Parquet)
        );
        assert_eq!(FileKind::from_name("SHA256SUMS"), None);
        assert_eq!(
            FileKind::from_name("000000000000.avro"),
            Some(FileKind::Avro)
        );
    }

    #[test]
    fn csv_records_with_quotes() {
        assert_eq!(
            split_csv_record(r#""a","b ""x""",c"#),
            vec!["a", "b \"x\"", "c"]
        );
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(percent_path("a b/c.csv"), "/a%20b/c.csv");
    }
}
