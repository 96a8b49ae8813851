"""SpamAssassin, the real one: score and rule hits for the full MIME message.

The message is built the way it would be sent — From, To, Subject, Date,
Message-ID, MIME-Version, and ``multipart/alternative`` with the plain-text
and HTML parts (HTML only when the compile produced no text) — and piped
through ``spamassassin -L -t`` (local tests only: nothing leaves the machine).
Each rule hit becomes ``spam/sa/<RULE>`` with its points and description;
``spam/sa/score`` carries the total and the threshold.

SpamAssassin state (preferences, Bayes database) goes to a temporary home
folder per run, never the user's. When the binary is missing the check says
so: one ``spam/sa/unavailable`` warning naming the Debian package
``spamassassin``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from compiler.validators.base import CheckContext
from components.diagnostics import Issue, Severity

if TYPE_CHECKING:  # the email package is imported by build_message, when a check runs
    from email.message import EmailMessage

NAME = "spam"
# The fixed rules; each SpamAssassin hit is also reported as ``spam/sa/<RULE>``.
RULE_IDS: tuple[str, ...] = ("spam/sa/score", "spam/sa/unavailable", "spam/sa/failed")
HIT_PREFIX = "spam/sa/"
PACKAGE = "spamassassin"
DEFAULT_FROM = "Mailwright Preview <preview@example.com>"
DEFAULT_TO = "recipient@example.com"

_POINTS_LINE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$")
_DETAILS = re.compile(
    r"Content analysis details:\s*\(\s*(-?\d+(?:\.\d+)?) points?,\s*"
    r"(-?\d+(?:\.\d+)?) required\)"
)
_STATUS = re.compile(
    r"^X-Spam-Status:\s*(\w+),\s*score=(-?\d+(?:\.\d+)?)\s+required="
    r"(-?\d+(?:\.\d+)?)",
    re.M,
)


@dataclass(slots=True)
class Hit:
    rule: str
    points: float
    description: str


@dataclass(slots=True)
class Report:
    """What SpamAssassin said about one message."""

    score: float
    required: float
    hits: list[Hit] = field(default_factory=list)

    @property
    def is_spam(self) -> bool:
        return self.score >= self.required


class SpamAssassinError(Exception):
    """SpamAssassin could not run or said something we cannot read."""


def binary() -> str | None:
    return shutil.which("spamassassin")


def _rendered(ctx: CheckContext) -> dict[str, str]:
    """Body, text part and envelope as sent: Liquid rendered with the sample profile by the
    workspace's renderer (as previews render it); as written without a profile, and for a
    part whose Liquid does not render."""
    env = ctx.result.envelope
    written = {
        "html": ctx.result.html or ctx.html,
        "text": ctx.result.text,
        "subject": env.subject,
        "from": env.from_,
        "reply_to": env.reply_to,
    }
    profile = ctx.options.profile
    if profile is None or not any("{{" in v or "{%" in v for v in written.values()):
        return written
    from compiler.liquid.render import render

    try:
        out = render(ctx.result, profile, project=ctx.project)
    except Exception:  # the problem checker reports bad Liquid; score the email as written
        return written
    rendered = {
        "html": out.html,
        "text": out.text,
        "subject": out.subject,
        "from": out.from_,
        "reply_to": out.reply_to,
    }
    if any(i.is_error for i in out.issues):
        return written
    return rendered


def build_message(ctx: CheckContext) -> EmailMessage:
    """The full MIME message for the compiled email."""
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid, parseaddr

    parts = _rendered(ctx)
    msg = EmailMessage()
    sender = parts["from"].strip() or str(ctx.project.settings.get("from", "")) or DEFAULT_FROM
    name, addr = parseaddr(sender)
    if "@" not in addr:
        name, addr = parseaddr(DEFAULT_FROM)
    msg["From"] = Address(display_name=name, addr_spec=addr) if name else addr
    msg["To"] = DEFAULT_TO
    msg["Subject"] = parts["subject"].replace("\n", " ").strip()
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=addr.split("@", 1)[1] or "example.com")
    if parts["reply_to"].strip():
        msg["Reply-To"] = parts["reply_to"].strip()
    if parts["text"].strip():
        msg.set_content(parts["text"], subtype="plain", charset="utf-8")
        msg.add_alternative(parts["html"], subtype="html", charset="utf-8")
    else:
        msg.set_content(parts["html"], subtype="html", charset="utf-8")
    if "MIME-Version" not in msg:
        msg["MIME-Version"] = "1.0"
    return msg


def parse_report(output: str) -> Report:
    """Score, threshold and rule hits from ``spamassassin -t`` output."""
    m = _DETAILS.search(output)
    s = _STATUS.search(output)
    if m is None and s is None:
        raise SpamAssassinError("no SpamAssassin report in the output")
    score = float(m.group(1) if m else s.group(2))  # type: ignore[union-attr]
    required = float(m.group(2) if m else s.group(3))  # type: ignore[union-attr]
    report = Report(score, required)
    if m is None:
        return report
    table = output[m.end() :].splitlines()
    started = False
    for line in table:
        if line.startswith("----"):
            started = True
            continue
        if not started:
            continue
        if not line.strip():
            if report.hits:
                break
            continue
        pm = _POINTS_LINE.match(line)
        if pm:
            report.hits.append(Hit(pm.group(2), float(pm.group(1)), pm.group(3).strip()))
        elif report.hits and line.startswith(" "):
            report.hits[-1].description += " " + line.strip()
        else:
            break
    return report


def run(message: bytes, *, timeout_s: float = 60.0) -> Report:
    """Pipe one message through ``spamassassin -L -t`` and read its report."""
    exe = binary()
    if exe is None:
        raise SpamAssassinError(f"SpamAssassin is not installed (Debian package {PACKAGE})")
    with tempfile.TemporaryDirectory(prefix="mailwright-sa-") as home:
        prefs = os.path.join(home, "user_prefs")
        with open(prefs, "w", encoding="utf-8") as fh:
            fh.write("# per-run preferences (empty)\n")
        env = {**os.environ, "HOME": home}
        try:
            proc = subprocess.run(
                [exe, "-L", "-t", "-x", "-p", prefs],
                input=message,
                capture_output=True,
                timeout=timeout_s,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SpamAssassinError(f"SpamAssassin did not finish within {timeout_s:g} s") from None
        except OSError as exc:
            raise SpamAssassinError(f"cannot run SpamAssassin: {exc.strerror}") from None
    out = proc.stdout.decode("utf-8", "replace")
    try:
        return parse_report(out)
    except SpamAssassinError:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SpamAssassinError(
            f"SpamAssassin exited with status {proc.returncode}" + (f": {err[-1]}" if err else "")
        ) from None


def check(ctx: CheckContext) -> Iterator[Issue]:
    if binary() is None:
        yield ctx.issue(
            "spam/sa/unavailable",
            Severity.WARNING,
            f"SpamAssassin is not installed, so the SpamAssassin check did not run; "
            f"install the Debian package '{PACKAGE}'",
            package=PACKAGE,
        )
        return
    if ctx.options.progress is not None:
        ctx.options.progress("spamassassin", 0, 1)
    try:
        report = run(build_message(ctx).as_bytes(), timeout_s=max(60.0, ctx.options.timeout_s))
    except SpamAssassinError as exc:
        yield ctx.issue("spam/sa/failed", Severity.WARNING, str(exc))
        return
    finally:
        if ctx.options.progress is not None:
            ctx.options.progress("spamassassin", 1, 1)
    for hit in report.hits:
        severity = Severity.WARNING if hit.points >= 1.0 else Severity.INFO
        yield ctx.issue(
            f"spam/sa/{hit.rule}",
            severity,
            f"SpamAssassin {hit.rule} ({hit.points:+.1f}): {hit.description}",
            points=hit.points,
            description=hit.description,
        )
    severity = Severity.ERROR if report.is_spam else Severity.INFO
    verdict = "spam" if report.is_spam else "not spam"
    yield ctx.issue(
        "spam/sa/score",
        severity,
        f"SpamAssassin score {report.score:g} (required {report.required:g}: "
        f"{verdict}; lower is better)",
        score=report.score,
        required=report.required,
        hits=[
            {"rule": h.rule, "points": h.points, "description": h.description} for h in report.hits
        ],
    )
