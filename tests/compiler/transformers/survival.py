"""What must survive every transformer: template tokens, MSO conditionals, @media blocks."""

from __future__ import annotations

import re
from collections import Counter

from compiler.transformers.core import liquid_guard

_MSO_RE = re.compile(r"<!--\[if [^\]]*\]>|<!\[endif\]-->|<!--<!\[endif\]-->", re.I)
_MEDIA_RE = re.compile(r"@media([^{]*)\{", re.I)


def media_queries(html: str) -> Counter[str]:
    """Each @media condition, whitespace removed (minifying may drop spaces)."""
    return Counter(re.sub(r"\s+", "", m.group(1)).lower() for m in _MEDIA_RE.finditer(html))


def survival_problems(before: str, after: str) -> list[str]:
    """Everything that did not survive from ``before`` to ``after`` (empty = fine)."""
    problems: list[str] = []
    # document order, except that tokens inside one tag are compared as a set
    # (minifiers and inliners reorder attributes, which carries no meaning)
    ta = [t for t, _ in liquid_guard.token_contexts(before)]
    tb = [t for t, _ in liquid_guard.token_contexts(after)]
    if ta != tb:
        lost = Counter(ta) - Counter(tb)
        extra = Counter(tb) - Counter(ta)
        problems.append(
            f"tokens changed: lost={list(lost)[:3]} extra={list(extra)[:3]}"
            + ("" if lost or extra else " (order)")
        )
    ma = Counter(m.group(0).lower() for m in _MSO_RE.finditer(before))
    mb = Counter(m.group(0).lower() for m in _MSO_RE.finditer(after))
    if ma != mb:
        problems.append(f"MSO conditional comments changed: {dict(ma - mb)} lost")
    qa, qb = media_queries(before), media_queries(after)
    if qa - qb:
        problems.append(f"@media blocks lost or rewritten: {dict(qa - qb)}")
    return problems
