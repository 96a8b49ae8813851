"""The bundled caniemail data and feature detection."""

from __future__ import annotations

import json

from compiler.validators import caniemail
from compiler.validators.document import scan


def test_bundled_data_is_present_with_licence() -> None:
    data = caniemail.dataset()
    assert len(data["features"]) > 250
    assert "caniemail" in data["source"]
    folder = caniemail.DATA_FILE.parent
    assert "MIT" in (folder / "LICENSE").read_text("utf-8")
    assert "2.0.2" in (folder / "README.md").read_text("utf-8")


def test_support_summary() -> None:
    s = caniemail.support("image-webp")
    assert s is not None
    assert "Outlook (Windows)" in s.unsupported
    assert 0 < s.share < 1 and s.tested == len(s.supported) + len(s.partial) + len(s.unsupported)
    assert caniemail.support("no-such-feature") is None


def test_features_used_finds_html_and_css() -> None:
    doc = scan(
        '<!DOCTYPE html><html lang="en"><head><style>'
        "@media (prefers-color-scheme: dark){.a{color:#fff !important}}"
        ".b:hover{display:flex} .c{margin:0 2rem; background:linear-gradient(red,blue)}"
        '</style></head><body><div role="article"><a href="mailto:a@b.co">m</a>'
        '<img srcset="a.png 2x" src="a.png" alt=""><svg></svg></div></body></html>'
    )
    used = caniemail.features_used(doc)
    for slug in (
        "html-doctype",
        "html-lang",
        "html-style",
        "css-at-media",
        "css-at-media-prefers-color-scheme",
        "css-important",
        "css-pseudo-class-hover",
        "css-display-flex",
        "css-margin",
        "css-unit-rem",
        "css-linear-gradient",
        "html-role",
        "html-mailto-links",
        "html-srcset",
        "html-svg",
        "html-img",
    ):
        assert slug in used, slug
    assert "css-display-grid" not in used


def test_trim_keeps_latest_result_per_client() -> None:
    raw = {
        "api_version": "1",
        "last_update_date": "d",
        "nicenames": {"family": {"g": "G"}},
        "data": [
            {
                "slug": "css-x",
                "title": "x",
                "url": "u",
                "category": "css",
                "keywords": None,
                "notes_by_num": None,
                "stats": {"g": {"ios": {"2019": "n", "2023": "y"}}},
            }
        ],
    }
    out = caniemail.trim(raw, "test")
    assert out["features"]["css-x"]["support"] == {"g/ios": "y"}
    assert json.dumps(out)
