#!/usr/bin/env python3
"""Check the dialect corpus (tests/slt/dialect_*.slt) against DuckDB, independently of focusql.

Every .slt file that holds the line `# golden: duckdb` belongs to the corpus. Each `query`
record in it runs in DuckDB (PyPI `duckdb`) over the same files focusql reads, named by the
file's `# focusql: --source NAME=focus:PATH` directives, through views named like focusql's
tables: `NAME` and `raw.NAME` for each source, `costs` for all of them (UNION ALL BY NAME).
Parquet files are read as they are (typed); CSV cells as text, then the FOCUS Decimal and
DateTime columns (catalogs/data/focus-columns.csv) cast to focusql's types, with empty, NULL
and null cells as NULL.

A comment line `# duckdb: <sql>` right above a query replaces the query for DuckDB where the
two engines spell something differently. DuckDB's results are rendered the way
tests/suite/slt.rs renders focusql's: NULL, (empty) for '', true/false, decimals without
trailing zeros beyond two places, UTC timestamps as 2026-05-01T00:00:00Z, dates as 2026-05-01.

    python tests/golden/dialect_corpus.py           # check: exit 1 on any mismatch
    python tests/golden/dialect_corpus.py --write   # fill in / correct the expected blocks

Check mode compares cell by cell; two numeric cells are equal when their values are equal
(so `12.3` from a DOUBLE and `12.30` from a DECIMAL agree: money is rounded to 2 places in
the queries, so this is to the cent). `--write` keeps an expected block that already agrees
in that sense (it holds focusql's spelling) and rewrites the others from DuckDB.
"""
import argparse
import csv
import datetime as dt
import decimal
import sys
from pathlib import Path

import duckdb

TESTS = Path(__file__).resolve().parent.parent
REGISTRY = TESTS.parent / "catalogs" / "data" / "focus-columns.csv"
MARKER = "# golden: duckdb"
NULL_TEXT = ("", "NULL", "null")


def registry_types():
    """FOCUS column name -> 'Decimal' or 'DateTime', from the spec's column list in the repo."""
    with open(REGISTRY, newline="", encoding="utf-8") as f:
        return {
            row["column"]: row["data_type"]
            for row in csv.DictReader(f)
            if row["data_type"] in ("Decimal", "DateTime")
        }


def sources(lines):
    """(name, path) of each `--source NAME=FORMAT:PATH` in a file's `# focusql:` directives."""
    words = [w for line in lines if line.startswith("# focusql:") for w in line[10:].split()]
    found = []
    for flag, value in zip(words, words[1:]):
        if flag == "--source":
            name, rest = value.split("=", 1)
            found.append((name, TESTS / "data" / rest.split(":", 1)[1]))
    return found


def scan(path, types):
    """A DuckDB relation over a FOCUS source's Cost and Usage files, typed as focusql types them."""
    files = [path] if path.is_file() else sorted(path.glob("*.parquet")) or sorted(
        path.glob("*cost_and_usage*.csv")
    )
    if not files:
        sys.exit(f"{path}: no Parquet or Cost and Usage CSV file to read")
    names = ", ".join(f"'{f.as_posix()}'" for f in files)
    if files[0].suffix == ".parquet":
        return f"read_parquet([{names}])"  # already typed (Decimal128, Timestamp UTC)
    text = f"read_csv([{names}], all_varchar = true, header = true)"
    columns = duckdb.sql(f"DESCRIBE SELECT * FROM {text}").fetchall()
    exprs = []
    for (column, *_rest) in columns:
        cell = f'CASE WHEN "{column}" IN {NULL_TEXT} THEN NULL ELSE "{column}" END'
        kind = types.get(column)
        if kind == "DateTime":
            cell = f"CAST({cell} AS TIMESTAMPTZ)"
        elif kind == "Decimal":
            cell = f"CAST({cell} AS DECIMAL(38, {16 if column.endswith('UnitPrice') else 10}))"
        exprs.append(f'{cell} AS "{column}"')
    return f"(SELECT {', '.join(exprs)} FROM {text})"


def connect(lines, types):
    """A DuckDB session, in UTC, with focusql's table names over a file's sources: one view per
    source, `raw.<source>`, and `costs` (every source, UNION ALL BY NAME)."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE SCHEMA raw")
    found = sources(lines)
    if not found:
        sys.exit("a corpus file needs `# focusql: --source NAME=focus:PATH` directives")
    for name, path in found:
        relation = scan(path, types)
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {relation}")
        con.execute(f"CREATE VIEW raw.{name} AS SELECT * FROM {relation}")
    union = " UNION ALL BY NAME ".join(f"SELECT * FROM {name}" for name, _ in found)
    con.execute(f"CREATE VIEW costs AS {union}")
    return con


def trim_decimal(text):
    """focusql's output::trim_decimal: no trailing zeros beyond two decimal places."""
    if "." not in text:
        return text
    whole, frac = text.split(".", 1)
    trimmed = frac.rstrip("0")
    return f"{whole}.{trimmed if len(trimmed) >= 2 else frac[:2]}"


