//! Date and time functions of DuckDB and Athena/Trino.
//!
//! Every function takes a timestamp of any unit and time zone, a date (`Date32`/`Date64`), or a
//! string that casts to a timestamp (`'2026-01-31'`, `'2026-01-31 10:00:00'`,
//! `'2026-01-31T10:00:00Z'`, and the forms billing exports write, `'2026-01-31 10:00'` and
//! `'1/31/2026'`); a string that is none of these is an error naming the function and the
//! value, as in DuckDB.
//!
//! Fields are read in the timestamp's own time zone (UTC for FOCUS data and for timestamps
//! without a zone), the way `date_part` and casts read them in DataFusion; dates are midnight
//! UTC.
//!
//! | function | dialect | returns |
//! |---|---|---|
//! | `year`, `quarter`, `month`, `day`/`dayofmonth`, `hour`, `minute`, `second` | DuckDB | Int64 |
//! | `dayofweek`/`dow` (Sunday = 0), `isodow` (Monday = 1), `dayofyear`, `week`/`weekofyear` (ISO), `isoyear` | DuckDB | Int64 |
//! | `date(ts)` | DuckDB `ts::DATE` | Date32 |
//! | `last_day(ts)` | DuckDB, Trino | Date32 |
//! | `epoch(ts)`, `epoch_ms(ts)`, `epoch_ms(ms)` | DuckDB | Float64, Int64, Timestamp |
//! | `strftime(ts, format)` | DuckDB | Utf8 |
//! | `date_format(ts, format)` | Athena/Trino (MySQL codes) | Utf8 |
//! | `date_diff(unit, start, end)`/`datediff` | DuckDB | Int64 |
//! | `date_add(ts, interval)`, `date_sub(ts, interval)`, `date_add(ts, days)` | DuckDB, MySQL | timestamp or date |
//! | `date_add(unit, n, ts)` | Athena/Trino | type of `ts` |

use std::fmt::Write as _;
use std::sync::Arc;

use arrow::array::timezone::Tz;
use arrow::array::{
    Array, ArrayRef, AsArray, Date32Array, Float64Array, Int64Array, IntervalMonthDayNanoArray,
    StringBuilder, TimestampMicrosecondArray, TimestampMillisecondArray,
};
use arrow::compute::kernels::numeric;
use arrow::compute::{CastOptions, cast_with_options};
use arrow::datatypes::{
    ArrowTimestampType, DataType, Date32Type, Date64Type, Field, FieldRef, Int64Type,
    IntervalMonthDayNano, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType,
};
use arrow::temporal_conversions::{as_datetime, as_datetime_with_timezone};
use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::scalar_doc_sections::DOC_SECTION_DATETIME;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};

use super::{
    call_error, coerce_arguments, invoke_arrays, is_datetime_input, is_integer, is_string,
    literal_string,
};
use crate::parse::parse_timestamp_micros;
use crate::strings::to_string_array;

/// Microseconds in a second, a minute and an hour; nanoseconds in a microsecond.
const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
const NANOS_PER_MICRO: i64 = 1_000;

// ---------------------------------------------------------------------------------------------
// Reading date-time arguments
// ---------------------------------------------------------------------------------------------

/// One date-time argument, row by row, each value with its UTC offset: a timestamp in its own
/// time zone (UTC when it has none), a date at midnight UTC, a string as it casts to a
/// timestamp. A string that does not cast is an error naming the function and the value.
pub(crate) fn read_datetimes(
    name: &str,
    array: &ArrayRef,
) -> Result<Vec<Option<DateTime<FixedOffset>>>> {
    match array.data_type() {
        DataType::Null => Ok(vec![None; array.len()]),
        DataType::Timestamp(unit, tz) => {
            let tz: Option<Tz> = tz.as_deref().map(str::parse).transpose()?;
            Ok(match unit {
                TimeUnit::Second => timestamps::<TimestampSecondType>(array, tz),
                TimeUnit::Millisecond => timestamps::<TimestampMillisecondType>(array, tz),
                TimeUnit::Microsecond => timestamps::<TimestampMicrosecondType>(array, tz),
                TimeUnit::Nanosecond => timestamps::<TimestampNanosecondType>(array, tz),
            })
        }
        DataType::Date32 => Ok(array
            .as_primitive::<Date32Type>()
            .iter()
            .map(|v| as_datetime::<Date32Type>(v? as i64).map(|d| d.and_utc().fixed_offset()))
            .collect()),
        DataType::Date64 => Ok(array
            .as_primitive::<Date64Type>()
            .iter()
            .map(|v| as_datetime::<Date64Type>(v?).map(|d| d.and_utc().fixed_offset()))
            .collect()),
        t if is_string(t) => read_datetimes(
            name,
            &cast_datetime(
                name,
                array,
                &DataType::Timestamp(TimeUnit::Microsecond, None),
            )?,
        ),
        other => exec_err!("{name}: cannot read a date-time from {other}"),
    }
}

fn timestamps<T: ArrowTimestampType>(
    array: &ArrayRef,
    tz: Option<Tz>,
) -> Vec<Option<DateTime<FixedOffset>>> {
    array
        .as_primitive::<T>()
        .iter()
        .map(|v| match tz {
            Some(tz) => as_datetime_with_timezone::<T>(v?, tz).map(|d| d.fixed_offset()),
            None => as_datetime::<T>(v?).map(|d| d.and_utc().fixed_offset()),
        })
        .collect()
}

/// Cast a date-time argument to `target`. Strings are read as Arrow casts them to a timestamp
/// and, failing that, in the forms billing exports write (`2026-01-31 10:00`, `1/31/2026`; see
/// [`parse_timestamp_micros`]); a string that is neither is an error naming the function and
/// the value (DuckDB fails the query the same way).
fn cast_datetime(name: &str, array: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    if array.data_type() == target {
        return Ok(Arc::clone(array));
    }
    let options = CastOptions {
        safe: true,
        ..Default::default()
    };
    if !is_string(array.data_type()) {
        return Ok(cast_with_options(array, target, &options)?);
    }
    let micros = DataType::Timestamp(TimeUnit::Microsecond, None);
    let cast = cast_with_options(array, &micros, &options)?;
    let cast = cast.as_primitive::<TimestampMicrosecondType>();
    let text = to_string_array(array)?;
    let mut values = Vec::with_capacity(text.len());
    for (i, value) in text.iter().enumerate() {
        values.push(match value {
            None => None,
            Some(_) if cast.is_valid(i) => Some(cast.value(i)),
            Some(v) => match parse_timestamp_micros(v) {
                Some(t) => Some(t),
                None => return exec_err!("{name}: cannot read '{v}' as a timestamp"),
            },
        });
    }
    let parsed: ArrayRef = Arc::new(TimestampMicrosecondArray::from(values));
    if &micros == target {
        Ok(parsed)
    } else {
        Ok(cast_with_options(&parsed, target, &options)?)
    }
}

/// Microseconds since the epoch (UTC) of a date-time argument, row by row.
fn read_epoch_micros(name: &str, array: &ArrayRef) -> Result<Vec<Option<i64>>> {
    Ok(match array.data_type() {
        DataType::Null => vec![None; array.len()],
        DataType::Timestamp(TimeUnit::Second, _) => array
            .as_primitive::<TimestampSecondType>()
            .iter()
            .map(|v| v?.checked_mul(MICROS_PER_SECOND))
            .collect(),
        DataType::Timestamp(TimeUnit::Millisecond, _) => array
            .as_primitive::<TimestampMillisecondType>()
            .iter()
            .map(|v| v?.checked_mul(1_000))
            .collect(),
        DataType::Timestamp(TimeUnit::Microsecond, _) => array
            .as_primitive::<TimestampMicrosecondType>()
            .iter()
            .collect(),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => array
            .as_primitive::<TimestampNanosecondType>()
            .iter()
            .map(|v| Some(v?.div_euclid(NANOS_PER_MICRO)))
            .collect(),
        DataType::Date32 => array
            .as_primitive::<Date32Type>()
            .iter()
            .map(|v| (v? as i64).checked_mul(24 * MICROS_PER_HOUR))
            .collect(),
        DataType::Date64 => array
            .as_primitive::<Date64Type>()
            .iter()
            .map(|v| v?.checked_mul(1_000))
            .collect(),
        t if is_string(t) => read_epoch_micros(
            name,
            &cast_datetime(
                name,
                array,
                &DataType::Timestamp(TimeUnit::Microsecond, None),
            )?,
        )?,
        other => return exec_err!("{name}: cannot read a date-time from {other}"),
    })
}

/// Days since the epoch of a date.
fn days_since_epoch(date: NaiveDate) -> i32 {
    Date32Type::from_naive_date(date)
}

/// Checks shared by the functions of one date-time argument.
fn one_datetime_argument(name: &str, signature: &str, arg_types: &[DataType]) -> Result<()> {
    match arg_types {
        [t] if is_datetime_input(t) => Ok(()),
        _ => call_error(name, signature, arg_types),
    }
}

fn doc(description: &str, syntax: &str, example: &str) -> Documentation {
    Documentation::builder(DOC_SECTION_DATETIME, description, syntax)
        .with_sql_example(format!("```sql\n{example}\n```"))
        .build()
}

