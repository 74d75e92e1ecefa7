"""Scoring a demo workspace against its ground truth, declared as data (like ``clew.pipeline``).

Registry contract: each module has ``evaluate(store, truth) -> dict`` where ``truth`` is the demo's
ground truth, read once by ``evaluate_all`` (a ``clew.demo.truth.Truth``). A module that does not
exist yet, or has no ``evaluate``, is skipped with a note.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from clew.store.base import Store

EVALUATORS: tuple[str, ...] = (
    "clew.resolve.evaluate",  # pairwise precision/recall/F1 of resolution
    "clew.network.evaluate",  # syndicate ARI/NMI, country accuracy
    "clew.money.evaluate",  # money roles
    "clew.media.evaluate",  # known / possibly-new media
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
    from clew.demo.truth import load  # the evaluators import this module: keep it light

    loaded = load(Path(truth))
    results: dict[str, Any] = {}
    for name in EVALUATORS:
        short = name.split(".")[1]
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
