"""Uploaded evidence: plain names only, zips unpacked only when every member is safe (H3)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from clew.errors import FormatError, UserError
from clew.service import uploads


def _zip(members: dict[str, bytes], link: str | None = None) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    buf.seek(0)
    return buf


def test_plain_files_are_stored_as_sent(tmp_path: Path) -> None:
    folder = tmp_path / "up"
    paths = uploads.receive(folder, [("a.csv", io.BytesIO(b"x,y\n")), ("b.ftm.jsonl", io.BytesIO(b"{}"))])
    assert [p.name for p in paths] == ["a.csv", "b.ftm.jsonl"] and paths[0].read_bytes() == b"x,y\n"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


BAD_NAMES = ["../evil.csv", "/etc/evil.csv", "dir/evil.csv", ".hidden", "", "..\\evil.csv"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_names_with_a_path_are_refused_and_nothing_is_left(tmp_path: Path, name: str) -> None:
    with pytest.raises(UserError):
        uploads.receive(tmp_path / "up", [(name, io.BytesIO(b"x"))])
    assert not (tmp_path / "up").exists() and not (tmp_path / "evil.csv").exists()


def test_a_zip_is_a_folder(tmp_path: Path) -> None:
    paths = uploads.receive(tmp_path / "up", [("case.zip", _zip({"d/a.csv": b"1", "b.csv": b"2"}))])
    assert paths == [tmp_path / "up" / "case"]
    assert (paths[0] / "d" / "a.csv").read_bytes() == b"1" and not (tmp_path / "up" / "case.zip").exists()


@pytest.mark.parametrize(
    ("members", "link"),
    [({"../../escape.csv": b"x"}, None), ({"/abs/escape.csv": b"x"}, None), ({"ok.csv": b"x"}, "link.csv")],
)
def test_zip_slip_and_links_refuse_the_whole_zip_h3(tmp_path: Path, members, link) -> None:
    with pytest.raises(FormatError, match=r"zip slip|link"):
        uploads.receive(tmp_path / "up", [("case.zip", _zip(members, link))])
    assert not (tmp_path / "up").exists() and not list(tmp_path.rglob("escape.csv"))


def test_a_zip_bomb_is_refused_before_unpacking_h3(tmp_path: Path) -> None:
    bomb = _zip({"zeros.csv": bytes(50 * 1024 * 1024)})  # 50 MiB of zeros: ~1000:1
    with pytest.raises(FormatError, match="zip bomb"):
        uploads.receive(tmp_path / "up", [("case.zip", bomb)])
    assert not (tmp_path / "up").exists()


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 3)
    with pytest.raises(FormatError, match="at most 3"):
        uploads.receive(tmp_path / "up", [("case.zip", _zip({f"{i}.csv": b"x" for i in range(4)}))])


def test_a_damaged_zip_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"case\.zip: not a readable zip"):
        uploads.receive(tmp_path / "up", [("case.zip", io.BytesIO(b"PK\x03\x04 broken"))])
