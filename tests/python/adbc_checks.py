"""Flight SQL checks with the real ADBC driver, run by tests/suite/flight.rs.

Usage: adbc_checks.py URI USER PASSWORD SQL PARAM_SQL PARAM REPORT_SQL
Prints one JSON object: the refusals' messages, the catalog as get_objects sees it, a table
schema, and query results as NDJSON lines in the CLI's `--format ndjson` spelling.
"""

import decimal
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import adbc_driver_flightsql.dbapi as flightsql
from adbc_driver_manager import DatabaseOptions

URI, USER, PASSWORD, SQL, PARAM_SQL, PARAM, REPORT_SQL = sys.argv[1:8]


def connect(user=USER, password=PASSWORD):
    kwargs = {}
    if user is not None:
        kwargs = {DatabaseOptions.USERNAME.value: user, DatabaseOptions.PASSWORD.value: password}
    return flightsql.connect(URI, db_kwargs=kwargs, autocommit=True)


def cell(value):
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


def ndjson(table):
    return [
        "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{cell(v)}" for k, v in row.items()) + "}"
        for row in table.to_pylist()
    ]


def run(sql, parameters=None, conn=None):
    own = conn is None
    conn = conn or connect()
    try:
        with conn.cursor() as cur:
            cur.execute(sql, parameters)
            return cur.fetch_arrow_table()
    finally:
        if own:
            conn.close()


def refusal(action):
    try:
        action()
    except Exception as e:  # the driver's error, whatever its class
        return str(e).splitlines()[0]
    return "NOT REFUSED"


out = {}
out["no_credentials"] = refusal(lambda: run("SELECT 1", conn=connect(None, None)))
out["wrong_password"] = refusal(lambda: connect(USER, PASSWORD + "x"))
out["ddl"] = refusal(lambda: run("CREATE TABLE t AS SELECT 1 AS x"))
out["copy"] = refusal(lambda: run("COPY (SELECT 1 AS x) TO '/tmp/focusql-flight-copy.csv'"))
out["unnamed_file"] = refusal(lambda: run("SELECT * FROM '/etc/passwd'"))

with connect() as conn:
    objects = conn.adbc_get_objects(depth="tables").read_all().to_pylist()
    out["objects"] = {
        c["catalog_name"]: {
            s["db_schema_name"]: sorted(t["table_name"] for t in s["db_schema_tables"])
            for s in c["catalog_db_schemas"]
        }
        for c in objects
    }
    schema = conn.adbc_get_table_schema("costs", db_schema_filter="public")
    out["costs_schema"] = {f.name: str(f.type) for f in schema}
    result = run(SQL, conn=conn)
    out["query_types"] = [str(f.type) for f in result.schema]
    out["query"] = ndjson(result)
    out["prepared"] = ndjson(run(PARAM_SQL, (decimal.Decimal(PARAM),), conn=conn))

with ThreadPoolExecutor(max_workers=20) as pool:
    out["concurrent"] = list(pool.map(lambda _: ndjson(run(REPORT_SQL)), range(20)))

print(json.dumps(out))
