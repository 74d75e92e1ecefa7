"""Pairwise precision/recall/F1 of resolution against the demo's ground truth.

``truth`` is the demo's truth folder (``records.csv``: ``entity_id,person_id``) or an object with a
``records`` attribute (list of such dicts, or a mapping entity id -> person id). Only records in the
truth are scored; a truth record resolution never saw counts as its own predicted subject.
Pairs are counted per cluster intersection, so scoring is linear in the number of records.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from clew.evaluation import precision_recall_f1
from clew.resolve import subject_map
from clew.store.base import Store
from clew.vocabulary import AuditAction


def truth_records(truth: Any) -> dict[str, str]:
    """entity id -> true person id from a truth folder, a ``Truth`` or a mapping/list of rows."""
    if isinstance(truth, (str, Path)):
        with (Path(truth) / "records.csv").open(newline="", encoding="utf-8") as fh:
            return {r["entity_id"]: r["person_id"] for r in csv.DictReader(fh)}
    records = getattr(truth, "records", truth)
    if isinstance(records, Mapping):
        return dict(records)
    return {r["entity_id"]: r["person_id"] for r in records}


def _pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, float]:
    """Pairwise scores of ``predicted`` (entity -> cluster) against ``truth`` (entity -> cluster)."""
    ids = list(truth)
    pred = {e: predicted.get(e, f"self:{e}") for e in ids}
    tp = _pairs(Counter((pred[e], truth[e]) for e in ids))
    predicted_pairs = _pairs(Counter(pred.values()))
    true_pairs = _pairs(Counter(truth.values()))
    precision, recall, f1 = precision_recall_f1(tp, predicted_pairs, true_pairs)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
        "true_positive_pairs": tp,
        "records": len(ids),
        "missing_records": sum(1 for e in ids if e not in predicted),
    }


def ceiling(predicted: Mapping[str, str], truth: Mapping[str, str], evidence: Mapping[str, str]) -> dict:
    """Recall against the evidence ceiling: of the pairs of one person's records that shared strong
    identifiers can join at all (same ``evidence`` group), the share resolution joined."""
    ids = [e for e in truth if e in evidence]
    pred = {e: predicted.get(e, f"self:{e}") for e in ids}
    reachable = _pairs(Counter((truth[e], evidence[e]) for e in ids))
    joined = _pairs(Counter((truth[e], evidence[e], pred[e]) for e in ids))
    return {
        "ceiling_pairs": reachable,
        "recall_of_ceiling": round(joined / reachable, 4) if reachable else 1.0,
    }


def evaluate(store: Store, truth: Any) -> dict[str, Any]:
    """Resolution scores of the operation against the truth (see module docstring)."""
    predicted, records = subject_map(store), truth_records(truth)
    scores = pairwise(predicted, records)
    evidence = getattr(truth, "evidence", None)
    if evidence:
        scores.update(ceiling(predicted, records, evidence))
    store.audit(AuditAction.EVALUATE_RESOLVE, None, scores)
    return {"resolution": scores}
