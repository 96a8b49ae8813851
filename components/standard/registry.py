"""Standard components as data: tag, typed props, defaults and a render function.

The registry drives rendering, the docs (docs/standard-components.md is checked
against :func:`describe_all`), the properties panel and the markup validator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from components.diagnostics import Severity
from components.expand.context import ExpandContext
from components.markup.nodes import Attr, Element, Liquid
from components.schema import MISSING, Prop

#: Attributes every standard component accepts besides its props.
PASS_THROUGH_PREFIXES = ("data-", "aria-")
PASS_THROUGH = frozenset({"id", "dir-auto"})


@dataclass(slots=True)
class Props:
    """The validated props of one component use, plus what passes through to its output."""

    values: dict[str, object]
    #: extra attributes for the outermost element: (name, raw value or None)
    passthrough: list[tuple[str, str | None]] = field(default_factory=list)
    #: Liquid tokens from the attribute list, written into the outermost start tag
    liquid: list[str] = field(default_factory=list)
    #: props whose value came from a literal attribute (raw source text)
    raw: set[str] = field(default_factory=set)

    def __getitem__(self, name: str) -> object:
        return self.values.get(name, MISSING)

    def get(self, name: str, default: object = MISSING) -> object:
        value = self.values.get(name, MISSING)
        return default if value is MISSING or value is None else value

    def has(self, name: str) -> bool:
        value = self.values.get(name, MISSING)
        return value is not MISSING and value is not None and value != ""


Render = Callable[[ExpandContext, Element, Props, list[str]], None]


@dataclass(frozen=True, slots=True)
class StandardComponent:
    """One standard component: ``tag``, its ``props`` (schemas + panel metadata), ``render``.

    ``text_defaults`` names the global-styles component whose defaults apply
    beneath explicit props (``paragraph``, ``heading1`` …, ``button``; "" for none).
    ``description`` is the one-line summary used in the docs.
    """

    tag: str
    props: tuple[Prop, ...]
    render: Render
    description: str = ""
    text_defaults: str = ""
    allowed_parents: tuple[str, ...] = ()

    def prop(self, name: str) -> Prop | None:
        for p in self.props:
            if p.name == name:
                return p
        return None

    @property
    def prop_map(self) -> dict[str, Prop]:
        return {p.name: p for p in self.props}

    def describe(self) -> dict[str, object]:
        return {
            "tag": self.tag,
            "description": self.description,
            "globalDefaults": self.text_defaults or None,
            "props": [p.describe() for p in self.props],
        }

    # -- expansion -------------------------------------------------------------------
    def expand(self, ctx: ExpandContext, el: Element, out: list[str]) -> None:
        props = self.evaluate_props(ctx, el)
        self.render(ctx, el, props, out)

    def evaluate_props(self, ctx: ExpandContext, el: Element) -> Props:
        props = self.prop_map
        given: dict[str, tuple[object, Attr]] = {}
        result = Props({})
        for item in el.attrs:
            if isinstance(item, Liquid):
                result.liquid.append(item.pre + item.raw)
                continue
            name = item.name
            if name.startswith((":", "#set:")):
                prop_name = name[1:] if name.startswith(":") else name[5:]
                value = ctx.evaluate(item.value or "", node=el, attr=item)
                if value is MISSING:
                    continue  # reported; the default applies
                if prop_name not in props:
                    if _passes_through(prop_name):
                        result.passthrough.append((prop_name, _stringify(value)))
                        continue
                    self._unknown(ctx, el, item, prop_name)
                    continue
                given[prop_name] = (value, item)
                continue
            if name.startswith("#"):
                ctx.report("markup/unsupported-directive",
                           f"directive {name} is not supported on <{el.name_raw}>; "
                           "use it on HTML elements inside custom components", node=el,
                           attr=item, severity=Severity.WARNING)
                continue
            prop = props.get(name)
            if prop is None:
                if _passes_through(name):
                    result.passthrough.append((name, item.value))
                else:
                    self._unknown(ctx, el, item, name)
                continue
            raw = item.value if item.value is not None else ""
            given[name] = (prop.schema.coerce(raw) if "{{" not in raw and "{%" not in raw
                           else raw, item)
            result.raw.add(name)
        for prop in self.props:
            value, attr = given.get(prop.name, (MISSING, None))
            if prop.name in result.raw and isinstance(value, str) and (
                    "{{" in value or "{%" in value):
                result.values[prop.name] = value  # Liquid decides at send time
                continue
            parsed, issues = prop.schema.parse(value)
            if issues:
                detail = "; ".join(i.describe() for i in issues)
                ctx.report("props/invalid",
                           f"<{el.name_raw}> {prop.name}: {detail}; the default is used",
                           node=el, attr=attr)
                parsed, _ = prop.schema.parse(MISSING)
            result.values[prop.name] = parsed
        return result

    def _unknown(self, ctx: ExpandContext, el: Element, item: Attr, name: str) -> None:
        close = _closest(name, [p.name for p in self.props])
        hint = f"; did you mean {close!r}?" if close else ""
        ctx.report("props/unknown", f"<{el.name_raw}> has no prop {name!r}{hint}", node=el,
                   attr=item, severity=Severity.WARNING)


def _passes_through(name: str) -> bool:
    return name in PASS_THROUGH or name.startswith(PASS_THROUGH_PREFIXES)


def _stringify(value: object) -> str | None:
    if value is True:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _closest(name: str, names: Sequence[str]) -> str:
    import difflib

    found = difflib.get_close_matches(name, names, n=1, cutoff=0.7)
    return found[0] if found else ""


def registry_of(components: Sequence[StandardComponent]) -> Mapping[str, StandardComponent]:
    return {c.tag: c for c in components}
