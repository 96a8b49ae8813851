"""Sample data, the key tree, insertions, snippets on disk, and translations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.liquid import (
    Renderer,
    default_profile,
    insertion,
    key_tree,
    load_snippets,
    render_template,
    translations_of,
)
from compiler.liquid.localization import (
    LocalizationSettings,
    choose,
    file_for,
    group_translations,
    pick,
    split_language,
)
from compiler.project import ProjectError, load_project


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_default_profile_is_named_in_settings(tmp_path: Path) -> None:
    write(tmp_path / "mailwright.toml", '[data]\ndefault = "blair"\n')
    write(tmp_path / "data/profiles/alex.json", '{"customer": {"first_name": "Alex"}}')
    write(tmp_path / "data/profiles/blair.json", '{"customer": {"first_name": "Blair"}}')
    profile = default_profile(load_project(tmp_path))
    assert profile["customer"] == {"first_name": "Blair"}
    assert profile["id"] == "blair"  # the file name when the profile has no id


def test_default_profile_naming_no_file_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "mailwright.toml", '[data]\ndefault = "nobody"\n')
    with pytest.raises(ProjectError, match="nobody"):
        default_profile(load_project(tmp_path))


def test_profile_that_is_not_an_object(tmp_path: Path) -> None:
    write(tmp_path / "mailwright.toml", "")
    write(tmp_path / "data/profiles/a.json", "[1]")
    with pytest.raises(ProjectError, match="JSON object"):
        default_profile(load_project(tmp_path))


def test_key_tree_lists_data_types_in_panel_order() -> None:
    profile = {
        "id": "a",
        "journey": {"weather": "sun"},
        "customer": {"first_name": "Al", "current city": "Oslo", "tags": ["x"], "vip": True},
        "event": {"price": 3.5},
        "message": {"id": 1},
    }
    tree = key_tree(profile, snippet_names=["footer"])
    assert [n.name for n in tree] == ["customer", "event", "journey", "message", "snippets"]
    customer = tree[0]
    assert [(c.path, c.kind) for c in customer.children] == [
        ("customer.first_name", "string"),
        ('customer["current city"]', "string"),
        ("customer.tags", "array"),
        ("customer.vip", "boolean"),
    ]
    assert customer.children[2].children[0].path == "customer.tags[0]"
    assert tree[1].children[0].to_json() == {
        "name": "price",
        "path": "event.price",
        "kind": "number",
        "example": 3.5,
    }
    assert tree[-1].children[0].path == "snippets.footer"


def test_insertion_with_fallback_renders_both_ways() -> None:
    text = insertion("customer.first_name", "there")
    assert text == '{{ customer.first_name | default: "there" }}'
    assert insertion("customer.x") == "{{ customer.x }}"
    assert insertion("customer.x", 'say "hi"') == "{{ customer.x | default: 'say \"hi\"' }}"
    assert render_template(text, {}).text == "there"
    assert render_template(text, {"customer": {"first_name": "Al"}}).text == "Al"
    bracket = insertion('customer["current city"]', "your city")
    assert render_template(bracket, {"customer": {"current city": "Oslo"}}).text == "Oslo"


def test_snippets_folder(tmp_path: Path) -> None:
    write(tmp_path / "snippets/footer.html", "<p>{{ customer.city | default: 'Earth' }}</p>")
    write(tmp_path / "snippets/main address.txt", "1 Main St")
    write(tmp_path / "snippets/greetings.json", json.dumps([{"g": "Hi"}, {"g": "Yo"}]))
    write(tmp_path / "snippets/broken.json", "{nope")
    snippets = load_snippets(tmp_path / "snippets")
    assert snippets.names() == ["footer", "greetings", "main address"]
    assert [i.rule for i in snippets.issues] == ["liquid/snippet"]
    assert snippets.issues[0].line == 1
    out = Renderer(snippets=snippets).render_template(
        '{{ snippets.footer }}|{{ snippets["main address"] }}|'
        "{% for x in snippets.greetings %}{{ x.g }}{% endfor %}",
        {},
    )
    assert out.text == "<p>Earth</p>|1 Main St|HiYo"
    missing = Renderer(snippets=snippets).render_template("{{ snippets.nope }}", {})
    assert missing.issues[0].message == "Variable 'snippets.nope' is missing"


# --- translations -------------------------------------------------------------------


def test_split_language() -> None:
    assert split_language(Path("welcome.fr.html")) == ("welcome", "fr")
    assert split_language(Path("welcome.pt-BR.html")) == ("welcome", "pt-br")
    assert split_language(Path("welcome.html")) == ("welcome", None)
    assert split_language(Path("release.v2.html")) == ("release.v2", None)


def test_grouping_keeps_lone_coded_files_as_emails(tmp_path: Path) -> None:
    files = [
        write(tmp_path / n, "x")
        for n in ("welcome.html", "welcome.fr.html", "welcome.de.html", "promo.es.html")
    ]
    groups = group_translations(files)
    assert [(g.default.name, sorted(g.variants)) for g in groups] == [
        ("promo.es.html", []),
        ("welcome.html", ["de", "fr"]),
    ]
    assert sorted(translations_of(files[1]).variants) == ["de", "fr"]
    assert translations_of(files[1]).default == files[0]


@pytest.mark.parametrize(
    ("language", "expect"),
    [
        ("fr", "fr"),
        ("FR", "fr"),
        ("fr-CA", "fr-ca"),
        ("fr-BE", "fr"),
        ("fr_ch", "fr"),
        ("de", None),
        ("en", None),
        ("en-GB", None),
        (None, None),
        ("", None),
    ],
)
def test_language_fallbacks(language: str | None, expect: str | None) -> None:
    variants = {"fr": 1, "fr-ca": 2, "es": 3}
    lang = None if language is None else language.strip().lower().replace("_", "-") or None
    assert choose(variants, lang, "en") == expect


def test_pick_reads_the_configured_attribute(tmp_path: Path) -> None:
    files = [write(tmp_path / n, "x") for n in ("w.html", "w.es.html")]
    group = group_translations(files)[0]
    settings = LocalizationSettings.from_settings(
        {"localization": {"attribute": "customer.locale", "default": "EN"}}
    )
    assert settings == LocalizationSettings("customer.locale", "en")
    assert pick(group, {"customer": {"locale": "es-MX"}}, settings) == files[1]
    assert pick(group, {"customer": {"language": "es"}}, settings) == files[0]
    assert pick(group, {}, settings) == files[0]


def test_file_for_is_the_translation_a_profile_gets(tmp_path: Path) -> None:
    """What ``mailwright render``, the test send and the studio's preview show."""
    default, fr = (write(tmp_path / n, "x") for n in ("r.html", "r.fr.html"))
    settings = LocalizationSettings()
    french = {"customer": {"language": "fr-CA"}}
    assert file_for(default, french, settings) == fr
    assert file_for(default, {"customer": {"language": "en"}}, settings) == default
    assert file_for(fr, {"customer": {"language": "en"}}, settings) == fr  # asked for by name
