"""Display names for subject ids: who ``subj-6ae46c1114de`` is, in one line of a table.

A subject's display is its best-attested name (the name most of its records give, full names of
person records first), how many distinct names its records give (variants, after
transliteration and case folding), its chosen country and its top identifiers (phone numbers
first, then e-mails, user names, accounts: the kinds an analyst recognises a person by).
Here, below the interfaces, because exports (``subjects.csv``) name subjects too; the service
layer re-exports it (``clew.service.display``). An id that is not a resolved subject is read as
a record id, its own subject. Reading displays is audited once per call with the number of
subjects (ids only, never the names shown).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from clew.resolve import names as nm
from clew.store.base import Store
from clew.vocabulary import AuditAction

# which identifier kinds best say who someone is, best first; kinds not listed are not shown
KIND_ORDER = ("phone", "email", "username", "iban", "account", "ewallet", "crypto")
TOP_IDENTIFIERS = 2  # per table row: more would push the row past 80 columns
NAME_PROPS = ("name", "alias", "weakAlias")
CHUNK = 900  # ids per IN (…) query: under SQLite's older 999-variable limit


@dataclass(frozen=True)
class Display:
    """One subject as a table row shows it next to its id."""

    subject_id: str
    name: str | None
    variants: int
    country: str | None
    identifiers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "identifiers": list(self.identifiers)}

    def label(self) -> str:
        """``Jody Schultz (+2 variants) · BD · +8801812187720`` — what a table cell shows."""
        parts = [self.name or "(no name)"]
        if self.variants > 1:
            parts[0] += f" (+{self.variants - 1} variant{'s' if self.variants > 2 else ''})"
        if self.country:
            parts.append(self.country)
        parts.extend(i for i in self.identifiers if i != self.name)
        return " · ".join(parts)


def chunks(values: Iterable[str], size: int = CHUNK) -> Iterable[list[str]]:
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def members_of(store: Store, subject_ids: Iterable[str]) -> dict[str, list[str]]:
    """subject id -> its records' entity ids; an id that is no resolved subject is its own record."""
    ids = list(dict.fromkeys(s for s in subject_ids if s))
    out: dict[str, list[str]] = defaultdict(list)
    for batch in chunks(ids):
        for row in store.select("subject_members", {"subject_id": batch}, ["subject_id", "entity_id"]):
            out[row["subject_id"]].append(row["entity_id"])
    for sid in ids:
        out.setdefault(sid, [sid])
    return {s: sorted(out[s]) for s in ids}


def name_counts(records: Iterable) -> tuple[Counter, int]:
    """(name -> weight, distinct normalised names) of records: person and organisation names
    count double, full names double again, so a real name beats a user name used as a label."""
    counts: Counter = Counter()
    seen: set[str] = set()
    for record in records:
        person = record.schema in ("Person", "Organization", "Company", "LegalEntity")
        values = [v for p in NAME_PROPS for v in record.get(p)]
        if not values and record.get("username"):
            values = record.get("username")[:1]
        for value in values:
            norm = nm.normalise(value)
            if not norm:
                continue
            seen.add(norm)
            counts[value] += 1 + person + (person and nm.is_full(value))
    return counts, len(seen)


def displays(store: Store, subject_ids: Iterable[str], top: int = TOP_IDENTIFIERS) -> dict[str, Display]:
    """A :class:`Display` for each id (subject or record id), in the order given; audited."""
    members = members_of(store, subject_ids)
    entity_subject = {e: s for s, es in members.items() for e in es}
    counts: dict[str, Counter] = defaultdict(Counter)
    variants: dict[str, set[str]] = defaultdict(set)
    for batch in chunks(entity_subject):
        for record in store.records(ids=batch):
            sid = entity_subject[record.id]
            found, _ = name_counts([record])
            counts[sid].update(found)
            variants[sid].update(nm.normalise(n) for n in found)
    country = _countries(store, list(members))
    idents = _identifiers(store, entity_subject, top)
    out = {}
    for sid in members:
        best = max(counts[sid].items(), key=_best)[0] if counts[sid] else None
        out[sid] = Display(sid, best, len(variants[sid]), country.get(sid), tuple(idents.get(sid, ())))
    if out:
        store.audit(AuditAction.SUBJECT_DISPLAY, None, {"subjects": len(out)})
    return out


def _best(item: tuple[str, int]) -> tuple[int, int, str]:
    return (item[1], len(item[0]), item[0])


def _countries(store: Store, subject_ids: list[str]) -> dict[str, str]:
    out = {}
    for batch in chunks(subject_ids):
        where = {"subject_id": batch, "chosen": 1}
        for row in store.select("subject_countries", where, ["subject_id", "country"]):
            out[row["subject_id"]] = row["country"]
    return out


def _identifiers(store: Store, entity_subject: dict[str, str], top: int) -> dict[str, list[str]]:
    """subject -> its ``top`` identifiers: best kind first, then the most mentioned."""
    keys: dict[str, Counter] = defaultdict(Counter)
    for batch in chunks(entity_subject):
        for row in store.select("mentions", {"entity_id": batch}, ["entity_id", "key"]):
            keys[entity_subject[row["entity_id"]]][row["key"]] += 1
    wanted = {k for c in keys.values() for k in c}
    values: dict[str, tuple[str, str]] = {}
    for batch in chunks(wanted):
        for row in store.select("identifiers", {"key": batch}, ["key", "kind", "value"]):
            if row["kind"] in KIND_ORDER:
                values[row["key"]] = (row["kind"], row["value"])
    out = {}
    for sid, counter in keys.items():
        ranked = sorted(
            (k for k in counter if k in values),
            key=lambda k: (KIND_ORDER.index(values[k][0]), -counter[k], k),
        )
        out[sid] = [values[k][1] for k in ranked[:top]]
    return out
