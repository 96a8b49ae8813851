"""``Project.asset_path``: image URLs under ``[assets] base_url`` → files under ``assets/``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.project import Project, load_project

BASE = "https://assets.fernway.example/"


def workspace(tmp_path: Path, setting: str = f'base_url = "{BASE}"') -> Project:
    (tmp_path / "mailwright.toml").write_text(
        f'name = "t"\n[assets]\n{setting}\n', encoding="utf-8"
    )
    (tmp_path / "assets" / "icons").mkdir(parents=True)
    (tmp_path / "assets" / "icons" / "x.png").write_bytes(b"png")
    return load_project(tmp_path)


@dataclass(frozen=True)
class Case:
    description: str
    url: str
    expect: str | None  # path relative to assets/, or None


CASES = [
    Case("file in a sub-folder", BASE + "icons/x.png", "icons/x.png"),
    Case("missing files still map", BASE + "hero.jpg", "hero.jpg"),
    Case("query and fragment dropped", BASE + "icons/x.png?v=3#top", "icons/x.png"),
    Case("percent-encoded name", BASE + "my%20photo.jpg", "my photo.jpg"),
    Case(
        "scheme and host are case-insensitive",
        "HTTPS://Assets.Fernway.EXAMPLE/icons/x.png",
        "icons/x.png",
    ),
    Case("another host", "https://fernway.example/icons/x.png", None),
    Case("a host that only starts the same", "https://assets.fernway.example.evil/x.png", None),
    Case("user info is not the host", "https://assets.fernway.example@evil.test/x.png", None),
    Case("another scheme", "http://assets.fernway.example/icons/x.png", None),
    Case("the base itself", BASE, None),
    Case("parent segments", BASE + "../mailwright.toml", None),
    Case("parent segments inside", BASE + "icons/../../secret.png", None),
    Case("encoded parent segments", BASE + "%2e%2e/%2E%2E/etc/passwd", None),
    Case("encoded slash to parent", BASE + "icons%2F..%2F..%2Fx", None),
    Case("absolute path (double slash)", BASE + "/etc/passwd", None),
    Case("encoded absolute path", BASE + "%2Fetc%2Fpasswd", None),
    Case("backslashes", BASE + "..%5C..%5Cx.png", None),
    Case("drive letters", BASE + "C:/x.png", None),
    Case("NUL byte", BASE + "x.png%00.jpg", None),
    Case("dot segment", BASE + "./x.png", None),
    Case("liquid in the URL", BASE + "{{ product.sku }}.jpg", None),
    Case("relative URL", "icons/x.png", None),
    Case("data URI", "data:image/png;base64,AAAA", None),
    Case("empty", "", None),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_asset_path(tmp_path: Path, case: Case) -> None:
    project = workspace(tmp_path)
    got = project.asset_path(case.url)
    if case.expect is None:
        assert got is None
    else:
        assert got == tmp_path.resolve() / "assets" / case.expect


def test_base_with_a_path_and_no_trailing_slash(tmp_path: Path) -> None:
    project = workspace(tmp_path, 'base_url = "https://cdn.example.com/fernway/img"')
    assert (
        project.asset_path("https://cdn.example.com/fernway/img/icons/x.png")
        == tmp_path.resolve() / "assets/icons/x.png"
    )
    assert project.asset_path("https://cdn.example.com/fernway/imgs/x.png") is None
    assert project.asset_path("https://cdn.example.com/fernway/x.png") is None


def test_several_bases(tmp_path: Path) -> None:
    project = workspace(tmp_path, f'base_url = ["{BASE}", "https://fernway.example/img/"]')
    assets = tmp_path.resolve() / "assets"
    assert project.asset_path(BASE + "icons/x.png") == assets / "icons/x.png"
    assert project.asset_path("https://fernway.example/img/icons/x.png") == assets / "icons/x.png"
    assert project.asset_path("https://fernway.example/icons/x.png") is None


@pytest.mark.parametrize(
    "setting", ["", "base_url = 3", 'base_url = ""', 'base_url = "assets/"', "base_url = [1, true]"]
)
def test_no_usable_setting_maps_nothing(tmp_path: Path, setting: str) -> None:
    project = workspace(tmp_path, setting)
    assert project.asset_path(BASE + "icons/x.png") is None


def test_settings_without_an_assets_table(tmp_path: Path) -> None:
    (tmp_path / "mailwright.toml").write_text('assets = "nope"\n', encoding="utf-8")
    assert load_project(tmp_path).asset_path(BASE + "x.png") is None


def test_project_without_a_folder() -> None:
    project = Project(settings={"assets": {"base_url": BASE}})
    assert project.asset_path(BASE + "x.png") is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_out_of_assets_are_refused(tmp_path: Path) -> None:
    project = workspace(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"secret")
    (tmp_path / "assets" / "linked").symlink_to(outside, target_is_directory=True)
    (tmp_path / "assets" / "secret.png").symlink_to(outside / "secret.png")
    (tmp_path / "assets" / "alias.png").symlink_to(tmp_path / "assets" / "icons" / "x.png")
    assert project.asset_path(BASE + "linked/secret.png") is None
    assert project.asset_path(BASE + "secret.png") is None
    # A link that stays inside assets/ is fine.
    assert project.asset_path(BASE + "alias.png") == tmp_path.resolve() / "assets/alias.png"


def test_invalid_toml_is_located(tmp_path: Path) -> None:
    from compiler.project import ProjectError, load_project

    (tmp_path / "mailwright.toml").write_text('name = "x"\nbroken = [1, \n')
    with pytest.raises(ProjectError) as exc:
        load_project(tmp_path)
    assert (exc.value.line, exc.value.column) >= (2, 1)
    assert str(exc.value).startswith(f"{tmp_path / 'mailwright.toml'}:{exc.value.line}:")
    assert "(at line" not in str(exc.value)


def test_invalid_toml_in_the_middle_is_located(tmp_path: Path) -> None:
    from compiler.project import ProjectError, load_project

    (tmp_path / "mailwright.toml").write_text('name = "x"\nbad = = 1\nok = 2\n')
    with pytest.raises(ProjectError) as exc:
        load_project(tmp_path)
    assert exc.value.line == 2
