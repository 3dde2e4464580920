//! Sources: a named location of billing files. Loading a source lists its files, recognises
//! each (format, dataset, FOCUS version), groups files that share a layout, and builds the
//! DataFusion plans that present the raw files and their FOCUS form.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::DFSchema;
use datafusion::datasource::MemTable;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::avro::AvroFormat;
use datafusion::datasource::file_format::csv::CsvFormat;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::file_format::json::JsonFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::prelude::{DataFrame, SessionContext, lit};
use tracing::{debug, info, warn};

use crate::error::{CatalogError, Result};
use crate::files::{BillingFile, FileKind, csv_header, list_files, parquet_schema};
use crate::formats::manifest::{Manifest, is_manifest_name};
use crate::formats::token_files::TokenFile;
use crate::formats::{self, Format, Recognised};
use crate::mapping::{Strictness, raw_column};
use crate::registry::{Dataset, FocusVersion};

/// What the user configured: a name, an optional format, and where the files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    pub name: String,
    pub format: Option<Format>,
    pub location: String,
}

/// Files of one source that share a layout (kind and columns), hence one scan.
#[derive(Debug, Clone)]
pub struct FileGroup {
    pub kind: FileKind,
    pub files: Vec<BillingFile>,
    pub raw_schema: SchemaRef,
    pub recognised: Recognised,
    /// For AI API pages (JSON): the pages already read, as `token_usage` rows, one batch per
    /// file. Empty for OTLP span files, which are read at scan time.
    pub token_rows: Vec<arrow::array::RecordBatch>,
}

/// A source after discovery.
#[derive(Debug, Clone)]
pub struct LoadedSource {
    pub spec: SourceSpec,
    pub groups: Vec<FileGroup>,
    /// Files that were listed but not read, with the reason (empty files, manifests).
    pub skipped: Vec<(String, String)>,
}

/// CSV cells that mean null: empty, `NULL` or `null` (used when rereading files to locate a
/// bad value; queries normalise with `focus_null_text`).
pub const CSV_NULL_REGEX: &str = "^(NULL|null)?$";

impl LoadedSource {
    /// Every file read by this source.
    pub fn files(&self) -> impl Iterator<Item = &BillingFile> {
        self.groups.iter().flat_map(|g| g.files.iter())
    }

    /// The formats found, e.g. `focus`.
    pub fn formats(&self) -> Vec<Format> {
        let mut f: Vec<Format> = self.groups.iter().map(|g| g.recognised.format).collect();
        f.dedup();
        f
    }

