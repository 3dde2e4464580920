//! Reading money and date-times from the text that billing files hold.
//!
//! Real exports write costs in plain and scientific notation (`0.0864`, `9.984E-7`), write the
//! literal `NULL` for nulls, and write date-times as ISO 8601, `YYYY-MM-DD HH:MM:SS` or
//! `M/D/YYYY`. These functions parse such text exactly (no floating point) into the registry's
//! Decimal128 and UTC timestamp types. The strict forms fail with an error that names the column
//! and the value; the `try_` forms return null for text that is not a value.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Decimal128Builder, TimestampMicrosecondBuilder};
use arrow::datatypes::{DataType, Field, FieldRef, TimeUnit};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use crate::strings::to_string_array;

/// Maximum digits of a Decimal128.
const MAX_PRECISION: u8 = 38;

/// Parse decimal text exactly into an integer scaled by `10^scale`, rounding half away from zero
/// below the scale. Accepts an optional sign, digits with one optional point, and an optional
/// exponent (`E-7`, `e+3`). Returns `None` for anything else (thousand separators, currency
/// symbols, `NaN`, `Infinity`) and for values that do not fit 38 digits.
pub fn parse_decimal(text: &str, scale: i8) -> Option<i128> {
    let s = text.trim();
    let (negative, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part
        .bytes()
        .chain(frac_part.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // digits * 10^(exponent - frac_len) is the value; we want value * 10^scale.
    let digits = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(0);
    }
    let shift = exponent - frac_part.len() as i32 + scale as i32;
    let mut value: i128 = 0;
    if shift >= 0 {
        for b in digits.bytes() {
            value = value.checked_mul(10)?.checked_add((b - b'0') as i128)?;
        }
        for _ in 0..shift {
            value = value.checked_mul(10)?;
        }
    } else {
        let drop = (-shift) as usize;
        if drop > digits.len() {
            value = 0;
        } else {
            let (kept, dropped) = digits.split_at(digits.len() - drop);
            for b in kept.bytes() {
                value = value.checked_mul(10)?.checked_add((b - b'0') as i128)?;
            }
            if dropped.as_bytes().first().is_some_and(|d| *d >= b'5') {
                value = value.checked_add(1)?;
            }
        }
    }
    if value >= 10_i128.pow(MAX_PRECISION as u32) {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// Parse date-time text to microseconds since the epoch, UTC. Accepts ISO 8601 / RFC 3339
/// (with `Z` or an offset, or none meaning UTC), `YYYY-MM-DD HH:MM[:SS[.f]]`, a bare date, and
/// the US forms `M/D/YYYY [H:MM[:SS] [AM|PM]]` and `M/D/YY` that Azure exports use.
pub fn parse_timestamp_micros(text: &str) -> Option<i64> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp_micros());
    }
    const OFFSET_FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S%.f%#z",
        "%Y-%m-%dT%H:%M:%S%.f%#z",
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%d %H:%M%#z",
    ];
    for format in OFFSET_FORMATS {
        if let Ok(dt) = DateTime::parse_from_str(s, format) {
            return Some(dt.timestamp_micros());
        }
    }
    let naive = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix('Z'))
        .unwrap_or(s);
    // `M/D/YY` must not be read as the year 24 AD: choose the year width from the text.
    let two_digit_year = naive
        .split('/')
        .nth(2)
        .and_then(|rest| rest.split_whitespace().next())
        .is_some_and(|year| year.len() == 2);
    let (us_year, us_date) = if two_digit_year {
        ("%y", "%m/%d/%y")
    } else {
        ("%Y", "%m/%d/%Y")
    };
    let naive_formats = [
        "%Y-%m-%dT%H:%M:%S%.f".to_string(),
        "%Y-%m-%d %H:%M:%S%.f".to_string(),
        "%Y-%m-%dT%H:%M".to_string(),
        "%Y-%m-%d %H:%M".to_string(),
        format!("%m/%d/{us_year} %H:%M:%S"),
        format!("%m/%d/{us_year} %H:%M"),
        format!("%m/%d/{us_year} %I:%M:%S %p"),
        format!("%m/%d/{us_year} %I:%M %p"),
    ];
    for format in &naive_formats {
        if let Ok(dt) = NaiveDateTime::parse_from_str(naive, format) {
            return Some(dt.and_utc().timestamp_micros());
        }
    }
    for format in ["%Y-%m-%d", us_date] {
        if let Ok(d) = NaiveDate::parse_from_str(naive, format) {
            return Some(d.and_time(NaiveTime::MIN).and_utc().timestamp_micros());
        }
    }
    None
}

