"""Accessibility: axe-core in a real browser engine, plus the EMC rules.

``check(ctx)`` runs the static EMC rules (:mod:`compiler.validators.emc`) and
axe-core in ``ctx.options.browser`` (any :class:`BrowserEngine`; the studio
passes ``studio.render.browser("qt")`` or ``("chromium")``). Without an engine
it yields the EMC results and one warning saying the browser check did not
run.

* Rule ids: ``a11y/<axe-rule-id>`` and ``a11y/<emc-rule-id>``.
* Severity from impact: critical and serious → error, moderate → warning,
  minor → info.
* Order: critical, serious, moderate, minor; then by source position.
* Each issue's ``data``: ``impact``, ``help``, ``help_url``, and for axe
  ``selector`` and ``html`` (the failing node).
* Location: axe reports a CSS selector per failing node; the engine adds the
  ``data-mw-node`` id of the node's nearest marked ancestor (``mw_node``),
  mapped here through the source map. Without a mark the node's HTML is looked
  up in the compiled output, and failing that the issue is file-level.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from compiler.validators import emc
from compiler.validators.base import CheckContext
from components.diagnostics import Issue, Severity

NAME = "a11y"
# The fixed rules (the EMC rules run here too); axe-core's are ``a11y/<axe-rule-id>``.
RULE_IDS: tuple[str, ...] = (*emc.RULE_IDS, "a11y/no-engine", "a11y/engine-failed")


def _impact(value: object) -> str:
    text = str(value or "minor").lower()
    return text if text in emc.IMPACT_ORDER else "minor"


def _node_issue(ctx: CheckContext, violation: dict[str, Any], node: dict[str, Any]) -> Issue:
    impact = _impact(node.get("impact") or violation.get("impact"))
    rule_id = str(violation.get("id", "unknown"))
    help_text = str(violation.get("help") or violation.get("description") or rule_id)
    target = node.get("target") or []
    selector = " ".join(str(t) for t in target) if isinstance(target, list) else str(target)
    snippet = str(node.get("html") or "")
    summary = str(node.get("failureSummary") or "").strip()
    message = help_text
    detail = summary.splitlines()[1].strip() if summary.count("\n") >= 1 else ""
    if detail:
        message += f": {detail}"
    data: dict[str, Any] = {
        "impact": impact,
        "help": help_text,
        "help_url": str(violation.get("helpUrl") or ""),
        "selector": selector,
        "html": snippet,
        "source": "axe",
    }
    file, line, column = _locate(ctx, node.get("mw_node"), snippet)
    return Issue(
        f"{emc.PREFIX}/{rule_id}",
        emc.IMPACT_SEVERITY[impact],
        message,
        file,
        line,
        column,
        data=data,
    )


def _locate(ctx: CheckContext, mark: object, snippet: str) -> tuple[str, int, int]:
    if mark is not None:
        try:
            origin = ctx.result.source_map.origin(int(str(mark)))
        except ValueError:
            origin = None
        if origin is not None:
            return origin.file, origin.span.line, origin.span.column
    if snippet:
        head = snippet.split(">", 1)[0]
        at = ctx.html.find(head) if len(head) > 3 else -1
        if at >= 0:
            return ctx.locate(at)
    return ctx.file, 0, 0


def axe_issues(ctx: CheckContext, violations: Iterable[dict[str, Any]]) -> list[Issue]:
    """axe-core violations (one issue per failing node) as located issues."""
    out: list[Issue] = []
    for violation in violations:
        nodes = violation.get("nodes") or [{}]
        for node in nodes:
            if isinstance(node, dict):
                out.append(_node_issue(ctx, violation, node))
    return out


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Critical, serious, moderate, minor; then file, line, column."""

    def key(i: Issue) -> tuple[int, str, int, int, str]:
        impact = _impact(i.data.get("impact"))
        return emc.IMPACT_ORDER[impact], i.file, i.line, i.column, i.rule

    return sorted(issues, key=key)


def check(ctx: CheckContext) -> Iterable[Issue]:
    if not ctx.html.strip():
        return []
    found = emc.issues(ctx)
    engine = ctx.options.browser
    if engine is None:
        found.append(
            Issue(
                "a11y/no-engine",
                Severity.WARNING,
                "axe-core was not run: the browser accessibility check needs a "
                "browser engine (mailwright check --a11y --browser qt|chromium)",
                ctx.file,
            )
        )
        return sort_issues(found)
    timeout = max(30.0, ctx.options.timeout_s)
    try:
        violations = engine.run_axe(ctx.html, timeout_s=timeout)
    except Exception as exc:  # an engine failure is a finding, never a crash
        found.append(
            Issue(
                "a11y/engine-failed",
                Severity.ERROR,
                f"the browser accessibility check failed: {exc}",
                ctx.file,
            )
        )
        return sort_issues(found)
    found.extend(axe_issues(ctx, violations))
    return sort_issues(found)
