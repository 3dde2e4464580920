//! AI token billing through the binary: API pages recognised by `sources`, bad pages.

use super::cli::{assert_fails_with, focusql, stderr, stdout};
use super::data;

#[test]
fn sources_recognises_openai_and_anthropic_pages() {
    let o = focusql(&[
        "--source",
        &format!("oa={}", data("ai/openai")),
        "--source",
        &format!("an={}", data("ai/anthropic")),
        "sources",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let cells = |name: &str| -> Vec<String> {
        out.lines()
            .find(|l| {
                l.trim_start_matches('│')
                    .trim()
                    .starts_with(&format!("{name} "))
            })
            .map(|l| {
                l.trim_matches(|c| c == '│' || c == ' ')
                    .split('┆')
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    // name, format, focus_version, files, rows (cost lines in costs), periods, currencies
    assert_eq!(
        cells("oa"),
        ["oa", "openai", "", "2", "3", "2025-08", "USD"],
        "{out}"
    );
    assert_eq!(
        cells("an"),
        ["an", "anthropic", "", "2", "4", "2026-08", "USD"],
        "{out}"
    );
}

#[test]
fn a_truncated_page_is_an_error_naming_the_file() {
    let o = focusql(&[
        "--source",
        &format!("oa={}", data("ai/truncated")),
        "query",
        "SELECT count(*) FROM token_usage",
    ]);
    assert_fails_with(
        &o,
        &[
            "ai/truncated/usage-completions.json: is not a complete JSON page (truncated or malformed?)",
        ],
    );
}
