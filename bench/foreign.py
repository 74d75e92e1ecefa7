"""Quality on the demo written as another tool would write it: one FtM JSONL, nothing of Clew's.

Clew will be measured on operations whose evidence another generator writes. This takes each
demo's evidence as Clew reads it (the demo's sources ingested into a scratch workspace: every
stored fragment, i.e. what the readers made of the UFDRs, chat exports, tip reports, CSVs and
FtM files) and writes it again the way a different FtM producer would:

- **one file** (``evidence.ftm.jsonl``), so nothing rests on which file a fact came from: no
  ``source.yaml`` (no source kind, country or device owner), no per-file split;
- **random opaque ids** (``uuid4`` from a seeded generator) for every entity, references
  (entity-typed properties) rewritten to them; the truth's ids (``records.csv`` entity ids,
  ``accounts.csv`` account ids, ``groups.csv`` group ids) are rewritten with the same mapping
  so the same evaluators score it;
- **no Clew-only properties** and **no Clew-only topics** (``clew.*``): a ``clew:*`` property
  is written as FtM would hold the fact, where FtM can — ``clew:md5`` / ``clew:sha256`` into
  ``contentHash`` (FtM's one checksum property), ``clew:holder`` of a file as a
  ``Documentation`` (document = the file, entity = the holder), ``clew:group`` of a message as
  one of its ``recipients`` — and dropped where it cannot (``clew:pdq`` and its quality, a
  P2P offer's ``clew:infohash`` / ``clew:port`` / ``clew:file``, ``clew:deviceId``,
  ``clew:userId``, ``clew:dateOfBirth``, ``clew:path``, ``clew:category``, ``clew:group`` of an
  image, ``clew:forwardedFrom``);
- **no Clew wording**: ``name``, ``description`` and ``summary`` of events, and the
  descriptions of organisations, which Clew's readers compose ("IP event: last log-in",
  "Tip report …"), are replaced by neutral text (``Event``; none);
- **the source's own values** (``raw``), except a phone number that Clew could read only with
  the source's country (no ``+``): it is written as Clew cleaned it (E.164), as a tool that
  knew the device's country would (``--raw-phones``: as the source wrote it, national format,
  and nothing in the one file says which country it belongs to);
- **the device owner's contacts as links**: Clew reads a device's owner from ``source.yaml``
  and ties every person of its address book to them (``contact``); here each such person gets
  an FtM ``UnknownLink`` (subject = the owner, object = the contact), FtM's form of a tie it has
  no schema for. ``--no-contacts`` writes none (a tool that exports the address book as bare
  ``Person`` records: the tie is then nowhere in the evidence);
- **shuffled record order** (ids and order from ``--id-seed``, default the demo's seed: the
  same world under other ids shows how much of a difference is the order of records alone).

Then a fresh workspace ingests that file (plus the demo's hash list of known material, which is
reference data, not evidence), runs the pipeline and scores it with ``bench/quality.py``'s
table, with two more columns: known-material and possibly-new-material recall (media).
``--normal`` also runs the demo as Clew writes it (the quality table's row) for the same
profile and seed, so the two rows sit side by side.

    python bench/foreign.py --profiles default vpn no-groups --seeds 7 11 [--normal] [--markdown]
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import random
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from followthemoney import model
from followthemoney.types import registry
from quality import COLUMNS, _print, common_arguments, row_of, run_one  # bench/ is the script's folder

from clew import pipeline
from clew.demo.generate import generate
from clew.demo.run import DEMO_OPERATION, _import_hashlist
from clew.evaluation import evaluate_all
from clew.ingest import ingest_paths
from clew.store import Workspace

MEDIA = ("Image", "Video", "Document", "Pages", "Audio", "Table")
REWORDED = {"Event": {"name": "Event"}}  # composed by Clew's readers; another tool words its own
DROPPED = {"Event": ("description", "summary"), "Organization": ("description",)}
EXTRA = ["known R", "new R"]
TRUTH_IDS = {"records.csv": "entity_id", "accounts.csv": "account_id", "groups.csv": "group_id"}


def _value(prop, cell: list, raw_phones: bool = False) -> str | None:
    raw = cell[0]
    cleaned = cell[1] if len(cell) > 1 else None
    national = not raw.lstrip().startswith(("+", "00"))
    if prop.type == registry.phone and cleaned and national and not raw_phones:
        return cleaned
    return raw


def foreign_entities(
    store, rng: random.Random, contacts: bool = True, raw_phones: bool = False
) -> tuple[list[dict], dict[str, str]]:
    """Every fragment of ``store`` rewritten as another tool would write it (module docstring);
    returns the entities (shuffled) and the id mapping old -> new."""
    ids: dict[str, str] = {}

    def new(old: str) -> str:
        if old not in ids:
            ids[old] = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        return ids[old]

    out = []
    owners = {r["id"]: r["owner_entity"] for r in store.select("sources", columns=["id", "owner_entity"])}
    for row in store.select("fragments", columns=["entity_id", "schema", "props", "source_id"]):
        owner = owners.get(row["source_id"])
        if contacts and owner and owner != row["entity_id"] and row["schema"] == "Person":
            link = {"subject": [new(owner)], "object": [new(row["entity_id"])]}  # an address-book entry
            out.append({"id": new(f"contact:{owner}:{row['entity_id']}"), "schema": "UnknownLink",
                        "properties": link})  # fmt: skip
        schema = model.get(row["schema"])
        props: dict[str, list[str]] = {}
        for name, cells in json.loads(row["props"]).items():
            prop = schema.get(name) if schema else None
            if prop is None or name in DROPPED.get(schema.name, ()):
                continue  # clew:* and anything FtM does not know
            values = [v for v in (_value(prop, c, raw_phones) for c in cells) if v]
            if name == "topics":
                values = [v for v in values if not v.lower().startswith("clew.")]
            if prop.type == registry.entity:
                values = [new(v) for v in values]
            if values:
                props[name] = values
        extra = json.loads(row["props"])
        if row["schema"] in MEDIA:  # a tool writes every checksum it has in contentHash
            hashes = [c[0] for p in ("clew:md5", "clew:sha256") for c in extra.get(p, [])]
            if hashes:
                props["contentHash"] = props.get("contentHash", []) + hashes
            for holder in extra.get("clew:holder", []):  # who held the file: FtM Documentation
                link = {"document": [new(row["entity_id"])], "entity": [new(holder[0])]}
                out.append({"id": new(f"doc:{row['entity_id']}:{holder[0]}"), "schema": "Documentation",
                            "properties": link})  # fmt: skip
        if row["schema"] == "Message":  # a message posted to a group: the group is its recipient
            groups = [new(c[0]) for c in extra.get("clew:group", [])]
            if groups:
                props["recipients"] = props.get("recipients", []) + groups
        for name, text in REWORDED.get(row["schema"], {}).items():
            if name in props:
                props[name] = [text]
        out.append({"id": new(row["entity_id"]), "schema": row["schema"], "properties": props})
    rng.shuffle(out)
    return out, ids


def _rewrite_truth(truth: Path, into: Path, ids: dict[str, str]) -> None:
    shutil.copytree(truth, into)
    for name, column in TRUTH_IDS.items():
        path = into / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            continue
        for r in rows:
            r[column] = ids.get(r[column], r[column])
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def run_foreign(
    profile: str,
    seed: int,
    people: int,
    syndicates: int,
    countries: int,
    contacts: bool = True,
    id_seed: int | None = None,
    raw_phones: bool = False,
) -> dict:
    """One demo rewritten as a foreign FtM file, ingested fresh, analysed and scored."""
    folder = Path(tempfile.mkdtemp(prefix="clew-foreign-"))
    try:
        profiles = tuple(p for p in profile.split("+") if p != "default")
        gen = generate(folder / "demo-sources", folder / "demo-truth", people=people,
                       countries=countries, syndicates=syndicates, seed=seed, profiles=profiles)  # fmt: skip
        scratch = Workspace.init(folder / "scratch", operation=DEMO_OPERATION)
        with scratch.store(DEMO_OPERATION) as store:
            ingest_paths(store, gen.ingest_paths, source_label=None)
            entities, ids = foreign_entities(
                store, random.Random(seed if id_seed is None else id_seed), contacts
            )
        evidence = folder / "foreign" / "evidence.ftm.jsonl"
        evidence.parent.mkdir()
        with evidence.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in entities)
        _rewrite_truth(folder / "demo-truth", folder / "foreign-truth", ids)
        ws = Workspace.init(folder / "ws", operation=DEMO_OPERATION)
        with ws.store(DEMO_OPERATION) as store:
            ingest_paths(store, [evidence], source_label=None)
            _import_hashlist(store, gen.hashlist)
            pipeline.run_all(store)
            return evaluate_all(store, folder / "foreign-truth")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_arguments(ap, ["default"])
    ap.add_argument("--normal", action="store_true", help="Also score the demo as Clew writes it.")
    ap.add_argument("--no-contacts", action="store_true", help="Write no owner-contact links.")
    ap.add_argument("--raw-phones", action="store_true",
                    help="Write national-format numbers as the source did, not in E.164.")  # fmt: skip
    ap.add_argument("--id-seed", type=int, default=None,
                    help="Seed of the opaque ids and record order (default: the demo's seed).")  # fmt: skip
    args = ap.parse_args()
    rows, everything = [], {}
    for profile in args.profiles:
        for seed in args.seeds:
            foreign = functools.partial(
                run_foreign, contacts=not args.no_contacts, id_seed=args.id_seed, raw_phones=args.raw_phones
            )
            runs = [("foreign", foreign)] + ([("normal", run_one)] if args.normal else [])
            for label, run in runs:
                t0 = time.perf_counter()
                scores = run(profile, seed, args.people, args.syndicates, args.countries)
                everything[f"{profile}/{seed}/{label}"] = scores
                media = scores["media"]
                row = row_of(f"{profile} ({label})", seed, scores)
                rows.append([*row, media["known"]["recall"], media["possibly_new"]["recall"]])
                print(f"# {profile} seed {seed} {label}: {time.perf_counter() - t0:.0f}s", flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, default=str))
    _print(COLUMNS + EXTRA, rows, args.markdown)


if __name__ == "__main__":
    main()
