"""A hostile server cannot hang the link checker or steer it into the network.

Probes: a slowloris server (a real socket server on 127.0.0.1 that trickles its
headers one byte at a time, forever), a run with more slow URLs than its time
budget, link-local and cloud metadata addresses (directly and through a
redirect), private addresses, a redirect to ``file://``, an IPv6 literal, and
image sources outside the workspace. Each asserts the clean outcome; elapsed
times are checked with generous bounds only as a hang guard.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from compiler.addresses import url_host_refusal
from compiler.project import Project
from compiler.validators import images, links
from compiler.validators.http import address_refusal
from components.diagnostics import Issue, Severity
from studio.cli import main
from tests.compiler.validators.conftest import make_ctx
from tests.http_servers import QuietHandler, serving

HANG_GUARD_S = 20.0  # far above every deadline below: it only catches a hang


@contextmanager
def slowloris(interval_s: float = 0.2) -> Iterator[str]:
    """A socket server that sends a status line and then header bytes, one every
    ``interval_s``, and never ends its headers. Yields ``http://127.0.0.1:<port>``."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    conns: list[socket.socket] = []

    def trickle(conn: socket.socket) -> None:
        payload = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000
        try:
            for byte in payload:
                if stop.wait(interval_s):
                    return
                conn.sendall(bytes([byte]))
        except OSError:
            return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conns.append(conn)
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        listener.close()
        for conn in conns:
            conn.close()


def redirecting(location: str) -> type[QuietHandler]:
    class Handler(QuietHandler):
        def do_HEAD(self) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    return Handler


class Ok(QuietHandler):
    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


def check_links(html: str, **options: Any) -> list[Issue]:
    ctx = make_ctx(html, network=True, **options)
    return list(links.check(ctx))


def network_issues(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.rule != "links/insecure"]


# ------------------------------------------------------------------ deadlines


def test_a_server_trickling_headers_cannot_extend_the_deadline() -> None:
    with slowloris() as base:
        t0 = time.monotonic()
        issues = check_links(f'<a href="{base}/x">x</a>', timeout_s=1.0)
        elapsed = time.monotonic() - t0
    found = network_issues(issues)
    assert [i.rule for i in found] == ["links/timeout"]
    assert "1 s" in found[0].message
    assert elapsed < HANG_GUARD_S


def test_an_image_server_trickling_headers_cannot_extend_the_deadline() -> None:
    with slowloris() as base:
        t0 = time.monotonic()
        ctx = make_ctx(f'<img src="{base}/a.png" alt="a">', network=True, timeout_s=1.0)
        found = [i for i in images.check(ctx) if i.rule != "images/insecure"]
        elapsed = time.monotonic() - t0
    assert [i.rule for i in found] == ["images/timeout"]
    assert elapsed < HANG_GUARD_S


def test_urls_left_when_the_budget_is_spent_are_reported_not_checked() -> None:
    with slowloris() as base:
        html = "".join(f'<a href="{base}/{n}">{n}</a>' for n in range(4))
        t0 = time.monotonic()
        issues = check_links(html, timeout_s=1.0, budget_s=1.5, concurrency=1)
        elapsed = time.monotonic() - t0
    found = network_issues(issues)
    assert [i.rule for i in found] == ["links/timeout"] + ["links/not-checked"] * 3
    assert all("not checked: time budget" in i.message for i in found[1:])
    assert all(i.severity is Severity.WARNING for i in found[1:])
    assert elapsed < HANG_GUARD_S


def test_the_cli_takes_a_budget_and_reports_what_was_left(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ws = tmp_path / "ws"
    (ws / "emails").mkdir(parents=True)
    (ws / "mailwright.toml").write_text("", encoding="utf-8")
    with slowloris() as base:
        links_html = "".join(f'<a href="{base}/{n}">{n}</a>' for n in range(3))
        (ws / "emails" / "e.html").write_text(f"<p>{links_html}</p>", encoding="utf-8")
        code = main(
            ["check", str(ws), "--links", "--timeout", "1", "--budget", "1", "--format", "json"]
        )
    out = capsys.readouterr().out
    assert code == 1
    assert "links/not-checked" in out
    assert "Traceback" not in out


# ------------------------------------------------------------------ addresses


@pytest.mark.parametrize(
    ("address", "private_ok", "refused"),
    [
        ("169.254.169.254", True, "link-local or cloud metadata"),
        ("169.254.0.1", True, "link-local or cloud metadata"),
        ("fd00:ec2::254", True, "link-local or cloud metadata"),
        ("fe80::1", True, "link-local or cloud metadata"),
        ("::ffff:169.254.169.254", True, "link-local or cloud metadata"),
        ("10.1.2.3", False, "private network"),
        ("172.16.0.1", False, "private network"),
        ("192.168.1.1", False, "private network"),
        ("fd12:3456::1", False, "private network"),
        ("0.0.0.0", True, "not a host address"),
        ("127.0.0.1", False, ""),
        ("::1", False, ""),
        ("93.184.215.14", False, ""),
    ],
)
def test_address_policy(address: str, private_ok: bool, refused: str) -> None:
    assert refused in address_refusal(address, allow_private=False)
    if refused:
        assert address_refusal(address, allow_private=False)
    still = address_refusal(address, allow_private=True)
    assert bool(still) == (bool(refused) and private_ok)


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("169.254.169.254", "link-local or cloud metadata address"),
        ("169.254.169.254.", "link-local or cloud metadata address"),
        ("[fd00:ec2::254]", "link-local or cloud metadata address"),
        ("Metadata.Google.Internal.", "cloud metadata service's name"),
        ("instance-data", "cloud metadata service's name"),
        ("metadata.google.internal.example", ""),  # someone else's name: resolved, then checked
        ("cdn.example", ""),
        ("10.1.2.3", ""),  # private: allowed in a preview
        ("169.254.169.254..", ""),  # not an address nor a name a browser resolves
    ],
)
def test_url_host_policy(host: str, refused: str) -> None:
    why = url_host_refusal(host, allow_private=True)
    assert (refused in why) if refused else why == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://10.20.30.40/",
    ],
)
def test_metadata_and_private_addresses_are_not_fetched(url: str) -> None:
    t0 = time.monotonic()
    found = network_issues(check_links(f'<a href="{url}">x</a>', timeout_s=5.0))
    assert [i.rule for i in found] == ["links/refused-address"]
    assert "not fetched" in found[0].message or "never fetched" in found[0].message
    assert time.monotonic() - t0 < 4.0  # refused before connecting: no 5 s timeout


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://[fd00:ec2::254]/latest/",
    ],
)
def test_a_redirect_to_a_metadata_address_is_not_followed(target: str) -> None:
    with serving(redirecting(target)) as base:
        found = network_issues(check_links(f'<a href="{base}/go">x</a>', timeout_s=5.0))
    assert [i.rule for i in found] == ["links/refused-address"]
    assert "never fetched" in found[0].message


