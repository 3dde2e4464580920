//! JSON functions of DuckDB, Athena/Trino and the SQL standard, with JSONPath arguments.
//!
//! These are wrappers over datafusion-functions-json (registered by [`crate::register_all`],
//! which also gives `json_get*`, `json_contains`, `json_length`, `json_object_keys` and the
//! `->`, `->>` and `?` operators). A path is read into the key and index arguments those
//! functions take, and the value they find is then shaped as the dialect returns it:
//!
//! | function | dialect | returns |
//! |---|---|---|
//! | `json_extract(json, path)` | DuckDB, Athena | the value's JSON text, whitespace removed |
//! | `json_extract_string(json, path)` | DuckDB | a string unquoted, other values as JSON text, JSON null as NULL |
//! | `json_extract_scalar(json, path)` | Athena/Trino | a scalar as text (strings unquoted); NULL for objects, arrays and null |
//! | `json_value(json, path)` | SQL standard, PostgreSQL, Trino | as `json_extract_scalar` |
//! | `json_exists(json, path)` | DuckDB, SQL standard | whether the path exists (even holding null) |
//! | `json_keys(json [, path])` | DuckDB | the object's keys in order; `[]` for a non-object |
//! | `json_array_length(json [, path])` | DuckDB | the array's length; 0 for a non-array |
//!
//! Paths: `$` (the whole document), `.key`, `."key with spaces"`, `["key"]`, `['key']`, `[n]`,
//! `[-n]` and `[#-n]` (from the end), as DuckDB reads JSONPath; a JSON Pointer `/a/0`; or a
//! plain key `a` (DuckDB). One `[*]` (every element of an array, `'$.Elements[*]'` or
//! `'$.Elements[*].Unit'`) is read by `json_extract` and `json_extract_string` given the path as
//! a literal: they then return a list, one item per element that has the rest of the path
//! (DuckDB), so `unnest(json_extract(ContractApplied, '$.Elements[*]'))` gives a row per element.
//! An invalid path is an error naming the function and the path.
//!
//! Malformed JSON gives NULL for that row, never an error (DuckDB fails the query instead).
//! The whole document must be valid, not only the part before the value.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Int64Array, ListBuilder, StringArray, StringBuilder,
    new_null_array,
};
use arrow::buffer::NullBuffer;
use arrow::compute::{interleave, take};
use arrow::datatypes::{DataType, Field, FieldRef, UInt32Type};
use datafusion::common::config::ConfigOptions;
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, DocSection, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, Volatility,
};
use datafusion_functions_json::udfs::{json_get_json_udf, json_object_keys_udf};

use super::{call_error, coerce_arguments, is_string, literal_string};
use crate::strings::to_string_array;

const DOC_SECTION_JSON: DocSection = DocSection {
    include: true,
    label: "JSON Functions",
    description: None,
};

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// An object member.
    Key(String),
    /// An array element; negative counts from the end (-1 is the last).
    Index(i64),
}

/// Read a path: JSONPath (`$.a[0]."b c"`), JSON Pointer (`/a/0`), or a plain key (`a`), as
/// DuckDB reads them. The empty string is the whole document.
pub fn parse_path(path: &str) -> std::result::Result<Vec<Step>, String> {
    if let Some(rest) = path.strip_prefix('$') {
        parse_json_path(path, rest)
    } else if let Some(rest) = path.strip_prefix('/') {
        Ok(rest
            .split('/')
            .map(|s| Step::Key(s.replace("~1", "/").replace("~0", "~")))
            .collect())
    } else if path.is_empty() {
        Ok(Vec::new())
    } else {
        Ok(vec![Step::Key(path.to_string())])
    }
}

fn parse_json_path(path: &str, rest: &str) -> std::result::Result<Vec<Step>, String> {
    let chars: Vec<char> = rest.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    let near = |i: usize| -> String {
        format!(
            "invalid JSON path '{path}' near '{}'",
            chars[i.min(chars.len())..].iter().collect::<String>()
        )
    };
    // A quoted key starting at chars[i] (the quote); returns the key and the index after it.
    let quoted = |i: usize| -> std::result::Result<(String, usize), String> {
        let quote = chars[i];
        let mut key = String::new();
        let mut j = i + 1;
        while j < chars.len() {
            match chars[j] {
                '\\' if j + 1 < chars.len() => {
                    key.push(chars[j + 1]);
                    j += 2;
                }
                c if c == quote => return Ok((key, j + 1)),
                c => {
                    key.push(c);
                    j += 1;
                }
            }
        }
        Err(near(i))
    };
    while i < chars.len() {
        match chars[i] {
            '.' => {
                i += 1;
                if i < chars.len() && chars[i] == '"' {
                    let (key, next) = quoted(i)?;
                    steps.push(Step::Key(key));
                    i = next;
                } else {
                    let start = i;
                    while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                        i += 1;
                    }
                    let key: String = chars[start..i].iter().collect();
                    if key.is_empty() || key == "*" {
                        return Err(near(start.saturating_sub(1)));
                    }
                    steps.push(Step::Key(key));
                }
            }
            '[' => {
                let open = i;
                i += 1;
                match chars.get(i) {
                    Some('"' | '\'') => {
                        let (key, next) = quoted(i)?;
                        steps.push(Step::Key(key));
                        i = next;
                    }
                    Some(_) => {
                        let start = i;
                        while i < chars.len() && chars[i] != ']' {
                            i += 1;
                        }
                        let text: String = chars[start..i].iter().collect();
                        let text = text.trim();
                        let index = match text.strip_prefix('#') {
                            Some(from_end) => {
                                from_end.trim().parse::<i64>().ok().filter(|n| *n < 0)
                            }
                            None => text.parse::<i64>().ok(),
                        };
                        match index {
                            Some(index) => steps.push(Step::Index(index)),
                            None => return Err(near(open)),
                        }
                    }
                    None => return Err(near(open)),
                }
                if chars.get(i) != Some(&']') {
                    return Err(near(open));
                }
                i += 1;
            }
            _ => return Err(near(i)),
        }
    }
    Ok(steps)
}

