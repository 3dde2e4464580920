//! Split cost allocation: `allocate(pools, drivers, method [, driver])`, a table function.
//!
//! `pools` and `drivers` are SQL queries (as string literals) run in the calling session:
//!
//! - `pools` returns `pool` (text) and `cost` (a number); rows with the same `pool` are added up
//!   into one shared cost. If it also returns `AllocatedMethodId`, a row where that is set was
//!   already split by the provider and is refused (it would be counted twice with its parent).
//! - `drivers` returns `pool`, `consumer` (text), and optionally `weight` (a number; required for
//!   'proportional' and 'fixed'), `name` and `tags` (the consumer's display name and JSON tags).
//!   Rows with the same `pool` and `consumer` are added up.
//!
//! `method` is `'even'` (every consumer of the pool gets the same share), `'proportional'`
//! (shares proportional to `weight`, e.g. CPU-hours, requests, tokens, GB) or `'fixed'`
//! (`weight` is a percentage of the pool; the rest up to 100 stays unallocated; more than 100 is
//! an error). `driver` names the usage metric in the details (default: the method).
//!
//! One output row per pool and consumer, ordered by pool then consumer: `pool`,
//! `AllocatedCost`, and the FOCUS 1.3+ columns `AllocatedMethodId` (`focusql-<method>`),
//! `AllocatedMethodDetails` (JSON in the FOCUS 1.4 schema: `Elements` with the
//! `AllocatedRatio`, the driver as `UsageUnit` and the weight as `UsageQuantity`; `x_Method`,
//! `x_TotalUsageQuantity`), `AllocatedResourceId`
//! (the consumer), `AllocatedResourceName` and `AllocatedTags`. Costs are split exactly (see
//! [`crate::money`]): the parts of a pool sum to its cost, a consumer with zero weight gets zero,
//! and the result does not depend on the order of input rows. A pool with no consumers (or all
//! weights zero) and the unallocated rest of a fixed split appear as a row with NULL Allocated*
//! columns carrying that cost. Negative pool costs (credits) split the same way; a negative
//! weight is an error.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Decimal128Array, RecordBatch, StringArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Decimal128Type, Field, Schema, SchemaRef};
use async_trait::async_trait;
use datafusion::catalog::{Session, TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::datasource::{MemTable, TableType};
use datafusion::execution::SessionState;
use datafusion::execution::context::SQLOptions;
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::{ExecutionPlan, collect};

use crate::money::{
    MONEY_SCALE, MONEY_TYPE, format_money, mul_div_trunc, split_by_weights, to_money,
};

/// How a pool is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Even,
    Proportional,
    Fixed,
}

impl Method {
    fn parse(text: &str) -> Option<Method> {
        match text.trim().to_ascii_lowercase().as_str() {
            "even" => Some(Method::Even),
            "proportional" => Some(Method::Proportional),
            "fixed" => Some(Method::Fixed),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Method::Even => "even",
            Method::Proportional => "proportional",
            Method::Fixed => "fixed",
        }
    }
}

/// One consumer of a pool: its summed weight (money scale), name and tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consumer {
    pub weight: i128,
    pub name: Option<String>,
    pub tags: Option<String>,
}

/// One output row of a split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub pool: String,
    pub amount: i128,
    /// The consumer, or `None` for the unallocated part.
    pub consumer: Option<String>,
    pub weight: i128,
    pub total_weight: i128,
}

