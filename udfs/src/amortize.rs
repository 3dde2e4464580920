//! Amortization: spread a charge over its service period, and pro-rate it into a window.
//!
//! - `amortize(amount, start, end, granularity)` → a list of `{period_start, period_end,
//!   amount}` pieces, one per hour, day or month (UTC calendar) that `[start, end)` touches; the
//!   first and last pieces are partial when `start`/`end` are not on a boundary. `UNNEST` it
//!   to get one row per piece.
//! - `prorate(amount, start, end, window_start, window_end)` → the part of the amount that falls
//!   into `[window_start, window_end)`.
//!
//! Both share one rule: the amount is spread uniformly over the microseconds of `[start, end)`
//! and the share of the first `t` microseconds is `trunc(amount * t / (end - start))` (toward
//! zero, at the money scale). A piece or window gets the difference of the shares at its two
//! ends, so pieces sum to the amount exactly (the rounding remainder falls on the piece where
//! the cumulative share crosses a unit), adjacent windows add up, and the sum of the pieces
//! inside an aligned window equals `prorate` over that window.
//!
//! Edge cases, all defined: a NULL amount gives NULL; a NULL `start` or `end` or a zero-length
//! period (`start = end`) cannot be spread, so `amortize` returns one piece carrying the whole
//! amount over the period as given and `prorate` gives the whole amount when `start` is inside
//! the window (NULL when `start` is NULL); `end` before `start` is an error naming both.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, Decimal128Array, ListArray, StructArray, TimestampMicrosecondArray,
};
use arrow::buffer::{NullBuffer, OffsetBuffer};
use arrow::datatypes::{
    DataType, Decimal128Type, Field, Fields, TimeUnit, TimestampMicrosecondType,
};
use chrono::{DateTime, Datelike, NaiveDate};
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use crate::dialect::{invoke_arrays, literal_string};
use crate::money::{MONEY_TYPE, cumulative_share, money_argument_type, to_money};

/// Microseconds in an hour and a day.
const HOUR_US: i64 = 3_600_000_000;
const DAY_US: i64 = 24 * HOUR_US;
/// The most pieces one charge may be cut into (about 114 years of hours).
const MAX_PIECES: usize = 1_000_000;

/// The granularity of amortized pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Granularity {
    Hour,
    Day,
    Month,
}

impl Granularity {
    /// Read `'hour'`, `'day'` or `'month'` (any case).
    pub fn parse(text: &str) -> Option<Granularity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "hour" | "hourly" => Some(Granularity::Hour),
            "day" | "daily" => Some(Granularity::Day),
            "month" | "monthly" => Some(Granularity::Month),
            _ => None,
        }
    }

    /// The first boundary strictly after `t` (µs since the epoch, UTC).
    fn next_boundary(self, t: i64) -> Option<i64> {
        match self {
            Granularity::Hour => t.div_euclid(HOUR_US).checked_add(1)?.checked_mul(HOUR_US),
            Granularity::Day => t.div_euclid(DAY_US).checked_add(1)?.checked_mul(DAY_US),
            Granularity::Month => {
                let date = DateTime::from_timestamp_micros(t)?.date_naive();
                let (y, m) = if date.month() == 12 {
                    (date.year() + 1, 1)
                } else {
                    (date.year(), date.month() + 1)
                };
                let first = NaiveDate::from_ymd_opt(y, m, 1)?.and_hms_opt(0, 0, 0)?;
                Some(first.and_utc().timestamp_micros())
            }
        }
    }
}

/// The boundaries of the pieces of `[start, end)`: `start`, every granularity boundary strictly
/// inside, and `end`. Requires `start < end`.
pub fn boundaries(start: i64, end: i64, granularity: Granularity) -> Result<Vec<i64>> {
    let mut points = Vec::new();
    boundaries_into(&mut points, start, end, granularity)?;
    Ok(points)
}

/// [`boundaries`] into a buffer that is cleared first (reused across rows).
fn boundaries_into(
    points: &mut Vec<i64>,
    start: i64,
    end: i64,
    granularity: Granularity,
) -> Result<()> {
    points.clear();
    points.push(start);
    let mut t = start;
    loop {
        let next = match granularity.next_boundary(t) {
            Some(n) => n,
            None => return exec_err!("amortize: period end {end} is out of the calendar range"),
        };
        if next >= end {
            break;
        }
        points.push(next);
        if points.len() > MAX_PIECES {
            return exec_err!(
                "amortize: the period [{}, {}) has more than {MAX_PIECES} pieces at this granularity",
                show(start),
                show(end)
            );
        }
        t = next;
    }
    points.push(end);
    Ok(())
}

