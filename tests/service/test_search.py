"""``clew search``: names (fuzzy, any script), phone numbers in any format, e-mails, accounts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clew.cli.main import cli
from clew.service.search import parse, search
from clew.store.pgtext import PgIndex
from clew.store.textindex import Fts5Index, LikeIndex
from service.conftest import write

NATIVE = {Fts5Index: "sqlite", PgIndex: "postgresql"}
INDEXES = [Fts5Index, PgIndex, LikeIndex]


def _use(store, index) -> None:
    """Search through ``index``; FTS5 is SQLite's own and PgIndex PostgreSQL's, so each is tried
    on its own backend's pass only."""
    if NATIVE.get(index, store.engine.dialect.name) != store.engine.dialect.name:
        pytest.skip(f"{index.__name__} is {NATIVE[index]}'s own full-text search")
    store.text_index = index()


def _entities(result) -> set[str]:
    return {m.entity_id for h in result.hits for m in h.matches}


@pytest.mark.parametrize("index", INDEXES)
@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("+63 917 123", None, "p-maria"),  # partial, international
        ("0917 123 4567", "PH", "p-maria"),  # national form with a region
        ("0917-123-4567", None, "p-maria"),  # national form, region unknown: trunk 0 dropped
        ("1234567", None, "p-maria"),  # partial digits
        ("maria santos", None, "p-maria"),  # no accents
        ("Santos", None, "p-maria-2"),
        ("Mohammed Karim", None, "p-muhammad"),  # transliteration variant (metaphone)
        ("jose perez", None, "p-jose"),
        ("DE89 3704 0044", None, "bank-jose"),  # IBAN, part  # IBAN compact
        ("MARIA.S@mail.example", None, "p-maria"),  # e-mail, any case
        ("mariasun", None, "acct-maria"),  # user name part
    ],
)
def test_search_finds(people, index, text, country, expected) -> None:
    _use(people, index)
    people.replace_text_index([], [], "stale")  # both implementations build from scratch
    result = search(people, text, country=country)
    assert expected in _entities(result), (text, result.read_as)


@pytest.mark.parametrize("index", INDEXES)
def test_search_does_not_find_what_is_not_there(people, index) -> None:
    _use(people, index)
    people.replace_text_index([], [], "stale")
    assert not search(people, "+1 917 123").hits  # written with +: must match from the start
    assert not search(people, "Zebulon Quartermain").hits
    assert "p-jose" not in _entities(search(people, "maria santos"))


def test_hits_are_subjects_with_records_and_sources(people) -> None:
    result = search(people, "+639171234567")
    hit = result.hits[0]
    assert hit.subject_id.startswith("subj-") and hit.score == 1.0
    assert {"p-maria", "p-maria-2", "acct-maria"} <= {m.entity_id for m in hit.matches}
    assert all(m.sources and m.sources[0].path.endswith("people.ftm.jsonl") for m in hit.matches)
    assert hit.matches[0].sources[0].locator.startswith("line ")
    assert hit.display.name in ("María Sántos", "MARIA SANTOS")


def test_search_is_audited_without_the_text(people) -> None:
    search(people, "+63 917 123")
    row = list(people.select("audit", {"action": "search.query"}))[-1]
    assert "917" not in (row["detail"] or "") and json.loads(row["detail"])["hits"] == 1


def test_index_follows_new_sources(people, tmp_path) -> None:
    from clew.ingest import ingest_paths

    assert search(people, "Zebulon").hits == ()
    new = {"id": "p-zeb", "schema": "Person", "properties": {"name": ["Zebulon Quartermain"]}}
    ingest_paths(people, [write(tmp_path / "more.ftm.jsonl", [new])])
    result = search(people, "Zebulon")
    assert result.index_rebuilt and _entities(result) == {"p-zeb"}
    assert not search(people, "Zebulon").index_rebuilt  # current: not rebuilt again


def test_cli_search_json_and_table(workspace, tmp_path) -> None:
    from service.conftest import PEOPLE

    runner = CliRunner()
    ws = ["-w", str(workspace.path)]
    path = write(tmp_path / "people.ftm.jsonl", PEOPLE)
    assert runner.invoke(cli, [*ws, "ingest", str(path)]).exit_code == 0
    out = runner.invoke(cli, [*ws, "search", "+63 917 123 4567", "--json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["hits"][0]["matches"][0]["value"] == "+639171234567"
    table = runner.invoke(cli, [*ws, "search", "Nobody Here"])
    assert table.exit_code == 0 and "no subject holds it" in table.output


def test_search_hides_retracted_sources(people, tmp_path) -> None:
    """A retracted source's records are not found, by name or number; restoring brings them back
    (issue 9: `clew sources retract` hides a source from every read, search included)."""
    from clew.ingest import ingest_paths
    from clew.ingest.sources import restore, retract

    (tmp_path / "late").mkdir()
    zeb = {"name": ["Zebulon Quartz"], "phone": ["+639171112222"]}
    path = write(tmp_path / "late" / "z.ftm.jsonl", [{"id": "p-zeb", "schema": "Person", "properties": zeb}])
    ingest_paths(people, [path])
    assert _entities(search(people, "Zebulon")) == {"p-zeb"}
    source = next(iter(people.select("sources", {"path": str(path)}, ["id"])))["id"]
    retract(people, str(source), "wrong exhibit")
    assert not search(people, "Zebulon").hits and not search(people, "+63 917 111 2222").hits
    restore(people, str(source))
    assert _entities(search(people, "+63 917 111 2222")) == {"p-zeb"}


QUERIES = [
    "maria",
    "ma",
    "santos",
    "Mohammed",
    "m santos",
    "917",
    "+63 917",
    "1234567",
    "de89",
    "mail",
    "jose",
]


def test_native_and_portable_indexes_give_the_same_rows_in_the_same_order(people, tmp_path) -> None:
    """The backend's own full text (FTS5 / PostgreSQL tsvector + pg_trgm) and the portable LIKE
    tables: the same rows, in the same order, also when the limit cuts the list short."""
    more = [
        {"id": f"p-mar-{i}", "schema": "Person",
         "properties": {"name": [f"Mara Santos{i}"], "phone": [f"+6391700{i:05d}"]}}
        for i in range(40)
    ]  # fmt: skip
    from clew.ingest import ingest_paths

    ingest_paths(people, [write(tmp_path / "more.ftm.jsonl", more)])
    native = Fts5Index if people.engine.dialect.name == "sqlite" else PgIndex
    answers = {}
    for index in (native, LikeIndex):
        people.text_index = index()
        people.replace_text_index([], [], "stale")
        search(people, "x")  # rebuilds the index through ``index``
        answers[index] = [
            [(r["entity_id"], r["kind"], r["value"]) for r in people.text_search(parse(q)[0], limit)]
            for q in QUERIES
            for limit in (7, 200)
        ]
    assert answers[native] == answers[LikeIndex]
    assert any(len(rows) == 7 for rows in answers[native])  # the limit did cut some lists
    assert all(answers[native][2 * n + 1] for n, q in enumerate(QUERIES)), "a query found nothing"


@pytest.mark.parametrize("token", ["o'brien", "a\\b", "x & y", "!", "(", "'"])
def test_query_tokens_are_never_read_as_operators(people, token) -> None:
    """A token with tsquery/FTS5 syntax in it is matched as text (no error, no injection)."""
    search(people, token)
