"""``studio.publish`` and ``mailwright publish``: the quality gate, the dist/ layout, the
manifest's digests, idempotence, republishing the users of a component or the styles."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compiler.project import load_project
from studio.checks import Checks, prepare
from studio.cli import main
from studio.history import History
from studio.publish import (
    Published,
    PublishError,
    PublishRefused,
    PublishRequest,
    publish,
    rewrite_urls,
    targets,
)
from studio.publish import prepare as prepare_email
from tests.http_servers import QuietHandler, serving, solid_png

GOOD = """---
subject: Your March update, {{{{ customer.first_name | default: "friend" }}}}
from: Ana <ana@example.com>
---
<!doctype html>
<html lang="en" dir="ltr"><head><title>Your March update</title></head><body>
<div lang="en" dir="ltr">
<h1>March at a glance</h1>
<p>Hello, here is what changed in your account this month, with the details.</p>
<img src="../assets/logo.png" alt="Acme" width="40" height="20">
<table role="presentation"><tr><td>Your plan renews on 1 April.</td></tr></table>
<p><a href="{base}/ok">Read the details</a></p>
<p><a href="{base}/unsubscribe">Unsubscribe</a></p>
</div></body></html>
"""
# One error (at least) from each validator: the compile's markup check (line 13),
# problems, spam content rules, links, images, SpamAssassin (GTUBE), EMC, axe-core.
BAD = """---
subject: Your March update
from: Ana <ana@example.com>
---
<!doctype html>
<html lang="en" dir="ltr"><head><title>Your March update</title></head><body>
<div lang="en" dir="ltr">
<h1>March at a glance</h1>
<p>Hello, here is what changed in your account this month, with the details.</p>
<p>XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X</p>
<img src="../assets/logo.png" width="40" height="20">
<img src="../assets/gone.png" alt="Gone" width="40" height="20">
<p>Your plan <table><tr><td>renews on 1 April.</td></tr></table></p>
<p><a href="{base}/missing">Read the details</a></p>
</div></body></html>
"""
BAD_ERRORS = {
    (13, "markup/stray-end-tag"),
    (13, "problems/block-in-p"),
    (0, "spam/unsubscribe-missing"),
    (14, "links/broken"),
    (11, "images/alt-missing"),
    (12, "images/broken"),
    (0, "spam/sa/score"),
    (13, "a11y/table-role"),
    (11, "a11y/image-alt"),
}

CARD = '<script></script>\n<template><p class="card"><slot>card</slot></p></template>\n'
WRAP = (
    "<script></script>\n"
    '<template><div class="wrap"><ac-card><slot></slot></ac-card></div></template>\n'
)
OTHER = '<script></script>\n<template><p class="other">other</p></template>\n'
STATIC = """---
subject: {subject}
---
<!doctype html>
<html lang="en"><head><title>t</title></head><body>
<p>Hello there, this is the monthly note with everything that changed.</p>
{body}
<p><a href="https://example.com/unsubscribe">Unsubscribe</a></p>
</body></html>
"""


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    class Handler(QuietHandler):
        def do_HEAD(self) -> None:
            self.send_response(200 if self.path in ("/ok", "/unsubscribe") else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    with serving(Handler) as url:
        yield url


def make_workspace(root: Path) -> Path:
    """A tiny workspace: two components (one nested), styles, a profile, an image."""
    (root / "emails").mkdir(parents=True)
    (root / "components").mkdir()
    (root / "assets").mkdir()
    (root / "data" / "profiles").mkdir(parents=True)
    (root / "mailwright.toml").write_text(
        'name = "t"\n[data]\ndefault = "ana"\n[assets]\nbase_url = "https://cdn.test.example/"\n',
        "utf-8",
    )
    (root / "data" / "profiles" / "ana.json").write_text(
        '{"id": "ana", "customer": {"first_name": "Ana"}}', "utf-8"
    )
    (root / "styles.json").write_text('{"version": 1}\n', "utf-8")
    (root / "assets" / "logo.png").write_bytes(solid_png((200, 0, 0), (40, 20)))
    (root / "assets" / "hero.png").write_bytes(solid_png((0, 0, 200), (60, 20)))
    (root / "components" / "ac-card.html").write_text(CARD, "utf-8")
    (root / "components" / "ac-wrap.html").write_text(WRAP, "utf-8")
    (root / "components" / "ac-other.html").write_text(OTHER, "utf-8")
    return root


def static_email(root: Path, name: str, body: str, subject: str = "Hello") -> Path:
    path = root / "emails" / f"{name}.html"
    path.write_text(STATIC.format(subject=subject, body=body), "utf-8")
    return path


def static_checks() -> Checks:
    return prepare()  # the default validators: problems and spam content rules


def run_publish(root: Path, path: Path, request: PublishRequest | None = None) -> list[Published]:
    request = request or PublishRequest()
    project = load_project(root)
    _kind, emails = targets(project, path)
    checks = static_checks()
    prepared = [prepare_email(e, checks, project=project, request=request) for e in emails]
    return publish(prepared, project=project, request=request)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def manifest(root: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "dist" / name / "manifest.json").read_text("utf-8"))
    return data


# ---- the whole gate, every validator, through the command line -----------------------


def test_refuses_on_each_validators_error_then_publishes_after_the_fix(
    tmp_path: Path, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("spamassassin") is None:
        pytest.skip("SpamAssassin not installed: apt-get install spamassassin")
    root = make_workspace(tmp_path / "ws")
    email = root / "emails" / "news.html"
    email.write_text(BAD.format(base=base), "utf-8")
    assert main(["publish", str(email)]) == 1
    out, err = capsys.readouterr()
    if "a11y check is unavailable" in err:
        pytest.skip(f"no browser engine for the accessibility check: {err.strip()}")
    found = {
        (int(m.group(1) or 0), m.group(2))
        for m in re.finditer(
            r"^  emails/news\.html(?::(\d+):\d+)?: error: .* \[([\w/.-]+)\]$", out, re.M
        )
    }
    assert found == BAD_ERRORS
    assert "publish refused: 9 errors in 1 of 1 email; nothing was written" in err
    assert not (root / "dist").exists()
    with History(root) as history:
        assert history.versions(email) == []

    email.write_text(GOOD.format(base=base), "utf-8")
    assert main(["publish", str(email)]) == 0
    out, err = capsys.readouterr()
    assert "✓ emails/news.html → dist/news/: 5 files written" in out
    dist = root / "dist" / "news"
    assert sorted(snapshot(dist)) == [
        "assets/logo.png",
        "envelope.json",
        "index.html",
        "index.txt",
        "manifest.json",
    ]
    data = manifest(root, "news")
    checks = data["checks"]
    assert isinstance(checks, dict)
    assert checks["ran"] == ["problems", "spam", "emc", "links", "images", "spamassassin", "a11y"]
    assert checks["error"] == 0 and checks["not_checked"] == {}
    with History(root) as history:
        [version] = history.versions(email)
    assert version.name == "Published" and version.kind == "publish"


# ---- the layout of dist/<email>/ ----------------------------------------------------------


def test_dist_holds_html_text_envelope_images_and_manifest(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    email = static_email(
        root,
        "news",
        '<img src="../assets/logo.png" alt="Logo" width="40">\n'
        '<img src="https://cdn.test.example/hero.png" alt="Hero" width="60">',
        subject="Hi {{ customer.first_name }}",
    )
    run_publish(root, email)
    dist = root / "dist" / "news"
    assert sorted(snapshot(dist)) == [
        "assets/hero.png",
        "assets/logo.png",
        "envelope.json",
        "index.html",
        "index.txt",
        "manifest.json",
    ]
    html = (dist / "index.html").read_text("utf-8")
    # The relative reference follows the image; the URL under [assets] base_url is where
    # the image is published, so it stays.
    assert 'src="assets/logo.png"' in html and "../assets" not in html
    assert 'src="https://cdn.test.example/hero.png"' in html
    assert (dist / "assets" / "logo.png").read_bytes() == (
        root / "assets" / "logo.png"
    ).read_bytes()
    assert "monthly note" in (dist / "index.txt").read_text("utf-8")
    envelope = json.loads((dist / "envelope.json").read_text("utf-8"))
    assert envelope["raw"]["subject"] == "Hi {{ customer.first_name }}"
    assert envelope["rendered"]["subject"] == "Hi Ana"
    assert envelope["profile"] == "data/profiles/ana.json"
    data = manifest(root, "news")
    outputs = data["outputs"]
    assert isinstance(outputs, dict) and set(outputs) == set(snapshot(dist)) - {"manifest.json"}
    assert data["tool"] == {"name": "mailwright", "version": __import__("studio").__version__}


def test_rewrite_urls_replaces_whole_values_only() -> None:
    html = (
        '<img src="a.png" srcset="a.png 1x, a.png.bak 2x">'
        '<td style="background:url(a.png)"><a href="xa.png">'
    )
    assert rewrite_urls(html, {"a.png": "assets/a.png"}) == (
        '<img src="assets/a.png" srcset="assets/a.png 1x, a.png.bak 2x">'
        '<td style="background:url(assets/a.png)"><a href="xa.png">'
    )


# ---- idempotence and digests -------------------------------------------------------------


def test_an_unchanged_email_writes_nothing(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    email = static_email(root, "news", '<img src="../assets/logo.png" alt="Logo" width="40">')
    [first] = run_publish(root, email)
    before = snapshot(root / "dist")
    [again] = run_publish(root, email)
    assert not first.unchanged and again.unchanged
    assert snapshot(root / "dist") == before  # same inodes, same mtimes
    with History(root) as history:
        assert len(history.versions(email)) == 1


def test_manifest_digests_change_exactly_when_their_inputs_do(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    email = static_email(root, "news", "<ac-wrap>inside</ac-wrap>")
    run_publish(root, email)
    first = manifest(root, "news")
    assert set(first["components"]) == {"ac-card", "ac-wrap"}

    def changed(after: dict[str, Any]) -> set[str]:
        keys = ("source_digest", "components", "styles", "settings")
        return {k for k in keys if after[k] != first[k]}

    # A component the email does not use: nothing to write.
    before = snapshot(root / "dist")
    (root / "components" / "ac-other.html").write_text(OTHER.replace("other", "else"), "utf-8")
    [same] = run_publish(root, email)
    assert same.unchanged and snapshot(root / "dist") == before

    steps = [
        (root / "components" / "ac-card.html", CARD.replace("card", "tile"), {"components"}),
        (root / "styles.json", '{"version": 1, "colors": []}\n', {"styles"}),
        (
            root / "mailwright.toml",
            (root / "mailwright.toml").read_text("utf-8") + "# x\n",
            {"settings"},
        ),
        (email, email.read_text("utf-8").replace("monthly", "weekly"), {"source_digest"}),
        (root / "emails" / "news.txt", "plain words\n", {"source_digest"}),
    ]
    for path, text, expect in steps:
        path.write_text(text, "utf-8")
        run_publish(root, email)
        after = manifest(root, "news")
        assert changed(after) == expect, path.name
        first = after
    components = first["components"]
    assert (
        isinstance(components, dict) and components["ac-card"]["file"] == "components/ac-card.html"
    )


# ---- forced publishes ---------------------------------------------------------------------


def test_force_records_who_overrode_which_errors_and_why(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    email = static_email(root, "news", "<p>a <table><tr><td>b</td></tr></table></p>")
    with pytest.raises(PublishRefused) as refused:
        run_publish(root, email)
    [p] = refused.value.refused
    rules = sorted({i.rule for i in p.errors})
    assert rules == ["markup/stray-end-tag", "problems/block-in-p"]
    with pytest.raises(PublishError, match="--reason"):
        run_publish(root, email, PublishRequest(force=True))
    request = PublishRequest(force=True, reason="client asked, fixing Monday", author="Bea")
    [done] = run_publish(root, email, request)
    assert done.forced
    override = manifest(root, "news")["override"]
    assert isinstance(override, dict)
    assert override["by"] == "Bea" and override["reason"] == "client asked, fixing Monday"
    assert [line.split(": ")[1] for line in override["errors"]] == [
        "markup/stray-end-tag",
        "problems/block-in-p",
    ]
    assert all(line.startswith("emails/news.html:7:") for line in override["errors"])
    with History(root) as history:
        [version] = history.versions(email)
    assert version.name == "Published" and version.author == "Bea"
    assert (
        "published anyway by Bea despite 2 errors (markup/stray-end-tag, "
        "problems/block-in-p): client asked, fixing Monday" in version.message
    )


def test_force_without_reason_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_workspace(tmp_path)
    email = static_email(root, "news", "")
    assert main(["publish", str(email), "--force"]) == 2
    assert "--force needs --reason" in capsys.readouterr().err
    assert main(["publish", str(root / "nowhere.html")]) == 2
    assert main(["publish", str(root / "assets" / "logo.png")]) == 2
    assert "not an email, a component or styles.json" in capsys.readouterr().err


# ---- components and styles ----------------------------------------------------------------


def test_a_component_republishes_every_email_using_it_all_or_nothing(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    direct = static_email(root, "direct", "<ac-card>one</ac-card>")
    nested = static_email(root, "nested", "<ac-wrap>two</ac-wrap>")
    is_use = static_email(root, "is-use", '<div #is="ac-card">three</div>')
    static_email(root, "plain", "<p>no components</p>")
    project = load_project(root)
    card = root / "components" / "ac-card.html"
    kind, emails = targets(project, card)
    assert kind == "component"
    assert emails == [
        root / "emails" / "direct.html",
        root / "emails" / "is-use.html",
        root / "emails" / "nested.html",
    ]
    assert targets(project, root / "styles.json") == ("styles", project.emails())

    # One user fails: none is written.
    nested.write_text(
        nested.read_text("utf-8").replace(
            "<ac-wrap>two</ac-wrap>",
            "<ac-wrap>two</ac-wrap><p><table><tr><td>x</td></tr></table></p>",
        ),
        "utf-8",
    )
    with pytest.raises(PublishRefused) as refused:
        run_publish(root, card)
    assert [p.label for p in refused.value.refused] == ["emails/nested.html"]
    assert not (root / "dist").exists()

    nested.write_text(STATIC.format(subject="Hello", body="<ac-wrap>two</ac-wrap>"), "utf-8")
    done = run_publish(root, card)
    assert [d.label for d in done] == [
        "emails/direct.html",
        "emails/is-use.html",
        "emails/nested.html",
    ]
    assert sorted(p.name for p in (root / "dist").iterdir()) == ["direct", "is-use", "nested"]
    assert direct.exists() and is_use.exists()


def test_publish_of_a_component_prints_its_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_workspace(tmp_path)
    (root / "mailwright.toml").write_text('name = "t"\n', "utf-8")
    assert main(["publish", str(root / "components" / "ac-other.html")]) == 0
    assert "nothing to publish: no email uses components/ac-other.html" in capsys.readouterr().out


@pytest.fixture(autouse=True)
def _no_git_author(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """History authors come from git or $USER: pin $USER and keep git out of tmp_path."""
    monkeypatch.setenv("USER", "tester")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
