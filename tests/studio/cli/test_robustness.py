"""Every command answers bad input with exit 2 and a message saying what to fix.

Missing files, folders where files are expected, pipes (we run as root, so
permissions cannot make a file unreadable: a FIFO or a folder named ``*.html``
stands in), a 25 MB file, binary and non-UTF-8 text, invalid TOML, JSON and
styles, and an output folder that is a file. No traceback, no hang, and files
already in the output folder are left as they were.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.cli import main
from tests.compiler.test_robustness import CaseTimeout, time_limit
from tests.conftest import DEMO

COMMANDS = ("build", "check", "render", "proof", "preview", "publish", "export")


def argv_for(command: str, email: Path, tmp: Path, data: Path | None = None) -> list[str]:
    """The command line that feeds ``email`` to ``command`` (outputs under ``tmp``)."""
    profile = data or DEMO / "data" / "profiles" / "maya.json"
    return {
        "build": ["build", str(email), "-o", str(tmp / "out")],
        "check": ["check", str(email)],
        "render": ["render", str(email), "--data", str(profile), "-o", str(tmp / "out" / "r.html")],
        "proof": ["proof", str(email), "--data", str(profile), "--jobs", "1"],
        "preview": ["preview", str(email), "-o", str(tmp / "out" / "p.png")],
        "publish": ["publish", str(email)],
        "export": ["export", str(email), "--format", "zip", "-o", str(tmp / "out" / "e.zip")],
    }[command]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in this process (main thread: Qt needs it) with a time limit; (exit
    code, stdout, stderr). An exception escaping ``main`` is the traceback a user would
    see: it fails the test."""
    try:
        with time_limit(60):
            code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except CaseTimeout:
        raise AssertionError(f"mailwright {' '.join(argv)} hangs") from None
    except BaseException as exc:
        raise AssertionError(f"traceback for {argv}") from exc
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def assert_usage_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.strip(), "no message"
    low = err.lower()
    for word in words:
        assert word.lower() in low, err


# --- unusable email files --------------------------------------------------------------


def _missing(tmp: Path) -> Path:
    return tmp / "gone.html"


def _folder(tmp: Path) -> Path:
    path = tmp / "folder.html"
    path.mkdir()
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.html"
    os.mkfifo(path)
    return path


def _huge(tmp: Path) -> Path:
    path = tmp / "huge.html"
    with path.open("wb") as fh:
        fh.truncate(25 * 1024 * 1024)
        fh.seek(0)
        fh.write(b"<x-base>")
    return path


def _binary(tmp: Path) -> Path:
    path = tmp / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def _latin1(tmp: Path) -> Path:
    path = tmp / "latin.html"
    path.write_bytes("<x-base>\n<p>Caf\u00e9</p>\n</x-base>\n".encode("latin-1"))
    return path


BAD_EMAILS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "missing": (_missing, ("gone.html",)),
    "folder": (_folder, ("folder.html",)),
    "fifo": (_fifo, ("pipe.html", "regular file")),
    "huge": (_huge, ("huge.html", "MB")),
    "binary": (_binary, ("image.html", "binary")),
    "latin-1": (_latin1, ("latin.html", "UTF-8")),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", sorted(BAD_EMAILS))
