"""The element-name scan behind the workspace's "used in" counts reads names as the
parser does, and leaves to the parser what it does not read itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.markup import iter_elements, parse
from components.markup.names import element_names, scan_element_names
from tests.conftest import CORPUS, ROOT


def parsed_names(text: str) -> frozenset[str]:
    return frozenset(el.name for el in iter_elements(parse(text).document))


SCANNED = [
    # tags in comments, raw text, Liquid and quoted values are not elements
    '<x-base><!-- <nw-old> --><p title="<nw-in-value>">{{ "<nw-liquid>" }}</p></x-base>',
    "<script>const s = '<nw-script>';</script><STYLE>a{}</style><Nw-Card a=b>x</nw-card>",
    "<a href=\"{{ url | default: 'x' }}\" data-x='{% if a %}b{% endif %}'>t</a><nw-b/>",
    "<!doctype html><!----><!---><br/><img src=a/b.png><nw-after-comments></nw-after-comments>",
    "text </ 3 < 4 {% if x %}<nw-if>{% endif %} </p >",
    '<div\n\tclass="a"\n  id=b\n>unclosed <nw-open></div>',
    # the tokenizer's text-only elements hold no elements (iframe, noembed, noframes
    # since components.markup.elements.TEXT_ONLY); noscript holds markup
    "<iframe><nw-iframe></iframe><noembed><nw-e></noembed><noframes><nw-f></noframes>",
    "<xmp><nw-xmp></xmp><noscript><nw-noscript></noscript>",
]
LEFT_TO_THE_PARSER = [
    "<!--[if mso]><nw-mso></nw-mso><![endif]-->",
    "{% raw %}<nw-raw>{% endraw %}",
    "{% comment %}<nw-c>{% endcomment %}",
    '<div #is="nw-card"></div>',
    '<img src="a.png border="0"><nw-x>',
    '<a title="{{ x | default: "y" }}">',
    '<td {% if x %}class="a"{% endif %}><nw-y>',
    "<p>{{ unterminated <nw-z>",
    "<!-- never closed <nw-q>",
    "<script>never closed <nw-s>",
    "<script/><nw-t>",
    "<x{{ a }}y>",
    "{{{ triple }}}",
    "<div>cut off <nw-open",
]


@pytest.mark.parametrize("text", SCANNED)
def test_the_scan_reads_names_as_the_parser_does(text: str) -> None:
    assert scan_element_names(text) == parsed_names(text)
    assert not {"nw-iframe", "nw-e", "nw-f", "nw-xmp"} & parsed_names(text)
    assert element_names(text) == parsed_names(text)


@pytest.mark.parametrize("text", LEFT_TO_THE_PARSER)
def test_what_the_scan_does_not_read_goes_to_the_parser(text: str) -> None:
    assert scan_element_names(text) is None
    assert element_names(text) == parsed_names(text)


def _sources() -> list[Path]:
    roots = [ROOT / "resources", ROOT / "bench" / "emails", CORPUS]
    return [
        p
        for r in roots
        if r.is_dir()
        for p in sorted(r.rglob("*"))
        if p.suffix in (".html", ".htm", ".mjml") and p.is_file()
    ]


def test_the_scan_agrees_with_the_parser_on_every_shipped_and_corpus_file() -> None:
    scanned = 0
    for path in _sources():
        text = path.read_bytes().decode("utf-8", errors="replace")
        found = scan_element_names(text)
        if found is not None:
            scanned += 1
            assert found == parsed_names(text), path
    assert scanned >= 10  # the scan is used, not always left to the parser
