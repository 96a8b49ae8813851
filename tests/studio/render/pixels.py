"""Helpers for tests on rendered pixels: render to a Pillow image, read one pixel."""

from __future__ import annotations

import io

from PIL import Image

from studio.models.preview import PreviewState
from studio.render.engine import QtEngine, image_to_png


def pixels(
    engine: QtEngine, html: str, state: PreviewState | None = None, **kw: object
) -> Image.Image:
    """Prepare, load and grab ``html`` full-height; the page stays loaded for ``evaluate``."""
    png = image_to_png(engine.render(html, state, **kw))  # type: ignore[arg-type]
    return Image.open(io.BytesIO(png)).convert("RGB")


def px(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    value = image.getpixel((int(x), int(y)))
    assert isinstance(value, tuple)
    return int(value[0]), int(value[1]), int(value[2])
