"""``mailwright studio FILE``: what the desktop hands over when a file is opened with it."""

from __future__ import annotations

from pathlib import Path

from studio.cli.studio import workspace_of
from tests.conftest import DEMO


def test_mailwright_toml_opens_its_workspace() -> None:
    assert workspace_of(DEMO / "mailwright.toml") == (DEMO.resolve(), "")


def test_an_email_opens_its_workspace_and_itself() -> None:
    email = DEMO / "emails" / "marketing" / "spring-collection.html"
    assert workspace_of(email) == (DEMO.resolve(), "emails/marketing/spring-collection.html")


def test_a_loose_mjml_file_opens_its_folder(tmp_path: Path) -> None:
    (tmp_path / "promo.mjml").write_text("<mjml></mjml>\n", encoding="utf-8")
    assert workspace_of(tmp_path / "promo.mjml") == (tmp_path.resolve(), "promo.mjml")
