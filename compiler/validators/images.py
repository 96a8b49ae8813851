"""The image validator: every image, loaded and measured.

:func:`inspect_images` lists every image of the email — ``<img>``, ``srcset``
candidates, the ``background`` attribute, CSS ``url()`` in style attributes
and ``<style>`` blocks, VML ``v:fill``/``v:image`` — and loads each one
(workspace files always, including https URLs under ``[assets] base_url``,
read from ``assets/`` — see :meth:`Project.asset_path`; other http(s) when
``options.network``; ``data:`` URIs),
streaming with a byte limit so a huge file is never held in memory whole.
Pillow reads format, dimensions and frame count, decodes the image to catch
corrupt and truncated files, and re-encodes it to measure real savings.

Rules: ``images/alt-missing`` (error unless decorative: ``alt=""``,
``role="presentation"`` or ``aria-hidden="true"``), ``images/insecure``
(warning), ``images/format`` (warning: WebP, BMP, SVG, HEIC/HEIF, AVIF, TIFF,
ICO, naming the clients that fail, from caniemail), ``images/heavy`` (warning,
over 1 MB), ``images/too-heavy`` (error, over 2 MB), ``images/too-large``
(error, a side over 4096 px), ``images/too-tall`` (warning, taller than
1728 px: Outlook crops it), ``images/upscaled`` (warning: shown wider than it
is), ``images/retina`` (info: under 2× its display width), ``images/savings``
(info: re-encoding saves at least 10 % and 10 KB), ``images/animated`` (info:
frame count; Outlook for Windows shows the first frame), ``images/broken``
(error), ``images/corrupt`` (error), ``images/truncated`` (error),
``images/timeout``, ``images/unreachable``, ``images/invalid-url`` (errors),
``images/missing-asset`` (error: a URL under ``[assets] base_url`` whose file
is not in ``assets/``),
``images/dynamic`` (info: Liquid URL without sample data), ``images/empty-src``
(error), ``images/outside-workspace`` (error: a ``file:`` source, or a path
that leads out of the workspace — refused without looking, so the message is
the same whether the file exists or not), ``images/refused-address`` (warning:
a link-local, metadata or private address; never fetched) and
``images/not-checked`` (warning: the run's time budget was spent first).
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from PIL import Image, UnidentifiedImageError

from compiler.image_limits import MAX_BYTES, MAX_SIDE, WARN_BYTES
from compiler.validators import caniemail
from compiler.validators.base import CheckContext
from compiler.validators.document import document
from compiler.validators.links import render_url
from compiler.validators.probes import Probe, reserved_host
from components.diagnostics import Issue, Severity
from components.markup import LIQUID_RE

NAME = "images"
# Every rule this validator reports (tests prove each with a known-bad and a known-good email).
RULE_IDS: tuple[str, ...] = (
    "images/alt-missing",
    "images/empty-src",
    "images/dynamic",
    "images/insecure",
    "images/broken",
    "images/corrupt",
    "images/truncated",
    "images/timeout",
    "images/unreachable",
    "images/invalid-url",
    "images/missing-asset",
    "images/format",
    "images/too-heavy",
    "images/heavy",
    "images/too-large",
    "images/too-tall",
    "images/upscaled",
    "images/retina",
    "images/savings",
    "images/animated",
    "images/outside-workspace",
    "images/refused-address",
    "images/not-checked",
)

OUTLOOK_MAX_HEIGHT = 1728
# Bytes read from a file that is over MAX_BYTES: enough for any header.
HEADER_BYTES = 256 * 1024
SAVINGS_MIN_RATIO = 0.10
SAVINGS_MIN_BYTES = 10_000
FINE_FORMATS = frozenset({"JPEG", "PNG", "GIF"})
FORMAT_SLUG = {
    "WEBP": "image-webp",
    "BMP": "image-bmp",
    "SVG": "image-svg",
    "HEIF": "image-heif",
    "HEIC": "image-heif",
    "AVIF": "image-avif",
    "TIFF": "image-tiff",
    "ICO": "image-ico",
}

_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_DATA_URI = re.compile(r"^data:([\w/+.-]*)(;[^,]*)?,(.*)$", re.S | re.I)


@dataclass(slots=True)
class ImageRecord:
    """One distinct image of the email (the Images panel lists these)."""

    src: str
    resolved: str
    kinds: list[str] = field(default_factory=list)  # "img", "srcset", "background", "css", "vml"
    offsets: list[int] = field(default_factory=list)
    location: tuple[str, int, int] = ("", 0, 0)
    alt: str | None = None  # of the first <img> use
    decorative: bool = False
    declared_width: int | None = None
    declared_height: int | None = None
    dynamic: bool = False
    origin: str = ""  # "local", "asset", "remote", "data", ""
    path: str = ""  # local file, when found
    loaded: bool = False
    format: str = ""  # "JPEG", "PNG", "SVG", …
    bytes: int | None = None
    width: int | None = None
    height: int | None = None
    frames: int = 1
    status: int | None = None
    error: str = ""  # rule suffix: "broken", "corrupt", …
    detail: str = ""
    savings_bytes: int = 0
    redirects: list[tuple[int, str]] = field(default_factory=list)

    @property
    def https(self) -> bool:
        return self.resolved.lower().startswith("https:")

    @property
    def animated(self) -> bool:
        return self.frames > 1


def _px(value: str) -> int | None:
    m = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value or "")
    return int(float(m.group(1))) if m else None


def _style_px(style: str, prop: str) -> int | None:
    m = re.search(rf"(?:^|;)\s*{prop}\s*:\s*(\d+(?:\.\d+)?)px", style or "", re.I)
    return int(float(m.group(1))) if m else None


def collect_images(ctx: CheckContext) -> list[ImageRecord]:
    """Every distinct image reference, not yet loaded."""
    doc = document(ctx)
    records: dict[str, ImageRecord] = {}

    def add(src: str, kind: str, at: int, el_attrs: Mapping[str, str] | None = None) -> None:
        src = src.strip()
        rec = records.get(src)
        if rec is None:
            dynamic = bool(LIQUID_RE.search(src))
            resolved = src
            if dynamic and ctx.options.profile is not None:
                rendered, err = render_url(src, ctx)
                resolved = rendered if not err else src
            rec = ImageRecord(src, resolved, dynamic=dynamic, location=ctx.locate(at))
            records[src] = rec
        rec.kinds.append(kind)
        rec.offsets.append(at)
        if kind == "img" and el_attrs is not None and rec.kinds.count("img") == 1:
            rec.alt = el_attrs.get("alt")
            rec.decorative = _decorative(el_attrs)
            rec.declared_width = _px(el_attrs.get("width", "")) or _style_px(
                el_attrs.get("style", ""), "width"
            )
            rec.declared_height = _px(el_attrs.get("height", "")) or _style_px(
                el_attrs.get("style", ""), "height"
            )

    for el in doc.elements:
        if el.tag == "img" and "src" in el.attrs:
            add(el.attrs["src"], "img", el.at, el.attrs)
        elif el.tag == "img":
            add("", "img", el.at, el.attrs)
        if el.tag in ("img", "source") and el.get("srcset"):
            for cand in el.get("srcset").split(","):
                url = cand.strip().split(" ")[0]
                if url:
                    add(url, "srcset", el.at)
        if el.get("background") and el.tag in ("td", "th", "table", "body", "div"):
            add(el.get("background"), "background", el.at)
        if el.tag.startswith("v:") and el.get("src"):
            add(el.get("src"), "vml", el.at)
        style = el.get("style")
        if style and "url(" in style.lower():
            for m in _CSS_URL.finditer(style):
                add(m.group(2), "css", el.at)
    for offset, css in doc.styles:
        for m in _CSS_URL.finditer(css):
            if not css[max(0, m.start() - 20) : m.start()].lower().rstrip().endswith("src:"):
                add(m.group(2), "css", offset + m.start())
    return list(records.values())


def inspect_images(ctx: CheckContext) -> list[ImageRecord]:
    """Every image, loaded and measured where possible (cached for one run)."""
    cached = ctx.cache.get("images")
    if isinstance(cached, list):
        return cached
    records = collect_images(ctx)
    remote: list[ImageRecord] = []
    for rec in records:
        src = rec.resolved
        if not src or (rec.dynamic and LIQUID_RE.search(src)):
            continue
        scheme = src.split(":", 1)[0].lower() if ":" in src[:12] else ""
        asset = ctx.project.asset_path(src) if scheme in ("http", "https") else None
        if asset is not None:
            rec.origin = "asset"
            _load_asset(ctx, rec, asset)
        elif scheme in ("http", "https"):
            rec.origin = "remote"
            if ctx.options.network and not reserved_host(src):
                remote.append(rec)
        elif scheme == "data":
            rec.origin = "data"
            _load_data_uri(rec)
        elif scheme in ("", "file") and not src.startswith("//"):
            rec.origin = "local"
            _load_local(ctx, rec)
        elif src.startswith("//"):
            rec.origin = "remote"
    if remote:
        _load_remote(ctx, remote)
    ctx.cache["images"] = records
    return records


def _candidates(ctx: CheckContext, src: str) -> list[Path] | None:
    """Where a local source may be: the places inside the workspace it names, from the
    email's folder, the root and ``assets/``; None when the source is a ``file:`` URL or
    every reading of it leads out of the workspace (nothing is looked at)."""
    if src.lower().startswith("file:"):
        return None
    rel = unquote(src.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]).lstrip("/")
    root = ctx.project.root
    if root is None:
        if not ctx.file:
            return None
        root = Path(ctx.file).parent
    boundary = root.resolve()
    bases: list[Path] = []
    if ctx.file:
        bases.append(Path(ctx.file).parent)
    bases.append(root)
    if ctx.project.root is not None and ctx.asset_root is not None:
        bases.append(ctx.asset_root)
    out = [
        path for path in ((base / rel).resolve() for base in bases) if path.is_relative_to(boundary)
    ]
    return out or None


def _load_local(ctx: CheckContext, rec: ImageRecord) -> None:
    candidates = _candidates(ctx, rec.resolved)
    if candidates is None:
        rec.error = "outside-workspace"
        rec.detail = (
            "image sources are read from inside the workspace or over http(s) "
            "only; this one is not read"
        )
        return
    for path in candidates:
        if path.is_file():
            _load_file(rec, path)
            return
    rec.error, rec.detail = "broken", "no such file in the workspace"


def _load_asset(ctx: CheckContext, rec: ImageRecord, path: Path) -> None:
    """An https URL under ``[assets] base_url``: the file in ``assets/`` it is published from."""
    if path.is_file():
        _load_file(rec, path)
        return
    rec.path = str(path)
    rec.error = "missing-asset"
    rec.detail = (
        f"no file {ctx.project.relative(path)} in the workspace (this URL is under "
        "[assets] base_url); add the file or fix the URL"
    )


def _load_file(rec: ImageRecord, path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(HEADER_BYTES if size > MAX_BYTES else size)
    except OSError as exc:
        rec.error, rec.detail = "broken", f"cannot read {path}: {exc.strerror}"
        return
    rec.path = str(path)
    rec.bytes = size
    _measure(rec, data, complete=size <= MAX_BYTES)


def _load_data_uri(rec: ImageRecord) -> None:
    m = _DATA_URI.match(rec.resolved)
    if m is None:
        rec.error, rec.detail = "invalid-url", "malformed data: URI"
        return
    try:
        if m.group(2) and "base64" in m.group(2).lower():
            data = base64.b64decode(m.group(3), validate=False)
        else:
            data = unquote(m.group(3)).encode("utf-8")
    except (ValueError, TypeError):
        rec.error, rec.detail = "corrupt", "the data: URI is not valid base64"
        return
    rec.bytes = len(data)
    _measure(rec, data, complete=True)


def _load_remote(ctx: CheckContext, records: list[ImageRecord]) -> None:
    cache = ctx.options.url_cache
    todo: list[str] = []
    for rec in records:
        hit = cache.get("image:" + rec.resolved) if cache is not None else None
        if not isinstance(hit, Probe):
            todo.append(rec.resolved)
    progress = ctx.options.progress

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("images", done, total)

    from compiler.validators.http import probe_urls  # the network stack, only to probe

    probes = (
        probe_urls(
            todo,
            timeout_s=ctx.options.timeout_s,
            concurrency=ctx.options.concurrency,
            fetch=True,
            max_bytes=MAX_BYTES + 1,
            budget_s=ctx.options.budget_s,
            allow_private=ctx.options.allow_private,
            progress=report,
        )
        if todo
        else {}
    )
    for rec in records:
        probe = probes.get(rec.resolved)
        if probe is None and cache is not None:
            hit = cache.get("image:" + rec.resolved)
            probe = hit if isinstance(hit, Probe) else None
        if probe is None:
            continue
        if (
            cache is not None
            and rec.resolved in probes
            and probe.error not in ("timeout", "network", "not-checked", "refused-address")
        ):
            cache["image:" + rec.resolved] = probe
        rec.status = probe.status
        rec.redirects = list(probe.redirects)
        if probe.error:
            rec.error = {
                "timeout": "timeout",
                "unreachable": "unreachable",
                "invalid-url": "invalid-url",
                "refused-address": "refused-address",
                "not-checked": "not-checked",
            }.get(probe.error, "broken")
            rec.detail = probe.detail
            continue
        if probe.status is None or probe.status >= 400:
            rec.error, rec.detail = "broken", f"status {probe.status}"
            continue
        length = probe.headers.get("content-length", "")
        declared = int(length) if length.isdigit() else None
        if probe.truncated:
            rec.bytes = declared if declared and declared > MAX_BYTES else None
        else:
            rec.bytes = len(probe.body)
        if probe.truncated and rec.bytes is None:
            rec.bytes = MAX_BYTES + 1  # at least this much; the rest was not downloaded
        _measure(rec, probe.body, complete=not probe.truncated)


def _sniff(data: bytes) -> str:
    head = data[:512].lstrip()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096]):
        return "SVG"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc"):
            return "HEIC"
    return ""


def _measure(rec: ImageRecord, data: bytes, *, complete: bool) -> None:
    """Format, size, frames; decode fully (and re-encode) only with the whole file."""
    rec.loaded = True
    if not data:
        rec.error, rec.detail = "corrupt", "the file is empty"
        return
    sniffed = _sniff(data)
    if sniffed:
        rec.format = sniffed
        if sniffed == "SVG":
            m = re.search(rb"<svg[^>]*?\swidth=[\"']?(\d+)", data[:4096])
            n = re.search(rb"<svg[^>]*?\sheight=[\"']?(\d+)", data[:4096])
            rec.width = int(m.group(1)) if m else None
            rec.height = int(n.group(1)) if n else None
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            img = Image.open(io.BytesIO(data))
            rec.format = (img.format or "").upper()
            rec.width, rec.height = img.size
            rec.frames = int(getattr(img, "n_frames", 1) or 1) if complete else 1
            if not complete:
                return
            img.load()
            if rec.frames > 1:
                img.seek(rec.frames - 1)
                img.load()
    except UnidentifiedImageError:
        rec.error, rec.detail = "corrupt", "not an image Pillow can read (corrupt or unknown)"
        return
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        text = str(exc)
        if "truncated" in text.lower() or isinstance(exc, EOFError) or "broken data" in text:
            rec.error, rec.detail = "truncated", f"the image data is cut short ({text})"
        else:
            rec.error, rec.detail = "corrupt", f"the image cannot be decoded ({text})"
        return
    except Image.DecompressionBombError as exc:
        rec.error, rec.detail = "corrupt", str(exc)
        return
    if (
        rec.format in ("JPEG", "PNG")
        and rec.bytes
        and rec.bytes <= MAX_BYTES
        and (rec.width or 0) <= MAX_SIDE
        and (rec.height or 0) <= MAX_SIDE
    ):
        rec.savings_bytes = _savings(data, rec.format)


def _savings(data: bytes, fmt: str) -> int:
    """Bytes saved by re-encoding (JPEG quality 85 progressive; PNG optimized)."""
    try:
        img: Image.Image = Image.open(io.BytesIO(data))
        out = io.BytesIO()
        if fmt == "JPEG":
            if img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            img.save(out, "JPEG", quality=85, optimize=True, progressive=True)
        else:
            img.save(out, "PNG", optimize=True)
    except (OSError, ValueError):
        return 0
    return max(0, len(data) - out.tell())


def _clients_failing(fmt: str) -> tuple[str, str]:
    s = caniemail.support(FORMAT_SLUG.get(fmt, ""))
    if s is None:
        return "", ""
    return ", ".join(s.unsupported), ", ".join(s.partial)


def check(ctx: CheckContext) -> Iterator[Issue]:
    for el in document(ctx).elements:
        if el.tag == "img" and "alt" not in el.attrs and not _decorative(el.attrs):
            src = el.get("src")
            yield ctx.issue(
                "images/alt-missing",
                Severity.ERROR,
                f"<img> without alt text ({_label(src) or 'no src'}); add alt, or "
                'alt="" if it is decorative',
                el.at,
                src=src,
            )
    for rec in inspect_images(ctx):
        at = rec.offsets[0]
        label = _label(rec.src)
        data: dict[str, object] = {
            "src": rec.src,
            "format": rec.format,
            "bytes": rec.bytes,
            "width": rec.width,
            "height": rec.height,
            "frames": rec.frames,
            "status": rec.status,
        }
        if not rec.src:
            yield ctx.issue("images/empty-src", Severity.ERROR, "image with no source", at, **data)
            continue
        if rec.dynamic and LIQUID_RE.search(rec.resolved):
            yield ctx.issue(
                "images/dynamic",
                Severity.INFO,
                f"{label}: dynamic image URL (Liquid); choose sample data to check it",
                at,
                **data,
            )
            continue
        if rec.resolved.lower().startswith("http:"):
            yield ctx.issue(
                "images/insecure",
                Severity.WARNING,
                f"{label} is loaded over http://; use https:// (clients block or "
                "warn about insecure images)",
                at,
                **data,
            )
        if rec.error:
            severity = (
                Severity.WARNING
                if rec.error in ("refused-address", "not-checked")
                else Severity.ERROR
            )
            yield ctx.issue(f"images/{rec.error}", severity, f"{label}: {rec.detail}", at, **data)
            continue
        if rec.format and rec.format not in FINE_FORMATS:
            failing, partial = _clients_failing(rec.format)
            extra = f"; not shown in {failing}" if failing else ""
            extra += f"; partly supported in {partial}" if partial else ""
            yield ctx.issue(
                "images/format",
                Severity.WARNING,
                f"{label} is {rec.format}: use JPG, PNG or GIF{extra}",
                at,
                **data,
            )
        if rec.bytes is not None and rec.bytes > MAX_BYTES:
            yield ctx.issue(
                "images/too-heavy",
                Severity.ERROR,
                f"{label} is {_mb(rec.bytes)}; keep images under 1 MB (2 MB is the limit)",
                at,
                **data,
            )
        elif rec.bytes is not None and rec.bytes > WARN_BYTES:
            yield ctx.issue(
                "images/heavy",
                Severity.WARNING,
                f"{label} is {_mb(rec.bytes)}; keep images under 1 MB",
                at,
                **data,
            )
        if rec.width and rec.height:
            if rec.width > MAX_SIDE or rec.height > MAX_SIDE:
                yield ctx.issue(
                    "images/too-large",
                    Severity.ERROR,
                    f"{label} is {rec.width}×{rec.height} px; the limit is {MAX_SIDE} px a side",
                    at,
                    **data,
                )
            elif rec.height > OUTLOOK_MAX_HEIGHT:
                yield ctx.issue(
                    "images/too-tall",
                    Severity.WARNING,
                    f"{label} is {rec.height} px tall; Outlook crops images taller "
                    f"than {OUTLOOK_MAX_HEIGHT} px",
                    at,
                    **data,
                )
            shown = rec.declared_width
            if shown:
                if rec.width < shown:
                    yield ctx.issue(
                        "images/upscaled",
                        Severity.WARNING,
                        f"{label} is {rec.width} px wide but shown at {shown} px; "
                        "it will look blurry",
                        at,
                        declared_width=shown,
                        **data,
                    )
                elif rec.width < 2 * shown and rec.format != "SVG":
                    yield ctx.issue(
                        "images/retina",
                        Severity.INFO,
                        f"{label} is {rec.width} px wide, shown at {shown} px; "
                        f"use a {2 * shown} px image for sharp retina screens",
                        at,
                        declared_width=shown,
                        **data,
                    )
        if (
            rec.savings_bytes >= SAVINGS_MIN_BYTES
            and rec.bytes
            and rec.savings_bytes >= SAVINGS_MIN_RATIO * rec.bytes
        ):
            pct = round(100 * rec.savings_bytes / rec.bytes)
            yield ctx.issue(
                "images/savings",
                Severity.INFO,
                f"{label}: re-encoding saves {rec.savings_bytes / 1000:.0f} KB ({pct}%)",
                at,
                savings_bytes=rec.savings_bytes,
                **data,
            )
        if rec.animated:
            yield ctx.issue(
                "images/animated",
                Severity.INFO,
                f"{label} is an animated GIF with {rec.frames} frames; Outlook for "
                "Windows shows only the first frame",
                at,
                **data,
            )


def _decorative(attrs: Mapping[str, str]) -> bool:
    alt = attrs.get("alt")
    return (
        (alt is not None and alt.strip() == "")
        or attrs.get("role", "") in ("presentation", "none")
        or attrs.get("aria-hidden", "") == "true"
    )


def _label(src: str) -> str:
    return src if len(src) <= 80 else src[:77] + "…"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"
