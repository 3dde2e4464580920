//! Billed model names of cloud bills → the price catalog's model ids.
//!
//! A cloud bill names a model its own way: Bedrock usage types squash a display name
//! (`Claude4.6Sonnet`, `Nova2.0Lite`, `Llama4-Maverick-17B`) or embed the API id
//! (`openai.gpt-oss-120b`), Azure meters abbreviate (`gpt-4o-mini-0718`, `5.4 mini`,
//! `o3 mini 0131`), Vertex SKUs use display names (`Gemini 2.5 Flash Lite`), and Bedrock
//! Marketplace lines name the model only in the product name (`Claude Sonnet 4.6 (Amazon Bedrock
//! Edition)`). [`catalog_model_id`] resolves such a name in two steps:
//!
//! 1. the override table `catalogs/data/cloud_model_ids.csv` (exact, case-insensitive);
//! 2. a match of the name's [`Signature`] against the signatures of the catalog ids of that
//!    bill's provider (`AWS`, `Microsoft`, `Google Cloud` rows of `token_prices.csv`).
//!
//! A signature is what is left of a name after normalising both sides the same way: lowercase,
//! split into alphanumeric runs, at CamelCase (of names without spaces) and at letter/digit boundaries (`Claude4.6Sonnet` →
//! claude 4 6 sonnet); the words as a set (`Claude4.6Sonnet` = `claude-sonnet-4-6`), the numbers in order;
//! a `.0` after a number dropped (`Nova2.0Lite` = `nova-2-lite`); vendor names and noise words
//! (`anthropic`, `amazon`, `ga`, `text`, `global`, `instruct`, …) dropped (and a bare Azure
//! version gets its `gpt`: `5.4 mini` = `gpt-5.4-mini`); and three
//! qualifiers taken out: the snapshot date (`0718`, `2024-07-18`, `20251001`, `08062026` all key
//! as month+day; a bare four-digit tag like Mistral's `2402` keys as itself), the revision
//! (`-v1:0`, `V2`) and the stage (`preview`, `exp`).
//!
//! The words and numbers must be equal — no partial or fuzzy match, so `Gemini 2.5 Flash` never
//! becomes `gemini-2.5-flash-lite`. Among equal signatures the tie rule is, in order:
//! a billed revision must equal the id's (no billed revision accepts `v1` or none); a billed
//! date must equal the id's date, and an undated id is used only when the catalog has no dated
//! snapshot of that name; a billed name without a date takes the undated alias when there is one;
//! a stable id wins over a preview id, and a preview id is used only when no stable one matches;
//! the id without a host/region prefix wins (then `global.` / `vertex_ai/`, then other regions);
//! what remains must have identical price rows in the catalog — else the name is ambiguous and
//! gets None — and of those the shortest id, then the latest (greatest) id is taken.
//! No match gives None: the line stays unpriced with a warning rather than priced as a wrong
//! model.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

use focusql_udfs::tokens::PriceEntry;
use regex::Regex;

use crate::formats::cloud_ai::Bill;
use crate::prices::shipped_prices;

/// `source_system,billed_model,model_id`: explicit mappings, checked before the signature match.
const CLOUD_MODEL_IDS_CSV: &str = include_str!("../data/cloud_model_ids.csv");

/// Words that never tell two models apart: vendors (the id's `vendor.` prefix is dropped too),
/// and the packaging words of bills and ids.
const NOISE: [&str; 27] = [
    "anthropic",
    "amazon",
    "meta",
    "mistral",
    "cohere",
    "ai21",
    "openai",
    "google",
    "deepseek",
    "qwen",
    "nvidia",
    "writer",
    "twelvelabs",
    "minimax",
    "moonshot",
    "moonshotai",
    "zai",
    "xai",
    "ga",
    "text",
    "global",
    "gl",
    "glbl",
    "regional",
    "instruct",
    "it",
    "model",
];

/// Stage words: an id with one of these is a pre-release.
const STAGES: [&str; 3] = ["preview", "exp", "experimental"];