    /// The FOCUS versions of the Cost and Usage files found.
    pub fn versions(&self) -> Vec<FocusVersion> {
        let mut v: Vec<FocusVersion> = self
            .groups
            .iter()
            .filter(|g| {
                g.recognised.dataset == Dataset::CostAndUsage
                    && !g.recognised.format.is_token_format()
            })
            .map(|g| g.recognised.version)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The datasets this source provides.
    pub fn datasets(&self) -> Vec<Dataset> {
        Dataset::ALL
            .into_iter()
            .filter(|d| self.groups.iter().any(|g| g.recognised.dataset == *d))
            .collect()
    }

    /// True when some file of `dataset` has the FOCUS column `name` (directly or under the
    /// name it had in another version).
    pub fn has_focus_column(&self, dataset: Dataset, name: &str) -> bool {
        self.groups
            .iter()
            .filter(|g| g.recognised.dataset == dataset)
            .any(|g| {
                if g.recognised.format.is_token_format() {
                    return formats::ai::provides(name);
                }
                if let Some(fills) = DFSchema::try_from(Arc::clone(&g.raw_schema))
                    .ok()
                    .and_then(|schema| formats::fills_column(g.recognised.format, &schema, name))
                {
                    return fills;
                }
                let names: Vec<String> = g
                    .raw_schema
                    .fields()
                    .iter()
                    .map(|f| f.name().clone())
                    .collect();
                formats::focus::source_of(&formats::focus::ColumnIndex::new(&names), name).is_some()
            })
    }

    /// The `token_usage` rows this source gives: the API page rows read at load, plus the span
    /// rows, counted by scanning the span files.
    pub async fn token_row_count(&self, ctx: &SessionContext) -> Result<usize> {
        let mut count = 0;
        for group in &self.groups {
            count += if group.recognised.format == Format::Otel {
                group.scan(ctx)?.count().await?
            } else {
                group.token_rows.iter().map(|b| b.num_rows()).sum()
            };
        }
        Ok(count)
    }

    /// The raw files of one dataset as one DataFrame (columns as the files have them; groups
    /// with different columns are unioned by name).
    pub fn raw_dataframe(
        &self,
        ctx: &SessionContext,
        dataset: Dataset,
    ) -> Result<Option<DataFrame>> {
        let mut result: Option<DataFrame> = None;
        for group in self
            .groups
            .iter()
            .filter(|g| g.recognised.dataset == dataset)
        {
            let df = group.scan(ctx)?;
            result = Some(match result {
                None => df,
                Some(acc) => acc.union_by_name(df)?,
            });
        }
        Ok(result)
    }

    /// The source's `dataset` in FOCUS `version`: one projection per file group, aligned and
    /// unioned. None when the source has no files of that dataset.
    pub fn focus_dataframes(
        &self,
        ctx: &SessionContext,
        dataset: Dataset,
        version: FocusVersion,
        strict: Strictness,
    ) -> Result<Vec<DataFrame>> {
        let mut frames = Vec::new();
        let (mut azure_actual, mut azure_amortized) = (Vec::new(), Vec::new());
        for group in self
            .groups
            .iter()
            .filter(|g| g.recognised.dataset == dataset)
        {
            let raw = group.scan(ctx)?;
            let schema = raw.schema().clone();
            let projected = match group.recognised.format {
                Format::Focus => vec![raw.select(formats::focus::projection(
                    &schema, dataset, version, strict,
                ))?],
                Format::AzureCost | Format::AzureAmortized => {
                    vec![raw.select(formats::azure_cost::projection(&schema, version, strict))?]
                }
                Format::AwsCur | Format::AwsCur2 => {
                    vec![raw.select(formats::aws_cur::projection(&schema, version, strict))?]
                }
                Format::OciCost => {
                    vec![raw.select(formats::oci_cost::projection(&schema, version, strict))?]
                }
                Format::GcpBilling => formats::gcp_billing::frames(raw, version, strict)?,
                Format::OpenAi | Format::Anthropic | Format::Otel => {
                    // Spans carry no billed cost, so none is a `costs` row; a constant false
                    // filter lets the optimizer drop the span scan from `costs` plans.
                    let keep = if group.recognised.format == Format::Otel {
                        lit(false)
                    } else {
                        formats::ai::cost_rows_filter()
                    };
                    let raw = raw.filter(keep)?;
                    let exprs =
                        formats::ai::projection(&schema, &self.spec.name, dataset, version, strict);
                    vec![raw.select(exprs)?]
                }
            };
            match group.recognised.format {
                Format::AzureCost => azure_actual.extend(projected),
                Format::AzureAmortized => azure_amortized.extend(projected),
                _ => frames.extend(projected),
            }
        }
        // The actual export adds to the amortized one only what it lacks (no double counting).
        frames.extend(formats::azure_cost::combine_with_amortized(
            azure_actual,
            &azure_amortized,
        )?);
        frames.extend(azure_amortized);
        Ok(frames)
    }
}

impl FileGroup {
    /// A DataFrame scanning this group's files with their raw schema.
    pub fn scan(&self, ctx: &SessionContext) -> Result<DataFrame> {
        if self.recognised.format == Format::Otel {
            return Ok(ctx.read_table(formats::otel_scan::span_table(self.files.clone())?)?);
        }
        if self.recognised.format.is_token_format() {
            let table =
                MemTable::try_new(Arc::clone(&self.raw_schema), vec![self.token_rows.clone()])?;
            return Ok(ctx.read_table(Arc::new(table))?);
        }
        let format: Arc<dyn FileFormat> = match self.kind {
            FileKind::Csv | FileKind::CsvGz => Arc::new(
                CsvFormat::default()
                    .with_has_header(true)
                    .with_newlines_in_values(true)
                    .with_file_compression_type(if self.kind.is_gzip() {
                        FileCompressionType::GZIP
                    } else {
                        FileCompressionType::UNCOMPRESSED
                    }),
            ),
            FileKind::Parquet => Arc::new(
                ParquetFormat::default().with_options(ctx.state().table_options().parquet.clone()),
            ),
            FileKind::Json | FileKind::JsonGz => Arc::new(json_format(self.kind)),
            FileKind::Avro => Arc::new(AvroFormat),
        };
        let urls = self
            .files
            .iter()
            .map(|f| ListingTableUrl::parse(f.url()))
            .collect::<datafusion::error::Result<Vec<_>>>()?;
        let options = ListingOptions::new(format).with_file_extension("");
        let config = ListingTableConfig::new_with_multi_paths(urls)
            .with_listing_options(options)
            .with_schema(Arc::clone(&self.raw_schema));
        let table = ListingTable::try_new(config)?;
        let frame = ctx.read_table(Arc::new(table))?;
        if !self.kind.is_csv() {
            return Ok(frame);
        }
        // CSV cells that spell null (empty, NULL, null) are nulls.
        let nulls = focusql_udfs::parse::null_text_udf();
        let exprs: Vec<_> = self
            .raw_schema
            .fields()
            .iter()
            .map(|f| nulls.call(vec![raw_column(f.name())]).alias(f.name()))
            .collect();
        Ok(frame.select(exprs)?)
    }
}

/// The raw schema of a CSV header: every column as text, so money and dates are parsed by
/// focusql's exact parsers rather than guessed.
fn csv_schema(file: &BillingFile, header: &[String]) -> Result<SchemaRef> {
    let mut seen = std::collections::HashSet::new();
    let mut fields = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let name = if name.is_empty() {
            format!("column_{}", i + 1)
        } else {
            name.clone()
        };
        if !seen.insert(name.clone()) {
            return Err(file.error(format!(
                "row 1 (header), column {}: the column name '{name}' appears twice",
                i + 1
            )));
        }
        fields.push(Field::new(name, DataType::Utf8, true));
    }
    Ok(Arc::new(Schema::new(fields)))
}

