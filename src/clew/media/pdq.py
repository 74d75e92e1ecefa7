"""PDQ hashes of images through ``pdqhash`` (Meta's C++ PDQ, no hand-written DCT).

Image policy (why: docs/architecture.md ``## Media``):

- EXIF orientation is **ignored** (pixels hashed as stored), as the C++ reference CLI and
  python-threatexchange do, so Clew's hashes equal theirs; the tag is recorded in the note
  and the 8 dihedral hashes are kept, so ``clew media match --dihedral`` finds rotated and
  mirrored copies anyway.
- Alpha is **dropped** (colour channels as stored), as pytx does (``convert("RGB")``).
- 16-bit samples are scaled to 8 bit by ``value // 257`` (0..65535 -> 0..255).
- ``mode="reference"`` (default): images with a side over 512 px are first resized to
  512x512 by nearest neighbour, rows ``i*H//512`` and columns ``j*W//512``, as the C++
  reference CLI ``pdq-photo-hasher`` does; ``mode="fullres"`` hashes the full image as
  pytx / HMA do. Both are bit-exact with their reference; they differ for large images.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import pdqhash
from PIL import Image, UnidentifiedImageError

from clew.media import MODES

__all__ = ["MODES", "PdqResult", "hash_image_bytes"]
CPP_SIDE = 512
# Largest image decoded for PDQ, in pixels (64 Mi ~ 67 MP). Decoding costs up to ~14 bytes
# a pixel at peak (decoder buffer, RGB copy, numpy array; measured on a 24 MP PNG, see
# docs/architecture.md ``## Media``), so at most ~0.9 GiB per worker at the limit. It is
# above every full-frame camera (61 MP) and 8K video frames (33 MP); bigger JPEGs (200 MP
# phone modes) are decoded at a reduced DCT scale. Pillow's own bomb check (a warning over
# 89 MP, an error over 179 MP, at ``Image.open``) stays: alone it let a 150 MP, 18 KB PNG
# cost 1.6 GiB.
MAX_PIXELS = 64 * 2**20
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class PdqResult:
    pdq: str  # 64 hex digits
    quality: int
    dihedral: tuple[str, ...]  # 8 hashes: original, rot90, rot180, rot270, flipx, flipy, flip+1, flip-1
    note: str


def bits_to_hex(bits: np.ndarray) -> str:
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex()


def hamming(left: str, right: str) -> int:
    return (int(left, 16) ^ int(right, 16)).bit_count()


def to_rgb_array(image: Image.Image) -> tuple[np.ndarray, list[str]]:
    """An HxWx3 uint8 array of the pixels as stored, and notes on what was done."""
    notes: list[str] = []
    orientation = image.getexif().get(EXIF_ORIENTATION) if hasattr(image, "getexif") else None
    if orientation and orientation != 1:
        notes.append(f"exif-orientation={orientation} ignored")
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(image).astype(np.int64)
        if mode == "I" and arr.max(initial=0) <= 255:
            grey = arr.clip(0, 255).astype(np.uint8)
        else:
            grey = (arr.clip(0, 65535) // 257).astype(np.uint8)
            notes.append("16-bit scaled //257")
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2)), notes
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        notes.append("alpha dropped")
    rgb = image.convert("RGB")
    return np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8)), notes


def prepare(arr: np.ndarray, mode: str = "reference") -> tuple[np.ndarray, str | None]:
    """Apply the C++ CLI's pre-resize in ``reference`` mode; returns the array and a note."""
    if mode not in MODES:
        raise ValueError(f"unknown PDQ mode {mode!r}")
    h, w = arr.shape[:2]
    if mode == "fullres" or (h <= CPP_SIDE and w <= CPP_SIDE):
        return arr, None
    rows = np.arange(CPP_SIDE) * h // CPP_SIDE
    cols = np.arange(CPP_SIDE) * w // CPP_SIDE
    return np.ascontiguousarray(arr[np.ix_(rows, cols)]), f"resized {w}x{h}->512x512 (C++ CLI)"


def hash_array(arr: np.ndarray, notes: list[str] | None = None, mode: str = "reference") -> PdqResult:
    prepared, note = prepare(arr, mode)
    hashes, quality = pdqhash.compute_dihedral(prepared)
    all_notes = [*(notes or []), *([note] if note else [])]
    return PdqResult(
        pdq=bits_to_hex(hashes[0]),
        quality=int(quality),
        dihedral=tuple(bits_to_hex(h) for h in hashes),
        note="; ".join(all_notes),
    )


def hash_image_bytes(data: bytes, mode: str = "reference") -> PdqResult:
    """PDQ of an encoded image. Raises ``ValueError`` when it cannot be decoded, or when
    its header declares more than :data:`MAX_PIXELS` (checked before decoding, see
    :func:`check_size`)."""
    try:
        with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as image:
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # check_size decides
            notes = check_size(image)
            image.load()
            arr, more = to_rgb_array(image)
            notes += more
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"undecodable image: {exc}") from exc
    if arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError("empty image")
    return hash_array(arr, notes, mode)


def check_size(image: Image.Image) -> list[str]:
    """Refuse, from the header alone, an image that would decode to more than
    :data:`MAX_PIXELS`: a JPEG is first asked to decode at 1/2, 1/4 or 1/8 scale (libjpeg's
    DCT scaling, cheap), noted because its PDQ then differs slightly from a full decode."""
    width, height = image.size
    if width * height <= MAX_PIXELS:
        return []
    if image.format == "JPEG":
        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
        w, h = image.size
        if w * h <= MAX_PIXELS:
            return [f"{width}x{height} over {MAX_PIXELS // 2**20} MP: decoded at {w}x{h} (JPEG DCT scaling)"]
    raise ValueError(
        f"{width}x{height} = {width * height / 1e6:.0f} megapixels, over the decode limit of "
        f"{MAX_PIXELS // 2**20} Mi pixels; cryptographic hashes only"
    )


def hash_image_file(path: str, mode: str = "reference") -> PdqResult:
    with open(path, "rb") as fh:
        return hash_image_bytes(fh.read(), mode)
