"""Score the ``hands-on`` and ``children-at-risk`` roles against a demo's ground truth.

A true hands-on person has ``hands-on`` among the roles of the loaded truth (``people.csv``
writes ``hands_on``; :mod:`clew.evaluation.truth` gives every role its vocabulary name); a true
child at risk has ``children-at-risk`` (declared access to children, in the network). People are matched to
subjects as for syndicates (``clew.evaluation.network.person_of_subjects``); a role found on a
subject counts for the person most of its records belong to.

Beside precision and recall, each role's ceilings, read as resolution's recall is read against
its evidence ceiling: ``clew.leads.risk`` gathers the indicators again with every record
counted for its *true* person (so resolution cannot split or merge them) and applies its own
rule to them. ``evidence`` = true people with any indicator the rule reads for the role (any
indicator for hands-on; declared access for children-at-risk — without it the role cannot be
named); ``decidable`` = true people the rule names from their own records and the roles the
other analyses gave their subjects. So a miss is one of: no evidence reached the store,
evidence the rule refuses (``evidence`` but not ``decidable``), or evidence resolution kept
from the rule (``decidable`` but not found).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from clew.evaluation import precision_recall_f1
from clew.evaluation.network import _table, person_of_subjects
from clew.leads import risk
from clew.store.base import Store
from clew.vocabulary import CHILDREN_AT_RISK, HANDS_ON

ROLES = (HANDS_ON, CHILDREN_AT_RISK)
EVIDENCE_OF = {HANDS_ON: None, CHILDREN_AT_RISK: "child-access"}  # None: any indicator


def _ceilings(store: Store, records: list[dict], subject_person: dict[str, str]) -> dict[str, dict]:
    """role -> {"evidence": people, "decidable": people} with every record counted for its person."""
    indicators = risk.gather(store, {r["entity_id"]: r["person_id"] for r in records})
    others: dict[str, set[str]] = defaultdict(set)
    for r in store.select("subject_roles", columns=["subject_id", "role", "analysis"]):
        if r["analysis"] != risk.ANALYSIS and r["subject_id"] in subject_person:
            others[subject_person[r["subject_id"]]].add(r["role"])
    out: dict[str, dict] = {role: {"evidence": set(), "decidable": set()} for role in ROLES}
    for person, ind in indicators.items():
        for role in ROLES:
            wanted = EVIDENCE_OF[role]
            if ind.found if wanted is None else wanted in ind.found:
                out[role]["evidence"].add(person)
        for role in risk.decide(ind, others[person]):
            out[role]["decidable"].add(person)
    return out


def evaluate(store: Store, truth: Any) -> dict[str, Any]:
    people, records = _table(truth, "people"), _table(truth, "records")
    subject_person, _ = person_of_subjects(store, records)
    ceilings = _ceilings(store, records, subject_person)
    out: dict[str, Any] = {}
    for role in ROLES:
        actual = {p["person_id"] for p in people if role in (p["roles"] or "").split(";")}
        found = {
            subject_person[r["subject_id"]]
            for r in store.select("subject_roles", {"role": role}, columns=["subject_id"])
            if r["subject_id"] in subject_person
        }
        hits = len(found & actual)
        p, r, f1 = precision_recall_f1(hits, len(found), len(actual))
        evidence, decidable = ceilings[role]["evidence"] & actual, ceilings[role]["decidable"] & actual
        out[role] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "predicted": len(found),
            "true": len(actual),
            "found": hits,
            "evidence": len(evidence),
            "decidable": len(decidable),
            "missed": {
                "no-evidence": sorted(actual - evidence - found),
                "rule": sorted(evidence - decidable - found),
                "resolution": sorted(decidable - found),
            },
        }
    return out
