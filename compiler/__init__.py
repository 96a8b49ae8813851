"""The compile pipeline: markup → expanded HTML → transformers → validators."""

from compiler.pipeline import CompileOptions, compile_email, compile_file, read_source
from compiler.project import Project, ProjectError, load_project
from compiler.result import CompileResult, Envelope

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
