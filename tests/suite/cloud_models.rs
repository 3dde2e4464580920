//! Cloud bills whose AI lines name models beyond the override table: the billed names resolve to
//! catalog ids by their signature, Bedrock Marketplace lines by their product name, and the lines
//! are priced.

use super::cli::query_csv;
use super::data;

/// A query over the three "models" fixtures (tests/data/{aws/bedrock-models,azure/ai-models,
/// gcp/vertex-models}), as CSV.
fn models_query(sql: &str) -> String {
    let aws = format!("aws={}", data("aws/bedrock-models"));
    let azure = format!("azure={}", data("azure/ai-models"));
    let gcp = format!("gcp={}", data("gcp/vertex-models"));
    query_csv(&[&aws, &azure, &gcp], sql)
}

#[test]
fn billed_names_beyond_the_override_table_are_priced() {
    // Priced by hand from catalogs/data/token_prices.csv (USD per 1M tokens, standard tier):
    //   Claude3.5Haiku input      2,000 × 1K   × 0.80  = 1.600
    //   Llama4-Maverick-17B out     500 × 1K   × 0.97  = 0.485
    //   NovaLite input           10,000 × 1K   × 0.06  = 0.600
    //   Marketplace Claude Sonnet 4.6 output 0.1 × 1M × 15 = 1.500
    //   Claude3Sonnet: not in the catalog → unpriced (NULL, never 0)
    //   gpt 4.1 input             5,000 × 1K   × 2.00  = 10.00
    //   o3 mini 0131 cached input 2,000 × 1K   × 0.55  = 1.10
    //   5.6 sol output              0.5 × 1M   × 20    = 10.00
    //   Gemini 2.5 Pro input      400,000      × 1.25  = 0.50
    //   Gemini 2.5 Flash Lite out 1,000,000    × 0.40  = 0.40
    //   Gemini 3 Flash cached in  2,000,000    × 0.05  = 0.10 (gemini-3-flash-preview)
    let out = models_query(
        "SELECT source_system, x_billed, model_id, token_type, CAST(priced_cost AS VARCHAR) AS priced \
         FROM (SELECT t.*, c.x_BilledModel AS x_billed FROM token_costs t \
         JOIN (SELECT DISTINCT x_BilledModel, x_ModelId FROM costs WHERE x_BilledModel IS NOT NULL) c \
         ON t.model_id = c.x_ModelId) ORDER BY 1, 3, 4",
    );
    assert_eq!(
        out,
        "source_system,x_billed,model_id,token_type,priced\n\
         aws_cur,Claude3Sonnet,Claude3Sonnet,input,\n\
         aws_cur,NovaLite,amazon.nova-lite-v1:0,input,0.6000000000\n\
         aws_cur,Claude3.5Haiku,anthropic.claude-3-5-haiku-20241022-v1:0,input,1.6000000000\n\
         aws_cur,Claude Sonnet 4.6,anthropic.claude-sonnet-4-6,output,1.5000000000\n\
         aws_cur,Llama4-Maverick-17B,meta.llama4-maverick-17b-instruct-v1:0,output,0.4850000000\n\
         azure_cost_details,gpt 4.1,azure/gpt-4.1,input,10.0000000000\n\
         azure_cost_details,5.6 sol,azure/gpt-5.6-sol,output,10.0000000000\n\
         azure_cost_details,o3 mini 0131,azure/o3-mini-2025-01-31,cache_read,1.1000000000\n\
         gcp_billing_export,Gemini 2.5 Flash Lite,gemini-2.5-flash-lite,output,0.4000000000\n\
         gcp_billing_export,Gemini 2.5 Pro,gemini-2.5-pro,input,0.5000000000\n\
         gcp_billing_export,Gemini 3 Flash,gemini-3-flash-preview,cache_read,0.1000000000\n"
    );
}

#[test]
fn a_marketplace_line_gets_its_model_from_the_product_name() {
    let out = models_query(
        "SELECT x_UsageType, x_BilledModel, x_ModelId, x_TokenType, ServiceName FROM costs \
         WHERE x_UsageType LIKE '%-MP:%'",
    );
    assert_eq!(
        out,
        "x_UsageType,x_BilledModel,x_ModelId,x_TokenType,ServiceName\n\
         USE1-MP:USE1_OutputTokenCount-Units,Claude Sonnet 4.6,anthropic.claude-sonnet-4-6,output,Claude Sonnet 4.6 (Amazon Bedrock Edition)\n"
    );
    // Priced and billed agree per model: every resolved model reconciles to the cent, the
    // unresolved Claude3Sonnet line stays unpriced.
    let out = models_query(
        "SELECT model_id, CAST(difference AS VARCHAR) AS d, status FROM token_reconciliation \
         WHERE usage_source = 'aws_cur' AND status <> 'billed only' ORDER BY 1",
    );
    assert_eq!(
        out,
        "model_id,d,status\n\
         Claude3Sonnet,,unpriced usage\n\
         amazon.nova-lite-v1:0,0.0000000000,priced and billed\n\
         anthropic.claude-3-5-haiku-20241022-v1:0,0.0000000000,priced and billed\n\
         anthropic.claude-sonnet-4-6,0.0000000000,priced and billed\n\
         meta.llama4-maverick-17b-instruct-v1:0,0.0000000000,priced and billed\n"
    );
}
