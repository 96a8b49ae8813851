"""The studio's Publish and Export actions (studio/qt/publishing.py), offscreen, on a tiny
workspace: refusal with the error list, "Publish anyway…" with a reason, export."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from compiler.project import load_project
from studio.history import History
from studio.qt.publishing import PUBLISH_ANYWAY, default_export_path, export_email, publish_email

pytestmark = [pytest.mark.qt]

EMAIL = """---
subject: March
from: Acme <news@acme.example>
---
<!doctype html>
<html lang="en" dir="ltr"><head><title>March</title></head><body>
<div lang="en" dir="ltr"><h1>March</h1>
<p>Hello, here is what changed in your account this month, with the details.</p>
{extra}
<p><a href="https://acme.example/unsubscribe">Unsubscribe</a></p>
</div></body></html>
"""


def test_refused_then_published_anyway_with_a_reason(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "dana")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    (tmp_path / "emails").mkdir()
    (tmp_path / "mailwright.toml").write_text('name = "t"\n', "utf-8")
    email = tmp_path / "emails" / "march.html"
    email.write_text(
        EMAIL.format(extra='<p>a <table role="presentation"><tr><td>b</td></tr></table></p>'),
        "utf-8",
    )
    project = load_project(tmp_path)
    asked: list[tuple[str, str, tuple[str, ...]]] = []

    def cancel(title: str, text: str, buttons: tuple[str, ...]) -> str:
        asked.append((title, text, buttons))
        return "Cancel"

    status = publish_email(project, email, ask=cancel, reason=lambda: "unused")
    assert status == "Not published: 2 errors"
    [(title, text, buttons)] = asked
    assert title == "Publish refused" and buttons == (PUBLISH_ANYWAY, "Cancel")
    assert "emails/march.html:9:" in text and "problems/block-in-p" in text
    assert not (tmp_path / "dist").exists()

    status = publish_email(project, email, ask=lambda *_a: PUBLISH_ANYWAY, reason=lambda: "  ")
    assert status == "Not published: publishing anyway needs a reason"
    status = publish_email(
        project, email, ask=lambda *_a: PUBLISH_ANYWAY, reason=lambda: "launch today"
    )
    assert status == "Published anyway (recorded) to dist/march/: 4 files written"
    manifest = json.loads((tmp_path / "dist" / "march" / "manifest.json").read_text("utf-8"))
    assert manifest["override"]["reason"] == "launch today"
    assert manifest["override"]["by"] == "dana"
    with History(tmp_path) as history:
        [version] = history.versions(email)
    assert version.name == "Published" and "launch today" in version.message


def test_export_writes_the_chosen_format(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "emails").mkdir()
    email = tmp_path / "emails" / "march.html"
    email.write_text(EMAIL.format(extra=""), "utf-8")
    project = load_project(tmp_path)
    target = default_export_path(project, email, "zip")
    assert target == tmp_path / "dist" / "march.zip"
    status = export_email(project, email, "zip", target)
    assert status.startswith(f"Exported to {target}")
    with zipfile.ZipFile(target) as zf:
        assert sorted(zf.namelist()) == ["envelope.json", "index.html", "index.txt"]
    email.write_text("<p>a <table><tr><td>b</td></tr></table></p>\n", "utf-8")
    status = export_email(project, email, "eml", tmp_path / "x.eml")
    assert status.startswith("Not exported:") and "markup/stray-end-tag" in status
    assert not (tmp_path / "x.eml").exists()


def test_the_window_publishes_and_exports_the_demo_spring_email(
    qtbot: QtBot, tmp_path: Path
) -> None:
    import shutil

    from PySide6.QtCore import QSettings

    from studio.qt.main_window import MainWindow
    from tests.conftest import DEMO

    shutil.copytree(DEMO, tmp_path / "demo", ignore=shutil.ignore_patterns("dist"))
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.ask = lambda title, text, buttons: "Cancel"
    window.preview_settings.update(block_images=True)
    assert window.open_workspace(tmp_path / "demo")
    assert window.publish_current() is None  # no email open: nothing to publish
    page = window.open_file("emails/marketing/spring-collection.html")
    assert page is not None
    assert {
        "file.publish",
        "file.export_zip",
        "file.export_eml",
        "file.export_html",
        "file.export_pdf",
        "file.copy_html",
        "file.export_review",
    } <= set(window.qactions)
    status = window.publish_current()
    assert status == ("Published to dist/marketing/spring-collection/: 12 files written"), status
    dist = tmp_path / "demo" / "dist" / "marketing" / "spring-collection"
    assert json.loads((dist / "manifest.json").read_text("utf-8"))["checks"]["error"] == 0
    assert (
        window.publish_current()
        == "dist/marketing/spring-collection/ is up to date: nothing to publish"
    )
    target = tmp_path / "spring.eml"
    assert (
        window.export_current("eml", target)
        == f"Exported to {target} ({target.stat().st_size:,} bytes)"
    )
    from PySide6.QtWidgets import QApplication

    status = window.export_current("clipboard")
    assert status is not None and status.startswith(
        "Copied the HTML of emails/marketing/spring-collection.html ("
    )
    copied = QApplication.clipboard().text()
    from studio.export import export

    assert window.project is not None
    assert copied == export(
        tmp_path / "demo" / "emails" / "marketing" / "spring-collection.html",
        "html",
        project=window.project,
    ).decode("utf-8")
    assert "Spring is on the trail" in copied and "data-mw-node" not in copied
    report = tmp_path / "spring.pdf"
    assert (
        window.export_current("pdf", report)
        == f"Exported to {report} ({report.stat().st_size:,} bytes)"
    )
    assert report.read_bytes().startswith(b"%PDF-")
    # a component: every email using it, after the list is confirmed, all or nothing
    asked: list[str] = []

    def confirm(title: str, text: str, buttons: tuple[str, ...]) -> str:
        asked.append(text)
        return "Publish" if "Publish" in buttons else "Cancel"

    window.ask = confirm
    assert window.open_file("components/fernway-footer.html") is not None
    assert (
        window.publish_current()
        == "dist/marketing/spring-collection/ is up to date: nothing to publish"
    )
    assert asked == [
        "Publishing components/fernway-footer.html republishes the 1 email "
        "that uses it, all or none:\n\nemails/marketing/spring-collection.html"
    ]
    # the global styles: every email
    assert window.open_styles() is not None
    status = window.publish_current()
    assert "republishes the 3 emails that use it" in asked[1]
    assert "emails/transactional/receipt.fr.html" in asked[1]
    assert status is not None and status.startswith(
        "Published 2 of 3 emails using styles.json ("
    ), status
    assert (tmp_path / "demo" / "dist" / "transactional" / "receipt" / "manifest.json").is_file()
    assert (
        window.publish_current() == "3 emails using styles.json are up to date: nothing to publish"
    )
    assert window.open_file("emails/marketing/spring-collection.html") is not None
    window.ask = lambda title, text, buttons: "Cancel"
    bundle = tmp_path / "spring.review.zip"
    assert (
        window.export_current("review", bundle)
        == f"Exported to {bundle} ({bundle.stat().st_size:,} bytes)"
    )
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        assert {"report.pdf", "REVIEW.txt", "emails/marketing/spring-collection.html"} <= set(
            zf.namelist()
        )
    window.close()
