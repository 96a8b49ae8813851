"""The assets browser's model: the workspace's ``assets/`` images, where each is used,
and the optimizer.

Pure Python (no Qt; Pillow reads and writes the images). asset-library.md: images
are stored once and reused; files must be under 2 MB and 4096 px a side (the images
validator's ``images/too-heavy`` and ``images/too-large``: the limits are read from
:mod:`compiler.validators.images`, not written twice), under 1 MB recommended.

* :func:`list_assets` — every image under ``assets/`` (hidden files left out) as an
  :class:`Asset`: its path in ``assets/``, bytes, format, dimensions, and its
  :class:`Use` s — every place a workspace source (emails, templates, components:
  :func:`components.custom.workspace_ops.source_files`) refers to it, by a URL under
  ``[assets] base_url`` (:meth:`compiler.project.Project.asset_path`, the mapping the
  preview and the image checks use) or by a relative path, with the width it is shown
  at when the element says (``width="260"``).
* :func:`optimize` — the optimizer: JPEG stays JPEG (quality 82, progressive),
  PNG stays PNG (optimized; a PNG without transparency is offered as JPEG when that
  is smaller by a third), WebP becomes JPEG (PNG when it has transparency);
  resized down to 2× the largest width it is shown at; metadata stripped (EXIF, ICC
  profile, comments). Returns both sizes so the caller shows before/after.
* :func:`write_optimized` — writes it (atomically) under ``assets/``, in place, or
  beside it when the format changed (``hero.webp`` → ``hero.jpg``; the email keeps
  referring to the old file until the designer picks the new one).
* :func:`refusal` — why an asset may not be used yet (over 2 MB: optimize first), or
  None.
* :func:`asset_url` — what a media prop gets when an asset is picked: the first
  ``[assets] base_url`` + its path, else its path relative to the email.
* :func:`add_asset` — an uploaded file copied into ``assets/`` under a free name.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from compiler.image_limits import MAX_BYTES, MAX_SIDE, WARN_BYTES
from compiler.project import Project
from components.custom.workspace_ops import source_files
from styles.atomic import write_atomic

if TYPE_CHECKING:
    from PIL import Image

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"})
JPEG_QUALITY = 82
#: a PNG without transparency is offered as JPEG when that is at most this share
PNG_AS_JPEG = 2 / 3
_URL_RE = re.compile(r"""(?:https?://[^\s"'<>()]+|(?:\.\./|\./)*assets/[^\s"'<>()]+)""")
_TAG_START_RE = re.compile(r"<[A-Za-z][^<>]*$")
_WIDTH_RE = re.compile(r"""\bwidth\s*=\s*["']?(\d+)""")


@dataclass(frozen=True, slots=True)
class Use:
    """One reference to an asset: workspace-relative file, 1-based line and column, and
    the width the element shows it at (None when it does not say)."""

    file: str
    line: int
    column: int
    shown_width: int | None = None


@dataclass(frozen=True, slots=True)
class Asset:
    path: str  # relative to assets/, with /
    bytes: int
    format: str  # Pillow's: JPEG, PNG, GIF, WEBP …; "" when unreadable
    width: int = 0
    height: int = 0
    uses: tuple[Use, ...] = ()

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def largest_shown_width(self) -> int | None:
        widths = [u.shown_width for u in self.uses if u.shown_width]
        return max(widths) if widths else None

    @property
    def heavy(self) -> bool:
        return self.bytes > WARN_BYTES


def _images(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and path.suffix.lower() in IMAGE_SUFFIXES:
                out.append(path)
    return out


def list_assets(project: Project) -> list[Asset]:
    """The images of ``assets/`` with their uses, sorted by path."""
    root = project.root
    if root is None:
        return []
    from PIL import Image, UnidentifiedImageError  # when listed, not with the window

    folder = root / "assets"
    uses = _uses(project, root, folder)
    out = []
    for path in _images(folder):
        rel = path.relative_to(folder).as_posix()
        fmt, width, height = "", 0, 0
        try:
            with Image.open(path) as image:
                fmt, (width, height) = image.format or "", image.size
        except (OSError, UnidentifiedImageError):
            pass
        out.append(Asset(rel, path.stat().st_size, fmt, width, height, tuple(uses.get(rel, ()))))
    return out


def _uses(project: Project, root: Path, folder: Path) -> dict[str, list[Use]]:
    found: dict[str, list[Use]] = {}
    assets = folder.resolve()
    for source in source_files(root):
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        file = source.relative_to(root).as_posix()
        for m in _URL_RE.finditer(text):
            url = m.group().rstrip(".,;")
            target = project.asset_path(url) if "://" in url else (source.parent / url).resolve()
            if target is None:
                continue
            try:
                rel = target.resolve().relative_to(assets).as_posix()
            except (ValueError, OSError):
                continue
            line = text.count("\n", 0, m.start()) + 1
            column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            found.setdefault(rel, []).append(Use(file, line, column, _shown_width(text, m.start())))
    return found


def _shown_width(text: str, offset: int) -> int | None:
    """``width="N"`` of the start tag that holds ``offset``, if any."""
    start = text.rfind("<", 0, offset)
    if start == -1 or not _TAG_START_RE.match(text[start:offset]):
        return None
    end = text.find(">", offset)
    m = _WIDTH_RE.search(text[start : end if end != -1 else len(text)])
    return int(m.group(1)) if m else None


def refusal(asset: Asset) -> str | None:
    """Why ``asset`` may not be used before it is optimized (the images validator's
    limits), else None."""
    if asset.bytes > MAX_BYTES:
        return (
            f"{asset.name} is {asset.bytes / 1_000_000:.1f} MB: images over 2 MB are "
            "refused by email clients and providers (images/too-heavy); optimize it "
            "first"
        )
    if max(asset.width, asset.height) > MAX_SIDE:
        return (
            f"{asset.name} is {asset.width}×{asset.height} px: a side over {MAX_SIDE} px "
            "is refused (images/too-large); optimize it first"
        )
    return None


@dataclass(frozen=True, slots=True)
class Optimized:
    """The optimizer's result: the new bytes, format and size, and the old ones."""

    data: bytes
    format: str
    width: int
    height: int
    before_bytes: int
    before_format: str
    before_width: int
    before_height: int

    @property
    def saved(self) -> int:
        return self.before_bytes - len(self.data)

    @property
    def suffix(self) -> str:
        return ".jpg" if self.format == "JPEG" else ".png"


def optimize(data: bytes, *, max_width: int | None = None) -> Optimized:
    """Re-encode an image (see the module docstring). ``max_width``: the largest width
    it is shown at — the image is resized to at most twice that (and to 4096 px)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as opened:
        fmt = opened.format or ""
        before = opened.size
        image = opened.convert("RGBA") if _transparent(opened) else opened.convert("RGB")
    limit = min(MAX_SIDE, 2 * max_width) if max_width else MAX_SIDE
    if image.width > limit or image.height > MAX_SIDE:
        scale = min(limit / image.width, MAX_SIDE / image.height)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    if image.mode == "RGBA":
        out = _png(image)
        target = "PNG"
    elif fmt == "PNG":
        png, jpeg = _png(image), _jpeg(image)
        out, target = (jpeg, "JPEG") if len(jpeg) <= len(png) * PNG_AS_JPEG else (png, "PNG")
    else:
        out, target = _jpeg(image), "JPEG"
    return Optimized(out, target, image.width, image.height, len(data), fmt, *before)


def _transparent(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA"):
        low = image.getchannel("A").getextrema()[0]
        return isinstance(low, (int, float)) and low < 255
    return image.mode == "P" and "transparency" in image.info


def _jpeg(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buf.getvalue()


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def write_optimized(root: Path, asset: Asset, result: Optimized) -> str:
    """Write the optimized image under ``assets/``: in place when the suffix fits its
    format, else beside it with the format's suffix (a free name). Returns its path in
    ``assets/``."""
    folder = root / "assets"
    current = PurePosixPath(asset.path)
    fits = current.suffix.lower() in ((".jpg", ".jpeg") if result.format == "JPEG" else (".png",))
    rel = current if fits else _free(folder, current.with_suffix(result.suffix))
    write_atomic(folder.joinpath(*rel.parts), result.data)
    return rel.as_posix()


def _free(folder: Path, rel: PurePosixPath) -> PurePosixPath:
    candidate, n = rel, 2
    while folder.joinpath(*candidate.parts).exists():
        candidate = rel.with_name(f"{rel.stem}-{n}{rel.suffix}")
        n += 1
    return candidate


def add_asset(root: Path, source: Path, folder: str = "") -> str:
    """Copy an uploaded image into ``assets/`` (``folder`` inside it) under a free name;
    its path in ``assets/``. Refuses (ValueError) what is not an image."""
    if source.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"{source.name}: not an image ({', '.join(sorted(IMAGE_SUFFIXES))})")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(source) as image:
            image.verify()
    except (OSError, UnidentifiedImageError) as exc:
        raise ValueError(f"{source.name}: not a readable image ({exc})") from None
    base = root / "assets"
    rel = _free(base, PurePosixPath(folder, source.name) if folder else PurePosixPath(source.name))
    target = base.joinpath(*rel.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return rel.as_posix()


def asset_url(project: Project, asset_path: str, email: Path | None = None) -> str:
    """The URL a media prop gets for an asset: the first ``[assets] base_url`` + its
    path; without one, its path relative to the email's folder."""
    raw = project.settings.get("assets")
    bases = raw.get("base_url") if isinstance(raw, dict) else None
    listed: Iterable[object] = (
        [bases] if isinstance(bases, str) else (bases if isinstance(bases, list) else [])
    )
    for base in listed:
        if isinstance(base, str) and "://" in base:
            return base.rstrip("/") + "/" + asset_path
    if project.root is None:
        return f"assets/{asset_path}"
    target = project.root / "assets" / asset_path
    start = email.parent if email is not None else project.root
    return Path(os.path.relpath(target, start)).as_posix()
