//! Date-times read from text as Athena/Trino and DuckDB read them:
//!
//! | function | dialect | returns |
//! |---|---|---|
//! | `from_iso8601_timestamp(text)` | Athena/Trino | TIMESTAMP in UTC (an offset in the text is applied) |
//! | `from_iso8601_date(text)` | Athena/Trino | DATE |
//! | `date_parse(text, format)` | Athena/Trino (MySQL codes, as `date_format`) | TIMESTAMP |
//! | `strptime(text, format)` | DuckDB (strftime codes, as `strftime`) | TIMESTAMP |
//!
//! Text that does not match is an error naming the function, the text and the format, as in
//! those engines; NULL gives NULL. Fields the format leaves out are the start of their period
//! (`date_parse('2026/05', '%Y/%m')` is 2026-05-01 00:00:00).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Date32Array, TimestampMicrosecondArray};
use arrow::datatypes::{DataType, Date32Type, TimeUnit};
use chrono::format::{Item, Parsed, parse};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::scalar_doc_sections::DOC_SECTION_DATETIME;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use super::dates::{FormatDialect, Piece, compile_format};
use super::{call_error, coerce_arguments, invoke_arrays, is_string};
use crate::parse::parse_timestamp_micros;
use crate::strings::to_string_array;

/// How a function reads its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Reading {
    Iso8601Timestamp,
    Iso8601Date,
    Format(FormatDialect),
}

/// `from_iso8601_timestamp`, `from_iso8601_date`, `date_parse`, `strptime`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TextDateFunction {
    name: &'static str,
    reading: Reading,
    signature: Signature,
    doc: Documentation,
}

fn text_date_udf(
    name: &'static str,
    reading: Reading,
    description: &str,
    syntax: &str,
    example: &str,
) -> ScalarUDF {
    ScalarUDF::new_from_impl(TextDateFunction {
        name,
        reading,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: Documentation::builder(DOC_SECTION_DATETIME, description, syntax)
            .with_sql_example(format!("```sql\n{example}\n```"))
            .build(),
    })
}

/// Athena `from_iso8601_timestamp(text)`: an ISO 8601 date-time as a UTC timestamp.
pub fn from_iso8601_timestamp_udf() -> ScalarUDF {
    text_date_udf(
        "from_iso8601_timestamp",
        Reading::Iso8601Timestamp,
        "An ISO 8601 date-time (an offset or Z is applied; none means UTC) as a timestamp in \
         UTC (Athena/Trino).",
        "from_iso8601_timestamp(text)",
        "SELECT from_iso8601_timestamp('2026-05-20T02:00:00+02:00'); -- 2026-05-20T00:00:00Z",
    )
}

/// Athena `from_iso8601_date(text)`: an ISO 8601 date.
pub fn from_iso8601_date_udf() -> ScalarUDF {
    text_date_udf(
        "from_iso8601_date",
        Reading::Iso8601Date,
        "An ISO 8601 date (YYYY-MM-DD) as a DATE (Athena/Trino).",
        "from_iso8601_date(text)",
        "SELECT from_iso8601_date('2026-05-20'); -- 2026-05-20",
    )
}

/// Athena `date_parse(text, format)` with MySQL's format codes.
pub fn date_parse_udf() -> ScalarUDF {
    text_date_udf(
        "date_parse",
        Reading::Format(FormatDialect::MySql),
        "Text read with MySQL's format codes, as date_format writes them (Athena/Trino): %Y \
         %m %d %H %i (minutes) %s %f %p %b %M (month name) ...",
        "date_parse(text, format)",
        "SELECT date_parse('2026/05/20 13:45', '%Y/%m/%d %H:%i'); -- 2026-05-20T13:45:00",
    )
}

/// DuckDB `strptime(text, format)` with strftime codes.
pub fn strptime_udf() -> ScalarUDF {
    text_date_udf(
        "strptime",
        Reading::Format(FormatDialect::DuckDb),
        "Text read with DuckDB's strftime codes, as strftime writes them: %Y %m %d %H %M %S \
         %f %p %b %B ...",
        "strptime(text, format)",
        "SELECT strptime('20/05/2026', '%d/%m/%Y'); -- 2026-05-20T00:00:00",
    )
}

impl TextDateFunction {
    fn expected(&self) -> &'static str {
        match self.reading {
            Reading::Format(_) => "(text, format text)",
            _ => "(text)",
        }
    }
}

/// A compiled format as chrono items, or why it cannot be read with.
fn parse_items(
    dialect: FormatDialect,
    format: &str,
) -> std::result::Result<Vec<Item<'static>>, String> {
    let mut items = Vec::new();
    for piece in compile_format(dialect, format)? {
        match piece {
            Piece::Chrono(chrono_items) => items.extend(chrono_items),
            _ => return Err(format!("cannot read text with the format '{format}'")),
        }
    }
    Ok(items)
}