/// The comparable form of a model name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Signature {
    words: BTreeSet<String>,
    numbers: Vec<String>,
    /// Snapshot date key (month+day, or a bare four-digit tag).
    date: Option<String>,
    revision: Option<String>,
    preview: bool,
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

impl Signature {
    fn of(name: &str) -> Self {
        static FULL_DATE: OnceLock<Regex> = OnceLock::new();
        static MONTH_YEAR: OnceLock<Regex> = OnceLock::new();
        // Squashed CamelCase names (no spaces: `NovaLite`) apart, then lowercase, without a
        // `vendor.` prefix. Names with spaces keep their words (`TwelveLabs Marengo`).
        let squashed = !name.trim().contains(' ');
        let mut spaced = String::with_capacity(name.len() + 8);
        let mut previous_lower = false;
        for ch in name.chars() {
            if squashed && ch.is_ascii_uppercase() && previous_lower {
                spaced.push(' ');
            }
            previous_lower = ch.is_ascii_lowercase();
            spaced.push(ch);
        }
        let lower = spaced.to_ascii_lowercase();
        let mut text = match lower.split_once('.') {
            Some((vendor, rest)) if NOISE.contains(&vendor) => rest.to_string(),
            _ => lower,
        };
        let mut date = None;
        // 2024-07-18, 20251001, @20251001: month+day.
        let full = regex(
            &FULL_DATE,
            r"(?:^|[^0-9])(20\d\d)-?([01]\d)-?([0-3]\d)(?:[^0-9]|$)",
        );
        if let Some(c) = full.captures(&text) {
            date = Some(format!("{}{}", &c[2], &c[3]));
            let range =
                c.get(1).map(|m| m.start()).unwrap_or(0)..c.get(3).map(|m| m.end()).unwrap_or(0);
            text.replace_range(range, " ");
        }
        // preview-09-2025: month-year.
        let month_year = regex(&MONTH_YEAR, r"(?:^|[^0-9])([01]\d)-(20\d\d)(?:[^0-9]|$)");
        if date.is_none()
            && let Some(c) = month_year.captures(&text)
        {
            date = Some(format!("{}-{}", &c[1], &c[2]));
            let range =
                c.get(1).map(|m| m.start()).unwrap_or(0)..c.get(2).map(|m| m.end()).unwrap_or(0);
            text.replace_range(range, " ");
        }
        let mut tokens: Vec<String> = Vec::new();
        for run in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut current = String::new();
            for ch in run.chars() {
                if !current.is_empty()
                    && current.chars().last().map(|c| c.is_ascii_digit())
                        != Some(ch.is_ascii_digit())
                {
                    tokens.push(std::mem::take(&mut current));
                }
                current.push(ch);
            }
            if !current.is_empty() {
                tokens.push(current);
            }
        }
        let is_number = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        // A trailing `v` + number is a revision (`-v1`, `V2`).
        let mut revision = None;
        if tokens.len() >= 3
            && tokens[tokens.len() - 2] == "v"
            && is_number(&tokens[tokens.len() - 1])
        {
            revision = tokens.pop();
            tokens.pop();
        }
        let mut words = BTreeSet::new();
        let mut numbers = Vec::new();
        let mut preview = false;
        let mut previous_number = false;
        for t in tokens {
            if is_number(&t) {
                match t.len() {
                    // MMDD or a YYMM tag.
                    4 => date = Some(t),
                    // MMDDYYYY.
                    8 => date = Some(t[..4].to_string()),
                    // x.0 is x.
                    _ if t == "0" && previous_number => {}
                    _ => numbers.push(t),
                }
                previous_number = true;
                continue;
            }
            previous_number = false;
            let word = if t == "embedding" {
                "embed".to_string()
            } else {
                t
            };
            if STAGES.contains(&word.as_str()) {
                preview = true;
            } else if !NOISE.contains(&word.as_str()) {
                words.insert(word);
            }
        }
        Signature {
            words,
            numbers,
            date,
            revision,
            preview,
        }
    }

    fn same_model(&self, other: &Signature) -> bool {
        self.words == other.words && self.numbers == other.numbers
    }
}

