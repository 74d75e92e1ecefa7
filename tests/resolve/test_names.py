"""Name compatibility as address books write names across scripts, orders and particles.

Every name here is invented. ``SAME`` pairs are two writings of one person (they must be
compatible: records sharing a number join); ``DIFFERENT`` pairs are two people, typically of one
family sharing a phone (both full names, so they must conflict: the number is marked shared).
"""

from __future__ import annotations

import pytest

from clew.resolve import names as nm

SAME = [
    # another script: Cyrillic, Greek, Arabic, Han, kana, Hangul, Hebrew, Devanagari
    ("Алексей Смирнов", "Aleksei Smirnov", "transliteration"),
    ("Алексей Смирнов", "Alexey Smirnov", "transliteration"),
    ("Ольга Смирнова", "Olga Smirnova", "transliteration"),
    ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos", "transliteration"),
    ("محمد الرشيد", "Mohammed Al-Rashid", "transliteration"),
    ("محمد الرشيد", "Muhammad Alrashid", "transliteration"),
    ("王伟", "Wang Wei", "transliteration"),
    ("王伟", "Wei Wang", "family-name-first order"),
    ("王小明", "Wang Xiaoming", "transliteration"),
    ("王偉", "王伟", "name variant"),
    ("田中 太郎", "Tanaka Taro", "transliteration"),
    ("田中太郎", "Tanaka Taro", "two-character family name"),
    ("たなか たろう", "Tanaka Taro", "transliteration"),
    ("김민준", "Kim Minjun", "transliteration"),
    ("김민준", "Kim Min-jun", "hyphenated parts joined"),
    ("이서연", "Lee Seoyeon", "transliteration"),
    ("박지훈", "Park Jihoon", "transliteration"),
    ("דוד כהן", "David Cohen", "transliteration"),
    ("राहुल शर्मा", "Rahul Sharma", "transliteration"),
    # family name first, upper-case SURNAME without a comma
    ("Nagy István", "István Nagy", "family-name-first order"),
    ("NAGY Istvan", "Istvan Nagy", "family-name-first order"),
    ("SMIRNOV Aleksei", "Aleksei Smirnov", "family-name-first order"),
    ("Nguyễn Văn An", "An Nguyen", "family-name-first order"),
    ("GARCIA LOPEZ Maria", "María García López", "family-name-first order"),
    # particles and compound surnames
    ("Jan van der Berg", "Jan Berg", "fewer name parts"),
    ("Jan van der Berg", "Jan Vanderberg", "particle glued"),
    ("Jan van der Berg", "J. van den Berg", "particle dropped"),
    ("Omar al-Rashid", "Omar Al Rashid", None),
    ("Omar al-Rashid", "Omar Alrashid", "hyphenated parts joined"),
    ("Omar al-Rashid", "Omar Rashid", "fewer name parts"),
    ("Khalid bin Salman", "Khalid ibn Salman", "particle dropped"),
    ("María García López", "María García", "fewer name parts"),
    ("João Silva Santos", "João Santos", "fewer name parts"),
    # diacritics, case, transcribed umlauts
    ("Jose Perez", "José Pérez", "diacritics or case"),
    ("MUELLER Hans", "Hans Müller", "spelling"),
    ("Jürgen Schmidt", "Juergen Schmidt", "spelling"),
    # patronymics (Russian, Icelandic)
    ("Иван Петрович Сидоров", "Иван Сидоров", "fewer name parts"),
    ("Сидоров Иван Петрович", "Ivan Sidorov", "family-name-first order"),
    ("Guðrún Jónsdóttir", "Gudrun Jonsdottir", "diacritics or case"),
    # nicknames: the table, and Wikidata's names across scripts
    ("Aleksandr Smirnov", "Sasha Smirnov", "nickname"),
    ("Александр Смирнов", "Саша Смирнов", "name variant"),
    ("José Gomez", "Pepe Gomez", "nickname"),
]

DIFFERENT = [
    ("Wang Wei", "Wang Fang"),
    ("王伟", "王芳"),
    ("王伟", "Wang Fang"),
    ("王伟", "王薇"),  # both "Wang Wei" in pinyin: the characters tell them apart
    ("Алексей Смирнов", "Ольга Смирнова"),
    ("Maria Santos", "Mario Santos"),
    ("김민준", "김서연"),
    ("田中 太郎", "田中 花子"),
    ("Nagy István", "Nagy Zoltán"),
    ("Nguyễn Văn An", "Nguyễn Thị Lan"),
    ("Lê Văn An", "Trần Văn An"),  # Lê is a family name, not a particle
    ("محمد الرشيد", "أحمد الرشيد"),
    ("María García López", "Lucía García López"),
    ("Иван Петрович Сидоров", "Петр Иванович Сидоров"),  # father and son
    ("Jón Einarsson", "Guðrún Einarsdóttir"),
    ("Jan van der Berg", "Piet van der Berg"),
]


@pytest.mark.parametrize(("a", "b", "rule"), SAME)
def test_two_writings_of_one_name_are_compatible(a: str, b: str, rule: str | None) -> None:
    assert nm.compatible(a, b) and nm.compatible(b, a)
    assert not nm.conflict(a, b)


@pytest.mark.parametrize(("a", "b", "rule"), SAME)
def test_the_rule_that_made_them_compatible_is_named(a: str, b: str, rule: str | None) -> None:
    rules = nm.agreement(a, b)
    assert rules is not None
    assert rule in rules if rule else rules == ()


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_of_one_family_conflict(a: str, b: str) -> None:
    assert nm.conflict(a, b) and nm.conflict(b, a)
    assert nm.agreement(a, b) is None


LEFT = [
    # A feminine "-a" added to a given name: left, because a typo that drops a final "a" looks
    # the same (the demo's "Stell Fonseca" for Stella, national-numbers seed 7) and refusing it
    # lowered resolution recall 0.993 -> 0.991 there. Birth dates still keep such pairs apart.
    ("Александр Смирнов", "Александра Смирнова"),
    ("Ivan Petrov", "Ivana Petrova"),
    ("Jan Novak", "Jana Novakova"),
    ("Daniel Weber", "Daniela Weber"),
]


@pytest.mark.xfail(strict=True, reason="feminine -a given names: left, see LEFT")
@pytest.mark.parametrize(("a", "b"), LEFT)
def test_feminine_given_name_forms_are_not_yet_told_apart(a: str, b: str) -> None:
    assert nm.conflict(a, b)


def test_gendered_family_names_agree_and_a_swapped_final_vowel_does_not() -> None:
    assert nm.agreement("Ольга Смирнова", "Ольга Смирнов") == ("gendered family-name form",)
    assert nm.agreement("Paula Martins", "Paulo Martins") is None


def test_a_nickname_no_table_or_library_knows_is_not_guessed() -> None:
    # Beppe (Giuseppe) is in neither nicknames.csv nor rigour's names: left apart, documented.
    assert nm.conflict("Giuseppe Rossi", "Beppe Rossi")
