"""Spam content rules: each with a known-bad and a known-good email."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler.validators import spam
from components.diagnostics import Issue, Severity
from tests.compiler.validators.conftest import make_ctx

UNSUB = '<a href="https://example.com/unsubscribe">Unsubscribe</a>'
GOOD_BODY = (
    "<p>Our spring collection is here. We picked twelve pieces we think you will "
    "like, with notes from the designers on how they were made.</p>"
    '<a href="https://example.com/spring" class="button">See the collection</a>' + UNSUB
)


def issues(html: str, **kw: object) -> list[Issue]:
    return list(spam.check(make_ctx(html, **kw)))  # type: ignore[arg-type]


def rules(found: list[Issue]) -> set[str]:
    return {i.rule for i in found} - {"spam/score"}


def test_a_good_email_has_no_findings_and_a_zero_score() -> None:
    found = issues(GOOD_BODY)
    assert rules(found) == set()
    score = next(i for i in found if i.rule == "spam/score")
    assert score.data["score"] == 0 and score.severity is Severity.INFO


@dataclass
class Case:
    description: str
    rule: str
    bad: str
    severity: Severity = Severity.WARNING


BODY_CASES = [
    Case("capital run", "spam/capitals", "<p>THIS AMAZING OFFER ENDS TONIGHT, friends.</p>"),
    Case(
        "mostly capitals",
        "spam/capitals",
        "<p>" + "Big SALE on ALL ITEMS in STORE NOW and MORE " * 3 + "</p>",
    ),
    Case("exclamation run", "spam/exclamation", "<p>We are open!!! Come by.</p>"),
    Case("currency run", "spam/currency", "<p>Save $$$ this week.</p>"),
    Case("emoji run", "spam/emoji", "<p>Spring is here 🌸🌷🌼 come and see.</p>"),
    Case("spam phrase", "spam/phrases", "<p>Act now, the offer is limited.</p>"),
    Case(
        "image heavy",
        "spam/image-ratio",
        "<p>Hello there, here is our news for this week.</p>"
        '<img src="https://e.com/a.png" width="600" height="800" alt="">',
    ),
    Case("image only", "spam/image-only", '<img src="https://e.com/a.png" alt="">'),
    Case(
        "too many CTAs",
        "spam/cta-count",
        "".join(f'<a href="https://e.com/{n}" class="btn">Go {n}</a>' for n in range(5)),
    ),
    Case("url shortener", "spam/url-shortener", '<a href="https://bit.ly/x1">Our page</a>'),
    Case(
        "hidden text",
        "spam/hidden-text",
        '<div style="display:none">' + "cheap pills " * 30 + "</div><p>Hello</p>",
    ),
    Case(
        "link shows another domain",
        "spam/link-domain-mismatch",
        '<a href="https://evil.example.net/login">www.mybank.com</a>',
    ),
]


@pytest.mark.parametrize("case", BODY_CASES, ids=[c.description for c in BODY_CASES])
def test_body_rule(case: Case) -> None:
    found = issues(case.bad + UNSUB)
    hits = [i for i in found if i.rule == case.rule]
    assert hits, [i.rule for i in found]
    assert hits[0].severity is case.severity
    assert float(str(hits[0].data["points"])) > 0
    assert hits[0].message.endswith(".")  # the explanation is part of the message
    score = next(i for i in found if i.rule == "spam/score")
    assert float(str(score.data["score"])) >= float(str(hits[0].data["points"]))
    assert case.rule not in rules(issues(GOOD_BODY))


def test_findings_are_located() -> None:
    html = "<div>\n<p>Hello</p>\n<p>Buy now!!! please</p></div>" + UNSUB
    [ex] = [i for i in issues(html) if i.rule == "spam/exclamation"]
    assert (ex.line, ex.column) == (3, 4)


def test_same_domain_link_text_is_fine() -> None:
    html = '<a href="https://www.example.com/a">example.com</a>' + UNSUB
    assert "spam/link-domain-mismatch" not in rules(issues(html))


def test_short_preheader_is_not_hidden_spam() -> None:
    html = '<div style="display:none">Your March update is here &#847; &zwnj;</div><p>Hi</p>'
    assert "spam/hidden-text" not in rules(issues(html + UNSUB))


def test_unsubscribe_required_in_marketing_only() -> None:
    html = "<p>Hello, here is your weekly digest of new articles.</p>"
    [miss] = [i for i in issues(html) if i.rule == "spam/unsubscribe-missing"]
    assert miss.severity is Severity.ERROR
    transactional = "---\ntype: transactional\n---\n" + html
    found = spam.check(make_ctx(html, source=transactional))
    assert "spam/unsubscribe-missing" not in rules(list(found))
    liquid = '<p>Hi</p><a href="{% unsubscribe_url %}">Stop these emails</a>'
    assert "spam/unsubscribe-missing" not in rules(issues(liquid))
    preferences = '<p>Hi</p><a href="https://e.com/p">Manage preferences</a>'
    assert "spam/unsubscribe-missing" not in rules(issues(preferences))


def test_missing_plain_text_part() -> None:
    assert "spam/text-part-missing" in rules(issues(GOOD_BODY, text=""))
    assert "spam/text-part-missing" not in rules(issues(GOOD_BODY, text="Hello"))


SUBJECT_CASES = [
    ("", "spam/subject-missing"),
    (
        "Here is a very long subject line that keeps going well past sixty chars",
        "spam/subject-length",
    ),
    ("HUGE SALE TODAY only", "spam/subject-capitals"),
    ("Open now!! Really!", "spam/subject-exclamation"),
    ("Save $20 today", "spam/subject-currency"),
    ("Limited time: our spring picks", "spam/subject-phrases"),
    ("RE: your order", "spam/subject-fake-reply"),
    ("Spring 🌸🌷 is here", "spam/subject-emoji"),
]


@pytest.mark.parametrize("subject,rule", SUBJECT_CASES)
def test_subject_rule(subject: str, rule: str) -> None:
    assert rule in rules(issues(GOOD_BODY, subject=subject))
    assert rules(issues(GOOD_BODY, subject="Our spring collection is here")) == set()


def test_subject_issue_points_at_front_matter() -> None:
    source = "---\ntitle: x\nsubject: FREE MONEY!!\n---\n" + GOOD_BODY
    ctx = make_ctx(GOOD_BODY, source=source, subject="FREE MONEY!!")
    found = [i for i in spam.check(ctx) if i.rule.startswith("spam/subject")]
    assert found and all((i.line, i.column) == (3, 1) for i in found)


def test_score_over_threshold_is_a_warning() -> None:
    html = "<p>WINNER WINNER CHICKEN DINNER!!! Get $$$ now, act now, 100% free.</p>"
    score = next(i for i in issues(html) if i.rule == "spam/score")
    assert float(str(score.data["score"])) >= spam.THRESHOLD
    assert score.severity is Severity.WARNING


def test_liquid_is_not_counted_as_shouting() -> None:
    html = "<p>Hello {{ CUSTOMER.FIRST_NAME }} {{ ORDER.ID }} {{ SHOP.NAME }}, thanks.</p>"
    assert "spam/capitals" not in rules(issues(html + UNSUB))


def test_transactional_folder_needs_no_unsubscribe() -> None:
    html = "<p>Your order 123 has shipped and will arrive on Tuesday.</p>"
    ctx = make_ctx(html, file="emails/transactional/shipped.html")
    assert "spam/unsubscribe-missing" not in rules(list(spam.check(ctx)))
