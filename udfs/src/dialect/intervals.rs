//! Durations against intervals as DuckDB compares them. A timestamp minus a timestamp is an
//! Arrow Duration here (an INTERVAL in DuckDB); DataFusion compares or adds it to an `INTERVAL`
//! by casting the interval to a Duration, which is NULL for any interval with days or months,
//! so `ChargePeriodEnd - ChargePeriodStart > INTERVAL '1 day'` matched no row. DuckDB compares
//! intervals by their length with a month counted as 30 days and a day as 24 hours; the rewrite
//! here turns the interval side into a Duration of that length, so the comparison (or the sum,
//! or the difference) is between two durations.

use std::sync::Arc;

use arrow::array::{ArrayRef, AsArray, DurationNanosecondArray};
use arrow::datatypes::{DataType, IntervalMonthDayNanoType, IntervalUnit, TimeUnit};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::Transformed;
use datafusion::common::{DFSchema, Result, ScalarValue};
use datafusion::logical_expr::expr::{Between, BinaryExpr};
use datafusion::logical_expr::expr_rewriter::FunctionRewrite;
use datafusion::logical_expr::{
    ColumnarValue, Expr, ExprSchemable, Operator, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility, cast, lit,
};

use super::{call_error, invoke_arrays};

const NANOS_PER_DAY: i64 = 86_400_000_000_000;

/// The function rewrite that compares and adds Durations and INTERVALs as DuckDB does.
#[derive(Debug, Default)]
pub struct DurationIntervals;

impl FunctionRewrite for DurationIntervals {
    fn name(&self) -> &str {
        "duration_intervals"
    }

    fn rewrite(
        &self,
        expr: Expr,
        schema: &DFSchema,
        _config: &ConfigOptions,
    ) -> Result<Transformed<Expr>> {
        let duration_unit = |e: &Expr| match e.get_type(schema) {
            Ok(DataType::Duration(unit)) => Some(unit),
            _ => None,
        };
        let is_interval = |e: &Expr| matches!(e.get_type(schema), Ok(DataType::Interval(_)));
        match expr {
            Expr::BinaryExpr(BinaryExpr { left, op, right }) if applies(op) => {
                if let (Some(unit), true) = (duration_unit(&left), is_interval(&right)) {
                    let right = Box::new(as_duration(*right, unit));
                    return Ok(Transformed::yes(Expr::BinaryExpr(BinaryExpr {
                        left,
                        op,
                        right,
                    })));
                }
                if let (true, Some(unit)) = (is_interval(&left), duration_unit(&right)) {
                    let left = Box::new(as_duration(*left, unit));
                    return Ok(Transformed::yes(Expr::BinaryExpr(BinaryExpr {
                        left,
                        op,
                        right,
                    })));
                }
                Ok(Transformed::no(Expr::BinaryExpr(BinaryExpr {
                    left,
                    op,
                    right,
                })))
            }
            Expr::Between(between) => match duration_unit(&between.expr) {
                Some(unit) if is_interval(&between.low) || is_interval(&between.high) => {
                    let side = |e: Box<Expr>| {
                        if is_interval(&e) {
                            Box::new(as_duration(*e, unit))
                        } else {
                            e
                        }
                    };
                    Ok(Transformed::yes(Expr::Between(Between {
                        expr: between.expr,
                        negated: between.negated,
                        low: side(between.low),
                        high: side(between.high),
                    })))
                }
                _ => Ok(Transformed::no(Expr::Between(between))),
            },
            other => Ok(Transformed::no(other)),
        }
    }
}

/// The operators whose Duration/INTERVAL operands are rewritten.
fn applies(op: Operator) -> bool {
    matches!(
        op,
        Operator::Eq
            | Operator::NotEq
            | Operator::Lt
            | Operator::LtEq
            | Operator::Gt
            | Operator::GtEq
            | Operator::IsDistinctFrom
            | Operator::IsNotDistinctFrom
            | Operator::Plus
            | Operator::Minus
    )
}

/// An interval expression as a Duration of `unit`: a literal is converted now, anything else
/// through [`interval_to_duration_udf`].
fn as_duration(interval: Expr, unit: TimeUnit) -> Expr {
    let nanos = match &interval {
        Expr::Literal(value, _) => literal_nanos(value),
        _ => None,
    };
    match nanos {
        Some(nanos) => lit(duration_scalar(nanos, unit)),
        None => cast(
            interval_to_duration_udf().call(vec![interval]),
            DataType::Duration(unit),
        ),
    }
}

/// The length in nanoseconds of an interval literal (`Some(None)` for a NULL interval).
fn literal_nanos(value: &ScalarValue) -> Option<Option<i64>> {
    Some(match value {
        ScalarValue::IntervalMonthDayNano(v) => {
            v.map(|v| interval_nanos(v.months, v.days, v.nanoseconds))
        }
        ScalarValue::IntervalDayTime(v) => {
            v.map(|v| interval_nanos(0, v.days, i64::from(v.milliseconds) * 1_000_000))
        }
        ScalarValue::IntervalYearMonth(v) => v.map(|months| interval_nanos(months, 0, 0)),
        _ => return None,
    })
}