/// Read the columns of one file: its raw schema, or None for an empty file.
async fn probe(ctx: &SessionContext, file: &BillingFile) -> Result<Option<SchemaRef>> {
    match file.kind {
        FileKind::Csv | FileKind::CsvGz => match csv_header(file).await? {
            Some(header) => Ok(Some(csv_schema(file, &header)?)),
            None => Ok(None),
        },
        FileKind::Parquet => Ok(Some(parquet_schema(file).await?)),
        FileKind::Avro => AvroFormat
            .infer_schema(&ctx.state(), &file.store, std::slice::from_ref(&file.meta))
            .await
            .map(Some)
            .map_err(|e| file.error(format!("is not a readable Avro file: {e}"))),
        FileKind::Json | FileKind::JsonGz => {
            let format = json_format(file.kind);
            match format
                .infer_schema(&ctx.state(), &file.store, std::slice::from_ref(&file.meta))
                .await
            {
                Ok(schema) if !schema.fields().is_empty() => Ok(Some(schema)),
                Ok(_) => Ok(None),
                Err(e) => {
                    debug!(file = %file.display_name(), error = %e, "not newline-delimited JSON");
                    Ok(None)
                }
            }
        }
    }
}

/// Newline-delimited JSON (one object per line, as BigQuery extracts write it), gzipped or not.
fn json_format(kind: FileKind) -> JsonFormat {
    JsonFormat::default().with_file_compression_type(if kind.is_gzip() {
        FileCompressionType::GZIP
    } else {
        FileCompressionType::UNCOMPRESSED
    })
}

/// True for files that sit beside billing data but are not data (manifests, run logs).
fn is_sidecar(file: &BillingFile) -> bool {
    let name = file.file_name().to_ascii_lowercase();
    matches!(file.kind, FileKind::Json | FileKind::JsonGz)
        && (name.contains("manifest") || name.starts_with('_'))
}

