"""The validator panels of the developer tools, without a window.

Each panel (Links, Images, SpamAssassin, Accessibility) runs its validator on
one compile and keeps a :class:`CheckRun`: the issues, the panel's table rows
and the digest of the email it checked, so the panel can say **In Sync** while
the code is unchanged (``LinkReport.in_sync`` semantics for every panel).

Everything here may run on a worker thread except the axe-core part of the
accessibility check, which needs the Qt engine on the main thread: the panel
calls :func:`prepare_a11y` off-thread (compile-side EMC rules), runs axe-core
asynchronously on the main thread, then :func:`finish_a11y` merges and sorts.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from compiler.liquid.data import liquid_scope
from compiler.project import Project
from compiler.result import CompileResult
from compiler.validators import images as images_validator
from compiler.validators import links as links_validator
from compiler.validators import spamassassin
from compiler.validators.base import CheckContext, CheckOptions
from compiler.validators.links import source_digest
from compiler.validators.probes import reserved_host
from components.diagnostics import Issue, Severity
from components.markup import LIQUID_RE
from studio.checks import check_result, prepare

LINK_COLUMNS = ("Status", "URL", "Text", "Kind", "Tracked", "UTM", "Location")
IMAGE_COLUMNS = (
    "Status",
    "Source",
    "Kind",
    "Format",
    "Size",
    "Declared",
    "Bytes",
    "Alt",
    "Location",
)
SPAM_COLUMNS = ("Points", "Rule", "Description")
A11Y_COLUMNS = ("Impact", "Rule", "Message", "Element", "Location")


@dataclass
class CheckRun:
    """One run of one panel's validator on one compile."""

    panel: str
    digest: str
    issues: list[Issue] = field(default_factory=list)
    rows: list[tuple[str, ...]] = field(default_factory=list)
    summary: str = ""  # one line above the table (score, counts…)
    # The row's source location (file, line, column) for click-to-jump; "" for none.
    locations: list[tuple[str, int, int]] = field(default_factory=list)

    def in_sync(self, result: CompileResult | None) -> bool:
        """True while ``result`` is the email this run checked."""
        return result is not None and self.digest == source_digest(result)


def default_problems(
    result: CompileResult, project: Project | None, profile: Mapping[str, Any] | None = None
) -> list[Issue]:
    """The Problems list: exactly what ``mailwright check PATH`` reports by default for this
    email — the same path (``studio.checks.prepare`` / ``check_result``): its compile
    issues and the static checks, Liquid in URLs and the subject rendered with
    ``profile`` as the CLI renders it with the workspace's default profile."""
    scope = liquid_scope(profile) if profile is not None else None
    return check_result(
        result, result.file, prepare(profile=scope), project=project or Project()
    ).issues


def _options(
    profile: Mapping[str, Any] | None,
    *,
    network: bool,
    timeout_s: float,
    url_cache: MutableMapping[str, Any] | None = None,
) -> CheckOptions:
    # Without the caller's cache, one for this run only: check() reuses what
    # review()/inspect_images() fetched.
    return CheckOptions(
        network=network,
        timeout_s=timeout_s,
        profile=profile,
        url_cache={} if url_cache is None else url_cache,
    )


def _where(loc: tuple[str, int, int]) -> str:
    file, line, col = loc
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name}:{line}:{col}" if line else name


def run_links(
    result: CompileResult,
    project: Project | None = None,
    profile: Mapping[str, Any] | None = None,
    *,
    network: bool = True,
    timeout_s: float = 10.0,
    url_cache: MutableMapping[str, Any] | None = None,
) -> CheckRun:
    """Every link (``links.review``) with its status, plus the link issues.

    ``url_cache`` keeps link results between runs (the studio keeps one per workspace).
    """
    ctx = CheckContext(
        result,
        project or Project(),
        _options(profile, network=network, timeout_s=timeout_s, url_cache=url_cache),
    )
    report = links_validator.review(ctx)
    issues = list(links_validator.check(ctx))
    run = CheckRun("links", report.digest, issues)
    for rec in report.records:
        run.rows.append(
            (
                link_status(rec),
                rec.url,
                rec.text,
                ", ".join(sorted(set(rec.kinds))),
                "yes" if rec.tracked else "no",
                " ".join(f"{k}={v}" for k, v in rec.utm.items()),
                _where(rec.location),
            )
        )
        run.locations.append(rec.location)
    broken = sum(1 for r in report.records if r.ok is False)
    run.summary = f"{len(report.records)} links" + (f", {broken} broken" if broken else "")
    return run


def link_status(rec: links_validator.LinkRecord) -> str:
    """What the Status column says for one link."""
    if rec.error:
        return f"{rec.status} {rec.error}" if rec.status else rec.error
    if rec.status is None:
        if rec.dynamic and not rec.liquid_error and rec.resolved == rec.url:
            return "dynamic"
        return f"not checked: {not_checked_reason(rec)}"
    if rec.redirects:
        return f"{rec.status} (redirected to {rec.final_url})"
    return str(rec.status)


