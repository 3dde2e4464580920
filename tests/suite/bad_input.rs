//! Bad input: each case gets a clear error naming the file (and row and column where there is
//! one) or a documented behaviour; nothing panics and no row is silently dropped.

use std::fs;
use std::path::Path;

use super::cli::{assert_fails_with, assert_query_fails, focusql, query_csv, stderr, stdout};
use super::data;

const FOCUS_1_2: &str = "focus/focus-1.2/focus_1_2_cost_and_usage_aws.csv";

fn source(name: &str, path: &Path) -> String {
    format!("{name}={}", path.display())
}

/// Run SQL over the source `s` at `path` and return the CSV result.
fn query_s(path: &Path, sql: &str) -> String {
    query_csv(&[&source("s", path)], sql)
}

fn count_and_sum(path: &Path) -> String {
    query_s(
        path,
        "SELECT count(*) AS n, sum(BilledCost) AS billed FROM s",
    )
}

#[test]
fn a_directory_without_focus_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "not billing data").unwrap();
    let o = focusql(&["--source", &source("s", dir.path()), "sources"]);
    assert_fails_with(&o, &["source 's'", "no billing files"]);
    fs::write(
        dir.path().join("cur.csv"),
        "lineItem/UnblendedCost,lineItem/UsageStartDate\n1,2\n",
    )
    .unwrap();
    let o = focusql(&[
        "--source",
        &format!("s=focus:{}", dir.path().display()),
        "sources",
    ]);
    assert_fails_with(
        &o,
        &["cur.csv", "is not a focus file", "lineItem/UnblendedCost"],
    );
    let missing = dir.path().join("nothing-here");
    let o = focusql(&["--source", &source("s", &missing), "sources"]);
    assert_fails_with(&o, &["nothing-here"]);
}

