//! The `focusql` binary end to end: each command's success and error paths, exit codes and
//! one-line errors.

use std::path::Path;
use std::process::{Command, Output};

use super::data;

/// Run the focusql binary with arguments, in `dir`.
pub fn focusql_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_focusql"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .output()
        .expect("focusql runs")
}

/// Run SQL over the given `--source` specs (`NAME=[FORMAT:]PATH`) and return the CSV result;
/// the query must succeed.
pub fn query_csv(sources: &[&str], sql: &str) -> String {
    let mut args = Vec::new();
    for source in sources {
        args.extend(["--source", source]);
    }
    args.extend(["query", "--format", "csv", sql]);
    let o = focusql(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// Run `sql` over `sources` (`NAME=[FORMAT:]PATH`) and require the one-line error with exit
/// status 1 that mentions every needle.
pub fn assert_query_fails(sources: &[&str], sql: &str, needles: &[&str]) {
    let mut args = Vec::new();
    for source in sources {
        args.extend(["--source", source]);
    }
    args.extend(["query", sql]);
    assert_fails_with(&focusql(&args), needles);
}

/// Export the source of `source` (`NAME=[FORMAT:]PATH`) as FOCUS `version` and validate the
/// files at that version: both succeed and no rule fails.
pub fn assert_export_validates(source: &str, version: &str) {
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
    assert!(
        o.status.success(),
        "export {source} {version}: {}",
        stderr(&o)
    );
    let o = focusql(&["validate", out, "--focus-version", version]);
    let report = stdout(&o);
    assert!(
        o.status.success(),
        "validate {source} {version}: {report}{}",
        stderr(&o)
    );
    assert!(
        report.contains(" 0 failed") && !report.lines().any(|l| l.starts_with("FAIL")),
        "{source} as {version}:\n{report}"
    );
}

/// Run the focusql binary with arguments in a fresh empty directory (so no stray
/// focusql.toml is picked up).
pub fn focusql(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("a scratch directory");
    focusql_in(dir.path(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Assert failure with exit status 1 and a one-line error containing all `needles`.
pub fn assert_fails_with(o: &Output, needles: &[&str]) {
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 1, "one error line expected, got: {err}");
    for n in needles {
        assert!(
            lines[0].contains(n),
            "error '{}' should mention '{n}'",
            lines[0]
        );
    }
}

#[test]
fn query_prints_a_table_and_csv() {
    let src = format!("aws=focus:{}", data("focus/focus-1.2"));
    let o = focusql(&[
        "--source",
        &src,
        "query",
        "SELECT count(*) AS n, sum(BilledCost) AS billed FROM aws",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("915.44376187") && out.contains("50"), "{out}");
    let o = focusql(&[
        "--source",
        &src,
        "query",
        "--format",
        "csv",
        "SELECT count(*) AS n FROM aws",
    ]);
    assert_eq!(stdout(&o), "n\n50\n");
}

#[test]
fn query_formats_json_ndjson_and_parquet_file() {
    let src = format!("aws=focus:{}", data("focus/focus-1.2"));
    let sql = "SELECT ChargeCategory, count(*) AS n FROM aws GROUP BY 1 ORDER BY 1";
    let o = focusql(&["--source", &src, "query", "--format", "json", sql]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert!(json.as_array().is_some_and(|a| !a.is_empty()));
    let o = focusql(&["--source", &src, "query", "--format", "ndjson", sql]);
    for line in stdout(&o).lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("each line is JSON");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.parquet");
    let o = focusql(&[
        "--source",
        &src,
        "query",
        "--format",
        "parquet",
        "--output",
        file.to_str().unwrap(),
        sql,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reader =
        parquet::file::reader::SerializedFileReader::new(std::fs::File::open(&file).unwrap())
            .expect("a Parquet file");
    use parquet::file::reader::FileReader;
    assert!(reader.metadata().file_metadata().num_rows() > 0);
}

#[test]
fn query_error_is_one_line_with_exit_status_1() {
    let src = format!("aws=focus:{}", data("focus/focus-1.2"));
    let o = focusql(&["--source", &src, "query", "SELECT NoSuchColumn FROM aws"]);
    assert_fails_with(&o, &["NoSuchColumn"]);
    let o = focusql(&["query", "SELEC 1"]);
    assert_fails_with(&o, &["SELEC"]);
}

#[test]
fn run_a_report_with_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.sql");
    std::fs::write(
        &report,
        "-- title: Cost since\n-- param: since = 2026-05-01\n-- param: category\n\
         SELECT count(*) AS n FROM aws WHERE ChargePeriodStart >= $since AND ChargeCategory = $category",
    )
    .unwrap();
    let src = format!("aws=focus:{}", data("focus/focus-1.2"));
    let r = report.to_str().unwrap();
    let o = focusql(&[
        "--source",
        &src,
        "run",
        r,
        "--param",
        "category=Usage",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let n: usize = stdout(&o).lines().nth(1).unwrap().parse().unwrap();
    assert!(n > 0 && n <= 50);
    let o = focusql(&["--source", &src, "run", r]);
    assert_fails_with(&o, &["r.sql", "category", "--param"]);
    let o = focusql(&["--source", &src, "run", r, "--param", "categroy=Usage"]);
    assert_fails_with(&o, &["categroy"]);
    let o = focusql(&[
        "--source",
        &src,
        "run",
        r,
        "--param",
        "category=Usage",
        "--param",
        "since=notadate",
    ]);
    assert_fails_with(&o, &["since", "notadate"]);
}

#[test]
fn run_a_report_with_a_limit_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("top.sql");
    std::fs::write(
        &report,
        "-- title: Top charges\n-- param: top = 3\n-- param: skip = 0\n\
         SELECT BilledCost FROM aws ORDER BY BilledCost DESC, ChargePeriodStart LIMIT $top OFFSET $skip",
    )
    .unwrap();
    let src = format!("aws=focus:{}", data("focus/focus-1.2"));
    let r = report.to_str().unwrap();
    let rows = |args: &[&str]| -> usize {
        let mut all = vec!["--source", &src, "run", r, "--format", "csv"];
        all.extend_from_slice(args);
        let o = focusql(&all);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().count() - 1
    };
    assert_eq!(rows(&[]), 3);
    assert_eq!(rows(&["--param", "top=5"]), 5);
    // the focus-1.2 sample has 50 rows
    assert_eq!(rows(&["--param", "top=5", "--param", "skip=48"]), 2);
    let o = focusql(&["--source", &src, "run", r, "--param", "top=five"]);
    assert_fails_with(&o, &["top", "five"]);
    let o = focusql(&[
        "--source",
        &src,
        "query",
        "SELECT ServiceName FROM aws LIMIT $top",
        "--param",
        "top=4",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 5);
}

#[test]
fn sources_lists_format_version_files_rows_periods_currencies() {
    let a = format!("v10={}", data("focus/focus-1.0"));
    let b = format!("v14={}", data("focus/focus-1.4"));
    let o = focusql(&["--source", &a, "--source", &b, "sources"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let v10 = out.lines().find(|l| l.contains("v10")).expect("v10 row");
    for needle in ["focus", "1.0", "1000", "2024-09", "USD"] {
        assert!(v10.contains(needle), "{v10} lacks {needle}");
    }
    let v14 = out.lines().find(|l| l.contains("v14")).expect("v14 row");
    assert!(
        v14.contains("1.4") && v14.contains(" 50 ") && v14.contains("2026-05"),
        "{v14}"
    );
}

#[test]
fn config_file_and_version_selection() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("focusql.toml"),
        format!(
            "[session]\nfocus_version = \"1.2\"\nmemory_limit = \"1g\"\n\n[[sources]]\nname = \"aws\"\nformat = \"focus\"\nlocation = \"{}\"\n",
            data("focus/focus-1.4")
        ),
    )
    .unwrap();
    // The 1.4 file presented as 1.2: ProviderName comes back from ServiceProviderName.
    let o = focusql_in(
        dir.path(),
        &[
            "query",
            "--format",
            "csv",
            "SELECT DISTINCT ProviderName FROM aws",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "ProviderName\nAWS\n");
    let o = focusql_in(
        dir.path(),
        &["query", "SELECT ServiceProviderName FROM aws"],
    );
    assert_fails_with(&o, &["ServiceProviderName"]);
    std::fs::write(
        dir.path().join("focusql.toml"),
        "[session]\nfocus_version = \"2.0\"\n",
    )
    .unwrap();
    let o = focusql_in(dir.path(), &["sources"]);
    assert_fails_with(&o, &["2.0"]);
}

#[test]
fn export_passes_validate_for_each_version() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!("v14={}", data("focus/focus-1.4"));
    for version in ["1.2", "1.3", "1.4"] {
        for format in ["parquet", "csv"] {
            let out = dir.path().join(format!("{version}-{format}"));
            let o = focusql(&[
                "--source",
                &src,
                "--focus-version",
                version,
                "export",
                "v14",
                "--to",
                out.to_str().unwrap(),
                "--format",
                format,
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            let o = focusql(&[
                "validate",
                out.to_str().unwrap(),
                "--focus-version",
                version,
            ]);
            let report = stdout(&o);
            assert!(report.contains("PASS"), "{report}");
            // The synthetic 1.4 sample is not fully conformant; every rule the export fails
            // must also fail on the source.
            let source = focusql(&[
                "validate",
                &data("focus/focus-1.4"),
                "--focus-version",
                version,
            ]);
            let source_report = stdout(&source);
            for line in report.lines().filter(|l| l.starts_with("FAIL")) {
                let id = line.split_whitespace().nth(1).unwrap();
                assert!(
                    source_report
                        .lines()
                        .any(|l| l.starts_with("FAIL") && l.contains(id)),
                    "export fails {id} but the source does not:\n{report}\n{source_report}"
                );
            }
        }
    }
}

#[test]
fn demo_everywhere() {
    let o = focusql(&[
        "--demo",
        "query",
        "--format",
        "csv",
        "SELECT count(DISTINCT ServiceProviderName) AS n FROM costs",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "n\n6\n");
    let o = focusql(&["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("anthropic"));
    let dir = tempfile::tempdir().unwrap();
    let o = focusql(&[
        "--demo",
        "export",
        "aws",
        "--to",
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = focusql(&["validate", dir.path().to_str().unwrap()]);
    assert!(
        o.status.success(),
        "demo export must validate:\n{}",
        stdout(&o)
    );
}

#[test]
fn unquoted_names_in_any_case_keep_the_canonical_spelling_in_results() {
    let src = format!("aws=focus:{}", data("focus/focus-1.2"));
    // 50 rows, BilledCost 915.44376187 (tests/golden/focus_totals.py)
    let out = query_csv(
        &[&src],
        "SELECT serviceprovidername, COUNT(*) AS N, SUM(BILLEDCOST) FROM AWS GROUP BY SERVICEPROVIDERNAME",
    );
    assert_eq!(
        out,
        "ServiceProviderName,N,sum(aws.BilledCost)\nAWS,50,915.4437618700\n"
    );
}

#[test]
fn a_misspelt_column_suggests_the_closest_focus_column() {
    let src = format!("aws=focus:{}", data("focus/focus-1.2"));
    let o = focusql(&["--source", &src, "query", "SELECT SUM(BiledCost) FROM aws"]);
    assert_fails_with(
        &o,
        &["column BiledCost not found; did you mean BilledCost?"],
    );
}

#[test]
fn a_saved_report_never_adds_two_currencies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("whole_bill.sql"),
        "-- title: Whole bill, unconverted\nSELECT ROUND(SUM(BilledCost), 2) AS billed FROM costs\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("by_currency.sql"),
        "-- title: By currency\nSELECT BillingCurrency, ROUND(SUM(BilledCost), 2) AS billed FROM costs GROUP BY BillingCurrency ORDER BY 1\n",
    )
    .unwrap();
    // The demo bill is in EUR, GBP and USD: summing it unconverted in a report is an error ...
    let o = focusql_in(dir.path(), &["--demo", "run", "whole_bill.sql"]);
    assert_fails_with(&o, &["whole_bill.sql", "cannot add", "convert them first"]);
    // ... while per currency it adds up: 83405.21 + 14599.08 + 322383.74 = 420388.03, the
    // ad-hoc query's (unguarded) total.
    let o = focusql_in(
        dir.path(),
        &["--demo", "run", "--format", "csv", "by_currency.sql"],
    );
    assert_eq!(
        stdout(&o),
        "BillingCurrency,billed\nEUR,83405.21\nGBP,14599.08\nUSD,322383.74\n",
        "{}",
        stderr(&o)
    );
    let o = focusql(&[
        "--demo",
        "query",
        "--format",
        "csv",
        "SELECT ROUND(SUM(BilledCost), 2) AS billed FROM costs",
    ]);
    assert_eq!(stdout(&o), "billed\n420388.03\n");
}
