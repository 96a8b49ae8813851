"""Validator benchmarks.

- ``validators/static``: problems + EMC accessibility + spam rules on a ~35-block
  email (target ≤ 20 ms).
  Uses the largest demo email when the demo workspace compiles, else a
  generated 35-block email.
- ``validators/links-100``: 100 distinct links on a loopback server (target ≤ 1.5 s).
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.run import DEMO, Bench, Result
from compiler import CompileResult, compile_file, load_project
from compiler.validators import STATIC, CheckOptions, run_checks
from compiler.validators.base import CheckContext
from compiler.validators.links import review

BLOCK = (
    '<tr><td style="padding:24px 32px;font-family:Helvetica,Arial,sans-serif">'
    '<h2 style="margin:0 0 8px;font-size:20px">Section {n}</h2>'
    '<p style="margin:0 0 12px;line-height:1.5">Here is what is new this week in part {n}: '
    "three short notes, each with a link, so readers can pick what matters to them.</p>"
    '<img src="https://cdn.example.com/img/{n}.jpg" width="536" height="200" alt="Picture {n}"'
    ' style="display:block;width:100%;height:auto">'
    '<a href="https://example.com/p/{n}?utm_source=news&amp;utm_medium=email" '
    'style="color:#2563eb">Read part {n}</a></td></tr>'
)


def generated_email(blocks: int = 35) -> CompileResult:
    body = "".join(BLOCK.format(n=n) for n in range(blocks))
    html = (
        '<!doctype html><html lang="en"><head><style>@media (max-width:600px)'
        '{.w{width:100%!important}}</style></head><body><div role="article" lang="en">'
        f'<table role="presentation" width="600">{body}</table>'
        '<p><a href="https://example.com/unsubscribe">Unsubscribe</a></p></div></body></html>'
    )
    return CompileResult(file="bench.html", source=html, html=html, text="text part")


def demo_email() -> CompileResult | None:
    try:
        project = load_project(DEMO)
        emails = project.emails()
        if not emails:
            return None
        biggest = max(emails, key=lambda p: p.stat().st_size)
        result = compile_file(biggest, project=project)
    except Exception:
        return None
    return result if result.html and not result.has_errors else None


SERVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_HEAD(self):
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
s = ThreadingHTTPServer(("127.0.0.1", 0), H); s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()
"""


def links_100() -> Result:
    # The server runs in its own process, as real sites do: in-process, its
    # threads and the checker's would fight over one GIL and measure that instead.
    proc = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base = f"http://127.0.0.1:{int(proc.stdout.readline())}"
        html = "".join(f'<a href="{base}/page/{n}">Link {n}</a>' for n in range(100))
        times = []
        for _ in range(5):
            ctx = CheckContext(
                CompileResult(file="b.html", source=html, html=html),
                options=CheckOptions(network=True, timeout_s=5, concurrency=16),
            )
            t0 = time.perf_counter()
            report = review(ctx)
            times.append((time.perf_counter() - t0) * 1000)
            assert all(r.status == 200 for r in report.records), "links bench: a link failed"
        times.sort()
        return Result(
            "validators/links-100", times[len(times) // 2], len(times), {"target_ms": 1500}
        )
    finally:
        proc.terminate()
        proc.wait(5)


def benches(runs: int) -> list[Bench | Result]:
    result = demo_email() or generated_email()
    source = "demo" if result.file != "bench.html" else "generated-35-blocks"

    def static() -> None:
        run_checks(result, (*STATIC, "emc"))

    return [
        Bench(f"validators/static ({source})", static),
        links_100(),
    ]
