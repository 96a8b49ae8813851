"""The inbox line above the preview: sender, subject and preheader as an inbox lists them.

Built from the envelope *rendered* for the selected sample profile (Liquid in
the subject and preheader resolved), with the warnings a designer needs while
writing them: a missing or long subject, a missing, short or long preheader.
Pure Python; the widget (``studio/qt/inbox.py``) only paints it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from compiler.project import Project
from compiler.result import Envelope

#: Gmail's desktop list shows about this many characters of a subject (the same limit as
#: the spam content rule ``spam/subject-length``); phones show fewer.
SUBJECT_MAX = 60
SUBJECT_MOBILE = 40
#: Preheaders: shorter than this and the inbox fills the rest with the email's first text;
#: longer than this and the end is never seen.
PREHEADER_MIN = 40
PREHEADER_MAX = 130


@dataclass(frozen=True, slots=True)
class InboxLine:
    sender: str  # the display name (or the address when there is no name)
    address: str  # the From address
    subject: str
    preheader: str
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # Liquid errors while rendering the envelope


def _plain(text: str) -> str:
    return " ".join(text.split())


def inbox_line(
    from_: str, subject: str, preheader: str, *, errors: tuple[str, ...] = ()
) -> InboxLine:
    """The inbox line for an already rendered envelope, with its length warnings."""
    name, address = parseaddr(_plain(from_))
    subject, preheader = _plain(subject), _plain(preheader)
    warnings: list[str] = []
    if not subject:
        warnings.append("No subject: every email needs one")
    elif len(subject) > SUBJECT_MAX:
        warnings.append(
            f"Subject is {len(subject)} characters: inboxes show about "
            f"{SUBJECT_MAX} on desktop and {SUBJECT_MOBILE} on phones"
        )
    elif len(subject) > SUBJECT_MOBILE:
        warnings.append(f"Subject is {len(subject)} characters: phones show about {SUBJECT_MOBILE}")
    if not preheader:
        warnings.append("No preheader: inboxes show the first text of the email instead")
    elif len(preheader) < PREHEADER_MIN:
        warnings.append(
            f"Preheader is {len(preheader)} characters: under {PREHEADER_MIN}, "
            "inboxes fill the rest with the email's first text"
        )
    elif len(preheader) > PREHEADER_MAX:
        warnings.append(
            f"Preheader is {len(preheader)} characters: inboxes show about {PREHEADER_MAX} at most"
        )
    if not from_.strip():
        warnings.append("No sender: set From in the envelope")
    return InboxLine(
        sender=name or address,
        address=address,
        subject=subject,
        preheader=preheader,
        warnings=tuple(warnings),
        errors=errors,
    )


def render_inbox_line(
    envelope: Envelope,
    data: Mapping[str, Any] | None,
    *,
    project: Project | None = None,
    file: str = "",
) -> InboxLine:
    """Render the envelope's Liquid for ``data`` (as written when None) and build the line."""
    if data is None:
        return inbox_line(envelope.from_, envelope.subject, envelope.preheader)
    from compiler.liquid import render_template

    values: list[str] = []
    errors: list[str] = []
    for text in (envelope.from_, envelope.subject, envelope.preheader):
        if "{" not in text:
            values.append(text)
            continue
        out = render_template(text, data, file=file, project=project)
        values.append(out.text)
        errors.extend(i.message for i in out.issues if i.is_error)
    return inbox_line(*values, errors=tuple(errors))
