//! Exact money arithmetic shared by the FinOps functions: the money type and splitting an
//! amount into parts that sum to it to the last unit.
//!
//! Amounts are Decimal128(38, 10) held as `i128` in units of 10^-10 (the same MONEY type as
//! the FOCUS registry in the catalogs crate). A split never uses floating point: each part is
//! the difference of two *cumulative* shares, each truncated toward zero, so
//!
//! ```text
//! part_i = trunc(amount * W_i / W) - trunc(amount * W_(i-1) / W)     W_i = w_1 + ... + w_i
//! ```
//!
//! The parts telescope to `trunc(amount * W / W) = amount` exactly, a zero weight gets zero, a
//! part never differs from its exact share by a unit or more, and the same weights in the same
//! order always give the same parts (the rounding remainder is placed deterministically, by
//! the order of the weights).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Decimal128Array};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use datafusion::common::{Result, exec_err};

use crate::parse::parse_decimal;

/// The scale of money amounts (and quantities).
pub const MONEY_SCALE: i8 = 10;
/// Arrow type of money amounts (every `*Cost` column): exact decimal, 10 digits after the point.
/// The one definition: the FOCUS registry and every function use it.
pub const MONEY_TYPE: DataType = DataType::Decimal128(38, MONEY_SCALE);
/// The scale of unit prices: 16 digits, enough for the `E-12` prices seen in real exports.
pub const UNIT_PRICE_SCALE: i8 = 16;
/// Arrow type of unit prices (every `*UnitPrice` column, and token prices).
pub const UNIT_PRICE_TYPE: DataType = DataType::Decimal128(38, UNIT_PRICE_SCALE);
/// Arrow type of quantities and percentages (every other FOCUS Decimal column).
pub const QUANTITY_TYPE: DataType = DataType::Decimal128(38, MONEY_SCALE);

/// An amount at the money scale as decimal text (`1.5000000000`), for messages.
pub fn format_money(amount: i128) -> String {
    datafusion::common::ScalarValue::Decimal128(Some(amount), 38, MONEY_SCALE).to_string()
}

/// The type a money argument is coerced to: floating point stays Float64 (see [`to_money`]),
/// anything else becomes MONEY.
pub fn money_argument_type(data_type: &DataType) -> DataType {
    if data_type.is_floating() {
        DataType::Float64
    } else {
        MONEY_TYPE
    }
}

/// A money argument as a MONEY array. Decimals and integers are cast (rounding below the money
/// scale); a float goes through its shortest decimal text, so the literal `1234567.89` is exactly
/// 1234567.89 and not the binary float's 1234567.8899999998. `what` names the caller in errors.
pub fn to_money(array: &ArrayRef, what: &str) -> Result<ArrayRef> {
    if !array.data_type().is_floating() {
        return Ok(cast(array, &MONEY_TYPE)?);
    }
    let floats = cast(array, &DataType::Float64)?;
    let floats = floats.as_primitive::<Float64Type>();
    let mut out = Vec::with_capacity(floats.len());
    for v in floats.iter() {
        out.push(match v {
            None => None,
            Some(f) => match parse_decimal(&f.to_string(), MONEY_SCALE) {
                Some(d) => Some(d),
                None => return exec_err!("{what}: {f} is not an amount of money"),
            },
        });
    }
    let array: Decimal128Array = out.into_iter().collect();
    Ok(Arc::new(array.with_data_type(MONEY_TYPE)))
}

/// `trunc(amount * num / den)` for `0 <= num <= den`, `den > 0`, exactly: the amount is
/// divided first and only the remainder (smaller than `den`) is multiplied, in 256 bits when
/// 128 do not hold it. `None` only when the arguments are out of range.
pub fn mul_div_trunc(amount: i128, num: i128, den: i128) -> Option<i128> {
    if den <= 0 || num < 0 || num > den {
        return None;
    }
    let q = amount / den;
    let r = amount % den;
    let whole = q.checked_mul(num)?;
    let part = match r.checked_mul(num) {
        Some(p) => p / den,
        None => {
            // |r| * num < den^2, so the quotient is below den and fits.
            let magnitude = wide_mul_div(r.unsigned_abs(), num as u128, den as u128) as i128;
            if r < 0 { -magnitude } else { magnitude }
        }
    };
    whole.checked_add(part)
}

/// `floor(a * b / d)` for a quotient that fits in 128 bits, with a 256-bit product.
fn wide_mul_div(a: u128, b: u128, d: u128) -> u128 {
    const HALF: u32 = 64;
    let mask = (1u128 << HALF) - 1;
    let (a_hi, a_lo) = (a >> HALF, a & mask);
    let (b_hi, b_lo) = (b >> HALF, b & mask);
    let lo_lo = a_lo * b_lo;
    let mid1 = a_hi * b_lo;
    let mid2 = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let (mid, mid_carry) = mid1.overflowing_add(mid2);
    let (lo, lo_carry) = lo_lo.overflowing_add(mid << HALF);
    let hi = hi_hi + (mid >> HALF) + ((mid_carry as u128) << HALF) + lo_carry as u128;
    // Long division of (hi, lo) by d, one bit at a time; hi < d because the quotient fits.
    let mut rem = hi;
    let mut quotient = 0u128;
    for bit in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || rem >= d {
            rem = rem.wrapping_sub(d);
            quotient |= 1;
        }
    }
    quotient
}

