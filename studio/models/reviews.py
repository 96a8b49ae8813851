"""Review rounds: comments pinned to an element of an email and to a device and scheme.

Plain Python, no Qt. Comments are plain JSON files in the workspace, so they travel in
git with the email (``docs/reviews.md``)::

    reviews/<path under emails/ without the suffix>/<comment id>.json

one file per comment, so two reviewers commenting at once never touch the same file
(nothing to merge), and resolving one comment changes one file.

A comment is pinned to an element through an :class:`Anchor`: the element's tag, its
structural path (``x-section[2]/x-image[1]``: tag and index among same-tag siblings,
from the top), its start tag as written (whitespace collapsed) and where it was. The
anchor is found again in the current text by :func:`locate`: the same path with the
same start tag (``current``), the same start tag elsewhere (``moved``), the same path
and tag with other attributes (``edited``), or nothing (``outdated``: the comment is
kept and listed, without a pin). The element found gives the node id the compiled
HTML marks it with (``data-mw-node``), where the preview draws the pin.
"""

from __future__ import annotations

import json
import re
import secrets
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeVar

from components.diagnostics import line_col
from components.markup import parse
from components.markup.nodes import Conditional, Document, Element
from studio.history import History, HistoryError, read_exact
from studio.models.layers import body_text
from styles.atomic import write_atomic

_Read = TypeVar("_Read")  # what one review file is read into

FORMAT = 1
FOLDER = "reviews"
ROUNDS = "rounds"  # reviews/<email>/rounds/<id>.json
DEVICES = ("desktop", "mobile")
SCHEMES = ("light", "dark")
STATUSES = ("open", "resolved")
EXCERPT_MAX = 240
CONTENT_MAX = 120
_TAG = re.compile(r"<[^>]*>")

State = Literal["current", "moved", "edited", "outdated", "unpinned"]


class ReviewError(Exception):
    """A comment file that cannot be read or written, or a comment that does not exist."""


@dataclass(frozen=True)
class Anchor:
    tag: str
    path: str
    excerpt: str  # the start tag as written, whitespace collapsed
    line: int
    column: int
    content: str = ""  # the start of its text (tags dropped, whitespace collapsed)

    def to_json(self) -> dict[str, object]:
        return {
            "tag": self.tag,
            "path": self.path,
            "excerpt": self.excerpt,
            "content": self.content,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True)
class Reply:
    author: str
    created: str
    text: str


@dataclass(frozen=True)
class Comment:
    id: str
    email: str  # workspace-relative path of the email
    author: str
    created: str  # ISO 8601, UTC, milliseconds
    text: str
    device: str = "desktop"
    scheme: str = "light"
    anchor: Anchor | None = None
    status: str = "open"
    resolved_by: str | None = None
    resolved_at: str | None = None
    replies: tuple[Reply, ...] = ()
    round: str = ""  # the review round it was made in ("" before the first)

    @property
    def open(self) -> bool:
        return self.status == "open"

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "id": self.id,
            "email": self.email,
            "author": self.author,
            "created": self.created,
            "text": self.text,
            "device": self.device,
            "scheme": self.scheme,
            "anchor": self.anchor.to_json() if self.anchor is not None else None,
            "status": self.status,
            "resolved_by": self.resolved_by,
            "resolved_at": self.resolved_at,
            "replies": [
                {"author": r.author, "created": r.created, "text": r.text} for r in self.replies
            ],
            "round": self.round,
        }

    @classmethod
    def from_json(cls, data: object, where: str) -> Comment:
        """The comment in ``data``; :class:`ReviewError` naming ``where`` and the field."""
        if not isinstance(data, dict):
            raise ReviewError(f"{where}: not a comment (a JSON object is expected)")

        def text(key: str, default: str | None = None) -> str:
            value = data.get(key, default)
            if not isinstance(value, str):
                raise ReviewError(f"{where}: {key!r} must be a string")
            return value

        def choice(key: str, allowed: Sequence[str]) -> str:
            value = text(key, allowed[0])
            if value not in allowed:
                raise ReviewError(f"{where}: {key!r} is {value!r}; use one of {', '.join(allowed)}")
            return value

        fmt = data.get("format", FORMAT)
        if not isinstance(fmt, int) or fmt > FORMAT:
            raise ReviewError(
                f"{where}: format {fmt!r} is newer than this Mailwright reads ({FORMAT})"
            )
        anchor = None
        raw = data.get("anchor")
        if isinstance(raw, dict):
            try:
                anchor = Anchor(
                    str(raw["tag"]),
                    str(raw["path"]),
                    str(raw.get("excerpt", "")),
                    int(raw.get("line", 0)),
                    int(raw.get("column", 0)),
                    str(raw.get("content", "")),
                )
            except (KeyError, TypeError, ValueError):
                raise ReviewError(f"{where}: 'anchor' needs tag and path") from None
        elif raw is not None:
            raise ReviewError(f"{where}: 'anchor' must be an object or null")
        replies = []
        for r in data.get("replies") or []:
            if not isinstance(r, dict):
                raise ReviewError(f"{where}: each reply must be an object")
            replies.append(
                Reply(str(r.get("author", "")), str(r.get("created", "")), str(r.get("text", "")))
            )
        resolved_by, resolved_at = data.get("resolved_by"), data.get("resolved_at")
        return cls(
            id=text("id"),
            email=text("email"),
            author=text("author", ""),
            created=text("created", ""),
            text=text("text"),
            device=choice("device", DEVICES),
            scheme=choice("scheme", SCHEMES),
            anchor=anchor,
            status=choice("status", STATUSES),
            resolved_by=resolved_by if isinstance(resolved_by, str) else None,
            resolved_at=resolved_at if isinstance(resolved_at, str) else None,
            replies=tuple(replies),
            round=text("round", ""),
        )


