//! Statements and prepared statements: `?` placeholders, parameter schemas and bound values,
//! and the handles clients hold between calls.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use arrow::array::RecordBatch;
use arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::{ParamValues, ScalarValue};
use datafusion::logical_expr::LogicalPlan;
use datafusion::sql::parser::Statement;
use datafusion::sql::sqlparser::ast::{Expr, Value, visit_expressions_mut};

/// Number `?` placeholders `$1..$n` in the order they appear (DataFusion parses only `$n`).
pub fn number_placeholders(statement: &mut Statement) {
    let mut next = 0;
    let mut rewrite = |expr: &mut Expr| {
        if let Expr::Value(value) = expr
            && let Value::Placeholder(name) = &mut value.value
            && name == "?"
        {
            next += 1;
            *name = format!("${next}");
        }
        ControlFlow::<()>::Continue(())
    };
    match statement {
        Statement::Statement(inner) => {
            let _ = visit_expressions_mut(inner.as_mut(), &mut rewrite);
        }
        Statement::Explain(explain) => number_placeholders(&mut explain.statement),
        _ => {}
    }
}

/// The parameters of a plan as a schema: one field per placeholder, `$1..$n` in order, typed as
/// the planner inferred (Null where it could not).
pub fn parameter_schema(plan: &LogicalPlan) -> datafusion::error::Result<Schema> {
    let mut params: Vec<(String, Option<DataType>)> =
        plan.get_parameter_types()?.into_iter().collect();
    params.sort_by_key(|(name, _)| placeholder_order(name));
    Ok(Schema::new(
        params
            .into_iter()
            .map(|(name, ty)| Field::new(name, ty.unwrap_or(DataType::Null), true))
            .collect::<Vec<_>>(),
    ))
}

/// `$3` sorts as 3; named placeholders after numbered ones, by name.
fn placeholder_order(name: &str) -> (u64, String) {
    match name.trim_start_matches('$').parse::<u64>() {
        Ok(n) => (n, String::new()),
        Err(_) => (u64::MAX, name.to_string()),
    }
}

/// Parameter values from the batch a client bound (one row), cast to the types the plan expects.
pub fn parameter_values(batch: &RecordBatch, expected: &Schema) -> Result<ParamValues, String> {
    if batch.num_rows() != 1 {
        return Err(format!(
            "bind exactly one row of parameters (got {} rows)",
            batch.num_rows()
        ));
    }
    if batch.num_columns() != expected.fields().len() {
        return Err(format!(
            "the statement has {} parameter(s) but {} value(s) were bound",
            expected.fields().len(),
            batch.num_columns()
        ));
    }
    let mut values = Vec::with_capacity(batch.num_columns());
    for (column, field) in batch.columns().iter().zip(expected.fields()) {
        let value = ScalarValue::try_from_array(column, 0).map_err(|e| e.to_string())?;
        let value = match field.data_type() {
            DataType::Null => value,
            ty if ty == &value.data_type() => value,
            ty => value.cast_to(ty).map_err(|e| {
                format!(
                    "parameter {}: cannot use {value} as {ty}: {}",
                    field.name(),
                    e.find_root()
                )
            })?,
        };
        values.push(value.into());
    }
    Ok(ParamValues::List(values))
}

/// A prepared statement: its plan with placeholders and the values bound last.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub plan: LogicalPlan,
    pub parameters: Schema,
    pub bound: Option<ParamValues>,
}

/// Server-side state that clients refer to by opaque handles: prepared statements and planned
/// queries waiting for their DoGet.
#[derive(Debug, Default)]
pub struct Handles {
    prepared: Mutex<HashMap<String, Prepared>>,
    pending: Mutex<HashMap<String, (Instant, LogicalPlan)>>,
}

/// How long a planned query waits for its DoGet before it is forgotten.
const PENDING_TTL: Duration = Duration::from_secs(600);

impl Handles {
    /// Keep a prepared statement; returns its handle.
    pub fn prepare(&self, prepared: Prepared) -> String {
        let handle = new_handle();
        lock(&self.prepared).insert(handle.clone(), prepared);
        handle
    }

    /// A copy of a prepared statement.
    pub fn prepared(&self, handle: &str) -> Option<Prepared> {
        lock(&self.prepared).get(handle).cloned()
    }

    /// Bind values to a prepared statement.
    pub fn bind(&self, handle: &str, values: ParamValues) -> bool {
        match lock(&self.prepared).get_mut(handle) {
            Some(p) => {
                p.bound = Some(values);
                true
            }
            None => false,
        }
    }

    /// Forget a prepared statement.
    pub fn close(&self, handle: &str) -> bool {
        lock(&self.prepared).remove(handle).is_some()
    }

    /// Keep a planned query until its DoGet; returns the ticket's query id.
    pub fn add_pending(&self, plan: LogicalPlan) -> String {
        let id = new_handle();
        let mut pending = lock(&self.pending);
        pending.retain(|_, (at, _)| at.elapsed() < PENDING_TTL);
        pending.insert(id.clone(), (Instant::now(), plan));
        id
    }

    /// Take a planned query for execution (a ticket is good for one DoGet).
    pub fn take_pending(&self, id: &str) -> Option<LogicalPlan> {
        lock(&self.pending).remove(id).map(|(_, plan)| plan)
    }
}

fn new_handle() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Lock a mutex, recovering the data if a holder panicked (the maps stay consistent).
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::sql::parser::DFParser;

    #[test]
    fn question_marks_become_numbered() {
        let mut statements =
            DFParser::parse_sql("SELECT ? + 1 FROM t WHERE a = ? AND b IN (?, $9)").unwrap();
        let mut statement = statements.pop_front().unwrap();
        number_placeholders(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT $1 + 1 FROM t WHERE a = $2 AND b IN ($3, $9)"
        );
    }

    #[test]
    fn bound_values_are_cast_to_the_expected_types() {
        let expected = Schema::new(vec![Field::new("$1", DataType::Int32, true)]);
        let batch = RecordBatch::try_new(
            std::sync::Arc::new(Schema::new(vec![Field::new("0", DataType::Int64, true)])),
            vec![std::sync::Arc::new(arrow::array::Int64Array::from(vec![7]))],
        )
        .unwrap();
        let ParamValues::List(values) = parameter_values(&batch, &expected).unwrap() else {
            panic!("a list of values")
        };
        assert_eq!(values[0].value, ScalarValue::Int32(Some(7)));
        let two = Schema::new(vec![
            Field::new("$1", DataType::Int32, true),
            Field::new("$2", DataType::Int32, true),
        ]);
        assert!(parameter_values(&batch, &two).is_err());
    }
}
