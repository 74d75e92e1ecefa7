"""Benchmark of ``clew media hash`` on a folder of generated benign images (issue 5).

Generates 2,000 synthetic pictures (gradients and flat shapes; 640x480 JPEG and, every
fourth, 1024x768 PNG so the 512 px pre-resize is exercised), then times
``clew.media.hashing.hash_paths`` (MD5 + SHA-1 + SHA-256 + PDQ with dihedral hashes, 2
worker processes, stored in a fresh workspace) against the baseline of computing SHA-256
alone over the same files in the same process. Prints files/s and the ratio.

    python bench/media_hash.py            # 2,000 images
    python bench/media_hash.py --quick    # 200 images
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from clew.media.hashing import hash_paths
from clew.store import Workspace


def make_images(folder: Path, n: int, seed: int = 3) -> int:
    rng = np.random.default_rng(seed)
    total = 0
    for i in range(n):
        w, h = (1024, 768) if i % 4 == 3 else (640, 480)
        y, x = np.mgrid[0:h, 0:w] / max(w, h)
        a, b, c = rng.uniform(1, 8, 3)
        arr = np.stack([128 + 127 * np.sin(a * x), 255 * y, 128 + 127 * np.cos(b * x + c * y)], axis=-1)
        for _ in range(4):
            x0, y0 = rng.integers(0, w - 60), rng.integers(0, h - 60)
            arr[y0 : y0 + rng.integers(20, 60), x0 : x0 + rng.integers(20, 60)] = rng.uniform(0, 255, 3)
        image = Image.fromarray(arr.astype(np.uint8), "RGB")
        path = folder / (f"img_{i:05d}.png" if i % 4 == 3 else f"img_{i:05d}.jpg")
        image.save(path, quality=85) if path.suffix == ".jpg" else image.save(path)
        total += path.stat().st_size
    return total


def sha256_only(folder: Path) -> int:
    n = 0
    for path in sorted(folder.iterdir()):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n = 200 if args.quick else 2000
    with tempfile.TemporaryDirectory(prefix="clew-media-bench-") as tmp:
        folder = Path(tmp) / "images"
        folder.mkdir()
        t = time.perf_counter()
        size = make_images(folder, n)
        print(f"{n} generated images, {size / 2**20:.0f} MiB ({time.perf_counter() - t:.1f} s to make)")
        t = time.perf_counter()
        sha256_only(folder)
        base = n / (time.perf_counter() - t)
        print(f"baseline SHA-256 alone (1 process): {base:,.0f} files/s")
        with Workspace.init(Path(tmp) / "ws").store() as store:
            for workers in (1, 2):
                store.delete("media_files")
                t = time.perf_counter()
                counts = hash_paths(store, [folder], source="bench", workers=workers)
                rate = n / (time.perf_counter() - t)
                assert counts["images"] == n
                label = f"{workers} process" + ("es" if workers > 1 else "")
                print(f"clew media hash ({label}; MD5+SHA-1+SHA-256+PDQ, stored): "
                      f"{rate:,.0f} files/s = {rate / base:.3f}x SHA-256 alone")  # fmt: skip


if __name__ == "__main__":
    main()
