"""Benchmark: the REST API against the same service call in-process (issue 13 item 7).

With the demo operation loaded, starts ``clew serve`` on loopback (a separate process, as in
use), and for the subject page, search and graph-neighbourhood endpoints measures p50/p99
latency and requests/s under a bounded load (``--clients`` concurrent keep-alive clients,
``--requests`` each), then times the same service function called in-process on a store with
the same principal — the strongest comparable call. The ratio of p50s is the cost of HTTP,
JSON, authentication, the per-request membership check and the audit record.

Run: ``python bench/api.py [--workspace DIR] [--people N] [--requests N] [--clients C]
[--database-url URL]`` — with ``--database-url`` (an empty PostgreSQL database, e.g. on
``scripts/postgres.sh``'s server) a new workspace is built on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
from serving import serving

from clew.access.auth import Auth
from clew.demo.run import run_demo
from clew.service import dossier, finder, graph
from clew.store import Workspace
from clew.store.base import Principal
from clew.store.directory import Directory
from clew.store.sql import make_engine

QUERIES = ("an", "+63", "ma", "@", "li", "ro", "+31", "el")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def prepare(ws_path: Path, people: int, url: str | None = None) -> tuple[Workspace, str, list[str]]:
    if not (ws_path / "workspace.json").exists():
        if url:
            Workspace.init(ws_path, operation="demo", url=url)
        run_demo(ws_path, people=people, seed=7)
    ws = Workspace.open(ws_path)
    auth = Auth(Directory(make_engine(ws.url)))
    name = f"bench{os.getpid()}"
    auth.add_user(name, "analyst")
    auth.grant(name, "demo")
    token = auth.issue_token(name, "bench/api.py")
    with ws.store("demo") as store:
        rows = store.select("syndicate_members", columns=["subject_id"], order_by=["-degree"], limit=200)
        subjects = [r["subject_id"] for r in rows]
    return ws, token, subjects


def load(
    base: str, token: str, requests: list[tuple[str, str, dict | None]], clients: int
) -> tuple[list[float], float]:
    headers = {"Authorization": f"Bearer {token}", "X-Clew-Purpose": "benchmark"}
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(part: list) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            for method, path, body in part:
                t0 = time.perf_counter()
                response = client.request(method, path, json=body)
                elapsed = time.perf_counter() - t0
                if response.status_code != 200:
                    errors.append(f"{method} {path}: {response.status_code} {response.text[:200]}")
                    return
                with lock:
                    latencies.append(elapsed)

    parts = [requests[i::clients] for i in range(clients)]
    threads = [threading.Thread(target=worker, args=(p,)) for p in parts]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(errors[0])
    return latencies, len(requests) / (time.perf_counter() - start)


def in_process(ws: Workspace, calls: list) -> list[float]:
    principal = Principal("user:bench", frozenset({"demo"}), frozenset({"analyst"}), "benchmark", "bench")
    store = ws.store("demo", principal)
    out = []
    for call in calls:
        t0 = time.perf_counter()
        call(store)
        out.append(time.perf_counter() - t0)
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200, help="per endpoint")
    parser.add_argument("--clients", type=int, default=2, help="concurrent clients for the second req/s")
    parser.add_argument("--database-url", default=None, help="build the workspace on this PostgreSQL DB")
    args = parser.parse_args()
    ws_path = args.workspace or Path(tempfile.mkdtemp(prefix="clew-bench-api-")) / "ws"
    ws, token, subjects = prepare(ws_path, args.people, args.database_url)
    with serving(ws_path) as base:
        n = args.requests
        picks = [subjects[i % len(subjects)] for i in range(n)]
        words = [QUERIES[i % len(QUERIES)] for i in range(n)]
        endpoints = {
            "subject": (
                [("GET", f"/api/v1/operations/demo/subjects/{s}", None) for s in picks],
                [lambda st, s=s: dossier.subject_view(st, s) for s in picks],
            ),
            "search": (
                [("POST", "/api/v1/operations/demo/search", {"query": w}) for w in words],
                [lambda st, w=w: finder.faceted(st, w) for w in words],
            ),
            "neighbourhood": (
                [("GET", f"/api/v1/operations/demo/subjects/{s}/neighbourhood", None) for s in picks],
                [lambda st, s=s: graph.neighbourhood(st, s) for s in picks],
            ),
        }
        backend = ws.url.split(":", 1)[0].split("+", 1)[0]
        print(f"{backend}; {len(subjects)} subjects sampled; {n} requests per endpoint; loopback")
        print(
            f"{'endpoint':<14}{'p50 ms':>8}{'p99 ms':>8}{'req/s 1':>9}{'req/s C':>9}{'in-proc':>9}"
            + f"{'ratio':>7}"
        )
        for name, (requests, calls) in endpoints.items():
            load(base, token, requests[:10], 1)  # warm-up
            latencies, rate = load(base, token, requests, 1)
            _, rate_c = load(base, token, requests, args.clients)
            local = in_process(ws, calls)
            p50, p99, lp50 = percentile(latencies, 0.5), percentile(latencies, 0.99), statistics.median(local)
            row = f"{name:<14}{p50 * 1e3:>8.1f}{p99 * 1e3:>8.1f}{rate:>9.1f}{rate_c:>9.1f}"
            print(f"{row}{lp50 * 1e3:>9.1f}{p50 / lp50:>7.2f}")
        print(f"(p50/p99 with one client; req/s C with {args.clients} concurrent clients; in-proc = p50 ms)")


if __name__ == "__main__":
    main()
