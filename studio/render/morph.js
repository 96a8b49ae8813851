// Patching a loaded page into a new version of it in place, instead of reloading it.
//
// Shared by the Visual canvas (overlay.js calls it, then redraws its frames) and the
// code column's preview (studio/qt/preview.py runs it). Runs in the application world
// (page JavaScript is off; timers do not run, nothing here needs one). Unchanged
// subtrees keep their DOM, their decoded images and the scroll position; only their
// node marks (data-mw-node) are renumbered. Defines window.mwMorph(doc, skip) once.
(function () {
  "use strict";
  if (window.mwMorph) return;
  var ATTR = "data-mw-node";
  var MARK_RE = / data-mw-node="\d+"/g;
  var skip = null;   // a node of ours in <body> the email does not have (the overlay's host)

  function signature(n) {
    if (n.nodeType === 1) return n.outerHTML.replace(MARK_RE, "");
    return n.nodeType + ":" + n.nodeValue;
  }

  // ``live`` and ``fresh`` have the same markup but for the marks' numbers: copy the
  // numbers (an edit earlier in the file renumbers every node after it).
  function renumber(live, fresh) {
    if (live.nodeType !== 1) return 0;
    var a = [live].concat(Array.prototype.slice.call(live.querySelectorAll("[" + ATTR + "]")));
    var b = [fresh].concat(Array.prototype.slice.call(fresh.querySelectorAll("[" + ATTR + "]")));
    var changed = 0;
    for (var i = 0; i < a.length && i < b.length; i++) {
      var v = b[i].getAttribute(ATTR);
      if (v !== null && a[i].getAttribute(ATTR) !== v) { a[i].setAttribute(ATTR, v); changed++; }
    }
    return changed;
  }

  function syncAttributes(from, to) {
    var i, a;
    for (i = from.attributes.length - 1; i >= 0; i--) {
      a = from.attributes[i];
      if (!to.hasAttribute(a.name)) from.removeAttribute(a.name);
    }
    for (i = 0; i < to.attributes.length; i++) {
      a = to.attributes[i];
      if (from.getAttribute(a.name) !== a.value) from.setAttribute(a.name, a.value);
    }
  }

  // Make the children of ``live`` equal to those of ``fresh``, touching only what
  // differs: unchanged children keep their DOM (and decoded images) and only get
  // their marks renumbered; a child changed inside is patched recursively; inserted,
  // removed or reordered children are the only subtrees built anew.
  function morphChildren(live, fresh, stats) {
    var la = Array.prototype.filter.call(live.childNodes, function (n) { return n !== skip; });
    var fa = Array.prototype.slice.call(fresh.childNodes);
    var i;
    if (la.length === 1 && fa.length === 1 && la[0].nodeName === fa[0].nodeName &&
        la[0].nodeType === 1) {
      morphNode(la[0], fa[0], stats);
      return;
    }
    var ls = la.map(signature), fs = fa.map(signature);
    var head = 0;
    while (head < la.length && head < fa.length && ls[head] === fs[head]) {
      stats.renumbered += renumber(la[head], fa[head]);
      head++;
    }
    var lt = la.length, ft = fa.length;
    while (lt > head && ft > head && ls[lt - 1] === fs[ft - 1]) {
      lt--; ft--;
      stats.renumbered += renumber(la[lt], fa[ft]);
    }
    if (lt - head === ft - head) {
      for (i = head; i < lt; i++) {
        if (la[i].nodeType === 1 && la[i].nodeName === fa[i].nodeName) {
          morphNode(la[i], fa[i], stats);
        } else if (la[i].nodeType !== 1 && la[i].nodeType === fa[i].nodeType) {
          la[i].nodeValue = fa[i].nodeValue; stats.patched++;
        } else {
          live.replaceChild(document.importNode(fa[i], true), la[i]); stats.replaced++;
        }
      }
      return;
    }
    var anchor = lt < la.length ? la[lt] : (skip && skip.parentNode === live ? skip : null);
    for (i = head; i < lt; i++) { live.removeChild(la[i]); stats.replaced++; }
    for (i = head; i < ft; i++) {
      live.insertBefore(document.importNode(fa[i], true), anchor); stats.replaced++;
    }
  }

  function morphNode(live, fresh, stats) {
    if (live.isEqualNode(fresh)) return;
    if (live.nodeName === "STYLE" || live.nodeName === "TITLE") {
      live.textContent = fresh.textContent; stats.patched++;
      return;
    }
    syncAttributes(live, fresh);
    stats.patched++;
    morphChildren(live, fresh, stats);
  }

  // Patch one element, the ``index``-th with a node mark (document order), into
  // ``html`` (its new markup; studio/render/region.py found it): when it is a ``name``
  // element marked ``mark`` as expected. Returns the statistics (``part``: 1), or null
  // when the page is not the one the element was found in (then patch the whole page).
  window.mwMorphPart = function (index, name, mark, html, keep) {
    var live = document.querySelectorAll("[" + ATTR + "]")[index];
    if (!live || live.getAttribute(ATTR) !== mark || live.nodeName.toLowerCase() !== name) {
      return null;
    }
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.firstChild;
    if (!fresh || template.content.childNodes.length !== 1 || fresh.nodeName !== live.nodeName) {
      return null;
    }
    var stats = {replaced: 0, patched: 0, renumbered: 0, part: 1};
    skip = keep || null;
    try {
      morphNode(live, fresh, stats);
    } finally {
      skip = null;
    }
    return stats;
  };

  // Patch the page into ``doc`` (a parsed new version of it); ``skip``: a node of ours
  // in the page to leave alone (null: none). Returns {replaced, patched, renumbered}.
  window.mwMorph = function (doc, keep) {
    var stats = {replaced: 0, patched: 0, renumbered: 0};
    skip = keep || null;
    try {
      if (document.head.innerHTML !== doc.head.innerHTML) {
        document.head.innerHTML = doc.head.innerHTML;
        stats.replaced++;
      }
      syncAttributes(document.documentElement, doc.documentElement);
      syncAttributes(document.body, doc.body);
      morphChildren(document.body, doc.body, stats);
    } finally {
      skip = null;
    }
    return stats;
  };
})();
