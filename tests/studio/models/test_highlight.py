from __future__ import annotations

from studio.models.highlight import MSO, highlight_line


def kinds(lines: list[str]) -> list[list[tuple[str, str]]]:
    state = 0
    out = []
    for line in lines:
        toks, state = highlight_line(line, state)
        out.append([(line[t.start : t.end], t.kind) for t in toks])
    return out


def test_tags_components_directives_and_values() -> None:
    (row,) = kinds(['<x-section #if="vip" :pad="2" class="a"><brand-header/><td>'])
    assert ("x-section", "component") in row
    assert ("#if", "directive") in row and (":pad", "directive") in row
    assert ("class", "attr") in row
    assert ("brand-header", "custom") in row and ("td", "tag") in row


def test_liquid_interp_entities_in_text_and_attributes() -> None:
    (row,) = kinds(['Hi {{ name }} ${greet} &amp; <a href="{{ url }}?a=${x}">'])
    assert ("{{ name }}", "liquid") in row and ("${greet}", "interp") in row
    assert ("&amp;", "entity") in row
    assert ("{{ url }}", "liquid") in row and ("${x}", "interp") in row


def test_mso_conditional_is_distinct_and_html_inside_stays_html() -> None:
    state = 0
    toks, state = highlight_line("<!--[if mso]>", state)
    assert toks[0].kind == "mso" and state & MSO
    toks, state = highlight_line("<table><tr>", state)
    assert state & MSO and any(t.kind == "tag" for t in toks)
    toks, state = highlight_line("<![endif]-->", state)
    assert toks[-1].kind == "mso" and not state & MSO
    (row,) = kinds(["<!-- plain comment -->"])
    assert all(k == "comment" for _, k in row)


def test_css_in_style_block_and_style_attribute_across_lines() -> None:
    rows = kinds(
        [
            "<style>",
            ".btn { color: red;",
            "  mso-line-height-rule: exactly; }",
            "</style>",
            '<td style="color:#000;',
            ' mso-hide:all">x</td>',
        ]
    )
    assert (".btn ", "css-selector") in rows[1] and ("color", "css-prop") in rows[1]
    assert ("mso-line-height-rule", "mso") in rows[2]
    assert ("style", "tag") in rows[3]
    assert ("color", "css-prop") in rows[4]
    assert ("mso-hide", "mso") in rows[5] and ("td", "tag") in rows[5]


def test_multiline_comment_state() -> None:
    rows = kinds(["<!-- a", "b", "c --> <p>"])
    assert rows[1] == [("b", "comment")]
    assert ("p", "tag") in rows[2]


def test_a_minified_line_reads_each_tag_as_on_its_own_line() -> None:
    # a style value is told by the attribute before it, wherever the tag sits on the line
    tag = '<td class="c" style="color:red" title="t">x</td><p style="margin:0">y</p>'
    (alone,) = kinds([tag])
    (long_line,) = kinds([tag * 500])
    assert long_line == alone * 500
    assert ("color", "css-prop") in alone and ("margin", "css-prop") in alone
    assert not any(kind == "css-prop" for text, kind in alone if text in ("c", "t"))


def test_each_written_form_of_a_revealed_block_s_marker_is_one_mso_token() -> None:
    for reveal in ("<!-->", "<!-- -->", "<!---->"):
        (row,) = kinds([f"<!--[if !mso]>{reveal}<a href='#'>Go</a><!--<![endif]-->"])
        assert row[0] == (f"<!--[if !mso]>{reveal}", "mso"), row
        assert ("a", "tag") in row
