"""``clew media match``: exact and PDQ matches, known-good exclusion, possibly new, roles."""

from __future__ import annotations

import json

from click.testing import CliRunner

from clew.cli.main import cli
from clew.ingest import ingest_paths
from clew.media.hashing import hash_paths
from clew.media.hashlist import import_file
from clew.media.pipeline import run

from .conftest import PDQ_REF

KNOWN_PDQ = "f" * 16 + "0" * 48
NEAR_PDQ = "f" * 15 + "e" + "0" * 47 + "3"  # 3 bits away
FAR_PDQ = "0" * 16 + "f" * 48
NEW_PDQ = "a5" * 32
NEW_NEAR = "a5" * 31 + "a4"


def _image(eid: str, holder: str, **props: str) -> dict:
    properties = {"fileName": [f"{eid}.jpg"], "clew:holder": [holder]}
    properties.update({k: [v] for k, v in props.items()})
    return {"id": eid, "schema": "Image", "properties": properties}


def _setup(store, tmp_path):
    device = tmp_path / "device"
    device.mkdir()
    (device / "source.yaml").write_text(
        "label: handset\nkind: device-extraction\ncountry: PH\n", encoding="utf-8"
    )
    records = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Test Person One"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["Test Person Two"]}},
        _image("img-exact", "p1", **{"clew:md5": "1" * 32}),
        _image("img-near", "p1", **{"clew:pdq": NEAR_PDQ, "clew:pdqQuality": "90"}),
        _image("img-lowq", "p2", **{"clew:pdq": NEAR_PDQ, "clew:pdqQuality": "20"}),
        _image("img-far", "p2", **{"clew:pdq": FAR_PDQ, "clew:pdqQuality": "90"}),
        _image("img-os", "p2", **{"contentHash": "2" * 40, "clew:md5": "1" * 32}),
        _image("img-new1", "p1", **{"clew:pdq": NEW_PDQ, "clew:pdqQuality": "80"}),
        _image("img-new2", "p2", **{"clew:pdq": NEW_NEAR, "clew:pdqQuality": "80"}),
    ]
    (device / "device.ftm.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    tips = tmp_path / "tips"
    tips.mkdir()
    (tips / "source.yaml").write_text("label: tip\nkind: tip-report\n", encoding="utf-8")
    tip = [
        {"id": "acct-9", "schema": "UserAccount", "properties": {"username": ["synthetic_user"]}},
        _image("tip-img", "acct-9", **{"clew:sha256": "3" * 64}),
    ]
    (tips / "tip.ftm.jsonl").write_text("\n".join(json.dumps(r) for r in tip) + "\n", encoding="utf-8")
    ingest_paths(store, [device, tips])
    lst = tmp_path / "known.csv"
    lst.write_text(
        f"md5,sha256,pdq,category,series\n{'1' * 32},,,cat-A,SERIES-1\n,{'3' * 64},,cat-B,SERIES-2\n"
        f",,{KNOWN_PDQ},cat-A,SERIES-3\n",
        encoding="utf-8",
    )
    import_file(store, lst, name="known-test", caveat="synthetic")
    good = tmp_path / "good.csv"
    good.write_text(f"sha1\n{'2' * 40}\n", encoding="utf-8")
    import_file(store, good, name="os-files", kind="known-good", caveat="synthetic")


def test_match_records(store, tmp_path):
    _setup(store, tmp_path)
    summary = run(store)
    matches = {(m["item"], m["match"]): m for m in store.select("media_matches")}
    assert matches[("img-exact", "md5")]["series"] == "SERIES-1"
    assert (
        matches[("img-near", "pdq")]["distance"] == 3 and matches[("img-near", "pdq")]["series"] == "SERIES-3"
    )
    assert ("img-lowq", "pdq") not in matches  # quality 20 < 50
    assert not any(item == "img-far" for item, _ in matches)
    assert not any(item == "img-os" for item, _ in matches)  # known-good (NSRL-like) excluded
    assert matches[("tip-img", "sha256")]["holder"] == "acct-9"
    assert {i for i, how in matches if how == "possibly-new"} == {"img-new1", "img-new2"}
    assert summary["known_good_excluded"] == 1 and summary["matched_items"] == 3
    roles = {(r["subject_id"], r["role"]) for r in store.select("subject_roles", {"analysis": "media"})}
    assert ("p1", "holder-known-material") in roles
    assert ("acct-9", "sharer-known-material") in roles
    assert ("p1", "possibly-new-material") in roles and ("p2", "possibly-new-material") in roles
    assert ("p2", "holder-known-material") not in roles
    run(store)  # re-running replaces its own rows
    assert store.count("subject_roles", {"analysis": "media"}) == len(roles)
    audited = [r for r in store.select("audit", order_by=["seq"]) if r["action"] == "media.match"]
    assert len(audited) == 2  # the subjects the output names are a subject-facing read
    assert json.loads(audited[-1]["detail"])["subjects"] == ["acct-9", "p1", "p2"]
    assert store.count("runs", {"kind": "media", "status": "done"}) == 2


def test_match_hashed_files_and_cli(store, tmp_path):
    _setup(store, tmp_path)
    hash_paths(store, [PDQ_REF / "images" / "bridge-mods"], source="DEV-2", holder="p2", workers=1)
    lst = tmp_path / "bridge.csv"
    lst.write_text(
        "pdq,series\nf8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,BRIDGE-TEST\n",
        encoding="utf-8",
    )  # pytx (full-resolution) hash of the benign bridge photo: a different tool's hash
    import_file(store, lst, name="bridge", caveat="benign test image")
    ws = store.engine.url.database.rsplit("/", 1)[0]
    result = CliRunner().invoke(cli, ["-w", ws, "media", "match", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    p2 = next(s for s in summary["per_subject"] if s["subject_id"] == "p2")
    assert "BRIDGE-TEST" in p2["series"] and p2["items"] >= 10  # the modified copies match within 31
    strict = CliRunner().invoke(cli, ["-w", ws, "media", "match", "--distance", "0", "--json"])
    assert "BRIDGE-TEST" not in json.dumps(json.loads(strict.output)["per_subject"])  # other tool: not equal
    listed = CliRunner().invoke(cli, ["-w", ws, "hashlist", "list", "--json"])
    assert {r["name"] for r in json.loads(listed.output)} == {"known-test", "os-files", "bridge"}
    out = tmp_path / "new-folder" / "hashes.csv"  # the folder is created
    exported = CliRunner().invoke(cli, ["-w", ws, "media", "export", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    hashed = store.count("media_files")
    assert hashed >= 10 and len(out.read_text().splitlines()) == hashed + 1


def test_evaluate_against_truth(store, tmp_path):
    _setup(store, tmp_path)
    run(store)
    from types import SimpleNamespace

    from clew.evaluation.media import evaluate

    truth = SimpleNamespace(
        media=[
            {"sha256": "3" * 64, "known": "true", "possibly_new": "false", "series": "SERIES-2"},
            {"sha256": "4" * 64, "sha1": "", "md5": "1" * 32, "known": "true", "possibly_new": "false",
             "series": "SERIES-1"},
            {"sha256": "5" * 64, "known": "true", "possibly_new": "false", "series": "X"},  # not in store
        ]
    )  # fmt: skip
    result = evaluate(store, truth)
    assert result["files"] == 2 and result["known"]["recall"] == 1.0 and result["series_correct"] == 2


def test_unknown_image_shared_in_a_chat_group_is_possibly_new(store, tmp_path):
    """One subject alone is not enough to flag unknown material; posting it in a group is."""
    folder = tmp_path / "return"
    folder.mkdir()
    (folder / "source.yaml").write_text("label: platform return\nkind: platform-return\n", encoding="utf-8")
    records = [
        {"id": "acct-1", "schema": "UserAccount", "properties": {"username": ["synthetic_one"]}},
        {
            "id": "grp-1",
            "schema": "Organization",
            "properties": {"name": ["synthetic group"], "topics": ["clew.chatgroup"]},
        },
        _image("posted", "acct-1", **{"clew:sha256": "4" * 64, "clew:group": "grp-1"}),
        _image("kept", "acct-1", **{"clew:sha256": "5" * 64}),
    ]
    (folder / "return.ftm.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    ingest_paths(store, [folder])
    run(store)
    flagged = {m["item"] for m in store.select("media_matches", {"match": "possibly-new"})}
    assert flagged == {"posted"}
    roles = {(r["subject_id"], r["role"]) for r in store.select("subject_roles", {"analysis": "media"})}
    assert any(role == "possibly-new-material" for _, role in roles)