/// A catalog id with its host/region prefix rank and signature.
struct CatalogId {
    id: &'static str,
    rank: u8,
    signature: Signature,
    /// The id's prices (everything but provider and model), to tell real ties from ambiguity.
    prices: Vec<PriceTerms>,
}

/// What a catalog price says apart from the provider and model it is for.
type PriceTerms = (
    &'static str,
    &'static str,
    Option<u64>,
    i128,
    i64,
    &'static str,
    Option<i64>,
    Option<i64>,
);

/// The terms of one price.
fn terms(e: &'static PriceEntry) -> PriceTerms {
    (
        &e.token_type,
        &e.service_tier,
        e.context_threshold,
        e.price,
        e.unit_block,
        &e.currency,
        e.effective_start,
        e.effective_end,
    )
}

/// Host and region prefixes of LiteLLM ids: (prefix, rank). Rank 0 is no prefix.
fn split_prefix(id: &str) -> (u8, &str) {
    let mut rest = id;
    let mut rank = 0;
    for host in ["azure/", "vertex_ai/"] {
        if let Some(r) = rest.strip_prefix(host) {
            rest = r;
            if host == "vertex_ai/" {
                rank = 1;
            }
        }
    }
    if let Some(r) = rest.strip_prefix("bedrock/") {
        rest = r.split_once('/').map_or(r, |(_, m)| m);
        rank = 2;
    }
    if let Some((scope, r)) = rest.split_once('/') {
        rest = r;
        rank = if scope.starts_with("global") { 1 } else { 2 };
    }
    // Bedrock inference-profile prefixes: us., eu., apac., au., jp., in., us-gov., global.
    for region in [
        "global.", "us-gov.", "us.", "eu.", "apac.", "au.", "jp.", "in.",
    ] {
        if let Some(r) = rest.strip_prefix(region) {
            rest = r;
            rank = if region == "global." { 1 } else { 2 };
        }
    }
    (rank, rest)
}

/// The model part of an id: without its `:0` / `-1:0` suffix.
fn model_part(id: &str) -> &str {
    static SUFFIX: OnceLock<Regex> = OnceLock::new();
    let suffix = regex(&SUFFIX, r"(-\d+)?:\d+$");
    match suffix.find(id) {
        Some(m) => &id[..m.start()],
        None => id,
    }
}

/// The catalog ids of each provider.
fn catalog() -> &'static HashMap<&'static str, Vec<CatalogId>> {
    static CATALOG: OnceLock<HashMap<&'static str, Vec<CatalogId>>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut rows: HashMap<(&'static str, &'static str), Vec<PriceTerms>> = HashMap::new();
        for e in shipped_prices() {
            rows.entry((&e.provider, &e.model))
                .or_default()
                .push(terms(e));
        }
        let mut out: HashMap<&'static str, Vec<CatalogId>> = HashMap::new();
        for ((provider, id), mut prices) in rows {
            prices.sort_unstable();
            let (rank, rest) = split_prefix(id);
            out.entry(provider).or_default().push(CatalogId {
                id,
                rank,
                signature: Signature::of(model_part(rest)),
                prices,
            });
        }
        out
    })
}

fn override_id(source_system: &str, billed_model: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<(String, String), &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        CLOUD_MODEL_IDS_CSV
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut cells = l.splitn(3, ',');
                let (system, billed, id) = (cells.next()?, cells.next()?, cells.next()?);
                Some(((system.to_string(), billed.to_ascii_lowercase()), id.trim()))
            })
            .collect()
    });
    map.get(&(
        source_system.to_string(),
        billed_model.trim().to_ascii_lowercase(),
    ))
    .copied()
}

