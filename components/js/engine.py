"""One sandboxed JavaScript engine per compile.

Expressions (``:attr`` values, ``${}``) and component scripts run in an
embedded QuickJS context. The context has no file, network, timer or module
access: it is plain ECMAScript with its built-ins, nothing more. Each call is
bounded by a CPU time limit; the whole context by a memory limit. Any failure
becomes a :class:`JSError` naming its kind (``syntax``, ``runtime``,
``timeout``, ``memory``) and its position inside the expression; the engine
stays usable after it.

Speed: an expression is compiled once into a JS function and cached by its
text; a :class:`Scope` is one JS object made once (values converted by one
JSON parse) whose prototype is the parent scope's object, and expressions
read names from it with ``with``. An evaluation is a single call into QuickJS.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

# The QuickJS extension itself: the ``quickjs`` package around it re-exports its names and
# adds a thread-pool helper (``quickjs.Function``) this engine does not use, whose imports
# (``concurrent.futures``, ``logging``) cost a cold ``mailwright build`` about 5 ms.
import _quickjs as quickjs

from components.js.realm import lockdown_source

ErrorKind = Literal["syntax", "runtime", "timeout", "memory"]

_POS_RE = re.compile(r"<input>:(\d+):(\d+)")
# The expression starts on line 2 of the code the engine compiles.
_EXPR_HEAD = "(function(__mw_scope){with(__mw_scope){return (\n"
_EXPR_TAIL = "\n);}})"
_SCRIPT_HEAD = "(function(__mw_scope){with(__mw_scope){\n"
#: most promise jobs run after one script (a job that keeps scheduling jobs stops there)
MAX_JOBS = 10_000


class JSError(Exception):
    """A JavaScript failure, located inside the expression or script (1-based)."""

    def __init__(self, kind: ErrorKind, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message
        self.line = line
        self.column = column

    @property
    def rule(self) -> str:
        """The issue rule id for this failure, e.g. ``expr/syntax``."""
        return f"expr/{self.kind}"

    def __repr__(self) -> str:
        return f"JSError({self.kind!r}, {self.message!r}, {self.line}, {self.column})"


@dataclass(frozen=True, slots=True, eq=False)
class JSHandle:
    """A JavaScript value with no JSON form (a function, a symbol), kept as is.

    Handles can be put back into scopes and passed to JS functions.
    """

    value: quickjs.Object


class _Undefined:
    """JavaScript ``undefined`` as a scope value (JSON, and so ``None``, means ``null``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED = _Undefined()


class Scope:
    """Names visible to expressions: one JS object, chained to its parent's.

    Created by :meth:`JSEngine.scope`; immutable once made. ``values`` are the
    Python values it was made from (own names only).
    """

    __slots__ = ("_engine_id", "obj", "parent", "values")

    def __init__(
        self,
        engine_id: int,
        obj: quickjs.Object,
        values: Mapping[str, object],
        parent: Scope | None,
    ) -> None:
        self._engine_id = engine_id
        self.obj = obj
        self.values = values
        self.parent = parent

    def lookup(self, name: str, default: object = None) -> object:
        """The Python value of ``name`` here or in a parent scope."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.values:
                return scope.values[name]
            scope = scope.parent
        return default

    def names(self) -> set[str]:
        out: set[str] = set()
        scope: Scope | None = self
        while scope is not None:
            out.update(scope.values)
            scope = scope.parent
        return out


class JSEngine:
    """A QuickJS context with limits, an expression cache and scope helpers.

    One engine serves one compile (it is not thread-safe; make one per
    thread). ``time_limit_ms`` bounds each evaluation or script run;
    ``memory_limit_mb`` bounds the whole context.
    """

    def __init__(
        self, time_limit_ms: int = 250, memory_limit_mb: int = 64, max_stack_kb: int = 512
    ) -> None:
        self.time_limit_ms = time_limit_ms
        self.memory_limit_mb = memory_limit_mb
        self._ctx = quickjs.Context()
        self._ctx.set_time_limit(max(time_limit_ms, 1) / 1000.0)
        self._ctx.set_memory_limit(memory_limit_mb * 1024 * 1024)
        self._ctx.set_max_stack_size(max_stack_kb * 1024)
        self._cache: dict[str, quickjs.Object] = {}
        self._script_cache: dict[tuple[str, tuple[str, ...]], quickjs.Object] = {}
        self._make_scope: quickjs.Object = self._ctx.eval(
            "(function(p,o){Object.setPrototypeOf(o,p);return o})"
        )
        # own data properties (an assignment could reach a setter or a frozen built-in)
        self._set_key: quickjs.Object = self._ctx.eval(
            "(function(o,k,v){Object.defineProperty(o,k,{value:v,writable:true,"
            "enumerable:true,configurable:true});return o})"
        )
        # own properties holding undefined (they shadow a parent scope's names)
        self._set_undefined: quickjs.Object = self._ctx.eval(
            "(function(o,ks){for(const k of JSON.parse(ks))Object.defineProperty(o,k,"
            "{value:undefined,writable:true,enumerable:true,configurable:true});return o})"
        )
        self._empty_json = self._ctx.parse_json("{}")
        self.root = self.scope({})
        #: whether :meth:`lockdown` froze the realm
        self.locked = False

    # -- scopes ---------------------------------------------------------------
    def scope(self, values: Mapping[str, object], parent: Scope | None = None) -> Scope:
        """A scope holding ``values`` on top of ``parent`` (names shadow the parent's).

        A value of :data:`UNDEFINED` makes the name ``undefined`` (``None`` is ``null``).
        """
        plain: dict[str, object] = {}
        handles: dict[str, quickjs.Object] = {}
        undefined: list[str] = []
        for key, value in values.items():
            if value is UNDEFINED:
                undefined.append(key)
            elif isinstance(value, JSHandle):
                handles[key] = value.value
            elif isinstance(value, quickjs.Object):
                handles[key] = value
            elif isinstance(value, Scope):
                handles[key] = value.obj
            else:
                plain[key] = value
        try:
            obj = self._ctx.parse_json(json.dumps(plain, default=_json_default, allow_nan=True))
            obj = self._make_scope(None if parent is None else parent.obj, obj)
            for key, h in handles.items():
                self._set_key(obj, key, h)
            if undefined:
                self._set_undefined(obj, json.dumps(undefined))
        except quickjs.JSException as exc:
            raise _to_error(exc, line_offset=0) from None
        return Scope(id(self), obj, dict(values), parent)

    # -- expressions ----------------------------------------------------------
    def compile(self, expr: str) -> quickjs.Object:
        """The cached JS function for ``expr``; raises :class:`JSError` (syntax)."""
        fn = self._cache.get(expr)
        if fn is None:
            if not expr.strip():
                raise JSError("syntax", "SyntaxError: empty expression", 1, 1)
            _refuse_nul(expr)
            try:
                fn = self._ctx.eval(_EXPR_HEAD + expr + _EXPR_TAIL)
            except (quickjs.JSException, quickjs.StackOverflow) as exc:
                raise _to_error(exc, line_offset=1, text=expr) from None
            self._cache[expr] = fn
        return fn

    def evaluate(self, expr: str, scope: Scope | None = None) -> object:
        """Evaluate ``expr`` with the names of ``scope``; the result as Python.

        Primitives come back as str/int/float/bool/None (integral numbers as
        int; ``undefined`` and ``null`` as None), arrays and objects as
        list/dict, functions and symbols as :class:`JSHandle`.
        """
        return self.to_python(self.evaluate_raw(expr, scope), expr)

    def evaluate_raw(self, expr: str, scope: Scope | None = None) -> object:
        """Like :meth:`evaluate` but objects stay JS objects (``quickjs.Object``)."""
        fn = self.compile(expr)
        try:
            return fn((scope or self.root).obj)
        except (quickjs.JSException, quickjs.StackOverflow) as exc:
            raise _to_error(exc, line_offset=1, text=expr) from None
        except (TypeError, UnicodeDecodeError) as exc:  # a BigInt, a lone surrogate
            raise _foreign_value(exc) from None

    def to_python(self, value: object, expr: str = "") -> object:
        if isinstance(value, float):
            return _number(value)
        if isinstance(value, quickjs.Object):
            try:
                text = value.json()
            except (quickjs.JSException, quickjs.StackOverflow) as exc:
                raise _to_error(exc, line_offset=1, text=expr) from None
            except UnicodeDecodeError as exc:  # a string with a lone surrogate in it
                raise _foreign_value(exc) from None
            if text is None:
                return JSHandle(value)
            data = json.loads(text)
            if "\\u" in text:  # JSON escapes a lone surrogate; Python would keep it
                try:
                    json.dumps(data, ensure_ascii=False).encode("utf-8")
                except UnicodeEncodeError as exc:
                    raise _foreign_value(exc) from None
            return data
        return value

    # -- scripts and globals (the custom-component engine builds on these) ---
    def run_script(self, code: str, scope: Scope | None = None, names: Iterable[str] = ()) -> Scope:
        """Run ``code`` as a function body that sees ``scope``'s names.

        Returns a new scope (child of ``scope``) holding the script's bindings
        listed in ``names`` (missing ones are ``undefined``): components run
        their ``<script>`` this way, with ``export`` keywords removed by
        :func:`components.js.script.prepare_script`. Errors are located in
        ``code`` (1-based lines/columns).
        """
        wanted = tuple(n for n in names if _IDENT_RE.fullmatch(n))
        key = (code, wanted)
        fn = self._script_cache.get(key)
        if fn is None:
            capture = ",".join(
                f"{json.dumps(n)}:(typeof {n}==='undefined'?undefined:{n})" for n in wanted
            )
            source = f"{_SCRIPT_HEAD}{code}\n;return {{{capture}}};}}}})"
            _refuse_nul(code)
            try:
                fn = self._ctx.eval(source)
            except (quickjs.JSException, quickjs.StackOverflow) as exc:
                raise _to_error(exc, line_offset=1, text=code) from None
            self._script_cache[key] = fn
        base = scope or self.root
        try:
            obj = fn(base.obj)
            obj = self._make_scope(base.obj, obj)
        except (quickjs.JSException, quickjs.StackOverflow) as exc:
            self.settle()
            raise _to_error(exc, line_offset=1, text=code) from None
        if not self.settle():
            raise JSError(
                "runtime",
                f"Error: promise jobs kept scheduling more jobs; stopped after {MAX_JOBS}",
            )
        return Scope(id(self), obj, {}, base)

    def settle(self) -> bool:
        """Run the promise jobs that code left scheduled (at most :data:`MAX_JOBS`).

        A job holds what its closure holds: left in the queue, it would keep memory
        alive after the code that made it, where the next component would pay for it.
        A job's own exception is dropped (an unhandled rejection); a job that runs out
        of time or memory raises :class:`JSError`. False when jobs were still pending
        after :data:`MAX_JOBS`.
        """
        for _ in range(MAX_JOBS):
            try:
                if not self._ctx.execute_pending_job():
                    return True
            except (quickjs.JSException, quickjs.StackOverflow) as exc:
                err = _to_error(exc, line_offset=0)
                if err.kind in ("timeout", "memory"):
                    raise err from None
        return False

    def lockdown(self) -> None:
        """Freeze ``globalThis`` and every built-in (:mod:`components.js.realm`), so code
        run later cannot change what other code sees. Once per engine; irreversible."""
        if not self.locked:
            self.eval_source(lockdown_source())
            self.locked = True

    def define(self, name: str, value: object) -> None:
        """Set a global to plain data or a :class:`JSHandle`.

        There is no way to expose Python callables: QuickJS refuses to call
        into Python while a time limit is set. Helpers like ``Component`` are
        written in JavaScript with :meth:`eval_source`, and their results are
        read back as data.
        """
        handle = self.handle(value)
        try:
            self._set_key(self._ctx.globalThis, name, handle)
        except quickjs.JSException as exc:  # a locked-down realm: no new globals
            raise _to_error(exc, line_offset=0) from None
        self._cache.clear()

    def eval_source(self, code: str) -> object:
        """Evaluate trusted helper source at global level (e.g. to build a ``Component`` object)."""
        try:
            return self._ctx.eval(code)
        except (quickjs.JSException, quickjs.StackOverflow) as exc:
            raise _to_error(exc, line_offset=0, text=code) from None

    def handle(self, value: object) -> object:
        """``value`` as something QuickJS accepts: primitives as is, containers via JSON."""
        if isinstance(value, JSHandle):
            return value.value
        if value is None or isinstance(value, (str, int, float, bool, quickjs.Object)):
            return value
        try:
            return self._ctx.parse_json(json.dumps(value, default=_json_default))
        except quickjs.JSException as exc:
            raise _to_error(exc, line_offset=0) from None

    def call(self, fn: JSHandle, *args: object) -> object:
        """Call a JS function handle with Python arguments; the result as Python."""
        try:
            raw = fn.value(*(self.handle(a) for a in args))
        except (quickjs.JSException, quickjs.StackOverflow) as exc:
            raise _to_error(exc, line_offset=0) from None
        except (TypeError, UnicodeDecodeError) as exc:  # a BigInt, a lone surrogate
            raise _foreign_value(exc) from None
        return self.to_python(raw)

    def collect(self) -> None:
        """Run the garbage collector (between large batches)."""
        self._ctx.gc()

    @property
    def memory_used(self) -> int:
        info = self._ctx.memory()
        return int(info.get("memory_used_size", 0)) if isinstance(info, dict) else 0


_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*")


def _number(value: float) -> int | float:
    if math.isfinite(value) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


def _json_default(value: object) -> object:
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"cannot pass {type(value).__name__} to JavaScript")


def _refuse_nul(code: str) -> None:
    """QuickJS reads source as a C string: a NUL character would end it (ValueError)."""
    at = code.find("\x00")
    if at >= 0:
        line = code.count("\n", 0, at) + 1
        column = at - (code.rfind("\n", 0, at) + 1) + 1
        raise JSError(
            "syntax", "SyntaxError: invalid NUL character (U+0000); remove it", line, column
        )


def _foreign_value(exc: TypeError | UnicodeError) -> JSError:
    """A result QuickJS cannot convert: a BigInt (``Unknown quickjs tag``) or a string
    holding an unpaired surrogate (``'\\ud800'``, which no email text can carry)."""
    if isinstance(exc, UnicodeError):
        return JSError(
            "runtime",
            "TypeError: the value holds an unpaired surrogate "
            "(a lone \\ud800–\\udfff), which email text cannot carry",
        )
    return JSError(
        "runtime",
        f"TypeError: the value cannot be used outside JavaScript ({exc}); "
        "use a number, string, boolean, array or object",
    )


def _to_error(exc: BaseException, *, line_offset: int, text: str = "") -> JSError:
    if isinstance(exc, quickjs.StackOverflow):
        return JSError("runtime", "RangeError: Maximum call stack size exceeded", 1, 1)
    raw = str(exc)
    first = raw.strip().splitlines()[0] if raw.strip() else "Error"
    low = first.lower()
    if "interrupted" in low:
        return JSError("timeout", "the expression ran longer than the time limit and was stopped")
    if "out of memory" in low or "string too long" in low or low == "null":
        # QuickJS throws a bare null when it cannot even allocate the error.
        return JSError("memory", "the expression used more memory than the limit allows")
    if "stack overflow" in low or "call stack" in low:
        kind: ErrorKind = "runtime"
    else:
        kind = "syntax" if first.startswith("SyntaxError") else "runtime"
    positions = _POS_RE.findall(raw)
    line, column = 1, 1
    if positions:
        # The outermost frame is the compiled wrapper itself.
        lno, col = (int(positions[-1][0]), int(positions[-1][1]))
        if lno > line_offset:
            line, column = lno - line_offset, max(1, col)
        if text:
            lines = text.split("\n")
            if line > len(lines):
                line = len(lines)
                column = len(lines[-1]) + 1
    return JSError(kind, first, line, column)
