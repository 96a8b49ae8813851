"""The transformers, in the order they run: the registry.

Each transformer is one module with ``NAME``, a frozen ``Options`` dataclass and
``apply(work, options)`` (:mod:`compiler.transformers.core.base`). Adding one is
one new module and one line here (``docs/architecture.md``). The kind of a step
is stated here and nowhere else:

* ``source`` — runs on the email text before anything else (MJML);
* ``tree`` — edits the shared lossless :class:`~compiler.transformers.core.markup.Markup`
  of the guarded document (consecutive tree steps share one parse and one
  serialization);
* ``text`` — takes and returns guarded text (css-inline and minify-html parse it
  themselves);
* ``final`` — runs on the restored final HTML (the plain-text part).

The order is data; tests assert its constraints.

A step names its module, imported when the step is first used (its options read, its
``apply`` run): a compile imports only the transformers it runs, so the ones that are
off by default (``Step.on``) cost a cold ``mailwright build`` nothing
(``docs/performance.md``, "Cold start").
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["source", "tree", "text", "final"]


@dataclass(frozen=True)
class Step:
    name: str
    kind: Kind
    #: its module under ``compiler.transformers`` (:attr:`module` imports it)
    module_name: str
    #: Its purpose is to change what a mail client shows (inlined or removed CSS,
    #: substituted variables, joined words, added wrapper): ``mailwright import --as-is``
    #: turns these off for the imported emails. URL parameters change links only.
    restyles: bool = False
    #: Whether it runs when no setting names it: its ``Options.enabled`` default, stated
    #: here so that settings can say so without importing the module (a test keeps the
    #: two the same).
    on: bool = False

    @property
    def module(self) -> types.ModuleType:
        """The transformer's module (``NAME``, ``Options``, ``apply``), imported on first use."""
        return importlib.import_module(f"compiler.transformers.{self.module_name}")

    @property
    def options_type(self) -> type[Any]:
        t: type[Any] = self.module.Options
        return t

    @property
    def doc(self) -> str:
        """The first paragraph of the module's doc string, on one line."""
        return (self.module.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


#: The transformers in the order they run.
STEPS: tuple[Step, ...] = (
    Step("mjml", "source", "mjml"),
    Step("css-variables", "tree", "css_variables", restyles=True),  # before inlining: var()
    Step("inline-css", "text", "inline_css", restyles=True),
    Step("css-cleanup", "tree", "css_cleanup", restyles=True),  # after inlining: what is left
    Step("url-params", "tree", "url_params"),
    Step("a11y-fixes", "tree", "a11y_fixes", restyles=True),
    Step("format", "text", "formatting", restyles=True),  # minify/prettify last
    Step("plaintext", "final", "plaintext", on=True),  # from the final HTML
)
NAMES: tuple[str, ...] = tuple(s.name for s in STEPS)
#: The names ``--enable``/``--disable`` accept besides ``all``.
CLI_NAMES: tuple[str, ...] = tuple(n for n in NAMES if n != "plaintext")
BY_NAME: Mapping[str, Step] = types.MappingProxyType({s.name: s for s in STEPS})
#: What ``mailwright import --as-is`` turns off (``Step.restyles``).
RESTYLING: tuple[str, ...] = tuple(s.name for s in STEPS if s.restyles)
