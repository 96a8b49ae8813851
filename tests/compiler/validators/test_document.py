"""The shared scan of the output HTML."""

from __future__ import annotations

from compiler.validators.document import parse_attrs, scan


def test_elements_text_and_hidden_content() -> None:
    doc = scan(
        '<div style="display:none">pre &amp; header</div>'
        '<p>Hello <a href="/x">there <b>you</b></a></p>'
        "<style>.a{}</style><script>no text</script>"
    )
    assert [e.tag for e in doc.elements] == ["div", "p", "a", "b", "style", "script"]
    assert [(t.text, t.hidden) for t in doc.texts] == [
        ("pre & header", True),
        ("Hello", False),
        ("there", False),
        ("you", False),
    ]
    a = doc.find("a")[0]
    assert doc.text_of(a) == "there you"
    assert doc.styles == [(doc.html.index(".a{}"), ".a{}")]


def test_liquid_inside_tags_is_kept_whole() -> None:
    doc = scan('<a href="{{ url | append: \'>\' }}" {% if a > b %}class="x"{% endif %}>Go</a>')
    [a] = doc.elements
    assert a.attrs == {"href": "{{ url | append: '>' }}", "class": "x"}
    assert doc.texts[0].text == "Go"


def test_outlook_blocks_are_scanned_but_flagged() -> None:
    doc = scan(
        '<!--[if mso]><v:roundrect href="https://x"><w:anchorlock/><![endif]-->'
        '<!--[if !mso]><!--><a href="https://x">Go</a><!--<![endif]-->'
    )
    assert [(e.tag, e.mso) for e in doc.elements] == [
        ("v:roundrect", True),
        ("w:anchorlock", True),
        ("a", False),
    ]
    assert doc.problems == []


def test_attribute_parsing() -> None:
    attrs, dups, bad = parse_attrs(' a="1" B=2 c a=3 d=\'4\' "oops"')
    assert {k: attrs[k] for k in "abcd"} == {"a": "1", "b": "2", "c": "", "d": "4"}
    assert dups == ("a",) and '"' in bad


def test_marks_are_used_for_locations() -> None:
    doc = scan('<p data-mw-node="4">x</p>')
    p = doc.elements[0]
    assert doc.html.rfind("data-mw-node=", 0, p.at + 1) == 3
