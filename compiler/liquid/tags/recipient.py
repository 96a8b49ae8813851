"""Who a preview is for: the seed of per-recipient links and ``random``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liquid.context import RenderContext


def recipient_id(context: RenderContext) -> str:
    """The previewed recipient's id (``customer.id``, then the profile ``id``)."""
    scope = context.globals
    customer = scope.get("customer")
    if isinstance(customer, Mapping):
        for key in ("id", "cio_id", "email"):
            value = customer.get(key)
            if value not in (None, ""):
                return str(value)
    value = scope.get("id")
    return "preview" if value in (None, "") else str(value)
