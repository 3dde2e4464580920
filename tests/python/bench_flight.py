"""Flight SQL benchmark (not a test): rows/s of a 10M-row result streamed to an ADBC client
beside the same query written to Parquet locally by the CLI, and queries/s of a small report
with 8 concurrent clients.

Usage: bench_flight.py FOCUSQL_BINARY [ROWS] [SECONDS]
Starts `focusql --demo serve` on a free loopback port and stops it at the end.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import adbc_driver_flightsql.dbapi as flightsql

BINARY = sys.argv[1]
ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
REPORTS = os.path.join(os.path.dirname(__file__), "..", "..", "queries")
SQL = (
    f"SELECT value AS id, 'svc-' || CAST(value % 100 AS VARCHAR) AS service, "
    f"CAST(value % 1000 AS DECIMAL(38, 10)) / 7 AS cost FROM generate_series(1, {ROWS})"
)
REPORT = "SELECT * FROM reports.monthly_cost_by_provider"

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen(
    [BINARY, "--demo", "serve", "--listen", f"127.0.0.1:{port}", "--user", "bench:bench",
     "--reports", REPORTS],
    stderr=subprocess.PIPE, text=True,
)
try:
    server.stderr.readline()
    uri = f"grpc://127.0.0.1:{port}"
    kwargs = {"username": "bench", "password": "bench"}

    with flightsql.connect(uri, db_kwargs=kwargs, autocommit=True) as conn, conn.cursor() as cur:
        start = time.perf_counter()
        cur.execute(SQL)
        rows = 0
        for batch in cur.fetch_record_batch():
            rows += batch.num_rows
        flight_s = time.perf_counter() - start
    assert rows == ROWS, rows

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.parquet")
        start = time.perf_counter()
        subprocess.run([BINARY, "query", SQL, "--format", "parquet", "-o", out], check=True)
        parquet_s = time.perf_counter() - start

    def client(_):
        done = 0
        with flightsql.connect(uri, db_kwargs=kwargs, autocommit=True) as conn:
            end = time.perf_counter() + SECONDS
            while time.perf_counter() < end:
                with conn.cursor() as cur:
                    cur.execute(REPORT)
                    cur.fetch_arrow_table()
                done += 1
        return done

    with ThreadPoolExecutor(max_workers=8) as pool:
        queries = sum(pool.map(client, range(8)))

    print(f"flight  {ROWS} rows streamed to ADBC: {flight_s:.2f} s = {ROWS / flight_s:,.0f} rows/s")
    print(f"parquet {ROWS} rows written by the CLI: {parquet_s:.2f} s = {ROWS / parquet_s:,.0f} rows/s")
    print(f"report  {REPORT!r}, 8 clients, {SECONDS:.0f} s: {queries} queries = {queries / SECONDS:.1f} queries/s")
finally:
    server.terminate()
    server.wait()
