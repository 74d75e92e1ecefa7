"""Scoring a demo workspace against its ground truth, declared as data (like ``clew.pipeline``).

Registry contract: each module has ``evaluate(store, truth) -> dict`` where ``truth`` is the demo's
ground-truth folder (a ``Path``; ``clew.demo.truth.load(truth)`` parses it). A module that does
not exist yet, or has no ``evaluate``, is skipped with a note.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from clew.errors import NotFound
from clew.store.base import Store

EVALUATORS: tuple[str, ...] = (
    "clew.resolve.evaluate",  # pairwise precision/recall/F1 of resolution
    "clew.network.evaluate",  # syndicate ARI/NMI, country accuracy
    "clew.money.evaluate",  # money roles
    "clew.media.evaluate",  # known / possibly-new media
)


def evaluate_all(store: Store, truth: Path) -> dict[str, Any]:
    """Run every available evaluator; keys are the short module names (resolve, network, ...)."""
    truth = Path(truth)
    if not (truth / "records.csv").exists():
        raise NotFound(f"{truth}: no ground truth here (records.csv missing); give --truth DIR")
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
        results[short] = func(store, truth) if func else {"skipped": "no evaluate()"}
    return results
