"""UFDR ingest: peak memory and time against a bare lxml ``iterparse`` of the same report.xml.

    python bench/ufdr.py [--size 2G] [--keep]

Writes a synthetic Cellebrite ``report.xml`` of about ``--size`` bytes (generated, never
committed) into a folder under /tmp, streaming, with the mix a seized phone's report has:
address-book contacts (national and international numbers), a big group chat and one-to-one
chats whose messages carry a body text, SMS, calls and tagged files with MD5/SHA-256. Then, each
in a fresh child process so that each peak RSS is its own:

1. the bare parse: lxml ``iterparse`` over the same file with the same tags (``model``, ``file``)
   and the same clearing of each element once seen, doing nothing else — the strongest
   comparable call, and the floor of any streaming reader;
2. ``clew ingest`` of the folder (``ingest_paths`` into a fresh workspace): two passes, every
   model mapped, cleaned, normalised and written to SQLite in one transaction. From 32 MiB the
   report is parsed and mapped in a worker process while the loader builds and writes
   (``clew.ingest.pipeline``): both processes' peak RSS are printed.

Prints each one's seconds and peak RSS, and the ratio of Clew's time to the bare parse (target
<= 3x) and Clew's peak RSS (target < 500 MB). docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from clew.demo import ufdr as w

UNIT = 20  # contacts per block; everything else scales with it
CONTACTS = 5000  # an address book of this size; half the numbers in national format
USERS = 2000  # app users met in group chats
TEXT_FIELDS = (
    ("Source", "Telegram"), ("Status", "Read"), ("Folder", "Inbox"), ("Type", "Incoming"),
    ("Body", "synthetic message text of an ordinary length, as chats carry them, nothing more to it"),
)  # fmt: skip


def parse_size(text: str) -> int:
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    text = text.strip().lower()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def _number(rng: random.Random, national: bool) -> str:
    n = rng.randrange(10**7)
    return (
        f"0917 {n // 10000:03d} {n % 10000:04d}" if national else f"+63 917 {n // 10000:03d} {n % 10000:04d}"
    )


def _block(rng: random.Random, b: int, numbers: list[str], users: list[str]) -> dict[str, list[str]]:
    """One block of models: contacts (until the address book is full), a group chat's messages,
    SMS, calls and files. Calls, SMS and chats draw from the address book and a pool of app
    users, as on a real phone, where millions of messages involve a few thousand people."""
    out: dict[str, list[str]] = {k: [] for k in ("Contact", "Chat", "SMS", "Call", "files")}
    for k in range(UNIT):
        if (i := b * UNIT + k) < len(numbers):
            out["Contact"].append(w.contact(f"c{i}", f"Contact {i}", [numbers[i]], [f"c{i}@mail.example"]))
    people = [w.Party(u, f"User {u}", admin=k < 2) for k, u in enumerate(rng.sample(users, UNIT))]
    msgs = [
        _with_text(
            w.message(f"m{b}-{k}", f"2026-01-{1 + k % 28:02d}T10:{k % 60:02d}:00+00:00", rng.choice(people))
        )
        for k in range(4 * UNIT)
    ]
    out["Chat"].append(w.chat(f"g{b}", "Telegram", f"grp-{b}", f"group {b}", "Group", people, msgs))
    for k in range(UNIT // 2):
        them = rng.choice(numbers)
        me = w.Party("+639171110000", owner=True, role="From")
        out["SMS"].append(
            _with_text(w.sms(f"s{b}-{k}", "2026-02-01T08:00:00+00:00", [me, w.Party(them, role="To")]))
        )
        out["Call"].append(
            w.call(f"k{b}-{k}", "Outgoing", "2026-02-02T08:00:00+00:00", 60 + k, [w.Party(them)])
        )
    for k in range(UNIT):
        digest = rng.randbytes(48).hex()
        hashes = {"MD5": digest[:32], "SHA256": digest[32:96]}
        out["files"].append(
            w.tagged_file(f"f{b}-{k}", f"/Root/DCIM/IMG_{b}_{k}.jpg", 100_000 + k, None, hashes, "Image")
        )
    return out


def _with_text(xml: str) -> str:
    """The fields a message of Physical Analyzer carries beside its parties (status, folder,
    source app, body…): Clew reads none of them, the parser must still get through them."""
    extra = "".join(w.value_field(k, v) for k, v in TEXT_FIELDS)
    head, _, tail = xml.rpartition("</model>")
    return f"{head}{extra}</model>{tail}"


def generate(folder: Path, size: int, seed: int = 7) -> int:
    """Write ``folder/report.xml`` of about ``size`` bytes; returns its size. Files come first,
    then each model type, as Physical Analyzer orders them (so the writer holds one type at a
    time in a temporary file)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    numbers = [_number(rng, k % 2 == 0) for k in range(CONTACTS)]
    users = [f"user_{k}" for k in range(USERS)]
    parts = {
        k: (folder / f".{k}.part").open("w", encoding="utf-8")
        for k in ("Contact", "Chat", "SMS", "Call", "files")
    }
    written, b = 0, 0
    while written < size:
        for kind, items in _block(rng, b, numbers, users).items():
            text = "".join(f"{x}\n" for x in items)
            parts[kind].write(text)
            written += len(text)
        b += 1
    for fh in parts.values():
        fh.close()
    device = {
        "DeviceInfoOwnerName": ["Bench Owner"],
        "IMSI": ["515031234567890"],
        "MSISDN": ["+639171110000"],
    }
    with (folder / "report.xml").open("w", encoding="utf-8") as out:
        out.write(w.head("bench-project", device) + "<taggedFiles>\n")
        _copy(folder / ".files.part", out)
        out.write("</taggedFiles>\n<decodedData>\n")
        for kind in ("Contact", "Chat", "SMS", "Call"):
            out.write(f'<modelType type="{kind}">\n')
            _copy(folder / f".{kind}.part", out)
            out.write("</modelType>\n")
        out.write("</decodedData>\n</project>\n")
    return (folder / "report.xml").stat().st_size


