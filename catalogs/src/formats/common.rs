//! Helpers every provider format maps with: raw columns found under any of their spellings,
//! the projection that turns a list of
//! "FOCUS column ← expression" pairs into the session's FOCUS version, value lookup tables and
//! searched CASEs, sums of money columns that treat missing amounts as zero, billing months
//! from timestamps, and tag columns folded into `Tags`. All build plain DataFusion
//! expressions, so the plans stay pushdown-friendly.

use arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions::datetime::expr_fn::{date_trunc, to_timestamp_micros};
use datafusion::functions::expr_fn::{
    btrim, coalesce, concat, concat_ws, lower, nullif, replace, starts_with,
};
use datafusion::logical_expr::expr::Case;
use datafusion::logical_expr::{Expr, ExprSchemable, cast, lit, when};

use crate::formats::focus::ColumnIndex;

use crate::mapping::{
    Strictness, convert, convert_to, parse_timestamp, raw_column, timestamp_to_utc, typed_null,
};
use crate::registry::{ColumnDef, Dataset, FocusVersion, MONEY_TYPE, RENAMES, UTC, registry};

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
        Some(typed_raw(
            self.schema,
            name,
            &def.arrow_type(),
            &def.name,
            strict,
        ))
    }
}

/// Raw column `name` converted to `to` (text through the exact parsers, whose errors name
/// `label`), or a typed null when the schema cannot type it.
pub fn typed_raw(
    schema: &DFSchema,
    name: &str,
    to: &DataType,
    label: &str,
    strict: Strictness,
) -> Expr {
    let column = raw_column(name);
    match column.get_type(schema) {
        Ok(from) => convert_to(column, &from, to, label, strict),
        Err(_) => typed_null(to),
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

/// [`lookup`] with the provider value and the table's keys compared in lower case (Azure writes
/// the same charge types and pricing models in different cases).
pub fn lookup_any_case(
    expr: &Expr,
    table: &[(&str, &str)],
    default: impl Into<Option<Expr>>,
) -> Expr {
    let lowered: Vec<(String, &str)> = table
        .iter()
        .map(|(from, to)| (from.to_ascii_lowercase(), *to))
        .collect();
    let table: Vec<(&str, &str)> = lowered.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    lookup(lower(expr.clone()), &table, default)
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
    when(expr.clone().is_null(), typed_null(&DataType::Utf8))
        .when(starts_with(trimmed, lit("{")), expr.clone())
        .otherwise(concat(vec![lit("{"), expr, lit("}")]))
        .unwrap_or_else(|_| typed_null(&DataType::Utf8))
}

/// A timestamp plus a number of days.
pub fn plus_days(expr: Expr, days: i32) -> Expr {
    expr + lit(ScalarValue::new_interval_dt(days, 0))
}

/// A timestamp plus a number of months.
pub fn plus_months(expr: Expr, months: i32) -> Expr {
    expr + lit(ScalarValue::new_interval_ym(0, months))
}

/// One FOCUS column of a provider mapping: its name (any version's spelling) and the
/// expression over raw columns that computes it.
pub type Mapped = (&'static str, Expr);

/// The mapped expression for FOCUS column `name`, directly or through a version rename.
fn find<'a>(mapped: &'a [Mapped], name: &str) -> Option<&'a Expr> {
    let direct = |n: &str| mapped.iter().find(|(m, _)| *m == n).map(|(_, e)| e);
    direct(name).or_else(|| {
        RENAMES.iter().find_map(|r| {
            if r.new == name {
                direct(r.old)
            } else if r.old == name {
                direct(r.new)
            } else {
                None
            }
        })
    })
}

/// The projection of a provider format: every FOCUS column of `target` for `dataset`, from
/// `mapped` (converted to the FOCUS type with the exact parsers) or a typed null, then the
/// `extensions` (already aliased `x_…`).
pub fn provider_projection(
    raw_schema: &DFSchema,
    dataset: Dataset,
    target: FocusVersion,
    strict: Strictness,
    mapped: &[Mapped],
    extensions: Vec<Expr>,
) -> Vec<Expr> {
    let mut exprs: Vec<Expr> = registry()
        .columns(target, dataset)
        .into_iter()
        .map(|c| {
            let to = c.arrow_type();
            let expr = match find(mapped, &c.name) {
                Some(e) => match e.get_type(raw_schema) {
                    Ok(from) => convert(e.clone(), &from, c, strict),
                    Err(_) => typed_null(&to),
                },
                None => typed_null(&to),
            };
            expr.alias(&c.name)
        })
        .collect();
    exprs.extend(extensions);
    exprs
}

/// True when the projection computes column `name` from data rather than a typed null.
pub fn is_mapped(projection: &[Expr], name: &str) -> bool {
    projection.iter().any(|e| match e {
        Expr::Alias(a) if a.name == name => {
            !matches!(a.expr.as_ref(), Expr::Literal(v, _) if v.is_null())
        }
        _ => false,
    })
}

/// Cost and Usage (presented in any version) when every marker column is among `columns`
/// (exact names): how a provider format with fixed column names is recognised.
pub fn recognise_by_markers(
    columns: &[String],
    markers: &[&str],
) -> Option<(Dataset, FocusVersion)> {
    markers
        .iter()
        .all(|m| columns.iter().any(|c| c == m))
        .then_some((Dataset::CostAndUsage, FocusVersion::LATEST))
}

/// The columns of `required` missing from `columns` (exact names), for one error line.
pub fn missing_columns(columns: &[String], required: &[&str]) -> Option<String> {
    let missing: Vec<String> = required
        .iter()
        .filter(|r| !columns.iter().any(|c| c == *r))
        .map(|r| r.to_string())
        .collect();
    missing_message(&missing)
}

/// The one error line every provider format gives for a recognised file that lacks columns its
/// mapping requires (None when nothing is missing).
pub fn missing_message(missing: &[String]) -> Option<String> {
    (!missing.is_empty()).then(|| {
        format!(
            "required column{} missing: {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", ")
        )
    })
}

/// `CASE expr WHEN from THEN to … ELSE default END`: a provider value mapped to a FOCUS value
/// through a lookup table (a line item type to its ChargeCategory, a service to its
/// ServiceCategory); without a default (`None`), null.
pub fn lookup(expr: Expr, table: &[(&str, &str)], default: impl Into<Option<Expr>>) -> Expr {
    let otherwise = default
        .into()
        .unwrap_or_else(|| typed_null(&DataType::Utf8));
    if table.is_empty() {
        return otherwise;
    }
    let arms = table
        .iter()
        .map(|(from, to)| (Box::new(lit(*from)), Box::new(lit(*to))))
        .collect();
    Expr::Case(Case::new(
        Some(Box::new(expr)),
        arms,
        Some(Box::new(otherwise)),
    ))
}

/// `CASE WHEN c1 THEN v1 WHEN c2 THEN v2 … ELSE default END` (a searched CASE); without a
/// default (`None`), null.
pub fn first_match(arms: Vec<(Expr, Expr)>, default: impl Into<Option<Expr>>) -> Expr {
    let when_then = arms
        .into_iter()
        .map(|(c, v)| (Box::new(c), Box::new(v)))
        .collect();
    Expr::Case(Case::new(None, when_then, default.into().map(Box::new)))
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

/// A JSON object `{"key": "value", ...}` of the entries whose value is neither null nor empty,
/// or null when there is none. Used for Tags built from one column per tag key (AWS
/// `resourceTags/*`, OCI `tags/*`) and for small detail objects.
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

/// The first instant of the month, in time zone `zone`, of a UTC timestamp; as a UTC
/// timestamp (a billing period start: GCP invoice months are Pacific time, OCI's UTC).
pub fn month_start(timestamp: Expr, zone: &str) -> Expr {
    to_utc(date_trunc(lit("month"), in_zone(timestamp, zone)))
}

/// The first instant of the next month in `zone` (a FOCUS billing period end, exclusive).
pub fn next_month_start(timestamp: Expr, zone: &str) -> Expr {
    to_utc(plus_months(
        date_trunc(lit("month"), in_zone(timestamp, zone)),
        1,
    ))
}

/// A `YYYYMM` month (GCP `invoice.month`) as the UTC instant its first day begins in `zone`.
pub fn month_text_start(month: Expr, zone: &str) -> Expr {
    let naive = to_timestamp_micros(vec![concat(vec![month, lit("01")]), lit("%Y%m%d")]);
    to_utc(cast(naive, zoned(zone)))
}

fn zoned(zone: &str) -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some(zone.into()))
}

