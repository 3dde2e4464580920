//! Provider formats of GCP and OCI: recognition, totals reconciled with the raw files
//! (tests/golden/oci_cost_totals.py, tests/golden/gcp_billing_totals.py), export then
//! validate for FOCUS 1.2–1.4, pushdown to the raw scan, the mapping docs, bad input.

use std::path::Path;

use datafusion::common::DFSchema;
use focusql_catalogs::formats::Format;

use super::cli::{
    assert_export_validates, assert_fails_with, assert_query_fails, focusql, query_csv, stderr,
    stdout,
};
use super::data;

/// Run a query over one source and return its CSV output.
fn query_one(source: &str, sql: &str) -> String {
    query_csv(&[source], sql)
}

/// The physical scan line and logical TableScan line of an EXPLAIN.
fn explain(source: &str, sql: &str) -> (String, String) {
    let plan = query_one(source, &format!("EXPLAIN {sql}"));
    let find = |needle: &str| {
        plan.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in:\n{plan}"))
            .to_string()
    };
    (find("DataSourceExec"), find("TableScan"))
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
    // file): 2023-11 USD rows=506 corrections=0 BilledCost=2.5235893250, for the .csv and the
    // .csv.gz.
    for folder in ["oci/cost-report", "oci/cost-report-gz"] {
        let out = query_one(
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
    let out = query_one(
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
    let first = query_one(
        &oci("oci/cost-report"),
        "SELECT json_get_str(Tags, 'Valtest.Cat') AS cat, ChargePeriodStart \
         FROM oci WHERE x_ReferenceNo = '7108a1f83bdbad70487bf0cf99cbe260'",
    );
    assert_eq!(first, "cat,ChargePeriodStart\nboots,2023-11-13T10:00:00Z\n");
}

#[test]
fn oci_cost_report_export_validates_for_1_2_to_1_4() {
    for version in ["1.2", "1.3", "1.4"] {
        assert_export_validates(&oci("oci/cost-report-gz"), version);
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
    let out = query_one(
        &source,
        "SELECT count(*) AS n, sum(BilledCost) AS b FROM oci",
    );
    assert_eq!(out, "n,b\n506,2.5235893250\n");
    let raw = query_one(&source, "SELECT max(\"cost/newColumn\") AS x FROM raw.oci");
    assert_eq!(raw, "x\n7\n");
}

#[test]
fn oci_cost_doc_lists_every_mapped_column() {
    let text = std::fs::read_to_string(data(OCI_CSV)).unwrap();
    let header = text.lines().next().unwrap();
    let schema = DFSchema::try_from(super::text_schema(header)).unwrap();
    super::doc_lists_mapped_columns(Format::OciCost, &schema, "oci-cost.md");
}

#[test]
fn oci_focus_rows_read_as_native_focus() {
    // The Oracle rows of the FOCUS 1.0 sample stand in for an OCI FOCUS report. Expected values
    // printed by tests/golden/oci_cost_totals.py: 2024-09 USD rows=6 BilledCost=0.2970739247,
    // 2024-10 USD rows=1 BilledCost=0.2400000000.
    let source = format!("ocif={}", data("oci/focus"));
    let out = stdout(&focusql(&["--source", &source, "sources"]));
    assert!(out.contains("focus") && out.contains("1.0"), "{out}");
    let out = query_one(
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

fn gcp(folder: &str) -> String {
    format!("g={}", data(folder))
}

/// The detailed-export fixture in each encoding (constructed: tests/data/gcp/README.md).
const GCP_DETAILED: [&str; 4] = [
    "gcp/detailed-ndjson",
    "gcp/detailed-ndjson-gz",
    "gcp/detailed-parquet",
    "gcp/detailed-avro",
];

#[test]
fn gcp_exports_are_recognised_in_every_encoding() {
    for folder in ["gcp/standard", "gcp/vertex"].iter().chain(&GCP_DETAILED) {
        let out = stdout(&focusql(&["--source", &gcp(folder), "sources"]));
        assert!(out.contains("gcp-billing"), "{folder}: {out}");
    }
}

#[test]
fn gcp_totals_reconcile_with_credits() {
    // Expected values printed by tests/golden/gcp_billing_totals.py (json + decimal over the
    // NDJSON; the Parquet and Avro files hold the same rows): 2026-09 USD rows=6 credits=4
    // BilledCost=1.3911000000; 2026-10 USD rows=2 credits=1 BilledCost=0.5638000000.
    for folder in GCP_DETAILED {
        let out = query_one(
            &gcp(folder),
            "SELECT BillingPeriodStart, BillingPeriodEnd, BillingCurrency, count(*) AS n, \
             sum(CASE WHEN ChargeCategory = 'Credit' THEN 1 ELSE 0 END) AS credits, \
             sum(BilledCost) AS billed, sum(EffectiveCost) AS effective \
             FROM g GROUP BY 1, 2, 3 ORDER BY 1",
        );
        assert_eq!(
            out,
            "BillingPeriodStart,BillingPeriodEnd,BillingCurrency,n,credits,billed,effective\n\
             2026-09-01T07:00:00Z,2026-10-01T07:00:00Z,USD,10,4,1.3911000000,1.3911000000\n\
             2026-10-01T07:00:00Z,2026-11-01T07:00:00Z,USD,3,1,0.5638000000,0.5638000000\n",
            "{folder}"
        );
    }
    // standard/...: 1970-01 USD rows=10 BilledCost=484.3674010000 (cost as JSON strings);
    // vertex/...: 2026-10 USD rows=5 BilledCost=2.3700000000 (no invoice: Pacific usage month).
    let out = query_one(
        &gcp("gcp/standard"),
        "SELECT BillingPeriodStart, count(*) AS n, sum(BilledCost) AS b FROM g GROUP BY 1",
    );
    assert_eq!(
        out,
        "BillingPeriodStart,n,b\n1970-01-01T08:00:00Z,10,484.3674010000\n"
    );
    let out = query_one(
        &gcp("gcp/vertex"),
        "SELECT BillingPeriodStart, count(*) AS n, sum(BilledCost) AS b FROM g GROUP BY 1",
    );
    assert_eq!(
        out,
        "BillingPeriodStart,n,b\n2026-10-01T07:00:00Z,5,2.3700000000\n"
    );
}

#[test]
fn gcp_credits_categories_and_nested_fields_map() {
    for folder in GCP_DETAILED {
        let out = query_one(
            &gcp(folder),
            "SELECT x_CreditType, count(*) AS n, sum(BilledCost) AS b FROM g \
             WHERE ChargeCategory = 'Credit' GROUP BY 1 ORDER BY 1",
        );
        assert_eq!(
            out,
            "x_CreditType,n,b\nCOMMITTED_USAGE_DISCOUNT,1,-0.2000000000\nFREE_TIER,1,-0.0128000000\n\
             PROMOTION,1,-3.1250000000\nSUSTAINED_USAGE_DISCOUNT,2,-0.0379000000\n",
            "{folder}"
        );
        let out = query_one(
            &gcp(folder),
            "SELECT ChargeCategory, ChargeClass, count(*) AS n, sum(BilledCost) AS b, \
             count(PricingQuantity) AS priced FROM g GROUP BY 1, 2 ORDER BY 1",
        );
        assert_eq!(
            out,
            "ChargeCategory,ChargeClass,n,b,priced\nAdjustment,Correction,1,-0.5000000000,0\n\
             Credit,,5,-3.3757000000,0\nTax,,1,0.4500000000,0\nUsage,,6,5.3806000000,6\n",
            "{folder}"
        );
        // The storage row at 03:00 UTC on 1 October is invoiced in September (Pacific).
        let out = query_one(
            &gcp(folder),
            "SELECT ServiceCategory, SubAccountId, RegionId, AvailabilityZone, ResourceName, \
             ConsumedQuantity, ConsumedUnit, PricingQuantity, ContractedUnitPrice, Tags, \
             BillingPeriodStart, ChargePeriodStart \
             FROM g WHERE ChargeCategory = 'Usage' AND SkuId = '2E27-4F75-95CD' \
             AND ChargePeriodStart = TIMESTAMP '2026-09-14 10:00:00'",
        );
        assert_eq!(
            out,
            "ServiceCategory,SubAccountId,RegionId,AvailabilityZone,ResourceName,ConsumedQuantity,ConsumedUnit,PricingQuantity,ContractedUnitPrice,Tags,BillingPeriodStart,ChargePeriodStart\n\
             Compute,web-prod,us-central1,us-central1-a,web-1,14400.0000000000,seconds,4.0000000000,0.0316000000000000,\"{\"\"env\"\":\"\"prod\"\",\"\"team\"\":\"\"web\"\"}\",2026-09-01T07:00:00Z,2026-09-14T10:00:00Z\n",
            "{folder}"
        );
        let out = query_one(
            &gcp(folder),
            "SELECT CommitmentDiscountId, CommitmentDiscountCategory, CommitmentDiscountType, \
             CommitmentDiscountName, count(*) AS n FROM g GROUP BY 1, 2, 3, 4 ORDER BY 1",
        );
        assert_eq!(
            out,
            "CommitmentDiscountId,CommitmentDiscountCategory,CommitmentDiscountType,CommitmentDiscountName,n\n\
             cud-123,Usage,Committed Use Discount,Committed use discount: N2 CPU,1\n,,,,12\n",
            "{folder}"
        );
        let out = query_one(
            &gcp(folder),
            "SELECT BillingPeriodStart FROM g WHERE ChargePeriodStart = TIMESTAMP '2026-10-01 03:00:00'",
        );
        assert_eq!(
            out, "BillingPeriodStart\n2026-09-01T07:00:00Z\n",
            "{folder}"
        );
    }
}

#[test]
fn gcp_focus_export_is_read_natively_with_its_extension_columns() {
    // Constructed rows of the GCP FOCUS export (tests/data/gcp/focus-export/README.md). Sums
    // printed by tests/golden/provider_focus_totals.py: 2024-03 (starts 08:00Z, Pacific) USD
    // billed = effective = 1.7584, 2024-04 (07:00Z) USD 0.6983.
    let source = gcp("gcp/focus-export");
    let out = stdout(&focusql(&["--source", &source, "sources"]));
    assert!(
        out.contains("┆ focus  ┆ 1.0           ┆ 1     ┆ 6    ┆ 2024-03, 2024-04"),
        "{out}"
    );
    let out = query_one(
        &source,
        "SELECT BillingPeriodStart, BillingCurrency, sum(BilledCost) AS b, sum(EffectiveCost) AS e \
         FROM g GROUP BY 1, 2 ORDER BY 1",
    );
    assert_eq!(
        out,
        "BillingPeriodStart,BillingCurrency,b,e\n\
         2024-03-01T08:00:00Z,USD,1.7584000000,1.7584000000\n\
         2024-04-01T07:00:00Z,USD,0.6983000000,0.6983000000\n"
    );
    let out = query_one(
        &source,
        "SELECT x_CostType, x_ServiceId, x_CurrencyConversionRate, x_ExportTime, \
         json_extract_string(x_Credits, '$[0].type') AS credit, \
         json_extract_string(x_Project, '$.number') AS project FROM g \
         WHERE CommitmentDiscountStatus = 'Used'",
    );
    assert_eq!(
        out,
        "x_CostType,x_ServiceId,x_CurrencyConversionRate,x_ExportTime,credit,project\n\
         regular,6F81-5844-456A,1,2024-03-06T04:12:31Z,COMMITTED_USAGE_DISCOUNT,123456789012\n"
    );
}

#[test]
fn gcp_export_validates_for_1_2_to_1_4() {
    for version in ["1.2", "1.3", "1.4"] {
        for folder in [
            "gcp/detailed-ndjson",
            "gcp/detailed-parquet",
            "gcp/detailed-avro",
            "gcp/vertex",
            "gcp/focus-export",
        ] {
            assert_export_validates(&gcp(folder), version);
        }
    }
}

#[test]
fn gcp_standard_sample_fails_validation_only_on_its_own_bad_row() {
    // The public standard-export sample is synthetic: one row has usage_start_time 23:00 and
    // usage_end_time 00:00 of the same day. focusql keeps the row as GCP wrote it, so
    // validation reports exactly that row and nothing else.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = focusql(&["--source", &gcp("gcp/standard"), "export", "g", "--to", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = focusql(&["validate", out]);
    let report = stdout(&o);
    assert!(report.contains(" 1 failed"), "{report}");
    assert!(
        report.contains("FAIL ChargePeriod-Ordered") && report.contains("(1 of 10 failing)"),
        "{report}"
    );
}

#[test]
fn gcp_pushdown_reaches_parquet_json_and_avro_scans() {
    let sql = "SELECT sum(BilledCost) FROM g WHERE BillingCurrency = 'EUR' \
               AND ChargePeriodStart >= TIMESTAMP '2026-10-01 00:00:00'";
    let plan = query_one(&gcp("gcp/detailed-parquet"), &format!("EXPLAIN {sql}"));
    let scans: Vec<&str> = plan
        .lines()
        .filter(|l| l.contains("DataSourceExec"))
        .collect();
    // One scan for the charge rows, one under the credits unnest.
    assert_eq!(scans.len(), 2, "{plan}");
    assert!(
        scans[0].contains("projection=[usage_start_time, cost, currency]"),
        "{plan}"
    );
    assert!(
        scans[1].contains("projection=[usage_start_time, currency, credits]"),
        "{plan}"
    );
    for scan in scans {
        assert!(
            scan.contains("pruning_predicate=")
                && scan.contains("currency_min")
                && scan.contains("usage_start_time_max"),
            "{scan}"
        );
    }
    // NDJSON and Avro have no statistics to prune with; the scan still reads only the
    // needed columns.
    for (folder, kind) in [
        ("gcp/detailed-ndjson", "json"),
        ("gcp/detailed-avro", "avro"),
    ] {
        let (scan, _) = explain(
            &gcp(folder),
            "SELECT sum(BilledCost) FROM g WHERE BillingCurrency = 'EUR'",
        );
        assert!(
            scan.contains("projection=[cost, currency]")
                && scan.contains(&format!("file_type={kind}")),
            "{scan}"
        );
    }
}

#[test]
fn gcp_files_with_different_fields_union_by_name() {
    // The standard sample (cost as text, invoice present) and the Vertex AI rows (cost as
    // numbers, no invoice) in one directory: two scans, one table.
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "gcp/standard/gcp-standard-export-rows.ndjson",
        "gcp/vertex/vertex-ai-billing-export-rows.ndjson",
    ] {
        let name = Path::new(f).file_name().unwrap();
        std::fs::copy(data(f), dir.path().join(name)).unwrap();
    }
    let source = format!("g={}", dir.path().display());
    let out = query_one(&source, "SELECT count(*) AS n, sum(BilledCost) AS b FROM g");
    // 484.3674010000 + 2.3700000000 (tests/golden/gcp_billing_totals.py).
    assert_eq!(out, "n,b\n15,486.7374010000\n");
}

#[test]
fn gcp_bad_input_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(data(
        "gcp/detailed-ndjson/gcp_billing_export_resource_v1.ndjson",
    ))
    .unwrap();
    let cut = text.replace("\"currency\":\"USD\",", "");
    assert!(!cut.contains("\"currency\":"));
    std::fs::write(dir.path().join("export.ndjson"), cut).unwrap();
    let o = focusql(&[
        "--source",
        &format!("g={}", dir.path().display()),
        "sources",
    ]);
    assert_fails_with(&o, &["export.ndjson", "gcp-billing", "currency"]);
    // A JSON file that is not newline-delimited objects (a BigQuery schema file) beside the
    // data is skipped, not read.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        data("gcp/detailed-ndjson/gcp_billing_export_resource_v1.ndjson"),
        dir.path().join("export.ndjson"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("schema.json"),
        "[{\"name\": \"cost\"},\n{\"name\": \"currency\"}]",
    )
    .unwrap();
    let out = query_one(
        &format!("g={}", dir.path().display()),
        "SELECT sum(BilledCost) AS b FROM g",
    );
    assert_eq!(out, "b\n1.9549000000\n");
}

#[tokio::test]
async fn gcp_doc_lists_every_mapped_column() {
    let ctx = datafusion::prelude::SessionContext::new();
    let frame = ctx
        .read_parquet(
            data("gcp/detailed-parquet/gcp_billing_export_resource_v1.parquet"),
            Default::default(),
        )
        .await
        .unwrap();
    super::doc_lists_mapped_columns(Format::GcpBilling, frame.schema(), "gcp-billing.md");
}

#[test]
fn bad_values_are_located_in_the_raw_file() {
    let dir = tempfile::tempdir().unwrap();
    let oci_text = std::fs::read_to_string(data(OCI_CSV)).unwrap();
    // Line 3 holds the second data row, whose cost/myCost is 2.323760000E-9.
    let bad = oci_text.replacen(",2.323760000E-9,", ",2.3x,", 1);
    assert_ne!(bad, oci_text);
    std::fs::write(dir.path().join("cost.csv"), bad).unwrap();
    assert_query_fails(
        &[&format!("o={}", dir.path().display())],
        "SELECT sum(BilledCost) FROM o",
        &["cost.csv: row 3, column cost/myCost: value '2.3x' is not a decimal number"],
    );
    let dir = tempfile::tempdir().unwrap();
    let gcp_text =
        std::fs::read_to_string(data("gcp/standard/gcp-standard-export-rows.ndjson")).unwrap();
    // The second line's cost.
    let bad = gcp_text.replacen("\"cost\": \"57.260227\"", "\"cost\": \"57,26\"", 1);
    assert_ne!(bad, gcp_text);
    std::fs::write(dir.path().join("export.ndjson"), bad).unwrap();
    assert_query_fails(
        &[&format!("g={}", dir.path().display())],
        "SELECT sum(BilledCost) FROM g",
        &["export.ndjson: row 2, column cost: value '57,26' is not a decimal number"],
    );
}

#[test]
fn oci_corrections_and_reports_with_different_tag_columns() {
    // Two reports of one tenancy with different tags/* columns (unioned by name); the second
    // holds a correction reversing a line, the corrected line, and a December line
    // (constructed: tests/data/oci/README.md). Expected values printed by
    // tests/golden/oci_cost_totals.py: corrections: 2023-11 USD rows=5 corrections=2
    // BilledCost=0.0073585688; 2023-12 USD rows=1 corrections=0 BilledCost=0.0122642775.
    let source = oci("oci/corrections");
    let out = query_one(
        &source,
        "SELECT BillingPeriodStart, BillingCurrency, count(*) AS n, count(ChargeClass) AS corrections, \
         sum(BilledCost) AS billed FROM oci GROUP BY 1, 2 ORDER BY 1",
    );
    assert_eq!(
        out,
        "BillingPeriodStart,BillingCurrency,n,corrections,billed\n\
         2023-11-01T00:00:00Z,USD,5,2,0.0073585688\n\
         2023-12-01T00:00:00Z,USD,1,0,0.0122642775\n"
    );
    // The corrections point at the line they correct, which nets to the corrected amount.
    let out = query_one(
        &source,
        "SELECT c.ChargeClass, sum(c.BilledCost) AS b FROM oci c \
         WHERE c.x_ReferenceNo = '7108a1f83bdbad70487bf0cf99cbe260' \
         OR c.x_BackReferenceNo = '7108a1f83bdbad70487bf0cf99cbe260' GROUP BY 1 ORDER BY 1",
    );
    assert_eq!(
        out,
        "ChargeClass,b\nCorrection,-0.0049057110\n,0.0122642775\n"
    );
    for version in ["1.2", "1.3", "1.4"] {
        assert_export_validates(&source, version);
    }
}
