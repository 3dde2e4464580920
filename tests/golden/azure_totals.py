"""Independent totals for the Azure cost details fixtures (tests/suite/azure.rs).

Reads the raw CSVs with the csv module and Decimal (no focusql code) and prints, per billing
period start and currency, the provider's own totals:
  * actual export alone: BilledCost = sum of the cost column (what Azure invoices);
  * actual + amortized of the same month (FinOps toolkit rule): every amortized row plus the
    actual rows with ChargeType Purchase/Refund and PricingModel Reservation/SavingsPlan;
    BilledCost is 0 on commitment-priced rows that are not purchases/refunds, EffectiveCost is 0
    on commitment purchases/refunds.
Run: python3 tests/golden/azure_totals.py
"""
import csv
import glob
import os
from collections import defaultdict
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "azure")


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            yield {k.lower(): v for k, v in r.items()}


def get(r, *names):
    for n in names:
        if n.lower() in r:
            return r[n.lower()]
    raise KeyError(names)


def period(r):
    m, d, y = get(r, "BillingPeriodStartDate").split("/")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def cost(r):
    return Decimal(get(r, "CostInBillingCurrency", "Cost") or "0")


def currency(r):
    return get(r, "BillingCurrencyCode", "BillingCurrency")


def commitment(r):
    return get(r, "PricingModel").lower() in ("reservation", "savingsplan")


def purchase(r):
    return get(r, "ChargeType").lower() in ("purchase", "refund")


def show(title, billed, effective):
    print(title)
    for key in sorted(billed):
        print(f"  {key[0]} {key[1]} billed={billed[key]} effective={effective[key]}")


def actual_only(folder):
    billed = defaultdict(Decimal)
    for path in sorted(glob.glob(os.path.join(DATA, folder, "**", "*.csv"), recursive=True)):
        for r in rows(path):
            billed[(period(r), currency(r))] += cost(r)
    return billed


def combined(actual_glob, amortized_glob):
    billed, effective = defaultdict(Decimal), defaultdict(Decimal)
    for path in glob.glob(os.path.join(DATA, amortized_glob), recursive=True):
        for r in rows(path):
            key = (period(r), currency(r))
            billed[key] += Decimal(0) if commitment(r) and not purchase(r) else cost(r)
            effective[key] += Decimal(0) if commitment(r) and purchase(r) else cost(r)
    for path in glob.glob(os.path.join(DATA, actual_glob), recursive=True):
        for r in rows(path):
            if commitment(r) and purchase(r):
                key = (period(r), currency(r))
                billed[key] += cost(r)
    return billed, effective


def focus_totals(path):
    """BilledCost/EffectiveCost of a native FOCUS file (the literal NULL is null)."""
    billed, effective = defaultdict(Decimal), defaultdict(Decimal)
    for r in rows(path):
        key = (get(r, "BillingPeriodStart")[:10], get(r, "BillingCurrency"))
        for acc, col in ((billed, "BilledCost"), (effective, "EffectiveCost")):
            v = get(r, col)
            acc[key] += Decimal(v) if v not in ("", "NULL") else Decimal(0)
    return billed, effective


if __name__ == "__main__":
    b, e = focus_totals(os.path.join(DATA, "focuscost-1.0", "focus-1.0-sample-microsoft.csv"))
    show("focuscost-1.0 (Microsoft rows of the FOCUS 1.0 sample)", b, e)
    b = actual_only("ea-anonymous")
    show("ea-anonymous (actual)", b, b)
    b = actual_only("mca")
    show("mca (actual, constructed)", b, b)
    b = actual_only("ea-small/actual")
    show("ea-small/actual (actual only)", b, b)
    b, e = combined("ea-small/actual/*.csv", "ea-small/amortized/*.csv")
    show("ea-small (actual + amortized)", b, e)
