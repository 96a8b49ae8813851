"""Global styles: CSS generation for a typical email, and reading styles.json."""

from __future__ import annotations

from bench.run import Bench
from styles.css import CssBuilder, add_global_css
from styles.io import DEFAULT_STYLES_PATH, dumps_styles, parse_styles


def benches(runs: int) -> list[Bench]:
    styles = parse_styles(DEFAULT_STYLES_PATH.read_text("utf-8"))
    text = dumps_styles(styles)

    def forty_blocks() -> str:
        # what the expander of a 40-block email asks for: global defaults plus,
        # per block, a few rules with dark / responsive variants and a custom style
        builder = CssBuilder()
        add_global_css(builder, styles)
        for i in range(40):
            sel = f".mw-n{i}"
            builder.add_value(sel, "padding", {"small": 16, "medium": 32}, include_base=False)
            builder.add_value(
                sel, "background-color", {"light": "#ffffff", "dark": "#111827"}, include_base=False
            )
            builder.add_value(sel, "font-size", {"small": 16, "medium": 18}, include_base=False)
            builder.add_block(f".card-{i % 4}{{border:1px solid #e5e7eb}}")
        return builder.render_html()

    return [
        Bench("styles.css.forty_blocks", forty_blocks),
        Bench("styles.io.parse_default", lambda: parse_styles(text)),
        Bench("styles.io.dumps_default", lambda: dumps_styles(styles)),
    ]
