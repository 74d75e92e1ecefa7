"""Which transformations PDQ survives (distance <= 31), on benign images.

Measured table in docs/architecture.md ``## Media``. Mirroring and 90-degree rotation do not
survive plain PDQ; they are found through the dihedral hashes (``clew media match --dihedral``).
Cropping survives up to about 2% (centred); 5% does not.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageOps

from clew.media.pdq import hamming, hash_image_bytes

from .conftest import PDQ_REF, benign_image


def _encode(image: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kw)
    return buf.getvalue()


def _crop(image: Image.Image, fraction: float) -> Image.Image:
    dx, dy = int(image.width * fraction / 2), int(image.height * fraction / 2)
    return image.crop((dx, dy, image.width - dx, image.height - dy))


TRANSFORMS = {
    "resize-50%": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.LANCZOS),
    "resize-150%": lambda im: im.resize((im.width * 3 // 2, im.height * 3 // 2), Image.Resampling.BICUBIC),
    "jpeg-q70": lambda im: Image.open(io.BytesIO(_encode(im, "JPEG", quality=70))),
    "crop-2%": lambda im: _crop(im, 0.02),
    "crop-5%": lambda im: _crop(im, 0.05),
    "greyscale": lambda im: im.convert("L").convert("RGB"),
    "mirror": ImageOps.mirror,
    "rotate-90": lambda im: im.transpose(Image.Transpose.ROTATE_90),
}
SURVIVES = {"resize-50%", "resize-150%", "jpeg-q70", "crop-2%", "greyscale"}


def _images() -> dict[str, Image.Image]:
    bridge = Image.open(PDQ_REF / "images/bridge-mods/aaa-orig.jpg").convert("RGB")
    return {"generated": benign_image(seed=11), "bridge": bridge}


def measure() -> dict[tuple[str, str], tuple[int, int]]:
    """(image, transform) -> (plain distance, best dihedral distance)."""
    out = {}
    for name, image in _images().items():
        original = hash_image_bytes(_encode(image))
        for label, transform in TRANSFORMS.items():
            copy = hash_image_bytes(_encode(transform(image).convert("RGB")))
            plain = hamming(original.pdq, copy.pdq)
            out[(name, label)] = (plain, min(hamming(copy.pdq, d) for d in original.dihedral))
    return out


@pytest.fixture(scope="module")
def measured():
    return measure()


@pytest.mark.parametrize("label", sorted(SURVIVES))
def test_survives_plain_pdq(measured, label):
    for image in ("generated", "bridge"):
        assert measured[(image, label)][0] <= 31, (image, label, measured[(image, label)])


@pytest.mark.parametrize("label", ["mirror", "rotate-90"])
def test_mirror_and_rotation_need_dihedral(measured, label):
    for image in ("generated", "bridge"):
        plain, dihedral = measured[(image, label)]
        assert plain > 31 and dihedral <= 31, (image, label, plain, dihedral)


def test_crop_5_percent_is_a_documented_limit(measured):
    """PDQ is not crop-robust: a centred 5% crop moves the hash 52-58 bits (docs say so)."""
    assert all(measured[(image, "crop-5%")][0] > 31 for image in ("generated", "bridge"))


if __name__ == "__main__":  # prints the table for the docs
    for (image, label), (plain, dih) in measure().items():
        print(f"| {image} | {label} | {plain} | {dih} |")
