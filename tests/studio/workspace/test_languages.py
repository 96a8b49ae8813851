""" "Add language" (issue 12, languages in the studio): the copy, its mark, its checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler import compile_file, load_project
from compiler.liquid import read_profile, render
from compiler.liquid.localization import LocalizationSettings, file_for
from compiler.validators import check_email
from studio.workspace import Workspace, WorkspaceError
from studio.workspace.languages import is_marked, translation_copy
from tests.conftest import DEMO

RECEIPT = "emails/transactional/receipt.html"


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    shutil.copytree(DEMO, tmp_path / "demo")
    return Workspace.open(tmp_path / "demo")


def test_the_copy_differs_only_by_its_language_and_its_note() -> None:
    source = (
        '---\nsubject: Hi {{ a }}\n---\n<x-base title="T" lang="en" dir="ltr">\n'
        "  <x-paragraph>Hello {{ customer.first_name }}</x-paragraph>\n</x-base>\n"
    )
    copy = translation_copy(source, "de", "welcome.html")
    assert is_marked(copy) and not is_marked(source)
    assert '<x-base title="T" lang="de" dir="ltr">' in copy
    note_start = copy.index("{% comment %}")
    note_end = copy.index("{% endcomment %}") + len("{% endcomment %}")
    assert "Translate to de: a copy of welcome.html" in copy[note_start:note_end]
    rest = (copy[:note_start] + copy[note_end:]).replace('lang="de"', 'lang="en"')
    assert rest.replace("\n  \n", "\n") == source  # the rest byte for byte, Liquid too
    # no lang yet: it is added; no x-base: the note opens the body
    assert '<x-base lang="fr" title="T">' in translation_copy(
        '<x-base title="T"></x-base>', "fr", "w.html"
    )
    assert translation_copy("<p>x</p>", "fr", "w.html").endswith("\n<p>x</p>")


def test_add_language_writes_a_translation_that_checks_clean(demo: Workspace) -> None:
    rel = demo.add_language(RECEIPT, "de")
    assert rel == "emails/transactional/receipt.de.html"
    project = load_project(demo.root)
    result = compile_file(demo.path(rel), project=project)
    checked = check_email(result, project=project)
    assert [i for i in checked if i.is_error] == []
    # still to translate: said (mailwright check and the studio's Problems), at the note
    marked = [i for i in checked if i.rule == "problems/untranslated"]
    assert [(i.severity.value, i.line, i.column) for i in marked] == [("warning", 7, 3)]
    assert "still marked as to translate to de" in marked[0].message
    # the note never reaches an inbox
    profile = read_profile(demo.root / "data" / "profiles" / "maya.json")
    rendered = render(result, profile, project=project)
    assert "Translate to" not in rendered.html and 'lang="de"' in rendered.html
    # a German profile now gets it, as mailwright render would
    german = {**profile, "customer": {**profile["customer"], "language": "de"}}
    settings = LocalizationSettings.from_settings(project.settings)
    assert file_for(demo.path(RECEIPT), german, settings) == demo.path(rel)


def test_add_language_refuses_what_it_cannot_do(demo: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="already exists"):
        demo.add_language(RECEIPT, "FR")  # receipt.fr.html is there
    with pytest.raises(WorkspaceError, match="not a language code"):
        demo.add_language(RECEIPT, "French!")
    with pytest.raises(WorkspaceError, match="en is the language of the default message"):
        demo.add_language(RECEIPT, "EN")
    with pytest.raises(WorkspaceError, match="only an email"):
        demo.add_language("components/fernway-footer.html", "de")
    # from a translation, the new one is the default message's (not receipt.fr.es.html)
    assert (
        demo.add_language("emails/transactional/receipt.fr.html", "es-MX")
        == "emails/transactional/receipt.es-mx.html"
    )
    es = demo.path("emails/transactional/receipt.es-mx.html").read_text("utf-8")
    assert "a copy of receipt.html" in es and "Thanks," in es
