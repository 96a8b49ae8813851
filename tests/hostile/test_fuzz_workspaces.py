"""The seeded fuzzer of ``docs/robustness.md``, extended to whole workspaces and to the
studio's document model.

Workspaces: each case writes a workspace whose settings, sample data, snippets, component
files and emails are drawn from a seeded mix of valid values, wrong types, broken TOML
and JSON, binary bytes, huge values, deep nesting, and symbolic links out of the
workspace (to a folder holding a secret). Then ``build``, ``check``, ``render`` and
``proof`` run on it in this process. The checks: the command returns 0, 1 or 2 (never
raises: a traceback would fail the test), within a per-case alarm; a refusal (exit 2)
says what is wrong on stderr; the secret beside the workspace appears in no output and no
file the run wrote; the files the fuzzer wrote are unchanged (nothing overwritten).

Documents: random edits, groups, undo and redo, saves, journal writes and recoveries on
an :class:`EmailDocument` against a shadow string: the text always equals the shadow,
undoing everything gives the text back, a save and reload give the bytes back (BOM
included).

``MAILWRIGHT_FUZZ_CASES`` (default 40 workspaces, 200 documents) and
``MAILWRIGHT_FUZZ_SEED`` as for the other fuzzers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from studio.cli import main
from studio.models.document import EmailDocument, Journal
from studio.models.text import Edit

SEED = int(os.environ.get("MAILWRIGHT_FUZZ_SEED", "20261207"))
CASES = int(os.environ.get("MAILWRIGHT_FUZZ_CASES", "0"))
WORKSPACES = CASES or 40
DOCUMENTS = CASES * 5 or 200
SECRET = "FUZZ-SECRET-51c3e"
CASE_SECONDS = 60

# -- the pieces a workspace is drawn from ---------------------------------------------

TOML_VALUES = [
    '"x"',
    "1",
    "-1",
    "0",
    "1e309",
    "true",
    "[]",
    '["a", 1]',
    "{}",
    '"../outside/p.json"',
    '"/etc/passwd"',
    '"' + "a" * 5000 + '"',
    '"\\u0000"',
    '"default"',
    '"ok"',
    '"ümlaut"',
    "2026-12-07T00:00:00Z",
]
TOML_TABLES = {
    "data": ["default"],
    "smtp": [
        "host",
        "port",
        "security",
        "username",
        "password_env",
        "timeout",
        "from",
        "to",
        "max_recipients",
        "subject_prefix",
        "verify",
        "ca_file",
        "password",
    ],
    "liquid": ["max_output_bytes", "max_loop_iterations", "strict"],
    "transformers": ["inline-css", "css-cleanup", "format", "nonsense"],
    "assets": ["base_url"],
    "localization": ["attribute", "default"],
    "history": ["keep", "max_versions"],
}
JSON_DOCS = [
    '{"id": "ok", "customer": {"first_name": "Ada", "language": "fr"}}',
    "[]",
    "null",
    '{"id": 1}',
    '{"customer": "x"}',
    "{",
    '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}",
    '{"s": "' + "x" * 200_000 + '"}',
    "\ufeff{}",
    '{"id": "a/b"}',
]
SNIPPETS = [
    "<p>{{ customer.first_name }}</p>",
    "{{ snippets.self }}",
    "{% include 'x' %}",
    "{% for i in (1..100000) %}x{% endfor %}",
    "",
    "{{",
    '{"json": true}',
]
COMPONENTS = [
    "<script>export const props = Component.defineProps({ t: Component.props.string()"
    ".default('hi') });</script><template><p>${t}</p></template>",
    "<script>while(true){}</script><template><p>x</p></template>",
    "<script>throw new Error('boom')</script><template></template>",
    '<template><div #each="i in 100000">${i}</div></template>',
    "<script>export const props = </script>",
    "<template><slot></slot><slot></slot></template>",
    "not a component at all <<<",
]
EMAILS = [
    "<x-base><x-section><x-paragraph>Hi {{ customer.first_name | default: 'you' }}"
    "</x-paragraph></x-section></x-base>",
    '<x-base><c-0></c-0><c-1 t="{{ x }}"></c-1><c-2></c-2></x-base>',
    "---\nsubject: Hi {{ customer.first_name }}\n---\n<p>{{ snippets.s0 }}</p>",
    "<mjml><mj-body><mj-section><mj-column><mj-text>{{ a }}</mj-text></mj-column>"
    "</mj-section></mj-body></mjml>",
    "<p>{% if x %}unclosed",
    "<div><span></div></span>{{ snippets.s1 }}",
    "---\nsubject: [\n---\n<p>bad front matter</p>",
]


def draw_toml(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.05:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
    if roll < 0.1:
        return b'name = "broken\n[data\n'
    lines = ['name = "fuzz"']
    for table in rng.sample(sorted(TOML_TABLES), rng.randrange(0, len(TOML_TABLES) + 1)):
        lines.append(f"\n[{table}]")
        keys = TOML_TABLES[table]
        for key in rng.sample(keys, rng.randrange(1, min(4, len(keys)) + 1)):
            if table == "transformers" and rng.random() < 0.5:
                lines.append(f'"{key}" = {{ enabled = {rng.choice(TOML_VALUES)} }}')
            else:
                lines.append(f'"{key}" = {rng.choice(TOML_VALUES)}')
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.1:
        text = "\ufeff" + text
    return text.encode("utf-8")


def draw_bytes(rng: random.Random, choices: list[str]) -> bytes:
    roll = rng.random()
    if roll < 0.07:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
    if roll < 0.1:
        return "\x00".join(rng.choice(choices)).encode("utf-8")
    text = rng.choice(choices)
    if rng.random() < 0.1:
        text = text.encode("utf-8").decode("latin-1")  # mojibake, still valid UTF-8
    return text.encode("utf-8")


def build_workspace(rng: random.Random, root: Path) -> tuple[Path, dict[Path, str]]:
    """A fuzzed workspace under ``root / "ws"``; returns it and the digest of every
    regular file the fuzzer wrote (none may change)."""
    outside = root / "outside"
    outside.mkdir()
    for name in ("secret.txt", "p.json", "c.html", "e.html"):
        (outside / name).write_text(
            json.dumps({"id": SECRET}) if name.endswith(".json") else f"<p>{SECRET}</p>",
            encoding="utf-8",
        )
    ws = root / "ws"
    for folder in ("emails", "components", "snippets", "data/profiles"):
        (ws / folder).mkdir(parents=True)
    (ws / "mailwright.toml").write_bytes(draw_toml(rng))

    def maybe_link(path: Path, target: str) -> bool:
        if rng.random() < 0.15:
            path.symlink_to(outside / target)
            return True
        return False

    for i in range(rng.randrange(1, 4)):
        path = ws / "components" / f"c-{i}.html"
        if not maybe_link(path, "c.html"):
            path.write_bytes(draw_bytes(rng, COMPONENTS))
    for i in range(rng.randrange(0, 3)):
        path = ws / "snippets" / f"s{i}.liquid"
        if not maybe_link(path, "secret.txt"):
            path.write_bytes(draw_bytes(rng, SNIPPETS))
    for name in ("default.json", "ok.json"):
        path = ws / "data" / "profiles" / name
        if not maybe_link(path, "p.json"):
            path.write_bytes(draw_bytes(rng, JSON_DOCS))
    lines = [rng.choice(JSON_DOCS).replace("\n", " ") for _ in range(rng.randrange(1, 5))]
    (ws / "data" / "proof.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i in range(rng.randrange(1, 4)):
        path = ws / "emails" / f"e{i}{rng.choice(['.html', '.html', '.mjml'])}"
        if not maybe_link(path, "e.html"):
            path.write_bytes(draw_bytes(rng, EMAILS))
    written = {p: digest(p) for p in ws.rglob("*") if p.is_file() and not p.is_symlink()}
    return ws, written


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def expired(_sig: int, _frame: object) -> None:
        raise TimeoutError(f"a fuzz case ran longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def commands(ws: Path) -> list[list[str]]:
    emails = sorted((ws / "emails").iterdir())
    return [
        ["build", str(ws), "-o", str(ws / "dist")],
        ["check", str(ws)],
        ["render", str(emails[0])],
        [
            "proof",
            str(ws),
            "--data",
            str(ws / "data" / "proof.jsonl"),
            "--jobs",
            "1",
            "--out",
            str(ws / "proofs"),
        ],
    ]


@pytest.mark.parametrize("case", range(WORKSPACES))
def test_a_fuzzed_workspace_gets_clear_answers(
    case: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(f"{SEED}/workspace/{case}")
    ws, written = build_workspace(rng, tmp_path)
    for argv in commands(ws):
        with alarm(CASE_SECONDS):
            code = main(argv)
        out, err = capsys.readouterr()
        where = (
            f"seed {SEED} case {case}: mailwright {' '.join(argv)}\n{out[-2000:]}\n{err[-2000:]}"
        )
        assert code in (0, 1, 2), where
        if code == 2:
            assert "error" in (out + err).lower(), where  # a refusal says why
        assert SECRET not in out + err, where
    for path, before in written.items():
        assert path.is_file() and digest(path) == before, f"case {case}: {path} changed"
    for path in ws.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert SECRET.encode() not in path.read_bytes(), f"case {case}: {path}"


# -- the studio's document model ------------------------------------------------------

ALPHABET = "ab <>{}%|\n\t\u00e9\u4e2d\U0001f600\r"


def random_text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, most)))


def random_edit(rng: random.Random, text: str) -> Edit:
    start = rng.randrange(0, len(text) + 1)
    end = min(len(text), start + rng.choice([0, 0, 1, 3, 20]))
    return Edit(start, text[start:end], random_text(rng, 6))


@pytest.mark.parametrize("case", range(DOCUMENTS))
def test_document_model_keeps_text_undo_and_bytes(case: int, tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}/document/{case}")
    original = random_text(rng, 200)
    bom = rng.random() < 0.3
    path = tmp_path / "email.html"
    path.write_bytes((("\ufeff" if bom else "") + original).encode("utf-8"))
    doc = EmailDocument.load(path)
    journal = Journal(tmp_path / ".mailwright" / "autosave")
    shadow = original
    saved = original

    def edit() -> None:
        nonlocal shadow
        e = random_edit(rng, shadow)
        doc.apply(e)
        shadow = e.apply(shadow)

    def group() -> None:
        nonlocal shadow
        edits, text = [], shadow
        for _ in range(rng.randrange(1, 4)):
            e = random_edit(rng, text)
            edits.append(e)
            text = e.apply(text)
        if rng.random() < 0.2:  # one that does not match: nothing is applied
            bad = Edit(len(text) + 5, "zz", "")
            with pytest.raises(ValueError):
                doc.apply_group([*edits, bad])
            return
        doc.apply_group(edits)
        shadow = text

    def undo_redo() -> None:
        before = doc.text
        undone = 0
        for _ in range(rng.randrange(1, 4)):
            if doc.undo():
                undone += 1
        for _ in range(undone):
            doc.redo()
        assert doc.text == before

    def save() -> None:
        nonlocal saved
        journal.save(doc)
        saved = doc.text
        assert path.read_bytes() == (("\ufeff" if bom else "") + saved).encode("utf-8")

    def autosave_and_recover() -> None:
        journal.write(doc)
        again = EmailDocument.load(path)  # a studio started after a crash
        unsaved = doc.text != again.text
        assert journal.recover(again) == unsaved
        assert again.text == doc.text

    steps: list[Callable[[], None]] = [
        edit,
        edit,
        edit,
        group,
        undo_redo,
        save,
        autosave_and_recover,
    ]
    for _ in range(rng.randrange(5, 40)):
        rng.choice(steps)()
        assert doc.text == shadow, f"seed {SEED} case {case}"
        assert doc.dirty == (doc.text != saved)
    while doc.can_undo:
        doc.undo()
    assert doc.text == original, f"seed {SEED} case {case}: undoing everything"
    reloaded = EmailDocument.load(path)
    assert reloaded.file_text.encode("utf-8") == path.read_bytes()
