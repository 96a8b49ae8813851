"""Proofs on an existing Dask distributed cluster (``mailwright proof --cluster ADDRESS``).

The emails are compiled once, here. The JSONL data is read by the cluster's
workers in partitions of about ``partition_bytes`` (whole lines; a local path,
or any fsspec URL the workers can read: ``s3://…``, ``gs://…``, ``file://…``).
Each partition is rendered by the same :class:`~compiler.liquid.proof.Worker`
the local process pool uses, and the results are merged by the same
:class:`~compiler.liquid.proof.Reduction`, so the report is identical, byte for
byte, to a local run on the same data.

Two passes over the data: the first counts each partition's lines (so every
profile keeps its line number, which names a profile without an id and
locates a bad line); the second renders.

Needs the ``cluster`` extra (``dask`` and ``distributed``) here and on the
workers, with Mailwright installed on the workers too.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from compiler.liquid.localization import LocalizedEmail
from compiler.liquid.proof import (
    MAX_LINE_BYTES,
    ChunkResult,
    ProofInputError,
    ProofJob,
    ProofReport,
    Reduction,
    Worker,
    open_data,
    start_job,
)
from compiler.project import Project

PARTITION_BYTES = 32_000_000
CONNECT_SECONDS = 30

# On a cluster worker: one Worker per proof job (the job is sent to each worker once).
_WORKERS: dict[str, Worker] = {}


def count_lines(block: bytes) -> int:
    """Lines in a partition (a last line without its newline counts)."""
    return block.count(b"\n") + (1 if block and not block.endswith(b"\n") else 0)


def render_partition(job: ProofJob, key: str, first_line: int, block: bytes) -> ChunkResult:
    """Render one partition (runs on a cluster worker)."""
    worker = _WORKERS.get(key)
    if worker is None:
        _WORKERS.clear()  # a worker serves one proof at a time
        worker = _WORKERS[key] = Worker(job)
    raw = block.split(b"\n")
    if block.endswith(b"\n"):
        raw.pop()
    lines: list[str] = []
    for n, line in enumerate(raw, start=first_line):
        bad = None
        if len(line) > MAX_LINE_BYTES:
            bad = f"the line is longer than {MAX_LINE_BYTES // (1024 * 1024)} MB"
        else:
            try:
                lines.append(line.decode("utf-8") + "\n")
            except UnicodeDecodeError:
                bad = "the line is not UTF-8 text"
        if bad is not None:
            out = worker.run(first_line, lines)
            out.bad_line = out.bad_line or (n, bad)
            return out
    return worker.run(first_line, lines)


def run_proof_on_cluster(
    emails: list[LocalizedEmail],
    data: str,
    *,
    project: Project,
    address: str,
    out_dir: Path | None = None,
    partition_bytes: int = PARTITION_BYTES,
) -> ProofReport:
    """Render ``emails`` for every profile of the JSONL ``data`` on the Dask cluster at
    ``address``. Raises ProofInputError for bad input or a cluster it cannot use."""
    try:
        from dask.base import compute
        from dask.bytes.core import read_bytes
        from dask.delayed import delayed
        from distributed import Client
    except ImportError:
        raise ProofInputError(
            "--cluster needs Dask: pip install 'mailwright[cluster]' (dask and distributed), "
            "here and on the cluster's workers"
        ) from None
    run: Any = compute  # dask is untyped
    later: Any = delayed
    read: Any = read_bytes
    connect: Any = Client
    local = "://" not in data
    if local:
        open_data(Path(data)).close()  # exists, a regular file, readable
        data = str(Path(data).resolve())
    if data.lower().endswith(".json"):
        raise ProofInputError(
            f"{data}: --cluster reads one profile per line (.jsonl); a .json data file is "
            "read whole: run it without --cluster"
        )
    job = start_job(emails, project, out_dir)
    try:
        _, files = read(data, delimiter=b"\n", blocksize=partition_bytes, sample=False)
    except (OSError, ValueError) as exc:
        raise ProofInputError(f"{data}: cannot read data: {exc}") from None
    if len(files) != 1:
        raise ProofInputError(f"{data}: names {len(files)} files; give one JSONL file")
    blocks = files[0]
    try:
        client: Any = connect(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ProofInputError(f"cannot connect to the Dask scheduler at {address}: {exc}") from None
    reduction = Reduction(job)
    with client:
        counts: list[int] = list(
            run(*[later(count_lines)(b) for b in blocks], scheduler=client.get)
        )
        firsts = [1]
        for n in counts[:-1]:
            firsts.append(firsts[-1] + n)
        shared: Any = client.scatter(job, broadcast=True)
        key = uuid.uuid4().hex
        parts = [
            later(render_partition)(shared, key, first, block)
            for first, block in zip(firsts, blocks, strict=True)
        ]
        for result in run(*parts, scheduler=client.get):
            reduction.merge(result)
    return reduction.report(data)
