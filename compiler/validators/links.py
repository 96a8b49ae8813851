"""The link validator: every link, what it is, and (when asked) whether it works.

:func:`collect_links` lists every distinct link (anchors, image-map areas,
VML ``href`` in Outlook blocks, and ``x-cta``/``x-image`` hrefs if any are left
unexpanded) with its text, tracking, URL parameters and protocol. :func:`check`
yields the issues; with ``options.network`` it also asks each http(s) URL for
its status: HEAD first, GET when HEAD is refused, redirects followed and
reported, one deadline per URL.

Rules: ``links/empty`` (error), ``links/placeholder`` (warning, ``href="#"``),
``links/invalid-url`` (error), ``links/javascript`` (error),
``links/insecure`` (warning, ``http://``), ``links/protocol-not-validated``
(info), ``links/example-domain`` (info: reserved example domains such as
``example.com`` or ``*.example`` are never fetched), ``links/relative-url``
(error), ``links/dynamic`` (info: Liquid URL and no sample profile),
``links/liquid-error`` (warning), and with the network: ``links/broken``
(error, 4xx/5xx), ``links/blocked`` (warning, status 999), ``links/redirect``
(info, with the target), ``links/redirect-loop`` (error),
``links/too-many-redirects`` (error), ``links/timeout`` (error),
``links/unreachable`` (error), ``links/tls`` (error), ``links/network`` (error),
``links/bad-redirect`` (error: a redirect to anything but http(s), named),
``links/refused-address`` (warning: a link-local, metadata or — without
``allow_private`` — private address; never fetched) and ``links/not-checked``
(warning: the run's time budget was spent first).
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from compiler.result import CompileResult
from compiler.validators.base import CheckContext
from compiler.validators.document import Document, Element, document
from compiler.validators.probes import Probe, reserved_host
from components.diagnostics import Issue, Severity
from components.markup import LIQUID_RE

NAME = "links"
# Every rule this validator reports (tests prove each with a known-bad and a known-good email).
RULE_IDS: tuple[str, ...] = (
    "links/empty",
    "links/placeholder",
    "links/liquid-error",
    "links/dynamic",
    "links/javascript",
    "links/protocol-not-validated",
    "links/relative-url",
    "links/invalid-url",
    "links/insecure",
    "links/example-domain",
    "links/broken",
    "links/blocked",
    "links/redirect",
    "links/redirect-loop",
    "links/too-many-redirects",
    "links/timeout",
    "links/unreachable",
    "links/tls",
    "links/network",
    "links/bad-redirect",
    "links/refused-address",
    "links/not-checked",
)

CHECKED_SCHEMES = ("http", "https", "ftp", "mailto", "tel")
_EMAIL = re.compile(
    r"^[^@\s,;<>()\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_TEL = re.compile(r"^\+?[0-9()\-.\s/]{3,}(?:;[\w=.-]+)*$")
_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$|^\[[0-9a-fA-F:.]+\]$"
)
_UNTRACKED_ATTRS = ("data-track", "data-mw-track", "track-link", ":track-link", "data-tracking")
_UTM = "utm_"


@dataclass(slots=True)
class LinkRecord:
    """One distinct link of the email (the Links panel lists these)."""

    url: str  # as written (may contain Liquid)
    resolved: str  # Liquid rendered with the sample profile, else = url
    scheme: str  # "https", "mailto", …, "" for relative
    texts: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # "a", "area", "vml", "x-cta"…
    offsets: list[int] = field(default_factory=list)  # output offsets of each use
    location: tuple[str, int, int] = ("", 0, 0)  # source location of the first use
    tracked: bool = True
    params: dict[str, str] = field(default_factory=dict)
    utm: dict[str, str] = field(default_factory=dict)
    dynamic: bool = False  # Liquid in the URL
    liquid_error: str = ""
    validated: bool = True  # the protocol is one the checker validates
    status: int | None = None
    final_url: str = ""
    redirects: list[tuple[int, str]] = field(default_factory=list)
    error: str = ""
    detail: str = ""
    elapsed_ms: float = 0.0
    checked_at: float = 0.0

    @property
    def text(self) -> str:
        return next((t for t in self.texts if t), "")

    @property
    def ok(self) -> bool | None:
        """True/False once checked over the network; None when not checked."""
        if self.status is None and not self.error:
            return None
        return not self.error and self.status is not None and 200 <= self.status < 400


@dataclass(slots=True)
class LinkReport:
    """All links of one compile plus what they were checked against."""

    digest: str
    records: list[LinkRecord]
    checked_at: float

    def in_sync(self, result: CompileResult) -> bool:
        """True while ``result`` is the same email the report was made from."""
        return self.digest == source_digest(result)


def source_digest(result: CompileResult) -> str:
    return hashlib.sha1((result.source + "\0" + result.html).encode("utf-8")).hexdigest()


def _scheme(url: str) -> str:
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", url)
    return m.group(1).lower() if m else ""


def _untracked(el: Element) -> bool:
    return (
        any(
            el.attrs.get(a, "").strip().lower() in ("false", "0", "no", "off")
            for a in _UNTRACKED_ATTRS
        )
        or "data-untracked" in el.attrs
        or "untracked" in el.get("class").split()
    )  # x-cta / x-image with :track-link="false"


def _link_text(doc: Document, el: Element) -> str:
    if el.tag != "a":
        return el.get("alt") or el.get("title") or el.get("aria-label")
    text = doc.text_of(el)
    if not text:
        # An image link: its accessible name is the image's alt text.
        alts = [e.get("alt") for e in doc.elements if e.link == el.index and e.tag == "img"]
        text = " ".join(a for a in alts if a)
    return el.get("aria-label") or text


def render_url(url: str, ctx: CheckContext) -> tuple[str, str]:
    """``url`` rendered with the sample profile by the workspace's Liquid (its tags,
    filters and snippets, as previews render it): (rendered, "") or (url, why not)."""
    from compiler.liquid.render import render_template

    profile = ctx.options.profile or {}
    try:
        out = render_template(url, profile, file=ctx.file, project=ctx.project)
    except Exception as exc:  # a renderer failure is a finding about this URL
        return url, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    errors = [i for i in out.issues if i.is_error]
    if errors:
        return url, errors[0].message
    return out.text.strip(), ""


def collect_links(ctx: CheckContext) -> list[LinkRecord]:
    """Every distinct link of the email, in order of first use."""
    cached = ctx.cache.get("links")
    if isinstance(cached, list):
        return cached
    doc = document(ctx)
    records: dict[str, LinkRecord] = {}
    for el in doc.elements:
        if "href" not in el.attrs:
            continue
        if el.tag in ("a", "area"):
            kind = el.tag
        elif el.tag.startswith("v:"):
            kind = "vml"
        elif el.tag in ("x-cta", "x-image", "x-button", "x-link"):
            kind = el.tag
        else:
            continue
        url = el.attrs["href"].strip()
        rec = records.get(url)
        if rec is None:
            dynamic = bool(LIQUID_RE.search(url))
            resolved, err = url, ""
            if dynamic and ctx.options.profile is not None:
                resolved, err = render_url(url, ctx)
            scheme = _scheme(resolved if not err else url)
            rec = LinkRecord(
                url, resolved, scheme, dynamic=dynamic, liquid_error=err, location=ctx.locate(el.at)
            )
            rec.validated = scheme in CHECKED_SCHEMES or scheme == ""
            rec.tracked = scheme not in ("mailto", "tel", "sms")
            if scheme in ("http", "https"):
                try:
                    query = urlsplit(resolved).query
                except ValueError:
                    query = ""
                pairs = parse_qsl(query, keep_blank_values=True)
                rec.params = dict(pairs)
                rec.utm = {k: v for k, v in pairs if k.lower().startswith(_UTM)}
            records[url] = rec
        rec.texts.append(_link_text(doc, el))
        rec.kinds.append(kind)
        rec.offsets.append(el.at)
        if _untracked(el):
            rec.tracked = False
    out = list(records.values())
    ctx.cache["links"] = out
    return out


def review(ctx: CheckContext) -> LinkReport:
    """Collect the links and, with ``options.network``, check their status."""
    records = collect_links(ctx)
    if ctx.options.network:
        _check_status(ctx, records)
    return LinkReport(source_digest(ctx.result), records, time.time())


def _checkable(rec: LinkRecord) -> bool:
    if rec.scheme not in ("http", "https") or rec.liquid_error:
        return False
    if rec.dynamic and LIQUID_RE.search(rec.resolved):
        return False
    return _syntax_problem(rec) is None and not reserved_host(rec.resolved)


def _check_status(ctx: CheckContext, records: list[LinkRecord]) -> None:
    cache = ctx.options.url_cache
    todo: list[str] = []
    for rec in records:
        if not _checkable(rec):
            continue
        hit = cache.get("link:" + rec.resolved) if cache is not None else None
        if isinstance(hit, Probe):
            _apply(rec, hit)
        else:
            todo.append(rec.resolved)
    if not todo:
        return
    progress = ctx.options.progress

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("links", done, total)

    from compiler.validators.http import probe_urls  # the network stack, only to probe

    probes = probe_urls(
        todo,
        timeout_s=ctx.options.timeout_s,
        concurrency=ctx.options.concurrency,
        budget_s=ctx.options.budget_s,
        allow_private=ctx.options.allow_private,
        progress=report,
    )
    for rec in records:
        probe = probes.get(rec.resolved)
        if probe is not None:
            _apply(rec, probe)
            if cache is not None and probe.error not in (
                "timeout",
                "network",
                "not-checked",
                "refused-address",
            ):
                cache["link:" + rec.resolved] = probe


def _apply(rec: LinkRecord, probe: Probe) -> None:
    rec.status = probe.status
    rec.final_url = probe.final_url
    rec.redirects = list(probe.redirects)
    rec.error = probe.error
    rec.detail = probe.detail
    rec.elapsed_ms = probe.elapsed_ms
    rec.checked_at = probe.checked_at


def _syntax_problem(rec: LinkRecord) -> str | None:
    """Why the URL is malformed, or None."""
    url = rec.resolved
    scheme = rec.scheme
    if scheme in ("http", "https", "ftp"):
        if any(ch.isspace() for ch in url) or '"' in url or "<" in url or ">" in url:
            return "the URL contains spaces or characters that must be encoded"
        try:
            parts = urlsplit(url)
            port = parts.port  # raises ValueError for a bad port
        except ValueError as exc:
            return f"the URL cannot be parsed ({exc})"
        del port
        host = parts.hostname or ""
        if not parts.netloc or not host:
            return "the URL has no host name"
        if ":" in host:  # an IPv6 literal, written [::1] in the URL
            try:
                ipaddress.IPv6Address(host.split("%", 1)[0])
            except ValueError:
                return f'"[{host}]" is not a valid IPv6 address'
            return None
        if not _HOST.match(host):
            return f'"{host}" is not a valid host name'
        return None
    if scheme == "mailto":
        addresses = url[7:].split("?", 1)[0]
        for addr in filter(None, (a.strip() for a in addresses.split(","))):
            if not _EMAIL.match(unquote(addr)):
                return f'"{unquote(addr)}" is not an email address'
        if not addresses.strip() and "to=" not in url.lower():
            return "mailto: link with no address"
        return None
    if scheme == "tel":
        number = url[4:]
        if not _TEL.match(unquote(number)):
            return f'"{unquote(number)}" is not a phone number'
        return None
    return None


def _probe_issue(ctx: CheckContext, rec: LinkRecord, at: int) -> Issue | None:
    data: dict[str, object] = {
        "url": rec.resolved,
        "status": rec.status,
        "final_url": rec.final_url,
        "redirects": [list(r) for r in rec.redirects],
        "elapsed_ms": round(rec.elapsed_ms, 1),
    }
    if rec.error:
        rule = {
            "redirect-loop": "links/redirect-loop",
            "too-many-redirects": "links/too-many-redirects",
            "timeout": "links/timeout",
            "unreachable": "links/unreachable",
            "tls": "links/tls",
            "invalid-url": "links/invalid-url",
            "bad-redirect": "links/bad-redirect",
            "refused-address": "links/refused-address",
            "not-checked": "links/not-checked",
        }.get(rec.error, "links/network")
        severity = (
            Severity.WARNING if rec.error in ("refused-address", "not-checked") else Severity.ERROR
        )
        return ctx.issue(rule, severity, f"{rec.resolved}: {rec.detail}", at, **data)
    status = rec.status or 0
    if status == 999:
        return ctx.issue(
            "links/blocked",
            Severity.WARNING,
            f"{rec.resolved}: status 999 — the site blocks automated checks "
            "(LinkedIn does this); open the link in a browser to confirm it works",
            at,
            **data,
        )
    if status >= 400:
        reason = (
            "not found" if status == 404 else ("the server failed" if status >= 500 else "refused")
        )
        return ctx.issue(
            "links/broken",
            Severity.ERROR,
            f"{rec.resolved}: status {status} ({reason})",
            at,
            **data,
        )
    if rec.redirects:
        return ctx.issue(
            "links/redirect",
            Severity.INFO,
            f"{rec.resolved} redirects ({rec.redirects[0][0]}) to "
            f"{rec.final_url}; check the target is where you want to send people",
            at,
            **data,
        )
    return None


def check(ctx: CheckContext) -> Iterator[Issue]:
    report = review(ctx)
    for rec in report.records:
        at = rec.offsets[0]
        data: dict[str, object] = {"url": rec.url}
        if not rec.url:
            yield ctx.issue("links/empty", Severity.ERROR, "link with an empty href", at, **data)
            continue
        if rec.url == "#":
            yield ctx.issue(
                "links/placeholder",
                Severity.WARNING,
                'placeholder link (href="#"): point it somewhere',
                at,
                **data,
            )
            continue
        if rec.dynamic and rec.liquid_error:
            yield ctx.issue(
                "links/liquid-error",
                Severity.WARNING,
                f"{rec.url}: Liquid could not render it with the sample data: {rec.liquid_error}",
                at,
                **data,
            )
            continue
        if rec.dynamic and not rec.resolved:
            yield ctx.issue(
                "links/empty",
                Severity.ERROR,
                f"{rec.url}: renders to an empty URL with the sample data",
                at,
                **data,
            )
            continue
        if rec.dynamic and ctx.options.profile is None:
            yield ctx.issue(
                "links/dynamic",
                Severity.INFO,
                f"{rec.url}: dynamic URL (Liquid); choose sample data to check it",
                at,
                **data,
            )
            continue
        if rec.scheme == "javascript":
            yield ctx.issue(
                "links/javascript",
                Severity.ERROR,
                "javascript: links are removed by email clients",
                at,
                **data,
            )
            continue
        if not rec.validated:
            yield ctx.issue(
                "links/protocol-not-validated",
                Severity.INFO,
                f"{rec.url}: the {rec.scheme}: protocol is not validated "
                "(common for deep and universal links)",
                at,
                **data,
            )
            continue
        if rec.scheme == "" and not rec.resolved.startswith("#"):
            yield ctx.issue(
                "links/relative-url",
                Severity.ERROR,
                f"{rec.resolved}: relative URL; an email has no base address, so "
                "write the full https:// URL",
                at,
                **data,
            )
            continue
        problem = _syntax_problem(rec)
        if problem is not None:
            yield ctx.issue(
                "links/invalid-url", Severity.ERROR, f"{rec.resolved}: {problem}", at, **data
            )
            continue
        if rec.scheme == "http":
            yield ctx.issue(
                "links/insecure",
                Severity.WARNING,
                f"{rec.resolved} uses http://; use https://",
                at,
                **data,
            )
        if ctx.options.network and reserved_host(rec.resolved) and rec.scheme in ("http", "https"):
            yield ctx.issue(
                "links/example-domain",
                Severity.INFO,
                f"{rec.resolved}: {reserved_host(rec.resolved)} is a reserved "
                "example domain; not checked",
                at,
                **data,
            )
        elif ctx.options.network and _checkable(rec):
            found = _probe_issue(ctx, rec, at)
            if found is not None:
                yield found