/// Split each pool's cost across its consumers. `pools`: pool → cost; `drivers`: pool →
/// consumer → driver. Pools and consumers are visited in sorted order, so the result does not
/// depend on input order.
pub fn split(
    pools: &BTreeMap<String, i128>,
    drivers: &BTreeMap<String, BTreeMap<String, Consumer>>,
    method: Method,
) -> Result<Vec<Part>> {
    let hundred = 100 * 10i128.pow(MONEY_SCALE as u32);
    let mut parts = Vec::new();
    for (pool, cost) in pools {
        let consumers = drivers.get(pool);
        let mut names: Vec<&String> = Vec::new();
        let mut weights: Vec<i128> = Vec::new();
        for (id, c) in consumers.into_iter().flatten() {
            if c.weight < 0 && method != Method::Even {
                return exec_err!(
                    "allocate: pool '{pool}', consumer '{id}': negative weight {}",
                    format_money(c.weight)
                );
            }
            names.push(id);
            weights.push(match method {
                Method::Even => 1,
                _ => c.weight,
            });
        }
        let total: i128 = weights.iter().sum();
        let unallocated_weight = match method {
            Method::Fixed if total > hundred => {
                return exec_err!(
                    "allocate: pool '{pool}': fixed percentages add up to {}, more than 100",
                    format_money(total)
                );
            }
            Method::Fixed => hundred - total,
            _ if total == 0 => 1,
            _ => 0,
        };
        let denominator = if method == Method::Fixed {
            hundred
        } else {
            total
        };
        let mut all = weights.clone();
        all.push(unallocated_weight);
        let amounts = split_by_weights(*cost, &all, "allocate")?;
        for (i, id) in names.iter().enumerate() {
            parts.push(Part {
                pool: pool.clone(),
                amount: amounts[i],
                consumer: Some((*id).clone()),
                weight: weights[i],
                total_weight: denominator,
            });
        }
        if unallocated_weight > 0 {
            parts.push(Part {
                pool: pool.clone(),
                amount: amounts[names.len()],
                consumer: None,
                weight: unallocated_weight,
                total_weight: denominator,
            });
        }
    }
    Ok(parts)
}

/// The output schema of `allocate`.
pub fn output_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("pool", DataType::Utf8, false),
        Field::new("AllocatedCost", MONEY_TYPE, false),
        Field::new("AllocatedMethodId", DataType::Utf8, true),
        Field::new("AllocatedMethodDetails", DataType::Utf8, true),
        Field::new("AllocatedResourceId", DataType::Utf8, true),
        Field::new("AllocatedResourceName", DataType::Utf8, true),
        Field::new("AllocatedTags", DataType::Utf8, true),
    ]))
}

/// The parts as a batch of [`output_schema`].
pub fn parts_batch(
    parts: &[Part],
    drivers: &BTreeMap<String, BTreeMap<String, Consumer>>,
    method: Method,
    driver: &str,
) -> Result<RecordBatch> {
    let consumer = |p: &Part| {
        p.consumer
            .as_ref()
            .and_then(|c| drivers.get(&p.pool).and_then(|d| d.get(c)))
    };
    let method_id = format!("focusql-{}", method.name());
    let unit = serde_json::Value::String(driver.to_string()).to_string();
    let details = |p: &Part| {
        p.consumer
            .as_ref()
            .map(|_| method_details(method, &unit, p.weight, p.total_weight))
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(parts.iter().map(|p| &p.pool))),
        Arc::new(
            Decimal128Array::from_iter_values(parts.iter().map(|p| p.amount))
                .with_data_type(MONEY_TYPE),
        ),
        Arc::new(StringArray::from_iter(
            parts
                .iter()
                .map(|p| p.consumer.as_ref().map(|_| &method_id)),
        )),
        Arc::new(StringArray::from_iter(parts.iter().map(details))),
        Arc::new(StringArray::from_iter(
            parts.iter().map(|p| p.consumer.as_ref()),
        )),
        Arc::new(StringArray::from_iter(
            parts
                .iter()
                .map(|p| consumer(p).and_then(|c| c.name.as_ref())),
        )),
        Arc::new(StringArray::from_iter(
            parts
                .iter()
                .map(|p| consumer(p).and_then(|c| c.tags.as_ref())),
        )),
    ];
    Ok(RecordBatch::try_new(output_schema(), columns)?)
}

/// AllocatedMethodDetails as the FOCUS 1.4 schema (allocatedmethoddetailsobjectschema.json)
/// has it: one element with the AllocatedRatio (0 to 1, truncated to 10 decimals) and, for a
/// proportional split, the driver as UsageUnit and the consumer's UsageQuantity; the method and
/// the pool's total quantity as `x_` properties. `unit` is the driver name as a JSON string.
fn method_details(method: Method, unit: &str, weight: i128, total: i128) -> String {
    let one = 10i128.pow(MONEY_SCALE as u32);
    let ratio = json_number(mul_div_trunc(one, weight, total).unwrap_or(0));
    match method {
        Method::Proportional => format!(
            r#"{{"Elements":[{{"AllocatedRatio":{ratio},"UsageUnit":{unit},"UsageQuantity":{}}}],"x_Method":"proportional","x_TotalUsageQuantity":{}}}"#,
            json_number(weight),
            json_number(total)
        ),
        Method::Even | Method::Fixed => format!(
            r#"{{"Elements":[{{"AllocatedRatio":{ratio}}}],"x_Method":"{}"}}"#,
            method.name()
        ),
    }
}

