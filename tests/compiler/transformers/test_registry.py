"""The step list, settings merging, the CLI overrides, the runner."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from compiler.transformers import (
    CLI_NAMES,
    NAMES,
    STEPS,
    OptionField,
    TransformerConfigError,
    TransformerSettings,
    apply_cli,
    describe_options,
    run_transformers,
    settings_from,
    steps,
)
from compiler.transformers.settings import StepOptions
from compiler.transformers.url_params import Param


def index(name: str) -> int:
    return NAMES.index(name)


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("mjml", "css-variables"),  # MJML produces the HTML the others work on
        ("css-variables", "inline-css"),  # var() resolved before values are copied inline
        ("inline-css", "css-cleanup"),  # cleanup sees what inlining left in <style>
        ("url-params", "format"),
        ("a11y-fixes", "format"),
        ("format", "plaintext"),  # text generated from the final HTML
    ],
)
def test_order_constraints(first: str, then: str) -> None:
    assert index(first) < index(then)


def test_minify_is_last_html_step_and_kinds_are_declared() -> None:
    html_steps = [s for s in STEPS if s.kind != "final"]
    assert html_steps[-1].name == "format"
    assert {s.kind for s in STEPS} == {"source", "tree", "text", "final"}
    assert STEPS[0].kind == "source"
    assert CLI_NAMES == (
        "mjml",
        "css-variables",
        "inline-css",
        "css-cleanup",
        "url-params",
        "a11y-fixes",
        "format",
    )


def test_defaults_follow_the_reference_product() -> None:
    s = TransformerSettings()
    assert [n for n in NAMES if s.enabled(n)] == ["plaintext"]


def test_a_step_states_its_options_enabled_default() -> None:
    """Settings say whether an unnamed transformer runs from ``Step.on``, without
    importing its module: it must be the module's own default."""
    for step in STEPS:
        assert step.on is step.options_type().enabled, step.name
    defaults = {s.name: s.options_type() for s in STEPS}
    lazy, given = TransformerSettings(), TransformerSettings(StepOptions(defaults))
    assert lazy == given and dict(lazy.options) == defaults == dict(given.options)
    assert [lazy.enabled(n) for n in NAMES] == [given.enabled(n) for n in NAMES]
    assert TransformerSettings(dict(defaults)).enabled("plaintext")
    on = lazy.replace("format", enabled=True)
    assert on.enabled("format") and on != lazy and on["format"] != lazy["format"]
    assert on.replace("format", enabled=False) == lazy


def test_layers_merge_and_url_params_are_appended_not_overridden() -> None:
    workspace = {
        "url-params": {"enabled": True, "params": {"utm_source": "newsletter"}},
        "format": {"prettify": True},
    }
    email = {
        "url-params": {"params": [{"key": "utm_campaign", "value": "spring", "encode": False}]},
        "format": {"enabled": True},
        "a11y-fixes": True,
    }
    s = settings_from(workspace, email)
    up = s["url-params"]
    assert up.enabled
    assert up.workspace_params == (Param("utm_source", "newsletter"),)
    assert up.params == (Param("utm_campaign", "spring", False),)
    assert s["format"].enabled and s["format"].prettify
    assert s.enabled("a11y-fixes")
    out = run_transformers('<a href="https://x.com">x</a>', s)
    assert "?utm_source=newsletter&amp;utm_campaign=spring" in out.html


def test_cli_overrides(tmp_path: Path) -> None:
    cfg = tmp_path / "t.toml"
    cfg.write_text("[transformers.format]\nenabled = true\nprettify = true\n", encoding="utf-8")
    s = apply_cli(
        TransformerSettings(),
        enable=["all"],
        disable=["mjml", "inline-css"],
        sets=[
            "format.minify=true",
            "url-params.params=utm_source=newsletter",
            "url-params.params=b=2",
            "css-cleanup.allowlist=Foo,Bar*",
        ],
        config=cfg,
    )
    assert s.enabled("format") and s["format"].minify and s["format"].prettify
    assert not s.enabled("mjml") and not s.enabled("inline-css") and s.enabled("url-params")
    assert s["url-params"].params == (Param("utm_source", "newsletter"), Param("b", "2"))
    assert s["css-cleanup"].allowlist == ("Foo", "Bar*")


