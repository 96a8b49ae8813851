"""Email-client support data from caniemail.com, and what an email uses of it.

The data set is bundled under ``resources/caniemail/`` (see its README and
LICENSE). :func:`dataset` loads it once; :func:`features_used` lists the
caniemail features an email's HTML and CSS use, each with the first offset
where it appears; :func:`support` summarises one feature across clients
(latest tested version of each client/platform pair).

To refresh the bundled file from a newer ``caniemail.json`` (the caniemail.com
API file, shipped e.g. by the ``caniemail`` npm package)::

    python -m compiler.validators.caniemail path/to/caniemail.json "caniemail npm 2.0.2"
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from compiler.validators.document import Document

DATA_FILE = Path(__file__).resolve().parents[2] / "resources" / "caniemail" / "caniemail.json"

_PROP = re.compile(r"^-?[a-z]+(?:-[a-z]+)*$")
_TAG_IN_TITLE = re.compile(r"<([a-z][a-z0-9]*)")


@dataclass(frozen=True, slots=True)
class Support:
    """How one feature fares across the tested clients (latest test of each)."""

    slug: str
    title: str
    url: str
    supported: tuple[str, ...]  # "Gmail (Android)", fully supported
    partial: tuple[str, ...]
    unsupported: tuple[str, ...]

    @property
    def tested(self) -> int:
        return len(self.supported) + len(self.partial) + len(self.unsupported)

    @property
    def share(self) -> float:
        """Share of tested clients that support it fully or partially (0..1)."""
        return (len(self.supported) + len(self.partial)) / self.tested if self.tested else 1.0

    @property
    def full_share(self) -> float:
        return len(self.supported) / self.tested if self.tested else 1.0


def trim(raw: dict[str, Any], source: str) -> dict[str, Any]:
    """Keep what the checker needs from a caniemail.com API file."""
    features: dict[str, Any] = {}
    for f in raw.get("data", []):
        support: dict[str, str] = {}
        for family, platforms in (f.get("stats") or {}).items():
            for platform, versions in (platforms or {}).items():
                if versions:
                    support[f"{family}/{platform}"] = str(list(versions.values())[-1])
        features[f["slug"]] = {
            "title": f.get("title", ""),
            "url": f.get("url", ""),
            "category": f.get("category", ""),
            "keywords": f.get("keywords") or "",
            "support": support,
            "notes": f.get("notes_by_num") or {},
        }
    nice = raw.get("nicenames", {})
    return {
        "source": source,
        "api_version": raw.get("api_version", ""),
        "last_update_date": raw.get("last_update_date", ""),
        "families": nice.get("family", {}),
        "platforms": nice.get("platform", {}),
        "features": features,
    }


@cache
def dataset(path: Path = DATA_FILE) -> dict[str, Any]:
    """The bundled data (empty when the file is missing or unreadable)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {"features": {}, "families": {}, "platforms": {}}
    return data


def client_name(key: str, data: dict[str, Any] | None = None) -> str:
    data = data or dataset()
    family, _, platform = key.partition("/")
    fam = data.get("families", {}).get(family, family)
    plat = data.get("platforms", {}).get(platform, platform)
    return f"{fam} ({plat})"


@cache
def support(slug: str) -> Support | None:
    data = dataset()
    f = data.get("features", {}).get(slug)
    if f is None:
        return None
    yes: list[str] = []
    part: list[str] = []
    no: list[str] = []
    for key, value in f["support"].items():
        flag = value[:1]
        name = client_name(key, data)
        if flag == "y":
            yes.append(name)
        elif flag == "a":
            part.append(name)
        elif flag == "n":
            no.append(name)
    return Support(slug, f["title"], f["url"], tuple(yes), tuple(part), tuple(no))


def lookup(kind: str, name: str) -> Support | None:
    """Client support for an HTML tag (``kind="tag"``), attribute (``"attr"``) or CSS
    property (``"css"``) by name, e.g. ``lookup("css", "flex-direction")``; None when
    the data has no feature for it (or ``kind`` is none of those)."""
    index = _index()
    table = {"tag": index.tags, "attr": index.attrs, "css": index.props}.get(kind)
    if table is None:
        return None
    slug = table.get(name.strip().lower())
    return support(slug) if slug else None


@dataclass(frozen=True)
class _Index:
    tags: dict[str, str]
    attrs: dict[str, str]
    props: dict[str, str]


@cache
def _index() -> _Index:
    tags: dict[str, str] = {}
    attrs: dict[str, str] = {}
    props: dict[str, str] = {}
    for slug, f in dataset().get("features", {}).items():
        title: str = f["title"]
        cat = f["category"]
        if cat == "html":
            if "element" in title or title.startswith("<"):
                for t in _TAG_IN_TITLE.findall(title):
                    if t not in ("input", "button"):  # told apart by type below
                        tags.setdefault(t, slug)
                if slug == "html-h1-h6":
                    for i in range(1, 7):
                        tags.setdefault(f"h{i}", slug)
            elif slug == "html-semantics":
                for k in f["keywords"].split(","):
                    tags.setdefault(k.strip(), slug)
            elif "attribute" in title:
                for part in re.split(
                    r",| and |&", title.replace(" attributes", "").replace(" attribute", "")
                ):
                    name = part.strip()
                    if _PROP.match(name):
                        attrs.setdefault(name, slug)
        elif cat == "css" and not slug.startswith(
            ("css-at-", "css-pseudo", "css-selector", "css-unit", "css-function")
        ):
            base = slug.removeprefix("css-")
            names = [n.strip() for n in re.split(r",|&| and ", title)]
            names += [k.strip() for k in f["keywords"].split(",") if k.strip().startswith(base)]
            for raw_name in names:
                name = raw_name.removesuffix(" property").removesuffix(" CSS property").strip()
                if _PROP.match(name) and name not in ("display",):
                    props.setdefault(name, slug)
            if _PROP.match(base) and base in names:
                props[base] = slug
    props["display"] = "css-display"
    return _Index(tags, attrs, props)


