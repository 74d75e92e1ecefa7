"""The analysis pipeline, declared as data: which steps run, in which order.

Each step is ``module:function`` taking a :class:`~clew.store.Store` and returning a small
summary dict. ``clew analyse`` runs them all; ``clew demo`` runs them after ingest. A step
whose module is missing its function is skipped with a note (capabilities land one by one).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from clew.store.base import Store


@dataclass(frozen=True)
class Step:
    """One analysis step: its name (``--only``), where its function is, what it does."""

    name: str
    target: str  # "package.module:function"
    summary: str

    def load(self) -> Callable[[Store], dict[str, Any]] | None:
        """The step's function; None when its module or function does not exist (yet).

        Only the step's own module may be missing: a dependency it fails to import is an
        error, not a silently skipped step."""
        module_name, func = self.target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not f"{module_name}.".startswith(f"{exc.name}."):
                raise
            return None
        return getattr(module, func, None)


STEPS: tuple[Step, ...] = (
    Step("resolve", "clew.resolve.pipeline:run", "link actor records into subjects"),
    Step("network", "clew.network.pipeline:run", "subject graph, syndicates, key players"),
    Step("money", "clew.money.pipeline:run", "payment graph, money roles, flows"),
    Step("media", "clew.media.pipeline:run", "match file hashes against hash lists"),
    Step("evidence", "clew.leads.risk:run", "hands-on and children-at-risk roles from evidence"),
    Step("priority", "clew.leads.priority:run", "subject roles and priority"),
)


def run_all(
    store: Store,
    only: list[str] | None = None,
    seconds: dict[str, float] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run every step (or those named in ``only``) in order: step name -> its summary. With
    ``seconds``, each step's wall time is put there under its name (``clew demo`` prints them).
    ``on_progress(step, done, total)`` is called as each step starts and once at the end (the
    CLI draws the bar; this module only reports)."""
    results: dict[str, dict[str, Any]] = {}
    steps = [s for s in STEPS if not only or s.name in only]
    for done, step in enumerate(steps):
        if on_progress:
            on_progress(step.name, done, len(steps))
        func = step.load()
        if func is None:
            results[step.name] = {"skipped": "not available"}
            continue
        started = time.perf_counter()
        results[step.name] = func(store)
        if seconds is not None:
            seconds[step.name] = time.perf_counter() - started
    if on_progress:
        on_progress("done", len(steps), len(steps))
    return results


def rebuild_network(store: Store) -> dict[str, Any]:
    """The network step, then priority, for ``clew network``: priority ranks the roles the
    network step just replaced, so keeping the old ranking would leave it stale. (``run_all``
    runs priority as its last step anyway.) The network step's summary, with ``priority``: how
    many subjects were ranked."""
    from clew.leads import priority
    from clew.network import pipeline as network

    summary = network.run(store)
    summary["priority"] = priority.run(store)["subjects"]
    return summary


def refresh_network(store: Store, force: bool = False) -> dict[str, Any] | None:
    """:func:`rebuild_network` unless the stored network result was computed from the sources
    and resolution stored now (its data mark, ``clew.store.marks``) and not ``force``: its
    summary, or None when the stored result stands."""
    from clew.network import query

    if not force and query.is_current(store):
        return None
    return rebuild_network(store)
