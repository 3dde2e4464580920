//! Readable planning errors: a misspelt column gets the closest column of the tables the query
//! reads, a function from another dialect gets its focusql spelling, an unsupported construct
//! is named, and parser errors say where they are.

use datafusion::common::SchemaError;
use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::error::DataFusionError;
use focusql_catalogs::registry::RENAMES;

use crate::error::Error;

/// Functions of DuckDB, Athena/Trino, PostgreSQL, Snowflake or T-SQL that focusql spells
/// differently, with the spelling to use.
const FOREIGN_FUNCTIONS: &[(&str, &str)] = &[
    ("parse_datetime", "to_timestamp(text, '%Y-%m-%d')"),
    (
        "format_datetime",
        "strftime(ts, '%Y-%m') or date_format(ts, '%Y-%m')",
    ),
    ("to_char", "strftime(ts, '%Y-%m')"),
    ("dateadd", "date_add(ts, INTERVAL '1 day')"),
    ("datepart", "date_part('day', ts)"),
    ("datename", "strftime(ts, '%B')"),
    ("getdate", "now()"),
    ("sysdate", "now()"),
    ("sysdatetime", "now()"),
    ("unix_timestamp", "epoch(ts)"),
    ("to_unixtime", "epoch(ts)"),
    ("from_unixtime", "to_timestamp_seconds(seconds)"),
    ("dow", "dayofweek(ts)"),
    ("doy", "dayofyear(ts)"),
    ("weekofyear", "week(ts)"),
    ("year_of_week", "isoyear(ts)"),
    ("len", "length(text)"),
    ("listagg", "string_agg(value, ',')"),
    ("group_concat", "string_agg(value, ',')"),
    ("iff", "CASE WHEN condition THEN a ELSE b END"),
    ("iif", "CASE WHEN condition THEN a ELSE b END"),
    ("if", "CASE WHEN condition THEN a ELSE b END"),
    (
        "json_extract_path_text",
        "json_extract_string(json, '$.key') or json ->> 'key'",
    ),
    (
        "json_extract_path",
        "json_extract(json, '$.key') or json -> 'key'",
    ),
    (
        "json_parse",
        "the JSON text itself (FOCUS JSON columns are text)",
    ),
    (
        "parse_json",
        "the JSON text itself (FOCUS JSON columns are text)",
    ),
    (
        "struct_extract",
        "get_field(struct, 'name') or struct['name']",
    ),
    ("list_extract", "array_element(list, index)"),
    ("typeof", "arrow_typeof(value)"),
    // As aggregates, arg_max and arg_min are rewritten before planning (dialect_ast); not in a window.
    (
        "arg_max",
        "first_value(x ORDER BY y DESC) OVER (...) as a window function",
    ),
    (
        "arg_min",
        "first_value(x ORDER BY y) OVER (...) as a window function",
    ),
];

/// Turn a planning error into the message a user can act on.
pub fn explain_planning_error(error: DataFusionError) -> Error {
    let root = error.find_root();
    if let DataFusionError::SchemaError(schema_error, _) = root
        && let SchemaError::FieldNotFound {
            field,
            valid_fields,
        } = schema_error.as_ref()
    {
        let names: Vec<&str> = valid_fields.iter().map(|c| c.name.as_str()).collect();
        return Error::msg(column_not_found(&field.name, &names));
    }
    let text = root.to_string();
    if let Some(function) = quoted_after(&text, "Invalid function '")
        && let Some((_, spelling)) = FOREIGN_FUNCTIONS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(function))
    {
        return Error::msg(format!(
            "function {function} is not a focusql function; write {spelling}"
        ));
    }
    if let Some(call) = quoted_after(
        &text,
        "No function matches the given name and argument types '",
    ) {
        let whole = error.to_string();
        let candidates = whole
            .split("Candidate functions: ")
            .nth(1)
            .map(|c| format!(" (it takes {})", c.trim().replace(") ", "), ")))
            .unwrap_or_default();
        return Error::msg(format!(
            "function {call} has the wrong number or types of arguments{candidates}; cast the \
             arguments, e.g. CAST(x AS DECIMAL(38, 10))"
        ));
    }
    if let Some(rest) = text.split("Unsupported ast node ").nth(1) {
        let node: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        return Error::msg(unsupported_construct(&node));
    }
    Error::DataFusion(error)
}

