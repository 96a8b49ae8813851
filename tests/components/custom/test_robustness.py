"""Broken custom components get clear answers: a seeded fuzzer over workspaces on disk.

Each case writes a workspace in a temporary folder whose components have broken
scripts, templates, styles and configs, legacy Parcel syntax, bad tag names,
recursion (a component using itself, directly or through another) and abused
slots, and compiles emails using them with the default transformers and with
every one. The checks are those of ``tests/compiler/test_robustness.py``: no
exception, no hang, no ``internal/*`` issue, every issue located inside its file,
every Liquid token of the email kept in order.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from compiler import compile_email, load_project
from compiler.pipeline import CompileOptions
from compiler.project import Project
from compiler.result import CompileResult
from tests.compiler.test_robustness import (
    DEFAULT,
    EVERY_TRANSFORMER,
    FILE,
    Problem,
    check,
    report,
)

CASES = int(os.environ.get("MAILWRIGHT_FUZZ_CASES", "300")) // 6
SEED = int(os.environ.get("MAILWRIGHT_FUZZ_SEED", "20240611"))

SCRIPTS = (
    "export const props = Component.defineProps(['title', 'n']);",
    "export const props = Component.defineProps({title: Component.props.string(), "
    "n: Component.props.number().default(2)});",
    "const x = ;",  # syntax error
    "throw new Error('boom');",
    "while (true) {}",
    "const a = []; while (true) a.push(new Array(100000).fill(1));",
    "const s = 'x'.repeat(2**29);",
    "import x from 'y';",
    "export const props = Component.defineProps({n: Component.props.nope()});",
    "export const props = Component.defineProps(5);",
    "export const config = {presets: [{label: 'P', content: '<other-tag></other-tag>'}]};",
    "export const config = {allowedParents: 7, componentType: 'root'};",
    "export const config = null;",
    "Component.defineSlots({default: Component.slots.text(), x: Component.slots.children("
    "['x-paragraph']).min(2).max(1)});",
    "Component.defineSlots(null);",
    "Component.context.set('k', () => 1);",
    "Component.context.set({a: {b: {c: BigInt(1)}}});",
    "module.exports = {};",
    "\x00",
    "const t = '\\ud800';",
    "export const props = Component.defineProps(['a']); export const a = props.a.b.c;",
    "function f() { return f(); } f();",
    "",
)
TEMPLATES = (
    "<div>${title}</div>",
    "<div>${ (() => { throw new Error('t') })() }</div>",
    "<div>${ (() => { while (true) {} })() }</div>",
    "<div>${ 'x'.repeat(2**29) }</div>",
    "<div>${ unclosed </div>",
    "<div>${ BigInt(1) }</div>",
    "<div>${ '\\ud800' }</div>",
    '<p #if="n > 1">a</p><p #else-if="(">b</p><p #else>c</p>',
    "<p #else>dangling</p>",
    '<li #each="x in n">${x}</li>',
    '<li #each="x in Infinity">${x}</li>',
    '<li #each="(a, b, c, d) of 5">${a}</li>',
    '<li #each="x in 1e7">${x}</li>',
    '<li #each="x in NaN">${x}</li>',
    "<div :style=\"{color: 'red'\">x</div>",
    '<div #set="5" #text="x" :html="\'<b>\'">x</div>',
    '<slot></slot><slot name="x">fallback</slot><slot name=""></slot>',
    '<fragment #is="mj-section">x</fragment>',
    '<div #is="script">alert(1)</div>',
    '<div #is="SELF">self by #is</div>',
    "<SELF></SELF>",
    '<OTHER n="1"><SELF></SELF></OTHER>',
    '<x-paragraph :font-size="n">{{ liquid }}</x-paragraph>',
    '<div ${x}="1">{% if a %}${title}{% endif %}</div>',
    "<div",
    "<!-- never closed",
    "",
)
STYLES = (
    "",
    "<style>.a { color: red }</style>",
    "<style>.a { color: set(nope.x) }</style>",
    "<style>.a { color: set( }</style>",
    "<style>@media {</style>",
    '<style #if="(">x</style>',
    '<style #isolated="">.b{}</style>',
    "<style>",
    "<title>${title}</title>",
    '<meta name="x" #if="n">',
    '<link href="${title}">',
)
LEGACY = (
    "<component><div>old</div></component>",
    '<fieldset><input name="title"></fieldset>',
    "<div>stray top level</div>",
    "stray text",
    "<script>one</script>",
    "<template>two</template>",
)
TAGS = (
    "promo-card",
    "self-ref",
    "other-ref",
    "x-nope",
    "div",
    "Bad-Name",
    "a--b",
    "slot",
    "font-face-x",
    "-lead",
    "9nine",
    "a" * 120,
    "émoji",
    "with space",
)


class WorkspaceGenerator:
    """Random component workspaces (files on disk) and emails that use them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def component(self, tag: str, other: str) -> str:
        rng = self.rng
        template = rng.choice(TEMPLATES).replace("SELF", tag).replace("OTHER", other)
        parts = [
            f"<script>\n{rng.choice(SCRIPTS)}\n</script>",
            f"<template>\n{template}\n</template>",
            rng.choice(STYLES),
        ]
        if rng.random() < 0.2:
            parts.append(rng.choice(LEGACY))
        if rng.random() < 0.1:
            parts.remove(rng.choice(parts[:2]))  # no script or no template
        rng.shuffle(parts)
        return "\n".join(parts)

    def workspace(self, root: Path) -> tuple[list[str], dict[str, str]]:
        """Write a workspace; the tags it defines and the component files' text."""
        rng = self.rng
        (root / "components").mkdir(parents=True)
        (root / "mailwright.toml").write_text('name = "fuzz"\n', encoding="utf-8")
        tags = ["self-ref", "other-ref", *rng.sample(TAGS, 3)]
        files: dict[str, str] = {}
        for tag in dict.fromkeys(tags):
            other = "self-ref" if tag == "other-ref" else "other-ref"
            text = self.component(tag, other)
            name = f"components/{tag}{rng.choice(['.html', '.html', '.mjml'])}"
            try:
                (root / name).write_text(text, encoding="utf-8")
            except OSError:  # a name the file system refuses is not a case
                continue
            files[name] = text
        return tags, files

    def email(self, tags: list[str]) -> str:
        rng = self.rng
        uses = []
        for _ in range(rng.randint(1, 4)):
            tag = rng.choice(tags)
            attrs = rng.choice(
                [
                    "",
                    ' title="{{ t }}"',
                    ' :n="3"',
                    ' :n="(()=>{throw 1})()"',
                    ' :title="1 +"',
                    ' n="x"',
                    ' #slot="x"',
                ]
            )
            content = rng.choice(
                [
                    "",
                    "{{ inner }}",
                    "<b>bold</b>",
                    "<x-paragraph>p</x-paragraph>",
                    '<fragment #slot="x">x</fragment>',
                    '<fragment #slot="nope">n</fragment>',
                    f"<{tag}></{tag}>",
                    "{% if a %}yes{% endif %}",
                ]
            )
            uses.append(f"<{tag}{attrs}>{content}</{tag}>")
        return "<x-base>\n{{ before }}\n" + "\n".join(uses) + "\n{{ after }}\n</x-base>\n"


