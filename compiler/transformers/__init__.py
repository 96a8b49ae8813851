"""The transformers: turn the expanded email into what ships.

The order is data (:data:`STEPS`); tests assert its constraints. Kinds:

* ``source`` — runs on the email text before anything else (MJML);
* ``tree`` — edits the shared lossless :class:`~compiler.transformers.markup.Markup`
  of the guarded document (consecutive tree steps share one parse and one
  serialization);
* ``text`` — takes and returns guarded text (css-inline and minify-html parse it
  themselves);
* ``final`` — runs on the restored final HTML (the plain-text part).

The whole run happens under one Liquid guard (:mod:`.liquid_guard`): tokens
are swapped for placeholders once, restored once, and verified once; if the
check fails the run is repeated one transformer at a time so the issue names
the transformer responsible, and that transformer's output is discarded.

Entry points for the pipeline: :func:`settings_from`, :func:`apply_cli`,
:func:`run_transformers`, :func:`describe_options`.
"""

from __future__ import annotations

import dataclasses
import json
import time
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.transformers import (
    a11y_fixes,
    css_cleanup,
    css_variables,
    format,
    inline_css,
    liquid_guard,
    mjml,
    plaintext,
    url_params,
)
from compiler.transformers.base import Work
from compiler.transformers.markup import Markup
from compiler.transformers.url_params import Param, coerce_params
from components.diagnostics import Issue, error

__all__ = [
    "NAMES",
    "STEPS",
    "Step",
    "TransformOutcome",
    "TransformerConfigError",
    "TransformerSettings",
    "apply_cli",
    "describe_options",
    "email_layer",
    "run_transformers",
    "settings_from",
]


@dataclass(frozen=True)
class Step:
    name: str
    kind: str  # source | tree | text | final
    module: types.ModuleType

    @property
    def options_type(self) -> type[Any]:
        t: type[Any] = self.module.Options
        return t


#: The transformers in the order they run.
STEPS: tuple[Step, ...] = (
    Step("mjml", "source", mjml),
    Step("css-variables", "tree", css_variables),  # before inlining: var() must be resolved
    Step("inline-css", "text", inline_css),
    Step("css-cleanup", "tree", css_cleanup),  # after inlining: what is left in <style>
    Step("url-params", "tree", url_params),
    Step("a11y-fixes", "tree", a11y_fixes),
    Step("format", "text", format),  # minify/prettify last
    Step("plaintext", "final", plaintext),  # from the final HTML
)
NAMES: tuple[str, ...] = tuple(s.name for s in STEPS)
#: The names ``--enable``/``--disable`` accept besides ``all``.
CLI_NAMES: tuple[str, ...] = tuple(n for n in NAMES if n != "plaintext")
_BY_NAME = {s.name: s for s in STEPS}


class TransformerConfigError(ValueError):
    """A transformer setting that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class TransformerSettings:
    """Each transformer's options (``enabled`` says whether it runs)."""

    options: Mapping[str, Any] = field(default_factory=lambda: {
        s.name: s.options_type() for s in STEPS})

    def __getitem__(self, name: str) -> Any:
        return self.options[name]

    def enabled(self, name: str) -> bool:
        return bool(self.options[name].enabled)

    def replace(self, name: str, **changes: Any) -> TransformerSettings:
        new = dict(self.options)
        new[name] = dataclasses.replace(self.options[name], **changes)
        return TransformerSettings(new)

    def to_json(self) -> dict[str, dict[str, object]]:
        return {name: {f.name: _jsonable(getattr(opts, f.name))
                       for f in dataclasses.fields(opts)}
                for name, opts in self.options.items()}


@dataclass(slots=True)
class TransformOutcome:
    html: str
    text: str
    issues: list[Issue] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # ms per transformer
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # bytes before/after
    #: the HTML the tree and text steps ran on: their issues' lines and columns are in it
    located_in: str = ""


