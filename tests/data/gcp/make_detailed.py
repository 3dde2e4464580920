"""Writes the constructed GCP detailed-export fixture as NDJSON and as Parquet (pyarrow).

The rows follow the BigQuery detailed (resource-level) Cloud Billing export schema as Google
documents it ("Structure of Detailed data export": billing_account_id, service, sku,
usage_start_time, usage_end_time, project{id, number, name, labels, ancestry_numbers},
labels, system_labels, location{location, country, region, zone}, resource{name,
global_name}, export_time, cost, currency, currency_conversion_rate, usage{amount, unit,
amount_in_pricing_units, pricing_unit}, credits[{name, amount, full_name, id, type}],
invoice{month}, cost_type, adjustment_info{id, description, mode, type}, price{
effective_price, tier_start_amount, unit, pricing_unit_quantity}, cost_at_list). Values are
invented. NDJSON is written as `bq extract --destination_format NEWLINE_DELIMITED_JSON` writes
it (FLOAT as JSON numbers, TIMESTAMP as text); Parquet as `EXPORT DATA ... format='PARQUET'`
(TIMESTAMP as timestamp[us, UTC], nested RECORD/REPEATED kept); Avro as `EXPORT DATA ...
format='AVRO'` (TIMESTAMP as long timestamp-micros, NULLABLE as a union with null,
REPEATED as an array, deflate codec).

    python3 tests/data/gcp/make_detailed.py   # needs pyarrow and fastavro
"""

import json
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCOUNT = "01A2B3-C4D5E6-F7A8B9"


def project(pid, number, name, labels):
    return {
        "id": pid,
        "number": number,
        "name": name,
        "labels": [{"key": k, "value": v} for k, v in labels],
        "ancestry_numbers": number and "/123456789/" + number + "/",
    }


WEB = project("web-prod", "111111111111", "Web Production", [("cost-center", "cc-42")])
DATA = project("data-lake", "222222222222", "Data Lake", [])


def row(**kw):
    base = {
        "billing_account_id": ACCOUNT,
        "service": {"id": "6F81-5844-456A", "description": "Compute Engine"},
        "sku": {"id": "2E27-4F75-95CD", "description": "N2 Instance Core running in Americas"},
        "usage_start_time": "2026-09-14T10:00:00Z",
        "usage_end_time": "2026-09-14T11:00:00Z",
        "project": WEB,
        "labels": [{"key": "env", "value": "prod"}, {"key": "team", "value": "web"}],
        "system_labels": [{"key": "compute.googleapis.com/machine_spec", "value": "n2-standard-4"}],
        "location": {"location": "us-central1", "country": "US", "region": "us-central1", "zone": "us-central1-a"},
        "resource": {"name": "web-1", "global_name": "//compute.googleapis.com/projects/web-prod/zones/us-central1-a/instances/1234567890"},
        "export_time": "2026-09-14T16:03:11.123Z",
        "cost": 0.1264,
        "currency": "USD",
        "currency_conversion_rate": 1.0,
        "usage": {"amount": 14400.0, "unit": "seconds", "amount_in_pricing_units": 4.0, "pricing_unit": "hour"},
        "credits": [],
        "invoice": {"month": "202609"},
        "cost_type": "regular",
        "adjustment_info": {"id": None, "description": None, "mode": None, "type": None},
        "price": {"effective_price": 0.0316, "tier_start_amount": 0.0, "unit": "hour", "pricing_unit_quantity": 1.0},
        "cost_at_list": 0.1264,
    }
    base.update(kw)
    return base


def credit(name, amount, cid, ctype):
    return {"name": name, "amount": amount, "full_name": name, "id": cid, "type": ctype}


