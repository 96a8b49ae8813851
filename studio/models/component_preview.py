"""Previewing a custom component file (``components/x.html``) in the editor.

A component file is not an email: it has no envelope, and the email checks
(markup rules for emails, spam rules, "directives work only inside component
templates"…) do not apply to it. The editor shows it the way it will be used:
the component's first preset (``config.presets``), or ``<tag></tag>``, placed
in an email section and compiled with the workspace's library — read again
with the editor's text in place of the file, so edits show at once. The
problems are the component file's own (``CustomLibrary.issues`` for that
file), located in the file. The full component page is the visual editor's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from compiler.project import Project
from compiler.result import CompileResult
from components.custom import component_files, library_from_sources, tag_from_path
from components.diagnostics import Issue

HOST = '<x-base title="{tag}"><x-section width="600" padding="24px">{use}</x-section></x-base>\n'


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


def compile_component(text: str, path: str, project: Project) -> CompileResult:
    """Compile the component in ``text`` (the file at ``path``) in a host email."""
    from compiler.pipeline import compile_email

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
    library = library_from_sources(sources, styles=project.styles)
    tag = tag_from_path(rel)
    component = library.get(tag)
    presets = component.definition.presets if component is not None else ()
    use = presets[0].content if presets else f"<{tag}></{tag}>"
    host = compile_email(HOST.format(tag=tag, use=use), file=str(Path(path).with_name(
        f"{tag}.preview.html")), project=replace(project, components=library))
    own = [_in_file(i, path) for i in library.issues if i.file == rel]
    return CompileResult(file=path, source=text, html=host.html, marked_html=host.html,
                         text=host.text, issues=own)


def _in_file(issue: Issue, path: str) -> Issue:
    return Issue(issue.rule, issue.severity, issue.message, path, issue.line, issue.column,
                 issue.host, issue.data)
