"""Benchmark: lead packages for every country of a 50,000-subject synthetic operation, and PSI
deconfliction of 100,000 against 100,000 identifiers.

Packages: synthetic subjects (identifiers, roles, payments, hash-list counts, country evidence,
bridges) spread over 100 countries, a cross-border share in two. Clew assembles each country's
package, signs it (SHA-256 + Ed25519 over canonical JSON) and writes it; the baseline writes the
same subjects' content per country as plain JSON (``json.dumps`` of the same dicts) in the same
process. Printed: packages/s, subjects/s and the ratio (target ≤ 5×). The other formats (STIX,
FtM, PDF) are timed on one package of 500 subjects, reported beside.

PSI: two workspaces of 100,000 identifiers with 1,000 in common; offer → respond → finish through
``clew.leads.deconflict`` (store reads included): seconds per step and bytes exchanged.

Run: ``python bench/leads.py [--subjects N] [--psi N] [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from clew.leads import deconflict, signing
from clew.leads.content import SubjectContent
from clew.leads.directory import load
from clew.leads.formats import ftm, json_package, pdf, stix
from clew.leads.jurisdiction import Bridge, CountryClaim, Evidence, Jurisdiction
from clew.leads.package import Sender, assemble, by_country
from clew.store import Workspace

COUNTRIES = [
    f"{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJ"
]  # 100 codes (unknown ones: INTERPOL fallback)


def synthetic(n: int, rng: random.Random) -> tuple[dict, dict, dict]:
    juris, content, prio = {}, {}, {}
    for i in range(n):
        s = f"subj-{i:08x}"
        home = rng.choice(COUNTRIES)
        other = rng.choice(COUNTRIES) if rng.random() < 0.1 else None
        ev = Evidence("phone-prefix", f"phone:+{i:011d}", "valid number of the plan", 0.9, 1)
        claims = [CountryClaim(home, 0.8 if other else 1.0, (ev,))]
        if other and other != home:
            ip = Evidence(
                "ip-registry", f"ip:10.{i % 255}.0.1", "registry block", 0.5, 2, "2026-01-02", "UTC"
            )
            claims.append(CountryClaim(other, 0.2, (ip,)))
        bridges = tuple(
            Bridge(f"subj-{rng.randrange(n):08x}", rng.choice(COUNTRIES), ("group",), 0.5) for _ in range(3)
        )
        juris[s] = Jurisdiction(s, home, tuple(claims), bridges)
        c = SubjectContent(s, display_name=f"Person {i}", names=[f"Person {i}", f"handle{i}"])
        for kind, value in (
            ("phone", f"+{i:011d}"),
            ("email", f"user{i}@mail.example"),
            ("username", f"handle{i}"),
            ("crypto", f"bc1q{i:038d}"),
        ):
            c.identifiers.append(
                {
                    "kind": kind,
                    "value": value,
                    "raw": value,
                    "valid": True,
                    "country": home,
                    "source": "exhibit 1",
                    "source_kind": "device-extraction",
                    "collected": "2026-01-01",
                    "confidence": 1.0,
                    "evaluation": {"source_reliability": "A", "information_accuracy": "2"},
                }
            )
        c.accounts = [{"kind": "platform account", "provider": "Chatter", "account": f"handle{i}"}]
        c.roles = [{"role": "member", "analysis": "network", "score": 1.0}]
        c.syndicate_id = f"syn-{i % 500:04d}"
        c.media = (
            [{"hash_list": "known", "series": "S1", "match": "sha256", "count": 2, "sha256": ["ab" * 32]}]
            if i % 10 == 0
            else []
        )
        c.payments = [
            {
                "direction": "out",
                "date": "2026-01-05T10:00:00Z",
                "amount": 25.0,
                "currency": "EUR",
                "account": f"acc{i}",
                "counterpart_account": "acc0",
                "counterpart_subject": None,
                "counterpart_country": "AA",
                "foreign": home != "AA",
            }
            for _ in range(2)
        ]
        c.dates = ["2026-01-01", "2026-01-05"]
        content[s] = c
        prio[s] = {"priority": 0.5, "reasons": [{"role": "member", "analysis": "network", "weight": 0.5}]}
    return juris, content, prio


def packages(n: int, out: Path) -> dict:
    rng = random.Random(7)
    juris, content, prio = synthetic(n, rng)
    groups = by_country(juris, None)
    directory, key, sender = load(), signing.signing_key(out / "ws"), Sender()
    created = datetime(2026, 12, 2, tzinfo=UTC)
    t0 = time.perf_counter()
    docs = []
    for cc in sorted(groups):
        doc = assemble(
            operation="bench",
            country=cc,
            version=1,
            supersedes=None,
            partner=directory.partner(cc),
            sender=sender,
            subjects=groups[cc],
            jurisdiction=juris,
            content=content,
            priority=prio,
            created_at=created,
        )
        doc = signing.sign(doc, key)
        json_package.write(doc, out / f"{cc}.json")
        docs.append(doc)
    clew = time.perf_counter() - t0
    t0 = time.perf_counter()
    for cc in sorted(groups):
        plain = [{"subject": vars(content[s]), "jurisdiction": juris[s].__dict__} for s in groups[cc]]
        (out / f"{cc}.plain.json").write_text(json.dumps(plain, indent=2, default=str), encoding="utf-8")
    plain_s = time.perf_counter() - t0
    sample = assemble(
        operation="bench",
        country="AA",
        version=1,
        supersedes=None,
        partner=directory.partner("AA"),
        sender=sender,
        subjects=sorted(juris)[:500],
        jurisdiction=juris,
        content=content,
        priority=prio,
        created_at=created,
    )
    sample = signing.sign(sample, key)
    fmt = {}
    for name, write in (("stix", stix.write), ("ftm", ftm.write), ("pdf", pdf.write)):
        t0 = time.perf_counter()
        write(sample, out / f"sample.{name}")
        fmt[name] = round(time.perf_counter() - t0, 2)
    subjects = sum(len(v) for v in groups.values())
    return {
        "subjects": n,
        "packages": len(groups),
        "subject_entries": subjects,
        "clew_s": round(clew, 2),
        "plain_json_s": round(plain_s, 2),
        "packages_per_s": round(len(groups) / clew, 2),
        "subjects_per_s": round(subjects / clew),
        "ratio": round(clew / plain_s, 2),
        "formats_500_subjects_s": fmt,
    }


def _psi_workspace(path: Path, keys: list[str]) -> Workspace:
    ws = Workspace.init(path, operation="bench")
    with ws.store() as store:
        store.insert(
            "identifiers", ({"key": k, "kind": "phone", "value": k[6:], "valid": True} for k in keys)
        )
    return ws


def psi(n: int, out: Path) -> dict:
    common = [f"phone:+1555{i:07d}" for i in range(n // 100)]
    a = _psi_workspace(out / "a", common + [f"phone:+4470{i:08d}" for i in range(n - len(common))])
    b = _psi_workspace(out / "b", common + [f"phone:+6391{i:08d}" for i in range(n - len(common))])
    offer, answer, times = out / "offer.json", out / "answer.json", {}
    with a.store() as sa:
        t0 = time.perf_counter()
        deconflict.offer(sa, offer, kinds=("phone",))
        times["offer_s"] = round(time.perf_counter() - t0, 2)
    with b.store() as sb:
        t0 = time.perf_counter()
        deconflict.respond(sb, offer, answer, kinds=("phone",))
        times["respond_s"] = round(time.perf_counter() - t0, 2)
    with a.store() as sa:
        t0 = time.perf_counter()
        found = deconflict.finish(sa, answer)
        times["finish_s"] = round(time.perf_counter() - t0, 2)
    assert sorted(found.matches) == sorted(common), "PSI did not find exactly the planted overlap"
    total = sum(times.values())
    return {
        "identifiers_each": n,
        "overlap": len(found.matches),
        **times,
        "total_s": round(total, 2),
        "offer_bytes": offer.stat().st_size,
        "answer_bytes": answer.stat().st_size,
        "bytes_exchanged": offer.stat().st_size + answer.stat().st_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=50_000)
    parser.add_argument("--psi", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.subjects, args.psi = 5_000, 10_000
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps({"packages": packages(args.subjects, Path(tmp))}, indent=2))
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps({"psi": psi(args.psi, Path(tmp))}, indent=2))


if __name__ == "__main__":
    main()
