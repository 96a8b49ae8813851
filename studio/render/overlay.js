// The visual editor's overlay: the only script that runs in the canvas.
//
// Injected by studio/render/overlay.py into the application world (an isolated
// world that shares the DOM; the email's own scripts never run: JavaScript is off
// for the page and its CSP forbids scripts). It draws hover outlines, selection
// frames, drop indicators and refusal messages in a shadow root on <html> (so the
// email's CSS cannot reach them and replacing <body> keeps them), reports pointer
// events to Python over QWebChannel (``bridge``), and patches the page in place
// when the email changes (``morph``, with morph.js, shared with the code preview) so
// the canvas never reloads for an edit.
//
// Timers do not run while page JavaScript is off, so nothing here waits on one:
// everything happens in an event handler or in a call from Python.
(function () {
  "use strict";
  var ATTR = "data-mw-node";
  var state = {
    labels: {},        // node id -> label, for the nodes the canvas may select
    selected: [],      // node ids, primary first
    hovered: -1,
    hidden: {},        // node id -> true: hidden on the canvas (view only)
    empty: [],         // node ids of empty containers: given room to drop into
    drag: null,        // {ids:[...], x, y} while the drag handle is held
    press: null,       // {x, y, extend} where the button went down (document px)
    band: null,        // {x, y, w, h} of the rubber band while one is drawn
    bridge: null
  };
  var host, root, hoverBox, hoverLabel, frames, dropLine, dropBox, note, band;

  function css(el, text) { el.style.cssText = text; return el; }
  function div(cls) { var d = document.createElement("div"); d.className = cls; return d; }

  var STYLE =
    ":host{all:initial}" +
    ".layer{position:absolute;left:0;top:0;width:0;height:0;pointer-events:none;" +
    "font:600 11px/16px -apple-system,'Segoe UI',Helvetica,Arial,sans-serif}" +
    ".hover{position:absolute;outline:1px dashed #4f6bed;display:none}" +
    ".hover-label{position:absolute;background:#4f6bed;color:#fff;padding:0 5px;" +
    "border-radius:3px 3px 0 0;white-space:nowrap;display:none}" +
    ".frame{position:absolute;outline:2px solid #4f6bed;background:rgba(79,107,237,.06)}" +
    ".frame.secondary{outline-style:dashed}" +
    ".chip{position:absolute;left:-2px;top:-18px;background:#4f6bed;color:#fff;" +
    "padding:0 6px;border-radius:3px 3px 0 0;white-space:nowrap}" +
    ".handle{position:absolute;left:-22px;top:-2px;width:18px;height:22px;background:#4f6bed;" +
    "color:#fff;border-radius:3px;text-align:center;line-height:22px;cursor:grab;" +
    "pointer-events:auto;font-size:13px}" +
    ".drop-line{position:absolute;height:4px;margin-top:-2px;background:#16a34a;" +
    "border-radius:2px;display:none}" +
    ".drop-box{position:absolute;outline:2px dashed #16a34a;background:rgba(22,163,74,.10);" +
    "display:none}" +
    ".note{position:absolute;width:max-content;max-width:320px;background:#b42318;color:#fff;padding:4px 8px;" +
    "border-radius:4px;font-weight:500;white-space:normal;display:none}" +
    ".hidden-node{visibility:hidden}" +
    ".band{position:absolute;outline:1px solid #4f6bed;background:rgba(79,107,237,.12);" +
    "display:none}";

  function ensureHost() {
    if (host && host.isConnected) return;
    host = document.createElement("mw-overlay");
    host.setAttribute("data-mw-overlay", "");
    css(host, "position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;" +
        "pointer-events:none;display:block");
    root = host.attachShadow({mode: "open"});
    var style = document.createElement("style");
    style.textContent = STYLE;
    root.appendChild(style);
    var layer = div("layer");
    root.appendChild(layer);
    hoverBox = div("hover"); hoverLabel = div("hover-label");
    frames = div("frames");
    dropLine = div("drop-line"); dropBox = div("drop-box"); note = div("note");
    band = div("band");
    [hoverBox, hoverLabel, frames, dropLine, dropBox, note, band].forEach(function (e) {
      layer.appendChild(e);
    });
    document.documentElement.appendChild(host);
  }

  function send(name, payload) {
    if (state.bridge) state.bridge.receive(JSON.stringify({event: name, data: payload}));
  }

  // ---- geometry -----------------------------------------------------------------
  function elementsOf(id) {
    return document.querySelectorAll("[" + ATTR + '="' + id + '"]');
  }
  function firstOf(id) { return document.querySelector("[" + ATTR + '="' + id + '"]'); }

  function rectOf(id) {
    // The union of the boxes of every element carrying the mark (a component may
    // become several sibling elements); in document coordinates.
    var els = elementsOf(id), box = null;
    for (var i = 0; i < els.length; i++) {
      if (els[i].closest && els[i].closest("[" + ATTR + "]") !== els[i]) {
        // an element inside another element of the same node is covered by it
        var up = els[i].parentElement && els[i].parentElement.closest("[" + ATTR + "]");
        if (up && up.getAttribute(ATTR) === String(id)) continue;
      }
      var r = els[i].getBoundingClientRect();
      if (!r.width && !r.height) continue;
      if (!box) box = {l: r.left, t: r.top, r: r.right, b: r.bottom};
      else {
        box.l = Math.min(box.l, r.left); box.t = Math.min(box.t, r.top);
        box.r = Math.max(box.r, r.right); box.b = Math.max(box.b, r.bottom);
      }
    }
    if (!box) return null;
    return {x: box.l + window.scrollX, y: box.t + window.scrollY,
            w: box.r - box.l, h: box.b - box.t};
  }

  function place(el, r) {
    el.style.left = r.x + "px"; el.style.top = r.y + "px";
    el.style.width = r.w + "px"; el.style.height = r.h + "px";
  }

  function selectableAt(el) {
    while (el && el !== document.documentElement) {
      if (el.getAttribute) {
        var id = el.getAttribute(ATTR);
        if (id !== null && state.labels.hasOwnProperty(id)) return parseInt(id, 10);
      }
      el = el.parentElement;
    }
    return -1;
  }

  // The selectable nodes under a point, innermost first, with their boxes (for drops).
  function chainAt(x, y) {
    var el = document.elementFromPoint(x, y), out = [], seen = {};
    while (el && el !== document.documentElement) {
      var id = el.getAttribute ? el.getAttribute(ATTR) : null;
      if (id !== null && state.labels.hasOwnProperty(id) && !seen[id]) {
        seen[id] = true;
        var r = rectOf(id);
        if (r) out.push({id: parseInt(id, 10), x: r.x, y: r.y, w: r.w, h: r.h});
      }
      el = el.parentElement;
    }
    return {x: x + window.scrollX, y: y + window.scrollY, chain: out};
  }

  // ---- drawing ------------------------------------------------------------------
  function drawHover() {
    ensureHost();
    var id = state.hovered;
    var r = id >= 0 && state.selected.indexOf(id) < 0 ? rectOf(id) : null;
    if (!r) { hoverBox.style.display = "none"; hoverLabel.style.display = "none"; return; }
    place(hoverBox, r);
    hoverBox.style.display = "block";
    hoverLabel.textContent = state.labels[id] || "";
    hoverLabel.style.left = r.x + "px";
    hoverLabel.style.top = Math.max(0, r.y - 16) + "px";
    hoverLabel.style.display = "block";
  }

  function drawSelection() {
    ensureHost();
    frames.textContent = "";
    state.selected.forEach(function (id, i) {
      var r = rectOf(id);
      if (!r) return;
      var f = div(i === 0 ? "frame" : "frame secondary");
      f.setAttribute("data-id", String(id));
      place(f, r);
      if (i === 0) {
        var chip = div("chip");
        chip.textContent = state.labels[id] || "";
        f.appendChild(chip);
        var handle = div("handle");
        handle.textContent = "\u2847";
        handle.title = "Drag to move";
        handle.addEventListener("mousedown", startDrag, true);
        f.appendChild(handle);
      }
      frames.appendChild(f);
    });
  }

  function redraw() { drawSelection(); drawHover(); }

  // Empty containers (a new section, an empty column) would be 0 px tall: give them a
  // visible, droppable placeholder on the canvas (view only, like hiding).
  function applyEmpty() {
    document.querySelectorAll(".mw-empty-node").forEach(function (el) {
      el.classList.remove("mw-empty-node");
      ["min-height", "height", "outline", "outline-offset", "background-color"].forEach(
        function (p) { el.style.removeProperty(p); });
      if (!el.getAttribute("class")) el.removeAttribute("class");
      if (!el.getAttribute("style")) el.removeAttribute("style");
    });
    state.empty.forEach(function (id) {
      var el = firstOf(id);
      if (!el) return;
      el.classList.add("mw-empty-node");
      // min-height does nothing on table cells (a column is one on wide screens)
      var cell = getComputedStyle(el).display.indexOf("table") === 0;
      el.style.setProperty(cell ? "height" : "min-height", "48px", "important");
      el.style.setProperty("outline", "1px dashed #9aa5c8", "important");
      el.style.setProperty("outline-offset", "-4px", "important");
      el.style.setProperty("background-color", "rgba(79,107,237,.05)", "important");
    });
  }

  function applyHidden() {
    document.querySelectorAll(".mw-hidden-node").forEach(function (el) {
      el.classList.remove("mw-hidden-node");
      el.style.removeProperty("visibility");
    });
    Object.keys(state.hidden).forEach(function (id) {
      elementsOf(id).forEach(function (el) {
        el.classList.add("mw-hidden-node");
        el.style.setProperty("visibility", "hidden", "important");
      });
    });
  }

  // ---- pointer ------------------------------------------------------------------
  function onMove(e) {
    if (state.drag) {
      if (outside(e)) {
        // the held handle left the canvas: Qt carries the drag on (to the layers)
        var ids = state.drag.ids;
        state.drag = null;
        send("drag-out", ids);
      } else {
        send("drag-move", chainAt(e.clientX, e.clientY));
      }
      e.preventDefault();
      return;
    }
    if (state.press && (e.buttons & 1)) {
      var x = e.clientX + window.scrollX, y = e.clientY + window.scrollY;
      var p = state.press;
      if (state.band || Math.abs(x - p.x) > 4 || Math.abs(y - p.y) > 4) {
        state.band = {x: Math.min(x, p.x), y: Math.min(y, p.y),
                      w: Math.abs(x - p.x), h: Math.abs(y - p.y)};
        ensureHost();
        place(band, state.band);
        band.style.display = "block";
        e.preventDefault();
        return;
      }
    }
    if (e.target === host) return;
    var id = selectableAt(e.target);
    if (id !== state.hovered) {
      state.hovered = id;
      drawHover();
      send("hover", id);
    }
  }

  function onLeave() {
    if (state.hovered !== -1) { state.hovered = -1; drawHover(); send("hover", -1); }
  }

  function onClick(e) {
    // Links, buttons and forms of the email never act on the canvas.
    e.preventDefault();
    e.stopPropagation();
  }

  function outside(e) {
    return e.clientX < 0 || e.clientY < 0 || e.clientX >= window.innerWidth ||
      e.clientY >= window.innerHeight;
  }

  function onDown(e) {
    // a press on our own handle (retargeted to the overlay's host) is the handle's
    if (e.button !== 0 || state.drag || e.target === host) return;
    e.preventDefault();
    var id = selectableAt(e.target);
    var extend = e.shiftKey || e.ctrlKey || e.metaKey;
    state.press = {x: e.clientX + window.scrollX, y: e.clientY + window.scrollY,
                   extend: extend};
    send("click", {id: id, shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey});
  }

  // The selectable nodes whose boxes lie wholly inside ``r``, in page order.
  function inside(r) {
    // one pass: the union of each node's element boxes (as rectOf), then the test
    var boxes = {}, order = [], sx = window.scrollX, sy = window.scrollY;
    document.querySelectorAll("[" + ATTR + "]").forEach(function (el) {
      var id = el.getAttribute(ATTR);
      if (!state.labels.hasOwnProperty(id) || state.hidden[id]) return;
      var c = el.getBoundingClientRect();
      if (!c.width && !c.height) return;
      var b = boxes[id];
      if (!b) { boxes[id] = {l: c.left, t: c.top, r: c.right, b: c.bottom}; order.push(id); }
      else {
        b.l = Math.min(b.l, c.left); b.t = Math.min(b.t, c.top);
        b.r = Math.max(b.r, c.right); b.b = Math.max(b.b, c.bottom);
      }
    });
    return order.filter(function (id) {
      var b = boxes[id];
      return b.l + sx >= r.x && b.t + sy >= r.y && b.r + sx <= r.x + r.w &&
        b.b + sy <= r.y + r.h;
    }).map(function (id) { return parseInt(id, 10); });
  }

  function onUp(e) {
    var press = state.press;
    state.press = null;
    if (state.band) {
      e.preventDefault();
      var r = state.band;
      state.band = null;
      band.style.display = "none";
      send("marquee", {ids: inside(r), extend: press ? press.extend : false,
                       x: r.x, y: r.y, w: r.w, h: r.h});
      return;
    }
    if (!state.drag) return;
    e.preventDefault();
    var at = chainAt(e.clientX, e.clientY);
    state.drag = null;
    send("drag-end", at);
  }

  function startDrag(e) {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    state.drag = {ids: state.selected.slice()};
    send("drag-start", state.drag.ids);
  }

  var api = {
    // labels: {id: label} of the selectable nodes (after every new page or change)
    setNodes: function (labels, empty) {
      state.labels = labels || {};
      state.empty = empty || [];
      applyEmpty();
      if (state.hovered >= 0 && !state.labels.hasOwnProperty(String(state.hovered))) {
        state.hovered = -1;
      }
      redraw();
      return true;
    },
    select: function (ids, scroll) {
      state.selected = ids.slice();
      drawSelection();
      drawHover();
      if (scroll && ids.length) {
        var el = firstOf(ids[0]);
        if (el) {
          var r = el.getBoundingClientRect();
          if (r.top < 0 || r.bottom > window.innerHeight) {
            el.scrollIntoView({block: "center", inline: "nearest"});
            redraw();
          }
        }
      }
      return JSON.stringify(ids.map(function (id) { return rectOf(id); }));
    },
    hover: function (id) { state.hovered = id; drawHover(); return true; },
    setHidden: function (ids) {
      state.hidden = {};
      ids.forEach(function (id) { state.hidden[String(id)] = true; });
      applyHidden();
      redraw();
      return true;
    },
    // kind: "line" (before/after a node: y in document px, x and w) or "box" (a node's box)
    showDrop: function (spec) {
      ensureHost();
      dropLine.style.display = "none";
      dropBox.style.display = "none";
      note.style.display = "none";
      if (!spec) return true;
      if (spec.kind === "line") {
        dropLine.style.left = spec.x + "px"; dropLine.style.top = spec.y + "px";
        dropLine.style.width = spec.w + "px"; dropLine.style.display = "block";
      } else if (spec.kind === "box") {
        place(dropBox, spec); dropBox.style.display = "block";
      }
      if (spec.reason) {
        note.textContent = spec.reason;
        note.style.left = (spec.px || 0) + 12 + "px"; note.style.top = (spec.py || 0) + 12 + "px";
        note.style.display = "block";
      }
      return true;
    },
    chainAt: function (x, y) { return JSON.stringify(chainAt(x, y)); },
    rect: function (id) { return JSON.stringify(rectOf(id)); },
    // Scroll the node into view (when it is not) and give its box in viewport pixels.
    reveal: function (id) {
      var el = firstOf(id);
      if (!el) return JSON.stringify(null);
      var b = el.getBoundingClientRect();
      if (b.top < 0 || b.bottom > window.innerHeight) {
        el.scrollIntoView({block: "center", inline: "nearest"});
        redraw();
      }
      var r = rectOf(id);
      return JSON.stringify(r && {x: r.x - window.scrollX, y: r.y - window.scrollY,
                                  w: r.w, h: r.h});
    },
    // Patch the page into ``doc`` (a parsed new version of it), changing only what differs.
    morph: function (doc) {
      var stats = window.mwMorph(doc, host);   // morph.js: shared with the code preview
      ensureHost();
      applyEmpty();
      applyHidden();
      redraw();
      return JSON.stringify(stats);
    },
    // Patch one element into its new markup (morph.js, mwMorphPart); null when the
    // page is not the one it was found in.
    morphPart: function (index, name, mark, html) {
      var stats = window.mwMorphPart(index, name, mark, html, host);
      if (stats === null) return null;
      ensureHost();
      applyEmpty();
      applyHidden();
      redraw();
      return JSON.stringify(stats);
    },
    state: function () {
      return JSON.stringify({selected: state.selected, hovered: state.hovered,
                             nodes: Object.keys(state.labels).length, ready: !!state.bridge});
    }
  };

  window.mwOverlay = api;
  ensureHost();
  document.addEventListener("mousemove", onMove, true);
  document.addEventListener("mouseleave", onLeave, true);
  document.addEventListener("mousedown", onDown, true);
  document.addEventListener("mouseup", onUp, true);
  document.addEventListener("click", onClick, true);
  document.addEventListener("dragstart", function (e) { e.preventDefault(); }, true);
  // the email reflows when the canvas is resized: boxes follow (an event, not a timer)
  window.addEventListener("resize", redraw);
  new QWebChannel(qt.webChannelTransport, function (channel) {
    state.bridge = channel.objects.bridge;
    send("ready", true);
  });
})();
