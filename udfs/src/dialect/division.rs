//! Division as DuckDB does it: `/` between two integers is a true division giving a DOUBLE
//! (`7 / 2` is 3.5, not 3), and `//` is integer division truncating toward zero (`7 // 2` is 3,
//! `-7 // 2` is -3). Decimals keep DataFusion's exact decimal division (DuckDB would give a
//! DOUBLE), so money divided by a count stays exact. `a // b` is planned as
//! [`integer_div_udf`] (the session rewrites the operator to the call).

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::Transformed;
use datafusion::common::{DFSchema, Result};
use datafusion::logical_expr::expr::BinaryExpr;
use datafusion::logical_expr::expr_rewriter::FunctionRewrite;
use datafusion::logical_expr::{Expr, ExprSchemable, Operator, cast};
use std::sync::Arc;

use arrow::array::{ArrayRef, AsArray, Float64Array, Int64Array};
use arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

/// The function rewrite that gives `/` and `//` DuckDB's meaning.
#[derive(Debug, Default)]
pub struct DuckDbDivision;

impl FunctionRewrite for DuckDbDivision {
    fn name(&self) -> &str {
        "duckdb_division"
    }

    fn rewrite(
        &self,
        expr: Expr,
        schema: &DFSchema,
        _config: &ConfigOptions,
    ) -> Result<Transformed<Expr>> {
        let Expr::BinaryExpr(BinaryExpr { left, op, right }) = expr else {
            return Ok(Transformed::no(expr));
        };
        let integers = || {
            let is_integer = |e: &Expr| e.get_type(schema).is_ok_and(|t| t.is_integer());
            is_integer(&left) && is_integer(&right)
        };
        match op {
            Operator::Divide if integers() => {
                Ok(Transformed::yes(Expr::BinaryExpr(BinaryExpr::new(
                    Box::new(cast(*left, DataType::Float64)),
                    Operator::Divide,
                    Box::new(cast(*right, DataType::Float64)),
                ))))
            }
            _ => Ok(Transformed::no(Expr::BinaryExpr(BinaryExpr {
                left,
                op,
                right,
            }))),
        }
    }
}

/// `integer_div(a, b)`: DuckDB's `a // b`. Integers divide truncating toward zero (`-7 // 2` is
/// -3); other numbers divide as DOUBLE (DuckDB: `7.5 // 2` is 3.75). Division by zero is NULL.
pub fn integer_div_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(IntegerDiv {
        signature: Signature::uniform(
            2,
            vec![DataType::Int64, DataType::Float64],
            Volatility::Immutable,
        ),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct IntegerDiv {
    signature: Signature,
}

impl ScalarUDFImpl for IntegerDiv {
    fn name(&self) -> &str {
        "integer_div"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        Ok(args[0].clone())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let result: ArrayRef = match arrays[0].data_type() {
            DataType::Int64 => {
                let (a, b) = (
                    arrays[0].as_primitive::<Int64Type>(),
                    arrays[1].as_primitive::<Int64Type>(),
                );
                Arc::new(
                    a.iter()
                        .zip(b.iter())
                        .map(|(a, b)| match (a, b) {
                            (Some(a), Some(b)) => a.checked_div(b),
                            _ => None,
                        })
                        .collect::<Int64Array>(),
                )
            }
            _ => {
                let (a, b) = (
                    arrays[0].as_primitive::<Float64Type>(),
                    arrays[1].as_primitive::<Float64Type>(),
                );
                Arc::new(
                    a.iter()
                        .zip(b.iter())
                        .map(|(a, b)| match (a, b) {
                            (Some(a), Some(b)) if b != 0.0 => Some(a / b),
                            _ => None,
                        })
                        .collect::<Float64Array>(),
                )
            }
        };
        Ok(ColumnarValue::Array(result))
    }
}
