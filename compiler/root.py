"""Where a workspace is: the folder with ``mailwright.toml`` (a leaf: imports nothing heavy).

:mod:`compiler.project` loads the workspace; the preview engine only needs its folder,
and imports this before the studio has imported the compiler (``docs/performance.md``).
"""

from __future__ import annotations

from pathlib import Path

# The workspace's own file names: one definition each, for the compiler and the studio.
SETTINGS_FILE = "mailwright.toml"
STYLES_FILE = "styles.json"
STATE_DIR = ".mailwright"  # the studio's state (history, locks, caches); not in git
EMAIL_SUFFIXES = (".html", ".htm", ".mjml")
SIDECAR_SUFFIXES = (".json", ".txt")  # an email's settings and hand-written plain text


def find_root(start: Path) -> Path | None:
    """The workspace folder containing ``start`` (a folder with mailwright.toml)."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return None
