//! Finding the file and row behind a bad value. Queries stream over many files, so the parse
//! functions can only name the column and value; when such an error reaches the user, this
//! module rereads the source's files to add the file name and row number.

use std::io::Cursor;
use std::sync::Arc;

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::files::{BillingFile, FileKind};
use datafusion::common::DFSchema;

use crate::formats;
use crate::source::{CSV_NULL_REGEX, FileGroup, LoadedSource};

/// A bad-value error as the parse functions word it: column, value and what it should be.
#[derive(Debug, PartialEq, Eq)]
pub struct BadValue {
    pub column: String,
    pub value: String,
    pub expected: String,
}

/// Parse `column X: value 'V' is not E` out of an error message.
pub fn parse_bad_value(message: &str) -> Option<BadValue> {
    let start = message.find("column ")? + "column ".len();
    let rest = &message[start..];
    let (column, rest) = rest.split_once(": value '")?;
    let (value, rest) = rest.rsplit_once("' is not ")?;
    Some(BadValue {
        column: column.to_string(),
        value: value.to_string(),
        expected: rest.trim().to_string(),
    })
}

/// Where a bad value is: `FILE: row N, column C: value 'V' is not E`, with rows counted as a
/// spreadsheet shows them (the header is row 1). None when the error is not about a bad value
/// or the value cannot be found in any file.
pub async fn locate_bad_value(sources: &[LoadedSource], message: &str) -> Option<String> {
    let bad = parse_bad_value(message)?;
    for source in sources {
        for group in &source.groups {
            let Some(schema) = DFSchema::try_from(Arc::clone(&group.raw_schema)).ok() else {
                continue;
            };
            let Some(raw_column) =
                formats::raw_column_of(group.recognised.format, &schema, &bad.column)
            else {
                continue;
            };
            for file in &group.files {
                if let Some(row) = find_in_file(group, file, &raw_column, &bad.value).await {
                    let header_rows = usize::from(group.kind.is_csv());
                    return Some(format!(
                        "{}: row {}, column {}: value '{}' is not {}",
                        file.display_name(),
                        row + header_rows,
                        raw_column,
                        bad.value,
                        bad.expected
                    ));
                }
            }
        }
    }
    None
}

/// The 1-based data row of the first cell of `column` equal to `value`, if any.
async fn find_in_file(
    group: &FileGroup,
    file: &BillingFile,
    column: &str,
    value: &str,
) -> Option<usize> {
    let bytes = file.read_all().await.ok()?;
    let batches: Box<dyn Iterator<Item = RecordBatch>> = match file.kind {
        FileKind::Csv | FileKind::CsvGz => {
            let reader = arrow::csv::ReaderBuilder::new(Arc::clone(&group.raw_schema))
                .with_header(true)
                .with_null_regex(regex_lite(CSV_NULL_REGEX)?)
                .build(Cursor::new(strip_bom(bytes)))
                .ok()?;
            Box::new(reader.map_while(Result::ok))
        }
        FileKind::Parquet => {
            let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
                .ok()?
                .build()
                .ok()?;
            Box::new(reader.map_while(Result::ok))
        }
        FileKind::Json | FileKind::JsonGz => {
            let reader = arrow::json::ReaderBuilder::new(Arc::clone(&group.raw_schema))
                .build(Cursor::new(bytes))
                .ok()?;
            Box::new(reader.map_while(Result::ok))
        }
        FileKind::Avro => return None,
    };
    let mut offset = 0;
    for batch in batches {
        let array = batch.column_by_name(column)?;
        let text = cast(array.as_ref(), &DataType::Utf8).ok()?;
        let strings = text.as_string::<i32>();
        for i in 0..strings.len() {
            if strings.is_valid(i) && strings.value(i) == value {
                return Some(offset + i + 1);
            }
        }
        offset += batch.num_rows();
    }
    None
}

fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    bytes
}

fn regex_lite(pattern: &str) -> Option<regex::Regex> {
    regex::Regex::new(pattern).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bad_value_messages() {
        let m = "Execution error: column BilledCost: value 'abc' is not a decimal number";
        assert_eq!(
            parse_bad_value(m),
            Some(BadValue {
                column: "BilledCost".into(),
                value: "abc".into(),
                expected: "a decimal number".into()
            })
        );
        assert_eq!(parse_bad_value("something else"), None);
    }
}
