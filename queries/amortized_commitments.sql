-- title: Amortized commitment cost from purchases (no EffectiveCost needed)
-- description: Spreads every commitment purchase (ChargeCategory 'Purchase' with a CommitmentDiscountId) evenly over the days of its charge period with amortize(), then splits each day's amount over that day's Usage rows of the commitment in proportion to their CommitmentDiscountQuantity with allocate(): Used rows carry the amortized cost of the usage they covered, Unused rows the unused part, and a day with no usage rows at all shows its whole amount as Unused with no resource. Works on actual-cost exports whose EffectiveCost is missing or zero; needs CommitmentDiscountQuantity on the Usage rows (FOCUS 1.2+).
-- focus_version: 1.4
SELECT
    split_part(pool, '|', 1) AS CommitmentDiscountId,
    split_part(pool, '|', 2) AS day,
    coalesce(split_part(AllocatedResourceId, '|', 1), 'Unused') AS CommitmentDiscountStatus,
    nullif(split_part(AllocatedResourceId, '|', 2), '') AS ResourceId,
    sum(AllocatedCost) AS AmortizedCost
FROM allocate(
    'SELECT CommitmentDiscountId || ''|'' || strftime(p[''period_start''], ''%Y-%m-%d'') AS pool, p[''amount''] AS cost
     FROM (SELECT CommitmentDiscountId, unnest(amortize(BilledCost, ChargePeriodStart, ChargePeriodEnd, ''day'')) AS p
           FROM costs WHERE ChargeCategory = ''Purchase'' AND CommitmentDiscountId IS NOT NULL)',
    'SELECT CommitmentDiscountId || ''|'' || strftime(ChargePeriodStart, ''%Y-%m-%d'') AS pool,
            CommitmentDiscountStatus || ''|'' || coalesce(ResourceId, '''') AS consumer,
            CommitmentDiscountQuantity AS weight
     FROM costs WHERE ChargeCategory = ''Usage'' AND CommitmentDiscountId IS NOT NULL',
    'proportional',
    'CommitmentDiscountQuantity')
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;
