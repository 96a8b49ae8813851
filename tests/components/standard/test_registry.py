"""How a standard component reads the props of one use (``StandardComponent.evaluate_props``)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from components.expand import ExpandContext, ExpandOptions
from components.markup import parse
from components.markup.nodes import Element
from components.schema import MISSING, Prop, string
from components.standard import REGISTRY
from components.standard.registry import Props, StandardComponent
from styles.css import CssBuilder
from styles.model import GlobalStyles


@dataclass(frozen=True)
class Case:
    description: str
    source: str
    #: prop → expected value
    values: dict[str, object]
    #: "rule line:column" of each issue, in order
    issues: tuple[str, ...] = ()
    liquid: tuple[str, ...] = ()


CASES = [
    Case(
        "literals are coerced to the schema's type",
        '<x-row gap="12" fallback="multi" reverse width="50%"></x-row>',
        {"gap": 12, "fallback": "multi", "reverse": True, "width": "50%"},
    ),
    Case(
        "unset props take their defaults",
        "<x-row></x-row>",
        {"gap": 0, "fallback": "single", "reverse": False, "width": MISSING},
    ),
    Case(
        "a later attribute of a prop replaces an earlier one",
        '<x-row gap="4" gap="8"></x-row>',
        {"gap": 8},
    ),
    Case(
        "an invalid attribute replaced by a valid one is not reported",
        '<x-row gap="x" gap="8"></x-row>',
        {"gap": 8},
    ),
    Case(
        "a valid attribute replaced by an invalid one: reported, default used",
        '<x-row gap="8" gap="x"></x-row>',
        {"gap": 0},
        ("props/invalid 1:16",),
    ),
    Case(
        "issues come in prop order, not attribute order",
        '<x-row reverse="maybe" gap="x"></x-row>',
        {"gap": 0, "reverse": False},
        ("props/invalid 1:24", "props/invalid 1:8"),
    ),
    Case(
        "a required prop not given is reported at the element",
        '<x-image alt="a"></x-image>',
        {"src": MISSING, "alt": "a"},
        ("props/invalid 1:1",),
    ),
    Case(
        "Liquid in a literal decides at send time",
        '<x-row gap="{{ g }}"></x-row>',
        {"gap": "{{ g }}"},
    ),
    Case("a computed value replaces a literal", '<x-row gap="4" :gap="6 + 1"></x-row>', {"gap": 7}),
    Case(
        "the Liquid of a dropped attribute stays in the attribute list",
        """<x-row :gap="'{{ g }}px'"></x-row>""",
        {"gap": 0},
        ("props/invalid 1:8",),
        (" {{ g }}",),
    ),
]


def _context() -> ExpandContext:
    return ExpandContext(
        file="e.html",
        styles=GlobalStyles(),
        options=ExpandOptions(),
        library=None,
        registry=REGISTRY,
        css=CssBuilder(),
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_props_of_one_use(case: Case) -> None:
    el = parse(case.source, "e.html").document.children[0]
    assert isinstance(el, Element)
    ctx = _context()
    props = REGISTRY[el.name].evaluate_props(ctx, el)
    assert {k: props[k] for k in case.values} == case.values
    assert tuple(f"{i.rule} {i.line}:{i.column}" for i in ctx.issues) == case.issues
    assert tuple(props.liquid) == case.liquid


def test_uses_with_the_same_literal_attributes_share_their_props() -> None:
    doc = parse(
        '<x-row gap="8"></x-row><x-row gap="8"></x-row><x-row gap="9"></x-row>'
        '<x-row gap="x"></x-row><x-row gap="x"></x-row>',
        "e.html",
    ).document
    rows = [n for n in doc.children if isinstance(n, Element)]
    ctx = _context()
    a, b, c, d, e = (REGISTRY["x-row"].evaluate_props(ctx, r) for r in rows)
    assert a is b and a is not c
    assert d is not e  # a use with problems is read (and reported) every time
    assert [i.column for i in ctx.issues] == [77, 100]


@pytest.mark.parametrize("name", [":href", "#if", "#set:href"])
def test_a_prop_name_cannot_start_a_directive(name: str) -> None:
    # the props loop reads an attribute named like a prop as a literal prop
    with pytest.raises(ValueError, match="cannot start with"):
        StandardComponent(
            tag="x-odd",
            props=(Prop(name, string().optional()),),
            render=lambda ctx, el, props, out: None,
        )


#: uses of every standard component, written in many ways: their literal props are read
#: by StandardComponent._read_literals where it can, by _evaluate_all always
READ_CASES = [
    '<x-row gap="12" fallback="multi" reverse width="50%"></x-row>',
    '<x-row gap="4" gap="8" break-point="480" reverse="false"></x-row>',
    '<x-row gap="12.5" width="600" padding="0 8px" background="#fff"></x-row>',
    '<x-row gap="-3" width=" 24px " margin=""></x-row>',
    '<x-row gap="1e3" width="1.5" border-width="2"></x-row>',
    '<x-row gap="x"></x-row>',
    '<x-row fallback="both"></x-row>',
    '<x-row gap=""></x-row>',
    '<x-row gap="{{ g }}" fallback="{% if a %}multi{% endif %}"></x-row>',
    '<x-row gap="{ g }"></x-row>',
    '<x-row :layout="[50,50]"></x-row>',
    '<x-row :layout="[33, 34, 33]" gap="12" :gap="8" :reverse="true"></x-row>',
    '<x-row :layout="null" :break-point="480"></x-row>',
    '<x-row layout="[50,50]" :layout="[40,60]"></x-row>',
    '<x-row :layout="[40,60]" layout="{{ l }}"></x-row>',
    "<x-row :layout=\"[50,'x']\"></x-row>",
    '<x-row :layout="cols"></x-row>',
    '<x-row :layout="[50,50]" :fallback="\'multi\'"></x-row>',
    '<x-row :layout="[50,&#53;0]"></x-row>',
    '<x-row #set:layout="[50,50]"></x-row>',
    '<x-row :colour="[1]"></x-row>',
    '<x-row :data-x="1" gap="2"></x-row>',
    "<x-row :layout></x-row>",
    '<x-image src="a.png" :width="140"></x-image>',
    '<x-image :src="1" alt="a"></x-image>',
    '<x-column :vertical-align="null"></x-column>',
    '<x-row layout="[50,50]" gap="８"></x-row>',
    '<x-row gap="99999999999999999"></x-row>',
    '<x-row data-x="1" gap="2"></x-row>',
    '<x-row colour="red"></x-row>',
    '<x-row {% if a %}gap="2"{% endif %}></x-row>',
    '<x-row reverse="maybe"></x-row>',
    '<x-image src="a.png" alt="" width="140" href="https://e.com/?c={{ c.id }}"></x-image>',
    '<x-image src="a.png" alt="A" width="50%" align="center" href="h"></x-image>',
    '<x-image alt="a"></x-image>',
    '<x-image src="{{ s }}" src="b.png"></x-image>',
    '<x-image src="a.png" border-radius="4" hover-opacity="0.5" opacity="1"></x-image>',
    '<x-image src="a.png" hover-opacity="x"></x-image>',
    '<x-cta href="h" background="#b4472f" color="#fff" border-radius="6px" '
    'padding="14px 32px" font-size="16" font-weight="700" align="center">B</x-cta>',
    '<x-cta href="h" font-weight="750" track-link="false" hide-on="mobile">B</x-cta>',
    '<x-cta href="h" track-link="no">B</x-cta>',
    "<x-cta href>B</x-cta>",
    '<x-paragraph text-align="right" font-size="12" line-height="1.5">p</x-paragraph>',
    '<x-paragraph text-align="justify">p</x-paragraph>',
    '<x-paragraph font-size="1.2em" lang="fr" dir="auto" class="a b">p</x-paragraph>',
    '<x-list list-style="square" margin="0 0 8px">p</x-list>',
    '<x-list list-style="bullets">p</x-list>',
    '<x-spacer size="24"></x-spacer>',
    '<x-spacer size="0"></x-spacer>',
    '<x-hr height="1" width="80%" global-styles></x-hr>',
    '<x-section width="600" padding="32px 32px 8px" background="#ffffff"></x-section>',
    '<x-section role="region" label="Offers" role="main"></x-section>',
    '<x-column vertical-align="middle"></x-column>',
    '<x-column vertical-align="mid">',
    '<x-wrap gap="8" direction="vertical"></x-wrap>',
    "<x-font-family></x-font-family>",
    '<x-font-family font-family="Lato"></x-font-family>',
    '<x-base title="T"></x-base>',
    '<x-head data-a="1"></x-head>',
]


@pytest.mark.parametrize("source", READ_CASES)
def test_literal_props_read_as_the_general_reading_reads_them(source: str) -> None:
    """The fast reading of a literal attribute list (``_read_literals``) gives what the
    general one gives (``_evaluate_all``), or declines: then the general one runs."""
    el = parse(source, "e.html").document.children[0]
    assert isinstance(el, Element)
    component = REGISTRY[el.name]
    ctx = _context()
    general = component._evaluate_all(ctx, el)
    fast = component._read_literals(el)
    if fast is None:
        return
    assert not ctx.issues  # (a use with problems is read by the general reading)
    # the expansion's reading (the props memo's key handed to the fast reading) too
    read, shared = component._props(_context(), el)
    assert not shared and read.values == fast.values and tuple(read.raw) == tuple(fast.raw)
    assert list(read.liquid_props) == list(fast.liquid_props)
    assert fast.values == general.values
    assert [type(v) for v in fast.values.values()] == [type(v) for v in general.values.values()]
    assert set(fast.raw) == set(general.raw)
    # (a sequence with nothing is the shared empty tuple, or a list the reading made)
    assert list(fast.liquid_props) == list(general.liquid_props)
    assert (list(fast.liquid), list(fast.passthrough), fast.literal) == (
        list(general.liquid),
        list(general.passthrough),
        general.literal,
    )


def test_common_uses_are_read_by_the_fast_reading() -> None:
    taken = []
    for s in READ_CASES:
        el = parse(s, "e.html").document.children[0]
        assert isinstance(el, Element)
        if REGISTRY[el.name]._read_literals(el) is not None:
            taken.append(s)
    assert len(taken) >= 24  # (the test above compares these)
    assert not any("data-" in s or "colour" in s or "#set:" in s for s in taken)
    # a directive's plain literal of a type other than a string is read by the fast one
    assert '<x-row :layout="[50,50]"></x-row>' in taken
    assert not any(":fallback" in s or "cols" in s or "{{ l }}" in s for s in taken)


def test_props_without_liquid_or_pass_through_share_the_empty_sequences() -> None:
    """A use read by the fast reading holds one shared empty tuple for each sequence it
    has nothing in (no list per use); the general reading's lists are its own, so what
    one use's reading adds is never seen by another's props."""
    ctx = _context()
    plain = parse('<x-spacer size="8"></x-spacer>', "e.html").document.children[0]
    other = parse('<x-spacer size="9"></x-spacer>', "e.html").document.children[0]
    extra = parse('<x-spacer size="8" data-a="1"></x-spacer>', "e.html").document.children[0]
    assert isinstance(plain, Element) and isinstance(other, Element)
    assert isinstance(extra, Element)
    spacer = REGISTRY["x-spacer"]
    first, second = spacer.evaluate_props(ctx, plain), spacer.evaluate_props(ctx, other)
    assert first.passthrough == () and first.liquid == () and first.liquid_props == ()
    assert first.liquid is second.liquid and first.passthrough is second.passthrough
    general = spacer.evaluate_props(ctx, extra)  # (a pass-through attribute: general)
    assert list(general.passthrough) == [("data-a", "1")]
    assert first.passthrough == () and second.passthrough == ()
    again = spacer._evaluate_all(ctx, extra)
    assert again.passthrough is not general.passthrough and again.liquid is not general.liquid


def test_a_mark_names_the_element_and_keeps_its_first_origin() -> None:
    """``ctx.mark`` writes `` data-mw-node="<id>"`` and records the element's origin once;
    without marks (``ExpandOptions(marks=False)``) it writes and records nothing."""
    from components.sourcemap import MARK_RE

    el = parse('<x-spacer size="8"></x-spacer>', "e.html").document.children[0]
    assert isinstance(el, Element) and el.id
    ctx = _context()
    mark = ctx.mark(el)
    found = MARK_RE.fullmatch(mark)
    assert found is not None and found.group(1) == str(el.id)
    origin = ctx.source_map.origin(el.id)
    assert origin is not None and origin.file == "e.html" and origin.tag == "x-spacer"
    assert ctx.mark(el) == mark and ctx.source_map.origin(el.id) == origin
    off = ExpandContext(
        file="e.html",
        styles=GlobalStyles(),
        options=ExpandOptions(marks=False),
        library=None,
        registry=REGISTRY,
        css=CssBuilder(),
    )
    assert off.mark(el) == "" and off.source_map.origin(el.id) is None


@pytest.mark.parametrize("source", READ_CASES[:12])
def test_the_fast_reading_sets_every_field_props_makes(source: str) -> None:
    """The fast reading makes its Props without Props.__init__ (its fields set one by
    one): every field is set, to what Props(values) sets it, save the names and Liquid
    props it reads."""

    el = parse(source, "e.html").document.children[0]
    assert isinstance(el, Element)
    fast = REGISTRY[el.name]._read_literals(el)
    if fast is None:
        return
    made = Props(dict(fast.values))
    made.raw, made.liquid_props = fast.raw, fast.liquid_props
    for name in Props.__slots__:
        assert getattr(fast, name) == getattr(made, name), name


@pytest.mark.parametrize("source", READ_CASES)
def test_the_expansion_reads_a_use_s_props_as_evaluate_props_does(source: str) -> None:
    """StandardComponent.expand reads the props itself (_props, without its call): the
    props it keeps for the use's attribute list are those _props makes, and a use read by
    neither reading is kept by neither."""
    el = parse(source, "e.html").document.children[0]
    assert isinstance(el, Element)
    component = REGISTRY[el.name]
    expanded, read = _context(), _context()
    expanded.open_elements.append(el.name)
    component.expand(expanded, el, [])
    props, shared = component._props(read, el)
    assert not shared
    assert expanded.props_memo.keys() == read.props_memo.keys()
    for key, kept in expanded.props_memo.items():
        other = read.props_memo[key]
        assert isinstance(kept, Props) and isinstance(other, Props)
        assert kept.values == other.values and tuple(kept.raw) == tuple(other.raw)
        assert list(kept.liquid_props) == list(other.liquid_props)
        assert (list(kept.liquid), list(kept.passthrough)) == (
            list(other.liquid),
            list(other.passthrough),
        )
    # a second use written alike is given the first's props by both
    again: list[str] = []
    expanded.open_elements.append(el.name)
    component.expand(expanded, el, again)
    assert expanded.props_memo.keys() == read.props_memo.keys()
    if read.props_memo:
        assert component._props(read, el) == (props, True)
