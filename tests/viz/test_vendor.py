"""Vendored front-end files (issue 14): each matches ``SHA256SUMS``, each package has its licence,
the manifest names every folder, and pages and islands ask only the server's own origin (E5)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "clew" / "web"
VENDOR = WEB / "static" / "vendor"


def _script():
    spec = importlib.util.spec_from_file_location("vendor_web", ROOT / "scripts" / "vendor_web.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("vendor_web", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_every_vendored_file_matches_its_checksum() -> None:
    assert _script().check() == []


def test_a_changed_or_unlisted_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script()
    copy = tmp_path / "vendor"
    (copy / "pkg-1.0.0").mkdir(parents=True)
    (copy / "pkg-1.0.0" / "a.js").write_text("one")
    monkeypatch.setattr(script, "VENDOR", copy)
    (copy / "SHA256SUMS").write_text(script.sums_text())
    assert script.check() == []
    (copy / "pkg-1.0.0" / "a.js").write_text("two")
    (copy / "pkg-1.0.0" / "b.js").write_text("new")
    assert script.check() == [
        "pkg-1.0.0/a.js: checksum differs from SHA256SUMS",
        "pkg-1.0.0/b.js: not in SHA256SUMS",
    ]


def test_manifest_names_every_folder_with_its_licence_file() -> None:
    entries = json.loads((VENDOR / "manifest.json").read_text())
    folders = {p.name for p in VENDOR.iterdir() if p.is_dir()}
    assert {e["folder"] for e in entries} == folders
    for entry in entries:
        assert entry["licence"] and re.fullmatch(r"sha512-[A-Za-z0-9+/=]+", entry["integrity"])
        assert any("LICENSE" in f for f in entry["files"]), entry["name"]
        for name in entry["files"]:
            assert (VENDOR / entry["folder"] / name).is_file()


URL = re.compile(r"""(?:src|href|action|hx-get|hx-post)\s*=\s*["']([^"']+)["']""")


def test_templates_reference_only_the_own_origin() -> None:
    """Every ``src``/``href`` of every template is a path on the server (``/…`` or a Jinja
    expression), never another origin or protocol-relative URL; scripts come from /static/."""
    templates = sorted((WEB / "templates").rglob("*.html")) if (WEB / "templates").exists() else []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for url in URL.findall(text):
            assert not re.match(r"^(?:[a-z]+:|//)", url, re.I), f"{path.name}: {url}"
        for src in re.findall(r"<script[^>]*\bsrc\s*=\s*[\"']([^\"']+)", text):
            assert src.startswith("/static/") or src.startswith("{{"), f"{path.name}: {src}"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"{path.name}: inline script"


def test_islands_fetch_only_relative_paths() -> None:
    """The islands build no URL with a scheme or host: everything goes to the page's origin
    (the SVG namespace name in an exported chart is an identifier, never fetched)."""
    for path in sorted((WEB / "static" / "js").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        urls = re.findall(r"""["'`]((?:https?:)?//[^"'`\s]*)""", text)
        assert [u for u in urls if u != "http://www.w3.org/2000/svg"] == [], path.name
