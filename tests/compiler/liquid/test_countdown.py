"""``{% countdown %}`` as liquid-recipes documents it: parameters, checks, located errors."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from compiler.liquid import PREVIEW_HOST, Renderer
from compiler.liquid.snippets import SnippetSet
from compiler.liquid.tags.countdown import CountdownValueError, check, parse_time

# The recipe's own example, with its line break.
RECIPE = (
    "{% countdown point:64 font:roboto weight:light\nfg:000000 bg:f2f6f9 "
    'time:"2022-07-04 12:00:00 (GMT)" locale:en looping:true resolution:S frames:2 %}'
)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(snippets=SnippetSet({}))


def img(html: str) -> tuple[dict[str, list[str]], str, str]:
    tag = BeautifulSoup(html, "html.parser").find("img")
    assert tag is not None, html
    src = str(tag["src"])
    parts = urlsplit(src)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", PREVIEW_HOST, "/countdown.gif")
    return parse_qs(parts.query), str(tag["alt"]), src


def test_recipe_example_renders_an_image_with_every_parameter(renderer: Renderer) -> None:
    out = renderer.render_template(RECIPE, {})
    assert out.ok, out.issues
    query, alt, _ = img(out.text)
    assert query == {
        "time": ["2022-07-04T12:00:00Z"],
        "point": ["64"],
        "fg": ["000000"],
        "bg": ["f2f6f9"],
        "font": ["roboto"],
        "weight": ["light"],
        "locale": ["en"],
        "looping": ["true"],
        "resolution": ["S"],
        "frames": ["2"],
    }
    assert alt == "Countdown to 2022-07-04 12:00:00 (GMT)"


def test_defaults_and_short_colours(renderer: Renderer) -> None:
    out = renderer.render_template(
        '{% countdown point:20 fg:#FFF bg:000 time:"2030-01-01 09:00:00 (Europe/Oslo)" %}', {}
    )
    query, _, _ = img(out.text)
    assert query["fg"] == ["ffffff"] and query["bg"] == ["000000"]
    assert query["time"] == ["2030-01-01T08:00:00Z"]  # Oslo is UTC+1 in January
    assert (
        query["font"],
        query["weight"],
        query["locale"],
        query["looping"],
        query["resolution"],
        query["frames"],
    ) == (["inter"], ["normal"], ["en"], ["false"], ["S"], ["1"])


def test_time_from_the_profile(renderer: Renderer) -> None:
    template = "<p>{% countdown point:30 fg:000000 bg:ffffff time:{{ event.starts_at }} %}</p>"
    out = renderer.render_template(template, {"event": {"starts_at": "2031-05-02 18:30 (+02:00)"}})
    assert out.ok, out.issues
    query, alt, _ = img(out.text)
    assert query["time"] == ["2031-05-02T16:30:00Z"]
    assert alt == "Countdown to 2031-05-02 18:30 (+02:00)"
    bad = renderer.render_template(template, {"event": {"starts_at": "next week"}})
    (issue,) = bad.issues
    assert issue.rule == "liquid/render-error"
    assert issue.message == (
        "Liquid error: countdown: time 'next week' is not in the format YYYY-MM-DD hh:mm:ss (TZ)"
    )
    assert (issue.line, issue.column) == (1, 7)  # at the tag's name
    missing = renderer.render_template(template, {})
    assert [i.message for i in missing.issues] == ["Variable 'event.starts_at' is missing"]


@pytest.mark.parametrize(
    ("tag", "detail"),
    [
        ('countdown point:64 fg:000 time:"2022-07-04 12:00:00"', "missing bg"),
        ("countdown", "missing point, fg, bg, time"),
        (
            'countdown point:big fg:000 bg:fff time:"2022-07-04 12:00:00"',
            "point must be a whole number, not 'big'",
        ),
        (
            'countdown point:64 fg:black bg:fff time:"2022-07-04 12:00:00"',
            "fg must be a hex colour such as f2f6f9, not 'black'",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"July 4th"',
            "time 'July 4th' is not in the format YYYY-MM-DD hh:mm:ss (TZ)",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-02-30 12:00:00"',
            "time '2022-02-30 12:00:00' is not a real date and time",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00 (Mars/Olympus)"',
            "unknown time zone 'Mars/Olympus'",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" locale:fr',
            "locale must be one of en, es, jp, pt, ru, zh, not 'fr'",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" font:comic',
            "font must be one of inter, roboto, not 'comic'",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" looping:yes',
            "looping must be true or false, not 'yes'",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" resolution:W',
            "resolution must be one of S, M, H, D, not 'W'",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" resolution:M frames:3',
            "frames must be from 1 to 2, not 3",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" frames:61',
            "frames must be from 1 to 60, not 61",
        ),
        (
            'countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" colour:red',
            "unknown option 'colour'",
        ),
        (
            'countdown point:64 point:12 fg:000 bg:fff time:"2022-07-04 12:00:00"',
            "'point' is given twice",
        ),
        ('countdown point:64 fg:000 bg:fff time:"2022-07-04 12:00:00" extra', "unexpected 'extra'"),
    ],
)
def test_bad_parameters_are_syntax_errors_at_the_tag(
    renderer: Renderer, tag: str, detail: str
) -> None:
    out = renderer.render_template(f"<p>\n  {{% {tag} %}}</p>", {}, file="emails/e.html")
    (issue,) = out.issues
    assert issue.rule == "liquid/syntax"
    assert issue.message.startswith("Syntax Error in tag 'countdown' - Valid syntax: countdown ")
    assert issue.message.endswith(f"({detail})")
    assert (issue.file, issue.line, issue.column) == ("emails/e.html", 2, 3)


def test_parse_time_zones() -> None:
    assert parse_time("2022-07-04 12:00:00 (GMT)") == dt.datetime(2022, 7, 4, 12, tzinfo=dt.UTC)
    assert parse_time("2022-07-04 12:00") == dt.datetime(2022, 7, 4, 12, tzinfo=dt.UTC)
    assert parse_time("2022-07-04T12:00:00 (UTC-05:30)").utcoffset() == -dt.timedelta(
        hours=5, minutes=30
    )
    assert parse_time("2022-07-04 12:00:00 (America/New_York)").astimezone(dt.UTC).hour == 16
    with pytest.raises(CountdownValueError, match="more than a day"):
        parse_time("2022-07-04 12:00:00 (+25:00)")


def test_check_weights() -> None:
    base = {"point": "10", "fg": "000", "bg": "fff", "time": "2022-07-04 12:00:00"}
    assert check({**base, "weight": "700"}).weight == "700"
    assert check({**base, "weight": "Light"}).weight == "light"
    with pytest.raises(CountdownValueError, match="weight must be one of"):
        check({**base, "weight": "heavy-ish"})