def test_images_from_a_metadata_address_are_not_fetched() -> None:
    ctx = make_ctx('<img src="http://169.254.169.254/a.png" alt="a">', network=True, timeout_s=5.0)
    found = [i for i in images.check(ctx) if i.rule != "images/insecure"]
    assert [i.rule for i in found] == ["images/refused-address"]


def test_loopback_is_allowed_without_the_flag() -> None:
    with serving(Ok) as base:
        assert network_issues(check_links(f'<a href="{base}/">x</a>', timeout_s=5.0)) == []


def test_an_ipv6_literal_is_a_valid_url() -> None:
    class V6Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6

    try:
        server = V6Server(("::1", 0), Ok)
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://[::1]:{server.server_address[1]}/"
        found = network_issues(check_links(f'<a href="{url}">x</a>', timeout_s=5.0))
    finally:
        server.shutdown()
        server.server_close()
    assert found == []
    bad = network_issues(check_links('<a href="http://[::zz]/">x</a>'))
    assert [i.rule for i in bad] == ["links/invalid-url"]


def test_a_redirect_to_a_file_url_is_named() -> None:
    with serving(redirecting("file:///etc/passwd")) as base:
        found = network_issues(check_links(f'<a href="{base}/go">x</a>', timeout_s=5.0))
    assert [i.rule for i in found] == ["links/bad-redirect"]
    assert "redirects (302) to file:///etc/passwd" in found[0].message
    assert "missing an 'http://'" not in found[0].message


# ------------------------------------------------------------------ image files


SECRET = "TOP-SECRET-IMAGE-4242"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_text(SECRET, encoding="utf-8")
    ws = tmp_path / "ws"
    (ws / "emails").mkdir(parents=True)
    (ws / "emails" / "link.png").symlink_to(outside / "secret.png")
    return ws


@pytest.mark.parametrize(
    "src",
    [
        "../../outside/secret.png",
        "../../../../../../etc/passwd",
        "../../outside/does-not-exist.png",
        "file:///etc/passwd",
        "FILE:///no/such/file.png",
    ],
)
def test_image_sources_outside_the_workspace_are_refused_alike(workspace: Path, src: str) -> None:
    ctx = make_ctx(
        f'<img src="{src}" alt="a">',
        file=str(workspace / "emails" / "e.html"),
        project=Project(root=workspace),
    )
    found = list(images.check(ctx))
    assert [i.rule for i in found] == ["images/outside-workspace"]
    message = found[0].message.replace(src, "SRC")
    assert message == (
        "SRC: image sources are read from inside the workspace or over "
        "http(s) only; this one is not read"
    )
    record = images.inspect_images(ctx)[0]
    assert record.bytes is None and record.path == "" and record.format == ""
    assert SECRET not in json.dumps([i.message for i in found])


def test_an_image_linked_out_of_the_workspace_is_not_read(workspace: Path) -> None:
    ctx = make_ctx(
        '<img src="link.png" alt="a">',
        file=str(workspace / "emails" / "e.html"),
        project=Project(root=workspace),
    )
    found = list(images.check(ctx))
    # The link's target is outside: that reading is dropped, the others find no file.
    assert [(i.rule, i.message) for i in found] == [
        ("images/broken", "link.png: no such file in the workspace")
    ]
    record = images.inspect_images(ctx)[0]
    assert record.bytes is None and record.path == "" and not record.loaded


def test_the_cli_refuses_an_image_outside_with_its_location(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "mailwright.toml").write_text("", encoding="utf-8")
    (workspace / "emails" / "e.html").write_text(
        '<p>hi</p>\n<img src="../../../../../etc/passwd" alt="a">\n', encoding="utf-8"
    )
    code = main(["check", str(workspace), "--images"])
    out = capsys.readouterr().out
    assert code == 1
    assert "images/outside-workspace" in out
    assert "e.html:2:" in out
    assert "root:" not in out and "Traceback" not in out
