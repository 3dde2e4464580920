//! Token types of AI lines inside cloud bills, as pure functions over one column value each:
//! AWS Bedrock usage types (CUR `line_item_usage_type`), Azure OpenAI / Foundry meter names
//! (cost details `MeterName` with `UnitOfMeasure`) and Vertex AI SKU descriptions (BigQuery
//! billing export `sku.description`). The AWS, Azure and GCP format modules call these to fill
//! the token columns (`x_TokenType`, SkuPriceDetails) of their AI rows; `cloud_models` maps the
//! billed model name to the price catalog's model id.

use crate::tokens::TokenType;

/// What a cloud bill line says about tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudTokenLine {
    pub token_type: TokenType,
    /// The model as the bill names it (`Claude4.6Sonnet`, `gpt-4o-mini-0718`, `Gemini 2.5
    /// Flash`); a billing name, not the model id.
    pub billed_model: Option<String>,
    /// `batch`, `flex`, `priority`, `standard` when the line names one.
    pub service_tier: Option<String>,
    /// `global`, `geo:us` (AWS geo cross-region, with the geography of the billing region;
    /// `geo` when unknown), `data_zone`, `regional` (Azure).
    pub region_scope: Option<String>,
    /// `long` for long-context lines (Bedrock `LCtx`, Azure `LongCo`, Vertex `Long Context`),
    /// `short` for Azure `ShortCo`, `>200k` where the line names the threshold.
    pub context_band: Option<String>,
}

fn line(token_type: TokenType, model: Option<&str>) -> CloudTokenLine {
    CloudTokenLine {
        token_type,
        billed_model: model
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty()),
        service_tier: None,
        region_scope: None,
        context_band: None,
    }
}

/// The geography of LiteLLM's Bedrock cross-region ids (`us.`, `eu.`, …) for an AWS billing
/// region code (`USE1`, `EUC1`, `APN1`); None for regions without one. Tokyo/Osaka and
/// Sydney/Melbourne are taken as the Japan and Australia geographies (the pricing falls back
/// to APAC).
fn bedrock_geography(region_code: &str) -> Option<&'static str> {
    let code = region_code.to_ascii_uppercase();
    Some(match code.as_str() {
        "UGW1" | "UGE1" => "us-gov",
        "APN1" | "APN3" => "jp",
        "APS2" | "APS4" => "au",
        c if c.starts_with("US") => "us",
        c if c.starts_with("EU") => "eu",
        c if c.starts_with("AP") => "apac",
        c if c.starts_with("CA") => "ca",
        _ => return None,
    })
}

/// A Bedrock usage type: `USE1-Claude4.6Sonnet-cache-read-input-token-count`,
/// `USE1-Nova2.0Lite-input-tokens-flex`, `USE1-openai.gpt-oss-120b-mantle-input-tokens-standard`,
/// `…-cross-region-global`, and Marketplace forms `USE1-MP:USE1_InputTokenCount_Global-Units`.
/// None for usage types that are not tokens.
pub fn bedrock_token_line(usage_type: &str) -> Option<CloudTokenLine> {
    if let Some((_, rest)) = usage_type.split_once("-MP:") {
        // USE1_CacheWrite1hInputTokenCount_Global-Units / USE1_input_tokens_standard-Units
        let body = rest.trim_end_matches("-Units");
        let lower = body.to_ascii_lowercase();
        let token_type = if lower.contains("cacheread") || lower.contains("cache_read") {
            TokenType::CacheRead
        } else if lower.contains("cachewrite1h") {
            TokenType::CacheWrite1h
        } else if lower.contains("cachewrite") || lower.contains("cache_write") {
            TokenType::CacheWrite5m
        } else if lower.contains("input") {
            TokenType::Input
        } else if lower.contains("output") {
            TokenType::Output
        } else {
            return None;
        };
        let mut l = line(token_type, None);
        l.service_tier = ["batch", "flex", "priority", "standard"]
            .into_iter()
            .find(|t| lower.split('_').any(|w| w == *t))
            .map(str::to_string);
        l.region_scope = lower
            .split('_')
            .any(|w| w == "global")
            .then(|| "global".to_string());
        return Some(l);
    }
    let (region, rest) = usage_type.split_once('-')?;
    // Long context: an `LCtx` segment (`…-LCtx-input-tokens`, `…_LCtx`).
    let long = rest
        .split(['-', '_'])
        .any(|w| w.eq_ignore_ascii_case("lctx"));
    let mut rest = rest.replace("_LCtx", "").replace("-LCtx", "");
    let mut region_scope = None;
    for (suffix, scope) in [
        ("-cross-region-global", "global".to_string()),
        (
            "-cross-region-geo",
            bedrock_geography(region).map_or("geo".to_string(), |g| format!("geo:{g}")),
        ),
    ] {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r.to_string();
            region_scope = Some(scope);
        }
    }
    let mut service_tier = None;
    for tier in ["batch", "flex", "priority", "standard"] {
        if let Some(r) = rest.strip_suffix(&format!("-{tier}")) {
            rest = r.to_string();
            service_tier = Some(tier.to_string());
        }
    }
    let kinds = [
        ("-cache-read-input-token-count", TokenType::CacheRead),
        ("-cache-write-input-token-count", TokenType::CacheWrite5m),
        ("-mantle-input-tokens", TokenType::Input),
        ("-mantle-output-tokens", TokenType::Output),
        ("-speech-input-tokens", TokenType::InputAudio),
        ("-speech-output-tokens", TokenType::OutputAudio),
        ("-text-input-tokens", TokenType::Input),
        ("-input-tokens", TokenType::Input),
        ("-output-tokens", TokenType::Output),
    ];
    let (model, token_type) = kinds
        .iter()
        .find_map(|(suffix, t)| rest.strip_suffix(suffix).map(|m| (m.to_string(), *t)))?;
    let mut l = line(token_type, Some(&model));
    l.service_tier = service_tier;
    l.region_scope = region_scope;
    l.context_band = long.then(|| "long".to_string());
    Some(l)
}

