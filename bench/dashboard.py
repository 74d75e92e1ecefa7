"""Benchmark: the web app's dashboard and search results pages against the API calls behind them
(issue 14 items 2-3).

With the demo operation loaded (default size: 5,000 people), the app runs in-process (FastAPI's
TestClient: no network, so the ratio is the page's own cost) with a logged-in analyst, and per
round times

- **dashboard** ``GET /`` (status, stats and media match counts in one read, the HTML with its
  bar chart) against ``GET /api/v1/operations/demo/stats`` with a bearer token — the strongest
  comparable call: the same tallies as JSON, through the same authentication and audit;
- **search results** ``GET /search/{id}`` (the saved terms, ``finder.faceted``, the facets and
  the HTML) against ``POST /api/v1/operations/demo/search`` with the same terms.

The ratio of medians is what the page adds. Run: ``python bench/dashboard.py [--workspace DIR]
[--people N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyotp
from fastapi.testclient import TestClient

from clew.access.auth import Auth
from clew.api.app import create_app
from clew.demo.run import run_demo
from clew.store import Workspace

PASSWORD = "correct horse battery staple"
PURPOSE = "benchmark: bench/dashboard.py"
QUERIES = ("an", "ma", "li", "+63")


def timed(call, rounds: int) -> float:
    """Median seconds of ``rounds`` calls (after one warm-up); each must answer 200."""
    call()
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        response = call()
        out.append(time.perf_counter() - t0)
        if response.status_code != 200:
            raise SystemExit(f"{response.request.method} {response.url}: {response.status_code}")
    return statistics.median(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    ws_path = args.workspace or Path(tempfile.mkdtemp(prefix="clew-bench-dash-")) / "ws"
    if not (ws_path / "workspace.json").exists():
        run_demo(ws_path, people=args.people, seed=7)
    app = create_app(Workspace.open(ws_path))
    auth: Auth = app.state.clew.auth
    name = f"benchdash{int(time.time())}"
    auth.add_user(name, "analyst")
    auth.set_password(name, PASSWORD)
    secret = auth.enrol_totp(name)
    auth.grant(name, "demo")
    api = TestClient(app, base_url="https://testserver")
    api.headers.update({"Authorization": f"Bearer {auth.issue_token(name)}", "X-Clew-Purpose": PURPOSE})
    web = TestClient(app, base_url="https://testserver")
    web.post("/login", data={"user": name, "password": PASSWORD, "code": pyotp.TOTP(secret).now()})
    csrf = web.get("/context").text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    web.headers.update({"X-CSRF-Token": csrf, "HX-Request": "true"})
    web.post("/context", data={"operation": "demo", "purpose": PURPOSE})
    rows = [("dashboard", timed(lambda: web.get("/"), args.rounds), timed(
        lambda: api.get("/api/v1/operations/demo/stats"), args.rounds))]  # fmt: skip
    for query in QUERIES:
        path = web.post("/search", data={"q": query}).headers["hx-redirect"]
        page = timed(lambda path=path: web.get(path), args.rounds)
        body = {"query": query, "limit": 25}
        alone = timed(lambda body=body: api.post("/api/v1/operations/demo/search", json=body), args.rounds)
        rows.append((f"search {query!r}", page, alone))
    print(f"{time.strftime('%Y-%m-%d')}  {ws_path}  median of {args.rounds} rounds", file=sys.stderr)
    print("| page | page (s) | API call alone (s) | ratio |\n| --- | --- | --- | --- |")
    for label, page, alone in rows:
        print(f"| {label} | {page:.3f} | {alone:.3f} | {page / alone:.2f}× |")


if __name__ == "__main__":
    main()
