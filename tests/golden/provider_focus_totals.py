"""Independent totals of the provider FOCUS export fixtures: sum of BilledCost and
EffectiveCost per BillingPeriodStart and BillingCurrency, with exact decimals over the raw CSV
(no focusql). Run from the repository root: python3 tests/golden/provider_focus_totals.py"""
import csv
import glob
from collections import defaultdict
from decimal import Decimal

for folder in ["azure/focuscost-1.0-preview", "azure/focuscost-1.0r2",
               "azure/focuscost-1.2-preview", "gcp/focus-export"]:
    sums = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for path in glob.glob(f"tests/data/{folder}/*.csv"):
        for row in csv.DictReader(open(path)):
            key = (row["BillingPeriodStart"][:10], row["BillingCurrency"])
            sums[key][0] += Decimal(row["BilledCost"])
            sums[key][1] += Decimal(row["EffectiveCost"])
    for (period, currency), (billed, effective) in sorted(sums.items()):
        print(folder, period, currency, billed, effective)
