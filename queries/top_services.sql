-- title: Top services by effective cost
-- description: The services with the highest effective cost in a charge period window, per billing currency (currencies are never summed together).
-- focus_version: 1.4
-- param: start = 2000-01-01  Charge periods from this date (inclusive)
-- param: end = 2100-01-01    Charge periods before this date (exclusive)
-- param: top = 10            Services per currency
SELECT BillingCurrency AS currency, ServiceName, ServiceCategory, effective_cost
FROM (
    SELECT
        BillingCurrency,
        ServiceName,
        ServiceCategory,
        sum(EffectiveCost) AS effective_cost,
        row_number() OVER (PARTITION BY BillingCurrency ORDER BY sum(EffectiveCost) DESC) AS rank
    FROM costs
    WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
    GROUP BY BillingCurrency, ServiceName, ServiceCategory
)
WHERE rank <= $top
ORDER BY currency, effective_cost DESC;
