"""``clew.atomic``: a file appears whole, and ``write_once`` never replaces one that exists."""

from __future__ import annotations

import stat

from clew.atomic import write_once, write_whole


def test_write_once_creates_then_refuses_and_keeps_the_first(tmp_path):
    path = tmp_path / "key.pem"
    assert write_once(path, b"first") is True
    assert write_once(path, b"second") is False
    assert path.read_bytes() == b"first"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.pem"]  # no temporary left


def test_write_whole_replaces_with_the_mode_asked(tmp_path):
    path = tmp_path / "checkpoint.pub"
    write_whole(path, b"old\n", 0o644)
    write_whole(path, b"new\n", 0o644)
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint.pub"]
