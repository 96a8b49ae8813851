"""The recent-files list."""

from __future__ import annotations

from studio.workspace import Workspace


def test_recent_files(ws: Workspace) -> None:
    ws.touch_recent("emails/welcome.html")
    ws.touch_recent("emails/receipt.html")
    ws.touch_recent("emails/welcome.html")
    assert ws.recent() == ["emails/welcome.html", "emails/receipt.html"]
    ws.rename("emails/receipt.html", "r2")
    assert ws.recent() == ["emails/welcome.html", "emails/r2.html"]
    ws.delete("emails/welcome.html")
    assert ws.recent() == ["emails/r2.html"]