/// Text read with format items; fields left out are the start of their period.
fn read_with(text: &str, items: &[Item<'static>]) -> Option<NaiveDateTime> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, text, items.iter()).ok()?;
    if parsed.ordinal().is_none() {
        if parsed.month().is_none() {
            parsed.set_month(1).ok()?;
        }
        if parsed.day().is_none() {
            parsed.set_day(1).ok()?;
        }
    }
    let date = parsed.to_naive_date().ok()?;
    let time = parsed.to_naive_time().unwrap_or(NaiveTime::MIN);
    Some(date.and_time(time))
}

impl ScalarUDFImpl for TextDateFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        let text = |t: &DataType| is_string(t) || t == &DataType::Null;
        let ok = match (self.reading, arg_types) {
            (Reading::Format(_), [value, format]) => text(value) && text(format),
            (Reading::Format(_), _) => false,
            (_, [value]) => text(value),
            _ => false,
        };
        if !ok {
            return call_error(self.name, self.expected(), arg_types);
        }
        Ok(match self.reading {
            Reading::Iso8601Date => DataType::Date32,
            Reading::Iso8601Timestamp => {
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
            }
            Reading::Format(_) => DataType::Timestamp(TimeUnit::Microsecond, None),
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let name = self.name;
        invoke_arrays(&args, |arrays| {
            let texts = to_string_array(&arrays[0])?;
            match self.reading {
                Reading::Iso8601Timestamp => {
                    let mut out = Vec::with_capacity(texts.len());
                    for text in texts.iter() {
                        out.push(match text {
                            None => None,
                            Some(t) => match parse_timestamp_micros(t) {
                                Some(micros) => Some(micros),
                                None => {
                                    return exec_err!("{name}: '{t}' is not an ISO 8601 date-time");
                                }
                            },
                        });
                    }
                    let out = TimestampMicrosecondArray::from(out).with_timezone("UTC");
                    Ok(Arc::new(out) as ArrayRef)
                }
                Reading::Iso8601Date => {
                    let mut out = Vec::with_capacity(texts.len());
                    for text in texts.iter() {
                        out.push(match text {
                            None => None,
                            Some(t) => match NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d") {
                                Ok(date) => Some(Date32Type::from_naive_date(date)),
                                Err(_) => {
                                    return exec_err!("{name}: '{t}' is not an ISO 8601 date");
                                }
                            },
                        });
                    }
                    Ok(Arc::new(Date32Array::from(out)) as ArrayRef)
                }
                Reading::Format(dialect) => {
                    let formats = to_string_array(&arrays[1])?;
                    let mut compiled: Option<(String, Vec<Item<'static>>)> = None;
                    let mut out = Vec::with_capacity(texts.len());
                    for (text, format) in texts.iter().zip(formats.iter()) {
                        let (Some(text), Some(format)) = (text, format) else {
                            out.push(None);
                            continue;
                        };
                        if compiled.as_ref().is_none_or(|(f, _)| f != format) {
                            match parse_items(dialect, format) {
                                Ok(items) => compiled = Some((format.to_string(), items)),
                                Err(e) => return exec_err!("{name}: {e}"),
                            }
                        }
                        let items = compiled.as_ref().map(|(_, i)| i.as_slice()).unwrap_or(&[]);
                        match read_with(text, items) {
                            Some(t) => out.push(Some(t.and_utc().timestamp_micros())),
                            None => {
                                return exec_err!(
                                    "{name}: '{text}' does not match the format '{format}'"
                                );
                            }
                        }
                    }
                    Ok(Arc::new(TimestampMicrosecondArray::from(out)) as ArrayRef)
                }
            }
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{data_type, error, value};
    use arrow::datatypes::{DataType, TimeUnit};

    #[tokio::test]
    async fn dialect_text_dates_as_athena_and_duckdb_read_them() {
        // Athena / DuckDB answers
        for (sql, expected) in [
            (
                "from_iso8601_timestamp('2026-05-20T00:00:00Z')",
                "2026-05-20T00:00:00Z",
            ),
            (
                "from_iso8601_timestamp('2026-05-20T02:30:00+02:00')",
                "2026-05-20T00:30:00Z",
            ),
            ("from_iso8601_date('2026-05-20')", "2026-05-20"),
            (
                "date_parse('2026/05/20', '%Y/%m/%d')",
                "2026-05-20T00:00:00",
            ),
            (
                "date_parse('May 20 2026 1:45 PM', '%b %e %Y %l:%i %p')",
                "2026-05-20T13:45:00",
            ),
            ("date_parse('2026-05', '%Y-%m')", "2026-05-01T00:00:00"),
            (
                "strptime('20/05/2026 13:45:07', '%d/%m/%Y %H:%M:%S')",
                "2026-05-20T13:45:07",
            ),
            (
                "strptime('2026-05-20 13:45:07.250000', '%Y-%m-%d %H:%M:%S.%f')",
                "2026-05-20T13:45:07.250",
            ),
            ("strptime(CAST(NULL AS VARCHAR), '%Y')", "NULL"),
        ] {
            assert_eq!(value(&format!("SELECT {sql}")).await, expected, "{sql}");
        }
        assert_eq!(
            data_type("SELECT from_iso8601_timestamp('2026-05-20')").await,
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        );
        // a naive timestamp compares with a UTC one as UTC
        assert_eq!(
            value("SELECT from_iso8601_timestamp('2026-05-20T00:00:00Z') = date_parse('2026-05-20', '%Y-%m-%d')").await,
            "true"
        );
    }

    #[tokio::test]
    async fn dialect_text_dates_fail_naming_the_text() {
        let e = error("SELECT date_parse('20/05/2026', '%Y-%m-%d')").await;
        assert!(
            e.contains("date_parse: '20/05/2026' does not match the format '%Y-%m-%d'"),
            "{e}"
        );
        let e = error("SELECT from_iso8601_timestamp('yesterday')").await;
        assert!(e.contains("from_iso8601_timestamp: 'yesterday'"), "{e}");
        let e = error("SELECT strptime('2026', '%Q')").await;
        assert!(e.contains("strptime") && e.contains("%Q"), "{e}");
        let e = error("SELECT strptime('2026')").await;
        assert!(e.contains("strptime takes (text, format text)"), "{e}");
    }
}
