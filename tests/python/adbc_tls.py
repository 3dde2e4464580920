"""Flight SQL over TLS with the ADBC driver, run by tests/suite/flight.rs.

Usage: adbc_tls.py PORT USER PASSWORD CA_CERT SQL
Prints the query's rows as JSON over grpc+tls, then the error of a plain-text connection.
"""

import json
import sys

import adbc_driver_flightsql.dbapi as flightsql

PORT, USER, PASSWORD, CA, SQL = sys.argv[1:6]
with open(CA) as f:
    options = {
        "username": USER,
        "password": PASSWORD,
        "adbc.flight.sql.client_option.tls_root_certs": f.read(),
    }
with flightsql.connect(f"grpc+tls://127.0.0.1:{PORT}", db_kwargs=options, autocommit=True) as conn:
    with conn.cursor() as cur:
        cur.execute(SQL)
        print(json.dumps(cur.fetch_arrow_table().to_pylist()))
try:
    flightsql.connect(
        f"grpc://127.0.0.1:{PORT}", db_kwargs={"username": USER, "password": PASSWORD}
    ).close()
    print("plain text NOT REFUSED")
except Exception as e:  # the driver's error, whatever its class
    print(str(e).splitlines()[0])
