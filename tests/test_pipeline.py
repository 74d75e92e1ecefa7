"""The pipeline declared as data: steps load by name; a missing step is skipped, a broken one is not."""

from __future__ import annotations

import pytest

from clew.pipeline import STEPS, Step, run_all


def test_every_declared_step_loads() -> None:
    assert all(callable(step.load()) for step in STEPS)


def test_missing_step_module_or_function_is_skipped(store) -> None:
    assert Step("later", "clew.not_yet_written:run", "").load() is None
    assert Step("later", "clew.pipeline:not_yet_written", "").load() is None
    assert run_all(store, ["no-such-step"]) == {}


def test_step_whose_dependency_is_missing_raises(tmp_path, monkeypatch) -> None:
    (tmp_path / "broken_step.py").write_text(
        "import no_such_dependency_xyz\n\n\ndef run(store):\n    return {}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        Step("broken", "broken_step:run", "").load()


def test_each_steps_seconds_are_reported(store) -> None:
    """``clew demo`` prints per-step seconds from here."""
    seconds: dict[str, float] = {}
    results = run_all(store, ["resolve", "priority"], seconds=seconds)
    assert set(results) == set(seconds) == {"resolve", "priority"}
    assert all(s >= 0 for s in seconds.values())


def test_network_rebuild_chains_priority(store) -> None:
    """``clew network`` re-ranks priority through the pipeline (the network step does not import leads)."""
    from clew.pipeline import refresh_network

    summary = refresh_network(store, force=True)
    assert summary is not None and summary["priority"] == store.count("subject_priority")
    kinds = [r["kind"] for r in store.select("runs", order_by=["started_at"], columns=["kind"])]
    assert kinds == ["network", "priority"]


def test_run_all_reports_progress_for_every_step(store) -> None:
    seen: list[tuple[str, int, int]] = []
    run_all(store, on_progress=lambda name, done, total: seen.append((name, done, total)))
    assert [s[0] for s in seen] == [s.name for s in STEPS] + ["done"]
    assert [s[1] for s in seen] == list(range(len(STEPS) + 1)) and {s[2] for s in seen} == {len(STEPS)}
