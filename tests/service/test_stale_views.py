"""The service layer carries stale results as a typed field, so the API and web show them."""

from __future__ import annotations

from pydantic import TypeAdapter
from tests.ingest.helpers import person, write_lines

from clew.ingest import ingest_paths
from clew.pipeline import run_all
from clew.service import dossier
from clew.service.subject import subject


def test_subject_views_say_which_results_are_stale(people, tmp_path) -> None:
    run_all(people)
    assert subject(people, "p-maria").stale == ()
    ingest_paths(people, [write_lines(tmp_path / "late" / "late.ftm.jsonl", [person(9)])])
    view = subject(people, "p-maria")
    stale = {f.result: f for f in view.stale}
    assert {"resolve", "network", "priority"} <= set(stale)
    assert stale["network"].reasons[0] == "1 source ingested since"
    assert stale["network"].refresh == "clew network"
    page = TypeAdapter(dossier.SubjectView).dump_python(dossier.subject_view(people, "p-maria"), mode="json")
    network = next(f for f in page["stale"] if f["result"] == "network")  # what the API sends
    assert network["state"] == "stale" and network["reasons"][0] == "1 source ingested since"
