"""Previewing a custom component file (``components/x.html``) in the editor.

A component file is not an email: it has no envelope, and the email checks
(markup rules for emails, spam rules, "directives work only inside component
templates"…) do not apply to it. The editor shows it the way it will be used:
the component's first preset (``config.presets``), or ``<tag></tag>``, placed
in an email section and compiled with the workspace's library — read again
with the editor's text in place of the file, so edits show at once. The
problems are the component file's own (``CustomLibrary.issues`` for that
file), located in the file. The component page's Try panel picks a preset and edits
the instance's props (:func:`presets`, :func:`trial_text`, :func:`use_of`); its
instance is what :func:`compile_component` previews (``use``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from compiler.project import Project
from compiler.result import CompileResult
from components.custom import CustomLibrary, component_files, library_from_sources, tag_from_path
from components.diagnostics import Issue

_OPEN = '<x-section width="600" padding="24px">'
_CLOSE = "</x-section></x-base>"
HOST = '<x-base title="{tag}">' + _OPEN + "{use}" + _CLOSE + "\n"


def component_file(path: str | Path | None, project: Project | None) -> str | None:
    """The workspace-relative name of ``path`` when it is one of the project's component
    files (``components/…``), else None."""
    if not path or project is None or project.root is None:
        return None
    try:
        rel = Path(path).resolve().relative_to(project.root.resolve())
    except (ValueError, OSError):
        return None
    return rel.as_posix() if rel.parts and rel.parts[0] == "components" else None


def component_library(text: str, path: str, project: Project) -> tuple[CustomLibrary, str]:
    """The workspace's components read again with ``text`` in place of the file at
    ``path`` (edits show at once), and the file's tag."""
    rel = component_file(path, project)
    assert rel is not None and project.root is not None
    sources: dict[str, str] = {}
    for f in component_files(project.root):
        name = f.relative_to(project.root).as_posix()
        if name == rel:
            continue
        try:
            sources[name] = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    sources[rel] = text
    return library_from_sources(sources, styles=project.styles), tag_from_path(rel)


def presets(library: CustomLibrary, tag: str) -> list[tuple[str, str]]:
    """The component's presets as (label, markup); ``<tag></tag>`` when it has none."""
    component = library.get(tag)
    found = component.definition.presets if component is not None else ()
    return [(p.label or tag, p.content) for p in found] or [(tag, f"<{tag}></{tag}>")]


def trial_text(tag: str, use: str) -> str:
    """The host email an instance is tried in (the props form edits its instance)."""
    return HOST.format(tag=tag, use=use)


def use_of(trial: str) -> str:
    """The instance markup of a :func:`trial_text` (after the form edited it)."""
    start = trial.index(_OPEN) + len(_OPEN)
    return trial[start : trial.rindex(_CLOSE)]


def compile_component(
    text: str, path: str, project: Project, use: str | None = None
) -> CompileResult:
    """Compile the component in ``text`` (the file at ``path``) in a host email: ``use``
    (an instance, as the Try panel wrote it), else its first preset."""
    from compiler.pipeline import compile_email

    library, tag = component_library(text, path, project)
    rel = component_file(path, project)
    use = use if use is not None else presets(library, tag)[0][1]
    host = compile_email(
        HOST.format(tag=tag, use=use),
        file=str(Path(path).with_name(f"{tag}.preview.html")),
        project=replace(project, components=library),
    )
    own = [_in_file(i, path) for i in library.issues if i.file == rel]
    return CompileResult(
        file=path, source=text, html=host.html, marked_html=host.html, text=host.text, issues=own
    )


def _in_file(issue: Issue, path: str) -> Issue:
    return Issue(
        issue.rule,
        issue.severity,
        issue.message,
        path,
        issue.line,
        issue.column,
        issue.host,
        issue.data,
    )