def compile_in(project: Project) -> object:
    def run(source: str, options: CompileOptions) -> CompileResult:
        return compile_email(source, file=FILE, project=project, options=options)

    return run


@pytest.mark.parametrize("options", [DEFAULT, EVERY_TRANSFORMER], ids=["default", "all"])
def test_broken_component_workspaces_get_clear_answers(
    tmp_path: Path, options: CompileOptions
) -> None:
    gen = WorkspaceGenerator(random.Random(SEED))
    problems: list[Problem] = []
    for n in range(CASES):
        root = tmp_path / f"ws{n}"
        tags, files = gen.workspace(root)
        try:
            project = load_project(root)
        except BaseException as exc:  # loading must never raise for component files
            problems.append(
                Problem("load_project raised", str(files)[:300], f"{type(exc).__name__}: {exc}")
            )
            continue
        for _ in range(3):
            problems += check(
                gen.email(tags),
                options,
                compile_in(project),  # type: ignore[arg-type]
                files=files,
            )
    assert not problems, report(problems)


# --- regressions ---------------------------------------------------------------------


def _workspace(tmp_path: Path, components: dict[str, str]) -> Project:
    (tmp_path / "components").mkdir()
    for name, text in components.items():
        (tmp_path / "components" / f"{name}.html").write_text(text, encoding="utf-8")
    return load_project(tmp_path)


