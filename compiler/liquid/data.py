"""Sample data: the profiles previews and proofs render with.

Layout (see ``docs/liquid.md``)::

    data/profiles/<name>.json     one profile per file
    mailwright.toml               [data] default = "<name>"

A profile is a JSON object. Its top-level keys become Liquid variables:
``customer`` (person attributes), ``event`` (+ ``event_name``, ``event_id``,
``event_timestamp``), ``trigger`` (API-triggered broadcast, webhook, object or
relationship trigger data), ``message_data`` (transactional payload, also
readable as ``trigger``), ``objects`` (related objects by type, each with a
``relationship``), ``journey`` (journey attributes), and any other key
(``message``, ``campaign_id``…). ``id`` names the profile in reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.project import Project, ProjectError

PROFILES_DIR = ("data", "profiles")
# The data types of the Personalization panel, in its order.
DATA_TYPES = ("customer", "event", "trigger", "message_data", "objects", "journey")


def profile_id(profile: Mapping[str, Any], fallback: str = "") -> str:
    """How reports name a profile: ``id``, then ``customer.id``/``email``, then ``fallback``."""
    value = profile.get("id")
    if value in (None, ""):
        customer = profile.get("customer")
        if isinstance(customer, Mapping):
            for key in ("id", "email", "cio_id"):
                if customer.get(key) not in (None, ""):
                    value = customer[key]
                    break
    return fallback if value in (None, "") else str(value)


def liquid_scope(profile: Mapping[str, Any]) -> dict[str, object]:
    """The Liquid variables for a profile (``message_data`` is readable as ``trigger``)."""
    scope = dict(profile)
    md = profile.get("message_data")
    if isinstance(md, Mapping):
        trigger = profile.get("trigger")
        scope["trigger"] = {**md, **trigger} if isinstance(trigger, Mapping) else dict(md)
    return scope


def read_profile(path: Path) -> dict[str, Any]:
    """Read one profile file. Raises :class:`ProjectError` saying what to fix."""
    if path.exists() and not path.is_file():  # a folder, or a pipe that would block
        raise ProjectError(
            "not a data file (a folder, pipe or device); give a .json file", str(path)
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError("data file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(f"cannot read data file: {exc}", str(path)) from None
    return parse_profile(text, str(path), path.stem)


def parse_profile(text: str, file: str = "", default_id: str = "") -> dict[str, Any]:
    """One profile from its JSON text (what :func:`read_profile` and the studio's data
    editor check). Raises :class:`ProjectError` with the line and column to fix."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectError(f"invalid JSON: {exc.msg}", file, exc.lineno, exc.colno) from None
    except RecursionError:
        raise ProjectError("the JSON is nested too deeply", file) from None
    if not isinstance(data, dict):
        raise ProjectError('a profile must be a JSON object ({ "customer": {…}, … })', file, 1, 1)
    if default_id:
        data.setdefault("id", default_id)
    return data


def profile_from_line(line: str) -> dict[str, Any]:
    """One profile from a line of a ``.jsonl`` people list. Raises ValueError saying
    what is wrong with the line."""
    try:
        profile = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
    if not isinstance(profile, dict):
        raise ValueError("each line must be a JSON object (one profile)")
    return profile


def list_profiles(project: Project) -> list[Path]:
    folder = project.path(*PROFILES_DIR)
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.is_file())


def default_profile_path(project: Project) -> Path | None:
    """The profile named by ``[data] default`` in mailwright.toml, else the first one."""
    data = project.settings.get("data")
    name = data.get("default") if isinstance(data, Mapping) else None
    profiles = list_profiles(project)
    if isinstance(name, str) and name:
        for p in profiles:
            if name in (p.stem, p.name):
                return p
        candidate = project.path(name)
        if candidate is not None and not project.contains(candidate):
            raise project.setting_error(
                "data",
                "default",
                f'[data] default = "{name}" is outside the workspace '
                "(a workspace reads only its own files); name a profile in data/profiles/",
            )
        try:
            found = candidate is not None and candidate.is_file()
        except OSError:  # a name too long for the file system, and the like
            found = False
        if found and candidate is not None:
            return candidate
        shown = name if len(name) <= 80 else name[:77] + "..."
        raise project.setting_error(
            "data", "default", f'[data] default = "{shown}" names no file in data/profiles/'
        )
    return profiles[0] if profiles else None


def default_profile(project: Project) -> dict[str, Any]:
    path = default_profile_path(project)
    return read_profile(path) if path is not None else {"id": "empty"}


# --- the Personalization panel -------------------------------------------------------


@dataclass
class KeyNode:
    """One attribute in the key tree: its name, Liquid path, kind and example value."""

    name: str
    path: str
    kind: str  # object, array, string, number, boolean, null
    example: object = None
    children: list[KeyNode] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "path": self.path, "kind": self.kind}
        if self.kind not in ("object", "array"):
            out["example"] = self.example
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
        return out


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def path_join(base: str, key: str | int) -> str:
    """``customer.first_name``, ``customer["current city"]``, ``items[0]``."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    if _PLAIN.match(key):
        return f"{base}.{key}" if base else key
    quoted = json.dumps(key, ensure_ascii=False)
    return f"{base}[{quoted}]" if base else quoted


def _kind(value: object) -> str:
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "string"


def _node(name: str, path: str, value: object, depth: int) -> KeyNode:
    node = KeyNode(
        name, path, _kind(value), value if not isinstance(value, Mapping | list) else None
    )
    if depth <= 0:
        return node
    if isinstance(value, Mapping):
        node.children = [
            _node(str(k), path_join(path, str(k)), v, depth - 1) for k, v in value.items()
        ]
    elif isinstance(value, list) and value:
        node.children = [
            _node(f"[{i}]", path_join(path, i), v, depth - 1) for i, v in enumerate(value[:10])
        ]
    return node


def key_tree(
    profile: Mapping[str, Any], snippet_names: list[str] | None = None, depth: int = 6
) -> list[KeyNode]:
    """The profile's keys as a tree, data types first in the panel's order."""
    scope = liquid_scope(profile)
    order = [k for k in DATA_TYPES if k in scope]
    order += sorted(k for k in scope if k not in DATA_TYPES and k != "id")
    nodes = [_node(k, path_join("", k), scope[k], depth) for k in order]
    if snippet_names:
        nodes.append(
            KeyNode(
                "snippets",
                "snippets",
                "object",
                None,
                [KeyNode(n, path_join("snippets", n), "string") for n in snippet_names],
            )
        )
    return nodes


def insertion(path: str, fallback: str | None = None) -> str:
    """The Liquid to insert for ``path``: ``{{ customer.first_name | default: "there" }}``."""
    if fallback is None:
        return f"{{{{ {path} }}}}"
    if '"' not in fallback:
        lit = f'"{fallback}"'
    elif "'" not in fallback:
        lit = f"'{fallback}'"
    else:
        lit = '"' + fallback.replace('"', "\u201d") + '"'
    return f"{{{{ {path} | default: {lit} }}}}"
