#!/usr/bin/env python3
"""Independent totals of the AI API pages in tests/data/ai, for tests/slt/ai_sources.slt.

Reads the JSON pages with Python's json module, without focusql, and applies the documented
semantics: OpenAI input_tokens includes cached (and audio/image) input, output_tokens includes
audio output; Anthropic fields are exclusive; Anthropic cost amounts are cents (decimal
strings), OpenAI amounts dollars. A bucket (endpoint, start, end) already given by an earlier
file (in path order) is skipped. Prints per directory, source system, model and token type the
token quantity, request count and cost.

    python3 tests/golden/ai_totals.py
"""
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "ai"


def rows_of(result, kind):
    """(source_system, model, token_type, tier, quantity, requests, cost) tuples."""
    g = lambda k: result.get(k) or 0
    if kind in NON_TOKEN:
        field, unit = NON_TOKEN[kind]
        value = result.get(field, result.get("sessions")) or 0
        # The unit goes with the label so bytes and sessions are not summed together.
        yield (f"openai_usage_api[{unit}]", result.get("model"), None, None, value,
               result.get("num_model_requests") or 0, None)
        return
    if kind == "openai_usage":
        tier = "batch" if result.get("batch") else (
            "standard" if result.get("service_tier") in ("default", "auto") else result.get("service_tier"))
        if result.get("batch") is False and tier is None:
            tier = "standard"
        audio_in = g("input_audio_tokens") - g("input_cached_audio_tokens")
        image_in = g("input_image_tokens") - g("input_cached_image_tokens")
        parts = [("input", g("input_tokens") - g("input_cached_tokens") - audio_in - image_in),
                 ("cache_read", g("input_cached_tokens")), ("input_audio", audio_in),
                 ("input_image", image_in),
                 ("output", g("output_tokens") - g("output_audio_tokens") - g("output_image_tokens")),
                 ("output_audio", g("output_audio_tokens")), ("output_image", g("output_image_tokens"))]
        for i, (t, q) in enumerate(parts):
            if i == 0 or q:
                yield ("openai_usage_api", result.get("model"), t, tier, q,
                       result.get("num_model_requests") if i == 0 else 0, None)
    elif kind == "openai_costs":
        item = result.get("line_item") or ""
        model, _, t = item.rpartition(",")
        t = {"input": "input", "output": "output", "cached input": "cache_read"}.get(t.strip().lower())
        yield ("openai_costs_api", model.strip() or None, t, "standard" if t else None, None, 0,
               Decimal(str(result["amount"]["value"])))
    elif kind == "anthropic_usage":
        cc = result.get("cache_creation") or {}
        parts = [("input", g("uncached_input_tokens")),
                 ("cache_write_5m", cc.get("ephemeral_5m_input_tokens") or 0),
                 ("cache_write_1h", cc.get("ephemeral_1h_input_tokens") or 0),
                 ("cache_read", g("cache_read_input_tokens")), ("output", g("output_tokens"))]
        for i, (t, q) in enumerate(parts):
            if i == 0 or q:
                yield ("anthropic_usage_report", result.get("model"), t, result.get("service_tier"), q, 0, None)
        searches = (result.get("server_tool_use") or {}).get("web_search_requests") or 0
        if searches:
            yield ("anthropic_usage_report", result.get("model"), None, result.get("service_tier"), searches, 0, None)
    elif kind == "anthropic_cost":
        t = {"uncached_input_tokens": "input", "output_tokens": "output",
             "cache_read_input_tokens": "cache_read",
             "cache_creation.ephemeral_5m_input_tokens": "cache_write_5m",
             "cache_creation.ephemeral_1h_input_tokens": "cache_write_1h"}.get(result.get("token_type"))
        yield ("anthropic_cost_report", result.get("model"), t, result.get("service_tier"), None, 0,
               Decimal(result["amount"]) / 100)