#[test]
fn a_file_missing_a_mandatory_column_reads_and_fails_validation() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(data(FOCUS_1_2)).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let drop = header
        .iter()
        .position(|c| *c == "ChargeDescription")
        .unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let fields = focusql_catalogs::files::split_csv_record(line);
        let kept: Vec<String> = fields
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != drop)
            .map(|(_, f)| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        out.push_str(&kept.join(","));
        out.push('\n');
    }
    fs::write(dir.path().join("f.csv"), out).unwrap();
    assert!(count_and_sum(dir.path()).contains("50,915.44376187"));
    let o = focusql(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("FAIL ChargeDescription-Present"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_cost_cell_that_is_not_a_number_names_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(data(FOCUS_1_2)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Row 6 as a spreadsheet counts (header = row 1): BilledCost is the 19th column.
    let mut fields = focusql_catalogs::files::split_csv_record(&lines[5]);
    fields[18] = "12,50".to_string();
    lines[5] = fields
        .iter()
        .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(",");
    let file = dir.path().join("bad.csv");
    fs::write(&file, lines.join("\n")).unwrap();
    assert_query_fails(
        &[&source("s", dir.path())],
        "SELECT sum(BilledCost) FROM s",
        &[
            "bad.csv",
            "row 6",
            "column BilledCost",
            "'12,50'",
            "not a decimal number",
        ],
    );
    let o = focusql(&["validate", dir.path().to_str().unwrap()]);
    assert!(
        stdout(&o).contains("FAIL BilledCost-Type"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn empty_files_are_skipped_and_other_rows_kept() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(data(FOCUS_1_2), dir.path().join("a.csv")).unwrap();
    fs::write(dir.path().join("b.csv"), "").unwrap();
    assert!(count_and_sum(dir.path()).contains("50,915.44376187"));
    let only_empty = tempfile::tempdir().unwrap();
    fs::write(only_empty.path().join("b.csv"), "").unwrap();
    let o = focusql(&["--source", &source("s", only_empty.path()), "sources"]);
    assert_fails_with(&o, &["no billing files", "empty file"]);
}

#[test]
fn truncated_and_lying_parquet_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("export");
    let o = focusql(&[
        "--source",
        &format!("s={}", data("focus/focus-1.2")),
        "export",
        "s",
        "--to",
        exported.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let good = fs::read(exported.join("s.parquet")).unwrap();
    let truncated = dir.path().join("truncated");
    fs::create_dir(&truncated).unwrap();
    fs::write(truncated.join("t.parquet"), &good[..good.len() / 2]).unwrap();
    let o = focusql(&["--source", &source("s", &truncated), "sources"]);
    assert_fails_with(&o, &["t.parquet", "not a valid Parquet file"]);
    // A footer length that claims gigabytes: stock readers try to allocate it.
    let lying = dir.path().join("lying");
    fs::create_dir(&lying).unwrap();
    let mut bytes = b"PAR1".to_vec();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes.extend_from_slice(&0x7fff_ffffu32.to_le_bytes());
    bytes.extend_from_slice(b"PAR1");
    fs::write(lying.join("l.parquet"), bytes).unwrap();
    let o = focusql(&["--source", &source("s", &lying), "sources"]);
    assert_fails_with(&o, &["l.parquet", "footer claims"]);
}

#[test]
fn a_csv_with_a_byte_order_mark_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fs::read(data(FOCUS_1_2)).unwrap());
    fs::write(dir.path().join("bom.csv"), bytes).unwrap();
    assert!(count_and_sum(dir.path()).contains("50,915.44376187"));
}

#[test]
fn wrong_encodings_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "BilledCost,ChargePeriodStart\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    fs::write(dir.path().join("utf16.csv"), bytes).unwrap();
    let o = focusql(&["--source", &source("s", dir.path()), "sources"]);
    assert_fails_with(&o, &["utf16.csv", "UTF-16"]);
}

#[test]
fn unknown_columns_are_kept_as_extension_columns() {
    let out = query_csv(
        &[&format!("s={}", data("focus/focus-1.0"))],
        "SELECT count(x_Id) AS n FROM s",
    );
    assert_eq!(out, "n\n1000\n");
}

#[test]
fn pre_1_0_focus_files_are_refused_clearly() {
    let o = focusql(&[
        "--source",
        &format!("s={}", data("focus/pre-1.0/all_pass_0.5.csv")),
        "sources",
    ]);
    assert_fails_with(&o, &["all_pass_0.5.csv", "FOCUS 0.5", "1.0 to 1.4"]);
    let o = focusql(&[
        "--source",
        &format!("s={}", data("focus/pre-1.0/sample.parquet")),
        "sources",
    ]);
    assert_fails_with(&o, &["sample.parquet", "1.0 to 1.4"]);
}

#[test]
fn quoted_newlines_and_null_spellings() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("f.csv"),
        "BilledCost,EffectiveCost,ChargePeriodStart,ChargeDescription,ChargeClass\n\
         1.5,1.5,2026-01-01 00:00:00,\"two\nlines\",NULL\n\
         2.5E0,2.5,2026-01-02T00:00:00Z,plain,null\n\
         3,3,2026-01-03,,\n",
    )
    .unwrap();
    let out = query_s(
        dir.path(),
        "SELECT count(*) AS n, sum(BilledCost) AS b, count(ChargeClass) AS c, count(ChargeDescription) AS d, min(ChargePeriodStart) AS t FROM s",
    );
    assert_eq!(out, "n,b,c,d,t\n3,7.0000000000,0,2,2026-01-01T00:00:00Z\n");
}

#[test]
fn a_directory_mixing_focus_versions_is_one_table() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        data("focus/focus-1.0/focus-1.0-sample-multiprovider.csv"),
        dir.path().join("2024-09.csv"),
    )
    .unwrap();
    fs::copy(
        data("focus/focus-1.4/synthetic_focus_1_4_cost_and_usage.csv"),
        dir.path().join("2026-05.csv"),
    )
    .unwrap();
    let out = query_s(
        dir.path(),
        "SELECT count(*) AS n, sum(BilledCost) AS billed, count(DISTINCT ServiceProviderName) AS providers FROM s",
    );
    // 1000 + 50 rows; 20.5202267289 + 725.6503672692 (sums from tests/golden/focus_totals.py)
    assert_eq!(out, "n,billed,providers\n1050,746.1705939981,3\n");
}
