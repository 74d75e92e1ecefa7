"""`clew leads build --all --out DIR` as a user runs it: every package in every format, the
register listed, accounts to preserve, the time an IP address was used, unlisted countries."""

from __future__ import annotations

import json
from collections import Counter

from clew.cli.main import main
from clew.leads import build, directory, jurisdiction, register
from clew.leads.formats import json_package, stix

SUFFIXES = (".json", ".stix.json", ".ftm.jsonl", ".pdf")


def test_build_all_writes_every_format_per_country_and_list_shows_them(ws, tmp_path, capsys):
    w = ["--workspace", str(ws.path)]
    out = tmp_path / "out"
    assert main([*w, "leads", "build", "--all", "--out", str(out), "--json"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert main([*w, "leads", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    latest = {e["package_id"]: e for e in listed}  # listed by country, then version
    kept = {e["package_id"] for e in built["unchanged"]}
    assert {p["package_id"] for p in built["packages"]} | kept == set(latest)
    assert kept == {p for p, e in latest.items() if e["state"] == "released"}  # the demo's, unchanged
    for package_id, e in latest.items():
        for suffix in SUFFIXES:
            assert (out / e["country"] / f"{package_id}{suffix}").is_file(), (package_id, suffix)
        assert set(e) >= {"country", "state", "subjects"} and e["subjects"] > 0
    assert sorted(p.name for p in out.iterdir()) == sorted({e["country"] for e in latest.values()})
    assert main([*w, "leads", "list"]) == 0
    text = capsys.readouterr().out
    assert all(p in text for p in latest) and "draft" in text and "released" in text


def test_packages_carry_the_subjects_accounts_for_preservation_and_stix(ws):
    with ws.store() as store:
        held = {r["subject_id"] for r in store.select("money_accounts", columns=["subject_id"])}
        countries = {j.attributed for s, j in jurisdiction.compute(store).items() if s in held}
        result = build.build(store, ws.path, directory.load(), countries=countries - {None})
    kinds, providers, types = Counter(), Counter(), set()
    for pkg in result.packages:
        json_package.validate(pkg.document)
        kinds.update(i["kind"] for s in pkg.document["subjects"] for i in s["identifiers"])
        requests = pkg.document["evidence"]["preservation_requests"]
        providers.update(r["account_kind"] for r in requests)
        text = stix.bundle(pkg.document).serialize()
        types |= {o["type"] for o in json.loads(text)["objects"]}
    assert kinds["ewallet"] and kinds["crypto"] and (kinds["iban"] or kinds["account"])
    assert providers["e-wallet"] and providers["crypto wallet"]
    assert {"cryptocurrency-wallet", "e-wallet-account", "phone-number"} <= types
    assert stix.validate(text) == []


def test_an_ip_address_says_when_it_was_used_and_the_time_zone_then(ws):
    with ws.store() as store:
        found = jurisdiction.compute(store)
        events = {r.id: r for r in store.records(schemata=["Event"]) if r.get("ipMentioned")}
    ips = [ev for j in found.values() for c in j.countries for ev in c.evidence if ev.rule == "ip-registry"]
    timed = [ev for ev in ips if ev.seen_at]
    # every source of the demo that names an address says when (tip reports, P2P logs, and the
    # platform returns' last log-in): a subscriber check at the ISP is impossible without it
    assert ips and len(timed) == len(ips), f"{len(ips) - len(timed)} of {len(ips)} without a time of use"
    for ev in timed:
        ip = ev.key.split(":", 1)[1]
        dates = [e.first("date") for e in events.values() if ip in e.get("ipMentioned")]
        assert ev.seen_at in dates  # an event's time, never an account's creation date
        assert "(UTC+" in ev.time_zone or "(UTC-" in ev.time_zone or ev.time_zone[0] in "+-"


def test_a_country_missing_from_the_directory_goes_through_interpol_with_a_warning(ws, tmp_path, capsys):
    with ws.store() as store:
        country = next(e.country for e in register.entries(store) if e.state == "draft")
    own = tmp_path / "partners.yaml"
    own.write_text('countries:\n  "ZZ": {name: "Nowhere", channel: "MLA"}\n', encoding="utf-8")
    w = ["--workspace", str(ws.path)]
    assert main([*w, "leads", "build", "--country", country, "--directory", str(own)]) == 0
    captured = capsys.readouterr()
    assert f"warning: {country} is not in the partner directory: sent through INTERPOL" in captured.err
    with ws.store() as store:
        doc = register.document(store, f"LP-demo-{country}")
    assert doc["envelope"]["channel"] == "INTERPOL NCB" and doc["envelope"]["warnings"]
    assert str(tmp_path) not in json.dumps(doc)  # the directory's path stays with the sender
    assert doc["evidence"]["formal_route"]["channel"] == "INTERPOL NCB"


def test_the_analyst_grades_sources_and_every_manifest_kind_has_a_default(ws, capsys):
    from clew.ingest.manifest import KINDS
    from clew.leads.vocabulary import SOURCE_KIND_EVALUATION

    assert set(KINDS) - {"other"} == set(SOURCE_KIND_EVALUATION)
    with ws.store() as store:
        country = next(e.country for e in register.entries(store) if e.state == "draft")
        before = register.document(store, f"LP-demo-{country}")
    items = [(s["subject_id"], i) for s in before["subjects"] for i in s["identifiers"]]
    label = next(i["source"] for _, i in items if i["source_kind"] == "platform-return")
    w = ["--workspace", str(ws.path), "leads", "build", "--country", country]
    assert main([*w, "--evaluation", f"{label}=C3", "--evaluation", "platform-return=B2"]) == 0
    with ws.store() as store:
        doc = register.document(store, f"LP-demo-{country}")
    graded = {e["item"]: (e["source_reliability"], e["information_accuracy"]) for e in doc["evaluation"]}
    for s in doc["subjects"]:
        for i in s["identifiers"]:
            want = {label: ("C", "3")}.get(i["source"]) or (
                ("B", "2") if i["source_kind"] == "platform-return" else None
            )
            if want:
                assert (
                    i["evaluation"]["source_reliability"],
                    i["evaluation"]["information_accuracy"],
                ) == want
    assert ("C", "3") in graded.values()
    capsys.readouterr()
    assert main([*w, "--evaluation", "tip-report=E5"]) == 1
    err = capsys.readouterr().err
    assert "--evaluation" in err and "'tip-report=E5'" in err and "Traceback" not in err


def test_the_unit_chooses_the_tlp_label_and_adds_restrictions_as_h3(ws, tmp_path):
    from clew.leads.vocabulary import TLP_MARKINGS

    with ws.store() as store:
        country = next(e.country for e in register.entries(store) if e.state == "draft")
    w = ["--workspace", str(ws.path), "leads", "build", "--country", country, "--out", str(tmp_path)]
    assert (
        main([*w, "--tlp", "TLP:RED", "--restriction", "no contact with the platform before the arrest"]) == 0
    )
    with ws.store() as store:
        doc = register.document(store, f"LP-demo-{country}")
        assert next(e for e in register.entries(store) if e.country == country).tlp == "TLP:RED"
    json_package.validate(doc)
    assert doc["handling"]["tlp"] == "TLP:RED"
    h3 = [c for c in doc["handling"]["handling_codes"] if c["code"] == "H3"]
    assert len(h3) == 1 and h3[0]["meaning"].endswith("no contact with the platform before the arrest")
    text = (tmp_path / country / f"LP-demo-{country}.stix.json").read_text(encoding="utf-8")
    assert stix.validate(text) == []
    marking = next(o for o in json.loads(text)["objects"] if o["type"] == "marking-definition")
    assert (
        marking["id"] == TLP_MARKINGS["TLP:RED"] == "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
    )
    assert (
        marking["extensions"]["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]["tlp_2_0"]
        == "red"
    )
