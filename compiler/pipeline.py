"""One compile: source text → email-client-safe HTML, as a declared list of steps.

The step order is data (:data:`STEPS`); tests assert the ordering
constraints. Each step takes the :class:`Compilation` state and advances it.
Nothing raises for bad input: problems become :class:`Issue` records, and a
step that cannot do its job leaves its input as it was and says why.
"""

from __future__ import annotations

import gc
import html
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from compiler.envelope import FrontMatter, blank_front_matter, read_front_matter, read_sidecar
from compiler.project import Project
from compiler.result import CompileResult
from compiler.transformers import (
    TransformerConfigError,
    TransformerSettings,
    apply_cli,
    email_layer,
    run_transformers,
    settings_from,
)
from components.custom import tag_from_path
from components.diagnostics import Issue, error, line_col, warning
from components.expand import ExpandOptions
from components.expand.expander import expand_pieces
from components.expand.replay import ExpansionCache
from components.markup import (
    Attr,
    Document,
    Element,
    Node,
    ParseResult,
    iter_elements,
    parse,
)
from components.markup.nodes import LIQUID_RE
from components.sourcemap import SourceMap, strip_marks, unmark
from components.validate import check

MAX_SOURCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class TransformerOverrides:
    """Command-line changes applied on top of workspace and per-email settings."""

    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    config: Path | None = None

    def apply(self, settings: TransformerSettings) -> TransformerSettings:
        if not (self.enable or self.disable or self.sets or self.config):
            return settings
        return apply_cli(
            settings, list(self.enable), list(self.disable), list(self.sets), self.config
        )


@dataclass(frozen=True)
class CompileOptions:
    """Per-compile choices that are not workspace settings."""

    expand: ExpandOptions = field(default_factory=ExpandOptions)
    transformers: TransformerOverrides = field(default_factory=TransformerOverrides)
    #: bytes before/after each transformer (costs a serialization per step)
    measure_sizes: bool = False
    #: the previous expansion of this email, reused where its source is unchanged
    #: (the studio's compiles after an edit; the HTML is the same without it)
    expansion_cache: ExpansionCache | None = field(default=None, compare=False)
    #: keep the source's markup tree on the result (``CompileResult.document``) for the
    #: studio's layers view; off, the tree is released once expanded, before the
    #: transformers run (builds and the CLI never read it: less memory at the peak)
    keep_document: bool = False


@dataclass
class Compilation:
    """The state one compile threads through its steps."""

    file: str
    source: str
    project: Project
    options: CompileOptions
    front: FrontMatter = field(default_factory=FrontMatter)
    document: Document | None = None
    html: str = ""
    result: CompileResult | None = None
    issues: list[Issue] = field(default_factory=list)
    #: whether nothing in the source's tree expands (read by the validator, for the expander)
    as_written: bool | None = None
    #: whether the source's tree is a skimmed one (``parse(skim=True)``: attribute lists not
    #: kept), which the expansion parses again whole unless nothing in it expands
    skimmed: bool = False


Step = tuple[str, Callable[[Compilation], None]]


def _step_front_matter(c: Compilation) -> None:
    c.front = read_front_matter(c.source, c.file)
    if c.file:
        read_sidecar(Path(c.file), c.front)
    c.issues.extend(c.front.issues)


def _step_parse(c: Compilation) -> None:
    # The MJML form's tree is only checked (the validator, which also reads whether anything
    # in it expands) and let go: its attribute lists are read for their problems but not
    # kept (parse(skim=True)); where something expands, the expansion parses it again whole.
    c.skimmed = (
        is_mjml(c.file) and not c.options.keep_document and c.options.expansion_cache is None
    )
    parsed = _parse(c, c.skimmed)
    c.document = parsed.document
    if c.result is not None and c.options.keep_document:
        c.result.document = parsed.document
    c.issues.extend(parsed.issues)


def _parse(c: Compilation, skim: bool) -> ParseResult:
    if c.front.end and not c.options.keep_document and c.options.expansion_cache is None:
        # Nothing after the parse reads the tree's text (the studio's layers and expansion
        # cache do: they get the copy with the front matter blanked, below): the source
        # is parsed as that copy would be, without making it (memory), and not kept.
        parsed = parse(c.source, c.file, blank=c.front.end, skim=skim)
        # The tree's text (the source blanked) is not kept. Its lines hold the source
        # itself (no copy: the compile holds it anyway) and find where its lines start only
        # when a span is first asked for (the source map's first mark; never in the MJML
        # form).
        parsed.document.source = ""
        return parsed
    return parse(blank_front_matter(c.source, c.front.end), c.file, skim=skim)