ROWS = [
    # On-demand VM with a sustained use discount.
    row(credits=[credit("Sustained Usage Discount", -0.0253, "", "SUSTAINED_USAGE_DISCOUNT")]),
    # VM covered by a resource-based CUD and a free-tier credit: two credits on one row.
    row(
        usage_start_time="2026-09-20T08:00:00Z",
        usage_end_time="2026-09-20T09:00:00Z",
        cost=0.2528,
        cost_at_list=0.2528,
        usage={"amount": 28800.0, "unit": "seconds", "amount_in_pricing_units": 8.0, "pricing_unit": "hour"},
        credits=[
            credit("Committed use discount: N2 CPU", -0.2, "cud-123", "COMMITTED_USAGE_DISCOUNT"),
            credit("Free tier", -0.0128, "", "FREE_TIER"),
        ],
    ),
    # Usage at 03:00 UTC on 1 October is still September in Pacific time: invoice 202609.
    row(
        service={"id": "95FF-2EF5-5EA1", "description": "Cloud Storage"},
        sku={"id": "E5F0-6A5D-7BAD", "description": "Standard Storage US Multi-region"},
        usage_start_time="2026-10-01T03:00:00Z",
        usage_end_time="2026-10-01T04:00:00Z",
        project=DATA,
        labels=[],
        system_labels=[],
        location={"location": "us", "country": "US", "region": None, "zone": None},
        resource={"name": "projects/_/buckets/lake-raw", "global_name": "//storage.googleapis.com/projects/_/buckets/lake-raw"},
        cost=1.3,
        cost_at_list=1.3,
        usage={"amount": 1395864371200.0, "unit": "byte-seconds", "amount_in_pricing_units": 50.0, "pricing_unit": "gibibyte month"},
        price={"effective_price": 0.026, "tier_start_amount": 0.0, "unit": "gibibyte month", "pricing_unit_quantity": 1.0},
    ),
    # BigQuery with a promotion credit larger than its cost.
    row(
        service={"id": "24E6-581D-38E5", "description": "BigQuery"},
        sku={"id": "3362-E469-6BEF", "description": "Analysis"},
        project=DATA,
        labels=[{"key": "team", "value": "analytics"}],
        system_labels=[],
        location={"location": "US", "country": "US", "region": None, "zone": None},
        resource={"name": None, "global_name": None},
        cost=3.125,
        cost_at_list=3.125,
        usage={"amount": 549755813888.0, "unit": "bytes", "amount_in_pricing_units": 0.5, "pricing_unit": "tebibyte"},
        price={"effective_price": 6.25, "tier_start_amount": 1.0, "unit": "tebibyte", "pricing_unit_quantity": 1.0},
        credits=[credit("Trial credit", -3.125, "promo-1", "PROMOTION")],
    ),
    # Tax on September usage: no usage, no price.
    row(
        service={"id": "", "description": "Invoice"},
        sku={"id": "", "description": "Tax"},
        usage_start_time="2026-09-30T07:00:00Z",
        usage_end_time="2026-10-01T07:00:00Z",
        project=project(None, None, None, []),
        labels=[],
        system_labels=[],
        location={"location": None, "country": None, "region": None, "zone": None},
        resource={"name": None, "global_name": None},
        cost=0.45,
        cost_at_list=None,
        usage={"amount": None, "unit": None, "amount_in_pricing_units": None, "pricing_unit": None},
        price={"effective_price": None, "tier_start_amount": None, "unit": None, "pricing_unit_quantity": None},
        cost_type="tax",
    ),
    # A correction of an earlier overcharge.
    row(
        sku={"id": "2E27-4F75-95CD", "description": "N2 Instance Core running in Americas"},
        usage_start_time="2026-09-01T07:00:00Z",
        usage_end_time="2026-10-01T07:00:00Z",
        cost=-0.5,
        cost_at_list=-0.5,
        usage={"amount": None, "unit": None, "amount_in_pricing_units": None, "pricing_unit": None},
        price={"effective_price": None, "tier_start_amount": None, "unit": None, "pricing_unit_quantity": None},
        cost_type="adjustment",
        adjustment_info={"id": "adj-9", "description": "Billing correction", "mode": "MANUAL_ADJUSTMENTS", "type": "GENERAL_ADJUSTMENT"},
    ),
    # October: a VM hour with a sustained use discount, and a Vertex AI row.
    row(
        usage_start_time="2026-10-02T12:00:00Z",
        usage_end_time="2026-10-02T13:00:00Z",
        export_time="2026-10-02T18:00:00Z",
        invoice={"month": "202610"},
        credits=[credit("Sustained Usage Discount", -0.0126, "", "SUSTAINED_USAGE_DISCOUNT")],
    ),
    row(
        service={"id": "C7E2-9256-1C43", "description": "Vertex AI"},
        sku={"id": "A1B2-C3D4-E5F6", "description": "Gemini 2.5 Flash Text Input - Predictions"},
        usage_start_time="2026-10-02T12:00:00Z",
        usage_end_time="2026-10-02T13:00:00Z",
        labels=[{"key": "app", "value": "rag"}],
        system_labels=[],
        location={"location": "us-central1", "country": "US", "region": "us-central1", "zone": None},
        resource={"name": None, "global_name": None},
        export_time="2026-10-02T18:00:00Z",
        cost=0.45,
        cost_at_list=0.45,
        usage={"amount": 1500000.0, "unit": "count", "amount_in_pricing_units": 1.5, "pricing_unit": "count1m"},
        price={"effective_price": 0.3, "tier_start_amount": 0.0, "unit": "count1m", "pricing_unit_quantity": 1.0},
        invoice={"month": "202610"},
    ),
]


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def write_ndjson():
    with open(HERE / "detailed-ndjson" / "gcp_billing_export_resource_v1.ndjson", "w") as f:
        for r in ROWS:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")


