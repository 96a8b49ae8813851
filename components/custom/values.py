"""JavaScript value semantics on the Python side: truthiness, stringification, plain data."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

from components.js import JSHandle
from components.schema import MISSING


def truthy(value: object) -> bool:
    """JavaScript truthiness (``[]`` and ``{}`` are true; ``0``, ``''``, NaN are false)."""
    if value is None or value is MISSING or value is False:
        return False
    if isinstance(value, bool):
        return True
    if isinstance(value, (int, float)):
        return not (value == 0 or (isinstance(value, float) and math.isnan(value)))
    if isinstance(value, str):
        return value != ""
    return True


def js_string(value: object) -> str:
    """``String(value)`` as JavaScript writes it; ``undefined``/``null`` give ""."""
    if value is None or value is MISSING:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return ",".join(js_string(v) for v in value)
    if isinstance(value, JSHandle):
        return "function"
    if isinstance(value, Mapping):
        return "[object Object]"
    return str(value)


def plain(value: object) -> object:
    """``value`` with anything that has no JSON form (functions, MISSING) made ``None``."""
    if value is MISSING or isinstance(value, JSHandle):
        return None
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if v is not MISSING}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def js_literal(value: object) -> str:
    """A JavaScript expression (JSON) that evaluates to ``value``, safe in a '-quoted
    attribute."""
    return json.dumps(plain(value), ensure_ascii=False).replace("'", "\\u0027")