def _step_validate(c: Compilation) -> None:
    assert c.document is not None
    checked = check(c.document, c.file, library=c.project.components)
    c.issues.extend(checked.issues)
    c.as_written = checked.as_written


def _step_expand(c: Compilation) -> None:
    assert c.document is not None
    if c.skimmed and not c.as_written:
        # something expands: the expander reads the whole tree (its parse gives the skimmed
        # one's issues, already reported)
        c.document = _parse(c, False).document
    options = c.options.expand
    parsed_from = None
    if is_mjml(c.file):
        # MJML markup goes to the MJML compiler next; it must not carry our marks.
        options = replace(options, marks=False)
        # (the text the tree was parsed from: where nothing in it expands, the expansion)
        parsed_from = blank_front_matter(c.source, c.front.end)
    library = c.project.components
    assert c.result is not None
    # (read before the walk, which may take the tree apart: see _consumable)
    file_issues = (
        component_file_issues(c.document, library.issues)
        if library is not None and library.issues
        else []
    )
    pieces = expand_pieces(
        c.document,
        file=c.file,
        styles=c.project.styles,
        options=options,
        library=library,
        preheader=_page_preheader(c),
        cache=c.options.expansion_cache,
        style_defaults=c.project.style_defaults,
        parsed_from=parsed_from,
        consume=_consumable(c),
        as_written=c.as_written,
    )
    c.issues.extend(file_issues)
    if not c.options.keep_document:
        c.document = None  # nothing after the expansion reads the source's tree: let it go
        # before the page is joined (the compile's peak of memory)
    out = pieces.join(lstrip=bool(c.front.end))  # front matter was blanked to whitespace
    del pieces
    c.html = out.html
    # The validator has already reported what the expander meets again (an unknown x- tag):
    # one problem, one issue.
    seen = {(i.rule, i.file, i.line, i.column) for i in c.issues if i.line}
    c.issues.extend(
        i for i in out.issues if not i.line or (i.rule, i.file, i.line, i.column) not in seen
    )
    assert c.result is not None
    c.result.source_map = out.source_map
    env = c.result.envelope
    env.title = env.title or out.title
    if env.preheader and out.preheader and html.unescape(out.preheader) != env.preheader:
        _preheader_conflict(c)
    env.preheader = env.preheader or out.preheader


def _consumable(c: Compilation) -> list[Node] | None:
    """The children of the email's x-base, which the expansion may take out of the tree as
    it writes them (memory: the tree shrinks while the page grows): when nothing reads the
    tree after the walk — neither the studio's layers (``keep_document``) nor an expansion
    cache. (The component files' problems are looked up in the tree before the walk; the
    expander's look for a ``<title>`` after it decides nothing in an x-base page, whose
    head has the title's slot.)"""
    if c.options.keep_document or c.options.expansion_cache is not None or c.document is None:
        return None
    for node in c.document.children:
        if type(node) is Element and node.name == "x-base":
            # Not when its attribute list holds Liquid: a prop's Liquid the component
            # cannot use is kept when the page lacks it, counted against its children's
            # tokens after they are written (StandardComponent._keep_liquid_values)
            if any(not isinstance(a, Attr) or LIQUID_RE.search(a.raw) for a in node.attrs):
                return None
            return node.children
    return None


_UNPAIRED_LIQUID = re.compile(r"\{\{|\{%|\}\}|%\}")


def _page_preheader(c: Compilation) -> str:
    """The envelope's preheader for x-base to write into the page; not when its Liquid is
    not closed (``{{ a }``), which would swallow the page's own Liquid up to the next
    ``}}`` (a warning at its front-matter line says so)."""
    assert c.result is not None
    preheader = c.result.envelope.preheader
    if not _UNPAIRED_LIQUID.search(LIQUID_RE.sub("", preheader)):
        return preheader
    match = re.search(r"^preheader[ \t]*:", c.source[: c.front.end], re.M)
    line, column = line_col(c.source, match.start()) if match else (0, 0)
    c.issues.append(
        warning(
            "envelope/preheader-liquid",
            "the preheader's Liquid is not closed ('{{' without '}}' or '{%' without '%}'), "
            "so it is not written into the page",
            c.file,
            line,
            column,
        )
    )
    return ""


