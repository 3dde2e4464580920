//! Azure cost details exports (EA and MCA headers, actual and amortized, manifests) and the
//! Azure FOCUS export: recognition, reconciled totals, export + validate, pushdown, bad input.

use super::cli::{assert_export_validates, assert_fails_with, focusql, query_csv, stderr, stdout};
use super::data;

/// Run SQL over source `a` at the test data path and return the CSV output.
fn query(path: &str, sql: &str) -> String {
    query_csv(&[&format!("a={}", data(path))], sql)
}

/// BilledCost and EffectiveCost per billing period and currency, rounded to the cent (the
/// raw sums keep 10 decimals per row, the independent sums keep all digits).
fn totals(path: &str) -> Vec<String> {
    let out = query(
        path,
        "SELECT BillingPeriodStart, BillingCurrency, sum(BilledCost) AS b, sum(EffectiveCost) AS e \
         FROM a GROUP BY 1, 2 ORDER BY 1, 2",
    );
    out.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let cents = |s: &str| format!("{:.2}", s.parse::<f64>().unwrap());
            format!("{} {} {} {}", &f[0][..10], f[1], cents(f[2]), cents(f[3]))
        })
        .collect()
}

#[test]
fn sources_recognises_azure_exports_without_being_told() {
    for (path, format) in [
        ("azure/ea-anonymous", "azure"),
        ("azure/ea-small", "azure-amortized, azure"),
    ] {
        let o = focusql(&["--source", &format!("a={}", data(path)), "sources"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stdout(&o).contains(&format!("┆ {format} ")),
            "{}",
            stdout(&o)
        );
    }
}

#[test]
fn ea_actual_totals_reconcile_per_period_and_currency() {
    // Expected values printed by tests/golden/azure_totals.py:
    //   ea-anonymous (actual): 2023-09-01 CAD billed=1.26136926505726
    //   ea-small/actual (actual only): 2023-09-01 USD billed=8.5450077867419368
    assert_eq!(totals("azure/ea-anonymous"), ["2023-09-01 CAD 1.26 1.26"]);
    // Actual alone: the RI purchase (3.25) is billed and has no effective cost.
    assert_eq!(
        totals("azure/ea-small/actual"),
        ["2023-09-01 USD 8.55 5.30"]
    );
}

#[test]
fn actual_and_amortized_combine_without_double_counting() {
    // tests/golden/azure_totals.py: ea-small (actual + amortized):
    //   2023-09-01 USD billed=19.04778013616864462748541900 effective=16.29693213663664462748541900
    assert_eq!(totals("azure/ea-small"), ["2023-09-01 USD 19.05 16.30"]);
    let out = query(
        "azure/ea-small",
        "SELECT ChargeCategory, CommitmentDiscountType, CommitmentDiscountStatus, count(*) AS n \
         FROM a WHERE CommitmentDiscountId IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2",
    );
    assert_eq!(
        out,
        "ChargeCategory,CommitmentDiscountType,CommitmentDiscountStatus,n\n\
         Purchase,Reservation,,1\n\
         Usage,Reservation,Used,1\n\
         Usage,Savings Plan,Used,1\n"
    );
}

#[test]
fn ea_values_map_dates_tags_and_regions() {
    // Row 2 of ea-actual-sample-anonymous.csv: 9/2/2023, Storage queues, tags without braces.
    let out = query(
        "azure/ea-anonymous",
        "SELECT ChargePeriodStart, ChargePeriodEnd, BillingPeriodEnd, RegionId, ServiceCategory, \
         json_extract_string(Tags, '$.tagB') AS tag, PricingQuantity, PricingUnit \
         FROM a WHERE x_SkuMeterId = '4a2ca774-7dad-4fa3-b080-d08a3c830b61'",
    );
    assert_eq!(
        out,
        "ChargePeriodStart,ChargePeriodEnd,BillingPeriodEnd,RegionId,ServiceCategory,tag,PricingQuantity,PricingUnit\n\
         2023-09-02T00:00:00Z,2023-09-03T00:00:00Z,2023-10-01T00:00:00Z,centralus,Storage,valueB,0.0129000000,10K\n"
    );
}

#[test]
fn mca_headers_map_through_the_same_expressions() {
    // tests/golden/azure_totals.py: mca (actual, constructed):
    //   2024-10-01 EUR billed=40.848, 2024-11-01 EUR billed=0.92
    // EffectiveCost leaves out the reservation purchase (46) and refund (-9.2): 4.048.
    assert_eq!(
        totals("azure/mca"),
        ["2024-10-01 EUR 40.85 4.05", "2024-11-01 EUR 0.92 0.92"]
    );
    // MCA bills the billing profile; prices are converted from USD at 0.92.
    let out = query(
        "azure/mca",
        "SELECT BillingAccountId, BillingAccountType, PricingCurrency, ListUnitPrice, \
         PricingCurrencyListUnitPrice, ListCost, ResourceName, Tags \
         FROM a WHERE x_SkuMeterId = 'm-lrs'",
    );
    assert_eq!(
        out,
        "BillingAccountId,BillingAccountType,PricingCurrency,ListUnitPrice,PricingCurrencyListUnitPrice,ListCost,ResourceName,Tags\n\
         ABCD-EFGH-IJK-LMN,Billing Profile,USD,0.0191360000000000,0.0208000000000000,1.9136000000,stapp01,\"{\"\"env\"\":\"\"prod\"\"}\"\n"
    );
    let out = query(
        "azure/mca",
        "SELECT ChargeCategory, ChargeClass, count(*) AS n, count(Tags) AS tagged FROM a \
         WHERE CommitmentDiscountType = 'Reservation' GROUP BY 1, 2 ORDER BY 2",
    );
    assert_eq!(
        out,
        "ChargeCategory,ChargeClass,n,tagged\nPurchase,Correction,1,0\nPurchase,,1,0\n"
    );
}

#[test]
fn ea_and_mca_files_mixed_in_one_folder_are_one_table() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "ea-anonymous/ea-actual-sample-anonymous.csv",
        "mca/mca-actualcost.csv",
    ] {
        let name = f.rsplit('/').next().unwrap();
        std::fs::copy(data(&format!("azure/{f}")), dir.path().join(name)).unwrap();
    }
    let out = query_csv(
        &[&format!("a={}", dir.path().display())],
        "SELECT BillingCurrency, BillingAccountType, count(*) AS n FROM a GROUP BY 1, 2 ORDER BY 1",
    );
    assert_eq!(
        out,
        "BillingCurrency,BillingAccountType,n\nCAD,Billing Account,27\nEUR,Billing Profile,6\n"
    );
}

