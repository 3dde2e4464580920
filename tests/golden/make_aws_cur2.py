#!/usr/bin/env python3
"""Build the CUR 2.0 Parquet fixture from the legacy CUR sample (our own fixture: no public
CUR 2.0 file exists). Uses DuckDB (pyarrow is not installed here).

Column names are the legacy `category/Name` headers snake_cased the way CUR 2.0 spells them
(`reservation/ReservationARN` -> `reservation_reservation_a_r_n`). Amounts become DOUBLE and
dates TIMESTAMP WITH TIME ZONE, as in CUR 2.0 Parquet; ids stay text. A `resource_tags`
map<string,string> column is added (CUR 2.0 keeps activated tags in that map): AmazonS3 rows
get {"user_team": "storage"}, the rest an empty map. As in CUR 2.0, the product name is not a
top-level column but an entry of the `product` map ({"product_name": ..., "region": ...}), and
a `cost_category` map holds {"team": "data"} on AWSGlue rows. Output:
tests/data/aws/cur2/data/BILLING_PERIOD=2023-11/cur2-00001.snappy.parquet

    python3 tests/golden/make_aws_cur2.py
"""
import re
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent / "data" / "aws"
SOURCE = ROOT / "cur-legacy" / "cur-legacy-sample-anonymous.csv"
OUT = ROOT / "cur2" / "data" / "BILLING_PERIOD=2023-11" / "cur2-00001.snappy.parquet"
TEXT = re.compile(r"(Id|Code|Type|Entity|Name|Description|Zone|Operation|ARN|sku|unit|term|currency)$", re.I)


def snake(name):
    out = ""
    for ch in name:
        if ch == "/":
            out += "_"
        elif ch.isupper():
            if out and not out.endswith("_"):
                out += "_"
            out += ch.lower()
        else:
            out += ch
    return out


def main():
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{SOURCE}', all_varchar=true)")
    exprs = []
    for (name,) in con.execute("SELECT column_name FROM (DESCRIBE t)").fetchall():
        q = '"' + name + '"'
        if name.endswith(("Date", "StartTime", "EndTime")) and not name.endswith("ToDate"):
            e = f"CAST({q} AS TIMESTAMPTZ)"
        elif not TEXT.search(name) and con.execute(
            f"SELECT count({q}) = count(TRY_CAST({q} AS DOUBLE)) AND count({q}) > 0 FROM t"
        ).fetchone()[0]:
            e = f"CAST({q} AS DOUBLE)"
        else:
            e = q
        if name == "product/ProductName":
            continue
        exprs.append(f'{e} AS "{snake(name)}"')
    exprs.append(
        "CASE WHEN \"lineItem/ProductCode\" = 'AmazonS3' THEN MAP {'user_team': 'storage'} "
        "ELSE CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) END AS resource_tags"
    )
    exprs.append(
        "MAP {'product_name': \"product/ProductName\", 'region': coalesce(\"product/region\", '')} AS product"
    )
    exprs.append(
        "CASE WHEN \"lineItem/ProductCode\" = 'AWSGlue' THEN MAP {'team': 'data'} "
        "ELSE CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) END AS cost_category"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        f"COPY (SELECT {', '.join(exprs)} FROM t) TO '{OUT}' (FORMAT PARQUET, COMPRESSION SNAPPY)"
    )
    print(OUT)


if __name__ == "__main__":
    main()
