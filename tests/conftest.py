"""Shared test set-up: environment for offscreen Qt, the shared corpus path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MAILWRIGHT_CORPUS", ROOT.parent / "shared" / "corpus"))
DEMO = ROOT / "resources" / "demo"


def corpus_files(*suffixes: str) -> list[Path]:
    """Every template file of the shared corpus (empty when it is absent)."""
    if not CORPUS.is_dir():
        return []
    exts = suffixes or (".html", ".htm", ".mjml", ".hbs", ".liquid", ".txt")
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in exts)


requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS} (set MAILWRIGHT_CORPUS)"
)
