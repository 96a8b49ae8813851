"""Expansion: markup tree → HTML, standard components rendered, CSS merged.

:func:`components.expand.expander.expand` (``expand(document, file=…, styles=…)``)
walks the tree once; :mod:`components.expand.context` is the machinery renderers use.

This package's ``__init__`` re-exports the machinery only: the standard components
import it (``components.expand.context``), and the expander imports them, so
re-exporting ``expand`` here would make every standard component import itself
(``tests/test_import_cycles.py``). Import ``expand`` from ``components.expand.expander``.
"""

from components.expand.context import (
    ComponentLibrary,
    ComponentRenderer,
    ExpandContext,
    ExpandOptions,
    Expansion,
    StandardRenderer,
)

__all__ = [
    "ComponentLibrary",
    "ComponentRenderer",
    "ExpandContext",
    "ExpandOptions",
    "Expansion",
    "StandardRenderer",
]