/// The steps before a `[*]` and the steps after it.
type WildcardSteps = (Vec<Step>, Vec<Step>);

/// A JSONPath with one `[*]`: the steps before it and the steps after it (for each element).
/// `None` when the path has no `[*]`.
fn wildcard_path(path: &str) -> Option<std::result::Result<WildcardSteps, String>> {
    if !path.starts_with('$') {
        return None;
    }
    let at = path.find("[*]")?;
    let (before, after) = (&path[..at], &path[at + 3..]);
    if after.contains("[*]") {
        return Some(Err(format!(
            "invalid JSON path '{path}': only one [*] is supported"
        )));
    }
    Some(parse_path(before).and_then(|b| parse_path(&format!("${after}")).map(|a| (b, a))))
}

/// The number of elements of a JSON array's text; 0 for any other value.
fn array_length(raw: &str) -> Option<i64> {
    if !raw.starts_with('[') {
        return Some(0);
    }
    serde_json::from_str::<Vec<serde::de::IgnoredAny>>(raw)
        .ok()
        .map(|items| items.len() as i64)
}

/// A path's steps as the arguments datafusion-functions-json takes.
fn step_arguments(steps: &[Step]) -> Vec<ScalarValue> {
    steps
        .iter()
        .map(|s| match s {
            Step::Key(k) => ScalarValue::Utf8(Some(k.clone())),
            Step::Index(i) => ScalarValue::Int64(Some(*i)),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// True when the whole text is one valid JSON value.
fn is_valid_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// A JSON argument as a `StringArray` with every malformed document made NULL.
fn valid_documents(array: &ArrayRef) -> Result<ArrayRef> {
    let strings = to_string_array(array)?.into_owned();
    let valid: NullBuffer = strings
        .iter()
        .map(|v| v.is_some_and(is_valid_json))
        .collect::<Vec<bool>>()
        .into();
    let (offsets, values, _) = strings.into_parts();
    Ok(Arc::new(StringArray::new(offsets, values, Some(valid))))
}

/// JSON text without the whitespace between tokens, as DuckDB prints JSON.
fn minify(json: &str) -> Cow<'_, str> {
    if !json
        .bytes()
        .any(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Call a datafusion-functions-json function on documents with a path's steps.
fn delegate(
    udf: &ScalarUDF,
    documents: &ArrayRef,
    steps: &[Step],
    config_options: &Arc<ConfigOptions>,
) -> Result<ArrayRef> {
    let scalars = step_arguments(steps);
    let mut args = vec![ColumnarValue::Array(Arc::clone(documents))];
    args.extend(scalars.iter().cloned().map(ColumnarValue::Scalar));
    let arg_fields: Vec<FieldRef> = args
        .iter()
        .enumerate()
        .map(|(i, a)| Arc::new(Field::new(format!("arg{i}"), a.data_type(), true)))
        .collect();
    let scalar_arguments: Vec<Option<&ScalarValue>> = std::iter::once(None)
        .chain(scalars.iter().map(Some))
        .collect();
    let return_field = udf.return_field_from_args(ReturnFieldArgs {
        arg_fields: &arg_fields,
        scalar_arguments: &scalar_arguments,
    })?;
    udf.invoke_with_args(ScalarFunctionArgs {
        args,
        arg_fields,
        number_rows: documents.len(),
        return_field,
        config_options: Arc::clone(config_options),
    })?
    .into_array(documents.len())
}

// ---------------------------------------------------------------------------------------------
// The functions
// ---------------------------------------------------------------------------------------------

/// What a JSON function returns for the value at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum JsonKind {
    /// DuckDB `json_extract`: the JSON text.
    Extract,
    /// DuckDB `json_extract_string`: strings unquoted, other values as JSON text, null NULL.
    ExtractString,
    /// Trino `json_extract_scalar` and SQL `json_value`: scalars as text, others NULL.
    Scalar,
    /// DuckDB `json_exists`.
    Exists,
    /// DuckDB `json_keys`.
    Keys,
    /// DuckDB `json_array_length`.
    ArrayLength,
}

/// `json_extract`, `json_extract_string`, `json_extract_scalar`, `json_value`, `json_exists`,
/// `json_keys`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonFunction {
    name: &'static str,
    kind: JsonKind,
    signature: Signature,
    doc: Documentation,
}

fn json_udf(
    name: &'static str,
    kind: JsonKind,
    description: &str,
    syntax: &str,
    example: &str,
) -> ScalarUDF {
    ScalarUDF::new_from_impl(JsonFunction {
        name,
        kind,
        signature: Signature::user_defined(Volatility::Immutable),
        doc: Documentation::builder(DOC_SECTION_JSON, description, syntax)
            .with_sql_example(format!("```sql\n{example}\n```"))
            .with_argument(
                "path",
                "JSONPath ('$.a.b', '$.a[0]', '$.\"a b\"', '$[\"a b\"]'), JSON Pointer ('/a/0') \
                 or a plain key ('a')",
            )
            .build(),
    })
}

/// DuckDB/Athena `json_extract(json, path)`: the JSON text of the value at `path`.
pub fn json_extract_udf() -> ScalarUDF {
    json_udf(
        "json_extract",
        JsonKind::Extract,
        "The JSON text of the value at path, without whitespace between tokens (DuckDB, \
         Athena): a string keeps its quotes, JSON null is 'null'. NULL when the path does not \
         exist or the JSON is malformed.",
        "json_extract(json, path)",
        "SELECT json_extract('{\"a\": {\"b\": [1, 2]}}', '$.a'); -- {\"b\":[1,2]}",
    )
}

/// DuckDB `json_extract_string(json, path)`: the text of the value, strings unquoted.
pub fn json_extract_string_udf() -> ScalarUDF {
    json_udf(
        "json_extract_string",
        JsonKind::ExtractString,
        "The value at path as text (DuckDB): a string without its quotes and escapes, other \
         values as JSON text, JSON null as NULL. NULL when the path does not exist or the JSON \
         is malformed.",
        "json_extract_string(json, path)",
        "SELECT json_extract_string('{\"team\": \"data eng\"}', '$.team'); -- data eng",
    )
}

/// Athena/Trino `json_extract_scalar(json, path)`: a scalar as text, else NULL.
pub fn json_extract_scalar_udf() -> ScalarUDF {
    json_udf(
        "json_extract_scalar",
        JsonKind::Scalar,
        "The scalar (string, number, boolean) at path as text, a string without its quotes \
         (Athena/Trino). NULL for an object, an array, JSON null, a missing path or malformed \
         JSON.",
        "json_extract_scalar(json, path)",
        "SELECT json_extract_scalar('{\"cost\": 1.5}', '$.cost'); -- 1.5",
    )
}

/// SQL standard `json_value(json, path)`: a scalar as text, else NULL.
pub fn json_value_udf() -> ScalarUDF {
    json_udf(
        "json_value",
        JsonKind::Scalar,
        "The scalar at path as text, a string without its quotes (SQL standard, PostgreSQL, \
         Trino; DuckDB's json_value keeps the quotes). NULL for an object, an array, JSON null, \
         a missing path or malformed JSON.",
        "json_value(json, path)",
        "SELECT json_value('{\"env\": \"prod\"}', '$.env'); -- prod",
    )
}

/// DuckDB `json_exists(json, path)`: whether the path exists.
pub fn json_exists_udf() -> ScalarUDF {
    json_udf(
        "json_exists",
        JsonKind::Exists,
        "Whether path exists in the JSON, even when it holds null (DuckDB). NULL for malformed \
         JSON.",
        "json_exists(json, path)",
        "SELECT json_exists('{\"env\": null}', '$.env'); -- true",
    )
}

/// DuckDB `json_keys(json [, path])`: the keys of an object as a list.
pub fn json_keys_udf() -> ScalarUDF {
    json_udf(
        "json_keys",
        JsonKind::Keys,
        "The keys of the JSON object (at path, if given) as a list, in document order \
         (DuckDB); an empty list for a value that is not an object, NULL for a missing path or \
         malformed JSON. `unnest(json_keys(Tags))` gives one row per tag. Replaces the \
         `json_keys` alias of datafusion-functions-json's `json_object_keys`, which remains \
         available under that name.",
        "json_keys(json [, path])",
        "SELECT json_keys('{\"env\": \"prod\", \"team\": \"data\"}'); -- [env, team]",
    )
}

/// DuckDB `json_array_length(json [, path])`: the length of an array.
pub fn json_array_length_udf() -> ScalarUDF {
    json_udf(
        "json_array_length",
        JsonKind::ArrayLength,
        "The number of elements of the JSON array (at path, if given) (DuckDB); 0 for a value \
         that is not an array, NULL for a missing path or malformed JSON.",
        "json_array_length(json [, path])",
        "SELECT json_array_length('{\"Elements\": [1, 2]}', '$.Elements'); -- 2",
    )
}

fn keys_type() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
}

impl JsonFunction {
    fn check(&self, arg_types: &[DataType]) -> Result<DataType> {
        let text = |t: &DataType| is_string(t) || t == &DataType::Null;
        let ok = match (self.kind, arg_types) {
            (JsonKind::Keys | JsonKind::ArrayLength, [json]) => text(json),
            (_, [json, path]) => text(json) && text(path),
            _ => false,
        };
        if !ok {
            let expected = if matches!(self.kind, JsonKind::Keys | JsonKind::ArrayLength) {
                "(json string [, path string])"
            } else {
                "(json string, path string)"
            };
            return call_error(self.name, expected, arg_types);
        }
        Ok(match self.kind {
            JsonKind::Exists => DataType::Boolean,
            JsonKind::Keys => keys_type(),
            JsonKind::ArrayLength => DataType::Int64,
            _ => DataType::Utf8,
        })
    }

    /// The result for documents (already validated) and one path.
    fn evaluate(
        &self,
        documents: &ArrayRef,
        steps: &[Step],
        config_options: &Arc<ConfigOptions>,
    ) -> Result<ArrayRef> {
        let found = delegate(&json_get_json_udf(), documents, steps, config_options)?;
        let found = to_string_array(&found)?;
        Ok(match self.kind {
            JsonKind::Extract | JsonKind::ExtractString | JsonKind::Scalar => {
                let mut out = StringBuilder::with_capacity(found.len(), 0);
                for raw in found.iter() {
                    match raw.and_then(|raw| self.text(raw)) {
                        Some(text) => out.append_value(text),
                        None => out.append_null(),
                    }
                }
                Arc::new(out.finish())
            }
            JsonKind::ArrayLength => {
                let out: Int64Array = found.iter().map(|raw| raw.and_then(array_length)).collect();
                Arc::new(out)
            }
            JsonKind::Exists => {
                let out: BooleanArray = (0..found.len())
                    .map(|i| documents.is_valid(i).then(|| found.is_valid(i)))
                    .collect();
                Arc::new(out)
            }
            JsonKind::Keys => {
                let keys = delegate(&json_object_keys_udf(), documents, steps, config_options)?;
                let keys = keys.as_list::<i32>();
                let mut out = ListBuilder::new(StringBuilder::new())
                    .with_field(Arc::new(Field::new_list_field(DataType::Utf8, true)));
                for i in 0..found.len() {
                    if keys.is_valid(i) {
                        let names = keys.value(i);
                        let names = to_string_array(&names)?;
                        out.append_value(names.iter());
                    } else if found.is_valid(i) {
                        out.append(true);
                    } else {
                        out.append_null();
                    }
                }
                Arc::new(out.finish())
            }
        })
    }

    /// `json_extract` / `json_extract_string` with a `[*]` path: for each document, a list of
    /// the value after `after` in every element of the array at `before` (elements without it
    /// are left out; a missing path or a non-array gives an empty list).
    fn evaluate_wildcard(
        &self,
        documents: &ArrayRef,
        before: &[Step],
        after: &[Step],
        config_options: &Arc<ConfigOptions>,
    ) -> Result<ArrayRef> {
        let arrays = delegate(&json_get_json_udf(), documents, before, config_options)?;
        let arrays = to_string_array(&arrays)?;
        let lengths: Vec<usize> = arrays
            .iter()
            .map(|raw| raw.and_then(array_length).unwrap_or(0) as usize)
            .collect();
        let longest = lengths.iter().copied().max().unwrap_or(0);
        let mut elements = Vec::with_capacity(longest);
        for i in 0..longest {
            let mut steps = before.to_vec();
            steps.push(Step::Index(i as i64));
            steps.extend_from_slice(after);
            let found = delegate(&json_get_json_udf(), documents, &steps, config_options)?;
            elements.push(to_string_array(&found)?.into_owned());
        }
        let mut out = ListBuilder::new(StringBuilder::new())
            .with_field(Arc::new(Field::new_list_field(DataType::Utf8, true)));
        for (row, length) in lengths.iter().enumerate() {
            if documents.is_null(row) {
                out.append_null();
                continue;
            }
            for element in &elements[..*length] {
                if element.is_valid(row) {
                    match self.text(element.value(row)) {
                        Some(text) => out.values().append_value(text),
                        None => out.values().append_null(),
                    }
                }
            }
            out.append(true);
        }
        Ok(Arc::new(out.finish()))
    }

    /// The text a function returns for the raw JSON text of a found value.
    fn text<'a>(&self, raw: &'a str) -> Option<Cow<'a, str>> {
        let first = raw.as_bytes().first().copied();
        match (self.kind, first) {
            (JsonKind::Extract, _) => Some(minify(raw)),
            (JsonKind::ExtractString | JsonKind::Scalar, Some(b'"')) => {
                serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
            }
            (JsonKind::ExtractString | JsonKind::Scalar, Some(b'n')) => None,
            (JsonKind::Scalar, Some(b'{' | b'[')) => None,
            _ => Some(minify(raw)),
        }
    }

    /// The result for documents with one path per row: each distinct path is evaluated once,
    /// over its rows.
    fn evaluate_per_row(
        &self,
        documents: &ArrayRef,
        paths: &ArrayRef,
        return_type: &DataType,
        config_options: &Arc<ConfigOptions>,
    ) -> Result<ArrayRef> {
        let paths = to_string_array(paths)?;
        let mut groups: HashMap<Option<&str>, Vec<u32>> = HashMap::new();
        let mut order: Vec<Option<&str>> = Vec::new();
        for (i, path) in paths.iter().enumerate() {
            groups
                .entry(path)
                .or_insert_with(|| {
                    order.push(path);
                    Vec::new()
                })
                .push(i as u32);
        }
        let mut results: Vec<ArrayRef> = Vec::with_capacity(order.len());
        let mut positions = vec![(0usize, 0usize); paths.len()];
        for (g, path) in order.iter().enumerate() {
            let rows = &groups[path];
            let result = match path {
                None => new_null_array(return_type, rows.len()),
                Some(path) => {
                    let steps = match parse_path(path) {
                        Ok(steps) => steps,
                        Err(e) => return exec_err!("{}: {e}", self.name),
                    };
                    let indices = arrow::array::PrimitiveArray::<UInt32Type>::from(rows.clone());
                    let subset = take(documents.as_ref(), &indices, None)?;
                    self.evaluate(&subset, &steps, config_options)?
                }
            };
            for (k, row) in rows.iter().enumerate() {
                positions[*row as usize] = (g, k);
            }
            results.push(result);
        }
        let refs: Vec<&dyn Array> = results.iter().map(|a| a.as_ref()).collect();
        Ok(interleave(&refs, &positions)?)
    }
}

