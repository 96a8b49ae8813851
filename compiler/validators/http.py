"""Concurrent HTTP probing for the link and image validators.

A pool of worker threads shares one ``httpx.Client`` (its connection pool is
sized to the concurrency). Blocking sockets matter here: a body is read only
as fast as we consume it, so stopping at a byte limit really stops the
download (an asyncio transport would keep buffering a 50 MB stream in
memory). Redirects are followed by hand, so every hop is reported and loops
are caught, and only http(s) redirects are followed.

Each URL has one wall-clock deadline that covers every hop: the sockets come
from :class:`_GuardedBackend`, whose every connect and read waits at most until
that deadline, so a server trickling its headers a byte at a time cannot
extend it. A run has a total budget too; URLs not started when it is spent are
answered "not checked: time budget".

The backend also decides where we connect: it resolves the host itself and
connects only to addresses :func:`address_refusal` allows — never link-local
or cloud metadata addresses (169.254.0.0/16, fe80::/10, ``fd00:ec2::254``),
private ranges only with ``allow_private``; loopback is allowed (it is this
computer, not the network, and the checker's own tests serve there). Since the
check is on the address connected to, it holds for redirects and for names
that resolve to such addresses.

``httpx`` and ``httpcore`` are imported here only: callers that need no network (the
studio's start, a build) import :class:`Probe` and :func:`reserved_host` from the
leaf :mod:`compiler.validators.probes` and this module where they probe.
"""

from __future__ import annotations

import concurrent.futures
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from compiler.addresses import address_refusal
from compiler.validators.probes import Probe, reserved_host

__all__ = ["Probe", "address_refusal", "probe_one", "probe_urls", "reserved_host"]

MAX_REDIRECTS = 10
# What a fetch keeps of a body already known (Content-Length) to be over its limit.
HEADER_BYTES = 256 * 1024
USER_AGENT = "Mozilla/5.0 (compatible; Mailwright link checker)"


class _Deadline(Exception):
    pass


class RefusedAddress(Exception):
    """The host resolves only to addresses the checker never connects to."""


