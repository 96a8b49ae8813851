"""``mailwright proof``: exit codes, the JSON report, unusable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main
from tests.conftest import DEMO

EMAIL = """---
subject: Hi {{ customer.first_name | default: "there" }}
---
<html><body><p>Hello {{ customer.first_name }}</p>
{% if customer.vip %}<p>VIP</p>{% else %}<p>Hi</p>{% endif %}
</body></html>
"""


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text('name = "t"\n', encoding="utf-8")
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hello.html").write_text(EMAIL, encoding="utf-8")
    return tmp_path


def jsonl(path: Path, profiles: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
    return path


def test_all_rendered_exits_0(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = jsonl(
        workspace / "p.jsonl", [{"id": f"a{i}", "customer": {"first_name": "A"}} for i in range(5)]
    )
    assert main(["proof", str(workspace), "--data", str(data), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "emails/hello.html: 5 profiles, 5 rendered, 0 failed" in out
    assert "unreached branch" in out and "if customer.vip" in out


def test_failures_exit_1_with_json_report(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = jsonl(
        workspace / "p.jsonl",
        [
            {"id": "a", "customer": {"first_name": "A", "vip": True}},
            {"id": "b", "customer": {}},
            {"id": "c", "customer": {"first_name": "C"}},
        ],
    )
    code = main(
        [
            "proof",
            str(workspace / "emails" / "hello.html"),
            "--data",
            str(data),
            "--format",
            "json",
            "--jobs",
            "2",
        ]
    )
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"emails"}
    (email,) = report["emails"]
    # the shape exactly: no more keys, no fewer
    assert set(email) == {
        "source",
        "profiles",
        "rendered",
        "failed",
        "errors",
        "unreached_branches",
    }
    assert (email["source"], email["profiles"], email["rendered"], email["failed"]) == (
        "emails/hello.html",
        3,
        2,
        1,
    )
    (err,) = email["errors"]
    assert err == {
        "message": "Variable 'customer.first_name' is missing",
        "count": 1,
        "line": 4,
        "column": 25,
        "examples": ["b"],
    }
    assert email["unreached_branches"] == []


def test_json_unreached_branch_shape(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = jsonl(workspace / "p.jsonl", [{"id": "a", "customer": {"first_name": "A"}}])
    code = main(
        [
            "proof",
            str(workspace / "emails" / "hello.html"),
            "--data",
            str(data),
            "--format",
            "json",
            "--jobs",
            "1",
        ]
    )
    assert code == 0
    (email,) = json.loads(capsys.readouterr().out)["emails"]
    assert email["errors"] == []
    (branch,) = email["unreached_branches"]
    assert set(branch) == {"line", "column", "condition"}
    assert branch["condition"] == "if customer.vip"


def test_out_writes_rendered_messages(workspace: Path, tmp_path: Path) -> None:
    data = jsonl(workspace / "p.jsonl", [{"id": "a", "customer": {"first_name": "Ann"}}])
    out = tmp_path / "rendered"
    assert (
        main(["proof", str(workspace), "--data", str(data), "--out", str(out), "--jobs", "1"]) == 0
    )
    assert "Hello Ann" in (out / "hello" / "a.html").read_text(encoding="utf-8")
    assert (out / "hello" / "a.txt").exists()


@pytest.mark.parametrize(
    ("setup", "expect"),
    [
        ("missing-data", "data file not found"),
        ("bad-line", "p.jsonl:3: invalid JSON"),
        ("missing-email", "no such file or folder"),
        ("no-emails", "no emails found"),
    ],
)
def test_unusable_input_exits_2(
    workspace: Path, capsys: pytest.CaptureFixture[str], setup: str, expect: str
) -> None:
    data = workspace / "p.jsonl"
    target = workspace
    if setup == "bad-line":
        data.write_text('{"id": 1}\n{"id": 2}\n{"id": 3,\n', encoding="utf-8")
    elif setup == "missing-data":
        data = workspace / "nope.jsonl"
    elif setup == "missing-email":
        target = workspace / "emails" / "nope.html"
        jsonl(data, [{}])
    elif setup == "no-emails":
        target = workspace / "data"
        target.mkdir()
        jsonl(data, [{}])
    code = main(["proof", str(target), "--data", str(data), "--jobs", "1"])
    assert code == 2
    assert expect in capsys.readouterr().err


def test_demo_workspace_proofs_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo's own sample data renders every demo email without a failure."""
    data = DEMO / "data" / "people.jsonl"
    code = main(["proof", str(DEMO), "--data", str(data), "--format", "json", "--jobs", "1"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {e["source"] for e in report["emails"]} >= {
        "emails/marketing/spring-collection.html",
        "emails/transactional/receipt.html",
    }
    lines = sum(1 for line in data.read_text(encoding="utf-8").splitlines() if line.strip())
    for email in report["emails"]:
        assert (email["profiles"], email["rendered"], email["failed"]) == (lines, lines, 0)
        assert email["errors"] == []


def test_progress_bar_draws_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from studio.cli.proof import ProgressBar

    bar = ProgressBar()
    bar(1200, 1500, 1000)  # more read than the size (a growing file): capped at 100 %
    err = capsys.readouterr().err
    assert err.startswith("\r[" + "#" * 30 + "] 100%") and "1,200 profiles" in err
    bar.last = 0.0
    bar(7, 0, 0)  # size unknown: count and rate only
    assert capsys.readouterr().err.startswith("\r7 profiles")
    bar.finish()
    assert capsys.readouterr().err.strip() == ""
