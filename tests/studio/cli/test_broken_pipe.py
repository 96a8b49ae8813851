"""``mailwright … | head -1``: the reader leaves early; no traceback, exit 141.

Each command runs in a subprocess whose stdout is a real pipe. The output is
made much larger than a pipe holds (64 KiB), so the command is certainly still
writing when the test reads one line and closes the pipe: the broken pipe is
an event, not a race.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from studio.cli import EXIT_BROKEN_PIPE
from studio.history import History

ROOT = Path(__file__).resolve().parents[3]
PARAGRAPHS = "".join(
    f"    <x-paragraph>Paragraph {i}: {'lorem ipsum dolor ' * 8}</x-paragraph>\n"
    for i in range(3000)
)
BIG = (
    f"---\nsubject: Big\nfrom: a@b.example\n---\n<x-base>\n  <x-section>\n{PARAGRAPHS}"
    "  </x-section>\n</x-base>\n"
)
MANY_PROBLEMS = "<x-base>\n" + "  <x-bogus>x</x-bogus>\n" * 6000 + "</x-base>\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("pipe")
    (ws / "mailwright.toml").write_text('name = "pipe"\n', encoding="utf-8")
    (ws / "emails").mkdir()
    (ws / "emails" / "big.html").write_text(BIG, encoding="utf-8")
    (ws / "emails" / "bad.html").write_text(MANY_PROBLEMS, encoding="utf-8")
    (ws / "data" / "profiles").mkdir(parents=True)
    (ws / "data" / "profiles" / "ana.json").write_text('{"id": "ana"}', encoding="utf-8")
    history = History(ws)
    history.record(ws / "emails" / "big.html", BIG)
    history.record(ws / "emails" / "big.html", BIG.replace("lorem", "LOREM"))
    history.close()
    return ws


def first_line_then_close(argv: list[str], log: Path) -> tuple[int, str]:
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "studio", *argv], cwd=ROOT, stdout=subprocess.PIPE, stderr=err
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        code = proc.wait(timeout=600)
    return code, first.decode("utf-8", "replace") + log.read_text(encoding="utf-8")


# Commands that print line by line meet the closed pipe and end with 141. Those that
# write one large block may not: on some kernels a single write into a pipe whose
# reader has gone returns without an error (seen on this project's machines), and
# the command then ends normally. Either way: no traceback, no error message.
@pytest.mark.parametrize(
    ("argv", "codes"),
    [
        (["build", "{ws}/emails/bad.html", "-o", "{out}"], {EXIT_BROKEN_PIPE}),
        (["build", "{ws}/emails/bad.html", "-o", "{out}", "--format", "json"], {EXIT_BROKEN_PIPE}),
        (["check", "{ws}/emails/bad.html"], {EXIT_BROKEN_PIPE}),
        (["render", "{ws}/emails/big.html"], {0, EXIT_BROKEN_PIPE}),
        (
            ["send", "{ws}/emails/big.html", "--to", "me@example.com", "--dry-run"],
            {0, EXIT_BROKEN_PIPE},
        ),
        (["history", "{ws}/emails/big.html", "show", "1"], {0, EXIT_BROKEN_PIPE}),
        (["history", "{ws}/emails/big.html", "diff", "1", "2"], {0, EXIT_BROKEN_PIPE}),
    ],
    ids=lambda a: " ".join(x for x in a if not x.startswith("{")) if isinstance(a, list) else "",
)
def test_a_reader_that_leaves_early_gets_no_traceback(
    argv: list[str], codes: set[int], workspace: Path, tmp_path: Path
) -> None:
    args = [a.format(ws=workspace, out=tmp_path / "out") for a in argv]
    code, shown = first_line_then_close(args, tmp_path / "stderr.txt")
    assert "Traceback" not in shown and "BrokenPipeError" not in shown, shown[-2000:]
    assert "Exception ignored" not in shown and "mailwright: error" not in shown, shown[-2000:]
    assert code in codes, shown[-2000:]
