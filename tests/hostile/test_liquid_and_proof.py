"""Liquid bombs, huge and hostile templates, and hostile proof data (issue 18: 6, 10, 11,
15, 18)."""

from __future__ import annotations

import json
import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from compiler.liquid import Renderer
from compiler.liquid.environment import LiquidSettings, MailwrightEnvironment
from compiler.liquid.snippets import SnippetSet
from compiler.project import Project, ProjectError
from compiler.result import CompileResult
from studio.cli import main

T = TypeVar("T")

# Generous bounds. CPU seconds of the work itself (load on the machine does not count):
# the quadratic locator took over 240 s of CPU on 100k tokens, the linear one about 8.
CPU_SECONDS = 60
# Wall-clock seconds before a probe counts as a hang (the machine may be very busy).
HANG_SECONDS = 900
MEMORY_BOUND = 400_000_000  # bytes allocated at peak while rendering a bomb


def bounded(func: Callable[[], T], cpu_seconds: float = CPU_SECONDS) -> T:
    """Run ``func`` in a thread; fail when it uses more than ``cpu_seconds`` of CPU, or
    (instead of hanging the suite) when it has not finished after :data:`HANG_SECONDS`.
    Waits on the thread's completion, not a sleep."""
    done = threading.Event()
    box: dict[str, object] = {}

    def run() -> None:
        start = time.thread_time()
        try:
            box["value"] = func()
        except BaseException as exc:  # re-raised in the test thread
            box["error"] = exc
        finally:
            box["cpu"] = time.thread_time() - start
            done.set()

    threading.Thread(target=run, daemon=True).start()
    if not done.wait(HANG_SECONDS):
        pytest.fail(f"did not finish in {HANG_SECONDS} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    cpu = box["cpu"]
    assert isinstance(cpu, float) and cpu < cpu_seconds, f"took {cpu:.1f} s of CPU"
    return box["value"]  # type: ignore[return-value]


def peak_bytes(func: Callable[[], T]) -> tuple[T, int]:
    tracemalloc.start()
    try:
        value = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return value, peak


@pytest.fixture()
def renderer() -> Renderer:
    return Renderer(snippets=SnippetSet({}))


# --- 6: output and loop limits ----------------------------------------------------------

# Each bomb, and the tag the limit is reported at: the innermost tag rendering then
# (located at its name, as python-liquid's tokens are).
BOMBS = {
    "doubling assign": (
        '{% assign s = "xxxxxxxx" %}\n{% for i in (1..40) %}'
        "{% assign s = s | append: s %}{% endfor %}{{ s | size }}",
        "assign s = s",
    ),
    "doubling capture": (
        '{% assign s = "xxxxxxxx" %}\n{% for i in (1..40) %}'
        "{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}",
        "capture s",
    ),
    "nested loops": (
        "<p>\n{% for a in (1..1000) %}{% for b in (1..1000) %}"
        "{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}",
        "for c",
    ),
    "huge output": ("<p>\n{% for a in (1..200000) %}" + "x" * 1000 + "{% endfor %}", "for a"),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_liquid_bomb_stops_at_a_limit_reported_at_the_tag(renderer: Renderer, name: str) -> None:
    text, culprit = BOMBS[name]
    at = text.index(culprit)
    where = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
    out, peak = bounded(lambda: peak_bytes(lambda: renderer.render_template(text, {})))
    limits = [i for i in out.issues if i.rule == "liquid/limit"]
    assert len(limits) == 1, [i.message for i in out.issues]
    assert (limits[0].line, limits[0].column) == where
    assert "the limit ([liquid] max_" in limits[0].message
    assert peak < MEMORY_BOUND


def test_limits_are_configurable_in_the_workspace() -> None:
    project = Project(settings={"liquid": {"max_output_bytes": 1000, "max_loop_iterations": 50}})
    r = Renderer(project, snippets=SnippetSet({}))
    out = r.render_template("{% for a in (1..60) %}x{% endfor %}", {})
    assert [i.rule for i in out.issues] == ["liquid/limit"]
    out = r.render_template("{% for a in (1..40) %}" + "y" * 30 + "{% endfor %}", {})
    assert [i.rule for i in out.issues] == ["liquid/limit"]
    # Generous defaults: an ordinary big email renders.
    ok = Renderer(snippets=SnippetSet({})).render_template(
        "{% for a in (1..2000) %}<tr><td>{{ a }}</td></tr>{% endfor %}", {}
    )
    assert ok.issues == []


@pytest.mark.parametrize("value", ['"lots"', "-1", "0", "true"])
def test_a_bad_limit_setting_is_refused_at_its_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    (workspace / "mailwright.toml").write_text(
        f'name = "t"\n\n[liquid]\nmax_output_bytes = {value}\n', encoding="utf-8"
    )
    data = workspace / "p.jsonl"
    data.write_text('{"id": "a"}\n', encoding="utf-8")
    assert main(["proof", str(workspace), "--data", str(data), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "mailwright.toml:4:1" in err and "[liquid] max_output_bytes" in err
    assert "Traceback" not in err
    with pytest.raises(ProjectError):
        LiquidSettings.from_settings({"liquid": {"max_output_bytes": 0}})


def test_defaults_are_generous_and_documented() -> None:
    env = MailwrightEnvironment()
    assert env.output_stream_limit is not None and env.output_stream_limit >= 10_000_000
    assert env.loop_iteration_limit is not None and env.loop_iteration_limit >= 1_000_000


# --- 10: locating errors is linear ------------------------------------------------------


def test_locating_100k_errors_in_compiled_html_finishes(renderer: Renderer) -> None:
    n = 100_000
    source = "<p>{{ x }}</p>\n" * n
    html = "<div><p>{{ x }}</p>\n</div>" * n
    result = CompileResult(file="emails/e.html", source=source, html=html, text="")
    out = bounded(lambda: renderer.render(result, {}))
    body = [i for i in out.issues if i.rule == "liquid/missing-variable"]
    assert len(body) == n
    assert (body[-1].line, body[-1].column) == (n, 7)  # at the variable, as always


@pytest.mark.parametrize(
    "text",
    [
        "{{ a \n" * 100_000,
        "{% if a %}\n" * 100_000,
        "{% if a %}" * 100_000 + "{% endif %}" * 100_000,
        "{% a \n" * 100_000,
    ],
)
def test_100k_broken_tokens_are_located_without_hanging(renderer: Renderer, text: str) -> None:
    out = bounded(lambda: renderer.render_template(text, {}))
    assert out.issues
    assert all(i.line >= 1 for i in out.issues)


# --- 18: include, self-including snippets ----------------------------------------------


def test_include_is_an_error_naming_the_snippet_to_use(renderer: Renderer) -> None:
    out = renderer.render_template("<p>hi</p>\n{% include 'footer' %}", {})
    [issue] = out.issues
    assert (issue.line, issue.column) == (2, 1)
    assert issue.message != "Liquid error: footer"
    assert "{{ snippets.footer }}" in issue.message


def test_check_refuses_include(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mailwright.toml").write_text('name = "t"\n', encoding="utf-8")
    (tmp_path / "emails").mkdir()
    email = tmp_path / "emails" / "e.html"
    email.write_text(
        "<html><body><p>Hi</p>\n{% include 'footer' %}\n</body></html>\n", encoding="utf-8"
    )
    assert main(["check", str(email)]) == 1
    out = capsys.readouterr().out
    assert "e.html:2:1: error:" in out and "snippets.footer" in out


@pytest.mark.parametrize(
    ("snippets", "chain"),
    [
        ({"self": "<p>{{ snippets.self }}</p>"}, "self → self"),
        ({"a": "{{ snippets.b }}", "b": "x {{ snippets.a }}"}, "a → b → a"),
    ],
)
def test_a_snippet_that_includes_itself_is_one_clear_error(
    snippets: dict[str, object], chain: str
) -> None:
    r = Renderer(snippets=SnippetSet(snippets))
    first = next(iter(snippets))
    out = bounded(lambda: r.render_template(f"<p>\n  {{{{ snippets.{first} }}}}</p>", {}))
    [issue] = out.issues
    assert (issue.line, issue.column) == (2, 3)
    assert f"includes itself ({chain})" in issue.message
    assert issue.message.count("(in snippet") <= 1


# --- 11, 15, 18: proof data and output --------------------------------------------------


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text('name = "t"\n', encoding="utf-8")
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hello.html").write_text(
        "<html><body><p>Hello {{ customer.name | default: 'you' }}</p></body></html>\n",
        encoding="utf-8",
    )
    return tmp_path


DEEP = "[" * 200_000 + "]" * 200_000


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deeply_nested_proof_data_is_refused_cleanly(
    workspace: Path, capsys: pytest.CaptureFixture[str], suffix: str, jobs: str
) -> None:
    data = workspace / f"p{suffix}"
    lines = (
        ['{"id": "a"}', '{"id": "b", "x": ' + DEEP + "}"]
        if suffix == ".jsonl"
        else ['[{"id": "a"}, {"id": "b", "x": ' + DEEP + "}]"]
    )
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = bounded(lambda: main(["proof", str(workspace), "--data", str(data), "--jobs", jobs]))
    err = capsys.readouterr().err
    assert code == 2
    assert "nested too deeply" in err and "Traceback" not in err
    if suffix == ".jsonl":
        assert f"{data}:2:" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_proof_data_from_a_device_is_refused_as_such(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = bounded(lambda: main(["proof", str(workspace), "--data", "/dev/zero"]))
    err = capsys.readouterr().err
    assert code == 2
    assert "not found" not in err and "not a regular file" in err


def test_a_profile_line_too_long_is_refused_with_its_line(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workspace / "p.jsonl"
    with data.open("w", encoding="utf-8") as f:
        f.write('{"id": "a"}\n{"id": "b", "pad": "')
        f.write("x" * (20 * 1024 * 1024))
        f.write('"}\n')
    code = bounded(lambda: main(["proof", str(workspace), "--data", str(data), "--jobs", "1"]))
    err = capsys.readouterr().err
    assert code == 2 and f"{data}:2:" in err and "longer than" in err


def test_proof_out_names_are_safe_unique_bounded_and_hold_the_id(
    workspace: Path, tmp_path: Path
) -> None:
    ids = ["a/b", "a_b", "x" * 300, "../../escape", "A", "a", "", "con", "é ü"]
    data = workspace / "p.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": i, "customer": {"name": f"n{n}"}}) + "\n" for n, i in enumerate(ids)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert (
        main(["proof", str(workspace), "--data", str(data), "--out", str(out), "--jobs", "1"]) == 0
    )
    folder = out / "hello"
    envelopes = sorted(folder.glob("*.json"))
    # one set of files per profile: nothing overwrote anything
    assert len(envelopes) == len(ids)
    assert len({p.name.lower() for p in envelopes}) == len(ids)
    written = {}
    for path in envelopes:
        assert len(path.name.encode()) <= 160
        assert path.parent == folder
        meta = json.loads(path.read_text(encoding="utf-8"))
        written[meta["profile_id"]] = path
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        n = ids.index(meta["profile_id"]) if meta["profile_id"] in ids else ids.index("")
        assert f"Hello n{n}<" in html
    assert set(written) == {*(i for i in ids if i), "line 7"}
    assert (folder / "a_b.html").exists()  # a plain id keeps its own name
    assert not (tmp_path / "escape.html").exists()
