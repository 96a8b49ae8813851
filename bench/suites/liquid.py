"""Liquid rendering and proofs on the demo marketing email.

* ``liquid:render:demo`` — render the compiled demo email (body, text part,
  envelope) for one profile after the first parse. Target: ≤ 0.2 ms.
* ``liquid:proof:10k`` / ``liquid:proof:100k`` — ``run_proof`` over generated
  clean JSONL profiles (the shape of the demo's ``data/people.jsonl``) on two
  worker processes. Target: 100,000 in ≤ 30 s with memory flat as the input
  grows. Each proof runs in a fresh Python process so that process's peak RSS
  (``parent_peak_rss_mb``, the proof's main process) and the largest worker's
  (``worker_peak_rss_mb``) belong to that input size alone.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import DEMO, DEMO_EMAIL, ROOT, Bench, Result
from compiler import compile_file, load_project
from compiler.liquid import Renderer

EMAIL = DEMO_EMAIL

NAMES = ["Maya", "Jonas", "Aiko", "Luis", "Priya", "Tom", "Ines", "Kofi"]
PRODUCTS = [
    ("Ridge rain shell", "189.00"),
    ("Scree mid boot", "229.00"),
    ("Trail flask", "34.00"),
    ("Merino beanie", "29.00"),
    ("Carbon poles", "119.00"),
]


def profile(i: int, rng: random.Random) -> dict[str, object]:
    """A clean profile shaped like the demo's data/people.jsonl."""
    customer: dict[str, object] = {
        "id": f"cus_{100 + i}",
        "email": f"person{i}@example.com",
        "member": rng.random() < 0.4,
        "language": rng.choice(["en", "en", "en", "fr"]),
    }
    if rng.random() < 0.8:
        customer["first_name"] = rng.choice(NAMES)
    items = []
    for name, price in rng.sample(PRODUCTS, rng.randint(1, 3)):
        items.append({"name": name, "quantity": rng.randint(1, 2), "price": price})
    total = sum(float(str(it["price"])) * int(str(it["quantity"])) for it in items)
    return {
        "id": f"p{i}",
        "customer": customer,
        "message_data": {"order_id": f"FW-{10500 + i}", "items": items, "total": f"{total:.2f}"},
    }


def write_profiles(path: Path, n: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(profile(i, rng)) + "\n")


# Runs in a fresh interpreter: one proof, then its own and its workers' peak RSS.
PROOF_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from compiler import load_project
from compiler.liquid.localization import group_translations
from compiler.liquid.proof import run_proof
demo, email, data = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
project = load_project(demo)
t0 = time.perf_counter()
report = run_proof(group_translations([email]), data, project=project, jobs=2)
seconds = time.perf_counter() - t0
e = report.emails[0]
print(json.dumps({"seconds": seconds, "profiles": e.profiles, "failed": e.failed,
    "parent_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "workers_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def proof_result(name: str, n: int, folder: Path) -> Result:
    data = folder / f"profiles-{n}.jsonl"
    write_profiles(data, n)
    done = subprocess.run(
        [sys.executable, "-c", PROOF_CHILD, str(ROOT), str(DEMO), str(EMAIL), str(data)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    data.unlink()
    if done.returncode != 0:
        return Result(name, float("nan"), 0, {"error": done.stderr.strip()[-300:]})
    got = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = float(got["seconds"])
    return Result(
        name,
        seconds * 1000,
        1,
        {
            "profiles": got["profiles"],
            "failed": got["failed"],
            "profiles_per_s": round(n / seconds),
            "parent_peak_rss_mb": round(got["parent_kb"] / 1024, 1),
            "worker_peak_rss_mb": round(got["workers_kb"] / 1024, 1),
        },
    )


def benches(runs: int) -> list[Bench | Result]:
    project = load_project(DEMO)
    result = compile_file(EMAIL, project=project)
    renderer = Renderer(project)
    person = profile(1, random.Random(1))
    renderer.render(result, person)  # first parse
    out: list[Bench | Result] = [
        Bench("liquid:render:demo", lambda: renderer.render(result, person), runs=max(runs, 500)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out.append(proof_result("liquid:proof:10k", 10_000, Path(tmp)))
        out.append(proof_result("liquid:proof:100k", 100_000, Path(tmp)))
    return out
