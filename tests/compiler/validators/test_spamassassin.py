"""SpamAssassin: the real binary (Debian package ``spamassassin``)."""

from __future__ import annotations

import email
import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from compiler.validators import spamassassin
from components.diagnostics import Severity
from tests.compiler.validators.conftest import make_ctx

needs_sa = pytest.mark.skipif(
    spamassassin.binary() is None,
    reason="SpamAssassin not installed: install the Debian package 'spamassassin'",
)

CLEAN = (
    "<html><body><p>Hello Ana, your March statement for account 1234 is ready. It "
    "lists the three orders you placed and the refund we sent on the 12th.</p>"
    '<p><a href="https://example.com/statements/march">View your statement</a></p>'
    "</body></html>"
)
SPAMMY = (
    "<html><body><p>VIAGRA CIALIS cheap!!! Buy VIAGRA online now, no prescription "
    "needed. 100% FREE! Click here to claim your million dollars prize. Lose weight "
    "fast, earn extra cash, act now! Lowest price viagra levitra cialis.</p>"
    "</body></html>"
)


def body_of(msg: EmailMessage, subtype: str) -> str:
    """The content of the message's text/``subtype`` part."""
    part = msg.get_body((subtype,))
    assert part is not None
    content: str = part.get_content()
    return content


def test_message_has_full_headers_and_both_parts() -> None:
    ctx = make_ctx(
        CLEAN, subject="Your {{ month }} statement", text="Hello Ana", profile={"month": "March"}
    )
    ctx.result.envelope.from_ = "Bank <news@bank.example>"
    msg = email.message_from_bytes(spamassassin.build_message(ctx).as_bytes())
    for header in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
        assert msg[header], header
    assert msg["Subject"] == "Your March statement"
    assert msg["From"] == "Bank <news@bank.example>"
    assert msg.get_content_type() == "multipart/alternative"
    types = [p.get_content_type() for p in msg.walk()][1:]
    assert types == ["text/plain", "text/html"]


def test_body_and_text_are_rendered_with_the_workspace_liquid() -> None:
    html = '<p>Hello {{ customer.first_name }}</p><a href="{% unsubscribe_url %}">Unsubscribe</a>'
    ctx = make_ctx(
        html,
        text="Hello {{ customer.first_name }}",
        profile={"customer": {"id": 9, "first_name": "Ana"}},
    )
    msg = spamassassin.build_message(ctx)
    plain = body_of(msg, "plain")
    rich = body_of(msg, "html")
    assert "Hello Ana" in plain and "Hello Ana" in rich
    assert "{%" not in rich and "/unsubscribe/9" in rich  # the platform tag, as previews show
    # Liquid that does not render with the sample data is scored as written.
    ctx = make_ctx(html, profile={"customer": {"id": 9}})
    msg = spamassassin.build_message(ctx)
    assert "{{ customer.first_name }}" in body_of(msg, "html")


def test_html_only_when_no_text_part() -> None:
    msg = spamassassin.build_message(make_ctx(CLEAN, text=""))
    assert msg.get_content_type() == "text/html"


def test_parse_report_reads_score_and_wrapped_descriptions() -> None:
    out = (
        "X-Spam-Status: No, score=2.3 required=5.0 tests=A,B\n\n"
        "Content analysis details:   (2.3 points, 5.0 required)\n\n"
        " pts rule name              description\n"
        "---- ---------------------- --------------------------------------------------\n"
        " 1.8 DRUGS_ERECTILE         Refers to an erectile drug\n"
        " 0.5 LONG_ONE               A description that is long enough to be\n"
        "                            wrapped onto a second line\n"
        "-0.0 NO_RELAYS              Informational: message was not relayed via SMTP\n"
        "\nbody\n"
    )
    report = spamassassin.parse_report(out)
    assert (report.score, report.required, report.is_spam) == (2.3, 5.0, False)
    assert [h.rule for h in report.hits] == ["DRUGS_ERECTILE", "LONG_ONE", "NO_RELAYS"]
    assert report.hits[1].description.endswith("wrapped onto a second line")
    with pytest.raises(spamassassin.SpamAssassinError):
        spamassassin.parse_report("no report here")


@needs_sa
def test_real_spamassassin_scores_spam_higher_than_clean() -> None:
    clean = list(
        spamassassin.check(
            make_ctx(
                CLEAN, subject="Your March statement", text="Hello Ana, your statement is ready."
            )
        )
    )
    spammy = list(spamassassin.check(make_ctx(SPAMMY, subject="VIAGRA!!! 100% FREE", text="")))
    clean_score = next(i for i in clean if i.rule == "spam/sa/score")
    spam_score = next(i for i in spammy if i.rule == "spam/sa/score")
    assert float(str(spam_score.data["score"])) > float(str(clean_score.data["score"]))
    assert clean_score.severity is Severity.INFO
    hits = {i.rule for i in spammy}
    assert any(r.startswith("spam/sa/DRUGS") for r in hits), hits
    drug = next(i for i in spammy if i.rule.startswith("spam/sa/DRUGS"))
    assert drug.data["description"] and float(str(drug.data["points"])) > 0
    assert spam_score.data["hits"]


@needs_sa
def test_spamassassin_keeps_its_state_out_of_home() -> None:
    home = Path(os.path.expanduser("~")) / ".spamassassin"
    existed = home.exists()
    list(spamassassin.check(make_ctx(CLEAN)))
    assert home.exists() == existed


def test_missing_binary_is_reported_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    found = list(spamassassin.check(make_ctx(CLEAN)))
    assert [i.rule for i in found] == ["spam/sa/unavailable"]
    assert "spamassassin" in found[0].message and found[0].severity is Severity.WARNING
