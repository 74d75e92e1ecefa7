"""Builders of hostile evidence that cannot be committed (issue 10; checklist H1, H3): links,
FIFOs, sockets, device links and names that are not UTF-8 are made at test time."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "hostile"
FORMULA_NAME = '=HYPERLINK("evil","click").txt'
BAD_NAME = b"bad\xffname.jpg"
TAB_NAME = "tab\tname.txt"  # valid UTF-8, but a control character: shown escaped too


def hostile_folder(base: Path) -> dict[str, Path]:
    """A seized folder with a benign image, a formula file name, a non-UTF-8 name, links
    (to a file outside, to /dev/zero, to a folder inside, broken, a loop), a FIFO and a
    socket. Returns the evidence folder and the outside file."""
    ev = base / "evidence"
    (ev / "sub").mkdir(parents=True)
    outside = base / "outside-secret.txt"
    outside.write_text("not evidence\n")
    Image.new("RGB", (64, 64), (30, 140, 60)).save(ev / "a.png")
    (ev / FORMULA_NAME).write_text("hello\n")
    (ev / TAB_NAME).write_text("tab\n")
    (ev / "sub" / "note.txt").write_text("in a subfolder\n")
    with open(os.path.join(os.fsencode(ev), BAD_NAME), "wb") as fh:
        fh.write(b"not really a jpeg")
    os.symlink(outside, ev / "outside.txt")
    os.symlink("/dev/zero", ev / "zero.jpg")
    os.symlink("sub", ev / "linkdir")
    os.symlink("missing.jpg", ev / "broken.jpg")
    os.symlink(".", ev / "sub" / "loop")
    os.mkfifo(ev / "pipe.jpg")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(ev / "sock.jpg"))
    sock.close()
    return {"evidence": ev, "outside": outside}


def png_bomb(path: Path, width: int = 12_500, height: int = 12_000) -> Path:
    """A greyscale PNG of ``width`` x ``height`` zero pixels (150 MP) in ~150 KB: a
    decompression bomb. Written row by row, so making it costs little memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    comp = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def clew(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``clew`` as a user would, in a fresh process; a hang fails the test (timeout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "clew.cli.main", *args],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env,
    )  # fmt: skip
