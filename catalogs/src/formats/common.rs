//! Mapping helpers every provider format needs: resolving raw columns by any of their spellings,
//! typing raw columns as FOCUS types, CASE over a type column, tag bodies as JSON objects and
//! day arithmetic on timestamps. All return DataFusion expressions, so pushdown still works.

use datafusion::common::{DFSchema, ScalarValue};
use datafusion::functions::expr_fn::{btrim, concat, lower, starts_with};
use datafusion::logical_expr::{Expr, ExprSchemable, lit, when};

use crate::formats::focus::ColumnIndex;
use crate::mapping::{Strictness, convert, raw_column, typed_null};
use crate::registry::{ColumnDef, Dataset, registry};

/// Raw columns of one file, found case-insensitively under any of several spellings.
pub struct RawColumns<'a> {
    schema: &'a DFSchema,
    index: ColumnIndex<'a>,
}

impl<'a> RawColumns<'a> {
    /// Index the columns of a raw schema; `names` must be that schema's field names.
    pub fn new(schema: &'a DFSchema, names: &'a [String]) -> Self {
        Self {
            schema,
            index: ColumnIndex::new(names),
        }
    }

    /// The raw name of the first spelling present.
    pub fn name(&self, spellings: &[&str]) -> Option<&'a str> {
        spellings.iter().find_map(|s| self.index.get(s))
    }

    /// The first spelling present as a column reference (untyped).
    pub fn get(&self, spellings: &[&str]) -> Option<Expr> {
        self.name(spellings).map(raw_column)
    }

    /// The first spelling present, converted to the type of FOCUS column `focus` (Cost and
    /// Usage); None when no spelling is present.
    pub fn typed(&self, spellings: &[&str], focus: &str, strict: Strictness) -> Option<Expr> {
        let name = self.name(spellings)?;
        let def = column_def(focus);
        let column = raw_column(name);
        Some(match column.get_type(self.schema) {
            Ok(from) => convert(column, &from, def, strict),
            Err(_) => typed_null(&def.arrow_type()),
        })
    }
}

/// The definition of a Cost and Usage column in the newest version that has it (for its type).
///
/// Panics only on a misspelt constant column name in focusql's own mapping code.
pub fn column_def(name: &str) -> &'static ColumnDef {
    registry()
        .all()
        .iter()
        .rev()
        .find(|c| c.dataset == Dataset::CostAndUsage && c.name == name)
        .unwrap_or_else(|| panic!("{name} is not a FOCUS Cost and Usage column"))
}

/// `CASE lower(expr) WHEN lower(from) THEN to ... ELSE default END` over a provider's type
/// column (charge types, pricing models, frequencies).
pub fn case_map(expr: &Expr, pairs: &[(&str, &str)], default: Expr) -> Expr {
    let key = lower(expr.clone());
    let Some(((first_from, first_to), rest)) = pairs.split_first() else {
        return default;
    };
    let mut case = when(
        key.clone().eq(lit(first_from.to_ascii_lowercase())),
        lit(*first_to),
    );
    for (from, to) in rest {
        case = case.when(key.clone().eq(lit(from.to_ascii_lowercase())), lit(*to));
    }
    case.otherwise(default)
        .unwrap_or_else(|_| typed_null(&arrow::datatypes::DataType::Utf8))
}

/// True when `lower(expr)` is one of `values` (given in any case).
pub fn is_one_of(expr: &Expr, values: &[&str]) -> Expr {
    lower(expr.clone()).in_list(
        values.iter().map(|v| lit(v.to_ascii_lowercase())).collect(),
        false,
    )
}

/// A tag body as a JSON object: kept when it already starts with `{`, otherwise wrapped in
/// braces (Azure EA writes `"k": "v","k2": "v2"` without them). Null stays null.
pub fn json_object_text(expr: Expr) -> Expr {
    let trimmed = btrim(vec![expr.clone()]);
    when(
        expr.clone().is_null(),
        typed_null(&arrow::datatypes::DataType::Utf8),
    )
    .when(starts_with(trimmed, lit("{")), expr.clone())
    .otherwise(concat(vec![lit("{"), expr, lit("}")]))
    .unwrap_or_else(|_| typed_null(&arrow::datatypes::DataType::Utf8))
}

/// A timestamp plus a number of days.
pub fn plus_days(expr: Expr, days: i32) -> Expr {
    expr + lit(ScalarValue::new_interval_dt(days, 0))
}

/// A timestamp plus a number of months.
pub fn plus_months(expr: Expr, months: i32) -> Expr {
    expr + lit(ScalarValue::new_interval_ym(0, months))
}