/// True for the spellings of null that exporters write into text cells.
pub fn is_null_text(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.eq_ignore_ascii_case("null")
}

/// `focus_null_text(text)`: the text, or null for the spellings of null exporters write
/// (empty, `NULL`, `null`). Applied to every cell of a CSV file as it is read.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NullText {
    signature: Signature,
}

/// The CSV null normaliser: `focus_null_text(text)`.
pub fn null_text_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(NullText {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

impl ScalarUDFImpl for NullText {
    fn name(&self) -> &str {
        "focus_null_text"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let input = args.args[0].to_array(args.number_rows)?;
        let text = to_string_array(&input)?;
        let out: arrow::array::StringArray = text
            .iter()
            .map(|v| v.filter(|s| !is_null_text(s)))
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }
}

/// What a parse function does with text that is not a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OnBadValue {
    /// Fail the query, naming the column and the value.
    Fail,
    /// Return null for that row.
    Null,
}

/// `focus_parse_decimal(text, scale, 'Column')` / `focus_try_parse_decimal(text, scale)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ParseDecimal {
    name: &'static str,
    on_bad: OnBadValue,
    signature: Signature,
}

/// `focus_parse_timestamp(text, 'Column')` / `focus_try_parse_timestamp(text)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ParseTimestamp {
    name: &'static str,
    on_bad: OnBadValue,
    signature: Signature,
}

/// The strict decimal parser: `focus_parse_decimal(text, scale, 'ColumnName')`.
pub fn parse_decimal_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(ParseDecimal {
        name: "focus_parse_decimal",
        on_bad: OnBadValue::Fail,
        signature: Signature::any(3, Volatility::Immutable),
    })
}

/// The lenient decimal parser: `focus_try_parse_decimal(text, scale)`.
pub fn try_parse_decimal_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(ParseDecimal {
        name: "focus_try_parse_decimal",
        on_bad: OnBadValue::Null,
        signature: Signature::any(2, Volatility::Immutable),
    })
}

/// The strict date-time parser: `focus_parse_timestamp(text, 'ColumnName')`.
pub fn parse_timestamp_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(ParseTimestamp {
        name: "focus_parse_timestamp",
        on_bad: OnBadValue::Fail,
        signature: Signature::any(2, Volatility::Immutable),
    })
}

/// The lenient date-time parser: `focus_try_parse_timestamp(text)`.
pub fn try_parse_timestamp_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(ParseTimestamp {
        name: "focus_try_parse_timestamp",
        on_bad: OnBadValue::Null,
        signature: Signature::any(1, Volatility::Immutable),
    })
}

/// The column name literal passed to a strict parser, for its error messages.
fn column_label(args: &[ColumnarValue], index: usize) -> String {
    match args.get(index) {
        Some(ColumnarValue::Scalar(ScalarValue::Utf8(Some(s))))
        | Some(ColumnarValue::Scalar(ScalarValue::Utf8View(Some(s))))
        | Some(ColumnarValue::Scalar(ScalarValue::LargeUtf8(Some(s)))) => s.clone(),
        _ => "?".to_string(),
    }
}

/// The error every strict parser raises. Its shape (`column X: value 'V' ...`) is what the
/// session's error reporting looks for to name the file and row.
pub fn bad_value_error<T>(column: &str, value: &str, expected: &str) -> Result<T> {
    exec_err!("column {column}: value '{value}' is not {expected}")
}

fn scale_argument(args: &[Option<&ScalarValue>]) -> Result<i8> {
    match args.get(1).copied().flatten() {
        Some(v) => match v.clone().cast_to(&DataType::Int64)? {
            ScalarValue::Int64(Some(s)) if (0..=MAX_PRECISION as i64).contains(&s) => Ok(s as i8),
            _ => plan_err!("focus_parse_decimal: scale must be between 0 and 38"),
        },
        None => plan_err!("focus_parse_decimal: scale must be a constant"),
    }
}

