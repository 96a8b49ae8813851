"""Image validator: real images (Pillow-made) served on 127.0.0.1 and from disk."""

from __future__ import annotations

import base64
import time
import tracemalloc
from pathlib import Path

import pytest

from compiler.pipeline import compile_email
from compiler.project import Project
from compiler.validators import CheckContext, CheckOptions, caniemail, images
from components.diagnostics import Issue, Severity
from tests.compiler.validators.conftest import HUGE_BYTES, Site, make_ctx

pytestmark = pytest.mark.network


def check_remote(
    site: Site, name: str, attrs: str = 'alt="x"', timeout: float = 3.0
) -> tuple[list[Issue], images.ImageRecord]:
    url = (
        site.url(f"/img/{name}")
        if not name.startswith(("/", "http"))
        else (name if name.startswith("http") else site.url(name))
    )
    ctx = make_ctx(f'<img src="{url}" {attrs}>', network=True, timeout_s=timeout)
    issues = [i for i in images.check(ctx) if i.rule != "images/insecure"]
    return issues, images.inspect_images(ctx)[0]


def rules(issues: list[Issue]) -> list[str]:
    return [i.rule for i in issues]


@pytest.mark.parametrize(
    "name,fmt,size",
    [
        ("photo.jpg", "JPEG", (400, 200)),
        ("logo.png", "PNG", (400, 200)),
        ("still.gif", "GIF", (60, 40)),
    ],
)
def test_fine_formats_pass(site: Site, name: str, fmt: str, size: tuple[int, int]) -> None:
    issues, rec = check_remote(site, name)
    assert issues == []
    assert (rec.format, rec.width, rec.height) == (fmt, *size)
    assert rec.bytes == len(site.images[name][1]) and rec.status == 200


@pytest.mark.parametrize(
    "name,fmt,slug",
    [
        ("pic.webp", "WEBP", "image-webp"),
        ("pic.bmp", "BMP", "image-bmp"),
        ("pic.svg", "SVG", "image-svg"),
        ("pic.heic", "HEIC", "image-heif"),
        ("pic.avif", "AVIF", "image-avif"),
        ("pic.tiff", "TIFF", "image-tiff"),
        ("pic.ico", "ICO", "image-ico"),
    ],
)
def test_risky_formats_warned_with_failing_clients(
    site: Site, name: str, fmt: str, slug: str
) -> None:
    issues, rec = check_remote(site, name)
    assert rec.format == fmt
    fmt_issues = [i for i in issues if i.rule == "images/format"]
    assert len(fmt_issues) == 1 and fmt_issues[0].severity is Severity.WARNING
    assert fmt in fmt_issues[0].message
    support = caniemail.support(slug)
    assert support is not None and support.unsupported  # every one of these fails somewhere
    for client in support.unsupported + support.partial:  # named, from the caniemail data
        assert client in fmt_issues[0].message, client


def test_remote_images_load_concurrently(site: Site) -> None:
    # each answer waits until all 8 requests are open at once (one after another,
    # the first would wait for the others until its timeout)
    html = "".join(
        f'<img src="{site.base}/together/8/images/logo.png?n={n}" alt="{n}">' for n in range(8)
    )
    ctx = make_ctx(html, network=True, timeout_s=30, concurrency=8)
    recs = images.inspect_images(ctx)
    assert len(recs) == 8 and all(r.format == "PNG" and r.status == 200 for r in recs)


def test_animated_gif_frame_count(site: Site) -> None:
    issues, rec = check_remote(site, "anim.gif")
    assert rec.frames == 3 and rec.animated
    assert rules(issues) == ["images/animated"]
    assert "3 frames" in issues[0].message


@pytest.mark.parametrize("name", ["corrupt.png", "garbage.jpg"])
def test_corrupt_images(site: Site, name: str) -> None:
    issues, _ = check_remote(site, name)
    assert rules(issues) == ["images/corrupt"]
    assert issues[0].severity is Severity.ERROR


@pytest.mark.parametrize("name", ["truncated.png", "truncated.jpg"])
def test_truncated_images(site: Site, name: str) -> None:
    issues, _ = check_remote(site, name)
    assert rules(issues) == ["images/truncated"]
    assert "cut short" in issues[0].message


