//! FinOps SQL functions for focusql: each a plain DataFusion UDF with its own tests.
//!
//! [`register_all`] adds every function to a session; nothing here knows about sources,
//! catalogs or interfaces.

pub mod dialect;
pub mod parse;
pub mod strings;
pub mod tokens;

use datafusion::common::Result;
use datafusion::execution::FunctionRegistry;
use datafusion::logical_expr::ScalarUDF;

/// Every scalar function this crate defines.
pub fn scalar_functions() -> Vec<ScalarUDF> {
    vec![
        parse::parse_decimal_udf(),
        parse::try_parse_decimal_udf(),
        parse::parse_timestamp_udf(),
        parse::try_parse_timestamp_udf(),
        parse::null_text_udf(),
        dialect::dates::year_udf(),
        dialect::dates::quarter_udf(),
        dialect::dates::month_udf(),
        dialect::dates::day_udf(),
        dialect::dates::hour_udf(),
        dialect::dates::minute_udf(),
        dialect::dates::second_udf(),
        dialect::dates::dayofweek_udf(),
        dialect::dates::isodow_udf(),
        dialect::dates::dayofyear_udf(),
        dialect::dates::week_udf(),
        dialect::dates::isoyear_udf(),
        dialect::dates::date_udf(),
        dialect::dates::last_day_udf(),
        dialect::dates::epoch_udf(),
        dialect::dates::epoch_ms_udf(),
        dialect::dates::strftime_udf(),
        dialect::dates::date_format_udf(),
        dialect::dates::date_diff_udf(),
        dialect::dates::date_add_udf(),
        dialect::dates::date_sub_udf(),
        dialect::regexp::regexp_extract_udf(),
        dialect::json::json_extract_udf(),
        dialect::json::json_extract_string_udf(),
        dialect::json::json_extract_scalar_udf(),
        dialect::json::json_value_udf(),
        dialect::json::json_exists_udf(),
        dialect::json::json_keys_udf(),
    ]
}

/// Register every focusql function (and the JSON functions of datafusion-functions-json) in a
/// function registry, such as a `SessionContext`'s state.
pub fn register_all(registry: &mut dyn FunctionRegistry) -> Result<()> {
    datafusion_functions_json::register_all(registry)?;
    for udf in scalar_functions() {
        registry.register_udf(std::sync::Arc::new(udf))?;
    }
    Ok(())
}
