//! Building FOCUS `Tags` (a JSON object as text) from the shapes providers deliver tags in:
//! one column per tag (`focus_tags_object`) or a list of `{key, value}` structs
//! (`focus_tags_from_pairs`). Null values are left out; a row without any tag gives null.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, StringBuilder, StructArray};
use arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::{Map, Value};

use crate::strings::{is_string_type, to_string_array};

/// `focus_tags_object(key1, value1, key2, value2, …)`: a JSON object of the non-null values.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TagsObject {
    signature: Signature,
}

/// The `focus_tags_object` function.
pub fn tags_object_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(TagsObject {
        signature: Signature::variadic_any(Volatility::Immutable),
    })
}

/// Finish one row: the object as JSON text, or null when it is empty.
fn append_object(out: &mut StringBuilder, object: Map<String, Value>) {
    if object.is_empty() {
        out.append_null();
    } else {
        out.append_value(Value::Object(object).to_string());
    }
}

impl ScalarUDFImpl for TagsObject {
    fn name(&self) -> &str {
        "focus_tags_object"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        if arg_types.is_empty() || !arg_types.len().is_multiple_of(2) {
            return plan_err!("focus_tags_object takes key, value pairs");
        }
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<Result<Vec<ArrayRef>>>()?;
        let texts = arrays
            .iter()
            .map(to_string_array)
            .collect::<Result<Vec<_>>>()?;
        let mut out = StringBuilder::with_capacity(rows, rows * 16);
        for row in 0..rows {
            let mut object = Map::new();
            for pair in texts.chunks(2) {
                if pair[0].is_null(row) || pair[1].is_null(row) {
                    continue;
                }
                object.insert(
                    pair[0].value(row).to_string(),
                    Value::String(pair[1].value(row).to_string()),
                );
            }
            append_object(&mut out, object);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// True for a list of structs with string `key` and `value` fields (GCP labels).
pub fn is_key_value_list(data_type: &DataType) -> bool {
    match data_type {
        DataType::List(f) | DataType::LargeList(f) => match f.data_type() {
            DataType::Struct(fields) => ["key", "value"].iter().all(|n| {
                fields
                    .find(n)
                    .is_some_and(|(_, f)| is_string_type(f.data_type()))
            }),
            _ => false,
        },
        _ => false,
    }
}

/// `focus_tags_from_pairs(list1, list2, …)`: a JSON object from lists of `{key, value}`
/// structs (as GCP exports labels); a key of an earlier list wins over a later one.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TagsFromPairs {
    signature: Signature,
}

/// The `focus_tags_from_pairs` function.
pub fn tags_from_pairs_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(TagsFromPairs {
        signature: Signature::variadic_any(Volatility::Immutable),
    })
}

/// The key and value children of a `{key, value}` struct array.
fn key_value(entries: &StructArray) -> Result<(ArrayRef, ArrayRef)> {
    match (
        entries.column_by_name("key"),
        entries.column_by_name("value"),
    ) {
        (Some(k), Some(v)) => Ok((Arc::clone(k), Arc::clone(v))),
        _ => exec_err!("focus_tags_from_pairs expects lists of {{key, value}} structs"),
    }
}

impl ScalarUDFImpl for TagsFromPairs {
    fn name(&self) -> &str {
        "focus_tags_from_pairs"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        for t in arg_types {
            let ok = t == &DataType::Null || is_key_value_list(t);
            if !ok {
                return plan_err!(
                    "focus_tags_from_pairs takes lists of {{key, value}} string structs, not {t}"
                );
            }
        }
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<Result<Vec<ArrayRef>>>()?;
        let mut out = StringBuilder::with_capacity(rows, rows * 16);
        for row in 0..rows {
            let mut object = Map::new();
            for array in &arrays {
                if array.is_null(row) || array.data_type() == &DataType::Null {
                    continue;
                }
                let entries = match array.data_type() {
                    DataType::LargeList(_) => array.as_list::<i64>().value(row),
                    _ => array.as_list::<i32>().value(row),
                };
                let (keys, values) = key_value(entries.as_struct())?;
                let (keys, values) = (to_string_array(&keys)?, to_string_array(&values)?);
                for i in 0..entries.len() {
                    if entries.is_null(i) || keys.is_null(i) || values.is_null(i) {
                        continue;
                    }
                    object
                        .entry(keys.value(i).to_string())
                        .or_insert_with(|| Value::String(values.value(i).to_string()));
                }
            }
            append_object(&mut out, object);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{ListArray, StringArray};
    use arrow::buffer::OffsetBuffer;
    use arrow::datatypes::{Field, Fields};

    fn run(udf: &ScalarUDF, args: Vec<ArrayRef>, rows: usize) -> Vec<Option<String>> {
        let arg_fields = args
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type().clone(), true)))
            .collect();
        let result = udf
            .invoke_with_args(ScalarFunctionArgs {
                args: args.into_iter().map(ColumnarValue::Array).collect(),
                arg_fields,
                number_rows: rows,
                return_field: Arc::new(Field::new("r", DataType::Utf8, true)),
                config_options: Arc::new(Default::default()),
            })
            .unwrap()
            .to_array(rows)
            .unwrap();
        result
            .as_string::<i32>()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    #[test]
    fn object_from_tag_columns_skips_nulls_and_escapes() {
        let keys: ArrayRef = Arc::new(StringArray::from(vec!["team", "team"]));
        let values: ArrayRef = Arc::new(StringArray::from(vec![Some("a\"b"), None]));
        let out = run(&tags_object_udf(), vec![keys, values], 2);
        assert_eq!(out, vec![Some(r#"{"team":"a\"b"}"#.to_string()), None]);
    }

    #[test]
    fn object_from_key_value_lists() {
        let fields = Fields::from(vec![
            Field::new("key", DataType::Utf8, true),
            Field::new("value", DataType::Utf8, true),
        ]);
        let entries = StructArray::new(
            fields.clone(),
            vec![
                Arc::new(StringArray::from(vec!["env", "team", "env"])),
                Arc::new(StringArray::from(vec!["prod", "x", "dev"])),
            ],
            None,
        );
        let list: ArrayRef = Arc::new(ListArray::new(
            Arc::new(Field::new("item", DataType::Struct(fields), true)),
            OffsetBuffer::from_lengths([3, 0]),
            Arc::new(entries),
            None,
        ));
        let out = run(&tags_from_pairs_udf(), vec![list], 2);
        assert_eq!(
            out,
            vec![Some(r#"{"env":"prod","team":"x"}"#.to_string()), None]
        );
    }
}
