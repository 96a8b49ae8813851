"""``studio.export`` and ``mailwright export``: ZIP, ``.eml`` (round-tripped through Python's
``email`` parser) and HTML."""

from __future__ import annotations

import email
import json
import zipfile
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from studio.cli import main
from tests.http_servers import solid_png

EMAIL = """---
subject: "{{ customer.first_name | default: 'Friend' }}, your March update"
from: Acme News <news@acme.test>
reply_to: help@acme.test
preheader: Three things changed
---
<!doctype html>
<html lang="en"><head><title>March</title>
<style>.hero { background: url(../assets/bg.png); }</style></head><body>
<p>Hello {{ customer.first_name }}, this is the monthly note with everything that changed.</p>
<img src="../assets/logo.png" alt="Logo" width="40">
<img src="https://cdn.acme.test/hero.png" alt="Hero" width="60">
<img src="https://elsewhere.test/pixel.png" alt="" width="1">
<p><a href="https://acme.test/unsubscribe">Unsubscribe</a></p>
</body></html>
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "emails").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "data" / "profiles").mkdir(parents=True)
    (tmp_path / "mailwright.toml").write_text(
        'name = "t"\n[data]\ndefault = "ana"\n[assets]\nbase_url = "https://cdn.acme.test/"\n',
        "utf-8",
    )
    (tmp_path / "data" / "profiles" / "ana.json").write_text(
        '{"id": "ana", "customer": {"first_name": "Ana"}}', "utf-8"
    )
    (tmp_path / "assets" / "logo.png").write_bytes(solid_png((200, 0, 0), (40, 20)))
    (tmp_path / "assets" / "hero.png").write_bytes(solid_png((0, 0, 200), (60, 20)))
    (tmp_path / "assets" / "bg.png").write_bytes(solid_png((0, 200, 0), (10, 10)))
    (tmp_path / "emails" / "news.html").write_text(EMAIL, "utf-8")
    return tmp_path


def test_zip_holds_html_with_relative_images_text_and_envelope(ws: Path) -> None:
    out = ws / "out" / "news.zip"
    assert (
        main(["export", str(ws / "emails" / "news.html"), "--format", "zip", "-o", str(out)]) == 0
    )
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == [
            "assets/bg.png",
            "assets/hero.png",
            "assets/logo.png",
            "envelope.json",
            "index.html",
            "index.txt",
        ]
        html = zf.read("index.html").decode()
        for name in ("bg", "hero", "logo"):
            assert zf.read(f"assets/{name}.png") == (ws / "assets" / f"{name}.png").read_bytes()
        envelope = json.loads(zf.read("envelope.json"))
        text = zf.read("index.txt").decode()
    assert 'src="assets/logo.png"' in html and 'src="assets/hero.png"' in html
    assert "url(assets/bg.png)" in html
    assert "https://elsewhere.test/pixel.png" in html  # not a workspace asset: linked
    assert "{{ customer.first_name }}" in html  # the ESP renders the Liquid
    assert envelope["rendered"]["subject"] == "Ana, your March update"
    assert envelope["raw"]["from"] == "Acme News <news@acme.test>"
    assert "monthly note" in text
    # The same email gives the same bytes.
    first = out.read_bytes()
    assert (
        main(["export", str(ws / "emails" / "news.html"), "--format", "zip", "-o", str(out)]) == 0
    )
    assert out.read_bytes() == first


def test_eml_round_trips_through_the_email_parser_with_every_part(ws: Path) -> None:
    assert main(["export", str(ws / "emails" / "news.html"), "--format", "eml"]) == 0
    raw = (ws / "dist" / "news.eml").read_bytes()
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg["Subject"] == "Ana, your March update"
    assert msg["From"] == "Acme News <news@acme.test>"
    assert msg["Reply-To"] == "help@acme.test"
    assert msg["To"] is None
    assert msg.get_content_type() == "multipart/alternative"
    plain, related = msg.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert "Hello Ana, this is the monthly note" in plain.get_content()
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.iter_parts()
    assert html_part.get_content_type() == "text/html"
    html = html_part.get_content()
    assert "Hello Ana," in html
    cids = {p["Content-ID"].strip("<>"): p for p in images}
    assert len(cids) == 3
    for cid, part in cids.items():
        assert f"cid:{cid}" in html
        name = part.get_filename()
        assert name is not None
        assert part.get_content_type() == "image/png"
        assert part.get_content_disposition() == "inline"
        assert part.get_content() == (ws / "assets" / name).read_bytes()
    assert "../assets" not in html and "https://cdn.acme.test/" not in html
    assert "https://elsewhere.test/pixel.png" in html
    # What the parser read serializes back to the same message.
    assert email.message_from_bytes(bytes(msg), policy=policy.default).as_bytes() == msg.as_bytes()


def test_html_to_stdout_or_a_file(ws: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    src = ws / "emails" / "news.html"
    assert main(["export", str(src), "--format", "html"]) == 0
    out = capsysbinary.readouterr().out
    assert out.lower().startswith(b"<!doctype html>")
    assert b"{{ customer.first_name }}" in out and b"../assets/logo.png" in out
    assert main(["export", str(src), "--format", "html", "-o", str(ws / "x.html")]) == 0
    assert (ws / "x.html").read_bytes() == out


def test_errors_and_bad_input(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = ws / "emails" / "bad.html"
    bad.write_text("<p>a <table><tr><td>b</td></tr></table></p>\n", "utf-8")
    assert main(["export", str(bad), "--format", "zip", "-o", str(ws / "b.zip")]) == 1
    err = capsys.readouterr().err
    assert "bad.html:1:" in err and "not exported: 1 compile error" in err
    assert not (ws / "b.zip").exists()
    assert main(["export", str(ws / "nope.html"), "--format", "eml"]) == 2
    assert "no such email file" in capsys.readouterr().err
    assert main(["export", str(ws / "emails"), "--format", "eml"]) == 2
    liquid = ws / "emails" / "liquid.html"
    liquid.write_text(
        EMAIL.replace("{{ customer.first_name }}", "{{ customer.first_name | nosuchfilter }}"),
        "utf-8",
    )
    code = main(["export", str(liquid), "--format", "eml", "-o", str(ws / "l.eml")])
    err = capsys.readouterr().err
    assert code == 1 and "liquid.html:" in err, err
    assert not (ws / "l.eml").exists()
