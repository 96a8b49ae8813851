"""The compile pipeline: markup → expanded HTML → transformers → validators.

The names below are imported from their modules on first use (:pep:`562`), so that
importing a light module of the package (``compiler.root``, ``compiler.validators.probes``)
does not import the whole pipeline: the studio starts Chromium before the compiler is
imported (``docs/performance.md``, "Cold start").
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compiler.pipeline import CompileOptions, compile_email, compile_file, read_source
    from compiler.project import Project, ProjectError, load_project
    from compiler.result import CompileResult, Envelope

_MODULES = {
    "CompileOptions": "compiler.pipeline",
    "compile_email": "compiler.pipeline",
    "compile_file": "compiler.pipeline",
    "read_source": "compiler.pipeline",
    "Project": "compiler.project",
    "ProjectError": "compiler.project",
    "load_project": "compiler.project",
    "CompileResult": "compiler.result",
    "Envelope": "compiler.result",
}

__all__ = [
    "CompileOptions",
    "CompileResult",
    "Envelope",
    "Project",
    "ProjectError",
    "compile_email",
    "compile_file",
    "load_project",
    "read_source",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'compiler' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
