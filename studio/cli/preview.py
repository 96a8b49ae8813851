"""``mailwright preview PATH -o OUT.png``: render an email offscreen to a full-height PNG.

The same preview the studio shows (Qt WebEngine, offscreen, no window
needed): width, colour scheme, blocked images or styles, a colour-vision
filter, Liquid rendered with a sample profile (``--data``). ``--sheet`` writes
one contact sheet of desktop and mobile × light, dark and both forced-dark
modes instead.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from pathlib import Path
from typing import Any

from compiler import CompileResult, Project, ProjectError, compile_file
from components.diagnostics import Issue, format_issue
from studio.cli import EXIT_OK, UsageError, issue_source, load_workspace, require_qt
from studio.models.preview import (
    DESKTOP_WIDTH,
    MAX_WIDTH,
    MIN_WIDTH,
    MOBILE_WIDTH,
    PreviewState,
    Scheme,
    SizeMode,
    Vision,
)
from styles.atomic import write_atomic

SHEET_WIDTHS: tuple[tuple[str, int], ...] = (("Desktop", DESKTOP_WIDTH), ("Mobile", MOBILE_WIDTH))
SHEET_SCHEMES: tuple[Scheme, ...] = (
    Scheme.LIGHT,
    Scheme.DARK,
    Scheme.FORCED_DARK_OUTLOOK,
    Scheme.FORCED_DARK_GMAIL,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "preview",
        help="render an email offscreen to a PNG",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="an email file (.html, .htm, .mjml)")
    p.add_argument("-o", "--out", type=Path, required=True, help="the PNG to write")
    p.add_argument(
        "--width",
        type=int,
        default=None,
        help=f"viewport width in CSS px (default {DESKTOP_WIDTH}; mobile is {MOBILE_WIDTH})",
    )
    p.add_argument("--scheme", choices=[s.value for s in Scheme], default=Scheme.LIGHT.value)
    p.add_argument(
        "--block-images", action="store_true", help="load no images (nothing remote is fetched)"
    )
    p.add_argument(
        "--block-styles",
        action="store_true",
        help="remove <style> and <link> like clients that keep only inline styles",
    )
    p.add_argument(
        "--vision",
        choices=[v.value for v in Vision if v is not Vision.NONE],
        default=None,
        help="simulate a colour-vision deficiency",
    )
    p.add_argument(
        "--show-hidden",
        action="store_true",
        help="show content that responsive CSS hides at this width",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="PROFILE.json",
        help="render Liquid with this sample profile (default: the workspace's "
        "default profile, when it has sample data)",
    )
    p.add_argument(
        "--no-data", action="store_true", help="show Liquid as written instead of rendering it"
    )
    p.add_argument(
        "--raw", action="store_true", help="preview the file as finished HTML (do not compile it)"
    )
    p.add_argument(
        "--sheet",
        action="store_true",
        help="one contact sheet: desktop and mobile × light, dark, forced dark",
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per render (default 30)")
    p.set_defaults(func=run)


def email_html(
    path: Path, *, raw: bool, data: Path | None, use_default_data: bool = False
) -> tuple[str, Project, list[str]]:
    """The HTML to preview, its project and notes for the user. Raises UsageError."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give one email file")
    project = load_workspace(path)
    notes: list[str] = []
    try:
        result = compile_file(path, project=project)
    except Exception as exc:  # a compiler bug must not end in a traceback
        if not raw:
            raise UsageError(
                f"{path}: the compiler failed on this email "
                f"({type(exc).__name__}: {exc}); --raw previews the file as "
                "finished HTML"
            ) from None
        result = CompileResult(
            file=str(path), source=path.read_text(encoding="utf-8", errors="replace"), html=""
        )
    unusable = [i for i in result.issues if i.rule.startswith("input/")]
    if unusable:
        raise UsageError(format_issue(unusable[0]))
    if raw:
        html = result.source
    else:
        html = result.html
        errors = [i for i in result.issues if i.is_error]
        for issue in errors[:10]:
            notes.append(format_issue(issue, issue_source(issue, result)))
        if not html.strip():
            raise UsageError(
                f"{path}: the email compiled to nothing" + (f"\n{notes[0]}" if notes else "")
            )
    if data is None and use_default_data:
        data = _default_profile(project)
        if data is not None:
            notes.append(f"Liquid rendered with {data} (--no-data shows it as written)")
    if data is not None:
        html, more = _render_liquid(html, result, data, project, raw=raw)
        notes.extend(more)
    return html, project, notes


def _default_profile(project: Project) -> Path | None:
    """The workspace's default sample profile, if it has sample data."""
    try:
        liquid = importlib.import_module("compiler.liquid")
        path: Path | None = liquid.default_profile_path(project)
    except (ImportError, ProjectError):
        return None
    return path


def _render_liquid(
    html: str, result: Any, data: Path, project: Project, *, raw: bool
) -> tuple[str, list[str]]:
    try:
        liquid = importlib.import_module("compiler.liquid")
    except ImportError:
        return html, [
            "Liquid was not rendered: compiler.liquid is not available in this "
            "build; the preview shows the template as written"
        ]
    try:
        profile = liquid.read_profile(data)
    except ProjectError as exc:
        raise UsageError(str(exc)) from None
    if raw:
        rendered = liquid.render_template(html, profile, file=str(result.file), project=project)
        text, issues = rendered.text, list(rendered.issues)
    else:
        email = liquid.render(result, profile, project=project)
        text, issues = email.html, list(email.issues)
    notes = [format_issue(i, issue_source(i, result)) for i in issues[:10] if isinstance(i, Issue)]
    if issues:
        notes.insert(0, f"Errors found while rendering Liquid with {data}:")
    return text, notes


