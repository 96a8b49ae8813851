"""The markup validator: known-bad and known-good documents."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from components.markup import parse
from components.validate import check, validate
from tests.conftest import corpus_files, requires_corpus


@dataclass(frozen=True)
class Case:
    description: str
    source: str
    expect: list[str]  # "rule@line:col"


CASES = [
    Case(
        "good email",
        '<x-base><x-section><x-row :layout="[50,50]"><x-column>a</x-column>'
        "<x-column>b</x-column></x-row><x-list><li>x</li></x-list></x-section></x-base>",
        [],
    ),
    Case("plain html", "<html><body><ul><li>a</li></ul><mj-text>x</mj-text></body></html>", []),
    Case("vml is known", '<v:rect style="width:1px"><v:fill/></v:rect>', []),
    Case("unknown x tag", "<x-sectoin>a</x-sectoin>", ["markup/unknown-tag@1:1"]),
    Case("unknown custom tag", "<p>\n  <promo-card/></p>", ["markup/unknown-tag@2:3"]),
    Case(
        "layout length",
        '<x-row\n:layout="[50,50,50]"><x-column>a</x-column><x-column>b</x-column></x-row>',
        ["markup/row-layout@1:1"],
    ),
    Case(
        "literal layout length",
        '<x-row layout="[50,50,50]"><x-column>a</x-column><x-column>b</x-column></x-row>',
        ["markup/row-layout@1:1"],
    ),
    Case(
        "directives on plain HTML in an email (§ emails are not templates)",
        '<p>x</p>\n<div #if="show">a</div><a :href="url" #each="i in items">b</a>',
        [
            "markup/directive-outside-component@2:6",
            "markup/directive-outside-component@2:27",
            "markup/directive-outside-component@2:39",
        ],
    ),
    Case(
        "${} in email text",
        "<p>Hi\n  ${name} and ${{ price }}</p>",
        ["markup/directive-outside-component@2:3"],
    ),
    Case(
        "${} in style, script and x-head is not flagged",
        "<style>a{b:'${c}'}</style><script>`${x}`</script><x-head><p>${y}</p></x-head>",
        [],
    ),
    Case(
        ":props on standard components are values, not directives",
        "<x-paragraph :color=\"'red'\">${x}</x-paragraph>",
        ["markup/directive-outside-component@1:29"],
    ),
    Case("two bases", "<x-base></x-base><x-base></x-base>", ["markup/multiple-base@1:18"]),
    Case("base not outermost", "<div><x-base></x-base></div>", ["markup/base-not-outermost@1:6"]),
    Case("content before base", "<p>hi</p><x-base></x-base>", ["markup/base-not-outermost@1:10"]),
    Case("base with html", "<x-base><html></html></x-base>", ["markup/base-with-html@1:9"]),
    Case(
        "column outside row",
        "<x-section><x-column>a</x-column></x-section>",
        ["markup/column-outside-row@1:12"],
    ),
    Case("li outside list", "<div><li>a</li></div>", ["markup/li-outside-list@1:6"]),
    Case(
        "inside mso conditional", "<!--[if mso]><x-bogus/><![endif]-->", ["markup/unknown-tag@1:14"]
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_validate(case: Case) -> None:
    doc = parse(case.source, "e.html").document
    issues = validate(doc, "e.html")
    assert [f"{i.rule}@{i.line}:{i.column}" for i in issues] == case.expect
    for issue in issues:
        assert issue.file == "e.html" and issue.message


def test_messages_say_what_to_fix() -> None:
    doc = parse('<x-row :layout="[50]"><x-column/><x-column/></x-row>').document
    (issue,) = validate(doc, "e.html")
    assert "1 width but 2 <x-column> children" in issue.message
    assert issue.severity.value == "error"
    doc = parse("<div><li>a</li></div>").document
    assert validate(doc)[0].severity.value == "warning"


class Lib:
    def get(self, tag: str) -> object | None:
        return object() if tag == "promo-card" else None

    def has(self, tag: str) -> bool:
        return tag == "promo-card"


def test_library_makes_custom_tags_known() -> None:
    doc = parse("<promo-card/>").document
    assert validate(doc, "e.html", library=Lib()) == []  # type: ignore[arg-type]


def test_directive_warning_names_the_directive() -> None:
    issue = validate(parse('<div #if="a">x</div>', "e.html").document, "e.html")[0]
    assert issue.severity.value == "warning"
    assert issue.message.startswith("#if on <div> is ignored and removed")
    text = validate(parse("<p>${a.b}</p>", "e.html").document, "e.html")[0]
    assert text.message.startswith("${a.b} is not evaluated in an email")


@pytest.mark.parametrize(
    ("source", "expect"),
    [
        # real email markup every client accepts: nothing, or at most a warning
        (
            "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/>"
            "</o:OfficeDocumentSettings></xml><![endif]--><p>x</p>",
            [],
        ),
        (
            '<!doctype html><html ⚡4email><body><amp-img src="a.png" width="1" height="1">'
            "</amp-img><amp-carousel><div>a</div></amp-carousel><amp-form></amp-form></body></html>",
            [],
        ),
        ('<html amp4email data-css-strict><body><amp-list src="x"></amp-list></body></html>', []),
        (
            "<p><webversion>View online</webversion> <unsubscribe>Stop</unsubscribe></p>",
            ["warning@1:4", "warning@1:41"],
        ),
        ("<xml>outside a conditional</xml>", ["warning@1:1"]),
        ("<amp-img src=a.png></amp-img>", ["warning@1:1"]),  # AMP tags outside an AMP email
        # what is surely a mistake stays an error
        ("<x-sectoin>a</x-sectoin>", ["error@1:1"]),
    ],
)
def test_unknown_tag_severity(source: str, expect: list[str]) -> None:
    issues = validate(parse(source, "e.html").document, "e.html")
    assert [
        f"{i.severity.value}@{i.line}:{i.column}" for i in issues if i.rule == "markup/unknown-tag"
    ] == expect


def test_misspelt_names_get_a_suggestion() -> None:
    (x,) = validate(parse("<x-sectoin>a</x-sectoin>").document, "e.html")
    assert "did you mean <x-section>?" in x.message and x.severity.value == "error"
    (custom,) = validate(parse("<promo-crad/>").document, "e.html", library=Lib())  # type: ignore[arg-type]
    assert custom.severity.value == "error" and "did you mean <promo-card>?" in custom.message
    (other,) = validate(parse("<fancy-thing/>").document, "e.html", library=Lib())  # type: ignore[arg-type]
    assert other.severity.value == "error" and "did you mean" not in other.message
    assert "components/fancy-thing.html" in other.message  # a component tag without a file


def _reference(
    parent: object, ancestors: tuple[object, ...] = (), inside: bool = False
) -> list[tuple[object, tuple[object, ...], bool]]:
    """The elements as the validator walked them before: recursively, pre-order."""
    from components.markup.nodes import Conditional, Element

    out: list[tuple[object, tuple[object, ...], bool]] = []
    for node in parent.children:  # type: ignore[attr-defined]
        if isinstance(node, Element):
            out.append((node, ancestors, inside))
            out.extend(_reference(node, (*ancestors, node), inside))
        elif isinstance(node, Conditional):
            out.extend(_reference(node, ancestors, True))
    return out


def test_the_validator_sees_every_element_once_in_document_order() -> None:
    from components.validate import _elements
    from tests.conftest import DEMO

    sources = [
        "<x-base><x-section><!--[if mso]><table><tr><td><xml><o:x/></xml></td></tr></table>"
        "<![endif]--><x-row><x-column><x-text>a<b>b</b></x-text></x-column></x-row>"
        "<!--[if !mso]><!--><p><i>c</i></p><!--<![endif]--></x-section></x-base>",
        *(p.read_text(encoding="utf-8") for p in sorted((DEMO / "emails").rglob("*.html"))),
    ]
    for source in sources:
        doc = parse(source, "e.html").document
        got, expressions = _elements(doc)
        # each with its parent element (the last of its element ancestors)
        assert [(id(e), id(p), i) for e, p, i in got] == [
            (id(e), id(a[-1] if a else None), i) for e, a, i in _reference(doc)
        ]
        assert not expressions
    got, _ = _elements(parse(sources[0], "e.html").document)
    inside = {e.name: i for e, _, i in got}
    assert inside["xml"] and inside["i"] and not inside["x-text"]
    # a text that may hold an expression, in or out of a conditional comment
    for text in ("<p>${ a }</p>", "<!--[if mso]><p>${a}</p><![endif]-->"):
        assert _elements(parse(text, "e.html").document)[1]


@requires_corpus
def test_the_walk_reads_whether_anything_expands_as_the_expander_does() -> None:
    """:func:`check`'s ``as_written`` (the compiler hands it to the expander instead of a
    second walk) is what the expander's own reading gives, on every corpus email: with no
    library, and with one that holds a component named as a tag the email uses."""
    from components.custom import CustomLibrary, library_from_sources
    from components.expand.expander import _as_written
    from components.markup.nodes import iter_elements

    files = corpus_files(".html", ".htm", ".mjml")
    assert files
    seen = set()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        doc = parse(text, str(path)).document
        names = sorted({el.name for el in iter_elements(doc) if "-" in el.name})
        libraries: list[CustomLibrary | None] = [None]
        if names:  # the email's first hyphenated tag made a custom component
            libraries.append(
                library_from_sources({f"components/{names[0]}.html": "<template>x</template>"})
            )
        for library in libraries:
            expected = _as_written(doc, library)
            assert check(doc, str(path), library=library).as_written is expected, path
            seen.add(expected)
    assert seen == {True, False}  # (both answers are met)
