"""A resource that never arrives costs that resource, not the render (hostile item 9).

A real server on 127.0.0.1 answers ``/ok.png`` at once and holds ``/stall.png`` open
without a byte; the preview gives the stalled image up after the engine's resource
timeout, renders the page with it broken (the good image painted) and names the URL.
"""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.cli import main

pytest.importorskip("PySide6.QtWebEngineWidgets", reason="needs PySide6 (the studio extra)")

RED = (255, 0, 0)


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def server() -> Iterator[str]:
    with stalling_server() as url:
        yield url


@contextmanager
def stalling_server() -> Iterator[str]:
    """``http://127.0.0.1:PORT``: ``/ok.png`` is served, anything else is held open silently."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()
    body = png(RED)

    def serve(conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        if request.split(b" ", 2)[1] == b"/ok.png":
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\nConnection: close\r\n\r\n"
                + body
            )
            conn.close()
        else:
            held.append(conn)  # never answered: a stalled resource

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        listener.close()
        for conn in held:
            conn.close()


def page(base: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><title>t</title></head>'
        f'<body style="margin:0;background:#fff">'
        f'<img src="{base}/ok.png" width="40" height="40" alt="ok" style="display:block">'
        f'<img src="{base}/stall.png" width="40" height="40" alt="late">'
        f"<p>{{{{ customer.first_name }}}} stays</p></body></html>"
    )


def test_the_engine_gives_a_stalled_image_up_and_names_it(server: str) -> None:
    from studio.render.engine import QtEngine

    with QtEngine(timeout_s=30, resource_timeout_s=1.0) as engine:
        image = engine.render(page(server))
        assert engine.stalled == [f"{server}/stall.png"]
        good = image.pixelColor(20, 20)
        assert (good.red(), good.green(), good.blue()) == RED  # the good image is painted
        engine.render("<p>next</p>")  # the next page starts clean
        assert engine.stalled == []


def test_preview_writes_the_png_and_says_which_url(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    email = tmp_path / "late.html"
    email.write_text(page(server), encoding="utf-8")
    out = tmp_path / "late.png"
    assert main(["preview", str(email), "--raw", "--timeout", "4", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{server}/stall.png: did not load within 2 s" in err
    assert "Traceback" not in err
    with Image.open(out) as shot:
        assert shot.convert("RGB").getpixel((20, 20)) == RED


def test_the_canvas_gives_a_stalled_image_up_and_becomes_ready(
    server: str, tmp_path: Path, qtbot: Any
) -> None:
    """The visual editor's canvas with a stalled image: after its resource timeout the
    page is used with the image broken — the canvas is ready and takes edits."""
    from studio.models.document import EmailDocument
    from studio.qt.editor_page import EditorPage

    path = tmp_path / "emails" / "late.html"
    path.parent.mkdir(parents=True)
    path.write_text(
        f'<x-base><x-section><x-image src="{server}/stall.png" alt="late">'
        "</x-image><x-paragraph>Hello</x-paragraph></x-section></x-base>\n",
        encoding="utf-8",
    )
    page = EditorPage(EmailDocument.load(path), editor_mode="visual")
    page.visual.canvas.stall_timer.setInterval(1500)
    page.resize(1280, 800)
    try:
        with qtbot.waitSignal(page.visual.canvas.updated, timeout=20000) as first:
            page.show()
        assert first.args == ["load"] and page.visual.canvas.is_ready
        at = page.document.text.index("Hello")
        with qtbot.waitSignal(page.visual.canvas.updated, timeout=20000) as second:
            page.document.replace(at, at + 5, "Hi")
        assert second.args == ["morph"]
    finally:
        page.shutdown()
        page.close()
