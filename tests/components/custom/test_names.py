from __future__ import annotations

import pytest

from components.custom.names import pascal_name, tag_from_path, tag_problems


@pytest.mark.parametrize(
    "tag", ["my-paragraph", "footer2", "b2", "social-icons", "test2", "a" * 100, "email-body"]
)
def test_valid_tags(tag: str) -> None:
    assert tag_problems(tag) == []


@pytest.mark.parametrize(
    ("tag", "rule"),
    [
        ("a" * 101, "maximum 100 characters"),
        ("My-card", "no uppercase letters"),
        ("1card", "must not start with a digit"),
        ("-card", "must not start with a hyphen"),
        ("card-", "must not end with a hyphen"),
        ("my--card", "no consecutive hyphens"),
        ("my_card", "only lowercase letters, digits and hyphens"),
        ("x-card", "must not start with x-"),
        ("div", "must not be an HTML element name"),
        ("h1", "must not be an HTML element name"),
        ("footer", "must not be an HTML element name"),
        ("font-face-src", "reserved Web Components name"),
        ("annotation-xml", "reserved Web Components name"),
        ("context", "reserved Design Studio name"),
        ("gretchen", "reserved Design Studio name"),
        ("fragment", "reserved Design Studio name"),
    ],
)
def test_each_rule_is_named(tag: str, rule: str) -> None:
    problems = tag_problems(tag)
    assert problems, tag
    assert any(rule in p for p in problems), problems


def test_tag_from_file_name_removes_spaces() -> None:
    assert tag_from_path("components/brand/my card.html") == "mycard"
    assert tag_from_path("components/footer-links.mjml") == "footer-links"


def test_pascal_name() -> None:
    assert pascal_name("custom-button") == "CustomButton"
