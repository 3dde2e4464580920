#!/usr/bin/env python3
"""Independent totals of the AWS CUR fixtures, for tests/suite/aws.rs.

Reads each legacy CUR CSV with Python's csv module (no focusql), and per billing period and
currency prints: rows, BilledCost = sum of coalesce(lineItem/NetUnblendedCost,
lineItem/UnblendedCost) outside split cost allocation rows, and EffectiveCost by AWS's
amortisation rules (covered usage at its effective cost, unused commitment on the fee rows,
negations and upfront fees zero). Cells are rounded half away from zero to 10 decimals, as
focusql does.

    python3 tests/golden/aws_totals.py
"""
import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "aws"
FILES = [
    "cur-legacy/cur-legacy-sample-anonymous.csv",
    "cur-commitments/cur-commitments-constructed.csv",
]


def money(row, *names):
    for name in names:
        text = (row.get(name) or "").strip()
        if text:
            return Decimal(text).quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP)
    return Decimal(0)


def effective(row):
    t = row["lineItem/LineItemType"]
    if t == "SavingsPlanCoveredUsage":
        return money(row, "savingsPlan/SavingsPlanEffectiveCost")
    if t == "SavingsPlanRecurringFee":
        return money(row, "savingsPlan/TotalCommitmentToDate") - money(row, "savingsPlan/UsedCommitment")
    if t in ("SavingsPlanNegation", "SavingsPlanUpfrontFee"):
        return Decimal(0)
    if t == "DiscountedUsage":
        return money(row, "reservation/EffectiveCost")
    if t == "RIFee":
        return money(row, "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod") + money(
            row, "reservation/UnusedRecurringFee"
        )
    if t == "Fee" and (row.get("reservation/ReservationARN") or "").strip():
        return Decimal(0)
    return money(row, "lineItem/NetUnblendedCost", "lineItem/UnblendedCost")


def main():
    for name in FILES:
        totals = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
        with open(DATA / name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                key = (row["bill/BillingPeriodStartDate"][:7], row["lineItem/CurrencyCode"])
                t = totals[key]
                t[0] += 1
                if (row.get("splitLineItem/ParentResourceId") or "").strip():
                    continue
                t[1] += money(row, "lineItem/NetUnblendedCost", "lineItem/UnblendedCost")
                t[2] += effective(row)
        for (period, currency), (n, billed, eff) in sorted(totals.items()):
            print(f"{name} {period} {currency}: rows={n} billed={billed} effective={eff}")


if __name__ == "__main__":
    main()