/// A weight as a JSON number: the decimal without trailing zeros.
fn json_number(value: i128) -> String {
    let text = format_money(value);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// The `allocate` table function.
#[derive(Debug, Default)]
pub struct AllocateFunction;

impl TableFunctionImpl for AllocateFunction {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let texts = args
            .exprs()
            .iter()
            .map(|e| match e {
                Expr::Literal(ScalarValue::Utf8(Some(s)), _)
                | Expr::Literal(ScalarValue::Utf8View(Some(s)), _)
                | Expr::Literal(ScalarValue::LargeUtf8(Some(s)), _) => Ok(s.clone()),
                _ => plan_err!(
                    "allocate takes string literals: allocate('pools query', 'drivers query', 'even'|'proportional'|'fixed' [, 'driver name'])"
                ),
            })
            .collect::<Result<Vec<_>>>()?;
        let [pools, drivers, method, rest @ ..] = texts.as_slice() else {
            return plan_err!(
                "allocate takes (pools query, drivers query, method [, driver name])"
            );
        };
        if rest.len() > 1 {
            return plan_err!("allocate takes at most 4 arguments");
        }
        let Some(m) = Method::parse(method) else {
            return plan_err!(
                "allocate: method '{method}' is not 'even', 'proportional' or 'fixed'"
            );
        };
        Ok(Arc::new(Allocation {
            pools: pools.clone(),
            drivers: drivers.clone(),
            method: m,
            driver: rest
                .first()
                .cloned()
                .unwrap_or_else(|| m.name().to_string()),
        }))
    }
}

/// A split to compute when scanned.
#[derive(Debug)]
struct Allocation {
    pools: String,
    drivers: String,
    method: Method,
    driver: String,
}

#[async_trait]
impl TableProvider for Allocation {
    fn schema(&self) -> SchemaRef {
        output_schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Temporary
    }

    async fn scan(
        &self,
        session: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let Some(state) = session.as_any().downcast_ref::<SessionState>() else {
            return exec_err!("allocate needs a DataFusion session");
        };
        let pool_batches = run(state, &self.pools).await?;
        let driver_batches = run(state, &self.drivers).await?;
        let pools = read_pools(&pool_batches)?;
        let drivers = read_drivers(&driver_batches, self.method)?;
        let parts = split(&pools, &drivers, self.method)?;
        let batch = parts_batch(&parts, &drivers, self.method, &self.driver)?;
        let table = MemTable::try_new(output_schema(), vec![vec![batch]])?;
        table.scan(session, projection, filters, limit).await
    }
}

/// Run one query of the call in the session.
/// Only queries: no DDL, DML, COPY or SET, so `allocate` cannot be used to get around a
/// read-only interface (the Flight SQL endpoint).
async fn run(state: &SessionState, sql: &str) -> Result<Vec<RecordBatch>> {
    let plan = state.create_logical_plan(sql).await?;
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
        .verify_plan(&plan)?;
    let physical = state.create_physical_plan(&plan).await?;
    collect(physical, state.task_ctx()).await
}

/// A column of a query's result by name (any case), if present.
fn column<'a>(batch: &'a RecordBatch, name: &str) -> Option<&'a ArrayRef> {
    let schema = batch.schema();
    let index = schema
        .fields()
        .iter()
        .position(|f| f.name().eq_ignore_ascii_case(name))?;
    Some(batch.column(index))
}

fn required<'a>(batch: &'a RecordBatch, name: &str, query: &str) -> Result<&'a ArrayRef> {
    match column(batch, name) {
        Some(c) => Ok(c),
        None => exec_err!("allocate: the {query} query has no column '{name}'"),
    }
}

/// A column as text, or as money.
fn text(array: &ArrayRef) -> Result<ArrayRef> {
    Ok(cast(array, &DataType::Utf8)?)
}

fn money(array: &ArrayRef, query: &str, name: &str) -> Result<ArrayRef> {
    if !array.data_type().is_numeric() {
        return exec_err!(
            "allocate: the {query} query's column '{name}' is {}, not a number",
            array.data_type()
        );
    }
    to_money(array, "allocate")
}

