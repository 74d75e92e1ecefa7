"""Priority ordering and the exports (subjects CSV, FtM) read back."""

from __future__ import annotations

import csv
import json

from followthemoney import model

from clew.cli.main import main
from clew.leads import export, priority
from clew.network import pipeline
from network.fixtures import add_entities, add_source, group, identifier, person


def _operation(store) -> None:
    members = ["a", "b", "c", "d"]
    add_entities(store, [person(p) for p in [*members, "e", "f", "g"]])
    add_entities(store, group("g1", members, admins=["a"]) + group("g2", ["e", "f", "g"]))
    src = add_source(store, owner="d")
    add_entities(store, [person("d"), person("e")], src)
    identifier(store, "a", "phone:+639171234567", "PH", "phone-prefix", 0.95)
    store.insert(
        "subject_roles",
        [
            {"subject_id": "b", "role": "hands-on", "analysis": "media", "score": 1.0},
            {"subject_id": "c", "role": "seller", "analysis": "money", "score": 0.2},
        ],
    )


def test_priority_orders_children_at_risk_first(store) -> None:
    _operation(store)
    pipeline.run(store)
    priority.run(store)
    ranked = [r["subject_id"] for r in store.select("subject_priority", order_by=["rank"])]
    assert ranked[0] == "b"
    values = {r["subject_id"]: r["priority"] for r in store.select("subject_priority")}
    assert values["a"] > values["f"]  # admin above a plain member
    assert values["c"] > values["f"]


def test_subjects_csv_round_trip(store, tmp_path) -> None:
    _operation(store)
    pipeline.run(store)
    priority.run(store)
    out = tmp_path / "subjects.csv"
    n = export.write_subjects(store, out)
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n == 7
    assert list(rows[0]) == list(export.SUBJECT_COLUMNS)
    by = {r["subject_id"]: r for r in rows}
    assert by["a"]["country"] == "PH" and by["g"]["country"] == ""
    assert "admin" in by["a"]["roles"].split(";") and "member" in by["a"]["roles"].split(";")
    assert by["a"]["roles"].split(";").index("admin") < by["a"]["roles"].split(";").index("member")
    assert by["a"]["syndicate_id"].startswith("syn-")
    assert float(by["b"]["priority"]) >= float(by["g"]["priority"])
    assert rows == sorted(rows, key=lambda r: (-float(r["priority"]), r["subject_id"]))
    assert list(rows[0])[:3] == ["subject_id", "country", "syndicate_id"]
    assert list(rows[0])[-2:] == ["name", "identifiers"]  # appended: existing columns keep their places
    assert by["a"]["name"] == "a"  # the fixtures name each person by its id


def test_ftm_export_reads_back_as_valid_ftm(store, tmp_path) -> None:
    _operation(store)
    store.insert(
        "identifiers",
        [{"key": "phone:+639171234567", "kind": "phone", "value": "+639171234567", "valid": True}],
    )
    pipeline.run(store)
    out = tmp_path / "net.ftm.json"
    n = export.write_ftm(store, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in lines]
    ids = {p.id for p in proxies}
    assert len(ids) == len(proxies)
    for proxy in proxies:
        for prop, value in proxy.itervalues():
            assert prop.type.clean(value) is not None, (proxy.schema.name, prop.name, value)
            if prop.type.name == "entity":
                assert value in ids  # every reference resolves inside the export
    schemata = {p.schema.name for p in proxies}
    assert {"Person", "Organization", "Membership", "Associate"} <= schemata
    people = [p for p in proxies if p.schema.name == "Person"]
    assert len(people) == 7
    a = next(p for p in people if p.id.endswith("-a"))
    assert a.get("phone") == ["+639171234567"]  # the identifier a's record mentions
    assert next(p for p in people if p.id.endswith("-b")).get("phone") == []
    assert a.get("country") == ["ph"]


def test_cli_exports_are_audited_naming_their_target(workspace, tmp_path, capsys) -> None:
    with workspace.store() as store:
        _operation(store)
    ws = ["-w", str(workspace.path)]
    assert main([*ws, "network", "--json"]) == 0
    for name in ("subjects", "ftm", "identities"):
        out = tmp_path / f"{name}.out"
        before = _audits(workspace, f"export.{name}")
        assert main([*ws, "export", name, "--out", str(out)]) == 0
        assert out.stat().st_size > 0
        assert _audits(workspace, f"export.{name}") == [*before, str(out)]
    capsys.readouterr()
    assert main([*ws, "export", "ftm"]) == 0  # to standard output
    assert len(capsys.readouterr().out.splitlines()) > 7
    assert _audits(workspace, "export.ftm")[-1] == "stdout"


def _audits(workspace, action: str) -> list[str]:
    with workspace.store() as store:
        return [r["target"] for r in store.select("audit", {"action": action}, order_by=["seq"])]
