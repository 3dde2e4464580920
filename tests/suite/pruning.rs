//! Filters on the FOCUS period columns reach the Parquet scan as pruning predicates.

use focusql::Config;

use super::cli::{focusql, stderr};
use super::data;

#[tokio::test]
async fn period_filters_become_parquet_pruning_predicates() {
    let dir = tempfile::tempdir().unwrap();
    let o = focusql(&[
        "--source",
        &format!("s={}", data("focus/focus-1.3")),
        "export",
        "s",
        "--to",
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut config = Config::default();
    config
        .add_source(
            focusql::config::parse_source_arg(&format!("p={}", dir.path().display())).unwrap(),
        )
        .unwrap();
    let session = focusql::build(&config).await.unwrap();
    for column in ["ChargePeriodStart", "BillingPeriodStart"] {
        let sql = format!(
            "EXPLAIN SELECT sum(BilledCost) FROM p WHERE {column} >= '2026-05-02' AND {column} < TIMESTAMP '2026-06-01 00:00:00'"
        );
        let frame = session.sql(&sql).await.unwrap();
        let batches = session.collect(frame).await.unwrap();
        let plan = arrow::util::pretty::pretty_format_batches(&batches)
            .unwrap()
            .to_string();
        let scan = plan
            .lines()
            .find(|l| l.contains("DataSourceExec") && l.contains("parquet"))
            .unwrap_or_else(|| panic!("no Parquet scan in:\n{plan}"));
        assert!(
            scan.contains("pruning_predicate") && scan.contains(&format!("{column}_max")),
            "no pruning predicate on {column}:\n{plan}"
        );
    }
}