#[test]
fn export_of_azure_passes_validate_for_1_2_to_1_4() {
    for path in [
        "azure/ea-anonymous",
        "azure/ea-small",
        "azure/mca",
        "azure/manifests",
        "azure/focuscost-1.0",
        "azure/focuscost-1.2",
        "azure/focuscost-1.0-preview",
        "azure/focuscost-1.0r2",
        "azure/focuscost-1.2-preview",
    ] {
        for version in ["1.2", "1.3", "1.4"] {
            assert_export_validates(&format!("a={}", data(path)), version);
        }
    }
}

#[test]
fn projection_and_filter_reach_the_raw_scan() {
    let out = query(
        "azure/ea-anonymous",
        "EXPLAIN SELECT sum(BilledCost) FROM a WHERE ChargePeriodStart >= TIMESTAMP '2023-09-15 00:00:00'",
    );
    let scan = out
        .split("\\n")
        .flat_map(|l| l.lines())
        .find(|l| l.contains("DataSourceExec"))
        .unwrap_or_else(|| panic!("no scan in {out}"));
    assert!(
        scan.contains("projection=[Date, CostInBillingCurrency, ChargeType, PricingModel]"),
        "{scan}"
    );
    assert!(
        out.contains("FilterExec: focus_parse_timestamp(focus_null_text(Date@0), ChargePeriodStart) >= 1694736000000000"),
        "{out}"
    );
}