# ---- anchors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """One element of the text with its path and start tag (what an anchor is made of)."""

    element: Element
    path: str
    excerpt: str
    content: str


def _children(parent: Element | Conditional | Document) -> Iterator[Element]:
    for child in parent.children:
        if isinstance(child, Element):
            yield child
        elif isinstance(child, Conditional):
            yield from _children(child)


def _start_tag(text: str, el: Element) -> str:
    start = el.span.start
    end = text.find(">", start)
    for child in _children(el):  # a ">" inside an attribute value: stop at the first child
        end = min(end, child.span.start) if end >= 0 else child.span.start
        break
    raw = text[start : end + 1] if end >= 0 else text[start : el.span.end]
    return " ".join(raw.split())[:EXCERPT_MAX]


def elements(text: str) -> list[Placed]:
    """Every element of the email's text in document order, with path and start tag."""
    body = body_text(text)
    doc = parse(body).document
    out: list[Placed] = []

    def visit(parent: Element | Conditional | Document, prefix: str) -> None:
        seen: dict[str, int] = {}
        for el in _children(parent):
            seen[el.name] = seen.get(el.name, 0) + 1
            path = (
                f"{prefix}/{el.name}[{seen[el.name]}]" if prefix else f"{el.name}[{seen[el.name]}]"
            )
            tag = _start_tag(body, el)
            inner = body[el.span.start : el.span.end]
            inner = _TAG.sub(" ", inner[inner.find(">") + 1 :] if ">" in inner else "")
            out.append(Placed(el, path, tag, " ".join(inner.split())[:CONTENT_MAX]))
            visit(el, path)

    visit(doc, "")
    return out


def _anchor(text: str, placed: Placed) -> Anchor:
    line, column = line_col(text, placed.element.span.start)
    return Anchor(placed.element.name, placed.path, placed.excerpt, line, column, placed.content)


def anchor_at(text: str, offset: int) -> Anchor | None:
    """The anchor of the innermost element whose markup holds ``offset``."""
    best: Placed | None = None
    for p in elements(text):
        span = p.element.span
        if span.start <= offset < max(span.end, span.start + 1) and (
            best is None or span.end - span.start <= best.element.span.end - best.element.span.start
        ):
            best = p
    return _anchor(text, best) if best is not None else None


