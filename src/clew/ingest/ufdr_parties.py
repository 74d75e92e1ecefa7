"""Who a party of a UFDR model is (``clew.ingest.ufdr_models``): the device's owner (flagged
``IsPhoneOwner``, or the SIM's number), a contact of the report (one of its numbers, read against
the device's country), an app account, else a ``LegalEntity`` of its own. Remembers the
contacts' numbers and the parties already given a record, both capped at ``MAX_NUMBERS``."""

from __future__ import annotations

import re
from typing import Any

from clew.ingest.identifier_rows import cached_normalise, identifier_context
from clew.ingest.ids import ufdr_account_id, ufdr_party_id
from clew.ingest.records import RecordResult
from clew.ingest.region import Region
from clew.ingest.ufdr_xml import fields, first, flag

MAX_NUMBERS = 200_000  # numbers of contacts remembered to recognise call parties (~30 MB)
PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]{5,}$")


def record(region: Region, locator: str, line: int | None, entity_id: str, schema: str,
           props: dict[str, list[str]], tally: str | None = None) -> RecordResult:  # fmt: skip
    """A model's record: ``props`` without their empty values, in ``region``."""
    entity = {"id": entity_id, "schema": schema, "properties": {k: v for k, v in props.items() if v}}
    return RecordResult(locator, line, entity=entity, region=region, tally=tally)


class Parties:
    """The parties of one report's models, placed against its owner and contacts."""

    def __init__(self, project: str, owner_id: str, owner_phones: list[str], region: Region) -> None:
        self.project, self.owner_id, self.region = project, owner_id, region
        self.context = identifier_context("phone", {}, region.basis)  # as the loader will: one cache entry
        self.numbers: dict[str, str] = {}
        for raw in owner_phones:
            if key := self.number(raw):
                self.numbers[key] = owner_id
        self.parties: set[str] = set()

    def number(self, raw: str) -> str | None:
        """The normalised phone number ``raw`` names, None if it is not one."""
        if not PHONE_LIKE.match(raw.strip()):
            return None
        return cached_normalise("phone", raw, self.region.country, self.context).value

    def remember(self, raw: str, contact_id: str) -> None:
        """A contact's number, so a party calling from it is that contact (up to ``MAX_NUMBERS``)."""
        if (key := self.number(raw)) and len(self.numbers) < MAX_NUMBERS:
            self.numbers.setdefault(key, contact_id)

    def party(
        self, el: Any, f: dict[str, list[str]] | None = None
    ) -> tuple[str | None, str | None, list[RecordResult]]:
        """``(entity id, the party's identifier, records to add)`` of a ``Party`` (``f``: its fields)."""
        f = fields(el) if f is None else f
        ident, name = first(f, "Identifier"), first(f, "Name")
        if flag(f, "IsPhoneOwner"):
            return self.owner_id, ident, []
        if ident and (key := self.number(ident)) and key in self.numbers:
            return self.numbers[key], ident, []
        if not ident and not name:
            return None, None, []
        pid = ufdr_party_id(self.project, ident or name or "")
        if pid in self.parties:
            return pid, ident, []
        if len(self.parties) < MAX_NUMBERS:
            self.parties.add(pid)
        phone_like = bool(ident and PHONE_LIKE.match(ident))
        props = {
            "name": [name] if name else [], "phone": [ident] if phone_like else [],
            "email": [ident] if ident and "@" in ident and not phone_like else [],
        }  # fmt: skip
        return pid, ident, [record(self.region, locator(el), el.sourceline, pid, "LegalEntity", props)]

    def account(
        self, el: Any, service: str, is_owner: bool, f: dict[str, list[str]] | None = None
    ) -> tuple[str, RecordResult] | None:
        f = fields(el) if f is None else f
        ident = first(f, "Identifier") or first(f, "Name")
        if not ident:
            return None
        aid = ufdr_account_id(self.project, service, ident)
        phone_like = bool(PHONE_LIKE.match(ident))
        props = {
            "service": [service], "username": [] if phone_like else [ident],
            "phone": [ident] if phone_like else [], "name": f.get("Name", [])[:1],
            "owner": [self.owner_id] if is_owner else [],
        }  # fmt: skip
        return aid, record(self.region, locator(el), el.sourceline, aid, "UserAccount", props)


def locator(el: Any) -> str:
    """Where an analyst finds the element in the forensic tool: its model id (or line)."""
    ident = el.get("id")
    kind = el.get("type") or "file"
    return f"model[@id='{ident}'] ({kind})" if ident else f"line {el.sourceline} ({kind})"
