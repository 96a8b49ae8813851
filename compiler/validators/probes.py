"""What probing a URL answered, and which hosts are never probed (a leaf: no network library).

:mod:`compiler.validators.http` does the probing with ``httpx``; the validators and the
studio import the result type from here so that importing them costs no network stack
(``httpx``, ``httpcore`` and what they pull in are about a third of the studio's imports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

RESERVED_TLDS = ("example", "test", "invalid", "localhost")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")


def reserved_host(url: str) -> str:
    """The host when ``url`` points at a reserved example domain (RFC 2606/6761), else ""."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    last = host.rsplit(".", 1)[-1]
    if last in RESERVED_TLDS or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS):
        return host
    return ""


@dataclass(slots=True)
class Probe:
    """What one URL answered."""

    url: str
    status: int | None = None  # final status (None: no answer)
    final_url: str = ""
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, location)
    error: str = ""  # "timeout", "unreachable", "redirect-loop", …
    detail: str = ""  # human-readable reason for ``error``
    method: str = "HEAD"
    elapsed_ms: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""  # only for fetches (images), up to the byte limit
    truncated: bool = False  # the body was cut at the byte limit
    checked_at: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 400
