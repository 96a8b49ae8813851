"""The ``Component`` object component scripts see, written in JavaScript.

Installed once per engine (:func:`install`). ``__mw_component(props, parent,
describe)`` makes one ``Component`` for one script run:

* ``Component.props.*`` / ``Component.slots.*`` build schema descriptions
  (plain data plus chainable methods); Python reads them back as JSON.
* ``Component.defineProps(def)`` records ``def`` and returns the instance's
  validated props (in describe mode: a stand-in that tolerates any use).
* ``Component.defineSlots(def)`` records ``def``.
* ``Component.context`` is an object whose prototype is the parent
  component's context, so values flow to every descendant and a descendant
  that sets the same key shadows it for its own subtree. Values are
  own data properties: ``get`` never runs a getter another component planted.

The ``Component`` object, its builders and schema classes are frozen, and
:func:`install` locks the realm down (:mod:`components.js.realm`), so one
component cannot change what the next one sees.

Nothing here reaches Python: QuickJS refuses calls into Python under a time
limit, and the sandbox stays plain ECMAScript.
"""

from __future__ import annotations

from components.js import JSEngine

RUNTIME_JS = r"""
(function(){
  const g = globalThis;
  // own data properties only: a plain assignment could reach a setter or a frozen built-in
  const define = (o, k, v) =>
    Object.defineProperty(o, k, {value: v, writable: true, enumerable: true, configurable: true});
  const assign = (o, src) => {
    for (const k of Object.keys(src || {})) define(o, k, src[k]);
    return o;
  };
  const copy = (self, extra) =>
    assign(assign(Object.create(Object.getPrototypeOf(self)), self), extra);
  class PropSchema {
    constructor(kind, extra) {
      define(this, '__mw', 'prop'); define(this, 'kind', kind); assign(this, extra);
    }
    optional() { return copy(this, {isOptional: true}); }
    nullable() { return copy(this, {isOptional: true}); }
    nullish() { return copy(this, {isOptional: true}); }
    default(v) { return copy(this, {hasDefault: true, defaultValue: v}); }
    array() { return new PropSchema('array', {item: this}); }
    min(n) { return copy(this, {min: n}); }
    max(n) { return copy(this, {max: n}); }
  }
  const props = {
    string() { return new PropSchema('string'); },
    number() { return new PropSchema('number'); },
    boolean() { return new PropSchema('boolean'); },
    enum(values) {
      return new PropSchema('enum', {values: Array.isArray(values) ? values.map(String) : []});
    },
    array(item) { return new PropSchema('array', {item: item}); },
    object(shape) { return new PropSchema('object', {shape: shape || {}}); },
    any() { return new PropSchema('any'); },
    withDynamicStyles(schema, opts) {
      const o = opts || {};
      const base = schema instanceof PropSchema ? schema : new PropSchema('any');
      return copy(base, {dyn: {darkMode: !!o.darkMode, responsive: !!o.responsive}});
    },
  };
  class SlotSchema {
    constructor(kind, extra) {
      define(this, '__mw', 'slot'); define(this, 'kind', kind); assign(this, extra);
    }
  }
  class ChildrenSlot extends SlotSchema {
    min(n) { return copy(this, {min: n}); }
    max(n) { return copy(this, {max: n}); }
  }
  const slots = {
    text() { return new SlotSchema('text'); },
    any() { return new SlotSchema('any'); },
    children(tags) {
      return new ChildrenSlot('children', {tags: Array.isArray(tags) ? tags.map(String) : []});
    },
  };
  // shared by every component: nothing may change them for the next one
  for (const c of [PropSchema, SlotSchema, ChildrenSlot]) {
    Object.freeze(c.prototype); Object.freeze(c);
  }
  Object.freeze(props); Object.freeze(slots);
  const deep = new Proxy(function(){}, {
    get(t, k) {
      if (k === Symbol.toPrimitive) return () => '';
      if (k === 'toJSON') return () => null;
      if (k === 'toString' || k === 'valueOf') return () => '';
      if (k === Symbol.iterator) return function*(){};
      return deep;
    },
    apply() { return deep; },
    has() { return false; },
    set() { return true; },
    defineProperty() { return true; },
    deleteProperty() { return true; },
    setPrototypeOf() { return false; },
  });
  // a function, not the proxy itself, is global: locking the realm down freezes globals
  g.__mw_deep_props = function() { return deep; };
  // each Component's context object, reachable only through the runtime
  const contexts = new WeakMap();
  const own = (o, k) => {
    for (let at = o; at !== null; at = Object.getPrototypeOf(at)) {
      const d = Object.getOwnPropertyDescriptor(at, k);
      if (d !== undefined) return 'value' in d ? d.value : undefined;
    }
    return undefined;
  };
  g.__mw_component = function(propsValue, parent, describe) {
    const inherited = parent !== null && parent !== undefined && contexts.has(parent)
      ? contexts.get(parent) : null;
    const ctx = Object.create(inherited);
    const rec = {};
    const component = {
      __rec: rec, props: props, slots: slots,
      defineProps(def) {
        define(rec, 'props', def === undefined ? null : def);
        return describe ? deep : propsValue;
      },
      defineSlots(def) { define(rec, 'slots', def === undefined ? null : def); return def; },
      context: Object.freeze({
        set(k, v) {
          if (k !== null && typeof k === 'object') { assign(ctx, k); } else { define(ctx, k, v); }
        },
        get(k) {
          if (k === undefined) {
            const all = {};
            for (let at = ctx; at !== null; at = Object.getPrototypeOf(at)) {
              for (const key of Object.keys(at)) {
                if (!Object.prototype.hasOwnProperty.call(all, key)) define(all, key, own(at, key));
              }
            }
            return all;
          }
          const v = own(ctx, k);
          return (v === undefined && describe) ? deep : v;
        },
      }),
    };
    contexts.set(component, ctx);
    return Object.freeze(component);
  };
  return true;
})()
"""


def install(engine: JSEngine) -> None:
    """Define the ``Component`` runtime in ``engine``, then lock the realm down (once per
    engine; cheap to repeat): from here on no script can change a built-in, a global or
    the runtime for the components after it."""
    if engine.evaluate("typeof __mw_component") != "function":
        engine.eval_source(RUNTIME_JS)
    engine.lockdown()
