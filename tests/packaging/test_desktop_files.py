"""The desktop integration files and the CI change detector (default suite: fast)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageChops

from tests.conftest import ROOT

LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_icons_are_what_the_design_draws(tmp_path: Path) -> None:
    icons = load("icons")
    written = icons.write(tmp_path)
    assert {p.name for p in written} <= {p.name for p in ICONS.iterdir()}
    assert (tmp_path / "mailwright.svg").read_text() == (ICONS / "mailwright.svg").read_text()
    for size in icons.SIZES:
        with (
            Image.open(ICONS / f"mailwright-{size}.png") as committed,
            Image.open(tmp_path / f"mailwright-{size}.png") as drawn,
        ):
            assert committed.size == (size, size)
            assert committed.mode == "RGBA"
            assert ImageChops.difference(committed, drawn).getbbox() is None, size
    ET.parse(ICONS / "mailwright.svg")  # well-formed


def test_desktop_entry_names_the_mime_types_it_registers() -> None:
    entry = (LINUX / "mailwright.desktop").read_text(encoding="utf-8")
    mime = ET.parse(LINUX / "mailwright-mime.xml").getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    types = {
        t.attrib["type"]: [g.attrib["pattern"] for g in t.iter(f"{ns}glob")]
        for t in mime.iter(f"{ns}mime-type")
    }
    assert types == {
        "application/x-mailwright-workspace": ["mailwright.toml"],
        "text/x-mjml": ["*.mjml"],
    }
    assert f"MimeType={';'.join(types)};" in entry
    assert "Exec=mailwright studio %f" in entry and "Icon=mailwright" in entry


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (Debian: desktop-file-utils)",
)
def test_desktop_entry_is_valid() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(LINUX / "mailwright.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_detects_changed_packaging_inputs(tmp_path: Path) -> None:
    ci = load("ci_changed")
    for name in ci.INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, tmp_path / name)
    (tmp_path / "packaging" / "verified.json").unlink(missing_ok=True)
    assert "pyproject.toml" in ci.changed(tmp_path)  # never verified: everything changed
    record = tmp_path / "packaging" / "verified.json"
    record.write_text(json.dumps(ci.digests(tmp_path)), encoding="utf-8")
    assert ci.changed(tmp_path) == []
    spec = tmp_path / "packaging" / "mailwright.spec"
    spec.write_text(spec.read_text() + "\n# changed\n", encoding="utf-8")
    (tmp_path / "tests" / "packaging" / "test_new.py").write_text("", encoding="utf-8")
    assert ci.changed(tmp_path) == ["packaging/mailwright.spec", "tests/packaging/test_new.py"]
    record.write_text(json.dumps(ci.digests(tmp_path)), encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.extra]\nlint = true\n")
    assert ci.changed(tmp_path) == []  # lint/test settings do not change the bundle
    pyproject.write_text(
        pyproject.read_text().replace(
            'name = "mailwright"', 'name = "mailwright"\nkeywords = ["email"]'
        )
    )
    assert ci.changed(tmp_path) == ["pyproject.toml"]
