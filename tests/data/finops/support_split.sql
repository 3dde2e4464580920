-- The AWS Business Support fee of each demo month split across the AWS sub-accounts by their
-- Usage EffectiveCost: full FOCUS rows (the fee rows with their cost columns replaced by the
-- parts, PricingQuantity scaled to match, and the Allocated* columns set). Used by
-- tests/suite/finops.rs to check that a split dataset passes `focusql validate`.
CREATE VIEW support_split AS SELECT * FROM allocate('SELECT strftime(ChargePeriodStart, ''%Y-%m'') AS pool, BilledCost AS cost FROM aws WHERE ServiceName = ''AWS Support (Business)''', 'SELECT strftime(ChargePeriodStart, ''%Y-%m'') AS pool, SubAccountId AS consumer, SubAccountName AS name, sum(EffectiveCost) AS weight FROM aws WHERE ChargeCategory = ''Usage'' GROUP BY 1, 2, 3', 'proportional', 'EffectiveCost');
SELECT c.* EXCEPT (BilledCost, EffectiveCost, ListCost, ContractedCost, PricingQuantity, AllocatedMethodId, AllocatedMethodDetails, AllocatedResourceId, AllocatedResourceName, AllocatedTags),
  s.AllocatedCost AS BilledCost, s.AllocatedCost AS EffectiveCost, s.AllocatedCost AS ListCost, s.AllocatedCost AS ContractedCost,
  CAST(s.AllocatedCost / c.ListUnitPrice AS DECIMAL(38,10)) AS PricingQuantity,
  s.AllocatedMethodId, s.AllocatedMethodDetails, s.AllocatedResourceId, s.AllocatedResourceName, s.AllocatedTags
FROM aws c JOIN support_split s ON strftime(c.ChargePeriodStart, '%Y-%m') = s.pool
WHERE c.ServiceName = 'AWS Support (Business)';
