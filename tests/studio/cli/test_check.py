"""``mailwright check``: output shapes and exit codes on real workspaces."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.cli import main
from studio.cli.check import Progress
from tests.conftest import DEMO
from tests.http_servers import QuietHandler, serving

GOOD = """---
subject: Your March update
---
<!doctype html>
<html lang="en"><body><div>
<p>Hello Ana, here is what changed in your account this month, with the details.</p>
<p><a href="{base}/ok">Read the details</a></p>
<p><a href="{base}/unsubscribe">Unsubscribe</a></p>
</div></body></html>
"""
BAD = """---
subject: Hello
---
<div>
<p>Intro
  <table><tr><td>x</td></tr></table></p>
<a href="{base}/missing">Gone</a>
<a href="{base}/unsubscribe">Unsubscribe</a>
</div>
"""


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    class Handler(QuietHandler):
        def do_HEAD(self) -> None:
            self.send_response(200 if self.path in ("/ok", "/unsubscribe") else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    with serving(Handler) as url:
        yield url


def workspace(tmp_path: Path, base: str, **emails: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mailwright.toml").write_text('name = "test"\n', "utf-8")
    (tmp_path / "emails").mkdir()
    for name, text in emails.items():
        (tmp_path / "emails" / f"{name}.html").write_text(text.format(base=base), "utf-8")
    return tmp_path


def test_clean_email_exits_0(tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]) -> None:
    ws = workspace(tmp_path, base, good=GOOD)
    assert main(["check", str(ws / "emails" / "good.html")]) == 0
    out = capsys.readouterr().out
    assert "✓ emails/good.html" in out and "0 errors" in out


def test_errors_exit_1_with_compiler_style_locations(
    tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workspace(tmp_path, base, good=GOOD, bad=BAD)
    assert main(["check", str(ws)]) == 1
    out = capsys.readouterr().out
    assert "✗ emails/bad.html" in out and "✓ emails/good.html" in out
    assert "emails/bad.html:6:3: error: <table> inside <p>" in out
    assert "    6 |   <table>" in out  # the source line, then a caret under the column
    lines = out.splitlines()
    caret = lines[lines.index(next(line for line in lines if "    6 |   <table>" in line)) + 1]
    assert caret.endswith("|   ^")
    assert "2 emails checked" in out


def test_links_flag_checks_the_network(
    tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workspace(tmp_path, base, good=GOOD)
    assert main(["check", str(ws), "--links", "--timeout", "2"]) == 0
    capsys.readouterr()
    ws2 = workspace(
        tmp_path / "b",
        base,
        bad=BAD.replace("<p>Intro\n", "<div>Intro\n").replace("</table></p>", "</table></div>"),
    )
    assert main(["check", str(ws2), "--links", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    issues = data["emails"][0]["issues"]
    broken = [i for i in issues if i["rule"] == "links/broken"]
    assert broken and broken[0]["line"] == 7 and "404" in broken[0]["message"]


def test_json_shape(tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]) -> None:
    ws = workspace(tmp_path, base, bad=BAD)
    assert main(["check", str(ws), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["emails"]
    [entry] = data["emails"]
    assert entry["source"] == "emails/bad.html"
    for issue in entry["issues"]:
        assert {"rule", "severity", "message", "file", "line", "column"} <= set(issue)
        assert "/" in issue["rule"]
    assert any(
        i["rule"] == "problems/block-in-p" and i["severity"] == "error" for i in entry["issues"]
    )


def test_spam_flag_runs_spamassassin_or_says_it_is_missing(
    tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workspace(tmp_path, base, good=GOOD)
    main(["check", str(ws), "--spam", "--format", "json"])
    rules = {i["rule"] for i in json.loads(capsys.readouterr().out)["emails"][0]["issues"]}
    assert "spam/sa/score" in rules or "spam/sa/unavailable" in rules


def test_unusable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert "no such file" in capsys.readouterr().err
    binary = tmp_path / "x.html"
    binary.write_bytes(b"\x00\x01\x02binary")
    assert main(["check", str(binary)]) == 2
    empty = tmp_path / "empty-ws"
    empty.mkdir()
    (empty / "mailwright.toml").write_text("", "utf-8")
    assert main(["check", str(empty)]) == 2


A11Y_BAD = """---
subject: Your March update
---
<!doctype html>
<html lang="en"><head><title>March</title></head><body lang="en" dir="ltr"><div>
<h1>March update</h1>
<p>Hello Ana, here is what changed in your account this month, with the details.</p>
<img src="data:," width="100" height="50">
<p><a href="https://example.com/unsubscribe">Unsubscribe</a></p>
</div></body></html>
"""


@pytest.mark.parametrize("browser", ["qt", "chromium"])
def test_a11y_runs_axe_in_the_chosen_browser(
    tmp_path: Path, base: str, browser: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if browser == "chromium":
        from studio.render.chromium import find_chromium

        if find_chromium() is None:
            pytest.skip(
                "Chromium/chromedriver not installed: apt-get install chromium chromium-driver"
            )
    ws = workspace(tmp_path, base, bad=A11Y_BAD)
    code = main(["check", str(ws), "--a11y", "--browser", browser, "--format", "json"])
    captured = capsys.readouterr()
    assert "unavailable" not in captured.err
    issues = json.loads(captured.out)["emails"][0]["issues"]
    [alt] = [i for i in issues if i["rule"] == "a11y/image-alt"]  # axe-core's rule
    assert alt["severity"] == "error" and alt["line"] == 8 and alt["column"] == 1
    assert alt["data"]["help_url"].startswith("https://dequeuniversity.com/")
    assert code == 1
    # A warm second run in the same process (the studio's case) still works.
    assert main(["check", str(ws), "--a11y", "--browser", browser, "--format", "json"]) == 1
    assert "a11y/image-alt" in capsys.readouterr().out


def test_images_flag_loads_images(
    tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = GOOD.replace(
        '<p><a href="{base}/ok">', '<img src="{base}/gone.png" alt="Logo">\n<p><a href="{base}/ok">'
    )
    ws = workspace(tmp_path, base, good=broken)
    assert main(["check", str(ws), "--format", "json"]) == 0  # static only: nothing loaded
    assert "images/" not in capsys.readouterr().out
    assert main(["check", str(ws), "--images", "--timeout", "2", "--format", "json"]) == 1
    issues = json.loads(capsys.readouterr().out)["emails"][0]["issues"]
    assert [(i["rule"], i["line"]) for i in issues if i["severity"] == "error"] == [
        ("images/broken", 7)
    ]


DYNAMIC = GOOD.replace("{base}/ok", "{base}/{{{{ customer.page }}}}")


def test_liquid_urls_render_with_the_sample_profile(
    tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workspace(tmp_path, base, good=DYNAMIC)
    ok = tmp_path / "ok.json"
    ok.write_text('{"customer": {"page": "ok"}}', "utf-8")
    gone = tmp_path / "gone.json"
    gone.write_text('{"customer": {"page": "gone"}}', "utf-8")

    def link_rules(*extra: str) -> tuple[int, list[str]]:
        code = main(["check", str(ws), "--links", "--timeout", "2", "--format", "json", *extra])
        issues = json.loads(capsys.readouterr().out)["emails"][0]["issues"]
        return code, [
            i["rule"]
            for i in issues
            if i["rule"].startswith("links/") and i["rule"] != "links/insecure"
        ]

    assert link_rules("--data", str(ok)) == (0, [])
    assert link_rules("--data", str(gone)) == (1, ["links/broken"])
    assert link_rules() == (0, ["links/dynamic"])  # the workspace has no profiles
    assert link_rules("--data", str(ok), "--no-data") == (0, ["links/dynamic"])
    # The workspace's default profile is the one selected when --data is not given.
    (ws / "data" / "profiles").mkdir(parents=True)
    (ws / "data" / "profiles" / "ana.json").write_text('{"customer": {"page": "gone"}}', "utf-8")
    assert link_rules() == (1, ["links/broken"])
    assert main(["check", str(ws), "--data", str(tmp_path / "nope.json")]) == 2


def test_demo_workspace_all_checks_report_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(DEMO), "--all", "--timeout", "5", "--format", "json"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    errors = [
        f"{e['source']}: {i['rule']} {i['message']}"
        for e in data["emails"]
        for i in e["issues"]
        if i["severity"] == "error"
    ]
    assert errors == [] and code == 0
    assert "unavailable" not in captured.err  # every validator really ran
    for entry in data["emails"]:
        rules = {i["rule"] for i in entry["issues"]}
        assert {r.split("/")[0] for r in rules} <= {"problems", "spam", "links", "images", "a11y"}
        assert "spam/score" in rules
        assert "spam/sa/score" in rules or "spam/sa/unavailable" in rules
        assert not [r for r in rules if r.startswith("check/")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only() -> None:
    term = Terminal()
    bar = Progress(term, prefix="[1/3] ")
    bar("links", 0, 4)
    bar("links", 2, 4)
    bar("links", 4, 4)
    bar.clear()
    text = term.getvalue()
    assert "[1/3] links" in text and "2/4" in text and "4/4" in text
    assert "█" * 12 + "·" * 12 in text and "█" * 24 in text
    assert text.endswith("\r\x1b[K")  # the line is cleared before the report prints
    piped = io.StringIO()
    Progress(piped)("links", 1, 2)
    assert piped.getvalue() == ""


def test_no_progress_bar_when_not_a_terminal(
    tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workspace(tmp_path, base, good=GOOD)
    main(["check", str(ws), "--links"])
    assert "█" not in capsys.readouterr().err
