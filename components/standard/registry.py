"""Standard components as data: tag, typed props, defaults and a render function.

The registry drives rendering, the docs (docs/standard-components.md is checked
against :func:`describe_all`), the properties panel and the markup validator.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from components.diagnostics import Severity
from components.expand.context import ColumnFrame, ExpandContext, Seen
from components.js import JSEngine
from components.js.literal import NOT_LITERAL, literal_value
from components.markup.nodes import (
    DIRECTIVE_MARKS,
    LIQUID_RE,
    Attr,
    Comment,
    Element,
    Liquid,
    Node,
    Text,
)
from components.markup.serialize import serialize
from components.placement import Parents
from components.schema import (
    MISSING,
    EnumSchema,
    NumberSchema,
    Prop,
    SchemaIssue,
    StringSchema,
)
from components.sourcemap import MARK_ATTR

#: Attributes every standard component accepts besides its props.
PASS_THROUGH_PREFIXES = ("data-", "aria-")
PASS_THROUGH = frozenset({"id", "dir-auto"})


@dataclass(slots=True, init=False)
class Props:
    """The validated props of one component use, plus what passes through to its output.

    Read-only once made: uses written with the same literal attributes share one
    (:meth:`StandardComponent.evaluate_props`)."""

    #: prop name → value of each prop that is set (given or defaulted; never MISSING or
    #: None), so ``values.get(name, default)`` is :meth:`get` and
    #: ``values.get(name, MISSING)`` is ``props[name]`` without their calls
    values: dict[str, object]
    #: extra attributes for the outermost element: (name, raw value or None); this and
    #: the other sequences are one shared empty tuple when there is none (most uses)
    passthrough: Sequence[tuple[str, str | None]] = ()
    #: Liquid tokens from the attribute list, written into the outermost start tag
    liquid: Sequence[str] = ()
    #: props whose value came from a literal attribute (raw source text): a tuple once
    #: the props are made (a use's few names; a set per memoized use cost 216 bytes)
    raw: Collection[str] = ()
    #: (position in the attribute list, Liquid tokens) of each attribute whose prop value
    #: holds Liquid — a literal value written with it, a computed one (``:name``) whose
    #: prop ended up a string with it —, in attribute order: the component's output must
    #: then be checked for the Liquid it would drop (:meth:`StandardComponent.expand`)
    liquid_props: Sequence[tuple[int, list[str]]] = ()
    #: whether every attribute is a literal one (no directive, or one whose value is a
    #: plain literal: ``:layout="[50,50]"``): the props then depend on the attribute
    #: list alone (and are read-only: a literal's value is shared by the uses)
    literal: bool = True

    def __init__(self, values: dict[str, object]) -> None:
        # (written out, without a list per sequence: one per use; the names in raw made
        # by StandardComponent._evaluate, lists by _evaluate_all when there is something)
        self.values = values
        self.passthrough = self.liquid = self.raw = self.liquid_props = ()
        self.literal = True

    def __getitem__(self, name: str) -> object:
        return self.values.get(name, MISSING)

    def get(self, name: str, default: object = MISSING) -> object:
        value = self.values.get(name, MISSING)
        return default if value is MISSING or value is None else value

    def has(self, name: str) -> bool:
        value = self.values.get(name, MISSING)
        return value is not MISSING and value is not None and value != ""

    def given(self, names: Sequence[str]) -> dict[str, object]:
        """Name → value of each of ``names`` that is set (neither MISSING nor None)."""
        if self.values.keys().isdisjoint(names):  # (the common case, without a loop)
            return {}
        get = self.values.get
        return {n: v for n in names if (v := get(n)) is not None and v is not MISSING}

    def has_any(self, names: Sequence[str]) -> bool:
        """Whether :meth:`has` any of ``names``."""
        if self.values.keys().isdisjoint(names):  # (the common case, without a loop)
            return False
        get = self.values.get
        for name in names:
            value = get(name)
            if value is not None and value is not MISSING and value != "":
                return True
        return False


Render = Callable[[ExpandContext, Element, Props, list[str]], None]
#: how a structural check reports: (rule without the ``markup/`` prefix, message, element)
Report = Callable[[str, str, Element], None]
#: a component's own structural check of one use in an email (the markup validator and
#: the expander call it; the engine evaluates ``:prop`` expressions when needed)
StructureCheck = Callable[[Element, Report, Callable[[], JSEngine]], None]

#: every inline mark a text slot can allow (the names custom components' text slots use,
#: ``components.custom.definition.MARKS``, and a list's items), and the element that
#: writes it
TEXT_MARKS: dict[str, str] = {
    "bold": "strong",
    "italic": "em",
    "underline": "u",
    "strikethrough": "s",
    "link": "a",
    "color": "span",
    "superscript": "sup",
    "subscript": "sub",
    "code": "code",
    "linebreak": "br",
    "list-item": "li",
}
#: the marks of running text (paragraphs, editable text)
RICH_MARKS: tuple[str, ...] = (
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
#: a list: running text in items (Enter on the canvas starts a new item)
LIST_MARKS: tuple[str, ...] = (*RICH_MARKS, "list-item")
#: headings: no code, no sub/superscript
HEADING_MARKS = ("bold", "italic", "underline", "strikethrough", "link", "color", "linebreak")
#: a button's label: it is a link already
LABEL_MARKS = ("bold", "italic", "underline", "strikethrough", "color", "linebreak")


@dataclass(frozen=True, slots=True)
class StandardComponent:
    """One standard component: ``tag``, its ``props`` (schemas + panel metadata), ``render``.

    ``text_defaults`` names the global-styles component whose defaults apply
    beneath explicit props (``paragraph``, ``heading1`` …, ``button``; "" for none).
    ``description`` is the one-line summary used in the docs.

    Structural rules are data here, read by one generic check
    (:mod:`components.placement`) that the markup validator, the expander and the
    visual editor's drop rules share: ``allowed_parents`` (the element directly
    around the component; empty: anywhere), reported as ``markup/<parent_rule>``
    with ``parent_hint`` appended; ``check`` runs the component's own rule on a use
    (``x-row``: one ``:layout`` width per column).
    """

    tag: str
    props: tuple[Prop, ...]
    render: Render
    description: str = ""
    text_defaults: str = ""
    #: the visual editor's name, Insert-panel group and the markup an insert writes
    #: (placeholder content included; indented two spaces per level)
    label: str = ""
    group: str = ""
    insert: str = ""
    #: what its children are in the layers panel and for drops: "components" (rows
    #: that take drops), "text" (text and inline HTML: one row, no drops inside) or
    #: "none" (renders no content)
    content: str = "components"
    #: the marks a "text" component's content takes (:data:`TEXT_MARKS` names) — what
    #: the visual editor's bubble menu offers and what pasted rich text is reduced to
    marks: tuple[str, ...] = ()
    allowed_parents: tuple[str, ...] = ()
    parent_rule: str = "allowed-parents"
    parent_hint: str = ""
    check: StructureCheck | None = None
    #: False for components that render no content (x-spacer, x-image …): content
    #: written in them is reported and only its Liquid tokens are kept
    takes_content: bool = True
    #: False for components that write no element of their own (x-edit-text …): the
    #: Liquid of their attribute list is written before their output instead
    renders_element: bool = True
    #: whether a use may be written again from the record of an earlier one with the
    #: same props in the same context (:class:`UseRecord`): its render writes strings,
    #: its one start tag with the source mark, and its children with one
    #: ``ctx.expand_nodes(el.children, out)`` (or not at all); what else it changes is a
    #: set that an addition made again leaves as it is (CSS rules, fonts, Outlook
    #: rules, the per-expansion memos) and ``ctx.inherited``, ``hidden_on`` and
    #: ``column_frame``
    replayable: bool = False
    #: made once from ``props`` (expansion reads them for every use): name → prop, and
    #: name → what the schema gives when the prop is not set (value, issues)
    _by_name: dict[str, Prop] = field(init=False, repr=False, compare=False)
    _unset: dict[str, tuple[object, list[SchemaIssue]]] = field(
        init=False, repr=False, compare=False
    )
    #: name → default value of each prop that has one
    _defaults: dict[str, object] = field(init=False, repr=False, compare=False)
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    #: the props that must be given (their schema refuses MISSING), in prop order
    _required: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: name → the prop schema's reader of literal attribute strings
    _readers: dict[str, Callable[[str], tuple[object, list[SchemaIssue]]]] = field(
        init=False, repr=False, compare=False
    )
    #: name → how :meth:`_read_literals` reads a literal of the prop: :func:`_as_written`
    #: (a string), the values of an enum (a frozenset), :data:`_NUMBER` /
    #: :data:`_CSS_NUMBER` (a number without bounds, a CSS one) or the schema's reader
    _kinds: dict[str, object] = field(init=False, repr=False, compare=False)
    _parents: Parents = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unset = {p.name: p.schema.parse(MISSING) for p in self.props}
        object.__setattr__(self, "_by_name", {p.name: p for p in self.props})
        object.__setattr__(self, "_unset", unset)
        # (the props with a default: an unset one without is left out of Props.values)
        object.__setattr__(
            self,
            "_defaults",
            {k: v for k, (v, _) in unset.items() if v is not MISSING and v is not None},
        )
        object.__setattr__(self, "_index", {p.name: i for i, p in enumerate(self.props)})
        object.__setattr__(
            self, "_required", tuple(name for name, (_, issues) in unset.items() if issues)
        )
        # a string prop reads a literal as written: no call for it (see _evaluate)
        object.__setattr__(
            self,
            "_readers",
            {
                p.name: _as_written
                if type(p.schema).read_literal is StringSchema.read_literal
                else p.schema.read_literal
                for p in self.props
            },
        )
        object.__setattr__(
            self, "_kinds", {p.name: _kind(p, self._readers[p.name]) for p in self.props}
        )
        if any(p.name[:1] in DIRECTIVE_MARKS for p in self.props):
            raise ValueError(
                f"{self.tag}: a prop name cannot start with ':' or '#' (those start directives)"
            )
        object.__setattr__(
            self,
            "_parents",
            Parents(
                self.allowed_parents,
                direct=True,
                hint=self.parent_hint,
                rule=f"markup/{self.parent_rule}",
            ),
        )

    @property
    def parents(self) -> Parents:
        """The parents this component accepts, as the shared check reads them."""
        return self._parents

    def prop(self, name: str) -> Prop | None:
        return self._by_name.get(name)

    @property
    def prop_map(self) -> dict[str, Prop]:
        return dict(self._by_name)

    def describe(self) -> dict[str, object]:
        return {
            "tag": self.tag,
            "description": self.description,
            "globalDefaults": self.text_defaults or None,
            "props": [p.describe() for p in self.props],
        }

    # -- expansion -------------------------------------------------------------------
    def expand(self, ctx: ExpandContext, el: Element, out: list[str]) -> None:
        allowed = self.allowed_parents
        if allowed:
            stack = ctx.open_elements  # (ctx.parent_tag: the parent accepted, the usual case)
            if len(stack) < 2 or stack[-2] not in allowed:
                problem = self._parents.refusal(el.name_raw, ctx.parent_tag)
                # the email's own elements are the markup validator's; template ones are ours
                if problem and not ctx.in_document(el):
                    ctx.report(f"markup/{self.parent_rule}", problem, node=el)
        # (_props, without its call: tests/components/standard/test_registry.py compares)
        parts: list[object] = [self.tag]
        append = parts.append
        try:
            for item in el.attrs:
                append(item.name)  # type: ignore[union-attr]
                append(item.value)  # type: ignore[union-attr]
        except AttributeError:  # Liquid in the attribute list (no name): not literal
            props, shared = self._evaluate(ctx, el), False
        else:
            key = tuple(parts)
            memo = ctx.props_memo
            found = memo.get(key)
            if found is not None:
                props, shared = found, True  # type: ignore[assignment]  # (Props only)
            else:
                shared = False
                made = self._read_literals(el, key)
                if made is not None:
                    props = memo[key] = made
                else:
                    reported = len(ctx.issues)
                    props = self._evaluate_all(ctx, el)
                    if props.literal and len(ctx.issues) == reported:
                        memo[key] = props
        start = len(out)
        if not self.renders_element:
            out.extend(props.liquid)
        # a use written alike before may be written from a record (_render_recorded)
        render = (
            self._render_recorded
            if (shared and self.replayable and ctx.journal is None and el.id)
            else self.render
        )
        if props.liquid_props:
            head = len(ctx.head)
            before = (ctx.title, ctx.base_title_html, ctx.preheader)
            render(ctx, el, props, out)
            self._keep_liquid_values(ctx, el, props, out, start, head, before)
        else:  # no prop value holds Liquid: none can be dropped
            render(ctx, el, props, out)
        if not self.takes_content and el.children:
            keep_dropped_liquid(ctx, el, out)

    def _render_recorded(
        self, ctx: ExpandContext, el: Element, props: Props, out: list[str]
    ) -> None:
        """Render a use whose props are those of an earlier use (the second use written
        alike or a later one). In one context (inherited dict, hidden_on, column frame):
        the first such use is rendered and noted, the next rendered and recorded
        (:class:`UseRecord`), and the ones after written from the record: of uses
        written alike in one context, the fourth is the first one replayed. Only while no
        journal is kept (a journaled expansion must make every addition to the shared
        state, which the studio's cache replays later; a record's write makes none)."""
        inherited = ctx.inherited
        key = (id(props), id(inherited), ctx.hidden_on, ctx.column_frame, not el.children)
        records = ctx.use_records
        record = records.get(key)
        if type(record) is UseRecord and record.props is props and record.inherited is inherited:
            record.write(ctx, el, out)
            return
        if record is None or record is False:
            # None: not met yet, noted now and recorded the next time (few uses repeat);
            # False: its record could not be made. True and False hold neither the props
            # nor the dict whose ids make the key, so once those are gone the key may be
            # another's: it then changes only when that one is recorded, never what is
            # written (a record is written only for its own props and dict, checked above)
            if record is None:
                records[key] = True
            self.render(ctx, el, props, out)
            return
        start, issues = len(out), len(ctx.issues)
        saved = ctx.watch_children(el.children)
        try:
            self.render(ctx, el, props, out)
        finally:
            seen = ctx.end_watch(saved)
        made = UseRecord.of(ctx, el, props, inherited, out, start, issues, seen)
        records[key] = made if made is not None else False

    def _keep_liquid_values(
        self,
        ctx: ExpandContext,
        el: Element,
        props: Props,
        out: list[str],
        start: int,
        head: int,
        before: tuple[str, str, str],
    ) -> None:
        """Liquid written in a prop the component must know when the email is built
        (``align``, ``hide-on`` …) cannot decide anything: say so, and keep its tokens
        in the component's outermost start tag. ``head`` and ``before`` are the length
        of ``ctx.head`` and the title, base title and preheader before rendering."""
        given: list[tuple[Attr, list[str]]] = []
        needed: list[str] = []
        attrs = el.attrs
        for i, tokens in props.liquid_props:
            item = attrs[i]
            if isinstance(item, Attr):  # (it is: liquid_props points at attributes)
                given.append((item, tokens))
                needed += tokens
        # what the component wrote elsewhere (x-base's <title> and preheader, x-head)
        written = "".join(out[start:])
        if len(ctx.head) > head or (ctx.title, ctx.base_title_html, ctx.preheader) != before:
            elsewhere = ctx.head[head:]
            for now, was in (
                (ctx.title, before[0]),
                (ctx.base_title_html, before[1]),
                (ctx.preheader, before[2]),
            ):
                if now != was:
                    elsewhere.append(now)
            written += "".join(elsewhere)
        found = LIQUID_RE.findall(written)
        if props.liquid:
            needed += LIQUID_RE.findall("".join(props.liquid))
        if el.children:
            needed += liquid_tokens(el.children)
        for t in set(needed):
            if found.count(t) < needed.count(t):
                break
        else:
            return  # every token is written (the usual case: href="…{{ id }}")
        missing = Counter(needed) - Counter(found)
        if not missing:
            return
        lost: list[str] = []
        for attr, tokens in given:
            dropped = [t for t in tokens if missing[t] > 0]
            if not dropped:
                continue
            for t in dropped:
                missing[t] -= 1
            lost.extend(dropped)
            ctx.report(
                "props/liquid-unsupported",
                f"<{el.name_raw}> {attr.name}: Liquid cannot choose this value (the "
                "component needs it when the email is built); write a fixed value, "
                "or wrap the component in {% if %} … {% endif %}. The default is used "
                "and the Liquid is kept in the start tag",
                node=el,
                attr=attr,
                severity=Severity.WARNING,
            )
        if lost:
            _insert_in_first_tag(out, start, "".join(" " + t for t in lost))

    def evaluate_props(self, ctx: ExpandContext, el: Element) -> Props:
        """The props of one use. Uses written with literal attributes only are
        evaluated once per expansion and attribute list (emails repeat them); a use
        whose props had problems is evaluated every time, so each one is reported."""
        return self._props(ctx, el)[0]

    def _props(self, ctx: ExpandContext, el: Element) -> tuple[Props, bool]:
        """:meth:`evaluate_props`, and whether they are those of an earlier use written
        with the same attribute list (kept for the expansion)."""
        # the tag, then each attribute's name and value (a loop reading them costs half
        # what map(attrgetter("name", "value"), …) does, and makes no pair per attribute)
        parts: list[object] = [self.tag]
        append = parts.append
        try:
            for item in el.attrs:
                append(item.name)  # type: ignore[union-attr]
                append(item.value)  # type: ignore[union-attr]
        except AttributeError:  # Liquid in the attribute list (no name): not literal
            return self._evaluate(ctx, el), False
        key = tuple(parts)
        memo = ctx.props_memo
        found = memo.get(key)  # (only literal uses are kept: a directive's key is not)
        if found is not None:
            return found, True  # type: ignore[return-value]  # (it holds Props only; no cast's call)
        # (_evaluate's common case, without its call; every item is an Attr: it has a name)
        props = self._read_literals(el, key)
        if props is not None:
            memo[key] = props  # (literal, and read without a problem)
            return props, False
        before = len(ctx.issues)
        props = self._evaluate_all(ctx, el)
        if props.literal and len(ctx.issues) == before:
            memo[key] = props
        return props, False

    def _evaluate(self, ctx: ExpandContext, el: Element) -> Props:
        props = self._read_literals(el)
        return props if props is not None else self._evaluate_all(ctx, el)

    def _read_literals(self, el: Element, key: tuple[Any, ...] | None = None) -> Props | None:
        """The props of a use whose attribute list holds only literal props (a value
        with Liquid kept as written) — no directive, no Liquid between attributes, no
        pass-through or unknown attribute, every value valid, every required prop
        given: what :meth:`_evaluate_all` makes of it, read without its other cases.
        None for any other use (then :meth:`_evaluate_all` reads it;
        ``tests/components/standard/test_registry.py`` compares the two).
        ``key``: :meth:`_props`' memo key of the use (the tag, then each attribute's name
        and value), when its attribute list is known to hold only :class:`Attr`."""
        if key is None:
            if any(type(item) is not Attr for item in el.attrs):
                return None  # (Liquid between attributes)
            key = (self.tag, *[x for a in cast("list[Attr]", el.attrs) for x in (a.name, a.value)])
        kinds = self._kinds
        values = dict(self._defaults)
        liquid: list[tuple[int, list[str]]] | None = None
        computed = False  # (whether a directive was read: it is not a raw name)
        attrs: list[Attr] = el.attrs  # type: ignore[assignment]  # (Attr only: checked above)
        for item in attrs:
            name = item.name
            kind = kinds.get(name)
            raw = item.value
            if kind is _as_written:  # a string prop (the most common): as written
                if raw is None:
                    values[name] = ""  # (a bare attribute)
                    continue
                values[name] = raw
                if "{" in raw and ("{{" in raw or "{%" in raw):
                    if liquid is None:
                        liquid = []
                    liquid.append((el.attrs.index(item), LIQUID_RE.findall(raw)))
                continue
            if kind is None:
                # a directive whose value is a plain literal of a type other than a string
                # (``:layout="[50,50]"``), read as _evaluate_all reads it; else None
                if name[:1] != ":" or raw is None or "&" in raw or name[1:] not in kinds:
                    return None
                value = literal_value(raw)
                if value is NOT_LITERAL or value is MISSING or type(value) is str:
                    return None
                name = name[1:]
                parsed, issues = self._by_name[name].schema.parse(value)
                if issues:
                    return None
                if parsed is MISSING or parsed is None:  # (``:name="null"``: not set)
                    values.pop(name, None)
                else:
                    values[name] = parsed
                computed = True
                continue
            if raw is None:
                raw = ""  # (a bare attribute: ``reverse``)
            elif "{" in raw and ("{{" in raw or "{%" in raw):
                values[name] = raw  # Liquid decides at send time; the render must keep it
                if liquid is None:
                    liquid = []
                liquid.append((el.attrs.index(item), LIQUID_RE.findall(raw)))
                continue
            if kind is _CSS_NUMBER or kind is _NUMBER:
                if raw.isdecimal() and raw.isascii() and len(raw) < 16:
                    values[name] = int(raw)  # (NumberSchema.read_literal's first case)
                    continue
                if kind is _CSS_NUMBER and raw[-1:].isalpha():
                    values[name] = raw  # a CSS length (its second)
                    continue
            elif type(kind) is frozenset:  # an enum: a value it holds, else a problem
                if raw not in kind:
                    return None
                values[name] = raw
                continue
            parsed, issues = self._readers[name](raw)
            if issues or parsed is MISSING or parsed is None:
                return None
            values[name] = parsed
        for name in self._required:
            if name not in values:
                return None
        if computed and liquid is not None:
            return None  # (_evaluate_all checks a directive's prop for Liquid set later)
        # (Props(values), each field set here without its __init__'s call)
        props: Props = _new(Props)
        props.values = values
        props.passthrough = props.liquid = ()
        props.literal = True
        props.liquid_props = liquid if liquid is not None else ()
        if len(key) > 1:
            # (the names, in order; a directive's is not one)
            props.raw = key[1::2] if not computed else tuple(n for n in key[1::2] if n[0] != ":")
        else:
            props.raw = ()
        return props

    def _evaluate_all(self, ctx: ExpandContext, el: Element) -> Props:
        """The props of any use: literal attributes, directives, Liquid, pass-through
        and unknown attributes, problems reported (:meth:`_read_literals` is its common
        case)."""
        readers = self._readers
        values = dict(self._defaults)
        result = Props(values)
        passthrough: list[tuple[str, str | None]] = []
        liquid: list[str] = []
        result.passthrough, result.liquid = passthrough, liquid
        raw_names: set[str] = set()
        # the attributes whose value may hold Liquid the component must keep: a literal
        # one (its tokens) or a computed one (None: its prop's final value decides)
        liquid_at: list[tuple[Attr, list[str] | None]] = []
        # props whose (last) attribute did not validate: (schema issues, attribute)
        bad: dict[str, tuple[list[SchemaIssue], Attr]] = {}
        parsed: object
        for item in el.attrs:
            if not isinstance(item, Attr):
                # Liquid: never glued to a name before it (the attribute there may be dropped)
                liquid.append((item.pre or " ") + item.raw)
                continue
            name = item.name
            reader = readers.get(name)  # (no prop name starts with ":" or "#")
            if reader is not None:  # the common case: a literal prop
                raw = item.value
                if raw is None:
                    raw = ""
                raw_names.add(name)
                if "{" in raw and ("{{" in raw or "{%" in raw):
                    liquid_at.append((item, LIQUID_RE.findall(raw)))
                    parsed, issues = raw, _NO_ISSUES  # Liquid decides at send time
                elif reader is _as_written:  # (its answer, without the call)
                    values[name] = raw
                    if bad:
                        bad.pop(name, None)  # a later attribute replaces an earlier one
                    continue
                else:
                    parsed, issues = reader(raw)
            elif name[:1] in DIRECTIVE_MARKS:
                if name[0] == "#" and not name.startswith("#set:"):
                    result.literal = False
                    ctx.report(
                        "markup/unsupported-directive",
                        f"directive {name} is not supported on <{el.name_raw}>; "
                        "use it on HTML elements inside custom components",
                        node=el,
                        attr=item,
                        severity=Severity.WARNING,
                    )
                    _keep_liquid(liquid, item)
                    continue
                liquid_at.append((item, None))  # a computed string may hold Liquid
                prop_name = name[1:] if name[0] == ":" else name[5:]
                source = item.value or ""
                # a plain literal (``:layout="[50,50]"``) is its value wherever it is
                # written: the props still depend on the attribute list alone
                value = literal_value(source) if "&" not in source else NOT_LITERAL
                if value is NOT_LITERAL:
                    result.literal = False
                    value = ctx.evaluate(source, node=el, attr=item)
                if value is MISSING:
                    _keep_liquid(liquid, item)
                    continue  # reported; the default applies
                prop = self._by_name.get(prop_name)
                if prop is None:
                    if _passes_through(prop_name):
                        passthrough.append((prop_name, _stringify(value)))
                        continue
                    self._unknown(ctx, el, item, prop_name)
                    _keep_liquid(liquid, item)
                    continue
                if (
                    prop_name in raw_names
                    and isinstance(value, str)
                    and ("{{" in value or "{%" in value)
                ):
                    parsed, issues = value, _NO_ISSUES  # Liquid decides at send time
                else:
                    parsed, issues = prop.schema.parse(value)
                name = prop_name
            else:
                if _passes_through(name):
                    passthrough.append((name, item.value))
                else:
                    self._unknown(ctx, el, item, name)
                    _keep_liquid(liquid, item)
                continue
            if issues:
                bad[name] = (issues, item)
            else:
                if parsed is MISSING or parsed is None:  # (``:name="null"``: not set)
                    values.pop(name, None)
                else:
                    values[name] = parsed
                if bad:
                    bad.pop(name, None)  # a later attribute replaces an earlier one
        if self._required:
            # not given (a given one has a value, or did not validate)
            missing = [
                n for n in self._required if values.get(n, MISSING) is MISSING and n not in bad
            ]
        else:
            missing = []
        if bad or missing:
            # reported in prop order; the default is used
            unset = self._unset
            for name in sorted([*bad, *missing], key=self._index.__getitem__):
                entry = bad.get(name)
                if entry is None:  # required, not given
                    self._invalid(ctx, el, name, unset[name][1], None)
                else:
                    self._invalid(ctx, el, name, entry[0], entry[1])
                    _keep_liquid(liquid, entry[1])
                default = unset[name][0]
                if default is MISSING or default is None:
                    values.pop(name, None)
                else:
                    values[name] = default
        if liquid_at:
            _liquid_props(result, el, liquid_at)
        result.raw = tuple(raw_names) if raw_names else ()
        return result

    @staticmethod
    def _invalid(
        ctx: ExpandContext, el: Element, name: str, issues: list[SchemaIssue], attr: Attr | None
    ) -> None:
        detail = "; ".join(i.describe() for i in issues)
        ctx.report(
            "props/invalid",
            f"<{el.name_raw}> {name}: {detail}; the default is used",
            node=el,
            attr=attr,
        )

    def _unknown(self, ctx: ExpandContext, el: Element, item: Attr, name: str) -> None:
        close = _closest(name, [p.name for p in self.props])
        hint = f"; did you mean {close!r}?" if close else ""
        ctx.report(
            "props/unknown",
            f"<{el.name_raw}> has no prop {name!r}{hint}",
            node=el,
            attr=item,
            severity=Severity.WARNING,
        )


class UseRecord:
    """What the render of one standard component use wrote, to write it again for a
    later use of the same component with the same :class:`Props` object in the same
    context (``ctx.inherited``, ``hidden_on``, ``column_frame``), in the same
    expansion only (:attr:`ExpandContext.use_records`): the output pieces before and
    after its children, with the source mark cut out of the one that holds it, and the
    context its children were expanded in and the one it left. Its children are
    expanded again (they are the use's own), its source mark made for the use (so the
    source map gets the use's origin), and the pieces are the same strings as a render
    would append, in the same pieces. The render's additions to the shared state are
    not made again: they are sets (CSS rules, fonts, Outlook rules, per-expansion
    memos) that already hold them. A render that reported a problem is not recorded
    (its uses report theirs), nor one whose output holds its mark other than once."""

    __slots__ = (
        "after",
        "at",
        "child",
        "cut",
        "end",
        "head",
        "inherited",
        "piece",
        "props",
        "tail",
    )

    props: Props
    inherited: dict[str, object]
    #: the pieces before the one with the mark, that piece and where the mark starts and
    #: ends in it, the pieces after it up to the children
    head: list[str]
    piece: str
    at: int
    cut: int
    tail: list[str]
    #: (inherited, hidden_on, column_frame) the children were expanded in; None when
    #: the render expanded none
    child: tuple[dict[str, object], str, ColumnFrame | None] | None
    #: the pieces after the children
    after: list[str]
    #: (inherited, hidden_on, column_frame) as the render left them
    end: tuple[dict[str, object], str, ColumnFrame | None]

    @classmethod
    def of(
        cls,
        ctx: ExpandContext,
        el: Element,
        props: Props,
        inherited: dict[str, object],
        out: list[str],
        start: int,
        issues: int,
        seen: Seen,
    ) -> UseRecord | None:
        """The record of the render that wrote ``out[start:]`` (``issues``: the number of
        issues before it; ``seen``: ``ctx.window`` after it), or None when it cannot be
        written again."""
        if seen is False:  # its children expanded twice
            return None
        if seen is None:
            own = len(ctx.issues) - issues
            child = None
            first = last = len(out)
        else:
            first, at_first, child_inherited, hidden_on, frame, last, at_last = seen
            own = (at_first - issues) + (len(ctx.issues) - at_last)
            child = (child_inherited, hidden_on, frame)
        if own:
            return None
        if not ctx.options.marks:
            return None
        mark = f' {MARK_ATTR}="{el.id}"'  # (what ctx.mark(el) wrote)
        before = out[start:first]
        after = out[last:]
        i = 0
        for piece in before:  # (the first or second piece, in practice)
            at = piece.find(mark)
            if at >= 0:
                break
            i += 1
        else:
            return None
        if (
            piece.find(mark, at + 1) >= 0
            or mark in "".join(before[i + 1 :])
            or (after and mark in "".join(after))
        ):
            return None  # (the mark text written by the component itself too)
        # (the piece is kept whole, the output holds it anyway: cut when written)
        return cls(
            props,
            inherited,
            before[:i],
            piece,
            at,
            at + len(mark),
            before[i + 1 :],
            child,
            after,
            (ctx.inherited, ctx.hidden_on, ctx.column_frame),
        )

    def __init__(
        self,
        props: Props,
        inherited: dict[str, object],
        head: list[str],
        piece: str,
        at: int,
        cut: int,
        tail: list[str],
        child: tuple[dict[str, object], str, ColumnFrame | None] | None,
        after: list[str],
        end: tuple[dict[str, object], str, ColumnFrame | None],
    ) -> None:
        self.props, self.inherited = props, inherited
        self.head, self.piece, self.at, self.cut, self.tail = head, piece, at, cut, tail
        self.child, self.after, self.end = child, after, end

    def write(self, ctx: ExpandContext, el: Element, out: list[str]) -> None:
        """Write the recorded use for ``el``: its pieces, its mark and its children."""
        ctx.uses_replayed += 1
        if self.head:
            out.extend(self.head)
        piece = self.piece
        out.append(piece[: self.at] + ctx.mark(el) + piece[self.cut :])
        if self.tail:
            out.extend(self.tail)
        child = self.child
        if child is not None:
            ctx.inherited, ctx.hidden_on, ctx.column_frame = child
            try:
                ctx.expand_nodes(el.children, out)
            finally:
                ctx.inherited, ctx.hidden_on, ctx.column_frame = self.end
        else:
            ctx.inherited, ctx.hidden_on, ctx.column_frame = self.end
        if self.after:
            out.extend(self.after)


_NO_ISSUES: list[SchemaIssue] = []
_new = object.__new__


def _liquid_props(
    props: Props, el: Element, liquid_at: list[tuple[Attr, list[str] | None]]
) -> None:
    """Fill ``props.liquid_props`` from the attributes :meth:`StandardComponent._evaluate`
    met whose value may hold Liquid (a computed one by its prop's final value)."""
    found: list[tuple[int, list[str]]] = []
    for item, written in liquid_at:
        tokens = written
        if tokens is None:
            value = props.values.get(item.name.split(":", 1)[1])
            if not (isinstance(value, str) and "{" in value and ("{{" in value or "{%" in value)):
                continue
            tokens = LIQUID_RE.findall(value)
        found.append((el.attrs.index(item), tokens))
    if found:
        props.liquid_props = found


def _as_written(literal: str) -> tuple[object, list[SchemaIssue]]:
    """The reader of a string prop: the literal as written (``StringSchema.read_literal``)."""
    return literal, _NO_ISSUES


#: :attr:`StandardComponent._kinds` of a number prop without bounds (its literal read as
#: ``NumberSchema.read_literal`` reads it), and of one that takes CSS lengths too
_NUMBER = object()
_CSS_NUMBER = object()


def _kind(prop: Prop, reader: Callable[[str], tuple[object, list[SchemaIssue]]]) -> object:
    """How :meth:`StandardComponent._read_literals` reads a literal of ``prop``."""
    schema = prop.schema
    if reader is _as_written:
        return _as_written
    if type(schema).read_literal is EnumSchema.read_literal and isinstance(schema, EnumSchema):
        return frozenset(schema.values)
    if (
        type(schema).read_literal is NumberSchema.read_literal
        and isinstance(schema, NumberSchema)
        and schema.minimum is None
        and schema.maximum is None
    ):
        return _CSS_NUMBER if schema.css else _NUMBER
    return reader


_TAG_NAME_RE = re.compile(r"<[A-Za-z][^\s/>]*")


def _insert_in_first_tag(out: list[str], start: int, text: str) -> None:
    """Put ``text`` after the tag name of the first start tag written from ``start``
    (before the output when there is none: attributes come before content)."""
    for i in range(start, len(out)):
        m = _TAG_NAME_RE.match(out[i])
        if m:
            out[i] = out[i][: m.end()] + text + out[i][m.end() :]
            return
    out.insert(start, text)


def _keep_liquid(liquid: list[str], item: Attr) -> None:
    """A dropped attribute's Liquid tokens stay in the element's attribute list
    (``liquid``: its props' :attr:`Props.liquid`)."""
    tokens = LIQUID_RE.findall(item.name + "=" + (item.value or ""))
    liquid.extend(" " + t for t in tokens)


def keep_dropped_liquid(ctx: ExpandContext, el: Element, out: list[str]) -> None:
    """Content of a component that renders none: warn, and keep its Liquid tokens.

    Liquid is never lost: a ``{% if %}`` inside an ``<x-spacer>`` may be closed
    outside it, so the tokens are written after the element, in source order.
    """
    if not el.children:
        return
    content = [
        n
        for n in el.children
        if not isinstance(n, Comment) and not (isinstance(n, Text) and not n.raw.strip())
    ]
    tokens = liquid_tokens(el.children)
    if not content and not tokens:
        return
    first = content[0] if content else None
    span = first.span if first is not None and first.span.line else el.span
    kept = " (its Liquid tokens are kept after it)" if tokens else ""
    ctx.report(
        "markup/ignored-content",
        f"<{el.name_raw}> takes no content; what is written inside it is dropped{kept}",
        node=el,
        severity=Severity.WARNING,
        line=span.line,
        column=span.column,
    )
    out.extend(tokens)


def liquid_tokens(nodes: Sequence[Node]) -> list[str]:
    """Every Liquid token in ``nodes`` as written, in source order: in text, attribute
    lists, attribute values, comments and declarations (read from the source text, so a
    token the parser split across nodes of malformed markup is found too)."""
    raws: list[str] = []
    for n in nodes:  # (a label, text and Liquid only: as written; one loop, no generators)
        if type(n) is not Text and type(n) is not Liquid:
            break
        raws.append(n.raw)
    else:
        return LIQUID_RE.findall("".join(raws))
    return LIQUID_RE.findall("".join(serialize(n) for n in nodes))


def _passes_through(name: str) -> bool:
    return name in PASS_THROUGH or name.startswith(PASS_THROUGH_PREFIXES)


def _stringify(value: object) -> str | None:
    if value is True:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _closest(name: str, names: Sequence[str]) -> str:
    import difflib  # a misspelling's suggestion only (cold start: docs/performance.md)

    found = difflib.get_close_matches(name, names, n=1, cutoff=0.7)
    return found[0] if found else ""


def registry_of(components: Sequence[StandardComponent]) -> Mapping[str, StandardComponent]:
    return {c.tag: c for c in components}
