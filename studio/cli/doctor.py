"""``mailwright doctor``: what this installation has, how old its data is, what is missing.

Prints the versions of the engine (Python packages, Qt WebEngine), the bundled data with
its date (caniemail support data, axe-core), the system tools found (SpamAssassin,
Chromium, chromedriver, git) and, for each missing piece, the feature that needs it and
the command that installs it. Exit code 0: a missing optional piece is not an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from studio import __version__
from studio.cli import EXIT_OK, STUDIO_EXTRA, qt_missing

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
CANIEMAIL = RESOURCES / "caniemail" / "caniemail.json"
AXE_RELEASE = RESOURCES / "axe" / "release.json"
STALE_DAYS = 365  # bundled data older than this is worth refreshing

# (distribution, importable module) of the compile engine
ENGINE = (
    ("python-liquid", "liquid"),
    ("mjml-python", "mjml"),
    ("quickjs-ng", "_quickjs"),
    ("css-inline", "css_inline"),
    ("minify-html", "minify_html"),
    ("Pillow", "PIL"),
    ("httpx", "httpx"),
    ("selenium", "selenium"),
)


@dataclass(frozen=True)
class Tool:
    name: str
    command: str
    version_args: tuple[str, ...]
    needed_for: str
    debian: str
    macos: str
    paths: tuple[str, ...] = ()


TOOLS = (
    Tool(
        "SpamAssassin",
        "spamassassin",
        ("--version",),
        "check --spam (SpamAssassin score)",
        "spamassassin",
        "brew install spamassassin",
    ),
    Tool(
        "Chromium",
        "chromium",
        ("--version",),
        "check --a11y --browser chromium",
        "chromium",
        "install Google Chrome or Chromium",
        ("/usr/bin/chromium", "/usr/bin/chromium-browser"),
    ),
    Tool(
        "chromedriver",
        "chromedriver",
        ("--version",),
        "check --a11y --browser chromium",
        "chromium-driver",
        "brew install chromedriver",
        ("/usr/lib/chromium/chromedriver",),
    ),
    Tool(
        "git",
        "git",
        ("--version",),
        "new workspaces as git repositories, team history",
        "git",
        "xcode-select --install",
    ),
)


@dataclass(frozen=True)
class Line:
    group: str  # "engine", "data" or "tools"
    name: str
    found: bool
    version: str = ""
    detail: str = ""
    needed_for: str = ""
    install: str = ""


def package_version(dist: str, module: str) -> str | None:
    """The installed version of ``dist`` (None when it cannot be imported)."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        pass
    try:  # a frozen bundle may carry the module without its metadata
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return str(getattr(mod, "__version__", "") or "bundled")


def engine_lines() -> list[Line]:
    lines = [
        Line(
            "engine",
            "Python",
            True,
            sys.version.split()[0],
            "frozen bundle" if getattr(sys, "frozen", False) else sys.executable,
        )
    ]
    for dist, module in ENGINE:
        version = package_version(dist, module)
        lines.append(
            Line(
                "engine",
                dist,
                version is not None,
                version or "",
                needed_for="" if version else "the compiler",
                install="" if version else f"pip install {dist}",
            )
        )
    why = qt_missing()
    if why:
        lines.append(
            Line(
                "engine",
                "Qt WebEngine",
                False,
                needed_for="studio, preview, check --a11y (default engine)",
                install=STUDIO_EXTRA,
            )
        )
    else:
        from studio.render import qt_versions

        lines.append(Line("engine", "Qt WebEngine", True, *qt_versions()))
    return lines


def age(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    note = f"{days} days old"
    if days > STALE_DAYS:
        note += "; consider updating it (see its README)"
    return note


def data_lines(today: dt.date | None = None) -> list[Line]:
    today = today or dt.datetime.now(dt.UTC).date()
    lines: list[Line] = []
    try:
        data = json.loads(CANIEMAIL.read_text(encoding="utf-8"))
        updated = dt.date.fromisoformat(str(data["last_update_date"])[:10])
        lines.append(
            Line(
                "data",
                "caniemail support data",
                True,
                f"updated {updated}",
                f"{age(updated, today)}; {len(data['features'])} features; "
                f"{data.get('source', '')}",
            )
        )
    except (OSError, ValueError, KeyError) as exc:
        lines.append(
            Line(
                "data",
                "caniemail support data",
                False,
                detail=str(exc),
                needed_for="check (client support)",
                install="reinstall Mailwright",
            )
        )
    try:
        release = json.loads(AXE_RELEASE.read_text(encoding="utf-8"))
        released = dt.date.fromisoformat(release["released"])
        lines.append(
            Line(
                "data",
                "axe-core",
                True,
                f"{release['version']}, released {released}",
                age(released, today),
            )
        )
    except (OSError, ValueError, KeyError) as exc:
        lines.append(
            Line(
                "data",
                "axe-core",
                False,
                detail=str(exc),
                needed_for="check --a11y",
                install="reinstall Mailwright",
            )
        )
    return lines


def find_tool(tool: Tool) -> str | None:
    found = shutil.which(tool.command)
    if found:
        return found
    return next((p for p in tool.paths if Path(p).is_file()), None)


def tool_version(path: str, args: tuple[str, ...]) -> str:
    try:
        done = subprocess.run(
            [path, *args], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "(did not answer --version)"
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].strip() if first else ""


def install_hint(tool: Tool) -> str:
    if sys.platform == "darwin":
        return tool.macos
    if sys.platform == "win32":
        return f"install {tool.name} and put it on PATH"
    return f"sudo apt-get install {tool.debian}  (Debian/Ubuntu)"


def tool_lines() -> list[Line]:
    lines = []
    for tool in TOOLS:
        path = find_tool(tool)
        if path:
            lines.append(
                Line("tools", tool.name, True, tool_version(path, tool.version_args), path)
            )
        else:
            lines.append(
                Line(
                    "tools",
                    tool.name,
                    False,
                    needed_for=tool.needed_for,
                    install=install_hint(tool),
                )
            )
    return lines


def diagnose() -> list[Line]:
    return [*engine_lines(), *data_lines(), *tool_lines()]


GROUPS = (("engine", "Engine"), ("data", "Bundled data"), ("tools", "System tools"))


def report(lines: list[Line]) -> str:
    out = [f"Mailwright {__version__}"]
    width = max(len(line.name) for line in lines) + 2
    for group, title in GROUPS:
        out.append(f"\n{title}")
        for line in (x for x in lines if x.group == group):
            if line.found:
                text = line.version + (f"  ({line.detail})" if line.detail else "")
            else:
                text = "missing"
            out.append(f"  {line.name:<{width}}{text}")
    missing = [x for x in lines if not x.found]
    out.append("")
    if not missing:
        out.append("Everything is installed: every feature is available.")
    else:
        out.append("Missing (the rest works without it):")
        for line in missing:
            out.append(f"  {line.name}: needed for {line.needed_for}")
            out.append(f"    install: {line.install}")
    return "\n".join(out)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "doctor",
        help="versions, bundled data, system tools; what is missing",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lines = diagnose()
    if args.format == "json":
        print(json.dumps({"version": __version__, "items": [asdict(x) for x in lines]}, indent=2))
    else:
        print(report(lines))
    return EXIT_OK
