"""Transformer settings: defaults, coercion of user values, layering, the command line.

Settings merge the options dataclasses' defaults ← the workspace's
``[transformers]`` table ← the email's own ``transformers`` (front matter or
sidecar) ← the command line (:func:`apply_cli`). Every value a user writes goes
through one coercion, so the studio's Transformers tab accepts exactly what a
compile accepts; :func:`describe_options` gives the options as typed records.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import tomllib
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compiler.transformers.steps import BY_NAME, CLI_NAMES, NAMES, STEPS, Step

if TYPE_CHECKING:  # the url-params step's module: imported with its options (steps.py)
    from compiler.transformers.url_params import Param


class TransformerConfigError(ValueError):
    """A transformer setting that cannot be used; the message says what to fix."""


@functools.cache
def default_options(name: str) -> Any:
    """The transformer ``name``'s default options (frozen: one instance serves every
    settings object). Imports its module; ``KeyError`` for an unknown name."""
    return BY_NAME[name].options_type()


class StepOptions(Mapping[str, Any]):
    """Each transformer's options by name, in run order: the ones a setting gave, and
    the defaults of the others, made when first read.

    Reading a transformer's options imports its module; :meth:`enabled` answers for a
    transformer no setting named from its step (:attr:`Step.on`), so a compile imports
    only the transformers it runs (``docs/performance.md``, "Cold start").
    """

    __slots__ = ("_given",)

    def __init__(self, given: Mapping[str, Any] | None = None) -> None:
        self._given: dict[str, Any] = dict(given or {})

    def __getitem__(self, name: str) -> Any:
        if name in self._given:
            return self._given[name]
        return default_options(name)

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StepOptions):  # only the given ones can differ
            return all(self[n] == other[n] for n in self._given.keys() | other._given.keys())
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # a mapping: compared by value, as a dict

    def enabled(self, name: str) -> bool:
        if name in self._given:
            return bool(self._given[name].enabled)
        return BY_NAME[name].on

    def given(self) -> dict[str, Any]:
        """The options a setting gave (a new dict)."""
        return dict(self._given)

    def __repr__(self) -> str:
        return f"StepOptions({self._given!r})"


class _Layered(dict[str, Any]):
    """Options being layered: the ones given so far; a name not given reads its default."""

    def __missing__(self, name: str) -> Any:
        return default_options(name)


def _given(options: Mapping[str, Any]) -> _Layered:
    """``options`` as a dict to change and wrap in a new :class:`StepOptions`."""
    return _Layered(options.given() if isinstance(options, StepOptions) else options)


@dataclass(frozen=True)
class TransformerSettings:
    """Each transformer's options (``enabled`` says whether it runs)."""

    options: Mapping[str, Any] = field(default_factory=StepOptions)

    def __getitem__(self, name: str) -> Any:
        return self.options[name]

    def enabled(self, name: str) -> bool:
        if isinstance(self.options, StepOptions):
            return self.options.enabled(name)
        return bool(self.options[name].enabled)

    def replace(self, name: str, **changes: Any) -> TransformerSettings:
        new = _given(self.options)
        new[name] = dataclasses.replace(self.options[name], **changes)
        return TransformerSettings(StepOptions(new))

    def to_json(self) -> dict[str, dict[str, object]]:
        return {
            name: {f.name: json_value(getattr(opts, f.name)) for f in dataclasses.fields(opts)}
            for name, opts in self.options.items()
        }


# --- settings -----------------------------------------------------------------------


def json_value(value: object) -> object:
    """An option value in JSON form (tuples as lists, URL parameters as tables)."""
    from compiler.transformers.url_params import Param

    if isinstance(value, Param):
        return {"key": value.key, "value": value.value, "encode": value.encode}
    if isinstance(value, tuple):
        return [json_value(v) for v in value]
    return value


def _hints(step: Step) -> dict[str, Any]:
    return typing.get_type_hints(step.options_type)