#[test]
fn a_cost_details_file_without_its_cost_column_names_file_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    std::fs::write(
        &file,
        "SubscriptionId,MeterCategory,Date,BillingCurrencyCode,Quantity\nsub,Storage,9/1/2023,USD,1\n",
    )
    .unwrap();
    let o = focusql(&[
        "--source",
        &format!("a={}", dir.path().display()),
        "sources",
    ]);
    assert_fails_with(&o, &["export.csv", "CostInBillingCurrency or Cost"]);
}

#[test]
fn unknown_extra_columns_stay_raw() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.csv"),
        "SubscriptionId,MeterCategory,Date,BillingCurrencyCode,CostInBillingCurrency,NewColumn2030\n\
         sub,Storage,9/1/2023,USD,1.5E-1,x\n",
    )
    .unwrap();
    let src = format!("a={}", dir.path().display());
    let out = query_csv(
        &[&src],
        "SELECT (SELECT NewColumn2030 FROM raw.a) AS raw_value, sum(BilledCost) AS b FROM a",
    );
    assert_eq!(out, "raw_value,b\nx,0.1500000000\n");
}

#[test]
fn manifests_pick_the_latest_run_and_the_export_type() {
    // tests/data/azure/manifests (make_fixture.py): an older ActualCost run (5 rows), the latest
    // ActualCost run (11 rows in two gzip parts) and an AmortizedCost run (28 rows, Parquet with
    // typed columns) whose path does not say "amortized": only the manifest does. The result
    // must equal ea-small combined (tests/golden/azure_totals.py: billed=19.0477801361…,
    // effective=16.2969321366…), so the older run is not counted.
    assert_eq!(totals("azure/manifests"), ["2023-09-01 USD 19.05 16.30"]);
    let o = focusql(&[
        "--source",
        &format!("a={}", data("azure/manifests")),
        "sources",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("┆ azure, azure-amortized ┆ 1.4           ┆ 3     ┆ 29"),
        "{out}"
    );
    let out = query(
        "azure/manifests",
        // The earliest Date in the fixture is 09/03/2023 (Parquet timestamp and CSV text alike).
        "SELECT BillingPeriodEnd, min(ChargePeriodStart) AS first_day FROM a GROUP BY 1",
    );
    assert_eq!(
        out,
        "BillingPeriodEnd,first_day\n2023-10-01T00:00:00Z,2023-09-03T00:00:00Z\n"
    );
}

#[test]
fn a_manifest_that_lists_a_missing_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir
        .path()
        .join("exports/x/20230901-20230930/202309220300/run1");
    std::fs::create_dir_all(&run).unwrap();
    std::fs::copy(
        data("azure/ea-small/actual/ea-actualcost-small.csv"),
        run.join("part_0_0001.csv"),
    )
    .unwrap();
    std::fs::write(
        run.join("manifest.json"),
        r#"{"exportConfig":{"exportName":"x","type":"ActualCost"},
            "runInfo":{"runId":"run1","submittedTime":"2023-09-22T03:00:00Z","startDate":"2023-09-01T00:00:00"},
            "blobs":[{"blobName":"exports/x/20230901-20230930/202309220300/run1/part_0_0001.csv"},
                     {"blobName":"exports/x/20230901-20230930/202309220300/run1/part_0_0002.csv"}]}"#,
    )
    .unwrap();
    let o = focusql(&[
        "--source",
        &format!("a={}", dir.path().display()),
        "sources",
    ]);
    assert_fails_with(&o, &["manifest.json", "part_0_0002.csv", "not there"]);
}

