-- title: Monthly cost by provider
-- description: Billed and effective cost per billing period, provider and billing currency, with the month-over-month change of effective cost.
-- focus_version: 1.4
-- param: start = 2000-01-01  First billing period to include (inclusive)
-- param: end = 2100-01-01    Billing periods before this date (exclusive)
WITH monthly AS (
    SELECT
        BillingPeriodStart,
        ServiceProviderName,
        BillingCurrency,
        sum(BilledCost) AS billed_cost,
        sum(EffectiveCost) AS effective_cost
    FROM costs
    WHERE BillingPeriodStart >= $start AND BillingPeriodStart < $end
    GROUP BY BillingPeriodStart, ServiceProviderName, BillingCurrency
)
SELECT
    to_char(BillingPeriodStart, '%Y-%m') AS billing_period,
    ServiceProviderName AS provider,
    BillingCurrency AS currency,
    billed_cost,
    effective_cost,
    effective_cost - lag(effective_cost) OVER (
        PARTITION BY ServiceProviderName, BillingCurrency ORDER BY BillingPeriodStart
    ) AS effective_change
FROM monthly
ORDER BY provider, currency, billing_period;
