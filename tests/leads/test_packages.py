"""Lead packages: jurisdiction, every format valid, no media name or path, integrity."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clew.errors import UserError
from clew.leads import build, directory, jurisdiction, signing
from clew.leads.formats import ftm, json_package, pdf, stix
from clew.leads.package import by_country
from clew.store import Workspace


@pytest.fixture(scope="module")
def built(demo_ws: Path, tmp_path_factory) -> tuple[Workspace, build.BuildResult, Path]:
    import shutil

    path = tmp_path_factory.mktemp("built") / "ws"
    shutil.copytree(demo_ws, path)
    ws = Workspace.open(path)
    out = path.parent / "out"
    with ws.store() as store:
        first = min(j.attributed for j in jurisdiction.compute(store).values() if j.attributed)
        result = build.build(store, ws.path, directory.load(), countries={first, "ZZ"}, out=out)
    return ws, result, out


def test_every_subject_goes_to_every_country_its_evidence_names(ws):
    with ws.store() as store:
        found = jurisdiction.compute(store)
        chosen = {r["subject_id"]: r["country"] for r in store.select("subject_countries", {"chosen": 1})}
    assert set(found) >= set(chosen)
    for subject, j in found.items():
        assert j.attributed == chosen.get(subject)
        if j.countries:
            assert sum(c.share for c in j.countries) <= 1.0 + 1e-3  # VPN-only countries dropped
            assert j.attributed in j.receiving
        for claim in j.countries:
            for ev in claim.evidence:
                if ev.rule.startswith("ip"):
                    assert ev.time_zone  # where the address was used: the offset or the country's zones
    groups = by_country(found, None)
    for subject, j in found.items():
        for cc in j.receiving:
            assert subject in groups[cc]


def test_cross_border_subject_is_in_each_package():
    from clew.leads.jurisdiction import CountryClaim, Jurisdiction

    j = {
        "s1": Jurisdiction("s1", "DE", (CountryClaim("DE", 0.7, ()), CountryClaim("PH", 0.3, ())), ()),
        "s2": Jurisdiction("s2", "PH", (CountryClaim("PH", 1.0, ()),), ()),
    }
    assert by_country(j, None) == {"DE": ["s1"], "PH": ["s1", "s2"]}
    assert by_country(j, {"DE"}) == {"DE": ["s1"]}


def test_json_package_validates_and_holds_the_sections_in_order(built):
    _, result, out = built
    pkg = result.packages[0]
    doc = json.loads((out / pkg.country / f"{pkg.package_id}.json").read_text(encoding="utf-8"))
    json_package.validate(doc)
    assert list(doc)[1:] == [
        "envelope",
        "handling",
        "priority",
        "subjects",
        "activity",
        "money",
        "evidence",
        "deconfliction",
        "evaluation",
        "requested_action",
        "feedback",
        "integrity",
    ]
    assert doc["handling"]["tlp"] == "TLP:AMBER+STRICT"
    assert {s["subject_id"] for s in doc["subjects"]} == set(pkg.subjects)
    bad = json.loads(json.dumps(doc))
    bad["handling"]["tlp"] = "TLP:PURPLE"
    with pytest.raises(Exception, match="TLP:PURPLE"):
        json_package.validate(bad)


def test_unknown_country_is_reported_not_built(built):
    _, result, _ = built
    assert result.skipped == ["ZZ"]


def test_stix_bundle_passes_the_validator_with_no_error(built):
    _, result, out = built
    pkg = result.packages[0]
    text = (out / pkg.country / f"{pkg.package_id}.stix.json").read_text(encoding="utf-8")
    assert stix.validate(text) == []
    objects = json.loads(text)["objects"]
    types = {o["type"] for o in objects}
    assert {
        "identity",
        "location",
        "relationship",
        "report",
        "marking-definition",
        "extension-definition",
    } <= types
    assert "phone-number" in types
    marking = next(o for o in objects if o["type"] == "marking-definition")
    assert marking["id"] == "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
    assert all(
        marking["id"] in o.get("object_marking_refs", [])
        for o in objects
        if o["type"] != "marking-definition"
    )


def test_ftm_round_trip(built):
    _, result, out = built
    pkg = result.packages[0]
    path = out / pkg.country / f"{pkg.package_id}.ftm.jsonl"
    doc = pkg.document
    proxies = ftm.read(path)
    again = list(ftm.entities(doc))
    assert [p.to_dict() for p in proxies] == [p.to_dict() for p in again]
    people = {p.id for p in proxies if p.schema.name == "Person"}
    assert len(people) == len(pkg.subjects)
    for p in proxies:  # every reference points into the bundle or to a Clew subject id
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in {q.id for q in proxies} or value.startswith("clew-subject-")


def test_pdf_reads_back_with_the_subject_ids(built):
    _, result, out = built
    pkg = result.packages[0]
    text = pdf.text(out / pkg.country / f"{pkg.package_id}.pdf")
    for subject in pkg.subjects:
        assert subject in text
    assert "TLP:AMBER+STRICT" in text
    assert "request" in pdf.text(out / pkg.country / f"{pkg.package_id}.preservation.pdf")


def test_no_media_name_path_or_description_in_any_format(built):
    ws, result, out = built
    with ws.store() as store:
        paths = {r["path"] for r in store.select("media_files", columns=["path"])}
        items = {r["item"] for r in store.select("media_matches", columns=["item"])}
        categories = {
            r["category"] for r in store.select("media_matches", columns=["category"]) if r["category"]
        }
        sources = {r["path"] for r in store.select("sources", columns=["path"])}
    names = {Path(p).name for p in paths} | {p for p in paths}
    assert items and categories
    for path in (out / result.packages[0].country).iterdir():
        text = pdf.text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        for forbidden in names | items | categories | sources:
            assert forbidden not in text, f"{forbidden!r} leaked into {path.name}"
        assert not re.search(r"\.(jpe?g|png|gif|mp4|avi|mov|webp)\b", text, re.IGNORECASE)
    activity = result.packages[0].document["activity"]
    for block in activity:
        for m in block["hash_list_matches"]:
            assert set(m) == {"hash_list", "series", "match", "count", "sha256"}


def test_signature_verifies_and_fails_after_a_one_byte_change(built, tmp_path):
    _, result, out = built
    pkg = result.packages[0]
    path = out / pkg.country / f"{pkg.package_id}.json"
    assert signing.verify_file(path) == pkg.sha256
    raw = path.read_bytes()
    at = raw.index(pkg.subjects[0].encode()) + len(pkg.subjects[0]) - 1
    changed = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
    bad = tmp_path / "bad.json"
    bad.write_bytes(changed)
    with pytest.raises(UserError, match="SHA-256"):
        signing.verify_file(bad)
    doc = json.loads(raw)
    doc["integrity"]["signature"] = doc["integrity"]["signature"][:-4] + "AAAA"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(UserError, match="signature"):
        signing.verify_file(bad)
    other = signing.signing_key(tmp_path / "other-ws")
    with pytest.raises(UserError, match="signature"):
        signing.verify_file(path, signing.public_hex(other))


def test_signing_key_is_private(built):
    ws, _, _ = built
    key = ws.path / signing.KEY_FILE
    assert key.stat().st_mode & 0o077 == 0


def test_directory_lists_every_interpol_member_with_placeholders():
    found = directory.load()
    assert len(found.countries) == 196
    assert "KP" not in found.countries and {"VA", "PS", "CW", "SX", "AW", "PW", "FM"} <= set(found.countries)
    assert {e["channel"] for e in found.countries.values()} == {"INTERPOL NCB"}
    assert all(e["contact"].startswith("PLACEHOLDER") for e in found.countries.values())
    assert found.partner("NO").country == "NO"  # YAML's "Norway problem" is quoted away
    unknown = found.partner("XK")
    assert unknown.channel == "INTERPOL NCB" and "not in the partner directory" in unknown.warning
    assert found.partner("US").preservation.legal_basis.startswith("18 U.S.C.")


def test_a_bad_directory_names_file_and_field(tmp_path):
    path = tmp_path / "partners.yaml"
    path.write_text('countries:\n  "DE": {channel: carrier pigeon}\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"partners.yaml, field 'countries.DE'.*carrier pigeon"):
        directory.load(path)


def test_published_schemas_are_the_ones_clew_checks_with():
    root = Path(json_package.__file__).resolve().parents[1] / "data"
    assert json.loads((root / "lead-package.schema.json").read_text()) == json_package.SCHEMA
    assert json.loads((root / "feedback.schema.json").read_text()) == json_package.FEEDBACK_SCHEMA
