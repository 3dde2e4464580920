#!/usr/bin/env python3
"""Build tests/data/dialect/focus_1_3_multicloud.parquet, the data of the dialect corpus.

Input: three FOCUS 1.3 Cost and Usage CSVs made by focus-data-toolkit 0.14.1 (PyPI), 200 rows
each for AWS, Azure and GCP:

    focus-toolkit generate --provider aws   --focus-version 1.3 --rows 200 --seed 7 --out gen/aws
    focus-toolkit generate --provider azure --focus-version 1.3 --rows 200 --seed 7 --out gen/azure
    focus-toolkit generate --provider gcp   --focus-version 1.3 --rows 200 --seed 7 --out gen/gcp

Output: one Parquet file with focusql's FOCUS types (catalogs/src/registry.rs), the FOCUS type
of each column read from catalogs/data/focus-columns.csv: *Cost columns
Decimal128(38,10), *UnitPrice Decimal128(38,16), other decimals Decimal128(38,10), date-times
Timestamp(us, UTC), everything else UTF-8 text. Cells are parsed with Python's decimal module
(no floating point), rounded half away from zero to the scale, as focusql does.

    python tests/golden/make_dialect_data.py gen/aws gen/azure gen/gcp
"""
import csv
import sys
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from dialect_corpus import registry_types

OUT = Path(__file__).resolve().parent.parent / "data" / "dialect" / "focus_1_3_multicloud.parquet"
TYPES = registry_types()  # column -> 'Decimal' | 'DateTime', from catalogs/data/focus-columns.csv


def arrow_type(column):
    if TYPES.get(column) == "DateTime":
        return pa.timestamp("us", tz="UTC")
    if TYPES.get(column) == "Decimal":
        return pa.decimal128(38, 16 if column.endswith("UnitPrice") else 10)
    return pa.string()


def cell(column, text):
    if text is None or text.strip() in ("", "NULL", "null"):
        return None
    if TYPES.get(column) == "DateTime":
        return datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    if TYPES.get(column) == "Decimal":
        scale = 16 if column.endswith("UnitPrice") else 10
        return Decimal(text.strip()).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    return text


def main(dirs):
    header, rows = None, []
    for d in dirs:
        for path in sorted(Path(d).glob("focus_1_3_cost_and_usage_*.csv")):
            with open(path, newline="", encoding="utf-8-sig") as f:
                reader = csv.DictReader(f)
                header = header or reader.fieldnames
                if reader.fieldnames != header:
                    sys.exit(f"{path}: columns differ from the first file")
                rows.extend(reader)
    arrays = [pa.array([cell(c, r[c]) for r in rows], type=arrow_type(c)) for c in header]
    table = pa.Table.from_arrays(arrays, names=header)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, OUT, compression="zstd", row_group_size=256)
    print(f"{OUT}: {table.num_rows} rows, {len(header)} columns")


if __name__ == "__main__":
    main(sys.argv[1:])
