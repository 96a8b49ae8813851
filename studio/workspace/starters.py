"""Starter layouts for a new email (the New Email dialog's gallery).

Six layouts ship in ``resources/starters/`` — newsletter, promotion, product
announcement, receipt, password reset, event invitation — written with the
standard components only, so headings, paragraphs, buttons and dividers take
the workspace's global styles (``styles.json`` component defaults); each is
responsive (rows stack on phones) and dark-mode aware (light/dark colour
pairs), and passes every validator with 0 errors (``tests/studio/test_starters.py``).

:func:`starter_email` gives a starter's source with the subject the user typed
written into the envelope (front matter), not into the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from studio.models.envelope import envelope_of, set_front_matter

STARTER_DIR = Path(__file__).resolve().parents[2] / "resources" / "starters"


@dataclass(frozen=True, slots=True)
class Starter:
    id: str  # file stem in resources/starters/
    name: str
    description: str

    @property
    def path(self) -> Path:
        return STARTER_DIR / f"{self.id}.html"


STARTERS: tuple[Starter, ...] = (
    Starter("newsletter", "Newsletter", "A lead story, two stories side by side, what is next"),
    Starter("promotion", "Promotion", "A bold offer with a code and three reasons to buy"),
    Starter(
        "product-announcement",
        "Product announcement",
        "Introduce a product or feature with two feature blocks",
    ),
    Starter("receipt", "Receipt", "Order items, total, shipping and payment (transactional)"),
    Starter(
        "password-reset", "Password reset", "One clear button and a safety note (transactional)"
    ),
    Starter("event-invitation", "Event invitation", "When, where, cost and the agenda"),
)


def starter(starter_id: str) -> Starter:
    for s in STARTERS:
        if s.id == starter_id:
            return s
    raise KeyError(f"no starter layout {starter_id!r}")


def starter_email(starter_id: str, subject: str = "") -> str:
    """The starter's source, with ``subject`` (when given) as the envelope's subject."""
    text = starter(starter_id).path.read_text(encoding="utf-8")
    return with_subject(text, subject)


def with_subject(text: str, subject: str) -> str:
    """``text`` with ``subject`` written into its front matter (unchanged when empty)."""
    subject = " ".join(subject.split())
    if not subject:
        return text
    return set_front_matter(text, replace(envelope_of(text), subject=subject))