fn in_zone(timestamp: Expr, zone: &str) -> Expr {
    cast(timestamp, zoned(zone))
}

fn to_utc(timestamp: Expr) -> Expr {
    cast(timestamp, zoned(UTC))
}

/// A nested field of a raw struct column (`usage.amount` as `["usage", "amount"]`) through
/// `get_field`, or None when the raw schema lacks that path or types it as all-null (as JSON
/// inference does for a field that is always null).
pub fn nested(raw_schema: &DFSchema, path: &[&str]) -> Option<Expr> {
    let (first, rest) = path.split_first()?;
    let field = raw_schema.fields().iter().find(|f| f.name() == first)?;
    let mut data_type = field.data_type().clone();
    let mut expr = raw_column(first);
    for name in rest {
        let DataType::Struct(fields) = &data_type else {
            return None;
        };
        let (_, child) = fields.find(name)?;
        data_type = child.data_type().clone();
        expr = get_field(expr, *name);
    }
    (data_type != DataType::Null).then_some(expr)
}

/// A date-time expression of any raw type (text or timestamp) as a UTC timestamp.
pub fn utc_timestamp(raw_schema: &DFSchema, expr: Expr, column: &str, strict: Strictness) -> Expr {
    match expr.get_type(raw_schema) {
        Ok(from) if from.is_temporal() => timestamp_to_utc(expr, &from),
        _ => parse_timestamp(expr, column, strict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::{Field, Fields, Schema};

    fn schema() -> DFSchema {
        let usage = Fields::from(vec![
            Field::new("amount", DataType::Float64, true),
            Field::new("unit", DataType::Null, true),
        ]);
        DFSchema::try_from(Schema::new(vec![
            Field::new("cost", DataType::Utf8, true),
            Field::new("usage", DataType::Struct(usage), true),
        ]))
        .unwrap()
    }

    #[test]
    fn nested_fields_exist_only_with_a_real_type() {
        let s = schema();
        assert!(nested(&s, &["cost"]).is_some());
        assert!(nested(&s, &["usage", "amount"]).is_some());
        assert!(nested(&s, &["usage", "unit"]).is_none());
        assert!(nested(&s, &["usage", "missing"]).is_none());
        assert!(nested(&s, &["cost", "deeper"]).is_none());
    }

    #[test]
    fn missing_columns_are_named_and_mapped_columns_known() {
        let cols = vec!["cost".to_string()];
        assert_eq!(missing_columns(&cols, &["cost"]), None);
        assert_eq!(
            missing_columns(&cols, &["cost", "currency", "sku"]).unwrap(),
            "required columns missing: currency, sku"
        );
        let projection = provider_projection(
            &schema(),
            Dataset::CostAndUsage,
            FocusVersion::V1_4,
            Strictness::Strict,
            &[("BilledCost", raw_column("cost"))],
            vec![],
        );
        assert!(is_mapped(&projection, "BilledCost"));
        assert!(!is_mapped(&projection, "EffectiveCost"));
        assert_eq!(
            projection.len(),
            registry()
                .columns(FocusVersion::V1_4, Dataset::CostAndUsage)
                .len()
        );
    }
}
