"""``search(store, text)``: do we hold this name, number, e-mail, user name, account or wallet?

The text is read every way it can be at once:

- as a **name**: transliterated to ASCII, lower-cased and split as resolution does
  (``clew.resolve.names``); every token must match a name token of a record — as a prefix,
  through the nickname table (Bill/William) or by its metaphone code (Mohammed/Muhammad);
- as an **identifier** of a person, user account, organisation, bank account or wallet
  record: compacted to letters and digits and found as a substring of any stored identifier
  (so ``+63 917 123``, ``0917-123`` and ``917123`` all find ``+639171234567``). A phone number
  is also normalised with the ``identifiers`` package (``country`` is the region for national
  forms); a leading trunk ``0`` is dropped; a query written with ``+`` or ``00`` must match
  from the start.

Hits are grouped by subject, scored (exact identifier 1.0, part of one by the share matched,
names by Jaro-Winkler similarity of the normalised forms) and given with the records that
matched and the source file and locator of each. The index (``clew.store.textindex``) is
rebuilt lazily when the operation's sources changed since it was built. Every search is audited
as ``search.query`` with the number of hits and the subject ids — never the text searched.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

import jellyfish

from clew.identifiers import normalise as normalise_identifier
from clew.model.names import WEAK_NAME_PROPS, full_names
from clew.resolve import names as nm
from clew.service.base import Result, rounded
from clew.service.compose import Composed
from clew.service.display import Display, chunks, displays
from clew.store.base import Row, Store
from clew.store.textindex import Term, TextQuery
from clew.vocabulary import AuditAction

INDEX_VERSION = "4"  # bump when the terms change: every index is rebuilt at its next search
ACTORS = ("Person", "UserAccount", "LegalEntity")
ACCOUNTS = ("BankAccount", "CryptoWallet")  # found by their numbers; the subject is their holder
PHONETIC = "0ph"  # prefix of metaphone terms: a name token never starts with a digit and "ph"
CANDIDATES = 20  # index rows read per subject asked for: room for many records of one subject
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class SourcePlace(Result):
    source_id: int
    path: str
    label: str | None
    locator: str


@dataclass(frozen=True)
class Match(Result):
    entity_id: str
    kind: str  # name, phone, email, username, iban, account, ewallet, crypto, ip, device, …
    value: str
    score: float
    sources: tuple[SourcePlace, ...]


@dataclass(frozen=True)
class SearchHit(Result):
    subject_id: str
    display: Display
    score: float
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class SearchResult(Result):
    read_as: tuple[str, ...]  # how the text was read: name, identifier, phone +E164
    hits: tuple[SearchHit, ...]
    index_rebuilt: bool


def compact(value: str) -> str:
    return _NOT_ALNUM.sub("", (value or "").lower())


def name_terms(value: str) -> list[str]:
    """The index terms of a name: its tokens, their nickname canonical forms, metaphone codes."""
    out: list[str] = []
    for token in nm.tokens(value):
        out.append(token)
        if nm.canonical(token) != token:
            out.append(nm.canonical(token))
        code = nm.phonetic(token).lower() if len(token) >= 3 else ""
        if code:
            out.append(PHONETIC + code)
    return out


def stamp(store: Store) -> str:
    """A digest of the operation's sources and their status: the index is current iff equal."""
    rows = sorted((r["id"], r["status"]) for r in store.select("sources", columns=["id", "status"]))
    return hashlib.sha256(repr((INDEX_VERSION, rows)).encode()).hexdigest()


def ensure_index(store: Store) -> bool:
    """Rebuild the operation's text index if its sources changed; True when it was rebuilt."""
    current = stamp(store)
    if store.text_index_stamp() == current:
        return False
    names: list[Row] = []
    actors: set[str] = set()
    for record in store.records(schemata=ACTORS):
        actors.add(record.id)
        values = full_names(record) + [v for p in WEAK_NAME_PROPS for v in record.get(p)]
        for value in dict.fromkeys(values):
            terms = name_terms(value)
            if terms:
                names.append({"entity_id": record.id, "value": value, "terms": f" {' '.join(terms)} "})
    accounts = store.select_columns("fragments", ["entity_id"], {"schema": list(ACCOUNTS)})["entity_id"]
    actors.update(accounts)
    kinds = {
        r["key"]: (r["kind"], r["value"])
        for r in store.select("identifiers", columns=["key", "kind", "value"])
    }
    idents: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for r in store.select("mentions", columns=["entity_id", "key"]):
        pair = (r["entity_id"], r["key"])
        if pair in seen or r["key"] not in kinds or r["entity_id"] not in actors:
            continue
        seen.add(pair)
        kind, value = kinds[r["key"]]
        idents.append({"entity_id": r["entity_id"], "kind": kind, "key": r["key"], "value": value,
                       "terms": compact(value)})  # fmt: skip
    store.replace_text_index(names, idents, current)
    return True


