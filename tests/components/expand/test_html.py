"""Directive values as JavaScript: entity decoding that never touches Liquid."""

from __future__ import annotations

import pytest

from components.expand.expander import expand
from components.expand.html import attr, expression, unescape
from components.markup import parse
from styles.model import GlobalStyles


def test_entities_are_decoded_outside_liquid_only() -> None:
    e = expression("{ color: &quot;red&quot; } + '{{ a &amp; b }}' + &#39;x&#x27; + &amp")
    assert e.text == "{ color: \"red\" } + '{{ a &amp; b }}' + 'x' + &"


def test_unknown_entities_and_plain_text_are_unchanged() -> None:
    e = expression("a &bogus; b")
    assert e.text == "a &bogus; b" and e.offsets == ()
    assert expression("no entities").text == "no entities"


def test_positions_map_back_to_the_raw_value() -> None:
    raw = "&quot;a&quot; +\n &lt; nope"
    e = expression(raw)
    assert e.text == '"a" +\n < nope'
    assert e.raw_position(1, 1) == (1, 1)
    assert e.raw_position(1, 3) == (1, 8)  # the closing quote
    assert e.raw_position(2, 4) == (2, 7)  # `nope`


def test_unescape_keeps_liquid_tokens() -> None:
    assert unescape("a &amp; {{ x | append: '&amp;' }}") == "a & {{ x | append: '&amp;' }}"


def test_standard_component_directive_values_are_decoded() -> None:
    doc = parse('<x-paragraph :color="&quot;#ff0000&quot;">Hi</x-paragraph>', "e.html").document
    out = expand(doc, file="e.html", styles=GlobalStyles())
    assert [i.rule for i in out.issues] == []
    assert "color:#ff0000" in out.html


def test_error_position_in_a_decoded_standard_value_is_raw() -> None:
    doc = parse('<x-paragraph :color="&quot;a&quot; + nope">Hi</x-paragraph>', "e.html").document
    out = expand(doc, file="e.html", styles=GlobalStyles())
    issue = next(i for i in out.issues if i.rule == "expr/runtime")
    assert (issue.line, issue.column) == (1, 38)


@pytest.mark.parametrize(
    ("name", "value", "raw", "expect"),
    [
        ("class", "a b", False, ' class="a b"'),
        ("alt", 'Tom & "Jerry" <3>', False, ' alt="Tom &amp; &quot;Jerry&quot; &lt;3&gt;"'),
        ("alt", "it's", False, ' alt="it\'s"'),
        ("title", "{{ name }} & co", False, ' title="{{ name }} &amp; co"'),
        (
            "title",
            '{{ name | default: "x" }} <b>',
            False,
            " title='{{ name | default: \"x\" }} &lt;b&gt;'",
        ),
        ("title", "{ not liquid } & <", False, ' title="{ not liquid } &amp; &lt;"'),
        ("href", "a?b=1&amp;c=2", True, ' href="a?b=1&amp;c=2"'),
        ("alt", 'say "hi"', True, " alt='say \"hi\"'"),
        ("alt", 'it\'s "so"', True, ' alt="it\'s &quot;so&quot;"'),
        ("hidden", None, False, " hidden"),
    ],
)
def test_attr_escapes_outside_liquid_or_copies_raw_text(
    name: str, value: str | None, raw: bool, expect: str
) -> None:
    assert attr(name, value, raw=raw) == expect