impl ScalarUDFImpl for JsonFunction {
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
        self.check(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let mut data_type = self.check(&types)?;
        if let Some(Some(path)) = args
            .scalar_arguments
            .get(1)
            .and_then(|s| literal_string(*s))
        {
            match wildcard_path(&path) {
                Some(Ok(_)) if matches!(self.kind, JsonKind::Extract | JsonKind::ExtractString) => {
                    data_type = keys_type();
                }
                Some(Ok(_)) => {
                    return plan_err!(
                        "{}: a [*] path is read by json_extract and json_extract_string only",
                        self.name
                    );
                }
                Some(Err(e)) => return plan_err!("{}: {e}", self.name),
                None => {
                    if let Err(e) = parse_path(&path) {
                        return plan_err!("{}: {e}", self.name);
                    }
                }
            }
        }
        Ok(Arc::new(Field::new(self.name, data_type, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let all_scalars = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if all_scalars { 1 } else { args.number_rows };
        let documents = valid_documents(&args.args[0].to_array(rows)?)?;
        let return_type = args.return_type().clone();
        let result = match args.args.get(1) {
            None => self.evaluate(&documents, &[], &args.config_options)?,
            Some(ColumnarValue::Scalar(path)) => match literal_string(Some(path)).flatten() {
                None => new_null_array(&return_type, rows),
                Some(path) if self.kind != JsonKind::Keys && return_type.is_nested() => {
                    match wildcard_path(&path) {
                        Some(Ok((before, after))) => self.evaluate_wildcard(
                            &documents,
                            &before,
                            &after,
                            &args.config_options,
                        )?,
                        _ => return exec_err!("{}: a list needs a [*] path", self.name),
                    }
                }
                Some(path) => {
                    let steps = match parse_path(&path) {
                        Ok(steps) => steps,
                        Err(e) => return exec_err!("{}: {e}", self.name),
                    };
                    self.evaluate(&documents, &steps, &args.config_options)?
                }
            },
            Some(ColumnarValue::Array(paths)) => {
                self.evaluate_per_row(&documents, paths, &return_type, &args.config_options)?
            }
        };
        if all_scalars {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &result, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(result))
        }
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.doc)
    }
}

#[cfg(test)]
mod tests {
    //! Expected values are DuckDB's (2.0) unless a test says otherwise.

