//! Quantities for the cost lines of API cost pages (OpenAI Costs API, Anthropic cost report),
//! taken from the usage pages of the same source.
//!
//! Cost pages give amounts, not counts. When a source also holds usage pages, a cost line
//! bills the usage rows of the same provider, unit and token type in the usage buckets inside
//! the line's bucket (the same day, or its 24 hours when usage was saved hourly; every usage
//! endpoint must cover the whole day or none of it) whose grouping dimensions agree with the
//! line's: for each of `billing_account_id`,
//! `sub_account_id` (project / workspace), `api_key_id`, `user_id`, `model_id`,
//! `service_tier`, `context_band` and `region_scope` the line names, a usage row must name the
//! same value; a dimension the line leaves NULL is summed over. A usage row that leaves NULL a
//! dimension the line names (usage not grouped that finely: a usage row without a project
//! cannot be split across projects) makes the line unmatched, as does finding no usage row.
//! The sum goes to the line's `billed_quantity`; an unmatched line keeps it NULL. Nothing is
//! ever derived from prices. `quantity` stays NULL on cost lines, so summing `quantity` over
//! `token_usage` still counts each token once.
//!
//! The pages of a source are small and already in memory at load, so this is one pass over
//! their batches.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Decimal128Array, RecordBatch, StringArray};
use arrow::compute::concat_batches;
use arrow::datatypes::{Decimal128Type, TimestampMicrosecondType};

use datafusion::error::DataFusionError;

use crate::error::Result;
use crate::registry::QUANTITY_TYPE;
use crate::tokens::token_usage_schema;

/// The grouping dimensions a cost line and its usage rows must agree on.
const DIMENSIONS: [&str; 8] = [
    "billing_account_id",
    "sub_account_id",
    "api_key_id",
    "user_id",
    "model_id",
    "service_tier",
    "context_band",
    "region_scope",
];

/// Provider, bucket start and end, unit, token type.
type Key<'a> = (&'a str, i64, i64, &'a str, Option<&'a str>);

/// The value of a text column at row `i`, None when null.
fn opt(a: &StringArray, i: usize) -> Option<&str> {
    a.is_valid(i).then(|| a.value(i))
}

/// A column of a `token_usage` batch.
fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef> {
    batch.column_by_name(name).ok_or_else(|| {
        DataFusionError::Internal(format!("token_usage has no column {name}")).into()
    })
}