def test_set_enables_its_transformer_unless_turned_off() -> None:
    s = apply_cli(TransformerSettings(), [], [], ["format.minify=true"], None)
    assert s.enabled("format") and s["format"].minify
    s = apply_cli(TransformerSettings(), [], ["format"], ["format.minify=true"], None)
    assert not s.enabled("format") and s["format"].minify  # remembered while off
    s = apply_cli(
        TransformerSettings(), [], [], ["format.enabled=false", "format.minify=true"], None
    )
    assert not s.enabled("format")
    s = apply_cli(
        TransformerSettings(), [], [], ["format.minify=true", "format.enabled=false"], None
    )
    assert not s.enabled("format")
    assert not apply_cli(TransformerSettings(), [], [], [], None).enabled("format")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"enable": ["minfy"]}, "unknown transformer 'minfy' (valid: mjml, css-variables"),
        ({"sets": ["format.minfy=true"]}, "has no option 'minfy' (options: enabled, prettify"),
        ({"sets": ["format.minify=maybe"]}, "format.minify must be true or false, got 'maybe'"),
        ({"sets": ["format.indent_size=two"]}, "must be a whole number"),
        ({"sets": ["format"]}, "expected NAME.OPTION=VALUE"),
        ({"sets": ["url-params.params=novalue"]}, "expected key=value"),
    ],
)
def test_cli_errors_say_what_to_fix(kwargs: dict[str, list[str]], message: str) -> None:
    args = {"enable": [], "disable": [], "sets": [], "config": None, **kwargs}
    with pytest.raises(TransformerConfigError) as exc:
        apply_cli(TransformerSettings(), **args)  # type: ignore[arg-type]
    assert message in str(exc.value)


