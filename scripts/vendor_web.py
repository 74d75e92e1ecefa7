#!/usr/bin/env python3
"""Refresh the web app's vendored JavaScript and data files from the npm registry.

    python scripts/vendor_web.py           # download, verify, extract, write SHA256SUMS
    python scripts/vendor_web.py --check   # only check the committed files against SHA256SUMS

Each package in ``PINS`` is fetched with ``npm pack name@version`` (npm's own client), its
tarball checked against the registry integrity (``sha512-…``) pinned here when the version was
chosen — a changed tarball under the same version fails loudly — and only the listed dist files
plus the package's licence files are copied to ``src/clew/web/static/vendor/<name>-<version>/``.
``SHA256SUMS`` (``sha256sum -c`` format) and ``manifest.json`` (name, version, licence, files)
are written beside them. The files are committed: nothing is built or fetched at install time,
and the browser never asks any other origin for anything (checklist E5).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "clew" / "web" / "static" / "vendor"


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    licence: str
    integrity: str  # the registry's dist.integrity for this version
    files: tuple[str, ...]  # paths inside the tarball's package/ directory

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"


PINS: tuple[Pin, ...] = (
    Pin(
        "htmx.org",
        "2.0.11",
        "0BSD",
        "sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        ("dist/htmx.min.js", "LICENSE"),
    ),
    Pin(
        "cytoscape",
        "3.35.0",
        "MIT",
        "sha512-sMvBIXiGMnhkCaWz2R06FwF/27MNlS+Tqvi17foO9UhnUg3XGZccKjxsvEqQFAQYMSSZmN5SxYzUYlQ0DOJJ3g==",
        ("dist/cytoscape.min.js", "LICENSE"),
    ),
    Pin(
        "d3",
        "7.9.2",
        "ISC",
        "sha512-ZKb/mONPVKzaO5UlcWcwN8bS4ezvQaYu+bsou+XgNABdGC800kwH651ADTbbTxMPHW13UlvbQafdmJQDk1w7Mg==",
        ("dist/d3.min.js", "LICENSE"),
    ),
    Pin(
        "topojson-client",
        "3.1.0",
        "ISC",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        ("dist/topojson-client.min.js", "LICENSE"),
    ),
    Pin(
        "world-atlas",
        "2.0.2",
        "ISC",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        ("countries-110m.json", "LICENSE"),
    ),
    # vis-timeline's *peer* build: the standalone one bundles moment and vis-data and injects its
    # stylesheet as 28 <style> elements, which the CSP (style-src 'self') refuses; the peer build
    # injects nothing (its .min.css is linked as a file) and takes moment and vis-data as the
    # globals ``moment`` and ``vis``, vendored below and loaded before it
    Pin(
        "moment",
        "2.31.0",
        "MIT",
        "sha512-0acOTfMiWOheYS4eoWb80yYMb/JLvVv9SHbs2PehaDzfUG0Bw855SKyk0IKTnPGa5+U2bmi3W68l1+sGLX/pvw==",
        ("min/moment.min.js", "LICENSE"),
    ),
    Pin(
        "vis-data",
        "8.0.6",
        "Apache-2.0 OR MIT",
        "sha512-6NjsyqWL18ithgkpPqfYGvwx7JlrxgO0MkMJdZus4eovFl6ebUjNcn/UEzgm5NWvCAz4psUgkvcdLyAXFxeeDg==",
        ("peer/umd/vis-data.min.js", "LICENSE-APACHE-2.0", "LICENSE-MIT"),
    ),
    Pin(
        "vis-timeline",
        "8.5.4",
        "Apache-2.0 OR MIT",
        "sha512-Xt7RNrRvOkQiSyk6vFTXSRwTunT0y9MzDgHY8N8H9nPuebJ6Vg+u3xnv0Swbxna/Pa2E3HjaBblEIQiK74E01Q==",
        (
            "peer/umd/vis-timeline-graph2d.min.js",
            "styles/vis-timeline-graph2d.min.css",
            "LICENSE.md",
            "LICENSE.Apache-2.0.txt",
            "LICENSE.MIT.txt",
        ),
    ),
)


def sri(data: bytes) -> str:
    """The npm/Subresource-Integrity form of ``data``'s SHA-512."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(pin: Pin, work: Path) -> Path:
    """``npm pack`` the pinned version into ``work``; the tarball's path."""
    found = subprocess.run(
        ["npm", "pack", f"{pin.name}@{pin.version}", "--json", "--pack-destination", str(work)],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
    )
    return work / json.loads(found.stdout)[0]["filename"]


def extract(pin: Pin, tarball: Path) -> list[Path]:
    """Verify ``tarball`` and copy the pinned files (flat) into the package's vendor folder."""
    data = tarball.read_bytes()
    if sri(data) != pin.integrity:
        raise SystemExit(f"{tarball.name}: integrity {sri(data)} is not the pinned {pin.integrity}")
    target = VENDOR / pin.folder
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    out = []
    with tarfile.open(tarball, "r:gz") as tar:
        for name in pin.files:
            member = tar.getmember(f"package/{name}")
            if not member.isfile():
                raise SystemExit(f"{tarball.name}: package/{name} is not a regular file")
            dest = target / Path(name).name
            dest.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
            out.append(dest)
    return out


def sums_text() -> str:
    """``SHA256SUMS`` of every vendored file, paths relative to the vendor folder, sorted."""
    lines = []
    for path in sorted(VENDOR.rglob("*")):
        if path.is_file() and path.parent != VENDOR:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.relative_to(VENDOR).as_posix()}")
    return "\n".join(lines) + "\n"


def manifest() -> list[dict[str, object]]:
    return [
        {
            "name": p.name,
            "version": p.version,
            "licence": p.licence,
            "integrity": p.integrity,
            "folder": p.folder,
            "files": [Path(f).name for f in p.files],
        }
        for p in PINS
    ]


def check() -> list[str]:
    """Problems with the committed files: missing, changed or unlisted (empty: all good)."""
    listed = {}
    for line in (VENDOR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    problems = [f"{n}: missing" for n in listed if not (VENDOR / n).is_file()]
    for path in sorted(VENDOR.rglob("*")):
        if not path.is_file() or path.parent == VENDOR:
            continue
        name = path.relative_to(VENDOR).as_posix()
        if name not in listed:
            problems.append(f"{name}: not in SHA256SUMS")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != listed[name]:
            problems.append(f"{name}: checksum differs from SHA256SUMS")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify the committed files")
    args = parser.parse_args(argv)
    if not args.check:
        if shutil.which("npm") is None:
            raise SystemExit(
                "npm not found: install it (apt-get install -y npm) to refresh the vendored files"
            )
        for old in VENDOR.glob("*"):
            if old.is_dir() and old.name not in {p.folder for p in PINS}:
                shutil.rmtree(old)
        with tempfile.TemporaryDirectory() as tmp:
            for pin in PINS:
                files = extract(pin, fetch(pin, Path(tmp)))
                print(f"{pin.folder}: {', '.join(f.name for f in files)}")
        (VENDOR / "SHA256SUMS").write_text(sums_text())
        (VENDOR / "manifest.json").write_text(json.dumps(manifest(), indent=2) + "\n")
    problems = check()
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
