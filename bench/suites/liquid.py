"""Liquid rendering and proofs on the demo marketing email.

* ``liquid:render:demo`` — render the compiled demo email (body, text part,
  envelope) for one profile after the first parse. Target: ≤ 0.2 ms.
* ``liquid:proof:10k`` / ``liquid:proof:100k`` — ``run_proof`` over generated
  JSONL profiles on two worker processes. Target: 100,000 in ≤ 30 s.
  ``main_peak_mb`` is the main process's traced peak, which must stay flat
  as the input grows (profiles are streamed in chunks).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.run import Bench, Result
from compiler import compile_file, load_project
from compiler.liquid import Renderer
from compiler.liquid.localization import group_translations
from compiler.liquid.proof import run_proof

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
EMAIL = DEMO / "emails" / "marketing" / "spring-collection.html"


def profile(i: int, rng: random.Random) -> dict[str, object]:
    customer: dict[str, object] = {"id": i, "email": f"p{i}@example.com",
                                   "member": rng.random() < 0.3}
    if rng.random() < 0.9:
        customer["first_name"] = rng.choice(["Alex", "Blair", "Chris", "Dana", "Eli"])
    return {"id": f"p{i}", "customer": customer}


def write_profiles(path: Path, n: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(profile(i, rng)) + "\n")


def proof_result(name: str, n: int, folder: Path) -> Result:
    project = load_project(DEMO)
    data = folder / f"profiles-{n}.jsonl"
    write_profiles(data, n)
    tracemalloc.start()
    t0 = time.perf_counter()
    report = run_proof(group_translations([EMAIL]), data, project=project, jobs=2)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    email = report.emails[0]
    return Result(name, seconds * 1000, 1, {
        "profiles": email.profiles, "failed": email.failed,
        "profiles_per_s": round(n / seconds), "main_peak_mb": round(peak / 1e6, 2)})


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
