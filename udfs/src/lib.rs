//! FinOps SQL functions for focusql: each a plain DataFusion UDF with its own tests.
//!
//! [`register_all`] adds every function to a session; nothing here knows about sources,
//! catalogs or interfaces.

pub mod allocate;
pub mod amortize;
pub mod currency;
pub mod dialect;
pub mod json;
pub mod money;
pub mod parse;
pub mod price_dims;
pub mod strings;
pub mod tag_objects;
pub mod tags;
pub mod tokens;

use std::sync::Arc;

use datafusion::common::Result;
use datafusion::execution::{FunctionRegistry, SessionState};
use datafusion::logical_expr::ScalarUDF;

pub use currency::Rates;
pub use tags::TagAliases;

/// Every scalar function this crate defines.
pub fn scalar_functions() -> Vec<ScalarUDF> {
    vec![
        parse::parse_decimal_udf(),
        parse::try_parse_decimal_udf(),
        parse::parse_timestamp_udf(),
        parse::try_parse_timestamp_udf(),
        parse::null_text_udf(),
        json::map_to_json_udf(),
        tag_objects::tags_object_udf(),
        tag_objects::tags_from_pairs_udf(),
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
        dialect::text_dates::from_iso8601_timestamp_udf(),
        dialect::text_dates::from_iso8601_date_udf(),
        dialect::text_dates::date_parse_udf(),
        dialect::text_dates::strptime_udf(),
        dialect::division::integer_div_udf(),
        dialect::regexp::regexp_extract_udf(),
        dialect::json::json_extract_udf(),
        dialect::json::json_extract_string_udf(),
        dialect::json::json_extract_scalar_udf(),
        dialect::json::json_value_udf(),
        dialect::json::json_exists_udf(),
        dialect::json::json_keys_udf(),
        amortize::amortize_udf(),
        amortize::prorate_udf(),
        dialect::json::json_array_length_udf(),
    ]
}

/// What the configurable FinOps functions are built with: tag key aliases for `tag` and the
/// exchange rates for `convert_currency`.
#[derive(Debug, Clone, Default)]
pub struct FinopsSettings {
    pub tag_aliases: TagAliases,
    pub rates: Arc<Rates>,
}

/// Register `tag` and `convert_currency` with the given settings (replacing earlier ones).
pub fn register_settings(
    registry: &mut dyn FunctionRegistry,
    settings: &FinopsSettings,
) -> Result<()> {
    registry.register_udf(Arc::new(tags::tag_udf(settings.tag_aliases.clone())))?;
    registry.register_udf(Arc::new(currency::convert_currency_udf(Arc::clone(
        &settings.rates,
    ))))?;
    Ok(())
}

/// Register the table functions (`allocate`) in a session state.
pub fn register_table_functions(state: &mut SessionState) {
    state.register_udtf("allocate", Arc::new(allocate::AllocateFunction));
}

/// Register every focusql function (and the JSON functions of datafusion-functions-json) in a
/// function registry, such as a `SessionContext`'s state; `tag` and `convert_currency` with no
/// aliases and no rates (see [`register_settings`]). Table functions need a session state:
/// [`register_table_functions`].
pub fn register_all(registry: &mut dyn FunctionRegistry) -> Result<()> {
    datafusion_functions_json::register_all(registry)?;
    for udf in scalar_functions() {
        registry.register_udf(Arc::new(udf))?;
    }
    registry.register_function_rewrite(Arc::new(dialect::division::DuckDbDivision))?;
    registry.register_function_rewrite(Arc::new(dialect::intervals::DurationIntervals))?;
    registry.register_function_rewrite(Arc::new(dialect::rounding::RoundPlaces))?;
    registry.register_function_rewrite(Arc::new(dialect::representation::DuckDbTimestamps))?;
    registry.register_udaf(Arc::new(currency::sum_money_udaf()))?;
    register_settings(registry, &FinopsSettings::default())
}
