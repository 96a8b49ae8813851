"""A new workspace from a starter: the files a team puts in git, and the git repository.

``create_workspace(folder, starter=…)`` writes ``mailwright.toml`` (name, default sample
profile), ``styles.json`` (the default global styles), ``data/profiles/default.json``,
``.gitignore`` (machine state and build output), the workspace folders, and the starter's
email(s); then ``git init`` when git is installed. Pure Python: the first-launch dialog
(``studio/qt/first_launch.py``) and the tests call it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from studio.workspace import (
    SETTINGS_FILE,
    STATE_DIR,
    STYLES_FILE,
    Workspace,
    WorkspaceError,
    starter_source,
)
from styles.atomic import write_atomic

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
# Where starters live: single emails (*.html, *.mjml) or whole workspaces (folders).
STARTER_FOLDERS = (RESOURCES / "starters", RESOURCES / "templates")
DEFAULT_STYLES = RESOURCES / "styles" / "default.json"
DEMO = RESOURCES / "demo"

DEFAULT_PROFILE = {
    "id": "default",
    "customer": {
        "id": "cus_001",
        "email": "alex@example.com",
        "first_name": "Alex",
        "language": "en",
    },
    "unsubscribe_url": "https://example.com/unsubscribe",
}


@dataclass(frozen=True)
class Starter:
    """One starter: a label for the list and the file or folder it copies."""

    label: str
    path: Path

    @property
    def is_workspace(self) -> bool:
        return self.path.is_dir()


def _label(path: Path) -> str:
    stem = path.stem if path.is_file() else path.name
    words = re.sub(r"[-_]+", " ", stem).strip()
    if words.lower() == "new email":
        words = "Blank email"
    kind = " (MJML)" if path.suffix.lower() == ".mjml" else ""
    return words[:1].upper() + words[1:] + kind


def starters(folders: tuple[Path, ...] = STARTER_FOLDERS) -> list[Starter]:
    """Every starter shipped with the app, blank email first."""
    found: list[Starter] = []
    seen: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            usable = path.is_dir() or path.suffix.lower() in (".html", ".mjml")
            if not usable or path.name.startswith(".") or path.name in seen:
                continue
            seen.add(path.name)
            found.append(Starter(_label(path), path))
    found.sort(key=lambda s: (not s.label.startswith("Blank"), s.label.lower()))
    return found


def settings_text(name: str) -> str:
    title = name.replace("\\", "").replace('"', "'")
    return (
        f'name = "{title}"\n\n'
        "[transformers]\n# Per-transformer settings; see docs/transformers.md.\n\n"
        "[data]\n# Sample profile for previews and `mailwright render` "
        '(data/profiles/<name>.json).\ndefault = "default"\n'
    )


def create_workspace(
    root: Path, *, name: str = "", starter: Starter | None = None, git: bool = True
) -> Path:
    """Create a workspace at ``root`` (a new or empty folder); returns its resolved path.

    Raises :class:`WorkspaceError` when ``root`` is a file or a folder with files in it.
    ``git=False`` skips ``git init`` (it is skipped anyway where git is not installed).
    """
    root = Path(root).expanduser()
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise WorkspaceError(f"{root}: choose a new or empty folder for the workspace")
    root.mkdir(parents=True, exist_ok=True)
    name = name.strip() or root.name
    if starter is not None and starter.is_workspace:
        shutil.copytree(
            starter.path, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(STATE_DIR, "dist")
        )
    settings = root / SETTINGS_FILE
    if not settings.exists():
        write_atomic(settings, settings_text(name))
    Workspace.create(root, name)  # folders and .gitignore
    styles = root / STYLES_FILE
    if not styles.exists():
        shutil.copyfile(DEFAULT_STYLES, styles)
    profile = root / "data" / "profiles" / "default.json"
    if not profile.exists() and not any(profile.parent.glob("*.json")):
        profile.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(profile, json.dumps(DEFAULT_PROFILE, indent=2) + "\n")
    emails = root / "emails"
    if not any(p.is_file() for p in emails.rglob("*")):
        if starter is not None and not starter.is_workspace:
            target = emails / f"welcome{starter.path.suffix.lower()}"
            shutil.copyfile(starter.path, target)
        else:
            write_atomic(emails / "welcome.html", starter_source(".html"))
    if git:
        git_init(root)
    return root.resolve()


def git_init(root: Path) -> bool:
    """``git init`` in ``root`` when git is installed; True when it is a repository now."""
    exe = shutil.which("git")
    if exe is None:
        return False
    try:
        done = subprocess.run(
            [exe, "init", "-q", str(root)], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and (root / ".git").is_dir()