def parse(text: str, country: str | None = None) -> tuple[TextQuery, dict[str, bool], tuple[str, ...]]:
    """The index query for ``text``, the identifier fragments (-> must match from the start),
    and how the text was read."""
    read_as: list[str] = []
    groups = []
    for token in nm.tokens(text):
        if not any(c.isalpha() for c in token):
            continue
        alts = [Term(token, prefix=True)]
        if nm.canonical(token) != token:
            alts.append(Term(nm.canonical(token)))
        code = nm.phonetic(token).lower() if len(token) >= 3 else ""
        if code:
            alts.append(Term(PHONETIC + code))
        groups.append(tuple(alts))
    if groups:
        read_as.append("name")
    fragments: dict[str, bool] = {}
    whole = compact(text)
    stripped = text.strip()
    anchored = stripped.startswith("+") or stripped.startswith("00")
    if whole:
        fragments[whole.removeprefix("00") if anchored else whole] = anchored
        read_as.append("identifier")
    digits = re.sub(r"\D", "", text)
    if digits and len(digits) >= len(whole) - 1:  # mostly digits: a phone number, maybe partial
        phone = normalise_identifier("phone", text, country)
        if phone.valid and phone.value:
            fragments[compact(phone.value)] = True
            read_as.append(f"phone {phone.value}")
        elif digits.startswith("0") and not anchored:
            fragments[digits.lstrip("0")] = False  # a national trunk prefix, region unknown
    return TextQuery(tuple(groups), tuple(f for f in fragments if f)), fragments, tuple(read_as)


def search(store: Store, text: str, country: str | None = None, limit: int = 20) -> SearchResult:
    """Subjects holding a name or identifier like ``text``, best first; audited (ids only)."""
    rebuilt = ensure_index(store)
    query, fragments, read_as = parse(text, country)
    with store.reading():  # one snapshot for the ten small reads below
        hits = _hits(store, text, query, fragments, limit)
    store.audit(AuditAction.SEARCH_QUERY, None, {"hits": len(hits), "subjects": [h.subject_id for h in hits]})
    return SearchResult(read_as, tuple(hits), rebuilt)


def _hits(
    store: Store, text: str, query: TextQuery, fragments: dict[str, bool], limit: int
) -> list[SearchHit]:
    """The hits of a parsed query: index rows scored, grouped by subject, with display names and
    sources. The display names are part of this one search: one audit entry (the caller's)."""
    rows = store.text_search(query, limit * CANDIDATES) if (query.names or query.fragments) else []
    norm = nm.normalise(text)
    scored: list[tuple[Row, float]] = []
    for row in rows:
        if row["kind"] == "name":
            score = jellyfish.jaro_winkler_similarity(norm, nm.normalise(row["value"])) if norm else 0.0
        else:
            value = compact(row["value"])
            found = [f for f, start in fragments.items() if (value.startswith(f) if start else f in value)]
            if not found:
                continue
            score = max(len(f) for f in found) / len(value)
        scored.append((row, score))
    subject_of = _subjects(store, {r["entity_id"] for r, _ in scored})
    by_subject: dict[str, list[tuple[Row, float]]] = defaultdict(list)
    for row, score in scored:
        by_subject[subject_of.get(row["entity_id"], row["entity_id"])].append((row, score))
    ranked = sorted(by_subject, key=lambda s: (-max(x[1] for x in by_subject[s]), s))[:limit]
    places = _places(store, {r["entity_id"] for s in ranked for r, _ in by_subject[s]})
    shown = displays(Composed(store), ranked)
    hits = []
    for sid in ranked:
        matches = sorted(by_subject[sid], key=lambda x: (-x[1], x[0]["entity_id"], x[0]["value"]))
        hits.append(
            SearchHit(
                sid,
                shown[sid],
                rounded(matches[0][1]),
                tuple(
                    Match(
                        r["entity_id"],
                        r["kind"],
                        r["value"],
                        rounded(s),
                        tuple(places.get(r["entity_id"], ())),
                    )
                    for r, s in matches
                ),
            )
        )
    return hits


def _subjects(store: Store, entity_ids: set[str]) -> dict[str, str]:
    """entity -> subject: resolution's, else the holder's subject the money step found for an
    account; an entity in neither is its own subject."""
    out = {}
    for batch in chunks(entity_ids):
        for r in store.select("money_accounts", {"account_id": batch}, ["account_id", "subject_id"]):
            if r["subject_id"]:
                out[r["account_id"]] = r["subject_id"]
        for r in store.select("subject_members", {"entity_id": batch}, ["entity_id", "subject_id"]):
            out[r["entity_id"]] = r["subject_id"]
    return out


def _places(store: Store, entity_ids: set[str]) -> dict[str, list[SourcePlace]]:
    found = []
    for batch in chunks(entity_ids):
        found += store.select("fragments", {"entity_id": batch}, ["entity_id", "source_id", "locator"])
    sources = {
        s["id"]: s
        for s in store.select(
            "sources", {"id": sorted({f["source_id"] for f in found})}, ["id", "path", "label"]
        )
    }
    out: dict[str, list[SourcePlace]] = defaultdict(list)
    for f in found:
        s = sources.get(f["source_id"])
        if s:
            out[f["entity_id"]].append(SourcePlace(s["id"], s["path"], s["label"], f["locator"]))
    return out
