//! `ROUND(decimal, n)` with one result type from planning to execution. DataFusion 55's `round`
//! narrows a decimal's scale to `n` only when `n` is a literal when its type is asked, but type
//! coercion first wraps an integer literal `n` in `CAST(n AS Int32)`: the planner then takes
//! the input scale (`COALESCE(ROUND(SUM(BilledCost), 2), 0)` coerces the `0` to scale 10),
//! and after constant folding the function returns scale 2, so the plan fails ("CASE expression
//! 'then' values had multiple data types", "column types must match schema types"). Giving
//! `round` its decimal places as an Int32 literal before coercion keeps the literal, so the
//! type is the narrowed one (`DECIMAL(38, 2)`, as DuckDB) throughout.

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::Transformed;
use datafusion::common::{DFSchema, Result, ScalarValue};
use datafusion::logical_expr::Expr;
use datafusion::logical_expr::expr::ScalarFunction;
use datafusion::logical_expr::expr_rewriter::FunctionRewrite;

/// The function rewrite that gives `round` an Int32 literal for its decimal places.
#[derive(Debug, Default)]
pub struct RoundPlaces;

impl FunctionRewrite for RoundPlaces {
    fn name(&self) -> &str {
        "round_places"
    }

    fn rewrite(
        &self,
        expr: Expr,
        _schema: &DFSchema,
        _config: &ConfigOptions,
    ) -> Result<Transformed<Expr>> {
        let Expr::ScalarFunction(ScalarFunction { func, mut args }) = expr else {
            return Ok(Transformed::no(expr));
        };
        let places = match args.get(1) {
            Some(Expr::Literal(value, _)) if func.name() == "round" && args.len() == 2 => {
                int32_places(value)
            }
            _ => None,
        };
        match places {
            Some(places) => {
                args[1] = Expr::Literal(ScalarValue::Int32(Some(places)), None);
                Ok(Transformed::yes(Expr::ScalarFunction(ScalarFunction {
                    func,
                    args,
                })))
            }
            None => Ok(Transformed::no(Expr::ScalarFunction(ScalarFunction {
                func,
                args,
            }))),
        }
    }
}

/// An integer literal of another width as an i32, when it fits.
fn int32_places(value: &ScalarValue) -> Option<i32> {
    let wide = match value {
        ScalarValue::Int8(Some(v)) => i64::from(*v),
        ScalarValue::Int16(Some(v)) => i64::from(*v),
        ScalarValue::Int64(Some(v)) => *v,
        ScalarValue::UInt8(Some(v)) => i64::from(*v),
        ScalarValue::UInt16(Some(v)) => i64::from(*v),
        ScalarValue::UInt32(Some(v)) => i64::from(*v),
        ScalarValue::UInt64(Some(v)) => i64::try_from(*v).ok()?,
        _ => return None,
    };
    i32::try_from(wide).ok()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{data_type, value};
    use arrow::datatypes::DataType;

    #[tokio::test]
    async fn round_of_a_null_decimal_has_the_narrowed_scale() {
        assert_eq!(
            value("SELECT COALESCE(ROUND(CAST(NULL AS DECIMAL(38, 10)), 2), 0)").await,
            "0.00"
        );
        assert_eq!(
            data_type("SELECT COALESCE(ROUND(CAST(NULL AS DECIMAL(38, 10)), 2), 0)").await,
            DataType::Decimal128(38, 2)
        );
        assert_eq!(
            value(
                "SELECT COALESCE(ROUND(SUM(x), 2), 0) FROM \
                 (SELECT CAST(1.005 AS DECIMAL(38, 10)) AS x) WHERE x < 0"
            )
            .await,
            "0.00"
        );
    }

    #[tokio::test]
    async fn round_of_a_decimal_is_half_away_from_zero() {
        assert_eq!(
            value("SELECT COALESCE(ROUND(CAST(2.345 AS DECIMAL(38, 10)), 2), 0)").await,
            "2.35"
        );
        assert_eq!(
            value("SELECT ROUND(CAST(-2.345 AS DECIMAL(38, 10)), 2)").await,
            "-2.35"
        );
        assert_eq!(
            value("SELECT ROUND(CAST(1234.5 AS DECIMAL(38, 10)), -2)").await,
            "1200"
        );
    }
}