def _copy(part: Path, out) -> None:
    with part.open(encoding="utf-8") as fh:
        shutil.copyfileobj(fh, out, 1 << 20)
    part.unlink()


def bare(report: Path) -> dict:
    """Parse and clear the same elements Clew's reader reads (top-level models, each chat message,
    each tagged file), touching nothing else."""
    from clew.ingest.ufdr_xml import FILE, MODEL, MODELTYPE, MULTIMODELFIELD, TAGGEDFILES, drop, iterparse

    start = time.perf_counter()
    n = 0
    with report.open("rb") as fh:
        for _, el in iterparse(fh, ("end",), [MODEL, FILE]):
            n += 1
            parent = el.getparent()
            if parent.tag in (MODELTYPE, TAGGEDFILES) or (
                parent.tag == MULTIMODELFIELD and parent.get("name") == "Messages"
            ):
                drop(el)
    return {"seconds": time.perf_counter() - start, "elements": n}


def ingest(folder: Path, workspace: Path) -> dict:
    from clew.ingest import ingest_paths
    from clew.store import Workspace

    ws = Workspace.init(workspace)
    start = time.perf_counter()
    with ws.store() as store:
        summary = ingest_paths(store, [folder])
    f = summary.files[0]
    return {
        "seconds": time.perf_counter() - start,
        "records": f.records,
        "status": f.status,
        "found": f.found,
    }


def child(phase: str, path: Path, workspace: Path) -> None:
    result = bare(path / "report.xml") if phase == "bare" else ingest(path, workspace)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    result["worker_rss_mb"] = workers.ru_maxrss / 1024
    result["own_cpu"] = own.ru_utime + own.ru_stime
    result["worker_cpu"] = workers.ru_utime + workers.ru_stime
    result["cpu_seconds"] = result["own_cpu"] + result["worker_cpu"]
    print(json.dumps(result))


def run(phase: str, folder: Path, workspace: Path) -> dict:
    print(f"{phase}: load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, str(folder), str(workspace)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="2G", help="report.xml size (e.g. 200M, 2G)")
    parser.add_argument("--keep", action="store_true", help="keep the generated report")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args.phase, Path(args.paths[0]), Path(args.paths[1]))
        return
    tmp = Path(tempfile.mkdtemp(prefix="clew-bench-ufdr-"))
    try:
        t0 = time.perf_counter()
        size = generate(tmp / "extraction", parse_size(args.size))
        print(f"report.xml: {size / 2**20:.0f} MiB written in {time.perf_counter() - t0:.0f} s ({tmp})")
        base = run("bare", tmp / "extraction", tmp / "ws")
        print(
            f"bare lxml iterparse: {base['seconds']:.1f} s, {base['elements']} elements, "
            f"peak RSS {base['peak_rss_mb']:.0f} MB"
        )
        clew = run("ingest", tmp / "extraction", tmp / "ws")
        print(
            f"clew ingest: {clew['seconds']:.1f} s, {clew['records']} records ({clew['status']}), "
            f"peak RSS {clew['peak_rss_mb']:.0f} MB (its reading worker's, if any: "
            f"{clew['worker_rss_mb']:.0f} MB); found {clew['found']}"
        )
        ratio = clew["seconds"] / base["seconds"]
        peak = max(clew["peak_rss_mb"], clew["worker_rss_mb"])
        print(f"ratio clew/bare: {ratio:.2f}x (target <= 3x); peak RSS {peak:.0f} MB (target < 500)")
        cpu = clew["cpu_seconds"] / base["cpu_seconds"]
        print(
            f"CPU seconds (both processes): bare {base['cpu_seconds']:.1f}, "
            f"clew {clew['cpu_seconds']:.1f} ({cpu:.2f}x): loader {clew['own_cpu']:.1f} "
            f"({clew['own_cpu'] / base['cpu_seconds']:.2f}x), reading worker {clew['worker_cpu']:.1f} "
            f"({clew['worker_cpu'] / base['cpu_seconds']:.2f}x)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
