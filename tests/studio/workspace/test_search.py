"""Searching a workspace by name and content."""

from __future__ import annotations

from studio.workspace import FileKind, Workspace


def test_search_name_and_content_with_excerpts(ws: Workspace) -> None:
    hits = ws.search("RECEIPT")
    assert [h.file.rel for h in hits] == ["emails/receipt.html"]
    assert hits[0].name_match
    ex = hits[0].excerpts[0]
    a, b = ex.highlights[0]
    assert ex.text[a:b].lower() == "receipt"
    hits = ws.search("first_name")
    assert [h.file.rel for h in hits] == ["emails/welcome.html"]
    assert hits[0].excerpts[0].line == 6
    assert ws.search("   ") == []
    assert [h.file.rel for h in ws.search("x-base", FileKind.TEMPLATE)] == [
        "templates/newsletter.html"
    ]


def test_search_long_line_excerpt_is_trimmed(ws: Workspace) -> None:
    (ws.root / "emails/long.html").write_text("a" * 500 + "needle" + "b" * 500)
    ex = ws.search("needle")[0].excerpts[0]
    assert len(ex.text) < 130 and ex.text.startswith("…") and ex.text.endswith("…")
    a, b = ex.highlights[0]
    assert ex.text[a:b] == "needle"
