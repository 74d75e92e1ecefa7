"""Benchmark: time to first render of the web app's subject page and of the link chart for a
300-node syndicate neighbourhood, against the API call behind each (issue 14).

Builds (or reuses) a demo workspace, starts ``clew serve`` on loopback (a separate process, as
in use), logs in through the real log-in page with Debian's chromium (Playwright,
``executable_path``), then per round:

- **subject page**: navigate to ``/subjects/{id}`` and read the page's first contentful paint
  (``performance.getEntriesByType("paint")``), the browser's own "first render";
- **chart**: navigate to ``/chart?syndicate=…&cap=300`` and time until the island has drawn
  the nodes (``#chart[data-state=ready]``: the page, two vendored libraries, the API fetch and
  Cytoscape's layout);
- **API alone**: the same JSON the page or island needs, fetched with httpx and a bearer token
  (``GET …/subjects/{id}``, ``GET …/chart/syndicates/{id}?cap=300``) — the strongest
  comparable call: what any client pays before it can draw anything.

The ratio of medians is what the browser adds. Run: ``python bench/web.py [--workspace DIR]
[--people N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import pyotp
from serving import serving

from clew.access.auth import Auth
from clew.demo.run import run_demo
from clew.store import Workspace
from clew.store.directory import Directory
from clew.store.sql import make_engine

CHROMIUM = Path(os.environ.get("CLEW_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "correct horse battery staple"
PURPOSE = "benchmark: bench/web.py"
NODES = 300


def prepare(ws_path: Path, people: int) -> tuple[str, str, str, str, int, str]:
    """The workspace, a bench user (password, TOTP secret, token), the largest syndicate and
    the highest-degree subject in it."""
    if not (ws_path / "workspace.json").exists():
        run_demo(ws_path, people=people, syndicates=max(2, people // 600), seed=7)
    ws = Workspace.open(ws_path)
    auth = Auth(Directory(make_engine(ws.url)))
    name = f"bench{os.getpid()}"
    auth.add_user(name, "analyst")
    auth.set_password(name, PASSWORD)
    secret = auth.enrol_totp(name)
    auth.grant(name, "demo")
    token = auth.issue_token(name, "bench/web.py")
    with ws.store("demo") as store:
        syn = next(iter(store.select("syndicates", order_by=["-size"], limit=1)))
        top = next(iter(store.select("syndicate_members", {"syndicate_id": syn["syndicate_id"]},
                                     ["subject_id"], order_by=["-degree"], limit=1)))  # fmt: skip
    return name, secret, token, syn["syndicate_id"], syn["size"], top["subject_id"]


def log_in(page, base: str, user: str, secret: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#user", user)
    page.fill("#password", PASSWORD)
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/context")
    page.select_option("#operation", "demo")
    page.fill("#purpose", PURPOSE)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def api_times(base: str, token: str, path: str, rounds: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}", "X-Clew-Purpose": PURPOSE}
    out = []
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        client.get(path).raise_for_status()  # warm-up
        for _ in range(rounds):
            t0 = time.perf_counter()
            client.get(path).raise_for_status()
            out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--people", type=int, default=2400)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    ws_path = args.workspace or Path(tempfile.mkdtemp(prefix="clew-bench-web-")) / "ws"
    user, secret, token, syndicate, size, subject = prepare(ws_path, args.people)
    with serving(ws_path) as base:
        cap = min(NODES, size)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            log_in(page, base, user, secret)
            subject_paint, chart_ready, nodes = [], [], 0
            for i in range(args.rounds + 1):
                page.goto(f"{base}/subjects/{subject}")
                fcp = page.wait_for_function(  # the entry is recorded just after the paint
                    "() => performance.getEntriesByType('paint')"
                    ".filter(e => e.name === 'first-contentful-paint').map(e => e.startTime)[0]"
                ).json_value()
                t0 = time.perf_counter()
                page.goto(f"{base}/chart?syndicate={syndicate}&cap={cap}")
                page.wait_for_selector("#chart[data-state=ready]", timeout=120_000)
                elapsed = time.perf_counter() - t0
                nodes = page.evaluate("() => window.clewChart.cy.nodes().length")
                if i:  # the first round warms caches
                    subject_paint.append(fcp / 1e3)
                    chart_ready.append(elapsed)
            browser.close()
        api_subject = api_times(base, token, f"/api/v1/operations/demo/subjects/{subject}", args.rounds)
        api_chart = api_times(base, token, f"/api/v1/operations/demo/chart/syndicates/{syndicate}?cap={cap}",
                              args.rounds)  # fmt: skip
        print(f"demo: {args.people} people; syndicate {syndicate} ({size} members); chart of {nodes} nodes")
        print(f"{'view':<14}{'browser ms':>12}{'API ms':>9}{'ratio':>7}")
        for name, browser_t, api_t in (("subject page", subject_paint, api_subject),
                                       ("chart", chart_ready, api_chart)):  # fmt: skip
            b, a = statistics.median(browser_t), statistics.median(api_t)
            print(f"{name:<14}{b * 1e3:>12.0f}{a * 1e3:>9.0f}{b / a:>7.2f}")
        print(f"(medians of {args.rounds} rounds; loopback; subject page = first contentful paint)")


if __name__ == "__main__":
    main()
