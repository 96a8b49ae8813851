"""Shared Liquid primitives: the leaf every other Liquid module may import.

* :class:`Missing` — a value the profile does not have (the environment's
  ``undefined`` type), and :class:`MissingVariableError`, raised when one is
  output or filtered;
* :func:`path_text` — how messages write a variable path;
* :data:`PREVIEW_HOST` — the reserved domain of the preview values the
  product's own tags render.

Like python-liquid's ``Undefined``, these live apart from the environment that
registers tags and filters, so tags and filters import them without importing
the environment.
"""

from __future__ import annotations

from collections.abc import Iterator

from liquid.exceptions import UndefinedError
from liquid.token import Token
from liquid.undefined import Undefined

# Preview values of the product's own tags live on a reserved domain (RFC 2606),
# so nobody mistakes a preview link for a real one.
PREVIEW_HOST = "preview.mailwright.example"


class MissingVariableError(UndefinedError):
    """A missing value was output or filtered."""


def path_text(path: list[object]) -> str:
    """``customer.first_name``, ``customer["current city"]``, ``items[0]``."""
    out: list[str] = []
    for i, seg in enumerate(path):
        if isinstance(seg, str):
            if seg.replace("_", "a").replace("-", "a").isalnum() and not seg[:1].isdigit():
                out.append(seg if i == 0 else f".{seg}")
            else:
                out.append(f'["{seg}"]')
        else:
            out.append(f"[{seg}]")
    return "".join(out)


class Missing:
    """A value the profile does not have.

    Not a python-liquid ``Undefined`` on purpose: python-liquid compares an
    ``Undefined`` unequal to ``blank``, while the product treats a missing
    attribute as blank (``{% if customer.plan != blank %}`` is its documented
    fallback).
    """

    __slots__ = ("name", "token")

    force_liquid_default = True

    def __init__(
        self, name: str, *, token: Token | None = None, obj: object = None, hint: str | None = None
    ) -> None:
        self.name = name
        self.token = token

    def error(self) -> MissingVariableError:
        return MissingVariableError(f"Variable '{self.name}' is missing", token=self.token)

    def __liquid__(self) -> object:
        return None

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, Missing | Undefined)

    def __hash__(self) -> int:
        return hash(self.name)

    def __len__(self) -> int:
        return 0

    def __str__(self) -> str:
        raise self.error()

    def __iter__(self) -> Iterator[object]:
        raise self.error()

    def __int__(self) -> int:
        raise self.error()

    def __getitem__(self, key: object) -> Missing:
        # ``customer.address.city`` when ``address`` is missing stays missing.
        return Missing(path_text([self.name, key]), token=self.token)

    def __contains__(self, item: object) -> bool:
        return False

    def __repr__(self) -> str:
        return f"Missing({self.name})"


def required(value: object) -> object:
    """``value``, or the missing-variable error when it is :class:`Missing`."""
    if isinstance(value, Missing):
        raise value.error()
    return value
