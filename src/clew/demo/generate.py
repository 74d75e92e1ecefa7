"""Generate the demo operation: source files in the documented formats plus the ground truth.

Deterministic for a seed (one ``random.Random`` drives everything, and no file holds a
timestamp of its own making), so generating twice gives byte-identical files and re-ingesting
them is a no-op.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from clew.demo import risk
from clew.demo.chats import write_telegram
from clew.demo.devices import write_devices
from clew.demo.kyc import write_kyc
from clew.demo.media import MediaBank
from clew.demo.model import World
from clew.demo.money import write_payments
from clew.demo.platform import write_p2p, write_platform_returns, write_tips
from clew.demo.population import build_world
from clew.demo.profiles import changed, settings_for
from clew.demo.sink import Sink
from clew.evaluation import truth as truth_io

SOURCE_FOLDERS = ("devices", "platform-returns", "chats", "tips", "p2p", "money", "checks")
HASHLIST = "hashlists/known-synthetic.csv"
VERSION = 1


@dataclass
class Generated:
    sources: Path  # folder of source files (ingest these sub-folders)
    truth: Path
    hashlist: Path
    manifest: dict
    sink: Sink
    world: World

    @property
    def ingest_paths(self) -> list[Path]:
        return [self.sources / f for f in SOURCE_FOLDERS if (self.sources / f).exists()]


def generate(
    sources: Path,
    truth: Path,
    *,
    people: int = 5000,
    countries: int = 100,
    syndicates: int = 50,
    seed: int = 7,
    profiles: tuple[str, ...] = (),
) -> Generated:
    """Write the demo's source files into ``sources`` and its ground truth into ``truth``;
    ``profiles`` name scenario profiles (``clew.demo.profiles``) applied in order."""
    sources, truth = Path(sources), Path(truth)
    settings = settings_for(profiles)
    for folder in SOURCE_FOLDERS:  # a fresh tree: nothing stale from another run survives
        shutil.rmtree(sources / folder, ignore_errors=True)
    world = build_world(people, countries, syndicates, seed, settings)
    if profiles:
        world.params["profiles"] = list(profiles)
    rng = random.Random(seed * 7919 + 1)
    scale = people / 5000
    media = MediaBank(rng, n_known=max(50, round(400 * scale)), n_new=max(5, round(20 * scale)))
    sink = Sink(sources)
    risky = risk.plan(world, media, seed)
    write_devices(world, sink, media, rng, risky.on_devices)
    write_platform_returns(world, sink, rng)
    write_telegram(world, sink, seed)
    write_tips(world, sink, media, rng)
    risk.write(world, sink, risky, seed)
    write_p2p(world, sink, media, rng)
    write_kyc(world, sink, rng)
    write_payments(world, sink, rng)
    sink.csv(HASHLIST, ["md5", "sha1", "sha256", "pdq", "category", "series"], media.hash_list_rows())
    result = _truth(world, sink, media)
    truth_io.write(truth, result)
    return Generated(sources, truth, sources / HASHLIST, result.manifest, sink, world)


def _truth(world: World, sink: Sink, media: MediaBank) -> truth_io.Truth:
    syn_id = {k: s["id"] for k, s in enumerate(world.syndicates)}
    seen = set(sink.records.values())
    people = [
        {
            "person_id": p.id,
            "name": p.name,
            "country": p.country,
            "syndicate_id": syn_id.get(p.syndicate, "") if p.syndicate is not None else "",
            "roles": ";".join(sorted(p.roles - {"shop"})),
            "arrested": "true" if p.arrested else "false",
        }
        for p in world.people
        if p.id in seen
    ]
    accounts = [
        {"account_id": w.id, "person_id": p.id, "kind": w.kind, "money_role": w.money_role}
        for p in world.people
        for w in p.wallets
    ]
    groups = [
        {"group_id": g.id, "syndicate_id": syn_id.get(g.syndicate, "") if g.syndicate is not None else "",
         "size": len(g.members), "kind": g.kind}
        for g in world.groups
    ]  # fmt: skip
    used = [m for m in media.all.values() if m.holders]
    media_rows = [
        {
            "sha256": m.sha256, "pdq": m.pdq, "series": m.series,
            "known": "true" if m.known else "false",
            "possibly_new": "true" if (not m.known and len(m.holders) >= 2) else "false",
            "sha1": m.sha1, "md5": m.md5, "match": m.match or "none",
            "distance": "" if m.distance is None else m.distance,
        }
        for m in sorted(used, key=lambda m: m.sha256)
    ]  # fmt: skip
    manifest = {
        "generator": f"clew demo v{VERSION}",
        "parameters": world.params,
        **({"settings": changed(world.settings)} if world.params.get("profiles") else {}),
        "countries": world.countries,
        "counts": {
            "people": len(people),
            "syndicates": len(world.syndicates),
            "groups": len(groups),
            "arrested": sum(p.arrested for p in world.people),
            "actor_records": len(sink.records),
            "accounts": len(accounts),
            "media_files": len(media_rows),
            "hash_list_entries": len(media.listed),
            "families_sharing_a_number": len(world.families),
            "source_files": len(sink.files),
        },
    }
    return truth_io.Truth(
        people, dict(sink.records), accounts, groups, media_rows, manifest, evidence_groups(sink.keys)
    )


def evidence_groups(keys: dict[str, set[str]]) -> dict[str, str]:
    """Record -> its evidence group: records joined, directly or through others, by a strong
    identifier they carry. Pairs of one person's records inside one group are the *evidence
    ceiling* of resolution: the pairs some shared evidence can join at all."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for entity_id, held in keys.items():
        for key in held:
            a, b = find(entity_id), find(key)
            if a != b:
                parent[b] = a
    return {entity_id: find(entity_id) for entity_id in keys}