/// The signature match of a billed name among the ids of `provider` (see the module doc).
fn matched_id(provider: &str, billed_model: &str) -> Option<&'static str> {
    // Newer Azure meters leave out `gpt` (`5.4 mini` is gpt-5.4-mini).
    let billed =
        if provider == "Microsoft" && billed_model.starts_with(|c: char| c.is_ascii_digit()) {
            Signature::of(&format!("gpt {billed_model}"))
        } else {
            Signature::of(billed_model)
        };
    if billed.words.is_empty() && billed.numbers.is_empty() {
        return None;
    }
    let revision_fits = |c: &&CatalogId| match (&billed.revision, &c.signature.revision) {
        (Some(b), Some(r)) => b == r,
        (Some(_), None) => false,
        (None, r) => r.as_deref().is_none_or(|r| r == "1"),
    };
    let same: Vec<&CatalogId> = catalog()
        .get(provider)?
        .iter()
        .filter(|c| c.signature.same_model(&billed))
        .filter(revision_fits)
        .collect();
    // Stage: stable ids first; preview ids only when no stable one matches (or the bill says so).
    let stable: Vec<&CatalogId> = same
        .iter()
        .copied()
        .filter(|c| c.signature.preview == billed.preview)
        .collect();
    let staged = if stable.is_empty() && !billed.preview {
        same
    } else {
        stable
    };
    // Date.
    let undated: Vec<&CatalogId> = staged
        .iter()
        .copied()
        .filter(|c| c.signature.date.is_none())
        .collect();
    let dated = undated.len() < staged.len();
    let candidates: Vec<&CatalogId> = match &billed.date {
        Some(d) => {
            let exact: Vec<&CatalogId> = staged
                .iter()
                .copied()
                .filter(|c| c.signature.date.as_ref() == Some(d))
                .collect();
            if !exact.is_empty() {
                exact
            } else if dated {
                Vec::new()
            } else {
                undated
            }
        }
        None if !undated.is_empty() => undated,
        None => staged,
    };
    // Prefix, then identical prices, then shortest and latest.
    let best_rank = candidates.iter().map(|c| c.rank).min()?;
    let mut best: Vec<&CatalogId> = candidates
        .into_iter()
        .filter(|c| c.rank == best_rank)
        .collect();
    if best.iter().any(|c| c.prices != best[0].prices) {
        return None;
    }
    best.sort_by(|a, b| a.id.len().cmp(&b.id.len()).then(b.id.cmp(a.id)));
    best.first().map(|c| c.id)
}

/// The price catalog's model id (`token_prices.csv`) of a model as a cloud bill names it
/// (`aws_cur`, `Claude4.6Sonnet` → `anthropic.claude-sonnet-4-6`): the override table first,
/// then the signature match of the module doc. None when neither finds exactly one model.
/// Results are memoised per name: a bill repeats a few names over many rows.
pub fn catalog_model_id(source_system: &str, billed_model: &str) -> Option<&'static str> {
    type Memo = Mutex<HashMap<(String, String), Option<&'static str>>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let key = (source_system.to_string(), billed_model.to_string());
    let memo = MEMO.get_or_init(Memo::default);
    if let Some(found) = memo.lock().ok().and_then(|m| m.get(&key).copied()) {
        return found;
    }
    let found = override_id(source_system, billed_model).or_else(|| {
        matched_id(
            Bill::of_source_system(source_system)?.provider(),
            billed_model,
        )
    });
    if let Ok(mut m) = memo.lock() {
        m.insert(key, found);
    }
    found
}

