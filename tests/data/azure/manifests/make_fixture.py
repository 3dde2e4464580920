"""Build the manifest/part-file fixture from the real finops-toolkit EA samples (../ea-small).

Layout (as Azure Cost Management writes partitioned exports; manifest per run):
  exports/trey-usage/20230901-20230930/202309200300/<run-a>/  older ActualCost run, 5 rows, CSV
  exports/trey-usage/20230901-20230930/202309220300/<run-b>/  latest ActualCost run, 2 gzip CSV parts
  exports/trey-benefits/20230901-20230930/202309220310/<run-c>/  AmortizedCost run, 1 Parquet part
Run: python3 make_fixture.py (needs pyarrow). Output is deterministic except gzip headers (mtime=0).
"""
import csv, gzip, io, json, os
import pyarrow as pa, pyarrow.parquet as pq
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "ea-small")

def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        r = list(csv.reader(f))
    return r[0], r[1:]

def csv_bytes(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header); w.writerows(rows)
    return out.getvalue().encode()

def manifest(name, kind, run, submitted, blobs):
    return {
        "manifestVersion": "2024-04-01", "byteCount": sum(b[1] for b in blobs), "blobCount": len(blobs),
        "dataRowCount": sum(b[2] for b in blobs),
        "exportConfig": {"exportName": name,
            "resourceId": f"/providers/Microsoft.Billing/billingAccounts/8611537/providers/Microsoft.CostManagement/exports/{name}",
            "dataVersion": "2021-10-01", "apiVersion": "2023-07-01-preview", "type": kind,
            "timeFrame": "MonthToDate", "granularity": "Daily"},
        "deliveryConfig": {"partitionData": True, "dataOverwriteBehavior": "CreateNewReport",
            "fileFormat": "Csv" if not blobs[0][0].endswith("parquet") else "Parquet",
            "compressionMode": "gzip" if blobs[0][0].endswith(".gz") else "None",
            "containerUri": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/finops/providers/Microsoft.Storage/storageAccounts/treyexports",
            "rootFolderPath": "exports"},
        "runInfo": {"executionType": "Scheduled", "submittedTime": submitted, "runId": run,
            "startDate": "2023-09-01T00:00:00", "endDate": "2023-09-30T00:00:00"},
        "blobs": [{"blobName": b[0], "byteCount": b[1], "dataRowCount": b[2]} for b in blobs],
    }

def write_run(folder, name, kind, run, submitted, parts):
    d = os.path.join(HERE, folder, run)
    os.makedirs(d, exist_ok=True)
    blobs = []
    for fname, data, n in parts:
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data)
        blobs.append((f"{folder}/{run}/{fname}", len(data), n))
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest(name, kind, run, submitted, blobs), f, indent=2)

def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as g:
        g.write(data)
    return out.getvalue()

header, actual = read(os.path.join(SRC, "actual", "ea-actualcost-small.csv"))
write_run("exports/trey-usage/20230901-20230930/202309200300", "trey-usage", "ActualCost",
          "0b6c1c5e-0000-4000-8000-00000000000a", "2023-09-20T03:00:12.0000000Z",
          [("part_0_0001.csv", csv_bytes(header, actual[:5]), 5)])
write_run("exports/trey-usage/20230901-20230930/202309220300", "trey-usage", "ActualCost",
          "0b6c1c5e-0000-4000-8000-00000000000b", "2023-09-22T03:00:09.0000000Z",
          [("part_0_0001.csv.gz", gz(csv_bytes(header, actual[:6])), 6),
           ("part_0_0002.csv.gz", gz(csv_bytes(header, actual[6:])), len(actual) - 6)])

header, amortized = read(os.path.join(SRC, "amortized", "ea-amortizedcost-small.csv"))
cols = {h: [r[i] for r in amortized] for i, h in enumerate(header)}
def ts(v): return datetime.strptime(v, "%m/%d/%Y")
def num(v): return float(v) if v else None
arrays = {}
for h, vals in cols.items():
    if h in ("Date", "BillingPeriodStartDate", "BillingPeriodEndDate"):
        arrays[h] = pa.array([ts(v) for v in vals], pa.timestamp("us"))
    elif h in ("Quantity", "EffectivePrice", "Cost", "UnitPrice", "PayGPrice"):
        arrays[h] = pa.array([num(v) for v in vals], pa.float64())
    else:
        arrays[h] = pa.array([v or None for v in vals], pa.string())
buf = io.BytesIO()
pq.write_table(pa.table(arrays), buf)
write_run("exports/trey-benefits/20230901-20230930/202309220310", "trey-benefits", "AmortizedCost",
          "0b6c1c5e-0000-4000-8000-00000000000c", "2023-09-22T03:10:41.0000000Z",
          [("part_0_0001.parquet", buf.getvalue(), len(amortized))])
