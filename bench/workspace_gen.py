"""A generated large workspace for the scale benches (issue 15, goal 5).

``generate(root, emails=500, components=100)`` writes a workspace of ``components``
custom components (``components/<group>/nw-block-<n>.html``: props, a slot, a scoped
style) and ``emails`` emails in 20 campaign folders. Each email is the body of the
32-block marketing email (``bench/emails/marketing-32.html``, standard components and
Liquid) with four custom components mixed in; ``nw-promo-banner`` is used by the
first 300 emails (the rename bench's subject). Deterministic: the same arguments give
the same bytes.
"""
# ruff: noqa: E501  (component source reads better unwrapped)

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_EMAIL = ROOT / "bench" / "emails" / "marketing-32.html"
#: the component used in 300 emails
PROMO = "nw-promo-banner"

_COMPONENT = """<!-- Generated for the workspace scale bench. -->
<script>
export const config = {{ label: "Block {n}", section: "Blocks {group}" }};

export const props = Component.defineProps({{
  title: {{ label: 'Title', schema: Component.props.string().default('Block {n}') }},
  href: {{ label: 'Link', type: 'url', schema: Component.props.string().default('https://northwind.example/b/{n}') }},
}});

export const slots = Component.defineSlots({{
  default: {{ schema: Component.slots.text(), marks: ['bold', 'italic'] }},
}});
</script>

<template>
  <x-section width="600" padding="16px 24px" background="#ffffff">
    <x-heading-3 text-align="left" font-size="18">${{title}}</x-heading-3>
    <x-paragraph font-size="15"><slot>Block {n} text</slot></x-paragraph>
    <x-cta :href="href" background="#23412f" color="#ffffff" border-radius="4px" padding="8px 16px" font-size="14">Read more</x-cta>
  </x-section>
</template>

<style>
  .nw-block-{n} a {{ color: #23412f; }}
</style>
"""


def component_tags(count: int) -> list[str]:
    return [PROMO, *(f"nw-block-{n}" for n in range(1, count))]


def _component_path(tag: str, i: int) -> str:
    return f"components/group-{i % 10}/{tag}.html"


def generate(root: Path, emails: int = 500, components: int = 100) -> Path:
    """Write the workspace at ``root`` (created); returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mailwright.toml").write_text('name = "Northwind scale bench"\n', encoding="utf-8")
    tags = component_tags(components)
    for i, tag in enumerate(tags):
        path = root / _component_path(tag, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_COMPONENT.format(n=i, group=i % 10), encoding="utf-8")
    source = BENCH_EMAIL.read_text(encoding="utf-8")
    m = re.search(r"(<x-base[^>]*>)(.*)(</x-base>)", source, re.S)
    assert m, "the bench email has no x-base"
    head, body, tail = source[: m.start(2)], m.group(2), source[m.end(2) :]
    sections = re.split(r"(?=\n  <x-section)", body)
    for e in range(emails):
        used = [tags[1 + (e * 7 + k * 13) % (len(tags) - 1)] for k in range(3)]
        if e < 300:
            used.insert(0, PROMO)
        inserts = [
            f'\n  <{t} title="{t} for {{{{ customer.first_name }}}}">Picked for email {e}</{t}>\n'
            for t in used
        ]
        parts: list[str] = []
        for k, section in enumerate(sections):
            parts.append(section)
            if k in (2, 4, 6, 8) and inserts:
                parts.append(inserts.pop(0))
        parts.extend(inserts)
        text = head.replace("New arrivals", f"Campaign {e}", 1) + "".join(parts) + tail
        path = root / "emails" / f"campaign-{e % 20:02d}" / f"email-{e:03d}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":
    import sys

    print(generate(Path(sys.argv[1])))