fn aliases(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// year(ts), month(ts), dayofweek(ts), ...
// ---------------------------------------------------------------------------------------------

/// A field of a date-time, as DuckDB's functions of the same names extract it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Year,
    Quarter,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// Sunday = 0 … Saturday = 6.
    DayOfWeek,
    /// Monday = 1 … Sunday = 7.
    IsoDayOfWeek,
    /// 1 … 366.
    DayOfYear,
    /// ISO 8601 week, 1 … 53.
    Week,
    /// The ISO 8601 year the ISO week belongs to.
    IsoYear,
}

impl Part {
    fn of(self, t: &DateTime<FixedOffset>) -> i64 {
        (match self {
            Part::Year => t.year(),
            Part::Quarter => (t.month0() / 3 + 1) as i32,
            Part::Month => t.month() as i32,
            Part::Day => t.day() as i32,
            Part::Hour => t.hour() as i32,
            Part::Minute => t.minute() as i32,
            Part::Second => t.second() as i32,
            Part::DayOfWeek => t.weekday().num_days_from_sunday() as i32,
            Part::IsoDayOfWeek => t.weekday().number_from_monday() as i32,
            Part::DayOfYear => t.ordinal() as i32,
            Part::Week => t.iso_week().week() as i32,
            Part::IsoYear => t.iso_week().year(),
        }) as i64
    }
}

/// `year(ts)`, `month(ts)`, `dayofweek(ts)`, ...: one field of a date-time as Int64 (DuckDB).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DatePartFunction {
    name: &'static str,
    aliases: Vec<String>,
    part: Part,
    signature: Signature,
    doc: Documentation,
}

fn date_part_udf(
    name: &'static str,
    alias_names: &[&str],
    part: Part,
    description: &str,
    example: &str,
) -> ScalarUDF {
    ScalarUDF::new_from_impl(DatePartFunction {
        name,
        aliases: aliases(alias_names),
        part,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: doc(description, &format!("{name}(timestamp)"), example),
    })
}

/// DuckDB `year(ts)`: `year(TIMESTAMP '2026-03-04 05:06:07')` = 2026.
pub fn year_udf() -> ScalarUDF {
    date_part_udf(
        "year",
        &[],
        Part::Year,
        "The year of a timestamp or date (DuckDB).",
        "SELECT year(TIMESTAMP '2026-03-04 05:06:07'); -- 2026",
    )
}

/// DuckDB `quarter(ts)`: 1 … 4.
pub fn quarter_udf() -> ScalarUDF {
    date_part_udf(
        "quarter",
        &[],
        Part::Quarter,
        "The quarter (1-4) of a timestamp or date (DuckDB).",
        "SELECT quarter(DATE '2026-05-04'); -- 2",
    )
}

/// DuckDB `month(ts)`: 1 … 12.
pub fn month_udf() -> ScalarUDF {
    date_part_udf(
        "month",
        &[],
        Part::Month,
        "The month (1-12) of a timestamp or date (DuckDB).",
        "SELECT month(DATE '2026-03-04'); -- 3",
    )
}

/// DuckDB `day(ts)`, alias `dayofmonth`: 1 … 31.
pub fn day_udf() -> ScalarUDF {
    date_part_udf(
        "day",
        &["dayofmonth"],
        Part::Day,
        "The day of the month (1-31) of a timestamp or date (DuckDB). Alias: dayofmonth.",
        "SELECT day(DATE '2026-03-04'); -- 4",
    )
}

/// DuckDB `hour(ts)`: 0 … 23.
pub fn hour_udf() -> ScalarUDF {
    date_part_udf(
        "hour",
        &[],
        Part::Hour,
        "The hour (0-23) of a timestamp (DuckDB).",
        "SELECT hour(TIMESTAMP '2026-03-04 05:06:07'); -- 5",
    )
}

/// DuckDB `minute(ts)`: 0 … 59.
pub fn minute_udf() -> ScalarUDF {
    date_part_udf(
        "minute",
        &[],
        Part::Minute,
        "The minute (0-59) of a timestamp (DuckDB).",
        "SELECT minute(TIMESTAMP '2026-03-04 05:06:07'); -- 6",
    )
}

/// DuckDB `second(ts)`: 0 … 59, without the fraction.
pub fn second_udf() -> ScalarUDF {
    date_part_udf(
        "second",
        &[],
        Part::Second,
        "The second (0-59, without the fraction) of a timestamp (DuckDB).",
        "SELECT second(TIMESTAMP '2026-03-04 05:06:07.9'); -- 7",
    )
}

/// DuckDB `dayofweek(ts)`, alias `dow`: Sunday = 0 … Saturday = 6.
pub fn dayofweek_udf() -> ScalarUDF {
    date_part_udf(
        "dayofweek",
        &["dow"],
        Part::DayOfWeek,
        "The day of the week, Sunday = 0 to Saturday = 6 (DuckDB). Alias: dow.",
        "SELECT dayofweek(DATE '2026-03-08'); -- 0 (a Sunday)",
    )
}

/// DuckDB `isodow(ts)`: Monday = 1 … Sunday = 7.
pub fn isodow_udf() -> ScalarUDF {
    date_part_udf(
        "isodow",
        &["day_of_week"],
        Part::IsoDayOfWeek,
        "The ISO day of the week, Monday = 1 to Sunday = 7 (DuckDB). Alias: day_of_week \
         (Athena/Trino).",
        "SELECT isodow(DATE '2026-03-08'); -- 7 (a Sunday)",
    )
}

/// DuckDB `dayofyear(ts)`: 1 … 366.
pub fn dayofyear_udf() -> ScalarUDF {
    date_part_udf(
        "dayofyear",
        &["day_of_year"],
        Part::DayOfYear,
        "The day of the year, 1 to 366 (DuckDB). Alias: day_of_year (Athena/Trino).",
        "SELECT dayofyear(DATE '2028-12-31'); -- 366",
    )
}

/// DuckDB `week(ts)`, alias `weekofyear`: the ISO 8601 week, 1 … 53.
pub fn week_udf() -> ScalarUDF {
    date_part_udf(
        "week",
        &["weekofyear", "week_of_year"],
        Part::Week,
        "The ISO 8601 week of the year, 1 to 53; weeks start on Monday and week 1 holds the \
         year's first Thursday (DuckDB). Aliases: weekofyear, week_of_year (Athena/Trino).",
        "SELECT week(DATE '2027-01-01'); -- 53 (of 2026)",
    )
}

/// DuckDB `isoyear(ts)`: the ISO 8601 year the ISO week belongs to.
pub fn isoyear_udf() -> ScalarUDF {
    date_part_udf(
        "isoyear",
        &[],
        Part::IsoYear,
        "The ISO 8601 year, the year the ISO week belongs to (DuckDB).",
        "SELECT isoyear(DATE '2027-01-01'); -- 2026",
    )
}

impl ScalarUDFImpl for DatePartFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        one_datetime_argument(self.name, "one timestamp, date or string", arg_types)?;
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let values = read_datetimes(self.name, &arrays[0])?;
            let out: Int64Array = values
                .iter()
                .map(|v| v.as_ref().map(|t| self.part.of(t)))
                .collect();
            Ok(Arc::new(out) as ArrayRef)
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

// ---------------------------------------------------------------------------------------------
// date(ts), last_day(ts)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum DateKind {
    /// The date of the date-time.
    Date,
    /// The last day of its month.
    LastDay,
}

/// `date(ts)` and `last_day(ts)`: a date (Date32) from a date-time.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateFunction {
    name: &'static str,
    kind: DateKind,
    signature: Signature,
    doc: Documentation,
}

/// DuckDB `date(ts)`, i.e. `ts::DATE`: the date of a timestamp, dropping the time of day.
pub fn date_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(DateFunction {
        name: "date",
        kind: DateKind::Date,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: doc(
            "The date of a timestamp, dropping the time of day, as DuckDB's `ts::DATE`. The \
             date is read in the timestamp's time zone (UTC when it has none).",
            "date(timestamp)",
            "SELECT date(TIMESTAMP '2026-03-04 23:59:59'); -- 2026-03-04",
        ),
    })
}

/// DuckDB and Trino `last_day(ts)`: the last day of the month.
pub fn last_day_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(DateFunction {
        name: "last_day",
        kind: DateKind::LastDay,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: doc(
            "The last day of the month of a timestamp or date, as a date (DuckDB, Trino).",
            "last_day(timestamp)",
            "SELECT last_day(DATE '2028-02-10'); -- 2028-02-29",
        ),
    })
}

/// The last day of a date's month.
fn last_day_of_month(date: NaiveDate) -> Option<NaiveDate> {
    let first = date.with_day(1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    next.pred_opt()
}

impl ScalarUDFImpl for DateFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        one_datetime_argument(self.name, "one timestamp, date or string", arg_types)?;
        Ok(DataType::Date32)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let values = read_datetimes(self.name, &arrays[0])?;
            let out: Date32Array = values
                .iter()
                .map(|v| {
                    let date = v.as_ref()?.date_naive();
                    let date = match self.kind {
                        DateKind::Date => date,
                        DateKind::LastDay => last_day_of_month(date)?,
                    };
                    Some(days_since_epoch(date))
                })
                .collect();
            Ok(Arc::new(out) as ArrayRef)
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

// ---------------------------------------------------------------------------------------------
// epoch(ts), epoch_ms(ts)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum EpochKind {
    /// Seconds, with the fraction, as Float64.
    Seconds,
    /// Whole milliseconds (floored) as Int64; from an integer, the timestamp it counts.
    Millis,
}

