-- title: Invoice reconciliation
-- description: Billed cost per invoice issuer, billing account, billing period and currency, with corrections and credits shown apart from charges.
-- focus_version: 1.4
SELECT
    InvoiceIssuerName,
    BillingAccountId,
    to_char(BillingPeriodStart, '%Y-%m') AS billing_period,
    BillingCurrency AS currency,
    sum(CASE WHEN ChargeClass IS NULL AND ChargeCategory NOT IN ('Credit') THEN BilledCost ELSE 0 END) AS charges,
    sum(CASE WHEN ChargeCategory = 'Credit' THEN BilledCost ELSE 0 END) AS credits,
    sum(CASE WHEN ChargeClass = 'Correction' THEN BilledCost ELSE 0 END) AS corrections,
    sum(BilledCost) AS billed_cost
FROM costs
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;