def test_component_using_itself_is_an_error_not_a_hang(tmp_path: Path) -> None:
    project = _workspace(
        tmp_path,
        {
            "loop-a": "<script></script><template><div><loop-b></loop-b></div></template>",
            "loop-b": "<script></script><template><loop-a></loop-a></template>",
            "self-is": '<script></script><template><div #is="self-is">x</div></template>',
        },
    )
    for tag in ("loop-a", "self-is"):
        source = f"<x-base>{{{{ a }}}}<{tag}></{tag}>{{{{ b }}}}</x-base>"
        result = compile_email(source, file=FILE, project=project)
        assert any(i.rule == "components/recursion" and i.is_error for i in result.issues)
        assert not [i for i in result.issues if i.rule.startswith("internal/")]
        assert result.html.index("{{ a }}") < result.html.index("{{ b }}")


@pytest.mark.parametrize(
    ("script", "words"),
    [
        ("const s = '\x00';", "NUL"),  # ValueError: embedded null character
        ("export const v = BigInt(1);", "cannot be used outside JavaScript"),  # Unknown tag 7
        ("export const v = '\\ud800';", "unpaired surrogate"),  # UnicodeDecodeError
    ],
)
def test_script_values_quickjs_cannot_hand_over_are_located(
    tmp_path: Path, script: str, words: str
) -> None:
    project = _workspace(
        tmp_path,
        {"odd-value": f"<script>\n{script}\n</script>\n<template><p>${{v}}</p></template>"},
    )
    result = compile_email("<x-base>\n<odd-value></odd-value></x-base>", file=FILE, project=project)
    found = [
        i
        for i in result.issues + (project.components.issues if project.components else [])
        if words in i.message
    ]
    assert found and found[0].file == "components/odd-value.html" and found[0].line >= 1
    assert not [i for i in result.issues if i.rule.startswith("internal/")]


@pytest.mark.parametrize(
    ("each", "renders"),
    [
        ("Infinity", False),  # int(inf): OverflowError
        ("NaN", False),  # int(nan): ValueError
        ("1e7", False),  # ten million scopes: a hang
        ("3", True),
    ],
)
def test_each_over_endless_or_huge_counts_is_a_located_error(
    tmp_path: Path, each: str, renders: bool
) -> None:
    project = _workspace(
        tmp_path,
        {
            "many-items": f'<script></script>\n<template>\n<li #each="x in {each}">${{x}}</li>'
            "</template>"
        },
    )
    result = compile_email("<x-base><many-items></many-items></x-base>", file=FILE, project=project)
    assert not [i for i in result.issues if i.rule.startswith("internal/")]
    directive = [i for i in result.issues if i.rule == "components/directive"]
    if renders:
        assert not directive and result.html.count("<li>") == 3
    else:
        assert [(i.file, i.line, i.column) for i in directive] == [
            ("components/many-items.html", 3, 5)
        ]
        assert "more than 10000" in directive[0].message


def test_liquid_in_a_use_that_cannot_render_is_kept(tmp_path: Path) -> None:
    project = _workspace(
        tmp_path,
        {
            "broken-one": "<script>\nconst x = ;\n</script><template><div></div></template>",
            "no-slot": "<script>export const props = Component.defineProps(['t']);</script>"
            "<template><p>fixed</p></template>",
        },
    )
    source = (
        '<x-base>{{ a }}<broken-one title="{{ t }}">{% if b %}x</broken-one>'
        '<no-slot t="{{ u }}">{% endif %}</no-slot>{{ c }}</x-base>'
    )
    result = compile_email(source, file=FILE, project=project)
    tokens = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", result.html)
    assert tokens == ["{{ a }}", "{{ t }}", "{% if b %}", "{{ u }}", "{% endif %}", "{{ c }}"]
    unrendered = [i for i in result.issues if i.rule == "components/liquid-unrendered"]
    assert [(i.line, i.column) for i in unrendered] == [(1, 68)]  # at <no-slot>