/// `epoch(ts)` and `epoch_ms(ts)` (DuckDB).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct EpochFunction {
    name: &'static str,
    kind: EpochKind,
    signature: Signature,
    doc: Documentation,
}

/// DuckDB `epoch(ts)`: seconds since 1970-01-01 00:00:00 UTC, with the fraction, as Float64.
pub fn epoch_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(EpochFunction {
        name: "epoch",
        kind: EpochKind::Seconds,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: doc(
            "Seconds since 1970-01-01 00:00:00 UTC, with the fraction, as a double (DuckDB).",
            "epoch(timestamp)",
            "SELECT epoch(TIMESTAMP '2026-01-01 00:00:00.5'); -- 1767225600.5",
        ),
    })
}

/// DuckDB `epoch_ms(ts)`: milliseconds since the epoch as Int64; `epoch_ms(integer)` is the
/// timestamp that many milliseconds after the epoch.
pub fn epoch_ms_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(EpochFunction {
        name: "epoch_ms",
        kind: EpochKind::Millis,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: Documentation::builder(
            DOC_SECTION_DATETIME,
            "Milliseconds since 1970-01-01 00:00:00 UTC as a bigint (DuckDB). Given an \
             integer, the timestamp that many milliseconds after the epoch instead.",
            "epoch_ms(timestamp) | epoch_ms(milliseconds)",
        )
        .with_sql_example(
            "```sql\nSELECT epoch_ms(TIMESTAMP '2026-01-01 00:00:00.5'); -- 1767225600500\n\
             SELECT epoch_ms(1767225600500); -- 2026-01-01T00:00:00.500\n```",
        )
        .build(),
    })
}

impl ScalarUDFImpl for EpochFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match (self.kind, arg_types) {
            (EpochKind::Millis, [t]) if is_integer(t) => {
                Ok(DataType::Timestamp(TimeUnit::Millisecond, None))
            }
            (EpochKind::Millis, _) => {
                one_datetime_argument(
                    self.name,
                    "one timestamp, date or string, or an integer of milliseconds",
                    arg_types,
                )?;
                Ok(DataType::Int64)
            }
            (EpochKind::Seconds, _) => {
                one_datetime_argument(self.name, "one timestamp, date or string", arg_types)?;
                Ok(DataType::Float64)
            }
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let input = &arrays[0];
            if input.data_type() == &DataType::Int64 {
                let millis = input.as_primitive::<Int64Type>();
                let out: TimestampMillisecondArray = millis.iter().collect();
                return Ok(Arc::new(out) as ArrayRef);
            }
            let micros = read_epoch_micros(self.name, input)?;
            Ok(match self.kind {
                EpochKind::Seconds => {
                    let out: Float64Array = micros
                        .iter()
                        .map(|m| {
                            let m = (*m)?;
                            Some(
                                m.div_euclid(MICROS_PER_SECOND) as f64
                                    + m.rem_euclid(MICROS_PER_SECOND) as f64 / 1e6,
                            )
                        })
                        .collect();
                    Arc::new(out) as ArrayRef
                }
                EpochKind::Millis => {
                    let out: Int64Array = micros
                        .iter()
                        .map(|m| Some((*m)?.div_euclid(1_000)))
                        .collect();
                    Arc::new(out) as ArrayRef
                }
            })
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

// ---------------------------------------------------------------------------------------------
// strftime(ts, format), date_format(ts, format)
// ---------------------------------------------------------------------------------------------

/// Whose format codes a format string uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatDialect {
    /// DuckDB's `strftime` codes (C strftime, plus `%f` microseconds, `%g` milliseconds,
    /// `%n` nanoseconds, `%-d` unpadded).
    DuckDb,
    /// MySQL's codes as Athena/Trino's `date_format` reads them (`%i` minutes, `%M` month
    /// name, `%W` weekday name, `%s` seconds).
    MySql,
}

/// One piece of a compiled format.
pub(crate) enum Piece {
    /// Formatted by chrono.
    Chrono(Vec<Item<'static>>),
    /// The day of the month with its English suffix: 1st, 2nd, 3rd, 4th (MySQL `%D`).
    DaySuffix,
    /// The name of the time zone, empty for a timestamp without one (DuckDB `%Z`).
    ZoneName,
}

/// Compile a format string into pieces, translating its codes to chrono's.
pub(crate) fn compile_format(dialect: FormatDialect, format: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut chrono_format = String::new();
    let error = |reason: &str| -> Result<Vec<Piece>, String> {
        Err(format!("cannot use the format '{format}': {reason}"))
    };
    let flush = |chrono_format: &mut String, pieces: &mut Vec<Piece>| -> Result<(), String> {
        if chrono_format.is_empty() {
            return Ok(());
        }
        match StrftimeItems::new(chrono_format).parse_to_owned() {
            Ok(items) => pieces.push(Piece::Chrono(items)),
            Err(e) => return Err(format!("cannot use the format '{format}': {e}")),
        }
        chrono_format.clear();
        Ok(())
    };
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            chrono_format.push(c);
            continue;
        }
        let Some(code) = chars.next() else {
            return error("it ends with a lone '%'");
        };
        let translated: &str = match (dialect, code) {
            (_, '%') => "%%",
            (FormatDialect::DuckDb, '-') => {
                match chars.next() {
                    Some(c @ ('d' | 'm' | 'y' | 'H' | 'I' | 'M' | 'S' | 'j')) => {
                        chrono_format.push_str("%-");
                        chrono_format.push(c);
                    }
                    _ => {
                        return error("'%-' must be followed by one of d m y H I M S j");
                    }
                }
                continue;
            }
            (FormatDialect::DuckDb, 'f') => "%6f",
            (FormatDialect::DuckDb, 'g') => "%3f",
            (FormatDialect::DuckDb, 'n') => "%9f",
            (FormatDialect::DuckDb, 'c') => "%Y-%m-%d %H:%M:%S",
            (FormatDialect::DuckDb, 'x') => "%Y-%m-%d",
            (FormatDialect::DuckDb, 'X') => "%H:%M:%S",
            (FormatDialect::DuckDb, 'z') => "%:::z",
            (FormatDialect::DuckDb, 'Z') => {
                flush(&mut chrono_format, &mut pieces)?;
                pieces.push(Piece::ZoneName);
                continue;
            }
            (
                FormatDialect::DuckDb,
                'a' | 'A' | 'w' | 'u' | 'd' | 'b' | 'h' | 'B' | 'm' | 'y' | 'Y' | 'G' | 'H' | 'I'
                | 'p' | 'M' | 'S' | 'j' | 'U' | 'W' | 'V',
            ) => {
                chrono_format.push('%');
                chrono_format.push(code);
                continue;
            }
            (FormatDialect::DuckDb, other) => {
                return error(&format!("'%{other}' is not a strftime code"));
            }
            (FormatDialect::MySql, 'a') => "%a",
            (FormatDialect::MySql, 'b') => "%b",
            (FormatDialect::MySql, 'c') => "%-m",
            (FormatDialect::MySql, 'D') => {
                flush(&mut chrono_format, &mut pieces)?;
                pieces.push(Piece::DaySuffix);
                continue;
            }
            (FormatDialect::MySql, 'd') => "%d",
            (FormatDialect::MySql, 'e') => "%-d",
            (FormatDialect::MySql, 'f') => "%6f",
            (FormatDialect::MySql, 'H') => "%H",
            (FormatDialect::MySql, 'h' | 'I') => "%I",
            (FormatDialect::MySql, 'i') => "%M",
            (FormatDialect::MySql, 'j') => "%j",
            (FormatDialect::MySql, 'k') => "%-H",
            (FormatDialect::MySql, 'l') => "%-I",
            (FormatDialect::MySql, 'M') => "%B",
            (FormatDialect::MySql, 'm') => "%m",
            (FormatDialect::MySql, 'p') => "%p",
            (FormatDialect::MySql, 'r') => "%I:%M:%S %p",
            (FormatDialect::MySql, 'S' | 's') => "%S",
            (FormatDialect::MySql, 'T') => "%H:%M:%S",
            (FormatDialect::MySql, 'U') => "%U",
            (FormatDialect::MySql, 'u') => "%W",
            (FormatDialect::MySql, 'v') => "%V",
            (FormatDialect::MySql, 'W') => "%A",
            (FormatDialect::MySql, 'w') => "%w",
            (FormatDialect::MySql, 'x') => "%G",
            (FormatDialect::MySql, 'Y') => "%Y",
            (FormatDialect::MySql, 'y') => "%y",
            (FormatDialect::MySql, 'V' | 'X') => {
                return error(&format!(
                    "'%{code}' (weeks starting on Sunday) is not supported; use '%v' and \
                         '%x' for ISO weeks"
                ));
            }
            // MySQL: "%x" is "x" for any "x" not listed.
            (FormatDialect::MySql, other) => {
                chrono_format.push(other);
                continue;
            }
        };
        chrono_format.push_str(translated);
    }
    flush(&mut chrono_format, &mut pieces)?;
    Ok(pieces)
}

