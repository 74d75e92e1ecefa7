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


@settings(deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_any_row_reads_back_as_one_row_of_what_was_written(cells):
    """A line break or a bare carriage return anywhere in a cell stays inside the cell: no
    text can end a row early and start a row of its own (``a\\r=HYPERLINK(…)``)."""
    header = [f"c{i}" for i in range(len(cells))]
    buf = io.StringIO()
    csvout.Writer(buf, header).row(cells)
    raw = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert len(raw) == 2 and not any(c.startswith(tuple(PREFIXES)) for c in raw[1])
    assert list(csvout.reader(io.StringIO(buf.getvalue(), newline=""))) == [
        dict(zip(header, cells, strict=True))
    ]


def test_a_carriage_return_inside_a_cell_is_quoted():
    assert _written([["a\r=HYPERLINK(1)", 2]]) == [["a\r=HYPERLINK(1)", "2"]]


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


def test_identity_and_subject_exports_neutralise_every_prefix(tmp_path, capsys):
    """`clew export identities` and `clew export subjects` of records whose ids and names begin
    with each dangerous character (a seized address book is attacker-written): no cell of
    either file begins with one, and reading the file back gives the stored values."""
    import json

    from clew.cli.main import main
    from clew.store import Workspace

    ws = str(tmp_path / "ws")
    Workspace.init(Path(ws))
    people = [
        {"id": f"{p}id{i}", "schema": "Person", "properties": {"name": [f"{p}SUM(1,2) {i}"]}}
        for i, p in enumerate(PREFIXES)
    ]
    evidence = tmp_path / "book.ftm.jsonl"
    evidence.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    assert main(["-w", ws, "ingest", str(evidence)]) == 0
    assert main(["-w", ws, "resolve"]) == 0
    capsys.readouterr()
    for what, column in (("identities", "entity_id"), ("subjects", "name")):
        out = tmp_path / f"{what}.csv"
        assert main(["-w", ws, "export", what, "--out", str(out)]) == 0
        with out.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        cells = [cell for row in rows for cell in row.values()]
        assert not [c for c in cells if c.startswith(tuple(PREFIXES))], what
        with out.open(newline="", encoding="utf-8") as fh:
            values = sorted(r[column] for r in csvout.reader(fh))
        field = "id" if column == "entity_id" else "name"
        expected = [p[field] if field == "id" else p["properties"]["name"][0] for p in people]
        assert sorted(v.strip() for v in values) == sorted(e.strip() for e in expected), what
