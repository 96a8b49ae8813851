from __future__ import annotations

from studio.models.completion import (
    CompletionSources,
    PropInfo,
    complete,
    liquid_keys,
    standard_components,
)

SOURCES = CompletionSources(
    components={
        "x-button": (PropInfo("href", "url"), PropInfo("align", "select", "",
                                                      ("left", "center", "right"))),
        "x-base": (PropInfo("title", "text"),),
    },
    custom_tags=("brand-header",),
    sample_data={"customer": {"first_name": "Ada", "plan": {"name": "Pro"}}, "event": {}},
)


def labels(text: str, offset: int | None = None) -> list[str]:
    res = complete(text, len(text) if offset is None else offset, SOURCES)
    return [c.label for c in res.items]


def test_tag_names() -> None:
    assert labels("<x-b") == ["x-base", "x-button"]
    assert "brand-header" in labels("<br")
    assert "br" in labels("<br")
    res = complete("<p><x-bu", 8, SOURCES)
    assert res.start == 4 and res.prefix == "x-bu"


def test_props_of_the_component_under_cursor() -> None:
    got = labels('<x-button href="#" ')
    assert got[0] == "align" and "href" not in got
    assert "#if" in got
    assert labels('<x-button al') == ["align"]
    item = complete("<x-button al", 12, SOURCES).items[0]
    assert item.insert == 'align=""'


def test_prop_values_and_mso_css() -> None:
    assert labels('<x-button align="c') == ["center"]
    assert labels('<td style="color:red; mso-line') == ["mso-line-height-alt",
                                                         "mso-line-height-rule"]
    assert "mso-hide" in labels("<style>\n.a { mso-h")


def test_liquid_keys_from_sample_data() -> None:
    assert labels("Hi {{ customer.f") == ["customer.first_name"]
    assert "customer.plan.name" in labels("{% if customer.pl")
    assert labels("{{ x }} plain") == []
    assert liquid_keys(None) == []


def test_standard_components_never_empty() -> None:
    comps = standard_components()
    assert "x-base" in comps
