"""Hostile components: one component cannot reach another, and nothing multiplies without
bound. Each probe asserts the clean outcome (a located issue at the right component, the
other components unharmed) and a bounded time and memory, measured generously here; the
tight numbers are in bench/ and docs/performance.md."""

from __future__ import annotations

import resource
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.components.custom.helpers import Compiled, compile_email

#: generous bounds for one probe (the machine may be loaded by parallel tests)
SECONDS = 60
PYTHON_MB = 600
PROCESS_MB = 2048


@contextmanager
def bounded(seconds: float = SECONDS, python_mb: int = PYTHON_MB) -> Iterator[None]:
    """Fail when the block takes longer than ``seconds`` or allocates more than
    ``python_mb`` of Python memory at its peak; the process stays under 2 GB."""
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < python_mb * 2**20, f"peak Python memory {peak / 2**20:.0f} MB"
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert rss_mb < PROCESS_MB, f"process peak {rss_mb:.0f} MB"


def victim(
    body: str = "${title.toUpperCase()} ${JSON.stringify({a: 1})} ${[3, 1, 2].sort()} "
    "${typeof extra}",
) -> str:
    return (
        "<script>export const props = Component.defineProps({ title: "
        "Component.props.string().default('safe'), secret: Component.props.string()"
        ".optional() });</script><template><p>" + body + "</p></template>"
    )


CLEAN = '<p>SAFE {"a":1} 1,2,3 undefined</p>'


def errors_at(result: Compiled, tag: str) -> list[str]:
    return [i.message for i in result.issues if i.is_error and f"<{tag}>" in i.message]


