//! Functions that FinOps SQL is written with in other engines and that DataFusion lacks.
//!
//! Cost queries are shared as DuckDB, Athena/Trino or PostgreSQL SQL. Each function here keeps
//! the semantics of the dialect it comes from (DuckDB first, then Athena/Trino, then
//! PostgreSQL) so such a query gives the same answer here:
//!
//! - [`dates`] — `year`, `month`, `dayofweek`, `date_diff`, `date_add`, `strftime`, `last_day`,
//!   `epoch`, ...
//! - [`json`] — `json_extract`, `json_extract_string`, `json_value`, `json_exists`, `json_keys`,
//!   with JSONPath arguments, over the functions of datafusion-functions-json.
//! - [`regexp`] — `regexp_extract`.
//!
//! A call with the wrong number or types of arguments fails at planning with an error that
//! names the function and what it takes.

pub mod dates;
pub mod division;
pub mod intervals;
pub mod json;
pub mod regexp;
pub mod representation;
pub mod rounding;
pub mod text_dates;

use arrow::array::ArrayRef;
use arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs};

/// The argument types of a call, for error messages.
fn type_names(types: &[DataType]) -> String {
    types
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The planning error for a call whose arguments the function does not take.
pub(crate) fn call_error<T>(name: &str, expected: &str, got: &[DataType]) -> Result<T> {
    plan_err!(
        "{name} takes {expected}; it was called with ({})",
        type_names(got)
    )
}

/// True for Arrow's string types.
pub(crate) fn is_string(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// True for Arrow's integer types.
pub(crate) fn is_integer(data_type: &DataType) -> bool {
    data_type.is_integer()
}

/// True for the types a date-time argument accepts: timestamps of any unit and time zone,
/// dates, strings that cast to a timestamp, and a NULL literal.
pub(crate) fn is_datetime_input(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Timestamp(_, _) | DataType::Date32 | DataType::Date64 | DataType::Null
    ) || is_string(data_type)
}

/// Argument coercion shared by the functions here: dictionaries are read as their values and
/// integers as Int64. Anything else is left for `return_type` to accept or reject, so a wrong
/// call fails with a planning error that names the function.
pub(crate) fn coerce_arguments(arg_types: &[DataType]) -> Vec<DataType> {
    arg_types
        .iter()
        .map(|t| {
            let t = match t {
                DataType::Dictionary(_, value) => value.as_ref(),
                t => t,
            };
            if is_integer(t) {
                DataType::Int64
            } else {
                t.clone()
            }
        })
        .collect()
}

/// The string value of a literal argument, if it is one: `Some(None)` for a NULL literal.
pub(crate) fn literal_string(scalar: Option<&ScalarValue>) -> Option<Option<String>> {
    let scalar = scalar?;
    if scalar.is_null() {
        return Some(None);
    }
    scalar.try_as_str().flatten().map(|s| Some(s.to_string()))
}

/// Evaluate a function row by row over arrays: when every argument is a scalar the arrays have
/// one row and the result is a scalar, otherwise they have the batch's rows.
pub(crate) fn invoke_arrays(
    args: &ScalarFunctionArgs,
    f: impl FnOnce(&[ArrayRef]) -> Result<ArrayRef>,
) -> Result<ColumnarValue> {
    let all_scalars = args
        .args
        .iter()
        .all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let rows = if all_scalars { 1 } else { args.number_rows };
    let arrays = args
        .args
        .iter()
        .map(|a| a.to_array(rows))
        .collect::<Result<Vec<_>>>()?;
    let result = f(&arrays)?;
    if all_scalars {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            &result, 0,
        )?))
    } else {
        Ok(ColumnarValue::Array(result))
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Running SQL through a session with every focusql function registered.

    use arrow::array::RecordBatch;
    use arrow::util::display::{ArrayFormatter, FormatOptions};
    use datafusion::common::Result;
    use datafusion::prelude::{SessionConfig, SessionContext};

    /// A session with focusql's functions and, as focusql's sessions, case-sensitive
    /// identifiers (FOCUS column names are PascalCase).
    pub fn context() -> SessionContext {
        let mut config = SessionConfig::new();
        config.options_mut().sql_parser.enable_ident_normalization = false;
        let mut ctx = SessionContext::new_with_config(config);
        crate::register_all(&mut ctx).expect("register functions");
        ctx
    }

    /// Run a query and return its batches.
    pub async fn run(sql: &str) -> Result<Vec<RecordBatch>> {
        context().sql(sql).await?.collect().await
    }

    /// Every value of the first row of a query, as displayed text (`NULL` for null).
    pub async fn row(sql: &str) -> Vec<String> {
        let batches = run(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        let batch = batches
            .iter()
            .find(|b| b.num_rows() > 0)
            .unwrap_or_else(|| panic!("{sql}: no rows"));
        let options = FormatOptions::default().with_null("NULL");
        batch
            .columns()
            .iter()
            .map(|c| {
                ArrayFormatter::try_new(c.as_ref(), &options)
                    .unwrap()
                    .value(0)
                    .to_string()
            })
            .collect()
    }

    /// The single value of a one-row, one-column query, as displayed text.
    pub async fn value(sql: &str) -> String {
        let mut row = row(sql).await;
        assert_eq!(row.len(), 1, "{sql}");
        row.remove(0)
    }

    /// The values of the first column of every row of a query, as displayed text.
    pub async fn column(sql: &str) -> Vec<String> {
        let batches = run(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        let options = FormatOptions::default().with_null("NULL");
        let mut out = Vec::new();
        for batch in &batches {
            let formatter = ArrayFormatter::try_new(batch.column(0).as_ref(), &options).unwrap();
            for i in 0..batch.num_rows() {
                out.push(formatter.value(i).to_string());
            }
        }
        out
    }

    /// The data type of the single column of a query.
    pub async fn data_type(sql: &str) -> arrow::datatypes::DataType {
        let df = context()
            .sql(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        df.schema().field(0).data_type().clone()
    }

    /// The error of a query that must fail, at planning or execution.
    pub async fn error(sql: &str) -> String {
        match run(sql).await {
            Ok(batches) => panic!("{sql}: expected an error, got {batches:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// The error of a query that must fail while it is planned (before any row is read).
    pub async fn plan_error(sql: &str) -> String {
        match context().sql(sql).await {
            Ok(df) => match df.into_optimized_plan() {
                Ok(plan) => panic!("{sql}: expected a planning error, got\n{plan}"),
                Err(e) => e.to_string(),
            },
            Err(e) => e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    //! The functions together, over a FOCUS-like table, as FinOps queries use them.

    use std::sync::Arc;

    use arrow::array::{Decimal128Array, RecordBatch, StringArray, TimestampMicrosecondArray};
    use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
    use arrow::util::pretty::pretty_format_batches;

    use super::test_util::context;

    fn billing() -> RecordBatch {
        let utc = || DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()));
        let schema = Arc::new(Schema::new(vec![
            Field::new("ChargePeriodStart", utc(), false),
            Field::new("BilledCost", DataType::Decimal128(38, 10), false),
            Field::new("ResourceId", DataType::Utf8, true),
            Field::new("Tags", DataType::Utf8, true),
        ]));
        let micros = |s: &str| crate::parse::parse_timestamp_micros(s).unwrap();
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(
                    TimestampMicrosecondArray::from(vec![
                        micros("2026-01-31T23:00:00Z"),
                        micros("2026-02-01T00:00:00Z"),
                        micros("2026-02-28T12:00:00Z"),
                        micros("2026-03-01T01:00:00Z"),
                    ])
                    .with_timezone("UTC"),
                ),
                Arc::new(
                    Decimal128Array::from(vec![
                        10_0000000000,
                        20_0000000000,
                        5_0000000000,
                        1_0000000000,
                    ])
                    .with_precision_and_scale(38, 10)
                    .unwrap(),
                ),
                Arc::new(StringArray::from(vec![
                    Some("arn:aws:ec2:us-east-1:123:instance/i-0a"),
                    Some("arn:aws:ec2:us-east-1:123:instance/i-0b"),
                    None,
                    Some("arn:aws:s3:::bucket-1"),
                ])),
                Arc::new(StringArray::from(vec![
                    Some(r#"{"env": "prod", "team": "data"}"#),
                    Some(r#"{"env": "dev"}"#),
                    Some(r#"{"env": "prod""#),
                    None,
                ])),
            ],
        )
        .unwrap()
    }

    async fn table(sql: &str) -> String {
        let ctx = context();
        ctx.register_batch("billing", billing()).unwrap();
        let batches = ctx
            .sql(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .collect()
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        pretty_format_batches(&batches).unwrap().to_string()
    }

    #[tokio::test]
    async fn dialect_finops_queries() {
        let out = table(
            "SELECT strftime(ChargePeriodStart, '%Y-%m') AS month, \
                    coalesce(json_extract_string(Tags, '$.env'), 'untagged') AS env, \
                    sum(BilledCost) AS cost \
             FROM billing GROUP BY 1, 2 ORDER BY 1, 2",
        )
        .await;
        let expected = "\
+---------+----------+---------------+
| month   | env      | cost          |
+---------+----------+---------------+
| 2026-01 | prod     | 10.0000000000 |
| 2026-02 | dev      | 20.0000000000 |
| 2026-02 | untagged | 5.0000000000  |
| 2026-03 | untagged | 1.0000000000  |
+---------+----------+---------------+";
        assert_eq!(out, expected);

        let out = table(
            "SELECT date(ChargePeriodStart) AS day, last_day(ChargePeriodStart) AS month_end, \
                    date_diff('day', ChargePeriodStart, last_day(ChargePeriodStart)) AS days_left, \
                    date_add(ChargePeriodStart, INTERVAL 1 MONTH) AS next_month, \
                    regexp_extract(ResourceId, 'instance/(.+)', 1) AS instance, \
                    dayofweek(ChargePeriodStart) AS dow \
             FROM billing ORDER BY ChargePeriodStart",
        )
        .await;
        let expected = "\
+------------+------------+-----------+----------------------+----------+-----+
| day        | month_end  | days_left | next_month           | instance | dow |
+------------+------------+-----------+----------------------+----------+-----+
| 2026-01-31 | 2026-01-31 | 0         | 2026-02-28T23:00:00Z | i-0a     | 6   |
| 2026-02-01 | 2026-02-28 | 27        | 2026-03-01T00:00:00Z | i-0b     | 0   |
| 2026-02-28 | 2026-02-28 | 0         | 2026-03-28T12:00:00Z |          | 6   |
| 2026-03-01 | 2026-03-31 | 30        | 2026-04-01T01:00:00Z |          | 0   |
+------------+------------+-----------+----------------------+----------+-----+";
        assert_eq!(out, expected);

        let out = table(
            "SELECT tag, count(*) AS n FROM \
             (SELECT unnest(json_keys(Tags)) AS tag FROM billing) GROUP BY tag ORDER BY tag",
        )
        .await;
        let expected = "\
+------+---+
| tag  | n |
+------+---+
| env  | 2 |
| team | 1 |
+------+---+";
        assert_eq!(out, expected);

        // in a filter, with the unit and dates as DuckDB and Athena users write them
        let out = table(
            "SELECT count(*) AS n FROM billing \
             WHERE year(ChargePeriodStart) = 2026 AND month(ChargePeriodStart) = 2 \
               AND date_diff('month', ChargePeriodStart, DATE '2026-03-15') = 1 \
               AND ChargePeriodStart < date_add('day', 30, DATE '2026-02-01')",
        )
        .await;
        assert!(out.contains("| 2 |"), "{out}");

        // function names are case-insensitive, as everywhere in SQL
        let out = table(
            "SELECT DATE_DIFF('DAY', MIN(ChargePeriodStart), MAX(ChargePeriodStart)) AS span, \
                    MAX(JSON_EXTRACT_STRING(Tags, '$.team')) AS team FROM billing",
        )
        .await;
        assert!(out.contains("| 29   | data |"), "{out}");
    }

    #[test]
    fn dialect_functions_are_registered_with_documentation() {
        let functions = crate::scalar_functions();
        for name in [
            "year",
            "quarter",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "dayofweek",
            "isodow",
            "dayofyear",
            "week",
            "isoyear",
            "date",
            "last_day",
            "epoch",
            "epoch_ms",
            "strftime",
            "date_format",
            "date_diff",
            "date_add",
            "date_sub",
            "regexp_extract",
            "json_extract",
            "json_extract_string",
            "json_extract_scalar",
            "json_value",
            "json_exists",
            "json_keys",
            "json_array_length",
            "from_iso8601_timestamp",
            "from_iso8601_date",
            "date_parse",
            "strptime",
        ] {
            let udf = functions
                .iter()
                .find(|f| f.name() == name)
                .unwrap_or_else(|| panic!("{name} is not in scalar_functions()"));
            assert!(udf.documentation().is_some(), "{name} has no documentation");
        }
    }
}
