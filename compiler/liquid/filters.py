"""Filters of the product's latest Liquid that standard Liquid lacks or does differently.

Standard filters (``append``, ``capitalize``, ``split``, ``replace``,
``plus``, ``escape``, ``url_encode``…) come from python-liquid. This module
adds or replaces:

* ``date: format, time_zone`` — epoch seconds (number or digits), ISO 8601
  text, ``"now"``/``"today"``; a second argument converts to an IANA time
  zone (``"America/New_York"``). Times without a zone are UTC. ``%s`` gives
  epoch seconds, ``%-d`` drops padding.
* ``to_json``, ``json_array_uniq: key``, ``group_by: key``
* ``currency`` / ``rounded_currency: locale, currency_code`` (Babel's CLDR data)
* ``sha256``, ``hmac_sha256: key``, ``sha1``, ``md5``
* ``times``/``divided_by`` never print a decimal for a whole result;
  ``modulo`` is never negative; ``sum`` casts every value to a number;
  ``sort`` leaves an array holding nulls as it is; ``concat`` accepts an object.

* ``timezone: zone`` — deprecated but still in the latest Liquid
  (liquid-upgrade lists it both as deprecated and as a filter that "exists
  across both versions" taking minutes): an offset in minutes west of UTC
  (``360`` is UTC-06:00) or an IANA name; gives the time in that zone, which
  ``date`` then formats without moving it.

The legacy-only ``htmlencode`` filter is deliberately not registered ("Latest:
only escape"); :data:`DEPRECATED` gives the replacement for the error message.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import hmac
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser  # type: ignore[import-untyped,unused-ignore]
from liquid.exceptions import FilterArgumentError
from liquid.filter import decimal_arg, num_arg

from compiler.liquid.primitives import Missing

DEPRECATED = {
    "htmlencode": "use escape instead",
}

UTC = dt.UTC


def _number(value: object, name: str) -> int | float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if value is None:
        return 0
    try:
        return num_arg(str(value).strip(), default=None)
    except FilterArgumentError:
        raise FilterArgumentError(f"{name}: '{value}' is not a number", token=None) from None


def _whole(value: float | int) -> float | int:
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return int(value)
    return value


# --- dates ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FilterArgumentError(f"date: unknown time zone '{name}'", token=None) from None


def to_datetime(value: object) -> dt.datetime | None:
    """A timezone-aware datetime for a Liquid date value, or None."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return dt.datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("now", "today"):
            return dt.datetime.now(tz=UTC)
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            return to_datetime(float(text) if "." in text else int(text))
        try:
            parsed = date_parser.isoparse(text)
        except ValueError:
            try:
                parsed = date_parser.parse(text)
            except (ValueError, OverflowError):
                return None
        result: dt.datetime = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        return result
    return None


def date(value: object, fmt: object = None, zone: object = None) -> object:
    if value is None or value == "":
        return ""
    when = to_datetime(value)
    if when is None:
        return value  # standard Liquid: what cannot be read as a date is left as it is
    if zone is not None and not isinstance(zone, Missing):
        when = when.astimezone(_zone(str(zone)))
    if fmt is None or isinstance(fmt, Missing):
        return when.isoformat()
    text = str(fmt)
    if "%s" in text:
        text = text.replace("%s", str(int(when.timestamp())))
    return when.strftime(text)


def timezone(value: object, zone: object = None) -> object:
    """``created_at | timezone: 360`` (minutes west of UTC) or ``timezone: 'Europe/Oslo'``."""
    if value is None or value == "":
        return ""
    when = to_datetime(value)
    if when is None:
        return value
    if zone is None or isinstance(zone, Missing) or zone == "":
        return when
    if isinstance(zone, bool):
        raise FilterArgumentError(f"timezone: '{zone}' is not a time zone", token=None)
    text = str(zone).strip()
    if isinstance(zone, int | float) or re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        minutes = float(text)
        if abs(minutes) >= 24 * 60:
            raise FilterArgumentError(
                f"timezone: an offset of {text} minutes is more than a day", token=None
            )
        return when.astimezone(dt.timezone(-dt.timedelta(minutes=minutes)))
    try:
        return when.astimezone(_zone(text))
    except FilterArgumentError:
        raise FilterArgumentError(f"timezone: unknown time zone '{text}'", token=None) from None


# --- data ----------------------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, Missing):
        raise value.error()
    return str(value)


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _item(obj: object, key: str) -> object:
    if isinstance(obj, Mapping):
        return obj.get(key)
    return None


def json_array_uniq(value: object, key: object) -> list[object]:
    if not isinstance(value, list | tuple):
        raise FilterArgumentError(
            f"json_array_uniq expects an array, found {type(value).__name__}", token=None
        )
    seen: set[str] = set()
    out: list[object] = []
    for item in value:
        marker = json.dumps(_item(item, str(key)), sort_keys=True, default=str)
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return out


def group_by(value: object, key: object) -> list[dict[str, object]]:
    if not isinstance(value, list | tuple):
        raise FilterArgumentError(
            f"group_by expects an array, found {type(value).__name__}", token=None
        )
    groups: dict[str, dict[str, Any]] = {}
    for item in value:
        raw = _item(item, str(key))
        name = "" if raw is None else str(raw)
        groups.setdefault(name, {"name": name, "items": []})["items"].append(item)
    return list(groups.values())


