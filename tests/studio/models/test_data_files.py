"""Snippet and data files in the studio: checked as the product reads them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.models.data_files import DataFile, check_data_file


@dataclass(frozen=True)
class Case:
    description: str
    name: str
    text: str
    snippet: bool
    expect: list[tuple[str, str, int, int]]  # severity, message start, line, column


CASES = [
    Case("a profile", "maya.json", '{"customer": {"first_name": "Maya"}}', False, []),
    Case(
        "a profile with a missing comma",
        "maya.json",
        '{\n  "customer": {"first_name": "Maya"}\n  "x": 1\n}',
        False,
        [("error", "invalid JSON: Expecting ',' delimiter", 3, 3)],
    ),
    Case(
        "a profile that is a list",
        "maya.json",
        "[1]",
        False,
        [("error", "a profile must be a JSON object", 1, 1)],
    ),
    Case(
        "a people list with a bad line",
        "people.jsonl",
        '{"id": 1}\n\n[2]\n{"id": 3',
        False,
        [
            ("error", "each line must be a JSON object", 3, 1),
            ("error", "invalid JSON: Expecting ',' delimiter", 4, 1),
        ],
    ),
    Case("a JSON snippet may be a list", "greetings.json", '["Hi", "Hello"]', True, []),
    Case(
        "a broken JSON snippet",
        "greetings.json",
        '["Hi",',
        True,
        [("error", "invalid JSON: Expecting value", 1, 7)],
    ),
    Case(
        "a text snippet over the limit",
        "address.html",
        "x" * 17000,
        True,
        [("warning", "snippet is larger than 16 KB", 0, 0)],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_check_data_file(case: Case) -> None:
    got = check_data_file(Path("/w") / case.name, case.text, snippet=case.snippet)
    assert len(got) == len(case.expect)
    for issue, (severity, start, line, column) in zip(got, case.expect, strict=True):
        assert issue.severity.value == severity
        assert issue.message.startswith(start), issue.message
        assert (issue.line, issue.column) == (line, column)


def test_errors_keep_the_file_from_being_saved(tmp_path: Path) -> None:
    path = tmp_path / "maya.json"
    path.write_text('{"customer": {}}', encoding="utf-8")
    model = DataFile.load(path, snippet=False)
    seen: list[int] = []
    model.changed.connect(lambda problems: seen.append(len(problems)))
    model.set_text('{"customer": ')
    assert model.dirty and model.errors and seen == [1]
    assert not model.save()
    assert path.read_text(encoding="utf-8") == '{"customer": {}}'
    model.set_text('{"customer": {"first_name": "Mia"}}')
    assert model.save() and not model.dirty
    assert path.read_text(encoding="utf-8") == '{"customer": {"first_name": "Mia"}}'
