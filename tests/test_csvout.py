"""Formula injection: every CSV Clew writes neutralises dangerous cells (issue 10 item 4;
OWASP CSV Injection; checklist H1 — the raw value is kept, never lost)."""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from clew import csvout
from clew.media.export import export_csv
from clew.media.hashing import hash_paths

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def _written(rows) -> list[list[str]]:
    buf = io.StringIO()
    csvout.Writer(buf, ["value"]).rows(rows)
    return list(csv.reader(io.StringIO(buf.getvalue())))[1:]


def test_every_dangerous_prefix_is_neutralised_and_restorable():
    values = [p + 'HYPERLINK("http://x","y")' for p in PREFIXES] + ["'=already", "plain", ""]
    cells = [row[0] for row in _written([[v] for v in values])]
    for cell in cells:
        assert not cell.startswith(tuple(PREFIXES))
    assert cells[:6] == ["'" + v for v in values[:6]]
    assert cells[6] == "''=already" and cells[7] == "plain"
    assert [csvout.restore(c) for c in cells] == values


def test_numbers_stay_numbers_text_that_looks_numeric_is_prefixed():
    cells = [row[0] for row in _written([[-12.5], [-3], [Decimal("-0.10")], ["-12.5"], ["+44 20 7946 0000"]])]
    assert cells == ["-12.5", "-3", "-0.10", "'-12.5", "'+44 20 7946 0000"]


@settings(deadline=None)
@given(st.text())
def test_any_text_round_trips_and_never_starts_dangerous(text):
    cell = csvout.neutralise(text)
    assert not cell.startswith(tuple(PREFIXES))
    assert csvout.restore(cell) == text


def test_media_export_of_files_named_with_every_prefix(tmp_path, store):
    """A seized folder whose file names begin with each dangerous character: the export's
    cells are all inert, and the JSON/store keeps the raw name."""
    ev = tmp_path / "ev"
    ev.mkdir()
    names = [p + "SUM(1,2).txt" for p in ["=", "+", "-", "@"]]
    for name in names:
        (ev / name).write_text(name)
    cwd = os.getcwd()
    os.chdir(ev)
    try:
        hash_paths(store, [Path(n) for n in names], source="s", workers=1)
    finally:
        os.chdir(cwd)
    stored = sorted(r["path"] for r in store.select("media_files", columns=["path"]))
    assert stored == sorted(names)
    out = tmp_path / "media.csv"
    export_csv(store, out)
    with out.open(newline="", encoding="utf-8") as fh:
        cells = sorted(row["path"] for row in csv.DictReader(fh))
    assert cells == sorted("'" + n for n in names)
    with out.open(newline="", encoding="utf-8") as fh:
        assert sorted(r["path"] for r in csvout.reader(fh)) == sorted(names)