/// The amounts of the pieces between consecutive `points` (which start at the period start and
/// end at the period end): differences of truncated cumulative shares, summing to `amount`.
pub fn piece_amounts(amount: i128, points: &[i64]) -> Result<Vec<i128>> {
    let (start, end) = (points[0], points[points.len() - 1]);
    let total = (end - start) as i128;
    let mut out = Vec::with_capacity(points.len().saturating_sub(1));
    let mut previous = 0i128;
    for p in &points[1..] {
        let share = cumulative_share(amount, (*p - start) as i128, total, "amortize")?;
        out.push(share - previous);
        previous = share;
    }
    Ok(out)
}

/// The share of `amount` (spread uniformly over `[start, end)`, `start <= end`) that falls into
/// `[window_start, window_end)`.
pub fn prorate_value(
    amount: i128,
    start: i64,
    end: i64,
    window_start: i64,
    window_end: i64,
) -> Result<i128> {
    if window_end <= window_start {
        return Ok(0);
    }
    if start == end {
        let inside = window_start <= start && start < window_end;
        return Ok(if inside { amount } else { 0 });
    }
    let total = (end - start) as i128;
    let elapsed = |t: i64| (t.clamp(start, end) - start) as i128;
    let to = cumulative_share(amount, elapsed(window_end), total, "prorate")?;
    let from = cumulative_share(amount, elapsed(window_start), total, "prorate")?;
    Ok(to - from)
}

/// An instant for error messages.
fn show(t: i64) -> String {
    DateTime::from_timestamp_micros(t)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// The error for a period that ends before it starts.
fn end_before_start<T>(function: &str, start: i64, end: i64) -> Result<T> {
    exec_err!(
        "{function}: period end {} is before its start {}",
        show(end),
        show(start)
    )
}

/// The argument types every amortization function coerces to: money, then UTC timestamps.
fn coerce(
    name: &str,
    arg_types: &[DataType],
    timestamps: usize,
    extra: usize,
) -> Result<Vec<DataType>> {
    if arg_types.len() != 1 + timestamps + extra {
        return plan_err!(
            "{name} takes {} arguments; it was called with {}",
            1 + timestamps + extra,
            arg_types.len()
        );
    }
    let mut out = vec![money_argument_type(&arg_types[0])];
    out.extend(std::iter::repeat_n(timestamp_type(), timestamps));
    out.extend(std::iter::repeat_n(DataType::Utf8, extra));
    Ok(out)
}

fn timestamp_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

/// The fields of one amortized piece.
pub fn piece_fields() -> Fields {
    Fields::from(vec![
        Field::new("period_start", timestamp_type(), true),
        Field::new("period_end", timestamp_type(), true),
        Field::new("amount", MONEY_TYPE, true),
    ])
}

/// `amortize(amount, start, end, granularity)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Amortize {
    signature: Signature,
}

