//! Writing query results: an aligned table for people, CSV, JSON, NDJSON and Parquet for tools.

use std::io::{IsTerminal, Write};
use std::str::FromStr;

use arrow::array::RecordBatch;
use arrow::datatypes::{DataType, SchemaRef};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::error::{Error, Result};

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Csv,
    Json,
    NdJson,
    Parquet,
}

impl FromStr for OutputFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Ok(OutputFormat::Table),
            "csv" => Ok(OutputFormat::Csv),
            "json" => Ok(OutputFormat::Json),
            "ndjson" | "nd-json" | "jsonl" => Ok(OutputFormat::NdJson),
            "parquet" => Ok(OutputFormat::Parquet),
            other => Err(Error::msg(format!(
                "unknown output format '{other}' (table, csv, json, ndjson, parquet)"
            ))),
        }
    }
}

/// Write batches in a format to a writer. `is_terminal` tells whether the writer is a terminal
/// (binary formats are refused there).
pub fn write_batches(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    format: OutputFormat,
    out: &mut dyn Write,
    is_terminal: bool,
) -> Result<()> {
    match format {
        OutputFormat::Table => writeln!(out, "{}", render_table(schema, batches)?)?,
        OutputFormat::Csv => {
            let mut writer = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .with_timestamp_tz_format("%Y-%m-%dT%H:%M:%SZ".to_string())
                .build(&mut *out);
            for batch in batches {
                writer.write(batch)?;
            }
        }
        OutputFormat::Json => {
            let mut writer = arrow::json::ArrayWriter::new(&mut *out);
            for batch in batches {
                writer.write(batch)?;
            }
            writer.finish()?;
            if batches.iter().all(|b| b.num_rows() == 0) {
                write!(out, "[]")?;
            }
            writeln!(out)?;
        }
        OutputFormat::NdJson => {
            let mut writer = arrow::json::LineDelimitedWriter::new(&mut *out);
            for batch in batches {
                writer.write(batch)?;
            }
            writer.finish()?;
        }
        OutputFormat::Parquet => {
            if is_terminal {
                return Err(Error::msg(
                    "Parquet output is binary: use --output FILE or redirect to a file",
                ));
            }
            let mut buffer = Vec::new();
            let mut writer =
                parquet::arrow::ArrowWriter::try_new(&mut buffer, schema.clone(), None)?;
            for batch in batches {
                writer.write(batch)?;
            }
            writer.close()?;
            out.write_all(&buffer)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Write results to a file, or to standard output when `path` is None.
pub fn write_results(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    format: OutputFormat,
    path: Option<&std::path::Path>,
) -> Result<()> {
    match path {
        Some(p) => {
            let mut file = std::fs::File::create(p)
                .map_err(|e| Error::msg(format!("{}: {e}", p.display())))?;
            write_batches(schema, batches, format, &mut file, false)
        }
        None => {
            let stdout = std::io::stdout();
            let terminal = stdout.is_terminal();
            let mut lock = stdout.lock();
            write_batches(schema, batches, format, &mut lock, terminal)
        }
    }
}

/// True for types shown right-aligned.
fn is_numeric(data_type: &DataType) -> bool {
    data_type.is_numeric()
}

/// Decimal text without trailing zeros beyond two decimals (`12.3400000000` → `12.34`).
pub fn trim_decimal(text: &str) -> String {
    let Some((int, frac)) = text.split_once('.') else {
        return text.to_string();
    };
    let trimmed = frac.trim_end_matches('0');
    let frac = if trimmed.len() < 2 {
        &frac[..2.min(frac.len())]
    } else {
        trimmed
    };
    format!("{int}.{frac}")
}

/// Render batches as an aligned text table.
pub fn render_table(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<String> {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(schema.fields().iter().map(|f| f.name().clone()));
    let options = FormatOptions::default()
        .with_null("NULL")
        .with_timestamp_tz_format(Some("%Y-%m-%dT%H:%M:%SZ"));
    for batch in batches {
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for row in 0..batch.num_rows() {
            let cells: Vec<String> = formatters
                .iter()
                .zip(schema.fields())
                .map(|(f, field)| {
                    let text = f.value(row).to_string();
                    if matches!(
                        field.data_type(),
                        DataType::Decimal128(..) | DataType::Decimal256(..)
                    ) {
                        trim_decimal(&text)
                    } else {
                        text
                    }
                })
                .collect();
            table.add_row(cells);
        }
    }
    for (i, field) in schema.fields().iter().enumerate() {
        if is_numeric(field.data_type())
            && let Some(column) = table.column_mut(i)
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    Ok(table.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_trimmed_for_people() {
        assert_eq!(trim_decimal("12.3400000000"), "12.34");
        assert_eq!(trim_decimal("12.0000000000"), "12.00");
        assert_eq!(trim_decimal("0.0000004000"), "0.0000004");
        assert_eq!(trim_decimal("-3"), "-3");
    }
}
