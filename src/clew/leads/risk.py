"""``clew.leads.risk:run``: the ``hands-on`` and ``children-at-risk`` roles, from evidence.

The two heaviest priority roles. Each rests on indicators read from what the operation holds
(never on content; media are hashes):

- ``contact-incident`` — a tip report about the subject's account whose incident type is one
  of ``CONTACT_INCIDENTS`` (the CyberTipline types that describe abuse or enticement of a
  child rather than possession of material), as the reporting API labels it ("Online
  Enticement of Children for Sexual Acts") or shortened to its head. Direct evidence.
- ``first-share`` — the subject holds the earliest dated copy of a group of possibly-new
  material (media step: unknown material on two or more subjects): who shares unknown
  material first is the likeliest producer. Undated copies (most device extractions) are not
  compared; the date is listed.
- ``child-access`` — a source declares an occupation with access to children (FtM
  ``position``/``profession``/``sector``/``keywords``; ``clew.leads.child_access``: a title,
  a qualified head or an ISCO-08 code of ``clew.leads.occupations``, as whole words). The
  evidence names what matched and in which property.
- ``holds-new`` — the subject holds possibly-new material (not first).

**hands-on** when there is direct evidence, or two independent indicators among
first-share, child-access and holds-new-with-child-access (a first share alone is not enough:
a collector can be the first one seen with material someone else made). **children-at-risk**
when access to children is declared and any analysis found evidence of offending (a media
role, a tip, hands-on, a money or network role other than plain membership). Scores are the
noisy-or of the indicators' ``WEIGHTS`` (for priority's ordering, not for the decision).
Replaces this step's rows of ``subject_roles`` (analysis = ``evidence``, as ``clew.vocabulary``
declares for these two roles).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from clew.leads import child_access
from clew.resolve import subject_map
from clew.store.base import Store
from clew.vocabulary import CHILDREN_AT_RISK, HANDS_ON, MEMBER, ROLES, AuditAction, RunKind

ANALYSIS = RunKind.EVIDENCE  # the analysis the vocabulary names for these roles
CONTACT_INCIDENTS = (
    "child-sexual-molestation",  # API label; older forms add "(not in the family)"
    "online-enticement-of-children",  # API label "... for Sexual Acts"
    "child-sex-trafficking",
    "child-sex-tourism",
    "sex-tourism-involving-children",  # the older public reporting form's label
    "prostitution-of-children",  # likewise, before "Child Sex Trafficking"
    "unsolicited-obscene-material-sent-to-a-child",
)
"""Heads of the CyberTipline incident types (normalised) that describe contact with a child. A
type matches when it is a head or a head followed by a qualifier, so the reporting API's full
labels match without a list of every wording; possession-only types ("Child Pornography
(possession, manufacture, and distribution)") and the misleading-name types do not."""
ACCESS_PROPS = ("position", "profession", "sector", "keywords")
ACCESS_SCHEMATA = ("Person", "UserAccount", "LegalEntity")
WEIGHTS = {"contact-incident": 0.9, "first-share": 0.6, "child-access": 0.5, "holds-new": 0.2}
OFFENDING_ROLES = frozenset({r.name for r in ROLES if r.analysis != RunKind.EVIDENCE and r.name != MEMBER})
"""Roles of the other analyses that are evidence of offending (all declared ones but plain membership)."""


@dataclass
class Indicators:
    """What was found about one subject: indicator name -> evidence items."""

    found: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def score(self, names: set[str] | None = None) -> float:
        miss = 1.0
        for name in self.found if names is None else names & set(self.found):
            miss *= 1.0 - WEIGHTS[name]
        return round(1.0 - miss, 4)


def normalise_incident(value: str) -> str:
    """``"Online Enticement of Children"`` -> ``"online-enticement-of-children"``."""
    return "-".join("".join(c if c.isalnum() else " " for c in value.lower()).split())


def contact_incident(value: str) -> str | None:
    """The ``CONTACT_INCIDENTS`` head an incident type names, or ``None``."""
    norm = normalise_incident(value)
    return next((h for h in CONTACT_INCIDENTS if norm == h or norm.startswith(f"{h}-")), None)


def gather(store: Store, subjects: Mapping[str, str] | None = None) -> dict[str, Indicators]:
    """subject -> its indicators (see the module doc). ``subjects`` maps record ids to whom their
    evidence counts for (default: resolution's ``subject_map``); the evaluation passes the ground
    truth's people, to see which evidence reached the store whatever resolution made of it."""
    subjects = subject_map(store) if subjects is None else subjects
    owners = {
        r["entity_id"]: r["value"]
        for r in store.select(
            "statements", {"schema": "UserAccount", "prop": "owner"}, columns=["entity_id", "value"]
        )
    }

    def of(entity: str) -> str:
        entity = owners.get(entity, entity) if entity not in subjects else entity
        return subjects.get(entity, entity)

    out: dict[str, Indicators] = defaultdict(Indicators)
    events: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in store.select(
        "statements", {"schema": "Event", "prop": ["keywords", "involved", "recordId"]},
        columns=["entity_id", "prop", "value"],
    ):  # fmt: skip
        events[r["entity_id"]][r["prop"]].append(r["value"])
    for event, props in sorted(events.items()):
        incidents = sorted({h for k in props.get("keywords", []) if (h := contact_incident(k))})
        if incidents:
            for entity in props.get("involved", []):
                out[of(entity)].found["contact-incident"].append(
                    {"event": event, "report": (props.get("recordId") or [None])[0], "incident": incidents[0]}
                )
    for r in store.select(
        "statements", {"prop": list(ACCESS_PROPS)}, columns=["entity_id", "schema", "prop", "value"]
    ):
        why = child_access.match(r["value"] or "") if r["schema"] in ACCESS_SCHEMATA else None
        if why:
            out[of(r["entity_id"])].found["child-access"].append(
                {"record": r["entity_id"], "property": r["prop"], "value": r["value"], **why.evidence()}
            )
    _new_material(store, out, of)
    return out


def _new_material(store: Store, out: dict[str, Indicators], of: Callable[[str], str]) -> None:
    """first-share / holds-new from the media step's possibly-new groups and the copies' dates."""
    rows = list(
        store.select("media_matches", {"match": "possibly-new"}, columns=["item", "holder", "category"])
    )
    dates: dict[str, str] = {}
    items = sorted({r["item"] for r in rows})
    for start in range(0, len(items), 500):
        for r in store.select("statements", {"entity_id": items[start : start + 500], "prop": "date"},
                              columns=["entity_id", "value"]):  # fmt: skip
            if r["value"] and (r["entity_id"] not in dates or r["value"] < dates[r["entity_id"]]):
                dates[r["entity_id"]] = r["value"]
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["holder"]:
            groups[r["category"]].append({"item": r["item"], "subject_id": of(r["holder"])})
    for label, copies in sorted(groups.items()):
        dated = sorted((dates[c["item"]], c["subject_id"]) for c in copies if c["item"] in dates)
        first = {s for d, s in dated if d == dated[0][0]} if dated else set()
        for subject in sorted({c["subject_id"] for c in copies}):
            if subject in first:
                out[subject].found["first-share"].append({"group": label, "date": dated[0][0]})
            else:
                out[subject].found["holds-new"].append({"group": label})


def derive(store: Store) -> list[dict[str, Any]]:
    """The role rows (``subject_roles`` shape) of this step."""
    found = gather(store)
    others: dict[str, set[str]] = defaultdict(set)
    for r in store.select("subject_roles", columns=["subject_id", "role", "analysis"]):
        if r["analysis"] != ANALYSIS:
            others[r["subject_id"]].add(r["role"])
    return [
        _role(subject, role, ind.score(), evidence)
        for subject, ind in sorted(found.items())
        for role, evidence in decide(ind, others[subject]).items()
    ]


def decide(ind: Indicators, others: set[str]) -> dict[str, dict]:
    """The rule (module doc): role -> its evidence, for one subject's indicators and the roles
    the other analyses gave it."""
    has = set(ind.found)
    indicators = {"first-share", "child-access"} & has
    if "child-access" in has and "holds-new" in has:
        indicators.add("holds-new")
    hands_on = "contact-incident" in has or len(indicators) >= 2
    evidence = {k: v[:5] for k, v in sorted(ind.found.items())}
    out = {HANDS_ON: evidence} if hands_on else {}
    offending = hands_on or bool(others & OFFENDING_ROLES) or bool(has - {"child-access"})
    if "child-access" in has and offending:
        why = sorted(others & OFFENDING_ROLES) + ([HANDS_ON] if hands_on else [])
        out[CHILDREN_AT_RISK] = {**evidence, "offending": why}
    return out


def _role(subject: str, role: str, score: float, evidence: dict) -> dict[str, Any]:
    return {
        "subject_id": subject,
        "role": role,
        "analysis": ANALYSIS,
        "score": score,
        "evidence": json.dumps(evidence, sort_keys=True),
    }


def run(store: Store) -> dict[str, Any]:
    """The pipeline step: replace this step's roles; returns ``{hands_on, children_at_risk}``."""
    with store.run(RunKind.EVIDENCE) as step:
        rows = derive(store)
        with store.transaction():
            store.replace("subject_roles", rows, {"analysis": ANALYSIS})
            summary = {
                "hands_on": sum(r["role"] == HANDS_ON for r in rows),
                "children_at_risk": sum(r["role"] == CHILDREN_AT_RISK for r in rows),
            }
            store.audit(AuditAction.EVIDENCE_RUN, step.id, summary)
    return summary
