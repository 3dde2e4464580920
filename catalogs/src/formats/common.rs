//! Helpers every provider format maps with: the projection that turns a list of
//! "FOCUS column ← expression" pairs into the session's FOCUS version, a value lookup table as
//! a CASE expression, billing months from timestamps, and tag columns folded into `Tags`.

use arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions::datetime::expr_fn::{date_trunc, to_timestamp_micros};
use datafusion::functions::string::expr_fn::concat;
use datafusion::logical_expr::expr::Case;
use datafusion::logical_expr::{Expr, ExprSchemable, cast, lit};

use crate::mapping::{
    Strictness, convert, parse_timestamp, raw_column, timestamp_to_utc, typed_null,
};
use crate::registry::{Dataset, FocusVersion, RENAMES, UTC, registry};

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

/// The columns of `required` missing from `columns` (exact names), for one error line.
pub fn missing_columns(columns: &[String], required: &[&str]) -> Option<String> {
    let missing: Vec<&str> = required
        .iter()
        .filter(|r| !columns.iter().any(|c| c == *r))
        .copied()
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "required column{} missing: {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", ")
        )
    })
}

/// `CASE expr WHEN from THEN to … ELSE default END`: a provider value mapped to a FOCUS value
/// through a lookup table (e.g. a service code to its ServiceCategory).
pub fn lookup(expr: Expr, table: &[(&str, &str)], default: Option<&str>) -> Expr {
    let otherwise = default.map_or_else(|| typed_null(&DataType::Utf8), lit);
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

/// `CASE WHEN condition THEN then ELSE otherwise END`; without `otherwise`, null.
pub fn if_then(condition: Expr, then: Expr, otherwise: Option<Expr>) -> Expr {
    Expr::Case(Case::new(
        None,
        vec![(Box::new(condition), Box::new(then))],
        otherwise.map(Box::new),
    ))
}

/// The first instant of the month, in time zone `zone`, of a UTC timestamp; as a UTC
/// timestamp (a billing period start: GCP invoice months are Pacific time, OCI's UTC).
pub fn month_start(timestamp: Expr, zone: &str) -> Expr {
    to_utc(date_trunc(lit("month"), in_zone(timestamp, zone)))
}

/// The first instant of the next month in `zone` (a FOCUS billing period end, exclusive).
pub fn next_month_start(timestamp: Expr, zone: &str) -> Expr {
    to_utc(date_trunc(lit("month"), in_zone(timestamp, zone)) + one_month())
}

/// A `YYYYMM` month (GCP `invoice.month`) as the UTC instant its first day begins in `zone`.
pub fn month_text_start(month: Expr, zone: &str) -> Expr {
    let naive = to_timestamp_micros(vec![concat(vec![month, lit("01")]), lit("%Y%m%d")]);
    to_utc(cast(naive, zoned(zone)))
}

fn one_month() -> Expr {
    lit(ScalarValue::IntervalYearMonth(Some(1)))
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

/// FOCUS `Tags` from one column per tag: `(tag key, raw column)` pairs folded into a JSON
/// object of the non-null values (null when a row has none).
pub fn tags_from_columns(pairs: Vec<(String, Expr)>) -> Option<Expr> {
    if pairs.is_empty() {
        return None;
    }
    let args = pairs
        .into_iter()
        .flat_map(|(key, value)| [lit(key), value])
        .collect();
    Some(focusql_udfs::tags::tags_object_udf().call(args))
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
