"""Token totals of the AI lines in the cloud bill fixtures, computed from the raw files with
Python's csv, json and decimal only (no focusql), for tests/suite/ai.rs
(cloud_bill_token_lines_reach_token_usage). Prints one line per source system and token type:
`system token_type tokens cost`, sorted."""
import csv
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
BLOCK = {"1K": 1000, "1M": 1000000}
totals = defaultdict(lambda: [Decimal(0), Decimal(0)])


def add(system, token_type, tokens, cost):
    t = totals[(system, token_type)]
    t[0] += tokens
    t[1] += cost


# AWS CUR 2.0: Bedrock usage types that count tokens; usage_amount is in pricing_unit blocks.
for row in csv.DictReader(open(DATA / "aws/bedrock/bedrock-cur2.csv", newline="")):
    usage = row["line_item_usage_type"].lower()
    if "token" not in usage:
        continue
    if "cache-read" in usage or "cacheread" in usage:
        kind = "cache_read"
    elif "cache-write" in usage or "cachewrite" in usage:
        kind = "cache_write_5m"
    elif "input" in usage:
        kind = "input"
    else:
        kind = "output"
    block = BLOCK[row["pricing_unit"].split()[0].upper()]
    add("aws_cur", kind, Decimal(row["line_item_usage_amount"]) * block,
        Decimal(row["line_item_unblended_cost"]))

# Azure cost details: meters ending in "Tokens"; Quantity is in UnitOfMeasure blocks.
for row in csv.DictReader(open(DATA / "azure/ai/azure-openai-cost-details-sample.csv", newline="")):
    meter = row["MeterName"]
    if not meter.endswith("Tokens"):
        continue
    words = meter.replace("-", " ").lower().split()
    if "cached" in words or "cd" in words:
        kind = "cache_read"
    elif "inp" in words:
        kind = "input"
    else:
        kind = "output"
    add("azure_cost_details", kind, Decimal(row["Quantity"]) * BLOCK[row["UnitOfMeasure"]],
        Decimal(row["CostInBillingCurrency"]))

# GCP export: Vertex AI SKUs of input or output tokens (not cache storage); usage counts tokens.
for line in open(DATA / "gcp/vertex/vertex-ai-billing-export-rows.ndjson"):
    row = json.loads(line, parse_float=Decimal)
    sku = row["sku"]["description"]
    if "Caching Storage" in sku:
        continue
    kind = "reasoning" if "Thinking" in sku else ("input" if " Input" in sku else "output")
    add("gcp_billing_export", kind, Decimal(row["usage"]["amount"]), Decimal(row["cost"]))

for (system, kind), (tokens, cost) in sorted(totals.items()):
    sys.stdout.write(f"{system} {kind} {tokens:.0f} {cost.normalize():f}\n")