/// DuckDB's length of an interval: a month is 30 days, a day 24 hours (saturating).
fn interval_nanos(months: i32, days: i32, nanos: i64) -> i64 {
    let days = i64::from(months) * 30 + i64::from(days);
    days.saturating_mul(NANOS_PER_DAY).saturating_add(nanos)
}

fn duration_scalar(nanos: Option<i64>, unit: TimeUnit) -> ScalarValue {
    match unit {
        TimeUnit::Second => ScalarValue::DurationSecond(nanos.map(|n| n / 1_000_000_000)),
        TimeUnit::Millisecond => ScalarValue::DurationMillisecond(nanos.map(|n| n / 1_000_000)),
        TimeUnit::Microsecond => ScalarValue::DurationMicrosecond(nanos.map(|n| n / 1_000)),
        TimeUnit::Nanosecond => ScalarValue::DurationNanosecond(nanos),
    }
}

/// `interval_to_duration(interval)`: the interval's length as a nanosecond Duration, a month
/// counted as 30 days (DuckDB's interval comparison). Used by the rewrite for intervals that
/// are not literals.
pub fn interval_to_duration_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(IntervalToDuration {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct IntervalToDuration {
    signature: Signature,
}

impl ScalarUDFImpl for IntervalToDuration {
    fn name(&self) -> &str {
        "interval_to_duration"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Interval(_) | DataType::Null] => {
                Ok(vec![DataType::Interval(IntervalUnit::MonthDayNano)])
            }
            _ => call_error(self.name(), "(INTERVAL)", arg_types),
        }
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Duration(TimeUnit::Nanosecond))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let intervals = arrays[0].as_primitive::<IntervalMonthDayNanoType>();
            let out: DurationNanosecondArray = intervals
                .iter()
                .map(|v| v.map(|v| interval_nanos(v.months, v.days, v.nanoseconds)))
                .collect();
            Ok(Arc::new(out) as ArrayRef)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{column, value};

    const SPANS: &str = "(VALUES (TIMESTAMP '2026-05-01 00:00:00', TIMESTAMP '2026-05-01 12:00:00'), \
         (TIMESTAMP '2026-05-01 00:00:00', TIMESTAMP '2026-05-02 00:00:00'), \
         (TIMESTAMP '2026-05-01 00:00:00', TIMESTAMP '2026-05-03 00:00:00'), \
         (TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-02-15 00:00:00')) AS t(s, e)";

    #[tokio::test]
    async fn a_duration_compares_with_an_interval_by_length() {
        let count = |cond: &str| format!("SELECT count(*) FROM {SPANS} WHERE {cond}");
        // 12 hours, 1 day, 2 days, 45 days
        assert_eq!(value(&count("e - s > INTERVAL '1 day'")).await, "2");
        assert_eq!(value(&count("e - s >= INTERVAL '1 day'")).await, "3");
        assert_eq!(value(&count("e - s = INTERVAL '24 hours'")).await, "1");
        assert_eq!(value(&count("e - s < INTERVAL '6 hours'")).await, "0");
        // a month is 30 days, as DuckDB compares intervals
        assert_eq!(value(&count("e - s > INTERVAL '1 month'")).await, "1");
        assert_eq!(value(&count("INTERVAL '1 month' > e - s")).await, "3");
        assert_eq!(
            value(&count(
                "e - s BETWEEN INTERVAL '1 day' AND INTERVAL '2 days'"
            ))
            .await,
            "2"
        );
        // an interval that is not a literal
        assert_eq!(
            value(&count(
                "e - s > CASE WHEN s > e THEN INTERVAL '1 day' ELSE INTERVAL '36 hours' END"
            ))
            .await,
            "2"
        );
    }

    #[tokio::test]
    async fn a_duration_plus_an_interval_is_a_duration() {
        let count = |cond: &str| format!("SELECT count(*) FROM {SPANS} WHERE {cond}");
        // 12 hours, 1 day, 2 days, 45 days, each plus a day
        assert_eq!(
            value(&count("(e - s) + INTERVAL '1 day' > INTERVAL '2 days'")).await,
            "2"
        );
        assert_eq!(
            value(&count("INTERVAL '1 day' + (e - s) >= INTERVAL '2 days'")).await,
            "3"
        );
        assert_eq!(
            value(&count("(e - s) - INTERVAL '1 month' > INTERVAL '14 days'")).await,
            "1"
        );
        assert_eq!(
            column(&format!(
                "SELECT CAST((e - s) + INTERVAL '1 hour' AS VARCHAR) FROM {SPANS} ORDER BY e - s"
            ))
            .await,
            [
                "0 days 13 hours 0 mins 0.000000000 secs",
                "1 days 1 hours 0 mins 0.000000000 secs",
                "2 days 1 hours 0 mins 0.000000000 secs",
                "45 days 1 hours 0 mins 0.000000000 secs"
            ]
        );
    }
}
