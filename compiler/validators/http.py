"""Concurrent HTTP probing for the link and image validators.

A pool of worker threads shares one ``httpx.Client`` (its connection pool is
sized to the concurrency). Blocking sockets matter here: a body is read only
as fast as we consume it, so stopping at a byte limit really stops the
download (an asyncio transport would keep buffering a 50 MB stream in
memory). Redirects are followed by hand, so every hop is reported and loops
are caught. Each URL has one deadline: httpx's connect/read timeouts bound
every wait, and the deadline is checked between hops and body chunks, so a
server that accepts the connection and never answers costs the configured
timeout and no more.
"""

from __future__ import annotations

import concurrent.futures
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

MAX_REDIRECTS = 10
# What a fetch keeps of a body already known (Content-Length) to be over its limit.
HEADER_BYTES = 256 * 1024
USER_AGENT = "Mozilla/5.0 (compatible; Mailwright link checker)"


RESERVED_TLDS = ("example", "test", "invalid", "localhost")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")


def reserved_host(url: str) -> str:
    """The host when ``url`` points at a reserved example domain (RFC 2606/6761), else ""."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    last = host.rsplit(".", 1)[-1]
    if last in RESERVED_TLDS or any(host == d or host.endswith("." + d)
                                    for d in RESERVED_DOMAINS):
        return host
    return ""


@dataclass(slots=True)
class Probe:
    """What one URL answered."""

    url: str
    status: int | None = None            # final status (None: no answer)
    final_url: str = ""
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, location)
    error: str = ""                      # "timeout", "unreachable", "redirect-loop", …
    detail: str = ""                     # human-readable reason for ``error``
    method: str = "HEAD"
    elapsed_ms: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""                    # only for fetches (images), up to the byte limit
    truncated: bool = False              # the body was cut at the byte limit
    checked_at: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 400


class _Deadline(Exception):
    pass


def _client(timeout_s: float, concurrency: int) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout_s),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
        limits=httpx.Limits(max_connections=max(1, concurrency),
                            max_keepalive_connections=max(1, concurrency)),
        trust_env=False,
    )


def _classify(exc: BaseException, timeout_s: float) -> tuple[str, str]:
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


def _request(client: httpx.Client, method: str, url: str, max_bytes: int, probe: Probe,
             deadline: float) -> httpx.Response:
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


def probe_one(client: httpx.Client, url: str, *, timeout_s: float, fetch: bool = False,
              max_bytes: int = 0) -> Probe:
    """HEAD (or GET with ``fetch``) one URL, following redirects by hand."""
    probe = Probe(url, checked_at=time.time())
    t0 = time.monotonic()
    deadline = t0 + timeout_s
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
    probe.final_url = current
    probe.elapsed_ms = (time.monotonic() - t0) * 1000
    return probe


def probe_urls(urls: Sequence[str], *, timeout_s: float, concurrency: int, fetch: bool = False,
               max_bytes: int = 0,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Probe]:
    """Probe every distinct URL concurrently; one :class:`Probe` per URL."""
    unique = list(dict.fromkeys(urls))
    results: dict[str, Probe] = {}
    if not unique:
        return results
    lock = threading.Lock()
    done = 0
    with _client(timeout_s, concurrency) as client, concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, min(concurrency, len(unique))),
            thread_name_prefix="mailwright-http") as pool:
        futures = {pool.submit(probe_one, client, u, timeout_s=timeout_s, fetch=fetch,
                               max_bytes=max_bytes): u for u in unique}
        for future in concurrent.futures.as_completed(futures):
            url = futures[future]
            results[url] = future.result()
            with lock:
                done += 1
                if progress is not None:
                    progress(done, len(unique))
    return results
