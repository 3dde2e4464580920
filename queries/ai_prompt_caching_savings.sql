-- title: What prompt caching saved
-- description: Per provider and model, the cache-read tokens, what they cost at the cache-read price, what the same tokens would have cost as uncached input, and the saving net of what cache writes cost above the uncached price. Usage priced with the price catalog (and contracted rates); NULL where a price is missing.
-- focus_version: 1.4
-- param: start = 2000-01-01  Periods from this date (inclusive)
-- param: end = 2100-01-01    Periods before this date (exclusive)
SELECT provider, model_id AS model, priced_currency AS currency,
       sum(CASE WHEN token_type = 'cache_read' THEN quantity END) AS cache_read_tokens,
       sum(CASE WHEN token_type = 'cache_read' THEN priced_cost END) AS cache_read_cost,
       sum(CASE WHEN token_type IN ('cache_read', 'cache_write_5m', 'cache_write_1h')
                THEN token_cost(model_id, 'input', quantity, period_start, service_tier) END) AS as_uncached_cost,
       sum(CASE WHEN token_type IN ('cache_write_5m', 'cache_write_1h') THEN priced_cost END) AS cache_write_cost,
       sum(CASE WHEN token_type IN ('cache_read', 'cache_write_5m', 'cache_write_1h')
                THEN token_cost(model_id, 'input', quantity, period_start, service_tier) - priced_cost END) AS saving
FROM token_costs
WHERE cache_action IN ('Read', 'Write') AND period_start >= $start AND period_start < $end
GROUP BY 1, 2, 3
ORDER BY saving DESC NULLS LAST, provider, model;