/// The billed model of a Bedrock Marketplace line, from its product name
/// (`Claude Sonnet 4.6 (Amazon Bedrock Edition)` → `Claude Sonnet 4.6`); None for product names
/// without the `(Amazon Bedrock Edition)` suffix.
pub fn marketplace_model(product_name: &str) -> Option<&str> {
    let name = product_name.trim();
    let cut = name.len().checked_sub("(Amazon Bedrock Edition)".len())?;
    let (model, suffix) = name.split_at_checked(cut)?;
    suffix
        .eq_ignore_ascii_case("(Amazon Bedrock Edition)")
        .then(|| model.trim())
        .filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real billed names and the catalog id they must resolve to (None: the catalog, LiteLLM
    /// 1.110.2, has no such model, or the name is not resolvable without guessing).
    ///
    /// Sources (names quoted verbatim; see catalogs/data/README.md): Bedrock usage types of the
    /// AWS Price List API (service codes `AmazonBedrock`, `AmazonBedrockService`) and the Bedrock
    /// user guide "Understanding your Amazon Bedrock Cost and Usage Report data"; Marketplace
    /// `servicename` values of `AmazonBedrockFoundationModels`; Azure Retail Prices API
    /// `meterName` values of service "Foundry Models" (products Azure OpenAI, Azure OpenAI GPT5,
    /// Azure OpenAI Reasoning); Cloud Billing Catalog API SKU descriptions of service Vertex AI
    /// (C7E2-9256-1C43). The model part is what `cloud_tokens` parses out of each line.
    const BILLED: [(&str, &str, Option<&str>); 56] = [
        // Bedrock usage types (`USE1-<model>-input-tokens`, …).
        (
            "aws_cur",
            "Claude4.6Sonnet",
            Some("anthropic.claude-sonnet-4-6"),
        ),
        (
            "aws_cur",
            "Claude4.6Opus",
            Some("anthropic.claude-opus-4-6-v1"),
        ),
        (
            "aws_cur",
            "Claude4Sonnet",
            Some("anthropic.claude-sonnet-4-20250514-v1:0"),
        ),
        (
            "aws_cur",
            "Claude3.5Sonnet",
            Some("anthropic.claude-3-5-sonnet-20240620-v1:0"),
        ),
        (
            "aws_cur",
            "Claude3.5Haiku",
            Some("anthropic.claude-3-5-haiku-20241022-v1:0"),
        ),
        (
            "aws_cur",
            "Claude3.7Sonnet",
            Some("anthropic.claude-3-7-sonnet-20250219-v1:0"),
        ),
        ("aws_cur", "Claude3Sonnet", None),
        ("aws_cur", "Claude2.0", None),
        ("aws_cur", "NovaPro", Some("amazon.nova-pro-v1:0")),
        ("aws_cur", "NovaLite", Some("amazon.nova-lite-v1:0")),
        ("aws_cur", "NovaMicro", Some("amazon.nova-micro-v1:0")),
        ("aws_cur", "Nova2.0Lite", Some("amazon.nova-2-lite-v1:0")),
        (
            "aws_cur",
            "Nova2.0Pro",
            Some("amazon.nova-2-pro-preview-20251202-v1:0"),
        ),
        (
            "aws_cur",
            "TitanEmbeddingV2",
            Some("amazon.titan-embed-text-v2:0"),
        ),
        (
            "aws_cur",
            "Llama4-Maverick-17B",
            Some("meta.llama4-maverick-17b-instruct-v1:0"),
        ),
        (
            "aws_cur",
            "Llama3-2-1B",
            Some("meta.llama3-2-1b-instruct-v1:0"),
        ),
        (
            "aws_cur",
            "GPT-OSS-Safeguard-20B",
            Some("openai.gpt-oss-safeguard-20b"),
        ),
        (
            "aws_cur",
            "GPT-OSS-Safeguard-120B",
            Some("openai.gpt-oss-safeguard-120b"),
        ),
        ("aws_cur", "Gemma-3-4B-IT", Some("google.gemma-3-4b-it")),
        (
            "aws_cur",
            "MistralSmall",
            Some("mistral.mistral-small-2402-v1:0"),
        ),
        (
            "aws_cur",
            "openai.gpt-oss-120b",
            Some("openai.gpt-oss-120b-1:0"),
        ),
        ("aws_cur", "zai.glm-4.7", Some("zai.glm-4.7")),
        (
            "aws_cur",
            "mistral.voxtral-small-24b-2507",
            Some("mistral.voxtral-small-24b-2507"),
        ),
        (
            "aws_cur",
            "qwen.qwen3-coder-480b-a35b-instruct",
            Some("qwen.qwen3-coder-480b-a35b-v1:0"),
        ),
        // Bedrock Marketplace product names, after `marketplace_model`.
        (
            "aws_cur",
            "Claude Sonnet 4.6",
            Some("anthropic.claude-sonnet-4-6"),
        ),
        (
            "aws_cur",
            "Claude Opus 4.6",
            Some("anthropic.claude-opus-4-6-v1"),
        ),
        (
            "aws_cur",
            "Claude Opus 4",
            Some("anthropic.claude-opus-4-20250514-v1:0"),
        ),
        ("aws_cur", "Claude Opus 5", Some("anthropic.claude-opus-5")),
        (
            "aws_cur",
            "Jamba 1.5 Large",
            Some("ai21.jamba-1-5-large-v1:0"),
        ),
        (
            "aws_cur",
            "Meta Llama 2 Chat 70B",
            Some("meta.llama2-70b-chat-v1"),
        ),
        ("aws_cur", "Palmyra X5", Some("writer.palmyra-x5-v1:0")),
        (
            "aws_cur",
            "TwelveLabs Marengo Embed 3.0",
            Some("twelvelabs.marengo-embed-3-0-v1:0"),
        ),
        ("aws_cur", "Cohere Rerank v3.5", None),
        // Azure OpenAI / Foundry meters (`<model>-Inp-glbl Tokens`, `<model> inp Gl 1M Tokens`).
        (
            "azure_cost_details",
            "gpt-4o-mini-0718",
            Some("azure/gpt-4o-mini-2024-07-18"),
        ),
        (
            "azure_cost_details",
            "gpt-4o-0806",
            Some("azure/gpt-4o-2024-08-06"),
        ),
        (
            "azure_cost_details",
            "gpt-4o-1120",
            Some("azure/gpt-4o-2024-11-20"),
        ),
        (
            "azure_cost_details",
            "gpt 4o 0513",
            Some("azure/gpt-4o-2024-05-13"),
        ),
        ("azure_cost_details", "gpt 4.1", Some("azure/gpt-4.1")),
        ("azure_cost_details", "5.4", Some("azure/gpt-5.4")),
        ("azure_cost_details", "5.4 mini", Some("azure/gpt-5.4-mini")),
        ("azure_cost_details", "5.6 sol", Some("azure/gpt-5.6-sol")),
        ("azure_cost_details", "GPT 5.1", Some("azure/gpt-5.1")),
        (
            "azure_cost_details",
            "GPT 5.1 chat",
            Some("azure/gpt-5.1-chat"),
        ),
        ("azure_cost_details", "gpt 5 pro", Some("azure/gpt-5-pro")),
        (
            "azure_cost_details",
            "gpt-5-codex",
            Some("azure/gpt-5-codex"),
        ),
        ("azure_cost_details", "codex mini", Some("azure/codex-mini")),
        ("azure_cost_details", "o1 1217", Some("azure/o1-2024-12-17")),
        ("azure_cost_details", "o1 mini", Some("azure/o1-mini")),
        (
            "azure_cost_details",
            "o3 mini 0131",
            Some("azure/o3-mini-2025-01-31"),
        ),
        (
            "azure_cost_details",
            "o4-mini 0416",
            Some("azure/o4-mini-2025-04-16"),
        ),
        (
            "azure_cost_details",
            "o3-deep research 0626",
            Some("azure/o3-deep-research"),
        ),
        (
            "azure_cost_details",
            "chat-latest 08062026",
            Some("azure/chat-latest"),
        ),
        ("azure_cost_details", "gpt 4.5 0227", None),
        ("azure_cost_details", "gpt-4o-aud-1217", None),
        ("azure_cost_details", "V3.2", None),
        // Vertex AI SKUs (`<model> Text Input - Predictions`).
        (
            "gcp_billing_export",
            "Gemini 2.5 Flash",
            Some("gemini-2.5-flash"),
        ),
    ];

    const VERTEX: [(&str, Option<&str>); 9] = [
        ("Gemini 2.5 Flash Lite", Some("gemini-2.5-flash-lite")),
        ("Gemini 2.5 Pro", Some("gemini-2.5-pro")),
        ("Gemini 3 Flash", Some("gemini-3-flash-preview")),
        ("Gemini 3.7 Flash Global", Some("gemini-3.7-flash")),
        ("Gemini 3.5 Flash Regional", Some("gemini-3.5-flash")),
        ("Gemini 3.1 Flash Lite", Some("gemini-3.1-flash-lite")),
        ("Gemini 3.1 Pro", Some("gemini-3.1-pro-preview")),
        ("Gemini 3.0 Pro", None),
        ("Gemini 2.0 Flash", None),
    ];

    #[test]
    fn real_billed_names_resolve_to_catalog_ids() {
        let rows = BILLED
            .iter()
            .copied()
            .chain(VERTEX.iter().map(|(b, id)| ("gcp_billing_export", *b, *id)));
        let mut wrong = Vec::new();
        for (system, billed, expected) in rows {
            let got = catalog_model_id(system, billed);
            if got != expected {
                wrong.push(format!(
                    "{system} {billed:?}: {got:?}, expected {expected:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn the_billed_name_must_name_the_whole_model() {
        // A shorter or longer name is another model, never a near match.
        assert_eq!(catalog_model_id("gcp_billing_export", "Gemini 2.5"), None);
        assert_eq!(
            catalog_model_id("azure_cost_details", "gpt-4o"),
            Some("azure/gpt-4o")
        );
        assert_eq!(
            catalog_model_id("azure_cost_details", "gpt-4o-mini"),
            Some("azure/gpt-4o-mini")
        );
        assert_eq!(
            catalog_model_id("azure_cost_details", "o4-mini"),
            Some("azure/o4-mini")
        );
        // A snapshot the catalog does not have is not priced as another snapshot.
        assert_eq!(catalog_model_id("azure_cost_details", "gpt-4o-0101"), None);
        // Names of one cloud do not resolve against another's ids.
        assert_eq!(catalog_model_id("aws_cur", "5.4"), None);
        assert_eq!(catalog_model_id("gcp_billing_export", "NovaPro"), None);
        assert_eq!(catalog_model_id("other", "NovaPro"), None);
        assert_eq!(catalog_model_id("aws_cur", ""), None);
    }

    #[test]
    fn the_override_table_wins_and_is_priced() {
        assert_eq!(
            override_id("aws_cur", "claude4.6sonnet"),
            Some("anthropic.claude-sonnet-4-6")
        );
        // Every mapped id is priced by the shipped catalog.
        for l in CLOUD_MODEL_IDS_CSV.lines().skip(1) {
            let id = l.rsplit(',').next().unwrap_or_default();
            assert!(
                shipped_prices().iter().any(|e| e.model == id),
                "{id} not in the catalog"
            );
        }
    }

    #[test]
    fn signatures_split_versions_dates_and_revisions() {
        let s = Signature::of("Claude3.5SonnetV2");
        assert_eq!(s.numbers, vec!["3", "5"]);
        assert_eq!(s.revision.as_deref(), Some("2"));
        assert_eq!(
            Signature::of("gpt-4o-2024-08-06").date.as_deref(),
            Some("0806")
        );
        assert_eq!(
            Signature::of("claude-haiku-4-5@20251001").date.as_deref(),
            Some("1001")
        );
        assert_eq!(
            Signature::of("chat-latest 08062026").date.as_deref(),
            Some("0806")
        );
        assert!(Signature::of("gemini-2.5-flash-preview-09-2025").preview);
        assert!(Signature::of("Nova2.0Lite").same_model(&Signature::of("nova-2-lite")));
        assert!(!Signature::of("gpt-4o-mini").same_model(&Signature::of("o4-mini")));
    }

    #[test]
    fn marketplace_product_names() {
        assert_eq!(
            marketplace_model("Claude Sonnet 4.6 (Amazon Bedrock Edition)"),
            Some("Claude Sonnet 4.6")
        );
        assert_eq!(marketplace_model("Amazon Bedrock"), None);
        assert_eq!(marketplace_model("(Amazon Bedrock Edition)"), None);
    }
}
