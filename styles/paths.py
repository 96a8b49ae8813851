"""Which files a workspace consists of: one listing rule for every reader.

A workspace comes from anywhere (git, an agency, a stranger), so its folders may hold
symbolic links that lead out of it (``ln -s ~/.ssh/id_rsa components/key.html``). Every
scan of a workspace folder goes through :func:`files_under`, which leaves out hidden
files and folders and anything whose real path (links followed) is outside the
workspace — so no reader (components, references, style usage, sample data) opens them.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, every link followed, is ``root`` or inside it."""
    try:
        real = Path(path).resolve()
        base = Path(root).resolve()
    except (OSError, RuntimeError):  # a link loop
        return False
    return real == base or real.is_relative_to(base)


def files_under(
    root: Path, folder: str | Path, suffixes: Collection[str] | None = None
) -> list[Path]:
    """The files under ``root / folder`` (sorted; as found, not resolved) with one of
    ``suffixes`` (lower case, with the dot; ``None``: any), leaving out hidden files and
    folders and links that lead out of ``root``."""
    base = Path(root) / folder
    if not base.is_dir() or not inside(root, base):
        return []
    out: list[Path] = []
    for path in base.rglob("*"):
        rel = path.relative_to(base).parts
        if any(part.startswith(".") for part in rel):
            continue
        if suffixes is not None and path.suffix.lower() not in suffixes:
            continue
        if path.is_file() and inside(root, path):
            out.append(path)
    return sorted(out)
