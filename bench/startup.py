"""Benchmark: start-up time of ``clew`` commands that should answer at once.

Runs each command as a fresh process (``python -m clew …``, what the ``clew`` script runs) on
a small workspace, several times, and prints the median wall time and the median CPU time (user
+ system of the child: what the command costs when the machine is not shared, as wall time is
not on a loaded machine) next to the floor of the same process doing nothing (``python -c
pass``) and of importing what such a command cannot avoid (click; SQLAlchemy and the audit
log's signing for the commands that open the store). Target: < 0.5 s.

Also prints the ten costliest imports of each command (``python -X importtime``) so a heavy
library that crept back into start-up is named. Run: ``python bench/startup.py [--quick]``.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.5
COMMANDS = (["--help"], ["status"], ["search", "+63 917"])


def timed(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, float, int]:
    """Median wall seconds and median CPU seconds of ``argv`` over ``repeat`` runs, and its exit code."""
    walls, cpus, code = [], [], 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        code = done.returncode
    return statistics.median(walls), statistics.median(cpus), code


def costliest(argv: list[str], env: dict[str, str], n: int = 10) -> list[tuple[float, str]]:
    """The ``n`` top-level packages whose import took longest (cumulative, seconds)."""
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env, capture_output=True, text=True)
    found: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and len(match.group(2)) <= 1:  # imported by clew itself or by the interpreter
            top = match.group(3).split(".")[0]
            found[top] = found.get(top, 0.0) + int(match.group(1)) / 1e6
    return sorted(((s, m) for m, s in found.items()), reverse=True)[:n]


def main() -> None:
    repeat = 3 if "--quick" in sys.argv else 9
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        workspace = str(Path(tmp) / "ws")
        subprocess.run([sys.executable, "-m", "clew", "-w", workspace, "init"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        ed25519 = "cryptography.hazmat.primitives.asymmetric.ed25519"
        floors = {
            "python -c pass": "pass",
            "import click": "import click",
            "import click, sqlalchemy, cryptography": f"import click, sqlalchemy, {ed25519}",
        }
        measured = {name: timed([sys.executable, "-c", code], env, repeat) for name, code in floors.items()}
        for name, (wall, cpu, _) in measured.items():
            print(f"floor  {name:<40} wall {wall:.3f} s  cpu {cpu:.3f} s")
        met = True
        for command in COMMANDS:
            argv = [sys.executable, "-m", "clew", "-w", workspace, *command]
            wall, cpu, code = timed(argv, env, repeat)
            if code not in (0, 1):
                print(
                    f"clew {' '.join(command):<14} exit {code}: not available in this checkout, not measured"
                )
                continue
            floor = measured[
                "import click" if command == ["--help"] else "import click, sqlalchemy, cryptography"
            ]
            verdict = "ok" if cpu < TARGET else "OVER TARGET"
            print(f"clew {' '.join(command):<14} wall {wall:.3f} s  cpu {cpu:.3f} s  "
                  f"{cpu / floor[1]:.2f}x its floor's cpu  [{verdict}]")  # fmt: skip
            print("   costliest imports: " + ", ".join(f"{m} {s:.3f}" for s, m in costliest(argv, env)))
            met &= cpu < TARGET
        print(f"target < {TARGET} s (cpu, median of {repeat}) per command: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
