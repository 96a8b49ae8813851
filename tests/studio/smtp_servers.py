"""Real SMTP servers on 127.0.0.1 for the test-send tests (aiosmtpd), and broken ones.

* :func:`smtp_server` — an aiosmtpd server whose handler keeps every message;
  recipients in ``reject`` get ``550``; ``users`` turns on AUTH LOGIN/PLAIN;
  ``tls`` (a :class:`Certificate`) offers STARTTLS, ``implicit_tls`` speaks SSL.
* :func:`silent_server` — accepts TCP connections and never says a word.
* :func:`echo_server` — a hostile server that answers AUTH (and every
  recipient) with a refusal quoting what the client sent, decoded and not.
* :func:`closed_port` — a port nothing listens on.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    login: str | None

    @property
    def message(self) -> EmailMessage:
        msg = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg


@dataclass
class Collector:
    """aiosmtpd handler: keeps messages, refuses addresses in ``reject`` with 550."""

    reject: set[str] = field(default_factory=set)
    reject_data: bool = False
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reject_data:
            return "550 5.7.1 message content rejected"
        login = (
            session.auth_data.login.decode()
            if isinstance(session.auth_data, LoginPassword)
            else None
        )
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content or envelope.content,
                login,
            )
        )
        return "250 2.0.0 accepted"


class _Controller(Controller):
    """A Controller on a free port chosen by the kernel (port 0), read back once bound."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]  # (aiosmtpd: unannotated)


@dataclass
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def make_certificate(folder: Path) -> Certificate | None:
    """A self-signed certificate for 127.0.0.1 (None without the ``openssl`` binary)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return Certificate(cert, key)


@contextmanager
def smtp_server(
    *,
    reject: set[str] | None = None,
    reject_data: bool = False,
    users: dict[str, str] | None = None,
    tls: Certificate | None = None,
    implicit_tls: bool = False,
) -> Iterator[tuple[Controller, Collector]]:
    handler = Collector(reject={r.lower() for r in reject or ()}, reject_data=reject_data)
    kwargs: dict[str, Any] = {}
    if users is not None:

        def authenticate(
            server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
        ) -> AuthResult:
            ok = (
                isinstance(auth_data, LoginPassword)
                and users.get(auth_data.login.decode()) == auth_data.password.decode()
            )
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs.update(authenticator=authenticate, auth_require_tls=tls is not None)
    if tls is not None and not implicit_tls:
        kwargs.update(tls_context=tls.server_context(), require_starttls=True)
    if tls is not None and implicit_tls:
        kwargs.update(ssl_context=tls.server_context())
    controller = _Controller(handler, hostname="127.0.0.1", port=0, ready_timeout=10, **kwargs)
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (the greeting never comes)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except (TimeoutError, OSError):
                continue
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        for conn in accepted:
            conn.close()
        sock.close()


@contextmanager
def echo_server() -> Iterator[tuple[int, list[str]]]:
    """A hostile SMTP server on 127.0.0.1: AUTH PLAIN is refused with ``535`` quoting
    the client's line and its base64 decoded; recipients are refused with ``550`` quoting the
    last AUTH line. Yields the port and the lines it received."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    received: list[str] = []

    def decoded(word: str) -> str:
        try:
            return base64.b64decode(word + "=" * (-len(word) % 4)).decode("utf-8", "replace")
        except ValueError:
            return ""

    def serve(conn: socket.socket) -> None:
        last_auth = ""
        with conn, conn.makefile("rwb") as f:

            def reply(text: str) -> None:
                f.write(text.encode("utf-8") + b"\r\n")
                f.flush()

            reply("220 echo.test ESMTP")
            for raw in f:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                received.append(line)
                verb = line.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    reply("250-echo.test")
                    reply("250 AUTH PLAIN")
                elif verb == "AUTH":
                    last_auth = line
                    words = line.split()
                    reply(f"535 5.7.8 bad credentials: {line} = {decoded(words[-1])!r}")
                elif verb in ("MAIL", "RSET", "NOOP"):
                    reply("250 OK")
                elif verb == "RCPT":
                    reply(f"550 5.1.1 no such user (after {last_auth or 'no AUTH'})")
                elif verb == "QUIT":
                    reply("221 bye")
                    return
                else:
                    reply("502 5.5.2 not implemented")

    def accept() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield sock.getsockname()[1], received
    finally:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        sock.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port
