"""Real HTTP servers on 127.0.0.1 for the tests (``http.server`` in a daemon thread).

* :func:`serving` — serve a handler class on a free loopback port; yields the base URL.
* :class:`QuietHandler` — a request handler that logs nothing.
* :func:`image_handler` — answers every GET with one image and records the paths asked for.
* :func:`solid_png` — a PNG of one colour.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image


class QuietHandler(BaseHTTPRequestHandler):
    """Logs nothing (the default handler writes every request to stderr)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 until the block ends; yields ``http://127.0.0.1:<port>``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def solid_png(colour: tuple[int, int, int], size: tuple[int, int] = (200, 100)) -> bytes:
    """A PNG of ``size`` filled with ``colour``."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def image_handler(
    body: bytes, hits: list[str], content_type: str = "image/png"
) -> type[BaseHTTPRequestHandler]:
    """A handler answering every GET with ``body``; each requested path is added to ``hits``."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
