"""Quality on every scenario profile: the whole pipeline, scored against each demo's ground truth.

For the default world and every profile of ``clew.demo.profiles.PROFILES``, at two seeds: generate
the demo, ingest, run the pipeline (``clew.demo.run.run_demo``) and score it
(``clew.evaluation.evaluate_all``). One configuration for all: nothing here or in the analyses
knows which profile it runs on. Prints one table (markdown with ``--markdown``):

- resolution pairwise P / R / F1, and recall against the evidence ceiling (the pairs of one
  person's records that shared strong identifiers can join at all);
- syndicates: ARI over the members that were assigned a syndicate, that coverage, and its
  ceiling ("tied": the share of members with any tie in the graph at all) and the share of
  those tied members assigned ("assigned/tied", coverage against its ceiling);
- countries: precision (right where one was chosen) and coverage;
- sellers, collectors (person level) and admins: precision / recall;
- key-player recall: share of true admins among their syndicate's key players;
- hands-on and children-at-risk (``clew.evaluation.leads``): P / R and the evidence ceiling, the
  share of the truth's people with that role whose records in the store carry any evidence the
  rule reads (any indicator for hands-on, declared access for children-at-risk). A second table
  counts, per role: true people, with evidence, *decidable* (the rule names them from their own
  records), found, predicted, and the misses by cause (no evidence; the rule refuses the
  evidence; resolution kept decidable evidence from the rule).

A smaller population than the default demo (``--people 1000`` with 10 syndicates) keeps the
18 runs within reach of the shared 2-core machine; timings are not the point.

    python bench/quality.py [--people 1000] [--seeds 7 11] [--profiles no-groups vpn] [--markdown]
    python bench/quality.py --profiles wallet-only-buyers+no-groups --seeds 7   # profiles combined
    python bench/quality.py --profiles homonyms --setting homonym_share=0.5     # a profile's strength

``--setting FIELD=VALUE`` overrides a field of ``clew.demo.profiles.Settings`` after the profiles
apply (a probe of how strong a departure the analyses hold: half the people homonyms, 80 % of
optional fields missing); ``clew demo`` has no such option, so it is set here, for the bench only.

``--plain-groups`` ingests every chat group as a plain ``Organization``: every entity is built
without Clew's chat-group topics (``clew.model.kinds.CHAT_GROUP_TOPICS``), so the store holds what another
tool's FtM export would hold — the sources, the readers and the truth are unchanged, and each run
checks that no such topic reached the store. A third table counts organisation records in the
outputs (subjects, syndicate members, key players, admins, any network role row, lead-package
subjects).

    python bench/quality.py --profiles default vpn --seeds 7 11 --plain-groups --markdown
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from clew.demo.profiles import PROFILES
from clew.demo.run import run_demo
from clew.evaluation import evaluate_all
from clew.model.kinds import CHAT_GROUP_TOPICS
from clew.store import Workspace
from clew.vocabulary import CHILDREN_AT_RISK, HANDS_ON

SAFEGUARD_ROLES = (HANDS_ON, CHILDREN_AT_RISK)

COLUMNS = ["profile", "seed", "res P", "res R", "res F1", "R/ceiling", "ARI assigned", "assigned",
           "tied", "assigned/tied", "country P", "country cov", "seller P", "seller R", "coll P",
           "coll R", "admin P", "admin R", "key-player R", "hands-on P", "hands-on R", "hands-on ceiling",
           "at-risk P", "at-risk R", "at-risk ceiling"]  # fmt: skip
SAFEGUARD_COLUMNS = ["profile", "seed", "role", "true", "evidence", "decidable", "found", "predicted",
                     "missed: no evidence", "missed: rule", "missed: resolution"]  # fmt: skip


def _money(scores: dict, role: str) -> tuple[float, float]:
    row = next(r for r in scores["table"] if r["role"] == role and r["level"] == "person")
    return row["precision"], row["recall"]


def row_of(profile: str, seed: int, scores: dict) -> list[object]:
    res = scores["resolve"]["resolution"]
    syn, cc, roles = (
        scores["network"]["syndicates"],
        scores["network"]["countries"],
        scores["network"]["roles"],
    )
    seller, coll = _money(scores["money"], "seller"), _money(scores["money"], "collector")
    return [
        profile, seed, res["precision"], res["recall"], res["f1"], res.get("recall_of_ceiling"),
        syn.get("ari_assigned"), syn.get("coverage"), syn.get("tied"),
        syn.get("coverage_of_tied"), cc["accuracy_where_known"],
        cc["coverage"],
        *seller, *coll, roles["admin"]["precision"], roles["admin"]["recall"],
        roles["key_player_recall_of_admins"],
        *(v for role in SAFEGUARD_ROLES for v in _safeguard(scores["leads"][role])),
    ]  # fmt: skip


def _safeguard(row: dict) -> tuple[float, float, float]:
    """P, R and the evidence ceiling (share of the true people with any evidence in the store)."""
    return row["precision"], row["recall"], row["evidence"] / row["true"] if row["true"] else 1.0


def safeguard_rows(profile: str, seed: int, scores: dict) -> list[list[object]]:
    """Per role: how many true people, with evidence, decidable by the rule, found; the misses by cause."""
    out = []
    for role in SAFEGUARD_ROLES:
        r = scores["leads"][role]
        out.append([profile, seed, role, r["true"], r["evidence"], r["decidable"], r["found"], r["predicted"],
                    *(len(r["missed"][k]) for k in ("no-evidence", "rule", "resolution"))])  # fmt: skip
    return out


def _with_settings(overrides: list[str]) -> None:
    """Make the demo generator apply ``FIELD=VALUE`` overrides after the profiles."""
    if not overrides:
        return
    module = sys.modules["clew.demo.generate"]
    base = module.settings_for

    def settings_for(names):
        settings = base(names)
        changes = {}
        for item in overrides:
            name, _, text = item.partition("=")
            kind = type(getattr(settings, name))
            changes[name] = text.lower() == "true" if kind is bool else kind(text)
        return dataclasses.replace(settings, **changes)

    module.settings_for = settings_for


ORG_COLUMNS = ["profile", "seed", "org records", "org subjects", "in syndicates", "key players",
               "admins", "roles", "lead subjects"]  # fmt: skip


def _plain_groups() -> None:
    """Make the ingest build every entity without Clew's chat-group topics, as if its source
    wrote none (the values' cleaner would keep a dropped value raw: the entity is changed)."""
    from clew.ingest import build

    add = build.add_entity

    def add_entity(rows, entity, locator, *rest):
        topics = entity["properties"].get("topics")
        if topics:
            kept = [t for t in topics if t.strip().lower() not in CHAT_GROUP_TOPICS]
            props = {k: v for k, v in entity["properties"].items() if k != "topics"}
            entity = {**entity, "properties": {**props, **({"topics": kept} if kept else {})}}
        return add(rows, entity, locator, *rest)

    build.add_entity = add_entity


def organisations(store) -> dict:
    """How many ``Organization`` records reach each output, by the subject holding them."""
    from clew.resolve import subject_map

    records = list(store.records(["Organization"]))
    marked = sum(1 for r in records if CHAT_GROUP_TOPICS.intersection(r.get("topics")))
    resolved = subject_map(store)
    orgs = {resolved.get(r.id, r.id) for r in records}
    syn = list(store.select("syndicates", columns=["admins", "key_players"]))
    placed = list(store.select("syndicate_members", columns=["subject_id", "syndicate_id"]))
    members = {r["subject_id"] for r in placed if r["syndicate_id"] is not None}
    subjects = {r["subject_id"] for r in store.select("subjects", columns=["subject_id"])}
    subjects |= {r["subject_id"] for r in placed} | set(resolved.values())
    roles = {r["subject_id"] for r in store.select("subject_roles", columns=["subject_id"])}
    leads = {r["subject_id"] for r in store.select("lead_package_subjects", columns=["subject_id"])}
    return {
        "records": len(records),
        "marked": marked,
        "subjects": len(orgs & subjects),
        "in_syndicates": len(orgs & members),
        "key_players": len(orgs & {s for r in syn for s in json.loads(r["key_players"])}),
        "admins": len(orgs & {s for r in syn for s in json.loads(r["admins"])}),
        "roles": len(orgs & roles),
        "lead_subjects": len(orgs & leads),
    }


def run_one(
    profile: str, seed: int, people: int, syndicates: int, countries: int, plain: bool = False
) -> dict:
    """One demo (``a+b`` = profiles a and b combined; ``default`` = none), scored; kept nowhere."""
    folder = Path(tempfile.mkdtemp(prefix="clew-quality-"))
    try:
        run_demo(
            folder / "ws", people=people, countries=countries, syndicates=syndicates, seed=seed,
            profiles=tuple(p for p in profile.split("+") if p != "default"), out=folder,
        )  # fmt: skip
        with Workspace.open(folder / "ws").store() as store:
            scores = evaluate_all(store, folder / "demo-truth")
            scores["organisations"] = organisations(store)
            if plain and scores["organisations"]["marked"]:
                raise SystemExit(f"{profile}/{seed}: a chat-group topic reached the store")
            return scores
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fmt(v: object) -> str:
    return "—" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def common_arguments(ap: argparse.ArgumentParser, profiles: list[str]) -> None:
    """The options every quality bench shares (this one and bench/foreign.py)."""
    ap.add_argument("--people", type=int, default=1000)
    ap.add_argument("--syndicates", type=int, default=10)
    ap.add_argument("--countries", type=int, default=40)
    ap.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    ap.add_argument("--profiles", nargs="+", default=profiles)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="Also write every score here.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_arguments(ap, ["default", *(p.name for p in PROFILES)])
    ap.add_argument("--setting", nargs="+", default=[], metavar="FIELD=VALUE",
                    help="Override demo Settings fields after the profiles (bench only).")  # fmt: skip
    ap.add_argument("--plain-groups", action="store_true",
                    help="Ingest chat groups as plain Organizations (no chat-group topic).")  # fmt: skip
    args = ap.parse_args()
    _with_settings(args.setting)
    if args.plain_groups:
        _plain_groups()
    rows, orgs, safeguard, everything = [], [], [], {}
    for profile in args.profiles:
        for seed in args.seeds:
            t0 = time.perf_counter()
            scores = run_one(profile, seed, args.people, args.syndicates, args.countries, args.plain_groups)
            everything[f"{profile}/{seed}"] = scores
            rows.append(row_of(profile, seed, scores))
            safeguard.extend(safeguard_rows(profile, seed, scores))
            o = scores["organisations"]
            orgs.append([profile, seed, o["records"], o["subjects"], o["in_syndicates"], o["key_players"],
                         o["admins"], o["roles"], o["lead_subjects"]])  # fmt: skip
            print(f"# {profile} seed {seed}: {time.perf_counter() - t0:.0f}s", flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, default=str))
    for columns, table in ((COLUMNS, rows), (SAFEGUARD_COLUMNS, safeguard), (ORG_COLUMNS, orgs)):
        _print(columns, table, args.markdown)


def _print(columns: list[str], rows: list[list[object]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for r in rows:
            print("| " + " | ".join(fmt(v) for v in r) + " |")
    else:
        print("\t".join(columns))
        for r in rows:
            print("\t".join(fmt(v) for v in r))


if __name__ == "__main__":
    main()
