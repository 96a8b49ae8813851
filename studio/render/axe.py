"""axe-core in any engine: where the script lives and the JavaScript that runs it.

axe-core is vendored in ``resources/axe/`` (see its README: version, source,
licence and why a current 4.x replaced the 3.1 that ``axe-selenium-python``
ships). :func:`axe_run_script` starts a run and leaves its result,
JSON-encoded, in a global the engine polls (Qt's ``runJavaScript`` does not
wait for promises); every failing node is annotated with ``mw_node``, the
``data-mw-node`` id of its nearest marked ancestor, so the validator can
point at the source.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

RESULT_VAR = "__mwAxeResult"

# Rules that do not apply to an email (its HTML becomes part of a webmail page)
# or that the EMC rules replace with email-specific advice.
DISABLED_RULES: tuple[str, ...] = (
    "region",  # "all content in landmarks": emails must not add landmarks
    "landmark-one-main",  # EMC main-main says the opposite for email
    "page-has-heading-one",  # EMC h1-tag covers it
    "bypass",  # skip links are for sites, not messages
)


class AxeNotFound(RuntimeError):
    """The vendored ``resources/axe/axe.min.js`` is missing (a broken install)."""


AXE_DIR = Path(__file__).resolve().parents[2] / "resources" / "axe"
AXE_FILE = AXE_DIR / "axe.min.js"
_VERSION = re.compile(r"/\*! axe v(\d+\.\d+\.\d+)")


@cache
def axe_source() -> str:
    """The text of the vendored ``resources/axe/axe.min.js``."""
    try:
        return AXE_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise AxeNotFound(
            f"axe-core is missing: cannot read {AXE_FILE} ({exc.strerror}); reinstall Mailwright"
        ) from exc


def axe_version() -> str:
    """The vendored axe-core's version (from its licence banner), e.g. ``"4.14.1"``."""
    m = _VERSION.match(axe_source())
    return m.group(1) if m else "unknown"


def axe_options() -> dict[str, object]:
    return {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
    }


def axe_run_script() -> str:
    """JavaScript that runs axe (already injected) and stores the JSON result in a global."""
    options = json.dumps(axe_options())
    return f"""
(function () {{
  window.{RESULT_VAR} = null;
  function nearestMark(target) {{
    try {{
      var sel = Array.isArray(target) ? target[target.length - 1] : target;
      if (Array.isArray(sel)) sel = sel[sel.length - 1];
      var el = document.querySelector(sel);
      var marked = el ? el.closest('[data-mw-node]') : null;
      return marked ? marked.getAttribute('data-mw-node') : null;
    }} catch (e) {{ return null; }}
  }}
  try {{
    axe.run(document, {options}).then(function (r) {{
      var out = r.violations.map(function (v) {{
        return {{id: v.id, impact: v.impact, description: v.description, help: v.help,
                 helpUrl: v.helpUrl, tags: v.tags,
                 nodes: v.nodes.map(function (n) {{
                   return {{target: n.target, html: n.html, impact: n.impact,
                            failureSummary: n.failureSummary, mw_node: nearestMark(n.target)}};
                 }})}};
      }});
      window.{RESULT_VAR} = JSON.stringify({{ok: true, violations: out}});
    }}, function (e) {{
      window.{RESULT_VAR} = JSON.stringify({{ok: false, error: String(e)}});
    }});
  }} catch (e) {{
    window.{RESULT_VAR} = JSON.stringify({{ok: false, error: String(e)}});
  }}
  return true;
}})()
"""


def decode_result(raw: object) -> list[dict[str, object]] | None:
    """The violations from the polled global; None while axe is still running.

    Raises RuntimeError when axe itself failed.
    """
    if not isinstance(raw, str) or not raw:
        return None
    data = json.loads(raw)
    if not data.get("ok"):
        raise RuntimeError(f"axe-core failed: {data.get('error', 'unknown error')}")
    violations = data.get("violations", [])
    return [v for v in violations if isinstance(v, dict)]
