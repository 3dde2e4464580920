//! Currency: conversion from a user's rates file, and a checked money sum.
//!
//! - `convert_currency(amount, from, to, at)` converts with the rate for `from → to` on the
//!   day of `at` (UTC), falling back to the rate of its month; the same currency converts to
//!   itself. The result is rounded half away from zero to the money scale.
//! - `sum_money(amount, currency)` sums amounts like `sum`, but fails when the rows it adds
//!   carry two different currencies: adding USD to EUR is an error, not a silent sum. Saved
//!   reports sum money with it (or convert first).
//!
//! The rates file is CSV with a header `date,from,to,rate`: `date` is `YYYY-MM-DD` (a daily
//! rate) or `YYYY-MM` (a monthly rate), `from`/`to` are ISO 4217 codes, `rate` is how many
//! `to` one `from` buys, as a decimal. Inverse rates are not derived: a conversion needs its
//! own `from → to` line.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Decimal128Array};
use arrow::datatypes::{DataType, Decimal128Type, Field, FieldRef, TimestampMicrosecondType};
use chrono::{DateTime, Datelike, NaiveDate};
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, ColumnarValue, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, Volatility,
};

use crate::dialect::invoke_arrays;
use crate::money::{MONEY_SCALE, MONEY_TYPE, format_money, money_argument_type, to_money};
use crate::parse::parse_decimal;
use crate::strings::to_string_array;

/// The scale rates are held at (the registry's unit-price scale).
const RATE_SCALE: i8 = 16;

/// Exchange rates by currency pair: daily rates by date and monthly rates by (year, month).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Rates {
    daily: BTreeMap<(String, String, NaiveDate), i128>,
    monthly: BTreeMap<(String, String, i32, u32), i128>,
}

/// True for a well-formed ISO 4217 code: three ASCII upper-case letters.
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl Rates {
    /// Read a rates CSV text; `file` names it in errors, which give the line at fault.
    pub fn from_csv(text: &str, file: &str) -> std::result::Result<Rates, String> {
        let mut rates = Rates::default();
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let header: Vec<String> = match lines.next() {
            Some((_, h)) => h
                .split(',')
                .map(|c| c.trim().to_ascii_lowercase())
                .collect(),
            None => return Err(format!("{file}: empty rates file")),
        };
        if header != ["date", "from", "to", "rate"] {
            return Err(format!(
                "{file}, line 1: the header must be date,from,to,rate"
            ));
        }
        for (index, line) in lines {
            let at = |msg: String| format!("{file}, line {}: {msg}", index + 1);
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let [date, from, to, rate] = cells[..] else {
                return Err(at(format!("expected 4 columns, found {}", cells.len())));
            };
            for (column, code) in [("from", from), ("to", to)] {
                if !is_currency_code(code) {
                    return Err(at(format!(
                        "column {column}: '{code}' is not a currency code"
                    )));
                }
            }
            let value = parse_decimal(rate, RATE_SCALE)
                .filter(|r| *r > 0)
                .ok_or_else(|| at(format!("column rate: '{rate}' is not a positive decimal")))?;
            let pair = (from.to_string(), to.to_string());
            if let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                rates.daily.insert((pair.0, pair.1, day), value);
            } else if let Ok(day) = NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d") {
                rates
                    .monthly
                    .insert((pair.0, pair.1, day.year(), day.month()), value);
            } else {
                return Err(at(format!(
                    "column date: '{date}' is not YYYY-MM-DD or YYYY-MM"
                )));
            }
        }
        Ok(rates)
    }

    /// The rate (at [`RATE_SCALE`]) for `from → to` on `day`: the day's rate, else the month's.
    pub fn rate(&self, from: &str, to: &str, day: NaiveDate) -> Option<i128> {
        let (f, t) = (from.to_string(), to.to_string());
        self.daily
            .get(&(f.clone(), t.clone(), day))
            .or_else(|| self.monthly.get(&(f, t, day.year(), day.month())))
            .copied()
    }

    /// True when some rate converts from or to `code`.
    fn knows(&self, code: &str) -> bool {
        let pair = |f: &String, t: &String| f == code || t == code;
        self.daily.keys().any(|(f, t, _)| pair(f, t))
            || self.monthly.keys().any(|(f, t, _, _)| pair(f, t))
    }

    /// Convert an amount (at the money scale) from one currency to another on a day.
    pub fn convert(&self, amount: i128, from: &str, to: &str, day: NaiveDate) -> Result<i128> {
        for code in [from, to] {
            if !is_currency_code(code) {
                return exec_err!("convert_currency: '{code}' is not a currency code");
            }
        }
        if from == to {
            return Ok(amount);
        }
        let Some(rate) = self.rate(from, to, day) else {
            if let Some(code) = [from, to].into_iter().find(|c| !self.knows(c)) {
                return exec_err!(
                    "convert_currency: unknown currency code '{code}' (no rate in the rates file has it)"
                );
            }
            return exec_err!("convert_currency: no {from} to {to} rate for {day} or its month");
        };
        let Some(product) = amount.checked_mul(rate) else {
            return exec_err!("convert_currency: {from} amount too large to convert");
        };
        Ok(round_div(product, 10i128.pow(RATE_SCALE as u32)))
    }
}

