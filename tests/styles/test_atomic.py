"""The one atomic write: contents, modes, symlinks, and no leftovers on failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from styles.atomic import new_file_mode, write_atomic


@pytest.fixture
def umask_002() -> Iterator[None]:
    old = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(old)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_bytes_and_text_are_written_exactly(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    write_atomic(path, b"\xef\xbb\xbfone\r\ntwo\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbfone\r\ntwo\r\n"
    write_atomic(path, "caf\u00e9\r\n")  # str: UTF-8, no newline translation
    assert path.read_bytes() == "caf\u00e9\r\n".encode()
    assert listing(tmp_path) == ["a.html"]


def test_a_new_file_gets_the_umask_mode_not_0600(tmp_path: Path, umask_002: None) -> None:
    path = tmp_path / "new.html"
    write_atomic(path, "x")
    assert new_file_mode() == 0o664
    assert path.stat().st_mode & 0o777 == 0o664
    os.umask(0o027)
    write_atomic(tmp_path / "other.html", "x")
    assert (tmp_path / "other.html").stat().st_mode & 0o777 == 0o640


def test_the_mode_matches_what_plain_open_gives(tmp_path: Path, umask_002: None) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    atomic = tmp_path / "atomic.txt"
    write_atomic(atomic, "x")
    assert atomic.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


@pytest.mark.parametrize("mode", [0o664, 0o600, 0o640, 0o755])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "kept.html"
    path.write_text("old")
    path.chmod(mode)
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o777 == mode


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    real.chmod(0o660)
    link = tmp_path / "link.html"
    link.symlink_to(real.name)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert real.stat().st_mode & 0o777 == 0o660
    assert listing(tmp_path) == ["link.html", "real.html"]


def test_a_failed_rename_leaves_the_target_and_no_temporary_file(tmp_path: Path) -> None:
    # A non-empty folder where the file goes: the rename itself fails, for real.
    blocked = tmp_path / "out.html"
    blocked.mkdir()
    (blocked / "inside").write_text("keep")
    with pytest.raises(OSError):
        write_atomic(blocked, "data")
    assert listing(tmp_path) == ["out.html"]
    assert (blocked / "inside").read_text() == "keep"


def test_a_failed_write_leaves_the_old_contents(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(path, 12345)  # type: ignore[arg-type]
    assert path.read_text() == "old"
    assert listing(tmp_path) == ["a.json"]


def test_a_missing_folder_is_an_oserror_with_nothing_left(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nope" / "a.html", "x")
    assert listing(tmp_path) == []


@pytest.mark.parametrize(("durable", "syncs"), [(True, 2), (False, 0)])
def test_durable_decides_the_fsyncs_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool, syncs: int
) -> None:
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    path = tmp_path / "a.html"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new", durable=durable)
    assert len(calls) == syncs  # the file's and the folder's
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert listing(tmp_path) == ["a.html"]
