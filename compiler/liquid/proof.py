"""Proofs: render every email for every profile of a data file and report what failed.

The data file is one profile (``.json`` holding an object), a list of
profiles (``.json`` holding an array), or one profile per line (``.jsonl``,
streamed: memory stays flat however long the file). Emails are compiled once;
profiles are rendered in a process pool, in chunks of lines. For each email
the report says how many profiles rendered, which failed and why (grouped by
error, with a few example profile ids) and which ``if``/``unless``/``case``
branches no profile reached.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.liquid.data import profile_from_line, profile_id
from compiler.liquid.environment import LiquidSettings
from compiler.liquid.localization import (
    LocalizationSettings,
    LocalizedEmail,
    choose,
    profile_language,
)
from compiler.liquid.render import Renderer
from compiler.liquid.snippets import SnippetSet, load_snippets
from compiler.pipeline import compile_file
from compiler.project import Project
from compiler.result import CompileResult, Envelope
from compiler.root import SETTINGS_FILE
from styles.atomic import write_atomic

MAX_EXAMPLES = 5
CHUNK_LINES = 400
# One profile line (JSONL) or a whole .json data file at most: beyond, the data is
# refused with its line instead of being read into memory.
MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_JSON_FILE_BYTES = 256 * 1024 * 1024


class ProofInputError(Exception):
    """The proof cannot run: ``str()`` says what to fix."""


@dataclass
class ErrorGroup:
    message: str
    rule: str
    file: str
    line: int
    column: int
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def to_json(self, source: str = "") -> dict[str, object]:
        """The issue's shape exactly; an error in a translation names its file in the
        message (its line and column are in that file, not in ``source``)."""
        message = self.message
        if self.file and source and self.file != source:
            message = f"{message} (in {self.file})"
        return {
            "message": message,
            "count": self.count,
            "line": self.line,
            "column": self.column,
            "examples": self.examples,
        }


@dataclass(frozen=True)
class UnreachedBranch:
    file: str
    line: int
    column: int
    condition: str

    def to_json(self, source: str = "") -> dict[str, object]:
        """The issue's shape exactly; a branch of a translation names its file."""
        condition = self.condition
        if self.file and source and self.file != source:
            condition = f"{condition} (in {self.file})"
        return {"line": self.line, "column": self.column, "condition": condition}


@dataclass
class EmailProof:
    source: str
    profiles: int = 0
    rendered: int = 0
    failed: int = 0
    errors: list[ErrorGroup] = field(default_factory=list)
    unreached_branches: list[UnreachedBranch] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "profiles": self.profiles,
            "rendered": self.rendered,
            "failed": self.failed,
            "errors": [e.to_json(self.source) for e in self.errors],
            "unreached_branches": [b.to_json(self.source) for b in self.unreached_branches],
        }


@dataclass
class ProofReport:
    emails: list[EmailProof]

    @property
    def failed(self) -> bool:
        return any(e.failed for e in self.emails)

    def to_json(self) -> dict[str, object]:
        return {"emails": [e.to_json() for e in self.emails]}


# --- what a worker needs -----------------------------------------------------------------


@dataclass
class Part:
    """One compiled file (a default message or a translation), ready to render."""

    file: str
    source: str
    html: str
    text: str
    envelope: Envelope

    def result(self) -> CompileResult:
        return CompileResult(
            file=self.file,
            source=self.source,
            html=self.html,
            text=self.text,
            envelope=self.envelope,
        )


@dataclass
class ProofEmail:
    name: str  # how reports name the email (the default message, workspace-relative)
    out_name: str  # folder name under --out
    default: Part
    variants: dict[str, Part] = field(default_factory=dict)


@dataclass
class ProofJob:
    emails: list[ProofEmail]
    settings: dict[str, Any]
    snippets: SnippetSet
    localization: LocalizationSettings
    out_dir: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # file -> workspace-relative name


@dataclass
class Tally:
    rendered: int = 0
    failed: int = 0
    # (file, line, column, message, rule) -> [count, [(data line, profile id), …]]
    errors: dict[tuple[str, int, int, str, str], list[Any]] = field(default_factory=dict)
    hits: dict[str, dict[str, set[int]]] = field(default_factory=dict)


@dataclass
class ChunkResult:
    profiles: int = 0
    tallies: list[Tally] = field(default_factory=list)
    bad_line: tuple[int, str] | None = None
    write_error: str | None = None