/// Pool costs by pool, summed.
fn read_pools(batches: &[RecordBatch]) -> Result<BTreeMap<String, i128>> {
    let mut pools = BTreeMap::new();
    for batch in batches {
        let ids = text(required(batch, "pool", "pools")?)?;
        let ids = ids.as_string::<i32>();
        let costs = money(required(batch, "cost", "pools")?, "pools", "cost")?;
        let costs = costs.as_primitive::<Decimal128Type>();
        let split = column(batch, "AllocatedMethodId").map(text).transpose()?;
        for row in 0..batch.num_rows() {
            if ids.is_null(row) {
                return exec_err!("allocate: pools query row {} has a NULL pool", row + 1);
            }
            if let Some(method) = split.as_ref().map(|a| a.as_string::<i32>())
                && method.is_valid(row)
            {
                return exec_err!(
                    "allocate: pool '{}' includes a row the provider already split (AllocatedMethodId '{}'); add WHERE AllocatedMethodId IS NULL so it is not counted twice",
                    ids.value(row),
                    method.value(row)
                );
            }
            let cost = if costs.is_valid(row) {
                costs.value(row)
            } else {
                0
            };
            let entry = pools.entry(ids.value(row).to_string()).or_insert(0i128);
            *entry = match entry.checked_add(cost) {
                Some(v) => v,
                None => return exec_err!("allocate: pool '{}' overflows", ids.value(row)),
            };
        }
    }
    Ok(pools)
}

