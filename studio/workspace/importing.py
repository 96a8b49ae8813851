"""Import an ``.html``/``.htm``/``.mjml`` file or an ``.eml`` message as a new email."""

from __future__ import annotations

import email
import email.policy
import html
import mimetypes
import os
import re
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from compiler.result import Envelope
from studio.models.envelope import set_front_matter
from studio.workspace.layout import FileKind, Folders, WorkspaceError, safe_name
from styles.atomic import write_atomic

IMPORT_SUFFIXES = (".html", ".htm", ".eml", ".mjml")


@dataclass(slots=True)
class ImportResult:
    path: str
    assets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_file(workspace: Folders, source: Path, folder: str = "emails") -> ImportResult:
    """Import an ``.html``/``.htm``/``.mjml`` file or an ``.eml`` message as an email."""
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise WorkspaceError(
            f"{source.name}: cannot import {suffix or 'this file'}; "
            f"use {', '.join(IMPORT_SUFFIXES)}")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise WorkspaceError(f"{source}: cannot read ({exc.strerror})") from None
    if suffix == ".eml":
        return _import_eml(workspace, source, data, folder)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    out_suffix = ".mjml" if suffix == ".mjml" else ".html"
    target = _import_target(workspace, folder, source.stem, out_suffix)
    write_atomic(target, text)
    return ImportResult(workspace.rel(target))


def _import_target(workspace: Folders, folder: str, stem: str, suffix: str) -> Path:
    if workspace.area_of(folder) is not FileKind.EMAIL:
        raise WorkspaceError(f"{folder}: imported emails go under emails/")
    base = safe_name(stem) or "imported"
    workspace.path(folder).mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        name = f"{base}{suffix}" if n == 1 else f"{base} ({n}){suffix}"
        target = workspace.path(f"{folder}/{name}")
        if not target.exists():
            return target
    raise WorkspaceError(f"{folder}: too many files named {base}")


def _import_eml(workspace: Folders, source: Path, data: bytes, folder: str) -> ImportResult:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage):  # pragma: no cover - policy.default guarantees it
        raise WorkspaceError(f"{source.name}: not an email message")
    notes: list[str] = []
    body_part = msg.get_body(preferencelist=("html", "plain"))
    if body_part is None:
        raise WorkspaceError(f"{source.name}: the message has no HTML or text part")
    content = body_part.get_content()
    body = content if isinstance(content, str) else content.decode("utf-8", "replace")
    if body_part.get_content_type() != "text/html":
        notes.append("the message has no HTML part; its plain text was imported")
        body = "<html><body><pre>" + html.escape(body) + "</pre></body></html>\n"
    subject = str(msg.get("subject", "") or "").strip()
    target = _import_target(workspace, folder, subject or source.stem, ".html")
    asset_dir_rel = "assets/" + _asset_folder(target.stem)
    assets: list[str] = []
    cid_map: dict[str, str] = {}
    used_names: set[str] = set()
    for part in msg.walk():
        if part.is_multipart() or part is body_part:
            continue
        ctype = part.get_content_type()
        if not ctype.startswith("image/"):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        cid = str(part.get("content-id", "") or "").strip().strip("<>")
        name = safe_name(part.get_filename() or "") or (
            safe_name(cid.split("@", 1)[0]) or "image")
        if "." not in name:
            name += mimetypes.guess_extension(ctype) or ".bin"
        name = _unique(name, used_names)
        asset_path = workspace.path(f"{asset_dir_rel}/{name}")
        asset_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(asset_path, payload)
        assets.append(workspace.rel(asset_path))
        if cid:
            cid_map[cid] = os.path.relpath(asset_path, target.parent).replace(os.sep, "/")

    def swap(m: re.Match[str]) -> str:
        ref = m.group(2)
        new = cid_map.get(ref)
        if new is None:
            notes.append(f"cid:{ref} has no matching image in the message")
            return m.group(0)
        return m.group(1) + new

    if cid_map or "cid:" in body:
        body = re.sub(r"""(["'(\s=])cid:([^"')\s>]+)""", swap, body)
    envelope = Envelope(subject=subject, from_=str(msg.get("from", "") or ""),
                        reply_to=str(msg.get("reply-to", "") or ""))
    write_atomic(target, set_front_matter(body, envelope))
    return ImportResult(workspace.rel(target), assets, notes)


def _asset_folder(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or f"imported-{int(time.time())}"


def _unique(name: str, used: set[str]) -> str:
    base, dot, ext = name.rpartition(".")
    if not dot:
        base, ext = name, ""
    candidate = name
    n = 2
    while candidate.lower() in used:
        candidate = f"{base}-{n}.{ext}" if ext else f"{base}-{n}"
        n += 1
    used.add(candidate.lower())
    return candidate