def _preheader_conflict(c: Compilation) -> None:
    """x-base's own ``preheader`` is written into the page, not the envelope's: inboxes
    would show another text than the envelope (and the studio's inbox line) says."""
    match = re.search(r"<x-base\b[^>]*?\s(preheader)\s*=", c.source[c.front.end :], re.S)
    line, column = line_col(c.source, c.front.end + match.start(1)) if match else (0, 0)
    c.issues.append(
        warning(
            "envelope/preheader-conflict",
            "x-base's preheader is written into the page, not the envelope's: inboxes show "
            "x-base's; keep one of them (the envelope's is the email's Preheader field)",
            c.file,
            line,
            column,
        )
    )


def component_file_issues(document: Document, issues: list[Issue]) -> list[Issue]:
    """The problems of the component files this email uses (by tag name)."""
    used = {el.name for el in iter_elements(document)}
    return [i for i in issues if tag_from_path(i.file) in used]


def transformer_settings(
    project: Project, per_email: object, overrides: TransformerOverrides
) -> TransformerSettings:
    """Workspace ``[transformers]`` ← the email's ``transformers`` ← the command line."""
    base = project.settings.get("transformers", {})
    layer = email_layer(per_email)  # a sidecar mapping, or a front-matter JSON/TOML line
    return overrides.apply(settings_from(base if isinstance(base, dict) else {}, layer))


def _step_transform(c: Compilation) -> None:
    assert c.result is not None
    t0 = time.perf_counter()
    try:
        settings = transformer_settings(
            c.project, c.front.settings.get("transformers"), c.options.transformers
        )
    except TransformerConfigError as exc:
        c.issues.append(error("transformers/config", str(exc), c.file))
        return
    finally:
        c.result.timings["transform:settings"] = (time.perf_counter() - t0) * 1000
    # the run is given the page's only reference (none is kept here): it lets the page go
    # once read, before the plain text is made
    out = run_transformers(
        _take_html(c),
        settings,
        file=c.file,
        envelope_preheader=c.result.envelope.preheader,
        source=c.source,
        measure_sizes=c.options.measure_sizes,
        base_dir=Path(c.file).parent if c.file else None,
        root=c.project.root,
    )
    c.html = out.html
    c.result.text = out.text
    t0 = time.perf_counter()
    written = _text_sidecar(c.file)
    c.result.timings["transform:text-sidecar"] = (time.perf_counter() - t0) * 1000
    if written is not None:  # a hand-written plain-text part wins over the generated one
        c.result.text = written
    c.result.sizes.update(out.sizes)
    for name, ms in out.timings.items():
        c.result.timings[f"transform:{name}"] = ms
    c.issues.extend(
        relocate(i, out.located_in, c.source, c.front.end, c.result.source_map, c.file)
        for i in out.issues
    )


def _take_html(c: Compilation) -> str:
    """The page, no longer held by ``c``."""
    html, c.html = c.html, ""
    return html


def relocate(
    issue: Issue, html: str, source: str, body_start: int, source_map: SourceMap, file: str
) -> Issue:
    """An issue a transformer located in the expanded ``html``, located in ``source``.

    Transformers see the expanded email, not the file the user wrote: their lines and
    columns point into text nobody can open. The text at that place is looked up in
    the email's body (CSS and Liquid are copied verbatim); else the nearest marked
    element's source span is used; else the issue is left unlocated rather than wrong.
    MJML issues are located in the source already.
    """
    if not issue.line or issue.file != file or issue.rule.startswith("mjml/"):
        return issue
    offset = _offset_of(html, issue.line, issue.column)
    if offset is None:
        return replace(issue, line=0, column=0)
    while offset < len(html) and html[offset].isspace():
        offset += 1
    text = strip_marks(html[offset : offset + 200])
    for size in (60, 24, 8):
        probe = text[:size]
        if len(probe.strip()) < 4:
            continue
        found = source.find(probe, body_start)
        if found >= 0:
            line, column = line_col(source, found)
            return replace(issue, line=line, column=column)
    origin = source_map.locate_output(html, offset)
    if origin is not None and origin.span.line and origin.file == file:
        return replace(issue, line=origin.span.line, column=origin.span.column)
    return replace(issue, line=0, column=0)


def _offset_of(text: str, line: int, column: int) -> int | None:
    """The offset of 1-based ``line``:``column`` in ``text``; None when it is not in it."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    offset = start + column - 1
    return offset if start <= offset <= end else None


def _text_sidecar(file: str) -> str | None:
    """The plain-text part written by hand beside the email (``welcome.txt``), if any."""
    if not file:
        return None
    path = Path(file).with_suffix(".txt")
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def is_mjml(file: str) -> bool:
    return file.lower().endswith(".mjml")


STEPS: tuple[Step, ...] = (
    ("front-matter", _step_front_matter),
    ("parse", _step_parse),
    ("validate", _step_validate),
    ("expand", _step_expand),
    ("transform", _step_transform),  # transformers in their declared order, then plain text
)


def compile_email(
    source: str,
    *,
    file: str = "",
    project: Project | None = None,
    options: CompileOptions | None = None,
) -> CompileResult:
    """Compile one email's source text. Pure: reads nothing but the sidecar file."""
    # The compile builds many short-lived objects and no cycles that outlive it;
    # pausing the cyclic collector saves ~5 % on large emails.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compile(source, file, project, options)
    finally:
        if collecting:
            gc.enable()


