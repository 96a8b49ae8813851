"""Fingerprints of what the compiler writes, for before/after comparisons of a speed-up.

    python bench/outputs.py OUT.json            # write the fingerprints
    python bench/outputs.py OUT.json --compare BEFORE.json

Compiles every email of the shared corpus (``MAILWRIGHT_CORPUS``), the demo workspace
and the bench emails (``bench/emails``), each with the default transformers and with
every transformer on, and records a SHA-256 of the HTML, of the plain text, of the
issues and of the HTML with its source marks (what the studio's canvas and preview select
by; the result builds it on first read). ``--compare`` prints the emails whose output
changed and exits 1 when any did: an optimisation must keep every byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler import compile_email, load_project  # noqa: E402
from compiler.pipeline import CompileOptions, TransformerOverrides  # noqa: E402

SUFFIXES = (".html", ".htm", ".mjml")
ALL = CompileOptions(transformers=TransformerOverrides(enable=("all",)))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def emails() -> list[tuple[Path, Path | None]]:
    """(email, workspace or None) for every email to fingerprint."""
    out: list[tuple[Path, Path | None]] = []
    corpus = Path(os.environ.get("MAILWRIGHT_CORPUS", ROOT.parent / "shared" / "corpus"))
    if corpus.is_dir():
        out += [(p, None) for p in sorted(corpus.rglob("*")) if p.suffix in SUFFIXES]
    demo = ROOT / "resources" / "demo"
    out += [(p, demo) for p in sorted((demo / "emails").rglob("*")) if p.suffix in SUFFIXES]
    bench = ROOT / "bench" / "emails"
    out += [(p, None) for p in sorted(bench.glob("*")) if p.suffix in SUFFIXES]
    return out


def fingerprints() -> dict[str, str]:
    result: dict[str, str] = {}
    projects = {}
    for path, workspace in emails():
        if workspace is not None and workspace not in projects:
            projects[workspace] = load_project(workspace)
        project = projects.get(workspace) if workspace is not None else None
        source = path.read_text(encoding="utf-8", errors="surrogateescape")
        for label, options in (("default", None), ("all", ALL)):
            r = compile_email(source, file=str(path), project=project, options=options)
            issues = "\n".join(f"{i.rule} {i.line}:{i.column} {i.message}" for i in r.issues)
            result[f"{path.as_posix()} [{label}]"] = (
                f"{_digest(r.html)} {_digest(r.text)} {_digest(issues)} {_digest(r.marked_html)}"
            )
    return result


def _same(before: str | None, now: str | None) -> bool:
    """Equal fingerprints; one written before the marked HTML was fingerprinted (three
    fields) is compared on its three."""
    if before is None or now is None:
        return before is now
    old, new = before.split(), now.split()
    return old == new[: len(old)] if len(old) == 3 else old == new


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--compare", type=Path)
    args = ap.parse_args()
    now = fingerprints()
    args.out.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(now)} outputs fingerprinted -> {args.out}")
    if args.compare is None:
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = sorted(k for k in before.keys() | now.keys() if not _same(before.get(k), now.get(k)))
    for k in changed:
        print(f"changed: {k}\n  before {before.get(k)}\n  now    {now.get(k)}")
    print(f"{len(changed)} of {len(now)} outputs differ")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
