"""Expansion: markup tree → HTML, standard components rendered, CSS merged.

``expand(document, file=…, styles=…)`` walks the tree once; see
:mod:`components.expand.context` for the machinery renderers use.
"""

from components.expand.context import (
    ComponentLibrary,
    ComponentRenderer,
    ExpandContext,
    ExpandOptions,
    Expansion,
)
from components.expand.expander import expand

__all__ = [
    "ComponentLibrary",
    "ComponentRenderer",
    "ExpandContext",
    "ExpandOptions",
    "Expansion",
    "expand",
]
