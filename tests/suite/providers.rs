//! All provider formats in one session: every fixture folder of AWS, Azure, GCP and OCI is
//! recognised as its format without being told (the order formats are tried in must not let
//! one provider's files pass for another's).

use super::cli::{focusql, stderr, stdout};
use super::data;

/// Each fixture folder and the format(s) `focusql sources` must report for it.
const FIXTURES: &[(&str, &str)] = &[
    ("aws/cur-commitments", "aws-cur"),
    ("aws/cur-legacy", "aws-cur"),
    ("aws/cur2", "aws-cur2"),
    ("aws/focus-export", "focus"),
    ("azure/ai", "azure"),
    ("azure/ea-anonymous", "azure"),
    ("azure/ea-small", "azure-amortized, azure"),
    ("azure/focuscost-1.0", "focus"),
    ("azure/focuscost-1.2", "focus"),
    ("azure/manifests", "azure, azure-amortized"),
    ("azure/mca", "azure"),
    ("gcp/detailed-avro", "gcp-billing"),
    ("gcp/detailed-ndjson", "gcp-billing"),
    ("gcp/detailed-ndjson-gz", "gcp-billing"),
    ("gcp/detailed-parquet", "gcp-billing"),
    ("gcp/standard", "gcp-billing"),
    ("gcp/vertex", "gcp-billing"),
    ("oci/corrections", "oci-cost"),
    ("oci/cost-report", "oci-cost"),
    ("oci/cost-report-gz", "oci-cost"),
    ("oci/focus", "focus"),
];

fn source_name(folder: &str) -> String {
    folder.replace(['/', '-', '.'], "_")
}

#[test]
fn sources_recognises_every_provider_fixture_in_one_session() {
    let mut args: Vec<String> = Vec::new();
    for (folder, _) in FIXTURES {
        args.push("--source".into());
        args.push(format!("{}={}", source_name(folder), data(folder)));
    }
    args.push("sources".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = focusql(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for (folder, format) in FIXTURES {
        let name = source_name(folder);
        let row = out
            .lines()
            .find(|l| {
                l.split('┆')
                    .next()
                    .is_some_and(|c| c.trim_matches(['│', ' ']) == name)
            })
            .unwrap_or_else(|| panic!("no row for {name} in\n{out}"));
        let found = row.split('┆').nth(1).map(str::trim);
        assert_eq!(found, Some(*format), "{folder}: {row}");
    }
}