#[test]
fn azure_focus_export_rows_are_read_natively() {
    // The Microsoft rows of the FOCUS 1.0 sample: tests/golden/azure_totals.py prints
    //   focuscost-1.0: 2024-09-01 USD billed=1.97651418586 effective=1.97651418586
    let o = focusql(&[
        "--source",
        &format!("a={}", data("azure/focuscost-1.0")),
        "sources",
    ]);
    assert!(
        stdout(&o).contains("┆ focus  ┆ 1.0           ┆ 1     ┆ 51"),
        "{}",
        stdout(&o)
    );
    assert_eq!(totals("azure/focuscost-1.0"), ["2024-09-01 USD 1.98 1.98"]);
    let out = query(
        "azure/focuscost-1.0",
        "SELECT ServiceProviderName, count(DISTINCT x_Id) AS ids FROM a GROUP BY 1",
    );
    assert_eq!(out, "ServiceProviderName,ids\nMicrosoft,51\n");
}

/// The header row of a test data CSV (BOM removed; these headers have no quoted commas).
fn header(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(data(path)).unwrap();
    let first = text.lines().next().unwrap().trim_start_matches('\u{feff}');
    first.split(',').map(str::to_string).collect()
}

#[test]
fn mapping_doc_lists_every_column_the_projection_fills() {
    for file in [
        "azure/ea-anonymous/ea-actual-sample-anonymous.csv",
        "azure/ea-small/actual/ea-actualcost-small.csv",
        "azure/mca/mca-actualcost.csv",
    ] {
        let schema =
            datafusion::common::DFSchema::try_from(super::text_schema(&header(file).join(",")))
                .unwrap();
        super::doc_lists_mapped_columns(
            focusql_catalogs::formats::Format::AzureCost,
            &schema,
            "azure-cost-details.md",
        );
    }
}

#[test]
fn azure_openai_rows_map_as_ordinary_cost_rows() {
    // A cost-details column subset without billing period or billing account columns: the
    // period falls back to the month of Date, the account to the subscription.
    // Independent total: python3 -c "sum(Decimal(r['CostInBillingCurrency']) ...)" over the
    // file = 54.60 (8 rows).
    let out = query(
        "azure/ai",
        "SELECT BillingPeriodStart, BillingPeriodEnd, BillingAccountId, ServiceCategory, \
         ServiceSubcategory, count(*) AS n, sum(BilledCost) AS b FROM a GROUP BY 1, 2, 3, 4, 5",
    );
    assert_eq!(
        out,
        "BillingPeriodStart,BillingPeriodEnd,BillingAccountId,ServiceCategory,ServiceSubcategory,n,b\n\
         2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,00000000-0000-0000-0000-000000000001,AI and Machine Learning,Generative AI,8,54.6000000000\n"
    );
}

#[test]
fn azure_focuscost_1_2_is_read_natively_with_its_extension_columns() {
    // Constructed FocusCost 1.2 rows (tests/data/azure/focuscost-1.2/README.md): by hand,
    // BilledCost 2.208 + 0 + 46 = 48.208, EffectiveCost 2.208 + 1.472 + 0 = 3.68.
    let o = focusql(&[
        "--source",
        &format!("a={}", data("azure/focuscost-1.2")),
        "sources",
    ]);
    assert!(
        stdout(&o).contains("┆ focus  ┆ 1.2           ┆ 1     ┆ 3"),
        "{}",
        stdout(&o)
    );
    assert_eq!(totals("azure/focuscost-1.2"), ["2024-10-01 EUR 48.21 3.68"]);
    let out = query(
        "azure/focuscost-1.2",
        "SELECT x_AmortizationClass, x_EffectiveCostInUsd, HostProviderName FROM a \
         WHERE CommitmentDiscountStatus = 'Used'",
    );
    assert_eq!(
        out,
        "x_AmortizationClass,x_EffectiveCostInUsd,HostProviderName\nAmortized Charge,1.6,Microsoft\n"
    );
}

