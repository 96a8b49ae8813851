"""The expander compiled to C by mypyc, against the same tree interpreted: a measurement.

    python bench/mypyc_expand.py [--pairs N] [--runs N] [--keep DIR]

Copies this tree's last commit (``git archive HEAD``) to a temporary directory, compiles
the expander's modules there with mypyc (it comes with mypy, a dev dependency; it needs a
C compiler), checks that both trees give the same outputs (``bench/outputs.py`` in each,
compared by path inside the tree) and runs ``bench/cpu_steps.py --only default`` in the
two trees alternately, ``--pairs`` times. Nothing of the product is compiled: this says
what a native build of the expander would give (docs/performance.md, "Issue 15, fifth
session"). The compiled modules are the ones :data:`MODULES` names; ``--with-parse`` adds
the markup parser and serializer, ``--with-nodes`` those and the tree's classes
(``components/markup/nodes.py``: native classes, which only their ``__init__`` makes, so
the copy's parser makes its nodes through their constructors instead of
``object.__new__``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULES = (
    "components/expand/context.py",
    "components/expand/html.py",
    "components/standard/common.py",
    "components/standard/registry.py",
    "components/standard/text.py",
    "components/standard/columns.py",
    "components/standard/containers.py",
    "components/standard/links.py",
    "components/standard/blocks.py",
    "components/standard/base.py",
)
PARSE = ("components/markup/parser.py", "components/markup/serialize.py")
NODES = ("components/markup/nodes.py",)
#: a node made by ``object.__new__`` in the parser (``_new(Element)``)
_MADE_BY_NEW = re.compile(r"\b_new\((Text|Comment|Attr|Element|Doctype|Liquid)\)")

SETUP = """\
from setuptools import setup
from mypyc.build import mypycify
setup(name="mailwright-mypyc-bench", ext_modules=mypycify({modules!r}, opt_level="2"))
"""
#: mypy's settings for the build (pyproject.toml is set aside: the setuptools that runs
#: the build reads its [project] table, which it does not need)
MYPY_INI = "[mypy]\npython_version = 3.11\nignore_missing_imports = True\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--with-parse", action="store_true")
    parser.add_argument("--with-nodes", action="store_true")
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    args = parser.parse_args()
    modules = (
        MODULES
        + (PARSE if args.with_parse or args.with_nodes else ())
        + (NODES if args.with_nodes else ())
    )
    tree = args.keep or Path(tempfile.mkdtemp(prefix="mailwright-mypyc-"))
    tree.mkdir(parents=True, exist_ok=True)
    try:
        archive = subprocess.run(
            ["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        (tree / "pyproject.toml").rename(tree / "pyproject.toml.off")
        (tree / "mypy.ini").write_text(MYPY_INI)
        (tree / "mypyc_setup.py").write_text(SETUP.format(modules=list(modules)))
        if args.with_nodes:
            _constructors(tree / "components/markup/parser.py")
        print(f"compiling {len(modules)} modules in {tree} ...", flush=True)
        built = subprocess.run(
            [sys.executable, "mypyc_setup.py", "build_ext", "--inplace"],
            check=False,
            cwd=tree,
            capture_output=True,
            text=True,
        )
        if built.returncode:
            sys.exit(f"mypyc failed:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}")
        same = _same_outputs(tree)
        print(f"outputs: {same}", flush=True)
        for _ in range(args.pairs):
            for label, where in (("interpreted", ROOT), ("mypyc", tree)):
                run = subprocess.run(
                    [
                        sys.executable,
                        "bench/cpu_steps.py",
                        "--runs",
                        str(args.runs),
                        "--only",
                        "default",
                    ],
                    cwd=where,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                for line in run.stdout.splitlines():
                    if line.startswith(("html", "mjml")):
                        print(f"{label:12s} {line}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(tree, ignore_errors=True)


def _constructors(parser: Path) -> None:
    """The nodes the parser makes with ``object.__new__`` made by their constructors."""
    text = parser.read_text(encoding="utf-8")
    parser.write_text(
        _MADE_BY_NEW.sub(
            lambda m: f'{m[1]}("", "output")' if m[1] == "Liquid" else f'{m[1]}("")', text
        ),
        encoding="utf-8",
    )


def _same_outputs(tree: Path) -> str:
    """Both trees' outputs fingerprinted (``bench/outputs.py``), compared by the path of
    each email inside its tree."""
    prints = []
    for where in (ROOT, tree):
        out = tree / f"outputs-{'here' if where == ROOT else 'mypyc'}.json"
        subprocess.run(
            [sys.executable, "bench/outputs.py", str(out)],
            cwd=where,
            check=True,
            capture_output=True,
            env=os.environ,
        )
        found = json.loads(out.read_text())
        prints.append({k.replace(str(where), "<tree>"): v for k, v in found.items()})
    here, there = prints
    differ = sorted(k for k in here if here[k] != there.get(k))
    return f"{len(here)} outputs, {len(differ)} differ" + (
        f" (first: {differ[0]})" if differ else ""
    )


if __name__ == "__main__":
    main()
