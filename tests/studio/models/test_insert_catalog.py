"""The Insert panel's catalog: every standard component grouped, custom presets."""

from __future__ import annotations

from pathlib import Path

from components.custom.library import library_from_sources, load_library
from components.standard import STANDARD_COMPONENTS
from studio.models.insert_catalog import (
    CUSTOM_GROUP,
    clean_markup,
    entry_by_id,
    indent_markup,
    insert_catalog,
)

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"


def test_every_standard_component_once_in_design_studio_groups() -> None:
    catalog = insert_catalog()
    standard = [e for g in catalog if g.kind == "standard" for e in g.entries]
    assert sorted(e.tag for e in standard) == sorted(c.tag for c in STANDARD_COMPONENTS)
    assert [g.name for g in catalog][:5] == ["Layout", "Text", "Media", "Actions", "Spacing"]
    paragraph = entry_by_id(catalog, "x-paragraph")
    assert paragraph is not None
    assert (paragraph.group, paragraph.label, paragraph.icon) == ("Text", "Paragraph", "paragraph")
    row = entry_by_id(catalog, "x-row")
    assert row is not None and row.markup == (
        '<x-row :layout="[50,50]">\n  <x-column>\n  </x-column>\n  <x-column>\n'
        "  </x-column>\n</x-row>"
    )


def test_custom_presets_grouped_by_section_with_label_and_icon() -> None:
    catalog = insert_catalog(load_library(DEMO))
    fernway = next(g for g in catalog if g.name == "Fernway")
    assert [e.id for e in fernway.entries] == [
        "fernway-footer#0",
        "fernway-header#0",
        "fernway-nav-link#0",
        "fernway-product-card#0",
    ]
    header = fernway.entries[1]
    assert (header.label, header.icon, header.kind) == ("Fernway header", "header", "custom")
    assert header.markup.startswith("<fernway-header>\n  <fernway-nav-link ")
    assert header.markup.endswith("\n</fernway-header>")


def test_components_without_presets_or_with_errors_are_not_offered() -> None:
    sources = {
        "components/plain-box.html": "<script></script><template><div><slot/></div></template>",
        "components/two-ways.html": """<script>
export const config = { presets: [
  { label: "Short", content: `<two-ways></two-ways>` },
  { label: "Long", content: `
      <two-ways>
        {% if a %}<b>x</b>{% endif %}
      </two-ways>` }] };
</script><template><div><slot/></div></template>""",
        "components/broken.html": "<script>export const config = { presets: [{label: 'b', "
        "content: `<broken/>`}] }; oops(</script><template/>",
    }
    catalog = insert_catalog(library_from_sources(sources))
    custom = [g for g in catalog if g.kind == "custom"]
    assert [g.name for g in custom] == [CUSTOM_GROUP]
    assert [(e.id, e.label) for e in custom[0].entries] == [
        ("two-ways#1", "Long"),
        ("two-ways#0", "Short"),
    ]
    assert custom[0].entries[0].markup == "<two-ways>\n  {% if a %}<b>x</b>{% endif %}\n</two-ways>"


def test_clean_and_indent_markup() -> None:
    assert clean_markup("\n\n    <a>\n      <b></b>\n    </a>  \n\n") == "<a>\n  <b></b>\n</a>"
    multi_line_liquid = "<a>{% if x\n      and y %}</a>\n    <b></b>"
    assert clean_markup(multi_line_liquid) == multi_line_liquid
    assert indent_markup("<a>\n  <b></b>\n\n</a>", "    ") == "<a>\n      <b></b>\n\n    </a>"