/// The message for an unknown column, with the closest name when one is close.
pub fn column_not_found(name: &str, candidates: &[&str]) -> String {
    let renamed = RENAMES
        .iter()
        .find(|r| r.old.eq_ignore_ascii_case(name) && candidates.contains(&r.new));
    if let Some(rename) = renamed {
        return format!(
            "column {name} not found: FOCUS {} renamed {} to {}; did you mean {}?",
            rename.since, rename.old, rename.new, rename.new
        );
    }
    match closest(name, candidates) {
        Some(best) => format!("column {name} not found; did you mean {best}?"),
        None => {
            let mut listed: Vec<&str> = candidates.to_vec();
            listed.sort_unstable();
            listed.dedup();
            let shown: Vec<&str> = listed.iter().take(8).copied().collect();
            let more = if listed.len() > shown.len() {
                ", …"
            } else {
                ""
            };
            format!(
                "column {name} not found (columns here: {}{more})",
                shown.join(", ")
            )
        }
    }
}

/// The candidate nearest to `name` ignoring case, if it is near enough to be a typo.
fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let wanted = name.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (levenshtein(&wanted, &c.to_ascii_lowercase()), *c))
        .filter(|(distance, c)| *distance <= (c.len() / 3).max(2))
        .min_by_key(|(distance, c)| (*distance, c.len()))
        .map(|(_, c)| c)
}

fn unsupported_construct(node: &str) -> String {
    let hint = match node.to_ascii_lowercase().as_str() {
        "pivot" => {
            "; write it with conditional aggregates: SUM(BilledCost) FILTER (WHERE ServiceName = '…')"
        }
        "unpivot" => "; write it as a UNION ALL of one SELECT per column",
        _ => "",
    };
    format!(
        "{} is not supported by focusql{hint}",
        node.to_ascii_uppercase()
    )
}

/// The text between `prefix` and the next `'`.
fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let start = text.find(prefix)? + prefix.len();
    let len = text[start..].find('\'')?;
    Some(&text[start..start + len])
}

/// A parser error as `syntax error at line L, column C: …`.
pub fn explain_parse_error(error: DataFusionError) -> Error {
    let text = error.find_root().to_string();
    let Some(detail) = text
        .split("ParserError(\"")
        .nth(1)
        .and_then(|t| t.strip_suffix("\")"))
    else {
        return Error::DataFusion(error);
    };
    let detail = detail.replace("\\\"", "\"");
    let message = match detail.rsplit_once(" at Line: ") {
        Some((what, place)) => {
            let place = place.replace(", Column: ", ", column ");
            format!("syntax error at line {place}: {what}")
        }
        None => format!("syntax error: {detail}"),
    };
    Error::msg(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_column_ignoring_case() {
        let columns = ["ServiceName", "ServiceCategory", "BilledCost"];
        assert_eq!(
            column_not_found("ServiceNme", &columns),
            "column ServiceNme not found; did you mean ServiceName?"
        );
        assert_eq!(
            column_not_found("billedcosts", &columns),
            "column billedcosts not found; did you mean BilledCost?"
        );
        assert!(column_not_found("Zebra", &columns).starts_with("column Zebra not found (columns"));
        assert_eq!(
            column_not_found("providername", &["ServiceProviderName", "HostProviderName"]),
            "column providername not found: FOCUS 1.3 renamed ProviderName to \
             ServiceProviderName; did you mean ServiceProviderName?"
        );
    }
}
