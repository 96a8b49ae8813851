"""Whether a compile that lets its source tree go gives what one that keeps it gives.

    python bench/keep_same.py [--seed N] [--generated N]

A build's compile parses the front matter blanked without a copy of the source and lets
the tree go while the page is written (x-base's children taken out as they are
expanded), and checks an MJML source on a skimmed tree (``parse(skim=True)``: attribute
lists read, not kept), parsing it again whole where something in it expands;
``CompileOptions(keep_document=True)``, the studio's, does none of it. Both are run on
the shared corpus (``MAILWRIGHT_CORPUS``), the bench, demo (with its custom components)
and fixture emails, generated x-base emails (standard components, plain elements,
conditionals, Liquid in attributes, text and x-base's own attributes, with and without
front matter) and generated MJML emails (MJML and plain elements, standard and custom
components, directives, ``<head>``, ``<html>``; duplicate, malformed and Liquid-holding
attributes; some cut off; half with the demo's custom components); every seventh input
also with every transformer. Compares
the page, the plain text and the issues (rule, line, column, message); prints how many
differ and the first one; exits 1 when any does.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler import compile_email, load_project  # noqa: E402
from compiler.pipeline import CompileOptions, TransformerOverrides  # noqa: E402

_PIECES = (
    "<x-section{a}>{c}</x-section>",
    "<x-paragraph{a}>{t}</x-paragraph>",
    "<x-heading{a}>{t}</x-heading>",
    '<x-button href="https://x.example/{{{{ id }}}}"{a}>{t}</x-button>',
    "<x-row><x-column{a}>{c}</x-column><x-column>{c}</x-column></x-row>",
    '<x-image src="a.png" alt="{t}"{a}></x-image>',
    "<x-spacer{a}>{t}</x-spacer>",
    "<p{a}>{t}</p>",
    "<!--[if mso]><td>{t}</td><![endif]-->",
    "{{% if a %}}<x-divider{a}></x-divider>{{% endif %}}",
    "<title>{t}</title>",
    "<x-bogus{a}>{t}</x-bogus>",
)
_ATTRS = (
    "",
    ' hide-on="{{ d }}"',
    ' align="{{ al }}"',
    ' class="c"',
    ' padding="4px"',
    ' #if="x"',
    " :style=\"{ color: 'red' }\"",
    ' title="{{ t }}"',
)
_WORDS = ("Hi {{ name }}", "text", "{% raw %}{{ x }}{% endraw %}", "&amp; “quoted”", "{{ d }}", "")
_BASE = (
    "",
    ' title="T"',
    ' hide-on="{{ d }}"',
    ' preheader="{{ p }}"',
    ' background="#fff"',
    ' {% if x %}lang="fr"{% endif %}',
)


def generated(rng: random.Random, count: int) -> list[tuple[str, str]]:
    def nodes(depth: int) -> str:
        out = []
        for _ in range(rng.randrange(1, 4)):
            inner = nodes(depth + 1) if depth < 3 else rng.choice(_WORDS)
            out.append(
                rng.choice(_PIECES).format(a=rng.choice(_ATTRS), c=inner, t=rng.choice(_WORDS))
            )
        return "\n".join(out)

    made = []
    for i in range(count):
        front = rng.choice(("", "---\nsubject: S {{ n }}\npreheader: P\n---\n"))
        made.append(
            (f"generated-{i}.html", f"{front}<x-base{rng.choice(_BASE)}>\n{nodes(0)}\n</x-base>\n")
        )
    return made


_MJML_PIECES = (
    "<mj-section{a}><mj-column{a}>{c}</mj-column></mj-section>",
    "<mj-text{a}>{t}</mj-text>",
    '<mj-image src="a.png"{a} />',
    "<mj-divider{a}/>",
    '<mj-button href="https://x.example/{{{{ id }}}}"{a}>{t}</mj-button>',
    "<mj-raw><p{a}>{t}</p></mj-raw>",
    '<mj-text><a href="{{{{ u }}}}"{a}>{t}</a><span{a}>{t}</span></mj-text>',
    "<mj-text><x-paragraph{a}>{t}</x-paragraph></mj-text>",
    '<mj-raw><fernway-nav-link href="https://x.example"{a}>{t}</fernway-nav-link></mj-raw>',
    "<mj-raw><head><title>{t}</title></head></mj-raw>",
    "<mj-raw><html{a}>{t}</html></mj-raw>",
    "<mj-raw><!--[if mso]><td{a}>{t}</td><![endif]--></mj-raw>",
    "{{% if a %}}<mj-spacer{a} />{{% endif %}}",
    "<mj-text><div{a}>${{x}} {t}</div></mj-text>",
)
_MJML_ATTRS = (
    "",
    ' padding="4px"',
    ' align="left" Align="right"',
    " css-class=\"{{ c }}\" title='{{ t }}'",
    " width=100 hidden",
    ' #if="x"',
    ' :style="s"',
    ' {% if x %}lang="fr"{% endif %}',
    ' src="a.png border="0"',
    ' data-x="{" b = "c" ',
    " amp4email",
    ' \n\tclass="x"',
    " style=\"color: {{ c | default: 'red' }}\"",
)


def generated_mjml(rng: random.Random, count: int) -> list[tuple[str, str]]:
    def nodes(depth: int) -> str:
        out = []
        for _ in range(rng.randrange(1, 4)):
            inner = nodes(depth + 1) if depth < 2 else rng.choice(_WORDS)
            piece = rng.choice(_MJML_PIECES)
            out.append(piece.format(a=rng.choice(_MJML_ATTRS), c=inner, t=rng.choice(_WORDS)))
        return "\n".join(out)

    made = []
    for i in range(count):
        front = rng.choice(("", "---\nsubject: S {{ n }}\npreheader: P\n---\n"))
        body = f"<mj-body{rng.choice(_MJML_ATTRS)}>\n{nodes(0)}\n</mj-body>"
        text = f"{front}<mjml>{body}</mjml>\n"
        if i % 10 == 9:  # cut off
            text = text[: rng.randrange(len(text))]
        made.append((f"generated-{'custom-' if i % 2 else ''}{i}.mjml", text))
    return made


def inputs(rng: random.Random, count: int) -> list[tuple[str, str]]:
    from tests.conftest import corpus_files

    paths = list(corpus_files())
    for pattern in (
        "bench/emails/*",
        "resources/**/*.html",
        "resources/**/*.mjml",
        "tests/**/fixtures/**/*.html",
    ):
        paths += [p for p in sorted(ROOT.glob(pattern)) if p.is_file()]
    read = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    return read + generated(rng, count) + generated_mjml(rng, count // 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--generated", type=int, default=1500)
    args = parser.parse_args()
    demo_root = ROOT / "resources" / "demo"
    demo = load_project(demo_root)
    every = TransformerOverrides(enable=("all",))
    runs = (
        (CompileOptions(), CompileOptions(keep_document=True)),
        (
            CompileOptions(transformers=every),
            CompileOptions(transformers=every, keep_document=True),
        ),
    )
    texts = inputs(random.Random(args.seed), args.generated)
    differ: list[str] = []
    for n, (file, text) in enumerate(texts):
        custom = file.startswith((str(demo_root), "generated-custom-"))
        project = demo if custom else None
        for built_with, kept_with in runs[: 2 if n % 7 == 0 else 1]:
            built = compile_email(text, file=file, project=project, options=built_with)
            kept = compile_email(text, file=file, project=project, options=kept_with)
            if (
                built.html,
                built.text,
                [(i.rule, i.line, i.column, i.message) for i in built.issues],
            ) != (
                kept.html,
                kept.text,
                [(i.rule, i.line, i.column, i.message) for i in kept.issues],
            ):
                differ.append(file if not file.startswith("generated") else text)
    print(
        f"{len(texts)} inputs, {len(differ)} differ"
        + (f"; the first: {differ[0][:300]!r}" if differ else "")
    )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
