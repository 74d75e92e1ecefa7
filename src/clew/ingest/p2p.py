"""Peer-to-peer observation logs (``*.p2p.csv``): a peer seen offering or fetching a file.

Each row gives the peer's ``UserAccount`` (service = network, username = client id,
ipAddress), the file's ``Document`` (contentHash = SHA-1, ``clew:infohash``, ``clew:holder``)
and an observation ``Event`` (date, IP, ``clew:port``, ``clew:file``) — the time and port are what a
subscriber request to the ISP needs, so they are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clew.errors import FormatError, Location
from clew.ingest.csvrows import checked_rows, read_csv_rows
from clew.ingest.ids import p2p_account_id, p2p_file_id, p2p_observation_id
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name

COLUMNS = ("observed_at", "ip", "port", "client_id", "network", "infohash", "sha1", "file_name", "file_size")
REQUIRED = ("observed_at", "ip", "client_id", "network")


class P2PReader(Reader):
    name = "p2p"

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        return lower_name(path).endswith(".p2p.csv")

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff").strip().lower()
        cols = {c.strip() for c in first.split(",")}
        return lower_name(path).endswith(".csv") and set(REQUIRED) <= cols

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        header, rows, tell = read_csv_rows(path, ",", multiline=False)
        header = [h.lower() for h in header]
        for column in REQUIRED:
            if column not in header:
                raise FormatError(
                    f"P2P log lacks column {column!r}", Location(file=str(path), line=1, field=column)
                )
        if "sha1" not in header and "infohash" not in header:
            raise FormatError("P2P log needs a sha1 or infohash column", Location(file=str(path), line=1))
        for item in checked_rows(self, path, header, rows, tell):
            if isinstance(item, RecordResult):
                yield item
            else:
                line, locator, row, cells = item
                yield from observation(row, line, locator, ctx.sha256, ",".join(cells))


def observation(
    row: dict[str, str | None], line: int, locator: str, sha256: str, raw: str
) -> Iterator[RecordResult]:
    for column in REQUIRED:
        if not row.get(column):
            yield RecordResult.fail(locator, line, f"{column} is empty", column, raw)
            return
    sha1, infohash = row.get("sha1"), row.get("infohash")
    if not sha1 and not infohash:
        yield RecordResult.fail(locator, line, "neither sha1 nor infohash given", "sha1", raw)
        return
    network, client = row["network"] or "", row["client_id"] or ""
    account = p2p_account_id(network, client)
    document = p2p_file_id(sha1, infohash)
    yield RecordResult(
        locator,
        line,
        entity={
            "id": account,
            "schema": "UserAccount",
            "properties": {"service": [network], "username": [client], "ipAddress": [row["ip"] or ""]},
        },
    )
    doc_props = {
        "contentHash": [sha1] if sha1 else [],
        "clew:infohash": [infohash] if infohash else [],
        "fileName": [v] if (v := row.get("file_name")) else [],
        "fileSize": [v] if (v := row.get("file_size")) else [],
        "clew:holder": [account],
    }
    yield RecordResult(
        locator,
        line,
        entity={
            "id": document,
            "schema": "Document",
            "properties": {k: v for k, v in doc_props.items() if v},
        },
    )
    event_props = {
        "name": ["P2P observation"],
        "date": [row["observed_at"] or ""],
        "ipMentioned": [row["ip"] or ""],
        "clew:port": [v] if (v := row.get("port")) else [],
        "involved": [account],
        "clew:file": [document],
    }
    yield RecordResult(
        locator,
        line,
        entity={
            "id": p2p_observation_id(sha256, line),
            "schema": "Event",
            "properties": {k: v for k, v in event_props.items() if v},
        },
    )
