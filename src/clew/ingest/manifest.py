"""``source.yaml``: what a folder's files are (label, kind, country, device owner)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from clew.errors import FormatError, Location
from clew.model.countries import is_country

NAMES = ("source.yaml", "source.yml")
DATE_ORDERS = ("day-first", "month-first", "year-first")
KINDS = (
    "device-extraction", "platform-return", "tip-report", "payments", "p2p-log", "kyc", "chat-export", "other"
)  # fmt: skip


@dataclass(frozen=True)
class Manifest:
    label: str | None = None
    kind: str | None = None
    country: str | None = None
    owner: str | None = None
    seized_at: str | None = None
    path: Path | None = None
    exporter: str | None = None  # chat exports: the exporter's own display name in the chat
    date_order: str | None = None  # chat exports: day-first | month-first when the dates do not say


def find_manifest(folder: Path) -> Path | None:
    for name in NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def load_manifest(folder: Path) -> Manifest:
    """The manifest of ``folder`` (an empty one if there is none); a bad one is a FormatError."""
    path = find_manifest(folder)
    if path is None:
        return Manifest()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FormatError(f"unreadable source manifest: {exc}", Location(file=str(path))) from exc
    if not isinstance(data, dict):
        raise FormatError("a source manifest must be a mapping", Location(file=str(path)))
    unknown = set(data) - {"label", "kind", "country", "owner", "seized_at", "exporter", "date_order"}
    if unknown:
        field = sorted(unknown)[0]
        raise FormatError(f"unknown manifest key {field!r}", Location(file=str(path), field=field))
    kind = _text(data.get("kind"))
    if kind is not None and kind not in KINDS:
        raise FormatError(
            f"kind {kind!r} is not one of {', '.join(KINDS)}", Location(file=str(path), field="kind")
        )
    country = _text(data.get("country"))
    if country is not None:
        if len(country) != 2 or not is_country(country):
            raise FormatError(
                f"country {country!r} is not an ISO-3166 alpha-2 code",
                Location(file=str(path), field="country"),
            )
        country = country.upper()
    date_order = _text(data.get("date_order"))
    if date_order is not None and date_order not in DATE_ORDERS:
        raise FormatError(
            f"date_order {date_order!r} is not one of {', '.join(DATE_ORDERS)}",
            Location(file=str(path), field="date_order"),
        )
    return Manifest(
        exporter=_text(data.get("exporter")),
        date_order=date_order,
        label=_text(data.get("label")),
        kind=kind,
        country=country,
        owner=_text(data.get("owner")),
        seized_at=_text(data.get("seized_at")),
        path=path,
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
