"""The review report: what a reviewer reads without the app, as data and as HTML.

:func:`build` gathers, for one checked email (:mod:`studio.checks`, the same checks as
``mailwright check --all``): the inbox line (envelope rendered for the default sample
profile), every link with its status and UTM parameters, every image with its size and
state, the spam score (SpamAssassin and the content rules), the accessibility
findings, the Gmail size budget and the plain-text part. :func:`report_html` lays
that out with the screenshots as one printable HTML document (the screenshots are
passed in as image URLs, usually ``data:`` PNGs). Both are pure Python; the render
layer (``studio.render.report``) takes the screenshots and prints the HTML to PDF
with Qt WebEngine.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compiler import Project
from compiler.liquid.data import liquid_scope
from compiler.validators.base import CheckContext, CheckOptions
from compiler.validators.images import ImageRecord, inspect_images
from compiler.validators.links import LinkRecord, review
from compiler.validators.probes import reserved_host
from compiler.validators.problems import GMAIL_CLIP_BYTES, GMAIL_WARN_BYTES
from components.diagnostics import Issue, Severity
from studio import __version__
from studio.checks import Checked, Checks
from studio.models.inbox import InboxLine, render_inbox_line
from studio.publish import default_sample, issue_line

DESKTOP = 700  # px: the report's desktop screenshot width (as the reference product's)
MOBILE = 320  # px: its mobile screenshot width
SLICE_PX = 940  # px: screenshots are printed in slices this tall at most (one fits an A4 page)


@dataclass(frozen=True)
class Shot:
    """One screenshot the report shows: which device and scheme, at what width."""

    key: str  # "desktop-light", …
    label: str  # "Desktop 700 px · light"
    width: int
    scheme: str  # "light" or "dark"


SHOTS: tuple[Shot, ...] = (
    Shot("desktop-light", f"Desktop {DESKTOP} px · light", DESKTOP, "light"),
    Shot("desktop-dark", f"Desktop {DESKTOP} px · dark", DESKTOP, "dark"),
    Shot("mobile-light", f"Mobile {MOBILE} px · light", MOBILE, "light"),
    Shot("mobile-dark", f"Mobile {MOBILE} px · dark", MOBILE, "dark"),
)


@dataclass(frozen=True)
class LinkRow:
    number: int
    text: str
    url: str  # as written (Liquid kept)
    resolved: str  # for the sample profile
    status: str  # "200 OK", "404 broken", "not fetched: example domain", …
    ok: bool | None  # None: not checked
    utm: dict[str, str]
    tracked: bool


@dataclass(frozen=True)
class ImageRow:
    src: str
    alt: str | None
    decorative: bool
    format: str
    size: str  # "600 × 400 px"
    bytes: int | None
    state: str  # "ok", "broken (404)", …
    kinds: tuple[str, ...] = ("img",)  # how the email uses it: img, srcset, background, …


@dataclass(frozen=True)
class SpamSummary:
    score: float | None  # SpamAssassin's, None when it did not run
    required: float | None
    hits: list[tuple[str, float, str]]  # rule, points, description
    findings: list[str]  # the content rules' messages
    note: str = ""  # why SpamAssassin did not run


@dataclass
class Report:
    """Everything the PDF shows, as plain data."""

    email: str  # workspace-relative path
    title: str
    description: str
    profile: str  # the sample profile's path, or ""
    inbox: InboxLine
    links: list[LinkRow]
    images: list[ImageRow]
    spam: SpamSummary
    accessibility: list[str]  # "file:line:col: rule: message"
    size: int  # bytes of the shipped HTML
    text: str  # the plain-text part
    counts: dict[str, int] = field(default_factory=dict)  # error/warning/info
    not_checked: dict[str, str] = field(default_factory=dict)
    tool: str = f"Mailwright {__version__}"


def _status(rec: LinkRecord) -> tuple[str, bool | None]:
    if rec.liquid_error:
        return f"Liquid error: {rec.liquid_error}", False
    if rec.error:
        code = f"{rec.status} " if rec.status else ""
        return f"{code}{rec.error}{': ' + rec.detail if rec.detail else ''}", False
    if rec.status is not None:
        if rec.ok is False:
            return f"{rec.status} broken", False
        if rec.redirects:
            return f"{rec.status} after redirect to {rec.final_url}", True
        return f"{rec.status} OK", True
    if rec.scheme in ("mailto", "tel", "sms"):
        return f"{rec.scheme}: not fetched", None
    if rec.scheme not in ("http", "https"):
        return "not fetched", None
    if reserved_host(rec.resolved):
        return "not fetched: reserved example domain", None
    return "not checked", None


def link_rows(records: Sequence[LinkRecord]) -> list[LinkRow]:
    rows = []
    for n, rec in enumerate(records, 1):
        status, ok = _status(rec)
        rows.append(
            LinkRow(n, rec.text, rec.url, rec.resolved, status, ok, dict(rec.utm), rec.tracked)
        )
    return rows


def image_rows(records: Sequence[ImageRecord]) -> list[ImageRow]:
    rows = []
    for rec in records:
        size = f"{rec.width} × {rec.height} px" if rec.width and rec.height else ""
        if rec.error:
            state = (
                rec.error
                + (f" ({rec.status})" if rec.status else "")
                + (f": {rec.detail}" if rec.detail else "")
            )
        elif rec.loaded:
            state = "ok"
        else:
            state = "not loaded"
        rows.append(
            ImageRow(
                rec.src,
                rec.alt,
                rec.decorative,
                rec.format,
                size,
                rec.bytes,
                state,
                tuple(dict.fromkeys(rec.kinds)),
            )
        )
    return rows


def spam_summary(issues: Sequence[Issue], not_checked: Mapping[str, str]) -> SpamSummary:
    score = required = None
    hits: list[tuple[str, float, str]] = []
    note = ""
    for i in issues:
        if i.rule == "spam/sa/score":
            score = _float(i.data.get("score"))
            required = _float(i.data.get("required"))
            raw = i.data.get("hits")
            for h in raw if isinstance(raw, list) else []:
                if isinstance(h, dict):
                    hits.append(
                        (
                            str(h.get("rule", "")),
                            _float(h.get("points")) or 0.0,
                            str(h.get("description", "")),
                        )
                    )
        elif i.rule in ("spam/sa/unavailable", "spam/sa/failed"):
            note = i.message
    if "spamassassin" in not_checked and not note:
        note = not_checked["spamassassin"]
    findings = [
        i.message
        for i in issues
        if i.rule.startswith("spam/") and not i.rule.startswith("spam/sa/")
    ]
    return SpamSummary(score, required, hits, findings, note)


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def build(
    checked: Checked,
    checks: Checks,
    *,
    project: Project,
    description: str = "",
    options: CheckOptions | None = None,
) -> Report:
    """The report of one checked email. Link statuses come from ``checks.options``'s URL
    cache (the links the check fetched are not fetched again)."""
    result = checked.result
    profile, profile_label = default_sample(project)
    scope = liquid_scope(profile) if profile is not None else None
    opts = options or checks.options
    ctx = CheckContext(
        result,
        project,
        CheckOptions(
            network="links" in checks.names,
            timeout_s=opts.timeout_s,
            budget_s=opts.budget_s,
            allow_private=opts.allow_private,
            profile=scope,
            url_cache=opts.url_cache,
        ),
    )
    links = review(ctx).records
    img_ctx = CheckContext(
        result,
        project,
        CheckOptions(
            network="images" in checks.names,
            timeout_s=opts.timeout_s,
            budget_s=opts.budget_s,
            allow_private=opts.allow_private,
            profile=scope,
            url_cache=opts.url_cache,
        ),
    )
    images = inspect_images(img_ctx)
    inbox = render_inbox_line(result.envelope, scope, project=project, file=result.file)
    issues = checked.issues
    counts = {s.value: sum(1 for i in issues if i.severity is s) for s in Severity}
    a11y = [issue_line(i, project) for i in issues if i.rule.startswith("a11y/")]
    return Report(
        email=checked.label,
        title=result.envelope.title or Path(checked.label).stem,
        description=description,
        profile=profile_label,
        inbox=inbox,
        links=link_rows(links),
        images=image_rows(images),
        spam=spam_summary(issues, checks.not_checked),
        accessibility=a11y,
        size=result.size,
        text=result.text,
        counts=counts,
        not_checked=dict(checks.not_checked),
    )


# ---- the HTML ---------------------------------------------------------------------------

CSS = """
@page { size: A4; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1d1f24;
       margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; margin: 0 0 8pt; border-bottom: 1.5pt solid #2f4f3a; padding-bottom: 3pt; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; }
section { break-before: page; }
section.first { break-before: auto; }
.muted { color: #5d6270; }
.inbox { border: 1pt solid #c9ccd4; border-radius: 6pt; padding: 8pt 10pt; margin: 8pt 0; }
.inbox .from { font-weight: bold; }
.inbox .subject { font-weight: bold; }
.warn { color: #8a5a00; }
.bad { color: #b3261e; font-weight: bold; }
.good { color: #1f6b3a; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border-bottom: 0.5pt solid #d4d6dc; padding: 3pt 4pt; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
td.url { word-break: break-all; }
table.links, table.images { table-layout: fixed; }
th { background: #eef0f3; }
tr { break-inside: avoid; }
.shot { text-align: center; }
.shot figure { margin: 0; }
img.slice { display: block; margin: 0 auto; break-inside: avoid; }
table.pair { width: auto; margin: 0 auto; }
table.pair td, table.pair th { border: 0; padding: 0 6mm; word-break: normal;
                               text-align: center; font-weight: normal; background: none; }
figcaption, table.pair th { font-size: 9pt; color: #5d6270; margin-bottom: 4pt; }
.summary td:first-child { width: 38%; color: #5d6270; }
.bar { height: 8pt; background: #eef0f3; border-radius: 4pt; overflow: hidden; }
.bar div { height: 100%; }
pre { white-space: pre-wrap; word-break: break-word; font: 9pt/1.35 "DejaVu Sans Mono",
      monospace; background: #f6f7f9; padding: 8pt; border-radius: 4pt; }
"""


def _e(text: object) -> str:
    return html_lib.escape(str(text), quote=True)


def _kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def _budget(size: int) -> str:
    share = size / GMAIL_CLIP_BYTES
    colour = (
        "#b3261e"
        if size > GMAIL_CLIP_BYTES
        else "#c88a00"
        if size > GMAIL_WARN_BYTES
        else "#2f7d4a"
    )
    verdict = (
        "over the limit: Gmail clips it"
        if size > GMAIL_CLIP_BYTES
        else "close to the limit"
        if size > GMAIL_WARN_BYTES
        else "within the budget"
    )
    return (
        f"<p>{_kb(size)} of Gmail's {_kb(GMAIL_CLIP_BYTES)} clipping limit "
        f"({share:.0%}): {verdict}.</p>"
        f'<div class="bar"><div style="width:{min(100.0, share * 100):.1f}%;'
        f'background:{colour}"></div></div>'
    )


def _inbox(line: InboxLine) -> str:
    out = [
        f'<div class="inbox"><div class="from">{_e(line.sender)} '
        f'<span class="muted">&lt;{_e(line.address)}&gt;</span></div>',
        f'<div class="subject">{_e(line.subject)}</div>',
        f'<div class="muted">{_e(line.preheader)}</div></div>',
    ]
    out += [f'<p class="warn">{_e(w)}</p>' for w in line.warnings]
    out += [f'<p class="bad">{_e(e)}</p>' for e in line.errors]
    return "".join(out)


def _links(rows: Sequence[LinkRow]) -> str:
    if not rows:
        return "<p>The email has no links.</p>"
    body = []
    for r in rows:
        cls = "good" if r.ok else "bad" if r.ok is False else "muted"
        utm = (
            "<br>".join(f"{_e(k)}={_e(v)}" for k, v in r.utm.items())
            or '<span class="muted">none</span>'
        )
        url = _e(r.resolved) + (
            f'<br><span class="muted">as written: {_e(r.url)}</span>' if r.resolved != r.url else ""
        )
        tracked = "" if r.tracked else '<br><span class="muted">not tracked</span>'
        body.append(
            f"<tr><td>{r.number}</td><td>{_e(r.text) or '<span class=muted>—</span>'}"
            f'</td><td class="url">{url}</td>'
            f'<td class="{cls}">{_e(r.status)}{tracked}</td>'
            f"<td>{utm}</td></tr>"
        )
    return (
        '<table class="links"><colgroup><col style="width:5%"><col style="width:21%">'
        '<col style="width:40%"><col style="width:18%"><col style="width:16%"></colgroup>'
        "<thead><tr><th>#</th><th>Text</th><th>URL</th><th>Status</th>"
        "<th>UTM</th></tr></thead><tbody>" + "".join(body) + "</tbody></table>"
    )


def _images(rows: Sequence[ImageRow]) -> str:
    if not rows:
        return "<p>The email has no images.</p>"
    body = []
    for r in rows:
        alt = (
            '<span class="muted">decorative (alt="")</span>'
            if r.decorative
            else f'<span class="muted">— ({_e(", ".join(r.kinds))})</span>'
            if r.alt is None and "img" not in r.kinds
            else '<span class="bad">missing</span>'
            if r.alt is None
            else _e(r.alt)
        )
        cls = "good" if r.state == "ok" else "bad"
        weight = f"{r.bytes / 1000:.1f} KB" if r.bytes is not None else ""
        body.append(
            f'<tr><td class="url">{_e(r.src)}</td><td>{alt}</td><td>{_e(r.format)}</td>'
            f'<td>{_e(r.size)}</td><td>{weight}</td><td class="{cls}">{_e(r.state)}'
            "</td></tr>"
        )
    return (
        '<table class="images"><colgroup><col style="width:34%"><col style="width:26%">'
        '<col style="width:8%"><col style="width:12%"><col style="width:9%">'
        '<col style="width:11%"></colgroup>'
        "<thead><tr><th>Source</th><th>Alt text</th><th>Format</th><th>Size</th>"
        "<th>Weight</th><th>State</th></tr></thead><tbody>" + "".join(body) + "</tbody></table>"
    )


def _spam(spam: SpamSummary) -> str:
    out = []
    if spam.score is not None and spam.required is not None:
        verdict = (
            '<span class="bad">spam</span>'
            if spam.score >= spam.required
            else '<span class="good">not spam</span>'
        )
        out.append(
            f"<p>SpamAssassin score <b>{spam.score:g}</b> (spam from "
            f"{spam.required:g}; lower is better): {verdict}.</p>"
        )
        if spam.hits:
            out.append(
                "<table><thead><tr><th>Rule</th><th>Points</th><th>Description</th>"
                "</tr></thead><tbody>"
                + "".join(
                    f"<tr><td>{_e(r)}</td><td>{p:+.1f}</td><td>{_e(d)}</td></tr>"
                    for r, p, d in spam.hits
                )
                + "</tbody></table>"
            )
    else:
        out.append(
            f'<p class="warn">SpamAssassin did not run: {_e(spam.note or "not requested")}.</p>'
        )
    out.append("<h3>Content rules</h3>")
    out.append(
        "<ul>" + "".join(f"<li>{_e(f)}</li>" for f in spam.findings) + "</ul>"
        if spam.findings
        else "<p>No content rule fired.</p>"
    )
    return "".join(out)


def _a11y(report: Report) -> str:
    if "a11y" in report.not_checked:
        head = (
            f'<p class="warn">The browser accessibility check did not run: '
            f"{_e(report.not_checked['a11y'])}.</p>"
        )
    else:
        head = ""
    if not report.accessibility:
        return head + "<p>No accessibility findings.</p>"
    return head + "<ul>" + "".join(f"<li>{_e(a)}</li>" for a in report.accessibility) + "</ul>"


def _shot(key: str) -> Shot:
    return next(s for s in SHOTS if s.key == key)


def _slices(key: str, urls: Sequence[str]) -> str:
    shot = _shot(key)
    return "".join(
        f'<img class="slice" alt="{_e(shot.label)} screenshot, part {n}" '
        f'src="{_e(url)}" style="width:{shot.width}px">'
        for n, url in enumerate(urls, 1)
    )


def report_html(report: Report, shots: Mapping[str, Sequence[str]], *, generated: str = "") -> str:
    """The printable report. ``shots`` maps each :data:`SHOTS` key to the image URLs of
    its slices, top to bottom (missing keys are left out); ``generated`` is a date line
    for the cover."""

    def figure(key: str) -> str:
        if key not in shots:
            return ""
        return (
            f"<figure><figcaption>{_e(_shot(key).label)}</figcaption>"
            f"{_slices(key, shots[key])}</figure>"
        )

    def pair(left: str, right: str) -> str:
        rows = max(len(shots.get(left, ())), len(shots.get(right, ())))
        if not rows:
            return ""
        head = "".join(f"<th>{_e(_shot(k).label)}</th>" for k in (left, right))
        body = "".join(
            "<tr>"
            + "".join(f"<td>{_slices(k, shots.get(k, ())[n : n + 1])}</td>" for k in (left, right))
            + "</tr>"
            for n in range(rows)
        )
        return f'<table class="pair"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    c = report.counts
    summary = (
        '<table class="summary"><tbody>'
        f"<tr><td>Email</td><td>{_e(report.email)}</td></tr>"
        f"<tr><td>Sample profile</td><td>{_e(report.profile or 'none (Liquid as written)')}"
        "</td></tr>"
        f"<tr><td>Checks</td><td>{c.get('error', 0)} errors, {c.get('warning', 0)} warnings, "
        f"{c.get('info', 0)} notes</td></tr>"
        f"<tr><td>Links</td><td>{len(report.links)} "
        f"({sum(1 for r in report.links if r.ok is False)} failing)</td></tr>"
        f"<tr><td>Images</td><td>{len(report.images)} "
        f"({sum(1 for r in report.images if r.state != 'ok')} not ok)</td></tr>"
        f"<tr><td>Size</td><td>{_kb(report.size)}</td></tr>"
        "</tbody></table>"
    )
    not_checked = "".join(
        f'<p class="warn">Not checked: {_e(k)} — {_e(v)}</p>' for k, v in report.not_checked.items()
    )
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(report.title)} — review report</title><style>{CSS}</style></head><body>",
        '<section class="first">',
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="muted">Review report · {_e(report.email)} · {_e(report.tool)}'
        f"{' · ' + _e(generated) if generated else ''}</p>",
        f"<p>{_e(report.description)}</p>" if report.description else "",
        "<h2>Inbox</h2>",
        _inbox(report.inbox),
        "<h2>Summary</h2>",
        summary,
        not_checked,
        "<h3>Gmail size budget</h3>",
        _budget(report.size),
        "</section>",
        '<section><h2>Desktop</h2><div class="shot">',
        figure("desktop-light"),
        "</div></section>",
        '<section><h2>Desktop, dark mode</h2><div class="shot">',
        figure("desktop-dark"),
        "</div></section>",
        '<section><h2>Mobile</h2><div class="shot">',
        pair("mobile-light", "mobile-dark"),
        "</div></section>",
        '<section><h2>Links</h2><p class="muted">The numbers are the callouts on the '
        f"desktop screenshot.</p>{_links(report.links)}</section>",
        f"<section><h2>Images</h2>{_images(report.images)}</section>",
        f"<section><h2>Spam score</h2>{_spam(report.spam)}",
        f'<h2 style="margin-top:16pt">Accessibility</h2>{_a11y(report)}</section>',
        f"<section><h2>Plain-text version</h2><pre>{_e(report.text)}</pre></section>",
        "</body></html>",
    ]
    return "".join(parts)
