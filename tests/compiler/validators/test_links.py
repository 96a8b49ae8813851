"""Link validator: collection, static rules, and real HTTP checks on 127.0.0.1."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from compiler.validators import links
from compiler.validators.http import probe_urls
from components.diagnostics import Issue, Severity
from tests.compiler.validators.conftest import Site, make_ctx

pytestmark = pytest.mark.network


def rules(issues: list[Issue]) -> list[str]:
    return [i.rule for i in issues]


def run(html: str, **options: object) -> list[Issue]:
    return list(links.check(make_ctx(html, **options)))  # type: ignore[arg-type]


# ----------------------------------------------------------- collection


def test_collects_every_kind_of_link_once() -> None:
    html = (
        '<a href="https://example.com/a?utm_source=news&utm_medium=email&ref=7">Read</a>\n'
        '<a href="https://example.com/a?utm_source=news&utm_medium=email&ref=7">Again</a>\n'
        '<map><area href="https://example.com/area" alt="Region"></map>\n'
        '<!--[if mso]><v:roundrect href="https://example.com/vml" arcsize="10%"></v:roundrect>'
        "<![endif]-->\n"
        '<a href="mailto:hi@example.com" data-track="false">Mail us</a>\n'
        '<a href="https://example.com/img"><img src="x.png" alt="Logo"></a>'
    )
    records = links.collect_links(make_ctx(html))
    by_url = {r.url: r for r in records}
    assert list(by_url) == [
        "https://example.com/a?utm_source=news&utm_medium=email&ref=7",
        "https://example.com/area",
        "https://example.com/vml",
        "mailto:hi@example.com",
        "https://example.com/img",
    ]
    first = by_url["https://example.com/a?utm_source=news&utm_medium=email&ref=7"]
    assert first.texts == ["Read", "Again"]
    assert first.utm == {"utm_source": "news", "utm_medium": "email"}
    assert first.params["ref"] == "7"
    assert first.location[1:] == (1, 1)
    assert by_url["https://example.com/area"].kinds == ["area"]
    assert by_url["https://example.com/vml"].kinds == ["vml"]
    assert by_url["mailto:hi@example.com"].tracked is False
    assert first.tracked is True
    untracked = '<a href="https://e.com" class="btn untracked">Go</a>'
    assert links.collect_links(make_ctx(untracked))[0].tracked is False
    assert by_url["https://example.com/img"].text == "Logo"  # image link: its alt text


def test_unexpanded_component_hrefs_are_links() -> None:
    # x-cta / x-image left in the output (a component the compile did not expand).
    html = (
        '<x-cta href="https://example.com/buy?utm_campaign=spring">Buy boots</x-cta>\n'
        '<x-image src="https://example.com/a.png" href="https://example.com/look" '
        'alt="The spring look" :track-link="false"></x-image>'
    )
    by_url = {r.url: r for r in links.collect_links(make_ctx(html))}
    assert by_url["https://example.com/buy?utm_campaign=spring"].kinds == ["x-cta"]
    assert by_url["https://example.com/buy?utm_campaign=spring"].utm == {"utm_campaign": "spring"}
    look = by_url["https://example.com/look"]
    assert look.kinds == ["x-image"] and look.text == "The spring look"
    assert look.tracked is False and look.location[1:] == (2, 1)


def test_liquid_url_that_renders_to_nothing_is_empty() -> None:
    issues = run(
        '<a href="{{ customer.website }}">Your site</a>', profile={"customer": {"website": ""}}
    )
    assert rules(issues) == ["links/empty"]
    assert "renders to an empty URL" in issues[0].message


@dataclass
class Case:
    description: str
    href: str
    rule: str | None
    severity: Severity | None = None


STATIC_CASES = [
    Case("https is fine", "https://example.com/", None),
    Case("http is insecure", "http://example.com/", "links/insecure", Severity.WARNING),
    Case("empty href", "", "links/empty", Severity.ERROR),
    Case("placeholder", "#", "links/placeholder", Severity.WARNING),
    Case("local anchor is fine", "#top", None),
    Case("relative URL", "/pricing", "links/relative-url", Severity.ERROR),
    Case("javascript", "javascript:alert(1)", "links/javascript", Severity.ERROR),
    Case(
        "deep link not validated", "myapp://open/42", "links/protocol-not-validated", Severity.INFO
    ),
    Case("valid mailto", "mailto:team@example.com?subject=Hi", None),
    Case("bad mailto", "mailto:team-at-example", "links/invalid-url", Severity.ERROR),
    Case("valid tel", "tel:+1-555-0100", None),
    Case("bad tel", "tel:call-us-now", "links/invalid-url", Severity.ERROR),
    Case("valid ftp", "ftp://files.example.com/a.pdf", None),
    Case("no host", "https:///path", "links/invalid-url", Severity.ERROR),
    Case("spaces", "https://example.com/a b", "links/invalid-url", Severity.ERROR),
    Case("bad port", "https://example.com:99999/", "links/invalid-url", Severity.ERROR),
    Case("bad host", "https://exa_mple..com/", "links/invalid-url", Severity.ERROR),
    Case(
        "dynamic without sample data",
        "https://example.com/u/{{ customer.id }}",
        "links/dynamic",
        Severity.INFO,
    ),
]


@pytest.mark.parametrize("case", STATIC_CASES, ids=[c.description for c in STATIC_CASES])
def test_static_rules(case: Case) -> None:
    issues = run(f'<p><a href="{case.href}">Link</a></p>')
    if case.rule is None:
        assert issues == []
    else:
        assert rules(issues) == [case.rule]
        assert issues[0].severity is case.severity
        assert issues[0].line == 1 and issues[0].column == 4


def test_liquid_url_rendered_with_sample_profile(site: Site) -> None:
    html = f'<a href="{site.base}/page/{{{{ customer.id }}}}">Profile</a>'
    ctx = make_ctx(html, profile={"customer": {"id": 42}}, network=True, timeout_s=2)
    [rec] = links.collect_links(ctx)
    assert rec.dynamic and rec.resolved == f"{site.base}/page/42"
    issues = list(links.check(ctx))
    assert [i for i in issues if i.rule != "links/insecure"] == []
    assert rec.status == 200


def test_liquid_url_that_fails_to_render() -> None:
    issues = run('<a href="https://x.com/{{ a | }}">x</a>', profile={"a": 1})
    assert rules(issues) == ["links/liquid-error"]
    missing = run('<a href="https://x.com/u/{{ customer.id }}">x</a>', profile={"customer": {}})
    assert rules(missing) == ["links/liquid-error"]
    assert "customer.id" in missing[0].message  # the sample data lacks it: add a fallback


def test_platform_link_tags_render_like_previews(site: Site) -> None:
    # {% unsubscribe_url %} renders to the preview's reserved host: listed, never fetched.
    html = '<a href="{% unsubscribe_url %}">Unsubscribe</a>'
    ctx = make_ctx(html, profile={"customer": {"id": 5}}, network=True, timeout_s=1)
    [rec] = links.collect_links(ctx)
    assert rec.resolved.startswith("https://") and rec.resolved.endswith("/unsubscribe/5")
    assert rules(list(links.check(ctx))) == ["links/example-domain"]


# ----------------------------------------------------------- network


def net(site: Site, path: str, timeout: float = 2.0) -> tuple[list[Issue], links.LinkRecord]:
    url = path if path.startswith("http") else site.url(path)
    ctx = make_ctx(f'<a href="{url}">x</a>', network=True, timeout_s=timeout)
    issues = [i for i in links.check(ctx) if i.rule != "links/insecure"]
    return issues, links.collect_links(ctx)[0]


def test_200_passes(site: Site) -> None:
    issues, rec = net(site, "/ok")
    assert issues == [] and rec.status == 200 and rec.ok


def test_redirect_chain_reported_with_target(site: Site) -> None:
    issues, rec = net(site, "/redirect/3")
    assert rules(issues) == ["links/redirect"]
    assert issues[0].severity is Severity.INFO
    assert rec.final_url == site.url("/ok") and rec.status == 200
    assert [s for s, _ in rec.redirects] == [301, 301, 301]
    assert issues[0].data["final_url"] == site.url("/ok")


def test_redirect_loop(site: Site) -> None:
    issues, _rec = net(site, "/loop/a")
    assert rules(issues) == ["links/redirect-loop"]
    assert issues[0].severity is Severity.ERROR
    assert "loop" in issues[0].message


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_4xx_5xx_fail(site: Site, status: int) -> None:
    issues, rec = net(site, f"/status/{status}")
    assert rules(issues) == ["links/broken"]
    assert issues[0].severity is Severity.ERROR
    assert f"status {status}" in issues[0].message and rec.status == status


def test_999_explained(site: Site) -> None:
    issues, _ = net(site, "/status/999")
    assert rules(issues) == ["links/blocked"]
    assert "automated" in issues[0].message and issues[0].severity is Severity.WARNING


def test_head_not_allowed_falls_back_to_get(site: Site) -> None:
    issues, rec = net(site, "/nohead")
    assert issues == [] and rec.status == 200


def test_slow_response_within_timeout_passes(site: Site) -> None:
    issues, rec = net(site, "/slow/300", timeout=3)
    assert issues == [] and rec.status == 200


def test_slow_response_over_timeout(site: Site) -> None:
    t0 = time.monotonic()
    issues, _ = net(site, "/slow/2000", timeout=0.4)
    assert rules(issues) == ["links/timeout"]
    assert time.monotonic() - t0 < 1.5


def test_server_that_never_answers_times_out(silent_server: str) -> None:
    t0 = time.monotonic()
    issues, _rec = net(Site("", {}), silent_server + "/x", timeout=0.5)
    elapsed = time.monotonic() - t0
    assert rules(issues) == ["links/timeout"]
    assert issues[0].severity is Severity.ERROR
    assert elapsed < 1.5, elapsed


def test_unreachable_host(closed_port: str) -> None:
    issues, _ = net(Site("", {}), closed_port + "/x", timeout=2)
    assert rules(issues) == ["links/unreachable"]
    assert "cannot connect" in issues[0].message


def test_many_links_checked_concurrently(site: Site) -> None:
    # each answer waits until all 20 requests are open at once: one after another,
    # the first would wait for the others until its timeout
    html = "".join(f'<a href="{site.base}/together/20/links?n={n}">{n}</a>' for n in range(20))
    ctx = make_ctx(html, network=True, timeout_s=30, concurrency=20)
    issues = [i for i in links.check(ctx) if i.rule != "links/insecure"]
    assert issues == []
    assert all(r.status == 200 for r in links.collect_links(ctx))


def test_results_cached_by_url_across_runs(site: Site) -> None:
    cache: dict[str, object] = {}
    url = site.url("/page/cached")
    before = site.hits.get("/page/cached", 0)
    for _ in range(3):
        ctx = make_ctx(f'<a href="{url}">x</a>', network=True, url_cache=cache)
        links.review(ctx)
    assert site.hits.get("/page/cached", 0) - before == 1
    assert f"link:{url}" in cache


def test_progress_reported(site: Site) -> None:
    seen: list[tuple[str, int, int]] = []
    html = "".join(f'<a href="{site.base}/page/{n}">{n}</a>' for n in range(3))
    ctx = make_ctx(html, network=True, progress=lambda *a: seen.append(a))
    links.review(ctx)
    assert seen[-1] == ("links", 3, 3) and len(seen) == 3


def test_report_in_sync_until_source_changes() -> None:
    ctx = make_ctx('<a href="https://example.com">x</a>')
    report = links.review(ctx)
    assert report.in_sync(ctx.result)
    changed = make_ctx('<a href="https://example.org">x</a>')
    assert not report.in_sync(changed.result)


def test_probe_of_invalid_url_is_an_answer_not_a_crash() -> None:
    probes = probe_urls(["https://exa mple.com/", "notaurl"], timeout_s=1, concurrency=2)
    assert all(p.error for p in probes.values())


def test_reserved_example_domains_are_not_fetched() -> None:
    issues = run(
        '<a href="https://shop.example/a">x</a><a href="https://example.com/b">y</a>',
        network=True,
        timeout_s=1,
    )
    assert rules(issues) == ["links/example-domain", "links/example-domain"]
    assert all(i.severity is Severity.INFO for i in issues)
