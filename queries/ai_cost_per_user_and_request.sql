-- title: AI cost per user, API key and request
-- description: Usage at request grain (OpenTelemetry spans; API keys where the usage source has them) priced with the price catalog: cost per user, API key, session and request, most expensive first. Requests with an unpriced token type show NULL cost and count in unpriced_rows.
-- focus_version: 1.4
-- param: start = 2000-01-01  Periods from this date (inclusive)
-- param: end = 2100-01-01    Periods before this date (exclusive)
SELECT user_id, api_key_id, session_id, request_id, provider, model_id AS model,
       priced_currency AS currency,
       sum(CASE WHEN token_direction = 'Input' THEN quantity END) AS input_tokens,
       sum(CASE WHEN token_direction = 'Output' THEN quantity END) AS output_tokens,
       sum(priced_cost) AS cost,
       count(*) - count(priced_cost) AS unpriced_rows
FROM token_costs
WHERE (request_id IS NOT NULL OR api_key_id IS NOT NULL)
  AND period_start >= $start AND period_start < $end
GROUP BY 1, 2, 3, 4, 5, 6, 7
ORDER BY cost DESC NULLS LAST, user_id, request_id;
