//! Anthropic Admin API usage report (messages) and cost report results, as `token_usage` rows.
//!
//! Usage fields are already exclusive: uncached input, cache writes (5m and 1h TTL), cache
//! reads, output (extended thinking included). Cost amounts are decimal strings in cents.

use serde_json::Value;

use crate::error::Result;
use crate::formats::api_pages::{RowPlace, count, money, text};
use crate::formats::openai::split;
use crate::tokens::{TokenRow, TokenType, UsageUnit};

/// The provider name in `token_usage.provider` and FOCUS ServiceProviderName.
pub const PROVIDER: &str = "Anthropic";

/// Fill the grouping dimensions both reports share.
fn dimensions(result: &Value, base: &mut TokenRow) {
    base.provider = PROVIDER;
    base.sub_account_id = text(result, "workspace_id");
    base.api_key_id = text(result, "api_key_id");
    base.model_id = text(result, "model");
    base.service_tier = text(result, "service_tier");
    base.context_band = text(result, "context_window");
    base.region_scope = text(result, "inference_geo");
}

/// Rows of one usage report result: one per token type with tokens, and one row for web
/// search requests (no token type; `quantity` holds the searches, `usage_unit` `Requests`).
pub fn usage_rows(result: &Value, mut base: TokenRow, place: RowPlace) -> Result<Vec<TokenRow>> {
    base.source_system = "anthropic_usage_report";
    dimensions(result, &mut base);
    base.charge_description = Some("usage_report/messages".to_string());
    let n = |path: &[&str]| count(result, path, place);
    // The nested cache_creation object is the documented form; a flattened rendering exists.
    let write_5m = n(&["cache_creation", "ephemeral_5m_input_tokens"])?
        + n(&["cache_creation_5m_input_tokens"])?;
    let write_1h = n(&["cache_creation", "ephemeral_1h_input_tokens"])?
        + n(&["cache_creation_1h_input_tokens"])?;
    let parts = vec![
        (TokenType::Input, n(&["uncached_input_tokens"])?),
        (TokenType::CacheWrite5m, write_5m),
        (TokenType::CacheWrite1h, write_1h),
        (TokenType::CacheRead, n(&["cache_read_input_tokens"])?),
        (TokenType::Output, n(&["output_tokens"])?),
    ];
    let searches = n(&["server_tool_use", "web_search_requests"])?;
    let mut rows = split(base.clone(), parts);
    if searches > 0 {
        rows.push(TokenRow {
            quantity: Some(searches),
            usage_unit: Some(UsageUnit::Requests),
            charge_description: Some("web search requests".to_string()),
            ..base
        });
    }
    Ok(rows)
}

/// Rows of one cost report result: a single cost line (amount in cents).
pub fn cost_rows(result: &Value, mut base: TokenRow, place: RowPlace) -> Result<Vec<TokenRow>> {
    base.source_system = "anthropic_cost_report";
    dimensions(result, &mut base);
    let amount = result
        .get("amount")
        .ok_or_else(|| place.error("has no amount"))?;
    base.billed_cost = Some(money(amount, 2, "amount", place)?);
    base.currency = text(result, "currency").map(|c| c.to_ascii_uppercase());
    base.token_type = text(result, "token_type").and_then(|t| token_type(&t));
    let cost_type = text(result, "cost_type");
    // Web search is billed per request; the usage report counts them.
    if cost_type.as_deref() == Some("web_search") {
        base.usage_unit = Some(UsageUnit::Requests);
    }
    base.charge_description = text(result, "description").or(cost_type);
    Ok(vec![base])
}

/// The token type of a cost report `token_type` value.
pub fn token_type(name: &str) -> Option<TokenType> {
    match name {
        "uncached_input_tokens" => Some(TokenType::Input),
        "output_tokens" => Some(TokenType::Output),
        "cache_read_input_tokens" => Some(TokenType::CacheRead),
        "cache_creation.ephemeral_5m_input_tokens" | "cache_creation_5m_input_tokens" => {
            Some(TokenType::CacheWrite5m)
        }
        "cache_creation.ephemeral_1h_input_tokens" | "cache_creation_1h_input_tokens" => {
            Some(TokenType::CacheWrite1h)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_report_token_types() {
        assert_eq!(
            token_type("cache_creation.ephemeral_1h_input_tokens"),
            Some(TokenType::CacheWrite1h)
        );
        assert_eq!(token_type("web_search"), None);
    }
}
