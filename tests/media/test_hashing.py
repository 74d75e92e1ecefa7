"""``clew media hash``: folders and zips, digests, PDQ policy, errors, resumability, export."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import numpy as np
from PIL import Image

from clew.media.export import COLUMNS, export_csv
from clew.media.hashing import hash_paths
from clew.media.pdq import hamming, hash_array, hash_image_bytes

from .conftest import benign_image


def _png(image: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", **kw)
    return buf.getvalue()


def _jpeg(image: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=90, **kw)
    return buf.getvalue()


def _device(tmp_path):
    root = tmp_path / "device"
    (root / "DCIM").mkdir(parents=True)
    (root / "DCIM" / "a.png").write_bytes(_png(benign_image(seed=1)))
    (root / "DCIM" / "renamed.dat").write_bytes(_jpeg(benign_image(seed=2)))  # sniffed as image
    (root / "notes.txt").write_text("shopping list\n", encoding="utf-8")
    (root / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with zipfile.ZipFile(root / "backup.zip", "w") as z:
        z.writestr("inner/b.png", _png(benign_image(seed=3)))
        z.writestr("inner/readme.txt", "hello")
    (root / "bad.zip").write_bytes(b"PK\x03\x04 truncated")
    return root


def test_hash_folder_and_zip(store, tmp_path):
    root = _device(tmp_path)
    counts = hash_paths(store, [root], source="DEV-1", holder="person-1", workers=1)
    assert counts["files"] == 7 and counts["hashed"] == 7 and counts["images"] == 3
    rows = {r["path"].replace(str(root), ""): r for r in store.select("media_files")}
    assert "/backup.zip!inner/b.png" in rows and "/backup.zip!inner/readme.txt" in rows
    text = rows["/notes.txt"]
    assert text["sha256"] == hashlib.sha256(b"shopping list\n").hexdigest() and text["pdq"] is None
    assert text["md5"] == hashlib.md5(b"shopping list\n").hexdigest() and text["size"] == 14
    assert rows["/DCIM/renamed.dat"]["kind"] == "image" and len(rows["/DCIM/renamed.dat"]["pdq"]) == 64
    assert rows["/broken.jpg"]["pdq"] is None and "corrupt" in rows["/broken.jpg"]["note"]
    assert {r["holder"] for r in rows.values()} == {"person-1"}
    errors = {e["path"].replace(str(root), ""): e["error"] for e in store.select("media_errors")}
    assert set(errors) == {"/broken.jpg", "/bad.zip"}  # reported, never fatal
    assert len(rows["/DCIM/a.png"]["pdq_dihedral"].split()) == 8


def test_resumable_and_parallel(store, tmp_path):
    root = _device(tmp_path)
    first = hash_paths(store, [root], source="DEV-1", workers=2)
    assert first["hashed"] == 7
    again = hash_paths(store, [root], source="DEV-1", workers=2)
    assert again["skipped"] == 7 and again["hashed"] == 0
    store.delete("media_files", {"path": str(root / "notes.txt")})  # as if the run had crashed before it
    resumed = hash_paths(store, [root], source="DEV-1", workers=1)
    assert resumed["hashed"] == 1 and store.count("media_files") == 7


def test_export_csv(store, tmp_path):
    hash_paths(store, [_device(tmp_path)], source="DEV-1", workers=1)
    out = tmp_path / "media.csv"
    assert export_csv(store, out) == 7
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == COLUMNS
    images = [r for r in rows if r["pdq"]]
    assert len(images) == 3 and all(len(r["pdq"]) == 64 and 0 <= int(r["quality"]) <= 100 for r in images)
    assert all(r["quality"] == "" for r in rows if not r["pdq"])


def test_exif_orientation_is_recorded_not_applied():
    image = benign_image(seed=4)
    rotated = image.transpose(Image.Transpose.ROTATE_90)  # pixels stored rotated ...
    exif = Image.Exif()
    exif[0x0112] = 6  # ... with a tag saying "rotate 90 to display"
    tagged = hash_image_bytes(_jpeg(rotated, exif=exif.tobytes()))
    plain = hash_image_bytes(_jpeg(rotated))
    assert tagged.pdq == plain.pdq  # hashed as stored (C++ CLI and pytx do the same)
    assert "exif-orientation=6 ignored" in tagged.note
    upright = hash_image_bytes(_jpeg(image))
    assert hamming(upright.pdq, tagged.pdq) > 31
    assert min(hamming(upright.pdq, d) for d in tagged.dihedral) <= 31  # --dihedral finds it


def test_alpha_dropped_and_16_bit_scaled():
    image = benign_image(seed=5)
    rgba = image.copy()
    rgba.putalpha(Image.fromarray(np.full((image.height, image.width), 7, dtype=np.uint8)))
    assert hash_image_bytes(_png(rgba)).pdq == hash_image_bytes(_png(image)).pdq
    assert hash_image_bytes(_png(rgba)).note == "alpha dropped"
    grey = np.asarray(image.convert("L")).astype(np.uint16) * 257  # 16-bit copy of the 8-bit picture
    sixteen = hash_image_bytes(_png(Image.fromarray(grey)))
    eight = hash_array(np.repeat(np.asarray(image.convert("L"))[:, :, None], 3, axis=2))
    assert sixteen.pdq == eight.pdq and sixteen.note == "16-bit scaled //257"


def test_large_image_pre_resized_like_cpp_cli():
    big = benign_image(size=1100, seed=6)
    ref = hash_image_bytes(_png(big))
    full = hash_image_bytes(_png(big), mode="fullres")
    assert "resized 1100x1100->512x512" in ref.note and full.note == ""
    assert hamming(ref.pdq, full.pdq) <= 31
