"""Memory of one file's hashing, of one image's decoding and of a whole run is bounded, and
hashing workers die with a killed ``clew`` (issue 10 items 1 and 7; checklist H3, I1)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from clew.media import pdq
from clew.store import Workspace
from hostile import ROOT, clew, png_bomb

from .conftest import benign_image

PROBE = r"""
import json, resource, sys
from pathlib import Path
from clew.media.file_hashes import hash_item
from clew.media.walk import Item, iter_items

def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

vm = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmSize"))
limit = vm + 768 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
before = rss()
errors = []
rows = [hash_item(i) for i in iter_items([Path(sys.argv[1])], errors, follow_links=True)]
rows.append(hash_item(Item("direct-zero", "/dev/zero", None, 0, "", None)))
print(json.dumps({"errors": errors, "rows": rows, "grew": rss() - before}))
"""


def test_dev_zero_links_and_a_png_bomb_are_skipped_under_a_memory_limit(tmp_path):
    """H3: a link to /dev/zero (followed on request) and a 150-megapixel PNG of ~150 KB are
    skipped cleanly, in a process whose address space is capped at +768 MiB."""
    ev = tmp_path / "ev"
    ev.mkdir()
    os.symlink("/dev/zero", ev / "zero.jpg")
    bomb = png_bomb(ev / "bomb.png")
    assert bomb.stat().st_size < 1_000_000
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(ev)], capture_output=True, text=True, timeout=120, env=env
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    notes = dict(out["errors"])
    assert "character device" in notes[str(ev / "zero.jpg")]
    rows = {Path(r["path"]).name: r for r in out["rows"]}
    assert "decode limit" in rows["bomb.png"]["note"] and rows["bomb.png"]["pdq"] is None
    assert rows["bomb.png"]["sha256"]  # still hashed cryptographically
    assert rows["direct-zero"]["error"].startswith("skipped: not a regular file")
    assert out["grew"] < 256 * 2**20


def _files(root: Path, folders: int) -> Path:
    for d in range(folders):
        (root / f"d{d:03d}").mkdir(parents=True)
        for i in range(200):
            (root / f"d{d:03d}" / f"f{i:03d}.txt").write_bytes(b"%d %d %s" % (d, i, root.name.encode()))
    return root


def _peak(store, root: Path) -> int:
    """Peak of Python's allocations while ``root`` is hashed (SQLite's page cache, bounded by
    its ``cache_size``, is not Python's and is not counted)."""
    import tracemalloc

    from clew.media.hashing import hash_paths

    tracemalloc.start()
    try:
        hash_paths(store, [root], source="s", workers=1)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_memory_of_a_whole_run_does_not_grow_with_its_files(tmp_path):
    """Item 1, "and of the whole run": 6,000 files cost no more than 1,000, hashed or skipped on a
    re-run. (Listing every file first and loading every stored key cost 1.9 MB for 1,000 files
    and 4.2 MB for 6,000; streamed, 1.66 and 1.64 MB.)"""
    small, large = _files(tmp_path / "small", 5), _files(tmp_path / "large", 30)
    with Workspace.init(tmp_path / "ws").store() as store:
        base = _peak(store, small)
        grown = _peak(store, large)
        again = _peak(store, large)  # every file already stored: skipped
        assert store.count("media_files") == 7000
    assert grown < 1.25 * base and again < 1.25 * base, (base, grown, again)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    buf = io.BytesIO()
    benign_image(256).save(buf, format="JPEG")
    monkeypatch.setattr(pdq, "MAX_PIXELS", 100 * 100)
    result = pdq.hash_image_bytes(buf.getvalue())
    assert "decoded at" in result.note and len(result.pdq) == 64
    png = io.BytesIO()
    benign_image(256).save(png, format="PNG")
    with pytest.raises(ValueError, match="decode limit"):
        pdq.hash_image_bytes(png.getvalue())


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent_and_every_stored_batch_is_audited(tmp_path):
    """Item 7: SIGKILL to `clew media hash` leaves no worker behind; the rows committed before
    the kill are all covered by `media.hash.batch` audit entries."""
    ev = tmp_path / "ev"
    ev.mkdir()
    image = benign_image(1600)
    for i in range(400):
        image.save(ev / f"img{i:03}.png", compress_level=0)
    ws = tmp_path / "ws"
    assert clew("-w", str(ws), "init").returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "clew.cli.main", "-w", str(ws), "media", "hash", str(ev), "--source", "s"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "no workers started"
    time.sleep(1.5)  # let some batches commit
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a hashing worker outlived its parent"
    assert b"Traceback" not in proc.stderr.read()
    with Workspace.open(ws).store() as store:
        stored = store.count("media_files")
        batches = list(store.select("audit", {"action": "media.hash.batch"}, columns=["detail"]))
        assert stored == sum(json.loads(b["detail"])["files"] for b in batches)


def test_png_bomb_is_small_on_disk(tmp_path):
    bomb = png_bomb(tmp_path / "b.png", 4000, 3000)
    with Image.open(bomb) as im:
        assert im.size == (4000, 3000)
