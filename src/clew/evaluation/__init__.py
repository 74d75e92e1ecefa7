"""Scoring a workspace against a ground truth, declared as data (like ``clew.pipeline``).

This package sits above the analyses (and below the demo, which writes its truth with
``clew.evaluation.truth``): it reads what the analyses stored and compares it with the truth, so
no analysis knows a ground truth exists. Registry contract: each module of ``EVALUATORS`` has
``evaluate(store, truth) -> dict`` of figures, where ``truth`` is the ground truth read once by
``evaluate_all`` (a :class:`clew.evaluation.truth.Truth`). A module that does not exist yet, or
has no ``evaluate``, is skipped with a note.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from clew.evaluation.truth import load
from clew.store.base import Store

EVALUATORS: tuple[str, ...] = (
    "clew.evaluation.resolve",  # pairwise precision/recall/F1 of resolution
    "clew.evaluation.network",  # syndicate ARI/NMI, country accuracy
    "clew.evaluation.money",  # money roles
    "clew.evaluation.media",  # known / possibly-new media
    "clew.evaluation.leads",  # hands-on / children-at-risk roles
)


def precision_recall_f1(
    hits: int, predicted: int, actual: int, zero_division: float = 1.0
) -> tuple[float, float, float]:
    """Unrounded (precision, recall, F1) from counts; ``zero_division`` is the precision when
    nothing was predicted, recall is 1.0 when there was nothing to find."""
    precision = hits / predicted if predicted else zero_division
    recall = hits / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_all(store: Store, truth: Path) -> dict[str, Any]:
    """Run every available evaluator on the truth folder ``truth`` (read once); keys are the short
    module names (resolve, network, ...). Raises ``NotFound`` naming the folder or missing file."""

    loaded = load(Path(truth))
    results: dict[str, Any] = {}
    for name in EVALUATORS:
        short = name.rsplit(".", 1)[1]
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                results[short] = {"skipped": "not available"}
                continue
            raise
        func = getattr(module, "evaluate", None)
        results[short] = func(store, loaded) if func else {"skipped": "no evaluate()"}
    return results
