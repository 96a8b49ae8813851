"""The hardening issue's "Done when", end to end: one untrusted workspace with every probe.

The workspace below holds the probes of ``docs/security.md`` at once: settings naming
files outside it, symbolic links out of ``snippets/`` and ``emails/``, image sources
outside it and on a metadata address, a server trickling its headers, an image server
that never answers, Liquid and component bombs, 20,000 broken Liquid tokens, a
component attacking the built-ins of another, a damaged history database, proof data
with hostile ids and with JSON nested 200,000 deep, an ``include``, a snippet including
itself, and a workspace naming the environment variable its SMTP password comes from.

It is opened in the studio (offscreen, until the preview has rendered), built, checked
with ``--all``, proofed, rendered and test-sent to a real SMTP server on 127.0.0.1 —
each ``mailwright`` run a separate process, as a user runs it, with:

* an audit hook (``sys.addaudithook``) recording every file the Python process opens:
  none may resolve into the folder beside the workspace that holds the secrets;
* the secret of that folder and the secret of the environment appearing in no output,
  no file written inside the workspace and no message the SMTP server received;
* peak memory (``ru_maxrss`` of the process and its children, Qt WebEngine's
  included) under 2 GB and a bounded time (each run has a deadline);
* every refusal a located message (``file:line:col``), never a traceback.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT
from tests.hostile.test_network import slowloris
from tests.hostile.test_stalled_resources import stalling_server
from tests.studio.smtp_servers import Collector, smtp_server

pytestmark = pytest.mark.network

FILE_SECRET = "FILE-SECRET-7f3a9c"  # in the folder beside the workspace
ENV_SECRET = "ENV-SECRET-b81d40"  # in the environment, as AWS_SECRET_ACCESS_KEY
MEMORY_LIMIT_KB = 2 * 1024 * 1024  # ru_maxrss is in KiB on Linux
RUN_DEADLINE_S = 300

# Runs the command line as `mailwright` does, recording every path the process opens.
AUDITED = textwrap.dedent("""
    import json, os, sys
    opened = set()
    def hook(event, args):
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.add(os.fsdecode(args[0]))
    sys.addaudithook(hook)
    import resource
    from studio.cli import main
    try:
        code = main(sys.argv[1:])
    finally:
        peak_kb = max(resource.getrusage(who).ru_maxrss
                      for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        with open(os.environ["MW_AUDIT_LOG"], "w", encoding="utf-8") as log:
            json.dump({"opened": sorted(opened), "peak_kb": peak_kb}, log)
    sys.exit(code)
""")


@dataclass
class Run:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str
    opened: list[str]
    peak_kb: int  # the largest of the process and its children (Qt WebEngine's)


@dataclass
class Place:
    root: Path
    ws: Path
    outside: Path
    home: Path
    smtp_port: int
    messages: Collector


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_workspace(root: Path, *, slow_url: str, stall_url: str, smtp_port: int) -> Path:
    outside = root / "outside"
    write(outside / "secret.txt", FILE_SECRET)
    write(
        outside / "profile.json",
        json.dumps({"id": FILE_SECRET, "customer": {"first_name": FILE_SECRET}}),
    )
    write(outside / "email.html", f"<p>{FILE_SECRET}</p>")
    Image.new("RGB", (20, 20), (255, 0, 0)).save(outside / "secret.png")

    ws = root / "ws"
    write(
        ws / "mailwright.toml",
        textwrap.dedent(f"""\
        name = "untrusted"

        [data]
        default = "../outside/profile.json"

        [smtp]
        host = "127.0.0.1"
        port = {smtp_port}
        from = "Studio <studio@example.com>"
        password_env = "AWS_SECRET_ACCESS_KEY"
        """),
    )
    write(
        ws / "data" / "profiles" / "ok.json",
        json.dumps({"id": "ok", "customer": {"first_name": "Ada", "member": True}}),
    )
    ids = ["a/b", "a_b", "x" * 300, "../../escape", "con"]
    write(
        ws / "data" / "proof.jsonl",
        "".join(json.dumps({"id": i, "customer": {"first_name": "P"}}) + "\n" for i in ids),
    )
    write(
        ws / "data" / "deep.jsonl",
        '{"id": "a"}\n{"id": "b", "x": ' + "[" * 200_000 + "]" * 200_000 + "}\n",
    )
    (ws / "snippets").mkdir()
    (ws / "snippets" / "pw.txt").symlink_to(outside / "secret.txt")
    write(ws / "snippets" / "self.liquid", "<p>{{ snippets.self }}</p>")

    write(
        ws / "components" / "grid-bomb.html",
        textwrap.dedent("""\
        <script>export const props = Component.defineProps({ n:
        Component.props.number().default(3000) });</script>
        <template><div>
          <div #each="i in n"><span #each="j in n">${i}.${j}</span></div>
        </div></template>
        """),
    )
    write(
        ws / "components" / "evil.html",
        "<script>String.prototype.toUpperCase = function () { return 'PWNED' };"
        "Object.prototype.toJSON = function () { return 'PWNED' };</script>"
        "<template><p>evil</p></template>",
    )
    write(
        ws / "components" / "victim.html",
        "<script>export const props = Component.defineProps({ title: "
        "Component.props.string().default('safe') });</script>"
        "<template><p>${title.toUpperCase()}</p></template>",
    )

    emails = ws / "emails"
    write(
        emails / "plain.html",
        textwrap.dedent(f"""\
        <x-base>
          <x-section>
            <x-paragraph>Hi {{{{ customer.first_name }}}}, {{{{ snippets.pw }}}}</x-paragraph>
            <x-paragraph><a href="{slow_url}/slow">slow</a>
              <a href="http://169.254.169.254/latest/meta-data/">meta</a></x-paragraph>
            <x-image src="{stall_url}/stall.png" alt="stalled" width="40"></x-image>
            <x-image src="{(outside / "secret.png").as_uri()}" alt="abs" width="20"></x-image>
            <x-image src="../../outside/secret.png" alt="rel" width="20"></x-image>
          </x-section>
        </x-base>
        """),
    )
    write(
        emails / "bomb.html",
        '<p>{% assign s = "xxxxxxxx" %}\n{% for i in (1..40) %}'
        "{% assign s = s | append: s %}{% endfor %}{{ s | size }}</p>\n",
    )
    write(emails / "grid.html", "<p>before</p><grid-bomb></grid-bomb><p>after</p>\n")
    write(emails / "broken.html", "<p>" + "{{ x | }} " * 20_000 + "</p>\n")
    write(emails / "include.html", "<p>{% include 'footer' %}</p><p>{{ snippets.self }}</p>\n")
    write(emails / "isolation.html", "<evil></evil><victim></victim>\n")
    (emails / "linked.html").symlink_to(outside / "email.html")
    (ws / "emails" / "crlf.html").write_bytes(b"\xef\xbb\xbf<p>one</p>\r\n<p>two</p>\r\n")

    history = ws / ".mailwright" / "history.sqlite"
    history.parent.mkdir(parents=True)
    history.write_bytes(b"SQLite format 3\x00" + os.urandom(64 * 1024))
    return ws


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Place]:
    root = tmp_path_factory.mktemp("untrusted")
    home = root / "home"
    home.mkdir()
    with (
        slowloris() as slow_url,
        stalling_server() as stall_url,
        smtp_server() as (controller, messages),
    ):
        ws = build_workspace(
            root, slow_url=slow_url, stall_url=stall_url, smtp_port=controller.port
        )
        yield Place(root, ws, root / "outside", home, controller.port, messages)


def mailwright(place: Place, *argv: str | Path, deadline_s: float = RUN_DEADLINE_S) -> Run:
    log = place.root / "audit.json"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(place.home),
        "XDG_CONFIG_HOME": str(place.home / ".config"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "MW_AUDIT_LOG": str(log),
        "AWS_SECRET_ACCESS_KEY": ENV_SECRET,
        "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
    }
    args = tuple(str(a) for a in argv)
    done = subprocess.run(
        [sys.executable, "-c", AUDITED, *args],
        cwd=place.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=deadline_s,
        check=False,
    )
    audit = json.loads(log.read_text(encoding="utf-8")) if log.exists() else {}
    log.unlink(missing_ok=True)
    peak_kb = max(audit.get("peak_kb", 0), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return Run(args, done.returncode, done.stdout, done.stderr, audit.get("opened", []), peak_kb)


def outside_reads(place: Place, run: Run) -> list[str]:
    outside = place.outside.resolve()
    return [p for p in run.opened if Path(os.path.realpath(place.root / p)).is_relative_to(outside)]


def secrets_in(text: str) -> list[str]:
    return [s for s in (FILE_SECRET, ENV_SECRET) if s in text]


def clean(place: Place, run: Run, *codes: int) -> None:
    """The checks every run passes."""
    shown = f"{run.argv}\n--- stdout\n{run.out[-3000:]}\n--- stderr\n{run.err[-3000:]}"
    assert run.code in codes, shown
    assert "Traceback" not in run.err + run.out, shown
    assert not secrets_in(run.out + run.err), shown
    assert not outside_reads(place, run), (run.argv, outside_reads(place, run))
    assert run.peak_kb < MEMORY_LIMIT_KB, f"{run.argv}: peaked at {run.peak_kb // 1024} MB"
    for path in place.ws.rglob("*"):  # nothing it wrote holds a secret
        if path.is_file() and not path.is_symlink():
            assert not secrets_in(path.read_bytes().decode("utf-8", "replace")), path


# -- the runs, in the order a user would make them ------------------------------------


def test_studio_opens_it_and_previews(place: Place) -> None:
    run = mailwright(
        place, "studio", place.ws, "--open", "emails/plain.html", "--quit-when-previewed"
    )
    clean(place, run, 0)
    assert "mailwright: previewed" in run.out


def test_build(place: Place) -> None:
    run = mailwright(place, "build", place.ws)
    clean(place, run, 2)  # 2: an input was unusable (the link out), the rest was built
    text = run.out + run.err
    assert "components/grid-bomb.html:4:8: error:" in text  # the expansion cap
    assert "linked.html: error: a link to a file outside the workspace; not read" in text
    assert (place.ws / "dist" / "plain.html").is_file()


def test_check_all(place: Place) -> None:
    run = mailwright(place, "check", place.ws, "--all", "--timeout", "3", "--budget", "30")
    clean(place, run, 2)
    text = run.out + run.err
    for located in (
        "emails/plain.html:5:7: warning: http://169.254.169.254/latest/meta-data/: "
        "169.254.169.254 is a link-local or cloud metadata address; never fetched",
        "emails/plain.html:4:18: error: http://127.0.0.1:",  # the trickling server
        "emails/plain.html:6:5: error: http://127.0.0.1:",  # the stalled image
        "emails/plain.html:8:5: error: ../../outside/secret.png: image sources are read "
        "from inside the workspace or over http(s) only",
        "emails/include.html:1:",  # {% include %}
        "mailwright.toml:4:11: [data] default",
    ):
        assert located in text, located


def test_render_refuses_the_default_data_at_its_line(place: Place) -> None:
    run = mailwright(place, "render", place.ws / "emails" / "plain.html")
    clean(place, run, 2)
    assert "mailwright.toml:4:11" in run.err and "outside the workspace" in run.err


def test_render_stops_the_liquid_bomb_at_its_tag(place: Place) -> None:
    run = mailwright(
        place,
        "render",
        place.ws / "emails" / "bomb.html",
        "--data",
        place.ws / "data" / "profiles" / "ok.json",
    )
    clean(place, run, 1)
    assert "emails/bomb.html:2:" in run.out + run.err
    assert "the limit ([liquid] max_" in run.out + run.err


def test_proof(place: Place) -> None:
    run = mailwright(
        place,
        "proof",
        place.ws,
        "--data",
        place.ws / "data" / "proof.jsonl",
        "--out",
        place.ws / "proofs",
        "--jobs",
        "2",
    )
    clean(place, run, 0, 1)
    deep = mailwright(place, "proof", place.ws, "--data", place.ws / "data" / "deep.jsonl")
    clean(place, deep, 2)
    assert f"{place.ws / 'data' / 'deep.jsonl'}:2:" in deep.err


def test_send_sends_no_secret(place: Place) -> None:
    def send() -> Run:
        return mailwright(
            place,
            "send",
            place.ws / "emails" / "crlf.html",
            "--to",
            "reviewer@example.com",
            "--data",
            place.ws / "data" / "profiles" / "ok.json",
        )

    run = send()  # the workspace names the variable its password would come from
    clean(place, run, 2)
    assert (
        "mailwright.toml:10:16: [smtp] password_env = 'AWS_SECRET_ACCESS_KEY': a "
        "workspace cannot choose" in run.err
    )
    assert place.messages.messages == []
    settings = place.ws / "mailwright.toml"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(
        original.replace('password_env = "AWS_SECRET_ACCESS_KEY"\n', ""), encoding="utf-8"
    )
    try:  # the user removes the line the message named: the send goes through, no login
        run = send()
    finally:
        settings.write_text(original, encoding="utf-8")
    clean(place, run, 0)
    [received] = place.messages.messages
    assert received.rcpt_tos == ["reviewer@example.com"] and received.login is None
    assert not secrets_in(received.data.decode("utf-8", "replace"))


def test_history_says_it_is_damaged(place: Place) -> None:
    run = mailwright(place, "history", place.ws / "emails" / "crlf.html", "list")
    clean(place, run, 1)
    assert "history.sqlite: the version history is damaged" in run.err
    assert "moved to history.sqlite.corrupt-" in run.err
