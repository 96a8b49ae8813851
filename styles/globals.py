"""The ``globalStyles`` object component scripts and styles see."""

from __future__ import annotations

from styles.model import GlobalStyles


def globals_object(styles: GlobalStyles) -> dict[str, dict[str, str]]:
    """``{colors: {key: css}, fonts: {key: stack}, radii: {key: "8px"}, spacing: {key: "16px"}}``
    keyed ``<name>_<id>``, e.g. ``globalStyles.colors.brand_k2j3m4n5p6q7`` → ``#2563eb``.

    Plain data (JSON-serialisable), safe to hand to the script engine."""
    return {
        "colors": {v.key: v.css() for v in styles.colors},
        "fonts": {v.key: v.css() for v in styles.fonts},
        "radii": {v.key: v.css() for v in styles.radii},
        "spacing": {v.key: v.css() for v in styles.spacing},
    }
