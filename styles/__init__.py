"""Global styles: variables, component defaults, light/dark and responsive values,
CSS generation and styles-file I/O. The bottom layer: imports nothing of ours."""

from styles.css import (
    CLASS_NAMES,
    CssBuilder,
    ResolvedDefaults,
    StyleBlock,
    add_global_css,
    component_declarations,
    css_value,
    global_css,
    resolve_defaults,
)
from styles.dynamic import DynamicValueError, Variants, variants
from styles.globals import globals_object
from styles.io import default_styles, dumps_styles, load_styles, parse_styles, save_styles
from styles.model import (
    COMPONENT_PROPS,
    DEFAULTS_FOR_TAG,
    ColorVar,
    FontVar,
    GlobalStyles,
    RadiusVar,
    SpacingVar,
    StylesError,
)

__all__ = [
    "CLASS_NAMES",
    "COMPONENT_PROPS",
    "DEFAULTS_FOR_TAG",
    "ColorVar",
    "CssBuilder",
    "DynamicValueError",
    "FontVar",
    "GlobalStyles",
    "RadiusVar",
    "ResolvedDefaults",
    "SpacingVar",
    "StyleBlock",
    "StylesError",
    "Variants",
    "add_global_css",
    "component_declarations",
    "css_value",
    "default_styles",
    "dumps_styles",
    "global_css",
    "globals_object",
    "load_styles",
    "parse_styles",
    "resolve_defaults",
    "save_styles",
    "variants",
]
