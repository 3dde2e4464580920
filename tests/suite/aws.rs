//! AWS formats: legacy CUR (CSV, CSV.gz), CUR 2.0 Parquet, the AWS FOCUS export, and CUR
//! manifests. Expected totals come from `tests/golden/aws_totals.py` (an independent sum over
//! the raw files with Python's csv module and exact decimals) unless a comment says otherwise.

use std::fs;
use std::path::Path;

use super::cli::{assert_export_validates, assert_query_fails, focusql, query_csv, stderr, stdout};
use super::data;

const LEGACY: &str = "aws/cur-legacy";
const CUR2: &str = "aws/cur2";
const COMMITMENTS: &str = "aws/cur-commitments";

/// Run SQL over the source `s` at `path` and return the CSV result.
fn query(path: &str, sql: &str) -> String {
    query_csv(&[&format!("s={path}")], sql)
}

const TOTALS: &str = "SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, BillingCurrency AS currency, count(*) AS n, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective FROM s GROUP BY 1, 2 ORDER BY 1, 2";

/// tests/golden/aws_totals.py: cur-legacy-sample-anonymous.csv 2023-11 USD: rows=1281
/// billed=1.6823086974 effective=1.6823086974 (the sample is Usage and Tax only).
const SAMPLE_TOTALS: &str =
    "period,currency,n,billed,effective\n2023-11,USD,1281,1.6823086974,1.6823086974\n";

#[test]
fn legacy_cur_csv_totals_reconcile() {
    assert_eq!(query(&data(LEGACY), TOTALS), SAMPLE_TOTALS);
}

#[test]
fn legacy_cur_csv_gz_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let raw = fs::read(Path::new(&data(LEGACY)).join("cur-legacy-sample-anonymous.csv")).unwrap();
    let gz = fs::File::create(dir.path().join("report-00001.csv.gz")).unwrap();
    let mut enc = flate2::write::GzEncoder::new(gz, flate2::Compression::default());
    std::io::Write::write_all(&mut enc, &raw).unwrap();
    enc.finish().unwrap();
    assert_eq!(query(dir.path().to_str().unwrap(), TOTALS), SAMPLE_TOTALS);
}

#[test]
fn cur2_parquet_totals_reconcile_and_tags_come_from_the_map() {
    // The Parquet file is the legacy sample snake_cased (tests/golden/make_aws_cur2.py), so the
    // totals are the sample's; 799 AmazonS3 rows carry the resource_tags entry.
    assert_eq!(query(&data(CUR2), TOTALS), SAMPLE_TOTALS);
    assert_eq!(
        query(
            &data(CUR2),
            "SELECT Tags, count(*) AS n FROM s WHERE Tags IS NOT NULL GROUP BY Tags"
        ),
        "Tags,n\n\"{\"\"user_team\"\":\"\"storage\"\"}\",799\n"
    );
}

#[test]
fn legacy_and_cur2_agree_service_by_service() {
    // One mapping for both naming conventions: the same rows give the same FOCUS answer, even
    // though CUR 2.0 keeps the product name in the `product` map. S3: 799 rows, 1.4405653565
    // (Python csv + Decimal over the legacy CSV, rows with product/ProductName = Amazon Simple
    // Storage Service).
    let sql = "SELECT ServiceName, ServiceCategory, count(*) AS n, sum(BilledCost) AS b FROM s GROUP BY 1, 2 ORDER BY 1";
    let legacy = query(&data(LEGACY), sql);
    assert_eq!(legacy, query(&data(CUR2), sql));
    assert!(
        legacy.contains("Amazon Simple Storage Service,Storage,799,1.4405653565\n"),
        "{legacy}"
    );
    assert_eq!(
        query(
            &data(CUR2),
            "SELECT x_CostCategories AS c, count(*) AS n FROM s WHERE x_CostCategories IS NOT NULL GROUP BY 1"
        ),
        "c,n\n\"{\"\"team\"\":\"\"data\"\"}\",99\n"
    );
}