def concat(value: object, other: object) -> list[object]:
    left = list(value) if isinstance(value, list | tuple) else [value]
    if isinstance(other, list | tuple):
        return left + list(other)
    return [*left, other]


def sort(value: object, key: object = None) -> object:
    if not isinstance(value, list | tuple):
        return value
    if any(v is None for v in value):
        return list(value)  # the product leaves arrays holding nulls unsorted
    try:
        if key is not None and not isinstance(key, Missing):
            k = str(key)
            present = [v for v in value if _item(v, k) is not None]
            absent = [v for v in value if _item(v, k) is None]
            return sorted(present, key=lambda v: _item(v, k)) + absent  # type: ignore[arg-type,return-value]
        return sorted(value)
    except TypeError:
        raise FilterArgumentError(
            "sort: the array mixes values that cannot be compared", token=None
        ) from None


def sum_(value: object, key: object = None) -> int | float:
    items: Sequence[object] = value if isinstance(value, list | tuple) else [value]
    total: decimal.Decimal | int = 0
    for item in items:
        v = _item(item, str(key)) if key is not None else item
        try:
            total += decimal_arg(v if isinstance(v, int | float | str) else 0, 0)
        except (FilterArgumentError, decimal.InvalidOperation):
            continue
    return _whole(float(total)) if isinstance(total, decimal.Decimal) else total


# --- math ----------------------------------------------------------------------------


def times(value: object, other: object) -> int | float:
    a, b = _number(value, "times"), _number(other, "times")
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    return _whole(float(decimal.Decimal(str(a)) * decimal.Decimal(str(b))))


def divided_by(value: object, other: object) -> int | float:
    a, b = _number(value, "divided_by"), _number(other, "divided_by")
    if b == 0:
        raise FilterArgumentError("divided_by: can't divide by 0", token=None)
    if isinstance(a, int) and isinstance(b, int):
        return a // b
    return _whole(a / b)


def modulo(value: object, other: object) -> int | float:
    a, b = _number(value, "modulo"), _number(other, "modulo")
    if b == 0:
        raise FilterArgumentError("modulo: can't divide by 0", token=None)
    if isinstance(a, int) and isinstance(b, int):
        return abs(a % b)
    return _whole(abs(float(decimal.Decimal(str(a)) % decimal.Decimal(str(b)))))


# --- money ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _locale(name: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise FilterArgumentError(f"currency: unknown locale '{name}'", token=None) from None


@functools.lru_cache(maxsize=64)
def _default_currency(locale_name: str) -> str:
    from babel.numbers import get_territory_currencies

    loc = _locale(locale_name)
    if loc.territory:
        found = get_territory_currencies(loc.territory)
        if found:
            return str(found[0])
    return "USD"


def _currency(value: object, locale: object, code: object, digits: int | None) -> str:
    from babel.numbers import UnknownCurrencyError, format_currency

    amount = _number(value, "currency")
    loc_name = "en-US" if locale is None or isinstance(locale, Missing) else str(locale)
    loc = _locale(loc_name)
    cur = (
        _default_currency(loc_name)
        if code is None or isinstance(code, Missing)
        else str(code).upper()
    )
    try:
        if digits == 0:
            pattern = loc.currency_formats["standard"].pattern
            pattern = re.sub(r"\.0+", "", pattern)
            return str(
                format_currency(
                    round(amount), cur, format=pattern, locale=loc, currency_digits=False
                )
            )
        return str(format_currency(amount, cur, locale=loc))
    except UnknownCurrencyError:
        raise FilterArgumentError(f"currency: unknown currency '{cur}'", token=None) from None


def currency(value: object, locale: object = None, code: object = None) -> str:
    return _currency(value, locale, code, None)


def rounded_currency(value: object, locale: object = None, code: object = None) -> str:
    return _currency(value, locale, code, 0)


# --- hashes --------------------------------------------------------------------------


def _text(value: object) -> bytes:
    return ("" if value is None else str(value)).encode("utf-8")


def sha256(value: object) -> str:
    return hashlib.sha256(_text(value)).hexdigest()


def sha1(value: object) -> str:
    return hashlib.sha1(_text(value)).hexdigest()


def md5(value: object) -> str:
    return hashlib.md5(_text(value)).hexdigest()


def hmac_sha256(value: object, key: object = "") -> str:
    return hmac.new(_text(key), _text(value), hashlib.sha256).hexdigest()


PRODUCT_FILTERS: dict[str, Callable[..., Any]] = {
    "date": date,
    "timezone": timezone,
    "to_json": to_json,
    "json_array_uniq": json_array_uniq,
    "group_by": group_by,
    "concat": concat,
    "sort": sort,
    "sum": sum_,
    "times": times,
    "divided_by": divided_by,
    "modulo": modulo,
    "currency": currency,
    "rounded_currency": rounded_currency,
    "sha256": sha256,
    "sha1": sha1,
    "md5": md5,
    "hmac_sha256": hmac_sha256,
}


# python-liquid extras that are not part of the product's Liquid.
NOT_IN_PRODUCT = ("safe", "escapejs")