class _Clock:
    """The deadline of the probe running on this thread (set by :func:`probe_one`)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def set(self, deadline: float) -> None:
        self._local.deadline = deadline

    def bound(self, timeout: float | None) -> float:
        """``timeout`` shortened to what is left before the deadline."""
        deadline: float = getattr(self._local, "deadline", float("inf"))
        left = deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("deadline passed")
        return left if timeout is None else min(timeout, left)


class _GuardedStream(httpcore.NetworkStream):
    """A socket stream whose every wait ends by the probe's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, clock: _Clock) -> None:
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clock.bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.bound(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._clock.bound(timeout))
        return _GuardedStream(inner, self._clock)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves, refuses forbidden addresses, and bounds every wait by the deadline."""

    def __init__(self, clock: _Clock, *, allow_private: bool) -> None:
        self._inner = httpcore.SyncBackend()
        self._clock = clock
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
        refusal = ""
        error: Exception | None = None
        for _family, _type, _proto, _name, sockaddr in infos:
            address = str(sockaddr[0])
            why = address_refusal(address, allow_private=self._allow_private)
            if why:
                refusal = refusal or why
                continue
            try:
                stream = self._inner.connect_tcp(
                    address, port, self._clock.bound(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _GuardedStream(stream, self._clock)
        if error is not None:
            raise error
        raise RefusedAddress(
            f"{host} resolves to {refusal}"
            if refusal and host not in refusal
            else refusal or f"{host} has no address"
        )

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not checked")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _client(
    timeout_s: float, concurrency: int, clock: _Clock, *, allow_private: bool
) -> httpx.Client:
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=max(1, concurrency),
        max_keepalive_connections=max(1, concurrency),
        network_backend=_GuardedBackend(clock, allow_private=allow_private),
    )
    return httpx.Client(
        timeout=httpx.Timeout(timeout_s),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
        transport=transport,
        trust_env=False,
    )


def _classify(exc: BaseException, timeout_s: float) -> tuple[str, str]:
    if isinstance(exc, RefusedAddress):
        return "refused-address", str(exc)
    if isinstance(exc, (httpx.TimeoutException, _Deadline, TimeoutError)):
        return "timeout", f"no answer within {timeout_s:g} s"
    if isinstance(exc, httpx.ConnectError):
        cause = exc.__cause__ or exc.__context__
        text = str(exc) or str(cause or "")
        if isinstance(cause, ssl.SSLError) or "SSL" in text or "certificate" in text:
            return "tls", f"secure connection failed: {text}"
        return "unreachable", f"cannot connect: {text or 'connection refused'}"
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL, ValueError)):
        return "invalid-url", str(exc) or "not a valid URL"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "protocol", f"the server broke the HTTP protocol: {exc}"
    return "network", f"{type(exc).__name__}: {exc}"


def _request(
    client: httpx.Client, method: str, url: str, max_bytes: int, probe: Probe, deadline: float
) -> httpx.Response:
    if time.monotonic() > deadline:
        raise _Deadline
    with client.stream(method, url) as resp:
        if method == "GET" and max_bytes > 0 and resp.status_code < 300:
            limit = max_bytes
            length = resp.headers.get("content-length", "")
            if length.isdigit() and int(length) >= max_bytes:
                # Known to be over the limit: the header is all we need (format, size).
                limit = min(max_bytes, HEADER_BYTES)
            body = bytearray()
            for chunk in resp.iter_raw(65536):
                body += chunk[: limit - len(body)]
                if len(body) >= limit:
                    probe.truncated = True
                    break
                if time.monotonic() > deadline:
                    raise _Deadline
            probe.body = bytes(body)
    return resp


def probe_one(
    client: httpx.Client,
    url: str,
    *,
    timeout_s: float,
    fetch: bool = False,
    max_bytes: int = 0,
    clock: _Clock | None = None,
    budget_end: float = float("inf"),
    budget_s: float = 0.0,
) -> Probe:
    """HEAD (or GET with ``fetch``) one URL, following redirects by hand, all of it
    done by ``timeout_s`` (and by ``budget_end``, the run's end, when that is sooner)."""
    probe = Probe(url, checked_at=time.time())
    t0 = time.monotonic()
    if t0 >= budget_end:
        return _not_checked(probe, budget_s)
    deadline = min(t0 + timeout_s, budget_end)
    if clock is not None:
        clock.set(deadline)
    current = url
    seen = {url}
    method = "GET" if fetch else "HEAD"
    try:
        while True:
            resp = _request(client, method, current, max_bytes if fetch else 0, probe, deadline)
            if method == "HEAD" and resp.status_code in (400, 403, 405, 501):
                # HEAD not allowed (or refused): ask again with GET, without reading the body.
                method = "GET"
                resp = _request(client, "GET", current, 0, probe, deadline)
            probe.status = resp.status_code
            probe.method = method
            probe.headers = {k.lower(): v for k, v in resp.headers.items()}
            if resp.is_redirect and "location" in resp.headers:
                target = urljoin(current, resp.headers["location"])
                probe.redirects.append((resp.status_code, target))
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    probe.error = "bad-redirect"
                    probe.detail = (
                        f"redirects ({resp.status_code}) to {target}; only http:// "
                        "and https:// redirects are followed"
                    )
                    break
                if target in seen:
                    probe.error = "redirect-loop"
                    probe.detail = f"redirect loop: {target} was already visited"
                    break
                if len(probe.redirects) > MAX_REDIRECTS:
                    probe.error = "too-many-redirects"
                    probe.detail = f"more than {MAX_REDIRECTS} redirects"
                    break
                seen.add(target)
                current = target
                continue
            break
    except Exception as exc:  # every failure is an answer about the URL
        probe.error, probe.detail = _classify(exc, timeout_s)
        if (
            probe.error == "timeout"
            and budget_end < t0 + timeout_s
            and time.monotonic() >= budget_end
        ):
            _not_checked(probe, budget_s)
    probe.final_url = current
    probe.elapsed_ms = (time.monotonic() - t0) * 1000
    return probe


def _not_checked(probe: Probe, budget_s: float) -> Probe:
    probe.error = "not-checked"
    probe.detail = f"not checked: time budget ({budget_s:g} s for the run) used up"
    return probe


def probe_urls(
    urls: Sequence[str],
    *,
    timeout_s: float,
    concurrency: int,
    fetch: bool = False,
    max_bytes: int = 0,
    budget_s: float | None = None,
    allow_private: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Probe]:
    """Probe every distinct URL concurrently; one :class:`Probe` per URL.

    ``budget_s`` bounds the whole run: URLs not finished by then are answered with
    the error ``"not-checked"``. ``allow_private`` lets the checker connect to private
    network addresses (link-local and metadata addresses stay refused)."""
    unique = list(dict.fromkeys(urls))
    results: dict[str, Probe] = {}
    if not unique:
        return results
    lock = threading.Lock()
    done = 0
    clock = _Clock()
    budget = budget_s if budget_s is not None and budget_s > 0 else 0.0
    budget_end = time.monotonic() + budget if budget else float("inf")
    with (
        _client(timeout_s, concurrency, clock, allow_private=allow_private) as client,
        concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, min(concurrency, len(unique))), thread_name_prefix="mailwright-http"
        ) as pool,
    ):
        futures = {
            pool.submit(
                probe_one,
                client,
                u,
                timeout_s=timeout_s,
                fetch=fetch,
                max_bytes=max_bytes,
                clock=clock,
                budget_end=budget_end,
                budget_s=budget,
            ): u
            for u in unique
        }
        for future in concurrent.futures.as_completed(futures):
            url = futures[future]
            results[url] = future.result()
            with lock:
                done += 1
                if progress is not None:
                    progress(done, len(unique))
    return results