/// The constructed FocusCost fixtures of the other dataset versions (README in each folder,
/// written by tests/golden/make_provider_focus.py) and the version `sources` reads them as.
const FOCUSCOST_VERSIONS: [(&str, &str); 3] = [
    ("azure/focuscost-1.0-preview", "1.0"),
    ("azure/focuscost-1.0r2", "1.0"),
    ("azure/focuscost-1.2-preview", "1.2"),
];

#[test]
fn azure_focuscost_dataset_versions_are_recognised_and_reconcile() {
    // Expected sums printed by tests/golden/provider_focus_totals.py (exact decimals over the
    // raw CSV): 2024-05 USD billed 48.9415 effective 4.0293, 2024-06 USD billed 0.768
    // effective 0.768, the same rows in every version.
    for (path, version) in FOCUSCOST_VERSIONS {
        let o = focusql(&["--source", &format!("a={}", data(path)), "sources"]);
        let out = stdout(&o);
        assert!(
            out.contains(&format!("┆ focus  ┆ {version}           ┆ 1     ┆ 6")),
            "{path}: {out}"
        );
        assert_eq!(
            totals(path),
            ["2024-05-01 USD 48.94 4.03", "2024-06-01 USD 0.77 0.77"],
            "{path}"
        );
        let out = query(
            path,
            "SELECT sum(BilledCost) AS b, sum(EffectiveCost) AS e FROM a",
        );
        assert_eq!(out, "b,e\n49.7095000000,4.7973000000\n", "{path}");
    }
}

#[test]
fn focuscost_1_0_preview_columns_land_in_their_1_0_successors() {
    // UsageQuantity/UsageUnit -> ConsumedQuantity/Unit, Region -> RegionId and RegionName,
    // x_OnDemandCost -> ContractedCost, PricingCategory On-Demand/Commitment-Based ->
    // Standard/Committed, ChargeSubcategory Used/Unused Commitment -> CommitmentDiscountStatus
    // and Refund -> ChargeClass Correction; ChargeSubcategory itself stays as an x_ column.
    let out = query(
        "azure/focuscost-1.0-preview",
        "SELECT x_ChargeSubcategory, ChargeClass, CommitmentDiscountStatus, PricingCategory, \
         ConsumedQuantity, ConsumedUnit, RegionId, RegionName, ContractedCost FROM a \
         ORDER BY ChargePeriodStart, BilledCost",
    );
    assert_eq!(
        out,
        "x_ChargeSubcategory,ChargeClass,CommitmentDiscountStatus,PricingCategory,ConsumedQuantity,ConsumedUnit,RegionId,RegionName,ContractedCost\n\
         Used Commitment,,Used,Committed,24.0000000000,Hours,East US,East US,2.3040000000\n\
         Unused Commitment,,Unused,Committed,,,East US,East US,0.2880000000\n\
         On-Demand,,,Standard,24.0000000000,Hours,East US,East US,2.3040000000\n\
         On-Demand,,,Committed,,,East US,East US,46.6375000000\n\
         Refund,Correction,,Standard,-4.0000000000,Hours,East US,East US,-0.3840000000\n\
         On-Demand,,,Standard,12.0000000000,Hours,East US,East US,1.1520000000\n"
    );
    // The renamed preview columns are not kept a second time as extension columns; the
    // Azure ones without a successor are.
    let out = query("azure/focuscost-1.0-preview", "SELECT * FROM a LIMIT 1");
    let columns: Vec<&str> = out.lines().next().unwrap_or_default().split(',').collect();
    for gone in [
        "x_UsageQuantity",
        "x_UsageUnit",
        "x_Region",
        "x_OnDemandCost",
    ] {
        assert!(!columns.contains(&gone), "{gone} in {columns:?}");
    }
    for kept in ["x_ChargeSubcategory", "x_BilledCostInUsd", "x_SkuTerm"] {
        assert!(columns.contains(&kept), "{kept} missing from {columns:?}");
    }
}

