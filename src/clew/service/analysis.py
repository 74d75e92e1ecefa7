"""The analysis pipeline for every interface: its steps, and a run of them in order.

Thin over ``clew.pipeline`` (the steps declared as data), so ``clew analyse`` and any other
interface run the same steps in the same order; each step audits its own run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clew import pipeline
from clew.store.base import Store

STEPS: tuple[pipeline.Step, ...] = pipeline.STEPS
"""The steps in the order they run: name (``--only``), where its function is, what it does."""


def run(
    store: Store,
    only: list[str] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run every step (or those named in ``only``) in order: step name -> its summary;
    ``on_progress(step, done, total)`` as each step starts and once at the end."""
    return pipeline.run_all(store, only, on_progress=on_progress)
