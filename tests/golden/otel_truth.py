#!/usr/bin/env python3
"""Independent span-grain totals for tests/slt/ai_spans.slt, from the fake LLM server's own
record (tests/data/ai/otel-truth/*.truth.csv: one row per HTTP request with the usage it
returned and the billable buckets), not from the spans. Prints per user, served model and
service tier the billable tokens of the successful requests:
uncached input, cache read, cache write 5m, cache write 1h, output (reasoning included),
and the request count; then the input total (all input buckets), output and requests.

    python3 tests/golden/otel_truth.py
"""
import csv
from collections import defaultdict
from pathlib import Path

TRUTH = Path(__file__).resolve().parent.parent / "data" / "ai" / "otel-truth" / "genai-spans-real-instrumentation.truth.csv"
COLUMNS = ["bill.input_uncached", "bill.cache_read", "bill.cache_write_5m", "bill.cache_write_1h", "bill.output"]

totals = defaultdict(lambda: [0] * (len(COLUMNS) + 1))
for row in csv.DictReader(open(TRUTH)):
    if row["http_status"] != "200":
        continue
    tier = {"default": "standard", "": "standard"}.get(row["service_tier"], row["service_tier"])
    key = (row["user_id"] or "NULL", row["response_model"], tier)
    for i, c in enumerate(COLUMNS):
        totals[key][i] += int(row[c] or 0)
    totals[key][-1] += 1
for key in sorted(totals):
    print(*key, *totals[key])
# The OpenAI instrumentation puts no cached-token attribute on its spans, so from spans only the
# total input (uncached + cache read + writes) per group is knowable for OpenAI calls:
print("-- input total, output total, requests")
for key in sorted(totals):
    t = totals[key]
    print(*key, sum(t[:4]), t[4], t[5])
