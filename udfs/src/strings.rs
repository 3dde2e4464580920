//! Helpers for string arguments, whichever Arrow string type they arrive in.

use std::borrow::Cow;

use arrow::array::{ArrayRef, AsArray, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use datafusion::common::Result;

/// View any array as a `StringArray`, casting Utf8View, LargeUtf8 and other types to Utf8.
pub fn to_string_array(array: &ArrayRef) -> Result<Cow<'_, StringArray>> {
    if let Some(strings) = array.as_string_opt::<i32>() {
        return Ok(Cow::Borrowed(strings));
    }
    let casted = cast(array.as_ref(), &DataType::Utf8)?;
    Ok(Cow::Owned(casted.as_string::<i32>().clone()))
}

/// True when the array's type is one of Arrow's string types.
pub fn is_string_type(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8
    )
}