    use arrow::datatypes::DataType;

    use super::{Step, parse_path};
    use crate::dialect::test_util::{column, data_type, error, plan_error, value};

    async fn check(cases: &[(&str, &str)]) {
        for (expr, expected) in cases {
            assert_eq!(value(&format!("SELECT {expr}")).await, *expected, "{expr}");
        }
    }

    #[test]
    fn dialect_json_paths() {
        let key = |k: &str| Step::Key(k.to_string());
        assert_eq!(parse_path("$"), Ok(vec![]));
        assert_eq!(parse_path(""), Ok(vec![]));
        assert_eq!(parse_path("$.a.b"), Ok(vec![key("a"), key("b")]));
        assert_eq!(parse_path("$.a[0]"), Ok(vec![key("a"), Step::Index(0)]));
        assert_eq!(parse_path("$.a[-1]"), Ok(vec![key("a"), Step::Index(-1)]));
        assert_eq!(parse_path("$.a[#-2]"), Ok(vec![key("a"), Step::Index(-2)]));
        assert_eq!(
            parse_path("$[1][2]"),
            Ok(vec![Step::Index(1), Step::Index(2)])
        );
        assert_eq!(parse_path("$.\"a b\".c"), Ok(vec![key("a b"), key("c")]));
        assert_eq!(parse_path("$[\"a b\"]"), Ok(vec![key("a b")]));
        assert_eq!(parse_path("$['a.b']['c']"), Ok(vec![key("a.b"), key("c")]));
        assert_eq!(parse_path("$.\"a\\\"b\""), Ok(vec![key("a\"b")]));
        assert_eq!(
            parse_path("$.aws:createdBy"),
            Ok(vec![key("aws:createdBy")])
        );
        assert_eq!(parse_path("a"), Ok(vec![key("a")]));
        assert_eq!(parse_path("a.b"), Ok(vec![key("a.b")]));
        assert_eq!(parse_path("/a/0"), Ok(vec![key("a"), key("0")]));
        assert_eq!(parse_path("/a~1b/c~0d"), Ok(vec![key("a/b"), key("c~d")]));
        for bad in [
            "$a", "$.a.", "$.", "$.*", "$[*]", "$[x]", "$[1", "$[\"a]", "$.a[#]", "$..a",
        ] {
            let e = parse_path(bad).unwrap_err();
            assert!(e.contains(&format!("'{bad}'")), "{bad}: {e}");
        }
    }

