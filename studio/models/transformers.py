"""Per-email transformer settings (the editor's Transformers tab), without a window.

The fields are the compiler's own typed records
(:func:`compiler.transformers.describe_options`: one :class:`OptionField` per
option of each transformer's options dataclass). An email's own settings are
the ``transformers`` object of its sidecar ``<email>.json`` (see
:mod:`compiler.envelope`); everything else in that file is kept as it is. Only
values that differ from the workspace's settings (``mailwright.toml``
``[transformers]`` over the defaults) are written; setting an option back to
the workspace value removes it, and an empty ``transformers`` object (or an
empty sidecar) is removed too.

Values are validated by the compiler's own coercion (``settings_from``), so
what the tab accepts is exactly what a compile accepts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from compiler.project import Project
from compiler.transformers import (
    OptionField,
    TransformerConfigError,
    TransformerInfo,
    describe_options,
    settings_from,
)
from compiler.transformers.settings import json_value
from studio.models.events import Event
from styles.atomic import write_atomic

KEY = "transformers"
__all__ = [
    "KEY",
    "EmailTransformers",
    "OptionField",
    "TransformerInfo",
    "sidecar_path",
    "transformer_fields",
]


def transformer_fields() -> list[TransformerInfo]:
    """Every transformer with its option fields, in run order."""
    return describe_options()


def sidecar_path(email: Path) -> Path:
    """``emails/welcome.html`` → ``emails/welcome.json`` (what the compiler reads)."""
    return email.with_suffix(".json")


class EmailTransformers:
    """The transformer settings of one email, read from and written to its sidecar."""

    def __init__(self, email: Path | None, project: Project | None = None) -> None:
        self.email = email
        self.project = project or Project()
        table = self.project.settings.get(KEY, {})
        self.workspace_table: Mapping[str, Any] = table if isinstance(table, Mapping) else {}
        self.overrides: dict[str, dict[str, Any]] = {}
        self.error = ""
        self.changed: Event[tuple[str, str]] = Event()
        self.reload()

    @property
    def path(self) -> Path | None:
        return sidecar_path(self.email) if self.email is not None else None

    def _read(self) -> dict[str, Any]:
        path = self.path
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ValueError(f"{path.name}: {exc}") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path.name}: expected a JSON object")
        return data

    def reload(self) -> None:
        """Read the sidecar again (it may have changed on disk)."""
        self.error = ""
        try:
            table = self._read().get(KEY, {})
        except ValueError as exc:
            self.error = str(exc)
            table = {}
        self.overrides = {}
        if isinstance(table, dict):
            for name, conf in table.items():
                if isinstance(conf, bool):
                    self.overrides[str(name)] = {"enabled": conf}
                elif isinstance(conf, dict):
                    self.overrides[str(name)] = dict(conf)

    def base(self, transformer: str, option: str) -> Any:
        """The workspace's value (defaults ← ``[transformers]``), in JSON form."""
        try:
            settings = settings_from(self.workspace_table)
        except TransformerConfigError:
            settings = settings_from({})
        return json_value(getattr(settings.options[transformer], option))

    def value(self, transformer: str, option: str) -> Any:
        """What a compile of this email uses."""
        conf = self.overrides.get(transformer, {})
        if option in conf:
            try:
                layer = {transformer: {option: conf[option]}}
                settings = settings_from(self.workspace_table, layer)
                return json_value(getattr(settings.options[transformer], option))
            except TransformerConfigError:
                return conf[option]
        return self.base(transformer, option)

    def is_overridden(self, transformer: str, option: str) -> bool:
        return option in self.overrides.get(transformer, {})

    def set(self, transformer: str, option: str, value: Any) -> str:
        """Set one option for this email and write the sidecar. Returns an error or ""."""
        if self.email is None:
            return "save the email first: its transformer settings live beside it"
        try:
            settings = settings_from(self.workspace_table, {transformer: {option: value}})
        except TransformerConfigError as exc:
            return str(exc).split(": ", 1)[-1]
        coerced = json_value(getattr(settings.options[transformer], option))
        conf = self.overrides.setdefault(transformer, {})
        if coerced == self.base(transformer, option):
            conf.pop(option, None)
        else:
            conf[option] = coerced
        if not conf:
            self.overrides.pop(transformer, None)
        err = self._write()
        if not err:
            self.changed.emit((transformer, option))
        return err

    def reset(self, transformer: str) -> str:
        """Forget this email's settings of one transformer (back to the workspace's)."""
        if self.overrides.pop(transformer, None) is None:
            return ""
        err = self._write()
        if not err:
            self.changed.emit((transformer, ""))
        return err

    def _write(self) -> str:
        path = self.path
        assert path is not None
        try:
            data = self._read()
        except ValueError as exc:
            return f"{exc}; fix the file by hand first"
        if self.overrides:
            data[KEY] = self.overrides
        else:
            data.pop(KEY, None)
        try:
            if not data:
                if path.exists():
                    path.unlink()
                return ""
            write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            return f"cannot write {path.name}: {exc.strerror or exc}"
        return ""
