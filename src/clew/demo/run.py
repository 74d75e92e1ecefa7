"""``clew demo`` end to end: generate, ingest, import the hash list, run the pipeline, summarise.

Sources go to ``<out>/demo-sources/``, truth to ``<out>/demo-truth/`` (``out`` defaults to the
workspace folder). Re-running with the same parameters regenerates identical files, so the
ingest is a no-op; different parameters on a workspace that holds a demo are refused.
"""

from __future__ import annotations

import importlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clew import pipeline
from clew.demo.generate import Generated, generate
from clew.errors import UserError
from clew.store import Workspace
from clew.store.summary import summarise


@dataclass
class DemoResult:
    generated: Generated
    ingest: dict[str, Any] | None
    hashlist: dict[str, Any] | str
    steps: dict[str, dict[str, Any]]
    summary: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def _check_parameters(truth: Path, params: dict) -> None:
    manifest = truth / "manifest.json"
    if manifest.exists():
        old = json.loads(manifest.read_text(encoding="utf-8")).get("parameters")
        if old and old != params:
            raise UserError(
                f"{manifest}: this workspace holds a demo made with {old}; use a fresh --workspace "
                f"for {params}"
            )


def run_demo(
    workspace: Path,
    *,
    people: int = 5000,
    countries: int = 100,
    syndicates: int = 50,
    seed: int = 7,
    out: Path | None = None,
    progress: bool = True,
) -> DemoResult:
    out = Path(out or workspace)
    params = {"people": people, "countries": countries, "syndicates": syndicates, "seed": seed}
    _check_parameters(out / "demo-truth", params)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    gen = generate(out / "demo-sources", out / "demo-truth", **params)
    timings["generate"] = time.perf_counter() - t0
    ws = Workspace.init(Path(workspace), operation="demo")
    with ws.store() as store:
        t0 = time.perf_counter()
        ingest = _ingest(store, gen.ingest_paths, progress)
        timings["ingest"] = time.perf_counter() - t0
        hashlist = _import_hashlist(store, gen.hashlist)
        t0 = time.perf_counter()
        steps = pipeline.run_all(store)
        timings["pipeline"] = time.perf_counter() - t0
        summary = summarise(store)
    return DemoResult(gen, ingest, hashlist, steps, summary, timings)


def _ingest(store, paths: list[Path], progress: bool) -> dict[str, Any] | None:
    try:
        from clew.ingest import ingest_paths
    except ImportError:
        return None
    return ingest_paths(store, paths, source_label=None, progress=progress).as_dict()


def _import_hashlist(store, path: Path) -> dict[str, Any] | str:
    try:
        module = importlib.import_module("clew.media.hashlist")
    except ImportError:
        return "skipped: clew.media.hashlist not available"
    return module.import_file(
        store,
        path,
        name="known-synthetic",
        kind="known",
        caveat="synthetic demo list: random hashes, no real material",
        version="demo",
        source="clew demo",
    )