/// `n / d` rounded half away from zero (`d > 0`).
fn round_div(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d { q + n.signum() } else { q }
}

/// `convert_currency(amount, from, to, at)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ConvertCurrency {
    rates: Arc<Rates>,
    signature: Signature,
}

/// The `convert_currency` function over the given rates.
pub fn convert_currency_udf(rates: Arc<Rates>) -> ScalarUDF {
    ScalarUDF::new_from_impl(ConvertCurrency {
        rates,
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

impl ScalarUDFImpl for ConvertCurrency {
    fn name(&self) -> &str {
        "convert_currency"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if arg_types.len() != 4 {
            return plan_err!("convert_currency takes (amount, from, to, at)");
        }
        Ok(vec![
            money_argument_type(&arg_types[0]),
            DataType::Utf8,
            DataType::Utf8,
            DataType::Timestamp(arrow::datatypes::TimeUnit::Microsecond, Some("UTC".into())),
        ])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(MONEY_TYPE)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let amounts = to_money(&arrays[0], "convert_currency")?;
            let amounts = amounts.as_primitive::<Decimal128Type>();
            let from = to_string_array(&arrays[1])?;
            let to = to_string_array(&arrays[2])?;
            let at = arrays[3].as_primitive::<TimestampMicrosecondType>();
            let mut out = Vec::with_capacity(amounts.len());
            for row in 0..amounts.len() {
                if amounts.is_null(row) || from.is_null(row) || to.is_null(row) || at.is_null(row) {
                    out.push(None);
                    continue;
                }
                let Some(day) = DateTime::from_timestamp_micros(at.value(row)) else {
                    return exec_err!("convert_currency: date out of range");
                };
                let value = self.rates.convert(
                    amounts.value(row),
                    from.value(row),
                    to.value(row),
                    day.date_naive(),
                )?;
                out.push(Some(value));
            }
            let array: Decimal128Array = out.into_iter().collect();
            Ok(Arc::new(array.with_data_type(MONEY_TYPE)) as ArrayRef)
        })
    }
}

/// `sum_money(amount, currency)`: a sum that refuses to add different currencies.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SumMoney {
    signature: Signature,
}

