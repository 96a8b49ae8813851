"""CSS generation: collect rules while expanding an email, render the ``<style>`` blocks.

A :class:`CssBuilder` takes two kinds of input:

* **rules** — ``add(selector, declarations, variant)`` where the variant is
  ``base`` (small + light), ``dark``, ``medium`` (>600px) or ``medium_dark``;
  ``add_value`` does the same from a plain or dynamic value;
* **raw blocks** — the text of a component ``<style>``, with its ``group``
  (``#isolated="grp"``), ``media`` and ``isolated`` attributes.

:meth:`CssBuilder.render` returns the blocks in order:

1. the **main block**: base rules and plain raw blocks in the order they were
   added, then ``@media (min-width: 600px)`` for medium rules, then
   ``@media (prefers-color-scheme: dark)`` for dark rules, then both queries for
   medium + dark rules; then Outlook.com's forced-dark overrides
   ``[data-ogsc] <selector>`` (text and border colours, everything that is not
   a background) and ``[data-ogsb] <selector>`` (backgrounds). Every variant
   declaration carries ``!important`` so it beats inline base styles;
2. isolated groups and ``media=`` blocks, each separate, in order of first use
   (blocks are merged only when group and media both match);
3. the Thunderbird blocks (group ``thunderbird``): Thunderbird ignores
   ``@media`` inside a style sheet but honours ``<style media="…">``, so the
   medium / dark / medium + dark rules are repeated there, each selector
   prefixed with ``.moz-text-html`` (the class Thunderbird puts on the message).

Identical rules and identical raw blocks are emitted once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Literal, TypeAlias

from styles.brackets import split_top
from styles.dynamic import Variants, variants
from styles.model import COMPONENT_PROPS, GlobalStyles, Leaf, format_number

Variant = Literal["base", "dark", "medium", "medium_dark"]
VARIANTS: tuple[Variant, ...] = ("base", "medium", "dark", "medium_dark")
Declarations: TypeAlias = Mapping[str, str] | Iterable[tuple[str, str]]

BREAKPOINT = 600
DARK_MEDIA = "(prefers-color-scheme: dark)"
THUNDERBIRD_GROUP = "thunderbird"
THUNDERBIRD_PREFIX = ".moz-text-html"
OUTLOOK_TEXT = "[data-ogsc]"
OUTLOOK_BACKGROUND = "[data-ogsb]"

#: Properties that take a bare number without a unit.
UNITLESS = frozenset(
    {
        "line-height",
        "font-weight",
        "opacity",
        "z-index",
        "flex",
        "flex-grow",
        "flex-shrink",
        "order",
        "orphans",
        "widows",
    }
)
_BACKGROUND = frozenset({"background", "background-color", "background-image"})


def css_value(css_property: str, value: Leaf) -> str:
    """A property value as CSS text: numbers are px unless the property is unitless
    (``line-height: 1.5`` stays a multiplier); strings pass through stripped."""
    if isinstance(value, bool):
        raise TypeError(f"{css_property}: a boolean is not a CSS value")
    if type(value) is str:
        return value.strip()
    if isinstance(value, int | float):
        if css_property in UNITLESS or value == 0:
            return format_number(value)
        return f"{format_number(value)}px"
    return value.strip()


@dataclass(frozen=True, slots=True)
class StyleBlock:
    """One ``<style>`` element of the output."""

    css: str
    group: str | None = None
    media: str | None = None
    isolated: bool = False

    def to_html(self) -> str:
        media = f' media="{escape(self.media)}"' if self.media else ""
        return f"<style{media}>\n{self.css}\n</style>"


def split_selectors(selector: str) -> list[str]:
    """Split a selector list on top-level commas (not inside (), [], {}, strings or
    comments)."""
    return [p for part in split_top(selector, ",") if (p := part.strip())]


def prefix_selector(prefix: str, selector: str) -> str:
    """``.a, .b`` → ``P .a, P .b``."""
    return ", ".join([f"{prefix} {s}" for s in split_selectors(selector)])  # (no generator)


_COLON_RE = re.compile(r"\s*:\s*")


def _media_key(media: str | None) -> str | None:
    if media is None:
        return None
    return _COLON_RE.sub(":", " ".join(media.split())).lower() or None


_Decls: TypeAlias = tuple[tuple[str, str], ...]
_RuleKey: TypeAlias = tuple[str, _Decls]
# (group, normalized media, css text for anonymous isolated blocks else "")
_BlockKey: TypeAlias = tuple[str | None, str | None, str]


def _important(decls: _Decls) -> _Decls:
    if len(decls) == 1:
        p, v = decls[0]
        return decls if v.endswith("!important") else ((p, v + " !important"),)
    return tuple((p, v if v.endswith("!important") else f"{v} !important") for p, v in decls)


def _rule(selector: str, decls: _Decls) -> str:
    return selector + "{" + ";".join([f"{p}:{v}" for p, v in decls]) + "}"  # (no generator)


class CssBuilder:
    """Collects CSS rules and raw style blocks during one expansion; see the module doc."""

    __slots__ = ("_blocks", "_main", "_rules", "breakpoint", "outlook_com", "thunderbird")

    def __init__(
        self, breakpoint: int = BREAKPOINT, *, outlook_com: bool = True, thunderbird: bool = True
    ) -> None:
        self.breakpoint = breakpoint
        self.outlook_com = outlook_com
        self.thunderbird = thunderbird
        # main block entries in order (dict = ordered set): rendered text
        self._main: dict[str, None] = {}
        self._rules: dict[Variant, dict[_RuleKey, None]] = {
            "medium": {},
            "dark": {},
            "medium_dark": {},
        }
        # separate blocks: key → (group, media as written, isolated, parts)
        self._blocks: dict[_BlockKey, tuple[str | None, str | None, bool, dict[str, None]]] = {}

    @property
    def medium_media(self) -> str:
        return f"(min-width: {self.breakpoint}px)"

    @property
    def medium_dark_media(self) -> str:
        return f"{self.medium_media} and {DARK_MEDIA}"

    def __bool__(self) -> bool:
        return bool(self._main or self._blocks or any(self._rules.values()))

    # ---------------------------------------------------------------- input

    def add(self, selector: str, declarations: Declarations, variant: Variant = "base") -> None:
        """Add one rule. Declarations with an empty value are dropped; a rule with
        none left is ignored."""
        if variant != "base" and variant not in self._rules:
            raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
        pairs = declarations.items() if isinstance(declarations, Mapping) else declarations
        decls: list[tuple[str, str]] = []
        for prop, raw in pairs:
            value = raw.strip() if raw else ""
            if value:
                decls.append((prop.strip(), value))
        self._add(selector.strip(), tuple(decls), variant)

    def _add(self, selector: str, decls: _Decls, variant: Variant) -> None:
        if not decls or not selector:
            return
        if variant == "base":
            self._main.setdefault(_rule(selector, decls), None)
        else:
            self._rules[variant].setdefault((selector, _important(decls)), None)

    def add_value(
        self,
        selector: str,
        css_property: str,
        value: Leaf | Mapping[str, Leaf | None] | None,
        *,
        dark: bool = True,
        responsive: bool = True,
        include_base: bool = True,
    ) -> None:
        """Add the rules for one plain or dynamic property value (see
        :func:`styles.dynamic.variants`; raises its ``DynamicValueError``).
        ``include_base=False`` skips the base rule when it is inlined instead."""
        v: Variants[Leaf] = variants(value, dark=dark, responsive=responsive)
        selector = selector.strip()
        if v.base is not None and include_base:
            self._add(selector, ((css_property, css_value(css_property, v.base)),), "base")
        if v.medium is not None:
            self._add(selector, ((css_property, css_value(css_property, v.medium)),), "medium")
        if v.dark is not None:
            self._add(selector, ((css_property, css_value(css_property, v.dark)),), "dark")
        if v.medium_dark is not None:
            self._add(
                selector, ((css_property, css_value(css_property, v.medium_dark)),), "medium_dark"
            )

    def add_block(
        self,
        css: str,
        *,
        group: str | None = None,
        media: str | None = None,
        isolated: bool = False,
    ) -> None:
        """Add the text of a ``<style>``. Plain blocks join the main block; an
        ``isolated`` block stands alone; blocks of one ``group`` with the same
        ``media`` are merged; a ``media`` block is never merged into the main one."""
        css = css.strip()
        if not css:
            return
        if group is None and media is None and not isolated:
            self._main.setdefault(css, None)
            return
        if group is None and isolated:
            # an anonymous isolated block: its own block, identical text once
            key: _BlockKey = (None, _media_key(media), css)
        else:
            key = (group, _media_key(media), "")
        entry = self._blocks.get(key)
        if entry is None:
            entry = (group, media, isolated or group is not None, {})
            self._blocks[key] = entry
        entry[3].setdefault(css, None)

    # --------------------------------------------------------------- output

    def render(self) -> list[StyleBlock]:
        """The ordered style blocks (see the module doc)."""
        out: list[StyleBlock] = []
        main = self._render_main()
        if main:
            out.append(StyleBlock(main))
        tb_keys = self._thunderbird_keys() if self.thunderbird else {}
        for key, (group, media, isolated, parts) in self._blocks.items():
            if key in tb_keys:
                continue
            out.append(StyleBlock("\n".join(parts), group, media, isolated))
        for key, (variant, media) in tb_keys.items():
            existing = self._blocks.get(key)
            texts = list(existing[3]) if existing else []
            texts += [
                _rule(prefix_selector(THUNDERBIRD_PREFIX, sel), decls)
                for sel, decls in self._rules[variant]
            ]
            if texts:
                shown = existing[1] if existing and existing[1] else media
                out.append(StyleBlock("\n".join(texts), THUNDERBIRD_GROUP, shown, True))
        return out

    def render_html(self) -> str:
        """All blocks as ``<style>`` elements, one after another."""
        return "\n".join(block.to_html() for block in self.render())

    def _thunderbird_keys(self) -> dict[_BlockKey, tuple[Variant, str]]:
        queries: tuple[tuple[Variant, str], ...] = (
            ("medium", self.medium_media),
            ("dark", DARK_MEDIA),
            ("medium_dark", self.medium_dark_media),
        )
        return {
            (THUNDERBIRD_GROUP, _media_key(media), ""): (variant, media)
            for variant, media in queries
        }

    def _render_main(self) -> str:
        lines = list(self._main)
        medium, dark, medium_dark = (
            self._rules["medium"],
            self._rules["dark"],
            self._rules["medium_dark"],
        )
        if medium:
            lines.append(self._media(self.medium_media, (_rule(s, d) for s, d in medium)))
        if dark:
            lines.append(self._media(DARK_MEDIA, (_rule(s, d) for s, d in dark)))
        if medium_dark:
            lines.append(self._media(self.medium_dark_media, (_rule(s, d) for s, d in medium_dark)))
        if self.outlook_com:
            lines.extend(self._outlook(dark))
            if medium_dark:
                inner = self._outlook(medium_dark)
                if inner:
                    lines.append(self._media(self.medium_media, inner))
        return "\n".join(lines)

    @staticmethod
    def _media(query: str, rules: Iterable[str]) -> str:
        return f"@media {query}{{\n" + "\n".join(rules) + "\n}"

    @staticmethod
    def _outlook(rules: Mapping[_RuleKey, None]) -> list[str]:
        text: dict[str, None] = {}
        backgrounds: dict[str, None] = {}
        for selector, decls in rules:
            fg = tuple(d for d in decls if d[0] not in _BACKGROUND)
            bg = tuple(d for d in decls if d[0] in _BACKGROUND)
            if fg:
                text.setdefault(_rule(prefix_selector(OUTLOOK_TEXT, selector), fg), None)
            if bg:
                backgrounds.setdefault(
                    _rule(prefix_selector(OUTLOOK_BACKGROUND, selector), bg), None
                )
        return [*text, *backgrounds]


# ------------------------------------------------------------ global styles

#: The class each component default is emitted under. Standard components put the
#: class on the element they style (``<h1 class="mw-h1">``, ``<a class="mw-link">``)
#: and may inline the base values; the dark / responsive variants only work
#: through these classes.
CLASS_NAMES: dict[str, str] = {
    **{f"heading{n}": f"mw-h{n}" for n in range(1, 7)},
    "paragraph": "mw-p",
    "link": "mw-link",
    "button": "mw-button",
    "divider": "mw-divider",
}


def component_declarations(styles: GlobalStyles, component: str) -> dict[str, Variants[str]]:
    """The resolved defaults of one component: CSS property → :class:`Variants` of
    CSS text (variables resolved, numbers given units). The link also gets the
    paragraph's font. Unknown components give ``{}``."""
    specs = COMPONENT_PROPS.get(component, {})
    props = dict(styles.defaults.get(component, {}))
    if component == "link" and "font-family" in styles.defaults.get("paragraph", {}):
        props = {**props, "font-family": styles.defaults["paragraph"]["font-family"]}
        specs = {**specs, "font-family": COMPONENT_PROPS["paragraph"]["font-family"]}
    out: dict[str, Variants[str]] = {}
    for name, spec in specs.items():
        if name not in props:
            continue
        raw: Variants[Leaf] = variants(
            styles.resolve_value(props[name]), dark=spec.dark, responsive=spec.responsive
        )
        out[spec.css] = _with_units(raw, spec.css)
    return out


