"""Saved recipient groups for test sends ("Email groups" of the reference product).

A group is a name and up to 25 addresses, kept for the user across every workspace
(addresses are personal data: they stay out of the workspace and its git history) in

    $XDG_CONFIG_HOME/mailwright/recipient-groups.json   (~/.config/mailwright/…)

as ``{"format": 1, "groups": {"Design team": ["ana@x.example", …]}}``, written
atomically. ``mailwright send EMAIL --group NAME`` and the Send test dialog use them.
Plain Python, no Qt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from studio.send import SendError, parse_recipients, user_config_path
from styles.atomic import write_atomic

FILE = "recipient-groups.json"
FORMAT = 1
MAX_RECIPIENTS = 25
NAME_MAX = 80


class GroupError(Exception):
    """A group file that cannot be read or a group that cannot be saved; says why."""


def groups_path(environ: Mapping[str, str] | None = None) -> Path:
    return user_config_path(environ).with_name(FILE)


@dataclass
class RecipientGroups:
    path: Path
    groups: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, path: Path | None = None, *, environ: Mapping[str, str] | None = None
    ) -> RecipientGroups:
        """The saved groups (none when the file does not exist yet)."""
        path = path or groups_path(environ)
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise GroupError(f"{path}: cannot read the recipient groups ({exc})") from None
        raw = data.get("groups") if isinstance(data, dict) else None
        if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(a, str) for a in v)
            for k, v in raw.items()
        ):
            raise GroupError(f'{path}: expected {{"groups": {{"name": ["address", …]}}}}')
        return cls(path, {k: list(v) for k, v in raw.items()})

    def names(self) -> list[str]:
        return sorted(self.groups, key=str.casefold)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "groups": {k: self.groups[k] for k in self.names()}}
        write_atomic(
            self.path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        )

    def set(self, name: str, addresses: Sequence[str], *, limit: int = MAX_RECIPIENTS) -> list[str]:
        """Create or replace group ``name`` (addresses checked as a send checks them) and
        save; returns its addresses."""
        name = " ".join(name.split())
        if not name or len(name) > NAME_MAX:
            raise GroupError(f"a group needs a name of 1 to {NAME_MAX} characters")
        try:
            clean = parse_recipients(list(addresses), limit)
        except SendError as exc:
            raise GroupError(f"group {name!r}: {exc}") from None
        self.groups[name] = clean
        self.save()
        return clean

    def rename(self, old: str, new: str) -> None:
        addresses = self.get(old)
        new = " ".join(new.split())
        if new != old and new in self.groups:
            raise GroupError(f"there is already a group named {new!r}")
        del self.groups[old]
        self.set(new, addresses)

    def delete(self, name: str) -> None:
        self.get(name)
        del self.groups[name]
        self.save()

    def get(self, name: str) -> list[str]:
        if name not in self.groups:
            known = ", ".join(self.names()) or "none saved yet"
            raise GroupError(f"no recipient group named {name!r} (groups: {known})")
        return list(self.groups[name])
