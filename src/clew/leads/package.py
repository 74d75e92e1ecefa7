"""Lead packages: one per receiving country (and its agency), built from jurisdiction, the
subjects' content and the partner directory, in the order of docs/formats.md (envelope,
handling, priority, subjects, activity, money, evidence and preservation, deconfliction,
evaluation, requested action and feedback, integrity).

:func:`assemble` is pure (content in, document out) so formats and benchmarks can use it
without a store; :func:`build` gathers from the store, versions through the register and signs.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from clew.leads.content import SubjectContent, evidence_json
from clew.leads.directory import Partner
from clew.leads.jurisdiction import Jurisdiction
from clew.leads.vocabulary import DEFAULT_HANDLING, DEFAULT_TLP, HANDLING_CODES, OUTCOME_KINDS
from clew.vocabulary import ADMIN, CHILDREN_AT_RISK, HANDS_ON, POSSIBLY_NEW, SELLER

SCHEMA_VERSION = "clew-lead-package/1"
RETENTION_DAYS = 365  # review date: a year, the usual review cycle for shared intelligence
SAFEGUARD_ROLES = frozenset({HANDS_ON, CHILDREN_AT_RISK, POSSIBLY_NEW})  # a child may be in danger now
PRESERVE_ROLES = frozenset({ADMIN, SELLER, *SAFEGUARD_ROLES})


@dataclass(frozen=True)
class Sender:
    """The sending unit, its point of contact, its case references and how it marks what it sends:
    the TLP 2.0 label and, as handling code H3, any other restriction in its own words."""

    unit: str = "Clew operation unit (set --unit)"
    contact: str = "PLACEHOLDER - sending unit duty desk"
    case_refs: tuple[str, ...] = ()
    legal_basis: str = (
        "Police cooperation under the channel's rules; art. 16 Budapest Convention for preservation"
    )
    tlp: str = DEFAULT_TLP
    restrictions: tuple[str, ...] = ()


@dataclass
class Package:
    """A built package: its register fields and the signed JSON document."""

    package_id: str
    version: int
    country: str
    agency: str
    channel: str
    subjects: tuple[str, ...]
    tlp: str
    document: dict[str, Any] = field(default_factory=dict)
    supersedes: int | None = None

    @property
    def sha256(self) -> str:
        return self.document["integrity"]["sha256"]


def package_id(operation: str, country: str) -> str:
    return f"LP-{operation}-{country}"


def assemble(
    *,
    operation: str,
    country: str,
    version: int,
    supersedes: int | None,
    partner: Partner,
    sender: Sender,
    subjects: list[str],
    jurisdiction: dict[str, Jurisdiction],
    content: dict[str, SubjectContent],
    priority: dict[str, dict[str, Any]],
    created_at: datetime,
) -> dict[str, Any]:
    """The unsigned package document for ``country`` (``subjects`` in priority order)."""
    pid = package_id(operation, country)
    when = created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION}
    doc["envelope"] = {
        "package_id": pid,
        "version": version,
        "supersedes": supersedes,
        "created_at": when,
        "operation": operation,
        "sending_unit": sender.unit,
        "point_of_contact": sender.contact,
        "receiving_agency": partner.agency,
        "receiving_country": country,
        "channel": partner.channel,
        "language": partner.language,
        "receiver_contact": partner.contact,
        "sender_case_references": list(sender.case_refs),
        "warnings": [partner.warning] if partner.warning else [],
    }
    doc["handling"] = {
        "tlp": sender.tlp,
        "handling_codes": [{"code": c, "meaning": HANDLING_CODES[c]} for c in DEFAULT_HANDLING]
        + (
            [{"code": "H3", "meaning": f"{HANDLING_CODES['H3']}: {'; '.join(sender.restrictions)}"}]
            if sender.restrictions
            else []
        ),
        "review_date": (created_at + timedelta(days=RETENTION_DAYS)).strftime("%Y-%m-%d"),
        "legal_basis": sender.legal_basis,
    }
    doc["priority"] = {
        "highest": max((priority.get(s, {}).get("priority", 0.0) for s in subjects), default=0.0),
        "subjects": [
            {
                "subject_id": s,
                "priority": priority.get(s, {}).get("priority", 0.0),
                "reasons": priority.get(s, {}).get("reasons", []),
            }
            for s in subjects
        ],
    }
    doc["subjects"] = [_subject(s, jurisdiction[s], content[s], country) for s in subjects]
    doc["activity"] = [
        {
            "subject_id": s,
            "roles": content[s].roles,
            "syndicate_id": content[s].syndicate_id,
            "date_range": content[s].date_range,
            "hash_list_matches": content[s].media,
        }
        for s in subjects
    ]
    doc["money"] = [
        {"subject_id": s, "payments": content[s].payments} for s in subjects if content[s].payments
    ]
    requests = preservation_requests(pid, version, partner, subjects, content, created_at)
    doc["evidence"] = {
        "holdings": [
            {"subject_id": s, **h, "held_by": sender.unit} for s in subjects for h in content[s].holdings
        ],
        "preservation_requests": requests,
        "formal_route": {
            "channel": partner.channel,
            "route": partner.route,
            "expected_days": partner.expected_days,
        },
    }
    doc["deconfliction"] = {
        "sender_case_references": list(sender.case_refs),
        "how": "run `clew deconflict offer|respond|finish` (private set intersection) with the sending unit "
        "to learn which identifiers both hold without disclosing any other",
    }
    doc["evaluation"] = [
        {"subject_id": s, "item": f"{i['kind']}:{i['value']}", **i["evaluation"]}
        for s in subjects
        for i in content[s].identifiers
    ]
    doc["requested_action"] = {
        "actions": sorted(
            {a for s in subjects for a in _actions(content[s])},
            key=["identify", "safeguard", "preserve", "arrest"].index,
        )
    }
    doc["feedback"] = {
        "package_id": pid,
        "version": version,
        "reporting_agency": partner.agency,
        "country": country,
        "outcome_kinds": list(OUTCOME_KINDS),
        "outcomes": [],
    }
    return doc


def _subject(s: str, j: Jurisdiction, c: SubjectContent, country: str) -> dict[str, Any]:
    return {
        "subject_id": s,
        "display_name": c.display_name,
        "names": c.names,
        "birth_dates": c.birth_dates,
        "identifiers": c.identifiers,
        "attributed_country": j.attributed,
        "country_evidence": evidence_json([dataclasses.asdict(claim) for claim in j.countries]),
        "cross_border": len(j.countries) > 1 or any(b.country not in (None, country) for b in j.bridges),
        "bridges": evidence_json([dataclasses.asdict(b) for b in j.bridges]),
    }


def _actions(c: SubjectContent) -> list[str]:
    roles = {r["role"] for r in c.roles}
    actions = ["identify"]
    if roles & SAFEGUARD_ROLES:
        actions.append("safeguard")
    if c.accounts:
        actions.append("preserve")
    if roles & PRESERVE_ROLES:
        actions.append("arrest")
    return actions


def preservation_requests(
    pid: str,
    version: int,
    partner: Partner,
    subjects: list[str],
    content: dict[str, SubjectContent],
    created_at: datetime,
) -> list[dict[str, Any]]:
    """One request per account a package's subjects hold (provider, account, date range, legal
    basis, how long it holds); sent and expiring once the package is released."""
    out, seen = [], set()
    for s in subjects:
        dr = content[s].date_range
        for acc in content[s].accounts:
            key = (acc["provider"], acc["account"])
            if key in seen:
                continue
            seen.add(key)
            out.append(
                {
                    "request_id": f"{pid}-v{version}-PR{len(out) + 1:04d}",
                    "subject_id": s,
                    "provider": acc["provider"],
                    "account_kind": acc["kind"],
                    "account": acc["account"],
                    "date_from": dr["from"],
                    "date_to": dr["to"] or created_at.strftime("%Y-%m-%d"),
                    "legal_basis": partner.preservation.legal_basis,
                    "days": partner.preservation.days,
                    "renewable": partner.preservation.renewable,
                }
            )
    return out


def substance(document: dict[str, Any]) -> dict[str, Any]:
    """What a package says, without what changes at every build (when, which version, the review
    date counted from it, the signature): two builds with the same substance need no correction."""
    out = json.loads(json.dumps({k: v for k, v in document.items() if k != "integrity"}))
    for key in ("created_at", "version", "supersedes"):
        out["envelope"].pop(key, None)
    out["handling"].pop("review_date", None)
    out["feedback"].pop("version", None)
    for request in out["evidence"]["preservation_requests"]:
        request.pop("request_id", None)
    return out


def by_country(jurisdiction: dict[str, Jurisdiction], wanted: set[str] | None) -> dict[str, list[str]]:
    """country -> its subjects (a cross-border subject is in every country it points to)."""
    out: dict[str, list[str]] = defaultdict(list)
    for subject, j in jurisdiction.items():
        for cc in j.receiving:
            if wanted is None or cc in wanted:
                out[cc].append(subject)
    return out


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
