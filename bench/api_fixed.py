"""Benchmark: the fixed server-side cost of one API read, without HTTP.

What every case-data request pays besides its own work: the bearer token and membership
check (``Auth.from_token``), the request's store, one audit entry (a durable commit) and the
store's close — which signed a checkpoint per request before the batch signer
(``clew.store.signer``) and now only counts the entry. The strongest comparable call is the
same sequence in the same process; run it with two checkouts' ``src`` on ``PYTHONPATH`` to
compare them on copies of one workspace.

Run: ``python bench/api_fixed.py WORKSPACE [--requests 200]`` (a workspace with operation ``demo``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from clew.api.deps import principal_of
from clew.api.state import AppState
from clew.store import Workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    state = AppState(Workspace.open(args.workspace), secure=False)
    name = f"fixed{os.getpid()}"
    state.auth.add_user(name, "analyst")
    state.auth.grant(name, "demo")
    token = state.auth.issue_token(name, "bench/api_fixed.py")
    timings = []
    for i in range(args.requests):
        t0 = time.perf_counter()
        identity = state.auth.from_token(token)
        store = state.store("demo", principal_of(identity, "benchmark", f"r{i}"))
        store.audit("subject.read", "subj-bench", {"i": i})
        store.close()
        timings.append(time.perf_counter() - t0)
    ordered = sorted(timings)
    p50, p90 = statistics.median(timings) * 1e3, ordered[int(0.9 * len(ordered))] * 1e3
    print(f"fixed cost per request: p50 {p50:.2f} ms, p90 {p90:.2f} ms (load {os.getloadavg()[0]:.1f})")
    if hasattr(state, "close"):
        state.close()  # the batch signer signs what is left


if __name__ == "__main__":
    main()
