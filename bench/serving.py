"""``clew serve`` for the benchmarks that measure it from outside (``api.py``, ``web.py``).

One place starts the server as a user would (a subprocess on a free loopback port), waits for
its health route and stops it, so the benchmarks time requests, not their own start-up code.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(workspace: Path, wait_s: float = 30.0) -> Iterator[str]:
    """Run ``clew -w WORKSPACE serve`` and yield its base URL once ``/api/v1/health`` answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "clew", "-w", str(workspace), "serve", "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"clew serve did not answer on {base} within {wait_s:.0f} s")
        yield base
    finally:
        server.terminate()
        server.wait(10)
