"""Proofs over a generated JSONL of 10,000 profiles, with exact counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.liquid.localization import group_translations
from compiler.liquid.proof import ProofInputError, run_proof
from compiler.project import load_project

WELCOME = """---
subject: Hi {{ customer.first_name | default: "there" }}
---
<html><body>
<p>Hello {{ customer.first_name }}</p>
{% if customer.points > 100 %}<p>VIP</p>{% endif %}
""" + (
    '{% if customer.plan == "pro" %}<p>Pro</p>{% elsif customer.plan == "gold" %}<p>Gold</p>'
    "{% else %}<p>Free</p>{% endif %}\n</body></html>\n"
)

WELCOME_FR = """---
subject: Bonjour {{ customer.first_name | default: "ami" }}
---
<html><body><p>Bonjour {{ customer.first_name | default: "ami" }}</p>
{% case customer.plan %}{% when "pro" %}P{% when "enterprise" %}E{% else %}F{% endcase %}
</body></html>
"""

N = 10_000


def language(i: int) -> str | None:
    if i % 13 == 0:
        return "fr"
    if i % 17 == 0:
        return "fr-CA"
    if i % 19 == 0:
        return "de"
    return None


def profile(i: int) -> dict[str, object]:
    customer: dict[str, object] = {"plan": "pro" if i % 2 else "free", "points": i}
    if i % 7:
        customer["first_name"] = f"P{i}"
    if i % 11 == 0:
        customer["points"] = {"bad": "type"}
    lang = language(i)
    if lang:
        customer["language"] = lang
    return {"id": f"p{i}", "customer": customer}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    (root / "mailwright.toml").write_text(
        '[localization]\nattribute = "customer.language"\ndefault = "en"\n', encoding="utf-8"
    )
    (root / "emails").mkdir()
    (root / "emails" / "welcome.html").write_text(WELCOME, encoding="utf-8")
    (root / "emails" / "welcome.fr.html").write_text(WELCOME_FR, encoding="utf-8")
    with (root / "people.jsonl").open("w", encoding="utf-8") as f:
        for i in range(N):
            f.write(json.dumps(profile(i)) + "\n")
            if i == 500:
                f.write("\n")  # blank lines are skipped
    return root


def expected() -> tuple[int, int, int]:
    """(failed, missing-name count, bad-type count) for the default message."""
    failed = missing = bad = 0
    for i in range(N):
        lang = language(i)
        if lang in ("fr", "fr-CA"):
            continue  # the French translation has fallbacks and no points
        m, b = i % 7 == 0, i % 11 == 0
        missing += m
        bad += b
        failed += m or b
    return failed, missing, bad


def test_proof_of_ten_thousand_profiles(workspace: Path) -> None:
    project = load_project(workspace)
    emails = group_translations(project.emails())
    assert len(emails) == 1 and set(emails[0].variants) == {"fr"}
    report = run_proof(emails, workspace / "people.jsonl", project=project, jobs=2)
    (email,) = report.emails
    failed, missing, bad = expected()
    assert email.source == "emails/welcome.html"
    assert email.profiles == N
    assert email.failed == failed
    assert email.rendered == N - failed
    by_rule = {e.rule: e for e in email.errors}
    assert by_rule["liquid/missing-variable"].count == missing
    assert by_rule["liquid/missing-variable"].message == "Variable 'customer.first_name' is missing"
    assert (by_rule["liquid/missing-variable"].line, by_rule["liquid/missing-variable"].column) == (
        5,
        13,
    )
    examples = by_rule["liquid/missing-variable"].examples
    assert len(examples) == 5
    assert all(
        int(e[1:]) % 7 == 0 and language(int(e[1:])) not in ("fr", "fr-CA") for e in examples
    )
    assert by_rule["liquid/type-error"].count == bad
    assert by_rule["liquid/type-error"].line == 6
    assert len(by_rule["liquid/type-error"].examples) == 5
    unreached = {(b.file, b.condition) for b in email.unreached_branches}
    assert unreached == {
        ("emails/welcome.html", 'elsif customer.plan == "gold"'),
        ("emails/welcome.fr.html", 'when "enterprise" (case customer.plan)'),
    }
    gold = next(b for b in email.unreached_branches if "gold" in b.condition)
    assert (gold.line, gold.column) == (7, 42)
    assert report.failed
    shape: dict[str, Any] = report.to_json()  # JSON: read as the report's readers do
    (entry,) = shape["emails"]
    assert set(entry) == {
        "source",
        "profiles",
        "rendered",
        "failed",
        "errors",
        "unreached_branches",
    }
    assert all(
        set(e) == {"message", "count", "line", "column", "examples"} for e in entry["errors"]
    )
    # a branch of the translation: its line and column are in that file, which it names
    assert sorted(b["condition"] for b in entry["unreached_branches"]) == [
        'elsif customer.plan == "gold"',
        'when "enterprise" (case customer.plan) (in emails/welcome.fr.html)',
    ]


def test_single_process_gives_the_same_counts(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "few.jsonl"
    data.write_text("".join(json.dumps(profile(i)) + "\n" for i in range(300)), encoding="utf-8")
    project = load_project(workspace)
    emails = group_translations(project.emails())
    one = run_proof(emails, data, project=project, jobs=1).to_json()
    two = run_proof(emails, data, project=project, jobs=2).to_json()
    assert one == two


def test_invalid_json_line_names_the_line(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    lines = [json.dumps(profile(i)) for i in range(1000)]
    lines[736] = '{"id": "x", "customer": '
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = load_project(workspace)
    with pytest.raises(ProofInputError, match=r"bad\.jsonl:737: invalid JSON"):
        run_proof(group_translations(project.emails()), data, project=project, jobs=2)


def test_line_that_is_not_an_object(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "list.jsonl"
    data.write_text('{"id": "a"}\n[1, 2]\n', encoding="utf-8")
    project = load_project(workspace)
    with pytest.raises(ProofInputError, match=r":2: each line must be a JSON object"):
        run_proof(group_translations(project.emails()), data, project=project)


def test_json_array_and_out_folder(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "two.json"
    data.write_text(json.dumps([profile(1), profile(13), profile(7)]), encoding="utf-8")
    project = load_project(workspace)
    out = tmp_path / "out"
    report = run_proof(group_translations(project.emails()), data, project=project, out_dir=out)
    assert (report.emails[0].rendered, report.emails[0].failed) == (2, 1)
    html = (out / "welcome" / "p1.html").read_text(encoding="utf-8")
    assert "Hello P1" in html and "<p>Pro</p>" in html
    assert "Bonjour P13" in (out / "welcome" / "p13.html").read_text(encoding="utf-8")
    envelope = json.loads((out / "welcome" / "p13.json").read_text(encoding="utf-8"))
    assert envelope["subject"] == "Bonjour P13"
    assert not (out / "welcome" / "p7.html").exists()  # failed messages are not written


LIQUID_TAG = """<html><body>
{% liquid
  # a comment line
  if customer.plan == "pro"
    echo "Pro"
  elsif customer.plan == "gold"
    echo "Gold"
  else
    case customer.country
      when "NO"
        echo "Hei"
      when "SE"
        echo "Hej"
    endcase
  endif
  comment
    if customer.never
    endif
  endcomment
%}
{% if customer.plan == blank %}none{% endif %}
</body></html>
"""


def test_branches_inside_liquid_tags_are_tracked(tmp_path: Path) -> None:
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "tagged.html").write_text(LIQUID_TAG, encoding="utf-8")
    data = tmp_path / "people.jsonl"
    people = [
        {"customer": {"plan": "pro"}},
        {"customer": {"plan": "free", "country": "NO"}},
        {"customer": {"plan": "free", "country": "DK"}},
    ]
    data.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    project = load_project(tmp_path)
    report = run_proof(group_translations(project.emails()), data, project=project)
    (email,) = report.emails
    assert (email.rendered, email.failed) == (3, 0)
    unreached = [(b.line, b.column, b.condition) for b in email.unreached_branches]
    assert unreached == [
        (6, 3, 'elsif customer.plan == "gold"'),
        (12, 7, 'when "SE" (case customer.country)'),
        (21, 1, "if customer.plan == blank"),
    ]


def test_progress_is_reported_per_chunk(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "many.jsonl"
    data.write_text("".join(json.dumps(profile(i)) + "\n" for i in range(1000)), encoding="utf-8")
    project = load_project(workspace)
    emails = group_translations(project.emails())
    for jobs in (1, 2):
        calls: list[tuple[int, int, int]] = []

        def record(
            done: int, read: int, total: int, calls: list[tuple[int, int, int]] = calls
        ) -> None:
            calls.append((done, read, total))

        run_proof(emails, data, project=project, jobs=jobs, progress=record)
        assert len(calls) == 3  # 400-line chunks
        assert sorted(c[0] for c in calls)[-1] == 1000
        assert all(t == data.stat().st_size for _, _, t in calls)
        assert max(r for _, r, _ in calls) == data.stat().st_size
