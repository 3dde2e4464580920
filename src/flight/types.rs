//! Result types every Flight SQL client reads: the JDBC driver and arrow-js cannot read the
//! view types (Utf8View, BinaryView) that Parquet scans produce, so they leave as Utf8/Binary,
//! also inside lists, structs and maps.

use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::compute::{CastOptions, cast_with_options};
use arrow::datatypes::{DataType, FieldRef, Fields, Schema, SchemaRef};
use arrow::error::ArrowError;

/// The type a client receives for `data_type`.
pub fn client_type(data_type: &DataType) -> DataType {
    match data_type {
        DataType::Utf8View => DataType::Utf8,
        DataType::BinaryView => DataType::Binary,
        DataType::ListView(f) | DataType::List(f) => DataType::List(client_field(f)),
        DataType::LargeListView(f) | DataType::LargeList(f) => DataType::LargeList(client_field(f)),
        DataType::FixedSizeList(f, n) => DataType::FixedSizeList(client_field(f), *n),
        DataType::Struct(fields) => DataType::Struct(client_fields(fields)),
        DataType::Map(f, sorted) => DataType::Map(client_field(f), *sorted),
        DataType::Dictionary(k, v) => DataType::Dictionary(k.clone(), Box::new(client_type(v))),
        other => other.clone(),
    }
}

fn client_field(field: &FieldRef) -> FieldRef {
    Arc::new(
        field
            .as_ref()
            .clone()
            .with_data_type(client_type(field.data_type())),
    )
}

fn client_fields(fields: &Fields) -> Fields {
    fields.iter().map(client_field).collect()
}

/// The schema a client receives for `schema`.
pub fn client_schema(schema: &Schema) -> SchemaRef {
    Arc::new(Schema::new_with_metadata(
        client_fields(schema.fields()),
        schema.metadata().clone(),
    ))
}

/// Cast a batch to `schema` (from [`client_schema`]); batches already in it pass unchanged.
pub fn to_client(batch: RecordBatch, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
    if batch.schema().fields() == schema.fields() {
        return Ok(batch);
    }
    let options = CastOptions {
        safe: false,
        ..Default::default()
    };
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(column, field)| cast_with_options(column, field.data_type(), &options))
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(Arc::clone(schema), columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{ArrayRef, ListBuilder, StringViewArray, StringViewBuilder};

    #[test]
    fn views_become_plain_types_also_nested() {
        let mut list = ListBuilder::new(StringViewBuilder::new());
        list.values().append_value("a");
        list.append(true);
        let list = Arc::new(list.finish()) as ArrayRef;
        let text = Arc::new(StringViewArray::from(vec!["x"])) as ArrayRef;
        let batch = RecordBatch::try_from_iter(vec![("t", text), ("l", list)]).unwrap();
        let schema = client_schema(&batch.schema());
        assert!(
            schema
                .fields()
                .iter()
                .all(|f| client_type(f.data_type()) == *f.data_type())
        );
        assert_eq!(schema.field(0).data_type(), &DataType::Utf8);
        let out = to_client(batch, &schema).unwrap();
        assert_eq!(out.schema(), schema);
        assert_eq!(
            arrow::util::display::array_value_to_string(out.column(1), 0).unwrap(),
            "[a]"
        );
    }
}
