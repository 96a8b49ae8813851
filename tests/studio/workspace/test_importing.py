"""Importing .html, .mjml and .eml files as emails."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from pathlib import Path

import pytest

from studio.workspace import Workspace, WorkspaceError

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_import_html_and_mjml(ws: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "old.htm"
    src.write_bytes("\ufeff<p>Héllo {{ name }}</p>".encode())
    res = ws.import_file(src)
    assert res.path == "emails/old.html"
    assert ws.path(res.path).read_text(encoding="utf-8") == "<p>Héllo {{ name }}</p>"
    assert ws.import_file(src).path == "emails/old (2).html"
    m = tmp_path / "promo.mjml"
    m.write_text("<mjml><mj-body></mj-body></mjml>")
    assert ws.import_file(m).path == "emails/promo.mjml"
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    with pytest.raises(WorkspaceError, match=r"cannot import \.pdf"):
        ws.import_file(bad)


def test_import_eml_keeps_cid_images(ws: Workspace, tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Big Sale {{ customer.name }}"
    msg["From"] = "Shop <shop@example.com>"
    msg.set_content("plain version")
    msg.add_alternative(
        "<html><body><img src=\"cid:logo@shop\"><p>Sale!</p><img src='cid:missing'></body></html>",
        subtype="html",
    )
    html_part = list(msg.iter_parts())[1]
    html_part.add_related(PNG, "image", "png", cid="<logo@shop>", filename="logo.png")
    eml = tmp_path / "sale.eml"
    eml.write_bytes(bytes(msg))
    res = ws.import_file(eml)
    assert res.path == "emails/Big Sale {{ customer.name }}.html"
    text = ws.path(res.path).read_text()
    assert text.startswith(
        "---\nsubject: Big Sale {{ customer.name }}\nfrom: Shop <shop@example.com>"
    )
    assert 'src="../assets/big-sale-customer-name/logo.png"' in text
    assert res.assets == ["assets/big-sale-customer-name/logo.png"]
    assert (ws.root / res.assets[0]).read_bytes() == PNG
    assert any("cid:missing" in n for n in res.notes)


def test_import_eml_plain_text_only(ws: Workspace, tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Note"
    msg.set_content("a < b")
    eml = tmp_path / "n.eml"
    eml.write_bytes(bytes(msg))
    res = ws.import_file(eml)
    assert "<pre>a &lt; b\n</pre>" in ws.path(res.path).read_text()
    assert res.notes
