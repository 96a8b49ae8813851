"""Fixtures for the validator tests: contexts on hand-written HTML, and real
HTTP servers on 127.0.0.1 (a well-behaved one with every status and image the
tests need, one that accepts connections and never answers, a closed port).
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from PIL import Image

from compiler.project import Project
from compiler.result import CompileResult, Envelope
from compiler.validators.base import CheckContext, CheckOptions
from tests.http_servers import QuietHandler, serving

HUGE_BYTES = 50_000_000


def make_ctx(
    html: str,
    *,
    subject: str = "Your March update",
    text: str = "plain text",
    file: str = "emails/test.html",
    project: Project | None = None,
    source: str | None = None,
    **options: Any,
) -> CheckContext:
    """A context for hand-written final HTML (the output is its own source)."""
    result = CompileResult(
        file=file,
        source=html if source is None else source,
        html=html,
        text=text,
        envelope=Envelope(subject=subject),
    )
    return CheckContext(result, project or Project(), CheckOptions(**options))


@pytest.fixture
def ctx_for() -> Callable[..., CheckContext]:
    return make_ctx


# ---------------------------------------------------------------- images


def _encode(img: Image.Image, fmt: str, **kw: Any) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def _gradient(w: int, h: int) -> Image.Image:
    img = Image.new("RGB", (w, h))
    px = img.load()
    assert px is not None
    for x in range(w):
        for y in range(0, h, max(1, h // 64)):
            for yy in range(y, min(h, y + max(1, h // 64))):
                px[x, yy] = (x * 255 // max(1, w - 1), y * 255 // max(1, h - 1), 128)
    return img


def _noise(w: int, h: int) -> Image.Image:
    import os

    return Image.frombytes("RGB", (w, h), os.urandom(w * h * 3))


def make_images() -> dict[str, tuple[str, bytes]]:
    """name → (content type, bytes), generated with Pillow."""
    small = _gradient(400, 200)
    png = _encode(small, "PNG")
    jpg = _encode(small, "JPEG", quality=80)
    frames = [Image.new("RGB", (60, 40), color) for color in ("red", "green", "blue")]
    gif_anim = io.BytesIO()
    frames[0].save(gif_anim, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return {
        "photo.jpg": ("image/jpeg", jpg),
        "logo.png": ("image/png", png),
        "still.gif": ("image/gif", _encode(Image.new("P", (60, 40), 3), "GIF")),
        "anim.gif": ("image/gif", gif_anim.getvalue()),
        "pic.webp": ("image/webp", _encode(small, "WEBP")),
        "pic.bmp": ("image/bmp", _encode(small, "BMP")),
        "pic.avif": ("image/avif", _encode(small, "AVIF")),
        "pic.tiff": ("image/tiff", _encode(small, "TIFF")),
        "pic.ico": ("image/x-icon", _encode(Image.new("RGB", (32, 32), "red"), "ICO")),
        # Pillow cannot write HEIC: an ISO-BMFF file whose ftyp box names the heic brand,
        # which is what the validator (and every HEIC reader) identifies the format by.
        "pic.heic": ("image/heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64),
        "pic.svg": (
            "image/svg+xml",
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org'
            b'/2000/svg" width="120" height="40"><text y="20">Hi'
            b"</text></svg>",
        ),
        "corrupt.png": ("image/png", b"\x89PNG\r\n\x1a\nthis is not really a png" * 10),
        "garbage.jpg": ("image/jpeg", b"hello, I am text pretending to be a JPEG"),
        "truncated.png": ("image/png", png[: len(png) // 2]),
        "truncated.jpg": ("image/jpeg", jpg[: len(jpg) // 2]),
        "wide.png": ("image/png", _encode(Image.new("L", (5000, 10)), "PNG")),
        "tall.png": ("image/png", _encode(Image.new("L", (100, 2000)), "PNG")),
        "edge.png": ("image/png", _encode(Image.new("L", (100, 1728)), "PNG")),  # Outlook's limit
        "heavy.png": ("image/png", _encode(_noise(620, 620), "PNG")),  # ~1.15 MB
        "too-heavy.png": ("image/png", _encode(_noise(900, 900), "PNG")),  # ~2.4 MB
        "bloated.jpg": (
            "image/jpeg",
            _encode(_gradient(800, 600), "JPEG", quality=100, subsampling=0),
        ),
        "narrow.png": ("image/png", _encode(Image.new("RGB", (100, 50), "red"), "PNG")),
        "retina.png": ("image/png", _encode(Image.new("RGB", (300, 50), "red"), "PNG")),
        "sharp.png": ("image/png", _encode(Image.new("RGB", (400, 50), "red"), "PNG")),
    }


# ---------------------------------------------------------------- HTTP server


@dataclass
class Site:
    base: str
    images: dict[str, tuple[str, bytes]]
    huge_sent: list[int] = field(default_factory=list)  # bytes written per /huge request
    hits: dict[str, int] = field(default_factory=dict)
    huge_header: bytes = b""  # the first bytes of a real 6000×6000 PNG
    # /together/N/KEY answers only once N requests for KEY are open at the same time
    barriers: dict[str, threading.Barrier] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def together(self, key: str, parties: int) -> bool:
        """Wait until ``parties`` requests for ``key`` are being served at once (the
        event that proves concurrency); False when they never all arrive."""
        with self.lock:
            barrier = self.barriers.setdefault(key, threading.Barrier(parties, timeout=60))
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return False
        return True


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def _send(
            self,
            status: int,
            body: bytes = b"",
            ctype: str = "text/plain",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            if self.path.startswith("/nohead"):
                self._send(405)
                return
            self.do_GET()

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            site.hits[path] = site.hits.get(path, 0) + 1
            parts = path.strip("/").split("/")
            if path in ("/ok", "/nohead", "/") or path.startswith("/page/"):
                self._send(200, b"<html>fine</html>", "text/html")
            elif parts[0] == "status":
                self._send(int(parts[1]), b"status")
            elif parts[0] == "redirect":
                n = int(parts[1])
                target = "/ok" if n <= 1 else f"/redirect/{n - 1}"
                self._send(301, headers={"Location": target})
            elif parts[0] == "to-file":
                self._send(302, headers={"Location": "file:///etc/passwd"})
            elif parts[0] == "to-metadata":
                self._send(302, headers={"Location": "http://169.254.169.254/latest/"})
            elif parts[0] == "loop":
                self._send(302, headers={"Location": "/loop/b" if parts[1] == "a" else "/loop/a"})
            elif parts[0] == "together":  # /together/N/KEY[/IMAGE]
                if not site.together(parts[2], int(parts[1])):
                    self._send(503, b"requests arrived one after another")
                elif len(parts) > 3 and parts[3] in site.images:
                    ctype, body = site.images[parts[3]]
                    self._send(200, body, ctype)
                else:
                    self._send(200, b"all together")
            elif parts[0] == "slow":
                time.sleep(int(parts[1]) / 1000)
                self._send(200, b"slow but fine")
            elif parts[0] == "slowimg" and parts[2] in site.images:
                time.sleep(int(parts[1]) / 1000)
                ctype, body = site.images[parts[2]]
                self._send(200, body, ctype)
            elif parts[0] == "img" and parts[1] in site.images:
                ctype, body = site.images[parts[1]]
                self._send(200, body, ctype)
            elif parts[0] in ("huge.png", "huge-chunked.png"):
                self._huge(chunked=parts[0] == "huge-chunked.png")
            else:
                self._send(404, b"not found")

        def _huge(self, *, chunked: bool) -> None:
            header = site.huge_header
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            sent = 0
            if self.command == "HEAD":
                return
            block = b"\0" * 65536
            try:
                data = header + block[len(header) :]
                while sent < HUGE_BYTES:
                    chunk = data if sent == 0 else block
                    chunk = chunk[: HUGE_BYTES - sent]
                    if chunked:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    else:
                        self.wfile.write(chunk)
                    sent += len(chunk)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            finally:
                site.huge_sent.append(sent)
                self.close_connection = True

    return Handler


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    s = Site("", make_images(), huge_header=_encode(Image.new("L", (6000, 6000)), "PNG")[:64])
    with serving(_handler(s)) as base:
        s.base = base
        yield s


@pytest.fixture(scope="session")
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers: requests must time out."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                held.append(conn)
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    t.join(1)
    for c in held:
        c.close()
    sock.close()


@pytest.fixture(scope="session")
def closed_port() -> str:
    """A loopback URL nobody listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def tls_base(site: Site) -> str:
    """https:// on a port that speaks plain HTTP: the TLS handshake fails."""
    return site.base.replace("http://", "https://")


@pytest.fixture(scope="session")
def garbage_server() -> Iterator[str]:
    """Accepts a request and answers with something that is not HTTP."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.settimeout(1)
                    conn.recv(65536)
                    conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")
                except OSError:
                    pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    t.join(1)
    sock.close()
