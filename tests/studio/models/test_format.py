from __future__ import annotations

from studio.models.format import reindent

SRC = """<x-base>
<x-section>
<x-paragraph>Hi {{ name }}</x-paragraph>
      <img src="a.png">
<style>
  .a { color: red }
</style>
{% if x %}<p>
yes</p>{% endif %}
<!-- a
   b -->
</x-section>
</x-base>"""

WANT = """<x-base>
  <x-section>
    <x-paragraph>Hi {{ name }}</x-paragraph>
    <img src="a.png">
    <style>
  .a { color: red }
    </style>
    {% if x %}<p>
      yes</p>{% endif %}
    <!-- a
   b -->
  </x-section>
</x-base>"""


def test_an_obsolete_void_element_opens_nothing() -> None:
    # (keygen serializes as void: it used to indent what followed it)
    src = "<div>\n<keygen name=k>\n<p>x</p>\n</div>"
    assert reindent(src) == "<div>\n  <keygen name=k>\n  <p>x</p>\n</div>"


def test_reindent_only_changes_leading_whitespace() -> None:
    out = reindent(SRC)
    assert out == WANT
    assert [s.strip() for s in out.split("\n")] == [s.strip() for s in SRC.split("\n")]
    assert reindent(out) == out