# -- isolation: a shared-context attack ------------------------------------------------
ATTACKS = {
    "string-prototype": "String.prototype.toUpperCase = function () { return 'PWNED' };",
    "object-prototype": "Object.prototype.toJSON = function () { return 'PWNED' };",
    "array-prototype": "Array.prototype.sort = function () { return ['PWNED'] };",
    "json": "JSON.stringify = () => 'PWNED';",
    "runtime-global": "globalThis.__mw_component = function () { throw new Error('PWNED') };",
    "new-global": "globalThis.extra = 'PWNED';",
    "function-constructor": "(function(){}).constructor('this.JSON = {stringify: () => "
    '"PWNED"}\')();',
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_component_cannot_change_the_built_ins_of_another(attack: str) -> None:
    evil = (
        "<script>try { " + ATTACKS[attack] + " } catch (e) {}</script>"
        "<template><i>evil</i></template>"
    )
    with bounded():
        result = compile_email(
            {"evil-one": evil, "good-one": victim()},
            "<evil-one></evil-one><good-one></good-one><evil-one></evil-one><good-one></good-one>",
        )
    assert "PWNED" not in result.html
    assert result.html.count(CLEAN) == 2, result.explain()
    assert errors_at(result, "good-one") == []


def test_a_component_cannot_read_the_props_of_another() -> None:
    spy = """<script>
    if (typeof __spy === 'undefined') {
      const seen = [];
      try { const real = __mw_component;
            globalThis.__mw_component = function (p, parent, d) { seen.push(p);
                                                                   return real(p, parent, d) };
      } catch (e) {}
      try { Object.defineProperty(Object.prototype, 'secret', { set(v) { seen.push(v) },
            get() { return undefined }, configurable: true }) } catch (e) {}
      try { globalThis.__spy = seen } catch (e) {}
    }
    const found = JSON.stringify(typeof __spy === 'undefined' ? [] : __spy);
    </script><template><i>${found}</i></template>"""
    with bounded():
        result = compile_email(
            {"spy-one": spy, "good-one": victim("${secret}")},
            '<spy-one></spy-one><good-one secret="hunter2"></good-one><spy-one></spy-one>',
        )
    assert "<p>hunter2</p>" in result.html, result.explain()
    assert result.html.count("hunter2") == 1, result.html


def test_memory_one_component_holds_is_not_blamed_on_another() -> None:
    # the hog keeps 40 MB alive after its script ends (a never-run promise job holds it);
    # the victim then needs 30 MB of the 64 MB: it must not fail because of the hog
    hog = (
        "<script>const big = 'x'.repeat(40e6); Promise.resolve().then(() => big.length);"
        "</script><template><i>hog</i></template>"
    )
    needy = (
        "<script>const mine = 'y'.repeat(30e6); const n = mine.length;</script>"
        "<template><p>${n}</p></template>"
    )
    with bounded():
        result = compile_email(
            {"hog-one": hog, "needy-one": needy}, "<hog-one></hog-one><needy-one></needy-one>"
        )
    assert "<p>30000000</p>" in result.html, result.explain()
    assert errors_at(result, "needy-one") == []


def test_memory_held_by_an_enclosing_component_is_blamed_on_it() -> None:
    # an ancestor's context is alive while its content expands: when a descendant then
    # runs out of memory, the message names the ancestor that holds it
    hog = (
        "<script>Component.context.set('big', 'x'.repeat(40e6));</script>"
        "<template><div><slot/></div></template>"
    )
    needy = (
        "<script>const mine = 'y'.repeat(30e6); const n = mine.length;</script>"
        "<template><p>${n}</p></template>"
    )
    with bounded():
        result = compile_email(
            {"hog-one": hog, "needy-one": needy}, "<hog-one><needy-one></needy-one></hog-one>"
        )
    issue = next(i for i in result.issues if i.rule == "components/script-memory")
    assert "<hog-one>" in issue.message and "not caused by <needy-one>" in issue.message, (
        issue.message
    )


# -- multiplying components: one cap on the whole email, reported at the outermost --------
def limit_issues(result: Compiled) -> list[tuple[str, int, int, str]]:
    return [
        (i.file, i.line, i.column, i.message)
        for i in result.issues
        if i.rule == "components/expansion-limit"
    ]


def test_nested_each_is_capped_per_email_at_the_outer_each() -> None:
    grid = (
        "<script>export const props = Component.defineProps({ n: "
        "Component.props.number().default(3000) });</script>\n"
        "<template><div>\n"
        '  <div #each="i in n"><span #each="j in n">${i}.${j}</span></div>\n'
        "</div></template>"
    )
    with bounded():
        result = compile_email(
            {"grid-bomb": grid, "good-one": victim()},
            "<p>before</p><grid-bomb>{{ kept }}</grid-bomb><good-one></good-one><p>after</p>",
        )
    found = limit_issues(result)
    assert [(f, ln, col) for f, ln, col, _ in found] == [("components/grid-bomb.html", 3, 8)]
    assert "more than" in found[0][3] and "<grid-bomb>" in found[0][3]
    assert "<p>before</p>" in result.html and "<p>after</p>" in result.html
    assert result.html.count(CLEAN) == 1, "the rest of the email still renders"
    assert "{{ kept }}" in result.html, "Liquid in the dropped use is kept"
    assert len(result.html) < 100_000


def test_small_nested_each_is_untouched() -> None:
    grid = (
        '<script></script><template><div #each="i in 30"><span #each="j in 30">${i}.${j}'
        "</span></div></template>"
    )
    result = compile_email({"small-grid": grid}, "<small-grid></small-grid>")
    assert limit_issues(result) == [] and result.html.count("<span>") == 900


def test_nested_slots_that_double_are_capped_at_the_outermost_use() -> None:
    twice = {
        f"two-{i}": "<script></script><template><div><slot/><slot/></div></template>"
        for i in range(26)
    }
    email = (
        "<p>x</p>\n"
        + "".join(f"<two-{i}>" for i in range(26))
        + "<b>boom</b>"
        + "".join(f"</two-{i}>" for i in reversed(range(26)))
    )
    with bounded():
        result = compile_email(twice, email)
    found = limit_issues(result)
    assert [(f, ln, col) for f, ln, col, _ in found] == [("emails/e.html", 2, 1)]
    assert result.html.count("boom") == 0 and "<p>x</p>" in result.html


def test_components_that_multiply_each_other_are_capped() -> None:
    parts = {
        f"level-{i}": "<script></script><template><div>"
        + f"<level-{i + 1}></level-{i + 1}>" * 10
        + "</div></template>"
        for i in range(6)
    }
    parts["level-6"] = "<script></script><template><i>leaf</i></template>"
    with bounded():
        result = compile_email(parts, "<level-0></level-0><level-6></level-6>")
    found = limit_issues(result)
    assert [(f, ln, col) for f, ln, col, _ in found] == [("emails/e.html", 1, 1)]
    assert result.html.endswith("<i>leaf</i>")


def test_huge_text_from_a_template_is_capped_in_bytes() -> None:
    wide = (
        "<script>const big = 'x'.repeat(1e6);</script>"
        '<template><p #each="i in 100">${big}</p></template>'
    )
    with bounded():
        result = compile_email({"wide-text": wide}, "<wide-text></wide-text>")
    found = limit_issues(result)
    assert len(found) == 1 and "MB" in found[0][3], found
    assert len(result.html) < 1_000_000