/// English ordinal suffix of a day of the month.
fn day_suffix(day: u32) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// Format one date-time with compiled pieces.
fn format_datetime(
    name: &str,
    pieces: &[Piece],
    t: &DateTime<FixedOffset>,
    zone: &str,
    out: &mut String,
) -> Result<()> {
    for piece in pieces {
        let written = match piece {
            Piece::Chrono(items) => write!(out, "{}", t.format_with_items(items.iter())),
            Piece::DaySuffix => write!(out, "{}{}", t.day(), day_suffix(t.day())),
            Piece::ZoneName => write!(out, "{zone}"),
        };
        if written.is_err() {
            return exec_err!("{name}: cannot format {t}");
        }
    }
    Ok(())
}

/// `strftime(ts, format)` (DuckDB codes) and `date_format(ts, format)` (MySQL codes, Athena).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FormatFunction {
    name: &'static str,
    dialect: FormatDialect,
    signature: Signature,
    doc: Documentation,
}

/// DuckDB `strftime(ts, format)` with DuckDB's (C strftime) format codes.
pub fn strftime_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(FormatFunction {
        name: "strftime",
        dialect: FormatDialect::DuckDb,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: doc(
            "Format a timestamp or date as text with DuckDB's strftime codes: %Y %m %d %H %M %S, \
             %f microseconds, %g milliseconds, %n nanoseconds, %a %A %b %B names, %j day of \
             year, %U %W %V weeks, %G ISO year, %u %w weekdays, %c %x %X ISO forms, %z %Z zone, \
             %-d and friends unpadded. DuckDB's reversed order strftime(format, ts) is accepted.",
            "strftime(timestamp, format)",
            "SELECT strftime(TIMESTAMP '2026-03-04 05:06:07', '%Y-%m-%d %H:%M'); -- 2026-03-04 05:06",
        ),
    })
}

/// Athena/Trino `date_format(ts, format)` with MySQL's format codes.
pub fn date_format_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(FormatFunction {
        name: "date_format",
        dialect: FormatDialect::MySql,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: doc(
            "Format a timestamp or date as text with MySQL's codes, as Athena/Trino's \
             date_format: %Y %y %m %c %d %e %H %k %h %I %l %i (minutes) %s %S (seconds) %f \
             (microseconds) %p %r %T, %M (month name) %b, %W (weekday name) %a, %w, %j, %D \
             (4th), %v %x (ISO week and year), %U %u (weeks). Unknown codes print their letter. \
             Replaces DataFusion's `date_format` alias of `to_char` (chrono codes), which \
             remains available as `to_char`.",
            "date_format(timestamp, format)",
            "SELECT date_format(TIMESTAMP '2026-03-04 05:06:07', '%M %D %Y %H:%i'); -- March 4th 2026 05:06",
        ),
    })
}

impl FormatFunction {
    /// Index of the date-time argument and of the format argument: DuckDB accepts both
    /// `strftime(ts, format)` and `strftime(format, ts)`.
    fn argument_order(&self, arg_types: &[DataType]) -> Result<(usize, usize)> {
        let text = |t: &DataType| is_string(t) || t == &DataType::Null;
        match arg_types {
            [time, format] if is_datetime_input(time) && text(format) => Ok((0, 1)),
            [format, time]
                if self.dialect == FormatDialect::DuckDb
                    && text(format)
                    && is_datetime_input(time) =>
            {
                Ok((1, 0))
            }
            _ => call_error(
                self.name,
                "a timestamp, date or string and a format string",
                arg_types,
            ),
        }
    }
}

impl ScalarUDFImpl for FormatFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.argument_order(arg_types)?;
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let (_, format_index) = self.argument_order(&types)?;
        if let Some(Some(format)) = literal_string(args.scalar_arguments[format_index])
            && let Err(e) = compile_format(self.dialect, &format)
        {
            return plan_err!("{}: {e}", self.name);
        }
        Ok(Arc::new(Field::new(self.name, DataType::Utf8, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let types: Vec<DataType> = args.args.iter().map(|a| a.data_type()).collect();
        let (time_index, format_index) = self.argument_order(&types)?;
        invoke_arrays(&args, |arrays| {
            let zone = match arrays[time_index].data_type() {
                DataType::Timestamp(_, Some(tz)) => tz.to_string(),
                _ => String::new(),
            };
            let values = read_datetimes(self.name, &arrays[time_index])?;
            let formats = &arrays[format_index];
            let formats = if formats.data_type() == &DataType::Null {
                None
            } else {
                Some(to_string_array(formats)?)
            };
            let mut compiled: Option<(String, Vec<Piece>)> = None;
            let mut out = StringBuilder::with_capacity(values.len(), values.len() * 16);
            let mut text = String::new();
            for (i, value) in values.iter().enumerate() {
                let (Some(t), Some(formats)) = (value, formats.as_ref()) else {
                    out.append_null();
                    continue;
                };
                if formats.is_null(i) {
                    out.append_null();
                    continue;
                }
                let format = formats.value(i);
                if compiled.as_ref().is_none_or(|(f, _)| f != format) {
                    let pieces = match compile_format(self.dialect, format) {
                        Ok(pieces) => pieces,
                        Err(e) => return exec_err!("{}: {e}", self.name),
                    };
                    compiled = Some((format.to_string(), pieces));
                }
                let pieces = &compiled.as_ref().expect("compiled above").1;
                text.clear();
                format_datetime(self.name, pieces, t, &zone, &mut text)?;
                out.append_value(&text);
            }
            Ok(Arc::new(out.finish()) as ArrayRef)
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

// ---------------------------------------------------------------------------------------------
// date_diff(unit, start, end)
// ---------------------------------------------------------------------------------------------

/// A unit of `date_diff` and `date_add`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Millennium,
    Century,
    Decade,
    Year,
    IsoYear,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
}

impl Unit {
    /// Read a unit name as DuckDB does: case-insensitive, singular or plural, and its
    /// abbreviations (`y`, `yr`, `mon`, `d`, `h`, `min`, `s`, `ms`, `us`, ...).
    pub fn parse(text: &str) -> Option<Unit> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "millennium" | "millennia" | "millenniums" | "mil" | "mils" => Unit::Millennium,
            "century" | "centuries" | "cent" | "c" => Unit::Century,
            "decade" | "decades" | "dec" | "decs" => Unit::Decade,
            "year" | "years" | "y" | "yr" | "yrs" | "yy" | "yyyy" => Unit::Year,
            "isoyear" => Unit::IsoYear,
            "quarter" | "quarters" | "q" | "qtr" | "qtrs" => Unit::Quarter,
            "month" | "months" | "mon" | "mons" | "mm" => Unit::Month,
            "week" | "weeks" | "w" | "wk" | "wks" | "weekofyear" => Unit::Week,
            "day" | "days" | "d" | "dd" | "dayofmonth" | "dayofyear" | "doy" => Unit::Day,
            "hour" | "hours" | "h" | "hr" | "hrs" | "hh" => Unit::Hour,
            "minute" | "minutes" | "m" | "min" | "mins" | "mi" => Unit::Minute,
            "second" | "seconds" | "s" | "sec" | "secs" | "ss" => Unit::Second,
            "millisecond" | "milliseconds" | "ms" | "msec" | "msecs" | "millis" => {
                Unit::Millisecond
            }
            "microsecond" | "microseconds" | "us" | "usec" | "usecs" | "micros" => {
                Unit::Microsecond
            }
            _ => return None,
        })
    }

    /// True for the units shorter than a day.
    fn is_time(self) -> bool {
        matches!(
            self,
            Unit::Hour | Unit::Minute | Unit::Second | Unit::Millisecond | Unit::Microsecond
        )
    }

    /// The number of unit boundaries crossed from `start` to `end`, as DuckDB's `date_diff`
    /// counts them. Calendar units are counted on the wall clock, units shorter than a day on
    /// the UTC instant.
    fn boundaries(self, start: &DateTime<FixedOffset>, end: &DateTime<FixedOffset>) -> Option<i64> {
        let (s, e) = (start.naive_local(), end.naive_local());
        let year_index = |y: i32, f: fn(i32) -> i32| f(y) as i64;
        let micros = |t: &DateTime<FixedOffset>| t.timestamp_micros();
        let floor_diff =
            |unit: i64| Some(micros(end).div_euclid(unit) - micros(start).div_euclid(unit));
        match self {
            Unit::Millennium => {
                Some(year_index(e.year(), millennium) - year_index(s.year(), millennium))
            }
            Unit::Century => Some(year_index(e.year(), century) - year_index(s.year(), century)),
            Unit::Decade => Some((e.year() / 10 - s.year() / 10) as i64),
            Unit::Year => Some((e.year() - s.year()) as i64),
            Unit::IsoYear => Some((e.iso_week().year() - s.iso_week().year()) as i64),
            Unit::Quarter => {
                let q = |t: &chrono::NaiveDateTime| t.year() as i64 * 4 + (t.month0() / 3) as i64;
                Some(q(&e) - q(&s))
            }
            Unit::Month => {
                let m = |t: &chrono::NaiveDateTime| t.year() as i64 * 12 + t.month0() as i64;
                Some(m(&e) - m(&s))
            }
            Unit::Week => Some((e.date() - s.date()).num_days() / 7),
            Unit::Day => Some((e.date() - s.date()).num_days()),
            Unit::Hour => floor_diff(MICROS_PER_HOUR),
            Unit::Minute => floor_diff(MICROS_PER_MINUTE),
            Unit::Second => floor_diff(MICROS_PER_SECOND),
            Unit::Millisecond => floor_diff(1_000),
            Unit::Microsecond => micros(end).checked_sub(micros(start)),
        }
    }

    /// The interval of `n` of this unit, for `date_add(unit, n, ts)`.
    fn interval(self, n: i64) -> Option<IntervalMonthDayNano> {
        let months = |per: i64| -> Option<IntervalMonthDayNano> {
            Some(IntervalMonthDayNano::new(
                i32::try_from(n.checked_mul(per)?).ok()?,
                0,
                0,
            ))
        };
        let days = |per: i64| -> Option<IntervalMonthDayNano> {
            Some(IntervalMonthDayNano::new(
                0,
                i32::try_from(n.checked_mul(per)?).ok()?,
                0,
            ))
        };
        let nanos = |per: i64| -> Option<IntervalMonthDayNano> {
            Some(IntervalMonthDayNano::new(0, 0, n.checked_mul(per)?))
        };
        match self {
            Unit::Millennium => months(12_000),
            Unit::Century => months(1_200),
            Unit::Decade => months(120),
            Unit::Year | Unit::IsoYear => months(12),
            Unit::Quarter => months(3),
            Unit::Month => months(1),
            Unit::Week => days(7),
            Unit::Day => days(1),
            Unit::Hour => nanos(MICROS_PER_HOUR * NANOS_PER_MICRO),
            Unit::Minute => nanos(MICROS_PER_MINUTE * NANOS_PER_MICRO),
            Unit::Second => nanos(MICROS_PER_SECOND * NANOS_PER_MICRO),
            Unit::Millisecond => nanos(1_000_000),
            Unit::Microsecond => nanos(NANOS_PER_MICRO),
        }
    }
}

/// DuckDB's century of a year: 1901-2000 is the 20th.
fn century(year: i32) -> i32 {
    if year > 0 {
        (year - 1) / 100 + 1
    } else {
        year / 100 - 1
    }
}

/// DuckDB's millennium of a year: 1001-2000 is the 2nd.
fn millennium(year: i32) -> i32 {
    if year > 0 {
        (year - 1) / 1000 + 1
    } else {
        year / 1000 - 1
    }
}

const UNIT_NAMES: &str = "'year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', \
                          'second', 'millisecond', 'microsecond', 'decade', 'century', \
                          'millennium', 'isoyear' (or their plurals and abbreviations)";

/// Parse a unit, or fail naming the function and the units it takes.
fn parse_unit(name: &str, text: &str) -> Result<Unit> {
    match Unit::parse(text) {
        Some(unit) => Ok(unit),
        None => exec_err!("{name}: '{text}' is not a unit; use one of {UNIT_NAMES}"),
    }
}

/// Check a literal unit argument at planning.
fn check_literal_unit(name: &str, scalar: Option<&ScalarValue>) -> Result<Option<Unit>> {
    match literal_string(scalar) {
        Some(Some(text)) => match Unit::parse(&text) {
            Some(unit) => Ok(Some(unit)),
            None => plan_err!("{name}: '{text}' is not a unit; use one of {UNIT_NAMES}"),
        },
        _ => Ok(None),
    }
}

/// Units of a unit argument, row by row, parsed once per distinct spelling.
fn read_units(name: &str, array: &ArrayRef) -> Result<Vec<Option<Unit>>> {
    if array.data_type() == &DataType::Null {
        return Ok(vec![None; array.len()]);
    }
    let text = to_string_array(array)?;
    let mut last: Option<(&str, Unit)> = None;
    let mut out = Vec::with_capacity(text.len());
    for value in text.iter() {
        out.push(match value {
            None => None,
            Some(v) => match last {
                Some((l, unit)) if l == v => Some(unit),
                _ => {
                    let unit = parse_unit(name, v)?;
                    last = Some((v, unit));
                    Some(unit)
                }
            },
        });
    }
    Ok(out)
}

/// `date_diff(unit, start, end)`, alias `datediff` (DuckDB).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateDiffFunction {
    aliases: Vec<String>,
    signature: Signature,
    doc: Documentation,
}

