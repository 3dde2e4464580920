-- title: AI cost by model and token type
-- description: Billed AI cost (cost pages and AI bill lines in costs) per provider, model and token type, with the token quantity the usage sources report and its catalog-priced cost beside it. Currencies are never summed together.
-- focus_version: 1.4
-- param: start = 2000-01-01  Periods from this date (inclusive)
-- param: end = 2100-01-01    Periods before this date (exclusive)
WITH billed AS (
    SELECT provider, model_id, token_type, currency, sum(billed_cost) AS billed_cost
    FROM token_usage
    WHERE billed_cost IS NOT NULL AND period_start >= $start AND period_start < $end
    GROUP BY 1, 2, 3, 4
), used AS (
    SELECT provider, model_id, token_type, priced_currency AS currency,
           sum(quantity) AS tokens, sum(priced_cost) AS priced_cost,
           count(*) - count(priced_cost) AS unpriced_rows
    FROM token_costs
    WHERE period_start >= $start AND period_start < $end
    GROUP BY 1, 2, 3, 4
)
SELECT coalesce(b.provider, u.provider) AS provider,
       coalesce(b.model_id, u.model_id) AS model,
       coalesce(b.token_type, u.token_type) AS token_type,
       coalesce(b.currency, u.currency) AS currency,
       u.tokens, u.priced_cost, b.billed_cost, u.unpriced_rows
FROM billed b FULL OUTER JOIN used u
  ON b.provider = u.provider AND (b.model_id IS NOT DISTINCT FROM u.model_id)
 AND (b.token_type IS NOT DISTINCT FROM u.token_type) AND (b.currency IS NOT DISTINCT FROM u.currency)
ORDER BY provider, model, token_type, currency;
