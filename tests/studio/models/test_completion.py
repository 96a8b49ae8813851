from __future__ import annotations

from pathlib import Path

from studio.models.completion import (
    CompletionSources,
    PropInfo,
    complete,
    liquid_keys,
    standard_components,
)

SOURCES = CompletionSources(
    components={
        "x-button": (
            PropInfo("href", "url"),
            PropInfo("align", "select", "", ("left", "center", "right")),
        ),
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
    assert labels("<x-button al") == ["align"]
    item = complete("<x-button al", 12, SOURCES).items[0]
    assert item.insert == 'align=""'


def test_prop_values_and_mso_css() -> None:
    assert labels('<x-button align="c') == ["center"]
    assert labels('<td style="color:red; mso-line') == [
        "mso-line-height-alt",
        "mso-line-height-rule",
    ]
    assert "mso-hide" in labels("<style>\n.a { mso-h")


def test_liquid_keys_from_sample_data() -> None:
    assert labels("Hi {{ customer.f") == ["customer.first_name"]
    assert "customer.plan.name" in labels("{% if customer.pl")
    assert labels("{{ x }} plain") == []
    assert liquid_keys(None) == []


def test_standard_components_never_empty() -> None:
    comps = standard_components()
    assert "x-base" in comps


def test_standard_props_come_from_the_registry() -> None:
    from components.standard import REGISTRY

    comps = standard_components()
    assert set(comps) == set(REGISTRY)
    cta = {p.name: p for p in comps["x-cta"]}
    assert [p.name for p in REGISTRY["x-cta"].props] == list(cta)
    assert cta["align"].options == ("left", "center", "right")
    sources = CompletionSources(comps)
    res = complete("<x-cta al", len("<x-cta al"), sources)
    assert [c.label for c in res.items] == ["align"]
    res = complete('<x-cta align="c', len('<x-cta align="c'), sources)
    assert [c.label for c in res.items] == ["center"]


def test_custom_component_props_from_the_workspace(tmp_path: Path) -> None:
    from studio.models.completion import custom_components

    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "promo-card.html").write_text(
        "<script>\nexport const props = Component.defineProps({\n"
        "  title: { label: 'Title', type: 'text', schema: Component.props.string() },\n"
        "  tone: { label: 'Tone', type: 'select', "
        "schema: Component.props.enum(['calm', 'loud']).default('calm') },\n"
        "});\n</script>\n<template><div>{{ props.title }}</div></template>\n",
        encoding="utf-8",
    )
    custom = custom_components(tmp_path)
    assert [p.name for p in custom["promo-card"]] == ["title", "tone"]
    assert custom["promo-card"][1].options == ("calm", "loud")
    sources = CompletionSources(standard_components(), custom_props=custom)
    assert "promo-card" in [c.label for c in complete("<pro", 4, sources).items]
    text = "<promo-card t"
    assert [c.label for c in complete(text, len(text), sources).items] == ["title", "tone"]
    text = '<promo-card tone="'
    assert [c.label for c in complete(text, len(text), sources).items] == ["calm", "loud"]
    assert custom_components(tmp_path / "missing") == {}
    assert custom_components(None) == {}


def test_demo_workspace_components_have_props() -> None:
    from studio.models.completion import custom_components
    from tests.conftest import DEMO

    custom = custom_components(DEMO)
    card = {p.name: p for p in custom["fernway-product-card"]}
    assert card["button-align"].options == ("left", "center", "right")