def anchor_at_line(text: str, line: int, column: int = 0) -> Anchor | None:
    """The anchor at ``line`` (1-based): at ``column``, else the first element starting on
    that line, else the innermost one holding the line's first non-blank character."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    start = sum(len(x) + 1 for x in lines[: line - 1])
    if column:
        return anchor_at(text, start + column - 1)
    for p in elements(text):
        if start <= p.element.span.start < start + len(lines[line - 1]) + 1:
            return _anchor(text, p)
    stripped = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    return anchor_at(text, start + stripped)


def anchor_for_node(text: str, node_id: int) -> Anchor | None:
    """The anchor of the element whose ``data-mw-node`` mark is ``node_id``."""
    for p in elements(text):
        if p.element.id == node_id:
            return _anchor(text, p)
    return None


@dataclass(frozen=True)
class Pin:
    """Where a comment is now: the element (node id, line, column) or nothing."""

    comment: Comment
    state: State
    node: int | None = None
    line: int = 0
    column: int = 0

    @property
    def outdated(self) -> bool:
        return self.state == "outdated"


def locate(
    text: str, anchor: Anchor, placed: list[Placed] | None = None
) -> tuple[Placed | None, State]:
    """The element ``anchor`` points at in ``text`` now, and how it was found: at its
    path with its start tag (``current``, whatever its text became); elsewhere with the
    same start tag and text, or the only one with that start tag (``moved``, the
    nearest to where it was); at its path with other attributes (``edited``); else
    ``outdated``."""
    placed = placed if placed is not None else elements(text)
    tagged = [p for p in placed if p.element.name == anchor.tag]
    same_place = [p for p in tagged if p.path == anchor.path]
    for p in same_place:
        if p.excerpt == anchor.excerpt:
            return p, "current"

    def nearest(found: list[Placed]) -> Placed:
        return min(found, key=lambda p: abs(line_col(text, p.element.span.start)[0] - anchor.line))

    same = [p for p in tagged if p.excerpt == anchor.excerpt and p.content == anchor.content]
    if same:
        return nearest(same), "moved"
    same_tag = [p for p in tagged if p.excerpt == anchor.excerpt]
    if len(same_tag) == 1:
        return same_tag[0], "moved"
    if same_place:
        return same_place[0], "edited"
    return None, "outdated"


def pins(text: str, comments: Sequence[Comment]) -> list[Pin]:
    """Every comment placed in ``text`` (in the given order)."""
    placed = elements(text)
    out: list[Pin] = []
    for c in comments:
        if c.anchor is None:
            out.append(Pin(c, "unpinned"))
            continue
        found, state = locate(text, c.anchor, placed)
        if found is None:
            out.append(Pin(c, state, line=c.anchor.line, column=c.anchor.column))
        else:
            line, column = line_col(text, found.element.span.start)
            out.append(Pin(c, state, found.element.id, line, column))
    return out


# ---- rounds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    """A review round (the reference product's feedback version): a name, what to look
    at, and the version of the email it reviews in the history."""

    name: str
    created: str
    author: str = ""
    description: str = ""
    version: int | None = None  # the history version recorded for it

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "name": self.name,
            "created": self.created,
            "author": self.author,
            "description": self.description,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: object, where: str) -> Round:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise ReviewError(f"{where}: not a review round (a JSON object with a name)")
        version = data.get("version")
        return cls(
            str(data["name"]),
            str(data.get("created", "")),
            str(data.get("author", "")),
            str(data.get("description", "")),
            version if isinstance(version, int) else None,
        )


# ---- the files --------------------------------------------------------------------------


def now_iso() -> str:
    """UTC, milliseconds: ``2026-12-07T09:58:00.123Z`` (comments sort by it)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id(created: str) -> str:
    """Sortable by time, unique without coordination: ``20261207-095800-3fa2c1``."""
    stamp = re.sub(r"[^0-9T]", "", created).replace("T", "-")[:15]
    return f"{stamp}-{secrets.token_hex(3)}"


@dataclass
class ReviewStore:
    """The comments of a workspace's emails, one JSON file each under ``reviews/``."""

    root: Path
    problems: list[str] = field(default_factory=list)  # files that could not be read

    def folder(self, email: str) -> Path:
        """``reviews/<path under emails/ without the suffix>/`` for ``email`` (relative)."""
        rel = PurePosixPath(email)
        if rel.parts and rel.parts[0] == "emails":
            rel = PurePosixPath(*rel.parts[1:])
        return self.root / FOLDER / rel.with_suffix("")

    def _read_all(self, folder: Path, read: Callable[[Any, str], _Read]) -> list[_Read]:
        """Every ``*.json`` in ``folder`` through ``read(data, where)``, in file-name order;
        unreadable files are listed in ``problems``."""
        out: list[_Read] = []
        for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            where = file.relative_to(self.root).as_posix()
            try:
                out.append(read(json.loads(file.read_text("utf-8")), where))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                self.problems.append(f"{where}: cannot read ({exc})")
            except ReviewError as exc:
                self.problems.append(str(exc))
        return out

    def comments(self, email: str) -> list[Comment]:
        """The email's comments, oldest first; unreadable files are listed in ``problems``."""
        return sorted(
            self._read_all(self.folder(email), Comment.from_json), key=lambda c: (c.created, c.id)
        )

    def file(self, comment: Comment) -> Path:
        return self.folder(comment.email) / f"{comment.id}.json"

    def write(self, comment: Comment) -> Path:
        path = self.file(comment)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(comment.to_json(), indent=2, ensure_ascii=False, sort_keys=True)
        write_atomic(path, (data + "\n").encode("utf-8"))
        return path

    def rounds(self, email: str) -> list[Round]:
        """The email's review rounds, oldest first (``reviews/<email>/rounds/*.json``)."""
        return sorted(
            self._read_all(self.folder(email) / ROUNDS, Round.from_json), key=lambda r: r.created
        )

    def current_round(self, email: str) -> Round | None:
        rounds = self.rounds(email)
        return rounds[-1] if rounds else None

    def start_round(
        self,
        email: str,
        name: str,
        *,
        author: str,
        description: str = "",
        version: int | None = None,
        created: str | None = None,
    ) -> Round:
        """A new round: the comments made from now on belong to it."""
        name = " ".join(name.split())
        if not name:
            raise ReviewError("a review round needs a name")
        if any(r.name == name for r in self.rounds(email)):
            raise ReviewError(f"{email}: there is already a review round named {name!r}")
        made = Round(name, created or now_iso(), author, description.strip(), version)
        folder = self.folder(email) / ROUNDS
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(made.to_json(), indent=2, ensure_ascii=False, sort_keys=True)
        write_atomic(folder / f"{new_id(made.created)}.json", (data + "\n").encode("utf-8"))
        return made

    def add(
        self,
        email: str,
        text: str,
        *,
        author: str,
        anchor: Anchor | None,
        device: str = "desktop",
        scheme: str = "light",
        created: str | None = None,
    ) -> Comment:
        if not text.strip():
            raise ReviewError("a comment needs some text")
        if device not in DEVICES or scheme not in SCHEMES:
            raise ReviewError(
                f"device must be one of {', '.join(DEVICES)} and scheme one of {', '.join(SCHEMES)}"
            )
        created = created or now_iso()
        current = self.current_round(email)
        comment = Comment(
            new_id(created),
            email,
            author,
            created,
            text.strip(),
            device,
            scheme,
            anchor,
            round=current.name if current else "",
        )
        self.write(comment)
        return comment

    def find(self, email: str, ref: str) -> Comment:
        """The comment whose id is ``ref`` or starts with it (unambiguously), or whose
        number in the list (1-based) it is."""
        comments = self.comments(email)
        if ref.isdigit() and 1 <= int(ref) <= len(comments) and len(ref) <= 4:
            return comments[int(ref) - 1]
        hits = [c for c in comments if c.id == ref or c.id.startswith(ref) or c.id.endswith(ref)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise ReviewError(f"{email}: no comment {ref!r}")
        raise ReviewError(f"{email}: {ref!r} names {len(hits)} comments; give more of the id")

    def resolve(self, comment: Comment, *, by: str) -> Comment:
        done = replace(comment, status="resolved", resolved_by=by, resolved_at=now_iso())
        self.write(done)
        return done

    def reopen(self, comment: Comment) -> Comment:
        again = replace(comment, status="open", resolved_by=None, resolved_at=None)
        self.write(again)
        return again

    def delete(self, comment: Comment) -> None:
        """Remove the comment's file (git keeps its history)."""
        try:
            self.file(comment).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ReviewError(
                f"{self.file(comment)}: cannot delete ({exc.strerror or exc})"
            ) from None

    def reply(self, comment: Comment, text: str, *, author: str) -> Comment:
        if not text.strip():
            raise ReviewError("a reply needs some text")
        answered = replace(
            comment, replies=(*comment.replies, Reply(author, now_iso(), text.strip()))
        )
        self.write(answered)
        return answered

    # ---- review bundles -------------------------------------------------------------
    def incoming(self, email: str, source: Path) -> list[Comment]:
        """The comments on ``email`` in ``source``: a review bundle (ZIP) or a folder holding
        ``reviews/`` (an unzipped bundle, a colleague's workspace). Unreadable ones go to
        ``problems``."""
        prefix = self.folder(email).relative_to(self.root).as_posix() + "/"
        found: list[tuple[str, bytes]] = []
        if source.is_dir():
            folder = source / prefix
            found = (
                [
                    (f"{source.name}/{prefix}{f.name}", f.read_bytes())
                    for f in sorted(folder.glob("*.json"))
                ]
                if folder.is_dir()
                else []
            )
        else:
            try:
                with zipfile.ZipFile(source) as zf:
                    for name in sorted(zf.namelist()):
                        rest = name[len(prefix) :] if name.startswith(prefix) else ""
                        if rest.endswith(".json") and "/" not in rest:
                            found.append((f"{source.name}:{name}", zf.read(name)))
            except (OSError, zipfile.BadZipFile) as exc:
                raise ReviewError(f"{source}: not a review bundle ({exc})") from None
        out: list[Comment] = []
        for where, data in found:
            try:
                comment = Comment.from_json(json.loads(data.decode("utf-8")), where)
            except (UnicodeDecodeError, ValueError) as exc:
                self.problems.append(f"{where}: cannot read ({exc})")
                continue
            except ReviewError as exc:
                self.problems.append(str(exc))
                continue
            out.append(replace(comment, email=email))
        return out

    def import_comments(self, email: str, source: Path) -> tuple[int, int]:
        """Bring the comments of a review bundle into the workspace; returns (added,
        updated). A comment we have already is merged: replies of both, resolved when
        either side resolved it (the later resolution names who and when)."""
        ours = {c.id: c for c in self.comments(email)}
        added = updated = 0
        for theirs in self.incoming(email, source):
            mine = ours.get(theirs.id)
            if mine is None:
                self.write(theirs)
                added += 1
                continue
            both = merge_comment(mine, theirs)
            if both != mine:
                self.write(both)
                updated += 1
        return added, updated


def merge_comment(ours: Comment, theirs: Comment) -> Comment:
    """One comment edited in two places: replies of both (by time), resolved when either
    resolved it, the later resolution's who and when."""
    replies = tuple(
        sorted(set(ours.replies) | set(theirs.replies), key=lambda r: (r.created, r.author, r.text))
    )
    resolved = [c for c in (ours, theirs) if not c.open]
    if resolved:
        last = max(resolved, key=lambda c: c.resolved_at or "")
        return replace(
            ours,
            replies=replies,
            status="resolved",
            resolved_by=last.resolved_by,
            resolved_at=last.resolved_at,
        )
    return replace(ours, replies=replies)


def begin_round(
    store: ReviewStore, path: Path, name: str, *, author: str, description: str = ""
) -> tuple[Round, str]:
    """Start a review round of the email at ``path``: the text as it is now goes into the
    version history as "Review: NAME" (kind ``review``), then the round is written.
    Returns the round and a note when the history could not be updated."""
    rel = path.resolve().relative_to(store.root.resolve()).as_posix()
    name = " ".join(name.split())
    if not name:
        raise ReviewError("a review round needs a name")
    if any(r.name == name for r in store.rounds(rel)):
        raise ReviewError(f"{rel}: there is already a review round named {name!r}")
    version: int | None = None
    note = ""
    try:
        with History(store.root, author=author) as history:
            made = history.record(
                path,
                read_exact(path),
                kind="review",
                name=f"Review: {name}",
                message=description,
                repeat=True,
            )
            version = made.number if made is not None else None
    except (HistoryError, OSError, UnicodeDecodeError) as exc:
        note = f"the version history was not updated: {exc}"
    return store.start_round(
        rel, name, author=author, description=description, version=version
    ), note
