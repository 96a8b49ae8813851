"""Running the transformers: the pipeline's run and the one-transformer entry point.

The whole run happens under one Liquid guard
(:mod:`compiler.transformers.core.liquid_guard`): tokens are swapped for
placeholders once, restored once, and verified once; if the check fails the
run is repeated one transformer at a time so the issue names the transformer
responsible, and that transformer's output is discarded.

:func:`transform` runs one transformer on a string (for people, tests and that
slow path), guarded and verified the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.transformers import plaintext
from compiler.transformers.core import liquid_guard
from compiler.transformers.core.base import Folders, Held, Work, utf8_size
from compiler.transformers.core.markup import Cut, Markup
from compiler.transformers.settings import TransformerSettings
from compiler.transformers.steps import BY_NAME, STEPS, Step
from components.diagnostics import Issue, error


@dataclass(slots=True)
class TransformOutcome:
    html: str
    text: str
    issues: list[Issue] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # ms per transformer
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # bytes before/after
    #: the HTML the tree and text steps ran on: their issues' lines and columns are in it
    located_in: str = ""  # "" when no issue is located in it


def transform(
    name: str,
    html: str,
    options: Any = None,
    *,
    file: str = "",
    source: str = "",
    folders: Folders | None = None,
) -> tuple[str, list[Issue]]:
    """Run the transformer ``name`` alone on ``html``: the output and its issues.

    ``options`` defaults to the transformer's ``Options(enabled=True)``. A
    ``source`` step (MJML) runs on the text as it is (``source``: the email file
    as written, where its errors are located); the others run under the Liquid
    guard, and when a token does not survive, ``html`` comes back unchanged with
    an issue saying so.
    """
    step = BY_NAME[name]
    opts = step.options_type(enabled=True) if options is None else options
    if step.kind == "source":
        work = Work(liquid_guard.unguarded(html), file, source, folders=folders)
        work.set_text(html)
        step.module.apply(work, opts)
        return work.text(), work.issues
    if step.kind == "final":
        raise ValueError(f"'{name}' is not an HTML transformer; call its module's generate")
    return run_guarded(step.module.apply, name, html, opts, file=file, folders=folders)


def run_guarded(
    apply: Callable[[Work, Any], None],
    name: str,
    html: str,
    options: Any,
    *,
    file: str = "",
    origin: str = "",
    folders: Folders | None = None,
) -> tuple[str, list[Issue]]:
    """``apply`` (a transformer's) on ``html`` under the Liquid guard, the tokens verified:
    the output and the issues, or ``html`` unchanged when a token did not survive.

    ``origin`` is the text issues are located in when it is not ``html`` (the run's
    input, when earlier transformers already changed it).
    """
    if not options.enabled:
        return html, []
    guard, doc = liquid_guard.protect_parsed(html)
    work = Work(guard, file, origin or html, folders=folders)
    work.set_markup(doc)
    apply(work, options)
    final = work.text()
    out = guard.restore(final)
    checked = liquid_guard.restore(final, guard, without_added=True) if guard.added else out
    problems = liquid_guard.verify(html, checked, step=name, file=file, locate_in=origin)
    if problems:
        return html, [*work.issues, *problems]
    return out, work.issues


# --- the run ------------------------------------------------------------------------


def _size(work: Work, correction: int) -> int:
    return utf8_size(work.serialized()) + correction


def run_transformers(
    html: str,
    settings: TransformerSettings,
    *,
    file: str = "",
    envelope_preheader: str = "",
    source: str = "",
    measure_sizes: bool = True,
    base_dir: Path | None = None,
    root: Path | None = None,
) -> TransformOutcome:
    """Run the enabled transformers over ``html`` (the expanded, marked email).

    ``source`` is the email file as written, where MJML errors are located.
    ``base_dir`` (the email's folder) and ``root`` (the workspace) say where linked
    files may be read (css-cleanup reads linked stylesheets); without ``base_dir``
    nothing is read from disk.
    ``measure_sizes=False`` skips the per-transformer byte counts (``sizes`` stays
    empty): the serialization between tree steps they need, and the UTF-8 sizes of the
    pages before and after a source step (MJML's: ~20 µs, ~1 % of its compile).

    The middle steps share one guard, one parse and (for runs of tree steps)
    one serialization. The check at the end compares placeholder sequences as
    lists (see :func:`liquid_guard.restore_intact`); only when it fails is the run
    repeated one transformer at a time with the full, located check.
    ``timings["liquid-guard"]`` covers protect, the first parse, restore and the
    check; sizes are measured between steps and not counted in any step.
    """
    outcome = TransformOutcome(html, "")
    text = html
    del html  # memory: what the run no longer reads is let go (a caller may pass its only
    # reference: the compile does)
    folders = Folders(base_dir, root or base_dir) if base_dir is not None else None
    for step in STEPS:
        if step.kind != "source":
            continue
        t0 = time.perf_counter()
        work = Work(liquid_guard.unguarded(text), file, source, folders=folders)
        work.set_text(text)
        step.module.apply(work, settings[step.name])
        if work.issues or work.text() != text:  # it ran: time it (and size it)
            outcome.timings[step.name] = (time.perf_counter() - t0) * 1000
            if measure_sizes:
                outcome.sizes[step.name] = (utf8_size(text), utf8_size(work.text()))
            text = work.text()
            outcome.issues.extend(work.issues)
            if any(i.is_error for i in work.issues):
                return outcome  # the text is still the source: nothing later can use it
        del work
    outcome.html = ""
    middle = [s for s in STEPS if s.kind in ("tree", "text") and settings.enabled(s.name)]
    final_tree: tuple[Markup, liquid_guard.Guarded] | None = None
    if middle:
        # Memory: while the steps run (the run's peak), _run_middle keeps the input only
        # as Held (UTF-8 where a str of it may take 2-4 bytes a character). A name for the
        # str in this frame would keep it alive all that time: it is handed over in a
        # list that _run_middle empties, and this frame's own name is deleted.
        given = [text]
        del text
        text, final_tree, held = _run_middle(
            given, middle, settings, file, envelope_preheader, measure_sizes, outcome, folders
        )
        if any(i.line and not i.rule.startswith("mjml/") for i in outcome.issues):
            outcome.located_in = held.text()  # (else the plain text's have no line: the
            # run's input is let go before the plain text is made)
        del held
    else:
        outcome.located_in = text
    outcome.html = text
    final_step = BY_NAME["plaintext"]
    opts = settings[final_step.name]
    if opts.enabled:
        t0 = time.perf_counter()
        if final_tree is not None:  # a walk over the run's final tree: no new scan
            outcome.text = plaintext.generate_guarded(
                *final_tree, opts, html=text, preheader=envelope_preheader
            )
            outcome.issues.extend(plaintext.check_tokens(outcome.text, text, file))
        else:
            outcome.text, issues = plaintext.generate_with_issues(
                text, opts, file=file, preheader=envelope_preheader
            )
            outcome.issues.extend(issues)
        outcome.timings[final_step.name] = (time.perf_counter() - t0) * 1000
    return outcome


#: The steps that read the run's cut without making its tree (see _run_middle).
_CUT_READERS = frozenset({"css-variables", "inline-css"})


def _run_middle(
    given: list[str],
    middle: list[Step],
    settings: TransformerSettings,
    file: str,
    envelope_preheader: str,
    measure_sizes: bool,
    outcome: TransformOutcome,
    folders: Folders | None,
) -> tuple[str, tuple[Markup, liquid_guard.Guarded] | None, Held]:
    """The tree and text steps under one guard over the run's input (``given``'s one
    item, taken out): the restored HTML, when the run's check passed its final tree and
    guard, and the input as held meanwhile (issues and timings go to ``outcome``)."""
    t0 = time.perf_counter()
    text = given.pop()
    # the guarded document as the scan's cut when inline-css is the first step that reads
    # the page (it reads few nodes and hands the page to its engine; css-variables before
    # it reads the style blocks) and the page can be cut, else as its tree (a step that
    # walks the tree would have it made from the cut: no gain, and the contexts read on
    # the cut cost more than on the tree)
    names = [s.name for s in middle]
    protected = (
        liquid_guard.protect_cut(text)
        if "inline-css" in names
        and all(n in _CUT_READERS for n in names[: names.index("inline-css")])
        else None
    )
    doc: Markup | Cut
    if protected is None:
        guard, doc, expected = liquid_guard.protect_checked(text)
    else:
        guard, doc, expected = protected
    del protected
    outcome.timings["liquid-guard"] = (time.perf_counter() - t0) * 1000
    # the input is read again only to locate an issue or for the slow path: held as
    # UTF-8 while the steps run (the tree is about twice its size, and the peak is there)
    held = Held(text)
    work = Work(guard, file, held, envelope_preheader, folders=folders)
    if isinstance(doc, Markup):
        work.set_markup(doc)
    else:
        work.set_cut(doc)
    del doc  # the work holds it, and lets it go when a step replaces it
    size = correction = 0
    if measure_sizes:
        size = utf8_size(text)
        correction = size - utf8_size(work.serialized())
    del text
    failed = False
    for step in middle:
        t0 = time.perf_counter()
        try:
            step.module.apply(work, settings[step.name])
        except Exception as exc:  # a transformer bug must not lose the email
            failed = True
            outcome.issues.append(
                error(
                    "transformers/crashed",
                    f"transformer '{step.name}' failed ({type(exc).__name__}: {exc}); "
                    "its output was discarded",
                    file,
                )
            )
            break
        outcome.timings[step.name] = (time.perf_counter() - t0) * 1000
        if measure_sizes:
            after = _size(work, correction)
            outcome.sizes[step.name] = (size, after)
            size = after
    work.forget_reads()  # (the run's final walk and the plain text read no attribute index)
    t0 = time.perf_counter()
    restored = None
    if not failed:
        final_doc = work.markup()
        restored = liquid_guard.restore_intact(expected, final_doc, guard)
    outcome.timings["liquid-guard"] += (time.perf_counter() - t0) * 1000
    if restored is None:
        return _one_by_one(held.text(), middle, settings, file, outcome, folders), None, held
    outcome.issues.extend(work.issues)
    return restored, (final_doc, guard), held


def _one_by_one(
    html: str,
    steps: list[Step],
    settings: TransformerSettings,
    file: str,
    outcome: TransformOutcome,
    folders: Folders | None = None,
) -> str:
    """The slow path: each transformer guarded and verified on its own; every issue is
    located in the run's input."""
    origin = html
    for step in steps:
        try:
            html, issues = run_guarded(
                step.module.apply,
                step.name,
                html,
                settings[step.name],
                file=file,
                origin=origin,
                folders=folders,
            )
        except Exception as exc:
            issues = [
                error(
                    "transformers/crashed",
                    f"transformer '{step.name}' failed ({type(exc).__name__}: {exc}); "
                    "its output was discarded",
                    file,
                )
            ]
        outcome.issues.extend(i for i in issues if i not in outcome.issues)
    return html
