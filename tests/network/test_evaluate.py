"""ARI/NMI and country accuracy against a hand-written truth."""

from __future__ import annotations

from clew.evaluation import network as evaluate
from clew.network import pipeline
from network.fixtures import add_entities, group, identifier, person

A = [f"a{i}" for i in range(5)]
B = [f"b{i}" for i in range(5)]


def test_perfect_syndicates_score_one(store) -> None:
    add_entities(store, [person(p) for p in [*A, *B]])
    add_entities(store, group("ga", A) + group("gb", B) + group("ga2", A[:3]) + group("gb2", B[:3]))
    identifier(store, "a0", "phone:+639171234567", "PH", "phone-prefix", 0.95)
    identifier(store, "b0", "phone:+447700900123", "GB", "phone-prefix", 0.95)
    pipeline.run(store)
    truth = {
        "people": [
            {
                "person_id": f"P{p}",
                "syndicate_id": "S1" if p in A else "S2",
                "country": "PH" if p in A else "GB",
            }
            for p in [*A, *B]
        ],
        "records": [{"entity_id": p, "person_id": f"P{p}"} for p in [*A, *B]],
    }
    scores = evaluate.evaluate(store, truth)
    assert scores["syndicates"]["ari"] == 1.0 and scores["syndicates"]["nmi"] == 1.0
    assert scores["countries"]["accuracy"] == 0.2  # only a0 and b0 have evidence
    assert scores["countries"]["accuracy_where_known"] == 1.0
    truth["people"][0]["syndicate_id"] = "S2"
    assert evaluate.evaluate(store, truth)["syndicates"]["ari"] < 1.0


def test_coverage_ceiling_counts_members_with_any_tie(store) -> None:
    """A member whose only record has no tie to anyone cannot be assigned: ``tied`` says so."""
    add_entities(store, [person(p) for p in [*A, *B, "loner"]])
    add_entities(store, group("ga", A) + group("gb", B) + group("ga2", A[:3]) + group("gb2", B[:3]))
    pipeline.run(store)
    members = [*A, *B, "loner"]
    truth = {
        "people": [{"person_id": f"P{p}", "syndicate_id": "S2" if p in B else "S1"} for p in members],
        "records": [{"entity_id": p, "person_id": f"P{p}"} for p in members],
    }
    syndicates = evaluate.evaluate(store, truth)["syndicates"]
    assert syndicates["coverage"] == syndicates["tied"] == round(10 / 11, 4)
    assert syndicates["coverage_of_tied"] == 1.0
    assert syndicates["ari_assigned"] == 1.0


def test_coverage_of_tied_counts_tied_members_left_unassigned(store) -> None:
    """Two members tied only to each other are below any syndicate's size: tied, not assigned."""
    add_entities(store, [person(p) for p in [*A, *B, "x", "y"]])
    add_entities(store, group("ga", A) + group("gb", B) + group("ga2", A[:3]) + group("gb2", B[:3]))
    add_entities(store, group("gxy", ["x", "y"]))
    pipeline.run(store)
    members = [*A, *B, "x", "y"]
    truth = {
        "people": [{"person_id": f"P{p}", "syndicate_id": "S2" if p in B else "S1"} for p in members],
        "records": [{"entity_id": p, "person_id": f"P{p}"} for p in members],
    }
    syndicates = evaluate.evaluate(store, truth)["syndicates"]
    assert syndicates["tied"] == 1.0
    assert syndicates["coverage"] == syndicates["coverage_of_tied"] == round(10 / 12, 4)


def test_one_syndicate_found_whole_scores_one_not_nan(store) -> None:
    """An operation of a single syndicate, found whole: igraph's ARI is 0 / 0 (NaN) there, which
    read as a failure in every table and is not JSON; the agreement is perfect, so 1.0."""
    add_entities(store, [person(p) for p in A])
    add_entities(store, group("ga", A) + group("ga2", A[:3]))
    pipeline.run(store)
    truth = {
        "people": [{"person_id": f"P{p}", "syndicate_id": "S1", "country": ""} for p in A],
        "records": [{"entity_id": p, "person_id": f"P{p}"} for p in A],
    }
    syndicates = evaluate.evaluate(store, truth)["syndicates"]
    assert syndicates["found"] == 1 and syndicates["coverage"] == 1.0
    assert syndicates["ari"] == 1.0 and syndicates["ari_assigned"] == 1.0
    assert evaluate.adjusted_rand([0, 1, 2], [5, 6, 7]) == 1.0  # all singletons on both sides
    assert abs(evaluate.adjusted_rand([0, 0, 1], [0, 0, 0])) < 1e-9  # no better than chance: 0
