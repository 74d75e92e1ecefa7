"""Random bytes into every reader: only Clew's own errors may escape (issue 10; checklist H2,
technique T5). Each reader gets the bytes as a file of its format; a seed prefix of the
format's own header makes the fuzzing reach past the header check."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clew.errors import ClewError
from clew.ingest.build import build
from clew.ingest.mapping import load_mapping
from clew.ingest.records import SourceContext
from clew.ingest.region import Region
from clew.ingest.registry import detect, reader_for
from clew.ingest.rows import Rows
from clew.media import listformats

MAPPING = (
    "entities:\n  p:\n    schema: Person\n    keys: [pid]\n    properties:\n      name: {column: name}\n"
)
INGEST = {  # format -> (file name, seed prefixes)
    "ftm": ("x.ftm.jsonl", [b"", b'{"id": "a", "schema": "Person", "properties": {"name": ["']),
    "tip": ("x.tip.json", [b"", b'{"format": "clew-tip-report/1", "report_id": "r", "reported_accounts": ']),
    "p2p": ("x.p2p.csv", [b"", b"observed_at,ip,port,client_id,network,sha1\n"]),
    "mapped": ("x.csv", [b"", b"pid,name\n", b'pid,name\nP1,"']),
    "ufdr": (
        "report.xml",
        [
            b"",
            b'<?xml version="1.0"?><project id="p" xmlns="http://pa.cellebrite.com/report/2.0"><metadata>',
            b'<project xmlns="http://pa.cellebrite.com/report/2.0"><decodedData><modelType type="Call">'
            b'<model type="Call" id="k"><multiModelField name="Parties"><model type="Party">',
        ],
    ),
    "telegram": (
        "result.json",
        [
            b"",
            b'{"name": "x", "type": "private_group", "id": 5, "messages": [{"id": 1, "',
            b'{"personal_information": {"user_id": 1}, "chats": {"list": [{"id": 2, "messages": [',
        ],
    ),
    "whatsapp": ("_chat.txt", [b"", b"[31/12/2025, 23:59:01] Ann: ", b"12/31/25, 11:59 PM - Ann added "]),
}
LISTS = {
    "csv": [b"md5,series\n"],
    "nsrl": [b'"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode"\n'],
    "vics": [b'{"odata.metadata": "x", "value": ['],
    "icse": [b"Image ID,MD5,SHA1,Series Name,Media Type\n"],
    "pdq-lines": [b"", b"f" * 64 + b"\n", b"0" * 64 + b" "],
}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_every_reader_is_fuzzed():
    """A reader added to either registry without a fuzz entry here fails (checklist H2)."""
    from clew.ingest.registry import FORMATS

    assert set(INGEST) == set(FORMATS) and set(LISTS) == set(listformats.REGISTRY)


def _drain(fmt: str, path: Path) -> None:
    ctx = SourceContext(path=path, sha256="0" * 64, region=Region("PH"))
    if fmt == "mapped":
        ctx.mapping = path.with_name("x.mapping.yml")
    reader = reader_for(fmt)
    for _ in build(reader.read(path, ctx), Rows(1), str(path), Region("PH"), False, lambda: 0):
        pass


@pytest.mark.parametrize("fmt", sorted(INGEST))
@FUZZ
@given(data=st.data())
def test_ingest_readers_raise_only_clew_errors(fmt, data):
    name, seeds = INGEST[fmt]
    body = data.draw(st.sampled_from(seeds)) + data.draw(st.binary(max_size=400))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        (Path(tmp) / "x.mapping.yml").write_text(MAPPING)
        try:
            detect(path, SourceContext(path=path))
            _drain(fmt, path)
        except ClewError:
            pass


@pytest.mark.parametrize("fmt", sorted(LISTS))
@FUZZ
@given(data=st.data())
def test_hash_list_readers_raise_only_clew_errors(fmt, data):
    body = data.draw(st.sampled_from(LISTS[fmt])) + data.draw(st.binary(max_size=400))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.txt"
        path.write_bytes(body)
        try:
            listformats.detect(path)
            for entry in listformats.REGISTRY[fmt].read(path):
                assert "line" in entry
        except ClewError:
            pass


@FUZZ
@given(body=st.binary(max_size=400))
def test_mapping_loader_raises_only_clew_errors(body):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.mapping.yml"
        path.write_bytes(body)
        with contextlib.suppress(ClewError):
            load_mapping(path)


@FUZZ
@given(text=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
        ["entities", "queries", "schema", "keys", "properties", "column", "split", "p", "name"]
    ), inner, max_size=4),
    max_leaves=12,
))  # fmt: skip
def test_mapping_loader_on_random_yaml_structures(text):
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.mapping.yml"
        path.write_text(yaml.safe_dump(text))
        with contextlib.suppress(ClewError):
            load_mapping(path)


@pytest.fixture(scope="module")
def rates_store(tmp_path_factory):
    from clew.store import Workspace

    with Workspace.init(tmp_path_factory.mktemp("rates") / "ws").store() as store:
        yield store


@pytest.mark.parametrize("suffix", [".csv", ".zip"])
@FUZZ
@given(data=st.data())
def test_exchange_rate_files_raise_only_clew_errors(rates_store, suffix, data):
    """``clew money rates install``: an ECB file as CSV or zip, of random bytes after a header."""
    from clew.money import rates

    head = data.draw(st.sampled_from([b"", b"Date,USD,JPY,\n", b"Date,USD,JPY,\n2030-01-02,"]))
    body = head + data.draw(st.binary(max_size=300))
    if suffix == ".zip" and data.draw(st.booleans()):
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("eurofxref-hist.csv", body)
        body = buffer.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"eurofxref-hist{suffix}"
        path.write_bytes(body)
        with contextlib.suppress(ClewError):
            rates.install(rates_store, path)
