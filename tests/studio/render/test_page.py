"""Page preparation (pure Python): what the engine is given for each preview setting."""

from __future__ import annotations

import re

from studio.models.preview import PreviewState, Scheme, Vision
from studio.render.page import (
    MEDIA_FALSE,
    MEDIA_TRUE,
    VISION_FILTER_ID,
    content_security_policy,
    emulate_color_scheme,
    prepare_page,
    remove_styles,
    show_hidden_content,
)

EMAIL = """<!DOCTYPE html>
<html lang="en"><head><title>Hi {{ customer.name }}</title>
<link rel="stylesheet" href="https://fonts.example/css">
<style>.box{background:#ffffff} [data-ogsc] .t{color:#ff00ff !important}
@media (prefers-color-scheme: dark){.box{background:#000}}</style></head>
<body style="background-color:#f4f4f4">
<!--[if mso]><v:rect fillcolor="#ffffff"></v:rect><![endif]-->
<table bgcolor="#FFFFFF"><tr>
<td class="t" style="color:#222222">{{ customer.name | upcase }}</td></tr></table>
<picture><source media="(prefers-color-scheme: dark)" srcset="dark.png">
<img src="light.png" alt="x"></picture>
</body></html>"""


def test_csp_forbids_scripts_always_and_remote_loads_when_images_are_blocked() -> None:
    open_ = content_security_policy(block_images=False)
    blocked = content_security_policy(block_images=True)
    for csp in (open_, blocked):
        assert "script-src 'none'" in csp and "object-src 'none'" in csp
        assert "frame-src 'none'" in csp and "connect-src 'none'" in csp
    assert "img-src 'none'" in blocked and "media-src 'none'" in blocked
    assert "http" not in blocked and "*" not in blocked
    assert "img-src *" in open_


def test_csp_meta_comes_first_in_head_and_doctype_stays_first() -> None:
    html = prepare_page(EMAIL).html
    assert html.startswith("<!DOCTYPE html>")
    head = html.index("<head>")
    assert html.index('http-equiv="Content-Security-Policy"') == head + len("<head>") + 6
    fragment = prepare_page("<p>just a fragment</p>").html
    assert fragment.startswith('<head><meta http-equiv="Content-Security-Policy"')


def test_block_styles_removes_style_and_link_only() -> None:
    out = remove_styles(EMAIL)
    assert "<style" not in out and "<link" not in out
    assert 'style="color:#222222"' in out  # inline styles stay
    prepared = prepare_page(EMAIL, PreviewState(block_styles=True)).html
    assert "fonts.example" not in prepared and ".box{" not in prepared


def test_scheme_emulation_rewrites_media_queries_and_media_attributes() -> None:
    dark = emulate_color_scheme(EMAIL, dark=True)
    light = emulate_color_scheme(EMAIL, dark=False)
    assert f"@media {MEDIA_TRUE}" in dark and f'media="{MEDIA_TRUE}"' in dark
    assert f"@media {MEDIA_FALSE}" in light and f'media="{MEDIA_FALSE}"' in light
    assert "prefers-color-scheme" not in dark
    # Everything else is untouched.
    assert re.sub(r"\(min-width: 0px\)", "(prefers-color-scheme: dark)", dark) == EMAIL


def test_forced_dark_outlook_rewrites_light_backgrounds_and_dark_text() -> None:
    html = prepare_page(EMAIL, PreviewState(scheme=Scheme.FORCED_DARK_OUTLOOK)).html
    assert 'bgcolor="#121212"' in html
    assert "background-color:#1d1d1d" in html or "background-color:#1" in html
    assert 'style="color:#222222"' not in html
    assert "[data-ogsc] .t{color:#ff00ff !important}" in html  # author's dark rules kept
    assert re.search(r'<html lang="en" data-ogsc="" data-ogsb="">', html)
    assert re.search(r"<body [^>]*data-ogsc=\"\"", html)
    assert '<v:rect fillcolor="#ffffff">' in html  # conditional comments untouched
    assert "{{ customer.name | upcase }}" in html and "Hi {{ customer.name }}" in html
    assert "@media (max-width: -1px)" in html  # the client ignores prefers-color-scheme


def test_forced_dark_gmail_inverts_dark_colours_too() -> None:
    html = '<div style="background:#000080;color:#ffffff">x</div>'
    out = prepare_page(html, PreviewState(scheme=Scheme.FORCED_DARK_GMAIL)).html
    assert "#000080" not in out and "color:#ffffff" not in out
    assert "data-ogsc" not in out


def test_vision_filter_is_an_svg_colour_matrix_on_html() -> None:
    html = prepare_page(EMAIL, PreviewState(vision=Vision.DEUTERANOPIA)).html
    assert f"html{{filter:url(#{VISION_FILTER_ID}) !important}}" in html
    assert html.index("<feColorMatrix") < html.index("</body>")
    assert "feColorMatrix" not in prepare_page(EMAIL).html


def test_show_hidden_content_reveals_both_sides_of_a_responsive_pair() -> None:
    html = (
        "<style>@media (max-width:600px){.desk{display:none !important}"
        ".mob{display:block !important;max-height:none}}</style>"
        '<div class="desk">desktop</div>'
        '<div class="mob extra" style="display:none;max-height:0;overflow:hidden;'
        'mso-hide:all;color:red">mobile</div>'
    )
    out = show_hidden_content(html)
    assert ".desk{}" in out
    assert 'style="color:red"' in out
    assert prepare_page(html).html.count("display:none") == 2  # off by default


def test_show_hidden_content_undoes_mobile_first_hiding() -> None:
    # how hide-on="mobile" compiles: hidden by default, shown again from 600 px up
    html = (
        "<style>.mw-hide-mobile{display:none !important;max-height:0 !important;"
        "overflow:hidden !important}.keep{display:none}.row{overflow:hidden}"
        "@media (min-width: 600px){.mw-hide-mobile{display:block !important;"
        "max-height:none !important;overflow:visible !important}}"
        "@media (prefers-color-scheme: dark){.mw-hide-mobile{color:#fff}}</style>"
        '<div class="mw-hide-mobile">desktop only</div><div class="keep">x</div>'
    )
    out = show_hidden_content(html)
    assert ".mw-hide-mobile{}" in out
    assert ".keep{display:none}" in out  # nothing shows it at any width: not responsive
    assert ".row{overflow:hidden}" in out
    assert "@media (min-width: 600px){.mw-hide-mobile{display:block !important;" in out
    assert "{.mw-hide-mobile{color:#fff}}" in out


def test_prepared_page_carries_width_and_base_url() -> None:
    p = prepare_page(
        "<p>x</p>", PreviewState(scheme=Scheme.DARK), width=375, base_url="file:///tmp/ws/"
    )
    assert (p.width, p.base_url, p.block_images) == (375, "file:///tmp/ws/", False)
    assert prepare_page("<p>x</p>").width == 800
