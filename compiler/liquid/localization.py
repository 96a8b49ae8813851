"""Translations as sibling files: ``emails/welcome.html`` plus ``emails/welcome.fr.html``.

The file without a language code is the default message. A translation is a
file beside it named ``<stem>.<code><suffix>`` where ``code`` is a language
code with an optional region (``fr``, ``fr-CA``, ``pt-BR``; case does not
matter). Settings in ``mailwright.toml``::

    [localization]
    attribute = "customer.language"   # where a profile keeps its language
    default = "en"                     # the default message's language

A profile whose language is ``fr-CA`` gets ``welcome.fr-ca.html``, else
``welcome.fr.html``, else the default message; so does a profile without the
attribute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.I)


@dataclass(frozen=True)
class LocalizationSettings:
    attribute: str = "customer.language"
    default: str = "en"

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> LocalizationSettings:
        table = settings.get("localization")
        if not isinstance(table, Mapping):
            return cls()
        attribute = table.get("attribute", cls.attribute)
        default = table.get("default", cls.default)
        return cls(str(attribute), str(default).lower())


@dataclass
class LocalizedEmail:
    """A default message and its translations (language code → file)."""

    default: Path
    variants: dict[str, Path] = field(default_factory=dict)

    def files(self) -> list[Path]:
        return [self.default, *(self.variants[k] for k in sorted(self.variants))]


# "Add language" (the studio) starts a translation with this note at the top of x-base: a
# Liquid comment, so it never reaches an inbox; `problems/untranslated` finds it.
TRANSLATE_NOTE = (
    "{{% comment %}}Translate to {code}: a copy of {name}. Translate the "
    "subject, the preheader and every text below (Liquid stays as it is), "
    "then delete this note.{{% endcomment %}}"
)
TRANSLATE_MARK = re.compile(r"\{%-?\s*comment\s*-?%\}Translate to ([\w-]+): a copy of ")


def language_code(text: str) -> str | None:
    """``text`` as a translation's language code (``fr``, ``pt-br``), or None when it is
    not one (the rule :func:`split_language` reads file names with)."""
    code = text.strip().lower().replace("_", "-")
    return code if _CODE.match(code) else None


def split_language(path: Path) -> tuple[str, str | None]:
    """``welcome.fr.html`` → (``welcome``, ``fr``); ``welcome.html`` → (``welcome``, None)."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    base, dot, code = stem.rpartition(".")
    if dot and base and _CODE.match(code):
        return base, code.lower()
    return stem, None


def group_translations(paths: list[Path]) -> list[LocalizedEmail]:
    """Group email files into default messages with their translations.

    A ``name.<code>.html`` without a ``name.html`` beside it is an email of
    its own (``release.v2.html`` does not need a ``release.html``).
    """
    present = {p.resolve() for p in paths}
    groups: dict[Path, LocalizedEmail] = {}
    loose: list[Path] = []
    for p in paths:
        base, code = split_language(p)
        if code is not None:
            default = p.with_name(base + p.suffix)
            if default.resolve() in present:
                groups.setdefault(default, LocalizedEmail(default)).variants[code] = p
                continue
        loose.append(p)
    for p in loose:
        groups.setdefault(p, LocalizedEmail(p))
    return [groups[k] for k in sorted(groups)]


def translations_of(path: Path) -> LocalizedEmail:
    """The default message for ``path`` (itself or its default) and every translation."""
    base, code = split_language(path)
    default = path.with_name(base + path.suffix) if code is not None else path
    if code is not None and not default.is_file():
        return LocalizedEmail(path)
    group = LocalizedEmail(default)
    for sibling in sorted(default.parent.glob(f"{base}.*{path.suffix}")):
        b, c = split_language(sibling)
        if b == base and c is not None:
            group.variants[c] = sibling
    return group


def profile_language(profile: Mapping[str, Any], attribute: str) -> str | None:
    """The profile's language from ``attribute`` (a dotted path), lower-cased."""
    value: Any = profile
    for part in attribute.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower().replace("_", "-")


def choose(variants: Mapping[str, Any], language: str | None, default_language: str) -> str | None:
    """Which translation a language gets: exact code, then its primary language, else None."""
    if not language or language == default_language:
        return None
    if language in variants:
        return language
    primary = language.split("-", 1)[0]
    if primary != default_language and primary in variants:
        return primary
    return None


def pick(email: LocalizedEmail, profile: Mapping[str, Any], settings: LocalizationSettings) -> Path:
    code = choose(email.variants, profile_language(profile, settings.attribute), settings.default)
    return email.variants[code] if code is not None else email.default


def file_for(path: Path, profile: Mapping[str, Any], settings: LocalizationSettings) -> Path:
    """The file a profile gets for ``path``: a translation file is itself; a default
    message is the translation the profile's language picks, else itself. What
    ``mailwright render``, the test send and the studio's preview show."""
    if split_language(path)[1] is not None:
        return path
    return pick(translations_of(path), profile, settings)
