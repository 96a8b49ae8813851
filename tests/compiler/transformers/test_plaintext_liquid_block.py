"""The plain-text part never re-spaces, wraps or splits a Liquid token."""

from __future__ import annotations

from compiler.transformers import plaintext

BLOCK = (
    "{% liquid\n  assign name = customer.first_name\n"
    "  if name == blank\n    assign name = 'there'\n  endif\n%}"
)


def test_multi_line_liquid_tag_survives_byte_for_byte() -> None:
    html = f"<p>Hello   friend</p>{BLOCK}<p>Hi {{{{ name }}}}</p>"
    text = plaintext.generate(html, plaintext.Options(width=20))
    assert BLOCK in text
    assert "Hello friend" in text


def test_liquid_href_with_spaces_is_kept_in_the_text_link() -> None:
    html = "<p><a href=\"{{ url   | append: '?a=1' }}\">Shop   now</a></p>"
    text = plaintext.generate(html)
    assert "Shop now ({{ url   | append: '?a=1' }})" in text


def test_long_token_is_not_wrapped() -> None:
    token = "{{ customer.a_very_long_attribute_name | default: 'a long fallback value here' }}"
    text = plaintext.generate(f"<p>{token} and more words</p>", plaintext.Options(width=20))
    assert token in text
