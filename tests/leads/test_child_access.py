"""Declared access to children: whole titles, qualified heads and ISCO-08 codes, never substrings
(``clew.leads.child_access`` over ``clew.leads.occupations``)."""

from __future__ import annotations

from collections import Counter

import pytest

from clew.leads import child_access
from clew.leads.child_access import match, tokens
from clew.leads.occupations import HEADS, NOT_CHILD, QUALIFIERS, TITLES


@pytest.mark.parametrize(
    "text",
    ["Coach driver", "Life coach", "Youth hostel receptionist", "Youth hostel assistant",
     "Executive coach for junior managers", "coach", "Coachbuilder", "Junior assistant",
     "Plant nursery worker", "Driving school instructor", "Fahrlehrer", "Assistant, children's publishing",
     "Bus driver", "ISCO-88 5131", "ISCO 3422"],
)  # fmt: skip
def test_substrings_and_non_child_qualifiers_do_not_match(text: str) -> None:
    assert match(text) is None


@pytest.mark.parametrize(
    ("text", "matched"),
    [("Teaching assistant", "teaching assistant"), ("Early years practitioner", "early years"),
     ("Child care worker", "child care"), ("Childcare worker", "childcare"),
     ("Youth worker", "youth worker"), ("Youth Football Coach", "youth football coach"),
     ("Girls' U12 team coach", "girls u12 team coach"), ("coach for children", "coach for children"),
     ("Children's ward nurse", "children ward nurse"), ("Primary-school teacher", "teacher")],
)  # fmt: skip
def test_titles_and_qualified_heads_match_as_whole_words(text: str, matched: str) -> None:
    assert (found := match(text)) is not None and found.matched == matched


def test_coach_alone_is_not_enough_a_youth_qualifier_is() -> None:
    assert match("Coach") is None and match("Football coach") is None
    assert match("youth football coach") == child_access.Match("qualified", "youth football coach", "en")


@pytest.mark.parametrize("text", ["ISCO 5311", "ISCO-08: 2342", "isco08 5312", "ISCO 08 2341.1"])
def test_isco_08_codes_match(text: str) -> None:
    assert (found := match(text)) is not None and found.rule == "isco-08"
    assert found.matched == f"ISCO-08 {text[-6:-2] if text.endswith('.1') else text[-4:]}"


@pytest.mark.parametrize(
    ("text", "language"),
    [("Éducatrice de jeunes enfants", "fr"), ("Grundschullehrerin", "de"), ("Niñera", "es"),
     ("Giáo viên mầm non", "vi"), ("Воспитатель детского сада", "ru"), ("Yaya", "tl"),
     ("ครูอนุบาล", "th"), ("معلمة", "ar"), ("Leerkracht basisschool", "nl")],
)  # fmt: skip
def test_non_english_titles_match(text: str, language: str) -> None:
    assert (found := match(text)) is not None and found.language == language


def test_each_phrase_is_declared_once_and_normalises_to_words() -> None:
    titles = [t for ts in TITLES.values() for t in ts]
    assert [t for t, n in Counter(tuple(tokens(t)) for t in titles).items() if n > 1] == []
    assert all(tokens(p) for p in (*titles, *HEADS, *QUALIFIERS, *NOT_CHILD))
