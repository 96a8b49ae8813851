"""Every rule of every validator: a known-bad email that triggers it, and its good twin.

The table is checked against the rule registry (each validator's ``RULE_IDS``)
in both directions: every registered rule has a case here, every rule id
written in a validator's source is registered, and no fixture produces a rule
the registry does not know. The good twin is a near miss wherever the rule has
a threshold (four calls to action, an image exactly 1,728 px tall, ten
redirects), so a rule that fires too eagerly fails as surely as one that never
fires. Everything real: HTTP servers on 127.0.0.1, images made by Pillow, the
real SpamAssassin binary, axe-core in the Qt engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from compiler.project import Project, load_project
from compiler.result import CompileResult, Envelope
from compiler.validators import REGISTRY, emc, rule_ids
from compiler.validators import a11y as a11y_validator
from compiler.validators import spamassassin as sa_validator
from compiler.validators.base import CheckContext, CheckOptions
from components.diagnostics import Issue, Severity
from tests.compiler.validators.conftest import Site, make_images
from tests.compiler.validators.test_emc import CASES as EMC_CASES

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: note (info)
ROOT = Path(__file__).resolve().parents[3]
ASSET_BASE = "https://assets.mailwright.example/"

UNSUB = '<p><a href="https://example.com/unsubscribe">Unsubscribe</a></p>'
PROSE = (
    "<p>Our spring collection is here. We picked twelve pieces we think you will like, "
    "with notes from the designers on how they were made and where.</p>"
)
GOOD_BODY = (
    PROSE + '<a href="https://example.com/spring" class="button">See the collection</a>' + UNSUB
)
CLEAN = (
    "<html><body><p>Hello Ana, your March statement for account 1234 is ready. It lists "
    "the three orders you placed and the refund we sent on the 12th.</p>"
    '<p><a href="https://example.com/statements/march">View your statement</a></p>'
    "</body></html>"
)
SPAMMY = (
    "<html><body><p>VIAGRA CIALIS cheap!!! Buy VIAGRA online now, no prescription "
    "needed. 100% FREE! Click here to claim your million dollars prize. Lose weight "
    "fast, earn extra cash, act now! Lowest price viagra levitra cialis.</p></body></html>"
)
FILLER = "<p>" + "x" * 1000 + "</p>"
AMP_BOILERPLATE = "<style amp4email-boilerplate>body{visibility:hidden}</style>"
AMP_CAROUSEL = (
    '<script async custom-element="amp-carousel" '
    'src="https://cdn.ampproject.org/v0/amp-carousel-0.1.js"></script>'
)
AMP_HEAD = (
    '<!doctype html><html ⚡4email data-css-strict><head><meta charset="utf-8">'
    '<script async src="https://cdn.ampproject.org/v0.js"></script>'
    + AMP_CAROUSEL
    + AMP_BOILERPLATE
    + "<style amp-custom>h1{margin:1rem}</style></head>"
)
AMP_BODY = "<body><p>Hello {{ customer.first_name }}</p>" + UNSUB + "</body></html>"
AMP_CAROUSEL_USE = (
    '<amp-carousel width="800" height="400" layout="responsive" type="slides">'
    "<div>a</div></amp-carousel>"
)
STYLE_9K = "<style>" + ".a{color:red}" * 700 + "</style>"


@dataclass(frozen=True)
class Fx:
    """One email and the conditions it is checked under."""

    html: str
    subject: str = "Your March update"
    text: str = "Hello, this is the plain-text part."
    source: str | None = None  # the source, when it differs (front matter)
    file: str = "emails/test.html"
    network: bool = False
    timeout: float = 2.0
    budget: float = 120.0
    profile: Mapping[str, Any] | None = None
    assets: bool = False  # a workspace whose [assets] base_url is ASSET_BASE
    env: str = ""  # "no-sa", "broken-sa", "qt", "failing-engine"


@dataclass(frozen=True)
class Case:
    rule: str
    severity: Severity
    bad: Fx
    good: Fx
    # Summary rules are always reported; the bad email raises their severity.
    summary: bool = False
    validator: str = field(default="")


def link(href: str, **kw: Any) -> Fx:
    return Fx(f'<p><a href="{href}">Our spring range</a></p>', **kw)


def img(src: str, attrs: str = 'alt="A photo"', **kw: Any) -> Fx:
    return Fx(f'<img src="{src}" {attrs}>', **kw)


def net(href: str, timeout: float = 2.0) -> Fx:
    return link(href, network=True, timeout=timeout)


def remote(name: str, attrs: str = 'alt="A photo"', timeout: float = 3.0) -> Fx:
    src = name if name.startswith("{") else "{site}/img/" + name
    return img(src, attrs, network=True, timeout=timeout)


def spam_case(rule: str, bad: str, good: str, severity: Severity = W) -> Case:
    return Case(rule, severity, Fx(bad + UNSUB), Fx(good + UNSUB))


def subject_case(rule: str, bad: str, good: str) -> Case:
    return Case(rule, W, Fx(GOOD_BODY, subject=bad), Fx(GOOD_BODY, subject=good))


def cta(n: int) -> str:
    return "".join(
        f'<a href="https://example.com/{k}" class="btn">Shop item {k}</a>' for k in range(n)
    )


CASES: list[Case] = [
    # ---------------------------------------------------------------- problems
    Case(
        "problems/unclosed-tag",
        E,
        Fx("<div>\n<table><tr><td>x</td></tr></table>\n"),
        Fx("<div><table><tr><td>x</td></tr></table></div>"),
    ),
    Case("problems/misnested-tag", W, Fx("<div><b>bold</div>"), Fx("<div><b>bold</b></div>")),
    Case("problems/stray-end-tag", W, Fx("<div>x</div></span>"), Fx("<div>x</div>")),
    Case(
        "problems/block-in-p",
        E,
        Fx("<p>Intro <table><tr><td>x</td></tr></table></p>"),
        Fx("<div>Intro <table><tr><td>x</td></tr></table></div>"),
    ),
    Case(
        "problems/duplicate-id",
        E,
        Fx('<a id="x"></a><b id="x"></b>'),
        Fx('<a id="x"></a><b id="y"></b>'),
    ),
    Case(
        "problems/duplicate-attribute",
        W,
        Fx('<td align="left" align="right"></td>'),
        Fx('<td align="left"></td>'),
    ),
    Case(
        "problems/invalid-attribute",
        E,
        Fx('<td "align=left">x</td>'),
        Fx('<td align="left">x</td>'),
    ),
    Case(
        "problems/attribute-units",
        W,
        Fx('<img width="600px" alt="">'),
        Fx('<img width="600" alt="">'),
    ),
    Case(
        "problems/css-unitless",
        W,
        Fx('<td style="padding:8 12px">x</td>'),
        Fx('<td style="padding:8px 0;line-height:1.5;width:100%">x</td>'),
    ),
    Case(
        "problems/client-support",
        W,
        Fx('<div style="inset:0">x</div>'),
        Fx("<table><tr><td>x</td></tr></table>"),
    ),
    Case("problems/gmail-clipped", E, Fx(FILLER * 105), Fx(FILLER * 95)),
    Case("problems/gmail-size", W, Fx(FILLER * 95), Fx(FILLER * 85)),
    Case("problems/gmail-style-size", E, Fx(STYLE_9K * 2), Fx(STYLE_9K)),
    Case(
        "problems/gmail-nested-at-rule",
        E,
        Fx("<style>@media (max-width:600px){ @supports (display:grid){ .a{color:red} } }</style>"),
        Fx(
            "<style>@media (max-width:600px){ .a{color:red} } @supports (display:grid){.b{}}"
            "</style>"
        ),
    ),
    Case("problems/liquid-syntax", E, Fx("<p>Hi {{ name | }}</p>"), Fx("<p>Hi {{ name }}</p>")),
    Case(
        "problems/liquid-unknown-tag",
        W,
        Fx("<p>{% unsubscribe_link %}</p>"),
        Fx("<p>{% unsubscribe_url %}</p>"),
    ),
    Case(
        "problems/untranslated",
        W,
        Fx(
            "<p>Hi</p>",
            source="<x-base>{% comment %}Translate to de: a copy of w.html. "
            "Translate it.{% endcomment %}<p>Hi</p></x-base>",
        ),
        Fx(
            "<p>Hallo</p>",
            source="<x-base>{% comment %}Translated to de from w.html"
            "{% endcomment %}<p>Hallo</p></x-base>",
        ),
    ),
    Case(
        "problems/amp-required",
        E,
        Fx(AMP_HEAD.replace(AMP_BOILERPLATE, "") + AMP_BODY),
        Fx(AMP_HEAD + AMP_BODY),
    ),
    Case(
        "problems/amp-disallowed-tag",
        E,
        Fx(AMP_HEAD + AMP_BODY.replace("<p>", '<img src="a.png" alt="A"><p>')),
        Fx(
            AMP_HEAD
            + AMP_BODY.replace(
                "<p>", '<amp-img src="a.png" alt="A" width="10" height="10"></amp-img><p>'
            )
        ),
    ),
    Case(
        "problems/amp-extension",
        E,
        Fx(AMP_HEAD.replace(AMP_CAROUSEL, "") + AMP_BODY.replace("<p>", AMP_CAROUSEL_USE + "<p>")),
        Fx(AMP_HEAD + AMP_BODY.replace("<p>", AMP_CAROUSEL_USE + "<p>")),
    ),
    Case(
        "problems/amp-important",
        E,
        Fx(AMP_HEAD + AMP_BODY.replace("<p>", '<p style="color:red !important">')),
        Fx(AMP_HEAD + AMP_BODY.replace("<p>", '<p style="color:red">')),
    ),
    # ---------------------------------------------------------------- spam content rules
    spam_case(
        "spam/capitals",
        "<p>THIS AMAZING OFFER ENDS TONIGHT, friends.</p>" + PROSE,
        "<p>THE NASA team visits on Friday, friends.</p>" + PROSE,
    ),
    spam_case(
        "spam/exclamation",
        "<p>We are open!!! Come by.</p>" + PROSE,
        "<p>We are open! Come by.</p>" + PROSE,
    ),
    spam_case(
        "spam/currency", "<p>Save $$$ this week.</p>" + PROSE, "<p>Save $20 this week.</p>" + PROSE
    ),
    spam_case(
        "spam/emoji",
        "<p>Big news 🎉 🎉🎉 today.</p>" + PROSE,
        "<p>Big news 🎉 today, and more 🌸 tomorrow.</p>" + PROSE,
    ),
    spam_case(
        "spam/phrases",
        "<p>Act now, the offer is limited.</p>" + PROSE,
        "<p>The offer runs until Sunday.</p>" + PROSE,
    ),
    spam_case(
        "spam/image-ratio",
        PROSE + '<img src="https://e.com/a.png" width="600" height="800" alt="">',
        PROSE + '<img src="https://e.com/a.png" width="120" height="60" alt="">',
    ),
    spam_case(
        "spam/image-only",
        '<img src="https://e.com/a.png" alt="">',
        PROSE + '<img src="https://e.com/a.png" width="120" height="60" alt="">',
    ),
    spam_case("spam/cta-count", PROSE + cta(5), PROSE + cta(4)),
    spam_case(
        "spam/url-shortener",
        PROSE + '<a href="https://bit.ly/x1">Our page</a>',
        PROSE + '<a href="https://example.com/spring/page">Our page</a>',
    ),
    Case("spam/unsubscribe-missing", E, Fx(PROSE), Fx(PROSE + UNSUB)),
    Case("spam/text-part-missing", W, Fx(GOOD_BODY, text=""), Fx(GOOD_BODY)),
    spam_case(
        "spam/hidden-text",
        '<div style="display:none">' + "cheap pills " * 30 + "</div>" + PROSE,
        '<div style="display:none">Your March update is here &#847; &zwnj;</div>' + PROSE,
    ),
    spam_case(
        "spam/link-domain-mismatch",
        PROSE + '<a href="https://evil.example.net/login">www.mybank.com</a>',
        PROSE + '<a href="https://www.mybank.com/login">mybank.com</a>',
    ),
    Case("spam/subject-missing", W, Fx(GOOD_BODY, subject=""), Fx(GOOD_BODY)),
    subject_case(
        "spam/subject-length",
        "Here is a very long subject line that keeps going well past sixty chars",
        "A subject line that is exactly sixty characters long, see...",
    ),
    subject_case("spam/subject-capitals", "HUGE SALE TODAY only", "Huge sale at NASA today"),
    subject_case("spam/subject-exclamation", "Open now!! Really!", "Open now!"),
    subject_case("spam/subject-currency", "Save $20 today", "Save 20 percent today"),
    subject_case("spam/subject-phrases", "Limited time: our spring picks", "Our spring picks"),
    subject_case("spam/subject-fake-reply", "RE: your order", "Your order: receipt"),
    subject_case("spam/subject-emoji", "Spring 🌸🌷 is here", "Spring 🌸 is here"),
    Case(
        "spam/score",
        W,
        Fx("<p>WINNER WINNER CHICKEN DINNER!!! Get $$$ now, act now, 100% free.</p>"),
        Fx(GOOD_BODY),
        summary=True,
    ),
    # ---------------------------------------------------------------- links: static
    Case("links/empty", E, link(""), link("https://example.com/")),
    Case("links/placeholder", W, link("#"), link("#top")),
    Case(
        "links/liquid-error",
        W,
        link("https://example.com/{{ a | }}", profile={"a": 1}),
        link("https://example.com/{{ a }}", profile={"a": 1}),
    ),
    Case(
        "links/dynamic",
        N,
        link("https://example.com/u/{{ customer.id }}"),
        link("https://example.com/u/{{ customer.id }}", profile={"customer": {"id": 7}}),
    ),
    Case("links/javascript", E, link("javascript:alert(1)"), link("https://example.com/")),
    Case("links/protocol-not-validated", N, link("myapp://open/42"), link("tel:+1-555-0100")),
    Case("links/relative-url", E, link("/pricing"), link("https://example.com/pricing")),
    Case(
        "links/invalid-url",
        E,
        link("mailto:team-at-example"),
        link("mailto:team@example.com?subject=Hi"),
    ),
    Case("links/insecure", W, link("http://example.com/"), link("https://example.com/")),
    # ---------------------------------------------------------------- links: network
    Case("links/example-domain", N, net("https://example.com/b"), net("{site}/ok")),
    Case("links/broken", E, net("{site}/status/404"), net("{site}/ok")),
    Case("links/blocked", W, net("{site}/status/999"), net("{site}/ok")),
    Case("links/redirect", N, net("{site}/redirect/2"), net("{site}/ok")),
    Case("links/redirect-loop", E, net("{site}/loop/a"), net("{site}/redirect/2")),
    Case("links/too-many-redirects", E, net("{site}/redirect/12"), net("{site}/redirect/10")),
    Case("links/timeout", E, net("{silent}/x", timeout=0.5), net("{site}/slow/100")),
    Case("links/unreachable", E, net("{closed}/x"), net("{site}/ok")),
    Case("links/tls", E, net("{tls}/ok"), net("{site}/ok")),
    Case("links/network", E, net("{garbage}/x"), net("{site}/ok")),
    Case("links/bad-redirect", E, net("{site}/to-file"), net("{site}/redirect/1")),
    Case("links/refused-address", W, net("{site}/to-metadata"), net("{site}/redirect/1")),
    Case(
        "links/not-checked",
        W,
        link("{silent}/x", network=True, timeout=1.0, budget=0.3),
        net("{site}/ok"),
    ),
    # ---------------------------------------------------------------- images
    Case(
        "images/alt-missing",
        E,
        img("https://e.com/a.png", ""),
        img("https://e.com/a.png", 'alt=""'),
    ),
    Case("images/empty-src", E, Fx('<img alt="A photo">'), img("https://e.com/a.png")),
    Case(
        "images/dynamic",
        N,
        img("https://e.com/{{ user.avatar }}"),
        img("https://e.com/{{ user.avatar }}", profile={"user": {"avatar": "a.png"}}),
    ),
    Case("images/insecure", W, img("http://e.com/a.png"), img("https://e.com/a.png")),
    Case("images/broken", E, remote("missing.png"), remote("logo.png")),
    Case("images/corrupt", E, remote("corrupt.png"), remote("logo.png")),
    Case("images/truncated", E, remote("truncated.png"), remote("logo.png")),
    Case(
        "images/timeout",
        E,
        remote("{silent}/a.png", timeout=0.5),
        remote("{site}/slowimg/100/logo.png"),
    ),
    Case("images/outside-workspace", E, img("../../etc/passwd"), remote("logo.png")),
    Case(
        "images/refused-address",
        W,
        img("http://169.254.169.254/a.png", network=True),
        remote("logo.png"),
    ),
    Case(
        "images/not-checked",
        W,
        img("{silent}/a.png", network=True, timeout=1.0, budget=0.3),
        remote("logo.png"),
    ),
    Case("images/unreachable", E, remote("{closed}/a.png"), remote("logo.png")),
    Case("images/invalid-url", E, img("data:image/png"), img("data:image/png;base64,{png}")),
    Case(
        "images/missing-asset",
        E,
        img(ASSET_BASE + "nope.png", assets=True),
        img(ASSET_BASE + "logo.png", assets=True),
    ),
    Case("images/format", W, remote("pic.webp"), remote("photo.jpg")),
    Case("images/too-heavy", E, remote("too-heavy.png"), remote("heavy.png")),
    Case("images/heavy", W, remote("heavy.png"), remote("logo.png")),
    Case("images/too-large", E, remote("wide.png"), remote("tall.png")),
    Case("images/too-tall", W, remote("tall.png"), remote("edge.png")),
    Case(
        "images/upscaled",
        W,
        remote("narrow.png", 'alt="x" width="200"'),
        remote("sharp.png", 'alt="x" width="200"'),
    ),
    Case(
        "images/retina",
        N,
        remote("retina.png", 'alt="x" width="200"'),
        remote("sharp.png", 'alt="x" width="200"'),
    ),
    Case("images/savings", N, remote("bloated.jpg"), remote("photo.jpg")),
    Case("images/animated", N, remote("anim.gif"), remote("still.gif")),
    # ---------------------------------------------------------------- SpamAssassin
    Case(
        "spam/sa/score",
        E,
        Fx(SPAMMY, subject="VIAGRA!!! 100% FREE", text=""),
        Fx(CLEAN, subject="Your March statement"),
        summary=True,
    ),
    Case("spam/sa/unavailable", W, Fx(CLEAN, env="no-sa"), Fx(CLEAN)),
    Case("spam/sa/failed", W, Fx(CLEAN, env="broken-sa"), Fx(CLEAN)),
    # ---------------------------------------------------------------- accessibility
    Case("a11y/no-engine", W, Fx(CLEAN), Fx(CLEAN, env="qt")),
    Case("a11y/engine-failed", E, Fx(CLEAN, env="failing-engine"), Fx(CLEAN, env="qt")),
    *(
        Case(
            f"a11y/{c.rule}",
            emc.IMPACT_SEVERITY[emc.RULES[c.rule].impact],
            Fx(c.bad),
            Fx(c.good),
            validator="emc",
        )
        for c in EMC_CASES
    ),
]


def validator_of(case: Case) -> str:
    if case.validator:
        return case.validator
    prefix = case.rule.split("/")[0]
    if case.rule.startswith("spam/sa/"):
        return "spamassassin"
    return {"a11y": "a11y"}.get(prefix, prefix)


# ----------------------------------------------------------------- the registry


def test_every_registered_rule_has_exactly_one_case() -> None:
    registered = {r for name in REGISTRY for r in rule_ids(name)}
    covered = [c.rule for c in CASES]
    assert len(covered) == len(set(covered)), "a rule has two cases"
    assert set(covered) == registered
    for name in REGISTRY:
        assert rule_ids(name), f"{name} has no RULE_IDS"


_LITERAL = re.compile(r'"((?:problems|spam|links|images|a11y)/[a-z0-9][a-z0-9/-]*[a-z0-9])"')
_IMAGE_ERROR = re.compile(r'rec\.error(?:, rec\.detail)?\s*=\s*(\{[^}]*\}\.get\([^)]*\)|"[^"]*")')


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_rule_id_in_the_source_is_registered(name: str) -> None:
    source = (ROOT / (REGISTRY[name].replace(".", "/") + ".py")).read_text("utf-8")
    written = set(_LITERAL.findall(source))
    if name == "images":  # reported as f"images/{rec.error}"
        for m in _IMAGE_ERROR.finditer(source):
            written |= {f"images/{v}" for v in re.findall(r'"([a-z-]+)"', m.group(1))}
    if name == "emc":  # reported as f"a11y/{finding.rule}"
        names = set(re.findall(r'Finding\(\s*"([a-z0-9-]+)"', source))
        names |= set(re.findall(r'rule = "([a-z0-9-]+)"', source))
        names |= {"body-dir"} if '"body-dir"' in source else set()
        names |= set(emc.SEMANTIC.values()) | set(emc.LANDMARK_ROLES.values())
        written |= {f"a11y/{n}" for n in names}
    assert written, name
    assert written <= set(rule_ids(name)), written - set(rule_ids(name))


# ----------------------------------------------------------------- running a fixture


@dataclass
class Servers:
    site: Site
    silent: str
    closed: str
    tls: str
    garbage: str
    png: str


@pytest.fixture(scope="module")
def servers(
    site: Site, silent_server: str, closed_port: str, tls_base: str, garbage_server: str
) -> Servers:
    import base64

    png = base64.b64encode(site.images["logo.png"][1]).decode()
    return Servers(site, silent_server, closed_port, tls_base, garbage_server, png)


class FailingEngine:
    """A browser engine whose renderer dies mid-run."""

    def run_axe(self, html: str, *, timeout_s: float = 30.0) -> list[dict[str, Any]]:
        raise RuntimeError("the render process exited unexpectedly")


def _project(fx: Fx, tmp: Path) -> Project:
    if not fx.assets:
        return Project()
    (tmp / "assets").mkdir(parents=True, exist_ok=True)
    (tmp / "mailwright.toml").write_text(f'[assets]\nbase_url = "{ASSET_BASE}"\n', "utf-8")
    (tmp / "assets" / "logo.png").write_bytes(make_images()["logo.png"][1])
    return load_project(tmp)


def _environment(fx: Fx, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    if fx.env == "no-sa":
        monkeypatch.setenv("PATH", str(tmp / "empty-bin"))
    elif fx.env == "broken-sa":
        # An installation whose Perl modules are gone: the binary runs and fails.
        bin_dir = tmp / "broken-bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        exe = bin_dir / "spamassassin"
        exe.write_text(
            '#!/bin/sh\necho "Can\'t locate Mail/SpamAssassin.pm in @INC" >&2\nexit 2\n', "utf-8"
        )
        exe.chmod(0o755)
        monkeypatch.setenv("PATH", str(bin_dir))
    elif fx.env == "failing-engine":
        return FailingEngine()
    elif fx.env == "qt":
        from studio.render import shared_qt_engine

        return shared_qt_engine()
    return None


def run_fixture(
    fx: Fx, validator: str, servers: Servers, tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Issue]:
    subs = {
        "site": servers.site.base,
        "silent": servers.silent,
        "closed": servers.closed,
        "tls": servers.tls,
        "garbage": servers.garbage,
        "png": servers.png,
    }
    html = re.sub(r"\{(site|silent|closed|tls|garbage|png)\}", lambda m: subs[m.group(1)], fx.html)
    browser = _environment(fx, tmp, monkeypatch)
    if (
        validator == "spamassassin"
        and fx.env not in ("no-sa", "broken-sa")
        and sa_validator.binary() is None
    ):
        pytest.skip("SpamAssassin not installed: install the Debian package 'spamassassin'")
    result = CompileResult(
        file=fx.file,
        source=html if fx.source is None else fx.source,
        html=html,
        text=fx.text,
        envelope=Envelope(subject=fx.subject),
    )
    options = CheckOptions(
        network=fx.network,
        timeout_s=fx.timeout,
        budget_s=fx.budget,
        profile=fx.profile,
        browser=browser,
    )
    ctx = CheckContext(result, _project(fx, tmp), options)
    module = {"spamassassin": sa_validator, "a11y": a11y_validator}.get(validator)
    if module is None:
        import importlib

        module = importlib.import_module(REGISTRY[validator])
    found = list(module.check(ctx))
    monkeypatch.undo()
    return found


def known(validator: str, rule: str) -> bool:
    if rule in rule_ids(validator):
        return True
    if validator == "spamassassin":
        return rule.startswith(sa_validator.HIT_PREFIX)
    return validator == "a11y" and rule.startswith("a11y/")  # axe-core's own rule ids


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule_fires_on_bad_and_not_on_good(
    case: Case, servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validator = validator_of(case)
    bad = run_fixture(case.bad, validator, servers, tmp_path / "bad", monkeypatch)
    good = run_fixture(case.good, validator, servers, tmp_path / "good", monkeypatch)
    for issue in bad + good:
        assert known(validator, issue.rule), f"{issue.rule} is not in {validator}.RULE_IDS"
    hits = [i for i in bad if i.rule == case.rule]
    twins = [i for i in good if i.rule == case.rule]
    assert hits, f"{case.rule} did not fire on its bad fixture: {[i.rule for i in bad]}"
    assert hits[0].severity is case.severity
    assert hits[0].message.strip()
    if case.summary:
        assert [i.severity for i in twins] == [Severity.INFO], twins
    else:
        assert twins == [], f"{case.rule} fired on its good twin: {twins[0].message}"
