"""Telegram Desktop export reading: memory and rate against a bare ijson pass over the same file.

    python bench/chats.py [--messages 1000000]

Writes a synthetic supergroup export (``result.json``, indented as Telegram Desktop writes it,
with a short text per message) under /tmp, then in fresh child processes each: (1) the bare
``ijson.parse`` over the file with the same backend and options (every event, nothing built);
(2) Clew's reader with the row building of ingest (``clew.ingest.build``), store writes left out.
Prints messages per CPU second of each (CPU time, not wall time: the machine is shared), their
ratio and each process's peak RSS: the reader holds one
message at a time, so its peak does not grow with the file.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path


def generate(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    users = [1000 + i for i in range(max(50, n // 200))]
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            '{\n "name": "bench group",\n "type": "private_supergroup",\n "id": 1700000001,\n "messages": [\n'
        )
        for i in range(1, n + 1):
            u = rng.choice(users)
            msg = {"id": i, "type": "message", "date": "2025-03-01T10:00:00",
                   "date_unixtime": str(1740823200 + i), "from": f"User {u}", "from_id": f"user{u}",
                   "text": "synthetic words " * 3,
                   "text_entities": [{"type": "plain", "text": "synthetic words " * 3}]}  # fmt: skip
            if i > 1 and rng.random() < 0.2:
                msg["reply_to_message_id"] = rng.randint(max(1, i - 50), i - 1)
            fh.write("  " + json.dumps(msg, ensure_ascii=False, indent=1).replace("\n", "\n  "))
            fh.write(",\n" if i < n else "\n")
        fh.write(" ]\n}\n")


CHILD = {
    "bare": "import ijson,sys\nn=0\nwith open(sys.argv[1],'rb') as fh:\n"
    " for _ in ijson.parse(fh, use_float=True): n+=1\n",
    "reader": "import sys\nfrom pathlib import Path\nfrom clew.ingest.build import build\n"
    "from clew.ingest.records import SourceContext\nfrom clew.ingest.telegram import TelegramReader\n"
    "from clew.ingest.region import Region\n"
    "from clew.ingest.rows import Rows\np=Path(sys.argv[1]); r=TelegramReader(); rows=Rows(1)\n"
    "for b in build(r.read(p, SourceContext(path=p, sha256='0'*64)), rows, str(p), Region(), False,"
    " lambda: r.position): pass\n",
}


def run(kind: str, path: Path) -> tuple[float, float]:
    code = CHILD[kind] + (
        "import resource\nu=resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(u.ru_utime+u.ru_stime, u.ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    cpu, rss = out.stdout.split()[-2:]
    return float(cpu), int(rss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "result.json"
        generate(path, args.messages)
        size = path.stat().st_size / 2**20
        bare, bare_rss = run("bare", path)
        reader, reader_rss = run("reader", path)
    n = args.messages
    print(f"file: {size:.0f} MiB, {n} messages")
    print(f"bare ijson.parse: {n / bare:,.0f} messages/s, peak RSS {bare_rss:.0f} MiB")
    print(f"Clew reader + row building: {n / reader:,.0f} messages/s, peak RSS {reader_rss:.0f} MiB")
    print(f"ratio reader/bare: {reader / bare:.2f}x")


if __name__ == "__main__":
    main()
