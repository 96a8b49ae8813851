"""Render a compiled email's Liquid for one profile.

    rendered = render(compile_result, profile, project=project)
    rendered.html, rendered.text, rendered.subject, rendered.preheader, rendered.issues

Every problem is an :class:`~components.diagnostics.Issue` located at the
line and column of the email source (the compile keeps Liquid byte-identical,
so positions map back token by token). A message with any error-level issue
must not be sent, as in the reference product.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from liquid.exceptions import (
    FilterArgumentError,
    FilterError,
    FilterItemTypeError,
    FilterValueError,
    LiquidError,
    LiquidTypeError,
    ResourceLimitError,
    UnknownFilterError,
)

from compiler.envelope import blank_front_matter, read_front_matter
from compiler.liquid.data import liquid_scope
from compiler.liquid.environment import (
    LiquidSettings,
    MailwrightEnvironment,
    MailwrightTemplate,
    RenderError,
    environment_for,
)
from compiler.liquid.primitives import MissingVariableError
from compiler.liquid.scan import Locator, Problem, scan
from compiler.liquid.snippets import SnippetCycleError, SnippetScope, SnippetSet, load_snippets
from compiler.liquid.template import Prepared, TemplateCache, instrument
from compiler.project import Project
from compiler.result import CompileResult
from compiler.root import SETTINGS_FILE
from components.diagnostics import Issue, Severity

# Envelope fields that may hold Liquid, with how messages name them.
FIELD_LABELS = {
    "body": "",
    "text": "",
    "subject": "Subject",
    "preheader": "Preheader",
    "from_": "From",
    "reply_to": "Reply-To",
    "title": "Title",
}


@dataclass
class RenderedText:
    text: str
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.is_error for i in self.issues)


@dataclass
class RenderedEmail:
    """One email rendered for one profile. Not sendable when ``issues`` hold errors."""

    html: str
    text: str
    subject: str
    preheader: str
    issues: list[Issue] = field(default_factory=list)
    from_: str = ""
    reply_to: str = ""
    title: str = ""
    file: str = ""

    @property
    def ok(self) -> bool:
        return not any(i.is_error for i in self.issues)

    def envelope_json(self) -> dict[str, str]:
        return {
            "subject": self.subject,
            "preheader": self.preheader,
            "from": self.from_,
            "reply_to": self.reply_to,
            "title": self.title,
        }


def _rule_for(exc: LiquidError) -> tuple[str, str]:
    message = str(exc.message) if exc.message is not None else type(exc).__name__
    if isinstance(exc, MissingVariableError):
        return "liquid/missing-variable", message
    if isinstance(exc, UnknownFilterError):
        return "liquid/unknown-filter", message.replace("unknown filter", "Unknown filter")
    if isinstance(exc, FilterArgumentError | FilterValueError | FilterItemTypeError | FilterError):
        return "liquid/filter-error", f"Liquid error: {message}"
    if isinstance(exc, LiquidTypeError):
        return "liquid/type-error", f"Liquid error: {message}"
    if isinstance(exc, ResourceLimitError):
        return "liquid/limit", f"Liquid error: {message}"
    return "liquid/render-error", f"Liquid error: {message}"


class Renderer:
    """Renders Liquid for one workspace: environment, snippets and parse cache."""

    def __init__(
        self, project: Project | None = None, *, snippets: SnippetSet | None = None
    ) -> None:
        self.project = project
        settings = (
            LiquidSettings.from_settings(
                project.settings, str(project.path(SETTINGS_FILE)) if project.root else ""
            )
            if project
            else LiquidSettings()
        )
        self.env: MailwrightEnvironment = environment_for(settings)
        self.cache = TemplateCache(self.env)
        if snippets is None:
            snippets = load_snippets(project.path("snippets") if project else None)
        self.snippets = snippets
        self._locators: OrderedDict[tuple[str, str], Locator] = OrderedDict()

    # -- data ----------------------------------------------------------------------------

    def scope(self, profile: Mapping[str, Any]) -> dict[str, object]:
        """The Liquid variables for ``profile``, with ``snippets`` bound to it."""
        data = liquid_scope(profile)
        if self.snippets.values:
            data["snippets"] = SnippetScope(self.snippets, data, self._render_snippet)
        return data

    def _render_snippet(self, text: str, data: Mapping[str, object], name: str) -> str:
        prepared = self.cache.get(text)
        if prepared.template is None:
            problem = prepared.problems[0]
            raise LiquidError(f"{problem.message} (in snippet '{name}')", token=None)
        errors: list[RenderError] = []
        out = prepared.template.render_nodes(data, errors)
        if errors:
            first = errors[0].error
            if isinstance(first, SnippetCycleError):
                raise first  # already says where: the chain of snippets
            cls = (
                type(first)
                if isinstance(first, MissingVariableError | ResourceLimitError)
                else LiquidError
            )
            raise cls(f"{first.message} (in snippet '{name}')", token=None)
        return out

    # -- locating ------------------------------------------------------------------------

    def locator(self, text: str, source: str | None) -> Locator:
        src = text if source is None else source
        key = (text, src)
        hit = self._locators.get(key)
        if hit is not None:
            return hit
        text_markups = self.cache.get(text).scan.markups
        if src is text or src == text or src.find(text) >= 0:
            loc = Locator(text, text_markups, src, None)
        else:
            loc = Locator(text, text_markups, src, scan(src).markups)
        self._locators[key] = loc
        if len(self._locators) > 64:
            self._locators.popitem(last=False)
        return loc

    def _issue(
        self,
        rule: str,
        message: str,
        offset: int,
        *,
        text: str,
        source: str | None,
        file: str,
        part: str,
    ) -> Issue:
        label = FIELD_LABELS.get(part, part)
        if label:
            message = f"{message} (in {label})"
        line, col = self.locator(text, source).line_col(offset) if offset >= 0 else (0, 0)
        return Issue(
            rule,
            Severity.ERROR,
            message,
            file,
            line,
            col,
            data={"part": part} if part not in ("body", "") else {},
        )

    def problem_issues(
        self, prepared: Prepared, *, source: str | None, file: str, part: str
    ) -> list[Issue]:
        return [
            self._problem_issue(p, prepared.text, source, file, part) for p in prepared.problems
        ]

    def _problem_issue(
        self, p: Problem, text: str, source: str | None, file: str, part: str
    ) -> Issue:
        return self._issue(
            p.rule, p.message, p.offset, text=text, source=source, file=file, part=part
        )

    # -- rendering -----------------------------------------------------------------------

    def render_part(
        self,
        text: str,
        data: Mapping[str, object],
        *,
        file: str = "",
        source: str | None = None,
        part: str = "body",
        template: MailwrightTemplate | None = None,
    ) -> RenderedText:
        """Render one text (body, plain text, a header) already turned into a scope."""
        if not text or ("{" not in text):
            return RenderedText(text)
        prepared = self.cache.get(text)
        if not prepared.has_liquid:
            return RenderedText(text)
        if prepared.template is None:
            return RenderedText(
                text, self.problem_issues(prepared, source=source, file=file, part=part)
            )
        errors: list[RenderError] = []
        out = (template or prepared.template).render_nodes(data, errors)
        issues = [self._error_issue(e, text, source, file, part) for e in errors]
        return RenderedText(out, issues)

    def _error_issue(
        self, err: RenderError, text: str, source: str | None, file: str, part: str
    ) -> Issue:
        exc = err.error
        offset = -1
        tok = exc.token
        if tok is not None and tok.source is text and tok.start_index >= 0:
            offset = tok.start_index
        elif err.node_token is not None and err.node_token.source is text:
            offset = err.node_token.start_index
        rule, message = _rule_for(exc)
        return self._issue(rule, message, offset, text=text, source=source, file=file, part=part)

    def render_template(
        self, text: str, data: Mapping[str, Any], *, file: str = "", source: str | None = None
    ) -> RenderedText:
        """Render Liquid ``text`` with a profile. ``source`` is the file ``text`` came from."""
        return self.render_part(text, self.scope(data), file=file, source=source)

    def render(
        self,
        result: CompileResult,
        profile: Mapping[str, Any],
        *,
        tracked: Mapping[str, MailwrightTemplate] | None = None,
    ) -> RenderedEmail:
        """Render a compiled email (body, text part, envelope) for one profile."""
        data = self.scope(profile)
        src = result.source or None
        # Body and text-part tokens live after the front matter; map them there only.
        body_src = blank_front_matter(src, read_front_matter(src).end) if src else None
        env = result.envelope
        tracked = tracked or {}
        parts: dict[str, RenderedText] = {}
        for part, text in (
            ("body", result.html),
            ("text", result.text),
            ("subject", env.subject),
            ("preheader", env.preheader),
            ("from_", env.from_),
            ("reply_to", env.reply_to),
            ("title", env.title),
        ):
            where = body_src if part in ("body", "text") else src
            parts[part] = self.render_part(
                text, data, file=result.file, source=where, part=part, template=tracked.get(part)
            )
        issues = list(parts["body"].issues)
        seen = {(i.rule, i.line, i.column) for i in issues}
        for part in ("text", "subject", "preheader", "from_", "reply_to", "title"):
            for issue in parts[part].issues:
                key = (issue.rule, issue.line, issue.column)
                if issue.line and key in seen:
                    continue  # the same source Liquid, repeated (text part, <title>)
                seen.add(key)
                issues.append(issue)
        if (
            env.subject.strip()
            and not parts["subject"].issues
            and not parts["subject"].text.strip()
        ):
            # composer-errors: "Error found in Subject: subject can not be blank"
            issues.append(
                self._issue(
                    "liquid/blank-subject",
                    "subject can not be blank",
                    0,
                    text=env.subject,
                    source=src,
                    file=result.file,
                    part="subject",
                )
            )
        return RenderedEmail(
            html=parts["body"].text,
            text=parts["text"].text,
            subject=parts["subject"].text,
            preheader=parts["preheader"].text,
            issues=issues,
            from_=parts["from_"].text,
            reply_to=parts["reply_to"].text,
            title=parts["title"].text,
            file=result.file,
        )

    def tracked_templates(
        self, result: CompileResult, hits: dict[str, set[int]]
    ) -> dict[str, MailwrightTemplate]:
        """Instrumented parses of each part, recording rendered branch ids per part."""
        out: dict[str, MailwrightTemplate] = {}
        env = result.envelope
        for part, text in (
            ("body", result.html),
            ("text", result.text),
            ("subject", env.subject),
            ("preheader", env.preheader),
        ):
            if not text:
                continue
            prepared = self.cache.get(text)
            if prepared.template is not None and prepared.branches:
                out[part] = instrument(prepared, self.env, hits.setdefault(part, set()))
        return out


_RENDERERS: dict[int, tuple[weakref.ref[Project] | None, Renderer]] = {}


def renderer_for(project: Project | None) -> Renderer:
    """A shared :class:`Renderer` for ``project`` (kept while the project lives)."""
    key = id(project)
    hit = _RENDERERS.get(key)
    if hit is not None and (
        (hit[0] is None and project is None) or (hit[0] is not None and hit[0]() is project)
    ):
        return hit[1]
    renderer = Renderer(project)
    if len(_RENDERERS) > 8:
        _RENDERERS.clear()
    _RENDERERS[key] = (weakref.ref(project) if project is not None else None, renderer)
    return renderer


def render(
    result: CompileResult, profile: Mapping[str, Any], *, project: Project | None = None
) -> RenderedEmail:
    """Render a compiled email for one profile. See :class:`RenderedEmail`."""
    return renderer_for(project).render(result, profile)


def render_template(
    text: str,
    data: Mapping[str, Any],
    *,
    file: str = "",
    source: str | None = None,
    project: Project | None = None,
) -> RenderedText:
    """Render a Liquid text with a profile (issues located in ``source``, default ``text``)."""
    return renderer_for(project).render_template(text, data, file=file, source=source)