/// Consumers by pool and consumer id, weights summed.
fn read_drivers(
    batches: &[RecordBatch],
    method: Method,
) -> Result<BTreeMap<String, BTreeMap<String, Consumer>>> {
    let mut drivers: BTreeMap<String, BTreeMap<String, Consumer>> = BTreeMap::new();
    for batch in batches {
        let pools = text(required(batch, "pool", "drivers")?)?;
        let pools = pools.as_string::<i32>();
        let ids = text(required(batch, "consumer", "drivers")?)?;
        let ids = ids.as_string::<i32>();
        let weights = match (column(batch, "weight"), method) {
            (Some(w), _) => Some(money(w, "drivers", "weight")?),
            (None, Method::Even) => None,
            (None, _) => return exec_err!("allocate: the drivers query has no column 'weight'"),
        };
        let weights = weights.as_ref().map(|w| w.as_primitive::<Decimal128Type>());
        let names = column(batch, "name").map(text).transpose()?;
        let tags = column(batch, "tags").map(text).transpose()?;
        for row in 0..batch.num_rows() {
            if pools.is_null(row) || ids.is_null(row) {
                return exec_err!(
                    "allocate: drivers query row {} has a NULL pool or consumer",
                    row + 1
                );
            }
            let consumer = drivers
                .entry(pools.value(row).to_string())
                .or_default()
                .entry(ids.value(row).to_string())
                .or_default();
            if let Some(w) = weights.filter(|w| w.is_valid(row)) {
                consumer.weight = match consumer.weight.checked_add(w.value(row)) {
                    Some(v) => v,
                    None => return exec_err!("allocate: weights of '{}' overflow", ids.value(row)),
                };
            }
            let value = |a: &Option<ArrayRef>| {
                a.as_ref()
                    .map(|a| a.as_string::<i32>())
                    .filter(|a| a.is_valid(row))
                    .map(|a| a.value(row).to_string())
            };
            consumer.name = consumer.name.take().or_else(|| value(&names));
            consumer.tags = consumer.tags.take().or_else(|| value(&tags));
        }
    }
    Ok(drivers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const UNIT: i128 = 10_000_000_000;

    fn drivers(weights: &[(&str, i128)]) -> BTreeMap<String, BTreeMap<String, Consumer>> {
        let consumers = weights
            .iter()
            .map(|(id, w)| {
                (
                    id.to_string(),
                    Consumer {
                        weight: *w * UNIT,
                        ..Default::default()
                    },
                )
            })
            .collect();
        BTreeMap::from([("k8s".to_string(), consumers)])
    }

    fn pools(cost: i128) -> BTreeMap<String, i128> {
        BTreeMap::from([("k8s".to_string(), cost)])
    }

    #[test]
    fn details_follow_the_focus_schema() {
        let d = method_details(Method::Proportional, "\"cpu\"", 3 * UNIT, 4 * UNIT);
        assert_eq!(
            d,
            r#"{"Elements":[{"AllocatedRatio":0.75,"UsageUnit":"cpu","UsageQuantity":3}],"x_Method":"proportional","x_TotalUsageQuantity":4}"#
        );
        let d = method_details(Method::Even, "\"even\"", 1, 3);
        assert_eq!(
            d,
            r#"{"Elements":[{"AllocatedRatio":0.3333333333}],"x_Method":"even"}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&d).is_ok());
    }

    #[test]
    fn methods() {
        let d = drivers(&[("a", 1), ("b", 3), ("c", 0)]);
        let p = split(&pools(100 * UNIT), &d, Method::Proportional).unwrap();
        let amounts: Vec<i128> = p.iter().map(|p| p.amount / UNIT).collect();
        assert_eq!(amounts, vec![25, 75, 0]);
        let p = split(&pools(100 * UNIT), &d, Method::Even).unwrap();
        assert_eq!(p.iter().map(|p| p.amount).sum::<i128>(), 100 * UNIT);
        assert_eq!(p[2].amount, 33_3333333334);
        let d = drivers(&[("a", 30), ("b", 50)]);
        let p = split(&pools(-10 * UNIT), &d, Method::Fixed).unwrap();
        assert_eq!(
            p.iter().map(|p| p.amount / UNIT).collect::<Vec<_>>(),
            vec![-3, -5, -2]
        );
        assert_eq!(p[2].consumer, None);
        assert!(split(&pools(UNIT), &drivers(&[("a", 101)]), Method::Fixed).is_err());
        assert!(split(&pools(UNIT), &drivers(&[("a", -1)]), Method::Proportional).is_err());
        let none = split(&pools(7), &BTreeMap::new(), Method::Proportional).unwrap();
        assert_eq!((none[0].amount, none[0].consumer.clone()), (7, None));
    }

    proptest! {
        /// Parts sum to the pool exactly, zero weight gets zero, and shuffled input gives the
        /// same output (the maps are ordered, so running it twice is the same answer).
        #[test]
        fn parts_sum_to_pool(
            cost in -(10i128.pow(22))..10i128.pow(22),
            weights in prop::collection::vec(0i128..1_000_000, 0..30),
            method in prop_oneof![Just(Method::Even), Just(Method::Proportional)],
        ) {
            let named: Vec<(String, i128)> = weights.iter().enumerate().map(|(i, w)| (format!("c{i:02}"), *w)).collect();
            let refs: Vec<(&str, i128)> = named.iter().map(|(n, w)| (n.as_str(), *w)).collect();
            let d = drivers(&refs);
            let parts = split(&pools(cost), &d, method).unwrap();
            prop_assert_eq!(parts.iter().map(|p| p.amount).sum::<i128>(), cost);
            if method == Method::Proportional {
                for p in &parts {
                    if p.consumer.is_some() && p.weight == 0 {
                        prop_assert_eq!(p.amount, 0);
                    }
                }
            }
            let mut reversed = refs.clone();
            reversed.reverse();
            prop_assert_eq!(split(&pools(cost), &drivers(&reversed), method).unwrap(), parts);
        }

        /// Fixed percentages: the parts and the unallocated rest sum to the pool exactly, and
        /// the rest is there exactly when the percentages leave some.
        #[test]
        fn fixed_parts_and_rest_sum_to_pool(
            cost in -(10i128.pow(22))..10i128.pow(22),
            percents in prop::collection::vec(0i128..=20, 1..6),
        ) {
            let named: Vec<(String, i128)> = percents.iter().enumerate().map(|(i, w)| (format!("c{i}"), *w)).collect();
            let refs: Vec<(&str, i128)> = named.iter().map(|(n, w)| (n.as_str(), *w)).collect();
            let parts = split(&pools(cost), &drivers(&refs), Method::Fixed).unwrap();
            prop_assert_eq!(parts.iter().map(|p| p.amount).sum::<i128>(), cost);
            let rest = parts.iter().any(|p| p.consumer.is_none());
            prop_assert_eq!(rest, percents.iter().sum::<i128>() < 100);
        }
    }
}
