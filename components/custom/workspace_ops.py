"""Workspace operations on custom components, for the studio.

Pure functions over source text (plus thin helpers that read or write the
workspace): list components with their schemas, find the files that use a
component, detach one use (expand it into its parts in the email source),
save a selected subtree as a new locked component, rename a component and
update every reference. Edits are made at source spans, so everything outside
the edited ranges stays byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from components.custom.definition import ComponentDefinition
from components.custom.library import CustomLibrary, component_files, load_library
from components.custom.names import tag_from_path, tag_problems
from components.diagnostics import Issue, Severity
from components.expand.context import ExpandContext, ExpandOptions
from components.js import JSEngine, JSError
from components.markup import parse, serialize
from components.markup.names import scan_element_names
from components.markup.nodes import Element, Text, iter_elements
from styles.atomic import write_atomic
from styles.css import CssBuilder
from styles.globals import globals_object
from styles.model import GlobalStyles
from styles.paths import files_under

SOURCE_FOLDERS = ("emails", "templates", "components")
SOURCE_SUFFIXES = (".html", ".htm", ".mjml")


@dataclass(frozen=True, slots=True)
class Reference:
    """One use of a component: file (workspace-relative), 1-based line and column."""

    file: str
    line: int
    column: int


@dataclass(slots=True)
class EditResult:
    """New text for a source and the problems found (``text`` is the input when it failed)."""

    text: str
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.is_error for i in self.issues)


@dataclass(slots=True)
class ExtractResult:
    """A new component file's text and the email with the subtree replaced by the tag."""

    component: str
    email: str
    tag: str
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.is_error for i in self.issues)


@dataclass(slots=True)
class RenameResult:
    """Files to write (path → new text) and the component file's move."""

    old_path: Path | None
    new_path: Path | None
    edits: dict[Path, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.is_error for i in self.issues)


def _error(rule: str, message: str, file: str = "", line: int = 0, column: int = 0) -> Issue:
    return Issue(rule, Severity.ERROR, message, file, line, column)


# -- listing and references ----------------------------------------------------------
def list_components(root: Path, *, styles: GlobalStyles | None = None) -> list[ComponentDefinition]:
    """Every component of the workspace with its config, prop and slot schemas
    (``definition.describe()`` is the JSON form), sorted by tag."""
    library = load_library(root, styles=styles)
    return sorted(library.definitions(), key=lambda d: d.tag)


def source_files(root: Path) -> list[Path]:
    """The workspace's emails, templates and components (hidden files and folders, and
    links out of the workspace, left out: :func:`styles.paths.files_under`)."""
    return sorted(
        p for folder in SOURCE_FOLDERS for p in files_under(root, folder, SOURCE_SUFFIXES)
    )


def references_in(text: str, tag: str, file: str = "") -> list[Reference]:
    """Where ``text`` uses ``<tag>`` (or ``#is="tag"``)."""
    if tag not in text:
        return []
    doc = parse(text, file).document
    out: list[Reference] = []
    for el in iter_elements(doc):
        is_value = el.get("#is")
        if el.name == tag or (is_value is not None and is_value.strip().lower() == tag):
            out.append(Reference(file, el.span.line, el.span.column))
    return out


def find_references(root: Path, tag: str) -> list[Reference]:
    """Every use of ``<tag>`` (element or ``#is``) in the workspace's emails, templates
    and other components: the one reference search behind delete, rename and "used in".

    A file that is not valid UTF-8 is still searched (undecodable bytes replaced), so
    a stray byte never hides a use; a file that cannot be read is left out."""
    out: list[Reference] = []
    for path in source_files(root):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("components/") and tag_from_path(path) == tag:
            continue
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        out.extend(references_in(text, tag, rel))
    return out


def usage_counts(root: Path, tags: list[str]) -> dict[str, int]:
    """For each of ``tags``, how many files use it: ``len({r.file for r in
    find_references(root, tag)})`` for all of them from one read of every file and
    one scan of its element names (:func:`components.markup.names.scan_element_names`;
    the parse only where the scan leaves a file to it, as it does one using ``#is``)."""
    counts = dict.fromkeys(tags, 0)
    if not tags:
        return counts
    for path in source_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        fast = scan_element_names(text)
        used = fast if fast is not None else _names_and_is_values(text, rel)
        own = tag_from_path(path) if rel.startswith("components/") else None
        for tag in used:
            # references_in looks for the tag in the text as written before it parses
            if tag in counts and tag != own and tag in text:
                counts[tag] += 1
    return counts


def _names_and_is_values(text: str, file: str) -> set[str]:
    """Element names and ``#is`` values, as :func:`references_in` compares them."""
    out: set[str] = set()
    for el in iter_elements(parse(text, file).document):
        out.add(el.name)
        is_value = el.get("#is")
        if is_value is not None:
            out.add(is_value.strip().lower())
    return out


