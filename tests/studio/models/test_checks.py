"""The Problems list's checks and the Links panel's statuses (no Qt)."""

from __future__ import annotations

import pytest

from compiler import compile_email
from compiler.validators import STATIC, check_email
from studio.models.checks import default_problems, run_links


def links_email(*hrefs: str) -> str:
    cells = "".join(f'<x-link href="{h}">link {i}</x-link>' for i, h in enumerate(hrefs))
    return f"<x-base><x-section><x-paragraph>{cells}</x-paragraph></x-section></x-base>"


def test_default_problems_are_check_email_with_the_default_checks() -> None:
    result = compile_email(links_email("https://shop.example/a"), file="e.html")
    assert default_problems(result, None) == check_email(result, STATIC)
    assert any(i.rule.startswith("spam/") for i in default_problems(result, None))


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("https://shop.example/a", "reserved example domain"),
        ("mailto:help@shop.test", "mailto: links are not fetched"),
        ("/account", "relative URL"),
        ("https://real-shop.com/a", "Refresh to check it"),
    ],
)
def test_not_checked_links_say_why(href: str, reason: str) -> None:
    result = compile_email(links_email(href), file="e.html")
    run = run_links(result, network=False)
    (row,) = run.rows
    assert row[0].startswith("not checked: ") and reason in row[0], row[0]
