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
from network.fixtures import add_entities, person

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
    add_entities(store, [person("person-1")])  # --holder must name a record of the operation
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


def test_cli_hash_export_and_video_note(tmp_path):
    from click.testing import CliRunner

    from clew.cli.main import cli
    from clew.media import video

    root = tmp_path / "dev"
    root.mkdir()
    (root / "a.png").write_bytes(_png(benign_image(seed=8)))
    (root / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 not a real video")
    ws = str(tmp_path / "ws")
    runner = CliRunner()
    assert runner.invoke(cli, ["-w", ws, "init"]).exit_code == 0
    result = runner.invoke(cli, ["-w", ws, "media", "hash", str(root), "--source", "DEV-9", "--json"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.csv"
    assert runner.invoke(cli, ["-w", ws, "media", "export", "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["path"].rsplit("/", 1)[1] for r in rows] == ["a.png", "clip.mp4"] and rows[1]["pdq"] == ""
    if not video.AVAILABLE:
        notes = runner.invoke(cli, ["-w", ws, "media", "errors", "--json"])
        assert notes.exit_code == 0
        from clew.store import Workspace

        with Workspace.open(tmp_path / "ws").store() as s:
            (clip,) = [r for r in s.select("media_files") if r["path"].endswith("clip.mp4")]
        assert clip["kind"] == "video" and clip["note"] == video.UNAVAILABLE_NOTE


def test_video_frames_close_to_reference_vpdq(store, tmp_path):
    """With PyAV installed: 1 frame a second, each within 31 bits of the reference vPDQ frame."""
    import pytest

    from clew.media import video
    from clew.media.match import match

    from .conftest import PDQ_REF

    if not video.AVAILABLE:
        pytest.skip("optional extra 'video' (PyAV) not installed")
    name = "chair-20-sd-bar"
    add_entities(store, [person("p9")])
    counts = hash_paths(store, [PDQ_REF / "videos" / f"{name}.mp4"], source="V", holder="p9", workers=1)
    assert counts["videos"] == 1
    frames = list(store.select("media_frames", order_by=["frame"]))
    assert len(frames) >= 15
    reference = []
    for line in (PDQ_REF / "vpdq" / "sample-hashes" / f"{name}.txt").read_text(encoding="utf-8").split():
        _, quality, pdq, ts = line.split(",")
        reference.append((float(ts), int(quality), pdq))
    for frame in frames:
        ts, quality, pdq = min(reference, key=lambda r: abs(r[0] - frame["timestamp"]))
        if quality >= 50 and frame["quality"] >= 50:
            assert hamming(pdq, frame["pdq"]) <= 31
    listed = tmp_path / "v.csv"
    listed.write_text(f"pdq,series\n{reference[300][2]},VIDEO-TEST\n", encoding="utf-8")
    from clew.media.hashlist import import_file

    import_file(store, listed, name="v", caveat="benign test video")
    assert match(store)["per_subject"][0]["series"] == ["VIDEO-TEST"]