/// An Azure OpenAI / Foundry meter name: older style `gpt-4o-mini-0718-cached-Inp-glbl Tokens`,
/// `…-Batch-Inp-glbl Tokens`, newer style `5.4 cd Inp Gl 1M Tokens`, `5.4 pp opt Gl 1M Tokens`,
/// `5.6 sol ShortCo Cd Wr Std Gl 1M Tokens`. None for meters that are not tokens (PTU hours).
pub fn azure_token_line(meter_name: &str) -> Option<CloudTokenLine> {
    let body = meter_name.trim().strip_suffix("Tokens")?.trim();
    let words: Vec<String> = body
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    let cached = has("cached") || has("cchd") || has("cd") || has("ccchd");
    let write = has("wr") || has("write");
    let input = has("inp") || has("inpt") || has("input");
    let output = has("outp") || has("outpt") || has("opt") || has("out") || has("output");
    let token_type = match (input, output, cached, write) {
        (_, _, true, true) | (_, _, false, true) => TokenType::CacheWrite5m,
        (_, _, true, false) => TokenType::CacheRead,
        (true, false, false, false) => TokenType::Input,
        (false, true, false, false) => TokenType::Output,
        _ => return None,
    };
    // `sol`, `luna`, `terra` are model variants (gpt-5.6-sol), not codes.
    const CODES: [&str; 28] = [
        "cached", "cchd", "ccchd", "cd", "wr", "write", "inp", "inpt", "input", "outp", "outpt",
        "opt", "out", "output", "glbl", "gl", "dzone", "dz", "regnl", "rg", "batch", "pp", "std",
        "1m", "1k", "shortco", "longco", "tokens",
    ];
    let model: Vec<&str> = body
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty() && !CODES.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    let joiner = if body.contains(' ') && !body.contains('-') {
        " "
    } else {
        "-"
    };
    let mut l = line(token_type, Some(&model.join(joiner)));
    l.service_tier = if has("batch") {
        Some("batch".to_string())
    } else if has("pp") {
        Some("priority".to_string())
    } else {
        None
    };
    l.context_band = if has("longco") {
        Some("long".to_string())
    } else if has("shortco") {
        Some("short".to_string())
    } else {
        None
    };
    l.region_scope = if has("glbl") || has("gl") {
        Some("global".to_string())
    } else if has("dzone") || has("dz") {
        Some("data_zone".to_string())
    } else if has("regnl") || has("rg") {
        Some("regional".to_string())
    } else {
        None
    };
    Some(l)
}

/// Tokens per billed unit of a token line: Azure `UnitOfMeasure` (`1K`, `1M`, `1K Tokens`), AWS
/// `pricing_unit` (`1K tokens`, `1M tokens`), GCP `usage.unit` (`count`, one token each); None
/// for other units (`1/Hour`, `100`, `1 Second`).
pub fn tokens_per_unit(unit: &str) -> Option<i64> {
    let upper = unit.trim().to_ascii_uppercase();
    match upper.trim_end_matches("TOKENS").trim() {
        "1K" => Some(1_000),
        "1M" => Some(1_000_000),
        "" | "1" | "COUNT" => Some(1),
        _ => None,
    }
}

