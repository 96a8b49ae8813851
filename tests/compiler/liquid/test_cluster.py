"""``proof --cluster``: a real Dask LocalCluster of 2 worker processes renders the same
report, byte for byte, as the local run on the same input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.cli import main

distributed = pytest.importorskip(
    "distributed", reason="dask distributed is not installed (pip install 'mailwright[cluster]')"
)

EMAIL = """---
subject: Hi {{ customer.first_name | default: "there" }}
---
<html><body><p>Hello {{ customer.first_name }}</p>
{% if customer.vip %}<p>VIP</p>{% elsif customer.new %}<p>New</p>{% else %}<p>Hi</p>{% endif %}
{% case customer.plan %}{% when "pro" %}Pro{% when "team" %}Team{% endcase %}
</body></html>
"""


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text('name = "t"\n', encoding="utf-8")
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hello.html").write_text(EMAIL, encoding="utf-8")
    return tmp_path


def profiles(n: int) -> str:
    lines = []
    for i in range(n):
        customer: dict[str, object] = {"plan": ["pro", "free"][i % 2]}
        if i % 7:
            customer["first_name"] = f"N{i}"
        if i % 11 == 0:
            customer["new"] = True
        profile: dict[str, object] = {"customer": customer}
        if i % 13:
            profile["id"] = f"p{i}"  # the others are named by their line
        lines.append(json.dumps(profile))
    return "\n".join(lines) + "\n"


def proof(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["proof", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_the_cluster_report_is_the_local_report(
    cluster: str, workspace: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workspace / "people.jsonl"
    data.write_text(profiles(300), encoding="utf-8")
    local = proof(capsys, str(workspace), "--data", str(data), "--jobs", "1", "--format", fmt)
    pool = proof(capsys, str(workspace), "--data", str(data), "--jobs", "2", "--format", fmt)
    # ~30 partitions of ~10 profiles: examples and branches come from many of them.
    remote = proof(
        capsys,
        str(workspace),
        "--data",
        str(data),
        "--format",
        fmt,
        "--cluster",
        cluster,
        "--partition-size",
        "400",
    )
    assert local[0] == 1 and local[2] == ""
    assert remote == local
    assert pool == local
    if fmt == "json":
        (email,) = json.loads(local[1])["emails"]
        assert email["profiles"] == 300 and email["failed"] == 43
        assert "line 1" in email["errors"][0]["examples"]
        assert email["unreached_branches"][-1]["condition"].startswith('when "team"')


def test_an_fsspec_url_and_out_on_the_cluster(
    cluster: str, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workspace / "people.jsonl"
    data.write_text(profiles(20), encoding="utf-8")
    out = tmp_path / "rendered"
    code, text, err = proof(
        capsys,
        str(workspace),
        "--data",
        data.resolve().as_uri(),
        "--cluster",
        cluster,
        "--out",
        str(out),
    )
    assert (code, err) == (1, "")
    assert "20 profiles, 17 rendered, 3 failed" in text
    assert "Hello N1<" in (out / "hello" / "p1.html").read_text(encoding="utf-8")


def test_a_bad_line_is_refused_as_locally(
    cluster: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workspace / "people.jsonl"
    data.write_text(profiles(40) + '{"id": "x",\n' + profiles(5), encoding="utf-8")
    local = proof(capsys, str(workspace), "--data", str(data), "--jobs", "1")
    remote = proof(
        capsys, str(workspace), "--data", str(data), "--cluster", cluster, "--partition-size", "300"
    )
    assert local[0] == 2 and "people.jsonl:41: invalid JSON" in local[2]
    assert remote == local


def test_unusable_cluster_input_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workspace / "people.json"
    data.write_text("[]", encoding="utf-8")
    code, _, err = proof(
        capsys, str(workspace), "--data", str(data), "--cluster", "tcp://127.0.0.1:9"
    )
    assert code == 2 and "one profile per line (.jsonl)" in err
    code, _, err = proof(
        capsys,
        str(workspace),
        "--data",
        str(workspace / "none.jsonl"),
        "--cluster",
        "tcp://127.0.0.1:9",
    )
    assert code == 2 and "data file not found" in err
    code, _, err = proof(capsys, str(workspace), "--data", str(data), "--partition-size", "9")
    assert code == 2 and "--partition-size goes with --cluster" in err
