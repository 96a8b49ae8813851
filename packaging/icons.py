"""Draw Mailwright's icon set from one vector design: SVG, PNGs, .ico and .icns.

    python packaging/icons.py            # writes resources/icons/

The design, in a 256-unit square: an indigo rounded tile, a white envelope whose flap is
drawn as an indigo chevron, and an orange seal at the lower right. The SVG and every PNG
come from the same shapes below (PNGs are drawn at 4x and downsampled, so edges are
anti-aliased at every size).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the hicolor theme's usual sizes
TILE, PAPER, SEAL = "#2f3a8f", "#ffffff", "#ff8a3d"

# (x0, y0, x1, y1, radius) in the 256 box
TILE_BOX = (16, 16, 240, 240, 52)
ENVELOPE = (52, 76, 204, 180, 12)
FLAP = ((60, 86), (128, 138), (196, 86))
FLAP_WIDTH = 14
SEAL_CENTRE, SEAL_RADIUS, SEAL_RING = (192, 180), 30, 8


def svg() -> str:
    x0, y0, x1, y1, r = TILE_BOX
    ex0, ey0, ex1, ey1, er = ENVELOPE
    flap = " ".join(f"{x},{y}" for x, y in FLAP)
    cx, cy = SEAL_CENTRE
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
        'viewBox="0 0 256 256">\n'
        "  <title>Mailwright</title>\n"
        f'  <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{r}" '
        f'fill="{TILE}"/>\n'
        f'  <rect x="{ex0}" y="{ey0}" width="{ex1 - ex0}" height="{ey1 - ey0}" rx="{er}" '
        f'fill="{PAPER}"/>\n'
        f'  <polyline points="{flap}" fill="none" stroke="{TILE}" stroke-width="{FLAP_WIDTH}" '
        'stroke-linecap="round" stroke-linejoin="round"/>\n'
        f'  <circle cx="{cx}" cy="{cy}" r="{SEAL_RADIUS + SEAL_RING}" fill="{TILE}"/>\n'
        f'  <circle cx="{cx}" cy="{cy}" r="{SEAL_RADIUS}" fill="{SEAL}"/>\n'
        "</svg>\n"
    )


def png(size: int) -> Image.Image:
    scale = size * 4 / 256
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)

    def box(b: tuple[int, int, int, int, int]) -> tuple[list[float], float]:
        return [v * scale for v in b[:4]], b[4] * scale

    tile, r = box(TILE_BOX)
    draw.rounded_rectangle(tile, radius=r, fill=TILE)
    envelope, er = box(ENVELOPE)
    draw.rounded_rectangle(envelope, radius=er, fill=PAPER)
    points = [(x * scale, y * scale) for x, y in FLAP]
    width = max(1, round(FLAP_WIDTH * scale))
    draw.line(points, fill=TILE, width=width, joint="curve")
    for x, y in (points[0], points[-1]):  # round caps
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=TILE)
    cx, cy = (v * scale for v in SEAL_CENTRE)
    for radius, colour in ((SEAL_RADIUS + SEAL_RING, TILE), (SEAL_RADIUS, SEAL)):
        rr = radius * scale
        draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=colour)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def write(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "mailwright.svg"]
    written[0].write_text(svg(), encoding="utf-8")
    images = {size: png(size) for size in SIZES}
    for size, image in images.items():
        path = out / f"mailwright-{size}.png"
        image.save(path, optimize=True)
        written.append(path)
    ico = out / "mailwright.ico"  # Windows: the executable's icon
    images[256].save(ico, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    icns = out / "mailwright.icns"  # macOS: the .app's icon
    images[512].save(icns)
    return [*written, ico, icns]


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