_DECL = re.compile(r"(?<![\w-])(-?[a-zA-Z][\w-]*)\s*:\s*([^;{}]*)")
_AT_RULE = re.compile(r"@(media|font-face|import|keyframes|supports)\b([^{;]*)", re.I)
_PSEUDO = re.compile(
    r":(hover|active|focus|checked|focus-within|focus-visible|visited|target"
    r"|has|not|nth-child|nth-of-type|first-child|last-child)\b|::?(before|after)\b"
)
_FUNC = re.compile(
    r"\b(linear-gradient|radial-gradient|conic-gradient|calc|clamp|min|max|var"
    r"|light-dark|rgba|rgb)\(",
    re.I,
)
_UNIT = re.compile(r"\d(rem|vh|vw|vmin|vmax|ch|ex)\b")
_FUNC_SLUG = {
    "linear-gradient": "css-linear-gradient",
    "radial-gradient": "css-radial-gradient",
    "conic-gradient": "css-conic-gradient",
    "calc": "css-unit-calc",
    "clamp": "css-function-clamp",
    "min": "css-function-min",
    "max": "css-function-max",
    "var": "css-variables",
    "light-dark": "css-function-light-dark",
    "rgba": "css-rgba",
    "rgb": "css-rgb",
}
_MEDIA_FEATURE = {
    "prefers-color-scheme": "css-at-media-prefers-color-scheme",
    "prefers-reduced-motion": "css-at-media-prefers-reduced-motion",
    "orientation": "css-at-media-orientation",
    "hover": "css-at-media-hover",
    "device-pixel-ratio": "css-at-media-device-pixel-ratio",
}


def _css_features(css: str, base: int, found: dict[str, int]) -> None:
    features = dataset().get("features", {})
    props = _index().props

    def add(slug: str, offset: int) -> None:
        if slug in features and slug not in found:
            found[slug] = offset

    for m in _AT_RULE.finditer(css):
        kind = m.group(1).lower()
        add(f"css-at-{kind}", base + m.start())
        if kind == "media":
            for feat, slug in _MEDIA_FEATURE.items():
                if feat in m.group(2):
                    add(slug, base + m.start())
    for m in _DECL.finditer(css):
        name = m.group(1).lower()
        value = m.group(2).strip().lower()
        if name.startswith("--"):
            add("css-variables", base + m.start())
            continue
        prop_slug = props.get(name)
        if prop_slug:
            add(prop_slug, base + m.start())
        if name == "display":
            v = value.replace("!important", "").strip()
            if v in ("flex", "inline-flex"):
                add("css-display-flex", base + m.start())
            elif v in ("grid", "inline-grid"):
                add("css-display-grid", base + m.start())
            elif v == "none":
                add("css-display-none", base + m.start())
        if "!important" in value:
            add("css-important", base + m.start())
    for m in _FUNC.finditer(css):
        add(_FUNC_SLUG[m.group(1).lower()], base + m.start())
    for m in _UNIT.finditer(css):
        add(f"css-unit-{m.group(1)}", base + m.start())
    for m in _PSEUDO.finditer(css):
        if m.group(1):
            add(f"css-pseudo-class-{m.group(1)}", base + m.start())
        else:
            add(f"css-pseudo-element-{m.group(2)}", base + m.start())


def features_used(doc: Document) -> dict[str, int]:
    """caniemail feature slug → offset of its first use in the output."""
    index = _index()
    features = dataset().get("features", {})
    found: dict[str, int] = {}

    def add(slug: str | None, offset: int) -> None:
        if slug and slug in features and slug not in found:
            found[slug] = offset

    if doc.html.lstrip()[:15].lower().startswith("<!doctype html"):
        add("html-doctype", doc.html.find("<"))
    for el in doc.elements:
        if el.mso:
            continue
        add(index.tags.get(el.tag), el.at)
        for name, value in el.attrs.items():
            add(index.attrs.get(name), el.at)
            if name == "style" and value:
                _css_features(value, el.at, found)
        if el.tag == "a":
            href = el.get("href").strip().lower()
            if href.startswith("mailto:"):
                add("html-mailto-links", el.at)
            elif href.startswith("#") and len(href) > 1:
                add("html-anchor-links", el.at)
        elif el.tag in ("input", "button"):
            add(f"html-{el.tag}-{el.get('type', 'text').lower()}", el.at)
        elif el.tag == "meta" and el.get("name").lower() == "color-scheme":
            add("html-meta-color-scheme", el.at)
        elif el.tag in ("map", "area"):
            add("html-image-maps", el.at)
        elif el.tag == "svg":
            add("html-svg", el.at)
        if "srcset" in el.attrs:
            add("html-srcset", el.at)
        if any(a.startswith("aria-") for a in el.attrs):
            for a in el.attrs:
                add(index.attrs.get(a), el.at)
    for offset, css in doc.styles:
        _css_features(css, offset, found)
    return found


def iter_support(doc: Document) -> Iterator[tuple[Support, int]]:
    for slug, offset in features_used(doc).items():
        s = support(slug)
        if s is not None:
            yield s, offset


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    raw = json.loads(Path(argv[0]).read_text("utf-8"))
    DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
    DATA_FILE.write_text(
        json.dumps(trim(raw, argv[1]), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        + "\n",
        "utf-8",
    )
    print(f"wrote {DATA_FILE}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
