"""Stable exports of the network's results (formats in docs/formats.md, ``## Outputs``).

- ``subjects`` CSV: ``subject_id,country,syndicate_id,syndicate_role,syndicate_confidence,priority,
  roles`` — one row per subject (``syndicate_role`` core/periphery, ``syndicate_confidence`` 0–1:
  ``clew.network.syndicates``)
  known to the network (or to resolution/roles), country ISO alpha-2 or empty, roles
  ``;``-separated in the vocabulary's order (``clew.vocabulary.ROLES``), ``name`` the display
  name (``clew.leads.display``), ``identifiers`` its top identifiers ``;``-separated (appended
  last: the columns before them keep their places).
- ``ftm``: FtM entities importable into Aleph — a ``Person`` per subject with the names and
  identifiers of its records merged; ``Organization`` per chat group and per syndicate with
  ``Membership`` edges; ``Associate`` for personal ties (contact, call, message, explicit link,
  event, payment) and ``UnknownLink`` for ties only through shared files.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from followthemoney import model, registry
from followthemoney.proxy import EntityProxy
from followthemoney.util import make_entity_id

from clew import csvout
from clew.leads import priority as priority_mod
from clew.leads.display import displays
from clew.network import inputs as inputs_mod
from clew.network import query
from clew.store.base import Store
from clew.vocabulary import ADMIN, MEMBER, AuditAction, RunKind, role_order

SUBJECT_COLUMNS = (
    "subject_id", "country", "syndicate_id", "syndicate_role", "syndicate_confidence", "priority", "roles",
    "name", "identifiers",  # appended last: machines reading the first seven by position are unaffected
)  # fmt: skip
PERSONAL = ("contact", "call", "message", "link", "event", "payment")
PERSON_PROPS = (
    "name",
    "alias",
    "weakAlias",
    "firstName",
    "lastName",
    "birthDate",
    "phone",
    "email",
    "nationality",
    "idNumber",
    "passportNumber",
)


def subject_rows(store: Store) -> list[dict[str, Any]]:
    """The rows of the subjects CSV, highest priority first."""
    syndicate = query.syndicate_of(store)
    country = query.country_of(store)
    roles: dict[str, set[str]] = defaultdict(set)
    standing: dict[str, tuple[str, float]] = {}
    for r in store.select("subject_roles", columns=["subject_id", "role", "analysis", "score", "evidence"]):
        roles[r["subject_id"]].add(r["role"])
        if r["role"] == MEMBER and r["analysis"] == RunKind.NETWORK:
            found = json.loads(r["evidence"] or "{}").get("syndicate_role")
            standing[r["subject_id"]] = (found or "core", r["score"])
    prio = {
        r["subject_id"]: r["priority"]
        for r in store.select("subject_priority", columns=["subject_id", "priority"])
    }
    if not prio:
        prio = {s: p.priority for s, p in priority_mod.compute(store).items()}
    subjects = (
        set(syndicate)
        | set(roles)
        | {r["subject_id"] for r in store.select("subjects", columns=["subject_id"])}
    )
    rows = [
        {
            "subject_id": s,
            "country": country.get(s) or "",
            "syndicate_id": syndicate.get(s) or "",
            "syndicate_role": standing[s][0] if syndicate.get(s) and s in standing else "",
            "syndicate_confidence": standing[s][1] if syndicate.get(s) and s in standing else "",
            "priority": prio.get(s, 0.0),
            "roles": ";".join(sorted(roles.get(s, ()), key=role_order)),
        }
        for s in subjects
    ]
    rows.sort(key=lambda r: (-r["priority"], r["subject_id"]))
    return rows


def write_subjects(store: Store, out: Path) -> int:
    """The subjects CSV to ``out``; returns how many rows. Audited as ``export.subjects`` naming
    the file."""
    rows = subject_rows(store)
    shown = displays(store, [r["subject_id"] for r in rows])
    for row in rows:
        d = shown[row["subject_id"]]
        row["name"] = d.name or ""
        row["identifiers"] = ";".join(d.identifiers)
    csvout.write(out, SUBJECT_COLUMNS, rows)
    store.audit(AuditAction.EXPORT_SUBJECTS, str(out), {"rows": len(rows)})
    return len(rows)


def _fid(prefix: str, value: str) -> str:
    """An FtM id ``prefix-value``, or ``prefix-<hash of value>`` when that is not a valid id."""
    candidate = f"{prefix}-{value}"
    if registry.entity.clean(candidate) == candidate and len(candidate) <= 200:
        return candidate
    return f"{prefix}-{make_entity_id(value)}"


def ftm_entities(store: Store) -> Iterator[EntityProxy]:
    """Subjects, groups, syndicates and their links as FtM proxies (see module doc).

    Not audited itself: :func:`write_ftm`, its caller, audits the export with its target."""
    data = inputs_mod.read(store)
    index = data.index()
    rows = {r["subject_id"]: r for r in subject_rows(store)}
    merged: dict[str, EntityProxy] = {}
    actors = set(data.actors) | set(data.resolved)
    idents = _identifiers(store, actors, data.mentions)
    for entity in sorted(actors):
        subject = index.of(entity)
        person = merged.get(subject)
        if person is None:
            person = merged[subject] = model.make_entity("Person")
            person.id = _fid("clew-subject", subject)
        _merge(person, entity, data, idents)
    for subject in rows:
        if subject not in merged:
            merged[subject] = model.make_entity("Person")
            merged[subject].id = _fid("clew-subject", subject)
    for subject, person in sorted(merged.items()):
        row = rows.get(subject)
        if row:
            if row["country"]:
                person.add("country", row["country"], quiet=True)
            person.add(
                "summary",
                f"Clew subject {subject}; syndicate {row['syndicate_id'] or '-'}; "
                f"roles {row['roles'] or '-'}; priority {row['priority']}",
            )
        if not person.has("name"):
            person.add("name", subject)
        yield person
    for group, name in sorted(data.groups.items()):
        org = model.make_entity("Organization")
        org.id = _fid("clew-group", group)
        org.add("name", name)
        yield org
    seen: set[str] = set()
    for member, group, role, _id in data.memberships:
        subject = index.of(member)
        if subject not in merged or group not in data.groups:
            continue
        yield from _membership(merged[subject].id, _fid("clew-group", group), role, seen)
    syndicates = sorted({r["syndicate_id"] for r in rows.values() if r["syndicate_id"]})
    for sid in syndicates:
        org = model.make_entity("Organization")
        org.id = _fid("clew-syndicate", sid)
        org.add("name", f"Syndicate {sid}")
        org.add("description", "Community found by Clew's network analysis (modularity)")
        yield org
    for subject, row in sorted(rows.items()):
        if row["syndicate_id"]:
            role = ADMIN if ADMIN in row["roles"].split(";") else MEMBER
            yield from _membership(
                merged[subject].id, _fid("clew-syndicate", row["syndicate_id"]), role, seen
            )
    for edge in store.select("graph_edges"):
        if edge["left_id"] not in merged or edge["right_id"] not in merged:
            continue
        kinds = json.loads(edge["kinds"])
        a, b = merged[edge["left_id"]].id, merged[edge["right_id"]].id
        personal = [k for k in PERSONAL if k in kinds]
        if personal:
            link = model.make_entity("Associate")
            link.make_id("clew-associate", a, b)
            link.add("person", a)
            link.add("associate", b)
            link.add("relationship", "; ".join(personal))
        elif "file" in kinds:
            link = model.make_entity("UnknownLink")
            link.make_id("clew-link", a, b)
            link.add("subject", a)
            link.add("object", b)
            link.add("role", "holds the same file")
        else:
            continue  # co-membership only: the Membership entities say it
        link.add("summary", f"weight {edge['weight']:.3f}: {', '.join(sorted(kinds))}")
        yield link


def _membership(member: str, org: str, role: str, seen: set[str]) -> Iterator[EntityProxy]:
    mem = model.make_entity("Membership")
    mem.make_id("clew-membership", member, org)
    if mem.id in seen:
        return
    seen.add(mem.id)
    mem.add("member", member)
    mem.add("organization", org)
    mem.add("role", role)
    yield mem


IDENTIFIER_PROPS = {"phone": "phone", "email": "email", "username": "weakAlias"}
EXPORTED_COUNTRY = {"address": "country", "identification": "nationality"}
"""Countries the network read from records about a subject, as a Person property (its own
country properties keep their name: ``clew.network.country.COUNTRY_PROPS``)."""


def _identifiers(
    store: Store, entities: set[str], mentions: dict[str, list[str]]
) -> dict[str, list[tuple[str, str]]]:
    """entity -> [(Person property, normalised value)] from the identifier index (``mentions``
    column-wise, as :func:`clew.network.inputs.read` read them)."""
    kinds = {
        r["key"]: (r["kind"], r["value"])
        for r in store.select(
            "identifiers", {"kind": list(IDENTIFIER_PROPS)}, columns=["key", "kind", "value"]
        )
    }
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, entity in zip(mentions["key"], mentions["entity_id"], strict=True):
        found = kinds.get(key)
        if found and entity in entities:
            out[entity].append((IDENTIFIER_PROPS[found[0]], found[1]))
    return out


def _merge(person: EntityProxy, entity: str, data: inputs_mod.Inputs, idents: dict) -> None:
    for name in data.names.get(entity, []):
        person.add("name" if data.actors.get(entity) == "Person" else "weakAlias", name, quiet=True)
    for prop, cc, _record in data.countries.get(entity, []):
        person.add(EXPORTED_COUNTRY.get(prop, prop), cc, quiet=True)
    for prop, value in idents.get(entity, []):
        person.add(prop, value, quiet=True)


PROGRESS_EVERY = 1000  # entities between progress reports: often enough to move, rare enough to cost nothing


def write_ftm(
    store: Store, out: Path | None, on_progress: Callable[[str, int, int], None] | None = None
) -> int:
    """JSON lines of FtM entities to ``out`` (stdout when None); returns how many. Audited as
    ``export.ftm`` naming the file (or ``stdout``) and how many subjects it holds.
    ``on_progress("ftm", written, 0)`` reports every :data:`PROGRESS_EVERY` entities (the total
    is unknown until the end)."""
    fh = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    n = subjects = 0
    try:
        for proxy in ftm_entities(store):
            fh.write(json.dumps(proxy.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
            n += 1
            subjects += proxy.schema.name == "Person"
            if on_progress and n % PROGRESS_EVERY == 0:
                on_progress("ftm", n, 0)
    finally:
        if out:
            fh.close()
    store.audit(AuditAction.EXPORT_FTM, str(out) if out else "stdout", {"entities": n, "subjects": subjects})
    return n
