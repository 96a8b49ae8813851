"""A small workspace on disk for the workspace tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace.create(tmp_path / "brand", "Brand")
    (w.root / "emails" / "welcome.html").write_text(
        "---\nsubject: Welcome!\n---\n<x-base>\n  <brand-header></brand-header>\n"
        "  <x-paragraph>Hello {{ customer.first_name }}</x-paragraph>\n</x-base>\n"
    )
    (w.root / "emails" / "receipt.html").write_text(
        "<x-base><x-paragraph>Your receipt</x-paragraph></x-base>\n"
    )
    (w.root / "components" / "brand-header.html").write_text(
        "<script>export const config = {}</script><template><div>Logo</div></template>"
    )
    (w.root / "templates" / "newsletter.html").write_text("<x-base>News</x-base>\n")
    return w
