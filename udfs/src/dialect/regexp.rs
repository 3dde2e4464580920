//! `regexp_extract(string, pattern [, group [, options]])` with DuckDB's semantics.
//!
//! DuckDB returns the text of capture group `group` (default 0, the whole match) of the first
//! match, and an empty string when the pattern does not match or the group took no part in the
//! match. Athena/Trino's `regexp_extract` returns NULL instead of the empty string; DuckDB's
//! behaviour is the one kept here. Patterns are RE2 syntax in DuckDB; the `regex` crate reads
//! the same syntax.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
use arrow::datatypes::{DataType, Field, FieldRef, Int64Type};
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::scalar_doc_sections::DOC_SECTION_REGEX;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};
use regex::{Regex, RegexBuilder};

use super::{call_error, coerce_arguments, invoke_arrays, is_integer, is_string, literal_string};
use crate::strings::to_string_array;

/// `regexp_extract(string, pattern [, group [, options]])` (DuckDB).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RegexpExtract {
    signature: Signature,
    doc: Documentation,
}

/// DuckDB `regexp_extract`.
pub fn regexp_extract_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(RegexpExtract {
        signature: Signature::user_defined(Volatility::Immutable),
        doc: Documentation::builder(
            DOC_SECTION_REGEX,
            "The text of capture group `group` (default 0, the whole match) of the first match \
             of `pattern` in `string`, or an empty string when there is no match or the group \
             took no part in it (DuckDB; Athena returns NULL there). `options` as DuckDB: \
             'i' case-insensitive, 'c' case-sensitive, 's' dot matches newline, 'm'/'n'/'p' \
             newline-sensitive, 'l' pattern is literal text. An invalid pattern is an error \
             naming the pattern.",
            "regexp_extract(string, pattern [, group [, options]])",
        )
        .with_sql_example(
            "```sql\nSELECT regexp_extract('arn:aws:ec2:us-east-1:123:instance/i-0abc', \
             'instance/(.*)', 1); -- i-0abc\n```",
        )
        .build(),
    })
}

/// Compile a pattern with DuckDB's option letters.
fn compile(pattern: &str, options: Option<&str>) -> std::result::Result<Regex, String> {
    let mut literal = false;
    let mut case_insensitive = false;
    let mut dot_newline = false;
    let mut multi_line = false;
    for option in options.unwrap_or("").chars() {
        match option {
            'i' => case_insensitive = true,
            'c' => case_insensitive = false,
            's' => {
                dot_newline = true;
                multi_line = false;
            }
            'm' | 'n' | 'p' => {
                dot_newline = false;
                multi_line = true;
            }
            'l' => literal = true,
            'g' => {}
            other => return Err(format!("'{other}' is not a regular expression option")),
        }
    }
    let pattern = if literal {
        regex::escape(pattern)
    } else {
        pattern.to_string()
    };
    RegexBuilder::new(&pattern)
        .case_insensitive(case_insensitive)
        .dot_matches_new_line(dot_newline)
        .multi_line(multi_line)
        .build()
        .map_err(|e| e.to_string())
}

impl RegexpExtract {
    fn check(&self, arg_types: &[DataType]) -> Result<()> {
        let text = |t: &DataType| is_string(t) || t == &DataType::Null;
        let ok = match arg_types {
            [s, p] => text(s) && text(p),
            [s, p, g] => text(s) && text(p) && (is_integer(g) || g == &DataType::Null),
            [s, p, g, o] => {
                text(s) && text(p) && (is_integer(g) || g == &DataType::Null) && text(o)
            }
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            call_error(
                "regexp_extract",
                "(string, pattern [, group integer [, options]])",
                arg_types,
            )
        }
    }
}

