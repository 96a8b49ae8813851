"""Page preparation with workspace assets (pure Python): published URLs → files on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.project import Project, load_project
from studio.models.preview import PreviewState
from studio.render.page import localize_assets, prepare_page

BASE = "https://assets.fernway.example/"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "mailwright.toml").write_text(f'[assets]\nbase_url = "{BASE}"\n', encoding="utf-8")
    for rel in ("hero.jpg", "icons/x.png", "bg.png", "my photo.jpg"):
        path = tmp_path / "assets" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not read by page preparation")
    (tmp_path / "secret.png").write_bytes(b"outside assets/")
    return load_project(tmp_path)


def uri(project: Project, rel: str) -> str:
    assert project.root is not None
    return (project.root / "assets" / rel).resolve().as_uri()


def test_every_image_reference_points_at_the_file(project: Project) -> None:
    html = (
        f'<html><head><style>.h{{background:url("{BASE}bg.png") no-repeat}}</style></head>'
        f'<body background="{BASE}bg.png">'
        f'<img src="{BASE}hero.jpg?v=2" srcset="{BASE}hero.jpg 1x, {BASE}icons/x.png 2x" '
        'alt="Hero">'
        f"<div style=\"background-image:url('{BASE}icons/x.png')\"></div>"
        f'<div style="background:url(&quot;{BASE}bg.png&quot;)"></div>'
        f'<video poster="{BASE}hero.jpg"></video>'
        f'<img src="{BASE}my%20photo.jpg" alt="">'
        "</body></html>"
    )
    out = localize_assets(html, project.asset_path)
    hero, icon, bg = uri(project, "hero.jpg"), uri(project, "icons/x.png"), uri(project, "bg.png")
    assert f'url("{bg}") no-repeat' in out
    assert f'<body background="{bg}">' in out
    assert f'<img src="{hero}" srcset="{hero} 1x, {icon} 2x" alt="Hero">' in out
    assert f"url('{icon}')" in out
    assert f"url(&quot;{bg}&quot;)" in out
    assert f'poster="{hero}"' in out
    assert f'src="{uri(project, "my photo.jpg")}"' in out and "my%20photo.jpg" in out
    assert BASE not in out


def test_only_existing_files_under_the_base_are_rewritten(project: Project) -> None:
    html = (
        f'<img src="{BASE}missing.png" alt="">'  # no such file: left to the web
        f'<img src="{BASE}../secret.png" alt="">'  # escapes assets/
        f'<img src="https://other.example/hero.jpg" alt="">'
        f'<a href="{BASE}hero.jpg">the file</a>'  # links are not images
        f'<img src="{BASE}{{{{ product.sku }}}}.jpg" alt="">'
    )
    assert localize_assets(html, project.asset_path) == html


def test_comments_and_liquid_stay_byte_identical(project: Project) -> None:
    html = (
        f'<!--[if mso]><v:fill src="{BASE}hero.jpg"/><img src="{BASE}hero.jpg"><![endif]-->'
        '<p title="{{ a }}">{% if x %}Hi {{ customer.name | upcase }}{% endif %}</p>'
        f'<img alt="{{{{ alt }}}}" src="{BASE}hero.jpg" data-mw-node="7">'
    )
    out = localize_assets(html, project.asset_path)
    comment_end = html.index("-->") + 3
    assert out[:comment_end] == html[:comment_end]
    assert '<p title="{{ a }}">{% if x %}Hi {{ customer.name | upcase }}{% endif %}</p>' in out
    assert f'<img alt="{{{{ alt }}}}" src="{uri(project, "hero.jpg")}" data-mw-node="7">' in out


def test_prepare_page_localizes_unless_images_are_blocked(project: Project) -> None:
    html = f'<html><head></head><body><img src="{BASE}hero.jpg" alt="H"></body></html>'
    shown = prepare_page(html, PreviewState(), assets=project.asset_path)
    assert uri(project, "hero.jpg") in shown.html and BASE not in shown.html
    blocked = prepare_page(html, PreviewState(block_images=True), assets=project.asset_path)
    assert "file:" not in blocked.html.split("</head>")[1]
    assert f'src="{BASE}hero.jpg"' in blocked.html and blocked.block_images
    assert "img-src 'none'" in blocked.html
    # Without a mapping the page is what it always was.
    assert prepare_page(html).html == prepare_page(html, assets=Project().asset_path).html