def render(value):
    """One cell as tests/suite/slt.rs writes it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return trim_decimal(format(value, "f"))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
            return value.strftime("%Y-%m-%dT%H:%M:%S") + _fraction(value) + "Z"
        return value.strftime("%Y-%m-%dT%H:%M:%S") + _fraction(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "(empty)" if text == "" else text


def _fraction(value):
    return f".{value.microsecond:06d}".rstrip("0") if value.microsecond else ""


class Record:
    """One `query` record of a .slt file: its lines and where its parts are."""

    def __init__(self, lines, start):
        self.start = start  # index of the `query` line
        self.header = lines[start].split()
        self.duckdb = None
        if start > 0 and lines[start - 1].startswith("# duckdb:"):
            self.duckdb = lines[start - 1][len("# duckdb:"):].strip()
        i = start + 1
        while i < len(lines) and lines[i].strip() != "----":
            i += 1
        self.sql = "\n".join(lines[start + 1:i])
        self.sep = i
        j = i + 1
        while j < len(lines) and lines[j].strip() != "":
            j += 1
        self.expected = lines[i + 1:j] if i < len(lines) else []
        self.end = j

    @property
    def sort_mode(self):
        mode = self.header[2] if len(self.header) > 2 else "nosort"
        if mode not in ("nosort", "rowsort"):
            sys.exit(f"sort mode {mode} is not supported by this checker (use ORDER BY)")
        return mode


def records(lines):
    return [Record(lines, i) for i, line in enumerate(lines) if line.startswith("query ")]


def tokens(line):
    return line.split()


def same_cell(a, b):
    if a == b:
        return True
    try:
        return decimal.Decimal(a) == decimal.Decimal(b)
    except decimal.InvalidOperation:
        return False


def same_rows(expected, actual):
    """Line by line, whitespace-normalised as sqllogictest compares, numbers by value."""
    if len(expected) != len(actual):
        return False
    for e, a in zip(expected, actual):
        te, ta = tokens(e), tokens(a)
        if len(te) != len(ta) or not all(same_cell(x, y) for x, y in zip(te, ta)):
            return False
    return True


def type_letter(duckdb_type):
    """The sqllogictest column type letter of a DuckDB result type."""
    name = str(duckdb_type).upper()
    if name in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UBIGINT", "UINTEGER"):
        return "I"
    if name.startswith("DECIMAL") or name in ("DOUBLE", "FLOAT", "REAL"):
        return "R"
    return "B" if name == "BOOLEAN" else "T"


def run(con, record):
    """DuckDB's column types and rows for a record, rendered and sorted as its sort mode asks."""
    result = con.execute(record.duckdb or record.sql)
    types = "".join(type_letter(d[1]) for d in result.description)
    rows = [" ".join(render(v) for v in row) for row in result.fetchall()]
    return types, sorted(rows) if record.sort_mode == "rowsort" else rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="fill in the expected blocks")
    parser.add_argument("files", nargs="*", help="corpus .slt files (default: every marked file)")
    args = parser.parse_args()
    files = [Path(f).resolve() for f in args.files] or sorted((TESTS / "slt").glob("**/*.slt"))
    types = registry_types()
    failures, checked = [], 0
    for path in files:
        lines = path.read_text(encoding="utf-8").split("\n")
        if MARKER not in lines:
            continue
        con = connect(lines, types)
        for record in reversed(records(lines)):  # bottom-up, so edits keep earlier indices
            where = f"{path.relative_to(TESTS.parent)}:{record.start + 1}"
            checked += 1
            try:
                letters, actual = run(con, record)
            except duckdb.Error as e:
                failures.append(f"{where}: DuckDB failed: {str(e).splitlines()[0]}")
                continue
            expected = record.expected
            if record.sort_mode == "rowsort":
                expected = sorted(" ".join(tokens(line)) for line in expected)
            if args.write and record.header[1] != letters:
                lines[record.start] = " ".join(["query", letters] + record.header[2:])
            if same_rows(expected, actual):
                continue
            if args.write:
                lines[record.sep + 1:record.end] = actual
            else:
                failures.append(
                    f"{where}: expected {expected[:5]} but DuckDB gives {actual[:5]}"
                    + (" ..." if len(actual) > 5 else "")
                )
        if args.write:
            path.write_text("\n".join(lines), encoding="utf-8")
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{checked} queries, {len(failures)} mismatches", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
