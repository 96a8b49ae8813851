"""Outlook's conditional comments, written once for every reader of them here.

``<!--[if mso]> … <![endif]-->`` hides its content from every client but Outlook on
Windows; the *revealed* form ``<!--[if !mso]><!--> … <!--<![endif]-->`` shows it to every
other client, its markers being complete comments to them. Templates in the wild write
the revealed marker three ways (``<!-->``, ``<!-- -->``, ``<!---->``), and a reader that
knows only the first takes the rest of the email for Outlook's (the validators did: every
element after such a block went unchecked, and each element open around it was reported
never closed). A leaf module: patterns only.
"""

from __future__ import annotations

__all__ = ["REVEAL"]

#: The marker after ``<!--[if …]>`` that makes the block a revealed one: ``<!-->``, or an
#: empty comment (``<!-- -->``, ``<!---->``, white space inside).
REVEAL = r"<!--(?:>|[\t\n\f\r ]*-->)"