/// The `amortize` function.
pub fn amortize_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(Amortize {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

impl ScalarUDFImpl for Amortize {
    fn name(&self) -> &str {
        "amortize"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce("amortize(amount, start, end, granularity)", arg_types, 2, 1)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new(
            "item",
            DataType::Struct(piece_fields()),
            true,
        ))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let granularity = match &args.args[3] {
            ColumnarValue::Scalar(s) => match literal_string(Some(s)).flatten() {
                Some(text) => match Granularity::parse(&text) {
                    Some(g) => g,
                    None => {
                        return exec_err!(
                            "amortize: granularity '{text}' is not 'hour', 'day' or 'month'"
                        );
                    }
                },
                None => return exec_err!("amortize: granularity must be 'hour', 'day' or 'month'"),
            },
            ColumnarValue::Array(_) => {
                return exec_err!(
                    "amortize: granularity must be a constant ('hour', 'day' or 'month')"
                );
            }
        };
        invoke_arrays(&args, |arrays| amortize_arrays(arrays, granularity))
    }
}

fn amortize_arrays(arrays: &[ArrayRef], granularity: Granularity) -> Result<ArrayRef> {
    let amounts = to_money(&arrays[0], "amortize")?;
    let amounts = amounts.as_primitive::<Decimal128Type>();
    let starts = arrays[1].as_primitive::<TimestampMicrosecondType>();
    let ends = arrays[2].as_primitive::<TimestampMicrosecondType>();
    let rows = amounts.len();
    let mut pieces = Pieces::with_capacity(rows * 2);
    let mut offsets = Vec::with_capacity(rows + 1);
    let mut valid = Vec::with_capacity(rows);
    let mut points = Vec::new();
    offsets.push(0i32);
    for row in 0..rows {
        valid.push(amounts.is_valid(row));
        if amounts.is_valid(row) {
            let amount = amounts.value(row);
            let start = starts.is_valid(row).then(|| starts.value(row));
            let end = ends.is_valid(row).then(|| ends.value(row));
            match (start, end) {
                (Some(s), Some(e)) if s < e => {
                    boundaries_into(&mut points, s, e, granularity)?;
                    let parts = piece_amounts(amount, &points)?;
                    for (i, part) in parts.into_iter().enumerate() {
                        pieces.push(Some(points[i]), Some(points[i + 1]), part);
                    }
                }
                (Some(s), Some(e)) if e < s => return end_before_start("amortize", s, e),
                // Zero-length or open period: kept whole.
                (s, e) => pieces.push(s, e, amount),
            }
        }
        let Ok(offset) = i32::try_from(pieces.len()) else {
            return exec_err!("amortize: too many pieces in one batch");
        };
        offsets.push(offset);
    }
    let list = ListArray::try_new(
        Arc::new(Field::new("item", DataType::Struct(piece_fields()), true)),
        OffsetBuffer::new(offsets.into()),
        Arc::new(pieces.finish()?),
        Some(NullBuffer::from(valid)),
    )?;
    Ok(Arc::new(list))
}

/// The columns of amortized pieces, built up row by row.
struct Pieces {
    starts: Vec<Option<i64>>,
    ends: Vec<Option<i64>>,
    amounts: Vec<i128>,
}

impl Pieces {
    fn with_capacity(n: usize) -> Pieces {
        Pieces {
            starts: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
            amounts: Vec::with_capacity(n),
        }
    }

    fn len(&self) -> usize {
        self.amounts.len()
    }

    fn push(&mut self, start: Option<i64>, end: Option<i64>, amount: i128) {
        self.starts.push(start);
        self.ends.push(end);
        self.amounts.push(amount);
    }

    fn finish(self) -> Result<StructArray> {
        let time = |v: Vec<Option<i64>>| -> ArrayRef {
            Arc::new(TimestampMicrosecondArray::from(v).with_timezone("UTC"))
        };
        let amounts = Decimal128Array::from(self.amounts).with_data_type(MONEY_TYPE);
        Ok(StructArray::try_new(
            piece_fields(),
            vec![time(self.starts), time(self.ends), Arc::new(amounts)],
            None,
        )?)
    }
}

/// `prorate(amount, start, end, window_start, window_end)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Prorate {
    signature: Signature,
}

