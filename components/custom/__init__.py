"""Custom components: the component language of script, style and template.

``load_library(root)`` reads a workspace's component files into a
:class:`CustomLibrary` (the expander's ``ComponentLibrary``); each use of a
component is expanded by :class:`CustomComponent`. See docs/component-language.md.
"""

from components.custom.definition import ComponentDefinition, Preset, SlotDef, read_definition
from components.custom.library import (
    CustomComponent,
    CustomLibrary,
    component_files,
    library_from_sources,
    load_library,
)
from components.custom.names import tag_from_path, tag_problems

__all__ = [
    "ComponentDefinition",
    "CustomComponent",
    "CustomLibrary",
    "Preset",
    "SlotDef",
    "component_files",
    "library_from_sources",
    "load_library",
    "read_definition",
    "tag_from_path",
    "tag_problems",
]
