//! Writing query results: an aligned table for people, CSV, JSON, NDJSON and Parquet for tools.

use std::io::{IsTerminal, Write};
use std::str::FromStr;
use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch, StringArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
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

/// A table of text columns (for listings: sources, tables, commands).
pub fn text_table(
    names: &[&str],
    columns: Vec<Vec<String>>,
) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    let schema = Arc::new(Schema::new(
        names
            .iter()
            .map(|n| Field::new(*n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let arrays: Vec<ArrayRef> = columns
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    let batch = RecordBatch::try_new(Arc::clone(&schema), arrays)?;
    Ok((schema, vec![batch]))
}

/// How a table is laid out for people. The default is the `query` command's: every row, no
/// width limit, money with trailing zeros trimmed.
#[derive(Debug, Clone, Default)]
pub struct TableStyle {
    /// Show at most this many rows, then a line counting the rows not shown.
    pub max_rows: Option<usize>,
    /// Fit the table into this many characters (long cells wrap).
    pub width: Option<u16>,
    /// Round money columns (decimals named like a cost) to this many decimals.
    pub money_decimals: Option<i8>,
    /// One block per row, a line per column (for wide rows).
    pub expanded: bool,
}

/// True for a decimal column that holds money: its name says cost, spend, amount or charge.
fn is_money(field: &Field) -> bool {
    let name = field.name().to_ascii_lowercase();
    matches!(field.data_type(), DataType::Decimal128(..))
        && ["cost", "spend", "amount", "charge", "billed"]
            .iter()
            .any(|w| name.contains(w))
}

/// The text of every value of a column as people read it: NULL, UTC date-times with `Z`,
/// decimals trimmed (or money rounded to `money_decimals`).
pub fn cell_texts(
    array: &ArrayRef,
    field: &Field,
    money_decimals: Option<i8>,
) -> Result<Vec<String>> {
    let options = FormatOptions::default()
        .with_null("NULL")
        .with_timestamp_tz_format(Some("%Y-%m-%dT%H:%M:%SZ"));
    let rounded;
    let array = match (money_decimals, field.data_type()) {
        (Some(scale), DataType::Decimal128(precision, _)) if is_money(field) => {
            rounded = cast(array, &DataType::Decimal128(*precision, scale))?;
            &rounded
        }
        _ => array,
    };
    let trim = matches!(
        array.data_type(),
        DataType::Decimal128(..) | DataType::Decimal256(..)
    ) && !(money_decimals.is_some() && is_money(field));
    let formatter = ArrayFormatter::try_new(array.as_ref(), &options)?;
    Ok((0..array.len())
        .map(|row| {
            let text = formatter.value(row).to_string();
            if trim { trim_decimal(&text) } else { text }
        })
        .collect())
}

/// Render batches as an aligned text table.
pub fn render_table(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<String> {
    render_table_styled(schema, batches, &TableStyle::default())
}

/// Render batches as an aligned text table laid out as `style` says: numbers right-aligned,
/// at most `max_rows` rows with a count of the rest, fitted to `width`, or expanded.
pub fn render_table_styled(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    style: &TableStyle,
) -> Result<String> {
    let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let shown = style.max_rows.unwrap_or(total).min(total);
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(shown);
    for batch in batches {
        if rows.len() >= shown {
            break;
        }
        let take = (shown - rows.len()).min(batch.num_rows());
        let batch = batch.slice(0, take);
        let columns = batch
            .columns()
            .iter()
            .zip(schema.fields())
            .map(|(c, f)| cell_texts(c, f, style.money_decimals))
            .collect::<Result<Vec<_>>>()?;
        rows.extend((0..take).map(|r| columns.iter().map(|c| c[r].clone()).collect()));
    }
    let mut text = if style.expanded {
        render_expanded(schema, &rows, style)
    } else {
        let mut table = new_table(style);
        table.set_header(schema.fields().iter().map(|f| f.name().clone()));
        for row in rows {
            table.add_row(row);
        }
        for (i, field) in schema.fields().iter().enumerate() {
            if is_numeric(field.data_type())
                && let Some(column) = table.column_mut(i)
            {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        table.to_string()
    };
    if shown < total {
        text.push_str(&format!(
            "\n… {} more row(s) not shown ({shown} of {total})",
            total - shown
        ));
    }
    Ok(text)
}

/// An empty table in focusql's preset, fitted to the style's width.
fn new_table(style: &TableStyle) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    match style.width {
        Some(width) => table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    table
}

/// Expanded display: for each row a `-[ RECORD n ]-` line and a two-column table.
fn render_expanded(schema: &SchemaRef, rows: &[Vec<String>], style: &TableStyle) -> String {
    let mut out = Vec::with_capacity(rows.len());
    for (n, row) in rows.iter().enumerate() {
        let mut table = new_table(style);
        for (field, value) in schema.fields().iter().zip(row) {
            table.add_row(vec![field.name().clone(), value.clone()]);
        }
        out.push(format!("-[ RECORD {} ]-\n{table}", n + 1));
    }
    out.join("\n")
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

    fn money_batch() -> (SchemaRef, RecordBatch) {
        use arrow::array::Decimal128Array;
        let schema = Arc::new(arrow::datatypes::Schema::new(vec![
            Field::new("cost", DataType::Decimal128(38, 10), true),
            Field::new("qty", DataType::Decimal128(38, 10), true),
        ]));
        let cost =
            Decimal128Array::from(vec![Some(123_456_000_000i128), Some(-5_000_000_000), None])
                .with_precision_and_scale(38, 10)
                .unwrap();
        let qty = Decimal128Array::from(vec![Some(123_456_000_000i128), Some(1), Some(0)])
            .with_precision_and_scale(38, 10)
            .unwrap();
        let batch =
            RecordBatch::try_new(schema.clone(), vec![Arc::new(cost), Arc::new(qty)]).unwrap();
        (schema, batch)
    }

    #[test]
    fn money_is_rounded_only_when_asked() {
        let (schema, batch) = money_batch();
        let texts = cell_texts(batch.column(0), schema.field(0), Some(2)).unwrap();
        // 12.3456 rounds half away from zero to 12.35; -0.5 stays -0.50
        assert_eq!(texts, ["12.35", "-0.50", "NULL"]);
        let texts = cell_texts(batch.column(1), schema.field(1), Some(2)).unwrap();
        assert_eq!(texts, ["12.3456", "0.0000000001", "0.00"]);
        let texts = cell_texts(batch.column(0), schema.field(0), None).unwrap();
        assert_eq!(texts, ["12.3456", "-0.50", "NULL"]);
    }

    #[test]
    fn long_tables_say_how_many_rows_are_not_shown() {
        let (schema, batch) = money_batch();
        let style = TableStyle {
            max_rows: Some(1),
            money_decimals: Some(2),
            ..TableStyle::default()
        };
        let text = render_table_styled(&schema, std::slice::from_ref(&batch), &style).unwrap();
        assert!(text.contains("12.35") && !text.contains("-0.50"), "{text}");
        assert!(
            text.ends_with("… 2 more row(s) not shown (1 of 3)"),
            "{text}"
        );
        let expanded = TableStyle {
            expanded: true,
            ..TableStyle::default()
        };
        let text = render_table_styled(&schema, &[batch], &expanded).unwrap();
        assert!(
            text.starts_with("-[ RECORD 1 ]-") && text.contains("-[ RECORD 3 ]-"),
            "{text}"
        );
    }
}
