"""The element categories are the HTML Living Standard's lists, written out here again
from the standard (https://html.spec.whatwg.org/), so a typo in the module fails."""

from __future__ import annotations

import pytest

from components.markup import elements

# §13.1.2 Elements: "Void elements"
STANDARD_VOID = "area base br col embed hr img input link meta source track wbr"
# §13.3 Serializing HTML fragments: "serializes as void" adds these to the void elements
STANDARD_SERIALIZES_AS_VOID_TOO = "basefont bgsound frame keygen param"
# §13.1.2: "Raw text elements" and "Escapable raw text elements"
STANDARD_RAW_TEXT = "script style"
STANDARD_ESCAPABLE_RAW_TEXT = "textarea title"
# §13.2.6.4.4 "in head" / §13.2.6.4.7 "in body": the start tags that switch the tokenizer to
# RCDATA (title, textarea), RAWTEXT (style, xmp, iframe, noembed, noframes, noscript when
# scripting is enabled) or script data (script); plaintext switches to PLAINTEXT
STANDARD_TOKENIZER_TEXT = "title textarea style xmp iframe noembed noframes script"
# §13.1.2.4 Optional tags: the elements whose end tag may be omitted
STANDARD_OPTIONAL_END = (
    "html head body li dt dd p rt rp optgroup option colgroup caption thead tbody tfoot tr td th"
)
# §13.2.6.3 "generate implied end tags": the elements it closes
STANDARD_IMPLIED_END = "dd dt li optgroup option p rb rp rt rtc"
# §13.2.6.4.7 "in body": the start tags whose steps close a p element in button scope
STANDARD_CLOSES_P = (
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer header hgroup main menu nav ol p search section summary ul "
    "h1 h2 h3 h4 h5 h6 pre listing form li dd dt plaintext table hr xmp"
)
# §13.1.2.4: the elements before which a p element's end tag may be omitted
STANDARD_P_END_OMITTED_BEFORE = (
    "address article aside blockquote details dialog div dl fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section "
    "table ul"
)
# §15.3.1 Hidden elements: display: none
STANDARD_HIDDEN = (
    "area base basefont datalist head link meta noembed noframes param rp script style "
    "template title"
)


def names(words: str) -> frozenset[str]:
    return frozenset(words.split())


def test_void_elements_are_the_standards() -> None:
    assert names(STANDARD_VOID) == elements.VOID_ELEMENTS


def test_serializes_as_void_adds_the_obsolete_elements_the_standard_names() -> None:
    expected = names(STANDARD_VOID) | names(STANDARD_SERIALIZES_AS_VOID_TOO)
    assert expected == elements.SERIALIZES_AS_VOID


def test_raw_text_and_escapable_raw_text_elements_are_the_standards() -> None:
    assert names(STANDARD_RAW_TEXT) == elements.RAW_TEXT_ELEMENTS
    assert names(STANDARD_ESCAPABLE_RAW_TEXT) == elements.ESCAPABLE_RAW_TEXT_ELEMENTS


def test_text_only_is_what_the_tokenizer_reads_as_text_with_scripting_off_and_on() -> None:
    assert names(STANDARD_TOKENIZER_TEXT) == elements.TEXT_ONLY
    assert names(STANDARD_TOKENIZER_TEXT) | {"noscript"} == elements.TEXT_ONLY_SCRIPTING
    assert elements.RAW_TEXT_ELEMENTS | elements.ESCAPABLE_RAW_TEXT_ELEMENTS <= elements.TEXT_ONLY


def test_optional_end_is_the_standards_and_the_obsolete_ruby_elements_it_implies() -> None:
    assert names(STANDARD_OPTIONAL_END) | {"rb", "rtc"} == elements.OPTIONAL_END
    # every element the tree builder closes implicitly is in it
    assert names(STANDARD_IMPLIED_END) <= elements.OPTIONAL_END


def test_closes_p_is_what_a_browser_does_and_holds_what_an_author_may_write() -> None:
    assert names(STANDARD_CLOSES_P) == elements.CLOSES_P
    assert names(STANDARD_P_END_OMITTED_BEFORE) <= elements.CLOSES_P


def test_what_is_not_shown_and_what_draws_nothing_are_what_their_docstrings_say() -> None:
    assert names("head noscript script style template title xml") == elements.NOT_SHOWN
    assert (
        names("area base br link meta noscript param script source template title track wbr")
        == elements.DRAWS_NOTHING
    )
    # of them, these are the standard's hidden elements (display: none)
    hidden = names(STANDARD_HIDDEN)
    assert names("head script style template title") == elements.NOT_SHOWN & hidden
    assert names("area base link meta param script template title") == (
        elements.DRAWS_NOTHING & hidden
    )


@pytest.mark.parametrize("name", elements.__all__)
def test_every_set_is_a_frozenset_of_lower_case_names(name: str) -> None:
    value = getattr(elements, name)
    assert isinstance(value, frozenset)
    assert all(isinstance(n, str) and n == n.lower() and n.isalnum() for n in value)