# --- settings -----------------------------------------------------------------------

def _jsonable(value: object) -> object:
    if isinstance(value, Param):
        return {"key": value.key, "value": value.value, "encode": value.encode}
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
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
            f"{where}: transformer '{step.name}' has no option '{opt}' (options: {valid})")
    tp = hints[opt]
    kind = _type_name(tp)
    bad = TransformerConfigError(
        f"{where}: {step.name}.{opt} must be {_describe_kind(kind)}, got {value!r}")
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
        try:
            return coerce_params(value)
        except ValueError as exc:
            raise TransformerConfigError(
                f"{where}: {step.name}.{opt}: {exc} (use key=value pairs, a table, or a list "
                "of {{key, value, encode}} tables)") from None
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
            if not (isinstance(item, list | tuple) and len(item) == 2
                    and all(isinstance(x, str) and x for x in item)):
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
    if name not in _BY_NAME:
        raise TransformerConfigError(
            f"{where}: unknown transformer '{name}' (valid: {', '.join(NAMES)}, all)")
    return _BY_NAME[name]


def _merge_layer(current: dict[str, Any], table: Mapping[str, Any], where: str,
                 workspace: bool) -> None:
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
                f"{where}: [transformers.{name}] must be a table of options or true/false")
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
    current = dict(TransformerSettings().options)
    _merge_layer(current, base, "mailwright.toml [transformers]", workspace=True)
    for i, layer in enumerate(overrides):
        _merge_layer(current, layer, f"transformer settings #{i + 1}", workspace=False)
    return TransformerSettings(current)


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
        "JSON, e.g. {\"format\": {\"enabled\": true, \"minify\": true}}, or as a TOML "
        "inline table)")


def apply_cli(settings: TransformerSettings, enable: list[str], disable: list[str],
              sets: list[str], config: Path | None) -> TransformerSettings:
    """Apply ``--config FILE.toml``, ``--set NAME.OPTION=VALUE``, ``--enable``, ``--disable``.

    In that order; each later one wins. Setting an option other than ``enabled``
    with ``--set`` also turns its transformer on (``--set format.minify=true``
    alone minifies), unless the same command line turns it off
    (``--set NAME.enabled=false`` or ``--disable NAME``/``all``).
    """
    current = dict(settings.options)
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
                f"{where}: expected NAME.OPTION=VALUE, e.g. format.minify=true")
        step = _step(name, where)
        coerced = _coerce(step, opt, value, where)
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
    return TransformerSettings(current)