    #[tokio::test]
    async fn dialect_json_extract() {
        check(&[
            (
                r#"json_extract('{"a": {"b" : 1, "c": [1, 2 ,3]}}', '$.a')"#,
                r#"{"b":1,"c":[1,2,3]}"#,
            ),
            (r#"json_extract('{"a": {"b" : 1}}', '$.a.b')"#, "1"),
            (r#"json_extract('{"a": "x y"}', '$.a')"#, r#""x y""#),
            (r#"json_extract('{"a": null}', '$.a')"#, "null"),
            (r#"json_extract('{"a": null}', '$.zz')"#, "NULL"),
            (r#"json_extract('{"a": [10,20,30]}', '$.a[0]')"#, "10"),
            (r#"json_extract('{"a": [10,20,30]}', '$.a[#-1]')"#, "30"),
            (r#"json_extract('{"a": [10,20,30]}', '$.a[-1]')"#, "30"),
            (r#"json_extract('{"a": [10,20,30]}', '$.a[5]')"#, "NULL"),
            (r#"json_extract('{"a b": 1}', '$."a b"')"#, "1"),
            (r#"json_extract('{"a b": 1}', '$["a b"]')"#, "1"),
            (r#"json_extract('{"a": 1}', 'a')"#, "1"),
            (r#"json_extract('{"a": {"b":2}}', 'a.b')"#, "NULL"),
            (r#"json_extract('{"a": {"b":2}}', '/a/b')"#, "2"),
            (r#"json_extract('{"a": {"b":2}}', '$')"#, r#"{"a":{"b":2}}"#),
            (r#"json_extract('{"a": {"b":2}}', '')"#, r#"{"a":{"b":2}}"#),
            (r#"json_extract('[1,2]', '$[1]')"#, "2"),
            (r#"json_extract('[5]', '/0')"#, "5"),
            (
                r#"json_extract('{"a":{"b":[{"c":"d"}]}}', '$.a.b[0].c')"#,
                r#""d""#,
            ),
            (r#"json_extract('{"a":1, "a":2}', '$.a')"#, "1"),
            (
                r#"json_extract('{"s": "keep  spaces"}', '$')"#,
                r#"{"s":"keep  spaces"}"#,
            ),
            (r#"json_extract(NULL, '$.a')"#, "NULL"),
            (r#"json_extract('{"a":1}', NULL)"#, "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT json_extract('{}', '$.a')").await,
            DataType::Utf8
        );
    }

    #[tokio::test]
    async fn dialect_json_extract_string_scalar_and_value() {
        check(&[
            (r#"json_extract_string('{"a": "x y"}', '$.a')"#, "x y"),
            (r#"json_extract_string('{"a": "\u00e9\n"}', '$.a')"#, "é\n"),
            (
                r#"json_extract_string('{"a": {"b" : 1}}', '$.a')"#,
                r#"{"b":1}"#,
            ),
            (r#"json_extract_string('{"a": null}', '$.a')"#, "NULL"),
            (r#"json_extract_string('{"a": 1.5}', '$.a')"#, "1.5"),
            (r#"json_extract_string('{"a": true}', '$.a')"#, "true"),
            (r#"json_extract_string('{"a": [1, 2]}', '$.a')"#, "[1,2]"),
            (r#"json_extract_string('{"a":1}', '$.b')"#, "NULL"),
            (r#"json_extract_string(NULL, '$.a')"#, "NULL"),
            (r#"json_extract_string('{"a":1}', NULL)"#, "NULL"),
            // Athena/Trino json_extract_scalar and SQL json_value: scalars only
            (r#"json_extract_scalar('{"a": "x y"}', '$.a')"#, "x y"),
            (r#"json_extract_scalar('{"a": 1.5}', '$.a')"#, "1.5"),
            (r#"json_extract_scalar('{"a": false}', '$.a')"#, "false"),
            (r#"json_extract_scalar('{"a": {"b": 1}}', '$.a')"#, "NULL"),
            (r#"json_extract_scalar('{"a": [1]}', '$.a')"#, "NULL"),
            (r#"json_extract_scalar('{"a": null}', '$.a')"#, "NULL"),
            (r#"json_value('{"a": "x y"}', '$.a')"#, "x y"),
            (r#"json_value('{"a": 2}', '$.a')"#, "2"),
            (r#"json_value('{"a": {"b":1}}', '$.a')"#, "NULL"),
            (r#"json_value('{"a": null}', '$.a')"#, "NULL"),
        ])
        .await;
    }

    #[tokio::test]
    async fn dialect_json_exists() {
        check(&[
            (r#"json_exists('{"a": null}', '$.a')"#, "true"),
            (r#"json_exists('{"a": null}', '$.b')"#, "false"),
            (r#"json_exists('{"a": null}', '$')"#, "true"),
            (r#"json_exists('{"a":[1]}', '$.a[0]')"#, "true"),
            (r#"json_exists('{"a":[1]}', '$.a[3]')"#, "false"),
            (r#"json_exists(NULL, '$.a')"#, "NULL"),
            (r#"json_exists('nope', '$.a')"#, "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT json_exists('{}', '$.a')").await,
            DataType::Boolean
        );
    }

    #[tokio::test]
    async fn dialect_json_keys() {
        check(&[
            (r#"json_keys('{"b": 1, "a": 2}')"#, "[b, a]"),
            (r#"json_keys('[1,2]')"#, "[]"),
            (r#"json_keys('3')"#, "[]"),
            (r#"json_keys('{}')"#, "[]"),
            (r#"json_keys('{"a": {"x":1}}', '$.a')"#, "[x]"),
            (r#"json_keys('{"a": {"x":1}}', 'a')"#, "[x]"),
            (r#"json_keys('{"a":1}', '$.b')"#, "NULL"),
            ("json_keys(NULL)", "NULL"),
            ("json_keys('{\"a\":')", "NULL"),
        ])
        .await;
        let keys = column(
            r#"SELECT k FROM (SELECT unnest(json_keys(tags)) AS k FROM (VALUES
               ('{"env": "prod", "team": "data"}'), ('{"owner": "ana"}'), ('oops'), (NULL)) t(tags))"#,
        )
        .await;
        assert_eq!(keys, ["env", "team", "owner"]);
        // datafusion-functions-json's own function stays available under its name
        assert_eq!(
            value(r#"SELECT json_object_keys('{"a": {"x": 1}}', 'a')"#).await,
            "[x]"
        );
    }

    #[tokio::test]
    async fn dialect_json_malformed_is_null() {
        for json in [
            "{\"a\": 1",
            "not json",
            "{\"a\": 1} trailing",
            "",
            "{'a': 1}",
        ] {
            let json = json.replace('\'', "''");
            for function in [
                "json_extract",
                "json_extract_string",
                "json_extract_scalar",
                "json_value",
                "json_exists",
            ] {
                let sql = format!("SELECT {function}('{json}', '$.a')");
                assert_eq!(value(&sql).await, "NULL", "{sql}");
            }
            let sql = format!("SELECT json_keys('{json}')");
            assert_eq!(value(&sql).await, "NULL", "{sql}");
        }
    }

    #[tokio::test]
    async fn dialect_json_over_rows() {
        // a path per row, the same path repeated, and malformed rows among good ones
        let rows = column(
            r#"SELECT json_extract_string(j, p) FROM (VALUES
               ('{"a": "1", "b": {"c": "2"}}', '$.a'),
               ('{"a": "3", "b": {"c": "4"}}', '$.b.c'),
               ('{"a": "5"', '$.a'),
               ('{"a": "6"}', NULL),
               ('{"a": "7", "b": {"c": "8"}}', '$.b.c'),
               (NULL, '$.a')) t(j, p)"#,
        )
        .await;
        assert_eq!(rows, ["1", "4", "NULL", "NULL", "8", "NULL"]);
        let rows = column(
            r#"SELECT json_extract_string(j, '$.env') FROM (VALUES
               ('{"env": "prod"}'), ('{"env": "dev"'), ('{"team": "x"}'), ('{"env": 3}')) t(j)"#,
        )
        .await;
        assert_eq!(rows, ["prod", "NULL", "NULL", "3"]);
        let rows = column(
            r#"SELECT json_exists(j, p) FROM (VALUES
               ('{"a": 1}', '$.a'), ('{"a": 1}', '$.b'), ('{"a": 1', '$.a'), ('[1]', '$[0]')) t(j, p)"#,
        )
        .await;
        assert_eq!(rows, ["true", "false", "NULL", "true"]);
        let rows = column(
            r#"SELECT json_keys(j, p) FROM (VALUES
               ('{"a": {"x": 1}}', '$.a'), ('{"a": 1}', '$.a'), ('{"a": 1}', '$.b')) t(j, p)"#,
        )
        .await;
        assert_eq!(rows, ["[x]", "[]", "NULL"]);
    }

    #[tokio::test]
    async fn dialect_json_accepts_every_string_encoding() {
        for cast in ["Utf8View", "LargeUtf8", "Dictionary(Int32, Utf8)"] {
            let sql = format!(
                r#"SELECT json_extract_string(arrow_cast('{{"a": "x"}}', '{cast}'), arrow_cast('$.a', '{cast}'))"#
            );
            assert_eq!(value(&sql).await, "x", "{sql}");
        }
    }

    #[tokio::test]
    async fn dialect_json_errors_name_the_function() {
        let e = plan_error(r#"SELECT json_extract('{"a": 1}', '$a')"#).await;
        assert!(
            e.contains("json_extract") && e.contains("invalid JSON path '$a'"),
            "{e}"
        );
        let e = plan_error(r#"SELECT json_value('{"a": 1}', '$.*')"#).await;
        assert!(e.contains("json_value") && e.contains("'$.*'"), "{e}");
        for sql in [
            "SELECT json_extract('{}')",
            "SELECT json_extract(1, '$.a')",
            "SELECT json_extract_string('{}', 1)",
            "SELECT json_exists('{}', '$', '$')",
            "SELECT json_keys()",
            "SELECT json_keys('{}', '$', '$')",
        ] {
            let e = plan_error(sql).await;
            let name = sql.trim_start_matches("SELECT ").split('(').next().unwrap();
            assert!(e.contains(&format!("{name} takes")), "{sql}: {e}");
        }
        let e = error(r#"SELECT json_extract(j, p) FROM (VALUES ('{}', '$[x]')) t(j, p)"#).await;
        assert!(e.contains("json_extract") && e.contains("'$[x]'"), "{e}");
    }

    #[tokio::test]
    async fn dialect_json_wildcard_paths_give_lists() {
        // DuckDB 1.x answers
        let doc = r#"'{"a": [1, {"b": 2}, null, "x"], "c": [{"b": 1}, {"d": 2}, {"b": "y"}]}'"#;
        check(&[
            (
                &format!("json_extract({doc}, '$.a[*]')"),
                r#"[1, {"b":2}, null, "x"]"#,
            ),
            (
                &format!("json_extract_string({doc}, '$.a[*]')"),
                r#"[1, {"b":2}, NULL, x]"#,
            ),
            (&format!("json_extract_string({doc}, '$.c[*].b')"), "[1, y]"),
            (&format!("json_extract({doc}, '$.missing[*]')"), "[]"),
            (&format!("json_extract({doc}, '$.c[0].b[*]')"), "[]"),
            ("json_extract(CAST(NULL AS VARCHAR), '$.a[*]')", "NULL"),
            ("json_extract('{\"a\": [1', '$.a[*]')", "NULL"),
        ])
        .await;
        assert_eq!(
            data_type(&format!("SELECT json_extract({doc}, '$.a[*]')")).await,
            DataType::List(std::sync::Arc::new(
                arrow::datatypes::Field::new_list_field(DataType::Utf8, true)
            ))
        );
        assert_eq!(
            column(&format!(
                "SELECT unnest(json_extract_string({doc}, '$.c[*].b')) AS b ORDER BY b"
            ))
            .await,
            ["1", "y"]
        );
        let e = plan_error(&format!("SELECT json_value({doc}, '$.a[*]')")).await;
        assert!(e.contains("json_value") && e.contains("[*]"), "{e}");
        let e = plan_error(&format!("SELECT json_extract({doc}, '$.c[*].b[*]')")).await;
        assert!(e.contains("only one [*]"), "{e}");
    }

    #[tokio::test]
    async fn dialect_json_array_length() {
        // DuckDB: 3, 2, 0 for a non-array, NULL for a missing path
        check(&[
            ("json_array_length('[1, 2, 3]')", "3"),
            (r#"json_array_length('{"a": [1, [2, 3]]}', '$.a')"#, "2"),
            (r#"json_array_length('{"a": 1}', '$.a')"#, "0"),
            (r#"json_array_length('{"a": 1}', '$.b')"#, "NULL"),
            ("json_array_length('[1, 2')", "NULL"),
        ])
        .await;
        assert_eq!(
            data_type("SELECT json_array_length('[]')").await,
            DataType::Int64
        );
    }

    #[tokio::test]
    async fn dialect_json_operators_of_datafusion_functions_json_still_work() {
        assert_eq!(value(r#"SELECT '{"a": {"b": "x"}}'->'a'->>'b'"#).await, "x");
        assert_eq!(
            value(r#"SELECT json_get_str('{"a": "x"}', 'a')"#).await,
            "x"
        );
        assert_eq!(
            value(r#"SELECT json_contains('{"a": 1}', 'a')"#).await,
            "true"
        );
    }
}
