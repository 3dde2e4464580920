//! Provider formats of GCP and OCI: recognition, totals reconciled with the raw files
//! (tests/golden/oci_cost_totals.py, tests/golden/gcp_billing_totals.py), export then
//! validate for FOCUS 1.2–1.4, pushdown to the raw scan, the mapping docs, bad input.

use std::path::Path;

use arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::DFSchema;
use focusql_catalogs::formats::{self, Format};
use focusql_catalogs::mapping::Strictness;
use focusql_catalogs::registry::FocusVersion;

use super::cli::{assert_fails_with, focusql, stderr, stdout};
use super::data;

/// Run a query over one source and return its CSV output.
fn query_csv(source: &str, sql: &str) -> String {
    let o = focusql(&["--source", source, "query", "--format", "csv", sql]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// Export `source` as FOCUS `version` and validate the result; both must succeed.
fn export_validates(source: &str, version: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let name = source.split('=').next().unwrap();
    let o = focusql(&[
        "--source",
        source,
        "--focus-version",
        version,
        "export",
        name,
        "--to",
        out,
    ]);
    assert!(o.status.success(), "export {version}: {}", stderr(&o));
    let o = focusql(&["validate", out, "--focus-version", version]);
    assert!(
        o.status.success(),
        "validate {version}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).contains(" 0 failed"), "{}", stdout(&o));
}

/// The physical scan line and logical TableScan line of an EXPLAIN.
fn explain(source: &str, sql: &str) -> (String, String) {
    let plan = query_csv(source, &format!("EXPLAIN {sql}"));
    let find = |needle: &str| {
        plan.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in:\n{plan}"))
            .to_string()
    };
    (find("DataSourceExec"), find("TableScan"))
}

/// Every FOCUS column a provider projection fills from data is a row of the mapping doc.
fn doc_lists_mapped_columns(format: Format, raw_schema: Schema, doc: &str) {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(doc))
        .unwrap();
    let schema = DFSchema::try_from(raw_schema).unwrap();
    let projection =
        formats::provider_projection(format, &schema, FocusVersion::V1_4, Strictness::Strict)
            .unwrap();
    let mut checked = 0;
    for expr in &projection {
        let name = expr.schema_name().to_string();
        if !formats::common::is_mapped(&projection, &name) {
            continue;
        }
        let listed = doc.lines().any(|l| {
            l.starts_with('|')
                && l.split('|')
                    .nth(1)
                    .is_some_and(|cell| cell.split('/').any(|n| n.trim() == name))
        });
        assert!(
            listed,
            "{name} is mapped but not listed in docs/{format}.md"
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} mapped columns");
}

/// A schema of text columns named as a CSV header.
fn text_schema(header: &str) -> Schema {
    Schema::new(
        header
            .split(',')
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    )
}

const OCI_CSV: &str = "oci/cost-report/reports_cost-csv_0000000030000269.csv";

fn oci(folder: &str) -> String {
    format!("oci={}", data(folder))
}

#[test]
fn oci_cost_report_is_recognised_csv_and_gz() {
    for folder in ["oci/cost-report", "oci/cost-report-gz"] {
        let out = stdout(&focusql(&["--source", &oci(folder), "sources"]));
        assert!(
            out.contains("oci-cost") && out.contains("506") && out.contains("2023-11"),
            "{out}"
        );
    }
}

#[test]
fn oci_cost_report_totals_reconcile() {
    // Expected values printed by tests/golden/oci_cost_totals.py (csv + decimal over the raw
    // file): 2023-11 USD rows=506 BilledCost=2.5235893250, for the .csv and the .csv.gz.
    for folder in ["oci/cost-report", "oci/cost-report-gz"] {
        let out = query_csv(
            &oci(folder),
            "SELECT BillingPeriodStart, BillingPeriodEnd, BillingCurrency, count(*) AS n, \
             sum(BilledCost) AS billed, sum(EffectiveCost) AS effective \
             FROM oci GROUP BY 1, 2, 3",
        );
        assert_eq!(
            out,
            "BillingPeriodStart,BillingPeriodEnd,BillingCurrency,n,billed,effective\n\
             2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,USD,506,2.5235893250,2.5235893250\n"
        );
    }
}

#[test]
fn oci_cost_report_maps_tags_services_and_corrections_flag() {
    let out = query_csv(
        &oci("oci/cost-report"),
        "SELECT ServiceCategory, count(*) AS n, count(Tags) AS tagged, count(ChargeClass) AS corrections \
         FROM oci GROUP BY 1 ORDER BY 1",
    );
    // Service counts from the raw file: COMPUTE 85; DATABASE 74 + MYSQL 74; TELEMETRY 197;
    // NETWORK 40; BLOCK_STORAGE 18 + OBJECTSTORE 6; ORACLE_STREAMING_SERVICE 12.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "ServiceCategory,n,tagged,corrections");
    let rows: Vec<(String, String)> = lines[1..]
        .iter()
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].to_string(), c[1].to_string())
        })
        .collect();
    let expected = [
        ("Compute", "85"),
        ("Databases", "148"),
        ("Integration", "12"),
        ("Management and Governance", "197"),
        ("Networking", "40"),
        ("Storage", "24"),
    ];
    assert_eq!(
        rows,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    assert!(out.lines().skip(1).all(|l| l.ends_with(",0")), "{out}");
    let first = query_csv(
        &oci("oci/cost-report"),
        "SELECT json_get_str(Tags, 'Valtest.Cat') AS cat, ChargePeriodStart \
         FROM oci WHERE x_ReferenceNo = '7108a1f83bdbad70487bf0cf99cbe260'",
    );
    assert_eq!(first, "cat,ChargePeriodStart\nboots,2023-11-13T10:00:00Z\n");
}

