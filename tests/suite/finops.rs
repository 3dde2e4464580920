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
