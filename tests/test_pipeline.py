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