def describe_options() -> list[dict[str, object]]:
    """Every transformer's options (name, type, default, doc), in run order."""
    out: list[dict[str, object]] = []
    for s in STEPS:
        hints = _hints(s)
        opts = []
        for f in dataclasses.fields(s.options_type):
            opts.append({
                "name": f.name,
                "type": _type_name(hints[f.name]),
                "default": _jsonable(f.default),
                "doc": f.metadata.get("doc", ""),
            })
        doc = (s.module.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        out.append({"name": s.name, "kind": s.kind, "doc": doc, "options": opts})
    return out


# --- the run ------------------------------------------------------------------------

def _size(work: Work, correction: int) -> int:
    text = work._markup.serialize() if work._markup is not None else work.text()
    return len(text.encode("utf-8")) + correction


def run_transformers(html: str, settings: TransformerSettings, *, file: str = "",
                     envelope_preheader: str = "", source: str = "",
                     measure_sizes: bool = True) -> TransformOutcome:
    """Run the enabled transformers over ``html`` (the expanded, marked email).

    ``source`` is the email file as written, where MJML errors are located.
    ``measure_sizes=False`` skips the serialization between tree steps that the
    per-transformer byte counts need (``sizes`` then holds only the whole run).

    The middle steps share one guard, one parse and (for runs of tree steps)
    one serialization. The check at the end compares placeholder sequences as
    lists (see :func:`liquid_guard.run_intact`); only when it fails is the run
    repeated one transformer at a time with the full, located check.
    ``timings["liquid-guard"]`` covers protect, the first parse, restore and the
    check; sizes are measured between steps and not counted in any step.
    """
    outcome = TransformOutcome(html, "")
    text = html
    for step in STEPS:
        if step.kind != "source":
            continue
        opts = settings[step.name]
        if step.module.wants_mjml(text, opts, file):
            t0 = time.perf_counter()
            before = len(text.encode("utf-8"))
            text, issues = step.module.transform_with_issues(text, opts, file=file,
                                                             source=source)
            outcome.issues.extend(issues)
            outcome.timings[step.name] = (time.perf_counter() - t0) * 1000
            outcome.sizes[step.name] = (before, len(text.encode("utf-8")))
    middle = [s for s in STEPS if s.kind in ("tree", "text") and settings.enabled(s.name)]
    outcome.located_in = text
    final_tree: tuple[Markup, liquid_guard.Guarded] | None = None
    if middle:
        t0 = time.perf_counter()
        guard, guarded_doc = liquid_guard.protect_parsed(text)
        work = Work(guard, file, text, envelope_preheader)
        work.set_markup(guarded_doc)
        expected, _ = liquid_guard.placeholder_contexts(guarded_doc, guard)
        size = correction = 0
        if measure_sizes:
            size = len(text.encode("utf-8"))
            correction = size - len(guard.text.encode("utf-8"))
        outcome.timings["liquid-guard"] = (time.perf_counter() - t0) * 1000
        failed = False
        for step in middle:
            t0 = time.perf_counter()
            try:
                step.module.apply(work, settings[step.name])
            except Exception as exc:  # a transformer bug must not lose the email
                failed = True
                outcome.issues.append(error(
                    "transformers/crashed",
                    f"transformer '{step.name}' failed ({type(exc).__name__}: {exc}); "
                    "its output was discarded", file))
                break
            outcome.timings[step.name] = (time.perf_counter() - t0) * 1000
            if measure_sizes:
                after = _size(work, correction)
                outcome.sizes[step.name] = (size, after)
                size = after
        t0 = time.perf_counter()
        restored = text
        if not failed:
            final_doc = work.markup()
            restored = liquid_guard.restore_markup(final_doc, guard)
            failed = not liquid_guard.run_intact(expected, final_doc, restored, guard)
        outcome.timings["liquid-guard"] += (time.perf_counter() - t0) * 1000
        if failed:
            restored = _one_by_one(text, middle, settings, file, outcome)
        else:
            outcome.issues.extend(work.issues)
            final_tree = (final_doc, guard)  # the plain text walks the same tree
        text = restored
    outcome.html = text
    final_step = _BY_NAME["plaintext"]
    opts = settings[final_step.name]
    if opts.enabled:
        t0 = time.perf_counter()
        if final_tree is not None:
            outcome.text = plaintext.generate_guarded(*final_tree, opts,
                                                      preheader=envelope_preheader)
        else:
            outcome.text = plaintext.generate(text, opts, preheader=envelope_preheader)
        outcome.issues.extend(plaintext.check_tokens(outcome.text, text, file))
        outcome.timings[final_step.name] = (time.perf_counter() - t0) * 1000
    return outcome


def _one_by_one(html: str, steps: list[Step], settings: TransformerSettings, file: str,
                outcome: TransformOutcome) -> str:
    """The slow path: each transformer guarded and verified on its own."""
    for step in steps:
        try:
            html, issues = step.module.transform_with_issues(html, settings[step.name], file=file)
        except Exception as exc:
            issues = [error("transformers/crashed",
                            f"transformer '{step.name}' failed ({type(exc).__name__}: {exc}); "
                            "its output was discarded", file)]
        outcome.issues.extend(i for i in issues if i not in outcome.issues)
    return html