def _type_name(tp: Any) -> str:
    if tp is bool:
        return "boolean"
    if tp is int:
        return "integer"
    if tp is str:
        return "string"
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and args:
        from compiler.transformers.url_params import Param

        inner = args[0]
        if inner is Param:
            return "array<param>"
        if typing.get_origin(inner) is tuple:
            return "array<pair>"
        return "array<string>"
    return str(tp)


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _coerce(step: Step, opt: str, value: object, where: str) -> object:
    hints = _hints(step)
    if opt not in hints:
        valid = ", ".join(f.name for f in dataclasses.fields(step.options_type))
        raise TransformerConfigError(
            f"{where}: transformer '{step.name}' has no option '{opt}' (options: {valid})"
        )
    tp = hints[opt]
    kind = _type_name(tp)
    bad = TransformerConfigError(
        f"{where}: {step.name}.{opt} must be {_describe_kind(kind)}, got {value!r}"
    )
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise bad
    if kind == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise bad
    if kind == "string":
        if isinstance(value, str):
            return value
        raise bad
    if kind == "array<param>":
        from compiler.transformers.url_params import coerce_params

        try:
            return coerce_params(value)
        except ValueError as exc:
            raise TransformerConfigError(
                f"{where}: {step.name}.{opt}: {exc} (use key=value pairs, a table, or a list "
                "of {{key, value, encode}} tables)"
            ) from None
    if kind == "array<pair>":
        items: list[object]
        if isinstance(value, str):
            items = [p.split() for p in value.split(",") if p.strip()]
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            raise bad
        pairs = []
        for item in items:
            if not (
                isinstance(item, list | tuple)
                and len(item) == 2
                and all(isinstance(x, str) and x for x in item)
            ):
                raise bad
            pairs.append((str(item[0]), str(item[1])))
        return tuple(pairs)
    if kind == "array<string>":
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise bad
    return value


def _describe_kind(kind: str) -> str:
    return {
        "boolean": "true or false",
        "integer": "a whole number",
        "string": "a string",
        "array<string>": "a list of strings (on the command line: comma-separated)",
        "array<pair>": "a list of [open, close] pairs (command line: '{{ }},{% %}')",
    }.get(kind, kind)


def _step(name: str, where: str) -> Step:
    if name not in BY_NAME:
        raise TransformerConfigError(
            f"{where}: unknown transformer '{name}' (valid: {', '.join(NAMES)}, all)"
        )
    return BY_NAME[name]


def _merge_layer(current: _Layered, table: Mapping[str, Any], where: str, workspace: bool) -> None:
    for name, conf in table.items():
        if name == "all":
            if not isinstance(conf, bool):
                raise TransformerConfigError(f"{where}: 'all' must be true or false")
            for s in CLI_NAMES:
                current[s] = dataclasses.replace(current[s], enabled=conf)
            continue
        step = _step(name, where)
        if isinstance(conf, bool):
            current[name] = dataclasses.replace(current[name], enabled=conf)
            continue
        if not isinstance(conf, Mapping):
            raise TransformerConfigError(
                f"{where}: [transformers.{name}] must be a table of options or true/false"
            )
        changes: dict[str, object] = {}
        for opt, value in conf.items():
            target = opt
            if workspace and name == "url-params" and opt == "params":
                target = "workspace_params"  # the workspace's list; emails add their own
            changes[target] = _coerce(step, target, value, where)
        current[name] = dataclasses.replace(current[name], **changes)


def settings_from(base: Mapping[str, Any], *overrides: Mapping[str, Any]) -> TransformerSettings:
    """Defaults ← workspace ``[transformers]`` table (``base``) ← each override in turn.

    Tables map a transformer name to its options (or to true/false). In the
    workspace table, ``url-params`` ``params`` are the workspace-level
    parameters; in overrides (email front matter / sidecar, CLI) they are the
    message-level parameters. Both are appended to links.
    """
    current = _Layered()
    _merge_layer(current, base, "mailwright.toml [transformers]", workspace=True)
    for i, layer in enumerate(overrides):
        _merge_layer(current, layer, f"transformer settings #{i + 1}", workspace=False)
    return TransformerSettings(StepOptions(current))


