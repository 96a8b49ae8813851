"""Whether this tree's markup parser builds what another revision's builds, on many inputs.

    python bench/parse_same.py [--before REV] [--seed N]

Loads this tree's ``components/markup/parser.py`` and the one of git revision ``REV``
(default ``main``) side by side on this tree's ``nodes.py`` (as ``bench/parse_ab.py``
does), parses with both, and compares everything the tree holds (when ``REV``'s
``nodes.py`` differs from this tree's, a change of the tree's representation, ``REV``'s
whole ``components`` package parses in a child process, from a ``git archive`` of it, and
the fingerprints are compared by digest): every node's type,
span (start, end, line, column), id and fields, every attribute (name, value, quote,
pre, eq, span, the ids its parts were given and the parts themselves) and every issue
(rule, severity, message, location, data). The inputs: the shared corpus
(``MAILWRIGHT_CORPUS``), the bench and demo emails and the test fixtures, 6,000 tag soups
of the parser tests' pieces, 6,000 character-noise strings and 3,000 corpus files with a
few characters deleted, inserted or replaced. Prints how many differ and the first one;
exits 1 when any does. A speed-up of the parser must leave the tree as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.parse_ab import PARSER, at_revision, load  # noqa: E402


def inputs(seed: int) -> list[str]:
    from tests.components.markup.test_parser import soup
    from tests.conftest import corpus_files

    read = [p.read_text(encoding="utf-8", errors="surrogateescape") for p in corpus_files()]
    for pattern in (
        "bench/emails/*",
        "resources/**/*.html",
        "resources/**/*.mjml",
        "tests/**/fixtures/**/*.html",
    ):
        read += [
            p.read_text(encoding="utf-8", errors="surrogateescape")
            for p in sorted(ROOT.glob(pattern))
            if p.is_file()
        ]
    rng = random.Random(seed)
    texts = list(read)
    texts += [soup(rng) for _ in range(6000)]
    alphabet = "<>/!-=\"' {}%[]ifmsoendx\n\r\tabc"
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 200))) for _ in range(6000)
    ]
    for _ in range(3000):
        chars = list(rng.choice(read)) if read else []
        for _ in range(rng.randrange(1, 6)):
            if not chars:
                break
            j = rng.randrange(len(chars))
            op = rng.randrange(3)
            if op == 0:
                del chars[j]
            elif op == 1:
                chars.insert(j, rng.choice("<>\"'={}%/ !-"))
            else:
                chars[j] = rng.choice("<>\"'={}%/ ")
        texts.append("".join(chars))
    return texts


def fingerprint(parse: Callable[[str, str], object], text: str) -> tuple[object, ...]:
    from components.markup.nodes import Attr, Element, walk

    result = parse(text, "f.html")
    rows: list[object] = []
    for node in walk(result.document):  # type: ignore[attr-defined]
        rows.append(
            (
                type(node).__name__,
                node.span,
                node.id,
                *(
                    getattr(node, f, None)
                    for f in (
                        "raw",
                        "name",
                        "name_raw",
                        "tag_end",
                        "end_raw",
                        "self_closing",
                        "void",
                        "raw_text",
                        "pre",
                        "terminated",
                        "kind",
                        "condition",
                        "open_raw",
                        "close_raw",
                        "revealed",
                    )
                ),
                len(getattr(node, "children", ()) or ()),
            )
        )
        if isinstance(node, Element):
            for a in node.attrs:
                if isinstance(a, Attr):
                    ids = a._parts if isinstance(a._parts, int) else "list"  # before .parts
                    rows.append(
                        (
                            "attr",
                            a.name,
                            a.value,
                            a.quote,
                            a.pre,
                            a.eq,
                            a.span,
                            ids,
                            [(type(x).__name__, x.raw, x.span, x.id) for x in a.parts],
                        )
                    )
                else:
                    rows.append(("attr-liquid", a.raw, a.span, a.id, a.pre, a.terminated))
    issues = [
        (i.rule, i.severity, i.message, i.file, i.line, i.column, i.data)
        for i in result.issues  # type: ignore[attr-defined]
    ]
    return tuple(rows), tuple(issues)


def digest(fp: tuple[object, ...]) -> str:
    return hashlib.sha1(repr(fp).encode("utf-8", "surrogateescape")).hexdigest()


_CHILD = """
import importlib.util, pickle, sys
tree, inputs, out = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("_parse_same", sys.argv[4])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
sys.path.insert(0, tree)  # REV's components package, not this tree's
assert "components" not in sys.modules
from components.markup import parse
with open(inputs, "rb") as f:
    texts = pickle.load(f)
with open(out, "wb") as f:
    pickle.dump([module.digest(module.fingerprint(parse, t)) for t in texts], f)
"""


def digests_at(rev: str, texts: list[str], tmp: str) -> list[str]:
    """The fingerprints' digests of ``texts`` parsed by revision ``rev``'s whole
    ``components`` package (its parser on its own nodes), in a child process."""
    tree = Path(tmp) / "tree"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "components"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    inputs_file, out_file = Path(tmp) / "inputs.pickle", Path(tmp) / "out.pickle"
    inputs_file.write_bytes(pickle.dumps(texts))
    subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(tree),
            str(inputs_file),
            str(out_file),
            str(Path(__file__).resolve()),
        ],
        check=True,
    )
    digests: list[str] = pickle.loads(out_file.read_bytes())
    return digests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision of the 'before'")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    nodes = "components/markup/nodes.py"
    if at_revision(args.before, nodes) != (ROOT / nodes).read_text(encoding="utf-8"):
        from components.markup import parse

        with tempfile.TemporaryDirectory() as tmp:
            texts = inputs(args.seed)
            before_digests = digests_at(args.before, texts, tmp)
            differ = [
                t
                for t, d in zip(texts, before_digests, strict=True)
                if digest(fingerprint(parse, t)) != d
            ]
        print(
            f"{len(texts)} inputs, {len(differ)} differ (nodes.py changed: {args.before} "
            "parsed in a child process)" + (f"; the first: {differ[0][:200]!r}" if differ else "")
        )
        sys.exit(1 if differ else 0)
    with tempfile.TemporaryDirectory() as tmp:
        before_file = Path(tmp) / "parser_before.py"
        before_file.write_text(at_revision(args.before, PARSER), encoding="utf-8")
        before = load(before_file, "_bench_parser_before").parse
        after = load(ROOT / PARSER, "_bench_parser_after").parse
        texts = inputs(args.seed)
        differ = [t for t in texts if fingerprint(before, t) != fingerprint(after, t)]
    print(
        f"{len(texts)} inputs, {len(differ)} differ"
        + (f"; the first: {differ[0][:200]!r}" if differ else "")
    )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
