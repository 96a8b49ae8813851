"""The recent-files list of a workspace (``.mailwright/recent.json``)."""

from __future__ import annotations

import json
from pathlib import Path

from compiler.root import STATE_DIR
from styles.atomic import write_atomic

RECENT_FILE = "recent.json"
RECENT_KEEP = 20


class RecentFiles:
    """Workspace-relative paths opened lately, newest first."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def path(self) -> Path:
        return self.root / STATE_DIR / RECENT_FILE

    def _load(self) -> list[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [x for x in data if isinstance(x, str)] if isinstance(data, list) else []

    def _save(self, items: list[str]) -> None:
        self.path.parent.mkdir(exist_ok=True)
        # whole or nothing, without the fsyncs: opening an email writes the list before the
        # window first shows it (two fsyncs, 10-30 ms at a cold start); a power cut can at
        # worst lose the newest entry of a list the next open makes again
        write_atomic(self.path, json.dumps(items[:RECENT_KEEP], indent=1), durable=False)

    def touch(self, rel: str) -> None:
        items = [x for x in self._load() if x != rel]
        self._save([rel, *items])

    def newest(self, limit: int = 5) -> list[str]:
        """Recently opened files that still exist, newest first."""
        return [x for x in self._load() if (self.root / x).is_file()][:limit]

    def renamed(self, old: str, new: str) -> None:
        """``old`` (a file or folder) is now ``new``."""
        items = self._load()
        if not items:
            return
        changed = [new + x[len(old) :] if x == old or x.startswith(old + "/") else x for x in items]
        self._save(changed)

    def dropped(self, rel: str) -> None:
        """``rel`` (a file or folder) is gone."""
        items = self._load()
        kept = [x for x in items if x != rel and not x.startswith(rel + "/")]
        if kept != items:
            self._save(kept)