class Worker:
    """Renders chunks of profile lines for every email of a job."""

    def __init__(self, job: ProofJob) -> None:
        self.job = job
        self.renderer = Renderer(Project(settings=job.settings), snippets=job.snippets)
        self.results: dict[str, CompileResult] = {}
        self.hits: dict[str, dict[str, set[int]]] = {}
        self.tracked: dict[str, Any] = {}
        self.owner: dict[str, int] = {}
        for i, email in enumerate(job.emails):
            for part in (email.default, *email.variants.values()):
                self.owner[part.file] = i
                result = part.result()
                self.results[part.file] = result
                hits = self.hits.setdefault(part.file, {})
                self.tracked[part.file] = self.renderer.tracked_templates(result, hits)

    def run(self, first_line: int, lines: list[str]) -> ChunkResult:
        out = ChunkResult(tallies=[Tally() for _ in self.job.emails])
        for n, line in enumerate(lines, start=first_line):
            if not line.strip():
                continue
            try:
                profile = profile_from_line(line)
            except ValueError as exc:
                out.bad_line = (n, str(exc))
                break
            try:
                self.profile(profile, n, out)
            except OSError as exc:
                out.write_error = f"cannot write rendered message: {exc}"
                break
        for file, parts in self.hits.items():
            dest = out.tallies[self.owner[file]].hits.setdefault(file, {})
            for part, ids in parts.items():
                dest.setdefault(part, set()).update(ids)
                ids.clear()
        return out

    def profile(self, profile: dict[str, Any], line: int, out: ChunkResult) -> None:
        out.profiles += 1
        pid = profile_id(profile, f"line {line}")
        loc = self.job.localization
        lang = (
            profile_language(profile, loc.attribute)
            if any(e.variants for e in self.job.emails)
            else None
        )
        for i, email in enumerate(self.job.emails):
            code = choose(email.variants, lang, loc.default) if email.variants else None
            part = email.variants[code] if code is not None else email.default
            rendered = self.renderer.render(
                self.results[part.file], profile, tracked=self.tracked[part.file]
            )
            tally = out.tallies[i]
            errors = [issue for issue in rendered.issues if issue.is_error]
            if errors:
                tally.failed += 1
                for issue in errors:
                    key = (issue.file, issue.line, issue.column, issue.message, issue.rule)
                    group = tally.errors.get(key)
                    if group is None:
                        group = tally.errors[key] = [0, []]
                    group[0] += 1
                    if len(group[1]) < MAX_EXAMPLES and all(p != pid for _, p in group[1]):
                        group[1].append((line, pid))
                continue
            tally.rendered += 1
            if self.job.out_dir:
                write_rendered(Path(self.job.out_dir) / email.out_name, pid, rendered)


_UNSAFE = re.compile(r"[^a-z0-9._@-]+")
MAX_NAME = 80


