"""Names and countries as another tool's FtM states them reach resolution and the subject's name
(issue 11; the fixture is ``tests/data/ftm_forms/other_tool.ftm.jsonl``, see tests/ftm_forms.py)."""

from __future__ import annotations

from clew.model.names import full_names, joined_parts
from clew.resolve.frame import load_actors
from ftm_forms import other_tool, subject_of  # noqa: F401  (a fixture)


class _Rec:
    def __init__(self, **props: list[str]) -> None:
        self.props = props

    def get(self, prop: str) -> list[str]:
        return self.props.get(prop, [])

    def first(self, prop: str) -> str | None:
        return next(iter(self.get(prop)), None)


def test_name_parts_join_in_ftms_order() -> None:
    rec = _Rec(lastName=["Petrova"], firstName=["Anna"], fatherName=["Ivanovna"], middleName=[" "])
    assert joined_parts(rec) == "Anna Ivanovna Petrova"
    assert joined_parts(_Rec(name=["Anna Petrova"])) is None
    both = _Rec(name=["A. Petrova"], firstName=["Anna"], lastName=["Petrova"], previousName=["Anna Sokolova"])
    assert full_names(both) == ["Anna Petrova", "A. Petrova", "Anna Sokolova"]
    assert full_names(_Rec(weakAlias=["annie"])) == []  # a nickname is not matched on


def test_actors_carry_every_full_name(other_tool) -> None:  # noqa: F811
    names = {a.id: a.names for a in load_actors(other_tool)}
    assert names["p-alma"] == ["Alma Reyes"]
    assert names["p-eli"] == ["Eli Marco Voss"]
    assert names["p-ivo"] == ["Ivo Kral", "Ivo Novak"]
    assert names["p-gus"] == []


def test_a_subject_named_only_in_parts_has_a_name(other_tool) -> None:  # noqa: F811
    named = {
        r["subject_id"]: r["name"] for r in other_tool.select("subjects", columns=["subject_id", "name"])
    }
    assert named[subject_of(other_tool, "p-alma")] == "Alma Reyes"
    assert named[subject_of(other_tool, "p-eli")] == "Eli Marco Voss"
    assert named[subject_of(other_tool, "p-gus")] == "gizmo"  # only a nickname: shown, not matched


def test_actors_carry_a_declared_country_or_a_nationality(other_tool) -> None:  # noqa: F811
    countries = {a.id: a.country for a in load_actors(other_tool)}
    assert countries["p-alma"] == "PH"  # country
    assert countries["p-bruno"] == "MX"  # mainCountry
    assert countries["p-carla"] == "GB"  # citizenship
    assert countries["p-fay"] is None  # a country of birth only: two records of an emigrant disagree
