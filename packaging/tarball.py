"""The Linux tarball: the one-folder bundle plus its desktop integration and installer.

    python packaging/tarball.py dist/mailwright   # → dist/mailwright-<version>-linux-<arch>.tar.gz

Layout inside: ``mailwright-<version>-linux-<arch>/`` holding ``mailwright/`` (the bundle,
runnable in place), ``install.sh`` (per-user install: menu entry, icons, MIME types),
``share/`` (the desktop entry, MIME XML and icons it installs) and ``README.txt``.
"""

from __future__ import annotations

import platform
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"

README = """\
Mailwright {version} for Linux ({arch})

Run in place:      ./mailwright/mailwright studio
Install for you:   ./install.sh        (menu entry, icons, opens mailwright.toml and .mjml;
                                        command at ~/.local/bin/mailwright)
Uninstall:         ./install.sh --uninstall

The command line is the same program: ./mailwright/mailwright --help
"""


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from studio import __version__

    return __version__


def build(bundle: Path, out_dir: Path) -> Path:
    arch = platform.machine() or "unknown"
    name = f"mailwright-{version()}-linux-{arch}"
    out = out_dir / f"{name}.tar.gz"
    if not (bundle / "mailwright").is_file():
        raise SystemExit(f"{bundle}: no bundle here; run `make package` first")

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, f"{name}/mailwright", filter=clean)
        tar.add(LINUX / "install.sh", f"{name}/install.sh", filter=clean)
        tar.add(LINUX / "mailwright.desktop", f"{name}/share/mailwright.desktop", filter=clean)
        tar.add(LINUX / "mailwright-mime.xml", f"{name}/share/mailwright-mime.xml", filter=clean)
        for icon in sorted(ICONS.glob("mailwright*.*")):
            if icon.suffix in (".png", ".svg"):
                tar.add(icon, f"{name}/share/icons/{icon.name}", filter=clean)
        readme = out_dir / "README.txt"
        readme.write_text(README.format(version=version(), arch=arch), encoding="utf-8")
        tar.add(readme, f"{name}/README.txt", filter=clean)
        readme.unlink()
    return out


if __name__ == "__main__":
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "mailwright"
    print(build(bundle, bundle.parent))