/// Split `amount` into one part per weight, proportional to the weights, with the parts summing
/// to `amount` exactly (see the module documentation). Weights must be non-negative with a
/// positive sum; `what` names the caller in errors.
pub fn split_by_weights(amount: i128, weights: &[i128], what: &str) -> Result<Vec<i128>> {
    let mut total: i128 = 0;
    for w in weights {
        if *w < 0 {
            return exec_err!("{what}: negative weight {w}");
        }
        total = match total.checked_add(*w) {
            Some(t) => t,
            None => return exec_err!("{what}: the weights are too large to add up"),
        };
    }
    if total == 0 {
        return exec_err!("{what}: the weights sum to zero");
    }
    let mut parts = Vec::with_capacity(weights.len());
    let mut cumulative: i128 = 0;
    let mut previous: i128 = 0;
    for w in weights {
        cumulative += w;
        let share = cumulative_share(amount, cumulative, total, what)?;
        parts.push(share - previous);
        previous = share;
    }
    Ok(parts)
}

/// `trunc(amount * part / total)`, or an error naming `what` when it cannot be computed exactly.
pub fn cumulative_share(amount: i128, part: i128, total: i128, what: &str) -> Result<i128> {
    match mul_div_trunc(amount, part, total) {
        Some(v) => Ok(v),
        None => exec_err!("{what}: amount {amount} cannot be split exactly over {total} units"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn floats_are_read_as_their_decimal_text() {
        let floats: ArrayRef = Arc::new(arrow::array::Float64Array::from(vec![
            Some(1234567.89),
            None,
        ]));
        let money = to_money(&floats, "t").unwrap();
        let money = money.as_primitive::<arrow::datatypes::Decimal128Type>();
        assert_eq!(money.value(0), 12_345_678_900_000_000);
        assert!(money.is_null(1));
        let nan: ArrayRef = Arc::new(arrow::array::Float64Array::from(vec![f64::NAN]));
        assert!(to_money(&nan, "t").is_err());
    }

    #[test]
    fn thirds() {
        assert_eq!(
            split_by_weights(100, &[1, 1, 1], "t").unwrap(),
            vec![33, 33, 34]
        );
        assert_eq!(
            split_by_weights(-100, &[1, 1, 1], "t").unwrap(),
            vec![-33, -33, -34]
        );
        assert_eq!(
            split_by_weights(7, &[0, 2, 0, 1], "t").unwrap(),
            vec![0, 4, 0, 3]
        );
        assert!(split_by_weights(7, &[0, 0], "t").is_err());
        assert!(split_by_weights(7, &[1, -1], "t").is_err());
        // Weights whose products overflow 128 bits.
        let big = 10i128.pow(30);
        assert_eq!(
            split_by_weights(10i128.pow(35) + 1, &[big, big], "t").unwrap(),
            vec![5 * 10i128.pow(34), 5 * 10i128.pow(34) + 1]
        );
        // Checked against Python's integers: -(10**35 + 12345) * (10**30 // 3) // 10**30.
        assert_eq!(
            mul_div_trunc(-(10i128.pow(35) + 12345), big / 3, big),
            Some(-33333333333333333333333333333304114)
        );
    }

    proptest! {
        /// Parts sum to the amount exactly, a zero weight gets zero, each part is within one
        /// unit of its exact share, and the split is deterministic.
        #[test]
        fn parts_sum_exactly(
            amount in -(10i128.pow(24))..10i128.pow(24),
            weights in prop::collection::vec(0i128..1_000_000_000_000, 1..50),
        ) {
            prop_assume!(weights.iter().sum::<i128>() > 0);
            let parts = split_by_weights(amount, &weights, "p").unwrap();
            prop_assert_eq!(parts.iter().sum::<i128>(), amount);
            let total: i128 = weights.iter().sum();
            for (p, w) in parts.iter().zip(&weights) {
                if *w == 0 {
                    prop_assert_eq!(*p, 0);
                }
                // |p - amount*w/total| < 1  <=>  |p*total - amount*w| < total (checked in i128
                // only where it fits).
                if let (Some(a), Some(b)) = (p.checked_mul(total), amount.checked_mul(*w)) {
                    prop_assert!((a - b).abs() < total);
                }
            }
            prop_assert_eq!(split_by_weights(amount, &weights, "p").unwrap(), parts);
        }

        /// The 256-bit path agrees with exact arithmetic (checked where i128 holds it, and by
        /// the bound `q * den <= a * b < (q + 1) * den` through u128 division otherwise).
        #[test]
        fn wide_path(a in 0u128..(1u128 << 100), d in 1u128..(1u128 << 100), frac in 0.0f64..=1.0) {
            let b = ((d as f64) * frac) as u128;
            let b = b.min(d);
            let a = a % d;
            let q = wide_mul_div(a, b, d);
            if let Some(p) = a.checked_mul(b) {
                prop_assert_eq!(q, p / d);
            }
            prop_assert!(q < d.max(1));
        }

        #[test]
        fn mul_div_is_exact(amount in any::<i64>(), den in 1i128..1_000_000_000_000_000, frac in 0.0f64..=1.0) {
            let num = ((den as f64) * frac) as i128;
            let num = num.min(den);
            let exact = (amount as i128) * num / den;
            prop_assert_eq!(mul_div_trunc(amount as i128, num, den), Some(exact));
        }
    }
}
