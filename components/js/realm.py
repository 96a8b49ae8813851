"""A frozen realm: the built-ins of an engine made read-only, once, before untrusted code.

Every component of an email runs in its compile's one QuickJS context (a fresh context
costs more than a whole component use: see docs/performance.md). What one component
could otherwise do to the next — patch ``Object.prototype`` or
``String.prototype.toUpperCase``, replace ``JSON``, wrap the runtime's globals, or
leave a value on ``globalThis`` that another component's expressions then read — is
shut off by freezing, before any component script runs:

* ``globalThis`` (no global can be added, replaced or removed), and
* every object reachable from it or from the hidden intrinsics (the prototypes of
  generator and async functions, iterators, typed arrays), through properties,
  accessors and prototypes.

A frozen prototype makes an assignment such as ``obj.toString = f`` fail on objects
that inherit it (the "override mistake"). The common cases are kept working the way
SES does it: those prototype properties become accessors whose setter defines the
property on the object assigned to, and only assigning on the prototype itself fails.

Scripts can still create and change their own objects and functions; only the shared
ones are read-only. Assigning to a frozen built-in does nothing in sloppy code and
throws a ``TypeError`` in strict code (class bodies, ``'use strict'``).
"""

from __future__ import annotations

#: prototype properties that code commonly assigns on its own objects
_ASSIGNABLE = {
    "Object.prototype": (
        "constructor",
        "toString",
        "valueOf",
        "toLocaleString",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
    ),
    "Function.prototype": ("constructor", "toString", "name"),
    "Array.prototype": ("constructor", "toString", "push", "concat", "join", "sort"),
    "Error.prototype": ("constructor", "name", "message", "toString"),
    "TypeError.prototype": ("constructor", "name", "message"),
    "RangeError.prototype": ("constructor", "name", "message"),
    "SyntaxError.prototype": ("constructor", "name", "message"),
    "ReferenceError.prototype": ("constructor", "name", "message"),
    "Promise.prototype": ("constructor", "then"),
}


def _assignable_js() -> str:
    pairs = ",".join(f"[{path},{name!r}]" for path, names in _ASSIGNABLE.items() for name in names)
    return f"[{pairs}]"


LOCKDOWN_JS = r"""
(function () {
  if (Object.isFrozen(globalThis)) return false;
  const defineProperty = Object.defineProperty;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const kept = [];  // the values the accessors below return: frozen with the rest
  // the override mistake: keep `obj.name = v` working on objects that inherit a frozen one
  for (const [proto, key] of ASSIGNABLE) {
    const d = getDescriptor(proto, key);
    if (!d || !('value' in d)) continue;
    const value = d.value;
    kept.push(value);
    defineProperty(proto, key, {
      get: function () { return value; },
      set: function (v) {
        if (this === proto) throw new TypeError('Cannot assign to read only property \''
                                                + String(key) + '\' of a built-in');
        defineProperty(this, key, {value: v, writable: true, enumerable: true,
                                   configurable: true});
      },
      enumerable: d.enumerable, configurable: false,
    });
  }
  const hidden = [
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf((function* () {})()),
    Object.getPrototypeOf((async function* () {})()),
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    Object.getPrototypeOf(''[Symbol.iterator]()),
    Object.getPrototypeOf(/x/[Symbol.matchAll]('')),
    Object.getPrototypeOf(Int8Array),
  ];
  const seen = new Set();
  const todo = [globalThis, ...hidden, ...kept];
  while (todo.length) {
    const o = todo.pop();
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) {
      continue;
    }
    seen.add(o);
    todo.push(Object.getPrototypeOf(o));
    for (const key of Reflect.ownKeys(o)) {
      const d = getDescriptor(o, key);
      if (d === undefined) continue;
      if ('value' in d) todo.push(d.value); else todo.push(d.get, d.set);
    }
    Object.freeze(o);
  }
  return true;
})()
"""


def lockdown_source() -> str:
    """The JavaScript that freezes the realm it runs in (idempotent)."""
    return LOCKDOWN_JS.replace("ASSIGNABLE", _assignable_js(), 1)
