"""Rendering fidelity: a transformer never changes how a real email looks.

Each corpus email is rendered before and after the transformers in the render
layer's real browser engine (Qt WebEngine, ``studio.render``) at 600 and 375 px,
with every remote load blocked the same way on both sides and every template
token replaced by the same sample text; the whole pages are compared pixel for
pixel (a page that got shorter or taller counts: the missing rows are all
changed). At most 0.5 % of the pixels may differ.

What runs:

* ``make test`` — a fixed sample (:data:`SAMPLE_EVERY`-th file of the sorted
  corpus) with every transformer on, and each transformer alone on a smaller
  fixed sample. This keeps the whole suite within its time budget on 2 cores.
* ``make fidelity`` (``MAILWRIGHT_FIDELITY=full``) — every corpus file with every
  transformer on, and each transformer alone on about 30 varied files.

"Every transformer" is ``--enable all --disable mjml`` minus ``url-params`` and
``a11y-fixes``, whose purpose is to change the email (they are rendered alone:
URL parameters change no pixel; a11y fixes only add attributes and the article
wrapper, which must not move a pixel either). Renders are cached by the hash of
the page (a transformer that changed nothing costs no render), and pytest-xdist
spreads the files over the workers. A screenshot taken while the engine is
still painting can only differ, never match, so a page over the limit is
rendered again once before it fails.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from compiler.transformers import CLI_NAMES, run_transformers, settings_from
from tests.conftest import CORPUS, corpus_files, requires_corpus

if TYPE_CHECKING:
    from PIL import Image

pytestmark = [pytest.mark.qt, pytest.mark.fidelity, requires_corpus]

LIMIT = 0.005  # at most 0.5 % of the pixels may change
WIDTHS = (600, 375)
FULL = os.environ.get("MAILWRIGHT_FIDELITY", "") == "full"
SAMPLE_EVERY = 20  # make test: every 20th file of the sorted corpus
ALONE_EVERY = 7 if FULL else 45  # each transformer alone: ~30 files in full, ~5 in make test
HTML = [
    p
    for p in corpus_files(".html", ".htm", ".liquid", ".hbs")
    if p.name not in ("LICENSE.txt", "NOTICE.txt")
]
FILES = HTML if FULL else HTML[::SAMPLE_EVERY]
ALONE_FILES = HTML[3::ALONE_EVERY]
PURPOSEFUL = ("url-params", "a11y-fixes")  # their whole purpose is to change the email
TOGETHER = {n: True for n in CLI_NAMES if n != "mjml" and n not in PURPOSEFUL}
ALONE = [n for n in CLI_NAMES if n != "mjml"]
#: template tokens (Liquid, Handlebars/Mustache) → the same sample text on both sides
_TOKEN = re.compile(r"\{\{\{.*?\}\}\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
_CACHE: dict[str, Image.Image] = {}
#: Known differences not fixed yet (docs/transformers.md, "Fidelity"): each fails today
#: and is marked so; a strict xfail turns into a failure the day it is fixed.
KNOWN: dict[tuple[str, str], str] = {}


def sample_text(html: str) -> str:
    return _TOKEN.sub("Sample", html)


def render(html: str, width: int) -> Image.Image:
    """The full-height screenshot of ``html`` (sample text in, remote loads blocked)."""
    key = hashlib.sha256(f"{width}\0{html}".encode()).hexdigest()
    if key not in _CACHE:
        _CACHE[key] = _shoot(html, width)
    return _CACHE[key]


def _shoot(html: str, width: int) -> Image.Image:
    from PIL import Image
    from PySide6.QtGui import QImage

    from studio.models.preview import PreviewState
    from studio.render import shared_qt_engine

    image = shared_qt_engine().render(
        sample_text(html), PreviewState(block_images=True), width=width
    )
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return Image.frombuffer(
        "RGBA",
        (image.width(), image.height()),
        bytes(image.constBits()),
        "raw",
        "BGRA",
        image.bytesPerLine(),
        1,
    ).convert("RGB")


def changed(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels that differ over the larger of the two pages."""
    from PIL import Image, ImageChops

    w, h = max(a.width, b.width), max(a.height, b.height)
    pa = Image.new("RGB", (w, h), (255, 0, 255))
    pa.paste(a, (0, 0))
    pb = Image.new("RGB", (w, h), (0, 255, 0))  # rows only one side has always differ
    pb.paste(b, (0, 0))
    mask = ImageChops.difference(pa, pb).convert("L").point(lambda v: 255 if v else 0)
    return mask.histogram()[255] / (w * h)