def test_bad_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[transformers\n", encoding="utf-8")
    with pytest.raises(TransformerConfigError, match="not valid TOML"):
        apply_cli(TransformerSettings(), [], [], [], cfg)
    with pytest.raises(TransformerConfigError, match="unknown transformer 'nope'"):
        settings_from({"nope": True})
    with pytest.raises(TransformerConfigError, match=r"inline-css\.enabled must be true or false"):
        settings_from({}, {"inline-css": {"enabled": "yes please"}})


def test_describe_options_is_complete_and_json() -> None:
    described = describe_options()
    assert [d.name for d in described] == list(NAMES)
    for d in described:
        assert d.options[0].name == "enabled"
        assert all(o.doc and o.type and o.transformer == d.name for o in d.options)
    json.dumps([d.to_json() for d in described])
    fmt = next(d for d in described if d.name == "format")
    assert (
        OptionField("format", "minify", "boolean", False, "Minify the HTML (wins over prettify).")
        in fmt.options
    )
    options = fmt.to_json()["options"]
    assert (
        isinstance(options, list)
        and {
            "name": "minify",
            "type": "boolean",
            "default": False,
            "doc": "Minify the HTML (wins over prettify).",
        }
        in options
    )


DOC = (
    "<!DOCTYPE html><html><head><style>:root{--c:#f00} .a{color:var(--c)} .gone{x:y}"
    "@media (max-width: 600px){.a{color:blue !important}}</style></head><body>"
    "<!--[if mso]><table><tr><td><![endif]-->"
    '<table>{% for i in items %}<tr><td class="a" data-mw-node="4">{{ i }} is one of the '
    'things we sell</td></tr>{% endfor %}</table><a href="https://x.com" data-mw-node="5">'
    "Shop</a><!--[if mso]></td></tr></table><![endif]--></body></html>"
)


def test_runner_reports_timings_sizes_and_text() -> None:
    s = settings_from(
        {"all": True, "url-params": {"params": {"utm_source": "n"}}, "format": {"minify": True}}
    )
    out = run_transformers(DOC, s, file="e.html", envelope_preheader="")
    assert [i for i in out.issues if i.is_error] == []
    enabled = [n for n in CLI_NAMES if n != "mjml"]
    assert set(enabled) <= set(out.timings) and "mjml" not in out.timings
    assert all(out.sizes[n][0] > 0 for n in enabled)
    assert out.sizes["format"][1] < out.sizes["format"][0]
    assert 'style="color: #f00;"' in out.html  # css-variables before inline-css
    assert ".gone" not in out.html and "@media (max-width: 600px)" in out.html
    assert 'data-mw-node="4"' in out.html and 'data-mw-node="5"' in out.html
    assert "{% for i in items %}<tr>" in out.html and "<!--[if mso]>" in out.html
    assert out.text == (
        "{% for i in items %}\n{{ i }} is one of the things we sell\n"
        "{% endfor %}\n\nShop (https://x.com?utm_source=n)\n"
    )


def test_a_source_steps_sizes_are_measured_only_when_asked() -> None:
    mjml = (
        "<mjml><mj-body><mj-section><mj-column><mj-text>Hi \u2014 {{ name }}</mj-text>"
        "</mj-column></mj-section></mj-body></mjml>"
    )
    s = settings_from({}, {"plaintext": False})
    quiet = run_transformers(mjml, s, file="e.mjml", source=mjml, measure_sizes=False)
    assert "mjml" in quiet.timings and quiet.sizes == {}
    sized = run_transformers(mjml, s, file="e.mjml", source=mjml)
    assert sized.html == quiet.html and "{{ name }}" in sized.html
    before, after = sized.sizes["mjml"]
    assert before == len(mjml.encode("utf-8")) and after == len(sized.html.encode("utf-8"))


def test_runner_with_nothing_enabled_is_identity() -> None:
    out = run_transformers(DOC, settings_from({}, {"plaintext": False}))
    assert out.html == DOC and out.text == "" and out.issues == []


@pytest.mark.parametrize(
    "value",
    [
        '{"url-params": {"enabled": true, "params": {"m": "1"}}}',
        '{ url-params = { enabled = true, params = { m = "1" } } }',
        {"url-params": {"enabled": True, "params": {"m": "1"}}},
    ],
)
def test_email_layer_reads_front_matter_text_and_sidecar_tables(value: object) -> None:
    from compiler.transformers import email_layer

    s = settings_from({}, email_layer(value))
    assert s.enabled("url-params") and s["url-params"].params == (Param("m", "1"),)


@pytest.mark.parametrize("value", ["minify please", "[1, 2]", 5])
def test_email_layer_says_how_to_write_it(value: object) -> None:
    from compiler.transformers import email_layer

    with pytest.raises(TransformerConfigError, match="expected a table of transformer settings"):
        email_layer(value)
    assert email_layer(None) == {} and email_layer("  ") == {}


def test_each_transformer_is_name_options_and_apply() -> None:
    for step in STEPS:
        module = step.module
        assert step.name == module.NAME
        assert dataclasses.is_dataclass(module.Options)
        assert step.options_type.__dataclass_params__.frozen  # options_type is module.Options
        assert dataclasses.fields(module.Options)[0].name == "enabled"
        if step.kind != "final":  # the plain-text part is generated, not applied
            assert callable(module.apply)
        for gone in ("KIND", "transform", "transform_with_issues", "run_one"):
            assert not hasattr(module, gone), f"{step.name} still has {gone}"


def test_the_folder_listing_is_the_list_of_transformers() -> None:
    folder = Path(steps.__file__).parent
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "steps", "settings", "runner"}
    assert modules == {s.module.__name__.rsplit(".", 1)[1] for s in STEPS}
    assert (folder / "core").is_dir() and "format" not in modules  # no builtin shadowed


def test_the_restyling_transformers_are_declared_on_their_steps() -> None:
    """What ``mailwright import --as-is`` turns off: the steps whose purpose is to change
    what a mail client shows. URL parameters change links only; MJML is how an .mjml
    email compiles at all; the plain-text part is not the HTML."""
    from compiler.transformers import RESTYLING, STEPS

    assert RESTYLING == ("css-variables", "inline-css", "css-cleanup", "a11y-fixes", "format")
    assert tuple(s.name for s in STEPS if s.restyles) == RESTYLING
    assert not {"mjml", "url-params", "plaintext"} & set(RESTYLING)


def test_runner_keeps_its_input_only_where_an_issue_is_located_in_it() -> None:
    """``located_in`` (the text middle steps' issues are located in) is kept when an
    issue has a line there, and let go ("") when none has: the compile relocates only
    located issues, and the input is the run's memory peak otherwise."""
    s = settings_from({"all": True})
    clean = run_transformers(DOC, s, file="e.html")
    assert not any(i.line for i in clean.issues)
    assert clean.located_in == ""
    bad = DOC.replace("</style>", "p{color:red</style>")
    out = run_transformers(bad, s, file="e.html")
    assert any(i.line and i.rule.endswith("/bad-css") for i in out.issues)
    assert out.located_in == bad
