"""Every tag, key and filter the product's Liquid supports, as a table of cases."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

import pytest

from compiler.liquid import PREVIEW_HOST, Renderer
from compiler.liquid.environment import LiquidSettings, MailwrightEnvironment
from compiler.liquid.snippets import SnippetSet
from compiler.project import Project


@dataclass(frozen=True)
class Case:
    description: str
    template: str
    data: dict[str, Any]
    expect: str


ALEX = {
    "id": "alex",
    "customer": {
        "id": 7,
        "first_name": "alex",
        "full_name": "Alex Doe",
        "plan": "pro",
        "points": "12",
        "friends": ["Elaine", "George"],
    },
}

CASES = [
    # keys
    Case("customer attribute", "Hi {{ customer.first_name }}", ALEX, "Hi alex"),
    Case(
        "nested attribute",
        "{{ customer.referrer.name }}",
        {"customer": {"referrer": {"name": "Bo"}}},
        "Bo",
    ),
    Case(
        "bracket notation",
        '{{ customer["current city"] }}',
        {"customer": {"current city": "Oslo"}},
        "Oslo",
    ),
    Case(
        "dotted attribute name",
        '{{ customer["attribute.name"] }}',
        {"customer": {"attribute.name": "x"}},
        "x",
    ),
    Case(
        "event key",
        "{{ event.product }} {{ event_name }}",
        {"event": {"product": "socks"}, "event_name": "purchase"},
        "socks purchase",
    ),
    Case("trigger key", "{{ trigger.headline }}", {"trigger": {"headline": "Hey"}}, "Hey"),
    Case(
        "message_data is readable as trigger",
        "{{ trigger.product }} in {{ trigger.maxShipTime }}",
        {"message_data": {"product": "trampoline", "maxShipTime": 6}},
        "trampoline in 6",
    ),
    Case(
        "trigger object and relationship",
        "{{ trigger.account.name }} {{ trigger.relationship.role }}",
        {"trigger": {"account": {"name": "Acme"}, "relationship": {"role": "admin"}}},
        "Acme admin",
    ),
    Case(
        "objects with relationship",
        "{{ objects.online_classes[0].name }}/{{ objects.online_classes[0].relationship.role }}"
        "/{{ objects.online_classes.size }}",
        {"objects": {"online_classes": [{"name": "Calc", "relationship": {"role": "tutor"}}]}},
        "Calc/tutor/1",
    ),
    Case("journey key", "{{ journey.weather }}", {"journey": {"weather": "sunny"}}, "sunny"),
    Case("null renders empty", "[{{ customer.nick }}]", {"customer": {"nick": None}}, "[]"),
    # fallbacks
    Case("default filter on missing", '{{ customer.first_name | default: "there" }}', {}, "there"),
    Case(
        "default on empty string",
        '{{ customer.first_name | default: "there" }}',
        {"customer": {"first_name": ""}},
        "there",
    ),
    Case(
        "default then capitalize",
        '{{ customer.plan_name | default:"custom" | capitalize }}',
        {},
        "Custom",
    ),
    Case(
        "liquid version fallback",
        '{% assign liquid_version = nil | default: "latest" %}{{ liquid_version }}',
        {},
        "latest",
    ),
    Case(
        "if fallback on missing",
        "Hi {% if customer.first_name %}{{ customer.first_name }}{% else %}there{% endif %}!",
        {},
        "Hi there!",
    ),
    Case(
        "missing is blank",
        "{% if customer.plan_name == blank %}b{% endif %}"
        "{% if customer.plan_name != blank %}n{% endif %}",
        {},
        "b",
    ),
    Case(
        "null is blank", "{% if customer.x == blank %}b{% endif %}", {"customer": {"x": None}}, "b"
    ),
    # liquid-upgrade: "== blank" is true when the value "is not stored ... or equals null,
    # false, or an empty string"; python-liquid alone says false != blank.
    Case(
        "false is blank",
        "{% if customer.first_name == blank %}Hello there!{% else %}"
        "Hello {{ customer.first_name }}!{% endif %}",
        {"customer": {"first_name": False}},
        "Hello there!",
    ),
    Case(
        "false is not 'not blank'",
        "{% if customer.x != blank %}set{% else %}unset{% endif %}",
        {"customer": {"x": False}},
        "unset",
    ),
    Case(
        "blank on the left",
        "{% if blank == customer.x %}b{% endif %}",
        {"customer": {"x": False}},
        "b",
    ),
    Case(
        "blank in and/or",
        "{% if customer.x == blank and customer.y != blank %}ok{% endif %}",
        {"customer": {"x": False, "y": 0}},
        "ok",
    ),
    Case(
        "blank inside a liquid tag",
        "{% liquid\nif customer.x == blank\necho 'b'\nendif\n%}",
        {"customer": {"x": False}},
        "b",
    ),
    Case(
        "whitespace, empty array and empty object are blank",
        "{% if customer.a == blank and customer.b == blank and customer.c == blank %}b{% endif %}",
        {"customer": {"a": "  ", "b": [], "c": {}}},
        "b",
    ),
    Case(
        "true, zero and text are not blank",
        "{% if customer.a != blank and customer.b != blank and customer.c != blank %}n{% endif %}",
        {"customer": {"a": True, "b": 0, "c": "x"}},
        "n",
    ),
    Case(
        "missing is nil", "{% if customer.previous_purchases == nil %}none{% endif %}", {}, "none"
    ),
    Case(
        "false is not nil",
        "{% if customer.previous_purchases == nil %}none{% else %}some{% endif %}",
        {"customer": {"previous_purchases": False}},
        "some",
    ),
    Case(
        "missing number comparison is false",
        "{% if customer.order_count < 10 %}few{% else %}many{% endif %}",
        {},
        "many",
    ),
    Case(
        "empty array",
        "{% if customer.purchases == empty %}none{% endif %}",
        {"customer": {"purchases": []}},
        "none",
    ),
    Case(
        "for over missing renders else",
        "{% for i in event.items %}{{ i }}{% else %}none{% endfor %}",
        {},
        "none",
    ),
    # standard tags
    Case(
        "if/elsif/else",
        '{% if customer.plan == "gold" %}g{% elsif customer.plan == "pro" %}p'
        "{% else %}f{% endif %}",
        ALEX,
        "p",
    ),
    Case("unless", "{% unless customer.vip %}regular{% endunless %}", ALEX, "regular"),
    Case(
        "case/when/else",
        "{% case customer.country %}{% when 'USA' %}soon{% when 'Canada' %}eh"
        "{% else %}thanks{% endcase %}",
        {"customer": {"country": "Canada"}},
        "eh",
    ),
    Case("for loop", "{% for p in customer.friends %}{{ p }};{% endfor %}", ALEX, "Elaine;George;"),
    Case(
        "for with break",
        "{% for p in customer.friends %}{{ p }}{% break %}{% endfor %}",
        ALEX,
        "Elaine",
    ),
    Case(
        "for with continue",
        "{% for p in customer.friends %}{% if forloop.first %}"
        "{% continue %}{% endif %}{{ p }}{% endfor %}",
        ALEX,
        "George",
    ),
    Case(
        "forloop index",
        "{% for p in customer.friends %}{{ forloop.index }}{% endfor %}",
        ALEX,
        "12",
    ),
    Case(
        "cycle",
        "{% for p in customer.friends %}{% cycle 'odd', 'even' %} {% endfor %}",
        ALEX,
        "odd even ",
    ),
    Case(
        "assign",
        "{% assign n = customer.points | plus: 0 %}{% if n > 10 %}big{% endif %}",
        ALEX,
        "big",
    ),
    Case(
        "capture",
        "{% capture about %}I am {{ customer.first_name }}{% endcapture %}{{ about | upcase }}",
        ALEX,
        "I AM ALEX",
    ),
    Case("increment", "{% increment c %}{% increment c %}", {}, "01"),
    Case("raw", "{% raw %}{{ customer.x }}{% endraw %}", {}, "{{ customer.x }}"),
    Case("comment", "a{% comment %}{{ customer.x }}{% endcomment %}b", {}, "ab"),
    Case("echo", "{% echo customer.first_name | upcase %}", ALEX, "ALEX"),
    Case("liquid tag", "{% liquid\nassign x = 2\necho x\n%}", {}, "2"),
    Case(
        "tablerow",
        "{% tablerow p in customer.friends %}{{ p }}{% endtablerow %}",
        ALEX,
        '<tr class="row1">\n<td class="col1">Elaine</td><td class="col2">George</td></tr>\n',
    ),
    Case("whitespace control", "a {{- customer.first_name -}} b", ALEX, "aalexb"),
    Case("contains", "{% if customer.first_name contains 'al' %}yes{% endif %}", ALEX, "yes"),
    # product tags
    Case("unsubscribe_url", "{% unsubscribe_url %}", ALEX, f"https://{PREVIEW_HOST}/unsubscribe/7"),
    Case(
        "view_in_browser_url",
        "{% view_in_browser_url %}",
        {"id": "p1"},
        f"https://{PREVIEW_HOST}/view-in-browser/p1",
    ),
    Case(
        "manage_subscription_preferences_url",
        "{% manage_subscription_preferences_url %}",
        {},
        f"https://{PREVIEW_HOST}/preferences/preview",
    ),
    Case(
        "cio_link tracked",
        "{% cio_link url:https://example.com/a %}",
        {},
        f"https://{PREVIEW_HOST}/click/1?to=https%3A%2F%2Fexample.com%2Fa",
    ),
    Case(
        "cio_link untracked quoted",
        "{% cio_link url:'https://example.com' track:false %}",
        {},
        "https://example.com",
    ),
    Case(
        "cio_link from a variable",
        "{% cio_link url:{{ trigger.link }} track:false %}",
        {"trigger": {"link": "https://x.example/p"}},
        "https://x.example/p",
    ),
    Case(
        "cio_link counts links",
        "{% cio_link url:a.b track:false %}{% cio_link url:https://e.com %}",
        {"a": {"b": "mailto:x@y.z"}},
        f"mailto:x@y.zhttps://{PREVIEW_HOST}/click/1?to=https%3A%2F%2Fe.com",
    ),
    Case("cio_link_id", "{% cio_link_id %}/{% cio_link_id %}", {}, "preview-link-1/preview-link-2"),
    Case(
        "render_liquid",
        "{% render_liquid journey.body %}",
        {"journey": {"body": "Hello {{customer.first_name}}!"}, **ALEX},
        "Hello alex!",
    ),
    Case(
        "journey body without render_liquid stays text",
        "{{ journey.body }}",
        {"journey": {"body": "Hello {{customer.first_name}}!"}},
        "Hello {{customer.first_name}}!",
    ),
    # filters: dates
    Case(
        "date from epoch",
        '{{ customer.expiration | date: "%B %-d, %Y" }}',
        {"customer": {"expiration": 1596153600}},
        "July 31, 2020",
    ),
    Case(
        "date from epoch string",
        '{{ customer.expiration | date: "%d/%m/%Y" }}',
        {"customer": {"expiration": "1596153600"}},
        "31/07/2020",
    ),
    Case(
        "date with time zone",
        "{{ t | date: '%Y-%m-%d %H:%M:%S', 'America/New_York' }}",
        {"t": 1596153600},
        "2020-07-30 20:00:00",
    ),
    Case(
        "date from ISO text",
        "{{ t | date: '%A %H:%M' }}",
        {"t": "2024-03-01T09:30:00Z"},
        "Friday 09:30",
    ),
    # liquid-upgrade: timezone takes minutes ("360 would offset the time zone by -6:00")
    Case(
        "timezone in minutes",
        "{{ t | timezone: 360 | date: '%Y-%m-%d %H:%M %z' }}",
        {"t": 1700000000},
        "2023-11-14 16:13 -0600",
    ),
    Case(
        "timezone minutes as text",
        "{{ t | timezone: '-120' | date: '%H:%M' }}",
        {"t": "2024-03-01T09:30:00Z"},
        "11:30",
    ),
    Case(
        "timezone by name (legacy form)",
        "{{ t | timezone: 'America/New_York' | date: '%H:%M' }}",
        {"t": "2024-07-01T16:00:00Z"},
        "12:00",
    ),
    Case(
        "timezone then date with its own zone",
        "{{ t | timezone: 360 | date: '%H', 'UTC' }}",
        {"t": "2024-07-01T16:00:00Z"},
        "16",
    ),
    Case("date %s", "{{ t | date: '%s' }}", {"t": "2020-07-31T00:00:00Z"}, "1596153600"),
    Case(
        "days left",
        "{% assign now = 1596153600 %}{{ customer.trial_end | minus: now | divided_by: 86400 }}",
        {"customer": {"trial_end": 1596153600 + 3 * 86400 + 5}},
        "3",
    ),
    Case("now year", "{{ 'now' | date: '%Y' | size }}", {}, "4"),
    # filters: strings
    Case("split first", '{{ customer.full_name | split: " " | first }}', ALEX, "Alex"),
    Case("capitalize", "{{ customer.first_name | capitalize }}", ALEX, "Alex"),
    Case("replace", '{{ "May 1" | replace: "May", "Mai" }}', {}, "Mai 1"),
    Case("append prepend", '{{ "b" | append: "c" | prepend: "a" }}', {}, "abc"),
    Case(
        "escape", '{{ "win+help@customer.io <b>" | escape }}', {}, "win+help@customer.io &lt;b&gt;"
    ),
    Case("url_encode", '{{ "a b&c" | url_encode }}', {}, "a+b%26c"),
    Case("truncate", '{{ "Hello world" | truncate: 8 }}', {}, "Hello..."),
    Case("strip_html", '{{ "<b>x</b>" | strip_html }}', {}, "x"),
    Case("downcase upcase", '{{ "Ab" | downcase }}{{ "Ab" | upcase }}', {}, "abAB"),
    Case("size of string", '{{ "abc" | size }}', {}, "3"),
    # filters: math
    Case("plus converts strings", "{{ customer.points | plus: 0 | plus: 1 }}", ALEX, "13"),
    Case("minus", "{{ 10 | minus: 3 }}", {}, "7"),
    Case("times whole has no decimal", "{{ 10 | times: 1.5 }}", {}, "15"),
    Case("times fraction", "{{ 3 | times: 0.5 }}", {}, "1.5"),
    Case("divided_by integer", "{{ 7 | divided_by: 2 }}", {}, "3"),
    Case("divided_by whole float", "{{ 9 | divided_by: 1.5 }}", {}, "6"),
    Case("modulo never negative", "{{ -7 | modulo: 3 }}", {}, "2"),
    Case(
        "round ceil floor",
        "{{ 2.567 | round: 2 }} {{ 2.1 | ceil }} {{ 2.9 | floor }}",
        {},
        "2.57 3 2",
    ),
    Case(
        "abs at_least at_most", "{{ -3 | abs }}{{ 1 | at_least: 5 }}{{ 9 | at_most: 4 }}", {}, "354"
    ),
    Case("sum casts", "{{ xs | sum }}", {"xs": [1, "2", "x", 3.5]}, "6.5"),
    Case("currency default", "{{ 1234.5 | currency }}", {}, "$1,234.50"),
    Case(
        "currency locale and code", "{{ 1234.5 | currency: 'de-DE', 'EUR' }}", {}, "1.234,50\xa0€"
    ),
    Case("rounded_currency", "{{ 1234.5 | rounded_currency: 'en-US', 'USD' }}", {}, "$1,234"),
    # filters: arrays and data
    Case("join", "{{ customer.friends | join: ', ' }}", ALEX, "Elaine, George"),
    Case(
        "sort by key",
        "{{ xs | sort: 'title' | map: 'title' | join: ',' }}",
        {"xs": [{"title": "b"}, {"title": "a"}]},
        "a,b",
    ),
    Case(
        "sort with nulls keeps order",
        "{% assign s = xs | sort %}{{ s[0] }}{{ s[2] }}",
        {"xs": ["b", None, "a"]},
        "ba",
    ),
    Case("reverse", "{{ customer.friends | reverse | first }}", ALEX, "George"),
    Case(
        "group_by",
        "{% assign g = xs | group_by: 'type' | sort: 'name' %}"
        "{% for grp in g %}{{ grp.name }}={{ grp.items | size }};{% endfor %}",
        {"xs": [{"type": "k"}, {"type": "h"}, {"type": "k"}]},
        "h=1;k=2;",
    ),
    Case(
        "uniq compact", "{{ xs | compact | uniq | join: '' }}", {"xs": ["a", None, "a", "b"]}, "ab"
    ),
    Case("concat array", "{{ xs | concat: ys | join: '' }}", {"xs": [1], "ys": [2]}, "12"),
    Case("concat object", "{{ xs | concat: o | size }}", {"xs": [1], "o": {"a": 1}}, "2"),
    Case(
        "where",
        "{{ xs | where: 'on', true | map: 'n' | join }}",
        {"xs": [{"n": 1, "on": True}, {"n": 2, "on": False}]},
        "1",
    ),
    Case("to_json", "{{ xs | to_json }}", {"xs": [1, {"a": "é"}, None]}, '[1,{"a":"é"},null]'),
    Case(
        "json_array_uniq",
        "{{ xs | json_array_uniq: 'id' | to_json }}",
        {"xs": [{"id": 1, "v": "a"}, {"id": 1, "v": "b"}, {"id": 2}]},
        '[{"id":1,"v":"a"},{"id":2}]',
    ),
    Case("size filter on missing is 0", "{{ objects.online_classes | size }}", {}, "0"),
    # hashes
    Case("sha256", "{{ 'abc' | sha256 }}", {}, hashlib.sha256(b"abc").hexdigest()),
    Case(
        "hmac_sha256",
        "{{ 'abc' | hmac_sha256: 'k' }}",
        {},
        hmac.new(b"k", b"abc", hashlib.sha256).hexdigest(),
    ),
    Case("md5 sha1", "{{ 'a' | md5 | size }} {{ 'a' | sha1 | size }}", {}, "32 40"),
    Case("base64", "{{ 'hi' | base64_encode }}", {}, "aGk="),
]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(snippets=SnippetSet({}))


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_case(case: Case, renderer: Renderer) -> None:
    out = renderer.render_template(case.template, case.data)
    assert [i.message for i in out.issues] == []
    assert out.text == case.expect


def test_random_is_in_range_and_stable_per_recipient(renderer: Renderer) -> None:
    seen = set()
    for n in range(60):
        first = renderer.render_template("{% random 3 %}", {"id": f"p{n}"}).text
        again = renderer.render_template("{% random 3 %}", {"id": f"p{n}"}).text
        assert first == again
        seen.add(int(first))
    assert seen == {0, 1, 2, 3}


def test_random_from_snippet_data_picks_a_greeting() -> None:
    greetings = [{"version": str(i), "greeting": f"G{i}"} for i in range(4)]
    r = Renderer(snippets=SnippetSet({"random_greetings": greetings}))
    text = (
        "{% capture randomize %}{% random 3 %}{% endcapture %}"
        "{% for g in snippets.random_greetings %}{% if g.version == randomize %}"
        "{{ g.greeting }}{% endif %}{% endfor %}"
    )
    out = r.render_template(text, {"id": "x"})
    assert out.issues == []
    assert out.text in {"G0", "G1", "G2", "G3"}


def test_snippets_render_liquid_with_profile_data() -> None:
    r = Renderer(
        snippets=SnippetSet(
            {
                "address": "{{ customer.city | default: 'Earth' }} St.",
                "main address": "HQ",
                "links": {
                    "home": "https://x.example/{{ customer.id }}",
                    "list": ["{{ customer.id }}"],
                },
            }
        )
    )
    out = r.render_template(
        '{{ snippets.address }}|{{ snippets["main address"] }}|'
        "{{ snippets.links.home }}|{{ snippets.links.list | first }}",
        {"customer": {"city": "Oslo", "id": 3}},
    )
    assert out.issues == []
    # Liquid in JSON objects renders; inside a JSON array it stays text.
    assert out.text == "Oslo St.|HQ|https://x.example/3|{{ customer.id }}"


def test_snippet_cannot_see_message_variables() -> None:
    r = Renderer(snippets=SnippetSet({"s": "{{ local }}"}))
    out = r.render_template("{% assign local = 1 %}{{ snippets.s }}", {})
    assert [i.rule for i in out.issues] == ["liquid/missing-variable"]
    assert "in snippet 's'" in out.issues[0].message


def test_cio_link_appends_workspace_url_parameters() -> None:
    project = Project(settings={"url_parameters": {"utm_source": "mail", "utm_medium": "e m"}})
    r = Renderer(project, snippets=SnippetSet({}))
    out = r.render_template(
        "{% cio_link url:https://e.com/p?utm_source=x track:false %}|"
        "{% cio_link url:https://e.com track:false url_params:false %}",
        {},
    )
    assert out.text == "https://e.com/p?utm_source=x&utm_medium=e%20m|https://e.com"


def test_environment_registers_product_tags_and_filters() -> None:
    env = MailwrightEnvironment(LiquidSettings())
    for tag in (
        "unsubscribe_url",
        "view_in_browser_url",
        "manage_subscription_preferences_url",
        "cio_link",
        "cio_link_id",
        "random",
        "render_liquid",
        "countdown",
    ):
        assert tag in env.tags
    for name in (
        "date",
        "to_json",
        "json_array_uniq",
        "currency",
        "rounded_currency",
        "sha256",
        "hmac_sha256",
        "default",
        "group_by",
        "timezone",
    ):
        assert name in env.filters
    assert "htmlencode" not in env.filters


def test_every_tag_declares_its_syntax_and_blocks_their_inner_tags() -> None:
    """No central table: the block structure and the messages come from the tags."""
    env = MailwrightEnvironment(LiquidSettings())
    assert env.grammar.blocks["if"] == {"elsif", "else"}
    assert env.grammar.blocks["case"] == {"when", "else"}
    assert env.grammar.blocks["for"] == {"else"}
    assert env.grammar.inner == {"elsif", "else", "when"}
    for name in ("cio_link", "random", "render_liquid", "countdown", "assign", "if"):
        assert getattr(env.tags[name], "syntax", "").startswith("Syntax Error in ")


def test_include_and_render_are_refused_where_written() -> None:
    r = Renderer(snippets=SnippetSet({"footer": "F"}))
    for text in ("<p>x</p>\n  {% include 'footer' %}", "<p>x</p>\n  {% render 'footer' %}"):
        out = r.render_template(text, {})
        [issue] = out.issues
        assert (issue.rule, issue.line, issue.column) == ("liquid/syntax", 2, 3)
        assert "is not part of this Liquid" in issue.message
        assert "{{ snippets.footer }}" in issue.message


def test_platform_tags_of_the_workspace_render_as_written() -> None:
    project = Project(settings={"liquid_tags": ["web_version_url", "if", "bad name"]})
    r = Renderer(project, snippets=SnippetSet({}))
    out = r.render_template(
        "<a href='{% web_version_url   list: 3 %}'>{% if true %}y{% endif %}", {}
    )
    assert out.issues == []
    assert out.text == "<a href='{% web_version_url list: 3 %}'>y"
    # Without the setting the tag is unknown, as it is to the checker.
    plain = Renderer(snippets=SnippetSet({})).render_template("{% web_version_url %}", {})
    assert [i.rule for i in plain.issues] == ["liquid/unknown-tag"]
