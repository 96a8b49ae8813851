"""The transformers: turn the expanded email into what ships.

One module per transformer (``mjml``, ``css_variables``, ``inline_css``,
``css_cleanup``, ``url_params``, ``a11y_fixes``, ``formatting``, ``plaintext``),
each with ``NAME``, ``Options`` and ``apply(work, options)``; the machinery they
share lives in :mod:`compiler.transformers.core`. Around them:

* :mod:`.steps` — the registry: the steps, their kinds, their order;
* :mod:`.settings` — option coercion, layering, the command line, typed option records;
* :mod:`.runner` — the guarded run (:func:`run_transformers`) and the
  one-transformer entry point (:func:`transform`).

The names below are the entry points the pipeline, the studio and the command
line use.
"""

from compiler.transformers.runner import TransformOutcome, run_transformers, transform
from compiler.transformers.settings import (
    OptionField,
    TransformerConfigError,
    TransformerInfo,
    TransformerSettings,
    apply_cli,
    describe_options,
    email_layer,
    settings_from,
)
from compiler.transformers.steps import CLI_NAMES, NAMES, RESTYLING, STEPS, Step

__all__ = [
    "CLI_NAMES",
    "NAMES",
    "RESTYLING",
    "STEPS",
    "OptionField",
    "Step",
    "TransformOutcome",
    "TransformerConfigError",
    "TransformerInfo",
    "TransformerSettings",
    "apply_cli",
    "describe_options",
    "email_layer",
    "run_transformers",
    "settings_from",
    "transform",
]
