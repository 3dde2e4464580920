//! FinOps functions end to end: the amortized-commitments report against the provider's own
//! EffectiveCost, and a split-cost dataset checked by `focusql validate`.

use focusql::Config;

use super::cli::{focusql, stderr, stdout};
use super::data;

/// The repository's saved reports folder.
fn report(name: &str) -> String {
    format!("{}/queries/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Rebuilding amortized commitment cost from purchases and CommitmentDiscountQuantity alone
/// gives, for every commitment, month and status (Used/Unused), exactly the EffectiveCost the
/// demo provider rows carry (16 groups over AWS and Azure commitments).
#[tokio::test]
async fn amortized_commitments_match_provider_effective_cost() {
    let config = Config {
        demo: true,
        ..Config::default()
    };
    let session = focusql::build(&config).await.unwrap();
    let sql = std::fs::read_to_string(report("amortized_commitments.sql")).unwrap();
    let frame = session.sql(&sql).await.unwrap();
    session
        .ctx
        .register_table("amortized", frame.into_view())
        .unwrap();
    let check = "
        WITH ours AS (
            SELECT CommitmentDiscountId AS id, strftime(CAST(day AS TIMESTAMP), '%Y-%m') AS month,
                   CommitmentDiscountStatus AS status, sum(AmortizedCost) AS cost
            FROM amortized GROUP BY 1, 2, 3),
        provider AS (
            SELECT CommitmentDiscountId AS id, strftime(ChargePeriodStart, '%Y-%m') AS month,
                   CommitmentDiscountStatus AS status, sum(EffectiveCost) AS cost
            FROM costs WHERE ChargeCategory = 'Usage' AND CommitmentDiscountId IS NOT NULL
            GROUP BY 1, 2, 3)
        SELECT count(*) AS groups,
               sum(CASE WHEN o.cost IS DISTINCT FROM p.cost THEN 1 ELSE 0 END) AS different
        FROM ours o FULL JOIN provider p ON o.id = p.id AND o.month = p.month AND o.status = p.status";
    let frame = session.sql(check).await.unwrap();
    let batches = session.collect(frame).await.unwrap();
    let text = arrow::util::pretty::pretty_format_batches(&batches)
        .unwrap()
        .to_string();
    assert!(text.contains("| 16     | 0         |"), "{text}");
}

/// A split produced with `allocate` (the demo's monthly support fee across AWS sub-accounts),
/// written as Parquet, passes every rule of `focusql validate`, and its parts add up to the
/// three fees (1600.31 + 1743.47 + 1689.24 = 5033.02).
#[test]
fn split_dataset_passes_validate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("split.parquet");
    let o = focusql(&[
        "--demo",
        "run",
        &data("finops/support_split.sql"),
        "--format",
        "parquet",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = focusql(&["validate", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 failed, 0 skipped"), "{}", stdout(&o));
    let o = focusql(&[
        "--source",
        &format!("split=focus:{}", out.display()),
        "query",
        "SELECT count(*), sum(BilledCost), count(DISTINCT AllocatedResourceId) FROM split WHERE AllocatedMethodId = 'focusql-proportional'",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("18") && text.contains("5033.02") && text.contains(" 6 "),
        "{text}"
    );
}

/// The saved report `cost_in_one_currency.sql` converts GBP (Oracle) with the monthly rates of
/// tests/data/finops/rates.csv; Python's Decimal over the exported demo rows (each row rounded
/// half away from zero to 10 places) gives 6250.00083968, 6209.119596032 and 6175.638878601.
/// Without a rates file it fails with one line naming the currency, not a silent sum.
#[test]
fn cost_in_one_currency_report() {
    let o = focusql(&[
        "--config",
        &data("finops/focusql.toml"),
        "--demo",
        "run",
        &report("cost_in_one_currency.sql"),
        "--param",
        "currency=USD",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for expected in [
        "2026-07,Oracle,6250.00083968",
        "2026-08,Oracle,6209.119596032",
        "2026-09,Oracle,6175.638878601",
    ] {
        assert!(text.contains(expected), "{expected} not in\n{text}");
    }
    let o = focusql(&["--demo", "run", &report("cost_in_one_currency.sql")]);
    super::cli::assert_fails_with(&o, &["convert_currency: unknown currency code", "EUR"]);
}

/// A rates file with a bad line stops the session with the file and line named.
#[test]
fn bad_rates_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rates.csv"),
        "date,from,to,rate\n2026-07,EUR,USD,1.1\n2026-07,EUR,USD,abc\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("focusql.toml"),
        "[currency]\nrates = \"rates.csv\"\n",
    )
    .unwrap();
    let o = super::cli::focusql_in(dir.path(), &["--demo", "query", "SELECT 1"]);
    super::cli::assert_fails_with(&o, &["rates.csv, line 3", "column rate: 'abc'"]);
}

/// The FinOps functions' money type is the FOCUS registry's MONEY type (udfs cannot depend on
/// catalogs, so each names it; this keeps them one).
#[test]
fn money_type_is_the_registrys() {
    assert_eq!(
        focusql_udfs::money::MONEY_TYPE,
        focusql_catalogs::registry::MONEY_TYPE
    );
}