# The OpenAI Usage API endpoints that count something other than tokens: field and unit.
NON_TOKEN = {
    "images": ("images", "Images"),
    "audio_speeches": ("characters", "Characters"),
    "audio_transcriptions": ("seconds", "Seconds"),
    "vector_stores": ("usage_bytes", "Bytes"),
    "code_interpreter_sessions": ("num_sessions", "Sessions"),
}


def kind_of(result):
    obj = result.get("object", "")
    if obj == "organization.costs.result":
        return "openai_costs"
    if obj.startswith("organization.usage."):
        endpoint = obj[len("organization.usage."):-len(".result")]
        return endpoint if endpoint in NON_TOKEN else "openai_usage:" + obj
    return "anthropic_cost" if "amount" in result else "anthropic_usage"


def main():
    skip = {"truncated", "truncated-spans", "bad-count", "otel", "otel-truth", "prices"}
    for directory in sorted(p for p in DATA.iterdir() if p.is_dir() and p.name not in skip):
        seen = set()
        totals = defaultdict(lambda: [0, 0, Decimal(0), 0])
        for path in sorted(directory.glob("*.json")):
            buckets = json.load(open(path))["data"]
            results = [r for b in buckets for r in (b.get("results") or b.get("result") or [])]
            if not results:
                continue
            kind = kind_of(results[0])
            for b in buckets:
                key = (kind, b.get("start_time") or b.get("starting_at"), b.get("end_time") or b.get("ending_at"))
                if key in seen:
                    continue
                seen.add(key)
                for r in b.get("results") or b.get("result") or []:
                    for s, m, t, tier, q, n, c in rows_of(r, kind.split(":")[0]):
                        k = (s, m, t, tier)
                        totals[k][0] += q or 0
                        totals[k][1] += n or 0
                        totals[k][2] += c or 0
                        totals[k][3] += 1
        print(f"== {directory.name}")
        for k in sorted(totals, key=lambda k: tuple(str(x) for x in k)):
            q, n, c, rows = totals[k]
            print(*(x if x is not None else "NULL" for x in k), q, n, c, rows)



def priced(directory, overrides=None):
    """Usage tokens priced by hand from catalogs/data/token_prices.csv (and contracted rates
    that win from their effective date), per model and UTC day: the reconciliation numbers."""
    import csv
    import datetime
    root = Path(__file__).resolve().parent.parent.parent
    book = {}
    for r in csv.DictReader(open(root / "catalogs" / "data" / "token_prices.csv")):
        book[(r["model"], r["token_type"], r["service_tier"] or "standard")] = [(None, Decimal(r["price"]) / int(r["unit_block"]))]
    if overrides:
        blocks = {"1K": 1000, "1M": 1000000}
        for r in csv.DictReader(open(overrides)):
            per_token = Decimal(r["price"]) / blocks.get(r["unit_block"], int(r["unit_block"]) if r["unit_block"].isdigit() else 1)
            book.setdefault((r["model"], r["token_type"], r["service_tier"] or "standard"), []).append(
                (r["effective_start"] or None, per_token))
    out = defaultdict(Decimal)
    for path in sorted(directory.glob("*.json")):
        for b in json.load(open(path))["data"]:
            day = datetime.datetime.fromtimestamp(b["start_time"], datetime.timezone.utc).date().isoformat()
            for r in b.get("results", []):
                if r.get("object") != "organization.usage.completions.result":
                    continue
                for _, m, t, tier, q, _, _ in rows_of(r, "openai_usage"):
                    prices = [p for start, p in sorted(book[(m, t, tier or "standard")], key=lambda x: x[0] or "")
                              if start is None or start <= day]
                    out[(m, day)] += q * prices[-1]
    for k in sorted(out):
        print("priced", *k, out[k].quantize(Decimal("1e-10")).normalize())


if __name__ == "__main__":
    main()
    priced(DATA / "reconcile")
    priced(DATA / "reconcile", DATA / "prices" / "contract.csv")
