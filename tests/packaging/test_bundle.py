"""The desktop bundle runs on its own: copied to an empty folder, no PATH, no PYTHONPATH.

Marked ``bundle``: ``make package-test`` builds ``dist/mailwright`` (``make package``) and
runs this; CI runs it when the packaging inputs change (``packaging/ci_changed.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT

pytestmark = pytest.mark.bundle

BUNDLE = Path(os.environ.get("MAILWRIGHT_BUNDLE", ROOT / "dist" / "mailwright"))
EMAIL = Path("emails") / "marketing" / "spring-collection.html"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundle in an empty folder (the source tree and .venv out of reach)."""
    assert (BUNDLE / "mailwright").is_file(), f"{BUNDLE}: no bundle; run `make package` first"
    empty = tmp_path_factory.mktemp("machine")
    shutil.copytree(BUNDLE, empty / "Mailwright", symlinks=True)
    return empty / "Mailwright" / "mailwright"


def run(
    app: Path, *args: str | Path, cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    # nothing inherited: no PATH, no PYTHONPATH, no virtualenv, a home of its own
    env = {
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
    }
    return subprocess.run(
        [str(app), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def demo_copy(app: Path, into: Path) -> Path:
    """The demo workspace the bundle carries, copied out (it is the bundle's own data)."""
    bundled = app.parent / "_internal" / "resources" / "demo"
    assert bundled.is_dir(), "the demo workspace is not in the bundle"
    return Path(shutil.copytree(bundled, into / "demo"))


def test_version(app: Path, tmp_path: Path) -> None:
    done = run(app, "--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("mailwright ")


def test_build_the_demo(app: Path, tmp_path: Path) -> None:
    demo = demo_copy(app, tmp_path)
    done = run(app, "build", "demo", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 email(s), 0 error(s)" in done.stdout
    html = (demo / "dist" / "marketing" / "spring-collection.html").read_text()
    assert "Fernway" in html and "<x-" not in html  # custom components ran in QuickJS


def test_check_runs_axe_from_the_bundle(app: Path, tmp_path: Path) -> None:
    demo_copy(app, tmp_path)
    done = run(app, "check", Path("demo") / EMAIL, "--a11y", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "unavailable" not in done.stderr  # axe-core ran in the bundled Qt WebEngine
    assert '"problems/' in done.stdout or '"issues"' in done.stdout


def test_preview_renders_a_png(app: Path, tmp_path: Path) -> None:
    demo_copy(app, tmp_path)
    done = run(
        app, "preview", Path("demo") / EMAIL, "-o", "x.png", "--scheme", "dark", cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with Image.open(tmp_path / "x.png") as image:
        width, height = image.size
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert width >= 600 and height > 1000
    assert colours is not None and len(colours) > 100  # a real page, not a blank sheet


def test_export_prints_the_pdf_review_report(app: Path, tmp_path: Path) -> None:
    demo_copy(app, tmp_path)
    done = run(
        app, "export", Path("demo") / EMAIL, "--format", "pdf", "-o", "report.pdf", cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = (tmp_path / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 100_000  # pages with screenshots


def test_studio_opens_and_previews_offscreen(app: Path, tmp_path: Path) -> None:
    demo_copy(app, tmp_path)
    done = run(
        app,
        "studio",
        "demo",
        "--open",
        str(EMAIL),
        "--quit-when-previewed",
        cwd=tmp_path,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mailwright: previewed" in done.stdout


def test_doctor_reports_the_bundled_engine(app: Path, tmp_path: Path) -> None:
    done = run(app, "doctor", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Qt WebEngine" in done.stdout and "PySide6 6." in done.stdout
    assert "axe-core" in done.stdout and "caniemail" in done.stdout


def test_tarball_installs_a_menu_entry(tmp_path: Path) -> None:
    tarballs = sorted(BUNDLE.parent.glob("mailwright-*-linux-*.tar.gz"))
    assert tarballs, "no tarball; `make package` writes it beside the bundle"
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (top,) = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        ["sh", str(top / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    share = home / ".local" / "share"
    entry = (share / "applications" / "mailwright.desktop").read_text()
    installed = home / ".local" / "opt" / "mailwright" / "mailwright"
    assert f'Exec="{installed}" studio %f' in entry
    assert "MimeType=application/x-mailwright-workspace;text/x-mjml;" in entry
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / "mailwright.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "mailwright.svg").is_file()
    assert (share / "mime" / "packages" / "mailwright.xml").is_file()
    version = subprocess.run(
        [str(home / ".local" / "bin" / "mailwright"), "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert version.returncode == 0, version.stderr
    if shutil.which("desktop-file-validate"):
        valid = subprocess.run(
            ["desktop-file-validate", str(share / "applications" / "mailwright.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert valid.returncode == 0, valid.stdout + valid.stderr
    removed = subprocess.run(
        ["sh", str(top / "install.sh"), "--uninstall"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert removed.returncode == 0 and not installed.exists()


def test_designer_path_from_the_menu(tmp_path: Path) -> None:
    """The issue's designer path: unpack, install, start from the menu entry's command,
    a workspace from a starter, the studio, a dark preview, an export."""
    import shlex
    import zipfile

    from PIL import ImageStat

    tarballs = sorted(BUNDLE.parent.glob("mailwright-*-linux-*.tar.gz"))
    assert tarballs, "no tarball; `make package` writes it beside the bundle"
    machine = tmp_path / "machine"
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(machine / "Downloads", filter="tar")
    (top,) = (machine / "Downloads").iterdir()
    home = machine / "home"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(
        ["sh", str(top / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.rmtree(machine / "Downloads")  # the installed copy stands on its own

    entry = (home / ".local" / "share" / "applications" / "mailwright.desktop").read_text()
    (exec_line,) = [line[5:] for line in entry.splitlines() if line.startswith("Exec=")]
    command = shlex.split(exec_line)
    assert command[1:] == ["studio", "%f"]
    menu = Path(command[0])

    def mailwright(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(menu), *map(str, args)],
            cwd=home,
            env=env
            | {"QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    workspace = home / "Mailwright" / "Brand"
    created = mailwright("new", workspace, "--starter", "newsletter")
    assert created.returncode == 0, created.stdout + created.stderr
    (email,) = list((workspace / "emails").rglob("*.html"))
    relative = email.relative_to(workspace).as_posix()

    opened = mailwright(
        "studio", workspace, "--open", relative, "--quit-when-previewed", timeout=180
    )
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert "mailwright: previewed" in opened.stdout

    light, dark = home / "light.png", home / "dark.png"
    for out, scheme in ((light, "light"), (dark, "dark")):
        shot = mailwright("preview", email, "-o", out, "--scheme", scheme)
        assert shot.returncode == 0, shot.stdout + shot.stderr
    with Image.open(light) as a, Image.open(dark) as b:
        light_level = ImageStat.Stat(a.convert("L")).mean[0]
        dark_level = ImageStat.Stat(b.convert("L")).mean[0]
    assert light_level > 180 and dark_level < 90, (light_level, dark_level)

    exported = mailwright("export", email, "--format", "zip", "-o", home / "brand.zip")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    with zipfile.ZipFile(home / "brand.zip") as archive:
        names = set(archive.namelist())
        html = archive.read(next(n for n in names if n.endswith("index.html"))).decode()
    assert any(n.endswith("index.txt") for n in names)
    assert "<x-" not in html and "Your Company" in html
