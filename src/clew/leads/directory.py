"""The partner directory: per receiving country, the channel, agency, language, point of
contact and preservation terms (``partners.yaml``; the shipped default is
``clew/leads/data/partners.yaml``, every INTERPOL member with channel ``INTERPOL NCB`` and
placeholder contacts).

An operation uses ``<workspace>/partners-<operation>.yaml`` when it exists, else the default.
A country the directory does not list falls back to INTERPOL with a warning in the package
(:attr:`Partner.warning`, which ``clew leads build`` prints too), never to silence. The
warning does not name the directory's file: a package never holds a path of the sender's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from clew.errors import Location, UserError
from clew.leads.vocabulary import CHANNELS
from clew.store.base import Store
from clew.vocabulary import AuditAction

DEFAULT_CHANNEL = "INTERPOL NCB"


@dataclass(frozen=True)
class Preservation:
    """How long a preservation request holds and on which legal basis."""

    days: int
    renewable: bool
    legal_basis: str


@dataclass(frozen=True)
class Partner:
    """Who receives a country's package and how (the package's envelope and formal route)."""

    country: str
    name: str
    agency: str
    channel: str
    language: str
    contact: str
    route: str
    expected_days: int
    preservation: Preservation
    warning: str | None = None


@dataclass(frozen=True)
class Directory:
    """A parsed directory file."""

    path: str
    countries: dict[str, dict[str, Any]]
    channels: dict[str, dict[str, Any]]
    preservation: dict[str, Any]

    def partner(self, country: str) -> Partner:
        """The partner for ``country``; an unlisted one falls back to INTERPOL with a warning."""
        entry = self.countries.get(country)
        warning = None
        if entry is None:
            warning = f"{country} is not in the partner directory: sent through INTERPOL"
            entry = {
                "name": country,
                "agency": f"INTERPOL NCB {country}",
                "channel": DEFAULT_CHANNEL,
                "language": "en",
                "contact": "PLACEHOLDER - INTERPOL General Secretariat",
            }
        channel = entry.get("channel", DEFAULT_CHANNEL)
        route = self.channels.get(channel, {})
        pres = {**self.preservation, **(entry.get("preservation") or {})}
        return Partner(
            country=country,
            name=str(entry.get("name", country)),
            agency=str(entry.get("agency", f"{channel} {country}")),
            channel=channel,
            language=str(entry.get("language", "en")),
            contact=str(entry.get("contact", "")),
            route=str(route.get("route", CHANNELS.get(channel, channel))),
            expected_days=int(route.get("expected_days", 30)),
            preservation=Preservation(
                int(pres.get("days", 90)), bool(pres.get("renewable", True)), str(pres.get("legal_basis", ""))
            ),
            warning=warning,
        )


def default_path() -> Path:
    return Path(str(resources.files("clew.leads") / "data" / "partners.yaml"))


def operation_path(workspace: Path, operation: str) -> Path:
    return Path(workspace) / f"partners-{operation}.yaml"


def load(path: Path | None = None) -> Directory:
    """Read and check a directory file; errors name the file and the field."""
    path = Path(path or default_path())
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UserError(
            f"not valid YAML: {exc}", Location(str(path), mark.line + 1 if mark else None)
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("countries"), dict):
        raise UserError(
            "a partner directory needs a 'countries' mapping", Location(str(path), field="countries")
        )
    channels = data.get("channels") or {}
    for cc, entry in data["countries"].items():
        where = Location(str(path), field=f"countries.{cc}")
        if not (isinstance(cc, str) and len(cc) == 2 and cc.isupper()) or not isinstance(entry, dict):
            raise UserError("country keys are ISO 3166 alpha-2 codes mapping to a table", where)
        channel = entry.get("channel", DEFAULT_CHANNEL)
        if channel not in CHANNELS and channel not in channels:
            raise UserError(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})", where)
    return Directory(str(path), data["countries"], channels, data.get("preservation") or {})


def for_operation(workspace: Path, operation: str) -> Directory:
    """The operation's directory file if it has one, else the shipped default."""
    own = operation_path(workspace, operation)
    return load(own if own.exists() else None)


def init_for_operation(store: Store, workspace: Path) -> Directory:
    """Copy the shipped directory to the operation's file (kept if it exists) and load it."""
    own = operation_path(workspace, store.operation)
    if not own.exists():
        shutil.copyfile(default_path(), own)
        store.audit(AuditAction.LEADS_DIRECTORY, str(own), {"copied_from": str(default_path())})
    return load(own)
