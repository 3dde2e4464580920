//! `\chart`: the last result as a horizontal bar chart in the terminal, with values.

use arrow::array::{Array, Float64Array, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, SchemaRef};

use crate::error::{Error, Result};
use crate::output::cell_texts;

/// Partial blocks for eighths of a character cell.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// Draw `batches` as bars: the first column gives the labels, `column` (or the first numeric
/// column after the labels) the lengths; each bar is followed by its value (money at 2
/// decimals). Negative values are drawn with `░`. The chart fits in `width` characters.
pub fn render(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    column: Option<&str>,
    width: usize,
) -> Result<String> {
    if schema.fields().is_empty() {
        return Err(Error::msg("the last result has no columns to chart"));
    }
    let value = match column {
        Some(name) => schema
            .fields()
            .iter()
            .position(|f| f.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::msg(format!("the last result has no column '{name}'")))?,
        None => schema
            .fields()
            .iter()
            .skip(1)
            .position(|f| f.data_type().is_numeric())
            .map(|i| i + 1)
            .ok_or_else(|| {
                Error::msg("the last result has no numeric column after the labels to chart")
            })?,
    };
    let field = schema.field(value);
    if !field.data_type().is_numeric() {
        return Err(Error::msg(format!(
            "column '{}' is {}, not a number",
            field.name(),
            field.data_type()
        )));
    }
    let (mut labels, mut texts, mut numbers) = (Vec::new(), Vec::new(), Vec::new());
    for batch in batches {
        labels.extend(cell_texts(batch.column(0), schema.field(0), Some(2))?);
        texts.extend(cell_texts(batch.column(value), field, Some(2))?);
        let floats = cast(batch.column(value), &DataType::Float64)?;
        let floats = floats
            .as_any()
            .downcast_ref::<Float64Array>()
            .ok_or_else(|| Error::msg("chart: cannot read the values as numbers"))?;
        numbers.extend((0..floats.len()).map(|i| floats.is_valid(i).then(|| floats.value(i))));
    }
    if labels.is_empty() {
        return Err(Error::msg("the last result has no rows to chart"));
    }
    let max = numbers.iter().flatten().fold(0f64, |m, v| m.max(v.abs()));
    let label_width = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(1, (width / 3).max(8));
    let value_width = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let bar_width = width.saturating_sub(label_width + value_width + 4).max(10);
    let mut out = vec![format!("{} by {}", field.name(), schema.field(0).name())];
    for ((label, text), number) in labels.iter().zip(&texts).zip(&numbers) {
        let bar = number.map_or_else(String::new, |n| bar(n, max, bar_width));
        out.push(format!(
            "{:<label_width$} │{:<bar_width$} {:>value_width$}",
            fit(label, label_width),
            bar,
            text
        ));
    }
    Ok(out.join("\n"))
}

/// A bar of `value / max` of `width` cells, in eighths of a cell.
fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 {
        return String::new();
    }
    let eighths = (value.abs() / max * width as f64 * 8.0).round() as usize;
    if value < 0.0 {
        return "░".repeat(eighths.div_ceil(8));
    }
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(EIGHTHS[eighths % 8]);
    }
    bar
}

/// A label cut to `width` characters, with `…` when cut.
fn fit(label: &str, width: usize) -> String {
    if label.chars().count() <= width {
        return label.to_string();
    }
    let mut cut: String = label.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{Decimal128Array, StringArray};
    use arrow::datatypes::{Field, Schema};

    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("service", DataType::Utf8, true),
            Field::new("cost", DataType::Decimal128(38, 10), true),
        ]));
        let cost = Decimal128Array::from(vec![
            Some(1_000_000_000_000i128),
            Some(250_000_000_000),
            Some(-5_000_000_000),
            None,
        ])
        .with_precision_and_scale(38, 10)
        .unwrap();
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![
                    "Compute", "Storage", "Credit", "Other",
                ])),
                Arc::new(cost),
            ],
        )
        .unwrap();
        // width 40: labels 7 wide, values 6 wide ("100.00"), bars 40 - 7 - 6 - 4 = 23 cells
        let text = render(&schema, &[batch], None, 40).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "cost by service");
        assert_eq!(lines[1], format!("Compute │{} 100.00", "█".repeat(23)));
        // 25 / 100 * 23 cells = 5.75 cells = 5 full + 6 eighths
        assert_eq!(
            lines[2],
            format!(
                "Storage │{}▊{} {:>6}",
                "█".repeat(5),
                " ".repeat(17),
                "25.00"
            )
        );
        assert_eq!(
            lines[3],
            format!("Credit  │░{} {:>6}", " ".repeat(22), "-0.50")
        );
        assert_eq!(
            lines[4],
            format!("Other   │{} {:>6}", " ".repeat(23), "NULL")
        );
        assert!(render(&schema, &[], Some("nope"), 40).is_err());
    }
}
