//! `map_to_json(map)`: a map<string, string> column (AWS CUR 2.0 `resource_tags`, Parquet tag
//! maps) as a FOCUS JSON object string, so map-typed tags become the FOCUS `Tags` column.

use std::sync::Arc;

use arrow::array::{Array, AsArray, StringArray};
use arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use crate::strings::to_string_array;

/// `map_to_json(map)`: `{"key":"value",...}` with keys sorted; null for a null or
/// empty map. Null values are written as JSON null.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MapToJson {
    signature: Signature,
}

/// The map-to-JSON function.
pub fn map_to_json_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(MapToJson {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

impl ScalarUDFImpl for MapToJson {
    fn name(&self) -> &str {
        "map_to_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first() {
            Some(DataType::Map(..)) | Some(DataType::Null) => Ok(DataType::Utf8),
            other => exec_err!("map_to_json expects a map, got {other:?}"),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let input = args.args[0].to_array(args.number_rows)?;
        let Some(maps) = input.as_map_opt() else {
            return Ok(ColumnarValue::Array(Arc::new(StringArray::new_null(
                args.number_rows,
            ))));
        };
        let keys = to_string_array(maps.keys())?;
        let values = to_string_array(maps.values())?;
        let offsets = maps.value_offsets();
        let out: StringArray = (0..maps.len())
            .map(|row| {
                let (start, end) = (offsets[row] as usize, offsets[row + 1] as usize);
                if maps.is_null(row) || start == end {
                    return None;
                }
                let mut object = serde_json::Map::new();
                for i in start..end {
                    let value = if values.is_null(i) {
                        serde_json::Value::Null
                    } else {
                        serde_json::Value::String(values.value(i).to_string())
                    };
                    object.insert(keys.value(i).to_string(), value);
                }
                Some(serde_json::Value::Object(object).to_string())
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{MapBuilder, StringBuilder};
    use arrow::datatypes::Field;
    use datafusion::config::ConfigOptions;

    #[test]
    fn maps_become_json_objects() {
        let mut b = MapBuilder::new(None, StringBuilder::new(), StringBuilder::new());
        b.keys().append_value("user:team");
        b.values().append_value("a\"b");
        b.keys().append_value("env");
        b.values().append_null();
        b.append(true).unwrap();
        b.append(true).unwrap();
        b.append(false).unwrap();
        let array: arrow::array::ArrayRef = Arc::new(b.finish());
        let field = Arc::new(Field::new("m", array.data_type().clone(), true));
        let out = map_to_json_udf()
            .invoke_with_args(ScalarFunctionArgs {
                args: vec![ColumnarValue::Array(array)],
                arg_fields: vec![field],
                number_rows: 3,
                return_field: Arc::new(Field::new("j", DataType::Utf8, true)),
                config_options: Arc::new(ConfigOptions::default()),
            })
            .unwrap()
            .to_array(3)
            .unwrap();
        let out = out.as_string::<i32>();
        assert_eq!(out.value(0), r#"{"env":null,"user:team":"a\"b"}"#);
        assert!(out.is_null(1) && out.is_null(2));
    }
}