def email_layer(value: object, where: str = "front matter 'transformers'") -> Mapping[str, Any]:
    """The email's ``transformers`` settings as a table for :func:`settings_from`.

    A sidecar JSON file gives a mapping already. Front matter holds one line of
    text, written as JSON or as a TOML inline table::

        transformers: {"format": {"enabled": true, "minify": true}}
        transformers: { format = { enabled = true, minify = true } }

    ``None`` (no such key) is an empty table; anything else raises
    :class:`TransformerConfigError` saying how to write it.
    """
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return {}
        try:
            parsed: object = json.loads(text)
        except ValueError:
            try:
                parsed = tomllib.loads(f"t = {text}")["t"]
            except tomllib.TOMLDecodeError:
                parsed = None
        if isinstance(parsed, Mapping):
            return parsed
    raise TransformerConfigError(
        f"{where}: expected a table of transformer settings, got {value!r} (write it as "
        'JSON, e.g. {"format": {"enabled": true, "minify": true}}, or as a TOML '
        "inline table)"
    )


def apply_cli(
    settings: TransformerSettings,
    enable: list[str],
    disable: list[str],
    sets: list[str],
    config: Path | None,
) -> TransformerSettings:
    """Apply ``--config FILE.toml``, ``--set NAME.OPTION=VALUE``, ``--enable``, ``--disable``.

    In that order; each later one wins. Setting an option other than ``enabled``
    with ``--set`` also turns its transformer on (``--set format.minify=true``
    alone minifies), unless the same command line turns it off
    (``--set NAME.enabled=false`` or ``--disable NAME``/``all``).
    """
    current = _given(settings.options)
    if config is not None:
        where = str(config)
        try:
            data = tomllib.loads(config.read_text(encoding="utf-8"))
        except OSError as exc:
            raise TransformerConfigError(f"{where}: cannot read: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise TransformerConfigError(f"{where}: not valid TOML: {exc}") from None
        table = data.get("transformers", data)
        if not isinstance(table, Mapping):
            raise TransformerConfigError(f"{where}: [transformers] must be a table")
        _merge_layer(current, table, where, workspace=False)
    accumulated: dict[tuple[str, str], list[Param]] = {}
    # transformers this command line turns off: setting their options does not enable them
    explicitly_off: set[str] = set(CLI_NAMES if "all" in disable else disable)
    for item in sets:
        where = f"--set {item}"
        key, eq, value = item.partition("=")
        name, dot, opt = key.strip().partition(".")
        if not eq or not dot or not opt:
            raise TransformerConfigError(
                f"{where}: expected NAME.OPTION=VALUE, e.g. format.minify=true"
            )
        step = _step(name, where)
        coerced = _coerce(step, opt, value, where)
        from compiler.transformers.url_params import Param

        if isinstance(coerced, tuple) and coerced and isinstance(coerced[0], Param):
            accumulated.setdefault((name, opt), []).extend(coerced)
            coerced = tuple(accumulated[(name, opt)])
        changes: dict[str, object] = {opt: coerced}
        if opt != "enabled" and name not in explicitly_off:
            changes["enabled"] = True
        elif opt == "enabled":
            if coerced:
                explicitly_off.discard(name)
            else:
                explicitly_off.add(name)
        current[name] = dataclasses.replace(current[name], **changes)
    for names, flag, where in ((enable, True, "--enable"), (disable, False, "--disable")):
        for name in names:
            targets = CLI_NAMES if name == "all" else (_step(name, f"{where} {name}").name,)
            for t in targets:
                current[t] = dataclasses.replace(current[t], enabled=flag)
    return TransformerSettings(StepOptions(current))


@dataclass(frozen=True, slots=True)
class OptionField:
    """One option of a transformer, as the studio's Transformers tab shows it."""

    transformer: str
    name: str
    type: str  # "boolean", "integer", "string", "array<string>", "array<pair>", "array<param>"
    default: Any  # the option's default in JSON form
    doc: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "type": self.type, "default": self.default, "doc": self.doc}


@dataclass(frozen=True, slots=True)
class TransformerInfo:
    """A transformer with its options, in run order."""

    name: str
    kind: str
    doc: str
    options: tuple[OptionField, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "doc": self.doc,
            "options": [o.to_json() for o in self.options],
        }


def describe_options() -> list[TransformerInfo]:
    """Every transformer's options (name, type, default, doc), in run order."""
    out: list[TransformerInfo] = []
    for s in STEPS:
        hints = _hints(s)
        opts = tuple(
            OptionField(
                s.name,
                f.name,
                _type_name(hints[f.name]),
                json_value(f.default),
                f.metadata.get("doc", ""),
            )
            for f in dataclasses.fields(s.options_type)
        )
        out.append(TransformerInfo(s.name, s.kind, s.doc, opts))
    return out