def not_checked_reason(rec: links_validator.LinkRecord) -> str:
    """Why a link has no status, in the words the Links panel shows."""
    if rec.liquid_error:
        return f"its Liquid does not render ({rec.liquid_error})"
    if rec.scheme not in ("http", "https"):
        return (
            f"{rec.scheme}: links are not fetched"
            if rec.scheme
            else "a relative URL has no server to ask"
        )
    reserved = reserved_host(rec.resolved)
    if reserved:
        return f"{reserved} is a reserved example domain that never answers"
    if rec.dynamic and LIQUID_RE.search(rec.resolved):
        return "it still holds Liquid (choose sample data)"
    return "Refresh to check it over the network"


def run_images(
    result: CompileResult,
    project: Project | None = None,
    profile: Mapping[str, Any] | None = None,
    *,
    network: bool = True,
    timeout_s: float = 10.0,
    url_cache: MutableMapping[str, Any] | None = None,
) -> CheckRun:
    """Every image (``images.inspect_images``), loaded and measured, plus the image issues."""
    ctx = CheckContext(
        result,
        project or Project(),
        _options(profile, network=network, timeout_s=timeout_s, url_cache=url_cache),
    )
    records = images_validator.inspect_images(ctx)
    issues = list(images_validator.check(ctx))
    run = CheckRun("images", source_digest(result), issues)
    for rec in records:
        size = f"{rec.width}×{rec.height}" if rec.width and rec.height else ""
        declared = ""
        if rec.declared_width or rec.declared_height:
            declared = f"{rec.declared_width or '?'}×{rec.declared_height or '?'}"
        alt = "(decorative)" if rec.decorative else ("(missing)" if rec.alt is None else rec.alt)
        run.rows.append(
            (
                image_status(rec),
                rec.src,
                ", ".join(sorted(set(rec.kinds))),
                rec.format,
                size,
                declared,
                "" if rec.bytes is None else str(rec.bytes),
                alt,
                _where(rec.location),
            )
        )
        run.locations.append(rec.location)
    run.summary = f"{len(records)} images"
    return run


def image_status(rec: images_validator.ImageRecord) -> str:
    if rec.error:
        return f"{rec.status} {rec.error}" if rec.status else rec.error
    if rec.loaded:
        return "ok" if rec.status is None else str(rec.status)
    if rec.dynamic:
        return "dynamic"
    return "not loaded"


def run_spamassassin(
    result: CompileResult,
    project: Project | None = None,
    profile: Mapping[str, Any] | None = None,
    *,
    timeout_s: float = 60.0,
) -> CheckRun:
    """The full MIME message through the real SpamAssassin: score and rule hits."""
    ctx = CheckContext(
        result, project or Project(), CheckOptions(profile=profile, timeout_s=timeout_s)
    )
    run = CheckRun("spamassassin", source_digest(result))
    if spamassassin.binary() is None:
        run.summary = (
            f"SpamAssassin is not installed: install the Debian package '{spamassassin.PACKAGE}'"
        )
        run.issues.append(
            Issue(
                "spam/sa/unavailable",
                Severity.WARNING,
                run.summary,
                result.file,
                data={"package": spamassassin.PACKAGE},
            )
        )
        return run
    try:
        report = spamassassin.run(spamassassin.build_message(ctx).as_bytes(), timeout_s=timeout_s)
    except spamassassin.SpamAssassinError as exc:
        run.summary = str(exc)
        run.issues.append(Issue("spam/sa/failed", Severity.WARNING, str(exc), result.file))
        return run
    verdict = "spam" if report.is_spam else "not spam"
    run.summary = f"Score {report.score:g} (required {report.required:g}): {verdict}"
    for hit in sorted(report.hits, key=lambda h: -h.points):
        run.rows.append((f"{hit.points:+.1f}", hit.rule, hit.description))
        run.locations.append(("", 0, 0))
        run.issues.append(
            Issue(
                f"spam/sa/{hit.rule}",
                Severity.WARNING if hit.points >= 1.0 else Severity.INFO,
                f"SpamAssassin {hit.rule} ({hit.points:+.1f}): {hit.description}",
                result.file,
                data={"points": hit.points},
            )
        )
    return run


def prepare_a11y(result: CompileResult, project: Project | None = None) -> CheckRun:
    """The static (EMC) half of the accessibility check; safe on a worker thread."""
    from compiler.validators import emc

    ctx = CheckContext(result, project or Project())
    return CheckRun("a11y", source_digest(result), list(emc.issues(ctx)))


def finish_a11y(
    run: CheckRun,
    result: CompileResult,
    violations: Sequence[dict[str, Any]] | None,
    error: str = "",
    project: Project | None = None,
) -> CheckRun:
    """Add axe-core's violations (or why it did not run) and sort by impact."""
    from compiler.validators import a11y

    ctx = CheckContext(result, project or Project())
    issues = list(run.issues)
    if violations is not None:
        issues.extend(a11y.axe_issues(ctx, violations))
    if error:
        issues.append(
            Issue(
                "a11y/engine-failed",
                Severity.ERROR,
                f"the browser accessibility check failed: {error}",
                result.file,
            )
        )
    issues = a11y.sort_issues(issues)
    done = CheckRun("a11y", run.digest, issues)
    for i in issues:
        impact = str(i.data.get("impact", "")) or i.severity.value
        element = str(i.data.get("selector", "") or i.data.get("html", ""))
        loc = (i.file, i.line, i.column)
        done.rows.append((impact, i.rule, i.message, element, _where(loc)))
        done.locations.append(loc)
    counts: dict[str, int] = {}
    for row in done.rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    done.summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "No issues found"
    return done
