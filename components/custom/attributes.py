"""The attributes of one template element copy: directives applied, values merged.

Each attribute of a template element is classified once per component
(:func:`classify`, a :class:`Directive`); for every copy an
:class:`AttributeBuilder` takes the attributes in order, evaluates what needs
evaluating, and :meth:`AttributeBuilder.finish` gives the copy's attribute list:
static and dynamic classes merged (dynamic ones last, no duplicates), static and
dynamic style declarations merged (dynamic ones win), evaluated values written
as literal attributes — or, on a nested component, as ``:name='<json>'`` so they
no longer depend on this component's scope.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from enum import Enum, auto
from typing import Protocol

from components.custom.values import js_literal, js_string, truthy
from components.expand.html import attr as attr_text
from components.expand.html import unescape as unescape_text
from components.js import Scope
from components.markup.nodes import Attr, Liquid, Span
from components.schema import MISSING

#: the directives of an #if / #else-if / #else chain
CHAIN = ("#if", "#else-if", "#else")
#: directives read by the template walk, not copied as attributes
_WALK_DIRECTIVES = frozenset((*CHAIN, "#each", "#is", "#set:is", ":is", "#isolated"))
#: a value made only of whitespace-separated class names (``#set:class="a b "``)
CLASS_LIST = re.compile(r"\s*-?[A-Za-z_][\w-]*(?:\s+-?[A-Za-z_][\w-]*)*\s*")
BOOLEAN_ATTRS = frozenset(
    {
        "hidden",
        "disabled",
        "checked",
        "selected",
        "readonly",
        "required",
        "multiple",
        "open",
        "nowrap",
        "allowfullscreen",
        "async",
        "defer",
    }
)


class Directive(Enum):
    """What an attribute of a template element does."""

    KEEP = auto()  #: copied as written (a plain attribute, Liquid, a static #slot)
    SKIP = auto()  #: read by the template walk (#if, #each, #is …) or an unknown directive
    RAW = auto()  #: #is:raw: the children are copied as text
    SET = auto()  #: #set="{…}": several attributes at once
    CLASS_IF = auto()  #: :class:name="cond" / #set:class:name
    CLASS_FLAG = auto()  #: #class:name (="cond")
    STYLE_EXPR = auto()  #: :style:prop="expr" / #set:style:prop
    STYLE_LIT = auto()  #: #style:prop="value or expr"
    VALUE = auto()  #: :name="expr" / #set:name
    STATIC_CLASS = auto()  #: class="…" (merged with dynamic classes)
    STATIC_STYLE = auto()  #: style="…" (merged with dynamic declarations)
    INTERPOLATED = auto()  #: name="…${}…"


#: one attribute sorted out: what it does, the attribute, the name part that matters
Classified = tuple[Directive, Attr | Liquid, str]


def _suffix(name: str) -> str:
    """``#set:class:x`` / ``:class:x`` → ``x`` (likewise for ``style``)."""
    return name.split(":", 2)[2] if name.startswith("#") else name[7:]


def classify(item: Attr | Liquid) -> Classified:
    if isinstance(item, Liquid):
        return Directive.KEEP, item, ""
    name = item.name
    if name in _WALK_DIRECTIVES:
        return Directive.SKIP, item, ""
    if name == "#slot":
        return Directive.KEEP, item, ""  # static: fills a nested component's slot
    if name == "#is:raw":
        return Directive.RAW, item, ""
    if name == "#set":
        return Directive.SET, item, ""
    if name.startswith(("#set:class:", ":class:")):
        return Directive.CLASS_IF, item, _suffix(name)
    if name.startswith("#class:"):
        return Directive.CLASS_FLAG, item, name[7:]
    if name.startswith(("#set:style:", ":style:")):
        return Directive.STYLE_EXPR, item, _suffix(name)
    if name.startswith("#style:"):
        return Directive.STYLE_LIT, item, name[7:]
    if name.startswith((":", "#set:")):
        return Directive.VALUE, item, name[1:] if name.startswith(":") else name[5:]
    if name.startswith("#"):
        return Directive.SKIP, item, ""  # unknown directive: reported when the file was read
    if name == "class":
        return Directive.STATIC_CLASS, item, ""
    if name == "style":
        return Directive.STATIC_STYLE, item, ""
    if item.value is not None and "${" in item.value:
        return Directive.INTERPOLATED, item, ""
    return Directive.KEEP, item, ""


class TemplateValues(Protocol):
    """How the builder evaluates: the component use's expressions, located on failure."""

    def eval_attr(self, attr: Attr, scope: Scope, *, template_fallback: bool = True) -> object: ...

    def interpolate(
        self, raw: str, span: Span, scope: Scope, *, attr: bool = False, html_escape: bool = True
    ) -> str | None: ...

    def class_list(self, item: Attr, scope: Scope) -> object: ...

    def literal_or_expr(self, item: Attr, scope: Scope) -> object: ...


def make_attr(name: str, value: str | None) -> Attr:
    """An attribute holding ``value`` (escaped; Liquid tokens untouched)."""
    if value is None:
        return Attr(name, None)
    text = attr_text(name, value)
    quote = text[len(name) + 2]
    return Attr(name, text[len(name) + 3 : -1], quote=quote)


