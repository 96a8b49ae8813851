"""The JavaScript layer: one sandboxed QuickJS engine per compile."""

from components.js.engine import ErrorKind, JSEngine, JSError, JSHandle, Scope
from components.js.script import Interpolation, PreparedScript, prepare_script, split_template

__all__ = [
    "ErrorKind",
    "Interpolation",
    "JSEngine",
    "JSError",
    "JSHandle",
    "PreparedScript",
    "Scope",
    "prepare_script",
    "split_template",
]
