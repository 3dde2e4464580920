"""BilledCost totals of the GCP billing export fixtures, computed without focusql.

GCP's billed total of a row is cost + sum(credits.amount). This sums it per invoice month
and currency with Python's json and decimal modules (each JSON number read through its
shortest text form, as focusql reads floats), each cell rounded to the FOCUS money scale.
Files without invoice.month (the Vertex AI rows) are grouped by the Pacific month of
usage_start_time, as focusql does. Run: python3 tests/golden/gcp_billing_totals.py
"""

import json
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "gcp"
SCALE = Decimal("0.0000000001")


def money(value):
    return Decimal(str(value)).quantize(SCALE, ROUND_HALF_UP)


def month(row):
    invoice = (row.get("invoice") or {}).get("month")
    if invoice:
        return f"{invoice[:4]}-{invoice[4:]}"
    start = datetime.fromisoformat(row["usage_start_time"].replace("Z", "+00:00"))
    # Pacific time: UTC-7 in summer (PDT), UTC-8 otherwise; the fixtures need October only.
    return (start - timedelta(hours=7)).strftime("%Y-%m")


for path in sorted(DATA.glob("*/*.ndjson")):
    totals = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0)])
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            t = totals[(month(row), row["currency"])]
            t[0] += 1
            t[2] += money(row["cost"])
            for credit in row.get("credits") or []:
                t[1] += 1
                t[3] += money(credit["amount"])
    for (m, currency), (rows, credits, cost, credit) in sorted(totals.items()):
        print(
            f"{path.parent.name}/{path.name}: {m} {currency} rows={rows} credits={credits} "
            f"cost={cost} credits_amount={credit} BilledCost={cost + credit}"
        )