class AttributeBuilder:
    """The attributes of one copy of a template element, built in source order."""

    def __init__(self, values: TemplateValues, scope: Scope, *, is_component: bool) -> None:
        self.eval = values
        self.scope = scope
        self.is_component = is_component
        self.attrs: list[Attr | Liquid] = []
        #: evaluated attributes, in order
        self.values: list[tuple[str, object]] = []
        self.classes: list[str] = []
        self.static_class: Attr | None = None
        self.dynamic_class = False
        self.static_style: Attr | None = None
        self.dynamic_style: dict[str, str] = {}
        #: ``:html`` / ``#set:html``: the copy's children become this text
        self.inner_html: str | None = None
        #: ``#is:raw``: the copy's children are copied as text
        self.raw_children = False

    # -- one attribute -------------------------------------------------------------
    def add(self, what: Directive, item: Attr | Liquid, arg: str) -> None:
        if what is Directive.KEEP:
            self.attrs.append(item)
            return
        if what is Directive.SKIP:
            return
        assert isinstance(item, Attr)
        scope = self.scope
        if what is Directive.VALUE:
            if arg == "class" and CLASS_LIST.fullmatch(item.value or ""):
                self.set_value(arg, self.eval.class_list(item, scope))
            else:
                self.set_value(arg, self.eval.eval_attr(item, scope))
        elif what is Directive.STATIC_CLASS:
            self.static_class = item
        elif what is Directive.STATIC_STYLE:
            self.static_style = item
        elif what is Directive.INTERPOLATED:
            text = self.eval.interpolate(item.value or "", item.span, scope, attr=True)
            if text is not None:
                self.values.append((item.name, text))
            else:
                self.attrs.append(item)
        elif what is Directive.RAW:
            self.raw_children = True
        elif what is Directive.SET:
            value = self.eval.eval_attr(item, scope)
            if isinstance(value, Mapping):
                for k, v in value.items():
                    self.set_value(str(k), v)
        elif what is Directive.CLASS_IF:
            self.dynamic_class = True
            if truthy(self.eval.eval_attr(item, scope)):
                self.classes.append(arg)
        elif what is Directive.CLASS_FLAG:
            self.dynamic_class = True
            if item.value is None or truthy(self.eval.eval_attr(item, scope)):
                self.classes.append(arg)
        elif what is Directive.STYLE_EXPR:
            self.set_style({arg: self.eval.eval_attr(item, scope)})
        elif what is Directive.STYLE_LIT:
            self.set_style({arg: self.eval.literal_or_expr(item, scope)})

    def set_value(self, name: str, value: object) -> None:
        if name == "class":
            self.add_classes(value)
        elif name == "style":
            self.set_style(value)
        elif name == "html":
            self.inner_html = js_string(value)
        else:
            self.values.append((name, value))

    def add_classes(self, value: object) -> None:
        self.dynamic_class = True
        if isinstance(value, (list, tuple)):
            self.classes.extend(js_string(v) for v in value if truthy(v))
        elif isinstance(value, Mapping):
            self.classes.extend(str(k) for k, v in value.items() if truthy(v))
        elif truthy(value):
            self.classes.extend(js_string(value).split())

    def set_style(self, value: object) -> None:
        out = self.dynamic_style
        if isinstance(value, Mapping):
            for k, v in value.items():
                if v is None or v is MISSING or (isinstance(v, str) and not v.strip()):
                    continue
                out[str(k)] = js_string(v).strip()
        elif isinstance(value, str):
            for decl in value.split(";"):
                if ":" in decl:
                    k, v = decl.split(":", 1)
                    if k.strip() and v.strip():
                        out[k.strip()] = v.strip()

    # -- the result -------------------------------------------------------------------
    def finish(self) -> list[Attr | Liquid]:
        """The copy's attributes: those kept as written, then the merged class and style
        and the evaluated values."""
        self._finish_class()
        self._finish_style()
        for name, value in self.values:
            if self.is_component:
                self.attrs.append(Attr(":" + name, js_literal(value), quote="'"))
            elif value is None or value is MISSING or value is False:
                continue
            else:
                self.attrs.append(
                    make_attr(
                        name, None if value is True and name in BOOLEAN_ATTRS else js_string(value)
                    )
                )
        return self.attrs

    def _finish_class(self) -> None:
        static = self.static_class
        text_class = False
        if static is not None and static.value and "${" in static.value:
            text = self.eval.interpolate(static.value, static.span, self.scope, attr=True)
            if text is not None:
                static = Attr("class", text)
                self.dynamic_class = True
                self.classes[:0] = text.split()
                text_class = True
        if self.dynamic_class:
            merged: list[str] = []
            if static is not None and static.value and not text_class:
                merged.extend(unescape_text(static.value).split())
            merged.extend(c for c in self.classes if c)
            class_value = " ".join(dict.fromkeys(merged))
            if class_value:
                self.values.append(("class", class_value))
        elif static is not None:
            self.attrs.append(static)

    def _finish_style(self) -> None:
        static = self.static_style
        if self.dynamic_style:
            parts: list[str] = []
            if static is not None and static.value:
                static_text = static.value
                if "{{" in static_text or "{%" in static_text:
                    parts.append(static_text.strip().rstrip(";"))
                    static_text = ""
                for decl in html.unescape(static_text).split(";"):
                    if ":" in decl:
                        k, v = decl.split(":", 1)
                        if k.strip() not in self.dynamic_style and v.strip():
                            parts.append(f"{k.strip()}:{v.strip()}")
            parts.extend(f"{k}:{v}" for k, v in self.dynamic_style.items())
            self.values.append(("style", ";".join(parts)))
        elif static is not None:
            raw_style = static.value
            if raw_style is not None and "${" in raw_style:
                text = self.eval.interpolate(raw_style, static.span, self.scope, attr=True)
                self.values.append(("style", raw_style if text is None else text))
            else:
                self.attrs.append(static)
