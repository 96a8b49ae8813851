"""The PDF review report of the demo's spring email (issue 14's Done-when), printed by
Qt WebEngine and read back with Qt's own PDF reader: text extraction per page and page
images."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from studio.cli import main

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from studio.render.engine import QtEngine

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"
SPRING = Path("emails") / "marketing" / "spring-collection.html"


def pages(pdf: Path) -> list[tuple[str, QImage]]:
    """(text, image on white at 72 dpi) of every page."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    assert doc.load(str(pdf)) == QPdfDocument.Error.None_
    out = []
    for n in range(doc.pageCount()):
        size = doc.pagePointSize(n)
        raw = doc.render(n, QSize(round(size.width()), round(size.height())))
        page = QImage(raw.size(), QImage.Format.Format_RGB32)
        page.fill(QColor("white"))
        painter = QPainter(page)
        painter.drawImage(0, 0, raw)
        painter.end()
        out.append((" ".join(doc.getAllText(n).text().split()), page))
    doc.close()
    return out


def callout_pixels(image: QImage) -> int:
    """Pixels of the link callouts' red (#b3261e), sampled every other pixel."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - 179) < 14 and abs(c.green() - 38) < 14 and abs(c.blue() - 30) < 14:
                count += 1
    return count


def lightness(image: QImage) -> float:
    """Mean lightness of the middle of the page (sampled)."""
    w, h = image.width(), image.height()
    values = [
        image.pixelColor(x, y).lightness()
        for x in range(w // 4, 3 * w // 4, 7)
        for y in range(h // 5, 4 * h // 5, 7)
    ]
    return sum(values) / len(values)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, engine: QtEngine) -> list[tuple[str, QImage]]:
    ws = tmp_path_factory.mktemp("demo") / "demo"
    shutil.copytree(DEMO, ws)
    out = ws / "review.pdf"
    assert (
        main(
            [
                "export",
                str(ws / SPRING),
                "--format",
                "pdf",
                "-o",
                str(out),
                "--description",
                "Round 1: hero and prices",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF-")
    return pages(out)


def find(report: list[tuple[str, QImage]], text: str) -> int:
    hits = [n for n, (t, _) in enumerate(report) if text in t]
    assert hits, f"no page says {text!r}"
    return hits[0]


def test_the_first_page_has_the_inbox_line_summary_and_size_budget(
    report: list[tuple[str, QImage]],
) -> None:
    text, _ = report[0]
    assert "Fernway — Spring collection" in text
    assert "Round 1: hero and prices" in text
    # the inbox line, rendered for the default profile (maya)
    assert "Fernway Outfitters <hello@fernway.example>" in text
    assert "Maya, the spring collection is here" in text
    assert "New trail gear, 20% off for members until Sunday" in text
    assert "data/profiles/maya.json" in text
    assert "Gmail's 102.0 KB clipping limit" in text and "within the budget" in text


def test_screenshots_desktop_and_mobile_in_light_and_dark(report: list[tuple[str, QImage]]) -> None:
    light = find(report, "Desktop 700 px · light")
    dark = find(report, "Desktop 700 px · dark")
    mobile = find(report, "Mobile 320 px · light")
    assert "Mobile 320 px · dark" in report[mobile][0]
    assert light < dark < mobile
    # the screenshot is on the page (not a blank page with a caption), and dark is dark
    assert lightness(report[light][1]) < 245
    assert lightness(report[dark][1]) < lightness(report[light][1]) - 40
    # the full-height shot goes on over the next page (slices), ending before the dark one
    assert dark - light >= 2
    assert lightness(report[light + 1][1]) < 245
    # the links are numbered on the desktop light shot only (the list's numbers)
    assert callout_pixels(report[light][1]) > 100
    assert callout_pixels(report[dark][1]) < 10


def test_links_images_spam_accessibility_and_the_text_part(
    report: list[tuple[str, QImage]],
) -> None:
    links = report[find(report, "callouts on the desktop screenshot. # Text URL Status UTM")][0]
    assert "Shop the collection" in links
    assert "https://fernway.example/spring?member=true" in links  # rendered for maya
    assert "not fetched: reserved example domain" in links
    images = report[find(report, "Images Source Alt text")][0]
    assert "Two hikers on a ridge at sunrise" in images and "600 × 300 px" in images
    spam = report[find(report, "Spam score")][0]
    if shutil.which("spamassassin"):
        assert "SpamAssassin score" in spam and "not spam" in spam
    else:
        assert "SpamAssassin did not run" in spam
    assert "Accessibility" in spam
    text = " ".join(t for t, _ in report[find(report, "Plain-text version") :])
    assert "Spring is on the trail" in text