def _compile(
    source: str, file: str, project: Project | None, options: CompileOptions | None
) -> CompileResult:
    c = Compilation(file, source, project or Project(), options or CompileOptions())
    c.result = CompileResult(file=file, source=source, html="")
    problem = _unencodable(source, file)
    if problem is not None:  # text from an editor or a program, never from a UTF-8 file
        c.result.issues = [problem]
        return c.result
    for name, step in STEPS:
        t0 = time.perf_counter()
        try:
            step(c)
        except RecursionError:
            # The tree walkers are recursive; absurd nesting must not become a traceback.
            c.issues.append(
                error(
                    "input/too-deep",
                    f"markup is nested too deeply to {name}; flatten the structure "
                    "(thousands of levels of nested elements)",
                    file,
                )
            )
            c.html = ""
            break
        except Exception as exc:  # a bug in a step must not lose the user's session
            c.issues.append(
                error(
                    f"internal/{name}",
                    f"internal error in the {name} step ({type(exc).__name__}: {exc}); "
                    "please report it with this email attached",
                    file,
                )
            )
            c.html = ""
            break
        finally:
            c.result.timings[name] = (time.perf_counter() - t0) * 1000
        if name == "front-matter":
            c.result.envelope = c.front.envelope
    t0 = time.perf_counter()
    # the marks' places are kept, not the marked page (made if the studio reads it)
    c.result.html, c.result.marks = unmark([_take_html(c)])
    c.result.timings["strip-marks"] = (time.perf_counter() - t0) * 1000
    c.result.issues = c.issues
    c.result.timings["total"] = sum(
        ms for name, ms in c.result.timings.items() if not name.startswith("transform:")
    )
    return c.result


def _unencodable(source: str, file: str) -> Issue | None:
    """An input/encoding issue when ``source`` holds an unpaired surrogate (no UTF-8)."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, col = line_col(source, exc.start)
        return error(
            "input/encoding",
            f"the text holds an unpaired surrogate (U+{ord(source[exc.start]):04X}), "
            "which no email can carry; delete or retype that character",
            file,
            line,
            col,
        )
    return None


def read_source(path: Path) -> tuple[str | None, Issue | None]:
    """Read an email file as text, or say plainly why it cannot be used."""
    name = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        return None, error("input/unreadable", f"cannot read file: {exc.strerror}", name)
    if stat.S_ISDIR(info.st_mode):
        return None, error(
            "input/unreadable",
            "this is a folder, not an email file; give "
            "the email's .html file (or the workspace folder)",
            name,
        )
    if not stat.S_ISREG(info.st_mode):
        # a pipe or a device: reading it could wait forever
        return None, error(
            "input/unreadable",
            "this is not a regular file (a pipe, socket "
            "or device); save the email to a file and give that",
            name,
        )
    size = info.st_size
    if size > MAX_SOURCE_BYTES:
        return None, error(
            "input/too-large",
            f"file is {size / 1e6:.1f} MB; emails larger than "
            f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB are not compiled",
            name,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, error("input/unreadable", f"cannot read file: {exc.strerror}", name)
    if b"\x00" in data[:8192]:
        return None, error("input/binary", "this is a binary file, not an email source", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, error(
            "input/encoding",
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save it as UTF-8",
            name,
            line,
            col,
        )
    return text.removeprefix("\ufeff"), None


def compile_file(
    path: Path, *, project: Project | None = None, options: CompileOptions | None = None
) -> CompileResult:
    """Read and compile one email file. Unreadable input gives a result with one issue;
    so does a link that leads out of the project's workspace (it is not read)."""
    if project is not None and not project.contains(path):
        return CompileResult(
            file=str(path),
            source="",
            html="",
            issues=[
                error(
                    "input/outside-workspace",
                    "a link to a file outside the workspace; not read "
                    "(a workspace reads only its own files)",
                    str(path),
                )
            ],
        )
    text, problem = read_source(path)
    if text is None:
        assert problem is not None
        return CompileResult(file=str(path), source="", html="", issues=[problem])
    return compile_email(text, file=str(path), project=project, options=options)