/// DuckDB `date_diff(unit, start, end)`: the number of unit boundaries between two date-times.
pub fn date_diff_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(DateDiffFunction {
        aliases: aliases(&["datediff"]),
        signature: Signature::user_defined(Volatility::Immutable),
        doc: Documentation::builder(
            DOC_SECTION_DATETIME,
            "The number of unit boundaries crossed from start to end, as DuckDB counts them \
             (negative when end is before start): 'month' counts month starts, 'day' \
             midnights, 'hour' hour starts; 'week' is the days divided by 7. Units: year, \
             quarter, month, week, day, hour, minute, second, millisecond, microsecond, decade, \
             century, millennium, isoyear; case-insensitive, plurals and abbreviations \
             accepted. Athena/Trino's date_diff counts whole units elapsed instead, which this \
             function does not. Alias: datediff.",
            "date_diff(unit, start, end)",
        )
        .with_sql_example(
            "```sql\nSELECT date_diff('month', DATE '2026-01-31', DATE '2026-02-01'); -- 1\n```",
        )
        .build(),
    })
}

impl ScalarUDFImpl for DateDiffFunction {
    fn name(&self) -> &str {
        "date_diff"
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [unit, start, end]
                if (is_string(unit) || unit == &DataType::Null)
                    && is_datetime_input(start)
                    && is_datetime_input(end) =>
            {
                Ok(DataType::Int64)
            }
            _ => call_error(
                "date_diff",
                "a unit string and two timestamps, dates or strings: date_diff('day', start, end)",
                arg_types,
            ),
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let data_type = self.return_type(&types)?;
        check_literal_unit("date_diff", args.scalar_arguments[0])?;
        Ok(Arc::new(Field::new("date_diff", data_type, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let units = read_units("date_diff", &arrays[0])?;
            let starts = read_datetimes("date_diff", &arrays[1])?;
            let ends = read_datetimes("date_diff", &arrays[2])?;
            let mut out = Int64Array::builder(units.len());
            for ((unit, start), end) in units.iter().zip(&starts).zip(&ends) {
                match (unit, start, end) {
                    (Some(unit), Some(start), Some(end)) => match unit.boundaries(start, end) {
                        Some(n) => out.append_value(n),
                        None => {
                            return exec_err!(
                                "date_diff: the difference from {start} to {end} is out of range"
                            );
                        }
                    },
                    _ => out.append_null(),
                }
            }
            Ok(Arc::new(out.finish()) as ArrayRef)
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

// ---------------------------------------------------------------------------------------------
// date_add(ts, interval), date_sub(ts, interval), date_add(unit, n, ts)
// ---------------------------------------------------------------------------------------------

/// Which call of `date_add`/`date_sub` the argument types make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AddForm {
    /// `date_add(ts, INTERVAL '1 month')` (DuckDB, MySQL).
    Interval,
    /// `date_add(date, 3)`: days (DuckDB, Spark).
    Days,
    /// `date_add('day', 3, ts)` (Athena/Trino).
    UnitAmount,
}

/// `date_add` and `date_sub`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DateAddFunction {
    name: &'static str,
    /// +1 to add, -1 to subtract.
    sign: i8,
    signature: Signature,
    doc: Documentation,
}

/// DuckDB `date_add(ts, interval)`, DuckDB `date_add(date, days)` and Athena/Trino
/// `date_add(unit, n, ts)`.
pub fn date_add_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(DateAddFunction {
        name: "date_add",
        sign: 1,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: Documentation::builder(
            DOC_SECTION_DATETIME,
            "Add an interval to a timestamp or date. date_add(ts, interval) (DuckDB, MySQL) \
             returns a timestamp of the same unit and zone as ts; a date or string gives a \
             timestamp, as in DuckDB. date_add(date, n) adds n days and keeps the type. \
             date_add(unit, n, ts) (Athena/Trino) adds n units and returns the type of ts; a \
             date only takes day, week, month, quarter and year. Months past the end of the \
             shorter month clamp to its last day (2026-01-31 + 1 month = 2026-02-28).",
            "date_add(timestamp, interval) | date_add(date, days) | date_add(unit, n, timestamp)",
        )
        .with_sql_example(
            "```sql\nSELECT date_add(TIMESTAMP '2026-01-31 10:00', INTERVAL 1 MONTH); -- 2026-02-28T10:00:00\n\
             SELECT date_add('day', 3, DATE '2026-01-31'); -- 2026-02-03\n```",
        )
        .build(),
    })
}

/// `date_sub(ts, interval)` (MySQL, Spark): `date_add` with the interval negated.
pub fn date_sub_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(DateAddFunction {
        name: "date_sub",
        sign: -1,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: Documentation::builder(
            DOC_SECTION_DATETIME,
            "Subtract an interval from a timestamp or date (MySQL, Spark): date_sub(ts, \
             interval) returns a timestamp of the same unit and zone as ts (a date or string \
             gives a timestamp); date_sub(date, n) subtracts n days and keeps the type. \
             DuckDB's three-argument date_sub(part, start, end) is not supported: use date_diff.",
            "date_sub(timestamp, interval) | date_sub(date, days)",
        )
        .with_sql_example(
            "```sql\nSELECT date_sub(DATE '2026-03-31', INTERVAL 1 MONTH); -- 2026-02-28T00:00:00\n```",
        )
        .build(),
    })
}

impl DateAddFunction {
    /// The call the argument types make, and the return type.
    fn form(&self, arg_types: &[DataType]) -> Result<(AddForm, DataType)> {
        let timestamp_of = |t: &DataType| match t {
            DataType::Timestamp(unit, tz) => DataType::Timestamp(*unit, tz.clone()),
            _ => DataType::Timestamp(TimeUnit::Microsecond, None),
        };
        let same_or_date = |t: &DataType| match t {
            DataType::Date32 | DataType::Date64 => DataType::Date32,
            t => timestamp_of(t),
        };
        match arg_types {
            [t, DataType::Interval(_)] if is_datetime_input(t) => {
                Ok((AddForm::Interval, timestamp_of(t)))
            }
            [t, n] if is_datetime_input(t) && (is_integer(n) || n == &DataType::Null) => {
                Ok((AddForm::Days, same_or_date(t)))
            }
            [unit, n, t]
                if self.sign > 0
                    && (is_string(unit) || unit == &DataType::Null)
                    && (is_integer(n) || n == &DataType::Null)
                    && is_datetime_input(t) =>
            {
                Ok((AddForm::UnitAmount, same_or_date(t)))
            }
            [unit, _, _] if self.sign < 0 && is_string(unit) => plan_err!(
                "date_sub takes (timestamp, interval) or (date, days); DuckDB's \
                 date_sub(part, start, end) is not supported, use date_diff(part, start, end) \
                 (it counts unit boundaries rather than whole units)"
            ),
            _ if self.sign > 0 => call_error(
                self.name,
                "(timestamp, interval), (date, days) or (unit, n, timestamp)",
                arg_types,
            ),
            _ => call_error(
                self.name,
                "(timestamp, interval) or (date, days)",
                arg_types,
            ),
        }
    }

