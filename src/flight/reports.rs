//! Saved reports as views: every `*.sql` report of a folder becomes a view in the `reports`
//! schema, its parameters at their defaults, so BI tools can browse and query them.

use std::path::Path;
use std::sync::Arc;

use datafusion::catalog::{MemorySchemaProvider, SchemaProvider};
use datafusion::datasource::ViewTable;

use crate::error::{Error, Result};
use crate::report::Report;
use crate::session::{CATALOG, FocusSession, bind_parameters};

/// The schema the report views live in.
pub const REPORTS_SCHEMA: &str = "reports";

/// Register the reports of `dir` as views; returns the view names. A report that needs a
/// parameter without a default, or does not plan, is skipped with a warning.
pub async fn register_reports(session: &FocusSession, dir: &Path) -> Result<Vec<String>> {
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect(),
        Err(e) => {
            tracing::info!("no reports: {}: {e}", dir.display());
            return Ok(Vec::new());
        }
    };
    files.sort();
    let schema = Arc::new(MemorySchemaProvider::new());
    let mut names = Vec::new();
    for file in files {
        let Some(name) = file.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        match report_view(session, &file).await {
            Ok(view) => {
                schema.register_table(name.clone(), Arc::new(view))?;
                names.push(name);
            }
            Err(e) => tracing::warn!("report {} is not served: {}", file.display(), e.one_line()),
        }
    }
    let catalog = session
        .ctx
        .catalog(CATALOG)
        .ok_or_else(|| Error::msg(format!("the session has no catalog {CATALOG}")))?;
    catalog.register_schema(REPORTS_SCHEMA, schema)?;
    Ok(names)
}

/// One report as a view with its default parameters bound.
async fn report_view(session: &FocusSession, file: &Path) -> Result<ViewTable> {
    let report = Report::from_file(file)?;
    let params = report.resolve_params(&Default::default())?;
    let mut statements = session.parse(&report.sql)?;
    if statements.len() != 1 {
        return Err(Error::msg(
            "a report served as a view must be one statement",
        ));
    }
    let plan = session.plan(statements.remove(0)).await?;
    let plan = bind_parameters(plan, &params)?;
    Ok(ViewTable::new(plan, Some(report.sql)))
}
