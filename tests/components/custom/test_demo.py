"""The demo workspace's Fernway components compile cleanly (read from resources/demo)."""

from __future__ import annotations

from pathlib import Path

from components.custom import load_library
from components.expand import ExpandOptions
from components.expand.expander import expand
from components.markup import parse
from tests.components.custom.helpers import compile_email
from tests.conftest import DEMO

EMAIL = Path(__file__).parent / "fixtures" / "demo" / "emails" / "demo.html"


def test_demo_library_reads_clean() -> None:
    library = load_library(DEMO)
    assert library.issues == []
    assert sorted(library.components) == [
        "fernway-footer",
        "fernway-header",
        "fernway-nav-link",
        "fernway-product-card",
    ]
    card = library.components["fernway-product-card"].definition.prop_map
    assert card["background"].schema.dynamic.dark_mode
    assert card["title-size"].schema.dynamic.responsive


def test_demo_email_compiles() -> None:
    library = load_library(DEMO)
    text = EMAIL.read_text()
    result = expand(
        parse(text, "emails/demo.html").document,
        file="emails/demo.html",
        library=library,
        options=ExpandOptions(marks=False),
    )
    assert [i for i in result.issues if i.is_error] == [], result.issues
    html = result.html
    assert html.count('class="fw-card"') == 2
    assert "@media (min-width: 600px)" in html and ".fw-card-title { font-size: 28px" in html
    assert ".fw-card { background: #2a3a2f !important; }" in html
    assert '{{ customer.first_name | default: "explorer" }}' in html
    assert "{% unsubscribe_url %}" in html
    assert html.count("https://fernway.example/camp") == 1
    assert "Instagram" in html and "12 Trailhead Road" in html


def test_nav_link_outside_the_header_warns() -> None:
    sources = {p.stem: p.read_text() for p in (DEMO / "components").glob("*.html")}
    result = compile_email(sources, '<fernway-nav-link href="#">x</fernway-nav-link>')
    assert "components/allowed-parents" in result.rules()
    footer = compile_email(
        sources, '<fernway-footer><fernway-nav-link href="#">x</fernway-nav-link></fernway-footer>'
    )
    assert "slots/invalid" in footer.rules() and "components/allowed-parents" in footer.rules()
