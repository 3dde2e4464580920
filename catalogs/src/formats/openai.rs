//! OpenAI organization Usage API and Costs API results, as `token_usage` rows.
//!
//! Usage semantics (OpenAI API reference): `input_tokens` includes cached, audio and image
//! input tokens, so uncached text input = input − cached − uncached audio − uncached image;
//! `output_tokens` includes audio and image output and reasoning tokens (the Usage API does
//! not split reasoning out, so it stays in `output`). The images, audio, vector-store and
//! code-interpreter endpoints count images, characters, seconds, bytes and sessions: one row
//! each in that `usage_unit`, with no token type. Costs are dollars (`amount.value`).

use serde_json::Value;

use crate::error::Result;
use crate::formats::api_pages::{RowPlace, count, money, text};
use crate::tokens::{TokenRow, TokenType, UsageUnit};

/// The provider name in `token_usage.provider` and FOCUS ServiceProviderName.
pub const PROVIDER: &str = "OpenAI";

/// The Usage API endpoints that count something other than tokens: endpoint, the field with
/// the quantity (older spec renderings call `num_sessions` `sessions`), and its unit.
const NON_TOKEN_ENDPOINTS: [(&str, &[&str], UsageUnit); 5] = [
    ("images", &["images"], UsageUnit::Images),
    ("audio_speeches", &["characters"], UsageUnit::Characters),
    ("audio_transcriptions", &["seconds"], UsageUnit::Seconds),
    ("vector_stores", &["usage_bytes"], UsageUnit::Bytes),
    (
        "code_interpreter_sessions",
        &["num_sessions", "sessions"],
        UsageUnit::Sessions,
    ),
];

/// True for the Usage API endpoints focusql reads.
pub fn reads_endpoint(endpoint: &str) -> bool {
    matches!(endpoint, "completions" | "embeddings" | "moderations")
        || NON_TOKEN_ENDPOINTS.iter().any(|(e, _, _)| *e == endpoint)
}

/// Rows of one Usage API result: one per token type with tokens (completions, embeddings,
/// moderations), or one row in the endpoint's own unit and no token type (images, audio
/// speeches and transcriptions, vector stores, code interpreter sessions). Other endpoints
/// give none (see [`reads_endpoint`]).
pub fn usage_rows(
    result: &Value,
    mut base: TokenRow,
    endpoint: &str,
    place: RowPlace,
) -> Result<Vec<TokenRow>> {
    base.source_system = "openai_usage_api";
    base.provider = PROVIDER;
    base.sub_account_id = text(result, "project_id");
    base.user_id = text(result, "user_id");
    base.api_key_id = text(result, "api_key_id");
    base.model_id = text(result, "model");
    base.request_count = result.get("num_model_requests").and_then(Value::as_i64);
    // `batch` is true/false when the page is grouped by it, null when not.
    let tier = text(result, "service_tier").map(|t| normalise_tier(&t));
    base.service_tier = match result.get("batch").and_then(Value::as_bool) {
        Some(true) => Some("batch".to_string()),
        Some(false) => tier.or_else(|| Some("standard".to_string())),
        None => tier,
    };
    base.charge_description = Some(format!("usage/{endpoint}"));
    let n = |key: &str| count(result, &[key], place);
    if let Some((_, fields, unit)) = NON_TOKEN_ENDPOINTS.iter().find(|(e, _, _)| *e == endpoint) {
        let field = fields
            .iter()
            .find(|f| result.get(**f).is_some())
            .unwrap_or(&fields[0]);
        // Image results are also grouped by `source` (generation, edit, variation) and `size`.
        let detail: Vec<String> = ["source", "size"]
            .iter()
            .filter_map(|k| text(result, k))
            .collect();
        if !detail.is_empty() {
            base.charge_description = Some(format!("usage/{endpoint}: {}", detail.join(", ")));
        }
        return Ok(vec![TokenRow {
            quantity: Some(n(field)?),
            usage_unit: Some(*unit),
            ..base
        }]);
    }
    let input = n("input_tokens")?;
    let parts: Vec<(TokenType, i128)> = match endpoint {
        "completions" => {
            let cached = n("input_cached_tokens")?;
            let audio_in = n("input_audio_tokens")? - n("input_cached_audio_tokens")?;
            let image_in = n("input_image_tokens")? - n("input_cached_image_tokens")?;
            let output = n("output_tokens")?;
            let audio_out = n("output_audio_tokens")?;
            let image_out = n("output_image_tokens")?;
            let text_in = input - cached - audio_in - image_in;
            let text_out = output - audio_out - image_out;
            if text_in < 0 || text_out < 0 || audio_in < 0 || image_in < 0 {
                return Err(place.error(format!(
                    "token counts do not add up: input_tokens {input} is less than cached {cached} + audio {audio_in} + image {image_in}, or output_tokens {output} less than audio {audio_out} + image {image_out}"
                )));
            }
            vec![
                (TokenType::Input, text_in),
                (TokenType::CacheRead, cached),
                (TokenType::InputAudio, audio_in),
                (TokenType::InputImage, image_in),
                (TokenType::Output, text_out),
                (TokenType::OutputAudio, audio_out),
                (TokenType::OutputImage, image_out),
            ]
        }
        "embeddings" | "moderations" => vec![(TokenType::Input, input)],
        _ => return Ok(Vec::new()),
    };
    Ok(split(base, parts))
}