/// The `sum_money` aggregate.
pub fn sum_money_udaf() -> AggregateUDF {
    AggregateUDF::new_from_impl(SumMoney {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

impl AggregateUDFImpl for SumMoney {
    fn name(&self) -> &str {
        "sum_money"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if arg_types.len() != 2 {
            return plan_err!("sum_money takes (amount, currency)");
        }
        Ok(vec![money_argument_type(&arg_types[0]), DataType::Utf8])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(MONEY_TYPE)
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::<MoneySum>::default())
    }

    fn state_fields(&self, _args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![
            Arc::new(Field::new("sum", MONEY_TYPE, true)),
            Arc::new(Field::new("currency", DataType::Utf8, true)),
        ])
    }
}

/// The running sum of one group and the one currency it has seen.
#[derive(Debug, Default)]
struct MoneySum {
    sum: Option<i128>,
    currency: Option<String>,
}

impl MoneySum {
    fn add(&mut self, amount: i128, currency: Option<&str>) -> Result<()> {
        if let Some(c) = currency {
            match &self.currency {
                Some(seen) if seen != c => {
                    return exec_err!(
                        "sum_money: cannot add {seen} and {c} amounts; convert them first with convert_currency(amount, from, to, at)"
                    );
                }
                Some(_) => {}
                None => self.currency = Some(c.to_string()),
            }
        } else if amount != 0 {
            return exec_err!(
                "sum_money: an amount of {} has no currency",
                format_money(amount)
            );
        }
        self.sum = match self.sum.unwrap_or(0).checked_add(amount) {
            Some(s) => Some(s),
            None => return exec_err!("sum_money: the sum overflows"),
        };
        Ok(())
    }

    fn update(&mut self, amounts: &ArrayRef, currencies: &ArrayRef) -> Result<()> {
        let amounts = to_money(amounts, "sum_money")?;
        let amounts = amounts.as_primitive::<Decimal128Type>();
        let currencies = to_string_array(currencies)?;
        for row in 0..amounts.len() {
            if amounts.is_valid(row) {
                let currency = currencies.is_valid(row).then(|| currencies.value(row));
                self.add(amounts.value(row), currency)?;
            }
        }
        Ok(())
    }
}

impl Accumulator for MoneySum {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.update(&values[0], &values[1])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Decimal128(self.sum, 38, MONEY_SCALE))
    }

    fn size(&self) -> usize {
        std::mem::size_of::<Self>() + self.currency.as_ref().map_or(0, String::capacity)
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![
            ScalarValue::Decimal128(self.sum, 38, MONEY_SCALE),
            ScalarValue::Utf8(self.currency.clone()),
        ])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        self.update(&states[0], &states[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RATES: &str = "date,from,to,rate\n2026-03,EUR,USD,1.08\n2026-03-05,EUR,USD,1.1\n";

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn daily_then_monthly() {
        let r = Rates::from_csv(RATES, "r.csv").unwrap();
        let ten = 10 * 10i128.pow(10);
        assert_eq!(
            r.convert(ten, "EUR", "USD", day("2026-03-05")).unwrap(),
            11 * 10i128.pow(10)
        );
        assert_eq!(
            r.convert(ten, "EUR", "USD", day("2026-03-06")).unwrap(),
            108 * 10i128.pow(9)
        );
        assert_eq!(
            r.convert(ten, "USD", "USD", day("2020-01-01")).unwrap(),
            ten
        );
        let e = r
            .convert(ten, "EUR", "USD", day("2026-04-01"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("no EUR to USD rate for 2026-04-01"), "{e}");
        assert!(r.convert(ten, "usd", "EUR", day("2026-03-05")).is_err());
        let e = r
            .convert(ten, "XYZ", "USD", day("2026-03-05"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown currency code 'XYZ'"), "{e}");
        assert!(
            Rates::from_csv("date,from,to,rate\n2026-03,EUR,USD,-1\n", "r")
                .unwrap_err()
                .contains("line 2")
        );
        assert!(Rates::from_csv("date,from,to,rate\n2026-13,EUR,USD,1\n", "r").is_err());
    }

    #[test]
    fn mixed_currencies_fail() {
        let mut s = MoneySum::default();
        s.add(5, Some("USD")).unwrap();
        s.add(0, None).unwrap();
        assert!(
            s.add(5, Some("EUR"))
                .unwrap_err()
                .to_string()
                .contains("USD and EUR")
        );
        assert!(MoneySum::default().add(1, None).is_err());
    }

    proptest! {
        /// One currency: sum_money is the exact sum, however the rows are batched and merged.
        #[test]
        fn sums_one_currency(amounts in prop::collection::vec(-(10i128.pow(20))..10i128.pow(20), 0..40), cut in 0usize..40) {
            let cut = cut.min(amounts.len());
            let mut a = MoneySum::default();
            let mut b = MoneySum::default();
            for x in &amounts[..cut] { a.add(*x, Some("USD")).unwrap(); }
            for x in &amounts[cut..] { b.add(*x, Some("USD")).unwrap(); }
            let state = b.state().unwrap();
            let sums = ScalarValue::iter_to_array([state[0].clone()]).unwrap();
            let codes = ScalarValue::iter_to_array([state[1].clone()]).unwrap();
            if b.sum.is_some() { a.merge_batch(&[sums, codes]).unwrap(); }
            let expected: i128 = amounts.iter().sum();
            prop_assert_eq!(a.sum.unwrap_or(0), expected);
        }

        /// Converting with a rate of exactly 1 changes nothing; rounding is within half a unit.
        #[test]
        fn conversion_rounds_half_unit(amount in -(10i128.pow(21))..10i128.pow(21), rate in 1i128..10i128.pow(17)) {
            let mut r = Rates::default();
            r.monthly.insert(("EUR".into(), "USD".into(), 2026, 1), rate);
            let got = r.convert(amount, "EUR", "USD", day("2026-01-09")).unwrap();
            let exact = amount * rate; // at scale 26
            let scale = 10i128.pow(RATE_SCALE as u32);
            prop_assert!((got * scale - exact).abs() * 2 <= scale);
        }
    }
}