/// A Vertex AI SKU description: `Gemini 2.5 Flash Text Input - Predictions`, `… Thinking Text
/// Output - Predictions`, `… Text Input - Batch Predictions`, `… GA Video Input Priority -
/// Predictions`, `… Input Text Caching` (cache read). Cache storage SKUs (priced per token-hour) are not token lines: None.
pub fn vertex_token_line(sku_description: &str) -> Option<CloudTokenLine> {
    let (name, kind) = sku_description
        .rsplit_once(" - ")
        .unwrap_or((sku_description, ""));
    if name.contains("Caching Storage") {
        return None;
    }
    // Long-context SKUs: `Long Context` words or a `>200K` threshold.
    let band = name
        .split_whitespace()
        .find_map(|w| {
            w.strip_prefix('>')
                .map(|t| format!(">{}", t.to_ascii_lowercase()))
        })
        .or_else(|| name.contains("Long").then(|| "long".to_string()));
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !matches!(*w, "Long" | "Context") && !w.starts_with('>'))
        .collect();
    let position = words.iter().position(|w| {
        matches!(
            *w,
            "Text"
                | "Audio"
                | "Image"
                | "Video"
                | "Thinking"
                | "GA"
                | "Cached"
                | "Input"
                | "Output"
        )
    })?;
    let rest = &words[position..];
    let has = |w: &str| rest.contains(&w);
    let token_type = match (has("Input"), has("Output")) {
        // `… Text Input Caching` is the cached-input read (storage was excluded above).
        (true, false) if has("Cached") || has("Caching") => TokenType::CacheRead,
        (true, false) if has("Audio") => TokenType::InputAudio,
        (true, false) if has("Image") => TokenType::InputImage,
        (true, false) if has("Video") => TokenType::InputVideo,
        (true, false) => TokenType::Input,
        (false, true) if has("Thinking") => TokenType::Reasoning,
        (false, true) if has("Audio") => TokenType::OutputAudio,
        (false, true) if has("Image") => TokenType::OutputImage,
        (false, true) => TokenType::Output,
        _ => return None,
    };
    let mut l = line(token_type, Some(&words[..position].join(" ")));
    l.service_tier = if kind.contains("Batch") {
        Some("batch".to_string())
    } else if has("Priority") {
        Some("priority".to_string())
    } else {
        None
    };
    l.context_band = band;
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(l: Option<CloudTokenLine>) -> (TokenType, Option<String>, Option<String>, Option<String>) {
        let l = l.expect("a token line");
        (l.token_type, l.billed_model, l.service_tier, l.region_scope)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn bedrock_usage_types() {
        assert_eq!(
            t(bedrock_token_line(
                "USE1-Claude4.6Sonnet-cache-read-input-token-count"
            )),
            (TokenType::CacheRead, s("Claude4.6Sonnet"), None, None)
        );
        assert_eq!(
            t(bedrock_token_line("USE1-Nova2.0Lite-input-tokens-flex")),
            (TokenType::Input, s("Nova2.0Lite"), s("flex"), None)
        );
        assert_eq!(
            t(bedrock_token_line(
                "USE1-openai.gpt-oss-120b-mantle-input-tokens-standard"
            )),
            (
                TokenType::Input,
                s("openai.gpt-oss-120b"),
                s("standard"),
                None
            )
        );
        assert_eq!(
            t(bedrock_token_line(
                "USE1-Claude4Sonnet-cache-read-input-token-count-cross-region-global"
            )),
            (TokenType::CacheRead, s("Claude4Sonnet"), None, s("global"))
        );
        assert_eq!(
            t(bedrock_token_line(
                "USE1-MP:USE1_InputTokenCount_Global-Units"
            )),
            (TokenType::Input, None, None, s("global"))
        );
        assert_eq!(
            t(bedrock_token_line(
                "USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units"
            ))
            .0,
            TokenType::CacheWrite1h
        );
        assert_eq!(
            t(bedrock_token_line(
                "USE1-MP:USE1_InputTokenCount_Batch-Units"
            ))
            .2,
            s("batch")
        );
        assert_eq!(bedrock_token_line("USE1-BoxUsage:m5.large"), None);
        // Geo cross-region lines carry the billing region's geography; LCtx is long context.
        let l = bedrock_token_line("EUC1-Claude4Sonnet-input-tokens-cross-region-geo").unwrap();
        assert_eq!(l.region_scope, s("geo:eu"));
        let l = bedrock_token_line("USE1-Claude4Sonnet-LCtx-output-tokens").unwrap();
        assert_eq!(
            (l.token_type, l.billed_model, l.context_band),
            (TokenType::Output, s("Claude4Sonnet"), s("long"))
        );
        let l = bedrock_token_line("USW2-Claude4Sonnet-input-tokens_LCtx").unwrap();
        assert_eq!(
            (l.billed_model, l.context_band),
            (s("Claude4Sonnet"), s("long"))
        );
        assert_eq!(l.region_scope, None);
    }

    #[test]
    fn azure_meters() {
        assert_eq!(
            t(azure_token_line("gpt-4o-mini-0718-cached-Inp-glbl Tokens")),
            (
                TokenType::CacheRead,
                s("gpt-4o-mini-0718"),
                None,
                s("global")
            )
        );
        assert_eq!(
            t(azure_token_line("gpt-4o-mini-0718-Batch-Inp-glbl Tokens")),
            (
                TokenType::Input,
                s("gpt-4o-mini-0718"),
                s("batch"),
                s("global")
            )
        );
        assert_eq!(
            t(azure_token_line("gpt-4o-mini-0718-Outp-regnl Tokens")),
            (
                TokenType::Output,
                s("gpt-4o-mini-0718"),
                None,
                s("regional")
            )
        );
        assert_eq!(
            t(azure_token_line("5.4 cd Inp Gl 1M Tokens")),
            (TokenType::CacheRead, s("5.4"), None, s("global"))
        );
        assert_eq!(
            t(azure_token_line("5.4 pp opt Gl 1M Tokens")),
            (TokenType::Output, s("5.4"), s("priority"), s("global"))
        );
        assert_eq!(
            t(azure_token_line("5.6 sol ShortCo Cd Wr Std Gl 1M Tokens")).0,
            TokenType::CacheWrite5m
        );
        // `sol` is part of the model; `Inpt` / `outpt` are input / output.
        assert_eq!(
            t(azure_token_line("5.6 sol ShortCo Cd Wr Std Gl 1M Tokens")).1,
            s("5.6 sol")
        );
        assert_eq!(
            t(azure_token_line("GPT 5 Chat Inpt Glbl 1M Tokens")),
            (TokenType::Input, s("GPT 5 Chat"), None, s("global"))
        );
        assert_eq!(
            t(azure_token_line("GPT 5 Chat outpt Glbl 1M Tokens")).0,
            TokenType::Output
        );
        assert_eq!(
            azure_token_line("5.6 sol ShortCo Cd Wr Std Gl 1M Tokens")
                .unwrap()
                .context_band,
            s("short")
        );
        assert_eq!(
            azure_token_line("5.4 LongCo inp DZ 1M Tokens").unwrap(),
            CloudTokenLine {
                token_type: TokenType::Input,
                billed_model: s("5.4"),
                service_tier: None,
                region_scope: s("data_zone"),
                context_band: s("long"),
            }
        );
        assert_eq!(azure_token_line("Provisioned Managed Global Unit"), None);
        assert_eq!(tokens_per_unit("1K"), Some(1_000));
        assert_eq!(tokens_per_unit("1M"), Some(1_000_000));
        assert_eq!(tokens_per_unit("1K tokens"), Some(1_000));
        assert_eq!(tokens_per_unit("count"), Some(1));
        assert_eq!(tokens_per_unit("1/Hour"), None);
    }

    #[test]
    fn vertex_skus() {
        assert_eq!(
            t(vertex_token_line(
                "Gemini 2.5 Flash Text Input - Predictions"
            )),
            (TokenType::Input, s("Gemini 2.5 Flash"), None, None)
        );
        assert_eq!(
            t(vertex_token_line(
                "Gemini 2.5 Flash Thinking Text Output - Predictions"
            ))
            .0,
            TokenType::Reasoning
        );
        assert_eq!(
            t(vertex_token_line(
                "Gemini 2.5 Flash Text Input - Batch Predictions"
            ))
            .2,
            s("batch")
        );
        assert_eq!(
            t(vertex_token_line(
                "Gemini 2.5 Flash GA Video Input Priority - Predictions"
            )),
            (
                TokenType::InputVideo,
                s("Gemini 2.5 Flash"),
                s("priority"),
                None
            )
        );
        assert_eq!(
            vertex_token_line("Gemini 2.5 Flash Input Text Caching Storage"),
            None
        );
        // Cached input reads, in both word orders.
        assert_eq!(
            t(vertex_token_line("Gemini 3 Flash Text Input Caching")),
            (TokenType::CacheRead, s("Gemini 3 Flash"), None, None)
        );
        assert_eq!(
            t(vertex_token_line("Gemini 2.5 Pro Input Text Caching")),
            (TokenType::CacheRead, s("Gemini 2.5 Pro"), None, None)
        );
        let l = vertex_token_line("Gemini 2.5 Pro Long Context Text Input - Predictions").unwrap();
        assert_eq!(
            (l.token_type, l.billed_model, l.context_band),
            (TokenType::Input, s("Gemini 2.5 Pro"), s("long"))
        );
        let l = vertex_token_line("Gemini 2.5 Pro Text Output >200K - Predictions").unwrap();
        assert_eq!(
            (l.billed_model, l.context_band),
            (s("Gemini 2.5 Pro"), s(">200k"))
        );
    }
}