    fn return_field(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let (form, data_type) = self.form(&types)?;
        if form == AddForm::UnitAmount
            && let Some(unit) = check_literal_unit(self.name, args.scalar_arguments[0])?
            && data_type == DataType::Date32
            && unit.is_time()
        {
            return plan_err!(
                "{}: a date has no {unit:?} field; cast it to a timestamp first",
                self.name
            );
        }
        Ok(Arc::new(Field::new(self.name, data_type, true)))
    }

    fn invoke(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let types: Vec<DataType> = args.args.iter().map(|a| a.data_type()).collect();
        let (form, target) = self.form(&types)?;
        let name = self.name;
        let sign = self.sign;
        invoke_arrays(&args, |arrays| {
            let (base, interval): (ArrayRef, ArrayRef) = match form {
                AddForm::Interval => (
                    cast_datetime(name, &arrays[0], &target)?,
                    Arc::clone(&arrays[1]),
                ),
                AddForm::Days => {
                    let days = read_integers(&arrays[1]);
                    let intervals: IntervalMonthDayNanoArray = days
                        .iter()
                        .map(|d| {
                            d.map(|d| {
                                i32::try_from(d)
                                    .map(|d| IntervalMonthDayNano::new(0, d, 0))
                                    .map_err(|_| {
                                        datafusion::common::DataFusionError::Execution(format!(
                                            "{name}: {d} days is out of range"
                                        ))
                                    })
                            })
                            .transpose()
                        })
                        .collect::<Result<_>>()?;
                    (
                        cast_datetime(name, &arrays[0], &target)?,
                        Arc::new(intervals) as ArrayRef,
                    )
                }
                AddForm::UnitAmount => {
                    let units = read_units(name, &arrays[0])?;
                    let amounts = read_integers(&arrays[1]);
                    let mut intervals = IntervalMonthDayNanoArray::builder(units.len());
                    for (unit, n) in units.iter().zip(&amounts) {
                        match (unit, n) {
                            (Some(unit), Some(n)) => {
                                if target == DataType::Date32 && unit.is_time() {
                                    return exec_err!(
                                        "{name}: a date has no {unit:?} field; cast it to a \
                                         timestamp first"
                                    );
                                }
                                match unit.interval(*n) {
                                    Some(i) => intervals.append_value(i),
                                    None => {
                                        return exec_err!("{name}: {n} {unit:?}s is out of range");
                                    }
                                }
                            }
                            _ => intervals.append_null(),
                        }
                    }
                    (
                        cast_datetime(name, &arrays[2], &target)?,
                        Arc::new(intervals.finish()) as ArrayRef,
                    )
                }
            };
            let result = if sign > 0 {
                numeric::add(&base, &interval)
            } else {
                numeric::sub(&base, &interval)
            };
            match result {
                Ok(array) => Ok(array),
                Err(e) => exec_err!("{name}: {e}"),
            }
        })
    }
}

/// An integer argument (coerced to Int64, or a NULL literal), row by row.
fn read_integers(array: &ArrayRef) -> Vec<Option<i64>> {
    match array.data_type() {
        DataType::Int64 => array.as_primitive::<Int64Type>().iter().collect(),
        _ => vec![None; array.len()],
    }
}

impl ScalarUDFImpl for DateAddFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.form(arg_types)?.1)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        self.return_field(args)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        self.invoke(args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

#[cfg(test)]
mod tests {
    //! Expected values are DuckDB's (2.0), or Athena/Trino's for the forms that come from it.

    use arrow::datatypes::{DataType, TimeUnit};

    use crate::dialect::test_util::{column, data_type, error, plan_error, value};

    /// Check `SELECT <expr>` against an expected displayed value, for many expressions.
    async fn check(cases: &[(&str, &str)]) {
        for (expr, expected) in cases {
            assert_eq!(value(&format!("SELECT {expr}")).await, *expected, "{expr}");
        }
    }

    #[tokio::test]
    async fn dialect_date_parts() {
        check(&[
            ("year(TIMESTAMP '2026-03-04 05:06:07')", "2026"),
            ("quarter(DATE '2026-03-04')", "1"),
            ("quarter(DATE '2026-05-04')", "2"),
            ("quarter(DATE '2026-12-31')", "4"),
            ("month(DATE '2026-03-04')", "3"),
            ("day(DATE '2024-12-30')", "30"),
            ("dayofmonth(DATE '2024-12-30')", "30"),
            ("hour(TIMESTAMP '2026-03-04 05:06:07')", "5"),
            ("minute(TIMESTAMP '2026-03-04 05:06:07')", "6"),
            ("second(TIMESTAMP '2024-12-30 01:02:03.9')", "3"),
            ("dayofweek(DATE '2026-03-08')", "0"),
            ("dayofweek(DATE '2026-03-14')", "6"),
            ("dow(DATE '2026-03-09')", "1"),
            ("isodow(DATE '2026-03-08')", "7"),
            ("isodow(DATE '2026-03-09')", "1"),
            ("dayofyear(DATE '2026-12-31')", "365"),
            ("dayofyear(DATE '2028-12-31')", "366"),
            ("week(DATE '2027-01-01')", "53"),
            ("weekofyear(DATE '2027-01-01')", "53"),
            ("week(DATE '2026-01-01')", "1"),
            ("week(DATE '2024-12-30')", "1"),
            ("isoyear(DATE '2027-01-01')", "2026"),
            ("isoyear(DATE '2024-12-30')", "2025"),
            // strings that cast to a timestamp, and dates of both widths
            ("year('2026-03-04')", "2026"),
            ("hour('2026-03-04 17:30:00')", "17"),
            ("hour('2026-03-04T17:30:00Z')", "17"),
            ("month(arrow_cast(DATE '2026-03-04', 'Date64'))", "3"),
            ("year(arrow_cast('2026-03-04', 'Utf8View'))", "2026"),
            ("year(arrow_cast('2026-03-04', 'LargeUtf8'))", "2026"),
            // timestamps of every unit
            ("minute(arrow_cast(TIMESTAMP '2026-03-04 05:06:07', 'Timestamp(Second, None)'))", "6"),
            ("minute(arrow_cast(TIMESTAMP '2026-03-04 05:06:07', 'Timestamp(Millisecond, None)'))", "6"),
            ("minute(arrow_cast(TIMESTAMP '2026-03-04 05:06:07', 'Timestamp(Microsecond, None)'))", "6"),
            ("year(NULL)", "NULL"),
            ("dayofweek(CAST(NULL AS DATE))", "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT year(DATE '2026-03-04')").await,
            DataType::Int64
        );
        assert_eq!(data_type("SELECT isodow(NULL)").await, DataType::Int64);
    }

    #[tokio::test]
    async fn dialect_date_parts_read_the_time_zone_of_the_timestamp() {
        // 2026-03-04 23:30 UTC is 2026-03-05 01:30 at +02:00; the parts agree with DataFusion's
        // own date_part on the same value.
        let ts = "arrow_cast(TIMESTAMP '2026-03-04 23:30:00', 'Timestamp(Microsecond, Some(\"+02:00\"))')";
        for (part, function) in [
            ("hour", "hour"),
            ("day", "day"),
            ("year", "year"),
            ("dow", "dayofweek"),
        ] {
            let sql = format!("SELECT {function}({ts}) = date_part('{part}', {ts})");
            assert_eq!(value(&sql).await, "true", "{sql}");
        }
        let utc =
            "arrow_cast(TIMESTAMP '2026-03-04 23:30:00', 'Timestamp(Microsecond, Some(\"UTC\"))')";
        assert_eq!(value(&format!("SELECT hour({utc})")).await, "23");
        assert_eq!(value(&format!("SELECT date({utc})")).await, "2026-03-04");
    }

    #[tokio::test]
    async fn dialect_date_and_last_day() {
        check(&[
            ("date(TIMESTAMP '2026-03-04 23:59:59')", "2026-03-04"),
            ("date('2026-03-04 23:59:59')", "2026-03-04"),
            ("date(DATE '2026-03-04')", "2026-03-04"),
            ("last_day(DATE '2028-02-10')", "2028-02-29"),
            ("last_day(DATE '2026-02-10')", "2026-02-28"),
            ("last_day(DATE '2100-02-10')", "2100-02-28"),
            ("last_day(DATE '2000-02-01')", "2000-02-29"),
            ("last_day(TIMESTAMP '2026-12-31 10:00:00')", "2026-12-31"),
            ("last_day(DATE '2026-04-30')", "2026-04-30"),
            ("last_day('2026-01-15')", "2026-01-31"),
            ("last_day(NULL)", "NULL"),
            ("date(NULL)", "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT last_day(TIMESTAMP '2026-12-31 10:00:00')").await,
            DataType::Date32
        );
        assert_eq!(
            data_type("SELECT date('2026-12-31')").await,
            DataType::Date32
        );
        // a date compares with timestamps and dates as usual
        assert_eq!(
            value("SELECT date(TIMESTAMP '2026-03-04 10:00:00') = DATE '2026-03-04'").await,
            "true"
        );
    }

    #[tokio::test]
    async fn dialect_epoch() {
        check(&[
            ("epoch(TIMESTAMP '2026-01-01 00:00:00.5')", "1767225600.5"),
            ("epoch(DATE '2026-01-01')", "1767225600.0"),
            ("epoch('2026-01-01T02:00:00+02:00')", "1767225600.0"),
            (
                "epoch_ms(TIMESTAMP '2026-01-01 00:00:00.5')",
                "1767225600500",
            ),
            ("epoch_ms(DATE '2026-01-01')", "1767225600000"),
            ("epoch_ms(TIMESTAMP '1969-12-31 23:59:59.9995')", "-1"),
            ("epoch_ms(1767225600500)", "2026-01-01T00:00:00.500"),
            ("epoch(NULL)", "NULL"),
            ("epoch_ms(CAST(NULL AS TIMESTAMP))", "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT epoch(DATE '2026-01-01')").await,
            DataType::Float64
        );
        assert_eq!(
            data_type("SELECT epoch_ms(DATE '2026-01-01')").await,
            DataType::Int64
        );
        assert_eq!(
            data_type("SELECT epoch_ms(1767225600500)").await,
            DataType::Timestamp(TimeUnit::Millisecond, None)
        );
        // epoch is the instant, whatever the zone the timestamp is shown in
        let utc = "arrow_cast(TIMESTAMP '2026-01-01 00:00:00', 'Timestamp(Second, Some(\"UTC\"))')";
        let ts = format!("arrow_cast({utc}, 'Timestamp(Second, Some(\"+02:00\"))')");
        assert_eq!(value(&format!("SELECT epoch({ts})")).await, "1767225600.0");
        assert_eq!(value(&format!("SELECT hour({ts})")).await, "2");
    }

    #[tokio::test]
    async fn dialect_strftime_duckdb_codes() {
        let ts = "TIMESTAMP '2026-03-04 05:06:07.123456'";
        check(&[
            (
                &format!("strftime({ts}, '%Y-%m-%d %H:%M:%S')"),
                "2026-03-04 05:06:07",
            ),
            (
                &format!("strftime({ts}, '%f|%g|%n')"),
                "123456|123|123456000",
            ),
            (
                &format!("strftime({ts}, '%c|%x|%X')"),
                "2026-03-04 05:06:07|2026-03-04|05:06:07",
            ),
            (
                &format!("strftime({ts}, '%a %A %b %B %h %w %u %j %-j %U %W %V %G')"),
                "Wed Wednesday Mar March Mar 3 3 063 63 09 09 10 2026",
            ),
            (
                &format!("strftime({ts}, '%-d %-m %-y %y %-H %I %-I %p %-M %-S %z %%')"),
                "4 3 26 26 5 05 5 AM 6 7 +00 %",
            ),
            (&format!("strftime({ts}, 'Month: %B')"), "Month: March"),
            (&format!("strftime('%Y', {ts})"), "2026"),
            (
                "strftime(DATE '2026-03-04', '%Y/%m/%d %H')",
                "2026/03/04 00",
            ),
            ("strftime('2026-03-04 05:06:07', '%d.%m.%Y')", "04.03.2026"),
            (&format!("strftime({ts}, NULL)"), "NULL"),
            ("strftime(CAST(NULL AS TIMESTAMP), '%Y')", "NULL"),
        ])
        .await;
        let utc = "arrow_cast(TIMESTAMP '2026-03-04 05:06:07', 'Timestamp(Second, Some(\"UTC\"))')";
        assert_eq!(
            value(&format!("SELECT strftime({utc}, '%z %Z')")).await,
            "+00 UTC"
        );
    }

    #[tokio::test]
    async fn dialect_date_format_mysql_codes() {
        let ts = "TIMESTAMP '2026-03-04 15:06:07.123456'";
        check(&[
            (&format!("date_format({ts}, '%Y-%m-%d')"), "2026-03-04"),
            (
                &format!("date_format({ts}, '%Y-%m-%d %H:%i:%s')"),
                "2026-03-04 15:06:07",
            ),
            (
                &format!("date_format({ts}, '%M %b %W %a %j')"),
                "March Mar Wednesday Wed 063",
            ),
            (
                &format!("date_format({ts}, '%c/%e/%y %k %l %h %I %p %f')"),
                "3/4/26 15 3 03 03 PM 123456",
            ),
            (
                &format!("date_format({ts}, '%r|%T|%S')"),
                "03:06:07 PM|15:06:07|07",
            ),
            (
                &format!("date_format({ts}, '%D %w %v %x')"),
                "4th 3 10 2026",
            ),
            ("date_format(DATE '2026-03-01', '%D')", "1st"),
            ("date_format(DATE '2026-03-02', '%D')", "2nd"),
            ("date_format(DATE '2026-03-13', '%D')", "13th"),
            ("date_format(DATE '2026-03-23', '%D')", "23rd"),
            (&format!("date_format({ts}, '%Q%%')"), "Q%"),
        ])
        .await;
    }

    #[tokio::test]
    async fn dialect_format_errors_name_the_function_and_format() {
        let e = plan_error("SELECT strftime(TIMESTAMP '2026-03-04 05:06:07', '%Q')").await;
        assert!(e.contains("strftime") && e.contains("'%Q'"), "{e}");
        let e = plan_error("SELECT strftime(TIMESTAMP '2026-03-04 05:06:07', 'abc %')").await;
        assert!(e.contains("strftime") && e.contains("lone '%'"), "{e}");
        let e = plan_error("SELECT date_format(TIMESTAMP '2026-03-04 05:06:07', '%V')").await;
        assert!(e.contains("date_format") && e.contains("%V"), "{e}");
        let e = plan_error("SELECT strftime(42, '%Y')").await;
        assert!(e.contains("strftime"), "{e}");
        // a format read from a column fails when it is evaluated
        let e =
            error("SELECT strftime(TIMESTAMP '2026-03-04 05:06:07', f) FROM (VALUES ('%Q')) t(f)")
                .await;
        assert!(e.contains("strftime") && e.contains("'%Q'"), "{e}");
    }

    #[tokio::test]
    async fn dialect_date_diff_counts_boundaries() {
        check(&[
            ("date_diff('month', DATE '2026-01-31', DATE '2026-02-01')", "1"),
            ("date_diff('week', DATE '2026-01-04', DATE '2026-01-05')", "0"),
            ("date_diff('week', DATE '2026-01-05', DATE '2026-01-11')", "0"),
            ("date_diff('week', DATE '2026-01-05', DATE '2026-01-12')", "1"),
            ("date_diff('week', DATE '2026-01-08', DATE '2026-01-01')", "-1"),
            ("date_diff('week', DATE '2026-01-08', DATE '2026-01-02')", "0"),
            ("date_diff('week', TIMESTAMP '2026-01-07 10:00:00', TIMESTAMP '2026-01-14 09:00:00')", "1"),
            ("date_diff('day', TIMESTAMP '2026-01-01 23:59:00', TIMESTAMP '2026-01-02 00:01:00')", "1"),
            ("date_diff('hour', TIMESTAMP '2026-01-01 10:59:00', TIMESTAMP '2026-01-01 11:01:00')", "1"),
            ("date_diff('minute', TIMESTAMP '2026-01-01 10:59:59', TIMESTAMP '2026-01-01 11:00:00')", "1"),
            ("date_diff('second', TIMESTAMP '2026-01-01 10:59:59.9', TIMESTAMP '2026-01-01 11:00:00.1')", "1"),
            ("date_diff('millisecond', TIMESTAMP '2026-01-01 10:59:59.9', TIMESTAMP '2026-01-01 11:00:00.1')", "200"),
            ("date_diff('microseconds', TIMESTAMP '2026-01-01 10:59:59.9', TIMESTAMP '2026-01-01 11:00:00.1')", "200000"),
            ("date_diff('second', TIMESTAMP '1969-12-31 23:59:59.5', TIMESTAMP '1970-01-01 00:00:00.5')", "1"),
            ("date_diff('hour', TIMESTAMP '1969-12-31 22:30:00', TIMESTAMP '1969-12-31 23:30:00')", "1"),
            ("date_diff('year', DATE '2025-12-31', DATE '2026-01-01')", "1"),
            ("date_diff('quarter', DATE '2025-12-31', DATE '2026-01-01')", "1"),
            ("date_diff('months', DATE '2026-03-31', DATE '2026-01-01')", "-2"),
            ("date_diff('MONTH', DATE '2026-03-31', DATE '2026-01-01')", "-2"),
            ("date_diff('day', DATE '2026-03-31', DATE '2026-01-01')", "-89"),
            ("date_diff('hour', DATE '2026-01-01', DATE '2026-01-02')", "24"),
            ("date_diff('decade', DATE '2029-01-08', DATE '2030-01-02')", "1"),
            ("date_diff('century', DATE '1999-01-08', DATE '2001-01-02')", "1"),
            ("date_diff('millennium', DATE '1999-01-08', DATE '2001-01-02')", "1"),
            ("date_diff('isoyear', DATE '2019-01-01', DATE '2020-01-02')", "1"),
            ("date_diff('mon', DATE '2019-01-01', DATE '2020-01-02')", "12"),
            ("date_diff('d', DATE '2019-01-01', DATE '2020-01-02')", "366"),
            ("date_diff('w', DATE '2019-01-01', DATE '2020-01-02')", "52"),
            ("date_diff('h', DATE '2019-01-01', DATE '2020-01-02')", "8784"),
            ("date_diff('m', DATE '2019-01-01', DATE '2020-01-02')", "527040"),
            ("date_diff('s', DATE '2019-01-01', DATE '2020-01-02')", "31622400"),
            ("date_diff('ms', DATE '2019-01-01', DATE '2020-01-02')", "31622400000"),
            ("date_diff('us', DATE '2019-01-01', DATE '2020-01-02')", "31622400000000"),
            ("datediff('day', '2026-01-01', '2026-03-01')", "59"),
            ("date_diff('day', '2026-01-01 10:00', DATE '2026-03-01')", "59"),
            ("date_diff('day', '1/31/2026', '2026-02-01T00:00:00Z')", "1"),
            ("date_diff('day', NULL, DATE '2020-01-02')", "NULL"),
            ("date_diff(NULL, DATE '2019-01-01', DATE '2020-01-02')", "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT date_diff('day', DATE '2019-01-01', DATE '2020-01-02')").await,
            DataType::Int64
        );
    }

    #[tokio::test]
    async fn dialect_date_diff_over_rows() {
        let rows = column(
            "SELECT date_diff(u, a, b) FROM (VALUES \
             ('day', TIMESTAMP '2026-01-01 23:00:00', TIMESTAMP '2026-01-02 01:00:00'), \
             ('month', TIMESTAMP '2026-01-31 00:00:00', TIMESTAMP '2026-02-01 00:00:00'), \
             ('hours', TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-02 00:00:00'), \
             (NULL, TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-02 00:00:00'), \
             ('year', NULL, TIMESTAMP '2026-01-02 00:00:00')) t(u, a, b)",
        )
        .await;
        assert_eq!(rows, ["1", "1", "24", "NULL", "NULL"]);
    }

    #[tokio::test]
    async fn dialect_date_diff_errors() {
        let e =
            plan_error("SELECT date_diff('fortnight', DATE '2026-01-01', DATE '2026-01-02')").await;
        assert!(
            e.contains("date_diff") && e.contains("'fortnight' is not a unit"),
            "{e}"
        );
        let e = plan_error("SELECT date_diff(DATE '2026-01-01', DATE '2026-01-02')").await;
        assert!(e.contains("date_diff"), "{e}");
        let e = plan_error("SELECT date_diff('day', 1, 2)").await;
        assert!(e.contains("date_diff"), "{e}");
        let e = error(
            "SELECT date_diff(u, DATE '2026-01-01', DATE '2026-01-02') FROM (VALUES ('eon')) t(u)",
        )
        .await;
        assert!(e.contains("date_diff") && e.contains("'eon'"), "{e}");
        let e = error("SELECT date_diff('day', 'yesterday', DATE '2026-01-02')").await;
        assert!(e.contains("date_diff") && e.contains("'yesterday'"), "{e}");
    }

    #[tokio::test]
    async fn dialect_date_add_and_sub() {
        check(&[
            (
                "date_add(DATE '2026-01-31', INTERVAL '1 month')",
                "2026-02-28T00:00:00",
            ),
            (
                "date_add(TIMESTAMP '2026-01-31 10:00:00', INTERVAL '1 month')",
                "2026-02-28T10:00:00",
            ),
            (
                "date_add(DATE '2028-02-29', INTERVAL '1 year')",
                "2029-02-28T00:00:00",
            ),
            (
                "date_add(DATE '2026-01-31', INTERVAL '1 month 1 day')",
                "2026-03-01T00:00:00",
            ),
            (
                "date_add(DATE '2026-01-31', INTERVAL '36 hours')",
                "2026-02-01T12:00:00",
            ),
            (
                "date_add(DATE '2026-01-31', INTERVAL '-1 month')",
                "2025-12-31T00:00:00",
            ),
            (
                "date_add('2026-01-31 10:00:00', INTERVAL '1 day')",
                "2026-02-01T10:00:00",
            ),
            (
                "date_sub(DATE '2026-03-31', INTERVAL '1 month')",
                "2026-02-28T00:00:00",
            ),
            (
                "date_sub(TIMESTAMP '2026-03-31 10:00:00', INTERVAL '90 minutes')",
                "2026-03-31T08:30:00",
            ),
            ("date_add(DATE '2026-01-31', 3)", "2026-02-03"),
            ("date_sub(DATE '2026-03-01', 1)", "2026-02-28"),
            ("date_add(NULL, INTERVAL '1 day')", "NULL"),
            ("date_add(DATE '2026-01-31', CAST(NULL AS BIGINT))", "NULL"),
            // Athena/Trino: date_add(unit, n, ts), keeping the type of ts
            ("date_add('day', 1, DATE '2026-01-31')", "2026-02-01"),
            ("date_add('month', 1, DATE '2026-01-31')", "2026-02-28"),
            ("date_add('quarter', -1, DATE '2026-05-31')", "2026-02-28"),
            ("date_add('year', 1, DATE '2028-02-29')", "2029-02-28"),
            ("date_add('week', 2, DATE '2026-01-01')", "2026-01-15"),
            (
                "date_add('hour', 25, TIMESTAMP '2026-01-31 10:00:00')",
                "2026-02-01T11:00:00",
            ),
            (
                "date_add('MINUTE', -30, TIMESTAMP '2026-01-31 00:10:00')",
                "2026-01-30T23:40:00",
            ),
            (
                "date_add('second', 1, '2026-01-31 23:59:59')",
                "2026-02-01T00:00:00",
            ),
            ("date_add('day', NULL, DATE '2026-01-31')", "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT date_add(DATE '2026-01-31', INTERVAL '1 month')").await,
            DataType::Timestamp(TimeUnit::Microsecond, None)
        );
        assert_eq!(
            data_type("SELECT date_add(TIMESTAMP '2026-01-31 10:00:00', INTERVAL '1 month')").await,
            DataType::Timestamp(TimeUnit::Nanosecond, None)
        );
        assert_eq!(
            data_type("SELECT date_add('day', 1, DATE '2026-01-31')").await,
            DataType::Date32
        );
        assert_eq!(
            data_type("SELECT date_add(DATE '2026-01-31', 1)").await,
            DataType::Date32
        );
        // A timestamp keeps its zone; months are added on its wall clock.
        let ts =
            "arrow_cast(TIMESTAMP '2026-01-31 10:00:00', 'Timestamp(Microsecond, Some(\"UTC\"))')";
        assert_eq!(
            value(&format!("SELECT date_add({ts}, INTERVAL '1 month')")).await,
            "2026-02-28T10:00:00Z"
        );
    }

    #[tokio::test]
    async fn dialect_date_add_errors() {
        let e = plan_error("SELECT date_add('hour', 1, DATE '2026-01-31')").await;
        assert!(
            e.contains("date_add") && e.contains("date has no Hour"),
            "{e}"
        );
        let e = plan_error("SELECT date_add('fortnight', 1, DATE '2026-01-31')").await;
        assert!(e.contains("date_add") && e.contains("'fortnight'"), "{e}");
        let e = plan_error("SELECT date_add(DATE '2026-01-31')").await;
        assert!(e.contains("date_add"), "{e}");
        let e = plan_error("SELECT date_add(DATE '2026-01-31', 'x')").await;
        assert!(e.contains("date_add"), "{e}");
        let e = plan_error("SELECT date_sub('day', DATE '2026-01-31', DATE '2026-02-05')").await;
        assert!(e.contains("date_sub") && e.contains("date_diff"), "{e}");
    }

    #[tokio::test]
    async fn dialect_date_errors_name_the_function() {
        for sql in [
            "SELECT year()",
            "SELECT year(DATE '2026-01-01', 1)",
            "SELECT year(42)",
            "SELECT last_day(1.5)",
            "SELECT epoch(true)",
            "SELECT strftime(TIMESTAMP '2026-01-01 00:00:00')",
        ] {
            let e = plan_error(sql).await;
            let name = sql.trim_start_matches("SELECT ").split('(').next().unwrap();
            assert!(e.contains(&format!("{name} takes")), "{sql}: {e}");
        }
        let e = error("SELECT year('not a date')").await;
        assert!(
            e.contains("year: cannot read 'not a date' as a timestamp"),
            "{e}"
        );
    }
}