# -- detach ----------------------------------------------------------------------------
def _host_at(text: str, offset: int, library: CustomLibrary, file: str) -> Element | None:
    doc = parse(text, file).document
    best: Element | None = None
    for el in iter_elements(doc):
        if (
            library.has(el.name)
            and el.span.start <= offset < el.span.end
            and (best is None or el.span.start >= best.span.start)
        ):
            best = el
    return best


def detach_instance(
    text: str,
    offset: int,
    library: CustomLibrary,
    *,
    file: str = "",
    styles: GlobalStyles | None = None,
) -> EditResult:
    """Replace the component use at ``offset`` with its expanded parts.

    The template is written out with props, directives and slots applied; nested
    standard and custom components stay components; the component's styles and
    head tags go into an ``<x-head>`` just before it. Everything else in ``text``
    stays byte-identical. Problems (a failing script, bad props) are issues; on an
    error the text comes back unchanged.
    """
    from components.standard import REGISTRY

    host = _host_at(text, offset, library, file)
    if host is None:
        return EditResult(
            text,
            [_error("components/detach", "no custom component at the selected position", file)],
        )
    component = library.get(host.name)
    assert component is not None
    styles = styles or GlobalStyles()
    engine = JSEngine()
    try:
        scope = engine.scope({"globalStyles": globals_object(styles)})
    except JSError:  # pragma: no cover - plain data
        scope = engine.root
    ctx = ExpandContext(
        js_engine=engine,
        file=file,
        styles=styles,
        options=ExpandOptions(marks=False),
        library=library,
        registry=REGISTRY,
        css=CssBuilder(),
        js_scope=scope,
    )
    made = component.instantiate(ctx, host)
    issues = list(ctx.issues)
    if made is None or any(i.is_error for i in issues):
        return EditResult(
            text, issues or [_error("components/detach", f"<{host.name}> cannot be expanded", file)]
        )
    nodes, _, instance = made
    body = "".join(serialize(n) for n in nodes)
    head: list[str] = []
    for block in instance.styles:
        media = f' media="{block.media}"' if block.media else ""
        if block.css.strip():
            head.append(f"<style{media}>{block.css}</style>")
    head.extend(t for t in instance.head if t)
    prefix = f"<x-head>{''.join(head)}</x-head>" if head else ""
    return EditResult(text[: host.span.start] + prefix + body + text[host.span.end :], issues)


# -- save as component -----------------------------------------------------------------
def component_source(
    tag: str,
    template: str,
    *,
    label: str = "",
    props: Sequence[tuple[str, str, str]] = (),
    slots: Sequence[tuple[str, Sequence[str]]] = (),
) -> str:
    """The text of a component made from markup: config with a preset, and — when
    ``props`` (name, label, default text) are given — their declarations (text props
    whose default is the value they were taken from), and ``slots`` (name, marks): text
    slots whose ``<slot>`` the template holds."""
    label = label or tag.replace("-", " ").capitalize()
    js_label = label.replace("\\", "\\\\").replace('"', '\\"')
    body = template.replace("${", "\\${")
    declared = ""
    if props:
        lines = [
            f"  {name}: {{ label: {_js_quote(prop_label)}, schema: "
            f"Component.props.string().default({_js_quote(default)}) }},"
            for name, prop_label, default in props
        ]
        declared = "export const props = Component.defineProps({\n" + "\n".join(lines) + "\n});\n"
    if slots:
        entries = [
            f"  {name}: {{ schema: Component.slots.text(), marks: "
            f"[{', '.join(_js_quote(m) for m in marks)}] }},"
            for name, marks in slots
        ]
        declared += (
            "export const slots = Component.defineSlots({\n" + "\n".join(entries) + "\n});\n"
        )
    return (
        f"<!-- Insert this component in your email with the following code: "
        f"<{tag}></{tag}> -->\n"
        "<script>\n"
        "export const config = {\n"
        f'  label: "{js_label}",\n'
        f'  presets: [{{ label: "{js_label}", content: `<{tag}></{tag}>` }}]\n'
        "};\n"
        f"{declared}"
        "</script>\n"
        "<template>\n"
        f"{body}\n"
        "</template>\n"
    )