@dataclass(eq=False, frozen=True, slots=True)
class ResolvedDefaults:
    """The component defaults of one :class:`GlobalStyles`, resolved once: what a loaded
    project holds (``compiler.project.Project.style_defaults``) so that its compiles do
    not resolve them again.

    ``values``: component → CSS property → its value, plain or dynamic
    (:meth:`Variants.value` of :func:`component_declarations`); read-only, shared by
    every compile. ``problems``: component → why its defaults could not be resolved
    (a reference to a missing variable …). ``styles`` is what they were made from:
    they hold for it as long as it is not changed (a loaded project's never is).
    """

    styles: GlobalStyles
    values: Mapping[str, Mapping[str, object]]
    problems: Mapping[str, str]


def resolve_defaults(styles: GlobalStyles) -> ResolvedDefaults:
    """The :class:`ResolvedDefaults` of every component of :data:`COMPONENT_PROPS`."""
    values: dict[str, Mapping[str, object]] = {}
    problems: dict[str, str] = {}
    for component in COMPONENT_PROPS:
        try:
            decls = component_declarations(styles, component)
        except Exception as err:  # a broken styles file must not stop a compile
            problems[component] = str(err)
            continue
        values[component] = {prop: v.value() for prop, v in decls.items()}
    return ResolvedDefaults(styles, values, problems)


def _with_units(raw: Variants[Leaf], css_property: str) -> Variants[str]:
    def convert(leaf: Leaf) -> str:
        return css_value(css_property, leaf)

    return raw.map(convert)


def add_global_css(builder: CssBuilder, styles: GlobalStyles) -> None:
    """Add the rules of every component default to ``builder`` under its
    :data:`CLASS_NAMES` class (one rule per component and variant)."""
    for component, class_name in CLASS_NAMES.items():
        decls = component_declarations(styles, component)
        if not decls:
            continue
        selector = "." + class_name
        for variant in VARIANTS:
            pairs = [
                (prop, value)
                for prop, v in decls.items()
                if (value := getattr(v, variant)) is not None
            ]
            if pairs:
                builder.add(selector, pairs, variant)


def global_css(styles: GlobalStyles, breakpoint: int = BREAKPOINT) -> list[StyleBlock]:
    """The style blocks the global component defaults need on their own."""
    builder = CssBuilder(breakpoint)
    add_global_css(builder, styles)
    return builder.render()
