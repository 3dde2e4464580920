//! Timestamps written and read as DuckDB does:
//!
//! - `CAST(ts AS VARCHAR)` of a UTC timestamp is `2026-05-01 00:00:00+00` (DuckDB's text of a
//!   TIMESTAMPTZ in a UTC session), of a timestamp without zone `2026-05-01 00:00:00`; fractions
//!   of a second are written only when not zero, without trailing zeros (`00:00:00.5+00`).
//!   DataFusion would write `2026-05-01T00:00:00Z`. Timestamps in other zones keep DataFusion's
//!   text.
//! - `to_timestamp(number)` (seconds since the epoch) is a UTC timestamp, as DuckDB's
//!   TIMESTAMPTZ, instead of a timestamp without zone.

use std::sync::Arc;

use arrow::array::{ArrayRef, AsArray, StringArray};
use arrow::datatypes::{DataType, TimeUnit, TimestampMicrosecondType};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::Transformed;
use datafusion::common::{DFSchema, Result};
use datafusion::logical_expr::expr::{Cast, ScalarFunction, TryCast};
use datafusion::logical_expr::expr_rewriter::FunctionRewrite;
use datafusion::logical_expr::{
    ColumnarValue, Expr, ExprSchemable, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility, cast,
};

use super::{call_error, invoke_arrays, is_string};

/// The function rewrite for DuckDB's timestamp text and `to_timestamp(number)`.
#[derive(Debug, Default)]
pub struct DuckDbTimestamps;

/// True for a zone written `+00` by DuckDB in a UTC session.
fn is_utc(zone: &str) -> bool {
    matches!(zone, "UTC" | "+00:00" | "Z" | "+00")
}

/// The timestamp types whose text is rewritten.
fn rewritten_timestamp(data_type: &DataType) -> bool {
    match data_type {
        DataType::Timestamp(_, None) => true,
        DataType::Timestamp(_, Some(zone)) => is_utc(zone),
        _ => false,
    }
}

impl FunctionRewrite for DuckDbTimestamps {
    fn name(&self) -> &str {
        "duckdb_timestamps"
    }

    fn rewrite(
        &self,
        expr: Expr,
        schema: &DFSchema,
        _config: &ConfigOptions,
    ) -> Result<Transformed<Expr>> {
        let timestamp = |e: &Expr| e.get_type(schema).is_ok_and(|t| rewritten_timestamp(&t));
        match expr {
            Expr::Cast(Cast { expr, field })
                if is_string(field.data_type()) && timestamp(&expr) =>
            {
                let text = timestamp_text_udf().call(vec![*expr]);
                Ok(Transformed::yes(cast(text, field.data_type().clone())))
            }
            Expr::TryCast(TryCast { expr, field })
                if is_string(field.data_type()) && timestamp(&expr) =>
            {
                let text = timestamp_text_udf().call(vec![*expr]);
                Ok(Transformed::yes(cast(text, field.data_type().clone())))
            }
            Expr::ScalarFunction(ScalarFunction { func, args })
                if func.name() == "to_timestamp"
                    && args.len() == 1
                    && args[0]
                        .get_type(schema)
                        .is_ok_and(|t| t.is_numeric() && !matches!(t, DataType::Null)) =>
            {
                let call = Expr::ScalarFunction(ScalarFunction { func, args });
                Ok(Transformed::yes(cast(
                    call,
                    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
                )))
            }
            other => Ok(Transformed::no(other)),
        }
    }
}

/// `timestamp_text(ts)`: a timestamp's text as DuckDB writes it (see the module docs). Used
/// by the rewrite of `CAST(ts AS VARCHAR)`.
pub fn timestamp_text_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(TimestampText {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct TimestampText {
    signature: Signature,
}

/// One timestamp, microseconds since the epoch, as DuckDB's text.
fn duckdb_text(micros: i64, zoned: bool) -> Option<String> {
    let t = chrono::DateTime::from_timestamp_micros(micros)?.naive_utc();
    let mut text = t.format("%Y-%m-%d %H:%M:%S").to_string();
    let fraction = micros.rem_euclid(1_000_000);
    if fraction != 0 {
        let digits = format!("{fraction:06}");
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    if zoned {
        text.push_str("+00");
    }
    Some(text)
}

impl ScalarUDFImpl for TimestampText {
    fn name(&self) -> &str {
        "timestamp_text"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t @ DataType::Timestamp(_, _)] if rewritten_timestamp(t) => Ok(arg_types.to_vec()),
            _ => call_error(self.name(), "(TIMESTAMP without zone or in UTC)", arg_types),
        }
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let zoned = matches!(arrays[0].data_type(), DataType::Timestamp(_, Some(_)));
            let micros = arrow::compute::cast(
                arrays[0].as_ref(),
                &DataType::Timestamp(TimeUnit::Microsecond, None),
            )?;
            let out: StringArray = micros
                .as_primitive::<TimestampMicrosecondType>()
                .iter()
                .map(|v| v.and_then(|v| duckdb_text(v, zoned)))
                .collect();
            Ok(Arc::new(out) as ArrayRef)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::value;

    #[tokio::test]
    async fn timestamps_cast_to_text_as_duckdb_writes_them() {
        // DuckDB 1.x, SET TimeZone = 'UTC'
        for (sql, expected) in [
            (
                "CAST(to_timestamp(1777593600) AS VARCHAR)",
                "2026-05-01 00:00:00+00",
            ),
            (
                "CAST(to_timestamp(1777593600.5) AS VARCHAR)",
                "2026-05-01 00:00:00.5+00",
            ),
            (
                "CAST(TIMESTAMP '2026-05-01 10:11:12.123456' AS VARCHAR)",
                "2026-05-01 10:11:12.123456",
            ),
            (
                "TIMESTAMP '2026-05-01 10:11:12'::VARCHAR",
                "2026-05-01 10:11:12",
            ),
            (
                "TRY_CAST(TIMESTAMP '1969-12-31 23:59:59.75' AS VARCHAR)",
                "1969-12-31 23:59:59.75",
            ),
            ("CAST(DATE '2026-05-01' AS VARCHAR)", "2026-05-01"),
            ("CAST(CAST(NULL AS TIMESTAMP) AS VARCHAR)", "NULL"),
        ] {
            assert_eq!(value(&format!("SELECT {sql}")).await, expected, "{sql}");
        }
    }

    #[tokio::test]
    async fn to_timestamp_of_a_number_is_utc() {
        // (the type after analysis, where the rewrite applies)
        assert_eq!(
            value("SELECT arrow_typeof(to_timestamp(1.5))").await,
            r#"Timestamp(µs, "UTC")"#
        );
        assert_eq!(
            value("SELECT to_timestamp(1777593600)").await,
            "2026-05-01T00:00:00Z"
        );
        assert_eq!(
            value("SELECT to_timestamp(1.5)").await,
            "1970-01-01T00:00:01.500Z"
        );
        // text keeps DataFusion's reading
        assert_eq!(
            value("SELECT arrow_typeof(to_timestamp('2026-05-01 00:00:00'))").await,
            "Timestamp(ns)"
        );
    }
}
