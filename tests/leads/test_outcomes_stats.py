"""Outcomes tied to released packages; `clew stats` equals counts from the truth and the feedback."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from clew.cases import outcomes, stats
from clew.cli.main import main
from clew.demo import feedback as demo_feedback
from clew.errors import UserError
from clew.evaluation import truth as truth_io
from clew.leads import register


def _released(store):
    return [e for e in register.entries(store) if e.state == "released"]


def test_stats_equal_independent_counts_from_truth_and_feedback(ws):
    truth = truth_io.load(ws.path / "demo-truth")
    with ws.store() as store:
        released = _released(store)
        assert len(released) == min(demo_feedback.RELEASED, store.count("lead_packages"))
        t = stats.compute(store)
        persons = demo_feedback.person_of_subjects(store, truth)
        subjects = {
            (e.package_id, e.country): [
                r["subject_id"]
                for r in store.select(
                    "lead_package_subjects", {"package_id": e.package_id, "version": e.version}
                )
            ]
            for e in released
        }
    files = [json.loads((ws.path / "demo-feedback" / f"{e.package_id}.json").read_text()) for e in released]
    kinds = Counter(o["kind"] for f in files for o in f["outcomes"])
    assert t.investigations_opened == kinds["investigation-opened"]
    assert t.indictments == kinds["charged"] and t.convictions == kinds["convicted"]
    assert t.children_safeguarded == sum(
        o["count"] for f in files for o in f["outcomes"] if o["kind"] == "children-safeguarded"
    )
    arrested = Counter(
        cc
        for (_, cc), subs in subjects.items()
        for s in subs
        if persons.get(s, {}).get("arrested") == "true" and persons[s]["country"] == cc
    )
    assert t.arrests_by_country == {k: v for k, v in arrested.items() if v}
    assert t.leads_by_country == {cc: len(subs) for (_, cc), subs in subjects.items()}
    assert t.syndicates == len({r["syndicate_id"] for r in store_rows(ws, "syndicates")})
    assert t.people == len(store_rows(ws, "subjects"))
    assert t.cross_border_money > 0


def store_rows(ws, table):
    with ws.store() as store:
        return list(store.select(table))


def test_feedback_for_an_unknown_or_unreleased_package_is_rejected_and_kept(ws, tmp_path):
    with ws.store() as store:
        draft = next(e for e in register.entries(store) if e.state == "draft")
        before = store.count("lead_outcomes")
        for package_id in ("LP-demo-XX", draft.package_id):
            path = tmp_path / f"{package_id}.json"
            path.write_text(
                json.dumps(
                    {
                        "package_id": package_id,
                        "reporting_agency": "NCB",
                        "outcomes": [{"kind": "arrest", "date": "2026-05-01"}],
                    }
                ),
                encoding="utf-8",
            )
            with pytest.raises(
                UserError, match=rf"{path.name}, line 1, field 'package_id'.*no released lead package"
            ):
                outcomes.import_feedback(store, path)
        assert store.count("lead_outcomes") == before
        kept = [r for r in store.select("quarantine") if r["path"].endswith(f"{draft.package_id}.json")]
        assert kept and "no released lead package" in kept[0]["error"]


def test_bad_feedback_names_the_field_and_imports_nothing(ws, tmp_path):
    with ws.store() as store:
        pkg = _released(store)[0]
        before = store.count("lead_outcomes")
        good = {"kind": "arrest", "date": "2026-05-01"}
        for outcomes_list, field in (
            ([good, {"kind": "abducted", "date": "2026-05-01"}], "outcomes.1.kind"),
            (
                [good, {"kind": "arrest", "date": "2026-05-01", "subject_id": "subj-x"}],
                "outcomes.1.subject_id",
            ),
        ):
            path = tmp_path / "fb.json"
            path.write_text(
                json.dumps(
                    {"package_id": pkg.package_id, "reporting_agency": "NCB", "outcomes": outcomes_list}
                ),
                encoding="utf-8",
            )
            with pytest.raises(UserError, match=rf"fb.json, line 1, field '{field}'"):
                outcomes.import_feedback(store, path)
        assert store.count("lead_outcomes") == before


def test_new_user_flow_release_import_and_stats_change(ws, capsys):
    w = ["--workspace", str(ws.path)]
    with ws.store() as store:
        draft = next(e for e in register.entries(store) if e.state == "draft")
    assert main([*w, "stats", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert main([*w, "leads", "approve", draft.package_id, "--approved-by", "Second Officer"]) == 0
    assert main([*w, "leads", "release", draft.package_id]) == 0
    assert main([*w, "outcomes", "import", str(ws.path / "demo-feedback" / f"{draft.package_id}.json")]) == 0
    assert (
        main(
            [
                *w,
                "outcomes",
                "record",
                draft.package_id,
                "--kind",
                "arrest",
                "--date",
                "2026-06-01",
                "--agency",
                "NCB test",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main([*w, "stats", "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["packages_released"] == before["packages_released"] + 1
    assert after["leads_by_country"][draft.country] == draft.subjects
    assert after["arrests"] == before["arrests"] + 1 + after["arrests_by_country"].get(draft.country, 0) - 1
    assert main([*w, "outcomes", "import", str(ws.path / "demo-feedback" / "nope.json")]) == 2
