"""The frozen realm: built-ins and globals read-only after lockdown, own objects free."""

from __future__ import annotations

import pytest

from components.js import JSEngine, JSError
from components.js.engine import MAX_JOBS


@pytest.fixture
def locked() -> JSEngine:
    engine = JSEngine()
    engine.lockdown()
    return engine


@pytest.mark.parametrize(
    "target",
    [
        "globalThis",
        "Object.prototype",
        "Array.prototype",
        "String.prototype.toUpperCase",
        "JSON",
        "Math",
        "Function.prototype",
        "Object.getPrototypeOf(function* () {})",
        "Object.getPrototypeOf(async function () {})",
        "Object.getPrototypeOf([][Symbol.iterator]())",
        "Object.getPrototypeOf(Int8Array).prototype",
        "Promise.prototype.then",
    ],
)
def test_built_ins_are_frozen(locked: JSEngine, target: str) -> None:
    assert locked.evaluate(f"Object.isFrozen({target})") is True


def test_a_fresh_engine_is_not_locked() -> None:
    engine = JSEngine()
    assert engine.evaluate("Object.isFrozen(Object.prototype)") is False
    assert not engine.locked


def test_sloppy_assignment_to_a_built_in_does_nothing_strict_throws(locked: JSEngine) -> None:
    assert locked.evaluate("(() => { Array.prototype.map = null; return typeof [].map })()") == (
        "function"
    )
    with pytest.raises(JSError, match="TypeError"):
        locked.evaluate("(() => { 'use strict'; Math.max = null })()")
    assert locked.evaluate("(() => { globalThis.leak = 1; return typeof leak })()") == "undefined"


def test_own_objects_stay_writable_even_over_inherited_built_ins(locked: JSEngine) -> None:
    # the override mistake: these assignments must keep working on the code's own objects
    assert (
        locked.evaluate("(() => { const o = {}; o.toString = () => 'mine'; return String(o) })()")
        == "mine"
    )
    assert locked.evaluate(
        "(() => { 'use strict'; class E extends Error { constructor() "
        "{ super('m'); this.name = 'E' } } return String(new E()) })()"
    ) == ("E: m")
    assert (
        locked.evaluate("(() => { const a = [2, 1]; a.push(3); a.sort(); return a.join() })()")
        == "1,2,3"
    )
    with pytest.raises(JSError, match="read only"):
        locked.evaluate("(() => { Object.prototype.toString = null })()")


def test_lockdown_is_idempotent(locked: JSEngine) -> None:
    locked.lockdown()
    assert locked.evaluate("[1, 2].map(x => x * 2).join()") == "2,4"


def test_no_new_global_after_lockdown(locked: JSEngine) -> None:
    with pytest.raises(JSError):
        locked.define("late", 1)


def test_settle_runs_what_scripts_left_scheduled() -> None:
    engine = JSEngine()
    scope = engine.run_script(
        "const box = {n: 0}; Promise.resolve().then(() => { box.n = 1 });", names=["box"]
    )
    assert engine.evaluate("box.n", scope) == 1  # settled when the script returned


def test_a_job_storm_is_stopped() -> None:
    engine = JSEngine()
    with pytest.raises(JSError, match=f"after {MAX_JOBS}"):
        engine.run_script("const again = () => Promise.resolve().then(again); again();")


def test_an_endless_job_is_a_timeout() -> None:
    engine = JSEngine(time_limit_ms=50)
    with pytest.raises(JSError) as info:
        engine.run_script("Promise.resolve().then(() => { for (;;) {} });")
    assert info.value.kind == "timeout"