def compare(source: str, output: str, what: str) -> list[str]:
    failures = []
    for width in WIDTHS:
        if output == source:
            continue
        share = changed(render(source, width), render(output, width))
        if share > LIMIT:  # once more from scratch: a frame grabbed mid-paint only differs
            _CACHE.clear()
            share = changed(render(source, width), render(output, width))
        if share > LIMIT:
            failures.append(f"{what} at {width}px: {share:.2%} of the pixels changed")
    return failures


def rel(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def _known(request: pytest.FixtureRequest, path: Path, what: str) -> None:
    """Mark a known difference as a strict xfail: it must fail, and says so in the report."""
    reason = KNOWN.get((rel(path), what))
    if reason is not None:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))


def test_the_samples_are_varied() -> None:
    assert len({p.relative_to(CORPUS).parts[0] for p in FILES}) >= 4
    assert len(ALONE_FILES) >= (30 if FULL else 5)


@pytest.mark.parametrize("path", FILES, ids=rel)
def test_all_transformers_keep_the_rendering(request: pytest.FixtureRequest, path: Path) -> None:
    _known(request, path, "all")
    html = path.read_text(encoding="utf-8")
    out = run_transformers(html, settings_from(TOGETHER), file=str(path))
    assert not [i for i in out.issues if i.is_error], out.issues
    assert compare(html, out.html, "all transformers") == []


@pytest.mark.parametrize("name", ALONE)
@pytest.mark.parametrize("path", ALONE_FILES, ids=rel)
def test_each_transformer_alone_keeps_the_rendering(
    request: pytest.FixtureRequest, path: Path, name: str
) -> None:
    _known(request, path, name)
    html = path.read_text(encoding="utf-8")
    out = run_transformers(html, settings_from({name: True}), file=str(path))
    assert not [i for i in out.issues if i.is_error], out.issues
    assert compare(html, out.html, name) == []


def test_the_comparison_sees_a_one_line_change() -> None:
    page = "<html><body style='margin:0'><p>Hello there, reader.</p>" + "<p>x</p>" * 20
    assert changed(render(page, 375), render(page, 375)) == 0
    shifted = page.replace("<p>Hello", "<p style='margin-top:40px'>Hello")
    assert changed(render(page, 375), render(shifted, 375)) > LIMIT
    shorter = page.replace("<p>x</p>" * 20, "<p>x</p>" * 19)
    assert changed(render(page, 375), render(shorter, 375)) > 0


SHOPIFY = CORPUS / "illarionvk-shopify-email-templates"


def test_a_linked_workspace_stylesheet_put_in_place_keeps_the_rendering(tmp_path: Path) -> None:
    """``inline-css.linked_stylesheets``: the Shopify layout with its two linked
    stylesheets (``_ink.css``, ``custom.css``) and an order body, built with every
    transformer and the option on, looks as the page does in a client that loads
    ``<link>`` (the stylesheets in the same places)."""
    layout = (SHOPIFY / "_layout.html").read_text(encoding="utf-8")
    body = (SHOPIFY / "order-confirmation.liquid").read_text(encoding="utf-8")
    page = layout.replace("<%= contents %>", body)
    for name in ("_ink.css", "custom.css"):
        (tmp_path / name).write_bytes((SHOPIFY / name).read_bytes())
    email = tmp_path / "order.html"
    settings = settings_from(
        {**TOGETHER, "inline-css": {"enabled": True, "linked_stylesheets": True}}
    )
    out = run_transformers(page, settings, file=str(email), base_dir=tmp_path, root=tmp_path)
    assert not [i for i in out.issues if i.is_error], out.issues
    assert "_ink.css" not in out.html and "<link" not in out.html
    loaded = page
    for name in ("_ink.css", "custom.css"):
        css = (SHOPIFY / name).read_text(encoding="utf-8")
        loaded = loaded.replace(
            f'<link rel="stylesheet" href="{name}">', f"<style>\n{css}\n</style>"
        )
    assert "<link" not in loaded
    assert compare(loaded, out.html, "linked stylesheets put in place") == []
