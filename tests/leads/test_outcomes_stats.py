"""Outcomes tied to released packages; `clew stats` equals counts from the truth and the feedback."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from clew.cases import outcomes, stats
from clew.cli.main import main
from clew.demo import feedback as demo_feedback
from clew.errors import Forbidden, UserError
from clew.evaluation import truth as truth_io
from clew.leads import register
from clew.service import leads
from clew.store.base import Principal


def _released(store):
    return [e for e in register.entries(store) if e.state == "released"]


def _person_of(truth, members: list[dict]) -> dict[str, str]:
    """subject -> the truth person most of its member records belong to (computed here, not by
    the demo's feedback generator, so the expected figures do not share its code)."""
    votes: dict[str, Counter] = {}
    for row in members:
        person = truth.records.get(row["entity_id"])
        if person:
            votes.setdefault(row["subject_id"], Counter())[person] += 1
    return {s: c.most_common(1)[0][0] for s, c in votes.items()}


def test_stats_equal_independent_counts_from_truth_and_feedback(ws):
    truth = truth_io.load(ws.path / "demo-truth")
    people = {p["person_id"]: p for p in truth.people}
    with ws.store() as store:
        released = _released(store)
        assert len(released) == min(demo_feedback.RELEASED, store.count("lead_packages"))
        t = stats.compute(store)
        documents = {e.package_id: register.document(store, e.package_id, e.version) for e in released}
        members = list(store.select("subject_members"))
        flows = list(store.select("money_flows"))
        currency = next(iter(store.select("money_payments")))["reporting_currency"]
    person_of = _person_of(truth, members)
    files = [json.loads((ws.path / "demo-feedback" / f"{e.package_id}.json").read_text()) for e in released]
    outcomes_ = [(f, o) for f in files for o in f["outcomes"]]
    kinds = Counter(o["kind"] for _, o in outcomes_)
    assert t.investigations_opened == kinds["investigation-opened"] > 0
    assert t.indictments == kinds["charged"] and t.convictions == kinds["convicted"]
    assert t.sentences == kinds["sentenced"]
    assert t.children_safeguarded == sum(
        o["count"] for _, o in outcomes_ if o["kind"] == "children-safeguarded"
    )
    case_kinds = {"investigation-opened", "search-warrant", "arrest", "charged", "convicted", "sentenced"}
    cases = {(f["reporting_agency"], o["reference"]) for f, o in outcomes_ if o["kind"] in case_kinds}
    assert t.cases == len(cases) and t.people_in_cases == len(
        {o["subject_id"] for _, o in outcomes_ if o["kind"] in case_kinds}
    )
    arrested = Counter(  # the truth's arrested people among the subjects sent to their own country
        doc["envelope"]["receiving_country"]
        for doc in documents.values()
        for s in doc["subjects"]
        if (p := people.get(person_of.get(s["subject_id"], "")))
        and str(p["arrested"]).lower() == "true"
        and p["country"] == doc["envelope"]["receiving_country"]
    )
    assert t.arrests_by_country == dict(arrested) and t.arrests == sum(arrested.values()) > 0
    assert t.leads_by_country == {
        d["envelope"]["receiving_country"]: len(d["subjects"]) for d in documents.values()
    }
    assert t.syndicates == len(store_rows(ws, "syndicates"))
    assert t.people == len(store_rows(ws, "subjects"))
    crossing = [
        f
        for f in flows
        if f["payer_country"] and f["beneficiary_country"] and f["payer_country"] != f["beneficiary_country"]
    ]
    assert t.currency == currency
    assert (
        t.cross_border_money == round(sum(f["amount"] for f in crossing if f["currency"] == currency), 2) > 0
    )
    assert set(t.cross_border_other_units) == {f["currency"] for f in crossing} - {currency}


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


def test_reimporting_feedback_adds_nothing(ws):
    with ws.store() as store:
        pkg = _released(store)[0]
        path = ws.path / "demo-feedback" / f"{pkg.package_id}.json"
        before = store.count("lead_outcomes")
        again = outcomes.import_feedback(store, path)
        assert again.added == 0 and again.outcomes > 0
        assert store.count("lead_outcomes") == before  # the package-wide acknowledgement too
        assert stats.compute(store).outcomes_by_kind["acknowledged"] == demo_feedback.RELEASED


def test_money_without_a_reference_rate_is_not_added_to_the_reporting_currency(ws):
    with ws.store() as store:
        run = next(iter(store.select("money_flows")))["run_id"]
        base = stats.compute(store)
        store.insert(
            "money_flows",
            [{"payer_country": "AA", "beneficiary_country": "BB", "amount": 0.5, "payments": 1,
              "currency": "BTC", "run_id": run}],
        )  # fmt: skip
        t = stats.compute(store)
    assert t.cross_border_money == base.cross_border_money and t.currency == base.currency
    assert t.cross_border_other_units["BTC"] == round(base.cross_border_other_units.get("BTC", 0) + 0.5, 8)


def test_new_user_flow_release_import_and_stats_change(ws, capsys):
    w = ["--workspace", str(ws.path)]
    with ws.store() as store:
        draft = next(e for e in register.entries(store) if e.state == "draft")
    assert main([*w, "stats", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert draft.built_by == Principal.local().name  # the demo built it as whoever runs the tests
    capsys.readouterr()
    assert main([*w, "leads", "approve", draft.package_id]) == Forbidden.exit_code  # four-eyes
    assert "someone else must approve it" in capsys.readouterr().err
    assert main([*w, "leads", "approve", draft.package_id, "--approved-by", "Second Officer"]) == 2
    with ws.store(principal=Principal(name="local:second-officer")) as store:  # another OS user
        assert leads.approve(store, draft.package_id).approved_by == "second-officer"
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


def test_a_subject_resent_in_a_new_version_is_still_one_lead(ws):
    """Rebuilding a released package and releasing v2 sent the same subjects again: `clew stats`
    counted each of them twice (GB 32 -> 65 on a 300-person demo)."""
    with ws.store() as store:
        first = _released(store)[0]
        before = stats.compute(store).leads_by_country[first.country]
        leads.build(store, ws.path, countries={first.country}, case_refs=("CASE-2",))  # a change: v2
        second = next(
            e for e in register.entries(store) if e.package_id == first.package_id and e.state == "draft"
        )
    assert second.version == first.version + 1
    with ws.store(principal=Principal(name="local:second-officer")) as store:
        leads.approve(store, second.package_id, second.version)
    with ws.store() as store:
        leads.release(store, second.package_id, version=second.version)
        old = {
            r["subject_id"] for r in store.select("lead_package_subjects", {"package_id": first.package_id})
        }
        after = stats.compute(store).leads_by_country[first.country]
    assert after == before - first.subjects + len(old) and after < before + second.subjects
