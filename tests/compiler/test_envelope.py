"""Front matter and sidecar envelopes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.envelope import blank_front_matter, read_front_matter, read_sidecar


@pytest.mark.parametrize(
    ("line", "expect"),
    [
        ("subject: plain words", "plain words"),
        ('subject: "double {{ a | default: \\"x\\" }}"', 'double {{ a | default: "x" }}'),
        ("subject: 'it''s {{ b }}'", "it's {{ b }}"),
        ('subject: "back\\\\slash"', "back\\slash"),
    ],
)
def test_front_matter_values_unquote_like_yaml(line: str, expect: str) -> None:
    fm = read_front_matter(f"---\n{line}\n---\n<p>x</p>")
    assert fm.envelope.subject == expect


def test_blanking_keeps_offsets() -> None:
    text = "---\nsubject: Hi\n---\n<p>x</p>"
    fm = read_front_matter(text)
    blanked = blank_front_matter(text, fm.end)
    assert len(blanked) == len(text)
    assert blanked.index("<p>") == text.index("<p>")
    assert blanked.count("\n") == text.count("\n")


def test_bad_front_matter_line_is_located() -> None:
    fm = read_front_matter("---\nsubject: ok\nthis is not a pair\n---\n")
    assert [(i.rule, i.line) for i in fm.issues] == [("envelope/front-matter", 3)]


def test_sidecar_wins_and_bad_json_is_located(tmp_path: Path) -> None:
    email = tmp_path / "a.html"
    email.write_text("---\nsubject: from front\n---\n")
    (tmp_path / "a.json").write_text(json.dumps({"subject": "from sidecar", "from": "x@y.z"}))
    fm = read_front_matter(email.read_text())
    read_sidecar(email, fm)
    assert (fm.envelope.subject, fm.envelope.from_) == ("from sidecar", "x@y.z")
    (tmp_path / "a.json").write_text('{"subject": ')
    fm = read_front_matter("")
    read_sidecar(email, fm)
    assert fm.issues and fm.issues[0].line == 1
