"""One component file read into a :class:`ComponentDefinition`.

A component file holds exactly the six top-level elements of the current
language: ``<script>`` and ``<template>`` (required), ``<style>``, ``<title>``,
``<meta>`` and ``<link>`` (optional). Reading one:

1. parses it with the lossless markup parser;
2. checks the tag name (from the file name) against every rule, the
   top-level elements, legacy Parcel syntax and directive names;
3. runs the script once in *describe mode* — ``props`` and
   ``Component.context.get()`` are stand-ins that tolerate any use — to read
   ``config``, ``Component.defineProps(…)`` and ``Component.defineSlots(…)``
   into typed, Python-side definitions (:class:`~components.schema.Prop`,
   :class:`SlotDef`).

Problems that make the component unusable are ``errors`` (each use of it then
reports one issue at the host); the rest are ``warnings``. All are located in
the component file.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from components.custom.names import tag_from_path, tag_problems
from components.custom.runtime import install
from components.diagnostics import Issue, Severity
from components.js import (
    JSEngine,
    JSError,
    JSHandle,
    PreparedScript,
    Scope,
    open_interpolation,
    prepare_script,
)
from components.markup import parse
from components.markup.nodes import (
    Attr,
    Comment,
    Conditional,
    Document,
    Element,
    Liquid,
    Node,
    Span,
    Text,
    iter_elements,
)
from components.placement import Parents
from components.schema import (
    PROP_TYPES,
    ArraySchema,
    BooleanSchema,
    EnumSchema,
    NumberSchema,
    ObjectSchema,
    Option,
    Prop,
    Schema,
    StringSchema,
    with_dynamic_styles,
)

TOP_LEVEL = ("script", "template", "style", "title", "meta", "link")
MARKS = (
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "link",
    "color",
    "superscript",
    "subscript",
    "code",
    "linebreak",
)
DEFAULT_MARKS = tuple(m for m in MARKS if m != "linebreak")
PANEL_KEYS = frozenset(
    {
        "schema",
        "type",
        "label",
        "section",
        "helpText",
        "options",
        "min",
        "max",
        "step",
        "units",
        "accept",
        "placeholder",
        "rows",
        "multiLine",
        "resize",
        "collapsedInput",
    }
)

# directive grammar; anything else beginning with # is unknown
_DIRECTIVE_RE = re.compile(
    r"#(?:if|else-if|else|each|set|slot|is|is:raw|isolated"
    r"|set:[^:\s]+|set:class:[^\s]+|set:style:[^\s]+|class:[^\s]+|style:[^\s]+)"
)
_IMPORT_RE = re.compile(r"(?m)^\s*import\s*[\w{*'\"(]|\bimport\s*\(")


@dataclass(frozen=True, slots=True)
class SlotDef:
    """One slot of ``Component.defineSlots``: ``text`` (with marks), ``any`` or ``children``."""

    name: str
    kind: str = "any"
    marks: tuple[str, ...] = DEFAULT_MARKS
    tags: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None

    def refusal(self, host: str, tag: str) -> str | None:
        """Why an element ``<tag>`` may not fill this slot of ``<host>`` (None: it may).
        The one slot check: the expander reports it, the visual editor refuses drops."""
        if self.kind == "text":
            return f"<{host}> slot {self.name!r} takes text, not components; <{tag}> is not allowed"
        if self.kind == "children" and self.tags and tag.lower() not in self.tags:
            names = ", ".join(f"<{t}>" for t in self.tags)
            return f"<{host}> slot {self.name!r} takes only {names}; <{tag}> is not allowed"
        return None

    def count_problem(self, host: str, count: int) -> str | None:
        """Why ``count`` components are too few or too many for this slot (or None)."""
        if self.kind != "children":
            return None
        if self.min is not None and count < self.min:
            return (
                f"<{host}> slot {self.name!r}: Array must contain at least "
                f"{self.min} element(s) (found {count})"
            )
        if self.max is not None and count > self.max:
            return (
                f"<{host}> slot {self.name!r}: Array must contain at most "
                f"{self.max} element(s) (found {count})"
            )
        return None

    def describe(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "schema": self.kind}
        if self.kind == "text":
            out["marks"] = list(self.marks)
        if self.kind == "children":
            out["children"] = list(self.tags)
            if self.min is not None:
                out["min"] = self.min
            if self.max is not None:
                out["max"] = self.max
        return out


@dataclass(frozen=True, slots=True)
class Preset:
    label: str
    content: str


@dataclass(slots=True)
class ComponentDefinition:
    """Everything known about one component file before any use of it."""

    tag: str
    file: str
    source: str
    digest: str
    document: Document
    script: PreparedScript | None = None
    script_span: Span | None = None
    template: Element | None = None
    #: top-level nodes (style/title/meta/link and what lies between them), for #if chains
    head_nodes: list[Node] = field(default_factory=list)
    label: str = ""
    #: the Insert panel's group (``config.section``) and icon (``config.icon``: a
    #: name or an image path/URL, shown as given); "" when not declared
    section: str = ""
    icon: str = ""
    presets: tuple[Preset, ...] = ()
    allowed_parents: tuple[str, ...] = ()
    component_type: str = ""
    props_form: str = "none"  # none | array | object
    props: tuple[Prop, ...] = ()
    slots: dict[str, SlotDef] = field(default_factory=dict)
    #: names of the <slot> elements in the template ("default" for unnamed ones)
    template_slots: frozenset[str] = frozenset()
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    #: id(template element) → (the element, its directives sorted out), made on first
    #: use by :mod:`components.custom.instance` (the template never changes after reading)
    plans: dict[int, tuple[Element, object]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def insertable(self) -> bool:
        """Shown in the Insert menu: only when ``config.presets`` is given."""
        return bool(self.presets)

    @property
    def issues(self) -> list[Issue]:
        return [*self.errors, *self.warnings]

    @property
    def prop_map(self) -> dict[str, Prop]:
        return {p.name: p for p in self.props}

    @property
    def parents(self) -> Parents:
        """``config.allowedParents`` as the shared parent check reads it: the parent is
        the nearest enclosing component (standard or custom); a refusal is a warning."""
        return Parents(
            self.allowed_parents,
            direct=False,
            declared_as="config.allowedParents",
            rule="components/allowed-parents",
            error=False,
        )

    @property
    def locked(self) -> bool:
        """No props and no slots: nothing is editable in the visual editor."""
        return not self.props and not self.slots

    def describe(self) -> dict[str, object]:
        """The component as JSON data (properties panel, Insert menu, autocompletion)."""
        return {
            "tag": self.tag,
            "file": self.file,
            "label": self.label or self.tag,
            "section": self.section or None,
            "icon": self.icon or None,
            "insertable": self.insertable,
            "presets": [{"label": p.label, "content": p.content} for p in self.presets],
            "allowedParents": list(self.allowed_parents),
            "componentType": self.component_type or None,
            "props": [p.describe() for p in self.props],
            "slots": [s.describe() for s in self.slots.values()],
            "errors": [i.to_json() for i in self.errors],
        }


class _Reader:
    def __init__(
        self, text: str, file: str, engine: JSEngine, globals_value: Mapping[str, object]
    ) -> None:
        self.text = text
        self.file = file
        self.engine = engine
        self.globals_value = globals_value
        result = parse(text, file)
        self.d = ComponentDefinition(
            tag=tag_from_path(file),
            file=file,
            source=text,
            digest=hashlib.blake2b(
                text.encode("utf-8", "surrogatepass"), digest_size=16
            ).hexdigest(),
            document=result.document,
        )
        for issue in result.issues:
            (self.d.errors if issue.is_error else self.d.warnings).append(issue)

    # -- reporting -----------------------------------------------------------------
    def error(
        self,
        rule: str,
        message: str,
        span: Span | None = None,
        *,
        fatal: bool = True,
        line: int = 0,
        column: int = 0,
    ) -> None:
        if span is not None and not line:
            line, column = span.line, span.column
        issue = Issue(rule, Severity.ERROR, message, self.file, line or 1, column or 1)
        (self.d.errors if fatal else self.d.warnings).append(issue)

    def warn(self, rule: str, message: str, span: Span | None = None) -> None:
        line, column = (span.line, span.column) if span is not None else (1, 1)
        self.d.warnings.append(Issue(rule, Severity.WARNING, message, self.file, line, column))

    # -- reading -------------------------------------------------------------------
    def run(self) -> ComponentDefinition:
        d = self.d
        for problem in tag_problems(d.tag):
            self.error("components/tag-name", f"component <{d.tag}>: {problem}", None)
        script_el = self.top_level()
        self.check_markup()
        if d.template is not None:
            _merge_interpolations(d.template)
        if script_el is not None and not any(
            i.rule.startswith("components/legacy") for i in d.errors
        ):
            self.read_script(script_el)
        return d

    def top_level(self) -> Element | None:
        d = self.d
        script: Element | None = None
        legacy = False
        for node in d.document.children:
            if isinstance(node, Comment) or (isinstance(node, Text) and not node.raw.strip()):
                if d.head_nodes or isinstance(node, Comment):
                    d.head_nodes.append(node)
                continue
            if not isinstance(node, Element):
                what = "text" if isinstance(node, Text) else type(node).__name__.lower()
                self.error(
                    "components/top-level",
                    f"only <script>, <template>, <style>, <title>, <meta> and <link> "
                    f"may be at the top level of a component file; found {what}",
                    getattr(node, "span", None),
                )
                continue
            name = node.name
            if name == "component":
                legacy = True
                self.error(
                    "components/legacy-syntax",
                    "legacy Parcel <component> wrapper: put the markup in <template> and "
                    "the logic in <script> (current component syntax)",
                    node.span,
                )
                self.check_legacy_fieldsets(node)
                continue
            if name == "fieldset":
                legacy = True
                self.legacy_fieldset(node)
                continue
            if name not in TOP_LEVEL:
                self.error(
                    "components/top-level",
                    f"<{node.name_raw}> is not allowed at the top level of a component "
                    "file: only <script>, <template>, <style>, <title>, <meta> and <link>"
                    " (put content inside <template>)",
                    node.span,
                )
                continue
            if name == "script":
                if script is not None:
                    self.error(
                        "components/top-level", "a component file has one <script>", node.span
                    )
                    continue
                script = node
                d.head_nodes.append(node)  # breaks #if chains like any element
            elif name == "template":
                if d.template is not None:
                    self.error(
                        "components/top-level", "a component file has one <template>", node.span
                    )
                    continue
                d.template = node
                d.head_nodes.append(node)
            else:
                d.head_nodes.append(node)
        if not legacy:
            if script is None:
                self.error(
                    "components/missing-element",
                    "a component file needs a <script> element (it may be empty)",
                    None,
                )
            if d.template is None:
                self.error(
                    "components/missing-element",
                    "a component file needs a <template> element",
                    None,
                )
        return script

    def legacy_fieldset(self, node: Element) -> None:
        self.error(
            "components/legacy-syntax",
            "legacy Parcel <fieldset>/<input> variables: declare props with "
            "`export const props = Component.defineProps({...})` in <script>",
            node.span,
        )

    def check_legacy_fieldsets(self, node: Element) -> None:
        for el in node.elements():
            if el.name == "fieldset":
                self.legacy_fieldset(el)

    def check_markup(self) -> None:
        roots: list[Element] = [
            n for n in self.d.head_nodes if isinstance(n, Element) and n.name != "script"
        ]
        mjml: list[Element] = []
        for root in roots:
            for el in (root, *iter_elements(root)):
                self.check_element(el)
                is_attr = el.get("#is") or ""
                if (
                    el.name.startswith("mj-")
                    or el.name == "mjml"
                    or is_attr.strip().lower().startswith("mj-")
                ):
                    mjml.append(el)
        if mjml:
            first = mjml[0]
            more = (
                f" (and {len(mjml) - 1} more MJML tag{'s' if len(mjml) > 2 else ''})"
                if len(mjml) > 1
                else ""
            )
            self.error(
                "components/mjml-inside",
                f"<{first.name_raw}>{more}: MJML is not allowed inside a component "
                "(components may be used in MJML emails inside <mj-raw>, but a "
                "component cannot contain MJML); "
                "write the template with HTML and standard components",
                first.span,
            )

    def check_element(self, el: Element) -> None:
        if el.name == "slot":
            self.d.template_slots = self.d.template_slots | {el.get("name") or "default"}
        if el.name == "style" and el.has("isolated"):
            self.warn(
                "components/directive",
                "write #isolated (with #): `isolated` without it is read as #isolated",
                el.span,
            )
        if el.name == "style" and el.has("discrete"):
            self.error(
                "components/legacy-syntax",
                'legacy <style discrete>: use <style #isolated> (optionally #isolated="group")',
                el.span,
            )
        for a in el.attributes():
            name = a.name
            low = name.lower()
            if low.startswith("set:"):
                self.error(
                    "components/legacy-syntax",
                    f"legacy directive {name}: use #{name} or its shorthand :{name[4:]}",
                    a.span,
                )
            elif low in ("foreach", "#foreach"):
                self.error(
                    "components/legacy-syntax",
                    f'legacy directive {name}: use #each="item in items"',
                    a.span,
                )
            elif low in ("elseif", "#elseif", "else-if"):
                self.error(
                    "components/legacy-syntax", f"legacy directive {name}: use #else-if", a.span
                )
            elif low in ("#set:slot", ":slot"):
                self.error(
                    "components/directive",
                    '#slot cannot have dynamic values: write #slot="name"',
                    a.span,
                    fatal=False,
                )
            elif name.startswith("#") and not _DIRECTIVE_RE.fullmatch(name):
                self.error(
                    "components/unknown-directive",
                    f"unknown directive {name} (directives: #if, #else-if, #else, "
                    "#each, #set, #set:*, :*, #class:*, #style:*, #is, #is:raw, #slot)",
                    a.span,
                    fatal=False,
                )

    # -- the script --------------------------------------------------------------
    def read_script(self, el: Element) -> None:
        d = self.d
        text = "".join(c.raw for c in el.children if isinstance(c, (Text, Liquid)))
        first = next((c for c in el.children if isinstance(c, (Text, Liquid))), None)
        d.script_span = first.span if first is not None else el.span
        stripped = _strip_js_strings(text)
        m = _IMPORT_RE.search(stripped)
        if m:
            line, col = self.script_pos(
                text, m.start() + (len(m.group()) - len(m.group().lstrip()))
            )
            self.error(
                "components/sandbox",
                "modules are not available in component scripts: `import` cannot load "
                "files or packages (write the code in the script itself)",
                line=line,
                column=col,
            )
            return
        prepared = prepare_script(text)
        d.script = prepared
        engine = self.engine
        try:
            install(engine)
            base = engine.scope({"globalStyles": dict(self.globals_value)})
            comp = engine.evaluate_raw("__mw_component(undefined, null, true)", base)
            deep = engine.evaluate_raw("__mw_deep_props()", base)
            inst = engine.scope({"Component": JSHandle(comp), "props": JSHandle(deep)}, base)
        except JSError as err:  # pragma: no cover - the runtime itself is trusted
            self.error("components/internal", f"cannot prepare the script engine: {err}")
            return
        script_scope: Scope | None = None
        if prepared.code.strip():
            try:
                script_scope = engine.run_script(prepared.code, inst, prepared.names)
            except JSError as err:
                line, col = self.script_line_col(err.line, err.column)
                if err.kind == "syntax":
                    self.error(
                        "components/script-syntax",
                        f"<{d.tag}> script: {err.message}",
                        line=line,
                        column=col,
                    )
                    return
                if err.kind == "memory":
                    engine.collect()
                # runtime errors, time and memory limits with stand-in props may not happen
                # with real ones: each use runs the script and reports what really happens;
                # the definitions read so far still count
        try:
            rec = engine.evaluate("Component.__rec", inst)
            config = (
                engine.evaluate("config", script_scope)
                if script_scope is not None and "config" in prepared.names
                else None
            )
        except JSError as err:
            self.error("components/script", f"cannot read the definitions: {err.message}")
            return
        self.read_config(config)
        if isinstance(rec, Mapping):
            if "props" in rec:
                self.read_props(rec["props"])
            if "slots" in rec:
                self.read_slots(rec["slots"])

    def script_pos(self, text: str, offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return self.script_line_col(line, col)

    def script_line_col(self, line: int, column: int) -> tuple[int, int]:
        span = self.d.script_span
        if span is None:
            return line, column
        return span.line + line - 1, (span.column + column - 1 if line == 1 else column)

    def script_error(self, rule: str, message: str, *, fatal: bool = False) -> None:
        span = self.d.script_span
        self.error(rule, message, span, fatal=fatal)

    def read_config(self, config: object) -> None:
        d = self.d
        if config is None:
            return
        if not isinstance(config, Mapping):
            self.script_error("components/config", "config must be a static object", fatal=False)
            return
        label = config.get("label")
        if isinstance(label, str):
            d.label = label
        elif label is not None:
            self.script_error("components/config", "config.label must be a string")
        for key in ("section", "icon"):
            value = config.get(key)
            if isinstance(value, str):
                setattr(d, key, value.strip())
            elif value is not None:
                self.script_error("components/config", f"config.{key} must be a string")
        presets = config.get("presets")
        if presets is not None:
            if not isinstance(presets, list):
                self.script_error(
                    "components/config", "config.presets must be an array of {label, content}"
                )
            else:
                out: list[Preset] = []
                for i, p in enumerate(presets):
                    if not isinstance(p, Mapping) or not isinstance(p.get("content", ""), str):
                        self.script_error(
                            "components/config", f"config.presets[{i}] must be {{label, content}}"
                        )
                        continue
                    content = str(p.get("content", ""))
                    out.append(Preset(str(p.get("label", "") or d.label or d.tag), content))
                    if not re.search(rf"<{re.escape(d.tag)}(?=[\s/>])", content):
                        self.script_error(
                            "components/preset-tag",
                            f"config.presets[{i}].content must use the component's tag "
                            f"<{d.tag}> (the tag comes from the file name); found "
                            f"{content.strip()[:60]!r}",
                        )
                d.presets = tuple(out)
        parents = config.get("allowedParents")
        if parents is not None:
            if isinstance(parents, list) and all(isinstance(x, str) for x in parents):
                d.allowed_parents = tuple(parents)
            else:
                self.script_error(
                    "components/config", "config.allowedParents must be an array of tag names"
                )
        ctype = config.get("componentType")
        if ctype is not None:
            if ctype == "root":
                d.component_type = "root"
            else:
                self.script_error(
                    "components/config", f'config.componentType must be "root"; got {ctype!r}'
                )

    def read_props(self, raw: object) -> None:
        d = self.d
        if isinstance(raw, list):
            d.props_form = "array"
            names = []
            for item in raw:
                if not isinstance(item, str) or not item:
                    self.script_error(
                        "components/props", "defineProps([...]) takes an array of prop names"
                    )
                    continue
                names.append(item)
            d.props = tuple(Prop(n, Schema(is_optional=True)) for n in names)
            self.check_prop_names(names)
            return
        if not isinstance(raw, Mapping):
            self.script_error(
                "components/props",
                "defineProps takes an array of names or an object of schemas",
                fatal=True,
            )
            return
        d.props_form = "object"
        props: list[Prop] = []
        for name, entry in raw.items():
            prop = self.read_prop(str(name), entry)
            if prop is not None:
                props.append(prop)
        d.props = tuple(props)
        self.check_prop_names([p.name for p in props])

    def check_prop_names(self, names: Sequence[str]) -> None:
        for n in names:
            if not n[:1].isalnum():
                self.script_error(
                    "components/props", f"prop {n!r}: a prop name must start with a letter or digit"
                )

    def read_prop(self, name: str, entry: object) -> Prop | None:
        if isinstance(entry, Mapping) and entry.get("__mw") == "prop":
            schema = self.schema(entry, f"props.{name}")
            return None if schema is None else Prop(name, schema)
        if not isinstance(entry, Mapping) or "schema" not in entry:
            self.script_error(
                "components/props",
                f"props.{name}: expected a Component.props schema or {{schema, type, label, "
                "…}} (use Component.props.string(), number(), boolean(), enum([...]), "
                "array(...), object({...}))",
                fatal=True,
            )
            return None
        schema = self.schema(entry.get("schema"), f"props.{name}.schema")
        if schema is None:
            return None
        ptype = entry.get("type", "text")
        if not isinstance(ptype, str) or ptype not in PROP_TYPES:
            self.script_error(
                "components/props",
                f"props.{name}.type {ptype!r} is not a property type; use one "
                f"of {', '.join(sorted(PROP_TYPES))}",
            )
            ptype = "text"
        unknown = [k for k in entry if k not in PANEL_KEYS]
        if unknown:
            self.script_error(
                "components/props", f"props.{name}: unknown key(s) {', '.join(map(repr, unknown))}"
            )
        options: list[Option] = []
        for o in entry.get("options") or ():
            if isinstance(o, Mapping) and "value" in o:
                options.append(
                    Option(
                        str(o.get("label", o["value"])),
                        _js_str(o["value"]),
                        str(o.get("icon", "") or ""),
                        str(o.get("optgroup", "") or ""),
                    )
                )
            else:
                self.script_error(
                    "components/props", f"props.{name}.options: each option is {{label, value}}"
                )
        extra = {k: entry[k] for k in ("rows", "multiLine", "resize") if k in entry}
        units = entry.get("units")
        return Prop(
            name,
            schema,
            type=ptype,
            label=_opt_str(entry.get("label")),
            section=_opt_str(entry.get("section")),
            help_text=_opt_str(entry.get("helpText")),
            options=tuple(options),
            min=_num(entry.get("min")),
            max=_num(entry.get("max")),
            step=_num(entry.get("step")),
            units=tuple(str(u) for u in units) if isinstance(units, list) else (),
            placeholder=_opt_str(entry.get("placeholder")),
            accept=_opt_str(entry.get("accept")),
            collapsed_input=_opt_str(entry.get("collapsedInput")),
            extra=extra,
        )

    def schema(self, raw: object, where: str) -> Schema | None:
        if not isinstance(raw, Mapping) or raw.get("__mw") != "prop":
            self.script_error(
                "components/props",
                f"{where}: only Component.props schemas are supported "
                "(string, number, boolean, enum, array, object)",
                fatal=True,
            )
            return None
        kind = raw.get("kind")
        schema: Schema
        if kind == "string":
            schema = StringSchema()
        elif kind == "number":
            schema = NumberSchema(minimum=_num(raw.get("min")), maximum=_num(raw.get("max")))
        elif kind == "boolean":
            schema = BooleanSchema()
        elif kind == "enum":
            values = raw.get("values") or []
            schema = EnumSchema(
                values=tuple(str(v) for v in values) if isinstance(values, list) else ()
            )
        elif kind == "array":
            item = self.schema(raw.get("item"), f"{where}.array") if raw.get("item") else Schema()
            if item is None:
                return None
            schema = ArraySchema(item=item)
        elif kind == "object":
            shape_raw = raw.get("shape") or {}
            shape: dict[str, Schema] = {}
            if isinstance(shape_raw, Mapping):
                for k, v in shape_raw.items():
                    sub = self.schema(v, f"{where}.{k}")
                    if sub is None:
                        return None
                    shape[str(k)] = sub
            schema = ObjectSchema(shape=shape)
        else:
            schema = Schema()
        dyn = raw.get("dyn")
        if isinstance(dyn, Mapping):
            schema = with_dynamic_styles(
                schema, dark_mode=bool(dyn.get("darkMode")), responsive=bool(dyn.get("responsive"))
            )
        if raw.get("isOptional"):
            schema = schema.optional()
        if raw.get("hasDefault"):
            schema = schema.default(raw.get("defaultValue"))
        return schema

    def read_slots(self, raw: object) -> None:
        if raw is None:
            return
        if not isinstance(raw, Mapping):
            self.script_error(
                "components/slots", "defineSlots takes an object of slots", fatal=True
            )
            return
        for name, entry in raw.items():
            marks: object = None
            schema = entry
            if isinstance(entry, Mapping) and entry.get("__mw") != "slot":
                schema = entry.get("schema")
                marks = entry.get("marks")
            if not isinstance(schema, Mapping) or schema.get("__mw") != "slot":
                self.script_error(
                    "components/slots",
                    f"slots.{name}: expected Component.slots.text(), any() or children([...])",
                    fatal=True,
                )
                continue
            kind = str(schema.get("kind", "any"))
            mark_list = DEFAULT_MARKS
            if marks is not None:
                if isinstance(marks, list) and all(m in MARKS for m in marks):
                    mark_list = tuple(str(m) for m in marks)
                else:
                    bad = (
                        [m for m in marks if m not in MARKS] if isinstance(marks, list) else [marks]
                    )
                    self.script_error(
                        "components/slots",
                        f"slots.{name}.marks: unknown mark(s) {bad!r}; marks are "
                        f"{', '.join(MARKS)}",
                    )
                    if isinstance(marks, list):
                        mark_list = tuple(str(m) for m in marks if m in MARKS)
            tags = schema.get("tags") or []
            self.d.slots[str(name)] = SlotDef(
                str(name),
                kind,
                mark_list,
                tuple(str(t) for t in tags) if isinstance(tags, list) else (),
                _int(schema.get("min")),
                _int(schema.get("max")),
            )


def _merge_interpolations(root: Element) -> None:
    """Join Text/Liquid runs where a ``${…}`` spans a Liquid token (``${'{{ x }}'}``), so the
    expression sees the whole text; Liquid outside the expression stays as written."""
    stack: list[Element | Conditional] = [root]
    while stack:
        parent = stack.pop()
        children = parent.children
        if any(isinstance(c, Text) and "${" in c.raw for c in children):
            out: list[Node] = []
            i = 0
            while i < len(children):
                node = children[i]
                if isinstance(node, Text) and "${" in node.raw and open_interpolation(node.raw):
                    raw, j = node.raw, i + 1
                    while (
                        j < len(children)
                        and isinstance(children[j], (Text, Liquid))
                        and open_interpolation(raw)
                    ):
                        raw += children[j].raw  # type: ignore[union-attr]
                        j += 1
                    if not open_interpolation(raw):
                        out.append(Text(raw, node.span, node.id))
                        i = j
                        continue
                out.append(node)
                i += 1
            parent.children = out
        stack.extend(c for c in parent.children if isinstance(c, (Element, Conditional)))


def _opt_str(value: object) -> str:
    return "" if value is None else str(value)


def _js_str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _num(value: object) -> float | None:
    """min/max/step as numbers; the docs sometimes write them as strings ('1')."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        if math.isfinite(number):
            return int(number) if number.is_integer() else number
    return None


def _int(value: object) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def _strip_js_strings(src: str) -> str:
    """``src`` with string, template and comment contents blanked (same length)."""
    out = list(src)
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c in "'\"`":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            j = min(n, j + 1)
        else:
            i += 1
            continue
        for k in range(i, j):
            if out[k] != "\n":
                out[k] = " "
        i = j
    return "".join(out)


def read_definition(
    text: str, file: str, engine: JSEngine, globals_value: Mapping[str, object] | None = None
) -> ComponentDefinition:
    """Read one component file (``file`` is its workspace-relative path; the tag comes
    from it). Never raises: problems are in ``errors``/``warnings``."""
    return _Reader(
        text, file, engine, globals_value or {"colors": {}, "fonts": {}, "radii": {}, "spacing": {}}
    ).run()


def attr_location(attr: Attr, line: int, column: int) -> tuple[int, int]:
    """File position of (line, column) inside an attribute's value (1-based)."""
    if line == 1:
        head = len(attr.name) + len(attr.eq) + len(attr.quote)
        return attr.span.line, attr.span.column + head + column - 1
    return attr.span.line + line - 1, column
