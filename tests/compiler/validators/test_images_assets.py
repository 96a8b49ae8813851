"""Image validator and ``[assets] base_url``: published URLs are measured from ``assets/``.

Real Pillow-made images on disk; the 127.0.0.1 server serves *different*
images under the same names, so a test can tell a disk read from a fetch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler import compile_file
from compiler.project import Project, load_project
from compiler.validators import images
from compiler.validators.base import CheckContext, CheckOptions
from components.diagnostics import Issue, Severity
from tests.compiler.validators.conftest import Site, make_ctx, make_images
from tests.conftest import DEMO

BASE = "https://assets.fernway.example/"
IMAGES = make_images()


def workspace(tmp_path: Path, base: str = BASE, **files: str) -> Project:
    """A workspace whose assets/ holds ``files`` (asset path → name in make_images())."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mailwright.toml").write_text(f'[assets]\nbase_url = "{base}"\n', encoding="utf-8")
    for rel, name in files.items():
        path = tmp_path / "assets" / rel.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(IMAGES[name][1])
    (tmp_path / "assets").mkdir(exist_ok=True)
    return load_project(tmp_path)


Records = dict[str, images.ImageRecord]


def run(project: Project, html: str, **options: Any) -> tuple[list[Issue], Records]:
    assert project.root is not None
    ctx = make_ctx(html, project=project, file=str(project.root / "emails" / "e.html"), **options)
    found = list(images.check(ctx))
    return found, {r.src: r for r in images.inspect_images(ctx)}


def rules(issues: list[Issue]) -> list[str]:
    return sorted(i.rule for i in issues)


def test_mapped_images_are_measured_from_disk(tmp_path: Path) -> None:
    project = workspace(tmp_path, **{"hero.jpg": "photo.jpg", "icons__logo.png": "logo.png"})
    found, recs = run(
        project,
        f'<img src="{BASE}hero.jpg" alt="Hero"><img src="{BASE}icons/logo.png?v=2" alt="Logo">',
    )
    hero, logo = recs[BASE + "hero.jpg"], recs[BASE + "icons/logo.png?v=2"]
    assert (hero.origin, hero.format, hero.width, hero.height) == ("asset", "JPEG", 400, 200)
    assert hero.bytes == len(IMAGES["photo.jpg"][1])
    assert Path(hero.path) == tmp_path.resolve() / "assets" / "hero.jpg"
    assert (logo.format, logo.width, logo.bytes) == ("PNG", 400, len(IMAGES["logo.png"][1]))
    assert found == []


def test_missing_asset_is_an_error_naming_the_expected_file(tmp_path: Path) -> None:
    project = workspace(tmp_path)
    found, recs = run(project, f'<p>x</p><img src="{BASE}icons/none.png" alt="Nothing">')
    assert rules(found) == ["images/missing-asset"]
    issue = found[0]
    assert issue.severity is Severity.ERROR
    assert "assets/icons/none.png" in issue.message
    assert issue.line == 1 and issue.column == 9
    assert recs[BASE + "icons/none.png"].origin == "asset"


@pytest.mark.parametrize(
    "name,attrs,expect",
    [
        ("bloated.jpg", 'alt="x"', ["images/savings"]),
        ("anim.gif", 'alt="x"', ["images/animated"]),
        ("truncated.png", 'alt="x"', ["images/truncated"]),
        ("corrupt.png", 'alt="x"', ["images/corrupt"]),
        ("pic.webp", 'alt="x"', ["images/format"]),
        ("narrow.png", 'alt="x" width="200"', ["images/upscaled"]),
        ("retina.png", 'alt="x" width="200"', ["images/retina"]),
        ("tall.png", 'alt="x"', ["images/too-tall"]),
        ("heavy.png", 'alt="x"', ["images/heavy"]),
    ],
)
def test_every_image_rule_applies_to_mapped_images(
    tmp_path: Path, name: str, attrs: str, expect: list[str]
) -> None:
    project = workspace(tmp_path, **{name: name})
    found, _ = run(project, f'<img src="{BASE}{name}" {attrs}>')
    assert rules(found) == expect