#[test]
fn focuscost_1_0r2_and_1_2_preview_keep_their_extension_columns() {
    let out = query(
        "azure/focuscost-1.0r2",
        "SELECT x_SkuDetails, x_ChargeId, RegionName FROM a WHERE x_ChargeId = 'charge-1'",
    );
    assert_eq!(
        out,
        "x_SkuDetails,x_ChargeId,RegionName\n\"{\"\"VCPUs\"\":\"\"2\"\"}\",charge-1,East US\n"
    );
    let out = query(
        "azure/focuscost-1.2-preview",
        "SELECT count(*) AS n, count(x_AmortizationClass) AS amortized, min(x_ServiceModel) AS m, \
         count(InvoiceId) AS invoiced FROM a",
    );
    assert_eq!(out, "n,amortized,m,invoiced\n6,2,IaaS,4\n");
}

#[test]
fn a_charge_period_filter_prunes_typed_parquet_parts() {
    // The AmortizedCost part in tests/data/azure/manifests is Parquet with a timestamp Date:
    // the ChargePeriodStart filter reaches it as a row-group pruning predicate on Date.
    let out = query(
        "azure/manifests",
        "EXPLAIN SELECT sum(BilledCost) FROM a WHERE ChargePeriodStart >= TIMESTAMP '2023-09-15 00:00:00'",
    );
    let scan = out
        .split("\\n")
        .flat_map(|l| l.lines())
        .find(|l| {
            l.contains("DataSourceExec")
                && l.contains("file_type=parquet")
                && l.contains("projection=[Date, Cost, ChargeType, PricingModel]")
        })
        .unwrap_or_else(|| panic!("no Parquet scan of the needed columns in {out}"));
    assert!(
        scan.contains("pruning_predicate=") && scan.contains("Date_max@0 >= 1694736000000000"),
        "{scan}"
    );
}

#[test]
fn only_months_the_amortized_export_covers_are_reduced_to_purchases() {
    // ea-small (account 8611537, actual + amortized, USD) next to ea-anonymous (account
    // 12345678, actual only, CAD) in one source: the CAD account-month has no amortized rows,
    // so all 27 of its actual rows stay. tests/golden/azure_totals.py: CAD billed=1.26136926505726,
    // USD (actual + amortized) billed=19.0477801361…, effective=16.2969321366…
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "ea-small/actual/ea-actualcost-small.csv",
        "ea-small/amortized/ea-amortizedcost-small.csv",
        "ea-anonymous/ea-actual-sample-anonymous.csv",
    ] {
        let to = dir.path().join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(data(&format!("azure/{f}")), to).unwrap();
    }
    let out = query_csv(
        &[&format!("a={}", dir.path().display())],
        "SELECT BillingCurrency, count(*) AS n, sum(BilledCost) AS b, sum(EffectiveCost) AS e \
         FROM a GROUP BY 1 ORDER BY 1",
    );
    assert_eq!(
        out,
        "BillingCurrency,n,b,e\n\
         CAD,27,1.2613692651,1.2613692651\n\
         USD,29,19.0477801361,16.2969321366\n"
    );
}

#[test]
fn an_empty_month_adds_no_rows() {
    // A month whose export part has only the header row (or is 0 bytes) beside a real month.
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("exports/x/20231001-20231031");
    std::fs::create_dir_all(&empty).unwrap();
    let real = data("azure/ea-small/actual/ea-actualcost-small.csv");
    std::fs::copy(&real, dir.path().join("exports/x/sep.csv")).unwrap();
    let header = header("azure/ea-small/actual/ea-actualcost-small.csv").join(",");
    std::fs::write(empty.join("part_0_0001.csv"), format!("{header}\n")).unwrap();
    std::fs::write(empty.join("part_0_0002.csv"), "").unwrap();
    let out = query_csv(
        &[&format!("a={}", dir.path().display())],
        "SELECT count(*) AS n, sum(BilledCost) AS b FROM a",
    );
    // tests/golden/azure_totals.py: ea-small/actual billed=8.5450077867419368 (11 rows).
    assert_eq!(out, "n,b\n11,8.5450077867\n");
}
