from __future__ import annotations

import pytest

from studio.models.emmet import EmmetError, abbreviation_before, expand

SPEC_TABLE = """<div>
  <div>
    <table>
      <tr>
        <td><a href=""></a></td>
      </tr>
      <tr>
        <td><a href=""></a></td>
      </tr>
      <tr>
        <td><a href=""></a></td>
      </tr>
    </table>
  </div>
</div>"""


@pytest.mark.parametrize(
    ("abbr", "html"),
    [
        ("div>div>table>tr*3>td>a", SPEC_TABLE),
        ("table>tr>td", "<table>\n  <tr>\n    <td></td>\n  </tr>\n</table>"),
        ("a+a", '<a href=""></a>\n<a href=""></a>'),
        ("a#my-link", '<a href="" id="my-link"></a>'),
        ("a.text-blue", '<a href="" class="text-blue"></a>'),
        ("a#my-link.text-blue", '<a href="" id="my-link" class="text-blue"></a>'),
        ("td[align=center valign='top']{Hi}", '<td align="center" valign="top">Hi</td>'),
        ("ul>li.i$*2", '<ul>\n  <li class="i1"></li>\n  <li class="i2"></li>\n</ul>'),
        ("div>p^span", "<div>\n  <p></p>\n</div>\n<span></span>"),
        ("(tr>td)*2", "<tr>\n  <td></td>\n</tr>\n<tr>\n  <td></td>\n</tr>"),
        ("img", '<img src="" alt="">'),
        # (embed and track are void elements: they were written with end tags before
        # emmet took the standard's list from components.markup.elements)
        ("embed", "<embed>"),
        ("track", "<track>"),
    ],
)
def test_expand(abbr: str, html: str) -> None:
    assert expand(abbr) == html


def test_expand_indents_under_base() -> None:
    assert expand("table>tr", base_indent="    ") == "<table>\n      <tr></tr>\n    </table>"


@pytest.mark.parametrize("bad", ["", "a*", "a*0", "(a", "a[x", ">a"])
def test_bad_abbreviations(bad: str) -> None:
    with pytest.raises(EmmetError):
        expand(bad)


def test_abbreviation_before_cursor() -> None:
    assert abbreviation_before("    table>tr*2>td", 17) == (4, "table>tr*2>td")
    assert abbreviation_before("<p>Hello world", 14) is None  # plain words stay
    assert abbreviation_before("  div", 5) == (2, "div")
    assert abbreviation_before("", 0) is None
