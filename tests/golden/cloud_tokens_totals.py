"""Token totals of the AI lines in the cloud bill fixtures, computed from the raw files with
Python's csv, json and decimal only (no focusql), for tests/suite/ai.rs
(cloud_bill_token_lines_reach_token_usage). Prints one line per source system and token type:
`system token_type tokens cost`, sorted.

With LiteLLM's price list as argument (model_prices_and_context_window_backup.json from the
litellm 1.110.2 wheel; see catalogs/data/README.md) it also prices every token line straight
from that JSON (USD per token × tokens, the tier's `_batches`/`_flex` field for batch and flex
lines, reasoning at `output_cost_per_reasoning_token` else the output price) for
cloud_bill_token_lines_are_priced and prints `priced system token_type priced_cost
unpriced_lines`, sorted:

    python3 tests/golden/cloud_tokens_totals.py path/to/model_prices_and_context_window_backup.json
"""
import csv
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
BLOCK = {"1K": 1000, "1M": 1000000}
totals = defaultdict(lambda: [Decimal(0), Decimal(0)])
# (system, token_type) -> [priced cost, unpriced lines]
priced = defaultdict(lambda: [Decimal(0), 0])
PRICES = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else None
# Billed model name -> LiteLLM key, read off the provider documentation of each name.
LITELLM_KEY = {
    "Claude4.6Sonnet": "anthropic.claude-sonnet-4-6",
    "Nova2.0Lite": "amazon.nova-2-lite-v1:0",
    "NovaPro": "amazon.nova-pro-v1:0",
    "openai.gpt-oss-120b": "openai.gpt-oss-120b-1:0",
    "Claude Opus 4.6": "anthropic.claude-opus-4-6-v1",
    "5.4": "azure/gpt-5.4",
    "gpt-4o-mini-0718": "azure/gpt-4o-mini-2024-07-18",
    "Gemini 2.5 Flash": "gemini-2.5-flash",
}
FIELD = {"input": "input_cost_per_token", "output": "output_cost_per_token",
         "cache_read": "cache_read_input_token_cost",
         "cache_write_5m": "cache_creation_input_token_cost"}
SUFFIX = {None: "", "standard": "", "batch": "_batches", "flex": "_flex"}


def add(system, token_type, tokens, cost, model=None, tier=None):
    t = totals[(system, token_type)]
    t[0] += tokens
    t[1] += cost
    if PRICES is None:
        return
    spec = PRICES.get(LITELLM_KEY.get(model), {})
    if token_type == "reasoning" and "output_cost_per_reasoning_token" + SUFFIX[tier] in spec:
        field = "output_cost_per_reasoning_token"
    else:
        field = FIELD["output" if token_type == "reasoning" else token_type]
    price = spec.get(field + SUFFIX[tier])
    p = priced[(system, token_type)]
    if price is None:
        p[1] += 1
    else:
        p[0] += Decimal(repr(price)) * tokens


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
    name = row["line_item_usage_type"].split("-", 1)[1]
    tier = next((t for t in ("batch", "flex", "standard") if name.endswith("-" + t)), None)
    model = next((m for m in LITELLM_KEY if name.startswith(m + "-")), None)
    if "-mp:" in usage:  # Marketplace: the model is in the product name
        model = row["product_product_name"].removesuffix(" (Amazon Bedrock Edition)")
    add("aws_cur", kind, Decimal(row["line_item_usage_amount"]) * block,
        Decimal(row["line_item_unblended_cost"]), model, tier)

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
    model = next((m for m in LITELLM_KEY if meter.startswith(m + " ") or meter.startswith(m + "-")),
                 None)
    add("azure_cost_details", kind, Decimal(row["Quantity"]) * BLOCK[row["UnitOfMeasure"]],
        Decimal(row["CostInBillingCurrency"]), model, "batch" if "batch" in words else None)

# GCP export: Vertex AI SKUs of input or output tokens (not cache storage); usage counts tokens.
for line in open(DATA / "gcp/vertex/vertex-ai-billing-export-rows.ndjson"):
    row = json.loads(line, parse_float=Decimal)
    sku = row["sku"]["description"]
    if "Caching Storage" in sku:
        continue
    kind = "reasoning" if "Thinking" in sku else ("input" if " Input" in sku else "output")
    model = next((m for m in LITELLM_KEY if sku.startswith(m + " ")), None)
    add("gcp_billing_export", kind, Decimal(row["usage"]["amount"]), Decimal(row["cost"]), model,
        "batch" if "Batch Predictions" in sku else None)

for (system, kind), (tokens, cost) in sorted(totals.items()):
    sys.stdout.write(f"{system} {kind} {tokens:.0f} {cost.normalize():f}\n")
for (system, kind), (cost, unpriced) in sorted(priced.items()):
    sys.stdout.write(f"priced {system} {kind} {cost.normalize():f} {unpriced}\n")
