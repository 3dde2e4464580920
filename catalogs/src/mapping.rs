//! Shared helpers that turn raw columns into FOCUS columns as DataFusion expressions.
//!
//! Every billing-format module maps with these, so money, date-times and strings are read the
//! same way everywhere: text through the exact parsers of `focusql-udfs`, typed columns through
//! casts. Plain columns stay plain column references, so filters and projections reach the scan.

use arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::DFSchema;
use datafusion::common::{Column, ScalarValue};
use datafusion::logical_expr::{Expr, ExprSchemable, cast, lit};

use crate::registry::{ColumnDef, UTC};

/// How strictly text is parsed into typed FOCUS columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// A value that does not parse fails the query, naming the column and value (queries).
    Strict,
    /// A value that does not parse becomes null (validation counts such rows).
    Lenient,
}

/// A reference to a raw column by its exact name (no case folding, no dot parsing).
pub fn raw_column(name: &str) -> Expr {
    Expr::Column(Column::new_unqualified(name))
}

/// A typed null of the given type.
pub fn typed_null(data_type: &DataType) -> Expr {
    ScalarValue::try_from(data_type)
        .map(lit)
        .unwrap_or_else(|_| cast(lit(ScalarValue::Null), data_type.clone()))
}

fn is_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8
    )
}

/// Convert an expression of type `from` to the FOCUS column `target`'s type.
pub fn convert(expr: Expr, from: &DataType, target: &ColumnDef, strict: Strictness) -> Expr {
    convert_to(expr, from, &target.arrow_type(), &target.name, strict)
}

/// Convert an expression of type `from` to the Arrow type `to` that focusql uses for FOCUS
/// values (Utf8, a Decimal128 or UTC microsecond timestamps): text through the exact parsers
/// (errors name `column`), other types through casts.
pub fn convert_to(
    expr: Expr,
    from: &DataType,
    to: &DataType,
    column: &str,
    strict: Strictness,
) -> Expr {
    if from == to {
        return expr;
    }
    match to {
        DataType::Decimal128(..) if is_text(from) => parse_decimal(expr, to, column, strict),
        // Floats (JSON numbers, BigQuery FLOAT) go through their shortest text form, so 0.45
        // becomes exactly 0.45 rather than the binary float's expansion.
        DataType::Decimal128(..) if from.is_floating() => {
            parse_decimal(cast(expr, DataType::Utf8), to, column, strict)
        }
        DataType::Timestamp(..) if is_text(from) => parse_timestamp(expr, column, strict),
        DataType::Timestamp(..) => timestamp_to_utc(expr, from),
        _ => cast(expr, to.clone()),
    }
}

/// Parse decimal text into a Decimal128 type.
pub fn parse_decimal(expr: Expr, to: &DataType, column: &str, strict: Strictness) -> Expr {
    let DataType::Decimal128(_, scale) = to else {
        return cast(expr, to.clone());
    };
    let scale = lit(*scale as i64);
    match strict {
        Strictness::Strict => {
            focusql_udfs::parse::parse_decimal_udf().call(vec![expr, scale, lit(column)])
        }
        Strictness::Lenient => focusql_udfs::parse::try_parse_decimal_udf().call(vec![expr, scale]),
    }
}

/// Parse date-time text into a UTC timestamp.
pub fn parse_timestamp(expr: Expr, column: &str, strict: Strictness) -> Expr {
    match strict {
        Strictness::Strict => {
            focusql_udfs::parse::parse_timestamp_udf().call(vec![expr, lit(column)])
        }
        Strictness::Lenient => focusql_udfs::parse::try_parse_timestamp_udf().call(vec![expr]),
    }
}

/// Convert a timestamp or date of any unit and zone to UTC microseconds. A timestamp without a
/// zone is taken to be UTC, as billing exports mean it.
pub fn timestamp_to_utc(expr: Expr, from: &DataType) -> Expr {
    let target = DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into()));
    match from {
        DataType::Timestamp(unit, None) => {
            let naive_us = if *unit == TimeUnit::Microsecond {
                expr
            } else {
                cast(expr, DataType::Timestamp(TimeUnit::Microsecond, None))
            };
            cast(naive_us, target)
        }
        _ => cast(expr, target),
    }
}

/// The FOCUS column `target` read from the raw column `raw_name` of `raw_schema`, or a typed
/// null when the raw data has no such column. The result is aliased to the FOCUS name.
pub fn focus_column(
    raw_schema: &DFSchema,
    raw_name: Option<&str>,
    target: &ColumnDef,
    strict: Strictness,
) -> Expr {
    let expr = match raw_name {
        Some(name) => {
            let column = raw_column(name);
            match column.get_type(raw_schema) {
                Ok(from) => convert(column, &from, target, strict),
                Err(_) => typed_null(&target.arrow_type()),
            }
        }
        None => typed_null(&target.arrow_type()),
    };
    expr.alias(&target.name)
}
