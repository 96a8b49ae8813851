"""MJML framework: compile ``.mjml`` emails (or any email with the option on) to HTML.

Engine: ``mjml-python`` (MRML, the Rust port). A source step: it runs on the
email's text before the Liquid guard, since MRML keeps Liquid in text and
attributes as written. MRML copies ``mj-title`` into ``<title>`` and other
places, so the Liquid check for this step only requires that no token is
lost or invented. ``mj-raw`` content passes through unchanged (standard and
custom components inside it are expanded before this step). MJML errors
become located issues and the source is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import mjml as mrml

from compiler.transformers import liquid_guard
from compiler.transformers.base import option
from components.diagnostics import Issue, error, line_col

NAME = "mjml"
KIND = "source"

#: What a new ``.mjml`` email starts from (the reference product's template).
NEW_EMAIL_TEMPLATE = """<mjml lang="en">
  <mj-head>
    <mj-title>Subject goes here</mj-title>
    <mj-preview>Preview text goes here</mj-preview>
  </mj-head>
  <mj-body>
    <!-- Content goes here -->
  </mj-body>
</mjml>
"""


@dataclass(frozen=True)
class Options:
    enabled: bool = option(
        False, "Compile the email as MJML (always on for files ending in .mjml).")
    keep_comments: bool = option(True, "Keep HTML comments of the MJML source in the output.")


_POSITION = re.compile(r"position (\d+):(\d+)")
_ROOT = re.compile(r"^\s*(?:<!--.*?-->\s*)*<mjml[\s>]", re.S)


def wants_mjml(html: str, options: Options, file: str = "") -> bool:
    """Files ending in .mjml always; others when the option is on and they start with <mjml>."""
    if file.lower().endswith(".mjml"):
        return True
    return options.enabled and _ROOT.match(html) is not None


def transform_with_issues(
    html: str, options: Options, *, file: str = ""
) -> tuple[str, list[Issue]]:
    """Compile MJML to HTML; on errors return ``html`` unchanged with located issues."""
    if not wants_mjml(html, options, file):
        return html, []
    if not _ROOT.match(html):
        return html, [error(f"{NAME}/no-root",
                            "MJML email must start with <mjml> (see the new-email template)",
                            file, 1, 1)]
    try:
        out = mrml.mjml2html(html, disable_comments=not options.keep_comments)
    except (ValueError, RuntimeError) as exc:
        msg = str(exc)
        m = _POSITION.search(msg)
        if m:
            line, col = line_col(html, int(m.group(1)))
        elif "end of stream" in msg:
            line, col = line_col(html, len(html.rstrip()))
        else:
            line, col = 1, 1
        return html, [error(f"{NAME}/invalid", f"MJML: {msg}", file, line, col)]
    problems = liquid_guard.verify(html, out, step=NAME, file=file, allow_copies=True)
    if problems:
        return html, problems
    return out, []


def transform(html: str, options: Options | None = None) -> str:
    return transform_with_issues(html, options or Options(enabled=True))[0]