impl ScalarUDFImpl for RegexpExtract {
    fn name(&self) -> &str {
        "regexp_extract"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(coerce_arguments(arg_types))
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.check(arg_types)?;
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        self.check(&types)?;
        if let Some(ScalarValue::Int64(Some(group))) =
            args.scalar_arguments.get(2).copied().flatten()
            && *group < 0
        {
            return plan_err!("regexp_extract: the group must be 0 or more, got {group}");
        }
        let options = args
            .scalar_arguments
            .get(3)
            .and_then(|s| literal_string(*s))
            .flatten();
        if let Some(Some(pattern)) = literal_string(args.scalar_arguments[1])
            && let Err(e) = compile(&pattern, options.as_deref())
        {
            return plan_err!("regexp_extract: invalid pattern '{pattern}': {e}");
        }
        Ok(Arc::new(Field::new("regexp_extract", DataType::Utf8, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| {
            let rows = arrays[0].len();
            let is_null_type = |i: usize| {
                arrays
                    .get(i)
                    .is_some_and(|a| a.data_type() == &DataType::Null)
            };
            if is_null_type(0) || is_null_type(1) || is_null_type(2) || is_null_type(3) {
                let mut out = StringBuilder::new();
                (0..rows).for_each(|_| out.append_null());
                return Ok(Arc::new(out.finish()) as ArrayRef);
            }
            let strings = to_string_array(&arrays[0])?;
            let patterns = to_string_array(&arrays[1])?;
            let groups = arrays.get(2).map(|g| g.as_primitive::<Int64Type>());
            let options = arrays.get(3).map(to_string_array).transpose()?;
            let mut compiled: Option<(String, Option<String>, Regex)> = None;
            let mut out = StringBuilder::with_capacity(rows, 0);
            for i in 0..rows {
                if strings.is_null(i)
                    || patterns.is_null(i)
                    || groups.is_some_and(|g| g.is_null(i))
                    || options.as_ref().is_some_and(|o| o.is_null(i))
                {
                    out.append_null();
                    continue;
                }
                let pattern = patterns.value(i);
                let option = options.as_ref().map(|o| o.value(i));
                let group = groups.map_or(0, |g| g.value(i));
                if group < 0 {
                    return exec_err!("regexp_extract: the group must be 0 or more, got {group}");
                }
                let fresh = compiled
                    .as_ref()
                    .is_none_or(|(p, o, _)| p != pattern || o.as_deref() != option);
                if fresh {
                    match compile(pattern, option) {
                        Ok(regex) => {
                            compiled =
                                Some((pattern.to_string(), option.map(str::to_string), regex))
                        }
                        Err(e) => {
                            return exec_err!("regexp_extract: invalid pattern '{pattern}': {e}");
                        }
                    }
                }
                let regex = &compiled.as_ref().expect("compiled above").2;
                let text = regex
                    .captures(strings.value(i))
                    .and_then(|c| c.get(group as usize))
                    .map_or("", |m| m.as_str());
                out.append_value(text);
            }
            Ok(Arc::new(out.finish()) as ArrayRef)
        })
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

#[cfg(test)]
mod tests {
    //! Expected values are DuckDB's (2.0).

    use crate::dialect::test_util::{column, error, plan_error, value};

    #[tokio::test]
    async fn dialect_regexp_extract() {
        for (expr, expected) in [
            ("regexp_extract('abc123def', '[0-9]+')", "123"),
            ("regexp_extract('abc123def', '([a-z]+)([0-9]+)', 2)", "123"),
            ("regexp_extract('abc123def', 'x')", ""),
            ("regexp_extract('abc', '(a)|(z)', 2)", ""),
            ("regexp_extract('abc', '(a)', 2)", ""),
            ("regexp_extract('ABC', 'b', 0, 'i')", "B"),
            ("regexp_extract('ABC', 'b', 0, 'c')", ""),
            ("regexp_extract('a.c', '.', 0, 'l')", "."),
            ("regexp_extract('abc', '(?P<x>b)', 1)", "b"),
            (
                "regexp_extract('arn:aws:ec2:us-east-1:123:instance/i-1', 'instance/(.*)', 1)",
                "i-1",
            ),
            ("regexp_extract(NULL, 'a')", "NULL"),
            ("regexp_extract('abc', NULL)", "NULL"),
            ("regexp_extract(arrow_cast('abc', 'Utf8View'), 'b+')", "b"),
        ] {
            assert_eq!(value(&format!("SELECT {expr}")).await, expected, "{expr}");
        }
    }

    #[tokio::test]
    async fn dialect_regexp_extract_over_rows() {
        let rows = column(
            "SELECT regexp_extract(s, p, 1) FROM (VALUES \
             ('env=prod', 'env=(\\w+)'), ('team=data', 'team=(\\w+)'), ('x', 'env=(\\w+)'), \
             (NULL, 'a'), ('env=dev', 'env=(\\w+)')) t(s, p)",
        )
        .await;
        assert_eq!(rows, ["prod", "data", "", "NULL", "dev"]);
    }

    #[tokio::test]
    async fn dialect_regexp_extract_errors() {
        let e = plan_error("SELECT regexp_extract('abc', '(a')").await;
        assert!(e.contains("regexp_extract: invalid pattern '(a'"), "{e}");
        let e = plan_error("SELECT regexp_extract('abc', 'b', -1)").await;
        assert!(e.contains("regexp_extract"), "{e}");
        let e = plan_error("SELECT regexp_extract('abc', 'b', 0, 'z')").await;
        assert!(e.contains("regexp_extract"), "{e}");
        for sql in [
            "SELECT regexp_extract('abc')",
            "SELECT regexp_extract('abc', 1)",
            "SELECT regexp_extract('abc', 'b', 'c')",
        ] {
            let e = plan_error(sql).await;
            assert!(e.contains("regexp_extract takes"), "{sql}: {e}");
        }
        let e = error("SELECT regexp_extract(s, p) FROM (VALUES ('abc', '[')) t(s, p)").await;
        assert!(e.contains("regexp_extract: invalid pattern '['"), "{e}");
    }
}
