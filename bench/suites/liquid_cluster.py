"""``proof --cluster`` against the local process pool, in the same run (issue 15, goal 4).

A Dask ``LocalCluster`` of 2 worker processes on this machine (the same cores
the local pool uses, so the ratio measures the cluster path's overhead, not a
bigger machine) proofs the demo marketing email for 1,000,000 generated
profiles; the reference is the local pool with 2 processes on the same file.
Reported: seconds, profiles/s, and ``ratio_to_local``; both reports are checked
identical. On a real cluster the time divides by the number of worker cores.

    python bench/run.py --suite liquid_cluster          # 1M profiles
    MAILWRIGHT_BENCH_PROFILES=100000 python bench/run.py --suite liquid_cluster
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from pathlib import Path

from bench.run import DEMO, DEMO_EMAIL, Result
from bench.suites.liquid import profile  # the demo-shaped profiles of the proof bench
from compiler import load_project
from compiler.liquid.cluster import run_proof_on_cluster
from compiler.liquid.localization import group_translations
from compiler.liquid.proof import run_proof

PROFILES = int(os.environ.get("MAILWRIGHT_BENCH_PROFILES", "1000000"))


def _write(path: Path, n: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(profile(i, rng)) + "\n")


def benches(runs: int) -> list[Result]:
    from distributed import LocalCluster

    project = load_project(DEMO)
    emails = group_translations([DEMO_EMAIL])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "people.jsonl"
        _write(data, PROFILES)
        t0 = time.perf_counter()
        local = run_proof(emails, data, project=project, jobs=2)
        local_s = time.perf_counter() - t0
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            t0 = time.perf_counter()
            remote = run_proof_on_cluster(
                emails, str(data), project=project, address=cluster.scheduler_address
            )
            cluster_s = time.perf_counter() - t0
    same = json.dumps(local.to_json()) == json.dumps(remote.to_json())
    name = f"liquid:cluster:{PROFILES // 1000}k"
    return [
        Result(
            f"{name}:local-pool", local_s * 1000, 1, {"profiles_per_s": round(PROFILES / local_s)}
        ),
        Result(
            name,
            cluster_s * 1000,
            1,
            {
                "profiles_per_s": round(PROFILES / cluster_s),
                "ratio_to_local": round(cluster_s / local_s, 2),
                "identical_report": same,
            },
        ),
    ]
