"""Bad input gets a clear answer: a seeded fuzzer over the whole compile pipeline.

Emails are generated from real corpus snippets, every standard component with
random and invalid prop values (``:attr`` expressions that throw, loop forever,
allocate hugely or do not parse), broken Liquid, unterminated tags and comments,
deep nesting, NULs and odd Unicode and front-matter errors. Each is compiled with
the default transformers and with every transformer. Nothing may raise, hang,
report an ``internal/*`` issue, point outside the file, or lose or reorder a
Liquid token of the source.

``MAILWRIGHT_FUZZ_CASES`` (default 300) sets the number of emails;
``MAILWRIGHT_FUZZ_SEED`` (default 20240611) the seed.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from compiler import compile_email
from compiler.envelope import read_front_matter
from compiler.pipeline import CompileOptions, TransformerOverrides
from compiler.result import CompileResult
from components.diagnostics import Issue, Severity, format_issue
from components.expand import ExpandOptions
from components.schema import ArraySchema, BooleanSchema, EnumSchema, NumberSchema
from components.standard import STANDARD_COMPONENTS, StandardComponent
from components.standard.registry import liquid_tokens
from tests.compiler.test_pipeline import LIQUID, in_order
from tests.conftest import corpus_files

CASES = int(os.environ.get("MAILWRIGHT_FUZZ_CASES", "300"))
SEED = int(os.environ.get("MAILWRIGHT_FUZZ_SEED", "20240611"))
#: a compile taking longer than this is a hang (normal ones take milliseconds)
CASE_TIMEOUT_S = 20
FILE = "emails/fuzz.html"

DEFAULT = CompileOptions(expand=ExpandOptions(time_limit_ms=50))
EVERY_TRANSFORMER = CompileOptions(
    expand=ExpandOptions(time_limit_ms=50), transformers=TransformerOverrides(enable=("all",))
)

BAD_JS = (
    "(()=>{throw new Error('boom')})()",
    "(()=>{while(true){}})()",
    "'x'.repeat(2**28)",
    "new Array(1e8).fill(1)",
    "1 +",
    "{{",
    "(",
    "}",
    "[1,2,",
    "undefined",
    "null",
    "{light: 1, dark: {}}",
    "Symbol('s')",
    "BigInt(7)",
    "NaN",
    "-Infinity",
    "Infinity",
    "1e309",
    "function(){}",
    "{ a: }",
    "`${`",
    "new Proxy({}, {get(){throw 1}})",
    "({toString(){throw new Error('t')}})",
    "[[[[[]]]]]",
    "'</script>'",
    "import('x')",
    "globalThis",
    "{ small: 'x', medium: [] }",
    "'{{ a }}'",
    "x => x",
    "'\x00'",
    "\x00",
    "(function f(){return f()})()",
    "'\\ud83d\\ude00'.repeat(3)",
    "'\\ud800'",
    "{{ a }}",
)
BAD_VALUES = (
    "",
    "-1",
    "1e999",
    "-1e999",
    "NaN",
    "abc",
    "12px",
    "100%",
    "  ",
    "true",
    "[50,",
    "{",
    "[]",
    "{{ size }}",
    "{% if a %}1{% endif %}",
    "\u202e",
    "\U0001f600" * 3,
    "9" * 400,
    "0x10",
    "-0",
    "&amp;&lt;&#0;&#xD800;&#99999999;",
    "'",
    "light",
    "[50,50,50,50,50]",
    "[-1, 200]",
    "[0,0]",
    "url(javascript:alert(1))",
    "<b>",
    "auto",
    "inherit",
    "1/0",
    "{light: 'x'}",
)
BROKEN_LIQUID = (
    "{{ unterminated",
    "{% if x %}",
    "{% endif %}",
    "{% for %}",
    "{%- raw -%}{{ x }}",
    "{% comment %}never closed",
    "{{ a | }}",
    "{{ }}",
    "{% %}",
    "}}",
    "%}",
    "{{{ triple }}}",
    "{{ a }",
    "{% if a %}<td>{% else %}<th>{% endif %}",
    "{% case x %}{% when 1 %}",
    "{{#if x}}{{/if}}",
    "{{! hb comment }}",
    "{{ a | date: '%Y' }}",
    "{% endraw %}",
    '{{ "}}" }}',
    "{{ 'a\" }}",
    "{%- if a -%}",
    "{{- b -}}",
)
BROKEN_MARKUP = (
    "<x-section",
    '<div class="',
    "<!-- never closed",
    "<!--[if mso]><table>",
    "<![endif]-->",
    "<![CDATA[ x",
    "<script>alert(1)",
    "<style>p{color:red",
    "</x-base>",
    "</div></div></div>",
    "<x-row><x-column>",
    "<>",
    "< div>",
    "<a href=>",
    '<img src="x"/ >',
    "<x-paragraph/>",
    "<p <p>",
    "<!doctype>",
    "<html><html>",
    "<head></head><body>",
    "<table><tr><td>",
    "<x-base><x-base>",
    "&",
    "&#;",
    "&bogus;",
    "<textarea>",
    "<title>",
    "<x-image>",
    "<?xml ?>",
    "<x-unknown-thing>",
    '<x-cta :href="">',
    '<div #if="a">',
    "<p ${x}>",
    "${1+1}",
    "<x-list><li>",
    "<x-wrap>",
    '<p "{{ x }}>',
    '<r :="{{ y }}">',
    "<style>@media {",
    "<style>a{b:c}}}",
    '<td style="color:">',
)
ODD_TEXT = (
    "\x00",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\r\n",
    "\r",
    "\t",
    "\x0c",
    "\u2028",
    "\U0001f600",
    "e\u0301",
    "\ufffd",
    "\x1b[31m",
    "\x7f",
    "\u0085",
    "\uffff",
)
FRONT_MATTER = (
    "",
    "",
    "",
    "---\nsubject: Hi {{ name }}\n---\n",
    "---\nsubject: [\n---\n",
    "---\n",
    "---\nno colon here\n---\n",
    "---\ntransformers: 5\n---\n",
    "---\ntransformers: {format: {minify: yes}}\n---\n",
    "---\n\x00: a\n---\n",
    '---\nsubject: "unterminated\n---\n',
    "---\r\nsubject: crlf\r\n---\r\n",
    "---\npreheader: {{ a }\n---\n",
    "---\ntitle: x\ntitle: y\n---\n",
    "---\n" + "k: v\n" * 300 + "---\n",
)


def _corpus_snippets() -> list[str]:
    return [
        p.read_text(encoding="utf-8", errors="replace")
        for p in corpus_files(".html", ".htm", ".liquid", ".hbs")[:80]
    ]


class EmailGenerator:
    """Random email sources from a seeded :class:`random.Random` (no other state)."""

    def __init__(self, rng: random.Random, snippets: list[str]) -> None:
        self.rng = rng
        self.snippets = snippets

    def value(self, component: StandardComponent, name: str) -> str:
        rng = self.rng
        prop = component.prop(name)
        schema = prop.schema if prop is not None else None
        if rng.random() < 0.4 or schema is None:
            return rng.choice(BAD_VALUES)
        if isinstance(schema, EnumSchema):
            values = schema.describe().get("values")
            return str(rng.choice([*(values if isinstance(values, list) else []), "x"]))
        if isinstance(schema, NumberSchema):
            return str(rng.choice([0, 1, 16, 600, -5, 1.5]))
        if isinstance(schema, BooleanSchema):
            return rng.choice(["true", "false", ""])
        if isinstance(schema, ArraySchema):
            return rng.choice(["[50,50]", "[1]", "[]", "[100]"])
        return rng.choice(["#fff", "red", "Arial", "https://x.example/a.png", "hello"])

    def component(self, depth: int) -> str:
        rng = self.rng
        comp = rng.choice(STANDARD_COMPONENTS)
        attrs = []
        names = [p.name for p in comp.props]
        for name in rng.sample(names, min(len(names), rng.randint(0, 4))):
            if rng.random() < 0.35:
                attrs.append(f' :{name}="{rng.choice(BAD_JS).replace(chr(34), "&quot;")}"')
            else:
                attrs.append(f' {name}="{self.value(comp, name).replace(chr(34), "&quot;")}"')
        if rng.random() < 0.1:
            attrs.append(' bogus-attr="{{ bogus }}"')
        if rng.random() < 0.1:
            attrs.append(' {% if a %}data-a="1"{% endif %}')
        inner = self.content(depth + 1) if depth < 5 else "x"
        close = "" if rng.random() < 0.05 else f"</{comp.tag}>"
        return f"<{comp.tag}{''.join(attrs)}>{inner}{close}"

    def deep(self) -> str:
        rng = self.rng
        n = rng.choice([50, 300, 1500])
        tag = rng.choice(["div", "x-box", "table", "x-section", "span", "x-paragraph"])
        return f"<{tag}>" * n + "{{ deep }}" + f"</{tag}>" * rng.choice([n, 0, n // 2])

    def piece(self, depth: int) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return self.component(depth)
        if r < 0.45:
            return rng.choice(BROKEN_LIQUID)
        if r < 0.55:
            return rng.choice(BROKEN_MARKUP)
        if r < 0.62:
            return rng.choice(ODD_TEXT)
        if r < 0.68 and self.snippets:
            text = rng.choice(self.snippets)
            at = rng.randrange(len(text) + 1)
            return text[at : at + rng.randint(0, 3000)]
        if r < 0.70 and depth == 0:
            return self.deep()
        if r < 0.80:
            return "{{ user.name | default: 'x' }}"
        return rng.choice(["text", " ", "\n", "<p>para</p>", "<td>cell</td>", "<b>b</b>"])

    def content(self, depth: int) -> str:
        return "".join(self.piece(depth) for _ in range(self.rng.randint(0, 4)))

    def email(self) -> str:
        body = self.content(0)
        if self.rng.random() < 0.7:
            body = f"<x-base>{body}</x-base>"
        return self.rng.choice(FRONT_MATTER) + body


class CaseTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail (instead of freezing CI) when the block runs longer than ``seconds``."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread; the suite's own timeout applies
        return

    def expire(signum: int, frame: object) -> None:
        raise CaseTimeout(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Problem:
    what: str
    source: str
    detail: str


def body_of(source: str) -> str:
    """The email body: front matter is the envelope, not output."""
    return source[read_front_matter(source).end :]


def issue_problems(issues: list[Issue], files: dict[str, str]) -> list[str]:
    """What is wrong with the issues themselves: rule, severity, location in bounds."""
    found = []
    for issue in issues:
        shown = format_issue(issue, files.get(issue.file))
        if issue.rule.startswith("internal/"):
            found.append(f"internal error: {shown}")
        if not issue.rule or "/" not in issue.rule or not isinstance(issue.severity, Severity):
            found.append(f"no rule or severity: {shown}")
        if issue.line < 0 or issue.column < 0 or (issue.line == 0 and issue.column != 0):
            found.append(f"bad location: {shown}")
        text = files.get(issue.file)
        if issue.line and text is not None:
            lines = text.split("\n")
            if (
                issue.line > len(lines)
                or issue.column < 1
                or issue.column > len(lines[issue.line - 1]) + 1
            ):
                found.append(f"location outside the file ({len(lines)} lines): {shown}")
    return found


def tag_groups(text: str) -> list[list[str]]:
    """The Liquid tokens of ``text`` in order, those of one start tag grouped: a component
    writes its attributes in its own order and places (``style`` on an inner element,
    attribute-list Liquid on the outer one), and attribute order carries no meaning."""
    found = list(LIQUID.finditer(text))
    masked = list(text)
    for m in found:
        masked[m.start() : m.end()] = "_" * (m.end() - m.start())
    flat = "".join(masked)
    groups: list[tuple[int, list[str]]] = []
    for m in found:
        lt, gt = flat.rfind("<", 0, m.start()), flat.rfind(">", 0, m.start())
        key = lt if lt > gt and flat[lt + 1 : lt + 2].isalpha() else -1 - m.start()
        if groups and groups[-1][0] == key:
            groups[-1][1].append(m.group())
        else:
            groups.append((key, [m.group()]))
    return [tokens for _, tokens in groups]


def groups_in_order(groups: list[list[str]], haystack: list[str]) -> bool:
    """Each group's tokens appear (in any order) after the previous group's."""
    pos = 0
    for group in groups:
        need = Counter(group)
        i, last = pos, pos
        while need and i < len(haystack):
            if need[haystack[i]] > 0:
                need[haystack[i]] -= 1
                need += Counter()  # drop zero counts
                last = i + 1
            i += 1
        if need:
            return False
        pos = last
    return True


def liquid_kept(source: str, html: str) -> bool:
    """Every Liquid token of the body is in the output, in order. ``<x-head>`` moves its
    content (Liquid included) to ``<head>`` by design: there only the tokens must all
    still be there."""
    body = body_of(source)
    if "<x-head" in source.lower():
        return all(html.count(t) >= n for t, n in Counter(expected_tokens(body)).items())
    want = expected_tokens(body)
    return in_order(want, LIQUID.findall(html)) or groups_in_order(
        [g for g in ([t for t in group if t in want] for group in tag_groups(body)) if g],
        LIQUID.findall(html),
    )


_BLOCK_OPEN = re.compile(r"\{%-?\s*(raw|comment)\s*-?%\}")


def expected_tokens(
    body: str,
    tokens: Callable[[str], list[str]] = LIQUID.findall,
) -> list[str]:
    """The tokens of ``body`` that must survive. A ``{% raw %}`` or ``{% comment %}``
    that is never closed is not a token (Liquid rejects it; the parser reports it and
    reads what follows as text), so its opener may be split like any text."""
    unclosed = {
        m.group()
        for m in _BLOCK_OPEN.finditer(body)
        if not re.search(r"\{%-?\s*end" + m.group(1) + r"\s*-?%\}", body[m.end() :])
    }
    return [t for t in tokens(body) if t not in unclosed]


def check(
    source: str,
    options: CompileOptions,
    compile_: Callable[[str, CompileOptions], CompileResult],
    files: dict[str, str] | None = None,
) -> list[Problem]:
    """Compile ``source`` and list every way the answer falls short of the standard."""
    label = "all transformers" if options.transformers.enable else "default"
    try:
        with time_limit(CASE_TIMEOUT_S):
            result = compile_(source, options)
    except CaseTimeout as exc:
        return [Problem(f"hang ({label})", source, str(exc))]
    except BaseException as exc:  # any exception at all is the finding
        return [Problem(f"exception ({label})", source, f"{type(exc).__name__}: {exc}")]
    known = {FILE: source, **(files or {})}
    problems = [
        Problem(f"issue ({label})", source, p) for p in issue_problems(result.issues, known)
    ]
    if not any(i.rule.startswith("input/") for i in result.issues) and not liquid_kept(
        source, result.html
    ):
        lost = Counter(LIQUID.findall(body_of(source))) - Counter(LIQUID.findall(result.html))
        problems.append(
            Problem(
                f"Liquid lost or moved ({label})",
                source,
                f"missing: {sorted(lost)[:5]}" if lost else "reordered",
            )
        )
    return problems


def compile_plain(source: str, options: CompileOptions) -> CompileResult:
    return compile_email(source, file=FILE, options=options)


def report(problems: list[Problem]) -> str:
    lines = [f"{len(problems)} problem(s); first ones (source cut to 300 chars):"]
    for p in problems[:8]:
        lines.append(f"- {p.what}: {p.detail}\n    source: {p.source[:300]!r}")
    return "\n".join(lines)


# --- the fuzzer ---------------------------------------------------------------------


def test_generator_is_deterministic_and_varied() -> None:
    a = [EmailGenerator(random.Random(7), []).email() for _ in range(3)]
    b = [EmailGenerator(random.Random(7), []).email() for _ in range(3)]
    assert a == b
    many = [EmailGenerator(random.Random(s), []).email() for s in range(40)]
    joined = "".join(many)
    assert len(set(many)) > 30
    assert ":" in joined and "{{" in joined and "<x-" in joined


def test_tokens_of_one_start_tag_may_come_in_any_order_but_nothing_else() -> None:
    a = '<x-wrap {{ a }} style="{{ b }}">{{ c }}</x-wrap>{{ d }}'
    assert tag_groups(a) == [["{{ a }}", "{{ b }}"], ["{{ c }}"], ["{{ d }}"]]
    assert liquid_kept(a, '<div {{ a }}><p style="{{ b }}">{{ c }}</p></div>{{ d }}')
    assert liquid_kept(a, '<div style="{{ b }}" {{ a }}>{{ c }}</div>{{ d }}')
    assert not liquid_kept(a, '<div style="{{ b }}" {{ a }}></div>{{ d }}')
    assert not liquid_kept(a, '<div style="{{ b }}" {{ a }}>{{ d }}</div>{{ c }}')
    assert not liquid_kept(
        a, '<div style="{{ b }}">{{ c }}</div>{{ a }}{{ d }}'.replace("{{ a }}", "")
    ) and liquid_kept("{{ x", "")


def test_check_detects_each_kind_of_failure() -> None:
    """The oracle itself can fail: a lost token, a bad location, an exception, a hang."""
    source = "<x-base>{{ a }}{% if b %}x{% endif %}</x-base>"

    def dropping(src: str, options: CompileOptions) -> CompileResult:
        return CompileResult(file=FILE, source=src, html="{% if b %}x{% endif %}")

    def misplacing(src: str, options: CompileOptions) -> CompileResult:
        bad = Issue("x/y", Severity.ERROR, "m", FILE, 9, 1)
        return CompileResult(file=FILE, source=src, html=src, issues=[bad])

    def crashing(src: str, options: CompileOptions) -> CompileResult:
        raise KeyError("boom")

    def hanging(src: str, options: CompileOptions) -> CompileResult:
        import time

        time.sleep(CASE_TIMEOUT_S + 5)
        raise AssertionError("not reached")

    assert [p.what for p in check(source, DEFAULT, dropping)] == ["Liquid lost or moved (default)"]
    assert "outside the file" in check(source, DEFAULT, misplacing)[0].detail
    assert check(source, DEFAULT, crashing)[0].detail == "KeyError: 'boom'"
    if threading.current_thread() is threading.main_thread():
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sys.modules[__name__], "CASE_TIMEOUT_S", 1)
            assert check(source, DEFAULT, hanging)[0].what == "hang (default)"
    assert check(source, DEFAULT, compile_plain) == []


@pytest.mark.parametrize("options", [DEFAULT, EVERY_TRANSFORMER], ids=["default", "all"])
def test_random_emails_get_clear_answers(options: CompileOptions) -> None:
    gen = EmailGenerator(random.Random(SEED), _corpus_snippets())
    problems: list[Problem] = []
    for _ in range(CASES):
        problems += check(gen.email(), options, compile_plain)
    assert not problems, report(problems)


# --- regressions: each a bug the fuzzer found ------------------------------------------


def _compile(source: str, options: CompileOptions = DEFAULT) -> CompileResult:
    result = compile_plain(source, options)
    assert not issue_problems(result.issues, {FILE: source}), [
        format_issue(i, source) for i in result.issues
    ]
    return result


@pytest.mark.parametrize(
    "source",
    [
        '<x-row break-point="1e999"><x-column>a</x-column></x-row>',  # int(inf): OverflowError
        '<x-row :break-point="Infinity"><x-column>a</x-column></x-row>',
        '<x-section :width="-Infinity">a</x-section>',
    ],
)
def test_endless_numbers_are_invalid_props_not_crashes(source: str) -> None:
    result = _compile(source)
    invalid = [i for i in result.issues if i.rule == "props/invalid"]
    assert invalid and "Number must be finite" in invalid[0].message
    assert "inf" not in result.html.lower()


@pytest.mark.parametrize(
    ("expr", "rule", "words", "column"),
    [
        ("BigInt(7)", "expr/runtime", "cannot be used outside JavaScript", 20),  # Unknown tag 7
        ("'\\ud800'", "expr/runtime", "unpaired surrogate", 20),  # UnicodeDecodeError
        ("{a: ['\\udfff']}", "expr/runtime", "unpaired surrogate", 20),  # via JSON: kept
        ("'a\x00b'", "expr/syntax", "NUL", 22),  # ValueError: embedded null character
    ],
)
def test_expression_values_quickjs_cannot_return_are_located_issues(
    expr: str, rule: str, words: str, column: int
) -> None:
    source = f'<x-base>\n<x-section :width="{expr}">a</x-section></x-base>'
    result = _compile(source)
    found = [i for i in result.issues if i.rule == rule]
    assert found and words in found[0].message
    assert (found[0].line, found[0].column) == (2, column)


def test_text_no_file_can_hold_is_an_input_issue() -> None:
    # a lone surrogate (from an editor or a program) crashed expand: UnicodeEncodeError
    result = compile_plain("<x-base>\n  <p>a\ud83d</p></x-base>", DEFAULT)
    assert [(i.rule, i.line, i.column) for i in result.issues] == [("input/encoding", 2, 7)]
    assert result.html == ""


def test_empty_unquoted_attribute_value_does_not_crash_transformers() -> None:
    # markup.Tag.attrs read v[0] of an empty value: IndexError in the transform step
    source = '<x-base><d "{%%}">1="></d><p a= >x</p></x-base>'
    result = _compile(source, EVERY_TRANSFORMER)
    assert "{%%}" in result.html


def test_transformer_issues_are_located_in_the_source_not_the_expanded_html() -> None:
    source = "---\nsubject: s\n---\n<x-base>\n<style>p{color:red</style>\n</x-base>\n"
    result = _compile(source, EVERY_TRANSFORMER)
    bad_css = [i for i in result.issues if i.rule.endswith("/bad-css")]
    assert bad_css
    for issue in bad_css:
        assert (issue.line, issue.column) == (5, 9)  # at "p{color:red" as written


@pytest.mark.parametrize("tag", ["x-spacer", "x-hr", "x-image", "x-empty-state", "x-font-family"])
def test_content_of_components_without_content_keeps_its_liquid(tag: str) -> None:
    source = (
        f'<x-base>\n<{tag} src="https://a.example/i.png" alt="" font-family="Lato">\n'
        f'  {{% if vip %}}<b title="{{{{ t }}}}">VIP</b>\n</{tag}>{{% endif %}}\n</x-base>'
    )
    result = _compile(source)
    assert LIQUID.findall(result.html) == ["{% if vip %}", "{{ t }}", "{% endif %}"]
    ignored = [i for i in result.issues if i.rule == "markup/ignored-content"]
    assert [(i.line, i.column, i.severity) for i in ignored] == [(3, 3, Severity.WARNING)]


def test_liquid_tokens_collects_every_place_in_source_order() -> None:
    from components.markup import parse

    doc = parse(
        '{{ a }}<p {% if b %}x{% endif %} t="{{ c }}"><!-- {{ d }} -->'
        "<!--[if mso]>{{ e }}<![endif]--></p>",
        FILE,
    ).document
    assert liquid_tokens(doc.children) == [
        "{{ a }}",
        "{% if b %}",
        "{% endif %}",
        "{{ c }}",
        "{{ d }}",
        "{{ e }}",
    ]


@pytest.mark.parametrize(
    "source",
    [
        '<x-section foo="{{ x }}">a</x-section>',  # unknown prop
        '<x-paragraph :color="{{ x }}">a</x-paragraph>',  # expression that does not parse
        '<x-paragraph #if="{{ x }}">a</x-paragraph>',  # unsupported directive
        '<x-hr "{{ x }}">',  # malformed attribute name holding Liquid
        "<x-row ={{ x }}><x-column>a</x-column></x-row>",
        "<x-edit-text {{ x }}>a</x-edit-text>",  # components writing no element of their own
        "<x-empty-state {{ x }}></x-empty-state>",
        "<x-column {{ x }}>a</x-column>",  # column outside a row
        "<x-head {{ x }}><meta name=a></x-head>",
        '<p :title="{{ x }}">a</p>',  # directive outside a component
        '<x-section align="{{ x }}">a</x-section>',  # props the component needs at build time
        '<x-hidden-text hide-on="{{ x }}">a</x-hidden-text>',
        '<x-row reverse="{{ x }}" layout="{{ x }}"><x-column>a</x-column></x-row>',
        '<x class=":"{{"">"}}',  # unbalanced quotes: the guard missed the token
    ],
)
@pytest.mark.parametrize("options", [DEFAULT, EVERY_TRANSFORMER], ids=["default", "all"])
def test_dropped_attributes_keep_their_liquid(source: str, options: CompileOptions) -> None:
    result = _compile(source, options)
    want = LIQUID.findall(source)
    assert Counter(LIQUID.findall(result.html)) >= Counter(want), result.html[-300:]


def test_liquid_an_enum_prop_cannot_use_is_reported_at_the_attribute() -> None:
    source = '<x-base>\n<x-section align="{{ side }}">a</x-section>\n</x-base>'
    result = _compile(source)
    found = [i for i in result.issues if i.rule == "props/liquid-unsupported"]
    assert [(i.line, i.column) for i in found] == [(2, 12)]
    assert "{{ side }}" in result.html
