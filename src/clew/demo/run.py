"""``clew demo`` end to end: generate, ingest, import the hash list, run the pipeline, summarise.

Sources go to ``<out>/demo-sources/``, truth to ``<out>/demo-truth/`` (``out`` defaults to the
workspace folder). Re-running with the same parameters regenerates identical files, so the
ingest is a no-op; different parameters on a workspace that holds a demo are refused.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clew import pipeline
from clew.demo import feedback
from clew.demo.generate import Generated, generate
from clew.errors import ReadOnlyWorkspace, UserError
from clew.ingest import ingest_paths
from clew.ingest.api import Progress
from clew.media.hashlist import import_file
from clew.store import Workspace
from clew.store.base import Store
from clew.store.summary import summarise
from clew.store.workspace import SETTINGS

DEMO_OPERATION = "demo"


@dataclass
class DemoResult:
    """What ``clew demo`` did: the files generated, the ingest and hash-list import summaries,
    each pipeline step's summary, the workspace summary and the seconds of each phase and
    pipeline step (generate, ingest, hashlist, resolve, network, money, media, priority)."""

    generated: Generated
    ingest: dict[str, Any]
    hashlist: dict[str, Any]
    steps: dict[str, dict[str, Any]]
    summary: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The ``clew demo --json`` document."""
        return {
            "sources": str(self.generated.sources),
            "truth": str(self.generated.truth),
            "manifest": self.generated.manifest,
            "ingest": self.ingest,
            "hashlist": self.hashlist,
            "steps": self.steps,
            "summary": self.summary,
            "timings": self.timings,
        }


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
    profiles: tuple[str, ...] = (),
    out: Path | None = None,
    on_progress: Progress | None = None,
) -> DemoResult:
    """Generate the demo into ``out`` (default: the workspace folder), ingest and analyse it in
    the workspace's own ``demo`` operation (created if missing; never another operation).
    Raises ``UserError`` naming the manifest when the folder holds a demo made with other
    parameters, and ReadOnlyWorkspace before generating anything into a read-only one."""
    if (Path(workspace) / SETTINGS).exists() and Workspace.open(Path(workspace)).readonly:
        raise ReadOnlyWorkspace("the workspace is read-only and this command writes to it", str(workspace))
    out = Path(out or workspace)
    params: dict[str, Any] = {
        "people": people,
        "countries": countries,
        "syndicates": syndicates,
        "seed": seed,
    }
    if profiles:
        params["profiles"] = list(profiles)
    _check_parameters(out / "demo-truth", params)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    gen = generate(out / "demo-sources", out / "demo-truth", **{**params, "profiles": tuple(profiles)})
    timings["generate"] = time.perf_counter() - t0
    ws = Workspace.init(Path(workspace), operation=DEMO_OPERATION)
    ws.create_operation(DEMO_OPERATION, title="synthetic demo (clew demo)")
    with ws.store(DEMO_OPERATION) as store:
        _refuse_real_sources(store, gen.sources)
        t0 = time.perf_counter()
        ingest = _ingest(store, gen.ingest_paths, on_progress)
        timings["ingest"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        hashlist = _import_hashlist(store, gen.hashlist)
        timings["hashlist"] = time.perf_counter() - t0
        steps = pipeline.run_all(store, seconds=timings, on_progress=on_progress)
        t0 = time.perf_counter()
        steps["leads"] = feedback.run(store, Path(workspace), gen.truth, out)
        timings["leads"] = time.perf_counter() - t0
        summary = summarise(store)
    return DemoResult(gen, ingest, hashlist, steps, summary, timings)


def _refuse_real_sources(store: Store, demo_sources: Path) -> None:
    """The demo writes only into its own operation, and only beside demo sources: a ``demo``
    operation holding any other file is someone's evidence, and is left alone."""
    root = demo_sources.resolve()
    for row in store.select("sources", columns=["path"]):
        if not Path(row["path"]).is_relative_to(root):
            raise UserError(
                f"{row['path']}: operation {DEMO_OPERATION!r} holds sources that are not this demo's; "
                "run the demo in a fresh --workspace"
            )


def _ingest(store: Store, paths: list[Path], on_progress: Progress | None) -> dict[str, Any]:
    return ingest_paths(store, paths, source_label=None, on_progress=on_progress).as_dict()


def _import_hashlist(store: Store, path: Path) -> dict[str, Any]:
    return import_file(
        store,
        path,
        name="known-synthetic",
        kind="known",
        caveat="synthetic demo list: random hashes, no real material",
        version="demo",
        source="clew demo",
    )
