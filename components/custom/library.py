"""The custom components of a workspace, as the expander's :class:`ComponentLibrary`.

``load_library(root)`` reads every ``components/**/*.html`` and ``.mjml`` file
of a workspace into a :class:`CustomLibrary`. ``library.get(tag)`` gives the
renderer for a tag; the expander calls ``renderer.render(ctx, host, out)`` for
each use. Definitions are cached by content hash, so reloading a workspace
re-reads only the files that changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from components.custom.definition import ComponentDefinition, read_definition
from components.custom.instance import Frame, Instance, RenderState
from components.custom.names import pascal_name
from components.custom.runtime import install
from components.diagnostics import Issue, Severity
from components.expand.context import USE_NODES, ExpandContext, ExpansionLimit
from components.js import JSEngine, JSError
from components.markup.nodes import LIQUID_RE, Element, Node
from components.standard.registry import liquid_tokens
from styles.globals import globals_object
from styles.model import GlobalStyles
from styles.paths import files_under

COMPONENT_SUFFIXES = (".html", ".mjml")
_STATE_KEY = "components.custom"


@dataclass(slots=True)
class CustomComponent:
    """The renderer of one component (a :class:`ComponentRenderer`)."""

    library: CustomLibrary
    definition: ComponentDefinition

    @property
    def tag(self) -> str:
        return self.definition.tag

    def render(self, ctx: ExpandContext, element: Element, out: list[str]) -> None:
        budget = ctx.budget
        outermost = budget.depth == 0
        start, spent = len(out), (budget.nodes, budget.bytes)
        budget.depth += 1
        try:
            budget.spend(USE_NODES)
            self._render(ctx, element, out)
        except ExpansionLimit as limit:
            if not outermost:
                limit.each = None  # an #each of a nested use is not the outermost directive
                raise
            # the outermost use that went over: its output goes (its Liquid stays), the
            # budget it spent comes back, and the rest of the email expands
            del out[start:]
            budget.nodes, budget.bytes = spent
            out.extend(liquid_tokens([element]))
            _report_limit(ctx, element, limit)
        finally:
            budget.depth -= 1

    def _render(self, ctx: ExpandContext, element: Element, out: list[str]) -> None:
        start = len(out)
        made = self.instantiate(ctx, element)
        if made is None:
            # the use renders nothing (reported); its Liquid is never lost: a {% if %}
            # in it may be closed outside it
            out.extend(liquid_tokens([element]))
            return
        nodes, component, _ = made
        ctx.mark(element)
        state = self.library.state(ctx)
        state.stack.append(Frame(self.tag, component))
        try:
            ctx.expand_nodes(nodes, out)
        finally:
            state.stack.pop()
        _keep_unrendered_liquid(ctx, element, out, start)

    def instantiate(
        self, ctx: ExpandContext, element: Element
    ) -> tuple[list[Node], object, Instance] | None:
        """The plain nodes of one use (and its JS Component object), or None (reported)."""
        state = self.library.state(ctx)
        instance = Instance(self.library, self.definition, ctx, state, element)
        nodes = instance.build()
        if nodes is None:
            return None
        return nodes, instance.component, instance


def _report_limit(ctx: ExpandContext, element: Element, limit: ExpansionLimit) -> None:
    what = (
        f"<{element.name_raw}> makes {limit.message} (with everything it contains); "
        f"an email's components may make at most {ctx.budget.max_nodes:,} nodes and "
        f"{ctx.budget.max_bytes / 2**20:.0f} MB of text in all, so this use is left out"
    )
    if limit.each is not None:
        file, attr, host = limit.each
        ctx.issues.append(
            Issue(
                "components/expansion-limit",
                Severity.ERROR,
                f"#each here: {what}",
                file,
                attr.span.line,
                attr.span.column,
                host,
            )
        )
        return
    ctx.report("components/expansion-limit", what, node=element)


def _keep_unrendered_liquid(
    ctx: ExpandContext, element: Element, out: list[str], start: int
) -> None:
    """Liquid written in a use (a prop the template never prints, content for a slot it
    does not render) is kept after the output, in order, with a warning at the use."""
    want = liquid_tokens([element])
    if not want:
        return
    missing = Counter(want) - Counter(LIQUID_RE.findall("".join(out[start:])))
    if not missing:
        return
    kept = []
    for token in want:
        if missing[token] > 0:
            missing[token] -= 1
            kept.append(token)
    ctx.report(
        "components/liquid-unrendered",
        f"<{element.name_raw}> does not render the Liquid written in this use "
        f"({', '.join(kept[:3])}{' …' if len(kept) > 3 else ''}): it is kept after the "
        "component's output; pass it to a prop the template prints or a slot it "
        "renders",
        node=element,
        severity=Severity.WARNING,
    )
    out.extend(kept)


@dataclass(slots=True)
class CustomLibrary:
    """Custom components by tag; ``issues`` are the problems found reading them."""

    components: dict[str, CustomComponent] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def get(self, tag: str) -> CustomComponent | None:
        return self.components.get(tag)

    def has(self, tag: str) -> bool:
        return tag in self.components

    def definitions(self) -> list[ComponentDefinition]:
        return [c.definition for c in self.components.values()]

    def state(self, ctx: ExpandContext) -> RenderState:
        """This expansion's state (made on first use: the engine gets the runtime)."""
        found = ctx.extensions.get(_STATE_KEY)
        if isinstance(found, RenderState):
            return found
        install(ctx.engine)
        values: dict[str, object] = {}
        for tag in self.components:
            name = pascal_name(tag)
            if name.isidentifier():
                values[name] = tag
        values["globalStyles"] = globals_object(ctx.styles)
        try:
            base = ctx.engine.scope(values)
        except JSError:  # pragma: no cover - plain data always converts
            base = ctx.scope
        state = RenderState(base)
        ctx.extensions[_STATE_KEY] = state
        return state


