"""Did the packaging inputs change since the bundle was last verified? (CI decides by this.)

    python packaging/ci_changed.py --check    # exit 0: unchanged; 1: changed (names them)
    python packaging/ci_changed.py --record   # after `make package-test` passed

The inputs are what decides how the bundle and the wheel are made and tested:
``packaging/`` (spec, entry point, tarball, desktop files, this script), the
``[build-system]`` and ``[project]`` tables of ``pyproject.toml`` (dependencies, extras,
entry points — not the lint or test settings) and ``tests/packaging/``. Their SHA-256
digests are recorded in ``packaging/verified.json`` by ``make package-test`` when the
bundle and wheel tests pass, and committed with the change. On a clean checkout (no
history needed) CI compares the digests with the files: any difference runs
``make package-test wheel-test``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "packaging" / "verified.json"
INPUTS = ("packaging", "pyproject.toml", "tests/packaging")


def digests(root: Path = ROOT) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in INPUTS:
        base = root / name
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            if (
                not path.is_file()
                or "__pycache__" in path.parts
                or path.suffix == ".pyc"
                or path == root / RECORD.relative_to(ROOT)
            ):
                continue
            rel = path.relative_to(root).as_posix()
            found[rel] = hashlib.sha256(content(path)).hexdigest()
    return found


def content(path: Path) -> bytes:
    """What counts of a file: all of it; of pyproject.toml, the tables packaging reads."""
    if path.name != "pyproject.toml":
        return path.read_bytes()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    kept = {key: data.get(key) for key in ("build-system", "project")}
    return json.dumps(kept, sort_keys=True).encode("utf-8")


def changed(root: Path = ROOT) -> list[str]:
    """The inputs that differ from the record (every input when there is no record)."""
    try:
        recorded = json.loads((root / RECORD.relative_to(ROOT)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = {}
    now = digests(root)
    names = set(now) | set(recorded)
    return sorted(n for n in names if now.get(n) != recorded.get(n))


def main(argv: list[str]) -> int:
    if argv == ["--record"]:
        RECORD.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {RECORD.relative_to(ROOT)}")
        return 0
    if argv == ["--check"]:
        names = changed()
        if not names:
            print("packaging inputs unchanged since the last verified bundle")
            return 0
        print("packaging inputs changed since the last verified bundle:")
        for name in names:
            print(f"  {name}")
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
