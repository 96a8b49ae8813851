"""Version history in a real SQLite file: record, list, diff, restore, prune, migrate,
concurrent writers, corruption."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.root import STATE_DIR
from studio.history import (
    DATABASE,
    MIGRATIONS,
    SCHEMA_VERSION,
    History,
    HistoryCorrupt,
    HistoryError,
    PrunePolicy,
    author_name,
    record_save,
)

V1 = "---\nsubject: Hi {{ customer.first_name }}\n---\n<p>One</p>\n"
V2 = "---\nsubject: Hello {{ customer.first_name }}\n---\n<p>One</p>\n<p>Two</p>\n"
V3 = "---\nsubject: Hello\n---\n<p>Three {% if x %}{{ x }}{% endif %}</p>\n"


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text("", encoding="utf-8")
    (tmp_path / "emails").mkdir()
    return tmp_path


@pytest.fixture()
def history(ws: Path) -> Iterator[History]:
    h = History(ws, author="Tess")
    yield h
    h.close()


def test_record_list_and_get(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    v1 = history.record(email, V1, when=1000.0)
    assert v1 is not None and v1.number == 1 and v1.file == "emails/a.html"
    assert history.record(email, V1) is None  # unchanged: not a new version
    history.record(email, V2, kind="publish", name="Launch", message="for the spring send")
    assert (ws / STATE_DIR / DATABASE).is_file()
    listed = history.versions(email)
    assert [v.number for v in listed] == [2, 1]
    assert listed[0].text is None and listed[0].size == len(V2)
    assert (listed[0].kind, listed[0].name, listed[0].message, listed[0].author) == (
        "publish",
        "Launch",
        "for the spring send",
        "Tess",
    )
    assert listed[1].envelope == {"subject": "Hi {{ customer.first_name }}"}
    assert [v.number for v in history.versions(email, named_only=True)] == [2]
    assert history.get("emails/a.html", 1).text == V1  # relative or absolute path alike
    latest = history.latest(email)
    assert latest is not None and latest.text == V2
    with pytest.raises(HistoryError, match=r"emails/a\.html: no version 9 \(it has versions 1–2\)"):
        history.get(email, 9)
    with pytest.raises(HistoryError, match=r"no version 1 \(it has no versions yet\)"):
        history.get(ws / "emails" / "b.html", 1)
    assert history.files() == ["emails/a.html"]
    # another connection (the CLI, another window) sees the same history
    with History(ws) as other:
        assert [v.number for v in other.versions(email)] == [2, 1]


def test_envelope_includes_the_sidecar(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    (ws / "emails" / "a.json").write_text(json.dumps({"from": "x@y.example"}), encoding="utf-8")
    v = history.record(email, V1)
    assert v is not None and v.envelope == {
        "subject": "Hi {{ customer.first_name }}",
        "from": "x@y.example",
    }


def test_unified_diff_between_versions_and_the_file(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    history.record(email, V1)
    history.record(email, V2)
    diff = history.diff(email, 1, 2)
    lines = diff.splitlines()
    assert lines[0].startswith("--- emails/a.html (version 1, ")
    assert lines[1].startswith("+++ emails/a.html (version 2, ")
    assert "-subject: Hi {{ customer.first_name }}" in lines
    assert "+subject: Hello {{ customer.first_name }}" in lines
    assert "+<p>Two</p>" in lines
    assert history.diff(email, 2, 2) == ""
    email.write_text(V3, encoding="utf-8")
    to_file = history.diff(email, 2)
    assert "+++ emails/a.html (current file)" in to_file
    assert "+<p>Three {% if x %}{{ x }}{% endif %}</p>" in to_file.splitlines()


def test_restore_keeps_the_current_text_and_records_a_version(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    history.record(email, V1)
    history.record(email, V2)
    email.write_text(V3, encoding="utf-8")  # saved elsewhere, never recorded
    restored = history.restore(email, 1)
    assert email.read_text(encoding="utf-8") == V1
    assert (restored.number, restored.kind, restored.message) == (
        4,
        "restore",
        "restored version 1",
    )
    kept = history.get(email, 3)
    assert kept.text == V3 and kept.message == "before restoring version 1"
    assert not list((ws / "emails").glob(".*restoring"))
    # an editor's unsaved text is kept the same way
    restored = history.restore(email, 2, current_text=V3 + "<p>unsaved</p>\n")
    assert history.get(email, 5).text == V3 + "<p>unsaved</p>\n"
    assert restored.number == 6 and email.read_text(encoding="utf-8") == V2
    # restoring what is already there records nothing more
    assert history.restore(email, 6).number == 6
    assert [v.number for v in history.versions(email)] == [6, 5, 4, 3, 2, 1]


def test_restore_keeps_the_file_mode(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    email.write_text(V1, encoding="utf-8")
    history.record(email, V1)
    email.write_text(V2, encoding="utf-8")
    email.chmod(0o664)
    history.restore(email, 1)
    assert email.read_text(encoding="utf-8") == V1
    assert email.stat().st_mode & 0o777 == 0o664
    assert sorted(p.name for p in email.parent.iterdir()) == ["a.html"]


def test_restore_of_a_missing_version_changes_nothing(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    email.write_text(V2, encoding="utf-8")
    history.record(email, V1)
    with pytest.raises(HistoryError, match="no version 7"):
        history.restore(email, 7)
    assert email.read_text(encoding="utf-8") == V2
    assert len(history.versions(email)) == 1


def test_prune_policy(ws: Path) -> None:
    email = ws / "emails" / "a.html"
    day = 86400.0
    now = 100 * day
    with History(ws, author="t", policy=PrunePolicy(keep_last=1000, keep_days=0)) as h:
        for i in range(10):  # versions 1..10, 10 to 1 days old
            h.record(email, f"<p>{i}</p>", when=now - (10 - i) * day, name="Kept" if i == 2 else "")
        h.record(email, "<p>pub</p>", kind="publish", when=now - 9.5 * day)
        policy = PrunePolicy(keep_last=3, keep_days=4)
        removed = h.prune(email, policy, now=now)
        left = [v.number for v in h.versions(email)]
    # kept: the newest 3 (11, 10, 9), not older than 4 days (8; 7 is exactly 4 days old),
    # named (3), published (11)
    assert left == [11, 10, 9, 8, 7, 3]
    assert removed == 5
    with History(
        ws, author="t", policy=PrunePolicy(keep_last=2, keep_days=0, keep_named=False)
    ) as h:
        h.record(email, "<p>new</p>")  # every save prunes with the history's policy
        assert [v.number for v in h.versions(email)] == [12, 11]


def test_prune_policy_from_settings() -> None:
    assert PrunePolicy.from_settings({}) == PrunePolicy()
    assert PrunePolicy.from_settings({"history": {"keep_last": 5, "keep_days": 1}}) == PrunePolicy(
        5, 1.0, True
    )
    for bad, words in (
        ({"keep_last": 0}, "at least 1"),
        ({"keep_days": -1}, "0 or more"),
        ({"keep_named": "yes"}, "true or false"),
        ({"keep": 1}, "unknown key"),
    ):
        with pytest.raises(HistoryError, match=words):
            PrunePolicy.from_settings({"history": bad})


def test_schema_is_versioned_and_migrated(ws: Path) -> None:
    db_path = ws / STATE_DIR / DATABASE
    db_path.parent.mkdir()
    old = sqlite3.connect(db_path)  # a database made by schema 1
    MIGRATIONS[0](old)
    old.execute(
        "INSERT INTO versions (file, number, created, author, kind, message, envelope,"
        " digest, text) VALUES ('emails/a.html', 1, 5.0, 'old', 'save', 'm', '{}', "
        "'x', ?)",
        (V1,),
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    with History(ws, author="t") as h:
        [v] = h.versions("emails/a.html")
        assert (v.author, v.name, v.message) == ("old", "", "m")
        assert h.record("emails/a.html", V2, name="after upgrade") is not None
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    check.commit()
    check.close()
    with History(ws) as h, pytest.raises(HistoryError, match="made by a newer Mailwright"):
        h.versions("emails/a.html")
    assert db_path.is_file()  # not corrupt: left where it is


def test_concurrent_writers_get_distinct_numbers(ws: Path) -> None:
    email = ws / "emails" / "a.html"
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            with History(ws, author=f"w{k}") as h:
                for i in range(15):
                    h.record(email, f"<p>{k}-{i}</p>")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with History(ws) as h:
        versions = h.versions(email)
    assert sorted(v.number for v in versions) == list(range(1, 61))
    assert {v.author for v in versions} == {"w0", "w1", "w2", "w3"}


def test_a_file_that_is_not_a_database_is_moved_aside(ws: Path) -> None:
    db_path = ws / STATE_DIR / DATABASE
    db_path.parent.mkdir()
    db_path.write_bytes(b"this is not sqlite at all" * 200)
    h = History(ws, author="t")
    with pytest.raises(HistoryCorrupt) as err:
        h.versions("emails/a.html")
    moved = err.value.moved_to
    assert (
        moved is not None and moved.is_file() and moved.name.startswith("history.sqlite.corrupt-")
    )
    assert moved.read_bytes().startswith(b"this is not sqlite")
    assert "damaged" in str(err.value) and "moved to" in str(err.value)
    # the next use starts a new history
    assert h.record("emails/a.html", V1) is not None
    assert [v.number for v in h.versions("emails/a.html")] == [1]
    h.close()


def test_damaged_pages_are_detected_and_moved_aside(ws: Path) -> None:
    email = ws / "emails" / "a.html"
    with History(ws, author="t") as h:
        for i in range(40):
            h.record(email, f"<p>{i}</p>" + "x" * 3000)
    db_path = ws / STATE_DIR / DATABASE
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for p in range(1, len(data) // page):  # scramble every page after the first
        data[p * page : (p + 1) * page] = bytes((i * 7 + p) % 251 for i in range(page))
    db_path.write_bytes(bytes(data))
    with History(ws, author="t") as h:
        with pytest.raises(HistoryCorrupt):
            h.versions(email)
        assert not db_path.exists() or db_path.stat().st_size < len(data)
        assert list((ws / STATE_DIR).glob("history.sqlite.corrupt-*"))


@pytest.mark.parametrize("where", ["pages 2-10", "last pages"])
def test_damage_the_queries_do_not_touch_is_found_on_opening(ws: Path, where: str) -> None:
    # Listing a file with no versions may never read the damaged pages (old versions of
    # other files), so only a check on opening notices; before it, this read as
    # "no versions yet" with exit 0.
    with History(ws, author="t") as h:
        for i in range(200):
            h.record(ws / "emails" / f"e{i % 4}.html", f"<p>{i}</p>" + "y" * 3000)
    db_path = ws / STATE_DIR / DATABASE
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    pages = len(data) // page
    assert pages > 100
    for p in range(1, 10) if where == "pages 2-10" else range(pages - 8, pages - 1):
        data[p * page : (p + 1) * page] = bytes((i * 13 + p) % 256 for i in range(page))
    db_path.write_bytes(bytes(data))
    with History(ws, author="t") as h, pytest.raises(HistoryCorrupt) as err:
        h.versions("emails/missing.html")
    assert "damaged" in str(err.value)
    assert list((ws / STATE_DIR).glob("history.sqlite.corrupt-*"))


def test_record_save_never_raises(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    assert record_save(None, email, V1) is None
    assert record_save(history, email, V1) is None
    latest = history.latest(email)
    assert latest is not None and latest.text == V1
    newer = History(ws)
    newer._connect().execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    newer.close()
    history.close()
    problem = record_save(History(ws), email, V2)
    assert problem is not None and "newer Mailwright" in problem


def test_author_from_git_config_or_user(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        assert author_name(tmp_path, environ={"USER": "grace"}) == "grace"
        return
    repo = tmp_path / "repo"
    repo.mkdir()

    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Grace Hopper"], check=True)
    assert author_name(repo) == "Grace Hopper"
    outside = tmp_path / "plain"
    outside.mkdir()
    name = author_name(outside, environ={"USER": "grace"})
    # outside a repository git still reads the global config; without one, $USER
    global_name = subprocess.run(
        ["git", "config", "--global", "user.name"], capture_output=True, text=True, check=False
    ).stdout.strip()
    assert name == (global_name or "grace")


def test_every_save_prunes_with_the_policy(ws: Path, history: History) -> None:
    email = ws / "emails" / "a.html"
    history.policy = PrunePolicy(keep_last=5, keep_days=0)
    for i in range(30):
        history.record(email, f"<p>{i}</p>", when=time.time() - 1000 + i)
    assert len(history.versions(email)) == 5