def _js_quote(text: str) -> str:
    """``text`` as a single-quoted JavaScript string."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def extract_component(
    text: str,
    offset: int,
    tag: str,
    *,
    label: str = "",
    file: str = "",
    existing: set[str] | None = None,
) -> ExtractResult:
    """Make the element at ``offset`` (the selected subtree) a new locked component
    ``<tag>`` and put ``<tag></tag>`` in its place in the email."""
    issues = [_error("components/tag-name", p, file) for p in tag_problems(tag)]
    if existing and tag in existing:
        issues.append(_error("components/duplicate", f"a component <{tag}> already exists", file))
    doc = parse(text, file).document
    selected: Element | None = None
    for el in iter_elements(doc):
        if el.span.start <= offset < el.span.end and (
            selected is None or el.span.start >= selected.span.start
        ):
            selected = el
    if selected is None:
        issues.append(
            _error("components/extract", "select an element to save as a component", file)
        )
    if issues or selected is None:
        return ExtractResult("", text, tag, issues)
    subtree = text[selected.span.start : selected.span.end]
    component = component_source(tag, subtree, label=label)
    email = text[: selected.span.start] + f"<{tag}></{tag}>" + text[selected.span.end :]
    return ExtractResult(component, email, tag, issues)


def save_component(root: Path, tag: str, source: str) -> Path:
    """Write ``components/<tag>.html``; refuses (FileExistsError) to overwrite."""
    path = root / "components" / f"{tag}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:
        fh.write(source)
    return path


# -- rename ------------------------------------------------------------------------------
def rename_in_source(text: str, old: str, new: str, *, file: str = "") -> str:
    """``text`` with every ``<old>`` element (start and end tag) and ``#is="old"`` renamed,
    and, inside scripts, ``<old>`` in preset content and ``'old'`` in lists
    (allowedParents, slot children) renamed. Nothing else changes."""
    if old not in text:
        return text
    doc = parse(text, file).document
    edits: list[tuple[int, int, str]] = []
    for el in iter_elements(doc):
        if el.name == old:
            start = el.span.start + 1
            edits.append((start, start + len(el.name_raw), new))
            if el.end_raw:
                end_start = el.span.end - len(el.end_raw)
                edits.append((end_start + 2, end_start + 2 + len(el.name_raw), new))
        attr = el.attr("#is")
        if attr is not None and attr.value is not None and attr.value.strip().lower() == old:
            value_start = attr.span.start + len(attr.name) + len(attr.eq) + len(attr.quote)
            edits.append((value_start, value_start + len(attr.value), new))
        if el.name == "script":
            for child in el.children:
                if isinstance(child, Text) and old in child.raw:
                    edits.append(
                        (child.span.start, child.span.end, _rename_in_script(child.raw, old, new))
                    )
    out: list[str] = []
    cursor = 0
    for start, end, repl in sorted(edits):
        if start < cursor:
            continue
        out.append(text[cursor:start])
        out.append(repl)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _rename_in_script(code: str, old: str, new: str) -> str:
    esc = re.escape(old)
    code = re.sub(rf"(</?){esc}(?=[\s/>])", rf"\g<1>{new}", code)
    return re.sub(rf"""(['"]){esc}\1""", rf"\g<1>{new}\g<1>", code)


def rename_component(root: Path, old: str, new: str, *, write: bool = False) -> RenameResult:
    """Rename component ``old`` to ``new``: its file and every reference in emails,
    templates and components. With ``write=False`` only computes the edits."""
    issues = [_error("components/tag-name", p) for p in tag_problems(new)]
    files = {tag_from_path(p): p for p in component_files(root)}
    old_path = files.get(old)
    if old_path is None:
        issues.append(_error("components/rename", f"there is no component <{old}>"))
    if new in files:
        issues.append(
            _error(
                "components/duplicate",
                f"a component <{new}> already exists",
                files[new].relative_to(root).as_posix(),
            )
        )
    if issues or old_path is None:
        return RenameResult(old_path, None, {}, issues)
    new_path = old_path.with_name(new + old_path.suffix)
    result = RenameResult(old_path, new_path)
    for path in source_files(root):
        try:
            text = path.read_bytes().decode("utf-8")  # bytes: CRLF and BOM stay as they are
        except (OSError, UnicodeDecodeError) as exc:
            result.issues.append(
                Issue(
                    "components/rename",
                    Severity.WARNING,
                    f"cannot read {path.name}: {exc}",
                    path.relative_to(root).as_posix(),
                )
            )
            continue
        changed = rename_in_source(text, old, new, file=path.relative_to(root).as_posix())
        if changed != text:
            result.edits[new_path if path == old_path else path] = changed
    if write:
        old_text = old_path.read_bytes().decode("utf-8")
        old_path.rename(new_path)
        if new_path not in result.edits:
            result.edits[new_path] = old_text
        write_all(result.edits)
    return result


def write_all(edits: dict[Path, str]) -> None:
    """Write each file atomically and durably, several at a time: the waits for the disk
    (two fsyncs a file) overlap, and the file system commits them together. Raises the
    first failure once every other write has finished."""
    if len(edits) < 4:
        for path, text in edits.items():
            write_atomic(path, text)
        return
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(write_atomic, path, text) for path, text in edits.items()]
    for future in futures:
        future.result()