#[test]
fn sources_recognises_each_aws_format_without_being_told() {
    let a = format!("legacy={}", data(LEGACY));
    let b = format!("cur2={}", data(CUR2));
    let c = format!("awsfocus={}", data("aws/focus-export"));
    let o = focusql(&["--source", &a, "--source", &b, "--source", &c, "sources"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let row = |name: &str| {
        out.lines()
            .find(|l| l.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("no {name} row in {out}"))
            .to_string()
    };
    assert!(row("legacy").contains("aws-cur ") && row("legacy").contains("1281"));
    assert!(row("cur2").contains("aws-cur2") && row("cur2").contains("2023-11"));
    assert!(row("awsfocus").contains("focus") && row("awsfocus").contains("942"));
}

#[test]
fn commitments_amortise_and_split_rows_are_not_counted_twice() {
    let path = data(COMMITMENTS);
    // Hand calculation in tests/data/aws/cur-commitments/README.md, and
    // tests/golden/aws_totals.py: rows=13 billed=152.8000000000 effective=47.6000000000.
    assert_eq!(
        query(&path, TOTALS),
        "period,currency,n,billed,effective\n2023-11,USD,13,152.8000000000,47.6000000000\n"
    );
    let rows = query(
        &path,
        "SELECT x_LineItemType AS t, ChargeCategory AS c, ChargeClass AS k, ChargeFrequency AS f, EffectiveCost AS e, CommitmentDiscountType AS ct, CommitmentDiscountStatus AS cs FROM s WHERE x_LineItemType NOT IN ('Usage') ORDER BY t",
    );
    assert_eq!(
        rows,
        "t,c,k,f,e,ct,cs\n\
         Credit,Credit,,One-Time,-3.0000000000,,\n\
         DiscountedUsage,Usage,,Usage-Based,1.2000000000,Reserved Instance,Used\n\
         Fee,Purchase,,One-Time,0.0000000000,Reserved Instance,\n\
         RIFee,Purchase,,Recurring,8.0000000000,Reserved Instance,\n\
         Refund,Adjustment,Correction,One-Time,-0.5000000000,,\n\
         SavingsPlanCoveredUsage,Usage,,Usage-Based,0.6000000000,Savings Plan,Used\n\
         SavingsPlanNegation,Usage,,Usage-Based,0.0000000000,Savings Plan,Used\n\
         SavingsPlanRecurringFee,Purchase,,Recurring,35.4000000000,Savings Plan,\n\
         Tax,Tax,,Recurring,2.5000000000,,\n"
    );
    // The two pod rows split the parent's 2.4 (1.5 + 0.3 and 0.5 + 0.1) and bill nothing.
    assert_eq!(
        query(
            &path,
            "SELECT AllocatedResourceId AS pod, ResourceId AS parent, BilledCost AS b, x_SplitCost AS share FROM s WHERE AllocatedMethodId = 'SplitCostAllocation' ORDER BY pod"
        ),
        "pod,parent,b,share\n\
         arn:aws:eks:us-east-1:111122223333:pod/prod/shop/checkout-7f9,i-0eksnode,0.0000000000,1.8000000000\n\
         arn:aws:eks:us-east-1:111122223333:pod/prod/shop/search-2c1,i-0eksnode,0.0000000000,0.6000000000\n"
    );
    assert_eq!(
        query(
            &path,
            "SELECT json_get_str(AllocatedMethodDetails, 'split_line_item_split_usage_ratio') AS ratio FROM s WHERE AllocatedMethodId IS NOT NULL ORDER BY ratio"
        ),
        "ratio\n0.375\n0.625\n"
    );
    assert_eq!(
        query(&path, "SELECT Tags FROM s WHERE ResourceId = 'i-0ondemand'"),
        "Tags\n\"{\"\"aws:createdBy\"\":\"\"IAMUser:AIDAEXAMPLE:ops\"\",\"\"user:team\"\":\"\"web\"\"}\"\n"
    );
}

#[test]
fn aws_focus_export_rows_read_natively_with_extension_columns() {
    // tests/golden/focus_totals.py, focus-1.0-sample-multiprovider.csv: AWS USD 942
    // 18.0066386184 13.00 (the same rows).
    assert_eq!(
        query(&data("aws/focus-export"), TOTALS),
        "period,currency,n,billed,effective\n2024-09,USD,942,18.0066386184,13.0000000000\n"
    );
    let out = query(&data("aws/focus-export"), "SELECT count(x_Id) AS n FROM s");
    assert_eq!(out, "n\n942\n");
}

#[test]
fn aws_exports_pass_validate_for_1_2_to_1_4() {
    for fixture in [LEGACY, CUR2, COMMITMENTS] {
        for version in ["1.2", "1.3", "1.4"] {
            assert_export_validates(&format!("s={}", data(fixture)), version);
        }
    }
}

/// The raw scan line of an EXPLAIN over source `s`.
fn scan_line(path: &str, sql: &str) -> String {
    let plan = query(path, &format!("EXPLAIN {sql}"));
    plan.lines()
        .find(|l| l.contains("DataSourceExec"))
        .unwrap_or_else(|| panic!("no scan in {plan}"))
        .to_string()
}

#[test]
fn projection_and_filters_reach_the_raw_scan() {
    let sql =
        "SELECT sum(BilledCost) FROM s WHERE ChargePeriodStart >= TIMESTAMP '2023-11-10 00:00:00'";
    let csv = scan_line(&data(LEGACY), sql);
    assert!(
        csv.contains("projection=[lineItem/UsageStartDate, lineItem/UnblendedCost]"),
        "{csv}"
    );
    let parquet = scan_line(&data(CUR2), sql);
    assert!(
        parquet.contains("projection=[line_item_usage_start_date, line_item_unblended_cost]")
            && parquet.contains("pruning_predicate=")
            && parquet.contains("line_item_usage_start_date_max"),
        "{parquet}"
    );
}

#[test]
fn a_cur_file_missing_a_required_column_names_file_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cur.csv");
    fs::write(
        &file,
        "bill/PayerAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,bill/BillingPeriodStartDate,lineItem/CurrencyCode\n1,Usage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,USD\n",
    )
    .unwrap();
    assert_query_fails(
        &[&format!("s={}", dir.path().display())],
        "SELECT 1",
        &["cur.csv", "lineItem/UnblendedCost"],
    );
}

#[test]
fn months_with_different_columns_union_by_name_and_extra_columns_stay_raw() {
    let dir = tempfile::tempdir().unwrap();
    let head = "bill/PayerAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/CurrencyCode,lineItem/UnblendedCost";
    fs::create_dir_all(dir.path().join("20231001-20231101")).unwrap();
    fs::create_dir_all(dir.path().join("20231101-20231201")).unwrap();
    fs::write(
        dir.path().join("20231001-20231101/r-1.csv"),
        format!("{head}\n1,Usage,2023-10-01T00:00:00Z,2023-10-02T00:00:00Z,2023-10-01T00:00:00Z,2023-11-01T00:00:00Z,USD,1.25\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("20231101-20231201/r-1.csv"),
        format!("{head},resourceTags/user:team,myCustomColumn\n1,Usage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,USD,2.5E-1,web,zzz\n"),
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    assert_eq!(
        query(path, TOTALS),
        "period,currency,n,billed,effective\n2023-10,USD,1,1.2500000000,1.2500000000\n2023-11,USD,1,0.2500000000,0.2500000000\n"
    );
    assert_eq!(
        query(path, "SELECT Tags FROM s WHERE Tags IS NOT NULL"),
        "Tags\n\"{\"\"user:team\"\":\"\"web\"\"}\"\n"
    );
    assert_eq!(
        query(
            path,
            "SELECT \"myCustomColumn\" FROM raw.s WHERE \"myCustomColumn\" IS NOT NULL"
        ),
        "myCustomColumn\nzzz\n"
    );
}

#[test]
fn every_mapped_column_is_in_the_mapping_doc() {
    let text = fs::read_to_string(Path::new(&data(LEGACY)).join("cur-legacy-sample-anonymous.csv"))
        .unwrap();
    let header = text.lines().next().unwrap();
    let schema = datafusion::common::DFSchema::try_from(super::text_schema(header)).unwrap();
    super::doc_lists_mapped_columns(
        focusql_catalogs::formats::Format::AwsCur,
        &schema,
        "aws-cur.md",
    );
}

/// A legacy CUR folder as AWS delivers it with "create new report versions"
/// (`<report>/<yyyymmdd-yyyymmdd>/<assemblyId>/<report>-1.csv.gz` and
/// `<report>-Manifest.json` naming the current assembly in `reportKeys`; AWS CUR user guide,
/// "understanding-report-versions"): only the current assembly counts.
#[test]
fn manifests_name_the_current_assembly_and_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let period = dir.path().join("myreport/20231101-20231201");
    let head = "bill/PayerAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/CurrencyCode,lineItem/UnblendedCost";
    for (assembly, cost) in [("asm-old", "9.99"), ("asm-new", "1.25")] {
        fs::create_dir_all(period.join(assembly)).unwrap();
        let gz = fs::File::create(period.join(assembly).join("myreport-1.csv.gz")).unwrap();
        let mut enc = flate2::write::GzEncoder::new(gz, flate2::Compression::default());
        let body = format!(
            "{head}\n1,Usage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,USD,{cost}\n"
        );
        std::io::Write::write_all(&mut enc, body.as_bytes()).unwrap();
        enc.finish().unwrap();
    }
    fs::write(
        period.join("myreport-Manifest.json"),
        r#"{"assemblyId":"asm-new","reportKeys":["cur/myreport/20231101-20231201/asm-new/myreport-1.csv.gz"],"billingPeriod":{"start":"20231101T000000.000Z","end":"20231201T000000.000Z"}}"#,
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    assert_eq!(
        query(path, TOTALS),
        "period,currency,n,billed,effective\n2023-11,USD,1,1.2500000000,1.2500000000\n"
    );

    // CUR 2.0: a stale second file in the data folder is not in the manifest's dataFiles.
    let cur2 = tempfile::tempdir().unwrap();
    let src = Path::new(&data(CUR2)).to_path_buf();
    let data_dir = cur2.path().join("data/BILLING_PERIOD=2023-11");
    let meta_dir = cur2.path().join("metadata/BILLING_PERIOD=2023-11");
    fs::create_dir_all(&data_dir).unwrap();
    fs::create_dir_all(&meta_dir).unwrap();
    let parquet = src.join("data/BILLING_PERIOD=2023-11/cur2-00001.snappy.parquet");
    fs::copy(&parquet, data_dir.join("cur2-00001.snappy.parquet")).unwrap();
    fs::copy(&parquet, data_dir.join("cur2-00002.snappy.parquet")).unwrap();
    fs::copy(
        src.join("metadata/BILLING_PERIOD=2023-11/cur2-Manifest.json"),
        meta_dir.join("cur2-Manifest.json"),
    )
    .unwrap();
    assert_eq!(query(cur2.path().to_str().unwrap(), TOTALS), SAMPLE_TOTALS);
}

/// With private pricing AWS adds `Net*` columns (AWS CUR user guide, "Line item details":
/// lineItem/NetUnblendedCost; "Reservation details": reservation/NetEffectiveCost): BilledCost
/// and EffectiveCost use them. Hand calculation: billed 9.00 + 0 = 9.00; effective 9.00 + 1.80
/// = 10.80 (the gross 10.00 and 2.00 are ignored).
#[test]
fn net_columns_win_when_present() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("edp.csv"),
        "bill/PayerAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/NetUnblendedCost,reservation/ReservationARN,reservation/EffectiveCost,reservation/NetEffectiveCost\n\
         1,Usage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,USD,10.00,9.00,,,\n\
         1,DiscountedUsage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z,USD,0,0,arn:aws:ec2:us-east-1:1:reserved-instances/x,2.00,1.80\n",
    )
    .unwrap();
    assert_eq!(
        query(dir.path().to_str().unwrap(), TOTALS),
        "period,currency,n,billed,effective\n2023-11,USD,2,9.0000000000,10.8000000000\n"
    );
}
