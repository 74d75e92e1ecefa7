"""Is a stored result current? Its run's data mark (``clew.store.marks``) against the data now.

Each analysis result is ``current`` when every input in its mark still has the value it had
when its run started and every result it read is itself current; ``stale`` otherwise, with
the reasons in words and the command that recomputes it; ``missing`` when it was never
computed. Reads (``clew status``, the service layer, the API and the web pages built on it)
show this next to what they print.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection

from clew.store.marks import data_part, digest, latest_runs, visible_sources
from clew.vocabulary import RESULTS


class ResultState(StrEnum):
    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class Freshness:
    """Whether one stored result (``result``: its run kind) matches the data stored now."""

    result: str
    state: ResultState
    run_id: str | None
    computed_at: str | None
    reasons: tuple[str, ...]  # why it is stale (or missing), in words; empty when current
    refresh: str  # the command that recomputes it

    @property
    def stale(self) -> bool:
        return self.state == ResultState.STALE

    def sentence(self) -> str:
        """One line for people: ``network result is stale (2 sources ingested since it was
        computed at …): run `clew network```."""
        if self.state == ResultState.CURRENT:
            return f"{self.result} result is current (computed at {self.computed_at})"
        if self.state == ResultState.MISSING:
            return f"{self.result} result is not computed yet: run `{self.refresh}`"
        why = "; ".join(self.reasons)
        return f"{self.result} result is stale ({why}; computed at {self.computed_at}): run `{self.refresh}`"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _sources(old: dict[str, Any], ids: list[int]) -> list[str]:
    """Sources with ids above the highest given then are new; the rest were retracted or
    restored."""
    added = [i for i in ids if i > old["max"]]
    kept = [i for i in ids if i <= old["max"]]
    out = [f"{_plural(len(added), 'source')} ingested since"] if added else []
    if digest(kept) != old["sha"]:
        diff = len(kept) - old["n"]
        if diff < 0:
            out.append(f"{_plural(-diff, 'source')} retracted since")
        elif diff > 0:
            out.append(f"{_plural(diff, 'source')} restored since")
        else:
            out.append("sources retracted and others restored since")
    return out


def _changed(name: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    if name == "decisions":
        return f"analysts' decisions changed since ({old['n']} then, {new['n']} now)"
    if name == "media":
        return (
            f"files hashed or hash lists imported since ({old['files']} files and {old['lists']} lists "
            f"then, {new['files']} and {new['lists']} now)"
        )
    return f"exchange-rate files changed since ({old['n']} then, {new['n']} now)"


def freshness(conn: Connection, operation: str, kinds: list[str] | None = None) -> list[Freshness]:
    """The freshness of every stored result (or of ``kinds`` and what they read), pipeline order."""
    wanted = set(kinds) if kinds is not None else None
    latest = latest_runs(conn, operation, [r.kind for r in RESULTS])
    now: dict[str, Any] = {}
    ids: list[int] | None = None  # the visible sources now, read once
    states: dict[str, ResultState] = {}
    out: list[Freshness] = []
    for result in RESULTS:
        run = latest.get(result.kind)
        reasons: list[str] = []
        if run is None:
            state = ResultState.MISSING
            reasons.append("not computed yet")
        elif run["mark"] is None:
            state = ResultState.STALE
            reasons.append("computed by an older Clew that did not record what it read")
        else:
            stored = run["mark"]
            for name in result.data:
                if name == "sources":
                    if ids is None:
                        ids = visible_sources(conn, operation)[0]
                    reasons += _sources(stored[name], ids)
                    continue
                if name not in now:
                    now[name] = data_part(conn, operation, name)
                if now[name] != stored[name]:
                    reasons.append(_changed(name, stored[name], now[name]))
            for kind in result.results:
                then, current = stored.get(str(kind)), latest.get(kind, {}).get("id")
                if then != current:
                    reasons.append(f"the {kind} result was recomputed since")
                elif current is not None and states.get(kind) == ResultState.STALE:
                    reasons.append(f"built on the {kind} result, which is stale")
            state = ResultState.STALE if reasons else ResultState.CURRENT
        states[result.kind] = state
        if wanted is None or result.kind in wanted:
            out.append(
                Freshness(
                    str(result.kind),
                    state,
                    run["id"] if run else None,
                    run["finished_at"] if run else None,
                    tuple(reasons),
                    result.refresh,
                )
            )
    return out


def own_mark_matches(conn: Connection, operation: str, kind: str) -> bool:
    """True when ``kind``'s stored result was computed from the inputs stored now (its own mark
    only, not whether the results it read are current): what decides whether recomputing it
    would read anything new (``clew network`` without ``--rebuild``)."""
    from clew.store.marks import mark

    run = latest_runs(conn, operation, [kind]).get(kind)
    return run is not None and run["mark"] is not None and run["mark"] == mark(conn, operation, kind)
