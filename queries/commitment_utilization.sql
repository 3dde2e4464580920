-- title: Commitment discount utilization
-- description: Used and unused effective cost per commitment discount and billing period, with the utilization share.
-- focus_version: 1.4
SELECT
    to_char(BillingPeriodStart, '%Y-%m') AS billing_period,
    CommitmentDiscountType,
    CommitmentDiscountId,
    BillingCurrency AS currency,
    sum(CASE WHEN CommitmentDiscountStatus = 'Used' THEN EffectiveCost ELSE 0 END) AS used_cost,
    sum(CASE WHEN CommitmentDiscountStatus = 'Unused' THEN EffectiveCost ELSE 0 END) AS unused_cost,
    round(
        100 * sum(CASE WHEN CommitmentDiscountStatus = 'Used' THEN EffectiveCost ELSE 0 END)
            / nullif(sum(EffectiveCost), 0),
        1
    ) AS utilization_pct
FROM costs
WHERE ChargeCategory = 'Usage' AND CommitmentDiscountId IS NOT NULL
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3;