/// The `token_usage` batches of one source with `billed_quantity` filled on the cost lines
/// their usage rows bill (one batch; unchanged when there is no cost line). `usage_buckets`
/// gives the usage bucket bounds inside a line's bucket `(start, end)` when they cover it (see
/// [`super::api_pages::SeenBuckets::usage_buckets_within`]), None when the usage covers only
/// part of it.
pub fn fill(
    batches: &[RecordBatch],
    usage_buckets: impl Fn(i64, i64) -> Option<Vec<(i64, i64)>>,
) -> Result<Vec<RecordBatch>> {
    let schema = token_usage_schema();
    let batch = concat_batches(&schema, batches).map_err(DataFusionError::from)?;
    let text = |name: &str| column(&batch, name).map(|c| c.as_string::<i32>());
    let decimal = |name: &str| column(&batch, name).map(|c| c.as_primitive::<Decimal128Type>());
    let time =
        |name: &str| column(&batch, name).map(|c| c.as_primitive::<TimestampMicrosecondType>());
    let (quantity, cost) = (decimal("quantity")?, decimal("billed_cost")?);
    if cost.null_count() == cost.len() {
        return Ok(vec![batch]);
    }
    let (provider, unit, token_type) =
        (text("provider")?, text("usage_unit")?, text("token_type")?);
    let (start, end) = (time("period_start")?, time("period_end")?);
    let dims = DIMENSIONS
        .iter()
        .map(|d| text(d))
        .collect::<Result<Vec<&StringArray>>>()?;
    let key = |i: usize, (s, e): (i64, i64)| -> Option<Key> {
        Some((provider.value(i), s, e, opt(unit, i)?, opt(token_type, i)))
    };
    let bounds = |i: usize| (start.value(i), end.value(i));

    let mut usage: HashMap<Key, Vec<usize>> = HashMap::new();
    for i in 0..batch.num_rows() {
        if cost.is_null(i)
            && quantity.is_valid(i)
            && let Some(k) = key(i, bounds(i))
        {
            usage.entry(k).or_default().push(i);
        }
    }
    let billed_quantity = |line: usize| -> Option<i128> {
        let (s, e) = bounds(line);
        let buckets = usage_buckets(s, e)?;
        let candidates = buckets
            .into_iter()
            .filter_map(|b| Some(usage.get(&key(line, b)?)?.iter()))
            .flatten();
        let mut sum: Option<i128> = None;
        for &u in candidates {
            let pairs = || dims.iter().map(|d| (opt(d, line), opt(d, u)));
            if pairs().any(|p| matches!(p, (Some(a), Some(b)) if a != b)) {
                continue;
            }
            // The usage is coarser than the line: it cannot be split.
            if pairs().any(|p| matches!(p, (Some(_), None))) {
                return None;
            }
            sum = Some(sum.unwrap_or(0).checked_add(quantity.value(u))?);
        }
        sum
    };
    let billed: ArrayRef = Arc::new(
        (0..batch.num_rows())
            .map(|i| cost.is_valid(i).then(|| billed_quantity(i)).flatten())
            .collect::<Decimal128Array>()
            .with_data_type(QUANTITY_TYPE),
    );
    let columns: Vec<ArrayRef> = schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, c)| {
            if f.name() == "billed_quantity" {
                Arc::clone(&billed)
            } else {
                Arc::clone(c)
            }
        })
        .collect();
    Ok(vec![
        RecordBatch::try_new(schema, columns).map_err(DataFusionError::from)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::{TokenRow, TokenRowsBuilder, TokenType};

    fn usage(project: Option<&str>, user: &str, model: &str, tokens: i128) -> TokenRow {
        TokenRow {
            provider: "OpenAI",
            sub_account_id: project.map(str::to_string),
            user_id: Some(user.to_string()),
            model_id: Some(model.to_string()),
            token_type: Some(TokenType::Input),
            service_tier: Some("standard".to_string()),
            quantity: Some(tokens),
            ..Default::default()
        }
    }

    fn line(project: Option<&str>, model: &str) -> TokenRow {
        TokenRow {
            provider: "OpenAI",
            sub_account_id: project.map(str::to_string),
            model_id: Some(model.to_string()),
            token_type: Some(TokenType::Input),
            service_tier: Some("standard".to_string()),
            billed_cost: Some(1),
            ..Default::default()
        }
    }

    const HOUR: i64 = 3_600_000_000;
    const DAY: i64 = 24 * HOUR;

    /// Usage saved in hourly buckets for the first day, in daily buckets after it.
    fn hourly_day(start: i64, end: i64) -> Option<Vec<(i64, i64)>> {
        if start == 0 && end == DAY {
            Some((0..24).map(|h| (h * HOUR, (h + 1) * HOUR)).collect())
        } else {
            Some(vec![(start, end)])
        }
    }

    /// `billed_quantity` (whole tokens) of every row after the pass.
    fn billed(rows: &[TokenRow]) -> Vec<Option<i128>> {
        let mut b = TokenRowsBuilder::new();
        rows.iter().for_each(|r| b.push(r));
        let out = fill(&[b.finish()], hourly_day).unwrap();
        let q = out[0]
            .column_by_name("billed_quantity")
            .unwrap()
            .as_primitive::<Decimal128Type>();
        (0..q.len())
            .map(|i| q.is_valid(i).then(|| q.value(i) / 10_i128.pow(10)))
            .collect()
    }

    #[test]
    fn a_line_sums_the_finer_usage_of_its_project_and_model() {
        let rows = [
            usage(Some("p1"), "alice", "gpt-4o", 100),
            usage(Some("p1"), "bob", "gpt-4o", 20),
            usage(Some("p2"), "alice", "gpt-4o", 7),
            // Another endpoint's page grouped more coarsely, for another model: no bearing.
            usage(None, "alice", "text-embedding-3-small", 5),
            line(Some("p1"), "gpt-4o"),
            line(Some("p2"), "gpt-4o"),
            line(None, "gpt-4o"),
        ];
        let got = billed(&rows);
        assert_eq!(&got[..4], [None, None, None, None], "usage rows get none");
        assert_eq!(&got[4..], [Some(120), Some(7), Some(127)]);
    }

    #[test]
    fn a_daily_line_sums_the_hourly_usage_of_its_day() {
        let hour = |h: i64, tokens: i128| TokenRow {
            period_start: h * HOUR,
            period_end: (h + 1) * HOUR,
            ..usage(Some("p1"), "alice", "gpt-4o", tokens)
        };
        let daily_line = TokenRow {
            period_end: DAY,
            ..line(Some("p1"), "gpt-4o")
        };
        let rows = [hour(0, 5), hour(13, 6), hour(23, 7), daily_line.clone()];
        assert_eq!(billed(&rows), [None, None, None, Some(18)]);
        // When the usage covers only part of the day, the line is not matched.
        let mut b = TokenRowsBuilder::new();
        rows.iter().for_each(|r| b.push(r));
        let out = fill(&[b.finish()], |_, _| None).unwrap();
        let q = out[0].column_by_name("billed_quantity").unwrap();
        assert_eq!(q.null_count(), 4);
    }

    #[test]
    fn usage_coarser_than_the_line_is_not_split() {
        let rows = [
            usage(None, "alice", "gpt-4o", 100),
            line(Some("p1"), "gpt-4o"),
        ];
        assert_eq!(billed(&rows), [None, None]);
    }

    #[test]
    fn other_buckets_tiers_and_token_types_do_not_match() {
        let other_day = TokenRow {
            period_start: 86_400_000_000,
            ..usage(Some("p1"), "alice", "gpt-4o", 1)
        };
        let batch = TokenRow {
            service_tier: Some("batch".to_string()),
            ..usage(Some("p1"), "alice", "gpt-4o", 2)
        };
        let output = TokenRow {
            token_type: Some(TokenType::Output),
            ..usage(Some("p1"), "alice", "gpt-4o", 4)
        };
        let rows = [other_day, batch, output, line(Some("p1"), "gpt-4o")];
        assert_eq!(billed(&rows), [None, None, None, None]);
    }

    #[test]
    fn a_line_without_a_unit_is_never_matched() {
        let searches = TokenRow {
            provider: "OpenAI",
            quantity: Some(3),
            usage_unit: Some(crate::tokens::UsageUnit::Requests),
            ..Default::default()
        };
        let web_search = TokenRow {
            provider: "OpenAI",
            billed_cost: Some(1),
            ..Default::default()
        };
        assert_eq!(billed(&[searches, web_search]), [None, None]);
    }
}
