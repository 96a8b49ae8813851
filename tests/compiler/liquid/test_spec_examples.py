"""Every Liquid example of the product's pages renders: no unknown filter or tag.

The examples are read from the pages themselves (``{{ … }}`` and ``{% … %}``
in their code samples), grouped into whole blocks, and rendered with sample
data that has every key the pages use. Where a page states what an example
outputs, that output is checked too (``STATED``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.liquid import Renderer
from compiler.liquid.environment import MailwrightEnvironment
from compiler.liquid.snippets import SnippetSet

ROOT = Path(__file__).resolve().parents[3]
SPEC = Path(os.environ.get("MAILWRIGHT_SPEC", ROOT.parent / "shared" / "spec")) / "design-studio"
PAGES = (
    "using-liquid.md",
    "liquid-recipes.md",
    "liquid-upgrade.md",
    "objects-in-liquid.md",
    "snippets.md",
    "composer-errors.md",
    "previewing-broadcast-data.md",
    "localization-getting-started.md",
    "custom-unsubscribe-links.md",
    "liquid-visual-editor.md",
)

pytestmark = pytest.mark.skipif(
    not (SPEC / PAGES[0]).is_file(),
    reason=f"product pages not found at {SPEC} (set MAILWRIGHT_SPEC)",
)

TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)

# composer-errors.md shows mistakes on purpose; each must give the error the page names
# (tests/compiler/liquid/test_errors.py checks their wording and location).
DELIBERATE_MISTAKES = {
    "coyotes": {"liquid/unknown-tag"},
    "end": {"liquid/unknown-tag", "liquid/wrong-end"},  # wrong-end inside an if
}
# composer-errors.md's bad cycle example "{% cycle | three %}" is a syntax error.
DELIBERATE_FILTER_MISTAKES = {"three"}
# liquid-upgrade.md: "htmlencode - Use escape ... Legacy: {{ … | htmlencode }} ... Latest:
# only {{ … | escape }}". The latest Liquid has no htmlencode; it stays an error with a hint.
LEGACY_ONLY_FILTERS = {"htmlencode"}
# The block table of the environment the renderer uses (read from its tags).
GRAMMAR = MailwrightEnvironment().grammar
# Mentions in the pages' prose, not examples: a bare tag name in a sentence, and the
# wording of an error message.
NOT_EXAMPLES = ("{% render_liquid %}", "{%\u2019 was not properly terminated")
# Typos in the pages' examples, corrected before reading them: liquid-upgrade.md writes
# "{% if customer.purchases == empty}" without its "%".
TYPOS = {"liquid-upgrade.md": [("customer.purchases == empty}", "customer.purchases == empty %}")]}


def page_text(name: str) -> str:
    text = (SPEC / name).read_text(encoding="utf-8")
    for typo, fixed in TYPOS.get(name, []):
        assert typo in text, f"{name} no longer has the typo {typo!r}"
        text = text.replace(typo, fixed)
    return text


def is_placeholder(token: str) -> bool:
    """``{{customer.<attribute_name>}}``, ``{{objects.online_classes[#]}}``: syntax, not code."""
    return re.search(r"<[\w.-]+>|\[#\]", token) is not None


def tokens(page: str) -> list[re.Match[str]]:
    text = page_text(page)
    out = []
    for m in TOKEN.finditer(text):
        if is_placeholder(m.group()) or m.group().startswith(NOT_EXAMPLES):
            continue
        out.append(m)
    return out


def tag_name(token: str) -> str:
    m = re.match(r"\{%-?\s*(\w+)", token)
    return m.group(1) if m else ""


def filter_names(token: str) -> set[str]:
    body = re.sub(r"\"[^\"]*\"|'[^']*'", "''", token)  # drop string literals
    return set(re.findall(r"\|\s*(\w+)", body))


@dataclass(frozen=True)
class Example:
    page: str
    source: str
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]


def examples(page: str) -> list[Example]:
    """Whole examples: a top-level token, or a block from its opening tag to its end tag."""
    text = page_text(page)
    out: list[Example] = []
    depth = 0
    start = 0
    for m in tokens(page):
        name = tag_name(m.group())
        if depth == 0:
            start = m.start()
        if GRAMMAR.block(name):
            depth += 1
        elif name.startswith("end") and GRAMMAR.block(name[3:]):
            depth -= 1
        if depth == 0:
            if out and not re.search(r"[^\W\d_]", text[out[-1].end : start]):
                # Nothing but spaces or punctuation between them: one example (assigns
                # followed by their use, "{{customer.name}} <{{customer.email}}>").
                start = out.pop().start
            out.append(Example(page, text, start, m.end()))
        if page == "composer-errors.md":
            depth = max(depth, 0)  # its mistakes do not balance; blocks are checked there
    assert depth == 0 or page == "composer-errors.md", f"{page}: unbalanced blocks"
    return out


NOW = int(dt.datetime.now(tz=dt.UTC).timestamp())
PURCHASES = [  # liquid-recipes.md's "Array of purchases"
    {"title": "utensils", "type": "kitchen", "date": "today"},
    {"title": "garlic press", "type": "kitchen", "date": "yesterday"},
    {"title": "vacuum", "type": "household", "date": "yesterday"},
]
PROFILE: dict[str, object] = {
    "id": "jerry",
    "customer": {
        "id": "1",
        "email": "jerry@example.com",
        "name": "Jerry",
        "first_name": "jerry",
        "full_name": "Jerry Seinfeld",
        "plan_name": "pro",
        "language": "fr",
        "referrer": {"name": "Elaine", "relationship": "friend"},
        "my_attribute": "5",
        "ATTRIBUTE": "page",
        "expiration": 1596153600,
        "trial_end": NOW + 10 * 86400 + 3600,
        "trial_expires": "2030-01-01",
        "attribute_1": "a",
        "attribute_2": "a",
        "lifetime_value": 150,
        "current city": "Oslo",
        "attribute.name": "dotted",
        "friends": ["Elaine", "George", "Kramer"],
        "purchases": PURCHASES,
        "previous_purchases": False,
        "order_count": 3,
        "age": 33,
        "favourite_drink": "tea",
        "products": ["socks", "floss"],
        "country": "USA",
        "_relationship": {"name": "owner", "admin": True},
    },
    "event": {
        "product": "socks",
        "price": 23.45,
        "invoice_date": "2024-03-05T10:00:00Z",
        "purchases": [{"name": "socks"}],
        "items": [
            {"name": "socks", "price": "23.45"},
            {"name": "toothpaste", "price": "3"},
            {"name": "dental floss", "price": "2.97"},
        ],
    },
    "journey": {"weather": "sunny", "body": "Hi {{customer.first_name}}"},
    "trigger": {
        "account": {"name": "Acme"},
        "relationship": {"role": "admin", "feature": "beta", "status": "active"},
        "product": "trampoline",
        "minShipTime": 2,
        "maxShipTime": 6,
        "unitOfTime": "days",
        "online_class": {"name": "Calculus 1A"},
        "customer": {"first_name": "Ann", "name": "Ann Lee"},
        "headline": "Roadrunner spotted",
        "date": "2024-05-01",
        "voucher_code": "BEEP",
    },
    "objects": {
        "online_classes": [
            {"name": "Calculus 1A", "relationship": {"role": "student", "status": "not_started"}},
            {"name": "Physics", "relationship": {"status": "done"}},
        ],
        "appointments": [{"date": "2024-06-01"}, {"date": "2024-05-01"}],
    },
    "created_at": 1700000000,
}
SNIPPETS = SnippetSet(
    {
        "address": "1 Main St",
        "main address": "2 Side St",
        "random_greetings": [
            {"version": str(i), "greeting": g}
            for i, g in enumerate(
                [
                    "How is your day going?",
                    "Hope your week is going well.",
                    "Hey there!",
                    "Hope your day is going well.",
                ]
            )
        ],
    }
)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(snippets=SNIPPETS)


def test_the_pages_have_examples() -> None:
    counts = {page: len(examples(page)) for page in PAGES}
    assert counts["using-liquid.md"] > 15 and counts["liquid-recipes.md"] > 15
    assert sum(counts.values()) > 100


def test_every_filter_and_tag_the_pages_use_is_registered() -> None:
    env = MailwrightEnvironment()
    filters: set[str] = set()
    tags: set[str] = set()
    for page in PAGES:
        for m in tokens(page):
            filters |= filter_names(m.group())
            if m.group().startswith("{%"):
                tags.add(tag_name(m.group()))
    structural = set(GRAMMAR.inner) | {f"end{b}" for b in GRAMMAR.blocks}
    unknown_tags = {t for t in tags if t not in env.tags and t not in structural}
    assert unknown_tags == set(DELIBERATE_MISTAKES)
    assert {
        f for f in filters if f not in env.filters
    } == LEGACY_ONLY_FILTERS | DELIBERATE_FILTER_MISTAKES
    # The pages' product tags and filters are all there (guards the extraction itself).
    assert {"countdown", "random", "render_liquid", "capture", "case", "cycle"} <= tags
    assert {"default", "date", "split", "group_by", "sort", "timezone", "divided_by"} <= filters


@pytest.mark.parametrize("page", [p for p in PAGES if p != "composer-errors.md"])
def test_every_example_renders_without_errors(page: str, renderer: Renderer) -> None:
    failures = []
    for ex in examples(page):
        if filter_names(ex.text) & LEGACY_ONLY_FILTERS:
            out = renderer.render_template(ex.text, PROFILE)
            assert [i.rule for i in out.issues] == ["liquid/unknown-filter"]
            assert "use escape instead" in out.issues[0].message
            continue
        out = renderer.render_template(ex.text, PROFILE)
        if out.issues:
            failures.append((ex.text, [i.message for i in out.issues]))
    assert failures == []


def test_composer_error_examples_give_errors_not_unknown_filters(renderer: Renderer) -> None:
    """Each token shown on composer-errors.md, alone: the deliberate mistakes fail as the
    page says, nothing is an unknown filter."""
    rules: set[str] = set()
    for m in tokens("composer-errors.md"):
        token = m.group()
        out = renderer.render_template(token, PROFILE)
        got = [i.rule for i in out.issues]
        rules.update(got)
        assert "liquid/unknown-filter" not in got, token
        name = tag_name(token)
        if name in DELIBERATE_MISTAKES:
            assert len(got) == 1 and got[0] in DELIBERATE_MISTAKES[name], token
        if filter_names(token) & DELIBERATE_FILTER_MISTAKES:
            assert got == ["liquid/syntax"], token
    assert {
        "liquid/unknown-tag",
        "liquid/syntax",
        "liquid/unclosed-tag",
        "liquid/unexpected-tag",
        "liquid/unterminated-output",
        "liquid/missing-variable",
    } <= rules


def find(page: str, snippet: str) -> str:
    """``snippet`` as it appears on ``page`` (so the test fails if the page changes)."""
    flat = re.sub(r"\s+", " ", page_text(page))
    assert snippet in flat, f"{snippet!r} is not on {page}"
    return snippet


# (page, example as written there, data, output the page states)
STATED = [
    # "with a timestamp value of 1596153600 ... The result in your message would be July 31, 2020"
    (
        "liquid-recipes.md",
        '{{customer.expiration| date: "%B %-d, %Y"}}',
        {"customer": {"expiration": 1596153600}},
        "July 31, 2020",
    ),
    # "So if you want 31/07/2020 you'd do %d/%m/%Y"
    ("liquid-recipes.md", "%d/%m/%Y", {"customer": {"expiration": 1596153600}}, "31/07/2020"),
    # "That'll display: Elaine George Kramer"
    (
        "liquid-recipes.md",
        "{% for person in customer.friends %} {{ person }}<br/> {% endfor %}",
        {"customer": {"friends": ["Elaine", "George", "Kramer"]}},
        " Elaine<br/>  George<br/>  Kramer<br/> ",
    ),
    # "output the items that were passed in with the purchase event"
    (
        "liquid-recipes.md",
        "{% for item in event.items %} {{ item.name }} - {{ item.price }} <br/> {% endfor %}",
        {"event": PROFILE["event"]},
        " socks - 23.45 <br/>  toothpaste - 3 <br/>  dental floss - 2.97 <br/> ",
    ),
    # "Hi {{customer.first_name | default:"Buddy"}}!" -> "Hi Blair!" / "Hi Buddy!"
    (
        "using-liquid.md",
        'Hi {{customer.first_name | default:"Buddy"}}!',
        {"customer": {"first_name": "Blair"}},
        "Hi Blair!",
    ),
    ("using-liquid.md", 'Hi {{customer.first_name | default:"Buddy"}}!', {}, "Hi Buddy!"),
    # "This renders the first word in the field."
    (
        "using-liquid.md",
        '{{ customer.full_name | split: " " | first }}',
        {"customer": {"full_name": "Jerry Seinfeld"}},
        "Jerry",
    ),
    # "if some people don't have a plan_name ... custom"
    ("using-liquid.md", '{{ customer.plan_name | default:"custom" | capitalize }}', {}, "Custom"),
    # the version fallback picks "latest" in the latest Liquid
    (
        "liquid-upgrade.md",
        '{% assign liquid_version = nil | default: "latest" %}{% unless '
        'liquid_version == "latest" %}{% assign liquid_version = "legacy" %}{% endunless %} {% if '
        'liquid_version == "latest" %}{{ product_color | default: "red" }}{% else %}{% if '
        "product_color != blank %}{{ product_color }}{% else %}red{% endif %}{% endif %}",
        {},
        " red",
    ),
    # "renders 'Hello there!' when first_name is not stored ... or equals null, false, or ''"
    (
        "liquid-upgrade.md",
        "{% if customer.first_name == blank %} Hello there! {% else %} Hello "
        "{{customer.first_name}}! {% endif %}",
        {"customer": {"first_name": False}},
        " Hello there! ",
    ),
    (
        "liquid-upgrade.md",
        "{% if customer.first_name == blank %} Hello there! {% else %} Hello "
        "{{customer.first_name}}! {% endif %}",
        {"customer": {"first_name": None}},
        " Hello there! ",
    ),
    # "if the value below for previous_purchases is false, the value exists/is not null"
    (
        "liquid-upgrade.md",
        "{% if customer.previous_purchases == nil %} Make a purchase! {% else %}",
        {"customer": {"previous_purchases": False}},
        "",
    ),
    # "The else statement would render even if the order_count did not exist"
    (
        "liquid-upgrade.md",
        "{% if customer.order_count < 10 %} We thought you might like these "
        "items: {% else %} As a thank you, take 20% off your next order! {% endif %}",
        {},
        " As a thank you, take 20% off your next order! ",
    ),
    # "people without an order_count would not see either conditional statement"
    (
        "liquid-upgrade.md",
        "{% if customer.order_count %} {% if customer.order_count < 10 %} Have "
        "you checked out these items? {% else %} As a thank you, take 20% off your next order. "
        "{% endif %} {% endif %}",
        {},
        "",
    ),
    # Latest: {{ created_at | date: '%Y-%m-%d %H:%M:%S', 'America/New_York' }}
    (
        "liquid-upgrade.md",
        "{{ created_at | date: '%Y-%m-%d %H:%M:%S', 'America/New_York' }}",
        {"created_at": 1700000000},
        "2023-11-14 17:13:20",
    ),
    # "timezone - You can offset the time zone in minutes ... 360 would offset ... by -6:00"
    (
        "liquid-upgrade.md",
        "360 would offset the time zone by -6:00 hours",
        {"created_at": 1700000000},
        "2023-11-14 16:13:20 -0600",
    ),
    ("liquid-upgrade.md", '{{ "win+help@customer.io" | escape }}', {}, "win+help@customer.io"),
    # the sorting recipe: groups by name, items by title
    (
        "liquid-recipes.md",
        '{% assign sorted_groups = customer.purchases | group_by: "type" | '
        "sort: 'name' %} {% for group in sorted_groups %} {{ group.name | capitalize }} {% assign "
        "sorted_items = group.items | sort: 'title' %} {% for item in sorted_items %} - {{ "
        "item.title }} {% endfor %} {% endfor %}",
        {"customer": {"purchases": PURCHASES}},
        "Household - vacuum Kitchen - garlic press - utensils",
    ),
    (
        "liquid-recipes.md",
        '{% assign sorted_groups = customer.purchases | group_by: "type" | '
        "sort: 'name' | reverse %} {% for group in sorted_groups %} {{ group.name | capitalize }} "
        "{% assign sorted_items = group.items | sort: 'title' | reverse %} {% for item in "
        "sorted_items %} - {{ item.title }} {% endfor %} {% endfor %}",
        {"customer": {"purchases": PURCHASES}},
        "Kitchen - utensils - garlic press Household - vacuum",
    ),
    # "we're dividing by 86400 ... this is integer division so it'll be rounded down"
    (
        "liquid-recipes.md",
        "{% assign current_date = 'now' | date: '%s' %} {% assign future_date = "
        "customer.trial_end %} {{ future_date | minus: current_date | divided_by: 86400 }}",
        {"customer": {"trial_end": NOW + 10 * 86400 + 3600}},
        "  10",
    ),
]


@pytest.mark.parametrize(
    ("page", "example", "data", "expect"),
    STATED,
    ids=[f"{p}:{i}" for i, (p, *_) in enumerate(STATED)],
)
def test_stated_outputs(
    page: str, example: str, data: dict[str, object], expect: str, renderer: Renderer
) -> None:
    find(page, example)
    template = {
        "%d/%m/%Y": '{{customer.expiration| date: "%d/%m/%Y"}}',
        "360 would offset the time zone by -6:00 hours": (
            "{{ created_at | timezone: 360 | date: '%Y-%m-%d %H:%M:%S %z' }}"
        ),
    }.get(example, example)
    if template.endswith("{% else %}"):
        template += "else{% endif %}"
        expect = "else"
    out = renderer.render_template(template, data)
    assert out.issues == []
    got = out.text
    if "sorted_groups" in template:
        got = re.sub(r"\s+", " ", got).strip()
    assert got == expect
