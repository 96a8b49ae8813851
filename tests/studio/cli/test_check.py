"""``mailwright check``: output shapes and exit codes on real workspaces."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from studio.cli import main

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
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_HEAD(self) -> None:
            self.send_response(200 if self.path in ("/ok", "/unsubscribe") else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
        tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]) -> None:
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


def test_links_flag_checks_the_network(tmp_path: Path, base: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    ws = workspace(tmp_path, base, good=GOOD)
    assert main(["check", str(ws), "--links", "--timeout", "2"]) == 0
    capsys.readouterr()
    ws2 = workspace(tmp_path / "b", base, bad=BAD.replace("<p>Intro\n", "<div>Intro\n").replace(
        "</table></p>", "</table></div>"))
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
    assert any(i["rule"] == "problems/block-in-p" and i["severity"] == "error"
               for i in entry["issues"])


def test_spam_flag_runs_spamassassin_or_says_it_is_missing(
        tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]) -> None:
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


def test_a11y_without_engine_does_not_crash(tmp_path: Path, base: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ws = workspace(tmp_path, base, good=GOOD)
    code = main(["check", str(ws / "emails" / "good.html"), "--a11y", "--format", "json"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert code in (0, 1)
    assert data["emails"][0]["source"] == "emails/good.html"
    if "unavailable" in captured.err:
        assert "accessibility check" in captured.err


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path, base: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    ws = workspace(tmp_path, base, good=GOOD)
    main(["check", str(ws), "--links"])
    assert "█" not in capsys.readouterr().err
