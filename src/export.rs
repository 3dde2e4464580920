//! `focusql export`: write a source or table as FOCUS files (Parquet or CSV) of a chosen
//! version, streaming batch by batch.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use datafusion::prelude::DataFrame;
use focusql_catalogs::Dataset;
use focusql_catalogs::registry::FeatureLevel;
use futures::StreamExt;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use crate::error::{Error, Result};
use crate::session::FocusSession;

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Parquet,
    Csv,
}

impl FromStr for ExportFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "parquet" => Ok(ExportFormat::Parquet),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(Error::msg(format!(
                "unknown export format '{other}' (parquet, csv)"
            ))),
        }
    }
}

/// Rows per Parquet row group: small enough that a ChargePeriodStart filter prunes.
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Export the table `name` (and, when it is a source, its other FOCUS datasets) to `dir`.
/// Returns the files written with their row counts.
pub async fn export(
    session: &FocusSession,
    name: &str,
    dir: &Path,
    format: ExportFormat,
) -> Result<Vec<(PathBuf, usize)>> {
    if session.ctx.table_provider(name).await.is_err() {
        return Err(Error::msg(format!(
            "no source or table named '{name}' (see `focusql sources`)"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::msg(format!("{}: {e}", dir.display())))?;
    let mut tables = vec![(name.to_string(), Dataset::CostAndUsage)];
    if let Some(source) = session.sources.iter().find(|s| s.spec.name == name) {
        for dataset in source.datasets() {
            if dataset != Dataset::CostAndUsage {
                tables.push((format!("{name}_{}", dataset.table_name()), dataset));
            }
        }
    }
    let source = session.sources.iter().find(|s| s.spec.name == name);
    let mut written = Vec::new();
    for (table, dataset) in tables {
        let Ok(frame) = session.ctx.table(table.as_str()).await else {
            continue;
        };
        let frame = match source {
            Some(source) => keep_source_columns(frame, source, dataset, session)?,
            None => frame,
        };
        let frame = if dataset == Dataset::CostAndUsage
            && frame
                .schema()
                .has_column_with_unqualified_name("ChargePeriodStart")
        {
            frame.sort(vec![
                focusql_catalogs::mapping::raw_column("ChargePeriodStart").sort(true, false),
            ])?
        } else {
            frame
        };
        let extension = match format {
            ExportFormat::Parquet => "parquet",
            ExportFormat::Csv => "csv",
        };
        let path = dir.join(format!("{table}.{extension}"));
        let rows = write_frame(session, frame, &path, format, dataset).await?;
        written.push((path, rows));
    }
    Ok(written)
}

/// Leave out the non-mandatory FOCUS columns a source never had, so an export says no more
/// than its source (an absent Conditional column is not the same as a column of nulls).
fn keep_source_columns(
    frame: DataFrame,
    source: &focusql_catalogs::LoadedSource,
    dataset: Dataset,
    session: &FocusSession,
) -> Result<DataFrame> {
    let registry = focusql_catalogs::registry();
    let keep: Vec<datafusion::logical_expr::Expr> = frame
        .schema()
        .fields()
        .iter()
        .filter(
            |f| match registry.column(session.version, dataset, f.name()) {
                Some(def) => {
                    def.feature_level == FeatureLevel::Mandatory
                        || source.has_focus_column(dataset, f.name())
                }
                None => true,
            },
        )
        .map(|f| focusql_catalogs::mapping::raw_column(f.name()))
        .collect();
    Ok(frame.select(keep)?)
}

/// The next batch of a stream, with bad-value errors located to file and row.
async fn next_batch(
    session: &FocusSession,
    stream: &mut datafusion::execution::SendableRecordBatchStream,
) -> Result<Option<arrow::array::RecordBatch>> {
    match stream.next().await {
        None => Ok(None),
        Some(Ok(batch)) => Ok(Some(batch)),
        Some(Err(e)) => Err(session.explain_error(e.into()).await),
    }
}

/// Stream a DataFrame into one file.
async fn write_frame(
    session: &FocusSession,
    frame: DataFrame,
    path: &Path,
    format: ExportFormat,
    dataset: Dataset,
) -> Result<usize> {
    let schema = Arc::new(frame.schema().as_arrow().clone());
    let file = File::create(path).map_err(|e| Error::msg(format!("{}: {e}", path.display())))?;
    let mut stream = frame.execute_stream().await?;
    let mut rows = 0;
    match format {
        ExportFormat::Parquet => {
            let properties = WriterProperties::builder()
                .set_compression(Compression::ZSTD(ZstdLevel::default()))
                .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                .set_key_value_metadata(Some(vec![
                    KeyValue::new("FocusVersion".into(), session.version.to_string()),
                    KeyValue::new("FocusDataset".into(), dataset.as_str().to_string()),
                    KeyValue::new(
                        "DataGenerator".into(),
                        format!("focusql {}", env!("CARGO_PKG_VERSION")),
                    ),
                ]))
                .build();
            let mut writer = ArrowWriter::try_new(file, schema, Some(properties))?;
            while let Some(batch) = next_batch(session, &mut stream).await? {
                rows += batch.num_rows();
                writer.write(&batch)?;
            }
            writer.close()?;
        }
        ExportFormat::Csv => {
            let mut writer = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .with_timestamp_tz_format("%Y-%m-%dT%H:%M:%SZ".to_string())
                .build(file);
            while let Some(batch) = next_batch(session, &mut stream).await? {
                rows += batch.num_rows();
                writer.write(&batch)?;
            }
        }
    }
    Ok(rows)
}
