"""BilledCost totals of the OCI cost report fixture, computed without focusql.

Sums cost/myCost (the customer's cost, OCI's billed amount) per billing month (from
lineItem/intervalUsageStart, UTC) and currency with Python's csv and decimal modules, rounded
to the FOCUS money scale (10 decimals, half away from zero, as focusql parses), and the
BilledCost of the OCI FOCUS rows (tests/data/oci/focus) per billing period and currency.
Run: python3 tests/golden/oci_cost_totals.py
"""

import csv
import gzip
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "oci"
SCALE = Decimal("0.0000000001")


def rows(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


for folder in ("cost-report", "cost-report-gz", "corrections"):
    totals = defaultdict(lambda: [0, 0, Decimal(0)])
    for path in sorted((DATA / folder).glob("*.csv*")):
        for row in rows(path):
            month = row["lineItem/intervalUsageStart"][:7]
            key = (month, row["cost/currencyCode"])
            totals[key][0] += 1
            totals[key][1] += row["lineItem/isCorrection"] == "true"
            totals[key][2] += Decimal(row["cost/myCost"]).quantize(SCALE, ROUND_HALF_UP)
    for (month, currency), (n, corrections, billed) in sorted(totals.items()):
        print(
            f"{folder}: {month} {currency} rows={n} corrections={corrections} BilledCost={billed}"
        )

# The Oracle rows of the FOCUS 1.0 sample (OCI FOCUS report rows): BilledCost per period.
focus = DATA / "focus" / "oci-focus-1.0-rows.csv"
totals = defaultdict(lambda: [0, Decimal(0)])
for row in rows(focus):
    key = (row["BillingPeriodStart"][:7], row["BillingCurrency"])
    totals[key][0] += 1
    totals[key][1] += Decimal(row["BilledCost"]).quantize(SCALE, ROUND_HALF_UP)
for (month, currency), (n, billed) in sorted(totals.items()):
    print(f"focus/{focus.name}: {month} {currency} rows={n} BilledCost={billed}")