/// List and recognise the files of a source. Every listed file is either read or reported in
/// `skipped` with its reason; files of a format focusql does not recognise are an error.
pub async fn load(ctx: &SessionContext, spec: &SourceSpec) -> Result<LoadedSource> {
    let files = list_files(ctx, &spec.location)
        .await
        .map_err(|e| CatalogError::Source {
            source_name: spec.name.clone(),
            message: e.to_string(),
        })?;
    let mut groups: BTreeMap<(FileKind, String), FileGroup> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut seen = formats::token_files::Seen::default();
    let manifests = read_manifests(&files).await?;
    let runs = formats::azure_manifest::read(&files).await?;
    for file in files {
        if let Some(m) = manifests
            .iter()
            .find(|m| !is_sidecar(&file) && m.excludes(file.meta.location.as_ref()))
        {
            debug!(file = %file.display_name(), manifest = %m.path, "skipping stale file");
            skipped.push((
                file.display_name(),
                format!("not listed by the current manifest {}", m.path),
            ));
            continue;
        }
        if let Some(reason) = runs.superseded(&file) {
            info!(file = %file.display_name(), reason, "skipping superseded export run");
            skipped.push((file.display_name(), reason.to_string()));
            continue;
        }
        if is_sidecar(&file) {
            debug!(file = %file.display_name(), "skipping sidecar file");
            skipped.push((file.display_name(), "manifest or run metadata".to_string()));
            continue;
        }
        match formats::token_files::read(&file, spec.format, &mut seen).await? {
            Some(TokenFile::Rows(format, rows)) => {
                add_token_rows(&mut groups, file, format, Some(rows));
                continue;
            }
            Some(TokenFile::Spans) => {
                add_token_rows(&mut groups, file, Format::Otel, None);
                continue;
            }
            None => {}
        }
        let Some(schema) = probe(ctx, &file).await? else {
            let reason = if file.meta.size == 0 {
                "empty file (0 bytes)"
            } else if !file.kind.is_csv() {
                "not newline-delimited JSON objects"
            } else {
                "no header row or not a tabular file"
            };
            warn!(file = %file.display_name(), reason, "skipping file");
            skipped.push((file.display_name(), reason.to_string()));
            continue;
        };
        let columns: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        let recognised = formats::recognise(&columns, spec.format)
            .map_err(|e| file.error(e.to_string()))?
            .ok_or_else(|| {
                let expected = match spec.format {
                    Some(f) => format!("a {f} file"),
                    None => "a billing file focusql recognises".to_string(),
                };
                file.error(format!(
                    "is not {expected} (columns: {})",
                    preview(&columns)
                ))
            })?;
        if let Some(missing) = formats::check_required(recognised.format, &columns) {
            return Err(file.error(format!("is a {} file but {missing}", recognised.format)));
        }
        let recognised = refine(recognised, &file, &runs);
        let key = (
            file.kind,
            format!("{:?} {:?}", recognised.format, schema.fields()),
        );
        groups
            .entry(key)
            .or_insert_with(|| FileGroup {
                kind: file.kind,
                files: Vec::new(),
                raw_schema: Arc::clone(&schema),
                recognised,
                token_rows: Vec::new(),
            })
            .files
            .push(file);
    }
    // Cost lines of API cost pages take their quantities from the source's usage pages.
    for group in groups.values_mut() {
        if matches!(group.recognised.format, Format::OpenAi | Format::Anthropic) {
            let format = group.recognised.format;
            group.token_rows = formats::cost_quantities::fill(&group.token_rows, |s, e| {
                seen.buckets.usage_buckets_within(format, s, e)
            })?;
        }
    }
    if groups.is_empty() {
        return Err(CatalogError::Source {
            source_name: spec.name.clone(),
            message: format!(
                "no billing files at {} ({} file(s) skipped{})",
                spec.location,
                skipped.len(),
                skipped
                    .first()
                    .map(|(f, r)| format!(": {f}: {r}"))
                    .unwrap_or_default()
            ),
        });
    }
    Ok(LoadedSource {
        spec: spec.clone(),
        groups: groups.into_values().collect(),
        skipped,
    })
}

/// Add an AI file (and its token rows, when read at load) to the source's group for its format.
fn add_token_rows(
    groups: &mut BTreeMap<(FileKind, String), FileGroup>,
    file: BillingFile,
    format: Format,
    rows: Option<arrow::array::RecordBatch>,
) {
    let group = groups
        .entry((FileKind::Json, format.name().to_string()))
        .or_insert_with(|| FileGroup {
            kind: FileKind::Json,
            files: Vec::new(),
            raw_schema: crate::tokens::token_usage_schema(),
            recognised: Recognised {
                format,
                dataset: Dataset::CostAndUsage,
                version: FocusVersion::LATEST,
            },
            token_rows: Vec::new(),
        });
    group.files.push(file);
    group.token_rows.extend(rows);
}

/// The delivery manifests among `files` (AWS CUR and Data Exports), read and parsed.
async fn read_manifests(files: &[BillingFile]) -> Result<Vec<Manifest>> {
    let mut manifests = Vec::new();
    for file in files
        .iter()
        .filter(|f| is_sidecar(f) && is_manifest_name(f.file_name()))
    {
        let bytes = file.read_all().await?;
        match Manifest::parse(file.meta.location.as_ref(), &bytes) {
            Some(m) => manifests.push(m),
            None => debug!(file = %file.display_name(), "manifest lists no data files"),
        }
    }
    Ok(manifests)
}

/// Refine what the columns told with what the export manifest (or else the path) says: an
/// Azure cost details file of an AmortizedCost export, or under an `amortized` path, is the
/// amortized export.
fn refine(
    recognised: Recognised,
    file: &BillingFile,
    runs: &formats::azure_manifest::ExportRuns,
) -> Recognised {
    let amortized = match runs.export_type(file) {
        Some(kind) => kind.eq_ignore_ascii_case("AmortizedCost"),
        None => formats::azure_cost::is_amortized_path(file.meta.location.as_ref()),
    };
    if recognised.format == Format::AzureCost && amortized {
        return Recognised {
            format: Format::AzureAmortized,
            ..recognised
        };
    }
    recognised
}

/// The first few column names, for error messages.
fn preview(columns: &[String]) -> String {
    let shown: Vec<&str> = columns.iter().take(6).map(String::as_str).collect();
    if columns.len() > shown.len() {
        format!("{}, … {} in all", shown.join(", "), columns.len())
    } else {
        shown.join(", ")
    }
}
