-- title: Cost in one currency
-- description: Billed and effective cost per billing period and provider, every row converted into one currency with convert_currency at its charge date (needs a [currency] rates file in focusql.toml) and added with sum_money, which fails rather than add two currencies.
-- focus_version: 1.4
-- param: currency = USD  The currency to report in (ISO 4217)
SELECT
    to_char(BillingPeriodStart, '%Y-%m') AS billing_period,
    ServiceProviderName AS provider,
    sum_money(convert_currency(BilledCost, BillingCurrency, $currency, ChargePeriodStart), $currency) AS billed_cost,
    sum_money(convert_currency(EffectiveCost, BillingCurrency, $currency, ChargePeriodStart), $currency) AS effective_cost,
    $currency AS currency
FROM costs
GROUP BY 1, 2
ORDER BY 1, 2;