/// One row per token type with a non-zero quantity; the request count goes on the first row
/// only (the uncached input row), so summing it counts each request once.
pub fn split(base: TokenRow, parts: Vec<(TokenType, i128)>) -> Vec<TokenRow> {
    let mut rows = Vec::with_capacity(parts.len());
    for (i, (token_type, quantity)) in parts.into_iter().enumerate() {
        if i > 0 && quantity == 0 {
            continue;
        }
        rows.push(TokenRow {
            token_type: Some(token_type),
            quantity: Some(quantity),
            request_count: if i == 0 { base.request_count } else { None },
            ..base.clone()
        });
    }
    rows
}

/// Rows of one Costs API result: a single cost line.
pub fn cost_rows(result: &Value, mut base: TokenRow, place: RowPlace) -> Result<Vec<TokenRow>> {
    base.source_system = "openai_costs_api";
    base.provider = PROVIDER;
    base.sub_account_id = text(result, "project_id");
    base.api_key_id = text(result, "api_key_id");
    let amount = result
        .get("amount")
        .ok_or_else(|| place.error("has no amount"))?;
    base.billed_cost = Some(money(
        amount.get("value").unwrap_or(&Value::Null),
        0,
        "amount.value",
        place,
    )?);
    base.currency = text(amount, "currency").map(|c| c.to_ascii_uppercase());
    let line_item = text(result, "line_item");
    if let Some(item) = &line_item {
        let (model, token_type, tier) = parse_line_item(item);
        base.model_id = model;
        base.token_type = token_type;
        // A token line that names no tier is standard (batch lines say `batch`).
        base.service_tier = tier.or_else(|| token_type.map(|_| "standard".to_string()));
    }
    base.charge_description = line_item;
    Ok(vec![base])
}

/// Split a Costs API `line_item` such as `gpt-4o-2024-08-06, cached input` into the model,
/// the token type and a tier named in it (`batch`, `flex`, `priority`). Lines without a comma
/// (`Web search`) have neither model nor token type; a type focusql does not know keeps the
/// model and has no token type.
pub fn parse_line_item(item: &str) -> (Option<String>, Option<TokenType>, Option<String>) {
    let Some((model, kind)) = item.rsplit_once(',') else {
        return (None, None, None);
    };
    let kind = kind.trim().to_ascii_lowercase();
    let mut words: Vec<&str> = kind.split_whitespace().collect();
    let tier = ["batch", "flex", "priority", "scale"]
        .into_iter()
        .find(|t| words.contains(t));
    words.retain(|w| Some(*w) != tier);
    let has = |w: &str| words.contains(&w);
    let token_type = if has("cached") || (has("cache") && has("read")) {
        Some(TokenType::CacheRead)
    } else if has("input") || has("prompt") {
        Some(if has("audio") {
            TokenType::InputAudio
        } else if has("image") {
            TokenType::InputImage
        } else {
            TokenType::Input
        })
    } else if has("output") || has("completion") {
        Some(if has("audio") {
            TokenType::OutputAudio
        } else if has("image") {
            TokenType::OutputImage
        } else {
            TokenType::Output
        })
    } else {
        None
    };
    (
        Some(model.trim().to_string()),
        token_type,
        tier.map(str::to_string),
    )
}

/// OpenAI service tiers as focusql names them (`default` and `auto` are `standard`).
fn normalise_tier(tier: &str) -> String {
    match tier.to_ascii_lowercase().as_str() {
        "default" | "auto" => "standard".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_items() {
        assert_eq!(
            parse_line_item("gpt-4o-2024-08-06, cached input"),
            (
                Some("gpt-4o-2024-08-06".into()),
                Some(TokenType::CacheRead),
                None
            )
        );
        assert_eq!(
            parse_line_item("gpt-4o-mini, Batch Output"),
            (
                Some("gpt-4o-mini".into()),
                Some(TokenType::Output),
                Some("batch".into())
            )
        );
        assert_eq!(
            parse_line_item("gpt-4o-audio-preview, audio input").1,
            Some(TokenType::InputAudio)
        );
        assert_eq!(parse_line_item("Web search"), (None, None, None));
        assert_eq!(
            parse_line_item("gpt-4o, fine-tuning training"),
            (Some("gpt-4o".into()), None, None)
        );
    }

    #[test]
    fn split_keeps_request_count_once() {
        let base = TokenRow {
            request_count: Some(7),
            ..Default::default()
        };
        let rows = split(
            base,
            vec![
                (TokenType::Input, 0),
                (TokenType::CacheRead, 0),
                (TokenType::Output, 5),
            ],
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].request_count, Some(7));
        assert_eq!(rows[1].request_count, None);
    }
}
