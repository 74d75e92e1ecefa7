"""Exports round-trip, links explain themselves, evaluation counts pairs."""

from __future__ import annotations

import json

from clew.cli.main import main
from clew.evaluation.resolve import pairwise
from clew.resolve import subject_map
from clew.resolve.explain import explain
from clew.resolve.export import read_identities, write_identities
from clew.resolve.pipeline import run
from resolve.helpers import account, ingest_entities, person

ENTITIES = [
    person("p1", "Dario Mendez", phone="0917 123 4567", email="dario.m@mail.example"),
    person("p2", "D. Mendez", email="Dario.M@mail.example"),
    account("acc-1", "ChatterBox", "blue_fox_77", phone="+63 917 123 4567"),
    person("p3", "Liza Reyes"),
    {"id": "grp-1", "schema": "Organization", "properties": {"name": ["sunrise club"]}},
]


def test_identities_export_round_trips(store, tmp_path):
    ingest_entities(store, tmp_path / "src", ENTITIES)
    out = tmp_path / "identities.csv"
    n = write_identities(store, out)  # runs resolution first when it has not run
    assert n == 4
    assert out.read_text().splitlines()[0] == "entity_id,subject_id"
    assert read_identities(out) == subject_map(store)
    assert "grp-1" not in read_identities(out)


def test_links_explain_themselves(store, tmp_path):
    ingest_entities(store, tmp_path / "src", ENTITIES)
    run(store)
    for row in store.select("links"):
        evidence = json.loads(row["evidence"])
        assert evidence.get("identifier") or evidence.get("model") or evidence.get("owner")
    out = explain(store, "p2", "acc-1")
    assert out["same_subject"]
    keys = [lk["evidence"].get("identifier") for lk in out["path"]]
    assert keys == ["email:dario.m@mail.example", "phone:+639171234567"]
    assert explain(store, "p3", "p1")["same_subject"] is False


def test_cli_resolve_decide_explain_export(workspace, tmp_path, capsys):
    with workspace.store() as store:
        ingest_entities(store, tmp_path / "src", ENTITIES)
    ws = ["--workspace", str(workspace.path)]
    assert main([*ws, "resolve"]) == 0
    assert main([*ws, "resolve", "decide", "p1", "p2", "--different", "--reason", "test"]) == 0
    assert main([*ws, "resolve", "explain", "p1", "p2", "--json"]) == 0
    out = capsys.readouterr().out
    explained = json.loads(out[out.index("{") :])
    assert explained["same_subject"] is False and explained["decision"]["same"] == 0
    assert main([*ws, "export", "identities", "--out", str(tmp_path / "ids.csv")]) == 0
    assert len(read_identities(tmp_path / "ids.csv")) == 4
    assert main([*ws, "resolve", "decide", "p1", "nobody", "--same"]) != 0


def test_pairwise_scores():
    truth = {"a": "1", "b": "1", "c": "1", "d": "2"}
    assert pairwise({"a": "x", "b": "x", "c": "x", "d": "y"}, truth)["f1"] == 1.0
    split = pairwise({"a": "x", "b": "x", "c": "z", "d": "y"}, truth)
    assert split["precision"] == 1.0 and split["recall"] == round(1 / 3, 4)
    merged = pairwise({"a": "x", "b": "x", "c": "x", "d": "x"}, truth)
    assert merged["recall"] == 1.0 and merged["precision"] == 0.5


def test_evaluate_against_truth_folder(store, tmp_path):
    from clew.evaluation.resolve import evaluate

    ingest_entities(store, tmp_path / "src", ENTITIES)
    run(store)
    truth = tmp_path / "truth"
    truth.mkdir()
    rows = ["entity_id,person_id", "p1,A", "p2,A", "acc-1,A", "p3,B"]
    (truth / "records.csv").write_text("\n".join(rows) + "\n")
    scores = evaluate(store, truth)["resolution"]
    assert scores["precision"] == 1.0 and scores["recall"] == 1.0 and scores["true_pairs"] == 3


def test_cli_explain_is_audited_and_errors_name_the_record(workspace, tmp_path, capsys):
    with workspace.store() as store:
        ingest_entities(store, tmp_path / "src", ENTITIES)
    ws = ["--workspace", str(workspace.path)]
    assert main([*ws, "resolve", "--json"]) == 0
    assert main([*ws, "resolve", "explain", "p2", "acc-1"]) == 0
    assert "p2: subject" in capsys.readouterr().out
    with workspace.store() as store:
        reads = [r for r in store.select("audit", order_by=["seq"]) if r["action"] == "resolve.explain"]
        assert [r["target"] for r in reads] == ["p2 acc-1"]
        assert json.loads(reads[0]["detail"]) == {"subject": subject_map(store)["p2"]}

    assert main([*ws, "resolve", "explain", "nobody"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("clew: error: 'nobody' is neither a subject nor a resolved actor record")
    assert "Traceback" not in err
    assert main([*ws, "resolve", "decide", "p1", "p1", "--same"]) == 1
    assert "got 'p1' twice" in capsys.readouterr().err
    assert main([*ws, "resolve", "decide", "p1", "grp-1", "--same", "--no-rerun"]) == 1
    assert "'grp-1' is a Organization, not a person or account record" in capsys.readouterr().err
    with workspace.store() as store:
        subject = subject_map(store)["p1"]  # what `clew search` shows first
    assert main([*ws, "resolve", "decide", subject, "p3", "--same", "--no-rerun"]) == 1
    assert capsys.readouterr().err == (
        f"clew: error: {subject!r} is a subject: a decision names two records "
        f"(`clew resolve explain {subject}` lists its records)\n"
    )