def test_dimensions_over_4096_are_an_error(site: Site) -> None:
    issues, rec = check_remote(site, "wide.png")
    assert (rec.width, rec.height) == (5000, 10)
    assert rules(issues) == ["images/too-large"]
    assert issues[0].severity is Severity.ERROR


def test_taller_than_outlook_crops_is_warned(site: Site) -> None:
    issues, _ = check_remote(site, "tall.png")
    assert rules(issues) == ["images/too-tall"]
    assert "Outlook" in issues[0].message


def test_over_1mb_warned(site: Site) -> None:
    issues, rec = check_remote(site, "heavy.png")
    assert 1_000_000 < (rec.bytes or 0) <= 2_000_000
    assert "images/heavy" in rules(issues)
    assert all(i.severity is not Severity.ERROR for i in issues)


def test_over_2mb_is_an_error(site: Site) -> None:
    issues, rec = check_remote(site, "too-heavy.png")
    assert (rec.bytes or 0) > 2_000_000
    assert "images/too-heavy" in rules(issues)


@pytest.mark.parametrize("path", ["/huge.png", "/huge-chunked.png"])
def test_50mb_image_is_not_downloaded_whole(site: Site, path: str) -> None:
    tracemalloc.start()
    t0 = time.monotonic()
    issues, rec = check_remote(site, path, timeout=5)
    elapsed = time.monotonic() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "images/too-heavy" in rules(issues)
    assert (rec.width, rec.height) == (6000, 6000)  # read from the header alone
    if path == "/huge.png":
        assert rec.bytes == HUGE_BYTES  # from Content-Length
    assert peak < 10_000_000, peak
    assert elapsed < 5
    time.sleep(0.1)
    assert site.huge_sent and site.huge_sent[-1] < 20_000_000


def test_retina_hint_and_upscaling(site: Site) -> None:
    issues, _ = check_remote(site, "narrow.png", 'alt="x" width="200"')
    assert rules(issues) == ["images/upscaled"]
    issues, _ = check_remote(site, "retina.png", 'alt="x" width="200"')
    assert rules(issues) == ["images/retina"]
    assert "400 px" in issues[0].message
    issues, _ = check_remote(site, "sharp.png", 'alt="x" width="200"')
    assert issues == []


def test_savings_measured_by_reencoding(site: Site) -> None:
    issues, rec = check_remote(site, "bloated.jpg")
    assert rules(issues) == ["images/savings"]
    assert rec.savings_bytes > 10_000
    assert issues[0].data["savings_bytes"] == rec.savings_bytes


def test_broken_remote_image(site: Site) -> None:
    issues, rec = check_remote(site, "/img/missing.png")
    assert rules(issues) == ["images/broken"] and rec.status == 404


def test_unreachable_and_silent_servers(closed_port: str, silent_server: str) -> None:
    for base, rule in ((closed_port, "images/unreachable"), (silent_server, "images/timeout")):
        t0 = time.monotonic()
        ctx = make_ctx(f'<img src="{base}/a.png" alt="">', network=True, timeout_s=0.5)
        found = [i for i in images.check(ctx) if i.rule != "images/insecure"]
        assert rules(found) == [rule]
        assert time.monotonic() - t0 < 1.5


def test_alt_text() -> None:
    ctx = make_ctx(
        '<img src="https://e.com/a.png">\n<img src="https://e.com/b.png" alt="">\n'
        '<img src="https://e.com/c.png" role="presentation">\n'
        '<img src="https://e.com/d.png" alt="Team photo">'
    )
    found = list(images.check(ctx))
    assert rules(found) == ["images/alt-missing"]
    assert (found[0].line, found[0].column, found[0].severity) == (1, 1, Severity.ERROR)


def test_http_image_is_insecure() -> None:
    found = list(images.check(make_ctx('<img src="http://e.com/a.png" alt="">')))
    assert rules(found) == ["images/insecure"]
    assert list(images.check(make_ctx('<img src="https://e.com/a.png" alt="">'))) == []