impl ScalarUDFImpl for ParseDecimal {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        plan_err!("{} computes its type from its scale argument", self.name)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let scale = scale_argument(args.scalar_arguments)?;
        Ok(Arc::new(Field::new(
            self.name,
            DataType::Decimal128(MAX_PRECISION, scale),
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let DataType::Decimal128(_, scale) = *args.return_type() else {
            return exec_err!("{}: unexpected return type", self.name);
        };
        let column = column_label(&args.args, 2);
        let input = args.args[0].to_array(args.number_rows)?;
        let text = to_string_array(&input)?;
        let mut out = Decimal128Builder::with_capacity(text.len());
        for value in text.iter() {
            match value {
                None => out.append_null(),
                Some(v) if is_null_text(v) => out.append_null(),
                Some(v) => match (parse_decimal(v, scale), self.on_bad) {
                    (Some(d), _) => out.append_value(d),
                    (None, OnBadValue::Null) => out.append_null(),
                    (None, OnBadValue::Fail) => {
                        return bad_value_error(&column, v, "a decimal number");
                    }
                },
            }
        }
        let array = out
            .finish()
            .with_precision_and_scale(MAX_PRECISION, scale)?;
        Ok(ColumnarValue::Array(Arc::new(array)))
    }
}

impl ScalarUDFImpl for ParseTimestamp {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Timestamp(
            TimeUnit::Microsecond,
            Some("UTC".into()),
        ))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let column = column_label(&args.args, 1);
        let input = args.args[0].to_array(args.number_rows)?;
        let text = to_string_array(&input)?;
        let mut out = TimestampMicrosecondBuilder::with_capacity(text.len());
        for value in text.iter() {
            match value {
                None => out.append_null(),
                Some(v) if is_null_text(v) => out.append_null(),
                Some(v) => match (parse_timestamp_micros(v), self.on_bad) {
                    (Some(t), _) => out.append_value(t),
                    (None, OnBadValue::Null) => out.append_null(),
                    (None, OnBadValue::Fail) => {
                        return bad_value_error(&column, v, "a date-time");
                    }
                },
            }
        }
        let array: ArrayRef = Arc::new(out.finish().with_timezone("UTC"));
        Ok(ColumnarValue::Array(array))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_in_both_spellings() {
        assert_eq!(parse_decimal("0.0864", 4), Some(864));
        assert_eq!(parse_decimal("9.984E-7", 10), Some(9984));
        assert_eq!(parse_decimal("9.984e-7", 12), Some(998_400));
        assert_eq!(parse_decimal("-1.5E+3", 2), Some(-150_000));
        assert_eq!(parse_decimal("+12", 2), Some(1200));
        assert_eq!(parse_decimal(".5", 1), Some(5));
        assert_eq!(parse_decimal("5.", 1), Some(50));
        assert_eq!(parse_decimal("0.00000080000", 10), Some(8000));
    }

    #[test]
    fn decimals_round_half_away_from_zero_below_scale() {
        assert_eq!(parse_decimal("0.125", 2), Some(13));
        assert_eq!(parse_decimal("-0.125", 2), Some(-13));
        assert_eq!(parse_decimal("0.124999", 2), Some(12));
        assert_eq!(parse_decimal("1E-20", 10), Some(0));
        assert_eq!(parse_decimal("5E-11", 10), Some(1));
    }

    #[test]
    fn decimals_reject_what_is_not_a_number() {
        for bad in [
            "", "abc", "1,000.00", "$5", "NaN", "Infinity", "1e400", "1.2.3", "--1", "1e",
        ] {
            assert_eq!(parse_decimal(bad, 10), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_in_the_forms_exports_use() {
        let t = parse_timestamp_micros("2024-10-01T00:00:00Z").unwrap();
        assert_eq!(parse_timestamp_micros("2024-10-01 00:00:00"), Some(t));
        assert_eq!(parse_timestamp_micros("2024-10-01T00:00:00.000Z"), Some(t));
        assert_eq!(parse_timestamp_micros("2024-10-01T02:00:00+02:00"), Some(t));
        assert_eq!(parse_timestamp_micros("2024-10-01"), Some(t));
        assert_eq!(parse_timestamp_micros("10/1/2024"), Some(t));
        assert_eq!(parse_timestamp_micros("10/01/24"), Some(t));
        assert_eq!(parse_timestamp_micros("2024-10-01T00:00Z"), Some(t));
        assert_eq!(parse_timestamp_micros("2024-10-01 00:00:00 UTC"), Some(t));
        assert_eq!(parse_timestamp_micros("yesterday"), None);
        assert_eq!(parse_timestamp_micros("2024-13-01"), None);
    }
}
