"""Mapping features beyond the bank statement: templates, split, id_column, required, errors."""

from __future__ import annotations

import pytest

from clew.errors import FormatError, MappingError
from clew.ingest import ingest_paths
from clew.ingest.ids import mapped_entity_id

SUBSCRIBERS = "msisdn;first;last;aliases;sub_id\n0917 123 4567;Ana;Reyes;ana|annie;S1\n;Ben;Cruz;;S2\n"
MAPPING = """\
example:
  queries:
    - delimiter: ";"
      entities:
        subscriber:
          schema: Person
          id_column: sub_id
          properties:
            name: {template: "{{first}} {{last}}"}
            alias: {column: aliases, split: "|"}
            phone: {column: msisdn}
        line:
          schema: UserAccount
          keys: [msisdn]
          properties:
            phone: {column: msisdn, required: true}
            owner: {entity: subscriber}
"""


def test_template_split_id_column_required(store, tmp_path):
    (tmp_path / "subs.csv").write_text(SUBSCRIBERS, encoding="utf-8")
    (tmp_path / "subs.mapping.yml").write_text(MAPPING, encoding="utf-8")
    summary = ingest_paths(store, [tmp_path / "subs.csv"], country="PH")
    assert summary.files[0].records == 3  # two subscribers, one line (S2 has no number)
    ana = store.record("S1")
    assert ana.get("name") == ["Ana Reyes"] and sorted(ana.get("alias")) == ["ana", "annie"]
    assert ana.get("phone") == ["+639171234567"]
    line = store.record(mapped_entity_id("line", ["0917 123 4567"]))
    assert line.get("owner") == ["S1"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("entities:\n  a:\n    schema: Spaceship\n    keys: [x]\n", "a"),
        (
            "entities:\n  a:\n    schema: Person\n    keys: [x]\n    properties:\n      wings: {column: x}\n",
            "a.wings",
        ),
        ("entities:\n  a:\n    schema: Person\n    properties:\n      name: {column: x}\n", "a"),
        (
            "entities:\n  a:\n    schema: Ownership\n    keys: [x]\n"
            "    properties:\n      owner: {entity: b}\n",
            "a.owner",
        ),
    ],
)
def test_bad_mapping_names_file_and_entity(store, tmp_path, body, field):
    (tmp_path / "d.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "d.mapping.yml").write_text(body, encoding="utf-8")
    with pytest.raises(MappingError) as info:
        ingest_paths(store, [tmp_path / "d.csv"])
    assert "d.mapping.yml" in str(info.value) and repr(field) in str(info.value)
    assert store.count("statements") == 0


def test_bad_manifest_and_workspace_inside_folder(workspace, tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    (case / "source.yaml").write_text("country: Philippines\n")
    (case / "a.ftm.jsonl").write_text('{"id": "a", "schema": "Person", "properties": {}}\n')
    with workspace.store() as store:
        with pytest.raises(FormatError) as info:
            ingest_paths(store, [case])
        assert "source.yaml" in str(info.value) and "'country'" in str(info.value)
    (case / "source.yaml").write_text("country: XY\n")  # two letters, no country: was stored
    with workspace.store() as store, pytest.raises(FormatError, match="'XY' is not an ISO-3166 alpha-2 code"):
        ingest_paths(store, [case])
    (case / "source.yaml").write_text("country: ph\n")
    from clew.store import Workspace

    inner = Workspace.init(case / "ws")  # a workspace kept inside the case folder is not evidence
    with inner.store() as store:
        summary = ingest_paths(store, [case])
    assert [f.path.endswith("a.ftm.jsonl") for f in summary.files] == [True]
