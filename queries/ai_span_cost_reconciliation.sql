-- title: Span-priced AI cost reconciled with the bill
-- description: Per provider, model and UTC day: what the OpenTelemetry spans cost at catalog (or contracted) prices against what the provider billed (cost pages), and the difference (billed − priced; a missing side counts 0, NULL when some span usage has no price). Rows are never dropped: status says which side is missing.
-- focus_version: 1.4
-- param: start = 2000-01-01  Days from this date (inclusive)
-- param: end = 2100-01-01    Days before this date (exclusive)
SELECT provider, model_id AS model, day, currency, priced_cost, billed_cost, difference,
       unpriced_rows, status
FROM token_reconciliation
WHERE (usage_source = 'otel_span' OR usage_source IS NULL)
  AND day >= $start AND day < $end
ORDER BY day, provider, model, currency;
