//! Expression helpers every provider format needs: a CASE over a type column, sums of money
//! columns that treat missing amounts as zero, and a JSON object built from key/value columns
//! (tags). All build plain DataFusion expressions, so the plans stay pushdown-friendly.

use arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::functions::expr_fn::{coalesce, concat, concat_ws, nullif, replace};
use datafusion::logical_expr::expr::Case;
use datafusion::logical_expr::{Expr, cast, lit};

use crate::registry::MONEY_TYPE;

/// `CASE value WHEN k1 THEN v ... ELSE default END`, where each group of keys maps to one
/// value: the usual way a provider's type column (line item type, charge type) becomes a FOCUS
/// value.
pub fn lookup(value: Expr, groups: &[(&[&str], &str)], default: Expr) -> Expr {
    let when_then = groups
        .iter()
        .map(|(keys, then)| {
            let keys = keys.iter().map(|k| lit(*k)).collect();
            (
                Box::new(value.clone().in_list(keys, false)),
                Box::new(lit(*then)),
            )
        })
        .collect();
    Expr::Case(Case::new(None, when_then, Some(Box::new(default))))
}

/// `CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ... ELSE default END` (a searched CASE).
pub fn first_match(arms: Vec<(Expr, Expr)>, default: Expr) -> Expr {
    let when_then = arms
        .into_iter()
        .map(|(c, v)| (Box::new(c), Box::new(v)))
        .collect();
    Expr::Case(Case::new(None, when_then, Some(Box::new(default))))
}

/// Exact zero in the money type.
pub fn zero_money() -> Expr {
    lit(ScalarValue::Decimal128(Some(0), 38, 10))
}

/// The first non-null of several money expressions, or zero: providers leave an amount empty
/// when it is zero.
pub fn money_or_zero(options: Vec<Expr>) -> Expr {
    let mut args = options;
    args.push(zero_money());
    cast(coalesce(args), MONEY_TYPE)
}

/// The sum of money expressions, each counted as zero when null.
pub fn sum_money(terms: Vec<Expr>) -> Expr {
    let mut terms = terms.into_iter().map(|t| money_or_zero(vec![t]));
    let first = terms.next().unwrap_or_else(zero_money);
    let sum = terms.fold(first, |acc, t| acc + t);
    cast(sum, MONEY_TYPE)
}

/// A JSON string literal for `text` (quotes and backslashes escaped).
fn json_string(text: Expr) -> Expr {
    let escaped = replace(
        replace(cast(text, DataType::Utf8), lit("\\"), lit("\\\\")),
        lit("\""),
        lit("\\\""),
    );
    concat(vec![lit("\""), escaped, lit("\"")])
}

/// A JSON object `{"key": "value", ...}` of the entries whose value is not null, or null when
/// every value is null. Used for Tags built from one column per tag key (AWS `resourceTags/*`,
/// OCI `tags/*`) and for small detail objects.
pub fn json_object(entries: Vec<(String, Expr)>) -> Expr {
    if entries.is_empty() {
        return lit(ScalarValue::Utf8(None));
    }
    let members = entries
        .into_iter()
        .map(|(key, value)| {
            let key = serde_json::Value::String(key).to_string();
            // concat yields null when the value is null, so concat_ws skips the member.
            let null_if_empty = nullif(cast(value, DataType::Utf8), lit(""));
            Expr::Case(Case::new(
                None,
                vec![(
                    Box::new(null_if_empty.clone().is_not_null()),
                    Box::new(concat(vec![
                        lit(format!("{key}:")),
                        json_string(null_if_empty),
                    ])),
                )],
                None,
            ))
        })
        .collect();
    let body = nullif(concat_ws(lit(","), members), lit(""));
    Expr::Case(Case::new(
        None,
        vec![(
            Box::new(body.clone().is_not_null()),
            Box::new(concat(vec![lit("{"), body, lit("}")])),
        )],
        None,
    ))
}