#[test]
fn oci_cost_report_export_validates_for_1_2_to_1_4() {
    for version in ["1.2", "1.3", "1.4"] {
        export_validates(&oci("oci/cost-report-gz"), version);
    }
}

#[test]
fn oci_cost_report_pushdown_reaches_the_csv_scan() {
    let (scan, logical) = explain(
        &oci("oci/cost-report"),
        "SELECT sum(BilledCost) FROM oci WHERE BillingCurrency = 'USD'",
    );
    assert!(
        scan.contains("projection=[cost/myCost, cost/currencyCode]"),
        "{scan}"
    );
    assert!(
        logical.contains("partial_filters=[focus_null_text(?table?.cost/currencyCode) = "),
        "{logical}"
    );
}

#[test]
fn oci_cost_report_missing_required_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(data(OCI_CSV)).unwrap();
    // Drop cost/currencyCode (column 20) from every line; no value in this file has a comma
    // inside quotes in the first 20 columns.
    let cut: String = text
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(19);
            cells.join(",") + "\n"
        })
        .collect();
    assert!(cut.starts_with("lineItem/referenceNo") && !cut.contains("currencyCode"));
    let path = dir.path().join("cost.csv");
    std::fs::write(&path, cut).unwrap();
    let o = focusql(&["--source", &format!("oci={}", path.display()), "sources"]);
    assert_fails_with(&o, &["cost.csv", "oci-cost", "cost/currencyCode"]);
}

#[test]
fn oci_cost_report_extra_columns_stay_raw() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(data(OCI_CSV)).unwrap();
    let extra: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{l},{}\n", if i == 0 { "cost/newColumn" } else { "7" }))
        .collect();
    std::fs::write(dir.path().join("cost.csv"), extra).unwrap();
    let source = format!("oci={}", dir.path().display());
    let out = query_csv(
        &source,
        "SELECT count(*) AS n, sum(BilledCost) AS b FROM oci",
    );
    assert_eq!(out, "n,b\n506,2.5235893250\n");
    let raw = query_csv(&source, "SELECT max(\"cost/newColumn\") AS x FROM raw.oci");
    assert_eq!(raw, "x\n7\n");
}

#[test]
fn oci_cost_doc_lists_every_mapped_column() {
    let text = std::fs::read_to_string(data(OCI_CSV)).unwrap();
    let header = text.lines().next().unwrap();
    doc_lists_mapped_columns(Format::OciCost, text_schema(header), "oci-cost.md");
}

#[test]
fn oci_focus_rows_read_as_native_focus() {
    // The Oracle rows of the FOCUS 1.0 sample stand in for an OCI FOCUS report. Expected values
    // printed by tests/golden/oci_cost_totals.py: 2024-09 USD rows=6 BilledCost=0.2970739247,
    // 2024-10 USD rows=1 BilledCost=0.2400000000.
    let source = format!("ocif={}", data("oci/focus"));
    let out = stdout(&focusql(&["--source", &source, "sources"]));
    assert!(out.contains("focus") && out.contains("1.0"), "{out}");
    let out = query_csv(
        &source,
        "SELECT BillingPeriodStart, BillingCurrency, count(*) AS n, sum(BilledCost) AS billed \
         FROM ocif GROUP BY 1, 2 ORDER BY 1",
    );
    assert_eq!(
        out,
        "BillingPeriodStart,BillingCurrency,n,billed\n\
         2024-09-01T00:00:00Z,USD,6,0.2970739247\n\
         2024-10-01T00:00:00Z,USD,1,0.2400000000\n"
    );
}
