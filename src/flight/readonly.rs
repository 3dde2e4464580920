//! Read-only mode: which statements and plans a Flight SQL client may run.
//!
//! Read-only refuses DDL, DML, COPY, `SET` and friends, and any scan of something that is not
//! a table of the session's catalog (so no statement reads a server path or URL that the
//! configuration did not name). The session has no URL table factory, so `FROM '/etc/passwd'`
//! does not even plan; the scan check below holds even if one were added.

use datafusion::common::TableReference;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::execution::context::SQLOptions;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::Statement;

/// Table functions that compute rows and read no file.
const PURE_TABLE_FUNCTIONS: [&str; 2] = ["generate_series", "range"];

/// Refuse, before planning, the statements that write or name a location.
pub fn check_statement(statement: &Statement) -> Result<(), String> {
    match statement {
        Statement::CopyTo(_) => Err("COPY is not allowed: the server is read-only".into()),
        Statement::CreateExternalTable(_) => {
            Err("CREATE EXTERNAL TABLE is not allowed: the server is read-only".into())
        }
        Statement::Explain(explain) => check_statement(&explain.statement),
        _ => Ok(()),
    }
}

/// Refuse plans that change anything or scan what is not a table of the session.
pub fn check_plan(plan: &LogicalPlan, ctx: &SessionContext) -> Result<(), String> {
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
        .verify_plan(plan)
        .map_err(|e| format!("{} (the server is read-only)", e.find_root()))?;
    let mut refused = None;
    plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node
            && !is_session_table(&scan.table_name, ctx)
        {
            refused = Some(scan.table_name.to_string());
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    })
    .map_err(|e| e.to_string())?;
    match refused {
        Some(name) => Err(format!(
            "reading '{name}' is not allowed: the server is read-only and serves only its configured tables"
        )),
        None => Ok(()),
    }
}

/// A table registered in the session's catalog, or a table function that reads no file.
fn is_session_table(name: &TableReference, ctx: &SessionContext) -> bool {
    if let TableReference::Bare { table } = name {
        let function = table.strip_suffix("()").unwrap_or(table);
        if PURE_TABLE_FUNCTIONS.contains(&function) {
            return true;
        }
    }
    ctx.table_exist(name.clone()).unwrap_or(false)
}