def _add(library: CustomLibrary, definition: ComponentDefinition) -> None:
    library.issues.extend(definition.issues)
    if definition.tag in library.components:
        other = library.components[definition.tag].definition.file
        library.issues.append(
            Issue(
                "components/duplicate",
                Severity.ERROR,
                f"<{definition.tag}> is defined twice: {other} and {definition.file}; "
                f"{other} is used",
                definition.file,
                1,
                1,
            )
        )
        return
    library.components[definition.tag] = CustomComponent(library, definition)


def library_from_sources(
    sources: Mapping[str, str],
    *,
    styles: GlobalStyles | None = None,
    cache: dict[str, ComponentDefinition] | None = None,
    engine: JSEngine | None = None,
) -> CustomLibrary:
    """A library from ``{workspace-relative file: text}`` (``components/card.html`` …).

    ``cache`` (digest → definition) lets repeated loads skip unchanged files.
    """
    engine = engine or JSEngine()
    globals_value = globals_object(styles) if styles is not None else None
    library = CustomLibrary()
    import hashlib

    for file in sorted(sources):
        text = sources[file]
        key = hashlib.blake2b(
            f"{file}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16
        ).hexdigest()
        definition = cache.get(key) if cache is not None else None
        if definition is None:
            definition = read_definition(text, file, engine, globals_value)
            if cache is not None:
                cache[key] = definition
        _add(library, definition)
    return library


def component_files(root: Path) -> list[Path]:
    """Every component file of the workspace at ``root``, sorted."""
    return files_under(root, "components", COMPONENT_SUFFIXES)


def load_library(
    root: Path,
    *,
    styles: GlobalStyles | None = None,
    cache: dict[str, ComponentDefinition] | None = None,
) -> CustomLibrary:
    """Read the workspace's ``components/**/*.html`` and ``.mjml`` into a library.

    Never raises for bad files: unreadable ones and broken components are in
    ``library.issues`` (and every use of a broken component reports at its host).
    """
    sources: dict[str, str] = {}
    unreadable: list[Issue] = []
    for path in component_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            sources[rel] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            unreadable.append(
                Issue(
                    "components/unreadable",
                    Severity.ERROR,
                    f"cannot read component file: {exc}",
                    rel,
                )
            )
    library = library_from_sources(sources, styles=styles, cache=cache)
    library.issues[:0] = unreadable
    return library


def tags(library: CustomLibrary) -> Iterable[str]:
    return library.components.keys()
