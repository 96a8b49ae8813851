"""The JavaScript layer: one sandboxed QuickJS engine per compile."""

from components.js.engine import UNDEFINED, ErrorKind, JSEngine, JSError, JSHandle, Scope
from components.js.script import (
    Interpolation,
    PreparedScript,
    open_interpolation,
    prepare_script,
    split_template,
)

__all__ = [
    "UNDEFINED",
    "ErrorKind",
    "Interpolation",
    "JSEngine",
    "JSError",
    "JSHandle",
    "PreparedScript",
    "Scope",
    "open_interpolation",
    "prepare_script",
    "split_template",
]
