"""The document model: edits, undo grouping, dirty state, disk, envelope, journal."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from compiler.result import Envelope
from studio.models.document import DocumentError, EmailDocument, Journal
from studio.models.text import Edit


def test_sync_text_records_minimal_edit_and_dirty(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("<p>Hello {{ name }}</p>")
    doc = EmailDocument.load(f)
    seen: list[Edit] = []
    dirt: list[bool] = []
    doc.changed.connect(seen.append)
    doc.dirty_changed.connect(dirt.append)
    doc.sync_text("<p>Hello, {{ name }}</p>")
    assert seen == [Edit(8, "", ",")]
    assert doc.dirty and dirt == [True]
    doc.sync_text("<p>Hello {{ name }}</p>")  # typed back to the saved text
    assert not doc.dirty and dirt == [True, False]


def test_typing_merges_into_one_undo_step() -> None:
    doc = EmailDocument("<p></p>")
    for i, ch in enumerate("Hi there"):
        doc.apply(Edit(3 + i, "", ch))
    assert doc.text == "<p>Hi there</p>"
    doc.undo()  # the space starts a new step: " there" goes at once
    assert doc.text == "<p>Hi</p>"
    doc.undo()
    assert doc.text == "<p></p>" and not doc.can_undo
    doc.redo()
    assert doc.text.startswith("<p>Hi")


def test_merge_window_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    doc = EmailDocument("")
    doc.apply(Edit(0, "", "a"))
    clock[0] += 5
    doc.apply(Edit(1, "", "b"))
    doc.undo()
    assert doc.text == "a"


def test_undo_redo_emit_changes_for_views() -> None:
    doc = EmailDocument("abc")
    doc.replace(1, 2, "XYZ")
    seen: list[Edit] = []
    doc.changed.connect(seen.append)
    doc.undo()
    assert doc.text == "abc" and seen == [Edit(1, "XYZ", "b")]
    doc.redo()
    assert doc.text == "aXYZc"
    doc.apply(Edit(0, "a", "q"))
    assert not doc.can_redo


def test_apply_rejects_mismatched_edit() -> None:
    doc = EmailDocument("abc")
    with pytest.raises(ValueError, match="does not match"):
        doc.apply(Edit(0, "zz", ""))


def test_save_and_external_change(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("one")
    doc = EmailDocument.load(f)
    doc.sync_text("two")
    saved: list[Path] = []
    doc.saved.connect(saved.append)
    doc.save()
    assert f.read_text() == "two" and not doc.dirty and saved == [f]
    assert not doc.disk_changed()
    f.write_text("three from git checkout")
    assert doc.disk_changed()
    doc.reload()
    assert doc.text == "three from git checkout" and not doc.dirty
    assert not doc.disk_changed()
    doc.undo()  # reload is undoable
    assert doc.text == "two" and doc.dirty


def test_load_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "b.html"
    bad.write_bytes(b"ok\xff")
    with pytest.raises(DocumentError, match=r"byte 0xff at offset 2"):
        EmailDocument.load(bad)
    with pytest.raises(DocumentError, match="cannot read"):
        EmailDocument.load(tmp_path / "missing.html")
    with pytest.raises(DocumentError, match="no file yet"):
        EmailDocument("x").save()


def test_envelope_roundtrip_keeps_body_and_offsets() -> None:
    body = "<x-base>\n  <p>{{ a }}</p>\n</x-base>\n"
    doc = EmailDocument("---\ntransformers: inline\nsubject: Old\n---\n" + body)
    doc.set_envelope_field("subject", "Hi {{ customer.first_name | default: 'there' }}")
    doc.set_envelope_field("from_", "Shop <a@b.c>")
    assert doc.text.endswith(body)
    assert doc.text.startswith("---\ntransformers: inline\nsubject: Hi {{ customer")
    env = doc.envelope
    assert env.subject == "Hi {{ customer.first_name | default: 'there' }}"
    assert env.from_ == "Shop <a@b.c>"
    doc.set_envelope(Envelope())
    assert doc.text == "---\ntransformers: inline\n---\n" + body
    doc.undo()
    assert doc.envelope.from_ == "Shop <a@b.c>"


def test_envelope_values_that_need_quotes() -> None:
    doc = EmailDocument("<p/>")
    doc.set_envelope(Envelope(subject='"quoted"', preheader="  padded ", title="a\nb"))
    env = doc.envelope
    assert (env.subject, env.preheader, env.title) == ('"quoted"', "  padded ", "a b")


def test_journal_autosave_and_recover(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("saved")
    journal = Journal(tmp_path / ".mailwright" / "autosave")
    doc = EmailDocument.load(f)
    assert not journal.autosave(doc)
    doc.sync_text("unsaved work")
    assert journal.autosave(doc)
    assert not journal.autosave(doc)  # nothing new
    # crash: a fresh session opens the file again
    again = EmailDocument.load(f)
    assert journal.recoverable(again) is not None
    assert journal.recover(again)
    assert again.text == "unsaved work" and again.dirty
    again.save()
    journal.autosave(again)
    assert journal.read(f) is None
    assert journal.entries() == []


def test_keep_moves_its_own_autosave_into_kept_and_leaves_another_studios(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("saved")
    journal = Journal(tmp_path / ".mailwright" / "autosave")
    doc = EmailDocument.load(f)
    doc.sync_text("mine, unsaved")
    assert journal.autosave(doc)
    kept = journal.keep(doc)
    assert kept is not None and kept.parent.name == "kept"
    assert json.loads(kept.read_text("utf-8"))["text"] == "mine, unsaved"
    # the autosave copy held the kept text: a later open offers nothing twice
    assert journal.read(f) is None
    assert journal.recoverable(EmailDocument.load(f)) is None
    # an autosave written meanwhile by the studio that took over is not this editor's
    other = EmailDocument.load(f)
    other.sync_text("theirs, unsaved")
    assert journal.autosave(other)
    doc.sync_text("mine, typed on")
    assert journal.keep(doc) is not None
    entry = journal.read(f)
    assert entry is not None and entry.text == "theirs, unsaved"


def test_save_keeps_the_file_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text("<p>one</p>\n")
    path.chmod(0o664)
    doc = EmailDocument.load(path)
    doc.set_text("<p>two</p>\n")
    doc.save()
    assert path.read_text() == "<p>two</p>\n"
    assert path.stat().st_mode & 0o777 == 0o664
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".mailwright")) == [
        "a.html"
    ]


def test_journaled_save_never_leaves_an_older_autosave_to_recover(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("v0")
    journal = Journal(tmp_path / ".mailwright" / "autosave")
    doc = EmailDocument.load(f)
    doc.sync_text("v1")
    assert journal.autosave(doc)  # an autosave of v1 ...
    doc.sync_text("v2")
    journal.save(doc)  # ... then a save of v2
    assert f.read_text() == "v2" and journal.read(f) is None
    # The state a crash between writing the file and clearing the journal leaves:
    # the journal was written ahead with the text being saved, so it equals the file
    # and is not offered (an older autosave would have undone the save).
    doc.sync_text("v3")
    journal.write(doc)
    doc.save()
    assert journal.read(f) is not None
    assert journal.recoverable(EmailDocument.load(f)) is None


def test_a_failed_journaled_save_keeps_the_whole_text_in_the_journal(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("v0")
    journal = Journal(tmp_path / ".mailwright" / "autosave")
    doc = EmailDocument.load(f)
    doc.sync_text("typed just now")  # never autosaved
    blocked = tmp_path / "b.html"
    blocked.mkdir()
    (blocked / "x").write_text("in the way")
    with pytest.raises(DocumentError):
        journal.save(doc, blocked)  # the write fails: a real error, not a mock
    entry = journal.read(f)
    assert entry is not None and entry.text == "typed just now"
    assert f.read_text() == "v0"


def test_save_as_clears_the_journal_of_the_old_name(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("v0")
    journal = Journal(tmp_path / ".mailwright" / "autosave")
    doc = EmailDocument.load(f)
    doc.sync_text("v1")
    journal.autosave(doc)
    journal.save(doc, tmp_path / "b.html")
    assert journal.entries() == []


def test_apply_group_is_one_step_with_its_selection_and_all_or_nothing() -> None:
    doc = EmailDocument("abc def")
    seen: list[object] = []
    doc.selection_restored.connect(seen.append)
    doc.replace(0, 0, "x")  # an ordinary typed edit before
    doc.apply_group(
        [Edit(5, "def", "DEF"), Edit(1, "abc", "ABC")], selection_before=(1,), selection_after=(5,)
    )
    assert doc.text == "xABC DEF"
    doc.undo()
    assert doc.text == "xabc def" and seen == [(1,)]
    doc.redo()
    assert doc.text == "xABC DEF" and seen == [(1,), (5,)]
    with pytest.raises(ValueError, match="offset 0"):
        doc.apply_group([Edit(1, "ABC", "z"), Edit(0, "nope", "")])
    assert doc.text == "xABC DEF"  # nothing of the refused group was applied


def test_save_keeps_the_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_bytes(b"\xef\xbb\xbf<p>one</p>\r\n<p>two</p>\r\n")
    doc = EmailDocument.load(f)
    assert doc.bom and doc.text == "<p>one</p>\r\n<p>two</p>\r\n"
    assert not doc.disk_changed()
    doc.replace(3, 6, "ONE")
    doc.save()
    assert f.read_bytes() == b"\xef\xbb\xbf<p>ONE</p>\r\n<p>two</p>\r\n"
    f.write_bytes(f.read_bytes())  # rewritten by another program, same bytes
    assert not doc.disk_changed()
    plain = tmp_path / "b.html"
    plain.write_bytes(b"<p>x</p>\n")
    other = EmailDocument.load(plain)
    other.replace(3, 4, "y")
    other.save()
    assert plain.read_bytes() == b"<p>y</p>\n"  # no mark added where there was none