def test_mapped_urls_are_never_fetched(tmp_path: Path, site: Site) -> None:
    # The base is the live test server: without the mapping it would be fetched.
    base = site.url("/img/")
    project = workspace(tmp_path, base, **{"logo.png": "narrow.png"})
    before = site.hits.get("/img/logo.png", 0)
    found, recs = run(project, f'<img src="{base}logo.png" alt="L">', network=True)
    rec = recs[base + "logo.png"]
    assert (rec.origin, rec.width, rec.status) == ("asset", 100, None)  # the disk copy
    assert site.hits.get("/img/logo.png", 0) == before
    assert rules(found) == ["images/insecure"]  # the test server speaks http://
    # URLs under no base are still fetched.
    other = workspace(tmp_path / "other", site.url("/elsewhere/"), **{"photo.jpg": "narrow.png"})
    _, recs = run(other, f'<img src="{site.url("/img/photo.jpg")}" alt="P">', network=True)
    assert recs[site.url("/img/photo.jpg")].origin == "remote"
    assert recs[site.url("/img/photo.jpg")].width == 400


def test_urls_escaping_assets_are_not_read(tmp_path: Path) -> None:
    project = workspace(tmp_path)
    (tmp_path / "secret.png").write_bytes(IMAGES["logo.png"][1])
    found, recs = run(project, f'<img src="{BASE}../secret.png" alt="S">')
    rec = recs[BASE + "../secret.png"]
    assert rec.origin == "remote" and not rec.loaded and rec.path == ""
    assert found == []  # a reserved example host, not fetched offline


def test_every_kind_of_reference_is_mapped(tmp_path: Path) -> None:
    project = workspace(
        tmp_path,
        **{
            "a.png": "logo.png",
            "a2.png": "logo.png",
            "bg.jpg": "photo.jpg",
            "css.png": "still.gif",
        },
    )
    html = (
        f'<html><head><style>.x{{background:url("{BASE}css.png")}}</style></head><body>'
        f'<table background="{BASE}bg.jpg"><tr><td>'
        f'<img src="{BASE}a.png" srcset="{BASE}a2.png 2x" alt="A">'
        f'<div style="background-image:url({BASE}missing.png)"></div>'
        "</td></tr></table></body></html>"
    )
    found, recs = run(project, html)
    assert {src.removeprefix(BASE): r.format for src, r in recs.items()} == {
        "a.png": "PNG",
        "a2.png": "PNG",
        "bg.jpg": "JPEG",
        "css.png": "GIF",
        "missing.png": "",
    }
    assert all(r.origin == "asset" for r in recs.values())
    assert rules(found) == ["images/missing-asset"]


def test_liquid_urls_map_once_rendered_with_sample_data(tmp_path: Path) -> None:
    project = workspace(tmp_path, **{"products__42.jpg": "photo.jpg"})
    src = BASE + "products/{{ product.sku }}.jpg"
    found, recs = run(project, f'<img src="{src}" alt="P">', profile={"product": {"sku": 42}})
    assert recs[src].origin == "asset" and recs[src].format == "JPEG"
    assert found == []
    found, _ = run(project, f'<img src="{src}" alt="P">')
    assert rules(found) == ["images/dynamic"]


def test_without_the_setting_nothing_changes(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "hero.jpg").write_bytes(IMAGES["photo.jpg"][1])
    found, recs = run(Project(root=tmp_path), f'<img src="{BASE}hero.jpg" alt="H">')
    assert recs[BASE + "hero.jpg"].origin == "remote" and not recs[BASE + "hero.jpg"].loaded
    assert found == []


def test_every_demo_image_is_in_the_demo_assets() -> None:
    project = load_project(DEMO)
    seen = 0
    for email in project.emails():
        result = compile_file(email, project=project)
        ctx = CheckContext(result, project, CheckOptions())
        for rec in images.inspect_images(ctx):
            if "fernway.example/" in rec.resolved and rec.resolved.startswith("https://"):
                seen += 1
                assert rec.origin == "asset" and not rec.error, (rec.src, rec.detail)
                assert rec.format in ("JPEG", "PNG") and rec.bytes and rec.bytes < 60_000
        assert not [i for i in images.check(ctx) if i.is_error]
    assert seen >= 10
