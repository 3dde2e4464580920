#!/usr/bin/env python3
"""Build catalogs/data/token_prices.csv from LiteLLM's model_prices_and_context_window.json.

    python3 catalogs/data/build_token_prices.py path/to/model_prices_and_context_window.json LITELLM_VERSION

Keeps the chat, responses and embedding models of the providers focusql reads: OpenAI and
Anthropic (their APIs), and the cloud bills' AI services under the provider name their
`token_usage` rows carry: Bedrock (`bedrock`, `bedrock_converse`) as AWS, Azure OpenAI
(`azure`) as Microsoft, Vertex AI (`vertex_ai-language-models`) as Google Cloud. Writes one
row per model, token type, service tier and context band, with the price per 1M tokens as an
exact decimal (LiteLLM stores USD per token as JSON numbers; the number's shortest decimal
spelling is taken, times 1,000,000).

Field names follow LiteLLM's grammar `{base}[_above_{N}k_tokens][_above_1hr][_{tier}]` (the band
and the 1h TTL come in either order): a `_above_{N}k_tokens` price is the long-context band
`>{N}k` (`context_band`), which applies to the whole request once its input tokens exceed
N × 1,000; the base band has an empty `context_band`.
"""
import csv
import json
import re
import sys
from decimal import Decimal

PROVIDERS = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "bedrock": "AWS",
    "bedrock_converse": "AWS",
    "azure": "Microsoft",
    "vertex_ai-language-models": "Google Cloud",
}
MODES = {"chat", "responses", "embedding"}
# LiteLLM field (without tier suffix) -> focusql token type
FIELDS = {
    "input_cost_per_token": "input",
    "cache_read_input_token_cost": "cache_read",
    "cache_creation_input_token_cost": "cache_write_5m",
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h",
    "output_cost_per_token": "output",
    "output_cost_per_reasoning_token": "reasoning",
    "input_cost_per_audio_token": "input_audio",
    "output_cost_per_audio_token": "output_audio",
    "input_cost_per_image_token": "input_image",
    "output_cost_per_image_token": "output_image",
}
TIERS = {"": "standard", "_batches": "batch", "_flex": "flex", "_priority": "priority"}
UNIT_BLOCK = 1_000_000
BAND = re.compile(r"_above_(\d+)k_tokens")


def parse_field(name):
    """(LiteLLM base field, tier, context band) of a price field name, or None."""
    for suffix, tier in TIERS.items():
        if suffix and name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    else:
        tier = "standard"
    bands = BAND.findall(name)
    if len(bands) > 1:
        return None
    band = f">{bands[0]}k" if bands else ""
    base = BAND.sub("", name)
    return (base, tier, band) if base in FIELDS else None


def main(path, version):
    data = json.load(open(path))
    rows = []
    for model, spec in data.items():
        if not isinstance(spec, dict):
            continue
        provider = PROVIDERS.get(spec.get("litellm_provider"))
        if provider is None or spec.get("mode") not in MODES:
            continue
        for name, value in spec.items():
            parsed = parse_field(name)
            if parsed is None or not isinstance(value, (int, float)):
                continue
            field, tier, band = parsed
            price = (Decimal(repr(value)) * UNIT_BLOCK).normalize()
            rows.append([provider, model, FIELDS[field], tier, band, format(price, "f"),
                         UNIT_BLOCK, "USD", "", "", f"litellm {version}"])
    rows.sort()
    owners = {}
    for row in rows:
        if owners.setdefault(row[1].lower(), row[0]) != row[0]:
            sys.exit(f"model {row[1]} is priced by both {owners[row[1].lower()]} and {row[0]}")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["provider", "model", "token_type", "service_tier", "context_band", "price",
                  "unit_block",
                  "currency", "effective_start", "effective_end", "price_source"])
    out.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
