"""Dynamic values: one property value that varies by colour scheme and screen width.

A property value is either plain (``"#000"``, ``16``) or an object whose keys
say where each value applies:

========================  ==================================================
``{light, dark}``         colour scheme (``darkMode``)
``{small, medium}``       screen width: small is ≤600px and the default,
                          medium is >600px (``responsive``)
``small:light`` …         both at once: ``small:light``, ``small:dark``,
                          ``medium:light``, ``medium:dark``
========================  ==================================================

:func:`variants` turns any of these into the four :class:`Variants` the CSS is
emitted from. The base (small, light) value follows the documented fallback
order ``light ?? small ?? 'small:light'``; the others are
``dark ?? 'small:dark'``, ``medium ?? 'medium:light'`` and ``'medium:dark'``.
A key whose value is ``None`` or ``''`` counts as absent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
U = TypeVar("U")

SCHEME_KEYS: tuple[str, ...] = ("light", "dark")
WIDTH_KEYS: tuple[str, ...] = ("small", "medium")
COMBINED_KEYS: tuple[str, ...] = ("small:light", "small:dark", "medium:light", "medium:dark")
#: Every key a dynamic value may use, in the order files are written.
DYNAMIC_KEYS: tuple[str, ...] = SCHEME_KEYS + WIDTH_KEYS + COMBINED_KEYS


class DynamicValueError(ValueError):
    """A dynamic value with a key it may not use, an empty object or a nested value.

    ``key`` is the offending key of the object ("" when the object as a whole
    is wrong), so callers can extend their own field path with it.
    """

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.key = key


@dataclass(frozen=True, slots=True)
class Variants(Generic[T]):
    """The four places a value can apply. ``None`` means "not given".

    ``base`` is small + light (what every client sees first), ``dark`` is
    small + dark, ``medium`` is medium + light, ``medium_dark`` is medium + dark.
    """

    base: T | None
    dark: T | None = None
    medium: T | None = None
    medium_dark: T | None = None

    @property
    def is_dynamic(self) -> bool:
        """True when anything beyond the base value was given."""
        return self.dark is not None or self.medium is not None or self.medium_dark is not None

    def effective(self) -> Variants[T]:
        """What a reader sees in each place once the CSS cascade has run.

        Dark rules are ``!important`` and come after the medium ones, so in
        medium + dark a plain ``dark`` value beats ``medium``.
        """
        base = self.base
        dark = self.dark if self.dark is not None else base
        medium = self.medium if self.medium is not None else base
        medium_dark: T | None
        if self.medium_dark is not None:
            medium_dark = self.medium_dark
        elif self.dark is not None:
            medium_dark = self.dark
        else:
            medium_dark = medium
        return Variants(base, dark, medium, medium_dark)

    def value(self) -> T | dict[str, T] | None:
        """The plain or dynamic value these variants stand for: the base when nothing
        else is given, else an object of the combined keys (``small:light`` …) that are
        given; :func:`variants` reads it back to the same variants."""
        if self.dark is None and self.medium is None and self.medium_dark is None:
            return self.base
        out = {
            "small:light": self.base,
            "small:dark": self.dark,
            "medium:light": self.medium,
            "medium:dark": self.medium_dark,
        }
        return {k: x for k, x in out.items() if x is not None}

    def map(self, fn: Callable[[T], U]) -> Variants[U]:
        """Apply ``fn`` to every given value."""
        return Variants(
            None if self.base is None else fn(self.base),
            None if self.dark is None else fn(self.dark),
            None if self.medium is None else fn(self.medium),
            None if self.medium_dark is None else fn(self.medium_dark),
        )


def allowed_keys(*, dark: bool = True, responsive: bool = True) -> tuple[str, ...]:
    """The keys a dynamic value may use with the given flags."""
    keys: tuple[str, ...] = ()
    if dark:
        keys += SCHEME_KEYS
    if responsive:
        keys += WIDTH_KEYS
    if dark and responsive:
        keys += COMBINED_KEYS
    return keys


def check_key(key: str, *, dark: bool = True, responsive: bool = True) -> str | None:
    """Why ``key`` may not appear in a dynamic value with these flags (None if it may)."""
    allowed = allowed_keys(dark=dark, responsive=responsive)
    if key in allowed:
        return None
    if key in DYNAMIC_KEYS:
        why = (
            "dark-mode values"
            if key in SCHEME_KEYS
            else "responsive values"
            if key in WIDTH_KEYS
            else "combined responsive + dark-mode values"
        )
        return f"this property does not accept {why} (key {key!r}); allowed keys: " + (
            ", ".join(allowed) or "none (use a plain value)"
        )
    return f"unknown key {key!r}; allowed keys: " + ", ".join(allowed)


def is_dynamic(value: object) -> bool:
    """True when ``value`` is the object form of a dynamic value."""
    return isinstance(value, Mapping)


@overload
def variants(
    value: Mapping[str, T | None], *, dark: bool = ..., responsive: bool = ...
) -> Variants[T]: ...
@overload
def variants(value: T | None, *, dark: bool = ..., responsive: bool = ...) -> Variants[T]: ...
def variants(value: Any, *, dark: bool = True, responsive: bool = True) -> Variants[Any]:
    """Normalize a plain or dynamic value into its four :class:`Variants`.

    ``dark`` and ``responsive`` say which keys the property accepts (both by
    default; the combined keys need both). Raises :class:`DynamicValueError`
    for an unknown or disallowed key, an empty object, or a nested object/array.
    """
    if type(value) is not dict and not isinstance(value, Mapping):
        return Variants(value if value is not None and value != "" else None)
    if not value:
        raise DynamicValueError(
            "empty dynamic value; give at least one of "
            + ", ".join(allowed_keys(dark=dark, responsive=responsive))
        )
    if not _ALLOWED[dark, responsive].issuperset(value):
        for key in value:
            problem = check_key(key, dark=dark, responsive=responsive)
            if problem:
                raise DynamicValueError(problem, key)
    for key, leaf in value.items():
        if type(leaf) not in _PLAIN and isinstance(leaf, Mapping | list | tuple):
            raise DynamicValueError(
                f"the value for {key!r} must be a plain value, not an object or array", key
            )
    get = value.get
    return Variants(
        _pick(get, "light", "small", "small:light"),
        _pick(get, "dark", "small:dark"),
        _pick(get, "medium", "medium:light"),
        _pick(get, "medium:dark"),
    )


_PLAIN = (str, int, float)
_ALLOWED: dict[tuple[bool, bool], frozenset[str]] = {
    (d, r): frozenset(allowed_keys(dark=d, responsive=r))
    for d in (True, False)
    for r in (True, False)
}


def _pick(get: Callable[[str], Any], *keys: str) -> Any:
    for key in keys:
        leaf = get(key)
        if leaf is not None and leaf != "":
            return leaf
    return None
