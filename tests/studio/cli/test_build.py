"""`mailwright build`: outputs, JSON report, exit codes, bad input."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from studio.cli import main
from tests.conftest import DEMO


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist"))
    return ws


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert "mailwright" in capsys.readouterr().out


def test_build_workspace_json(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["build", str(workspace), "-o", str(out), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    sources = {e["source"] for e in report["emails"]}
    assert "emails/marketing/spring-collection.html" in sources
    for entry in report["emails"]:
        assert Path(entry["output"]).is_file()
        assert entry["size"] == Path(entry["output"]).stat().st_size
        assert set(entry) >= {"source", "output", "size", "issues", "timings_ms"}
        for issue in entry["issues"]:
            assert set(issue) >= {"rule", "severity", "message", "file", "line", "column"}
    assert (out / "marketing" / "spring-collection.html").is_file()


def test_build_one_file_text(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    email = workspace / "emails" / "transactional" / "receipt.html"
    code = main(["build", str(email), "-o", str(tmp_path / "o")])
    assert code == 0
    assert "receipt.html" in capsys.readouterr().out
    assert (tmp_path / "o" / "transactional" / "receipt.html").is_file()


def test_errors_exit_1_with_located_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    email = tmp_path / "bad.html"
    email.write_text(
        '<x-base>\n  <x-row :layout="[50,50]"><x-column>a</x-column></x-row>\n</x-base>\n'
    )
    code = main(["build", str(email), "-o", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == 1
    assert "bad.html:2:" in out and "^" in out


@pytest.mark.parametrize(
    ("name", "content"),
    [("styles.json", "{ not json"), ("mailwright.toml", "name = [unclosed")],
)
def test_invalid_workspace_files_exit_2(
    workspace: Path, name: str, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / name).write_text(content)
    code = main(["build", str(workspace), "-o", str(workspace / "dist")])
    err = capsys.readouterr().err
    assert code == 2
    assert name in err
    assert "Traceback" not in err


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "nope")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_binary_email_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    email = tmp_path / "img.html"
    email.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    out = tmp_path / "o"
    assert main(["build", str(email), "-o", str(out)]) == 2
    assert not out.exists()


def test_existing_output_is_not_clobbered_by_unusable_input(tmp_path: Path) -> None:
    email = tmp_path / "e.html"
    email.write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "o"
    out.mkdir()
    (out / "e.html").write_text("previous build")
    assert main(["build", str(email), "-o", str(out)]) == 2
    assert (out / "e.html").read_text() == "previous build"


def test_output_never_overwrites_source(tmp_path: Path) -> None:
    email = tmp_path / "e.html"
    email.write_text("<p>hi</p>")
    assert main(["build", str(email), "-o", str(tmp_path)]) == 2
    assert email.read_text() == "<p>hi</p>"


def test_json_reports_each_transformer_and_writes_text(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "build",
            str(workspace / "emails" / "transactional" / "receipt.html"),
            "-o",
            str(out),
            "--format",
            "json",
            "--enable",
            "all",
            "--set",
            "format.minify=true",
        ]
    )
    entry = json.loads(capsys.readouterr().out)["emails"][0]
    assert code == 0
    sizes = entry["transformers"]
    assert {"inline-css", "format", "url-params"} <= set(sizes)
    assert sizes["format"]["after"] < sizes["format"]["before"]  # minified
    assert any(k.startswith("transform:") for k in entry["timings_ms"])
    text = Path(entry["text_output"])
    assert text.is_file() and "{{ message_data.order_id }}" in text.read_text()


def test_bad_transformer_option_exits_2(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["build", str(workspace), "--set", "format.nope=1"])
    assert code == 2
    assert "nope" in capsys.readouterr().err


def test_outputs_get_the_umask_mode_and_existing_ones_keep_theirs(tmp_path: Path) -> None:
    email = tmp_path / "a.html"
    email.write_text("<x-base><x-section><p>Hi</p></x-section></x-base>\n")
    out = tmp_path / "o"
    old = os.umask(0o022)
    try:
        assert main(["build", str(email), "-o", str(out)]) == 0
        assert (out / "a.html").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0o600
        assert (out / "a.txt").stat().st_mode & 0o777 == 0o644
        (out / "a.html").chmod(0o664)
        assert main(["build", str(email), "-o", str(out)]) == 0
        assert (out / "a.html").stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "a.txt"]


def _strip_timings(report: str) -> object:
    data = json.loads(report)
    for entry in data["emails"]:
        entry.pop("timings_ms")
        if entry["output"]:
            entry["output"] = Path(entry["output"]).name
        if entry["text_output"]:
            entry["text_output"] = Path(entry["text_output"]).name
    return data


def test_parallel_build_writes_and_reports_what_a_serial_build_does(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Worker processes (--jobs 2) against this process alone (--jobs 1): the same files,
    byte for byte, and the same report in the same order (timings aside); an email with
    errors and one that cannot be read are reported alike by both."""
    (workspace / "emails" / "broken.html").write_text(
        '<x-base>\n  <x-row :layout="[50,50]"><x-column>a</x-column></x-row>\n</x-base>\n'
    )
    (workspace / "emails" / "binary.html").write_bytes(b"\x00\x01 not an email")
    outputs: dict[str, dict[str, bytes]] = {}
    reports = {}
    codes = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        codes[jobs] = main(
            ["build", str(workspace), "-o", str(out), "--format", "json", "--jobs", jobs]
        )
        reports[jobs] = _strip_timings(capsys.readouterr().out)
        outputs[jobs] = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }
    assert codes["1"] == codes["2"] == 2  # the unreadable email: not built
    assert reports["1"] == reports["2"]
    assert outputs["1"] == outputs["2"]
    assert len(outputs["1"]) >= 4
    text_1 = main(["build", str(workspace), "-o", str(tmp_path / "t1"), "--jobs", "1"])
    lines_1 = [ln.split("→")[0] for ln in capsys.readouterr().out.splitlines()]
    text_2 = main(["build", str(workspace), "-o", str(tmp_path / "t2"), "--jobs", "2"])
    lines_2 = [ln.split("→")[0] for ln in capsys.readouterr().out.splitlines()]
    assert text_1 == text_2 and lines_1 == lines_2


def test_a_long_list_of_problems_is_cut_and_the_rest_counted_by_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    email = tmp_path / "strays.html"
    email.write_text("<p>x</p></div>\n" * 60 + "<p>y</p></span>\n" * 3)
    main(["build", str(email), "-o", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert out.count("[markup/stray-end-tag]") == 50
    assert (
        "… and 13 more problems (markup/stray-end-tag 13): --max-problems 0 lists them all" in out
    )
    main(["build", str(email), "-o", str(tmp_path / "out"), "--max-problems", "0"])
    assert capsys.readouterr().out.count("[markup/stray-end-tag]") == 63
    main(["build", str(email), "-o", str(tmp_path / "out"), "--max-problems", "5"])
    out = capsys.readouterr().out
    assert out.count("[markup/stray-end-tag]") == 5 and "… and 58 more problems" in out
    main(["build", str(email), "-o", str(tmp_path / "out"), "--format", "json"])
    (entry,) = json.loads(capsys.readouterr().out)["emails"]
    assert len(entry["issues"]) == 63  # JSON lists every one