def file_name(pid: str) -> str:
    """A file name for profile ``pid``: safe (no separators, no leading dot, lower case
    ASCII), bounded (at most 91 characters) and unique. An id that is already such a name
    is kept as it is; any other gets ``~`` and a hash of the whole id, a character a kept
    name never holds, so ``a/b`` and ``a_b`` (or ``A`` and ``a`` on a case-insensitive
    disk) never share a file."""
    name = _UNSAFE.sub("_", pid.lower()).strip("._-")[:MAX_NAME] or "profile"
    if name == pid:
        return name
    digest = hashlib.sha256(pid.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{name}~{digest}"


def write_rendered(folder: Path, pid: str, rendered: Any) -> None:
    """Write one rendered message as NAME.html, NAME.txt and NAME.json (the envelope,
    with ``profile_id``: the id itself, whatever the file name became)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = file_name(pid)
    # each file whole or not at all; no fsync: a proof is made again on demand and
    # writes three files per profile
    write_atomic(folder / f"{name}.html", rendered.html, durable=False)
    write_atomic(folder / f"{name}.txt", rendered.text, durable=False)
    write_atomic(
        folder / f"{name}.json",
        json.dumps({"profile_id": pid, **rendered.envelope_json()}, ensure_ascii=False, indent=2),
        durable=False,
    )


# Worker processes keep their Worker here (process state of a pool worker only).
_WORKER: list[Worker] = []


def _init_worker(job: ProofJob) -> None:
    _WORKER[:] = [Worker(job)]


def _run_chunk(first_line: int, lines: list[str]) -> ChunkResult:
    return _WORKER[0].run(first_line, lines)


# --- main process ------------------------------------------------------------------------


def prepare_job(
    emails: list[LocalizedEmail], project: Project, out_dir: Path | None = None
) -> ProofJob:
    """Compile every email and translation once. Raises ProofInputError if one is unreadable."""
    items: list[ProofEmail] = []
    for group in emails:
        parts: dict[str | None, Part] = {}
        for code, path in [(None, group.default), *sorted(group.variants.items())]:
            result = compile_file(path, project=project)
            fatal = [i for i in result.issues if i.rule.startswith("input/")]
            if fatal:
                raise ProofInputError(f"{path}: {fatal[0].message}")
            parts[code] = Part(
                result.file, result.source, result.html, result.text, result.envelope
            )
        name = project.relative(group.default)
        out_name = re.sub(r"\.[^./]+$", "", name.removeprefix("emails/"))
        default = parts.pop(None)
        items.append(
            ProofEmail(name, out_name, default, {k: v for k, v in parts.items() if k is not None})
        )
    names = {
        part.file: project.relative(Path(part.file))
        for item in items
        for part in (item.default, *item.variants.values())
    }
    return ProofJob(
        items,
        dict(project.settings),
        load_snippets(project.path("snippets")),
        LocalizationSettings.from_settings(project.settings),
        str(out_dir) if out_dir else None,
        names,
    )


def open_data(data: Path) -> Any:
    """Open a data file for reading text. Raises ProofInputError saying what to fix."""
    try:
        info = data.stat()
    except FileNotFoundError:
        raise ProofInputError(f"{data}: data file not found") from None
    except OSError as exc:
        raise ProofInputError(f"{data}: cannot read data file: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ProofInputError(
            f"{data}: not a regular file (a folder, device or pipe); give a .json or .jsonl file"
        )
    try:
        # Lines end at "\n" only (as a cluster's partitions split them).
        return data.open("r", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ProofInputError(f"{data}: cannot read data file: {exc.strerror}") from None


def read_chunks(data: Path, chunk_lines: int = CHUNK_LINES) -> Iterator[tuple[int, list[str], int]]:
    """(first line number, lines, bytes read so far) for a data file."""
    handle = open_data(data)
    with handle:
        if data.suffix.lower() == ".json":
            yield from _json_chunks(data, handle, chunk_lines)
            return
        first = 1
        batch: list[str] = []
        read = 0
        try:
            while True:
                line = handle.readline(MAX_LINE_BYTES + 1)
                if not line:
                    break
                if len(line) > MAX_LINE_BYTES and not line.endswith("\n"):
                    raise ProofInputError(
                        f"{data}:{first + len(batch)}: the line is longer than "
                        f"{MAX_LINE_BYTES // (1024 * 1024)} MB; one profile per line"
                    )
                batch.append(line)
                read += len(line)
                if len(batch) >= chunk_lines:
                    yield first, batch, read
                    first += len(batch)
                    batch = []
        except UnicodeDecodeError:
            raise ProofInputError(
                f"{data}:{first + len(batch)}: the line is not UTF-8 text"
            ) from None
        if batch:
            yield first, batch, read


def _json_chunks(data: Path, handle: Any, chunk_lines: int) -> Iterator[tuple[int, list[str], int]]:
    if data.stat().st_size > MAX_JSON_FILE_BYTES:
        raise ProofInputError(
            f"{data}: a .json data file is read whole and this one is over "
            f"{MAX_JSON_FILE_BYTES // (1024 * 1024)} MB; write one profile per line (.jsonl)"
        )
    try:
        value = json.load(handle)
    except json.JSONDecodeError as exc:
        raise ProofInputError(f"{data}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except UnicodeDecodeError:
        raise ProofInputError(f"{data}: the file is not UTF-8 text") from None
    except RecursionError:
        raise ProofInputError(f"{data}: the JSON is nested too deeply") from None
    profiles = value if isinstance(value, list) else [value]
    for i, p in enumerate(profiles):
        if not isinstance(p, dict):
            raise ProofInputError(
                f"{data}: profile {i + 1} is not a JSON object; a data file holds one "
                "profile object or an array of them"
            )
    try:
        lines = [json.dumps(p) for p in profiles]
    except RecursionError:
        raise ProofInputError(f"{data}: the JSON is nested too deeply") from None
    for i in range(0, len(lines), chunk_lines):
        yield i + 1, lines[i : i + chunk_lines], 0


Progress = Callable[[int, int, int], None]


def start_job(
    emails: list[LocalizedEmail], project: Project, out_dir: Path | None = None
) -> ProofJob:
    """Check the settings, compile every email once and create the output folder."""
    LiquidSettings.from_settings(  # a bad [liquid] limit is refused before any work
        project.settings, str(project.path(SETTINGS_FILE)) if project.root else ""
    )
    job = prepare_job(emails, project, out_dir)
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProofInputError(
                f"{out_dir}: cannot create output folder: {exc.strerror}"
            ) from None
    return job


def run_proof(
    emails: list[LocalizedEmail],
    data: Path,
    *,
    project: Project,
    jobs: int = 1,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> ProofReport:
    """Render ``emails`` for every profile in ``data``. Raises ProofInputError on bad input."""
    job = start_job(emails, project, out_dir)
    total = data.stat().st_size if data.is_file() else 0
    chunks = read_chunks(data)
    reduction = Reduction(job)
    if jobs <= 1:
        worker = Worker(job)
        for first, lines, read in chunks:
            reduction.merge(worker.run(first, lines))
            if progress:
                progress(reduction.profiles, read, total)
            if reduction.stopped:
                break
    else:
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(job,)
        ) as pool:
            pending: dict[Future[ChunkResult], int] = {}
            reads: dict[Future[ChunkResult], int] = {}
            exhausted = False
            while True:
                while not exhausted and not reduction.stopped and len(pending) < jobs * 3:
                    try:
                        first, lines, read = next(chunks)
                    except StopIteration:
                        exhausted = True
                        break
                    fut = pool.submit(_run_chunk, first, lines)
                    pending[fut] = first
                    reads[fut] = read
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    pending.pop(fut)
                    reduction.merge(fut.result())
                    if progress:
                        progress(reduction.profiles, reads.pop(fut), total)
    return reduction.report(str(data))


class Reduction:
    """Chunk results merged into one report; the same report in whatever order the
    chunks arrive (the local pool's, or a cluster's): counts add up, reached branches
    unite, and each error keeps the examples of the lowest data lines."""

    def __init__(self, job: ProofJob) -> None:
        self.job = job
        self.tallies = [Tally() for _ in job.emails]
        self.profiles = 0
        self.bad: list[tuple[int, str]] = []
        self.write_errors: list[str] = []

    @property
    def stopped(self) -> bool:
        return bool(self.bad or self.write_errors)

    def merge(self, res: ChunkResult) -> None:
        self.profiles += res.profiles
        if res.bad_line:
            self.bad.append(res.bad_line)
        if res.write_error:
            self.write_errors.append(res.write_error)
        for into, got in zip(self.tallies, res.tallies, strict=True):
            into.rendered += got.rendered
            into.failed += got.failed
            for key, (count, examples) in got.errors.items():
                have = into.errors.setdefault(key, [0, []])
                have[0] += count
                have[1] = _first_examples([*have[1], *examples])
            for file, parts in got.hits.items():
                mine = into.hits.setdefault(file, {})
                for part, ids in parts.items():
                    mine.setdefault(part, set()).update(ids)

    def report(self, data: str) -> ProofReport:
        """The report; ProofInputError for a bad data line (the first) or a failed write."""
        if self.bad:
            line, message = min(self.bad)
            raise ProofInputError(f"{data}:{line}: {message}; fix or remove this line")
        if self.write_errors:
            raise ProofInputError(sorted(self.write_errors)[0])
        return ProofReport(
            [
                _report(email, tally, self.profiles, self.job)
                for email, tally in zip(self.job.emails, self.tallies, strict=True)
            ]
        )


def _first_examples(examples: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The profiles of the lowest lines, each once, at most :data:`MAX_EXAMPLES`."""
    first: dict[str, int] = {}
    for line, pid in examples:
        if pid not in first or line < first[pid]:
            first[pid] = line
    return sorted((line, pid) for pid, line in first.items())[:MAX_EXAMPLES]


def _report(email: ProofEmail, tally: Tally, profiles: int, job: ProofJob) -> EmailProof:
    out = EmailProof(email.name, profiles, tally.rendered, tally.failed)
    for (file, line, col, message, rule), (count, examples) in sorted(
        tally.errors.items(), key=lambda kv: (-kv[1][0], kv[0])
    ):
        out.errors.append(
            ErrorGroup(
                message,
                rule,
                job.names.get(file, file),
                line,
                col,
                count,
                [pid for _, pid in examples],
            )
        )
    renderer = Renderer(Project(settings=job.settings), snippets=job.snippets)
    for part in (email.default, *(email.variants[k] for k in sorted(email.variants))):
        for b in unreached(renderer, part, tally.hits.get(part.file, {})):
            out.unreached_branches.append(
                UnreachedBranch(job.names.get(b.file, b.file), b.line, b.column, b.condition)
            )
    return out


def unreached(
    renderer: Renderer, part: Part, hits: Mapping[str, set[int]]
) -> list[UnreachedBranch]:
    """Branches of ``part`` that no render reached, by source position."""
    env = part.envelope
    reached: dict[tuple[int, int], bool] = {}
    conditions: dict[tuple[int, int], str] = {}
    for name, text in (
        ("body", part.html),
        ("text", part.text),
        ("subject", env.subject),
        ("preheader", env.preheader),
    ):
        if not text:
            continue
        prepared = renderer.cache.get(text)
        if not prepared.branches:
            continue
        locator = renderer.locator(text, part.source or None)
        got = hits.get(name, set())
        for branch in prepared.branches:
            where = locator.line_col(branch.offset)
            if where == (0, 0):
                where = (0, -1 - branch.offset)
            reached[where] = reached.get(where, False) or branch.id in got
            conditions.setdefault(where, branch.condition)
    return [
        UnreachedBranch(part.file, line, max(col, 0), conditions[(line, col)])
        for (line, col), hit in sorted(reached.items())
        if not hit
    ]


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )
