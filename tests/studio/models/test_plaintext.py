"""The hand-written plain-text part beside an email (``<email>.txt``)."""

from __future__ import annotations

import os
from pathlib import Path

from studio.models.plaintext import PlainTextPart


def test_save_writes_the_sidecar_with_the_umask_mode(tmp_path: Path) -> None:
    email = tmp_path / "welcome.html"
    email.write_text("<p>Hi</p>\n")
    part = PlainTextPart(email)
    old = os.umask(0o002)
    try:
        assert part.save("Hi\r\nthere\n") == ""
    finally:
        os.umask(old)
    sidecar = tmp_path / "welcome.txt"
    assert sidecar.read_bytes() == b"Hi\r\nthere\n"
    assert sidecar.stat().st_mode & 0o777 == 0o664  # not the 0o600 of a bare temp file
    sidecar.chmod(0o640)
    assert part.save("Changed\n") == ""
    assert sidecar.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["welcome.html", "welcome.txt"]


def test_blank_text_removes_the_sidecar(tmp_path: Path) -> None:
    email = tmp_path / "welcome.html"
    part = PlainTextPart(email)
    assert part.save("Hi\n") == ""
    assert part.save("  \n") == ""
    assert not (tmp_path / "welcome.txt").exists()


def test_an_unwritable_place_is_a_message(tmp_path: Path) -> None:
    email = tmp_path / "welcome.html"
    (tmp_path / "welcome.txt").mkdir()
    (tmp_path / "welcome.txt" / "x").write_text("in the way")
    message = PlainTextPart(email).save("Hi\n")
    assert message.startswith("cannot write welcome.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["welcome.txt"]
