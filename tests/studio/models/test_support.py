"""Hover text from the caniemail data (through ``caniemail.lookup``)."""

from __future__ import annotations

from compiler.validators.caniemail import lookup
from studio.models.support import support_text


def test_css_property_hover_lists_clients() -> None:
    text = '<td style="display: flex">'
    hover = support_text(text, text.index("display") + 2)
    info = lookup("css", "display")
    assert info is not None and hover is not None
    assert hover.startswith(f"{info.title}: {round(100 * info.share)}% support")
    assert info.url in hover
    if info.partial:
        assert "Partial: " + info.partial[0] in hover


def test_tag_hover_and_unknown_words() -> None:
    text = "<table><tr><td>hello</td></tr></table>"
    assert lookup("tag", "table") is not None
    assert support_text(text, 2) is not None
    assert support_text(text, text.index("hello") + 1) is None  # plain text: nothing
    assert lookup("tag", "no-such-element") is None
    assert lookup("bogus-kind", "table") is None
