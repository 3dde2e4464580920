#!/usr/bin/env python3
"""Independent totals of the FOCUS sample files, for the golden tests.

Reads each CSV with Python's csv module and sums costs with decimal.Decimal (exact), without
focusql. Prints, per file, provider (ProviderName or ServiceProviderName) and BillingCurrency:
row count, sum(BilledCost), sum(EffectiveCost), with each cell rounded half away from zero to
focusql's money scale (10 decimals) as focusql documents, so the sums must match exactly. The
.slt golden files hold these numbers.

    python3 tests/golden/focus_totals.py
"""
import csv
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

MONEY_SCALE = Decimal("1e-10")
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "focus"
FILES = [
    "focus-1.0/focus-1.0-sample-multiprovider.csv",
    "focus-1.2/focus_1_2_cost_and_usage_aws.csv",
    "focus-1.3/focus_1_3_cost_and_usage_aws.csv",
    "focus-1.4/synthetic_focus_1_4_cost_and_usage.csv",
    "spec-examples/commitment_discount_usage_scenario_3.csv",
    "spec-examples/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv",
    "spec-examples/saas_spend_agreements_a2.csv",
]


def money(text):
    text = (text or "").strip()
    if text in ("", "NULL", "null"):
        return Decimal(0)
    return Decimal(text).quantize(MONEY_SCALE, rounding=ROUND_HALF_UP)


def main():
    for name in FILES:
        totals = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
        with open(DATA / name, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                if not any((v or "").strip() for v in row.values()):
                    continue  # a blank line is not a row
                provider = row.get("ServiceProviderName") or row.get("ProviderName") or "NULL"
                key = (provider, row.get("BillingCurrency") or "NULL")
                totals[key][0] += 1
                totals[key][1] += money(row["BilledCost"])
                totals[key][2] += money(row["EffectiveCost"])
        print(f"# {name}")
        for (provider, currency), (n, billed, effective) in sorted(totals.items()):
            print(f"{provider} {currency} {n} {billed.normalize():f} {effective.normalize():f}")


if __name__ == "__main__":
    sys.exit(main())
