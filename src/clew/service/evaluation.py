"""Scores of a demo workspace against the demo's ground truth, for every interface.

Thin over ``clew.evaluation`` (every scorer is there: an analysis never knows a truth exists).
The resolve, network and money scorers audit their scores (``evaluate.<evaluator>``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clew.evaluation import evaluate_all
from clew.evaluation import money as money_evaluation
from clew.store.base import Store


def scores(store: Store, truth: Path) -> dict[str, Any]:
    """Every available evaluator's scores against the truth folder ``truth``, by evaluator
    (resolve, network, money, media, leads). ``NotFound`` names the folder or missing file."""
    return evaluate_all(store, truth)


def money_scores(store: Store, truth: Path) -> dict[str, Any]:
    """Precision and recall of sellers and collectors, per account and per person."""
    return money_evaluation.evaluate(store, truth)
