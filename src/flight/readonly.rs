//! Read-only mode: which statements and plans a Flight SQL client may run.
//!
//! Read-only refuses DDL, DML, COPY, `SET` and friends, and any file scan of a location that no
//! configured table reads (so no statement reads a server path or URL the configuration did not
//! name, whether through a URL table, a table function or anything added later). The session
//! has no URL table factory, so `FROM '/etc/passwd'` does not even plan.

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::catalog::TableProvider;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::listing::ListingTable;
use datafusion::datasource::source_as_provider;
use datafusion::execution::context::SQLOptions;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::Statement;

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

/// The file locations the configured tables read: every ListingTable reachable from a table
/// of the catalog (through views too). Built once the session and report views are registered.
#[derive(Debug, Default)]
pub struct AllowedScans {
    locations: HashSet<String>,
}

impl AllowedScans {
    /// Collect the locations of every table the session has.
    pub async fn of(ctx: &SessionContext) -> datafusion::error::Result<Self> {
        let mut allowed = AllowedScans::default();
        for catalog in ctx.catalog_names() {
            let Some(catalog) = ctx.catalog(&catalog) else {
                continue;
            };
            for schema in catalog.schema_names() {
                let Some(schema) = catalog.schema(&schema) else {
                    continue;
                };
                for table in schema.table_names() {
                    if let Some(provider) = schema.table(&table).await? {
                        allowed.add(&provider)?;
                    }
                }
            }
        }
        Ok(allowed)
    }

    fn add(&mut self, provider: &Arc<dyn TableProvider>) -> datafusion::error::Result<()> {
        if let Some(listing) = provider.downcast_ref::<ListingTable>() {
            self.locations
                .extend(listing.table_paths().iter().map(|u| u.to_string()));
        }
        if let Some(plan) = provider.get_logical_plan() {
            let mut inner = Vec::new();
            plan.apply_with_subqueries(|node| {
                if let LogicalPlan::TableScan(scan) = node
                    && let Ok(p) = source_as_provider(&scan.source)
                {
                    inner.push(p);
                }
                Ok(TreeNodeRecursion::Continue)
            })?;
            for p in &inner {
                self.add(p)?;
            }
        }
        Ok(())
    }

    /// The first location `provider` reads that no configured table reads.
    fn unnamed_location(&self, provider: &Arc<dyn TableProvider>) -> Option<String> {
        let listing = provider.downcast_ref::<ListingTable>()?;
        listing
            .table_paths()
            .iter()
            .map(|u| u.to_string())
            .find(|u| !self.locations.contains(u))
    }
}

/// Refuse plans that change anything or read a location no configured table reads.
pub fn check_plan(plan: &LogicalPlan, allowed: &AllowedScans) -> Result<(), String> {
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
        .verify_plan(plan)
        .map_err(|e| format!("{} (the server is read-only)", e.find_root()))?;
    let mut refused = None;
    plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node {
            let location = match source_as_provider(&scan.source) {
                Ok(provider) => allowed.unnamed_location(&provider),
                Err(_) => Some(scan.table_name.to_string()),
            };
            if location.is_some() {
                refused = location;
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    })
    .map_err(|e| e.to_string())?;
    match refused {
        Some(location) => Err(format!(
            "reading '{location}' is not allowed: the server is read-only and serves only its configured tables"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::CsvReadOptions;

    fn data(path: &str) -> String {
        format!("{}/tests/data/focus/{path}", env!("CARGO_MANIFEST_DIR"))
    }

    /// Even in a session with URL tables, only the configured locations may be scanned.
    #[tokio::test]
    async fn only_configured_locations_are_scanned() {
        let ctx = SessionContext::new().enable_url_table();
        let configured = data("focus-1.2/focus_1_2_cost_and_usage_aws.csv");
        ctx.register_csv("aws", &configured, CsvReadOptions::new())
            .await
            .unwrap();
        ctx.sql("CREATE VIEW v AS SELECT * FROM aws").await.unwrap();
        let allowed = AllowedScans::of(&ctx).await.unwrap();
        let plan = |sql: String| {
            let ctx = ctx.clone();
            async move { ctx.state().create_logical_plan(&sql).await.unwrap() }
        };
        for sql in ["SELECT count(*) FROM aws", "SELECT count(*) FROM v"] {
            assert_eq!(check_plan(&plan(sql.into()).await, &allowed), Ok(()));
        }
        let other = data("focus-1.0/focus-1.0-sample-multiprovider.csv");
        let refused = check_plan(&plan(format!("SELECT * FROM '{other}'")).await, &allowed);
        assert!(refused.unwrap_err().contains("is not allowed"));
        let refused = check_plan(&plan("CREATE VIEW w AS SELECT 1".into()).await, &allowed);
        assert!(refused.unwrap_err().contains("read-only"));
    }
}