def test_unusable_email_exits_2_with_a_message(
    tmp_path: Path, command: str, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = BAD_EMAILS[kind]
    email = make(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "keep.html"
    keep.write_text("earlier output", encoding="utf-8")
    code, stdout, err = run(argv_for(command, email, tmp_path), capsys)
    assert_usage_error(code, err + stdout, *words)
    assert keep.read_text(encoding="utf-8") == "earlier output"
    assert sorted(p.name for p in out.iterdir()) == ["keep.html"]


def test_latin1_message_points_at_the_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["build", str(_latin1(tmp_path)), "-o", str(tmp_path / "o")], capsys)
    assert code == 2
    assert "latin.html:2:7" in out + err  # at the é


# --- unusable workspace files ----------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist"))
    return ws


BAD_WORKSPACE_FILES = {
    "toml": ("mailwright.toml", b'name = "x"\n[transformers\n', ("mailwright.toml:2:", "^")),
    "toml-binary": ("mailwright.toml", b"\xff\xfe\x00", ("mailwright.toml", "UTF-8")),
    "styles-json": ("styles.json", b'{"variables": [1, 2,,]}', ("styles.json",)),
    "styles-shape": ("styles.json", b'{"variables": 5, "components": "x"}', ("styles.json",)),
    "styles-binary": ("styles.json", b"\x00\x01\x02", ("styles.json",)),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", sorted(BAD_WORKSPACE_FILES))
def test_broken_workspace_file_exits_2_naming_it(
    workspace: Path, tmp_path: Path, command: str, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, words = BAD_WORKSPACE_FILES[kind]
    (workspace / name).write_bytes(content)
    (tmp_path / "out").mkdir()
    email = workspace / "emails" / "transactional" / "receipt.html"
    code, out, err = run(argv_for(command, email, tmp_path), capsys)
    assert_usage_error(code, err + out, *words)


@pytest.mark.parametrize("command", ["render", "proof"])
@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[1, 2", b"", b"42"])
def test_broken_profile_data_exits_2(
    workspace: Path,
    tmp_path: Path,
    command: str,
    content: bytes,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "profile.json"
    data.write_bytes(content)
    email = workspace / "emails" / "transactional" / "receipt.html"
    code, out, err = run(argv_for(command, email, tmp_path, data), capsys)
    assert_usage_error(code, err + out, "profile.json")


@pytest.mark.parametrize("command", ["render", "proof"])
def test_profile_data_that_is_a_pipe_or_folder_exits_2(
    workspace: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    email = workspace / "emails" / "transactional" / "receipt.html"
    for data in (_fifo(tmp_path).rename(tmp_path / "pipe.json"), tmp_path / "dir.json"):
        if not data.exists():
            data.mkdir()
        code, out, err = run(argv_for(command, email, tmp_path, data), capsys)
        assert_usage_error(code, err + out, data.name)


# --- outputs that cannot be written ----------------------------------------------------


def test_build_into_a_file_instead_of_a_folder_exits_2(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out, err = run(["build", str(workspace), "-o", str(blocker)], capsys)
    assert_usage_error(code, err + out, str(blocker))
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_build_where_a_sub_folder_is_a_file_keeps_other_outputs(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "marketing").write_text("a file where a folder goes", encoding="utf-8")
    code, stdout, err = run(["build", str(workspace), "-o", str(out)], capsys)
    assert_usage_error(code, err + stdout, "marketing")
    assert (out / "marketing").read_text(encoding="utf-8") == "a file where a folder goes"


@pytest.mark.parametrize("command", ["render", "preview"])
def test_output_under_a_file_exits_2(
    workspace: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    email = workspace / "emails" / "transactional" / "receipt.html"
    code, out, err = run(argv_for(command, email, tmp_path), capsys)
    assert_usage_error(code, err + out, "out")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_proof_out_is_a_file_exits_2(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    email = workspace / "emails" / "transactional" / "receipt.html"
    code, out, err = run([*argv_for("proof", email, tmp_path), "--out", str(blocker)], capsys)
    assert_usage_error(code, err + out, "out")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_workspace_whose_emails_folder_holds_a_pipe_builds_the_rest(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(workspace / "emails" / "stuck.html")  # not a file: not an email, never read
    code, out, err = run(["build", str(workspace), "-o", str(tmp_path / "o")], capsys)
    assert code == 0, out + err
    assert (tmp_path / "o" / "transactional" / "receipt.html").is_file()
    assert not (tmp_path / "o" / "stuck.html").exists()


def test_check_names_a_folder_given_as_an_email(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", str(_folder(tmp_path))], capsys)
    assert_usage_error(code, out + err, "folder.html", "not a workspace")
