"""The sandbox: no file/network/timer/module access; each failure is one located issue."""

from __future__ import annotations

import pytest

from tests.components.custom.helpers import body, compile_email

HOST = "<p>before</p>\n<bad-one></bad-one>\n<p>after</p>"


def comp(script: str) -> dict[str, str]:
    return {"bad-one": f"<template><b>never</b></template>\n<script>\n{script}\n</script>"}


@pytest.mark.parametrize(
    ("script", "rule", "line"),
    [
        ("const a = 1;\nconst b = ;", "components/script-syntax", 4),
        ("const a = 1;\nthrow new Error('boom');", "components/script-runtime", 4),
        ("let n = 0;\nwhile (true) { n++; }", "components/script-timeout", 0),
        (
            "const a = [];\nwhile (true) a.push(new Array(100000).fill(1));",
            "components/script-memory",
            0,
        ),
    ],
)
def test_each_failure_is_one_located_issue(script: str, rule: str, line: int) -> None:
    r = compile_email(comp(script), HOST, time_limit_ms=100, memory_limit_mb=32)
    assert len(r.issues) == 1, r.explain()
    issue = r.issues[0]
    # failures that need no props are found when the file is read: the library lists them
    # once and every use reports "cannot be used" with the reason
    assert issue.rule in (rule, "components/unusable"), r.explain()
    if issue.rule == "components/unusable":
        assert [i.rule for i in r.library.issues] == [rule]
        assert r.library.issues[0].message in issue.message
    assert issue.file == "components/bad-one.html"
    # syntax and runtime errors point at the statement; limits at the script's start
    assert issue.line == (line or 2)
    assert issue.host == "emails/e.html:2:1 <bad-one>"
    # the rest of the email still compiles
    assert body(r.html) == "<p>before</p><p>after</p>"


def test_exception_message_is_kept() -> None:
    r = compile_email(comp("throw new Error('boom');"), HOST)
    assert "Error: boom" in r.issues[0].message
    assert (r.issues[0].line, r.issues[0].column) == (3, 11)  # at `Error(`


def test_runtime_failure_at_use_only_stops_that_instance() -> None:
    comps = {
        "div-by": "<script>export const props = Component.defineProps(['n']);\n"
        "if (props.n === 0) throw new RangeError('zero');</script>"
        "<template><i>${props.n}</i></template>"
    }
    r = compile_email(
        comps, '<div-by :n="1"></div-by><div-by :n="0"></div-by><div-by :n="2"></div-by>'
    )
    assert [i.rule for i in r.issues] == ["components/script-runtime"]
    assert body(r.html) == "<i>1</i><i>2</i>"


@pytest.mark.parametrize(
    "name",
    [
        "fetch",
        "XMLHttpRequest",
        "setTimeout",
        "setInterval",
        "require",
        "process",
        "std",
        "os",
        "Deno",
        "window",
    ],
)
def test_no_host_access(name: str) -> None:
    r = compile_email(
        {"probe-it": f"<script>const t = typeof {name};</script><template>${{t}}</template>"},
        "<probe-it></probe-it>",
    )
    assert r.errors == []
    assert body(r.html) == "undefined"


def test_template_endless_loop_is_stopped() -> None:
    r = compile_email(
        {
            "spin-it": "<script></script><template><p>${(() => { while (true) {} })()}"
            "</p><p>${1}</p></template>"
        },
        "<spin-it></spin-it><i>ok</i>",
        time_limit_ms=50,
    )
    assert [i.rule for i in r.issues] == ["components/script-timeout"]
    assert body(r.html) == "<i>ok</i>"
