"""``studio.report``: the review report's data and HTML, without Qt (the PDF itself is
tested in ``tests/studio/render/test_report.py``)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from compiler import compile_file
from compiler.liquid.data import liquid_scope
from compiler.project import load_project
from studio.checks import check_result, prepare
from studio.report import SHOTS, Report, build, report_html
from tests.http_servers import QuietHandler, serving, solid_png

EMAIL = """---
subject: "{{ customer.first_name | default: 'Friend' }}, the <spring> sale"
from: Acme <news@acme.test>
preheader: Short
---
<!doctype html>
<html lang="en"><head><title>Spring sale</title></head><body>
<p>Hello {{ customer.first_name }}, FREE!!! the sale is on.</p>
<img src="../assets/logo.png" alt="Acme logo" width="40">
<img src="../assets/missing.png" width="40">
<p><a href="{BASE}/ok?utm_source=newsletter&utm_campaign=spring">Shop the sale</a>
<a href="{BASE}/gone">Old page</a> <a href="mailto:help@acme.test">Write to us</a></p>
</body></html>
"""


def handler() -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def do_HEAD(self) -> None:
            self.send_response(404 if self.path.startswith("/gone") else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    return Handler


@pytest.fixture
def served() -> object:
    with serving(handler()) as base:
        yield base


def workspace(root: Path, base: str) -> Path:
    (root / "emails").mkdir()
    (root / "assets").mkdir()
    (root / "data" / "profiles").mkdir(parents=True)
    (root / "mailwright.toml").write_text('name = "t"\n[data]\ndefault = "ana"\n', "utf-8")
    (root / "data" / "profiles" / "ana.json").write_text(
        '{"id": "ana", "customer": {"first_name": "Ana"}}', "utf-8"
    )
    (root / "assets" / "logo.png").write_bytes(solid_png((200, 0, 0), (40, 20)))
    path = root / "emails" / "sale.html"
    path.write_text(EMAIL.replace("{BASE}", base), "utf-8")
    return path


def report_for(path: Path) -> Report:
    project = load_project(path.parents[1])
    checks = prepare(
        ["links", "images", "spam"], profile=liquid_scope({"customer": {"first_name": "Ana"}})
    )
    checks.options.allow_private = True  # the test server is on 127.0.0.1
    result = compile_file(path, project=project)
    checked = check_result(result, "emails/sale.html", checks, project=project)
    return build(checked, checks, project=project, description="Round 1")


def test_the_report_lists_links_with_status_and_utm_images_and_the_inbox_line(
    tmp_path: Path, served: str
) -> None:
    report = report_for(workspace(tmp_path, served))
    assert report.inbox.subject == "Ana, the <spring> sale"
    assert any("Preheader is 5 characters" in w for w in report.inbox.warnings)
    assert report.profile == "data/profiles/ana.json"
    links = {r.text: r for r in report.links}
    assert [r.number for r in report.links] == [1, 2, 3]
    assert links["Shop the sale"].ok is True and links["Shop the sale"].status == "200 OK"
    assert links["Shop the sale"].utm == {"utm_source": "newsletter", "utm_campaign": "spring"}
    assert links["Old page"].ok is False and links["Old page"].status.startswith("404")
    assert links["Write to us"].ok is None and not links["Write to us"].tracked
    images = {r.src: r for r in report.images}
    assert images["../assets/logo.png"].state == "ok"
    assert images["../assets/logo.png"].size == "40 × 20 px"
    assert images["../assets/missing.png"].state != "ok"
    assert images["../assets/missing.png"].alt is None
    assert report.spam.findings  # FREE!!! fires a content rule
    assert report.counts["error"] >= 1  # the broken link and the missing image
    assert 0 < report.size < 102_000


def test_the_html_holds_every_section_escaped_with_the_screenshot_slices(
    tmp_path: Path, served: str
) -> None:
    report = report_for(workspace(tmp_path, served))
    shots = {s.key: [f"data:image/png;base64,{s.key}-{n}" for n in range(2)] for s in SHOTS}
    html = report_html(report, shots, generated="generated 2026-12-07")
    for heading in (
        "Inbox",
        "Summary",
        "Gmail size budget",
        "Desktop",
        "Desktop, dark mode",
        "Mobile",
        "Links",
        "Images",
        "Spam score",
        "Accessibility",
        "Plain-text version",
    ):
        assert f">{heading}</h" in html, heading
    assert "Ana, the &lt;spring&gt; sale" in html and "<spring>" not in html
    assert "Round 1" in html and "generated 2026-12-07" in html
    assert "utm_source=newsletter" in html and "utm_campaign=spring" in html
    for shot in SHOTS:  # every slice, in order, at the shot's width
        first, second = html.index(f"{shot.key}-0"), html.index(f"{shot.key}-1")
        assert first < second
        assert f'style="width:{shot.width}px"' in html
    assert "Desktop 700 px · light" in html and "Mobile 320 px · dark" in html


def test_a_missing_screenshot_or_spamassassin_is_said_not_hidden(
    tmp_path: Path, served: str
) -> None:
    report = report_for(workspace(tmp_path, served))
    report.spam = type(report.spam)(None, None, [], [], "SpamAssassin is not installed")
    html = report_html(report, {})
    assert "SpamAssassin did not run: SpamAssassin is not installed" in html
    assert "<img" not in html
