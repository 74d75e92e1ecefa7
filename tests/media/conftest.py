"""Shared fixtures of the media tests: reference data paths, a fresh store, benign images."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from clew.store import Workspace

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
PDQ_REF = SHARED / "reference" / "pdq"
VICS_REF = SHARED / "reference" / "vics"


@pytest.fixture
def store(tmp_path: Path):
    ws = Workspace.init(tmp_path / "ws")
    with ws.store() as s:
        yield s


def benign_image(size: int = 384, seed: int = 0) -> Image.Image:
    """A benign synthetic picture: smooth gradients plus a few flat shapes."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    r = 255 * (0.5 + 0.5 * np.sin(6 * x + rng.uniform(0, 3)))
    g = 255 * y
    b = 255 * (0.5 + 0.5 * np.cos(5 * (x + y) + rng.uniform(0, 3)))
    arr = np.stack([r, g, b], axis=-1)
    for _ in range(6):
        cx, cy, rad = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.05, 0.2)
        mask = (x - cx) ** 2 + (y - cy) ** 2 < rad**2
        arr[mask] = rng.uniform(0, 255, size=3)
    arr[int(size * 0.2) : int(size * 0.35), int(size * 0.55) : int(size * 0.9)] = (20, 20, 20)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")
