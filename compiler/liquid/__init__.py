"""Liquid and personalization: render compiled emails with sample data.

The compile never renders Liquid; previews, proofs and test sends call
:func:`render` with a profile. See ``docs/liquid.md``.
"""

from compiler.liquid.data import (
    KeyNode,
    default_profile,
    default_profile_path,
    insertion,
    key_tree,
    liquid_scope,
    list_profiles,
    profile_id,
    read_profile,
)
from compiler.liquid.environment import LiquidSettings, MailwrightEnvironment
from compiler.liquid.localization import (
    LocalizationSettings,
    LocalizedEmail,
    group_translations,
    pick,
    translations_of,
)
from compiler.liquid.primitives import PREVIEW_HOST
from compiler.liquid.render import (
    RenderedEmail,
    RenderedText,
    Renderer,
    render,
    render_template,
    renderer_for,
)
from compiler.liquid.snippets import SnippetSet, load_snippets

__all__ = [
    "PREVIEW_HOST",
    "KeyNode",
    "LiquidSettings",
    "LocalizationSettings",
    "LocalizedEmail",
    "MailwrightEnvironment",
    "RenderedEmail",
    "RenderedText",
    "Renderer",
    "SnippetSet",
    "default_profile",
    "default_profile_path",
    "group_translations",
    "insertion",
    "key_tree",
    "liquid_scope",
    "list_profiles",
    "load_snippets",
    "pick",
    "profile_id",
    "read_profile",
    "render",
    "render_template",
    "renderer_for",
    "translations_of",
]
