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
  that sets the same key shadows it for its own subtree (§5.17).

Nothing here reaches Python: QuickJS refuses calls into Python under a time
limit, and the sandbox stays plain ECMAScript.
"""

from __future__ import annotations

from components.js import JSEngine

RUNTIME_JS = r"""
(function(){
  const g = globalThis;
  const copy = (self, extra) =>
    Object.assign(Object.create(Object.getPrototypeOf(self)), self, extra);
  class PropSchema {
    constructor(kind, extra) {
      this.__mw = 'prop'; this.kind = kind; Object.assign(this, extra || {});
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
      this.__mw = 'slot'; this.kind = kind; Object.assign(this, extra || {});
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
  });
  g.__mw_deep = deep;
  g.__mw_component = function(propsValue, parent, describe) {
    const ctx = Object.create(parent && parent.__ctx ? parent.__ctx : null);
    const rec = {};
    return {
      __ctx: ctx, __rec: rec, props: props, slots: slots,
      defineProps(def) {
        rec.props = def === undefined ? null : def;
        return describe ? deep : propsValue;
      },
      defineSlots(def) { rec.slots = def === undefined ? null : def; return def; },
      context: {
        set(k, v) {
          if (k !== null && typeof k === 'object') { Object.assign(ctx, k); } else { ctx[k] = v; }
        },
        get(k) {
          if (k === undefined) {
            const all = {};
            for (const key in ctx) all[key] = ctx[key];
            return all;
          }
          const v = ctx[k];
          return (v === undefined && describe) ? deep : v;
        },
      },
    };
  };
  return true;
})()
"""

def install(engine: JSEngine) -> None:
    """Define the ``Component`` runtime in ``engine`` (once per engine; cheap to repeat)."""
    if engine.evaluate("typeof __mw_component") == "function":
        return
    engine.eval_source(RUNTIME_JS)
