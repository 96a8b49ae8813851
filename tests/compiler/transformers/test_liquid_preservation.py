"""Every transformer, fully switched on, keeps Liquid in every kind of place."""
# ruff: noqa: E501  (HTML data reads better unwrapped)

from __future__ import annotations

from typing import Any

import pytest

from compiler.transformers import (
    a11y_fixes,
    css_cleanup,
    css_variables,
    formatting,
    inline_css,
    url_params,
)
from compiler.transformers.core import liquid_guard
from compiler.transformers.runner import transform
from compiler.transformers.url_params import Param
from tests.compiler.transformers.survival import survival_problems

DOC = """<!DOCTYPE html>
<html>
<head>
<meta name="viewport" content="width=device-width, user-scalable=no">
<title>{{ subject }}</title>
<style>
:root { --brand: #f60; --dyn: {{ brand_color }}; }
.btn { color: var(--brand); background: var(--dyn); }
.title { font-size: 20px; }
.unused { color: red; }
{% if dark %}.dark { color: #fff; }{% endif %}
@media (max-width: 600px) { .title { font-size: 16px !important; } }
</style>
<!--[if mso]><style>.mso { color: {{ mso_color }}; }</style><![endif]-->
</head>
<body>
<table>
{% for item in items %}
<tr><td class="title {% if item.on %}on{% endif %}" style="color: {{ item.color }}">{{ item.name }} costs {{ item.price | money }}</td></tr>
{% endfor %}
</table>
<p class="btn">Hello {{ customer.first_name | default: "friend" }}, this is the last paragraph here</p>
<a href="https://example.com/{{ id }}?x={{ x | url_encode }}" class="btn">Shop</a>
<a href="{% unsubscribe_url %}">Unsubscribe</a>
<img src="{{ image_url }}" alt="{{ alt }}" data-decorative>
<div {% if hidden %}style="display:none"{% endif %}>Maybe hidden</div>
<!--[if mso]><table><tr><td>{{ mso_only }}</td></tr></table><![endif]-->
</body>
</html>
"""

FULL = [
    ("css-variables", css_variables, css_variables.Options(enabled=True)),
    ("css-variables preserve", css_variables, css_variables.Options(enabled=True, preserve=True)),
    ("inline-css", inline_css, inline_css.Options(enabled=True)),
    ("css-cleanup", css_cleanup, css_cleanup.Options(enabled=True, shorten=True)),
    (
        "url-params",
        url_params,
        url_params.Options(
            enabled=True,
            workspace_params=(Param("utm_source", "news letter"),),
            params=(Param("uid", "{{ customer.id }}"),),
        ),
    ),
    ("a11y-fixes", a11y_fixes, a11y_fixes.Options(enabled=True)),
    (
        "format minify",
        formatting,
        formatting.Options(enabled=True, minify=True, entities=True, widows=True),
    ),
    (
        "format prettify",
        formatting,
        formatting.Options(enabled=True, prettify=True, wrap_attributes=True, width=40),
    ),
]


@pytest.mark.parametrize(("name", "module", "options"), FULL, ids=[f[0] for f in FULL])
def test_transformer_keeps_every_liquid_token_in_place(
    name: str, module: Any, options: Any
) -> None:
    out, issues = transform(module.NAME, DOC, options, file="e.html")
    assert [i for i in issues if i.is_error] == []
    assert out != DOC, f"{name} did nothing: the test would not prove anything"
    if name == "url-params":  # it adds the parameter's Liquid on purpose
        out = out.replace("{{ customer.id }}", "")
    assert survival_problems(DOC, out) == []
    assert liquid_guard.verify(DOC, out, step=name) == []
