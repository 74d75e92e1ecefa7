"""The progress bar moves within a file: every reader reports how far into the file it is."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from clew.ingest.build import BATCH_RECORDS
from clew.ingest.loader import load_file, sha256_of
from clew.ingest.p2p import P2PReader
from clew.ingest.records import Reader, SourceContext
from clew.ingest.tabular import MappedReader

ROWS = 3500
MAPPING = (
    "entities:\n  person:\n    schema: Person\n    id_column: sub_id\n"
    "    properties:\n      name: {column: name}\n      notes: {column: notes}\n"
)


def _csv(folder: Path) -> Path:
    path = folder / "subs.csv"
    lines = [f"S{i},Test Person {i},{'remark ' * 4}{i}" for i in range(ROWS)]
    path.write_text("sub_id,name,notes\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (folder / "subs.mapping.yml").write_text(MAPPING, encoding="utf-8")
    return path


def _xlsx(folder: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["sub_id", "name", "notes"])
    for i in range(ROWS):
        book.active.append([f"S{i}", f"Test Person {i}", f"remark {i}"])
    path = folder / "subs.xlsx"
    book.save(path)
    (folder / "subs.mapping.yml").write_text(MAPPING, encoding="utf-8")
    return path


def _p2p(folder: Path) -> Path:
    path = folder / "obs.p2p.csv"
    rows = [
        f"2026-01-05T03:12:{i % 60:02d}Z,49.145.12.{i % 250},51413,client-{i},bittorrent,,{i:040x},f{i}.jpg,1"
        for i in range(ROWS)
    ]
    path.write_text(
        "observed_at,ip,port,client_id,network,infohash,sha1,file_name,file_size\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return path


def _positions(reader: Reader, path: Path) -> list[int]:
    return [reader.position for _ in reader.read(path, SourceContext(path, sha256="0" * 64))]


@pytest.mark.parametrize(("make", "reader"), [(_csv, MappedReader), (_xlsx, MappedReader), (_p2p, P2PReader)])
def test_reader_position_advances_through_the_file(tmp_path, make, reader) -> None:
    path = make(tmp_path)
    positions = _positions(reader(), path)
    size = path.stat().st_size
    assert positions == sorted(positions)
    assert 0 < positions[len(positions) // 2] < size  # moving mid-file, not only at the end
    assert len(set(positions)) > 5 and positions[-1] <= size


def test_load_file_reports_progress_mid_file(store, tmp_path) -> None:
    path = _csv(tmp_path)
    ctx = SourceContext(path, sha256=sha256_of(path), mapping=tmp_path / "subs.mapping.yml")
    seen: list[int] = []
    result = load_file(store, ctx, "mapped", store.start_run("test"), progress=seen.append)
    assert result.status == "new" and result.statements == 3 * ROWS  # id, name, notes
    assert ROWS > BATCH_RECORDS
    size = path.stat().st_size
    assert any(0 < p < size for p in seen) and all(0 < p <= size for p in seen)  # moves within the file