/// The `prorate` function.
pub fn prorate_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(Prorate {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

impl ScalarUDFImpl for Prorate {
    fn name(&self) -> &str {
        "prorate"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(
            "prorate(amount, start, end, window_start, window_end)",
            arg_types,
            4,
            0,
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(MONEY_TYPE)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, prorate_arrays)
    }
}

fn prorate_arrays(arrays: &[ArrayRef]) -> Result<ArrayRef> {
    let amounts = to_money(&arrays[0], "prorate")?;
    let amounts = amounts.as_primitive::<Decimal128Type>();
    let times: Vec<_> = arrays[1..5]
        .iter()
        .map(|a| a.as_primitive::<TimestampMicrosecondType>())
        .collect();
    let mut out = Vec::with_capacity(amounts.len());
    for row in 0..amounts.len() {
        let value = |i: usize| times[i].is_valid(row).then(|| times[i].value(row));
        let (start, end, ws, we) = (value(0), value(1), value(2), value(3));
        let result = match (amounts.is_valid(row), start, end, ws, we) {
            (true, Some(s), Some(e), Some(ws), Some(we)) if s <= e => {
                Some(prorate_value(amounts.value(row), s, e, ws, we)?)
            }
            (true, Some(s), Some(e), _, _) if e < s => return end_before_start("prorate", s, e),
            // An open period (NULL end) is kept whole at its start, like a zero-length one.
            (true, Some(s), None, Some(ws), Some(we)) => {
                Some(prorate_value(amounts.value(row), s, s, ws, we)?)
            }
            _ => None,
        };
        out.push(result);
    }
    let array: Decimal128Array = out.into_iter().collect();
    Ok(Arc::new(array.with_data_type(MONEY_TYPE)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(text: &str) -> i64 {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp_micros()
    }

    const UNIT: i128 = 10_000_000_000; // 1.0 at the money scale

    #[test]
    fn annual_saas_is_1000_a_day() {
        let points = boundaries(
            ts("2026-01-01T00:00:00Z"),
            ts("2027-01-01T00:00:00Z"),
            Granularity::Day,
        )
        .unwrap();
        assert_eq!(points.len(), 366);
        let pieces = piece_amounts(365_000 * UNIT, &points).unwrap();
        assert!(pieces.iter().all(|p| *p == 1_000 * UNIT));
    }

    #[test]
    fn leap_year_and_month_ends() {
        let s = ts("2028-01-31T12:00:00Z");
        let e = ts("2028-03-01T00:00:00Z");
        let points = boundaries(s, e, Granularity::Month).unwrap();
        assert_eq!(points, vec![s, ts("2028-02-01T00:00:00Z"), e]);
        // 12 hours of January, 29 days (696 hours) of February: 708 hours in all.
        let pieces = piece_amounts(708 * UNIT, &points).unwrap();
        assert_eq!(pieces, vec![12 * UNIT, 696 * UNIT]);
        let days = boundaries(
            ts("2028-02-28T00:00:00Z"),
            ts("2028-03-01T00:00:00Z"),
            Granularity::Day,
        )
        .unwrap();
        assert_eq!(days.len(), 3);
    }

    #[test]
    fn prorate_windows() {
        let s = ts("2026-01-01T00:00:00Z");
        let e = ts("2027-01-01T00:00:00Z");
        let feb = prorate_value(
            365_000 * UNIT,
            s,
            e,
            ts("2026-02-01T00:00:00Z"),
            ts("2026-03-01T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(feb, 28_000 * UNIT);
        assert_eq!(prorate_value(5, s, s, s, e).unwrap(), 5);
        assert_eq!(prorate_value(5, s, s, s + 1, e).unwrap(), 0);
        assert_eq!(prorate_value(5, s, e, e, s).unwrap(), 0);
    }

    const Y2020: i64 = 1_577_836_800_000_000;
    const SPAN: i64 = 3 * 366 * DAY_US;

    fn granularity() -> impl Strategy<Value = Granularity> {
        prop_oneof![
            Just(Granularity::Hour),
            Just(Granularity::Day),
            Just(Granularity::Month)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Pieces sum to the amount exactly, are contiguous and half-open, and each lies
        /// within one granularity step.
        #[test]
        fn pieces_sum_to_amount(
            amount in -(10i128.pow(20))..10i128.pow(20),
            start in Y2020..Y2020 + SPAN,
            length in 1i64..(400 * DAY_US),
            g in granularity(),
        ) {
            let end = start + length;
            let points = boundaries(start, end, g).unwrap();
            let pieces = piece_amounts(amount, &points).unwrap();
            prop_assert_eq!(pieces.iter().sum::<i128>(), amount);
            prop_assert_eq!(points[0], start);
            prop_assert_eq!(*points.last().unwrap(), end);
            for w in points.windows(2) {
                prop_assert!(w[0] < w[1]);
                prop_assert!(g.next_boundary(w[0]).unwrap() >= w[1]);
            }
            // Interior boundaries are calendar boundaries: whole hours, midnights, the 1st of a
            // month at midnight (so month ends and 29 February are the calendar's).
            for b in &points[1..points.len() - 1] {
                let t = DateTime::from_timestamp_micros(*b).unwrap();
                prop_assert_eq!(b.rem_euclid(HOUR_US), 0);
                if g != Granularity::Hour {
                    prop_assert_eq!(b.rem_euclid(DAY_US), 0);
                }
                if g == Granularity::Month {
                    prop_assert_eq!(t.day(), 1);
                }
            }
        }

        /// Pro-rating into adjacent windows that cover the period gives the amount exactly,
        /// and agrees with the amortized pieces of an aligned window.
        #[test]
        fn prorate_adds_up(
            amount in -(10i128.pow(20))..10i128.pow(20),
            start in Y2020..Y2020 + SPAN,
            length in 0i64..(400 * DAY_US),
            cut in 0.0f64..1.0,
        ) {
            let end = start + length;
            let middle = start - DAY_US + ((length + 2 * DAY_US) as f64 * cut) as i64;
            let before = prorate_value(amount, start, end, start - DAY_US, middle).unwrap();
            let after = prorate_value(amount, start, end, middle, end + DAY_US).unwrap();
            prop_assert_eq!(before + after, amount);
            if length > 0 {
                let points = boundaries(start, end, Granularity::Day).unwrap();
                let pieces = piece_amounts(amount, &points).unwrap();
                let day_end = Granularity::Day.next_boundary(start).unwrap();
                let first_day: i128 = pieces[0];
                prop_assert_eq!(prorate_value(amount, start, end, day_end - DAY_US, day_end).unwrap(), first_day);
            }
        }
    }
}
