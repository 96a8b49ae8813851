"""Component tag names: derived from the file name, checked against every rule.

The rules are those of Design Studio's custom components: custom-element rules plus
a length limit, reserved prefixes and names.
Each failure names the rule it breaks.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from components.expand.html import HTML_ELEMENTS

MAX_LENGTH = 100

WEB_COMPONENT_RESERVED = frozenset(
    {
        "annotation-xml",
        "color-profile",
        "font-face",
        "font-face-src",
        "font-face-uri",
        "font-face-format",
        "font-face-name",
        "missing-glyph",
    }
)
DESIGN_STUDIO_RESERVED = frozenset(
    {
        "context",
        "fetch",
        "slot",
        "fragment",
        "microlink",
        "template",
        "gretchen",
        "component",
        "email",
        "scrape",
    }
)
#: HTML element names a component may not take (HTML_ELEMENTS without our own extras).
HTML_NAMES = HTML_ELEMENTS - {"fragment"}

_ALLOWED_RE = re.compile(r"[a-z0-9-]*")


def tag_from_path(path: str | PurePath) -> str:
    """The tag a component file defines: its file name without suffix, spaces removed."""
    stem = PurePath(path).stem
    return stem.replace(" ", "")


def tag_problems(tag: str) -> list[str]:
    """Every tag-name rule ``tag`` breaks, each as a message naming the rule ([] = valid)."""
    out: list[str] = []
    if not tag:
        return ["tag name rule 'length': the name is empty"]
    if len(tag) > MAX_LENGTH:
        out.append(f"tag name rule 'maximum 100 characters': {tag!r} has {len(tag)}")
    if tag != tag.lower():
        out.append(f"tag name rule 'no uppercase letters': {tag!r} has uppercase letters")
    if not _ALLOWED_RE.fullmatch(tag.lower()):
        bad = "".join(sorted({c for c in tag.lower() if not re.match(r"[a-z0-9-]", c)}))
        out.append(
            f"tag name rule 'only lowercase letters, digits and hyphens [a-z0-9-]': "
            f"{tag!r} contains {bad!r}"
        )
    first = tag[0]
    if first == "-":
        out.append(f"tag name rule 'must not start with a hyphen': {tag!r}")
    elif first.isdigit():
        out.append(f"tag name rule 'must not start with a digit': {tag!r}")
    elif not ("a" <= first.lower() <= "z"):
        out.append(f"tag name rule 'must start with a lowercase ASCII letter (a-z)': {tag!r}")
    if tag.endswith("-"):
        out.append(f"tag name rule 'must not end with a hyphen': {tag!r}")
    if "--" in tag:
        out.append(f"tag name rule 'no consecutive hyphens': {tag!r}")
    low = tag.lower()
    if low.startswith("x-"):
        out.append(
            f"tag name rule 'must not start with x- (reserved for standard components)': {tag!r}"
        )
    if low in HTML_NAMES:
        out.append(f"tag name rule 'must not be an HTML element name': <{low}> is HTML")
    if low in WEB_COMPONENT_RESERVED:
        out.append(f"tag name rule 'must not be a reserved Web Components name': {low!r}")
    if low in DESIGN_STUDIO_RESERVED:
        out.append(f"tag name rule 'must not be a reserved Design Studio name': {low!r}")
    return out


def pascal_name(tag: str) -> str:
    """``custom-button`` → ``CustomButton``: how ``#set:is`` may name a component."""
    return "".join(part[:1].upper() + part[1:] for part in tag.split("-") if part)
