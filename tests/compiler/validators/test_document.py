"""The shared scan of the output HTML."""

from __future__ import annotations

import pytest

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


# The scan reads elements by components.markup.elements, the standard's categories.
# Each case below read otherwise when the scan had its own lists (in the comment: how).


def test_the_obsolete_elements_that_serialize_as_void_have_no_content() -> None:
    # (bgsound, basefont, frame, keygen: were opened and reported misnested at </div>)
    doc = scan("<div><bgsound src=a.wav><basefont size=3><keygen>x</div>")
    assert doc.problems == []
    assert [e.closed for e in doc.elements] == [True, True, True, True]


@pytest.mark.parametrize(
    "name", ["li", "dd", "dt", "dir", "listing", "summary", "search", "xmp", "div"]
)
def test_every_start_tag_that_closes_a_p_in_a_browser_is_a_block_in_p(name: str) -> None:
    # (li, dd, dt, dir, listing, summary, search and xmp: the scan's own list, the
    # authors' "p end tag omission" one, left them out)
    doc = scan(f"<p>a<{name}>b</{name}>")
    assert [(p.kind, p.tag) for p in doc.problems] == [("block-in-p", name)]


def test_iframe_noembed_and_noframes_hold_text() -> None:
    # (their content was read as markup: the <p> was an element, its text a text run)
    doc = scan("<iframe><p>a</p></iframe><noembed><b>b</b></noembed><noframes>c</noframes>")
    assert [e.tag for e in doc.elements] == ["iframe", "noembed", "noframes"]
    assert doc.problems == []


def test_text_in_outlooks_xml_settings_is_not_shown() -> None:
    # (text directly in <xml> was text a reader sees; the scan looks at a text's own
    # element only, so text in <o:PixelsPerInch> inside it still counts)
    doc = scan("<body><!--[if mso]><xml>96</xml><![endif]--><p>Hi</p></body>")
    assert [t.text for t in doc.texts] == ["Hi"]


def test_an_rtc_closed_by_its_parent_is_no_mistake() -> None:
    # (rtc's end tag was not optional here, as it is in the parser and the tree builder)
    doc = scan("<ruby>a<rtc>b</ruby>")
    assert doc.problems == []


@pytest.mark.parametrize("reveal", ["<!-->", "<!-- -->", "<!---->", "<!--\n-->"])
def test_every_written_form_of_a_revealed_block_is_html_for_other_clients(reveal: str) -> None:
    doc = scan(
        '<div><!--[if mso]><v:rect fill="t"></v:rect><![endif]-->'
        f"<!--[if !mso]>{reveal}<a href='#'><table><tr><td>Go</td></tr></table></a>"
        "<!--<![endif]--></div><p>after</p>"
    )
    assert doc.problems == []
    by_tag = {el.tag: el for el in doc.elements}
    assert not by_tag["table"].mso and not by_tag["p"].mso  # checked as HTML, not Outlook's
    assert by_tag["v:rect"].mso


def test_a_hidden_block_closed_by_the_revealed_form_s_end_ends_there() -> None:
    # (a real template: "<!--[if mso]> … <!--<![endif]-->": its "-->" ends the comment)
    doc = scan(
        "<div><table><tr><td>x</td></tr>"
        "<!--[if mso]></td></tr></table><!--<![endif]--></table></div><p>after</p>"
    )
    assert doc.problems == []
    assert not next(el for el in doc.elements if el.tag == "p").mso