def write_parquet():
    import pyarrow as pa
    import pyarrow.parquet as pq

    kv = pa.list_(pa.struct([("key", pa.string()), ("value", pa.string())]))
    ts = pa.timestamp("us", tz="UTC")
    schema = pa.schema([
        ("billing_account_id", pa.string()),
        ("service", pa.struct([("id", pa.string()), ("description", pa.string())])),
        ("sku", pa.struct([("id", pa.string()), ("description", pa.string())])),
        ("usage_start_time", ts),
        ("usage_end_time", ts),
        ("project", pa.struct([("id", pa.string()), ("number", pa.string()), ("name", pa.string()), ("labels", kv), ("ancestry_numbers", pa.string())])),
        ("labels", kv),
        ("system_labels", kv),
        ("location", pa.struct([("location", pa.string()), ("country", pa.string()), ("region", pa.string()), ("zone", pa.string())])),
        ("resource", pa.struct([("name", pa.string()), ("global_name", pa.string())])),
        ("export_time", ts),
        ("cost", pa.float64()),
        ("currency", pa.string()),
        ("currency_conversion_rate", pa.float64()),
        ("usage", pa.struct([("amount", pa.float64()), ("unit", pa.string()), ("amount_in_pricing_units", pa.float64()), ("pricing_unit", pa.string())])),
        ("credits", pa.list_(pa.struct([("name", pa.string()), ("amount", pa.float64()), ("full_name", pa.string()), ("id", pa.string()), ("type", pa.string())]))),
        ("invoice", pa.struct([("month", pa.string())])),
        ("cost_type", pa.string()),
        ("adjustment_info", pa.struct([("id", pa.string()), ("description", pa.string()), ("mode", pa.string()), ("type", pa.string())])),
        ("price", pa.struct([("effective_price", pa.float64()), ("tier_start_amount", pa.float64()), ("unit", pa.string()), ("pricing_unit_quantity", pa.float64())])),
        ("cost_at_list", pa.float64()),
    ])
    rows = []
    for r in ROWS:
        r = dict(r)
        for k in ("usage_start_time", "usage_end_time", "export_time"):
            r[k] = parse_time(r[k])
        rows.append(r)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, HERE / "detailed-parquet" / "gcp_billing_export_resource_v1.parquet")


def write_avro():
    import fastavro

    def opt(t):
        return ["null", t]

    def rec(name, fields):
        return {"type": "record", "name": name, "fields": [{"name": n, "type": opt(t)} for n, t in fields]}

    def kv(name):
        return {"type": "array", "items": rec(name, [("key", "string"), ("value", "string")])}

    ts = {"type": "long", "logicalType": "timestamp-micros"}
    schema = rec("Root", [
        ("billing_account_id", "string"),
        ("service", rec("service", [("id", "string"), ("description", "string")])),
        ("sku", rec("sku", [("id", "string"), ("description", "string")])),
        ("usage_start_time", ts),
        ("usage_end_time", ts),
        ("project", rec("project", [("id", "string"), ("number", "string"), ("name", "string"), ("labels", kv("project_labels")), ("ancestry_numbers", "string")])),
        ("labels", kv("labels")),
        ("system_labels", kv("system_labels")),
        ("location", rec("location", [("location", "string"), ("country", "string"), ("region", "string"), ("zone", "string")])),
        ("resource", rec("resource", [("name", "string"), ("global_name", "string")])),
        ("export_time", ts),
        ("cost", "double"),
        ("currency", "string"),
        ("currency_conversion_rate", "double"),
        ("usage", rec("usage", [("amount", "double"), ("unit", "string"), ("amount_in_pricing_units", "double"), ("pricing_unit", "string")])),
        ("credits", {"type": "array", "items": rec("credits", [("name", "string"), ("amount", "double"), ("full_name", "string"), ("id", "string"), ("type", "string")])}),
        ("invoice", rec("invoice", [("month", "string")])),
        ("cost_type", "string"),
        ("adjustment_info", rec("adjustment_info", [("id", "string"), ("description", "string"), ("mode", "string"), ("type", "string")])),
        ("price", rec("price", [("effective_price", "double"), ("tier_start_amount", "double"), ("unit", "string"), ("pricing_unit_quantity", "double")])),
        ("cost_at_list", "double"),
    ])
    rows = []
    for r in ROWS:
        r = dict(r)
        for k in ("usage_start_time", "usage_end_time", "export_time"):
            r[k] = parse_time(r[k])
        rows.append(r)
    with open(HERE / "detailed-avro" / "gcp_billing_export_resource_v1.avro", "wb") as f:
        fastavro.writer(f, fastavro.parse_schema(schema), rows, codec="deflate")


write_ndjson()
write_parquet()
write_avro()
