"""Validators: what is broken in a compiled email, as :class:`Issue` records.

Each validator is one module with ``NAME`` and ``check(ctx) -> Iterable[Issue]``
(see :mod:`compiler.validators.base`). :data:`REGISTRY` names them all in run
order; modules are imported only when used, so a validator whose module (or
whose optional dependency) is absent is simply unavailable. :func:`run_checks`
is the one place that runs them: a validator that crashes does not take the
run down; it becomes an error issue naming the validator.

Groups: :data:`STATIC` (no network, no browser: the problem checker and the
spam content rules), ``--links``/``--images`` (network), ``--spam`` (adds
SpamAssassin), ``--a11y`` (EMC rules plus axe-core in a browser engine).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import cast

from compiler.project import Project
from compiler.result import CompileResult
from compiler.validators.base import CheckContext, CheckOptions, Validator
from components.diagnostics import Issue, Severity

# name → module, in the order a full run executes them.
REGISTRY: dict[str, str] = {
    "problems": "compiler.validators.problems",
    "spam": "compiler.validators.spam",
    "emc": "compiler.validators.emc",
    "links": "compiler.validators.links",
    "images": "compiler.validators.images",
    "spamassassin": "compiler.validators.spamassassin",
    "a11y": "compiler.validators.a11y",
}
STATIC: tuple[str, ...] = ("problems", "spam")
# What each `mailwright check` flag adds.
GROUPS: dict[str, tuple[str, ...]] = {
    "links": ("links",),
    "images": ("images",),
    "spam": ("spam", "spamassassin"),
    "a11y": ("emc", "a11y"),
}
NETWORK: frozenset[str] = frozenset({"links", "images"})

__all__ = [
    "GROUPS",
    "NETWORK",
    "REGISTRY",
    "STATIC",
    "CheckContext",
    "CheckOptions",
    "available",
    "check_email",
    "load",
    "rule_ids",
    "run_checks",
    "selection",
]


def load(name: str) -> Validator | None:
    """The validator module called ``name``, or None when it is not installed."""
    module_name = REGISTRY.get(name)
    if module_name is None:
        return None
    try:
        module: ModuleType = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    if not hasattr(module, "check"):
        return None
    return cast(Validator, module)


def rule_ids(name: str) -> tuple[str, ...]:
    """The rule ids validator ``name`` reports (its ``RULE_IDS``); () when it is absent.

    Besides these, SpamAssassin hits are ``spam/sa/<RULE>``, axe-core's rules
    ``a11y/<axe-rule-id>``, and the runner's own ``check/<name>-failed`` /
    ``check/<name>-unavailable``.
    """
    module = load(name)
    ids = getattr(module, "RULE_IDS", ()) if module is not None else ()
    return tuple(str(i) for i in ids)


def available() -> list[str]:
    return [name for name in REGISTRY if load(name) is not None]


def selection(flags: Iterable[str] = (), *, all_checks: bool = False) -> list[str]:
    """Validator names for a set of CLI flags (``links``, ``images``, ``spam``, ``a11y``)."""
    wanted = set(STATIC)
    for flag in GROUPS if all_checks else flags:
        wanted.update(GROUPS.get(flag, (flag,)))
    return [name for name in REGISTRY if name in wanted]


def check_email(
    result: CompileResult,
    names: Sequence[str] = STATIC,
    *,
    project: Project | None = None,
    options: CheckOptions | None = None,
) -> list[Issue]:
    """Everything ``mailwright check`` reports for one compiled email: the compile's issues,
    then the named validators' (none when the input was unusable). The studio's Problems
    list calls this too, so the two never disagree."""
    issues = list(result.issues)
    if any(i.rule.startswith("input/") for i in issues):
        return issues
    return issues + not_reported(
        issues, run_checks(result, names, project=project, options=options)
    )


#: The output's markup problems that the source's parse reports too, by its rule for the
#: same kind: the compile keeps a tag written in the source (a stray ``</div>``, an element
#: never closed, an attribute given twice) byte for byte, so the checker over the output
#: finds it again — located at the nearest element the source map knows (or nowhere),
#: where the parse points at the tag or attribute itself.
SAME_IN_SOURCE: dict[str, str] = {
    "problems/unclosed-tag": "markup/unclosed-tag",
    "problems/stray-end-tag": "markup/stray-end-tag",
    "problems/misnested-tag": "markup/misnested-tag",
    "problems/duplicate-attribute": "markup/duplicate-attribute",
}


def not_reported(compiled: Sequence[Issue], found: list[Issue]) -> list[Issue]:
    """``found`` without the markup problems the compile reported already
    (:data:`SAME_IN_SOURCE`). Each such issue of the compile (its rule, file, and the tag
    or attribute it names) stands for one of the checker's of the same kind, file and
    name: the one at the same line and column if there is one, else the first left.
    Those the source does not hold (a component's template that leaves a tag open) stay."""
    twins = set(SAME_IN_SOURCE.values())
    written: dict[tuple[str, str, object, object], list[tuple[int, int]]] = {}
    for issue in compiled:
        if issue.rule in twins:
            key = (issue.rule, issue.file, issue.data.get("tag"), issue.data.get("attribute"))
            written.setdefault(key, []).append((issue.line, issue.column))
    if not written:
        return found
    keys: list[tuple[str, str, object, object] | None] = []
    for issue in found:
        twin = SAME_IN_SOURCE.get(issue.rule)
        named = (
            None
            if twin is None
            else (twin, issue.file, issue.data.get("tag"), issue.data.get("attribute"))
        )
        keys.append(named if named in written else None)
    dropped = [False] * len(found)
    for k, (issue, named) in enumerate(zip(found, keys, strict=True)):  # the same place first
        if named is not None and (issue.line, issue.column) in written[named]:
            written[named].remove((issue.line, issue.column))
            dropped[k] = True
    for k, named in enumerate(keys):  # then one each for the rest, in order
        if named is not None and not dropped[k] and written[named]:
            written[named].pop()
            dropped[k] = True
    return [issue for issue, gone in zip(found, dropped, strict=True) if not gone]


def run_checks(
    result: CompileResult,
    names: Sequence[str] = STATIC,
    *,
    project: Project | None = None,
    options: CheckOptions | None = None,
) -> list[Issue]:
    """Run the named validators on one compiled email; never raises for bad input.

    Issues come back in validator order, duplicates (the same rule at the same
    place with the same message) removed. A validator that is not installed
    gives one info issue saying so; one that crashes gives an error issue.
    """
    ctx = CheckContext(result, project or Project(), options or CheckOptions())
    out: list[Issue] = []
    seen: set[tuple[str, str, int, int, str]] = set()
    for name in names:
        try:
            validator = load(name)
        except Exception as exc:  # the module exists but cannot be imported
            out.append(
                Issue(
                    f"check/{name}-failed",
                    Severity.ERROR,
                    f"the {name} check cannot start: {type(exc).__name__}: {exc}",
                    result.file,
                )
            )
            continue
        if validator is None:
            if name != "emc":  # EMC rules may live inside the a11y validator
                out.append(
                    Issue(
                        f"check/{name}-unavailable",
                        Severity.INFO,
                        f"the {name} check is not available in this installation",
                        result.file,
                    )
                )
            continue
        try:
            found = list(validator.check(ctx))
        except Exception as exc:  # a validator bug must not end the whole run
            found = [
                Issue(
                    f"check/{name}-failed",
                    Severity.ERROR,
                    f"the {name} check stopped: {type(exc).__name__}: {exc}",
                    result.file,
                )
            ]
        for issue in found:
            key = (issue.rule, issue.file, issue.line, issue.column, issue.message)
            if key not in seen:
                seen.add(key)
                out.append(issue)
    return out
