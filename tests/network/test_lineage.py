"""Stable syndicate ids (majority succession) and the record of splits and merges."""

from __future__ import annotations

from clew.network import lineage, pipeline, query
from clew.resolve import pipeline as resolve_pipeline
from clew.resolve.decisions import decide
from network.fixtures import add_entities, add_source, group, person


def _events(changes: list[lineage.Change]) -> dict[str, str]:
    return {c.syndicate_id: c.event for c in changes}


def test_first_run_numbers_by_size() -> None:
    ids, changes = lineage.assign([["a", "b", "c", "d"], ["e", "f", "g"]], {})
    assert ids == ["syn-0001", "syn-0002"] and set(_events(changes).values()) == {"first"}


def test_ids_follow_the_majority_of_members() -> None:
    before = {**dict.fromkeys("abcd", "syn-0001"), **dict.fromkeys("efg", "syn-0002")}
    before |= dict.fromkeys(["h", "i", "j"], "syn-0003")
    # syn-0002 grows past syn-0001 (a Jaccard of 3/7 with itself), syn-0003 loses j to syn-0001
    # and keeps 2 of its 3 members, a brand-new community appears
    ids, changes = lineage.assign(
        [["e", "f", "g", "k", "l", "m", "n"], ["a", "b", "c", "d", "j"], ["h", "i", "o"], ["x", "y", "z"]],
        before,
        used=3,
    )
    assert ids == ["syn-0002", "syn-0001", "syn-0003", "syn-0004"]
    assert _events(changes) == {"syn-0001": "kept", "syn-0002": "kept", "syn-0003": "kept", "syn-0004": "new"}


def test_merge_split_and_dissolution_are_recorded() -> None:
    before = {**dict.fromkeys("abcdef", "syn-0001"), **dict.fromkeys("ghi", "syn-0002")}
    before |= dict.fromkeys("jklm", "syn-0003")
    # syn-0001 and syn-0002 merge; syn-0003 breaks into two halves (no majority anywhere)
    ids, changes = lineage.assign(
        [["a", "b", "c", "d", "e", "f", "g", "h", "i"], ["j", "k", "p"], ["l", "m", "q"]], before, used=7
    )
    assert ids == ["syn-0001", "syn-0008", "syn-0009"]  # fresh numbers after the highest ever used
    found = {c.syndicate_id: c for c in changes}
    assert found["syn-0001"].event == "merged" and found["syn-0001"].previous == {
        "syn-0001": 6,
        "syn-0002": 3,
    }
    assert found["syn-0002"].event == "absorbed" and found["syn-0002"].previous == {"syn-0001": 3}
    assert found["syn-0003"].event == "dissolved" and found["syn-0003"].previous == {
        "syn-0008": 2,
        "syn-0009": 2,
    }
    assert found["syn-0008"].event == "split" and found["syn-0009"].event == "split"


FIRST = [
    "Abel",
    "Bruno",
    "Cyra",
    "Dmitri",
    "Elke",
    "Farid",
    "Gita",
    "Hamza",
    "Ines",
    "Jorge",
    "Kaito",
    "Lena",
    "Milo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quinn",
    "Rafael",
    "Sanna",
    "Tariq",
    "Ulla",
    "Viktor",
    "Wanda",
    "Xavier",
    "Yusuf",
    "Zora",
    "Amara",
    "Bjorn",
    "Chidi",
    "Dalia",
    "Emeka",
    "Fiona",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Petrov",
    "Haddad",
    "Silva",
    "Kowalski",
    "Nguyen",
    "Brennan",
    "Castillo",
    "Varga",
    "Osei",
    "Novak",
    "Ferreira",
    "Ibrahim",
    "Lund",
    "Mazur",
    "Rossi",
    "Sato",
    "Dubois",
    "Keller",
    "Horvat",
    "Mendes",
    "Yilmaz",
    "Andersen",
    "Popescu",
    "Wolff",
    "Otieno",
    "Reyes",
    "Janssen",
    "Kaur",
]


def _operation(store) -> None:
    """Three group syndicates (6, 5 and 4 members) and two device owners with 4 and 7 contacts."""
    names = iter(f"{f} {last}" for f, last in zip(FIRST, LAST, strict=True))
    for g, n in {"ga": 6, "gb": 5, "gc": 4}.items():
        members = [f"{g}{i}" for i in range(n)]
        add_entities(store, [person(m, next(names)) for m in members])
        add_entities(store, group(g, members))
    for owner, n in (("o1", 4), ("o2", 7)):
        src = add_source(store, owner=owner)
        contacts = [person(f"{owner}-k{i}", next(names)) for i in range(n)]
        add_entities(store, [person(owner, next(names)), *contacts], src)


def test_one_decision_does_not_renumber_unrelated_syndicates(store) -> None:
    _operation(store)
    resolve_pipeline.run(store)
    pipeline.run(store)
    of = query.syndicate_of(store)
    assert len(set(of.values())) == 5
    unrelated = {g: of[query.find_subject(store, f"{g}0")] for g in ("ga", "gb", "gc")}
    small, big = of[query.find_subject(store, "o1")], of[query.find_subject(store, "o2")]

    decide(store, "o1", "o2", same=True, reason="one handset owner")  # 12 subjects: now the largest
    resolve_pipeline.run(store)
    summary = pipeline.run(store)
    of = query.syndicate_of(store)
    assert {g: of[query.find_subject(store, f"{g}0")] for g in unrelated} == unrelated
    assert of[query.find_subject(store, "o1")] == of[query.find_subject(store, "o1-k0")] == big
    changes = {r["syndicate_id"]: r for r in query.changes(store)}
    assert changes[big]["event"] == "merged" and changes[small]["event"] == "absorbed"
    assert changes[big]["size"] == 12 and changes[small]["previous"] == {big: 5}
    assert all(changes[s]["event"] == "kept" for s in unrelated.values())
    assert summary["ids"] == {"kept": 3, "merged": 1, "absorbed": 1}
