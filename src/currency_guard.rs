//! Saved reports never add two currencies. In a report's plan, every `SUM` of a FOCUS cost
//! column whose rows carry `BillingCurrency` and whose groups are not split by currency becomes
//! `sum_money(cost, BillingCurrency)`: the same total when a group has one currency, an error
//! naming both currencies when it has two ("convert them first with convert_currency").
//! Ad-hoc queries are left as written.

use std::sync::Arc;

use datafusion::common::tree_node::Transformed;
use datafusion::common::{Column, DFSchema};
use datafusion::logical_expr::expr::AggregateFunction;
use datafusion::logical_expr::{Aggregate, Expr, LogicalPlan};
use focusql_udfs::currency::sum_money_udaf;

use crate::error::Result;

/// The FOCUS columns in the billing currency.
const BILLING_CURRENCY_COSTS: [&str; 4] =
    ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost"];
const CURRENCY: &str = "BillingCurrency";

/// Guard every aggregation of a report's plan (subqueries included).
pub fn guard(plan: LogicalPlan) -> Result<LogicalPlan> {
    let guarded = plan.transform_up_with_subqueries(|node| match node {
        LogicalPlan::Aggregate(aggregate) => guard_aggregate(aggregate),
        other => Ok(Transformed::no(other)),
    })?;
    Ok(guarded.data)
}

fn guard_aggregate(aggregate: Aggregate) -> datafusion::error::Result<Transformed<LogicalPlan>> {
    let input_schema = aggregate.input.schema();
    let Some(currency) = column_named(input_schema, CURRENCY) else {
        return Ok(Transformed::no(LogicalPlan::Aggregate(aggregate)));
    };
    let split_by_currency = aggregate
        .group_expr
        .iter()
        .any(|e| matches!(e, Expr::Column(c) if c.name == CURRENCY));
    if split_by_currency {
        return Ok(Transformed::no(LogicalPlan::Aggregate(aggregate)));
    }
    let mut changed = false;
    let aggr_expr = aggregate
        .aggr_expr
        .iter()
        .map(|expr| match checked_sum(expr, &currency) {
            Some(checked) => {
                changed = true;
                checked
            }
            None => expr.clone(),
        })
        .collect();
    if !changed {
        return Ok(Transformed::no(LogicalPlan::Aggregate(aggregate)));
    }
    let rebuilt = Aggregate::try_new(aggregate.input, aggregate.group_expr, aggr_expr)?;
    Ok(Transformed::yes(LogicalPlan::Aggregate(rebuilt)))
}

/// `sum(cost)` as `sum_money(cost, BillingCurrency)` under the same output name.
fn checked_sum(expr: &Expr, currency: &Column) -> Option<Expr> {
    let (inner, name) = match expr {
        Expr::Alias(alias) => (alias.expr.as_ref(), alias.name.clone()),
        other => (other, other.schema_name().to_string()),
    };
    let Expr::AggregateFunction(function) = inner else {
        return None;
    };
    let params = &function.params;
    let is_cost = matches!(params.args.as_slice(),
        [Expr::Column(c)] if BILLING_CURRENCY_COSTS.contains(&c.name.as_str()));
    if function.func.name() != "sum" || params.distinct || !is_cost {
        return None;
    }
    let checked = AggregateFunction::new_udf(
        Arc::new(sum_money_udaf()),
        vec![params.args[0].clone(), Expr::Column(currency.clone())],
        false,
        params.filter.clone(),
        params.order_by.clone(),
        params.null_treatment,
    );
    Some(Expr::AggregateFunction(checked).alias(name))
}

fn column_named(schema: &DFSchema, name: &str) -> Option<Column> {
    schema
        .iter()
        .find(|(_, field)| field.name() == name)
        .map(|(qualifier, field)| Column::new(qualifier.cloned(), field.name()))
}