def state_from(args: argparse.Namespace) -> PreviewState:
    width = args.width if args.width is not None else DESKTOP_WIDTH
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise UsageError(f"--width {width}: choose a width from {MIN_WIDTH} to {MAX_WIDTH} px")
    return PreviewState(
        size_mode=SizeMode.RESPONSIVE,
        responsive_width=width,
        scheme=Scheme(args.scheme),
        block_images=args.block_images,
        block_styles=args.block_styles,
        vision=Vision(args.vision) if args.vision else Vision.NONE,
        show_hidden=args.show_hidden,
    )


SHEET_PAD = 24  # px around and between tiles
SHEET_LABEL_H = 28  # px of label above each tile


def sheet_boxes(sizes: list[tuple[int, int]], columns: int) -> list[tuple[int, int, int, int]]:
    """Where each tile of a contact sheet goes: (left, top, width, height) of its image.

    Tiles fill rows of ``columns``; a column is as wide as its widest tile, a
    row as tall as its tallest one plus the label.
    """
    rows = [sizes[i : i + columns] for i in range(0, len(sizes), columns)]
    col_w = [max(r[c][0] for r in rows if c < len(r)) for c in range(columns)]
    boxes: list[tuple[int, int, int, int]] = []
    y = SHEET_PAD
    for row in rows:
        x = SHEET_PAD
        for c, (w, h) in enumerate(row):
            boxes.append((x, y + SHEET_LABEL_H, w, h))
            x += col_w[c] + SHEET_PAD
        y += max(h for _, h in row) + SHEET_LABEL_H + SHEET_PAD
    return boxes


def contact_sheet(tiles: list[tuple[str, bytes]], columns: int) -> bytes:
    """One PNG of labelled screenshots in a grid (rows of ``columns``, see :func:`sheet_boxes`)."""
    from PIL import Image, ImageDraw, ImageFont

    images = [(label, Image.open(io.BytesIO(png)).convert("RGB")) for label, png in tiles]
    boxes = sheet_boxes([img.size for _, img in images], columns)
    width = max(x + w for x, _, w, _ in boxes) + SHEET_PAD
    height = max(y + h for _, y, _, h in boxes) + SHEET_PAD
    sheet = Image.new("RGB", (width, height), (236, 236, 240))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=16)
    for (label, img), (x, y, w, h) in zip(images, boxes, strict=True):
        draw.text((x, y - SHEET_LABEL_H + 4), label, fill=(30, 30, 36), font=font)
        sheet.paste(img, (x, y))
        draw.rectangle((x - 1, y - 1, x + w, y + h), outline=(160, 160, 170))
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=False)
    return out.getvalue()


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".png":
        raise UsageError(f"-o {out}: the output must be a .png file")
    if not out.parent.exists():
        raise UsageError(f"-o {out}: folder {out.parent} does not exist")
    if not out.parent.is_dir():
        raise UsageError(f"-o {out}: {out.parent} is a file, not a folder")
    if out.is_dir():
        raise UsageError(f"-o {out}: is a folder; give the .png file to write")
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    require_qt("mailwright preview")
    state = state_from(args)
    html, project, notes = email_html(
        args.path, raw=args.raw, data=args.data, use_default_data=not args.no_data
    )
    for note in notes:
        print(note, file=sys.stderr)

    from studio.render import shared_qt_engine
    from studio.render.engine import RESOURCE_TIMEOUT_S, RenderError, image_to_png
    from studio.render.page import base_url_for

    base = base_url_for(args.path)
    stalled: list[str] = []
    refused: list[str] = []
    try:
        engine = shared_qt_engine()
        # one slow image must not cost the whole render: give it up and name it
        engine.resource_timeout_s = min(RESOURCE_TIMEOUT_S, args.timeout / 2)
        if args.sheet:
            tiles: list[tuple[str, bytes]] = []
            for label, width in SHEET_WIDTHS:
                for scheme in SHEET_SCHEMES:
                    tile_state = PreviewState(
                        size_mode=SizeMode.RESPONSIVE,
                        responsive_width=width,
                        scheme=scheme,
                        block_images=state.block_images,
                        block_styles=state.block_styles,
                        vision=state.vision,
                        show_hidden=state.show_hidden,
                    )
                    image = engine.render(
                        html,
                        tile_state,
                        base_url=base,
                        timeout_s=args.timeout,
                        assets=project.asset_path,
                    )
                    tiles.append((f"{label} {width}px · {scheme.label}", image_to_png(image)))
                    stalled += [u for u in engine.stalled if u not in stalled]
                    refused += [u for u in engine.refused if u not in refused]
            png = contact_sheet(tiles, columns=len(SHEET_SCHEMES))
        else:
            png = image_to_png(
                engine.render(
                    html, state, base_url=base, timeout_s=args.timeout, assets=project.asset_path
                )
            )
            stalled, refused = list(engine.stalled), engine.refused
    except RenderError as exc:
        print(f"mailwright: preview failed: {exc}", file=sys.stderr)
        return 1
    try:
        write_atomic(out, png)
    except OSError as exc:
        raise UsageError(f"-o {out}: cannot write: {exc.strerror}") from None
    for refusal in refused:
        print(f"mailwright: {refusal}; not loaded", file=sys.stderr)
    for url in stalled:
        print(
            f"mailwright: {url}: did not load within {engine.resource_timeout_s:g} s; "
            "rendered without it (shown broken)",
            file=sys.stderr,
        )
    print(f"wrote {out}")
    return EXIT_OK
