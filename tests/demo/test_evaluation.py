"""``clew evaluate``: every evaluator scores against one read of the truth; a bad folder is named."""

from __future__ import annotations

import json

import pytest

from clew.cli.main import main
from clew.errors import NotFound
from clew.evaluation import evaluate_all, precision_recall_f1
from clew.evaluation import truth as truth_io

PEOPLE = [
    {"person_id": "A", "name": "Ana Test", "country": "PH", "syndicate_id": "S1", "roles": "seller",
     "arrested": "1"},
    {"person_id": "B", "name": "Ben Test", "country": "DE", "syndicate_id": "S1", "roles": "member",
     "arrested": "0"},
]  # fmt: skip
TRUTH = truth_io.Truth(
    people=PEOPLE,
    records={"p1": "A", "p2": "A", "p3": "B"},
    accounts=[{"account_id": "w-1", "person_id": "A", "kind": "e-wallet", "money_role": "seller"}],
    groups=[{"group_id": "g1", "syndicate_id": "S1", "size": "2", "kind": "chat"}],
    media=[],
    manifest={"seed": 1},
)


@pytest.fixture
def truth_folder(tmp_path):
    folder = tmp_path / "demo-truth"
    truth_io.write(folder, TRUTH)
    return folder


def test_precision_recall_f1_conventions():
    assert precision_recall_f1(2, 4, 2) == (0.5, 1.0, 2 * 0.5 / 1.5)
    assert precision_recall_f1(0, 0, 3) == (1.0, 0.0, 0.0)  # nothing predicted: precision by convention
    assert precision_recall_f1(0, 0, 3, zero_division=0.0) == (0.0, 0.0, 0.0)
    assert precision_recall_f1(0, 0, 0) == (1.0, 1.0, 1.0)


def test_truth_round_trips(truth_folder):
    assert truth_io.load(truth_folder) == TRUTH
    assert truth_io.load(truth_folder.parent) == TRUTH  # the folder holding demo-truth/ works too


def test_evaluate_all_runs_every_evaluator(store, truth_folder):
    results = evaluate_all(store, truth_folder)
    assert list(results) == ["resolve", "network", "money", "media", "leads"]
    resolution = results["resolve"]["resolution"]  # nothing resolved: every record its own subject
    assert (resolution["records"], resolution["missing_records"], resolution["true_pairs"]) == (3, 3, 1)
    assert resolution["recall"] == 0.0
    seller = next(r for r in results["money"]["table"] if r["role"] == "seller" and r["level"] == "account")
    assert seller["true"] == 1 and seller["predicted"] == 0
    assert results["media"]["files"] == 0
    assert results["leads"]["hands-on"]["predicted"] == 0


def test_missing_truth_is_a_one_line_error(workspace, truth_folder, tmp_path, capsys):
    ws = ["--workspace", str(workspace.path)]
    assert main([*ws, "evaluate", "--truth", str(tmp_path / "nowhere")]) == NotFound.exit_code
    err = capsys.readouterr().err
    assert err == f"clew: error: {tmp_path / 'nowhere'}: no demo ground truth here (records.csv missing)\n"
    (truth_folder / "media.csv").unlink()
    assert main([*ws, "evaluate", "--truth", str(truth_folder)]) == NotFound.exit_code
    assert capsys.readouterr().err.strip().endswith("media.csv: ground-truth file missing")
    assert main([*ws, "money", "evaluate", str(truth_folder)]) == NotFound.exit_code
    assert "media.csv: ground-truth file missing" in capsys.readouterr().err


def test_cli_evaluate_json(workspace, truth_folder, capsys):
    assert main(["--workspace", str(workspace.path), "evaluate", "--truth", str(truth_folder), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["resolve"]["resolution"]["records"] == 3


def test_evidence_roles_are_scored_against_the_truths_people(store, tmp_path):
    """people.csv writes ``hands_on``/``children_at_risk``; the loaded truth speaks the vocabulary,
    and the evaluator counts those people as true (it once looked for the old name: 0 true)."""
    people = [dict(PEOPLE[0], roles="seller;hands_on"), dict(PEOPLE[1], roles="member;children_at_risk")]
    folder = tmp_path / "demo-truth"
    truth_io.write(folder, truth_io.Truth(**{**TRUTH.__dict__, "people": people}))
    loaded = [p["roles"] for p in truth_io.load(folder).people]
    assert loaded == ["seller;hands-on", "member;children-at-risk"]
    scored = evaluate_all(store, folder)["leads"]
    assert (scored["hands-on"]["true"], scored["children-at-risk"]["true"]) == (1, 1)


def test_evidence_roles_name_each_miss_by_cause(store, tmp_path):
    """Each true person the rule does not name is counted as missed for no evidence, for the rule
    refusing the evidence, or for resolution keeping the person's evidence on separate subjects."""
    from clew.leads import risk
    from network.fixtures import add_entities, person

    def account(aid):
        return {"id": aid, "schema": "UserAccount", "properties": {"username": [aid]}}

    tip = {
        "id": "tipE",
        "schema": "Event",
        "properties": {
            "keywords": ["Child Sexual Molestation"],
            "involved": ["accE"],
            "recordId": ["T1"],
        },
    }
    add_entities(store, [person("pA", position=["Primary school teacher"]), account("accA"),
                         person("pB", position=["childminder"]), person("pC"), account("accD"),
                         person("pE", position=["scout leader"]), account("accE"), tip])  # fmt: skip
    for item, holder, date in (
        ("img-1", "accA", "2024-09-03T10:00:00Z"),
        ("img-2", "accD", "2025-06-01T10:00:00Z"),
    ):
        add_entities(store, [{"id": item, "schema": "Image", "properties": {"date": [date]}}])
        row = {"item": item, "item_kind": "record", "holder": holder, "subject_id": holder}
        store.insert("media_matches", [{**row, "match": "possibly-new", "category": "new-1", "run_id": "t"}])
    people = [dict(PEOPLE[0], person_id=k, roles=r) for k, r in
              (("A", "hands_on"), ("B", "hands_on;children_at_risk"), ("C", "hands_on"), ("D", "member"),
               ("E", "hands_on;children_at_risk"))]  # fmt: skip
    records = {"pA": "A", "accA": "A", "pB": "B", "pC": "C", "accD": "D", "pE": "E", "accE": "E"}
    folder = tmp_path / "demo-truth"
    truth_io.write(folder, truth_io.Truth(**{**TRUTH.__dict__, "people": people, "records": records}))
    risk.run(store)  # nothing resolved: each record is its own subject
    scored = evaluate_all(store, folder)["leads"]
    hands_on, at_risk = scored["hands-on"], scored["children-at-risk"]
    assert [hands_on[k] for k in ("true", "evidence", "decidable", "found")] == [4, 3, 2, 1]
    assert hands_on["missed"] == {"no-evidence": ["C"], "rule": ["B"], "resolution": ["A"]}
    assert [at_risk[k] for k in ("true", "evidence", "decidable", "found")] == [2, 2, 1, 0]
    assert at_risk["missed"] == {"no-evidence": [], "rule": ["B"], "resolution": ["E"]}