def test_every_kind_of_image_is_collected() -> None:
    html = (
        '<html><head><style>.hero{background-image:url("https://e.com/css.png")}</style></head>'
        '<body><table background="https://e.com/attr.png"><tr>'
        '<td style="background:url(https://e.com/inline.png) no-repeat">'
        '<!--[if mso]><v:rect><v:fill type="frame" src="https://e.com/vml.png"/></v:rect>'
        "<![endif]-->"
        '<img src="https://e.com/a.png" srcset="https://e.com/a2.png 2x" alt="">'
        "</td></tr></table></body></html>"
    )
    recs = images.inspect_images(make_ctx(html))
    assert {r.src: r.kinds[0] for r in recs} == {
        "https://e.com/attr.png": "background",
        "https://e.com/inline.png": "css",
        "https://e.com/vml.png": "vml",
        "https://e.com/a.png": "img",
        "https://e.com/a2.png": "srcset",
        "https://e.com/css.png": "css",
    }


def test_workspace_assets_are_loaded_from_disk(tmp_path: Path, site: Site) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(site.images["logo.png"][1])
    (tmp_path / "assets" / "bad.gif").write_bytes(site.images["truncated.png"][1])
    project = Project(root=tmp_path)
    ctx = make_ctx(
        '<img src="assets/logo.png" alt="L"><img src="logo.png" alt="L2">'
        '<img src="assets/bad.gif" alt=""><img src="assets/none.png" alt="">',
        project=project,
        file=str(tmp_path / "emails" / "e.html"),
    )
    found = list(images.check(ctx))
    recs = {r.src: r for r in images.inspect_images(ctx)}
    assert recs["assets/logo.png"].format == "PNG" and recs["logo.png"].width == 400
    assert sorted(rules(found)) == ["images/broken", "images/truncated"]


def test_data_uri() -> None:
    png = base64.b64encode(make_png()).decode()
    recs = images.inspect_images(make_ctx(f'<img src="data:image/png;base64,{png}" alt="">'))
    assert recs[0].origin == "data" and recs[0].format == "PNG" and recs[0].width == 3


def make_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (3, 2)).save(out, "PNG")
    return out.getvalue()


def test_dynamic_src_without_profile_is_noted() -> None:
    found = list(images.check(make_ctx('<img src="https://e.com/{{ user.avatar }}" alt="">')))
    assert rules(found) == ["images/dynamic"]


def test_remote_images_not_fetched_without_network(site: Site) -> None:
    before = site.hits.get("/img/logo.png", 0)
    ctx = make_ctx(f'<img src="{site.url("/img/logo.png")}" alt="">')
    images.inspect_images(ctx)
    assert site.hits.get("/img/logo.png", 0) == before


def test_image_results_cached_by_url_across_runs(site: Site) -> None:
    cache: dict[str, object] = {}
    url = site.url("/img/photo.jpg") + "?cached=1"
    before = site.hits.get("/img/photo.jpg", 0)
    for _ in range(3):
        ctx = make_ctx(f'<img src="{url}" alt="x">', network=True, url_cache=cache)
        [rec] = images.inspect_images(ctx)
        assert rec.format == "JPEG" and rec.width == 400  # measured from the cached body
    assert site.hits.get("/img/photo.jpg", 0) - before == 1
    assert f"image:{url}" in cache


def test_x_image_without_alt_is_reported_at_its_source() -> None:
    source = '<x-base>\n  <x-image src="https://e.com/a.png" width="120px"></x-image>\n</x-base>\n'
    result = compile_email(source, file="emails/e.html")
    assert " alt=" not in result.html, "the component must not invent a decorative alt"
    found = list(images.check(CheckContext(result, Project(), CheckOptions())))
    assert rules(found) == ["images/alt-missing"]
    assert (found[0].file, found[0].line, found[0].column) == ("emails/e.html", 2, 3)


def test_x_image_with_an_authored_empty_alt_is_decorative() -> None:
    source = '<x-base><x-image src="https://e.com/a.png" alt=""></x-image></x-base>\n'
    result = compile_email(source, file="emails/e.html")
    assert 'alt=""' in result.html
    assert list(images.check(CheckContext(result, Project(), CheckOptions()))) == []
